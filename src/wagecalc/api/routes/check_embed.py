"""GET /embed/check: a checked figure as a page another site may frame; GET /v1/check/card.png.

Same parameters, validation, caching and language as GET /v1/check (the answer is
:func:`~wagecalc.api.routes.check.check_answer`'s), plus ``theme`` as on the other
embed pages. The page is framable under the embed pages' CSP (``/embed/check`` is
one of :data:`~wagecalc.api.routes.embed.EMBED_PAGES`), its errors are pages a
frame can show, and a shared link shows the PNG card (``og:image``).
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, MediaType, Request, Response

from wagecalc.api.check_page import check_card_svg, check_page, check_page_title
from wagecalc.api.encoding import SKIP_COMPRESSION
from wagecalc.api.html import lang_tag
from wagecalc.api.params import Params, app_state, compute, query_dependency
from wagecalc.api.routes import NEGOTIATED, get, get_responses
from wagecalc.api.routes.check import CheckQuery, check_answer
from wagecalc.api.routes.embed import (
    PAGE_RESPONSES,
    ThemeParam,
    card_url,
    page_links,
    theme_attribute,
)
from wagecalc.api.social import social_tags
from wagecalc.claim_sentences import verdict_sentences
from wagecalc.raster import render_png

__all__ = ["CheckCardController", "CheckEmbedController"]

PNG = "image/png"


class CheckEmbedController(Controller):
    path = "/embed"
    tags = ["embed"]

    @get(
        "/check",
        summary="A reported figure checked, as an HTML page to frame",
        description=(
            "The answer of GET /v1/check (same parameters) as a complete page, readable "
            "without JavaScript: the verdict as the headline, the rate of the date and the "
            "window's highest, lowest and closest with their dates and the source, the "
            "window, and when a rate gave the figure. Only /embed/* pages may be framed."
        ),
        media_type=MediaType.HTML,
        responses=PAGE_RESPONSES,
        response_headers=NEGOTIATED,
        dependencies=query_dependency(CheckQuery),
    )
    async def check(
        self,
        request: Request[Any, Any, Any],
        params: Params[CheckQuery],
        theme: ThemeParam = "light",
    ) -> Response[str]:
        chosen = theme_attribute(theme)
        state = app_state(request)
        result, used_locale, headers = await compute(state, check_answer, state, params)
        data_url, oembed = page_links(request, "/v1/check")
        attributes: dict[str, str | bool | None] = {
            "amount": params.amount,
            "from": params.from_,
            "reported": params.reported,
            "to": params.to,
            "date": params.date,
            "window": None if params.window == "31d" else params.window,
            "precision": params.precision,
            "basis": None if params.basis == "spot" else params.basis,
            "locale": lang_tag(used_locale),
            "theme": chosen,
        }
        meta = social_tags(
            title=check_page_title(result, used_locale),
            description=verdict_sentences(result, used_locale.replace("-", "_"))[0],
            image=card_url(request),
        )
        page = check_page(
            result, used_locale, attributes, data_url=data_url, oembed=oembed, meta=meta
        )
        return Response(page, media_type=MediaType.HTML, headers=headers)


class CheckCardController(Controller):
    path = "/v1/check"
    tags = ["conversion"]

    @get(
        "/card.png",
        summary="A checked figure as a share card (PNG)",
        description=(
            "GET /v1/check/card.svg drawn as a 1200×630 PNG with the service's own fonts "
            "(what social networks show for og:image). Same parameters as GET /v1/check."
        ),
        media_type=PNG,
        responses=get_responses(),
        response_description="A 1200×630 PNG: the SVG card drawn with the service's fonts.",
        response_headers=NEGOTIATED,
        dependencies=query_dependency(CheckQuery),
        opt={SKIP_COMPRESSION: True},  # a PNG is compressed already
    )
    async def card_png(
        self, request: Request[Any, Any, Any], params: Params[CheckQuery]
    ) -> Response[bytes]:
        state = app_state(request)
        result, used_locale, headers = await compute(state, check_answer, state, params)
        # Drawn on the loop, as the other PNG cards (routes/cards.py says why).
        png = render_png(check_card_svg(result, used_locale))
        return Response(png, media_type=PNG, headers=headers)
