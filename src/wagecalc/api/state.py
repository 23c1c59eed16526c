"""What the service holds: settings, the rate source and the rules, loaded in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.datastructures import State
from litestar.routes import HTTPRoute
from litestar.utils.sync import ensure_async_callable

from wagecalc.config import Settings
from wagecalc.errors import ConfigError
from wagecalc.rates import EcbSource, RateSource, load_embedded_history
from wagecalc.rates.ecb import ECB_INFO, RATES_FILE_INFO, read_history_file
from wagecalc.rules import RuleSet, load_rules

__all__ = ["AppState", "load_data", "load_state", "run_v1_handlers_in_threads"]


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
    embedded = EcbSource(history, info=ECB_INFO if settings.rates_file is None else RATES_FILE_INFO)
    rules = load_rules(list(settings.rules))
    if settings.rates_source != "live":
        return embedded, rules
    try:  # forex-python (the ``live`` extra) is needed only for live rates
        from wagecalc.rates.live import LiveSource
    except ImportError as exc:
        raise ConfigError(
            f"WAGECALC_RATES_SOURCE=live needs forex-python ({exc}): install wagecalc[live]"
        ) from None

    return LiveSource(embedded, url=settings.live_url, timeout=settings.live_timeout), rules


def run_v1_handlers_in_threads(app: Litestar) -> int:
    """Run the app's synchronous ``/v1/`` handlers in worker threads; returns how many.

    The handlers are declared ``sync_to_thread=False``: on the embedded data a
    quote is a dictionary look-up, and a thread hop would only slow it. The
    live source may wait up to its timeout for the upstream, which must not
    happen on the event loop, so when it is configured every ``/v1/`` handler
    (any of them may quote a rate) is switched to what ``sync_to_thread=True``
    makes of it at registration: the function wrapped to run in a worker thread.
    The app's handlers are its own copies, so other apps are not affected.
    """
    switched = 0
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or not route.path.startswith("/v1/"):
            continue
        for handler in route.route_handlers:
            if handler.has_sync_callable and handler.http_methods != {"OPTIONS"}:
                handler._fn = ensure_async_callable(handler.fn)
                handler.has_sync_callable = False
                switched += 1
    return switched


def load_state(settings: Settings) -> object:
    """A lifespan that loads the data into ``app.state`` before the first request."""

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        source, rules = load_data(settings)
        app.state.source = source
        app.state.rules = rules
        if settings.rates_source == "live":
            run_v1_handlers_in_threads(app)
        try:
            yield
        finally:
            close = getattr(source, "close", None)
            if close is not None:
                close()

    return lifespan
