"""GET /v1/check: a reported conversion against the rates of its date and the days before.

GET /v1/check/card.svg answers the same as a 1200×630 share card.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from litestar import Controller, Request, Response
from litestar.openapi.spec import Example
from litestar.params import QueryParameter

from wagecalc.api.answers import JSONAnswer
from wagecalc.api.check_page import check_card_svg
from wagecalc.api.contract import AMOUNT, CURRENCY, conform
from wagecalc.api.params import (
    AcceptLanguage,
    Amount,
    BasisParam,
    Checks,
    Currency,
    DateParam,
    FromCurrency,
    LocaleParam,
    Params,
    app_state,
    cache_control,
    compute,
    negotiated_headers,
    parse_context,
    query_dependency,
)
from wagecalc.api.routes import NEGOTIATED, get, get_responses
from wagecalc.api.state import AppState
from wagecalc.claim_views import CheckView, check_view
from wagecalc.claims import ClaimCheck, check_claim, parse_window
from wagecalc.conversion import as_amount
from wagecalc.currencies import validate_currency
from wagecalc.errors import InvalidReportedFigureError, InvalidWindowError
from wagecalc.reported import read_precision, read_reported

__all__ = ["CheckController", "CheckQuery", "check_answer"]

SVG = "image/svg+xml"

# The figures the contract admits, each of which the reader accepts (so a schema-valid
# request is never refused): a whole number up to 15 digits with an optional fraction
# (`.` or `,`, up to 6 digits) or a fraction below 1, or commas grouping thousands; or
# up to 4 digits and a multiplier word. The reader takes more (upper case, "about",
# spaces grouping thousands); over HTTP those are refused as not this form.
_MULTIPLIER = "k|thousand|ribu|千|万|萬|m|mn|mil|million|juta|百万|百萬|b|bn|billion|bilion|亿|億"
_FRACTION = "0[.,][0-9]{0,5}[1-9]"  # 0.05, 0,5: a fraction that is not zero
REPORTED = (
    f"(?:[1-9][0-9]{{0,14}}(?:[.,][0-9]{{1,6}})?|{_FRACTION})"
    "|[1-9][0-9]{0,2}(?:,[0-9]{3}){1,4}(?:[.][0-9]{1,6})?"
    f"|(?:[1-9][0-9]{{0,3}}(?:[.,][0-9]{{1,6}})?|{_FRACTION}) ?(?:{_MULTIPLIER})"
)
#: 1 to 366 days, 1 to 52 weeks, 1 to 12 months, or a year: what parse_window takes.
WINDOW = (
    "(?:[1-9]|[1-9][0-9]|[12][0-9]{2}|3[0-5][0-9]|36[0-6])d"
    "|(?:[1-9]|[1-4][0-9]|5[0-2])w|(?:[1-9]|1[0-2])m|1y"
)
#: A rounding unit written as a figure, or a percentage either side (0 < N < 100).
PRECISION = f"{REPORTED}|(?:[1-9][0-9]?(?:[.][0-9]{{1,4}})?|0[.][0-9]{{0,3}}[1-9])%"

Reported = Annotated[
    str,
    QueryParameter(
        description=(
            "The figure as it was reported, in `to`: `4300000`, `4,300,000`, `4.3 million`, "
            "`4.3m`, `430万`, `4,3 juta`. It stands for the interval its last digit implies "
            "(`4.3 million`: 4.25 to 4.35 million; a whole number's trailing zeros count as "
            "rounding) unless `precision` is given."
        ),
        min_length=1,
        max_length=64,
        examples=[Example(summary="as a Malaysian outlet printed it", value="4.3 million")],
        schema_extra={"pattern": f"^(?:{REPORTED})$"},
    ),
]
Window = Annotated[
    str,
    QueryParameter(
        description=(
            "The dates checked, ending on `date`: `<N>d` (N ≤ 366), `<N>w`, `<N>m` (N ≤ 12) or "
            "`1y`. Default: the 31 days up to the date."
        ),
        max_length=8,
        examples=[Example(value="31d")],
        schema_extra={"pattern": f"^(?:{WINDOW})$"},
    ),
]
Precision = Annotated[
    str | None,
    QueryParameter(
        description=(
            "What the figure was rounded to, overriding how it is written: a unit "
            "(`100000`, `0.05 million`) or a percentage either side (`1%`)."
        ),
        max_length=32,
        examples=[Example(value="0.05 million")],
        schema_extra={"pattern": f"^(?:{PRECISION})$"},
    ),
]


@dataclass(slots=True)
class CheckQuery:
    """GET /v1/check's parameters, declared once for its JSON and card routes.

    A handler takes them as ``params`` (``dependencies=query_dependency(CheckQuery)``);
    Litestar reads, checks and documents each field as a parameter of that handler.
    """

    amount: Amount
    from_: FromCurrency
    reported: Reported
    to: Currency
    date: DateParam = None
    window: Window = "31d"
    precision: Precision = None
    basis: BasisParam = "spot"
    locale: LocaleParam = None
    accept_language: AcceptLanguage = None


_REPORTED: dict[str, Any] = {
    "error": InvalidReportedFigureError,
    "expected": "a figure as reported, such as 4300000, 4,300,000, 4.3 million, 430万 or 4,3 juta",
}
_PRECISION: dict[str, Any] = {
    "error": InvalidReportedFigureError,
    "expected": "a rounding unit such as 100000 or 0.05 million, or a percentage such as 1%",
}


def check_answer(state: AppState, params: CheckQuery) -> tuple[ClaimCheck, str, dict[str, str]]:
    """The check, its locale and its headers, or InvalidRequestError naming every bad field."""
    amount, from_, to, reported, precision = (
        params.amount,
        params.from_,
        params.to,
        params.reported,
        params.precision,
    )
    check = Checks()
    value = check(conform, AMOUNT, amount, "amount", as_amount)
    check(conform, CURRENCY, from_, "from", validate_currency, field="from")
    check(conform, CURRENCY, to, "to", validate_currency, field="to")
    span = check(conform, WINDOW, params.window, "window", parse_window, error=InvalidWindowError)
    if precision is not None:
        check(conform, PRECISION, precision, "precision", read_precision, **_PRECISION)
    figure = check(conform, REPORTED, reported, "reported", read_reported, **_REPORTED)
    context = parse_context(
        check, params.date, "us-2080", params.basis, params.locale, params.accept_language
    )
    check.done()
    assert value is not None and span is not None and figure is not None
    assert context is not None
    if precision is not None:
        figure = read_reported(reported, precision=precision)
    result = check(
        check_claim,
        value,
        from_,
        figure,
        to,
        on=context.on,
        window=span,
        basis=context.basis,
        source=state.source,
    )
    check.done()
    assert result is not None
    quotes = [result.conversion.quote, result.lowest.quote, result.highest.quote]
    # Later dates (`after`) change as rates are published: kept a day at most.
    age = cache_control(quotes, context.on, state.settings.latest_max_age, stable=False)
    return result, context.locale, negotiated_headers(age, context.locale)


class CheckController(Controller):
    path = "/v1/check"
    tags = ["conversion"]

    @get(
        summary="Check a reported conversion against the rates",
        description=(
            "Whether any rate of the window up to `date` gives the reported figure within "
            "its precision: the conversion on the date, the lowest and highest over the "
            "window with their dates, the rate the figure implies and, when no rate of the "
            "window gives it, the nearest dates before (and, marked `later`, after) on which "
            "one did; a verdict sentence in the negotiated locale. On the live source only "
            "the window's dates are searched (`note` says so)."
        ),
        responses=get_responses(),
        response_headers=NEGOTIATED,
        dependencies=query_dependency(CheckQuery),
    )
    async def check(
        self, request: Request[Any, Any, Any], params: Params[CheckQuery]
    ) -> Response[CheckView]:
        state = app_state(request)
        result, used_locale, headers = await compute(state, check_answer, state, params)
        return JSONAnswer(check_view(result, used_locale), headers=headers)

    @get(
        "/card.svg",
        summary="A checked figure as a share card (SVG)",
        description=(
            "The amount and the reported figure, whether the window's rates give it, their "
            "highest and lowest with dates, the rate the figure implies and when a rate last "
            "gave it, the rate of the date and the source, as a 1200×630 SVG. Same "
            "parameters as GET /v1/check."
        ),
        media_type=SVG,
        responses=get_responses(),
        response_description="A self-contained 1200×630 SVG with <title> and <desc>.",
        response_headers=NEGOTIATED,
        dependencies=query_dependency(CheckQuery),
    )
    async def card(
        self, request: Request[Any, Any, Any], params: Params[CheckQuery]
    ) -> Response[str]:
        state = app_state(request)
        result, used_locale, headers = await compute(state, check_answer, state, params)
        return Response(check_card_svg(result, used_locale), media_type=SVG, headers=headers)
