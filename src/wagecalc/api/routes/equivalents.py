"""GET /v1/equivalents: an amount as equivalents from the rule tables, with sentences."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get
from litestar.openapi.spec import Example
from litestar.params import QueryParameter

from wagecalc.api.params import (
    AcceptLanguage,
    Amount,
    BasisParam,
    Checks,
    Currency,
    DateParam,
    LocaleParam,
    PeriodParam,
    ScheduleParam,
    cache_control,
    negotiated_headers,
)
from wagecalc.api.routes import PROBLEMS
from wagecalc.api.state import AppState
from wagecalc.conversion import as_amount
from wagecalc.currencies import validate_currency
from wagecalc.dates import parse_date
from wagecalc.equivalents import equivalents
from wagecalc.formatting import format_money
from wagecalc.locales import negotiate_locale
from wagecalc.money import round_to_minor_units
from wagecalc.periods import parse_period, parse_schedule
from wagecalc.rates.quotes import parse_basis
from wagecalc.views import EquivalentsView, equivalents_view

RulesParam = Annotated[
    str | None,
    QueryParameter(
        description="Comma-separated rule ids or tags (GET /v1/rules); default: every rule.",
        max_length=512,
        examples=[Example(value="sag-aftra"), Example(value="story")],
    ),
]
CompactParam = Annotated[
    bool,
    QueryParameter(description="Show the amount in the locale's compact form (90万, 900K)."),
]
_MAX_SELECTORS = 50


class EquivalentsController(Controller):
    path = "/v1/equivalents"
    tags = ["equivalents"]

    @get(
        summary="Express an amount as equivalents",
        description=(
            "Each selected rule applied to the amount: the count (exact and as shown), a sentence "
            "in the negotiated locale that says the rule's kind (a threshold is not a cost), the "
            "rule's figure, as-of date and source, and the rate when currencies differ."
        ),
        responses=PROBLEMS,
        sync_to_thread=False,
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
    ) -> Response[EquivalentsView]:
        check = Checks()
        value = check(lambda: as_amount(amount))
        check(lambda: validate_currency(currency))
        on = check(lambda: None if date is None else parse_date(date))
        pay_period = check(lambda: parse_period(period))
        work = check(lambda: parse_schedule(schedule))
        rate_basis = check(lambda: parse_basis(basis))
        used_locale = check(lambda: negotiate_locale(locale, accept_language))
        selectors = None if rules is None else [s.strip() for s in rules.split(",") if s.strip()]
        chosen = check(lambda: state.rules.select((selectors or [])[:_MAX_SELECTORS] or None))
        check.done()
        assert value is not None and pay_period is not None and work is not None
        assert rate_basis is not None and used_locale is not None and chosen is not None
        result = check(
            lambda: equivalents(
                value,
                currency,
                period=pay_period,
                on=on,
                schedule=work,
                rules=state.rules,
                select=[r.id for r in chosen],
                locale=used_locale,
                compact=compact,
                basis=rate_basis,
                source=state.source,
            )
        )
        check.done()
        assert result is not None
        view = equivalents_view(
            result,
            formatted_amount=format_money(
                round_to_minor_units(value, currency), currency, used_locale
            ),
        )
        quotes = [item.quote for item in result.items if item.quote is not None]
        return Response(
            view,
            headers=negotiated_headers(
                cache_control(quotes, on, state.settings.latest_max_age, stable=False),
                used_locale,
            ),
        )
