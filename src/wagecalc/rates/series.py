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
from decimal import Context, Decimal
from fractions import Fraction

from wagecalc.money import WORK_CONTEXT
from wagecalc.rates.ecb import MAX_GAP_DAYS, EcbHistory
from wagecalc.rates.quotes import Basis

__all__ = ["KEY_DIGITS", "PairSeries", "pair_series"]

#: Digits of the sort keys. Two different rates of published figures (at most ~18
#: digits each side of the fraction) differ by more than 10^-36, so keys this long
#: order them strictly and never tie two rates that differ.
KEY_DIGITS = 48
_KEY_SCALE = 10**KEY_DIGITS
#: Enough digits to add thousands of 60-digit daily rates without rounding.
_EXACT_SUMS = Context(prec=400)


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
        return Fraction(self.nums[index], self.dens[index])

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

    def _within(self, index: int, low: Fraction, high: Fraction) -> bool:
        # Exact: low <= n/d < high with positive d, as integer products.
        n, d = self.nums[index], self.dens[index]
        return (
            n * low.denominator >= low.numerator * d and n * high.denominator < high.numerator * d
        )


def _key_floor(bound: Fraction) -> int:
    """``floor(bound × 10^48)``: a rate whose key is outside the bounds' keys cannot match,
    one whose key equals a bound's key may or may not (decided exactly)."""
    return int(bound.numerator * _KEY_SCALE // bound.denominator)


def _ratio(value: Decimal) -> tuple[int, int]:
    """``value`` as integers ``n / 10^k``, unreduced (``as_integer_ratio``'s gcd is 10× slower)."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # a mean of positive rates is finite
    if exponent >= 0:
        return int(value), 1
    return int(value.scaleb(-exponent, _EXACT_SUMS)), 10**-exponent


def pair_series(history: EcbHistory, base: str, target: str, basis: Basis) -> PairSeries:
    """The series of ``base``→``target`` on every day both are published (made once)."""
    return _pair_series(history, base, target, basis)


@functools.lru_cache(maxsize=64)
def _pair_series(history: EcbHistory, base: str, target: str, basis: Basis) -> PairSeries:
    spot = _spot_series(history, base, target)
    return spot if basis.is_spot else _mean_series(spot, basis)


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

    As :meth:`~wagecalc.rates.ecb.EcbSource.quote` averages: the daily cross rates to
    60 digits; a day whose window starts before the pair's first rate or spans more
    than ``MAX_GAP_DAYS`` without one has no mean. Sums are exact here (prefix sums),
    where the quote rounds each addition to 60 digits: the two can differ in the
    60th digit, which no answer shows.
    """
    daily = [
        WORK_CONTEXT.divide(Decimal(n), Decimal(d))
        for n, d in zip(spot.nums, spot.dens, strict=True)
    ]
    sums = [Decimal(0), *itertools.accumulate(daily, _EXACT_SUMS.add)]
    # gaps[i]: how many over-long gaps end at or before day i (a gap ends at the day after it).
    gaps = [
        0,
        *itertools.accumulate(
            int(b - a - 1 > MAX_GAP_DAYS) for a, b in itertools.pairwise(spot.days)
        ),
    ]
    days, nums, dens = [], [], []
    first_day = spot.days[0] if spot.days else 0
    for end, ordinal in enumerate(spot.days):
        start = basis.window_start(dt.date.fromordinal(ordinal)).toordinal()
        if start < first_day:
            continue
        first = bisect.bisect_left(spot.days, start)
        if spot.days[first] - start > MAX_GAP_DAYS or gaps[end] != gaps[first]:
            continue
        total = _EXACT_SUMS.subtract(sums[end + 1], sums[first])
        mean = WORK_CONTEXT.divide(total, Decimal(end + 1 - first))
        numerator, denominator = _ratio(mean)
        days.append(ordinal)
        nums.append(numerator)
        dens.append(denominator)
    return PairSeries(days, nums, dens)
