"""Per-request time inside the app, without a server: where a request's cost goes.

``python -m bench.inprocess``: the floor app (bench/floor_app.py, which is
wagecalc's app plus do-nothing twins of its endpoints) is called directly as
an ASGI app, request after request, each with a new amount. It prints the
best time per request over alternating rounds for ``/healthz``, each real
endpoint and its twin. The differences split a request's cost into:

- the app's fixed cost (``/healthz``: routing, middlewares, security headers);
- what an endpoint of that shape costs on this stack (twin − ``/healthz``);
- wagecalc's own work (real − twin).

The server's share (uvicorn, the socket) is what wrk sees on top of these.
Best of the rounds, not the median: this measures what the code costs, not
what the machine's other tenants did meanwhile.
"""

from __future__ import annotations

import asyncio
import itertools
import sys
import time
from collections.abc import Callable
from typing import Any

from bench.floor_app import create_app
from bench.http import COMPARE_BODY, DATE

__all__ = ["measure"]

_JSON = [(b"content-type", b"application/json")]

#: name → (method, path, query for request n)
REQUESTS: dict[str, tuple[str, str, Callable[[int], bytes]]] = {
    "healthz": ("GET", "/healthz", lambda n: b""),
    "convert": (
        "GET",
        "/v1/convert",
        lambda n: f"amount={n}&from=USD&to=MYR&date={DATE}".encode(),
    ),
    "convert twin": (
        "GET",
        "/floor/convert",
        lambda n: f"amount={n}&from=USD&to=MYR&date={DATE}".encode(),
    ),
    "equivalents": (
        "GET",
        "/v1/equivalents",
        lambda n: f"amount={n}&currency=USD&date={DATE}".encode(),
    ),
    "equivalents twin": (
        "GET",
        "/floor/equivalents",
        lambda n: f"amount={n}&currency=USD&date={DATE}".encode(),
    ),
    "compare (POST)": ("POST", "/v1/compare", lambda n: b""),
    "compare (POST) twin": ("POST", "/floor/compare", lambda n: b""),
}


def _scope(method: str, path: str, query: bytes) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query,
        "headers": [(b"host", b"127.0.0.1"), *(_JSON if method == "POST" else [])],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 8000),
    }


async def _measure(rounds: int, per_round: int) -> dict[str, float]:
    app = create_app()
    body = COMPARE_BODY.encode()
    status: list[int] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    async with app.lifespan():
        counter = itertools.count(100_000)
        best = dict.fromkeys(REQUESTS, float("inf"))
        for _ in range(rounds):
            for name, (method, path, query) in REQUESTS.items():
                started = time.perf_counter()
                for _ in range(per_round):
                    await app(_scope(method, path, query(next(counter))), receive, send)  # type: ignore[arg-type]
                best[name] = min(best[name], (time.perf_counter() - started) / per_round)
                if set(status) != {200}:
                    raise RuntimeError(f"{name}: statuses {sorted(set(status))}")
                status.clear()
    return {name: seconds * 1e6 for name, seconds in best.items()}


def measure(rounds: int = 40, per_round: int = 200) -> dict[str, float]:
    """Best microseconds per request of each of :data:`REQUESTS`, over alternating rounds."""
    return asyncio.run(_measure(rounds, per_round))


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    times = measure(rounds)
    base = times["healthz"]
    print(f"µs per request inside the app (best of {rounds} rounds of 200)")
    print(f"  {'healthz':<20} {base:7.1f}")
    for name in ("convert", "equivalents", "compare (POST)"):
        real, twin = times[name], times[f"{name} twin"]
        print(
            f"  {name:<20} {real:7.1f}  = healthz {base:.0f} + endpoint shape {twin - base:.0f}"
            f" + wagecalc's work {real - twin:.0f}"
        )


if __name__ == "__main__":
    main()
