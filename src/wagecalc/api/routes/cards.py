"""GET /v1/cards/{equivalents,compare}.{svg,png}: an answer as a 1200×630 image.

Same parameters, validation, caching and language as the JSON endpoints; the
text comes from the same views and :mod:`wagecalc.cards` lays it out. The PNG
is that SVG drawn by :mod:`wagecalc.raster` with the package's own fonts (what
social networks show for ``og:image``). The service-wide CSP (``default-src
'none'``) suits an image: opened on its own, the SVG can load and run nothing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from litestar import Controller, Request, Response

from wagecalc.api.encoding import SKIP_COMPRESSION
from wagecalc.api.html import (
    fallback_words,
    figure_lines,
    headline,
    lang_tag,
    not_in_force_lines,
    page_title,
    rate_text,
    word,
)
from wagecalc.api.params import Params, app_state, compute, query_dependency
from wagecalc.api.routes import NEGOTIATED, get, get_responses
from wagecalc.api.routes.comparison import CompareQuery, compare_two_answer
from wagecalc.api.routes.equivalents import EquivalentsQuery, equivalents_answer
from wagecalc.cards import Bar, card_svg, labelled
from wagecalc.formatting import format_money
from wagecalc.raster import render_png
from wagecalc.sentences import figure_phrase, per_phrase, publisher_name
from wagecalc.views import ComparisonView, EquivalentsView, RateView

__all__ = ["CardsController"]

SVG = "image/svg+xml"
PNG = "image/png"
_CARD = get_responses()
_CARD_DESCRIPTION = "A self-contained 1200×630 SVG with <title> and <desc>."
_PNG_DESCRIPTION = "A 1200×630 PNG: the SVG card drawn with the service's own fonts."
_EQUIVALENTS_TEXT = (
    "The amount as the headline, the key equivalent with its caveat whole (and more when "
    "they fit whole), the rate with its date and the sources"
)
_COMPARE_TEXT = (
    "The comparison's sentence, both salaries a year in the display currency as bars, the rate "
    "with its date and its source"
)


def _rate_lines(rates: list[RateView], locale: str) -> list[str]:
    lines: list[str] = []
    seen: set[tuple[str, str, str]] = set()
    for rate in rates:
        key = (rate.base, rate.target, str(rate.rate_date))
        if rate.base == rate.target or key in seen:
            continue
        seen.add(key)
        lines.append(rate_text(rate))
        if (why := fallback_words(rate)) is not None:
            lines.append(why)
    return lines


def _library_id(locale: str) -> str:
    """A view's BCP 47 tag (zh-Hans) as the library's locale id (zh_Hans)."""
    return locale.replace("-", "_")


def _per_year(amount: str, currency: str, locale: str) -> str:
    """A yearly figure with its period: ``MYR 4,094,556.47 a year``, ``每年MYR 4,094,556.47``."""
    library = _library_id(locale)
    money = format_money(Decimal(amount), currency, library)
    return figure_phrase(library, amount=money, per=per_phrase("year", library))


def equivalents_svg(view: EquivalentsView) -> str:
    """The equivalents card of ``view``."""
    top = headline(view)  # the amount in prose with its period: "USD 900,000 a year"
    items = view.equivalents
    dated = word(view.locale, "dated")
    rates = [i.conversion for i in items[:3] if i.conversion is not None]
    body = [i.sentence for i in items] + not_in_force_lines(view)
    # The key figure past its source's last period says so ("the last sourced one (2025)").
    carried = [line for i in items[:1] if i.carried_forward for line in figure_lines(i, view)[1:]]
    return card_svg(
        lang=lang_tag(view.locale),
        title=page_title("equivalents", view.locale, top),
        kicker=word(view.locale, "equivalents"),
        headline=top,
        body=body,
        body_sources=[
            dated.format(name=i.source.publisher, date=i.source.date_text) for i in items
        ],
        sources=word(view.locale, "sources"),
        footer=[*carried, *_rate_lines(rates, view.locale)],
    )


def compare_svg(view: ComparisonView) -> str:
    """The compare card of ``view``: its first sentence, and both salaries a year as bars."""
    bars = [
        Bar(
            s.label,
            _per_year(s.per_period["year"], view.currency, view.locale),
            Decimal(s.per_period["year"]),
        )
        for s in view.salaries
    ]
    rates = [s.rate for s in view.salaries]
    library = _library_id(view.locale)
    publishers = dict.fromkeys(
        publisher_name(library, s.rate.source.publisher) for s in view.salaries
    )
    return card_svg(
        lang=lang_tag(view.locale),
        title=page_title("compare", view.locale, " / ".join(s.label for s in view.salaries)),
        kicker=word(view.locale, "compare"),
        headline=view.pairs[0].sentence,
        bars=bars,
        footer=[
            *_rate_lines(rates, view.locale),
            labelled(word(view.locale, "sources"), " · ".join(publishers), view.locale),
        ],
    )


def _svg(svg: str, headers: dict[str, str]) -> Response[bytes]:
    return Response(svg.encode(), media_type=SVG, headers=headers)


def _png(svg: str, headers: dict[str, str]) -> Response[bytes]:
    # On the event loop: resvg-py holds the GIL while it draws (measured: a thread drawing
    # five cards kept the main thread from running for 91 ms, one card's time), so a worker
    # thread would not free the loop. A cold card costs 60-100 ms of CPU once; the response
    # cache and the caches in front keep it (SECURITY.md, "cold PNG cards").
    return Response(render_png(svg), media_type=PNG, headers=headers)


class CardsController(Controller):
    path = "/v1/cards"
    tags = ["embed"]

    @get(
        "/equivalents.svg",
        summary="Equivalents as a share card (SVG)",
        description=_EQUIVALENTS_TEXT + ", as a 1200×630 SVG. Same parameters as GET "
        "/v1/equivalents.",
        media_type=SVG,
        responses=_CARD,
        response_description=_CARD_DESCRIPTION,
        response_headers=NEGOTIATED,
        dependencies=query_dependency(EquivalentsQuery),
    )
    async def equivalents_svg(
        self, request: Request[Any, Any, Any], params: Params[EquivalentsQuery]
    ) -> Response[bytes]:
        state = app_state(request)
        view, headers = await compute(state, equivalents_answer, state, params)
        return _svg(equivalents_svg(view), headers)

    @get(
        "/equivalents.png",
        summary="Equivalents as a share card (PNG)",
        description=_EQUIVALENTS_TEXT + ", as a 1200×630 PNG. Same parameters as GET "
        "/v1/equivalents.",
        media_type=PNG,
        responses=_CARD,
        response_description=_PNG_DESCRIPTION,
        response_headers=NEGOTIATED,
        dependencies=query_dependency(EquivalentsQuery),
        opt={SKIP_COMPRESSION: True},  # a PNG is compressed already
    )
    async def equivalents_png(
        self, request: Request[Any, Any, Any], params: Params[EquivalentsQuery]
    ) -> Response[bytes]:
        state = app_state(request)
        view, headers = await compute(state, equivalents_answer, state, params)
        return _png(equivalents_svg(view), headers)

    @get(
        "/compare.svg",
        summary="Two salaries compared, as a share card (SVG)",
        description=_COMPARE_TEXT + ", as a 1200×630 SVG. Same parameters as GET /v1/compare.",
        media_type=SVG,
        responses=_CARD,
        response_description=_CARD_DESCRIPTION,
        response_headers=NEGOTIATED,
        dependencies=query_dependency(CompareQuery),
    )
    async def compare_svg(
        self, request: Request[Any, Any, Any], params: Params[CompareQuery]
    ) -> Response[bytes]:
        state = app_state(request)
        view, headers = await compute(state, compare_two_answer, state, params)
        return _svg(compare_svg(view), headers)

    @get(
        "/compare.png",
        summary="Two salaries compared, as a share card (PNG)",
        description=_COMPARE_TEXT + ", as a 1200×630 PNG. Same parameters as GET /v1/compare.",
        media_type=PNG,
        responses=_CARD,
        response_description=_PNG_DESCRIPTION,
        response_headers=NEGOTIATED,
        dependencies=query_dependency(CompareQuery),
        opt={SKIP_COMPRESSION: True},
    )
    async def compare_png(
        self, request: Request[Any, Any, Any], params: Params[CompareQuery]
    ) -> Response[bytes]:
        state = app_state(request)
        view, headers = await compute(state, compare_two_answer, state, params)
        return _png(compare_svg(view), headers)
