"""Pay periods and the work schedules that convert between them.

A schedule says how much work a year holds: hours a day, days a week, weeks
a year, and days off (holidays and leave, paid but not worked). A year and a
month are calendar periods; a week is one of ``weeks_per_year``; a day and an
hour are days and hours *worked*, so a day rate is what a working day earns.

Conversion multiplies by the ratio of two per-year counts, both exact
decimals, and divides once: ``amount × per_year(from) / per_year(to)``.
"""

from __future__ import annotations

import enum
import re
from decimal import Decimal
from typing import Literal

import msgspec

from wagecalc.errors import (
    AmountNotFiniteError,
    EmptyScheduleError,
    InvalidPeriodError,
    InvalidScheduleError,
)
from wagecalc.money import WORK_CONTEXT

__all__ = [
    "DEFAULT_SCHEDULE",
    "PRESETS",
    "Period",
    "WorkSchedule",
    "convert_period",
    "parse_period",
    "parse_schedule",
]


class Period(enum.StrEnum):
    """The period a pay figure is quoted per."""

    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


#: A period's value, as :mod:`wagecalc.arguments`'s ``PeriodLike`` takes it.
_PeriodName = Literal["hour", "day", "week", "month", "year"]


def parse_period(text: str, *, field: str = "period") -> Period:
    """``'year'`` → :attr:`Period.YEAR`; anything else is an error naming the choices."""
    try:
        return Period(text)
    except ValueError:
        choices = ", ".join(p.value for p in Period)
        shown = text if len(text) <= 20 else text[:20] + "…"
        raise InvalidPeriodError(
            f"{field} {shown!r} is not a pay period: use one of {choices}", field=field
        ) from None


def _as_period(value: object, field: str) -> Period:
    """A Period, or its value parsed; any other type is a TypeError saying what to pass."""
    if isinstance(value, Period):
        return value
    if isinstance(value, str):
        return parse_period(value, field=field)
    raise TypeError(
        f"{field} must be a wagecalc.Period or one of 'hour', 'day', 'week', 'month', 'year', "
        f"not {type(value).__name__}"
    )


class WorkSchedule(msgspec.Struct, frozen=True, kw_only=True):
    """How much work a year holds, with where the convention comes from."""

    id: str
    label: str
    hours_per_day: Decimal
    days_per_week: Decimal
    weeks_per_year: Decimal = Decimal(52)
    days_off: Decimal = Decimal(0)
    citation: str = ""

    @property
    def days_per_year(self) -> Decimal:
        """Days worked in a year: ``days_per_week × weeks_per_year − days_off``."""
        return self.days_per_week * self.weeks_per_year - self.days_off

    @property
    def hours_per_year(self) -> Decimal:
        """Hours worked in a year (2,080 for ``us-2080``)."""
        return self.days_per_year * self.hours_per_day

    def per_year(self, period: Period | str) -> Decimal:
        """How many of ``period`` (a Period or its value, ``'month'``) a year holds."""
        if type(period) is not Period:
            period = _as_period(period, "period")
        if period is Period.YEAR:
            return Decimal(1)
        if period is Period.MONTH:
            return Decimal(12)
        if period is Period.WEEK:
            return self.weeks_per_year
        if period is Period.DAY:
            return self.days_per_year
        return self.hours_per_year

    def per_year_table(self) -> dict[Period, Decimal]:
        """:meth:`per_year` of every period, hour first (a new dict on each call)."""
        days = self.days_per_year
        return {
            Period.HOUR: days * self.hours_per_day,
            Period.DAY: days,
            Period.WEEK: self.weeks_per_year,
            Period.MONTH: _TWELVE,
            Period.YEAR: _ONE,
        }


_ONE, _TWELVE = Decimal(1), Decimal(12)


def convert_period(
    amount: Decimal,
    source: Period | _PeriodName,
    target: Period | _PeriodName,
    schedule: WorkSchedule | str,
) -> Decimal:
    """``amount`` per ``source`` expressed per ``target``, unrounded.

    Periods and the schedule may be typed or their strings (``'month'``, ``'us-2080'``).
    ``amount`` is a finite :class:`~decimal.Decimal` (an ``int`` is taken too); NaN and
    Infinity are an :class:`~wagecalc.errors.AmountNotFiniteError`, anything else a
    ``TypeError``.

    >>> convert_period(Decimal(900000), Period.YEAR, Period.MONTH, DEFAULT_SCHEDULE)
    Decimal('75000')
    >>> convert_period(Decimal(200), Period.DAY, Period.YEAR, DEFAULT_SCHEDULE)
    Decimal('52000')
    """
    given: object = amount
    if isinstance(given, int) and not isinstance(given, bool):
        amount = Decimal(given)
    elif not isinstance(given, Decimal):
        raise TypeError(f"amount must be a Decimal, not {type(given).__name__}")
    if not amount.is_finite():
        raise AmountNotFiniteError(
            f"amount must be a finite number, not {str(amount)[:20]!r}", field="amount"
        )
    source, target = _as_period(source, "source"), _as_period(target, "target")
    if not isinstance(schedule, WorkSchedule):
        if not isinstance(schedule, str):
            raise TypeError(
                "schedule must be a WorkSchedule, a preset id such as 'us-2080' or 'custom:…', "
                f"not {type(schedule).__name__}"
            )
        schedule = parse_schedule(schedule)
    if source is target:
        return amount
    numerator = WORK_CONTEXT.multiply(amount, schedule.per_year(source))
    return WORK_CONTEXT.divide(numerator, schedule.per_year(target))


def _preset(**kwargs: object) -> WorkSchedule:
    return msgspec.convert(kwargs, WorkSchedule, strict=False)


#: Named schedules with the source of each convention.
PRESETS: dict[str, WorkSchedule] = {
    s.id: s
    for s in (
        _preset(
            id="us-2080",
            label="US full-time year: 40 hours × 52 weeks = 2,080 hours",
            hours_per_day="8",
            days_per_week="5",
            weeks_per_year="52",
            citation="The usual US converter convention: 8-hour days, 5-day weeks, 52 weeks.",
        ),
        _preset(
            id="us-opm-2087",
            label="US federal (OPM) year: 2,087 hours",
            hours_per_day="8",
            days_per_week="5",
            weeks_per_year="52.175",
            citation=(
                "5 U.S.C. 5504(b): hourly rate = annual rate ÷ 2,087, the average paid hours "
                "of a year over a 28-year calendar cycle; 2,087 = 40 × 52.175."
            ),
        ),
        _preset(
            id="my-employment-act",
            label="Malaysia, 6-day week: 8 hours × 6 days = 48 hours",
            hours_per_day="8",
            days_per_week="6",
            weeks_per_year="52",
            citation=(
                "Employment Act 1955 (Malaysia): daily rate = monthly × 12 ÷ 52 ÷ days per week "
                "(MYR 1,500 a month = MYR 57.69 a day for a 6-day week); the Minimum Wages "
                "Order 2022 hourly rate MYR 7.21 = 1,500 × 12 ÷ (52 × 48)."
            ),
        ),
        _preset(
            id="my-employment-act-5day",
            label="Malaysia, 5-day week: 9 hours × 5 days = 45 hours",
            hours_per_day="9",
            days_per_week="5",
            weeks_per_year="52",
            citation=(
                "Employment Act 1955 (Malaysia): daily rate = monthly × 12 ÷ 52 ÷ days per week "
                "(MYR 1,500 a month = MYR 69.23 a day for a 5-day week); 9-hour days within the "
                "45-hour weekly limit in force since 1 January 2023."
            ),
        ),
    )
}

DEFAULT_SCHEDULE = PRESETS["us-2080"]

_CUSTOM_PREFIX = "custom:"
_FIELD_RE = re.compile(r"(?P<key>[a-z_]+)=(?P<value>\d{1,4}(?:\.\d{1,4})?)", re.ASCII)
_LIMITS: dict[str, tuple[Decimal, Decimal, bool]] = {
    # field: (lowest, highest, lowest allowed?)
    "hours_per_day": (Decimal(0), Decimal(24), False),
    "days_per_week": (Decimal(0), Decimal(7), False),
    "weeks_per_year": (Decimal(0), Decimal("52.1786"), False),  # 365.25 / 7, rounded up
    "days_off": (Decimal(0), Decimal(366), True),
}


def parse_schedule(spec: str, *, field: str = "schedule") -> WorkSchedule:
    """A preset by id (``us-2080``) or a custom schedule.

    A custom schedule names its figures: ``custom:hours_per_day=7.5,days_per_week=5``
    with optional ``weeks_per_year`` (default 52) and ``days_off`` (default 0).

    >>> parse_schedule("custom:hours_per_day=7.5,days_per_week=5").hours_per_year
    Decimal('1950.0')
    """
    if spec in PRESETS:
        return PRESETS[spec]
    if not spec.startswith(_CUSTOM_PREFIX):
        shown = spec if len(spec) <= 40 else spec[:40] + "…"
        raise InvalidScheduleError(
            f"{field} {shown!r} is not a schedule: use one of {', '.join(PRESETS)} or "
            "custom:hours_per_day=H,days_per_week=D[,weeks_per_year=W][,days_off=N]",
            field=field,
        )
    values: dict[str, Decimal] = {}
    for part in spec[len(_CUSTOM_PREFIX) :].split(","):
        match = _FIELD_RE.fullmatch(part)
        if match is None or match["key"] not in _LIMITS:
            raise InvalidScheduleError(
                f"{field}: {part[:40]!r} is not NAME=NUMBER with NAME one of {', '.join(_LIMITS)}",
                field=field,
            )
        if match["key"] in values:
            raise InvalidScheduleError(f"{field}: {match['key']} is given twice", field=field)
        values[match["key"]] = Decimal(match["value"])
    for required in ("hours_per_day", "days_per_week"):
        if required not in values:
            raise InvalidScheduleError(f"{field}: custom schedules need {required}", field=field)
    for key, value in values.items():
        low, high, low_ok = _LIMITS[key]
        if value > high or value < low or (value == low and not low_ok):
            bound = f"{'at least' if low_ok else 'more than'} {low} and at most {high}"
            raise InvalidScheduleError(f"{field}: {key} must be {bound}, not {value}", field=field)
    schedule = WorkSchedule(
        id=spec, label="custom schedule", citation="Given by the caller.", **values
    )
    if schedule.days_per_year <= 0:
        raise EmptyScheduleError(
            f"{field}: days_off ({schedule.days_off}) leaves no working days in the year",
            field=field,
        )
    return schedule
