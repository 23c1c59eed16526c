"""``python -m bench.vsbare [--rounds N] [--seconds S] [--server granian] …``: ÷ a bare hello.

The issue-14 table. The servers run side by side, all pinned to CPU 0, one
worker each: the baseline, bench/hello_app.py under uvicorn (the same event loop,
httptools, no access log) as the issue defines it, and the measured apps, under
``--server`` (uvicorn by default: ``wagecalc serve``; or granian). wrk (``-t1
-c64``) runs on CPU 1 and only against 127.0.0.1. Each round runs, for every row,
the bare ``GET /hello`` (A) and then the row's request (B), so a slow spell of the
machine falls on both sides of a ratio. The figure of a row is the median of its
B ÷ A over the rounds.

"Cold" rows send a new amount on every request (a counter in wrk's Lua script),
so every request runs its handler rather than the response cache; POST compare
changes the first salary's amount the same way.

Besides wagecalc's rows, three floors, on the same server as wagecalc: bare
Litestar with ``/v1/convert``'s parameters (bench/params_app.py), wagecalc's
``/healthz`` handler alone (bench/healthz_app.py), and each cold row sent to
wagecalc's handlers alone, without Edge (bench/handlers_app.py); with ``--server
granian``, bare hello under granian too, the second baseline. After the rounds:
start-up (process start to the first 200 from ``/readyz``, each server started
once more per round) and RSS after the rounds, as ratios to the bare app; then
cold equivalents open loop (bench/openloop.py on CPU 1) at half the req/s its
wrk row reached in this run, against the issue's p99 ≤ 15 ms.
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
from typing import Any, NamedTuple

from bench.http import ASGI_SERVERS, DATE, cold_latency, server, tree_rss_kib, wrk


class Row(NamedTuple):
    """One row: what B sends, the issue's target for B ÷ A (or None), and which app answers."""

    method: str
    target: str
    goal: float | None
    app: str = "wagecalc"  # a kind of bench.http.server


_CONVERT_QUERY = "?amount={n}&from=USD&to=MYR&date=" + DATE

#: row → its request (``{n}`` is the counter), target ratio and app.
ROWS: dict[str, Row] = {
    "/healthz": Row("GET", "/healthz", 0.90),
    "/healthz handler alone (no mw)": Row("GET", "/healthz", None, "healthz-nomw"),
    "bare + convert's params, cold": Row("GET", "/hello/params" + _CONVERT_QUERY, None, "params"),
    "convert, cold": Row("GET", "/v1/convert" + _CONVERT_QUERY, 0.50),
    "equivalents, cold": Row("GET", "/v1/equivalents?amount={n}&currency=USD&date=" + DATE, 0.33),
    "compare (GET), cold": Row(
        "GET",
        "/v1/compare?a={n}%20USD/year&b=200%20USD/day&currency=MYR&date=" + DATE,
        0.40,
    ),
    "compare (POST), cold": Row("POST", "/v1/compare", 0.40),
    "convert, one URL (cached)": Row(
        "GET", f"/v1/convert?amount=900000&from=USD&to=MYR&date={DATE}", 1.0
    ),
}
# The cold rows again, to wagecalc's handlers alone (bench/handlers_app.py, no Edge): the
# handlers' and Litestar's share of each, the floor any edge would add to.
ROWS.update(
    {
        f"{name.removesuffix(', cold')} handler alone (no mw), cold": row._replace(
            goal=None, app="handlers"
        )
        for name, row in list(ROWS.items())
        if name.endswith(", cold") and row.app == "wagecalc"
    }
)
#: With ``--server granian``: the second baseline, bare hello under granian.
BARE_UNDER = "bare hello under {server}"
#: The issue's open-loop target: cold equivalents' p99 at half its saturation rate, in ms.
OPENLOOP_ROW, OPENLOOP_TARGET, OPENLOOP_P99_MS = "equivalents, cold", "equivalents", 15.0
#: The issue's target for start-up and RSS, ÷ the bare app (uvicorn), the footprints' baseline.
FOOTPRINT_GOAL, BASELINE = 1.5, "bare hello (uvicorn)"

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


def rows_for(asgi: str) -> dict[str, Row]:
    """The rows of a run with the measured apps under ``asgi``: bare hello under it first."""
    if asgi == "uvicorn":
        return dict(ROWS)
    return {BARE_UNDER.format(server=asgi): Row("GET", "/hello", None, "bare"), **ROWS}


def _spread(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def run(
    rounds: int,
    seconds: float,
    before: str | None = None,
    asgi: str = "uvicorn",
    openloop_seconds: float = 10.0,
) -> dict[str, Any]:
    """Interleaved rounds of bare hello (A) and each row (B); then start-up, RSS, open loop.

    ``before``: a directory holding another version's ``src`` (e.g. from ``git archive``);
    a further server runs it, and each round also measures it (rows named "… (before)").
    ``asgi``: the server of the measured apps; the baseline A is always uvicorn.
    ``openloop_seconds``: 0 skips the open-loop run.
    """
    rows = rows_for(asgi)
    olds = [name for name, row in rows.items() if before and row.app == "wagecalc"]
    runs: dict[str, list[tuple[dict[str, float], dict[str, float]]]] = {
        name: [] for name in [*rows, *(f"{name} (before)" for name in olds)]
    }
    #: label → (kind, ASGI server, extra environment): the servers whose footprint is reported.
    footprints: dict[str, tuple[str, str, dict[str, str]]] = {BASELINE: ("bare", "uvicorn", {})}
    if asgi != "uvicorn":
        footprints[f"bare hello ({asgi})"] = ("bare", asgi, {})
    footprints[f"wagecalc ({asgi})"] = ("wagecalc", asgi, {})
    if before:
        footprints[f"wagecalc ({asgi}, before)"] = ("wagecalc", asgi, {"PYTHONPATH": before})
    starts: dict[str, list[float]] = {label: [] for label in footprints}
    with contextlib.ExitStack() as stack:
        processes: dict[tuple[str, str, str], tuple[int, subprocess.Popen[bytes]]] = {}

        def serve(kind: str, under: str, env: dict[str, str]) -> int:
            """The port of ``kind`` under ``under``, started once and kept for the run."""
            key = (kind, under, env.get("PYTHONPATH", ""))
            if key not in processes:
                port, process, _ = stack.enter_context(server(kind, env, under))
                wrk(port, "GET", "/readyz", 1)  # warm-up: first connections, caches
                processes[key] = (port, process)
            return processes[key][0]

        bare = serve("bare", "uvicorn", {})
        ports = {name: serve(row.app, asgi, {}) for name, row in rows.items()}
        old = serve("wagecalc", asgi, {"PYTHONPATH": before}) if before else 0
        for _ in range(rounds):
            for label, (kind, under, env) in footprints.items():
                with server(kind, env, under) as (_, _, started):
                    starts[label].append(started)
            for name, (method, target, _goal, _app) in rows.items():
                a = wrk(bare, "GET", "/hello", seconds)
                b = wrk(ports[name], method, target, seconds, lua=lua(method, target))
                runs[name].append((a, b))
                if name in olds:
                    b = wrk(old, method, target, seconds, lua=lua(method, target))
                    runs[f"{name} (before)"].append((a, b))
        # RSS after the rounds: each server has served every row of its app, caches full.
        rss = {
            label: tree_rss_kib(processes[kind, under, env.get("PYTHONPATH", "")][1].pid)
            for label, (kind, under, env) in footprints.items()
        }
        results = _rows(runs, rows, asgi)
        openloop: dict[str, dict[str, Any]] = {}
        if openloop_seconds > 0:
            for name, port in (
                (OPENLOOP_ROW, ports[OPENLOOP_ROW]),
                (f"{OPENLOOP_ROW} (before)", old),
            ):
                if name in results:
                    rate = results[name]["b_rps_median"] / 2
                    try:
                        openloop[name] = cold_latency(port, rate, openloop_seconds, OPENLOOP_TARGET)
                    except subprocess.SubprocessError as exc:  # keep the rounds' figures
                        error = f"{exc}\n{getattr(exc, 'stderr', None) or ''}"[-2000:]
                        openloop[name] = {"rate_target": rate, "error": error}
    footprint = {
        label: {
            "startup_s": _spread(starts[label]),
            "startup_ratio": _spread(
                [s / b for s, b in zip(starts[label], starts[BASELINE], strict=True)]
            ),
            "rss_kib": rss[label],
            "rss_ratio": rss[label] / rss[BASELINE],
        }
        for label in footprints
    }
    return {"rows": results, "footprint": footprint, "openloop": openloop}


def _rows(
    runs: dict[str, list[tuple[dict[str, float], dict[str, float]]]],
    rows: dict[str, Row],
    asgi: str,
) -> dict[str, dict[str, Any]]:
    """Each row's B ÷ A over the rounds; with another server, also B ÷ bare hello under it."""
    second = runs.get(BARE_UNDER.format(server=asgi))
    results: dict[str, dict[str, Any]] = {}
    for name, pairs in runs.items():
        ratios = [b["rps"] / a["rps"] for a, b in pairs]
        results[name] = {
            "target": rows[name.removesuffix(" (before)")].goal,
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
        if second is not None:  # paired by round: the same round's bare hello under `asgi`
            under = [b["rps"] / g["rps"] for (_, b), (_, g) in zip(pairs, second, strict=True)]
            results[name][f"ratio_to_bare_{asgi}_median"] = statistics.median(under)
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
    parser.add_argument(
        "--server",
        choices=ASGI_SERVERS,
        default="uvicorn",
        help="serve wagecalc and the floors under this ASGI server (the baseline stays uvicorn)",
    )
    parser.add_argument(
        "--openloop-seconds",
        type=float,
        default=10.0,
        metavar="S",
        help="length of the open-loop run of cold equivalents (0: skip it)",
    )
    args = parser.parse_args()
    load = Path("/proc/loadavg").read_text().split()[:3]
    date = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    print(
        f"wagecalc ÷ bare Litestar hello (uvicorn), wagecalc under {args.server}, {date}, "
        f"commit {commit}, {args.rounds} interleaved rounds of {args.seconds:g} s, "
        f"load average before {' '.join(load)}"
    )
    before = None if args.before is None else str(Path(args.before, "src").resolve())
    report = run(args.rounds, args.seconds, before, args.server, args.openloop_seconds)
    load_after = Path("/proc/loadavg").read_text().split()[:3]
    print(f"load average after: {' '.join(load_after)}")
    _print(report, args.server, args.openloop_seconds)
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    path = out / f"vsbare-{date.replace(':', '')}.json"
    report = {
        "date": date,
        "commit": commit,
        "rounds": args.rounds,
        "seconds": args.seconds,
        "server": args.server,
        "openloop_seconds": args.openloop_seconds,
        "loadavg_before": load,
        "loadavg_after": load_after,
        "cpus": os.cpu_count(),
        "before": args.before,
        **report,
    }
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {path}")
    return 0


def _print(report: dict[str, Any], asgi: str, openloop_seconds: float) -> None:
    second = f"ratio_to_bare_{asgi}_median"
    extra = f"  ÷ bare {asgi}" if asgi != "uvicorn" else ""
    print(
        f"  {'row':<36} {'median':>7}  (min–max)      B/s     A/s   p99 B  non-2xx  target{extra}"
    )
    for name, r in report["rows"].items():
        goal = r["target"]
        verdict = (
            ""
            if goal is None
            else f"≥ {goal:.2f}: " + ("met" if r["ratio_median"] >= goal else "not met")
        )
        print(
            f"  {name:<36} ×{r['ratio_median']:.2f}  ({r['ratio_min']:.2f}–{r['ratio_max']:.2f})"
            f"  {r['b_rps_median']:6.0f}  {r['a_rps_median']:6.0f}  "
            f"{r['b_p99_ms_median']:5.1f}ms  {r['non_2xx'] + r['socket_errors']:.0f}  {verdict}"
            + (f"  ×{r[second]:.2f}" if second in r else "")
        )
    print(
        "start-up (process start to the first 200 from /readyz, median of one start a round) "
        f"and RSS after the rounds, ÷ bare hello (uvicorn); target ≤ {FOOTPRINT_GOAL:g}:"
    )
    for label, f in report["footprint"].items():
        s, ratio = f["startup_s"], f["startup_ratio"]
        verdicts = [
            "" if label == BASELINE else "met" if value <= FOOTPRINT_GOAL else "not met"
            for value in (ratio["median"], f["rss_ratio"])
        ]
        print(
            f"  {label:<28} start-up {s['median']:.2f} s ×{ratio['median']:.2f} "
            f"({ratio['min']:.2f}–{ratio['max']:.2f}) {verdicts[0]:<7}  "
            f"RSS {f['rss_kib'] / 1024:5.1f} MiB ×{f['rss_ratio']:.2f} {verdicts[1]}"
        )
    for name, r in report["openloop"].items():
        if "error" in r:
            print(f"{name}, open loop at {r['rate_target']:.0f}/s failed:\n{r['error']}")
            continue
        verdict = "met" if r["p99_ms"] <= OPENLOOP_P99_MS else "not met"
        print(
            f"{name}, open loop for {openloop_seconds:g} s at half its wrk req/s "
            f"({r['rate_target']:.0f}/s asked, {r['rate_achieved']:.0f}/s achieved): "
            f"p50 {r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms, max {r['max_ms']:.1f} ms, "
            f"non-2xx {r['non_2xx']:.0f}; p99 ≤ {OPENLOOP_P99_MS:g} ms: {verdict}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
