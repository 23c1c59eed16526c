"""A pair's series of window means, made from running totals in integers, is the series the
Decimal arithmetic made day by day (kept here as the reference), and each day's mean is the
one the rate source quotes, digit for digit."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from decimal import Context, Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from wagecalc.money import WORK_CONTEXT
from wagecalc.rates import EcbSource
from wagecalc.rates.ecb import MAX_GAP_DAYS
from wagecalc.rates.quotes import Basis
from wagecalc.rates.series import (
    PairSeries,
    _mean_series,
    _rounded,
    _spot_series,
    _window_starts,
)

CODES = ["EUR", "USD", "MYR", "JPY", "ISK", "GBP", "IDR", "HRK", "CHF"]
_EXACT_SUMS = Context(prec=400)


def _reference_means(spot: PairSeries, basis: Basis) -> PairSeries:
    """The series as it was made before: each daily rate to 60 digits with Decimal, exact
    running sums, a bisect and a Decimal division per day (40-90 ms a pair)."""
    daily = [
        WORK_CONTEXT.divide(Decimal(n), Decimal(d))
        for n, d in zip(spot.nums, spot.dens, strict=True)
    ]
    sums = [Decimal(0), *itertools.accumulate(daily, _EXACT_SUMS.add)]
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
        numerator, denominator = WORK_CONTEXT.divide(
            total, Decimal(end + 1 - first)
        ).as_integer_ratio()
        days.append(ordinal)
        nums.append(numerator)
        dens.append(denominator)
    return PairSeries(days, nums, dens)


bases = st.one_of(
    st.builds(lambda n: Basis(days=n), st.integers(1, 3660)),
    st.builds(lambda n: Basis(months=n), st.integers(1, 120)),
)


@settings(max_examples=30, deadline=None)
@given(
    base=st.sampled_from(CODES),
    target=st.sampled_from(CODES),
    basis=bases,
    picks=st.lists(st.integers(0, 10**6), min_size=1, max_size=12),
)
def test_the_means_series_is_the_decimal_one_and_the_quotes(
    ecb: EcbSource, base: str, target: str, basis: Basis, picks: list[int]
) -> None:
    """Any pair and mean basis: the same days as the reference, each rate within 10^-57 of
    it (the two sum differently rounded daily rates), the same sort keys, so the same
    lowest, highest and matches; and the days picked have exactly the quote's rate."""
    spot = _spot_series(ecb.history, base, target)
    fast, old = _mean_series(spot, basis), _reference_means(spot, basis)
    assert fast.days == old.days
    assert fast.keys == old.keys
    for index in range(len(old)):
        assert abs(fast.rate(index) - old.rate(index)) <= old.rate(index) / 10**57
    for pick in picks if len(fast) else []:
        index = pick % len(fast)
        quote = ecb.quote(base, target, fast.date(index), basis=basis)
        assert quote.rate_date == fast.date(index) and quote.basis == str(basis)
        assert fast.rate(index) == Fraction(quote.rate)


@settings(max_examples=300, deadline=None)
@given(
    numerator=st.integers(1, 10**90),
    denominator=st.integers(1, 10**80),
)
def test_rounded_is_the_work_contexts_division(numerator: int, denominator: int) -> None:
    """The integer rounding gives the value WORK_CONTEXT.divide gives (60 digits, half-even)."""
    n, d = _rounded(numerator, denominator)
    assert Fraction(n, d) == Fraction(WORK_CONTEXT.divide(Decimal(numerator), Decimal(denominator)))


@given(
    days=st.lists(st.dates(dt.date(1999, 1, 4), dt.date(2030, 12, 31)), min_size=1, max_size=50),
    basis=bases,
)
def test_window_starts_are_the_bases(days: list[dt.date], basis: Basis) -> None:
    """Each day's window start, computed a month at a time, is Basis.window_start's."""
    ordinals = sorted({d.toordinal() for d in days})
    expected = [basis.window_start(dt.date.fromordinal(o)).toordinal() for o in ordinals]
    assert list(_window_starts(ordinals, basis)) == expected


def test_a_rounding_tie_goes_to_the_even_digit() -> None:
    """Halfway between two 60-digit values, the even one (as Decimal's ROUND_HALF_EVEN)."""
    even, odd = int("1" * 59 + "25"), int("1" * 59 + "35")  # 61 digits, the last one a half
    assert Fraction(*_rounded(even, 1)) == int("1" * 59 + "2") * 10
    assert Fraction(*_rounded(odd, 1)) == int("1" * 59 + "4") * 10
    assert Fraction(*_rounded(even, 10**70)) == Fraction(int("1" * 59 + "2") * 10, 10**70)
