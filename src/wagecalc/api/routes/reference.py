"""The data behind the answers: currencies, rates of a day, rules and schedules."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response
from litestar.openapi.spec import Example
from litestar.params import QueryParameter

from wagecalc.api.answers import JSONAnswer
from wagecalc.api.contract import CURRENCIES, CURRENCY, anchored, conform
from wagecalc.api.params import Checks, Currency, DateParam, app_state, cache_control, compute
from wagecalc.api.routes import CACHED, get, get_responses
from wagecalc.api.state import AppState
from wagecalc.currencies import currency_name, minor_units, validate_currency
from wagecalc.dates import parse_date
from wagecalc.periods import PRESETS
from wagecalc.views import (
    CurrencyView,
    RateView,
    RuleView,
    ScheduleView,
    coverage_view,
    rate_view,
    rule_view,
    schedule_view,
)

SymbolsParam = Annotated[
    str | None,
    QueryParameter(
        description=(
            "Comma-separated currencies to quote (omitted: every one the source has a rate "
            "for that day). Each named one must have a rate that day (404 otherwise)."
        ),
        max_length=512,
        examples=[Example(value="MYR,JPY")],
        schema_extra={"pattern": anchored(CURRENCIES)},
    ),
]
RulesDateParam = Annotated[
    str | None,
    QueryParameter(
        description="Show the values in force on this date, YYYY-MM-DD (default: today, UTC).",
        max_length=10,
        examples=[Example(value="2019-06-01")],
        schema_extra={"format": "date"},
    ),
]
_DAY = "public, max-age=86400"


class RatesView(msgspec.Struct, frozen=True, kw_only=True):
    base: str
    requested_date: dt.date | None
    rates: list[RateView]


class RulesView(msgspec.Struct, frozen=True, kw_only=True):
    version: str
    date: dt.date
    """The date whose values are shown in force: the date asked, or today (UTC)."""
    rules: list[RuleView]


class ReferenceController(Controller):
    path = "/v1"
    tags = ["reference"]

    @get(
        "/currencies",
        summary="Currencies the rate source converts, with date ranges",
        description=(
            "Every currency the rate source has rates for: its ISO 4217 code, CLDR name and "
            "minor units, its first and last dates, the date ranges it was published in "
            "(a currency can stop and start again), the source that answers for it "
            "(`ecb`, `live` or `frankfurter`; a networked source's embedded fallback is "
            "`ecb`) and who publishes its rates."
        ),
        responses=get_responses(data=False),
        response_headers=CACHED,
    )
    async def currencies(self, request: Request[Any, Any, Any]) -> Response[list[CurrencyView]]:
        state = app_state(request)
        return await compute(state, _currencies, state)

    @get(
        "/rates",
        summary="Rates of a day from one base currency, each with its provenance",
        description=(
            "The rate from `base` to each currency of `symbols` on `date`, each with the date "
            "it was published, why that date was used, the path through EUR and the source. "
            "A currency without a rate that day is 404 when named, left out otherwise."
        ),
        responses=get_responses(),
        response_headers=CACHED,
    )
    async def rates(
        self,
        request: Request[Any, Any, Any],
        base: Currency,
        date: DateParam = None,
        symbols: SymbolsParam = None,
    ) -> Response[RatesView]:
        state = app_state(request)
        return await compute(state, _rates, state, base, date, symbols)

    @get(
        "/rules",
        summary="The effective equivalence rules, with sources and the rule-set version",
        description=(
            "Each rule with all its dated values and the one in force on `date` (today, "
            "UTC, when omitted); a rule with no value that day says why. `version` changes "
            "when any rule table does."
        ),
        responses=get_responses(data=False),
        response_headers=CACHED,
        sync_to_thread=False,  # the rule tables, in memory
    )
    def rules(
        self,
        state: AppState,
        date: RulesDateParam = None,
    ) -> Response[RulesView]:
        check = Checks()
        on = None if date is None else check(parse_date, date)
        check.done()
        day = on or dt.datetime.now(dt.UTC).date()
        view = RulesView(
            version=state.rules.version,
            date=day,
            rules=[rule_view(r, day) for r in state.rules.rules.values()],
        )
        # Without a date the answer follows the calendar: cache it no later than the day's
        # end.
        return JSONAnswer(view, headers={"Cache-Control": "public, max-age=3600"})

    @get(
        "/schedules",
        summary="Work-schedule presets and their citations",
        description=(
            "The presets `schedule` accepts: hours a day, days a week, weeks a year, days off, "
            "and the law or convention each comes from."
        ),
        responses=get_responses(data=False),
        response_headers=CACHED,
        sync_to_thread=False,  # the presets, in memory
    )
    def schedules(self) -> Response[list[ScheduleView]]:
        return JSONAnswer(
            [schedule_view(s) for s in PRESETS.values()], headers={"Cache-Control": _DAY}
        )


def _currencies(state: AppState) -> Response[list[CurrencyView]]:
    info = state.source.info
    views = [
        coverage_view(c, currency_name(code), minor_units(code), info)
        for code, c in sorted(state.source.coverage().items())
    ]
    return JSONAnswer(views, headers={"Cache-Control": _DAY})


def _rates(
    state: AppState, base: str, date: str | None, symbols: str | None
) -> Response[RatesView]:
    # The source names its currencies "base" and "target" (its date "on", which every
    # route calls "date"); this endpoint: "base", "symbols".
    check = Checks(rename={"target": "symbols"})
    check(conform, CURRENCY, base, "base", validate_currency, field="base")
    on = None if date is None else check(parse_date, date)
    # Each comma-separated part a code: the same as the documented pattern for the list.
    named = None if symbols is None else list(dict.fromkeys(symbols.split(",")))
    for code in named or ():
        check(conform, CURRENCY, code, "symbols", validate_currency, field="symbols")
    check.done()
    check(state.source.quote, base, base, on)  # the base has a rate that day
    check.done()
    quotes = []
    for code in named if named is not None else sorted(state.source.coverage()):
        if code == base:
            continue
        quote = check(state.source.quote, base, code, on)
        if quote is not None:
            quotes.append(quote)
    if named is not None:
        check.done()  # asked for by name: each must have a rate that day
    # Otherwise currencies without a rate that day (RUB in 2023) are simply not listed.
    view = RatesView(
        base=base,
        requested_date=on,
        rates=[rate_view(q) for q in quotes],
    )
    return JSONAnswer(
        view,
        headers={"Cache-Control": cache_control(quotes, on, state.settings.latest_max_age)},
    )
