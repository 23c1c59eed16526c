"""HTTP benchmarks against the real server: throughput, latency, start-up and memory.

The server runs pinned to CPU 0 and the load generator to CPU 1, so they do
not compete. Every throughput figure is a ratio to ``GET /healthz`` of the
same app and server (A), measured in interleaved rounds A, B, A, B …; start-up
and memory are ratios to a bare Litestar hello-world app served the same way.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from wagecalc.config import Settings

ROOT = Path(__file__).resolve().parent.parent
DATE = "2023-07-26"

#: name → (method, path or Lua script). "cold" variants change the amount on every request,
#: so that no answer repeats: they measure the full handler, not the response cache.
ENDPOINTS: dict[str, tuple[str, str]] = {
    "convert": ("GET", f"/v1/convert?amount=900000&from=USD&to=MYR&date={DATE}"),
    "equivalents": ("GET", f"/v1/equivalents?amount=900000&currency=USD&date={DATE}"),
    "compare (GET)": (
        "GET",
        f"/v1/compare?a=900000%20USD/year&b=200%20USD/day&currency=MYR&date={DATE}",
    ),
    "compare (POST)": ("POST", "/v1/compare"),
    "convert, cold": ("GET", "/v1/convert?amount={n}&from=USD&to=MYR&date=" + DATE),
    "equivalents, cold": ("GET", "/v1/equivalents?amount={n}&currency=USD&date=" + DATE),
    "compare (GET), cold": (
        "GET",
        "/v1/compare?a={n}%20USD/year&b=200%20USD/day&currency=MYR&date=" + DATE,
    ),
}
COMPARE_BODY = (
    '{"salaries":[{"label":"PM","amount":"900000","currency":"USD","period":"year"},'
    '{"label":"BG","amount":"200","currency":"USD","period":"day"}],'
    f'"currency":"MYR","date":"{DATE}"}}'
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _ready(port: int, path: str = "/readyz") -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as r:
            return bool(r.status == 200)
    except OSError:
        return False


#: bench/ apps that ``server`` can serve: kind → the app factory (``module:function``).
APPS = {
    "wagecalc": "wagecalc.api:create_app",
    "bare": "bench.hello_app:create_app",
    "params": "bench.params_app:create_app",
    "healthz-nomw": "bench.healthz_app:create_app",
    "handlers": "bench.handlers_app:create_app",
    "floor": "bench.floor_app:create_app",
}
#: The ASGI servers ``server`` can run an app under.
ASGI_SERVERS = ("uvicorn", "granian")


def _command(kind: str, port: int, asgi: str) -> list[str]:
    """The command line serving ``kind`` under ``asgi`` on 127.0.0.1:``port``, one worker."""
    loop = Settings().loop  # every server on the event loop `wagecalc serve` uses by default
    if asgi == "granian":
        granian = Path(sys.executable).with_name("granian")
        # No access log and no websockets, as `wagecalc serve`; granian's default HTTP is "auto"
        # (1.1 or 2 by what the client speaks: wrk and bench.openloop speak 1.1).
        return [
            sys.executable,
            str(granian),
            "--interface",
            "asgi",
            "--factory",
            APPS[kind],
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--loop",
            loop,
            "--no-ws",
            "--log-level",
            "warning",
        ]
    if asgi != "uvicorn":
        raise ValueError(f"unknown ASGI server {asgi!r}: one of {', '.join(ASGI_SERVERS)}")
    if kind == "wagecalc":
        return [
            sys.executable,
            "-m",
            "wagecalc",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--no-access-log",
        ]
    return [
        sys.executable,
        "-m",
        "uvicorn",
        APPS[kind],
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--loop",
        loop,  # served exactly as `wagecalc serve` serves by default
        "--http",
        "httptools",
        "--no-access-log",
        "--no-server-header",
        # `wagecalc serve` reads no X-Forwarded-* headers (proxy_headers=False); uvicorn's CLI
        # would, through one more ASGI layer on every request of the baseline and the floors.
        "--no-proxy-headers",
    ]


@contextlib.contextmanager
def server(
    kind: str, extra_env: dict[str, str] | None = None, asgi: str = "uvicorn"
) -> Iterator[tuple[int, subprocess.Popen[bytes], float]]:
    """Start an app on CPU 0: port, process, start-up s (process start to a 200 from /readyz).

    ``kind``: ``wagecalc`` (under uvicorn: ``wagecalc serve``), ``bare`` (bench/hello_app.py),
    ``params`` (bench/params_app.py), ``healthz-nomw`` (bench/healthz_app.py), ``handlers``
    (wagecalc's JSON API handlers without Edge, bench/handlers_app.py) or ``floor``
    (wagecalc plus do-nothing twins of its endpoints, bench/floor_app.py). ``asgi``:
    ``uvicorn`` or ``granian``, one worker either way (granian's worker is a child process of
    the returned one; :func:`tree_rss_kib` counts both).
    """
    port = free_port()
    if asgi == "granian" and not Path(sys.executable).with_name("granian").exists():
        # Not a wagecalc dependency: bench/run installs it when --server granian is asked for.
        raise RuntimeError("granian is not installed: `.venv/bin/pip install granian`")
    env = {k: v for k, v in os.environ.items() if not k.startswith("WAGECALC_")}
    env.update(extra_env or {})
    started = time.perf_counter()
    process = subprocess.Popen(
        ["taskset", "-c", "0", *_command(kind, port, asgi)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while not _ready(port):
            if process.poll() is not None or time.perf_counter() - started > 60:
                raise RuntimeError(f"{kind} under {asgi} did not start")
            time.sleep(0.005)
        yield port, process, time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(30)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (Linux: /proc/PID/task/TID/children)."""
    tree, index = [pid], 0
    while index < len(tree):
        for task in Path(f"/proc/{tree[index]}/task").iterdir():
            tree += [int(child) for child in (task / "children").read_text().split()]
        index += 1
    return tree


def tree_rss_kib(pid: int) -> int:
    """The RSS of ``pid`` and its descendants, summed: a server's whole footprint.

    For uvicorn with one worker that is one process. Granian runs its worker as a
    child of a supervising process, so both count; pages they share are counted
    twice, so for granian this is an upper bound.
    """
    return sum(rss_kib(p) for p in process_tree(pid))


def _lua(method: str, target: str) -> str:
    if method == "POST":
        body = COMPARE_BODY.replace('"', '\\"')
        return (
            'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
            f'wrk.body = "{body}"\n'
            f'request = function() return wrk.format(nil, "{target}") end\n'
        )
    if "{n}" in target:
        head, tail = target.split("{n}")
        return (
            "counter = 100000\nrequest = function()\n  counter = counter + 1\n"
            f'  return wrk.format("GET", "{head}" .. counter .. "{tail}")\nend\n'
        )
    return f'request = function() return wrk.format("GET", "{target}") end\n'


def wrk(
    port: int, method: str, target: str, seconds: float, lua: str | None = None
) -> dict[str, float]:
    """One wrk run on CPU 1 (-t1 -c64): requests/s, latency p99 and max, non-2xx and errors.

    ``lua``: wrk's script, by default made from ``method`` and ``target``.
    wrk gives up on a request after 2 s and counts it as a socket timeout.
    """
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_lua(method, target) if lua is None else lua)
    try:
        out = subprocess.run(
            [
                "taskset",
                "-c",
                "1",
                "wrk",
                "-t1",
                "-c64",
                "--latency",
                f"-d{round(seconds)}s",
                "-s",
                script.name,
                f"http://127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        ).stdout
    finally:
        os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])  # type: ignore[index]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    kinds = dict.fromkeys(("connect", "read", "write", "timeout"), 0.0)
    if errors:
        kinds = {kind: float(n) for kind, n in zip(kinds, errors.groups(), strict=True)}
    # "Latency  48.43ms  55.36ms  1.11s  98.60%" (mean, stdev, max) and "99%  239.47ms".
    duration = r"[\d.]+(?:us|ms|m|s)"
    latency = re.search(rf"^\s+Latency\s+{duration}\s+{duration}\s+({duration})", out, re.M)
    p99 = re.search(rf"^\s+99%\s+({duration})", out, re.M)
    return {
        "rps": rps,
        "non_2xx": float(bad[1]) if bad else 0.0,
        "socket_errors": sum(kinds.values()),
        **{f"socket_{kind}": n for kind, n in kinds.items()},
        "latency_max_ms": _ms(latency[1]) if latency else float("nan"),
        "latency_p99_ms": _ms(p99[1]) if p99 else float("nan"),
    }


def _ms(text: str) -> float:
    """wrk's "734.21us", "12.5ms", "1.92s", "1.05m" in milliseconds."""
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("m", 60_000.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    raise ValueError(f"not a wrk duration: {text!r}")


#: The floor twins (bench/floor_app.py) and the real endpoints they stand for, all cold.
FLOORS: dict[str, tuple[str, str]] = {
    "convert floor, cold": ("GET", "/floor/convert?amount={n}&from=USD&to=MYR&date=" + DATE),
    "convert, cold": ENDPOINTS["convert, cold"],
    "equivalents floor, cold": (
        "GET",
        "/floor/equivalents?amount={n}&currency=USD&date=" + DATE,
    ),
    "equivalents, cold": ENDPOINTS["equivalents, cold"],
    "compare (POST) floor": ("POST", "/floor/compare"),
    "compare (POST)": ENDPOINTS["compare (POST)"],
}
#: Each real endpoint above and its floor twin.
FLOOR_OF = {
    "convert, cold": "convert floor, cold",
    "equivalents, cold": "equivalents floor, cold",
    "compare (POST)": "compare (POST) floor",
}


def throughput(
    port: int, rounds: int, seconds: float, endpoints: dict[str, tuple[str, str]] = ENDPOINTS
) -> dict[str, dict[str, Any]]:
    """For each endpoint: rounds of A (healthz) then B; the median, min and max of B/A."""
    results: dict[str, dict[str, Any]] = {}
    wrk(port, "GET", "/healthz", 1)  # warm-up: first connections, caches
    for name, (method, target) in endpoints.items():
        ratios, a_rps, b_rps, bad, timeouts, worst = [], [], [], 0.0, 0.0, 0.0
        for _ in range(rounds):
            a = wrk(port, "GET", "/healthz", seconds)
            b = wrk(port, method, target, seconds)
            a_rps.append(a["rps"])
            b_rps.append(b["rps"])
            ratios.append(b["rps"] / a["rps"])
            bad += a["non_2xx"] + b["non_2xx"] + a["socket_errors"] + b["socket_errors"]
            timeouts += a["socket_timeout"] + b["socket_timeout"]
            worst = max(worst, b["latency_max_ms"])
        results[name] = {
            "ratio_median": statistics.median(ratios),
            "ratio_min": min(ratios),
            "ratio_max": max(ratios),
            "a_rps_median": statistics.median(a_rps),
            "b_rps_median": statistics.median(b_rps),
            "non_2xx_or_errors": bad,
            "of_which_timeouts": timeouts,
            "b_latency_max_ms": worst,
        }
    return results


def loop_comparison(rounds: int, seconds: float) -> dict[str, dict[str, Any]]:
    """``wagecalc serve`` on each event loop, at saturation: throughput and the slowest answer.

    Alternating servers (asyncio, uvloop, asyncio …), each driven by wrk on
    ``/healthz`` and on cold equivalents (the slowest answer). The medians of
    requests/s and of the per-run worst latency, and the count of requests wrk
    gave up on after 2 s.
    """
    targets = {"healthz": "/healthz", "equivalents, cold": ENDPOINTS["equivalents, cold"][1]}
    runs: dict[str, dict[str, list[dict[str, float]]]] = {
        loop: {name: [] for name in targets} for loop in ("asyncio", "uvloop")
    }
    for _ in range(rounds):
        for loop, by_target in runs.items():
            with server("wagecalc", {"WAGECALC_LOOP": loop}) as (port, _, _):
                wrk(port, "GET", "/healthz", 1)  # warm-up
                for name, target in targets.items():
                    by_target[name].append(wrk(port, "GET", target, seconds))
    return {
        f"{loop}, {name}": {
            "rps_median": statistics.median(r["rps"] for r in results),
            "p99_ms_median": statistics.median(r["latency_p99_ms"] for r in results),
            "max_ms_median": statistics.median(r["latency_max_ms"] for r in results),
            "max_ms_worst": max(r["latency_max_ms"] for r in results),
            "timeouts": sum(r["socket_timeout"] for r in results),
            "non_2xx": sum(r["non_2xx"] for r in results),
        }
        for loop, by_target in runs.items()
        for name, results in by_target.items()
    }


def latency(port: int, rate: float, seconds: int = 10) -> dict[str, float]:
    """p50 and p99 of GET /v1/convert at a fixed total rate (hey, 16 workers, on CPU 1)."""
    workers = 16
    out = subprocess.run(
        [
            "taskset",
            "-c",
            "1",
            "hey",
            "-z",
            f"{seconds}s",
            "-c",
            str(workers),
            "-q",
            f"{rate / workers:.1f}",
            f"http://127.0.0.1:{port}{ENDPOINTS['convert'][1]}",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout

    def pct(p: str) -> float:
        return float(re.search(rf"{p}% in ([\d.]+) secs", out)[1]) * 1000  # type: ignore[index]

    achieved = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])  # type: ignore[index]
    return {
        "rate_target": rate,
        "rate_achieved": achieved,
        "p50_ms": pct("50"),
        "p99_ms": pct("99"),
    }


def cold_latency(
    port: int, rate: float, seconds: float = 10, target: str = "convert"
) -> dict[str, float]:
    """p50, p99 and max of GET /v1/convert (or ``target``, a name in bench.openloop.TARGETS)
    with a new amount per request, at a fixed rate.

    bench/openloop.py on CPU 1: hey cannot vary the URL, so its figure is the cached
    answer's; this one is the handler's.
    """
    out = subprocess.run(
        [
            "taskset",
            "-c",
            "1",
            sys.executable,
            "-m",
            "bench.openloop",
            str(port),
            f"{rate:.1f}",
            f"{seconds:g}",
            target,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    result: dict[str, float] = json.loads(out)
    return result


def startup_and_memory(rounds: int, seconds: float) -> dict[str, Any]:
    """Start-up to the first 200 of /readyz, and RSS after a load round, against the bare app."""
    starts: dict[str, list[float]] = {"wagecalc": [], "bare": []}
    rss: dict[str, list[int]] = {"wagecalc": [], "bare": []}
    for _ in range(rounds):
        for kind in ("bare", "wagecalc"):
            with server(kind) as (port, process, started):
                starts[kind].append(started)
                path = "/hello" if kind == "bare" else ENDPOINTS["equivalents"][1]
                wrk(port, "GET", path, seconds)
                rss[kind].append(rss_kib(process.pid))
    # A first start, with no prepared form of the rates yet: the CSV is parsed.
    with (
        tempfile.TemporaryDirectory() as empty,
        server("wagecalc", {"WAGECALC_CACHE_DIR": empty}) as (_, _, first_start),
    ):
        pass
    ratios_start = [w / b for w, b in zip(starts["wagecalc"], starts["bare"], strict=True)]
    ratios_rss = [w / b for w, b in zip(rss["wagecalc"], rss["bare"], strict=True)]
    return {
        "startup_s": {k: statistics.median(v) for k, v in starts.items()},
        "startup_ratio_median": statistics.median(ratios_start),
        "startup_ratio_min": min(ratios_start),
        "startup_ratio_max": max(ratios_start),
        "first_start_s": first_start,
        "first_start_ratio": first_start / statistics.median(starts["bare"]),
        "rss_kib": {k: statistics.median(v) for k, v in rss.items()},
        "rss_ratio_median": statistics.median(ratios_rss),
        "rss_ratio_min": min(ratios_rss),
        "rss_ratio_max": max(ratios_rss),
    }
