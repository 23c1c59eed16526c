"""Where a request's time goes inside the app: a deterministic profile, grouped by layer.

``python -m bench.profile [cprofile|count] [REQUEST] [N]``

- ``cprofile`` (default): N requests (default 2,000) of REQUEST called directly as
  ASGI (no server) under cProfile, after a warm-up of 200; prints each layer's
  share of the own time (wagecalc's edge: its middleware, answer headers, cache and ETag,
  Litestar's parameter parsing, the rest of Litestar, wagecalc's library and
  views, serialisation, the standard library) and the top functions.
- ``count``: N requests and nothing else, for an instruction count under
  ``valgrind --tool=callgrind`` (run it with two values of N; the difference of
  the totals divided by the difference of N is the count per request, free of
  start-up and of the machine's load).

REQUEST is one of ``hello`` (the bare Litestar app, bench/hello_app.py), ``hello-params``
(a bare handler with ``/v1/convert``'s parameters, bench/params_app.py, a new amount each time),
``healthz``, ``healthz-nomw`` (wagecalc's ``/healthz`` handler alone in a Litestar app
with no middlewares and no ``before_send`` hooks, bench/healthz_app.py), ``convert``,
``equivalents``, ``compare-get``, ``compare-post`` (wagecalc's app, a new amount on every request;
for ``compare-post``, a new first amount in the body), and each of these four with ``-nomw``
(the same request to wagecalc's handlers alone, bench/handlers_app.py: no ``Edge``); and the
other routes of the same queries, a new amount each time: ``embed-equivalents``,
``embed-compare``, ``card-equivalents``, ``card-compare`` (the SVG cards), ``check`` and
``check-card``.
"""

from __future__ import annotations

import asyncio
import cProfile
import itertools
import pstats
import sys
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from bench.http import COMPARE_BODY, DATE

#: name → (method, path, query of request n)
REQUESTS: dict[str, tuple[str, str, Callable[[int], bytes]]] = {
    "hello": ("GET", "/hello", lambda n: b""),
    "healthz": ("GET", "/healthz", lambda n: b""),
    "healthz-nomw": ("GET", "/healthz", lambda n: b""),
    "hello-params": (
        "GET",
        "/hello/params",
        lambda n: f"amount={n}&from=USD&to=MYR&date={DATE}".encode(),
    ),
    "convert": ("GET", "/v1/convert", lambda n: f"amount={n}&from=USD&to=MYR&date={DATE}".encode()),
    "equivalents": (
        "GET",
        "/v1/equivalents",
        lambda n: f"amount={n}&currency=USD&date={DATE}".encode(),
    ),
    "compare-get": (
        "GET",
        "/v1/compare",
        lambda n: f"a={n}%20USD/year&b=200%20USD/day&currency=MYR&date={DATE}".encode(),
    ),
    "compare-post": ("POST", "/v1/compare", lambda n: b""),
    # The other routes of the same queries (issue 23: one declaration per query).
    "embed-equivalents": (
        "GET",
        "/embed/equivalents",
        lambda n: f"amount={n}&currency=USD&date={DATE}&rules=story".encode(),
    ),
    "embed-compare": (
        "GET",
        "/embed/compare",
        lambda n: f"a={n}%20USD/year&b=200%20USD/day&currency=MYR&date={DATE}".encode(),
    ),
    "card-equivalents": (
        "GET",
        "/v1/cards/equivalents.svg",
        lambda n: f"amount={n}&currency=USD&date={DATE}&rules=story".encode(),
    ),
    "card-compare": (
        "GET",
        "/v1/cards/compare.svg",
        lambda n: f"a={n}%20USD/year&b=200%20USD/day&currency=MYR&date={DATE}".encode(),
    ),
    "check": (
        "GET",
        "/v1/check",
        lambda n: f"amount={n}&from=USD&to=MYR&reported=4.3%20million&date={DATE}".encode(),
    ),
    "check-card": (
        "GET",
        "/v1/check/card.svg",
        lambda n: f"amount={n}&from=USD&to=MYR&reported=4.3%20million&date={DATE}".encode(),
    ),
}
# The same requests to wagecalc's handlers alone (bench/handlers_app.py: no Edge).
REQUESTS.update(
    {
        f"{name}-nomw": REQUESTS[name]
        for name in ("convert", "equivalents", "compare-get", "compare-post")
    }
)

#: (layer, substring of the file path) in order: the first match names a function's layer.
LAYERS = (
    ("wagecalc edge (Edge, answer headers, cache, ETag)", "wagecalc/api/edge.py"),
    ("wagecalc edge (Edge, answer headers, cache, ETag)", "wagecalc/api/headers.py"),
    ("wagecalc edge (Edge, answer headers, cache, ETag)", "wagecalc/api/cors.py"),
    ("wagecalc edge (Edge, answer headers, cache, ETag)", "wagecalc/api/cache.py"),
    ("wagecalc edge (Edge, answer headers, cache, ETag)", "wagecalc/api/routes/embed.py"),
    ("wagecalc API layer (handlers, params, problems)", "wagecalc/api/"),
    ("Litestar ASGIMiddleware wrappers, before_send dispatch", "litestar/middleware/base.py"),
    ("wagecalc library and views", "wagecalc/"),
    ("Litestar parameter parsing (_kwargs, params, signature)", "litestar/_kwargs"),
    ("Litestar parameter parsing (_kwargs, params, signature)", "litestar/_signature"),
    ("Litestar parameter parsing (_kwargs, params, signature)", "litestar/datastructures/multi"),
    ("Litestar parameter parsing (_kwargs, params, signature)", "litestar/_parsers"),
    ("Litestar response (Response, ASGIResponse, headers)", "litestar/response"),
    ("Litestar response (Response, ASGIResponse, headers)", "litestar/datastructures/headers"),
    ("Litestar routing, middleware stack and the rest", "litestar/"),
    ("babel", "babel/"),
    ("msgspec (serialisation, validation)", "msgspec"),
    ("the test harness (this file)", "bench/profile.py"),
    ("standard library", "python3"),
)


def _layer(filename: str, function: str) -> str:
    if filename == "~":  # a built-in: name it by what it is
        if "sha256" in function or "hexdigest" in function:
            return "wagecalc edge (Edge, answer headers, cache, ETag)"  # the ETag's hash
        if "msgspec" in function:
            return "msgspec (serialisation, validation)"
        return "built-ins (C: str, dict, hashlib, decimal …)"
    for layer, part in LAYERS:
        if part in filename:
            return layer
    return "other"


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
        "headers": [
            (b"host", b"127.0.0.1"),
            *([(b"content-type", b"application/json")] if method == "POST" else []),
        ],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 8000),
    }


async def _run(name: str, n: int, profile: cProfile.Profile | None) -> None:
    if name == "hello":
        from bench.hello_app import create_app as create_bare

        app: Any = create_bare()
    elif name == "hello-params":
        from bench.params_app import create_app as create_params

        app = create_params()
    elif name == "healthz-nomw":
        from bench.healthz_app import create_app as create_nomw

        app = create_nomw()
    elif name.endswith("-nomw"):
        from bench.handlers_app import create_app as create_handlers

        app = create_handlers()
    else:
        from wagecalc.api.app import create_app

        app = create_app()
    method, path, query = REQUESTS[name]
    # POST compare: a new first amount in every body, as the wrk row sends (with one body
    # repeated, both salaries came from compare's memo of converted salaries).
    first = COMPARE_BODY.encode().replace(b'"amount":"900000"', b'"amount":"%d"', 1)
    assert first.count(b"%d") == 1
    body = b""
    counter = itertools.count(100_000)
    statuses: set[int] = set()

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.add(message["status"])

    async def requests(count: int) -> None:
        nonlocal body
        for _ in range(count):
            n = next(counter)
            body = first % n
            await app(_scope(method, path, query(n)), receive, send)

    async with app.lifespan():
        if profile is None:
            await requests(n)
        else:
            await requests(200)
            profile.enable()
            await requests(n)
            profile.disable()
    if statuses != {200}:
        raise RuntimeError(f"{name}: statuses {sorted(statuses)}")


def main() -> None:
    mode = sys.argv[1] if len(sys.argv) > 1 else "cprofile"
    name = sys.argv[2] if len(sys.argv) > 2 else "equivalents"
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    if mode == "count":
        asyncio.run(_run(name, n, None))
        return
    profile = cProfile.Profile()
    asyncio.run(_run(name, n, profile))
    stats = pstats.Stats(profile)
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in raw.values())
    layers: dict[str, float] = defaultdict(float)
    for (filename, _, function), (_, _, tottime, _, _) in raw.items():
        layers[_layer(filename, function)] += tottime
    print(f"{name}: {n} requests, {total / n * 1e6:.0f} µs each under cProfile (own time)")
    for layer, t in sorted(layers.items(), key=lambda kv: -kv[1]):
        print(f"  {t / total:6.1%}  {layer}")
    print("top functions by own time:")
    top = sorted(raw.items(), key=lambda kv: -kv[1][2])[:25]
    for (filename, line, function), (calls, _, tottime, cumtime, _) in top:
        short = filename.split("site-packages/")[-1].split("src/")[-1]
        print(
            f"  {tottime / total:6.1%}  own, {cumtime / total:6.1%} with callees, "
            f"{calls / n:4.1f}/req  {short}:{line} {function}"
        )


if __name__ == "__main__":
    main()
