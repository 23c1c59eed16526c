"""Library timings: median time per call, as a ratio to a Decimal multiply-and-quantize."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from decimal import Decimal

from wagecalc import convert
from wagecalc.claims import check_claim
from wagecalc.comparison import compare, parse_salary
from wagecalc.conversion import default_source
from wagecalc.equivalence import equivalents
from wagecalc.rates.quotes import SPOT, Basis
from wagecalc.rates.series import _mean_series, _spot_series, pair_series
from wagecalc.rules import default_rules

DAY = dt.date(2023, 7, 26)
CHECK_DAY = dt.date(2023, 7, 31)
_A, _B, _CENT = Decimal("900000"), Decimal("4.5495071887"), Decimal("0.01")


def _baseline() -> Decimal:
    return (_A * _B).quantize(_CENT)


def _calls_per_batch(fn: Callable[[], object], seconds: float) -> int:
    """How many calls of ``fn`` take about ``seconds``."""
    n = 1
    while True:
        start = time.perf_counter()
        for _ in range(n):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= seconds / 2:
            return max(1, round(n * seconds / elapsed))
        n *= 2


def _batch(fn: Callable[[], object], n: int) -> float:
    """Seconds per call over one batch of ``n`` calls."""
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n


def _ten_year_scan() -> Callable[[], object]:
    """What check_claim does over a pair's rates, over ten years of USD/MYR days: lowest,
    highest, the days giving "about MYR 4.3 million" for USD 900,000, and the nearest one
    before the end (the series is made once per pair, as in a running service)."""
    from fractions import Fraction

    series = pair_series(default_source().history, "USD", "MYR", SPOT)
    days = series.between(dt.date(2016, 10, 31), dt.date(2026, 10, 30))
    low, high = Fraction(4250000, 900000), Fraction(4350000, 900000)

    def scan() -> object:
        return (
            series.lowest(days),
            series.highest(days),
            series.matching(days, low, high),
            series.first_matching(reversed(days), low, high),
        )

    return scan


def _mean_made(basis: Basis) -> Callable[[], object]:
    spot = _spot_series(default_source().history, "USD", "MYR")
    return lambda: _mean_series(spot, basis)


def run(pairs: int = 150, batch_seconds: float = 0.01) -> dict[str, dict[str, float]]:
    """Alternate short batches of the baseline and of each operation; report median ratios.

    Batches of about 10 ms, alternated ``pairs`` times: a slow spell of the
    (noisy, shared) machine then lands on both sides of a ratio, not on one.
    """
    rules = default_rules()
    default_source()
    salaries = [
        parse_salary("900000 USD/year", label="PM"),
        parse_salary("200 USD/day", label="BG"),
    ]
    ops: dict[str, Callable[[], object]] = {
        "convert": lambda: convert("900000", "USD", "MYR", on=DAY),
        "equivalents": lambda: equivalents("900000", "USD", on=DAY, rules=rules),
        "compare": lambda: compare(salaries, "MYR", on=DAY),
        # check: the story's figure, 31-day window, searched over the whole history
        "check": lambda: check_claim("900000", "USD", "4.3 million", "MYR", on=CHECK_DAY),
        "check scan, 10 years": _ten_year_scan(),
        # making a pair's series from the history (once per pair and basis in a service)
        "check series, made": lambda: _spot_series(default_source().history, "USD", "MYR"),
        # a mean basis's series from the spot one (once per pair and basis; the first
        # mean-basis check of a pair waits for it)
        "check series, mean-12m, made": _mean_made(Basis(months=12)),
    }
    for fn in ops.values():
        fn()  # warm caches (quotes, compiled formats) as a running service has them
    base_n = _calls_per_batch(_baseline, batch_seconds)
    results: dict[str, dict[str, float]] = {}
    for name, fn in ops.items():
        n = _calls_per_batch(fn, batch_seconds)
        ratios, times, bases = [], [], []
        for _ in range(pairs):
            base = _batch(_baseline, base_n)
            op = _batch(fn, n)
            bases.append(base)
            times.append(op)
            ratios.append(op / base)
        quartiles = statistics.quantiles(ratios, n=4)
        results[name] = {
            "median_us": statistics.median(times) * 1e6,
            "baseline_us": statistics.median(bases) * 1e6,
            "ratio_median": statistics.median(ratios),
            "ratio_q1": quartiles[0],
            "ratio_q3": quartiles[2],
            "ratio_min": min(ratios),
            "ratio_max": max(ratios),
            "pairs": pairs,
        }
    return results
