"""``wagecalc serve``: the API under uvicorn (httptools), failing fast on bad config.

The connection is handled by :class:`wagecalc.limits.BoundedHttpToolsProtocol`, uvicorn's
httptools protocol with a request deadline and a header size cap; forwarded headers are
believed only from ``WAGECALC_TRUSTED_PROXIES``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import uvicorn

from wagecalc.api.state import load_data
from wagecalc.config import Settings
from wagecalc.errors import ConfigError
from wagecalc.limits import BoundedHttpToolsProtocol, install_accept_error_log
from wagecalc.rules import RULES_ENV

__all__ = ["serve"]


def serve(
    *,
    host: str | None = None,
    port: int | None = None,
    workers: int | None = None,
    access_log: bool | None = None,
    rules: list[Path] | None = None,
) -> int:
    """Run the service until SIGTERM or SIGINT; returns the exit status.

    Options override ``WAGECALC_*`` variables. They are written back into the
    environment so that every worker process builds the same settings.
    """
    overrides = {
        "WAGECALC_HOST": host,
        "WAGECALC_PORT": None if port is None else str(port),
        "WAGECALC_WORKERS": None if workers is None else str(workers),
        "WAGECALC_ACCESS_LOG": None if access_log is None else str(access_log).lower(),
        RULES_ENV: None if not rules else os.pathsep.join(str(p) for p in rules),
    }
    for name, value in overrides.items():
        if value is not None:
            os.environ[name] = value
    try:
        settings = Settings.from_env()
        load_data(settings)  # fail here, with one clear line, not in a worker's traceback
    except ConfigError as exc:
        print(f"wagecalc: error: {exc}", file=sys.stderr)
        return 2
    install_accept_error_log()
    uvicorn.run(
        "wagecalc.api:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        loop=settings.loop,
        # As an import string, not the class: a spawned worker then imports it while
        # loading, after it answers the parent's health checks (unpickling the class made
        # each worker import the app first, and on a loaded machine the parent killed
        # workers that took over 5 s to answer).
        http=f"{BoundedHttpToolsProtocol.__module__}:{BoundedHttpToolsProtocol.__qualname__}",
        access_log=settings.access_log,
        server_header=False,
        date_header=True,
        # X-Forwarded-Proto/-For only from the proxies the operator names (the links of an
        # answer say https when the proxy in front terminated TLS).
        proxy_headers=settings.trusted_proxies is not None,
        forwarded_allow_ips=settings.trusted_proxies,
        limit_concurrency=settings.limit_concurrency,
        timeout_graceful_shutdown=20,
        log_level="info",
    )
    return 0
