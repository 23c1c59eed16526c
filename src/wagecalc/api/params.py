"""Query parameters shared by the endpoints, documented once, validated by the library.

Litestar only bounds the length here; what a value means (a currency, a
date, an amount) is checked by the library, which names the field and the
rule, and every bad field is reported at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import partial
from typing import Annotated, Any, NamedTuple, ParamSpec, TypeVar

from anyio import to_thread
from litestar import Request
from litestar.di import NamedDependency, Provide
from litestar.openapi.spec import Example
from litestar.params import HeaderParameter, QueryParameter, SkipValidation

from wagecalc.api import contract
from wagecalc.api.problems import InvalidRequestError
from wagecalc.api.state import AppState
from wagecalc.dates import parse_date
from wagecalc.errors import InputError, InvalidRoundingError, RateUnavailableError, WagecalcError
from wagecalc.locales import negotiate_locale
from wagecalc.memo import BoundedMemo
from wagecalc.money import RoundingMode
from wagecalc.periods import WorkSchedule, parse_schedule
from wagecalc.prices import Month, PriceIndex, configured_price_indexes, parse_month
from wagecalc.rates.quotes import Basis, Fallback, Quote, parse_basis

__all__ = [
    "AcceptLanguage",
    "AdjustToParam",
    "Amount",
    "BasisParam",
    "Checks",
    "Context",
    "Currency",
    "DateParam",
    "FromCurrency",
    "LocaleParam",
    "Params",
    "PeriodParam",
    "RoundingParam",
    "ScheduleParam",
    "ToPeriodParam",
    "app_state",
    "cache_control",
    "compute",
    "negotiated_headers",
    "parse_adjust_to",
    "parse_context",
    "query_dependency",
]

T = TypeVar("T")
P = ParamSpec("P")

Amount = Annotated[
    str,
    QueryParameter(
        description="A positive amount in plain decimal notation (at most 10^15, 12 decimals).",
        max_length=64,
        examples=[Example(summary="a Netflix ML product manager's top pay", value="900000")],
        schema_extra={"pattern": contract.anchored(contract.AMOUNT)},
    ),
]
Currency = Annotated[
    str,
    QueryParameter(
        description="An upper-case ISO 4217 code the rate source publishes.",
        max_length=16,
        examples=[Example(value="USD")],
        schema_extra={"pattern": contract.anchored(contract.CURRENCY)},
    ),
]
FromCurrency = Annotated[
    str,
    QueryParameter(
        name="from",
        description="The currency of `amount`: an upper-case ISO 4217 code.",
        max_length=16,
        examples=[Example(value="USD")],
        schema_extra={"pattern": contract.anchored(contract.CURRENCY)},
    ),
]
ToPeriodParam = Annotated[
    str | None,
    QueryParameter(
        description="Pay period of the result (default: `period`).",
        max_length=16,
        examples=[Example(value="month")],
        schema_extra={"enum": contract.PERIODS},
    ),
]
AcceptLanguage = Annotated[
    str | None,
    HeaderParameter(
        name="Accept-Language",
        max_length=1024,
        required=False,
        description="Used to pick the locale when `locale` is not given.",
    ),
]
DateParam = Annotated[
    str | None,
    QueryParameter(
        description=(
            "Rate date, YYYY-MM-DD. Omitted: the newest rate. A weekend or holiday uses the "
            "latest rate before it and says so in `rate.fallback`."
        ),
        max_length=32,
        examples=[Example(value="2023-07-26")],
        schema_extra={"format": "date"},
    ),
]
PeriodParam = Annotated[
    str,
    QueryParameter(
        description="Pay period: hour, day, week, month or year.",
        max_length=16,
        examples=[Example(value="year")],
        schema_extra={"enum": contract.PERIODS},
    ),
]
ScheduleParam = Annotated[
    str,
    QueryParameter(
        description=(
            "Work schedule: a preset (GET /v1/schedules) or "
            "custom:hours_per_day=H,days_per_week=D[,weeks_per_year=W][,days_off=N]."
        ),
        max_length=128,
        examples=[Example(value="us-2080")],
        schema_extra={"pattern": contract.anchored(contract.SCHEDULE)},
    ),
]
BasisParam = Annotated[
    str,
    QueryParameter(
        description="spot, or the mean of daily rates over a window: mean-<N>d, mean-<N>m.",
        max_length=16,
        examples=[Example(value="spot"), Example(value="mean-12m")],
        schema_extra={"pattern": contract.anchored(contract.BASIS)},
    ),
]
RoundingParam = Annotated[
    str,
    QueryParameter(
        description="How results are rounded to minor units: half-even, half-up, down or up.",
        max_length=16,
        examples=[Example(value="half-even")],
        schema_extra={"enum": contract.ROUNDING_MODES},
    ),
]
AdjustToParam = Annotated[
    str | None,
    QueryParameter(
        description=(
            "Real terms: put the amount(s) in prices of this month, YYYY-MM, with the "
            "currency's consumer price index (US CPI-U for USD; no index is held for MYR), "
            "from the month of `date`; the answer's `prices` states the index, its two values "
            "and months and a sentence. A malformed month is a 422; a month outside the "
            "index, or a currency with no index, a 404 naming the field (docs/prices.md)."
        ),
        max_length=16,
        examples=[Example(value="2026-08")],
        schema_extra={"pattern": r"^[0-9]{4}-(0[1-9]|1[0-2])$"},
    ),
]
LocaleParam = Annotated[
    str | None,
    QueryParameter(
        description=(
            "A locale identifier: en, zh-Hans, zh-Hant or ms are supported, any other "
            "well-formed one falls back to Accept-Language, then en; overrides Accept-Language."
        ),
        max_length=35,
        examples=[Example(value="zh-Hans")],
        schema_extra={"pattern": contract.anchored(contract.LOCALE)},
    ),
]


#: The library's parameter names where the HTTP API names the same thing differently.
_HTTP_FIELDS = {
    "on": "date",
    "from_currency": "from",
    "to_currency": "to",
    "in_prices_of": "adjust_to",
}


class Checks:
    """Run each parser, keep every error, and raise them together.

    ``rename`` maps the library's field names to the request's own, where they
    differ: GET /v1/compare takes ``a`` and ``a_label`` for what the library
    calls ``salaries[0]`` and ``salaries[0].label``. The longest match wins.
    """

    def __init__(self, rename: dict[str, str] | None = None) -> None:
        self.errors: list[WagecalcError] = []
        self._rename = rename  # sorted only when an error needs it: most requests have none

    def __call__(self, parse: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T | None:
        """``parse(*args, **kwargs)``, or None with its error kept (no closure per field)."""
        try:
            return parse(*args, **kwargs)
        except (InputError, RateUnavailableError) as exc:
            self.errors.append(self._renamed(exc))
            return None

    def _renamed(self, exc: WagecalcError) -> WagecalcError:
        field = exc.field
        http = _HTTP_FIELDS.get(field or "")
        if http is not None:  # a library parameter's name → the request's (on → date)
            exc.field = http
            if exc.message.startswith((f"{field} ", f"{field}:")):
                exc.message = http + exc.message[len(field or "") :]
            return exc
        for old, new in sorted((self._rename or {}).items(), key=lambda kv: -len(kv[0])):
            if field is not None and (field == old or field.startswith(old + ".")):
                exc.field = new
                exc.message = exc.message.replace(field, new, 1)
                break
        return exc

    def done(self) -> None:
        if self.errors:
            raise InvalidRequestError(self.errors)


#: A handler's ``params``: the query its ``query_dependency`` built, passed on as it is (its
#: fields were checked when it was built).
Params = NamedDependency[SkipValidation[T]]


def query_dependency(query: type) -> dict[str, Provide]:
    """A handler's ``dependencies``: its ``params`` argument is ``query`` built from the request.

    ``query`` is a dataclass whose fields are a query's parameters, each annotated as a
    handler's parameter would be (:class:`QueryParameter`, :class:`HeaderParameter`, a
    default): its JSON, embed and card routes declare them once and Litestar reads, checks
    and documents them as if each handler had. Built on the event loop (a dataclass's
    ``__init__``: nothing that could wait). Litestar checks the query's lengths and types
    before those of the handler's own parameters (``to``, ``theme``): a request wrong in
    both is told of the query's first. Measured cost: BENCHMARKS.md, issue 23 item 7.
    """
    return {"params": Provide(query, sync_to_thread=False)}


async def compute(state: AppState, work: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """``work(*args, **kwargs)``: on the event loop, or in a worker thread when the rate source
    may wait on the network.

    On the embedded data a quote is a dictionary look-up and a thread hop would cost more
    than the work; the live and Frankfurter sources may wait up to their timeout for the
    upstream, which must not stall the loop. One decision per request, read from the
    settings the app was made with, so one handler serves both: no controller is
    declared twice.
    """
    if state.settings.rates_source == "embedded":
        return work(*args, **kwargs)
    return await to_thread.run_sync(partial(work, *args, **kwargs))


def app_state(request: Request[Any, Any, Any]) -> AppState:
    """The application's state, for a handler that takes the request.

    A handler parameter ``state: AppState`` makes Litestar build a new ``AppState``
    (a copy of the state's dict) on every request; the request's app holds the one
    ``create_app`` made, which is already an ``AppState``.
    """
    state = request.app.state
    assert isinstance(state, AppState)
    return state


class Context(NamedTuple):
    """The parameters every calculation shares: when, on which schedule and basis, for whom."""

    on: dt.date | None
    schedule: WorkSchedule
    basis: Basis
    locale: str


#: Contexts already parsed, by the text of their parameters (successes only: see memo.py).
_CONTEXTS: BoundedMemo[tuple[str | None, str, str, str | None, str | None], Context] = BoundedMemo(
    1024
)


def parse_context(
    check: Checks,
    date: str | None,
    schedule: str,
    basis: str,
    locale: str | None,
    accept_language: str | None,
) -> Context | None:
    """The shared parameters, or None when any is bad (its error is then in ``check``)."""
    key = (date, schedule, basis, locale, accept_language)
    found = _CONTEXTS.get(key)
    if found is not None:
        return found
    errors = len(check.errors)
    on = None if date is None else check(parse_date, date)
    work = check(contract.conform, contract.SCHEDULE, schedule, "schedule", parse_schedule)
    rate_basis = check(contract.conform, contract.BASIS, basis, "basis", parse_basis)
    used_locale = (
        check(negotiate_locale, None, accept_language)
        if locale is None
        else check(
            contract.conform, contract.LOCALE, locale, "locale", negotiate_locale, accept_language
        )
    )
    if work is None or rate_basis is None or used_locale is None or (date and on is None):
        return None
    context = Context(on, work, rate_basis, used_locale)
    # Kept only when no error was added here: an empty date is an error with no None result.
    return _CONTEXTS.remember(key, context) if len(check.errors) == errors else context


def parse_adjust_to(check: Checks, adjust_to: str | None) -> Month | None:
    """``adjust_to``'s month (its error, if any, kept in ``check`` under ``adjust_to``)."""
    return None if adjust_to is None else check(parse_month, adjust_to, field="in_prices_of")


def price_indexes(state: AppState, month: Month | None) -> dict[str, PriceIndex] | None:
    """The indexes (shipped and ``WAGECALC_PRICE_INDEXES``), read once per process, only
    for a request that asks for real terms; None otherwise."""
    return None if month is None else configured_price_indexes(state.settings.price_indexes)


def parse_rounding(text: str) -> RoundingMode:
    try:
        return RoundingMode(text)
    except ValueError:
        choices = ", ".join(m.value for m in RoundingMode)
        raise InvalidRoundingError(
            f"rounding {text[:20]!r} is not a rounding mode: use one of {choices}", field="rounding"
        ) from None


_MOVING = {Fallback.LATEST, Fallback.FUTURE_DATE, Fallback.AFTER_LAST_PUBLISHED}
#: A fallback because the live source failed should be retried soon, not kept for an hour.
_DEGRADED_MAX_AGE = 60
_YEAR = 31_536_000
_DEGRADED = f"public, max-age={_DEGRADED_MAX_AGE}"
_DAY = "public, max-age=86400"
_IMMUTABLE = f"public, max-age={_YEAR}, immutable"


def negotiated_headers(cache_control: str, locale: str) -> dict[str, str]:
    """Headers of an answer that depends on the negotiated locale."""
    return {
        "Cache-Control": cache_control,
        "Content-Language": locale.replace("_", "-"),
        "Vary": "Accept-Language",
    }


def cache_control(
    quotes: Iterable[Quote], requested: dt.date | None, latest_max_age: int, *, stable: bool = True
) -> str:
    """``immutable`` when every figure rests on a published rate of an explicit past date.

    Latest, future and after-the-data answers change when new rates arrive:
    they get ``latest_max_age``. ``stable=False`` (answers that depend on
    operator configuration, such as rule tables) caps the age at a day. An answer
    the embedded data gave because the live source failed is kept a minute.
    """
    moving = requested is None
    for quote in quotes:  # one pass, no generators: this runs on every answer
        if quote.fallback is Fallback.LIVE_UNAVAILABLE:
            return _DEGRADED
        if quote.fallback in _MOVING:
            moving = True
    if moving:
        return f"public, max-age={latest_max_age}"
    if not stable:
        return _DAY
    return _IMMUTABLE
