"""GET /v1/convert: one pay figure in another currency and period."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from litestar import Controller, Request, Response

from wagecalc.api.answers import JSONAnswer
from wagecalc.api.contract import AMOUNT, CURRENCY, conform, plain_amount
from wagecalc.api.params import (
    AcceptLanguage,
    AdjustToParam,
    Amount,
    BasisParam,
    Checks,
    Context,
    Currency,
    DateParam,
    FromCurrency,
    LocaleParam,
    PeriodParam,
    RoundingParam,
    ScheduleParam,
    ToPeriodParam,
    app_state,
    cache_control,
    compute,
    negotiated_headers,
    parse_adjust_to,
    parse_context,
    parse_rounding,
    price_indexes,
)
from wagecalc.api.routes import NEGOTIATED, get, get_responses
from wagecalc.api.state import AppState
from wagecalc.conversion import as_amount, convert_checked
from wagecalc.currencies import validate_currency
from wagecalc.formatting import format_money
from wagecalc.memo import BoundedMemo
from wagecalc.money import RoundingMode, round_to_minor_units
from wagecalc.periods import Period, parse_period
from wagecalc.prices import Month
from wagecalc.views import ConversionView, conversion_view


class ConversionController(Controller):
    path = "/v1/convert"
    tags = ["conversion"]

    @get(
        summary="Convert a pay figure between currencies and pay periods",
        description=(
            "The converted amount with the rate it used, the date of that rate, why that date "
            "was used, the conversion path, the published legs and the source."
        ),
        responses=get_responses(),
        response_headers=NEGOTIATED,
    )
    async def convert(
        self,
        request: Request[Any, Any, Any],
        amount: Amount,
        from_: FromCurrency,
        to: Currency,
        date: DateParam = None,
        period: PeriodParam = "year",
        to_period: ToPeriodParam = None,
        schedule: ScheduleParam = "us-2080",
        basis: BasisParam = "spot",
        rounding: RoundingParam = "half-even",
        locale: LocaleParam = None,
        accept_language: AcceptLanguage = None,
        adjust_to: AdjustToParam = None,
    ) -> Response[ConversionView]:
        value, plan = _checked(
            amount,
            from_,
            to,
            date,
            period,
            to_period,
            schedule,
            basis,
            rounding,
            locale,
            accept_language,
            adjust_to,
        )
        state = app_state(request)
        return await compute(state, _answer, state, value, from_, to, plan)


def _answer(
    state: AppState, value: Decimal, from_: str, to: str, plan: _Plan
) -> Response[ConversionView]:
    """The conversion of a checked request, with its caching and language headers."""
    context = plan.context
    check = Checks()
    result = check(
        convert_checked,
        value,
        from_,
        to,
        on=context.on,
        period=plan.source_period,
        to_period=plan.target_period,
        schedule=context.schedule,
        basis=context.basis,
        rounding=plan.rounding,
        source=state.source,
        in_prices_of=plan.in_prices_of,
        price_indexes=price_indexes(state, plan.in_prices_of),
    )
    check.done()
    assert result is not None
    view = conversion_view(
        result,
        formatted_from=format_money(
            round_to_minor_units(value, from_, plan.rounding), from_, context.locale
        ),
        formatted_to=format_money(result.target.amount, to, context.locale),
        locale=context.locale,
    )
    return JSONAnswer(
        view,
        headers=negotiated_headers(
            cache_control(
                [result.quote],
                context.on,
                state.settings.latest_max_age,
                stable=plan.in_prices_of is None,  # index tables are refreshed
            ),
            context.locale,
        ),
    )


class _Plan(NamedTuple):
    """Every parameter of a conversion but the amount, checked and typed."""

    source_period: Period
    target_period: Period
    rounding: RoundingMode
    context: Context
    in_prices_of: Month | None = None


#: Plans already checked, by the text of their parameters (successes only: see wagecalc/memo.py).
_PLANS: BoundedMemo[tuple[str | None, ...], _Plan] = BoundedMemo(1024)


def _checked(
    amount: str,
    from_: str,
    to: str,
    date: str | None,
    period: str,
    to_period: str | None,
    schedule: str,
    basis: str,
    rounding: str,
    locale: str | None,
    accept_language: str | None,
    adjust_to: str | None = None,
) -> tuple[Decimal, _Plan]:
    """The amount and the plan, or InvalidRequestError naming every bad parameter.

    A request whose other parameters were seen before checks its amount alone: they
    parsed then, and parsing is a pure function of their text.
    """
    key = (
        from_,
        to,
        date,
        period,
        to_period,
        schedule,
        basis,
        rounding,
        locale,
        accept_language,
        adjust_to,
    )
    plan = _PLANS.get(key)
    if plan is not None:
        value = plain_amount(amount)
        if value is not None:
            return value, plan
    check = Checks()
    value = check(conform, AMOUNT, amount, "amount", as_amount)
    check(conform, CURRENCY, from_, "from", validate_currency, field="from")
    check(conform, CURRENCY, to, "to", validate_currency, field="to")
    source_period = check(parse_period, period)
    target_period = (
        source_period if to_period is None else check(parse_period, to_period, field="to_period")
    )
    mode = check(parse_rounding, rounding)
    context = parse_context(check, date, schedule, basis, locale, accept_language)
    month = parse_adjust_to(check, adjust_to)
    check.done()
    assert value is not None and source_period is not None and target_period is not None
    assert mode is not None and context is not None
    return value, _PLANS.remember(key, _Plan(source_period, target_period, mode, context, month))
