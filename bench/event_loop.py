"""``python -m bench.event_loop [SECONDS]``: does any request hold the event loop? (issue 25)

The worst cheap request found: ``POST /v1/compare`` with 10 salaries in 10 currencies,
``basis: mean-120m`` and a new date every time (so that no quote or answer is cached).

1. In the app, no server: time per request, median and p99, of that request and of the same
   request on ``basis: spot`` (the same-run baseline: the ratio says what a mean costs
   over a spot rate).
   Then the CPU time of one full garbage collection after those requests, with the start-up
   heap frozen as the service does (``api/liveness.py``) and, same process, unfrozen.
2. Over HTTP against ``wagecalc serve`` (one worker, ``WAGECALC_PROBE_PORT`` set): ``GET
   /healthz`` latency, p50/p99/max, on the main port and on the probe port, alone (baseline)
   and while 8 clients send the worst-case request back to back; the ratio of each loaded p99
   to its port's unloaded p99 (same run).

Figures are printed; no threshold is asserted (a benchmark, not a test).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import http.client
import itertools
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.http import _ready, free_port
from bench.inprocess import _scope

CURRENCIES = ["USD", "JPY", "GBP", "CHF", "AUD", "CAD", "SEK", "NOK", "SGD", "HKD"]
FIRST_DAY = dt.date(2019, 1, 7)


def worst_body(n: int, basis: str = "mean-120m") -> bytes:
    """The worst-case body for request ``n``: its own date (weekdays and weekends alike)."""
    day = FIRST_DAY + dt.timedelta(days=n % 2400)
    salaries = [
        {"label": f"salary {i}", "amount": "900000", "currency": code, "period": "year"}
        for i, code in enumerate(CURRENCIES)
    ]
    body = {"salaries": salaries, "currency": "MYR", "date": day.isoformat(), "basis": basis}
    return json.dumps(body).encode()


def _quantiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        "max_ms": ordered[-1] * 1000,
        "n": len(ordered),
    }


async def _in_app(requests: int) -> dict[str, dict[str, float]]:
    from wagecalc.api import create_app

    app = create_app()
    result: dict[str, dict[str, float]] = {}
    async with app.lifespan():
        for basis in ("spot", "mean-120m", "spot", "mean-120m"):
            counter = itertools.count(1)
            times: list[float] = []
            for _ in range(requests):
                body = worst_body(next(counter), basis)
                statuses: list[int] = []

                async def receive(body: bytes = body) -> dict[str, Any]:
                    return {"type": "http.request", "body": body, "more_body": False}

                async def send(message: dict[str, Any], statuses: list[int] = statuses) -> None:
                    if message["type"] == "http.response.start":
                        statuses.append(message["status"])

                started = time.perf_counter()
                await app(_scope("POST", "/v1/compare", b""), receive, send)  # type: ignore[arg-type]
                times.append(time.perf_counter() - started)
                if statuses != [200]:
                    raise RuntimeError(f"{basis}: status {statuses}")
            result[basis] = _quantiles(times)  # the second round of each (warm pairs) is kept
        frozen = gc.get_freeze_count()
        result["full collection, start-up heap frozen"] = _collection(frozen)
        gc.unfreeze()
        result["full collection, nothing frozen"] = _collection(frozen)
    return result


def _collection(frozen: int) -> dict[str, float]:
    """CPU ms of one ``gc.collect()`` (best of 3), the objects it traverses, those frozen."""
    best = float("inf")
    for _ in range(3):
        started = time.thread_time()
        gc.collect()
        best = min(best, time.thread_time() - started)
    return {"cpu_ms": best * 1000, "tracked": len(gc.get_objects()), "frozen": frozen}


def _healthz_latencies(port: int, seconds: float) -> list[float]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    samples: list[float] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        response.read()
        samples.append(time.perf_counter() - started)
        time.sleep(0.01)
    connection.close()
    return samples


def _probe_latencies(port: int, seconds: float) -> list[float]:
    """``GET /healthz`` on the probe port, a new connection each time (as a kubelet probes);
    every answer must be 200 (a 503 would mean the loop stalled past the limit)."""
    samples: list[float] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        response.read()
        connection.close()
        samples.append(time.perf_counter() - started)
        if response.status != 200:
            raise RuntimeError(f"the probe answered {response.status}")
        time.sleep(0.01)
    return samples


_WRK_SCRIPT = """
counter = 0
request = function()
  counter = counter + 1
  local t = os.time{year=2019, month=1, day=7, hour=12} + (counter % 2400) * 86400
  local body = string.format([[BODY]], os.date("!%Y-%m-%d", t))
  return wrk.format("POST", "/v1/compare", {["Content-Type"]="application/json"}, body)
end
"""


def _wrk(port: int, seconds: float, script: Path) -> subprocess.Popen[str]:
    """wrk (a separate process, so the load does not share this one's GIL): one thread,
    8 connections, each sending the worst-case request back to back with a new date."""
    return subprocess.Popen(
        ["wrk", "-t1", "-c8", f"-d{seconds:g}s", "--latency", "-s", str(script),
         f"http://127.0.0.1:{port}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip


def _wrk_figures(output: str) -> dict[str, float]:
    requests = re.search(r"Requests/sec:\s+([0-9.]+)", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    p99 = re.search(r"99%\s+([0-9.]+)(us|ms|s)\b", output)
    unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    return {
        "per_second": float(requests[1]) if requests else 0.0,
        "p99_ms": float(p99[1]) * unit[p99[2]] if p99 else 0.0,
        "non_2xx": float(errors[1]) if errors else 0.0,
    }


def _cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of process ``pid`` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def over_http(seconds: float) -> dict[str, dict[str, float]]:
    """/healthz on both ports alone, then each while wrk sends the worst-case request on 8
    connections."""
    port, probe = free_port(), free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "wagecalc", "serve", "--port", str(port), "--no-access-log"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "WAGECALC_PROBE_PORT": str(probe)},
    )
    try:
        deadline = time.monotonic() + 60
        while not _ready(port):
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("the server did not start")
            time.sleep(0.1)
        result = {
            "healthz alone": _quantiles(_healthz_latencies(port, seconds)),
            "probe healthz alone": _quantiles(_probe_latencies(probe, seconds)),
        }
        for basis in ("spot", "mean-120m"):
            with tempfile.TemporaryDirectory() as tmp:
                script = Path(tmp) / "worst.lua"
                template = worst_body(0, basis).decode().replace(FIRST_DAY.isoformat(), "%s")
                script.write_text(_WRK_SCRIPT.replace("BODY", template))
                load = _wrk(port, 2 * seconds + 2, script)
                time.sleep(1)  # every pair's running totals made; then measure
                cpu_before = _cpu_seconds(server.pid)
                loaded = _healthz_latencies(port, seconds)
                cpu = _cpu_seconds(server.pid) - cpu_before
                probed = _probe_latencies(probe, seconds)
                output, _ = load.communicate(timeout=2 * seconds + 60)
            figures = _wrk_figures(output)
            # The server's CPU per request while measured: what the machine's other tenants
            # do changes the wall-clock figures, not this one. (wrk's rate is over both halves.)
            served = figures["per_second"] * seconds + len(loaded)
            figures["server_cpu_ms_per_request"] = cpu / served * 1000
            result[f"healthz, 8 clients on {basis}"] = _quantiles(loaded)
            result[f"probe healthz, 8 clients on {basis}"] = _quantiles(probed)
            result[f"{basis} requests, 8 at once (wrk)"] = figures
        return result
    finally:
        server.terminate()
        server.wait(30)


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    print(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    in_app = asyncio.run(_in_app(100))
    print("POST /v1/compare, 10 salaries in 10 currencies, a new date each time (in the app)")
    for basis, q in in_app.items():
        if "cpu_ms" in q:
            print(
                f"  {basis:<40} {q['cpu_ms']:6.2f} ms CPU  ({q['tracked']:.0f} objects "
                f"traversed; {q['frozen']:.0f} frozen at start-up)"
            )
            continue
        print(f"  {basis:<10} p50 {q['p50_ms']:6.2f} ms  p99 {q['p99_ms']:6.2f} ms")
    ratio = in_app["mean-120m"]["p50_ms"] / in_app["spot"]["p50_ms"]
    print(f"  mean-120m ÷ spot (p50): {ratio:.2f}")
    print(f"over HTTP, one worker, {seconds:g} s each")
    http_figures = over_http(seconds)
    for name, q in http_figures.items():
        if "per_second" in q:
            print(
                f"  {name:<40} {q['per_second']:7.1f}/s  p99 {q['p99_ms']:6.2f} ms  "
                f"server CPU {q['server_cpu_ms_per_request']:.2f} ms/request  "
                f"non-2xx {q['non_2xx']:.0f}"
            )
            continue
        print(
            f"  {name:<40} p50 {q['p50_ms']:6.2f} ms  p99 {q['p99_ms']:6.2f} ms  "
            f"max {q['max_ms']:6.2f} ms  (n={q['n']:.0f})"
        )
    for basis in ("spot", "mean-120m"):
        for quantile in ("p50_ms", "p99_ms"):
            main_port = http_figures[f"healthz, 8 clients on {basis}"][quantile]
            probe_port = http_figures[f"probe healthz, 8 clients on {basis}"][quantile]
            print(
                f"  {quantile[:3]} under 8 {basis} clients ÷ alone: main port "
                f"{main_port / http_figures['healthz alone'][quantile]:.2f}, probe port "
                f"{probe_port / http_figures['probe healthz alone'][quantile]:.2f}; "
                f"probe ÷ main {probe_port / main_port:.2f}"
            )
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
