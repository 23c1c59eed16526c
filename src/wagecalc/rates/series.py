"""One currency pair's rates over many dates, prepared for scans: lowest, highest, which match.

A check of a reported figure asks, for every publication day of a window (or
of the whole history, to find when a rate last gave the figure), whether
``amount × rate`` falls in an interval. Quoting day by day would build a
:class:`~wagecalc.rates.quotes.Quote` of Decimals per day; a :class:`PairSeries`
holds each day's rate once as an exact fraction of integers (``nums[i] / dens[i]``)
and an integer sort key (``floor(rate × 10^48)``), so the scans are comparisons of
Python integers: the keys find candidates, and the exact fractions decide only
the days whose key sits on a bound. Series are made once per pair and basis.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
from collections.abc import Iterable, Sequence
from fractions import Fraction

from wagecalc.money import WORK_CONTEXT
from wagecalc.rates.ecb import MAX_GAP_DAYS, EcbHistory
from wagecalc.rates.quotes import SPOT, Basis
from wagecalc.rates.windows import DIGITS

__all__ = ["KEY_DIGITS", "PairSeries", "pair_series"]

#: Digits of the sort keys. Two different rates of published figures (at most ~18
#: digits each side of the fraction) differ by more than 10^-36, so keys this long
#: order them strictly and never tie two rates that differ.
KEY_DIGITS = 48
_KEY_SCALE = 10**KEY_DIGITS


class PairSeries:
    """The rate ``1 base = nums[i] / dens[i] target`` on each day ``days[i]`` (ordinals)."""

    __slots__ = ("days", "dens", "keys", "nums")

    def __init__(self, days: Sequence[int], nums: Sequence[int], dens: Sequence[int]) -> None:
        self.days = list(days)
        self.nums = list(nums)
        self.dens = list(dens)
        self.keys = [n * _KEY_SCALE // d for n, d in zip(self.nums, self.dens, strict=True)]

    def __len__(self) -> int:
        return len(self.days)

    def date(self, index: int) -> dt.date:
        return dt.date.fromordinal(self.days[index])

    def rate(self, index: int) -> Fraction:
        return Fraction(*self._fraction(index))

    def between(self, start: dt.date, end: dt.date) -> range:
        """The indices of the days from ``start`` to ``end``, both included."""
        first = bisect.bisect_left(self.days, start.toordinal())
        return range(first, bisect.bisect_right(self.days, end.toordinal()))

    @staticmethod
    def key_of(rate: Fraction) -> int:
        """The sort key a rate of exactly ``rate`` would have."""
        return _key_floor(rate)

    def lowest(self, indices: range) -> int:
        """The index of the lowest rate in ``indices`` (the earliest of equals)."""
        return min(indices, key=self.keys.__getitem__)

    def highest(self, indices: range) -> int:
        """The index of the highest rate in ``indices`` (the earliest of equals)."""
        return max(indices, key=self.keys.__getitem__)

    def matching(self, indices: Iterable[int], low: Fraction, high: Fraction) -> list[int]:
        """The indices whose rate is in ``[low, high)``, in the order given."""
        key_low, key_high = _key_floor(low), _key_floor(high)
        keys = self.keys
        return [i for i in indices if key_low <= keys[i] <= key_high and self._within(i, low, high)]

    def first_matching(self, indices: Iterable[int], low: Fraction, high: Fraction) -> int | None:
        """The first index in ``indices`` whose rate is in ``[low, high)``, or None."""
        key_low, key_high = _key_floor(low), _key_floor(high)
        keys = self.keys
        return next(
            (i for i in indices if key_low <= keys[i] <= key_high and self._within(i, low, high)),
            None,
        )

    def episode(
        self, index: int, low: Fraction, high: Fraction, step: int, gap_days: int
    ) -> tuple[int, int]:
        """From the matching ``index``, going by ``step`` (±1): the last matching index reached
        with no more than ``gap_days`` calendar days between one match and the next, and how
        many matching days that makes (``index`` included)."""
        last, count, days = index, 1, self.days
        while True:
            if step > 0:
                ahead = range(last + 1, bisect.bisect_right(days, days[last] + gap_days))
            else:
                ahead = range(last - 1, bisect.bisect_left(days, days[last] - gap_days) - 1, -1)
            following = self.first_matching(ahead, low, high)
            if following is None:
                return last, count
            last, count = following, count + 1

    def _fraction(self, index: int) -> tuple[int, int]:
        return self.nums[index], self.dens[index]

    def _within(self, index: int, low: Fraction, high: Fraction) -> bool:
        # Exact: low <= n/d < high with positive d, as integer products.
        n, d = self._fraction(index)
        return (
            n * low.denominator >= low.numerator * d and n * high.denominator < high.numerator * d
        )


class _MeanSeries(PairSeries):
    """Means of daily rates: day ``i``'s rate is ``totals[i] / (counts[i] × 10^DIGITS)``
    rounded to 60 significant digits (:func:`_rounded`), worked out only for the days a scan
    must decide exactly (those whose key sits on a bound: a few per check). The keys are
    made from the unrounded quotient, and exactly where rounding could move one."""

    __slots__ = ("_counts", "_exact", "_totals")

    def __init__(self, days: list[int], totals: list[int], counts: list[int]) -> None:
        self.days = days
        self._totals = totals
        self._counts = counts
        self._exact: dict[int, tuple[int, int]] = {}
        # floor(total / (count × 10^DIGITS) × 10^KEY_DIGITS), and how far past a key it is.
        units = [count * _TEN[DIGITS - KEY_DIGITS] for count in counts]
        parts = list(map(divmod, totals, units))
        keys = [key for key, _ in parts]
        # Rounding to 60 digits moves a rate below 10^7 by at most half its 60th digit,
        # 5 × 10^-54 (5 × 10^-6 of a key's step): only a quotient within 1/16384 of a step
        # can change its key, and those few (and any rate from 10^7) are worked out exactly.
        ceiling = _KEY_SCALE * _TEN[7]
        for index, ((key, past), unit) in enumerate(zip(parts, units, strict=True)):
            near = unit >> 14
            if past <= near or unit - past <= near or key >= ceiling:
                numerator, denominator = self._fraction(index)
                keys[index] = numerator * _KEY_SCALE // denominator
        self.keys = keys

    def _fraction(self, index: int) -> tuple[int, int]:
        found = self._exact.get(index)
        if found is None:
            found = _rounded(self._totals[index], self._counts[index] * _TEN[DIGITS])
            self._exact[index] = found
        return found


def _key_floor(bound: Fraction) -> int:
    """``floor(bound × 10^48)``: a rate whose key is outside the bounds' keys cannot match,
    one whose key equals a bound's key may or may not (decided exactly)."""
    return int(bound.numerator * _KEY_SCALE // bound.denominator)


def pair_series(history: EcbHistory, base: str, target: str, basis: Basis) -> PairSeries:
    """The series of ``base``→``target`` on every day both are published (made once)."""
    return _pair_series(history, base, target, basis)


@functools.lru_cache(maxsize=64)
def _pair_series(history: EcbHistory, base: str, target: str, basis: Basis) -> PairSeries:
    if basis.is_spot:
        return _spot_series(history, base, target)
    # A mean series starts from the spot one, kept (cached) for the pair's other bases.
    return _mean_series(_pair_series(history, base, target, SPOT), basis)


def _spot_series(history: EcbHistory, base: str, target: str) -> PairSeries:
    """``1 base = (t / 10^st) / (b / 10^sb) target`` = ``t·10^sb / (b·10^st)`` each day."""
    parts = history.parts
    count = len(history.dates)
    ones = itertools.repeat(1, count)
    t_values = ones if target == "EUR" else parts.values[target]
    b_values = itertools.repeat(1, count) if base == "EUR" else parts.values[base]
    t_scale = 10 ** (0 if target == "EUR" else parts.scales[target])
    b_scale = 10 ** (0 if base == "EUR" else parts.scales[base])
    days, nums, dens = [], [], []
    for day, t, b in zip(history.dates, t_values, b_values, strict=False):
        if t and b:  # 0 marks "not published"
            days.append(day)
            nums.append(t * b_scale)
            dens.append(b * t_scale)
    return PairSeries(days, nums, dens)


def _mean_series(spot: PairSeries, basis: Basis) -> PairSeries:
    """Each day's mean of the daily rates in the basis's window ending that day.

    The mean :meth:`~wagecalc.rates.ecb.EcbSource.quote` gives, digit for digit: each
    daily cross rate as ``floor(rate × 10^DIGITS)`` (as :class:`~wagecalc.rates.windows.
    PairSums` keeps it), summed exactly, divided by the count and rounded half-even to 60
    significant digits (``WORK_CONTEXT``). A day whose window starts before the pair's
    first rate or spans more than ``MAX_GAP_DAYS`` without one has no mean.

    All in integers, in one pass: running totals, a pointer to each window's first day
    (windows only move forward), keys from the unrounded quotients, and the rounded mean
    (:func:`_rounded`, the Decimal division done in integers) only where a scan needs it
    exactly. A pair's ~5,500 means cost a few milliseconds, where the Decimal arithmetic
    day by day cost 40-90 ms, which the first mean-basis check of each pair waited for.
    """
    days = spot.days
    if not days:
        return _MeanSeries([], [], [])
    scale = 10**DIGITS
    sums = [
        0,
        *itertools.accumulate(n * scale // d for n, d in zip(spot.nums, spot.dens, strict=True)),
    ]
    # gaps[i]: how many over-long gaps end at or before day i (a gap ends at the day after it).
    gaps = [
        0,
        *itertools.accumulate(int(b - a - 1 > MAX_GAP_DAYS) for a, b in itertools.pairwise(days)),
    ]
    first_day = days[0]
    starts = list(_window_starts(days, basis))
    # Each window's first day with a rate (at or before its end: start <= end).
    firsts = list(map(bisect.bisect_left, itertools.repeat(days), starts))
    kept = [
        end
        for end, (start, first) in enumerate(zip(starts, firsts, strict=True))
        if start >= first_day and days[first] - start <= MAX_GAP_DAYS and gaps[end] == gaps[first]
    ]
    totals = [sums[end + 1] - sums[firsts[end]] for end in kept]
    counts = [end + 1 - firsts[end] for end in kept]
    return _MeanSeries([days[end] for end in kept], totals, counts)


def _window_starts(days: Sequence[int], basis: Basis) -> Iterable[int]:
    """:meth:`Basis.window_start` of each day (ordinals), without a date object per day:
    a month's days share the month the window starts in, so only a new month needs dates."""
    if basis.days:
        return (ordinal - basis.days + 1 for ordinal in days)
    return _month_window_starts(days, basis.months)


def _month_window_starts(days: Sequence[int], months: int) -> Iterable[int]:
    # window_start(end) = (the day numbered min(end.day, its length) of the month ``months``
    # before end's) + 1 day.
    month_first = next_month_first = back_first = back_length = 0
    for ordinal in days:
        if ordinal >= next_month_first:
            day = dt.date.fromordinal(ordinal)
            month_first = day.replace(day=1).toordinal()
            year, month = divmod(day.year * 12 + day.month, 12)  # the month after day's
            next_month_first = dt.date(year, month + 1, 1).toordinal()
            year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
            back = dt.date(year, month + 1, 1)
            back_first = back.toordinal()
            year, month = divmod(year * 12 + month + 1, 12)
            back_length = dt.date(year, month + 1, 1).toordinal() - back_first
        yield back_first + min(ordinal - month_first + 1, back_length)


#: Powers of ten, for :func:`_rounded`.
_TEN = [10**i for i in range(400)]
_LOG10_2 = 0.30102999566398120


def _rounded(numerator: int, denominator: int) -> tuple[int, int]:
    """``numerator / denominator`` (both positive) rounded half-even to ``WORK_CONTEXT``'s 60
    significant digits, as ``(n, d)`` with ``n / d`` that value: what ``WORK_CONTEXT.divide``
    gives, in integers (about a quarter of its cost with the Decimals made and taken apart)."""
    digits = WORK_CONTEXT.prec
    # The quotient's magnitude from the bit lengths (off by one at most), then corrected.
    estimate = int((numerator.bit_length() - denominator.bit_length()) * _LOG10_2)
    shift = digits - 1 - estimate
    while True:
        if shift >= 0:
            quotient, remainder = divmod(numerator * _TEN[shift], denominator)
            scaled_denominator = denominator
        else:
            scaled_denominator = denominator * _TEN[-shift]
            quotient, remainder = divmod(numerator, scaled_denominator)
        if quotient >= _TEN[digits]:
            shift -= 1
        elif quotient < _TEN[digits - 1]:
            shift += 1
        else:
            break
    twice = 2 * remainder
    if twice > scaled_denominator or (twice == scaled_denominator and quotient & 1):
        quotient += 1
    if shift >= 0:
        return quotient, _TEN[shift]
    return quotient * _TEN[-shift], 1
