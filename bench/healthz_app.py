"""wagecalc's ``/healthz`` handler alone: no middlewares, no ``before_send`` hooks, no state.

The floor of ``/healthz``: what its handler's own shape (an ``If-None-Match``
header parameter, a ``Response`` with a header, a msgspec Struct) costs over
bare hello, on the same server. bench/hello_app.py's ``/readyz`` is there only
so that bench/http.py sees it start; ``bench.profile count healthz-nomw`` calls
the same app.
"""

from __future__ import annotations

from litestar import Litestar

from bench.hello_app import readyz
from wagecalc.api.routes.health import healthz


def create_app() -> Litestar:
    return Litestar([healthz, readyz], logging_config=None)
