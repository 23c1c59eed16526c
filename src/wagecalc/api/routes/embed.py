"""GET /embed/equivalents and /embed/compare: the answers as pages another site may frame.

Same parameters, validation, caching and language negotiation as the JSON
endpoints (the answer is computed by the same functions); the page is built by
:mod:`wagecalc.api.html`. These two pages are the only ones that may be framed:
:func:`embed_csp` gives them their own CSP (``frame-ancestors`` from
``WAGECALC_EMBED_ANCESTORS``, scripts and styles only from this origin) and
drops ``X-Frame-Options``. Their errors keep their status but are HTML pages a
frame can show, under the same policy (:mod:`wagecalc.api.embed_errors`).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Annotated, Any

from litestar import Controller, MediaType, Request, Response
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import QueryParameter

from wagecalc.api.encoding import SKIP_COMPRESSION, encoded, precompressed
from wagecalc.api.html import (
    EMBED_CSS_DIGEST,
    compare_page,
    equivalents_page,
    headline,
    lang_tag,
    not_in_force_lines,
    oembed_href,
    page_title,
)
from wagecalc.api.params import Params, app_state, compute, query_dependency
from wagecalc.api.problems import InvalidRequestError
from wagecalc.api.routes import CACHED, NEGOTIATED, get, get_responses
from wagecalc.api.routes.comparison import CompareQuery, compare_two_answer
from wagecalc.api.routes.equivalents import EquivalentsQuery, equivalents_answer
from wagecalc.api.social import CARD_PATHS, social_tags
from wagecalc.errors import InputError
from wagecalc.views import ComparisonView, EquivalentsView

__all__ = ["EMBED_CSP", "EMBED_PAGES", "EmbedController", "base_url", "embed_csp"]

EMBED_PAGES = frozenset({"/embed/equivalents", "/embed/compare", "/embed/check"})
EMBED_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'"
)
_IMMUTABLE = "public, max-age=31536000, immutable"
_AN_HOUR = "public, max-age=3600"
DigestParam = Annotated[
    str | None,
    QueryParameter(
        description="The stylesheet's content digest, as the embed pages link it.",
        max_length=16,
        pattern="^[0-9a-f]{16}$",
    ),
]
THEMES = ("light", "dark", "auto")
ThemeParam = Annotated[
    str,
    QueryParameter(
        description=(
            "The page's colours: light (the default), dark, or auto (follows the reader's "
            "prefers-color-scheme). The host page chooses, so a light article never gets a "
            "dark box."
        ),
        max_length=8,
        schema_extra={"enum": list(THEMES)},
    ),
]


def _theme(theme: str) -> str | None:
    """The element's ``theme`` attribute (None for the default), or a 422 naming the field."""
    if theme not in THEMES:
        message = f"theme {theme[:20]!r} is not one of {', '.join(THEMES)}"
        raise InvalidRequestError([InputError(message, field="theme")])
    return None if theme == "light" else theme


def _error_page(description: str) -> ResponseSpec:
    return ResponseSpec(
        data_container=str,
        description=description
        + " An HTML page in the page's language that a frame can show (the embed pages' CSP "
        "and frame-ancestors), the problem's messages in a <details> for the page's editors.",
        media_type=MediaType.HTML,
        generate_examples=False,
    )


#: The embed pages' errors: the JSON endpoint's statuses, as pages (api/embed_errors.py).
_PAGE_RESPONSES = {
    **get_responses(),
    400: _error_page("A header is given twice, or Host is malformed."),
    404: _error_page("The data has no such currency, rule or schedule, or no rate that day."),
    422: _error_page("Invalid input, as the JSON endpoint would refuse it."),
}


#: For the embed pages routed elsewhere (/embed/check, wagecalc.api.routes.check_embed).
PAGE_RESPONSES = _PAGE_RESPONSES


def theme_attribute(theme: str) -> str | None:
    """The element's ``theme`` attribute (None for the default), or a 422 naming the field."""
    return _theme(theme)


def page_links(request: Request[Any, Any, Any], api_path: str) -> tuple[str, str]:
    """The JSON answer's URL (relative) and the page's oEmbed URL (absolute)."""
    return _links(request, api_path)


def embed_csp(ancestors: tuple[str, ...]) -> bytes:
    """The embed pages' ``Content-Security-Policy``: who may frame them, and only this
    origin's scripts and styles. :mod:`wagecalc.api.edge` sets it on their answers (below
    400) in place of the API's policy, and drops ``X-Frame-Options`` there."""
    return f"{EMBED_CSP}; frame-ancestors {' '.join(ancestors)}".encode()


def base_url(request: Request[Any, Any, Any]) -> str:
    """The origin every absolute link is built on: ``WAGECALC_PUBLIC_ORIGIN`` when set;
    otherwise the request's scheme and ``Host`` (checked by Edge, and then part of the
    in-process cache key; the scheme is ``https`` behind a trusted proxy that says so)."""
    public: str | None = request.app.state.settings.public_origin
    if public is not None:
        return public
    return str(request.base_url).rstrip("/")


def _links(request: Request[Any, Any, Any], api_path: str) -> tuple[str, str]:
    """The JSON answer's URL (relative) and the page's oEmbed URL (absolute)."""
    query = request.scope.get("query_string", b"").decode("latin-1")
    here = f"{base_url(request)}{request.url.path}" + (f"?{query}" if query else "")
    return f"{api_path}?{query}", oembed_href(base_url(request), here)


def card_url(request: Request[Any, Any, Any]) -> str:
    """The absolute URL of the PNG card of the embed page ``request`` asks for."""
    query = request.scope.get("query_string", b"").decode("latin-1")
    return f"{base_url(request)}{CARD_PATHS[request.url.path]}" + (f"?{query}" if query else "")


def _equivalents_head(request: Request[Any, Any, Any], view: EquivalentsView) -> str:
    top = headline(view)  # as the page's own title: "USD 900,000 a year"
    lead = [i.sentence for i in view.equivalents[:1]] or not_in_force_lines(view)[:1]
    return social_tags(
        title=page_title("equivalents", view.locale, top),
        description=lead[0] if lead else top,
        image=card_url(request),
    )


def _compare_head(request: Request[Any, Any, Any], view: ComparisonView) -> str:
    return social_tags(
        title=page_title("compare", view.locale, " / ".join(s.label for s in view.salaries)),
        description=view.pairs[0].sentence,
        image=card_url(request),
    )


class EmbedController(Controller):
    path = "/embed"
    tags = ["embed"]

    @get(
        "/equivalents",
        summary="Equivalents as an HTML page to frame",
        description=(
            "The answer of GET /v1/equivalents (same parameters) as a complete page, readable "
            "without JavaScript: the sentences, the rates with their dates and fallback "
            "reasons, each rule's source. The widget script makes it interactive. Only "
            "/embed/* pages may be framed (CSP frame-ancestors, WAGECALC_EMBED_ANCESTORS)."
        ),
        media_type=MediaType.HTML,
        responses=_PAGE_RESPONSES,
        response_headers=NEGOTIATED,
        dependencies=query_dependency(EquivalentsQuery),
    )
    async def equivalents(
        self,
        request: Request[Any, Any, Any],
        params: Params[EquivalentsQuery],
        theme: ThemeParam = "light",
    ) -> Response[str]:
        chosen = _theme(theme)
        state = app_state(request)
        view, headers = await compute(state, equivalents_answer, state, params)
        data_url, oembed = _links(request, "/v1/equivalents")
        attributes: dict[str, str | bool | None] = {
            "amount": params.amount,
            "currency": params.currency,
            "period": params.period,
            "date": params.date,
            "rules": params.rules,
            "schedule": None if params.schedule == "us-2080" else params.schedule,
            "basis": None if params.basis == "spot" else params.basis,
            "locale": lang_tag(view.locale),
            "compact": params.compact,
            "theme": chosen,
        }
        page = equivalents_page(
            view,
            attributes,
            data_url=data_url,
            oembed=oembed,
            meta=_equivalents_head(request, view),
        )
        return Response(page, media_type=MediaType.HTML, headers=headers)

    @get(
        "/compare",
        summary="Two salaries compared, as an HTML page to frame",
        description=(
            "The answer of GET /v1/compare (same parameters) as a complete page, readable "
            "without JavaScript. Only /embed/* pages may be framed."
        ),
        media_type=MediaType.HTML,
        responses=_PAGE_RESPONSES,
        response_headers=NEGOTIATED,
        dependencies=query_dependency(CompareQuery),
    )
    async def compare(
        self,
        request: Request[Any, Any, Any],
        params: Params[CompareQuery],
        theme: ThemeParam = "light",
    ) -> Response[str]:
        chosen = _theme(theme)
        state = app_state(request)
        view, headers = await compute(state, compare_two_answer, state, params)
        data_url, oembed = _links(request, "/v1/compare")
        attributes: dict[str, str | bool | None] = {
            "a": params.a,
            "b": params.b,
            "currency": params.currency,
            "a-label": params.a_label,
            "b-label": params.b_label,
            "date": params.date,
            "schedule": None if params.schedule == "us-2080" else params.schedule,
            "basis": None if params.basis == "spot" else params.basis,
            "rounding": None if params.rounding == "half-even" else params.rounding,
            "locale": lang_tag(view.locale),
            "theme": chosen,
        }
        page = compare_page(
            view,
            attributes,
            data_url=data_url,
            oembed=oembed,
            meta=_compare_head(request, view),
        )
        return Response(page, media_type=MediaType.HTML, headers=headers)

    @get(
        "/v1/embed.css",
        summary="The embed pages' stylesheet",
        description=(
            "The CSS the embed pages link to, as `/embed/v1/embed.css?v=DIGEST`: with the "
            "current digest it is `immutable` for a year; without it, or with an older one "
            "(a page kept by a cache from before a release), the current stylesheet for an "
            "hour."
        ),
        media_type="text/css",
        responses=get_responses(data=False),
        response_headers=CACHED,
        sync_to_thread=False,  # bytes made once (below)
        opt={SKIP_COMPRESSION: True},  # compressed once, here
    )
    def stylesheet(self, request: Request[Any, Any, Any], v: DigestParam = None) -> Response[bytes]:
        body, headers = encoded(_stylesheet(), request.headers.get("accept-encoding"))
        policy = _IMMUTABLE if v == EMBED_CSS_DIGEST else _AN_HOUR
        return Response(body, media_type="text/css", headers={"Cache-Control": policy, **headers})


@cache
def _stylesheet() -> dict[bytes, bytes]:
    """The stylesheet in each encoding (compressed once)."""
    return precompressed(files("wagecalc").joinpath("embed", "embed.css").read_bytes())
