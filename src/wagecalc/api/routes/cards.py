"""GET /v1/cards/equivalents.svg and /v1/cards/compare.svg: an answer as a 1200×630 image.

Same parameters, validation, caching and language as the JSON endpoints; the
text comes from the same views and :mod:`wagecalc.cards` lays it out. The
service-wide CSP (``default-src 'none'``) suits an image: opened on its own,
the SVG can load and run nothing.
"""

from __future__ import annotations

from decimal import Decimal

from litestar import Controller, Response

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
from wagecalc.api.params import (
    AcceptLanguage,
    Amount,
    BasisParam,
    Currency,
    DateParam,
    LocaleParam,
    PeriodParam,
    RoundingParam,
    ScheduleParam,
)
from wagecalc.api.routes import NEGOTIATED, get, get_responses
from wagecalc.api.routes.comparison import LabelParam, SalaryParam, compare_two_answer
from wagecalc.api.routes.equivalents import CompactParam, RulesParam, equivalents_answer
from wagecalc.api.state import AppState
from wagecalc.cards import card_svg
from wagecalc.formatting import format_money
from wagecalc.sentences import figure_phrase, per_phrase, publisher_name
from wagecalc.views import RateView

__all__ = ["CardsController"]

SVG = "image/svg+xml"
_CARD = get_responses()
_CARD_DESCRIPTION = "A self-contained 1200×630 SVG with <title> and <desc>."


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


def _cards_controller(*, threaded: bool) -> type[Controller]:
    """The controller; ``threaded``: its handlers run in worker threads (live rates)."""

    class CardsController(Controller):
        path = "/v1/cards"
        tags = ["embed"]

        @get(
            "/equivalents.svg",
            summary="Equivalents as a share card (SVG)",
            description=(
                "The amount, up to three equivalents, the rate with its date and the sources, as a "
                "1200×630 SVG. Same parameters as GET /v1/equivalents."
            ),
            media_type=SVG,
            responses=_CARD,
            response_description=_CARD_DESCRIPTION,
            response_headers=NEGOTIATED,
            sync_to_thread=threaded,
        )
        def equivalents(
            self,
            state: AppState,
            amount: Amount,
            currency: Currency,
            period: PeriodParam = "year",
            date: DateParam = None,
            rules: RulesParam = None,
            schedule: ScheduleParam = "us-2080",
            basis: BasisParam = "spot",
            locale: LocaleParam = None,
            compact: CompactParam = False,
            accept_language: AcceptLanguage = None,
        ) -> Response[str]:
            view, headers = equivalents_answer(
                state,
                amount,
                currency,
                period,
                date,
                rules,
                schedule,
                basis,
                locale,
                compact,
                accept_language,
            )
            top = headline(view)
            shown = view.equivalents[:3]
            rates = [i.conversion for i in shown if i.conversion is not None]
            dated = word(view.locale, "dated")
            sources = " · ".join(
                dict.fromkeys(
                    dated.format(name=i.source.publisher, date=i.source.date) for i in shown
                )
            )
            # A figure past its source's last period says so ("the last sourced one (2025)").
            carried = [
                line for i in shown if i.carried_forward for line in figure_lines(i, view)[1:]
            ]
            footer = [
                *carried,
                *_rate_lines(rates, view.locale),
                word(view.locale, "sources_line").format(sources=sources),
            ]
            svg = card_svg(
                lang=lang_tag(view.locale),
                title=page_title("equivalents", view.locale, top),
                headline=top,
                body=[i.sentence for i in shown] + not_in_force_lines(view)[: 3 - len(shown)],
                footer=footer,
            )
            return Response(svg, media_type=SVG, headers=headers)

        @get(
            "/compare.svg",
            summary="Two salaries compared, as a share card (SVG)",
            description=(
                "The comparison's sentence, both salaries a year in the display currency, the rate "
                "with its date and its source, as a 1200×630 SVG. Same parameters as GET "
                "/v1/compare."
            ),
            media_type=SVG,
            responses=_CARD,
            response_description=_CARD_DESCRIPTION,
            response_headers=NEGOTIATED,
            sync_to_thread=threaded,
        )
        def compare(
            self,
            state: AppState,
            a: SalaryParam,
            b: SalaryParam,
            currency: Currency,
            a_label: LabelParam = None,
            b_label: LabelParam = None,
            date: DateParam = None,
            schedule: ScheduleParam = "us-2080",
            basis: BasisParam = "spot",
            rounding: RoundingParam = "half-even",
            locale: LocaleParam = None,
            accept_language: AcceptLanguage = None,
        ) -> Response[str]:
            view, headers = compare_two_answer(
                state,
                a,
                b,
                currency,
                a_label,
                b_label,
                date,
                schedule,
                basis,
                rounding,
                locale,
                accept_language,
            )
            money_locale = _library_id(view.locale)
            a_year = per_phrase("year", money_locale)
            body = [
                word(view.locale, "label_value").format(
                    label=s.label,
                    value=figure_phrase(
                        money_locale,
                        amount=format_money(
                            Decimal(s.per_period["year"]), view.currency, money_locale
                        ),
                        per=a_year,
                    ),
                )
                for s in view.salaries
            ]
            rates = [s.rate for s in view.salaries]
            publishers = dict.fromkeys(s.rate.source.publisher for s in view.salaries)
            footer = [
                *_rate_lines(rates, view.locale),
                word(view.locale, "sources_line").format(
                    sources=" · ".join(publisher_name(money_locale, p) for p in publishers)
                ),
            ]
            svg = card_svg(
                lang=lang_tag(view.locale),
                title=page_title(
                    "compare", view.locale, " / ".join(s.label for s in view.salaries)
                ),
                headline=view.pairs[0].sentence,
                body=body,
                footer=footer,
            )
            return Response(svg, media_type=SVG, headers=headers)

    return CardsController


CardsController = _cards_controller(threaded=False)
#: The same handlers in worker threads, for the live rate source (its quotes may wait
#: on the upstream): create_app registers it instead when WAGECALC_RATES_SOURCE=live.
ThreadedCardsController = _cards_controller(threaded=True)
