"""A fixed-rate (open-loop) HTTP/1.1 load generator whose every request has a new URL.

``hey`` keeps a fixed rate but repeats one URL, which the response cache then
answers; ``wrk`` varies URLs but has no fixed rate. This sends request *i* at
``start + i / rate`` over keep-alive connections, whatever the answers before
it did, and measures each latency from that scheduled time: a stalled server
shows up as latency instead of as fewer requests sent (no coordinated
omission).

``python -m bench.openloop PORT RATE SECONDS [TARGET]``: prints the JSON that
:func:`run` returns; TARGET is a name in :data:`TARGETS` (default ``convert``).
The benchmark runs it on CPU 1, beside the server on CPU 0.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from collections.abc import Callable

__all__ = ["run"]

CONNECTIONS = 32


async def _request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, target: str) -> int:
    writer.write(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = None
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    if length is None:  # e.g. chunked: this client reads sized bodies only, so say so
        raise RuntimeError(f"an answer without Content-Length to {target}")
    await reader.readexactly(length)
    return status


async def _run(
    port: int, rate: float, seconds: float, target: Callable[[int], str]
) -> dict[str, float]:
    total = int(rate * seconds)
    queue: asyncio.Queue[tuple[int, float]] = asyncio.Queue()
    latencies: list[float] = []
    statuses: list[int] = []

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while True:
                index, scheduled = await queue.get()
                if index < 0:
                    return
                statuses.append(await _request(reader, writer, target(index)))
                latencies.append(time.perf_counter() - scheduled)
        finally:
            writer.close()

    workers = [asyncio.create_task(worker()) for _ in range(CONNECTIONS)]
    start = time.perf_counter() + 0.05
    for index in range(total):
        scheduled = start + index / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        queue.put_nowait((index, scheduled))
    for _ in workers:
        queue.put_nowait((-1, 0.0))
    await asyncio.gather(*workers)
    elapsed = time.perf_counter() - start
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "rate_target": rate,
        "rate_achieved": len(latencies) / elapsed,
        "requests": float(len(latencies)),
        "non_2xx": float(sum(1 for s in statuses if not 200 <= s < 300)),
        "p50_ms": cuts[49] * 1000,
        "p99_ms": cuts[98] * 1000,
        "max_ms": max(latencies) * 1000,
    }


def run(port: int, rate: float, seconds: float, target: Callable[[int], str]) -> dict[str, float]:
    """Send ``target(i)`` at ``rate`` per second for ``seconds``; latency percentiles in ms."""
    return asyncio.run(_run(port, rate, seconds, target))


#: The first amount. wrk's cold rows count up from 100,001 on the same server just before,
#: so the open-loop amounts start where no wrk run reaches (2,000 s at 50,000/s): none
#: of them is in the response cache, and they have as many digits.
FIRST = 200_000


def cold_convert(index: int) -> str:
    """A new amount on every request, so that no answer comes from the response cache."""
    return f"/v1/convert?amount={FIRST + index}&from=USD&to=MYR&date=2023-07-26"


def cold_equivalents(index: int) -> str:
    """Cold ``GET /v1/equivalents``: the query of bench.vsbare's "equivalents, cold" row."""
    return f"/v1/equivalents?amount={FIRST + index}&currency=USD&date=2023-07-26"


#: The command line's TARGET → the request of index *i*.
TARGETS: dict[str, Callable[[int], str]] = {
    "convert": cold_convert,
    "equivalents": cold_equivalents,
}


if __name__ == "__main__":
    port, rate, seconds = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
    target = TARGETS[sys.argv[4] if len(sys.argv) > 4 else "convert"]
    print(json.dumps(run(port, rate, seconds, target)))
