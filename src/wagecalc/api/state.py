"""What the service holds: settings, the rate source and the rules, loaded in the lifespan."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import cast

import msgspec
from litestar import Litestar
from litestar.datastructures import State

from wagecalc.api.liveness import Heartbeat, ListeningCheck, ProbeListener, freeze_startup_heap
from wagecalc.config import Settings
from wagecalc.errors import ConfigError
from wagecalc.prices import configured_price_indexes
from wagecalc.rates import EcbSource, RateSource, load_embedded_history
from wagecalc.rates.ecb import ECB_INFO, RATES_FILE_INFO, read_history_file
from wagecalc.rules import RuleSet, load_rules

__all__ = ["ELSEWHERE", "AppState", "load_data", "load_state"]

#: Appended to the embedded source's error for a currency the ECB does not publish.
ELSEWHERE = (
    "WAGECALC_RATES_SOURCE=frankfurter serves it if a central bank publishes it "
    "(Frankfurter's v2 API, some 200 currencies)"
)


class AppState(State):
    """Typed view of ``app.state`` (annotations only)."""

    settings: Settings
    source: RateSource
    rules: RuleSet


def load_data(settings: Settings) -> tuple[RateSource, RuleSet]:
    """Read the rates and the rule tables; raises ConfigError naming the file at fault."""
    history = (
        load_embedded_history(settings.cache_dir)
        if settings.rates_file is None
        else read_history_file(settings.rates_file, cache_dir=settings.cache_dir)
    )
    info = ECB_INFO if settings.rates_file is None else RATES_FILE_INFO
    rules = load_rules(list(settings.rules))
    if settings.price_indexes:  # an operator's tables: a bad one stops the start, named
        configured_price_indexes(settings.price_indexes)
    if settings.rates_source == "frankfurter":
        try:  # requests (the ``frankfurter`` extra) is needed only for this source
            from wagecalc.rates.frankfurter import FrankfurterSource
        except ImportError as exc:
            raise ConfigError(
                f"WAGECALC_RATES_SOURCE=frankfurter needs requests ({exc}): "
                "install wagecalc[frankfurter]"
            ) from None

        fallback = EcbSource(history, info=info)
        source = FrankfurterSource(
            fallback, url=settings.frankfurter_url, timeout=settings.live_timeout
        )
        source.coverage()  # starts fetching the provider list, without waiting for it
        return source, rules
    # A currency the ECB does not publish: its error names the option that serves it.
    embedded = EcbSource(history, info=info, elsewhere=ELSEWHERE)
    if settings.rates_source != "live":
        return embedded, rules
    try:  # forex-python (the ``live`` extra) is needed only for live rates
        from wagecalc.rates.live import LiveSource
    except ImportError as exc:
        raise ConfigError(
            f"WAGECALC_RATES_SOURCE=live needs forex-python ({exc}): install wagecalc[live]"
        ) from None

    return LiveSource(embedded, url=settings.live_url, timeout=settings.live_timeout), rules


def load_state(settings: Settings) -> object:
    """A lifespan that loads the data into ``app.state`` before the first request."""

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        source, rules = load_data(settings)
        app.state.source = source
        app.state.rules = rules
        probe = _start_probe(settings, app) if settings.probe_port is not None else None
        # Last: what is alive now lives as long as the process (api/liveness.py).
        freeze_startup_heap()
        try:
            yield
        finally:
            if probe is not None:
                probe.close()
            close = getattr(source, "close", None)
            if close is not None:
                close()

    return lifespan


class _Probe:
    """The heartbeat and the listener that reports it (``WAGECALC_PROBE_PORT``)."""

    def __init__(self, heartbeat: Heartbeat, listener: ProbeListener) -> None:
        self.heartbeat = heartbeat
        self.listener = listener

    def close(self) -> None:
        self.listener.close()
        self.heartbeat.stop()


def _start_probe(settings: Settings, app: Litestar) -> _Probe:
    from wagecalc.api.routes.health import ready_document  # health imports this module

    state = cast(AppState, app.state)
    listening = ListeningCheck(settings.host, settings.port)

    def ready() -> bytes | None:
        return msgspec.json.encode(ready_document(state)) if listening() else None

    heartbeat = Heartbeat(asyncio.get_running_loop())
    assert settings.probe_port is not None
    try:
        listener = ProbeListener(
            settings.host,
            settings.probe_port,
            heartbeat=heartbeat,
            stall=settings.probe_stall,
            ready=ready,
        )
    except OSError as exc:
        detail = f"WAGECALC_PROBE_PORT={settings.probe_port}: cannot listen ({exc})"
        raise ConfigError(detail) from None
    heartbeat.start()
    listener.start()
    return _Probe(heartbeat, listener)
