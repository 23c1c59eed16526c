"""``python -m bench.defaults --quick`` runs and reports every figure BENCHMARKS.md quotes.

Not a timing test (no figure is compared with a limit here): it keeps the bench from
rotting, and its own check that the first conversion prepared both caches (the state
the cold-start row is defined in) runs with it.
"""

from __future__ import annotations

import json
import subprocess
import sys


def test_the_defaults_bench_runs_and_reports_each_figure() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.defaults", "--quick"],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(done.stdout)
    assert set(report) == {"equivalents_defaults", "cold_convert", "rss_10k_calls"}
    steady, cold, rss = (
        report["equivalents_defaults"],
        report["cold_convert"],
        report["rss_10k_calls"],
    )
    assert steady["pairs"] == 20 and steady["median_us"] > 0 and steady["baseline_us"] > 0
    assert cold["rounds"] == 5 and cold["cpu_ratio_median"] > 0 and cold["target_ratio"] == 2.0
    assert rss["calls"] == 1_000 and rss["rss_after_mb"] > 0 and rss["target_mb"] == 10.0
