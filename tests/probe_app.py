"""A test app: wagecalc's own app plus ``GET /hold``, a handler that blocks the event loop
until the file named by ``WAGECALC_TEST_RELEASE`` exists (as a handler doing CPU work on the
loop would). Served by uvicorn in its own process for ``tests/test_probe.py``; never part of
the package."""

from __future__ import annotations

import os
import time
from pathlib import Path

from litestar import Litestar, get

from wagecalc.api import create_app


@get("/hold", sync_to_thread=False)
def hold() -> str:
    release = Path(os.environ["WAGECALC_TEST_RELEASE"])
    while not release.exists():
        time.sleep(0.02)  # on the event loop, on purpose: nothing else runs meanwhile
    return "released"


def create() -> Litestar:
    app = create_app()
    app.register(hold)
    return app
