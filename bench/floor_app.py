"""wagecalc's app plus "floor" twins of its calculation endpoints, for the benchmark only.

A floor endpoint declares exactly the parameters (or body) of its real twin
and goes through the same server, middlewares, response cache, ETag and
security headers, but its handler does no work: it returns the answer to
the benchmark's own query, computed once at start-up. Its throughput, as a
ratio to ``/healthz``, is the most any handler of that shape can reach on
this stack; the real endpoint's ratio against it shows how much of the cost
is wagecalc's own work and how much is the framework and the server.

Never served by ``wagecalc serve``: ``bench/http.py`` runs it with uvicorn.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from litestar import Litestar, Response, get, post

from wagecalc.api.app import create_app as create_wagecalc_app
from wagecalc.api.params import (
    AcceptLanguage,
    AdjustToParam,
    Amount,
    BasisParam,
    Currency,
    DateParam,
    FromCurrency,
    LocaleParam,
    Params,
    PeriodParam,
    RoundingParam,
    ScheduleParam,
    ToPeriodParam,
    negotiated_headers,
    query_dependency,
)
from wagecalc.api.routes.comparison import CompareBody
from wagecalc.api.routes.equivalents import EquivalentsQuery, ToParam
from wagecalc.comparison import compare, parse_salary
from wagecalc.conversion import convert
from wagecalc.equivalence import equivalents
from wagecalc.formatting import format_money
from wagecalc.views import (
    ComparisonView,
    ConversionView,
    EquivalentsView,
    comparison_view,
    conversion_view,
    equivalents_view,
)

DAY = dt.date(2023, 7, 26)
_IMMUTABLE = negotiated_headers("public, max-age=31536000, immutable", "en")
_DAY_LONG = negotiated_headers("public, max-age=86400", "en")
_NO_STORE = negotiated_headers("no-store", "en")


def _answers() -> tuple[ConversionView, EquivalentsView, ComparisonView]:
    conversion = convert("900000", "USD", "MYR", on=DAY)
    converted = conversion_view(
        conversion,
        formatted_from=format_money(conversion.source.amount, "USD", "en"),
        formatted_to=format_money(conversion.target.amount, "MYR", "en"),
        locale="en",
    )
    worth = equivalents_view(
        equivalents("900000", "USD", on=DAY),
        formatted_amount=format_money(Decimal("900000"), "USD", "en"),
    )
    salaries = [
        parse_salary("900000 USD/year", label="PM"),
        parse_salary("200 USD/day", label="BG"),
    ]
    compared = comparison_view(compare(salaries, "MYR", on=DAY))
    return converted, worth, compared


_CONVERTED, _WORTH, _COMPARED = _answers()


@get("/floor/convert", sync_to_thread=False, include_in_schema=False)
def floor_convert(
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
    return Response(_CONVERTED, headers=_IMMUTABLE)


@get(
    "/floor/equivalents",
    sync_to_thread=False,
    include_in_schema=False,
    dependencies=query_dependency(EquivalentsQuery),
)
def floor_equivalents(
    params: Params[EquivalentsQuery], to: ToParam = None, adjust_to: AdjustToParam = None
) -> Response[EquivalentsView]:
    return Response(_WORTH, headers=_DAY_LONG)


@post("/floor/compare", status_code=200, sync_to_thread=False, include_in_schema=False)
def floor_compare(
    data: CompareBody, accept_language: AcceptLanguage = None
) -> Response[ComparisonView]:
    return Response(_COMPARED, headers=_NO_STORE)


def create_app() -> Litestar:
    app = create_wagecalc_app()
    for handler in (floor_convert, floor_equivalents, floor_compare):
        app.register(handler)
    return app
