"""The JSON shapes wagecalc answers with, shared by the HTTP API and ``--json``.

Library results carry unrounded values and rich objects; a view is what
leaves the process: rounded amounts as decimal strings, dates as ISO 8601,
every figure with its provenance. One shape, so that the CLI's ``--json``
and the HTTP API can never disagree.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

import msgspec

from wagecalc.conversion import Conversion
from wagecalc.periods import WorkSchedule
from wagecalc.rates.quotes import Coverage, Leg, Quote, SourceInfo, Window

__all__ = [
    "AmountView",
    "ConversionView",
    "CurrencyView",
    "LegView",
    "RateView",
    "ScheduleView",
    "SourceView",
    "WindowView",
    "conversion_view",
    "coverage_view",
    "decimal_text",
    "rate_view",
    "schedule_view",
]

DecimalString = Annotated[
    str,
    msgspec.Meta(
        description="An exact decimal number in plain notation (never an exponent).",
        pattern=r"^[0-9]+(\.[0-9]+)?$",
        examples=["4094556.47"],
    ),
]


def decimal_text(value: Decimal) -> str:
    """``Decimal('1E-12')`` → ``'0.000000000001'``: plain notation, as JSON clients expect."""
    return format(value, "f")


class AmountView(msgspec.Struct, frozen=True, kw_only=True):
    amount: DecimalString
    currency: str
    period: str
    formatted: str | None = None


class SourceView(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    title: str
    publisher: str
    url: str
    citation: str


class LegView(msgspec.Struct, frozen=True, kw_only=True):
    base: str
    quote: str
    rate: DecimalString
    date: dt.date


class WindowView(msgspec.Struct, frozen=True, kw_only=True):
    start: dt.date
    end: dt.date
    rates_averaged: int


class RateView(msgspec.Struct, frozen=True, kw_only=True):
    """An exchange rate and everything needed to check it."""

    value: DecimalString
    """Units of the target per unit of the base, to 12 significant digits."""
    base: str
    target: str
    requested_date: dt.date | None
    rate_date: dt.date
    fallback: str | None
    fallback_detail: str | None
    age_days: int
    path: list[str]
    legs: list[LegView]
    basis: str
    window: WindowView | None
    source: SourceView


class ScheduleView(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    label: str
    hours_per_day: DecimalString
    days_per_week: DecimalString
    weeks_per_year: DecimalString
    days_off: DecimalString
    days_per_year: DecimalString
    hours_per_year: DecimalString
    citation: str


class ConversionView(msgspec.Struct, frozen=True, kw_only=True, rename={"from_": "from"}):
    """A conversion: what was given, what it is worth, and at which rate."""

    from_: AmountView
    to: AmountView
    rate: RateView
    schedule: str
    rounding: str


class CurrencyView(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    name: str
    minor_units: int
    first_date: dt.date
    last_date: dt.date
    ranges: list[tuple[dt.date, dt.date]]


def _source_view(info: SourceInfo) -> SourceView:
    return SourceView(
        name=info.name,
        title=info.title,
        publisher=info.publisher,
        url=info.url,
        citation=info.citation,
    )


def _leg_view(leg: Leg) -> LegView:
    return LegView(base=leg.base, quote=leg.quote, rate=decimal_text(leg.rate), date=leg.date)


def _window_view(window: Window | None) -> WindowView | None:
    if window is None:
        return None
    return WindowView(start=window.start, end=window.end, rates_averaged=window.rates_averaged)


def rate_view(quote: Quote) -> RateView:
    return RateView(
        value=decimal_text(quote.display_rate()),
        base=quote.base,
        target=quote.target,
        requested_date=quote.requested_date,
        rate_date=quote.rate_date,
        fallback=None if quote.fallback is None else quote.fallback.value,
        fallback_detail=quote.fallback_detail,
        age_days=quote.age_days,
        path=list(quote.path),
        legs=[_leg_view(leg) for leg in quote.legs],
        basis=quote.basis,
        window=_window_view(quote.window),
        source=_source_view(quote.source),
    )


def conversion_view(
    conversion: Conversion, *, formatted_from: str | None = None, formatted_to: str | None = None
) -> ConversionView:
    return ConversionView(
        from_=AmountView(
            amount=decimal_text(conversion.source.amount),
            currency=conversion.source.currency,
            period=conversion.source_period.value,
            formatted=formatted_from,
        ),
        to=AmountView(
            amount=decimal_text(conversion.target.amount),
            currency=conversion.target.currency,
            period=conversion.target_period.value,
            formatted=formatted_to,
        ),
        rate=rate_view(conversion.quote),
        schedule=conversion.schedule.id,
        rounding=conversion.rounding.value,
    )


def schedule_view(schedule: WorkSchedule) -> ScheduleView:
    return ScheduleView(
        id=schedule.id,
        label=schedule.label,
        hours_per_day=decimal_text(schedule.hours_per_day),
        days_per_week=decimal_text(schedule.days_per_week),
        weeks_per_year=decimal_text(schedule.weeks_per_year),
        days_off=decimal_text(schedule.days_off),
        days_per_year=decimal_text(schedule.days_per_year),
        hours_per_year=decimal_text(schedule.hours_per_year),
        citation=schedule.citation,
    )


def coverage_view(coverage: Coverage, name: str, minor_units: int) -> CurrencyView:
    return CurrencyView(
        code=coverage.currency,
        name=name,
        minor_units=minor_units,
        first_date=coverage.first,
        last_date=coverage.last,
        ranges=list(coverage.ranges),
    )
