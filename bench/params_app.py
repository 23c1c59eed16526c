"""The issue-14 floor row: bare Litestar with ``GET /v1/convert``'s parameters.

bench/hello_app.py's app plus ``GET /hello/params``, a bare handler that declares
the parameters of ``GET /v1/convert`` with the same ``Annotated`` declarations
(11 query parameters: amount, from, to, date, period, to_period, schedule, basis,
rounding, locale, adjust_to; 1 header: Accept-Language), so Litestar parses and validates the
same request, and returns a small dict without reading them. (``If-None-Match`` is
documented on both by the contract, but read by wagecalc's middleware, not parsed by
Litestar for the handler.)
No middlewares, no hooks, no response cache. tests/test_bench_params.py checks
that its OpenAPI parameters stay those of ``/v1/convert``.

A module of its own, not a route in bench/hello_app.py: importing wagecalc's
parameter declarations loads part of wagecalc (about 80 ms and 3.5 MiB), and the
bare app is the start-up and memory baseline.
"""

from __future__ import annotations

from litestar import Litestar, get

from bench.hello_app import hello, readyz
from wagecalc.api.params import (
    AcceptLanguage,
    AdjustToParam,
    Amount,
    BasisParam,
    Currency,
    DateParam,
    FromCurrency,
    LocaleParam,
    PeriodParam,
    RoundingParam,
    ScheduleParam,
    ToPeriodParam,
)


@get("/hello/params", sync_to_thread=False)
def hello_params(
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
) -> dict[str, str]:
    return {"hello": "world"}


def create_app() -> Litestar:
    return Litestar([readyz, hello, hello_params], logging_config=None)
