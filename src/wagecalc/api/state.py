"""What the service holds: settings, the rate source and the rules, loaded in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.datastructures import State

from wagecalc.config import Settings
from wagecalc.rates import EcbSource, RateSource, load_embedded_history
from wagecalc.rates.ecb import read_history_file
from wagecalc.rules import RuleSet, load_rules

__all__ = ["AppState", "load_data", "load_state"]


class AppState(State):
    """Typed view of ``app.state`` (annotations only)."""

    settings: Settings
    source: RateSource
    rules: RuleSet


def load_data(settings: Settings) -> tuple[RateSource, RuleSet]:
    """Read the rates and the rule tables; raises ConfigError naming the file at fault."""
    history = (
        load_embedded_history()
        if settings.rates_file is None
        else read_history_file(settings.rates_file)
    )
    return EcbSource(history), load_rules(list(settings.rules))


def load_state(settings: Settings) -> object:
    """A lifespan that loads the data into ``app.state`` before the first request."""

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        source, rules = load_data(settings)
        app.state.source = source
        app.state.rules = rules
        yield

    return lifespan
