"""``python -m bench [--quick] [--skip-http]``: run every benchmark, print a table, write JSON.

Results go to bench/results/<UTC time>.json. Needs wrk, hey and taskset for
the HTTP part (Debian packages: wrk, hey, util-linux); bench/run installs them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

from bench import http, library


def _machine() -> dict[str, Any]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "kernel": platform.release(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer and shorter rounds")
    parser.add_argument("--skip-http", action="store_true", help="library timings only")
    parser.add_argument(
        "--loops",
        action="store_true",
        help="also compare the event loops (asyncio, uvloop) at saturation",
    )
    args = parser.parse_args()
    rounds, seconds = (3, 2.0) if args.quick else (5, 4.0)
    report: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        ).stdout.strip(),
        "rounds": rounds,
        "seconds_per_round": seconds,
    }
    print(f"wagecalc benchmarks, {report['date']}, {report['machine']['cpu']}")
    lib = library.run(pairs=60 if args.quick else 150)
    report["library"] = lib
    print(
        "\nlibrary: median time per call / (Decimal multiply + quantize), same process, "
        "alternating 10 ms batches"
    )
    for name, r in lib.items():
        print(
            f"  {name:<14} {r['median_us']:9.1f} µs  ×{r['ratio_median']:7.1f} "
            f"(quartiles ×{r['ratio_q1']:.1f}–×{r['ratio_q3']:.1f}, "
            f"min ×{r['ratio_min']:.1f}, max ×{r['ratio_max']:.1f}; "
            f"baseline {r['baseline_us']:.3f} µs; {r['pairs']:.0f} pairs)"
        )
    if not args.skip_http:
        with http.server("wagecalc") as (port, _, _):
            tp = http.throughput(port, rounds, seconds)
            report["throughput"] = tp
            print("\nHTTP throughput: B / A (A = GET /healthz, same app and server), wrk -t1 -c64")
            _print_rows(tp)
            saturation = tp["convert"]["b_rps_median"]
            lat = http.latency(port, saturation / 2)
            cold = http.cold_latency(port, tp["convert, cold"]["b_rps_median"] / 2)
            report["latency"] = {"convert": lat, "convert, cold": cold}
            print("\nlatency at half the measured saturation of each:")
            for name, r in report["latency"].items():
                how = "one URL (hey)" if name == "convert" else "cold (openloop)"
                print(
                    f"  GET /v1/convert, {how} at {r['rate_target']:.0f}/s "
                    f"({r['rate_achieved']:.0f}/s achieved): "
                    f"p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms"
                )
        with http.server("floor") as (port, _, _):
            floors = http.throughput(port, rounds, seconds, http.FLOORS)
        report["floors"] = floors
        print(
            "\nframework floor: do-nothing twins of the endpoints (bench/floor_app.py), same "
            "parameters, middlewares and headers, in one server with the real ones; B / A"
        )
        _print_rows(floors)
        for name, floor in http.FLOOR_OF.items():
            share = floors[name]["ratio_median"] / floors[floor]["ratio_median"]
            print(f"  {name}: ×{share:.2f} of its floor's throughput")
        sm = http.startup_and_memory(rounds, seconds)
        report["startup_memory"] = sm
        print(
            f"\nstart-up to first /readyz 200: ×{sm['startup_ratio_median']:.2f} the bare app "
            f"(min {sm['startup_ratio_min']:.2f}, max {sm['startup_ratio_max']:.2f}; "
            f"{sm['startup_s']['wagecalc']:.2f} s vs {sm['startup_s']['bare']:.2f} s)"
        )
        print(
            f"  first start, rates not yet prepared: ×{sm['first_start_ratio']:.2f} "
            f"({sm['first_start_s']:.2f} s)"
        )
        print(
            f"RSS after a load round:        ×{sm['rss_ratio_median']:.2f} the bare app "
            f"(min {sm['rss_ratio_min']:.2f}, max {sm['rss_ratio_max']:.2f}; "
            f"{sm['rss_kib']['wagecalc'] / 1024:.1f} MiB vs "
            f"{sm['rss_kib']['bare'] / 1024:.1f} MiB)"
        )
    if args.loops and not args.skip_http:
        loops = http.loop_comparison(rounds, seconds)
        report["loops"] = loops
        print("\nevent loops at saturation (wagecalc serve, wrk -t1 -c64; wrk gives up after 2 s)")
        for name, r in loops.items():
            print(
                f"  {name:<28} {r['rps_median']:6.0f}/s  p99 {r['p99_ms_median']:7.1f} ms  "
                f"slowest {r['max_ms_median']:7.1f} ms (worst run {r['max_ms_worst']:.0f} ms)  "
                f"given up {r['timeouts']:.0f}, non-2xx {r['non_2xx']:.0f}"
            )
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    path = out / f"{report['date'].replace(':', '')}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwrote {path}")
    return 0


def _print_rows(rows: dict[str, dict[str, Any]]) -> None:
    for name, r in rows.items():
        print(
            f"  {name:<24} ×{r['ratio_median']:.2f} (min {r['ratio_min']:.2f}, max "
            f"{r['ratio_max']:.2f}); B {r['b_rps_median']:.0f}/s, "
            f"A {r['a_rps_median']:.0f}/s, non-2xx or errors {r['non_2xx_or_errors']:.0f} "
            f"(timeouts {r['of_which_timeouts']:.0f}); slowest B {r['b_latency_max_ms']:.0f} ms"
        )


if __name__ == "__main__":
    raise SystemExit(main())
