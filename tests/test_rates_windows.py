"""Window means from running totals (wagecalc.rates.windows) equal the mean of the published
daily cross rates, day by day, with the same gaps refused (issue 25, item 4)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import TODAY
from wagecalc.errors import RateGapError, RateUnavailableError
from wagecalc.rates import EcbSource
from wagecalc.rates.ecb import MAX_GAP_DAYS
from wagecalc.rates.quotes import Basis
from wagecalc.rates.windows import BLOCK, PairSums

CODES = ["EUR", "USD", "MYR", "JPY", "ISK", "GBP", "IDR", "HRK"]


def _reference(
    ecb: EcbSource, base: str, target: str, end: dt.date, basis: Basis
) -> tuple[Fraction, int] | tuple[int, int, None]:
    """The mean the straightforward way: every day of the window, exact fractions, the gap
    rule as documented (more than MAX_GAP_DAYS days without a rate, counted from the day
    before the window starts). A gap gives (before, after, None)."""
    history = ecb._history  # the test reads the same data the source was built on
    end_index = history.index_on_or_before(end)
    start = basis.window_start(history.date_at(end_index))
    previous = start.toordinal() - 1
    total, count = Fraction(0), 0
    for index in range(len(history.dates)):
        day = history.dates[index]
        if day < start.toordinal() or index > end_index:
            continue
        rates = [Fraction(1) if c == "EUR" else history.rate(c, index) for c in (base, target)]
        if any(r is None for r in rates):
            continue
        if day - previous - 1 > MAX_GAP_DAYS:
            return previous, day, None
        previous = day
        total += Fraction(rates[1]) / Fraction(rates[0])  # type: ignore[arg-type]
        count += 1
    return total / count, count


@settings(max_examples=60, deadline=None)
@given(
    base=st.sampled_from(CODES),
    target=st.sampled_from(CODES),
    end=st.dates(dt.date(2006, 1, 1), dt.date(2024, 12, 31)),
    days=st.integers(1, 3660),
)
def test_a_window_mean_is_the_mean_of_the_published_rates(
    ecb: EcbSource, base: str, target: str, end: dt.date, days: int
) -> None:
    """Any pair, end and window length: the same mean (to 10^-50), count and gaps as the
    day-by-day reference, or the same refusal."""
    basis = Basis(days=days)
    refusal: RateGapError | None = None
    try:
        quote = ecb.quote(base, target, end, basis=basis, today=TODAY)
    except RateGapError as gap:
        refusal = gap
    except RateUnavailableError:  # outside a currency's coverage: not this module's rule
        return
    if refusal is not None:
        expected = _reference(ecb, base, target, end, basis)
        assert len(expected) == 3, (str(refusal), expected)
        after = dt.date.fromordinal(expected[1]).isoformat()
        assert f"until {after}" in str(refusal)
        return
    mean, count = _reference(ecb, base, target, quote.rate_date, basis)[:2]
    assert quote.window is not None
    assert quote.window.rates_averaged == count
    assert abs(Fraction(quote.rate) - Fraction(mean)) < Fraction(1, 10**50)


def test_the_edges_of_blocks() -> None:
    """Windows starting and ending on every position of a block: sums and counts agree
    with a direct sum (synthetic data with gaps of one and of ten days)."""
    dates = [738000 + d for d in range(200) if d % 7 not in (5, 6)]
    numerators = [0 if i % 13 == 0 else 4_5000 + i for i in range(len(dates))]
    denominators = [1_1000 + 3 * i for i in range(len(dates))]
    numerators[60:70] = [0] * 10  # a gap longer than the allowed one
    sums = PairSums(dates, (numerators, 4), (denominators, 4), MAX_GAP_DAYS)
    for first in range(2 * BLOCK + 3):
        for end in range(first, len(dates)):
            if not numerators[end]:
                continue
            got = sums.window(first, end, dates[first], MAX_GAP_DAYS)
            days = [i for i in range(first, end + 1) if numerators[i]]
            exact = sum(Fraction(numerators[i], denominators[i]) for i in days)
            assert got.rates == len(days)
            assert abs(Fraction(got.scaled_total, 10**70) - exact) < Fraction(len(days), 10**70)
