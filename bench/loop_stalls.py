"""``python -m bench.loop_stalls [SECONDS] [--unfreeze]``: what holds the event loop (issue 25).

Runs ``wagecalc serve`` (one worker) in a child process that records, for every callback the
event loop runs, its wall and CPU time (``asyncio.Handle._run`` wrapped), and for every
garbage collection its generation and wall and CPU time (``gc.callbacks``). While wrk sends
the worst-case request of :mod:`bench.event_loop` on 8 connections, ``GET /healthz`` is timed
on the main port; then the child writes its records and the figures are printed.

CPU time (``time.thread_time``) is what the process itself spent; wall time also counts the
time the machine's other tenants took the core, so on a shared machine read the CPU columns.
``--unfreeze`` calls ``gc.unfreeze()`` once the app has started, to see what freezing the
start-up heap (``wagecalc/api/liveness.py``) saves. A diagnostic, not a test: nothing is
asserted.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.event_loop import (
    _WRK_SCRIPT,
    FIRST_DAY,
    _healthz_latencies,
    _quantiles,
    _wrk,
    _wrk_figures,
    worst_body,
)
from bench.http import _ready, free_port


def _serve_instrumented(port: int, out: Path, unfreeze: bool) -> None:
    """The child: instrument, then run ``wagecalc serve``; SIGUSR1 writes the records."""
    collections: list[tuple[int, float, float]] = []
    steps: list[tuple[float, float]] = []
    started: list[float] = [0.0, 0.0]

    def on_collection(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started[:] = [time.perf_counter(), time.thread_time()]
            return
        wall = time.perf_counter() - started[0]
        cpu = time.thread_time() - started[1]
        collections.append((info["generation"], wall * 1000, cpu * 1000))

    gc.callbacks.append(on_collection)
    run = asyncio.Handle._run

    def timed_run(handle: asyncio.Handle) -> None:
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            run(handle)
        finally:
            steps.append(((time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000))

    asyncio.Handle._run = timed_run  # type: ignore[method-assign,assignment]

    def dump(*_: object) -> None:
        out.write_text(json.dumps({"collections": collections, "steps": steps}))

    signal.signal(signal.SIGUSR1, dump)

    if unfreeze:
        import wagecalc.api as api

        create = api.create_app

        def create_unfrozen() -> Any:
            app = create()
            app.on_startup.append(gc.unfreeze)
            return app

        api.create_app = create_unfrozen  # type: ignore[assignment]

    from wagecalc.server import serve

    sys.exit(serve(port=port, access_log=False))


def _summary(records: dict[str, Any], after: float) -> None:
    print("garbage collections (all, start-up included):")
    for generation in (0, 1, 2):
        found = [c for c in records["collections"] if c[0] == generation]
        if found:
            cpu = [c[2] for c in found]
            wall = [c[1] for c in found]
            print(
                f"  gen{generation}: {len(found):4d}  CPU total {sum(cpu):7.1f} ms, "
                f"max {max(cpu):6.1f} ms; wall max {max(wall):6.1f} ms"
            )
    gen2 = [round(c[2], 1) for c in records["collections"] if c[0] == 2]
    print(f"  gen2 CPU ms in order: {gen2}")
    steps = sorted(records["steps"][int(after) :], key=lambda s: s[1])
    cpu = [s[1] for s in steps]
    if cpu:
        print(
            f"loop callbacks while loaded: {len(cpu)}; CPU p50 {cpu[len(cpu) // 2]:.3f} ms, "
            f"p99 {cpu[int(len(cpu) * 0.99)]:.2f} ms, max {cpu[-1]:.2f} ms; "
            f"over 8 ms CPU: {sum(1 for c in cpu if c > 8)}; "
            f"over 8 ms wall but under 8 ms CPU (the core taken by others): "
            f"{sum(1 for s in steps if s[0] > 8 and s[1] <= 8)}"
        )


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if "--serve" in sys.argv:
        _serve_instrumented(int(args[0]), Path(args[1]), "--unfreeze" in sys.argv)
        return
    seconds = float(args[0]) if args else 5.0
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        records_file = Path(tmp) / "records.json"
        command = [sys.executable, "-m", "bench.loop_stalls", "--serve", str(port),
                   str(records_file), *(a for a in sys.argv[1:] if a == "--unfreeze")]  # fmt: skip
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while not _ready(port):
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the server did not start")
                time.sleep(0.1)
            print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
            script = Path(tmp) / "worst.lua"
            template = worst_body(0).decode().replace(FIRST_DAY.isoformat(), "%s")
            script.write_text(_WRK_SCRIPT.replace("BODY", template))
            load = _wrk(port, seconds + 2, script)
            time.sleep(1)
            os.kill(server.pid, signal.SIGUSR1)  # the records so far: start-up and warm-up
            time.sleep(0.5)
            warm = len(json.loads(records_file.read_text())["steps"])
            loaded = _quantiles(_healthz_latencies(port, seconds))
            output, _ = load.communicate(timeout=seconds + 60)
            os.kill(server.pid, signal.SIGUSR1)
            time.sleep(1)
            records = json.loads(records_file.read_text())
        finally:
            server.terminate()
            server.wait(30)
    figures = _wrk_figures(output)
    print(
        f"/healthz under 8 mean-120m clients: p50 {loaded['p50_ms']:.2f} ms, "
        f"p99 {loaded['p99_ms']:.2f} ms, max {loaded['max_ms']:.2f} ms (n={loaded['n']:.0f}); "
        f"wrk {figures['per_second']:.1f}/s"
    )
    _summary(records, warm)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
