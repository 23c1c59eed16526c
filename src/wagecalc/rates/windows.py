"""Means of daily cross rates over any window, at about the cost of a spot rate.

A ``mean-120m`` quote averages some 2,600 daily cross rates. Computed day by day with
Decimal, that took 10–20 ms per quote, and a ``POST /v1/compare`` of ten salaries in ten
currencies with a new date each time held the event loop for 100–200 ms (issue 25).

:class:`PairSums` is made once per currency pair (lazily, on its first mean; at most one
per pair of the ~30 currencies the data has): every daily cross rate of the pair as an
integer, ``floor(rate × 10^DIGITS)``, summed into running totals kept every
:data:`BLOCK` days, with the days of the pair's gaps longer than ``MAX_GAP_DAYS``. A
window's sum is then two block totals and at most ``2 × BLOCK`` daily rates at its edges;
its count and its gaps come from the same tables.

Exactness: each daily rate is exact to 10^-70 (floor), so the sum of up to 9,000 of them
is exact to below 10^-66 and the mean is the exact mean of the published rates to far
beyond the 60 significant digits the mean is given to (``WORK_CONTEXT``).
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Sequence
from typing import NamedTuple

__all__ = ["BLOCK", "DIGITS", "PairSums", "WindowSum"]

#: Days per stored running total: a window's edges cost at most twice this many divisions.
#: 32 keeps a pair's tables at about 12 KB (9,000 days), all pairs under 12 MB.
BLOCK = 32
#: Decimal places each daily rate is kept to.
DIGITS = 70


class WindowSum(NamedTuple):
    """The daily rates of a window: their sum × 10^DIGITS, how many, and the first gap."""

    scaled_total: int
    rates: int
    gap: tuple[int, int] | None
    """(last day with a rate, next day with one), as ordinals, of the first gap longer
    than the allowed one inside the window (counted from the day before it starts)."""


class PairSums:
    """Running totals of one pair's daily cross rates (``target`` per ``base``)."""

    __slots__ = (
        "_counts",
        "_dates",
        "_den",
        "_factor",
        "_gap_before",
        "_gap_days",
        "_num",
        "_sums",
    )

    def __init__(
        self,
        dates: Sequence[int],
        numerators: tuple[Sequence[int], int],
        denominators: tuple[Sequence[int], int],
        max_gap_days: int,
    ) -> None:
        """``numerators``: the target's EUR rates as scaled integers and their scale (EUR
        itself: all 1, scale 0); ``denominators`` the base's; 0 is a day without a rate."""
        num, num_scale = numerators
        den, den_scale = denominators
        # (num / 10^ns) / (den / 10^ds) × 10^DIGITS = num × 10^(DIGITS + ds − ns) / den
        factor = 10 ** (DIGITS + den_scale - num_scale)
        sums = [0]
        counts = array("i", [0])
        gap_days: list[int] = []
        gap_before: list[int] = []
        total = count = 0
        previous = -1
        for index in range(len(dates)):
            a, b = num[index], den[index]
            if a and b:
                total += a * factor // b
                count += 1
                day = dates[index]
                if previous >= 0 and day - previous - 1 > max_gap_days:
                    gap_days.append(day)
                    gap_before.append(previous)
                previous = day
            if (index + 1) % BLOCK == 0:
                sums.append(total)
                counts.append(count)
        self._dates = dates
        self._num, self._den, self._factor = num, den, factor
        self._sums, self._counts = sums, counts
        self._gap_days, self._gap_before = gap_days, gap_before

    def _before(self, index: int) -> tuple[int, int]:
        """(scaled sum, count) of the daily rates at indexes below ``index``."""
        block = index // BLOCK
        total, count = self._sums[block], self._counts[block]
        num, den, factor = self._num, self._den, self._factor
        for i in range(block * BLOCK, index):
            a, b = num[i], den[i]
            if a and b:
                total += a * factor // b
                count += 1
        return total, count

    def window(self, first: int, end: int, start_ordinal: int, max_gap_days: int) -> WindowSum:
        """The rates at indexes ``first`` to ``end`` (both included; ``end`` has one), in a
        window whose first calendar day is ``start_ordinal``."""
        high_total, high_count = self._before(end + 1)
        low_total, low_count = self._before(first)
        # The first day with a rate, for the gap at the window's start.
        num, den, dates = self._num, self._den, self._dates
        index = first
        while not (num[index] and den[index]):
            index += 1
        first_day = dates[index]
        gap: tuple[int, int] | None = None
        if first_day - start_ordinal > max_gap_days:
            gap = (start_ordinal - 1, first_day)
        else:
            at = bisect.bisect_right(self._gap_days, first_day)
            if at < len(self._gap_days) and self._gap_days[at] <= dates[end]:
                gap = (self._gap_before[at], self._gap_days[at])
        return WindowSum(high_total - low_total, high_count - low_count, gap)
