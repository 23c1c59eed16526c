"""What a rate lookup answers: not a number but a quote that explains itself."""

from __future__ import annotations

import datetime as dt
import enum
import re
from decimal import Decimal
from typing import Protocol

import msgspec

from wagecalc.errors import InvalidBasisError
from wagecalc.money import WORK_CONTEXT

__all__ = [
    "SPOT",
    "Basis",
    "Coverage",
    "Fallback",
    "Leg",
    "Quote",
    "RateSource",
    "SourceInfo",
    "Window",
    "parse_basis",
    "same_currency_quote",
]


class Fallback(enum.StrEnum):
    """Why the rate's date is not the date that was asked for."""

    LATEST = "latest"
    """No date was asked for: the newest published rate."""
    NOT_PUBLISHED = "not-published"
    """No rate was published that day (weekend, holiday): the latest one before it."""
    AFTER_LAST_PUBLISHED = "after-last-published"
    """The date is after the newest rate the source has: that newest rate."""
    FUTURE_DATE = "future-date"
    """The date has not happened yet: treated as a request for the latest rate."""
    LIVE_UNAVAILABLE = "live-unavailable"
    """The live source failed: the embedded history answered instead."""


class SourceInfo(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """Where rates come from, enough for a reader to check them."""

    name: str
    title: str
    publisher: str
    url: str
    citation: str


class Leg(msgspec.Struct, frozen=True, gc=False):
    """One published rate a quote is built from: ``1 base = rate quote`` on ``date``.

    ``provider``: who published it, when a source relays several publishers
    (Frankfurter's key for a central bank, e.g. ``ECB``); None when the source
    has one publisher, named in the quote's :class:`SourceInfo`.
    """

    base: str
    quote: str
    rate: Decimal
    date: dt.date
    provider: str | None = None


class Window(msgspec.Struct, frozen=True, gc=False):
    """The dates an average rate was taken over, both ends included."""

    start: dt.date
    end: dt.date
    rates_averaged: int


class Quote(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """An exchange rate with its provenance: ``1 base = rate target``.

    ``numerator / denominator`` is the rate exactly as the published figures
    give it (for a cross rate through EUR, target-per-EUR over base-per-EUR);
    conversions multiply by the numerator and divide once, so no digit of a
    result depends on an intermediate rounding of the rate.
    """

    base: str
    target: str
    numerator: Decimal
    denominator: Decimal
    requested_date: dt.date | None
    rate_date: dt.date
    fallback: Fallback | None
    fallback_detail: str | None
    age_days: int
    path: tuple[str, ...]
    legs: tuple[Leg, ...]
    basis: str
    window: Window | None
    source: SourceInfo

    @property
    def rate(self) -> Decimal:
        """The rate to 60 significant digits (exact when the quotient terminates)."""
        return WORK_CONTEXT.divide(self.numerator, self.denominator)

    def display_rate(self, significant: int = 12) -> Decimal:
        """The rate rounded to ``significant`` digits, for people; never used to compute."""
        rate = self.rate
        if rate == 0:
            return rate
        digits = rate.adjusted() + 1 - significant
        return rate.quantize(Decimal(1).scaleb(digits), context=WORK_CONTEXT).normalize(
            WORK_CONTEXT
        )


class Coverage(msgspec.Struct, frozen=True):
    """The dates a source has rates for one currency: runs with no gap longer than its look-back.

    ``source``: the name of the source that answers for it when that is not the
    source asked (a networked source's embedded fallback: ``ecb``); None: that
    source. ``providers``: who publishes its rates (``European Central Bank``).
    """

    currency: str
    ranges: tuple[tuple[dt.date, dt.date], ...]
    source: str | None = None
    providers: tuple[str, ...] = ()

    @property
    def first(self) -> dt.date:
        return self.ranges[0][0]

    @property
    def last(self) -> dt.date:
        return self.ranges[-1][1]

    def describe(self) -> str:
        """``'2005-04-01 to 2026-10-30'`` (ranges joined by commas)."""
        return ", ".join(f"{a.isoformat()} to {b.isoformat()}" for a, b in self.ranges)


class Basis(msgspec.Struct, frozen=True, gc=False):
    """Spot (the rate of one day) or the mean of daily rates over a trailing window."""

    months: int = 0
    days: int = 0

    @property
    def is_spot(self) -> bool:
        return self.months == 0 and self.days == 0

    def __str__(self) -> str:
        if self.months:
            return f"mean-{self.months}m"
        if self.days:
            return f"mean-{self.days}d"
        return "spot"

    def window_start(self, end: dt.date) -> dt.date:
        """The window's first day (``mean-12m`` ending 2023-07-26 starts 2022-07-27)."""
        if self.days:
            return end - dt.timedelta(days=self.days - 1)
        month_index = end.year * 12 + end.month - 1 - self.months
        year, month = divmod(month_index, 12)
        month += 1
        day = min(end.day, _days_in_month(year, month))
        return dt.date(year, month, day) + dt.timedelta(days=1)


SPOT = Basis()

_BASIS_RE = re.compile(r"mean-(?P<n>[1-9]\d{0,3})(?P<unit>[dm])", re.ASCII)
_MAX_MONTHS = 120
_MAX_DAYS = 3660


def quote_arguments(
    on: object, basis: object, today: object
) -> tuple[dt.date | None, Basis, dt.date | None]:
    """A ``quote()``'s ``on``, ``basis`` and ``today`` as given when they are already a date
    (or None), a :class:`Basis` and a date (or None); otherwise parsed, or refused with the
    library's errors, as :func:`wagecalc.convert` does. Shared by every rate source."""
    if (
        (on is None or type(on) is dt.date)
        and type(basis) is Basis
        and (today is None or type(today) is dt.date)
    ):
        return on, basis, today
    # Imported late: wagecalc.arguments imports the rates package.
    from wagecalc.arguments import as_basis, as_date

    return as_date(on, field="on"), as_basis(basis), as_date(today, field="today")


def parse_basis(text: str, *, field: str = "basis") -> Basis:
    """``spot``, ``mean-<N>d`` (N days, up to 3,660) or ``mean-<N>m`` (N months, up to 120)."""
    if text == "spot":
        return SPOT
    match = _BASIS_RE.fullmatch(text)
    if match is not None:
        n = int(match["n"])
        if match["unit"] == "m" and n <= _MAX_MONTHS:
            return Basis(months=n)
        if match["unit"] == "d" and n <= _MAX_DAYS:
            return Basis(days=n)
    shown = text if len(text) <= 20 else text[:20] + "…"
    raise InvalidBasisError(
        f"{field} {shown!r} is not a rate basis: use spot, mean-<N>d (N ≤ {_MAX_DAYS}) "
        f"or mean-<N>m (N ≤ {_MAX_MONTHS}), e.g. mean-12m",
        field=field,
    )


def _days_in_month(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


class RateSource(Protocol):
    """Anything that answers quotes: the embedded ECB history, a live service."""

    @property
    def info(self) -> SourceInfo: ...

    def coverage(self) -> dict[str, Coverage]:
        """Every currency the source converts, with its dates."""
        ...

    def last_date(self) -> dt.date:
        """The newest date the source has any rate for."""
        ...

    def quote(
        self,
        base: str,
        target: str,
        on: dt.date | None = None,
        *,
        basis: Basis = SPOT,
        today: dt.date | None = None,
    ) -> Quote:
        """The rate from ``base`` to ``target`` at ``on`` (``None``: latest), explained.

        Errors name these parameters (``base``, ``target``, ``on``); the library's
        functions and the HTTP API map them to their own names."""
        ...


def same_currency_quote(
    code: str,
    on: dt.date | None,
    *,
    basis: Basis,
    today: dt.date | None,
    source: SourceInfo,
) -> Quote:
    """1 ``code`` = 1 ``code``: the quote of a conversion that needs no exchange rate.

    A salary put on another period in its own currency converts on any date, before
    the first published rate or in a currency the source does not publish; the quote
    says so (an empty path of legs, rate date the date asked, age 0).
    """
    day = on if on is not None else (today or dt.datetime.now(dt.UTC).date())
    return Quote(
        base=code,
        target=code,
        numerator=_ONE,
        denominator=_ONE,
        requested_date=on,
        rate_date=day,
        fallback=None,
        fallback_detail=None,
        age_days=0,
        path=(code,),
        legs=(),
        basis=str(basis),
        window=None,
        source=source,
    )


_ONE = Decimal(1)
