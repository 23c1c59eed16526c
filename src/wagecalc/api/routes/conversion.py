"""GET /v1/convert: one pay figure in another currency and period."""

from __future__ import annotations

from litestar import Controller, Response

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
    PeriodParam,
    RoundingParam,
    ScheduleParam,
    ToPeriodParam,
    cache_control,
    negotiated_headers,
    parse_context,
    parse_rounding,
)
from wagecalc.api.routes import NEGOTIATED, get, get_responses
from wagecalc.api.state import AppState
from wagecalc.conversion import as_amount, convert
from wagecalc.currencies import validate_currency
from wagecalc.formatting import format_money
from wagecalc.periods import parse_period
from wagecalc.views import ConversionView, conversion_view


def _conversion_controller(*, threaded: bool) -> type[Controller]:
    """The controller; ``threaded``: its handlers run in worker threads (live rates)."""

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
            sync_to_thread=threaded,
        )
        def convert(
            self,
            state: AppState,
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
        ) -> Response[ConversionView]:
            check = Checks()
            value = check(conform, AMOUNT, amount, "amount", as_amount)
            check(conform, CURRENCY, from_, "from", validate_currency, field="from")
            check(conform, CURRENCY, to, "to", validate_currency, field="to")
            source_period = check(parse_period, period)
            target_period = (
                None if to_period is None else check(parse_period, to_period, field="to_period")
            )
            mode = check(parse_rounding, rounding)
            context = parse_context(check, date, schedule, basis, locale, accept_language)
            check.done()
            assert value is not None and source_period is not None and mode is not None
            assert context is not None
            result = check(
                convert,
                value,
                from_,
                to,
                on=context.on,
                period=source_period,
                to_period=target_period,
                schedule=context.schedule,
                basis=context.basis,
                rounding=mode,
                source=state.source,
            )
            check.done()
            assert result is not None
            view = conversion_view(
                result,
                formatted_from=format_money(
                    result.source.rounded(mode).amount, from_, context.locale
                ),
                formatted_to=format_money(result.target.amount, to, context.locale),
                locale=context.locale,
            )
            return Response(
                view,
                headers=negotiated_headers(
                    cache_control([result.quote], context.on, state.settings.latest_max_age),
                    context.locale,
                ),
            )

    return ConversionController


ConversionController = _conversion_controller(threaded=False)
#: The same handlers in worker threads, for the live rate source (its quotes may wait
#: on the upstream): create_app registers it instead when WAGECALC_RATES_SOURCE=live.
ThreadedConversionController = _conversion_controller(threaded=True)
