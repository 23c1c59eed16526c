"""What the library's public functions accept for their typed arguments, and nothing looser.

Periods, schedules, bases, rounding modes and dates may be given as the typed
objects or as the documented strings (``"month"``, ``"us-2080"``, ``"mean-12m"``,
``"half-up"``, ``"2023-07-26"``); a string is parsed exactly as the HTTP API and
the CLI parse it, so both forms give the same result. Anything else is a
:class:`TypeError` that says what to pass, never a silent misreading.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Literal, TypeAlias

from wagecalc.dates import parse_date
from wagecalc.errors import InvalidDateError
from wagecalc.money import RoundingLike, RoundingMode, parse_rounding
from wagecalc.periods import Period, WorkSchedule, parse_period, parse_schedule
from wagecalc.rates.quotes import Basis, parse_basis

__all__ = [
    "BasisLike",
    "DateLike",
    "PeriodLike",
    "RoundingLike",
    "ScheduleLike",
    "StrPath",
    "as_basis",
    "as_date",
    "as_dates",
    "as_period",
    "as_rounding",
    "as_schedule",
]

StrPath: TypeAlias = str | os.PathLike[str]
"""A file or directory: text or any path object (a :class:`~pathlib.Path`)."""

PeriodLike = Period | Literal["hour", "day", "week", "month", "year"]
"""A :class:`Period` or one of ``'hour'``, ``'day'``, ``'week'``, ``'month'``, ``'year'``
(a :data:`~typing.Literal`: ``mypy --strict`` catches ``period="fortnight"``)."""
ScheduleLike = WorkSchedule | str
"""A :class:`WorkSchedule`, a preset id (``'us-2080'``) or ``'custom:hours_per_day=…'``."""
BasisLike = Basis | str
"""A :class:`Basis` or ``'spot'``, ``'mean-<N>d'``, ``'mean-<N>m'``."""
DateLike = dt.date | str
"""A :class:`datetime.date` (not a datetime) or ``'YYYY-MM-DD'``."""


def _refuse(field: str, value: object, expected: str) -> TypeError:
    return TypeError(f"{field} must be {expected}, not {type(value).__name__} {value!r:.40}")


def as_period(value: object, *, field: str = "period") -> Period:
    """``Period.MONTH`` or ``'month'`` → ``Period.MONTH``."""
    if isinstance(value, Period):
        return value
    if isinstance(value, str):
        return parse_period(value, field=field)
    raise _refuse(
        field, value, "a wagecalc.Period or one of 'hour', 'day', 'week', 'month', 'year'"
    )


def as_schedule(value: object, *, field: str = "schedule") -> WorkSchedule:
    """A WorkSchedule, a preset id or a ``custom:`` spec → a WorkSchedule."""
    if isinstance(value, WorkSchedule):
        return value
    if isinstance(value, str):
        return parse_schedule(value, field=field)
    raise _refuse(
        field, value, "a wagecalc.WorkSchedule, a preset id such as 'us-2080' or 'custom:…'"
    )


def as_basis(value: object, *, field: str = "basis") -> Basis:
    """A Basis or ``'spot'`` / ``'mean-<N>d'`` / ``'mean-<N>m'`` → a Basis."""
    if isinstance(value, Basis):
        return value
    if isinstance(value, str):
        return parse_basis(value, field=field)
    raise _refuse(field, value, "a wagecalc.Basis or 'spot', 'mean-<N>d' or 'mean-<N>m'")


def as_rounding(value: object, *, field: str = "rounding") -> RoundingMode:
    """A RoundingMode or ``'half-even'`` / ``'half-up'`` / ``'down'`` / ``'up'``."""
    if isinstance(value, RoundingMode):
        return value
    if isinstance(value, str):
        return parse_rounding(value, field=field)
    raise _refuse(field, value, "a wagecalc.RoundingMode or 'half-even', 'half-up', 'down' or 'up'")


def as_date(value: object, *, field: str = "date") -> dt.date | None:
    """None, a date or ``'YYYY-MM-DD'`` → a date or None; a datetime is refused."""
    if value is None:
        return None
    if type(value) is dt.date:
        return value
    if isinstance(value, str):
        return parse_date(value, field=field)
    if isinstance(value, dt.datetime):
        raise TypeError(
            f"{field} must be a datetime.date or 'YYYY-MM-DD', not a datetime "
            "(pass value.date(): a rate is of a day, not of an instant)"
        )
    if isinstance(value, dt.date):  # a date subclass: keep its day
        return dt.date(value.year, value.month, value.day)
    raise _refuse(field, value, "a datetime.date, 'YYYY-MM-DD' or None")


def as_dates(on: object, today: object) -> tuple[dt.date | None, dt.date | None]:
    """``on`` and ``today`` as dates (:func:`as_date`), with ``today`` not before ``on``.

    ``today`` stands in for the clock (reproducible answers); a ``today`` earlier than
    the date asked would make the rate younger than the question (a negative age), so
    it is refused. A date after the real today still answers with the newest rate,
    flagged ``future-date``: leave ``today`` out for that.
    """
    day, now = as_date(on, field="on"), as_date(today, field="today")
    if day is not None and now is not None and now < day:
        raise InvalidDateError(
            f"today {now.isoformat()} is before on {day.isoformat()}: pass a today no "
            "earlier than on, or leave today out (the clock's date, UTC)",
            field="today",
        )
    return day, now
