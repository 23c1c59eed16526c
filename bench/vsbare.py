"""``python -m bench.vsbare [--rounds N] [--seconds S]``: wagecalc ÷ a bare Litestar hello-world.

The issue-14 table. Two servers run side by side, both pinned to CPU 0 and
served the same way (uvicorn, one worker, the same event loop, httptools, no
access log): ``wagecalc serve`` and bench/hello_app.py. wrk (``-t1 -c64``) runs on
CPU 1 and only against 127.0.0.1. Each round runs, for every row, the bare
``GET /hello`` (A) and then the wagecalc request (B), so a slow spell of the
machine falls on both sides of a ratio. The figure of a row is the median of
its B ÷ A over the rounds.

"Cold" rows send a new amount on every request (a counter in wrk's Lua script),
so every request runs its handler rather than the response cache; POST compare
changes the first salary's amount the same way.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import statistics
import subprocess
from pathlib import Path
from typing import Any

from bench.http import DATE, server, wrk

#: row → (method, target, the issue's target ratio or None). ``{n}`` is the counter.
ROWS: dict[str, tuple[str, str, float | None]] = {
    "/healthz": ("GET", "/healthz", 0.90),
    "convert, cold": ("GET", "/v1/convert?amount={n}&from=USD&to=MYR&date=" + DATE, 0.50),
    "equivalents, cold": ("GET", "/v1/equivalents?amount={n}&currency=USD&date=" + DATE, 0.33),
    "compare (GET), cold": (
        "GET",
        "/v1/compare?a={n}%20USD/year&b=200%20USD/day&currency=MYR&date=" + DATE,
        0.40,
    ),
    "compare (POST), cold": ("POST", "/v1/compare", 0.40),
    "convert, one URL (cached)": (
        "GET",
        f"/v1/convert?amount=900000&from=USD&to=MYR&date={DATE}",
        1.0,
    ),
}

#: POST compare's body with a new first amount per request (a Lua string concatenation).
_POST_LUA = (
    'counter = 100000\nwrk.method = "POST"\n'
    'wrk.headers["Content-Type"] = "application/json"\n'
    "request = function()\n  counter = counter + 1\n"
    '  local body = \'{"salaries":[{"label":"PM","amount":"\' .. counter .. '
    '\'","currency":"USD","period":"year"},'
    '{"label":"BG","amount":"200","currency":"USD","period":"day"}],'
    f'"currency":"MYR","date":"{DATE}"}}\'\n'
    '  return wrk.format(nil, "/v1/compare", nil, body)\nend\n'
)


def lua(method: str, target: str) -> str:
    """The wrk script of a row: a counter in the amount for cold rows."""
    if method == "POST":
        return _POST_LUA
    if "{n}" in target:
        head, tail = target.split("{n}")
        return (
            "counter = 100000\nrequest = function()\n  counter = counter + 1\n"
            f'  return wrk.format("GET", "{head}" .. counter .. "{tail}")\nend\n'
        )
    return f'request = function() return wrk.format("GET", "{target}") end\n'


def run(rounds: int, seconds: float, before: str | None = None) -> dict[str, dict[str, Any]]:
    """Interleaved rounds of bare hello (A) and each wagecalc row (B); the B ÷ A medians.

    ``before``: a directory holding another version's ``src`` (e.g. from ``git archive``);
    a third server runs it, and each round also measures it (rows named "… (before)").
    """
    names = [*ROWS, *(f"{r} (before)" for r in ROWS if before)]
    runs: dict[str, list[tuple[dict[str, float], dict[str, float]]]] = {r: [] for r in names}
    with contextlib.ExitStack() as stack:
        bare = stack.enter_context(server("bare"))[0]
        app = stack.enter_context(server("wagecalc"))[0]
        old = stack.enter_context(server("wagecalc", {"PYTHONPATH": before}))[0] if before else 0
        for port, path in ((bare, "/hello"), (app, "/healthz"), (old, "/healthz")):
            if port:
                wrk(port, "GET", path, 1)  # warm-up: first connections, caches
        for _ in range(rounds):
            for name, (method, target, _target) in ROWS.items():
                a = wrk(bare, "GET", "/hello", seconds)
                b = wrk(app, method, target, seconds, lua=lua(method, target))
                runs[name].append((a, b))
                if old:
                    b = wrk(old, method, target, seconds, lua=lua(method, target))
                    runs[f"{name} (before)"].append((a, b))
    results: dict[str, dict[str, Any]] = {}
    for name, pairs in runs.items():
        ratios = [b["rps"] / a["rps"] for a, b in pairs]
        results[name] = {
            "target": ROWS[name.removesuffix(" (before)")][2],
            "ratio_median": statistics.median(ratios),
            "ratio_min": min(ratios),
            "ratio_max": max(ratios),
            "ratios": ratios,
            "a_rps_median": statistics.median(a["rps"] for a, _ in pairs),
            "b_rps_median": statistics.median(b["rps"] for _, b in pairs),
            "b_p99_ms_median": statistics.median(b["latency_p99_ms"] for _, b in pairs),
            "non_2xx": sum(a["non_2xx"] + b["non_2xx"] for a, b in pairs),
            "socket_errors": sum(a["socket_errors"] + b["socket_errors"] for a, b in pairs),
        }
    return results


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.vsbare", description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument(
        "--before",
        metavar="DIR",
        help="also serve the src/ in DIR (another version) and measure it in the same rounds",
    )
    args = parser.parse_args()
    load = Path("/proc/loadavg").read_text().split()[:3]
    date = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    print(
        f"wagecalc ÷ bare Litestar hello, {date}, commit {commit}, {args.rounds} interleaved "
        f"rounds of {args.seconds:g} s, load average before {' '.join(load)}"
    )
    before = None if args.before is None else str(Path(args.before, "src").resolve())
    results = run(args.rounds, args.seconds, before)
    load_after = Path("/proc/loadavg").read_text().split()[:3]
    print(f"load average after: {' '.join(load_after)}")
    print(f"  {'row':<36} {'median':>7}  (min–max)      B/s     A/s   p99 B  non-2xx  target")
    for name, r in results.items():
        target = r["target"]
        verdict = (
            ""
            if target is None
            else f"≥ {target:.2f}: " + ("met" if r["ratio_median"] >= target else "not met")
        )
        print(
            f"  {name:<36} ×{r['ratio_median']:.2f}  ({r['ratio_min']:.2f}–{r['ratio_max']:.2f})"
            f"  {r['b_rps_median']:6.0f}  {r['a_rps_median']:6.0f}  "
            f"{r['b_p99_ms_median']:5.1f}ms  {r['non_2xx'] + r['socket_errors']:.0f}  {verdict}"
        )
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    path = out / f"vsbare-{date.replace(':', '')}.json"
    report = {
        "date": date,
        "commit": commit,
        "rounds": args.rounds,
        "seconds": args.seconds,
        "loadavg_before": load,
        "loadavg_after": load_after,
        "cpus": os.cpu_count(),
        "before": args.before,
        "rows": results,
    }
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
