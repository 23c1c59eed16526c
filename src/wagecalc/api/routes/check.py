"""GET /v1/check: a reported conversion against the rates of its date and the days before."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response
from litestar.openapi.spec import Example
from litestar.params import QueryParameter

from wagecalc.api.answers import JSONAnswer
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
    app_state,
    cache_control,
    negotiated_headers,
    parse_context,
)
from wagecalc.api.routes import NEGOTIATED, get, get_responses
from wagecalc.claim_views import CheckView, check_view
from wagecalc.claims import check_claim, parse_window
from wagecalc.conversion import as_amount
from wagecalc.currencies import validate_currency
from wagecalc.errors import InvalidReportedFigureError
from wagecalc.reported import read_precision, read_reported

__all__ = ["CheckController", "ThreadedCheckController"]

# The figures the contract admits, each of which the reader accepts (so a schema-valid
# request is never refused): a whole number up to 15 digits with an optional fraction
# (`.` or `,`, up to 6 digits) or a fraction below 1, or commas grouping thousands; or up to 4 digits and a
# multiplier word. The reader takes more (upper case, "about", spaces grouping thousands);
# over HTTP those are refused as not this form.
_MULTIPLIER = "k|thousand|ribu|千|万|萬|m|mn|mil|million|juta|百万|百萬|b|bn|billion|bilion|亿|億"
_FRACTION = "0[.,][0-9]{0,5}[1-9]"  # 0.05, 0,5: a fraction that is not zero
REPORTED = (
    f"(?:[1-9][0-9]{{0,14}}(?:[.,][0-9]{{1,6}})?|{_FRACTION})"
    "|[1-9][0-9]{0,2}(?:,[0-9]{3}){1,4}(?:[.][0-9]{1,6})?"
    f"|(?:[1-9][0-9]{{0,3}}(?:[.,][0-9]{{1,6}})?|{_FRACTION}) ?(?:{_MULTIPLIER})"
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
        schema_extra={"pattern": "^(?:[1-9][0-9]{0,2}[dwm]|1y)$"},
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


_REPORTED: dict[str, Any] = {
    "error": InvalidReportedFigureError,
    "expected": "a figure as reported, such as 4300000, 4,300,000, 4.3 million, 430万 or 4,3 juta",
}
_PRECISION: dict[str, Any] = {
    "error": InvalidReportedFigureError,
    "expected": "a rounding unit such as 100000 or 0.05 million, or a percentage such as 1%",
}


def _check_controller(*, threaded: bool) -> type[Controller]:
    """The controller; ``threaded``: its handlers run in worker threads (live rates)."""

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
            sync_to_thread=threaded,
        )
        def check(
            self,
            request: Request[Any, Any, Any],
            amount: Amount,
            from_: FromCurrency,
            reported: Reported,
            to: Currency,
            date: DateParam = None,
            window: Window = "31d",
            precision: Precision = None,
            basis: BasisParam = "spot",
            locale: LocaleParam = None,
            accept_language: AcceptLanguage = None,
        ) -> Response[CheckView]:
            check = Checks()
            value = check(conform, AMOUNT, amount, "amount", as_amount)
            check(conform, CURRENCY, from_, "from", validate_currency, field="from")
            check(conform, CURRENCY, to, "to", validate_currency, field="to")
            span = check(parse_window, window)
            if precision is not None:
                check(conform, PRECISION, precision, "precision", read_precision, **_PRECISION)
            figure = check(conform, REPORTED, reported, "reported", read_reported, **_REPORTED)
            context = parse_context(check, date, "us-2080", basis, locale, accept_language)
            check.done()
            assert value is not None and span is not None and figure is not None
            assert context is not None
            if precision is not None:
                figure = read_reported(reported, precision=precision)
            state = app_state(request)
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
            return JSONAnswer(
                check_view(result, context.locale),
                headers=negotiated_headers(
                    cache_control(
                        quotes, context.on, state.settings.latest_max_age, stable=False
                    ),  # later dates (`after`) change as rates are published: a day at most
                    context.locale,
                ),
            )

    return CheckController


CheckController = _check_controller(threaded=False)
#: The same handler in a worker thread, for the live rate source.
ThreadedCheckController = _check_controller(threaded=True)
