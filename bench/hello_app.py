"""A bare Litestar hello-world app: the start-up and memory baseline for wagecalc's service.

Served exactly like wagecalc (uvicorn, the same event loop, httptools, one worker,
no access log), it answers ``/readyz`` and ``/hello`` and does nothing else.
"""

from __future__ import annotations

from litestar import Litestar, get


@get("/readyz", sync_to_thread=False)
def readyz() -> dict[str, str]:
    return {"status": "ready"}


@get("/hello", sync_to_thread=False)
def hello() -> dict[str, str]:
    return {"hello": "world"}


def create_app() -> Litestar:
    return Litestar([readyz, hello], logging_config=None)
