"""The data behind the answers: currencies, rates of a day, rules and schedules."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from litestar import Controller, Response
from litestar.openapi.spec import Example
from litestar.params import QueryParameter

from wagecalc.api.params import Checks, Currency, DateParam, cache_control
from wagecalc.api.routes import PROBLEMS, get
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
        description="Comma-separated currencies to quote (default: every one the source has).",
        max_length=512,
        examples=[Example(value="MYR,JPY")],
    ),
]
RulesDateParam = Annotated[
    str | None,
    QueryParameter(
        description="Show the values in force on this date, YYYY-MM-DD (default: today, UTC).",
        max_length=10,
        examples=[Example(value="2019-06-01")],
    ),
]
_DAY = "public, max-age=86400"


class RatesView(msgspec.Struct, frozen=True, kw_only=True):
    base: str
    requested_date: str | None
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
        sync_to_thread=False,
    )
    def currencies(self, state: AppState) -> Response[list[CurrencyView]]:
        views = [
            coverage_view(c, currency_name(code), minor_units(code))
            for code, c in sorted(state.source.coverage().items())
        ]
        return Response(views, headers={"Cache-Control": _DAY})

    @get(
        "/rates",
        summary="Rates of a day from one base currency, each with its provenance",
        responses=PROBLEMS,
        sync_to_thread=False,
    )
    def rates(
        self, state: AppState, base: Currency, date: DateParam = None, symbols: SymbolsParam = None
    ) -> Response[RatesView]:
        # The source names its currencies "from" and "to"; this endpoint says "base" and "symbols".
        check = Checks(rename={"from": "base", "to": "symbols"})
        check(validate_currency, base, field="base")
        on = None if date is None else check(parse_date, date)
        named = (
            None
            if symbols is None
            else list(dict.fromkeys(s.strip() for s in symbols.split(",") if s.strip()))
        )
        for code in named or ():
            check(validate_currency, code, field="symbols")
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
            requested_date=None if on is None else on.isoformat(),
            rates=[rate_view(q) for q in quotes],
        )
        return Response(
            view,
            headers={"Cache-Control": cache_control(quotes, on, state.settings.latest_max_age)},
        )

    @get(
        "/rules",
        summary="The effective equivalence rules, with sources and the rule-set version",
        description=(
            "Each rule with all its dated values and the one in force on `date` (today, UTC, "
            "when omitted); a rule with no value that day says why."
        ),
        responses=PROBLEMS,
        sync_to_thread=False,
    )
    def rules(self, state: AppState, date: RulesDateParam = None) -> Response[RulesView]:
        check = Checks()
        on = None if date is None else check(parse_date, date)
        check.done()
        day = on or dt.datetime.now(dt.UTC).date()
        view = RulesView(
            version=state.rules.version,
            date=day,
            rules=[rule_view(r, day) for r in state.rules.rules.values()],
        )
        # Without a date the answer follows the calendar: cache it no later than the day's end.
        return Response(view, headers={"Cache-Control": "public, max-age=3600"})

    @get("/schedules", summary="Work-schedule presets and their citations", sync_to_thread=False)
    def schedules(self) -> Response[list[ScheduleView]]:
        return Response(
            [schedule_view(s) for s in PRESETS.values()], headers={"Cache-Control": _DAY}
        )
