"""Library timings: median time per call, as a ratio to a Decimal multiply-and-quantize."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from decimal import Decimal

from wagecalc import convert
from wagecalc.compare import compare, parse_salary
from wagecalc.conversion import default_source
from wagecalc.equivalents import equivalents
from wagecalc.rules import default_rules

DAY = dt.date(2023, 7, 26)
_A, _B, _CENT = Decimal("900000"), Decimal("4.5495071887"), Decimal("0.01")


def _baseline() -> Decimal:
    return (_A * _B).quantize(_CENT)


def _per_call(fn: Callable[[], object], seconds: float) -> float:
    """Seconds per call, from a batch sized to take about ``seconds``."""
    n = 1
    while True:
        start = time.perf_counter()
        for _ in range(n):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return elapsed / n
        n *= 2 if elapsed < seconds / 4 else 1 + int(seconds / max(elapsed, 1e-9))


def run(rounds: int = 7, seconds: float = 0.2) -> dict[str, dict[str, float]]:
    """Interleave baseline and each operation ``rounds`` times; report median ratios."""
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
    }
    for fn in ops.values():
        fn()  # warm caches (quotes, compiled formats) as a running service has them
    results: dict[str, dict[str, float]] = {}
    for name, fn in ops.items():
        ratios, times, bases = [], [], []
        for _ in range(rounds):
            base = _per_call(_baseline, seconds)
            op = _per_call(fn, seconds)
            bases.append(base)
            times.append(op)
            ratios.append(op / base)
        results[name] = {
            "median_us": statistics.median(times) * 1e6,
            "baseline_us": statistics.median(bases) * 1e6,
            "ratio_median": statistics.median(ratios),
            "ratio_min": min(ratios),
            "ratio_max": max(ratios),
        }
    return results
