"""GET /v1/equivalents: an amount as equivalents from the rule tables, with sentences."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response
from litestar.openapi.spec import Example
from litestar.params import QueryParameter

from wagecalc.api.answers import JSONAnswer
from wagecalc.api.contract import AMOUNT, CURRENCY, RULE_SELECTORS, anchored, conform
from wagecalc.api.params import (
    AcceptLanguage,
    AdjustToParam,
    Amount,
    BasisParam,
    Checks,
    Currency,
    DateParam,
    LocaleParam,
    Params,
    PeriodParam,
    ScheduleParam,
    app_state,
    cache_control,
    compute,
    negotiated_headers,
    parse_adjust_to,
    parse_context,
    price_indexes,
    query_dependency,
)
from wagecalc.api.routes import NEGOTIATED, get, get_responses
from wagecalc.api.state import AppState
from wagecalc.conversion import as_amount, convert_checked
from wagecalc.currencies import validate_currency
from wagecalc.equivalence import equivalents
from wagecalc.formatting import format_money
from wagecalc.money import RoundingMode, round_to_minor_units
from wagecalc.periods import parse_period
from wagecalc.views import EquivalentsView, conversion_view, equivalents_view

RulesParam = Annotated[
    str | None,
    QueryParameter(
        description=(
            "Comma-separated rule ids or tags (GET /v1/rules); default: every rule not tagged "
            "`not-default`, and those tagged `local-price` whose price is in `currency` (its "
            "country's Big Mac). A rule whose currency the rate source cannot convert into on "
            "the date is listed in `not_converted`, with the reason."
        ),
        max_length=512,
        examples=[Example(value="sag-aftra"), Example(value="story")],
        schema_extra={"pattern": anchored(RULE_SELECTORS)},
    ),
]
ToParam = Annotated[
    str | None,
    QueryParameter(
        description=(
            "Also convert the amount into this currency (same period, date, schedule and basis; "
            "half-even rounding): the answer's `conversion`, the headline a widget shows. "
            "Omitted: `conversion` is null."
        ),
        max_length=16,
        examples=[Example(value="MYR")],
        schema_extra={"pattern": anchored(CURRENCY)},
    ),
]
CompactParam = Annotated[
    bool,
    QueryParameter(description="Show the amount in the locale's compact form (90万, 900K)."),
]
_MAX_SELECTORS = 50


def _select(text: str, state: AppState, wanted: list[str]) -> object:
    """The rules ``wanted`` names (``text`` is the parameter the pattern checked)."""
    return state.rules.select(wanted, hint="see GET /v1/rules")


@dataclass(slots=True)
class EquivalentsQuery:
    """GET /v1/equivalents' parameters, declared once for its JSON, embed and card routes.

    A handler takes them as ``params`` (``dependencies=query_dependency(EquivalentsQuery)``);
    Litestar reads, checks and documents each field as a parameter of that handler.
    """

    amount: Amount
    currency: Currency
    period: PeriodParam = "year"
    date: DateParam = None
    rules: RulesParam = None
    schedule: ScheduleParam = "us-2080"
    basis: BasisParam = "spot"
    locale: LocaleParam = None
    compact: CompactParam = False
    accept_language: AcceptLanguage = None


class EquivalentsController(Controller):
    path = "/v1/equivalents"
    tags = ["equivalents"]

    @get(
        summary="Express an amount as equivalents",
        description=(
            "Each selected rule applied to the amount: the count (exact and as shown), a "
            "sentence in the negotiated locale that says the rule's kind (a threshold is not "
            "a cost), the rule's figure, as-of date and source, and the rate when currencies "
            "differ."
        ),
        responses=get_responses(),
        response_headers=NEGOTIATED,
        dependencies=query_dependency(EquivalentsQuery),
    )
    async def equivalents(
        self,
        request: Request[Any, Any, Any],
        params: Params[EquivalentsQuery],
        to: ToParam = None,
        adjust_to: AdjustToParam = None,
    ) -> Response[EquivalentsView]:
        state = app_state(request)
        view, headers = await compute(
            state, equivalents_answer, state, params, to=to, adjust_to=adjust_to
        )
        return JSONAnswer(view, headers=headers)


def equivalents_answer(
    state: AppState,
    params: EquivalentsQuery,
    *,
    to: str | None = None,
    adjust_to: str | None = None,
) -> tuple[EquivalentsView, dict[str, str]]:
    """The answer and its headers (caching, language), shared by the JSON and embed routes.

    ``to``: also convert the amount into that currency, so a widget's headline and its
    equivalents come in one answer (one request) and rest on the same rate date.
    ``adjust_to``: real terms (docs/prices.md), on the JSON route only; the conversion is
    moved the same way.
    """
    amount, currency, period, rules = params.amount, params.currency, params.period, params.rules
    check = Checks()
    value = check(conform, AMOUNT, amount, "amount", as_amount)
    check(conform, CURRENCY, currency, "currency", validate_currency)
    if to is not None:
        check(conform, CURRENCY, to, "to", validate_currency, field="to")
    pay_period = check(parse_period, period)
    context = parse_context(
        check, params.date, params.schedule, params.basis, params.locale, params.accept_language
    )
    wanted = None if rules is None else rules.split(",")[:_MAX_SELECTORS]
    if rules is not None:
        check(conform, RULE_SELECTORS, rules, "rules", _select, state, wanted)
    month = parse_adjust_to(check, adjust_to)
    check.done()
    indexes = price_indexes(state, month)
    assert value is not None and pay_period is not None and context is not None
    result = check(
        equivalents,
        value,
        currency,
        period=pay_period,
        on=context.on,
        schedule=context.schedule,
        rules=state.rules,
        select=wanted,
        locale=context.locale,
        compact=params.compact,
        basis=context.basis,
        source=state.source,
        in_prices_of=month,
        price_indexes=indexes,
    )
    conversion = None
    if to is not None:
        conversion = check(
            convert_checked,
            value,
            currency,
            to,
            on=context.on,
            period=pay_period,
            to_period=pay_period,
            schedule=context.schedule,
            basis=context.basis,
            rounding=RoundingMode.HALF_EVEN,
            source=state.source,
            in_prices_of=month,
            price_indexes=indexes,
        )
    check.done()
    assert result is not None
    formatted = format_money(round_to_minor_units(value, currency), currency, context.locale)
    view = equivalents_view(result, formatted_amount=formatted)
    quotes = [item.quote for item in result.items if item.quote is not None]
    if conversion is not None:
        quotes.append(conversion.quote)
        converted = conversion_view(
            conversion,
            formatted_from=formatted,
            formatted_to=format_money(conversion.target.amount, to or currency, context.locale),
            locale=context.locale,
        )
        view = msgspec.structs.replace(view, conversion=converted)
    return view, negotiated_headers(
        cache_control(quotes, context.on, state.settings.latest_max_age, stable=False),
        context.locale,
    )
