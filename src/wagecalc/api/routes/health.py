"""Liveness and readiness."""

from __future__ import annotations

import datetime as dt

import msgspec
from litestar import Response

from wagecalc.api.answers import JSONAnswer
from wagecalc.api.routes import CACHED, NO_STORE, get, get_responses
from wagecalc.api.state import AppState
from wagecalc.rates.quotes import RateSource


class Alive(msgspec.Struct, frozen=True):
    status: str


class LiveRatesStatus(msgspec.Struct, frozen=True, kw_only=True):
    """A networked source (``live`` or ``frankfurter``), when configured: its upstream and
    how its calls have been going (the last success is when the upstream last answered)."""

    url: str
    timeout_seconds: float
    breaker: str
    """closed (calls go upstream), open (failing: the embedded rates answer) or half-open."""
    consecutive_failures: int
    last_success: dt.datetime | None
    last_error: str | None
    last_error_at: dt.datetime | None
    cached_tables: int


class RatesStatus(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    source: str
    last_date: dt.date
    age_days: int
    currencies: int
    live: LiveRatesStatus | None = None


class RulesStatus(msgspec.Struct, frozen=True, kw_only=True):
    version: str
    count: int


class Ready(msgspec.Struct, frozen=True, kw_only=True):
    status: str
    rates: RatesStatus
    rules: RulesStatus


_NO_CACHE = {"Cache-Control": "no-store"}
_ETAG_HEADER = CACHED[0]


@get(
    "/healthz",
    summary="The process is alive",
    description='Always `{"status": "ok"}` while the process serves requests; never cached.',
    tags=["health"],
    responses=get_responses(data=False),
    response_headers=[_ETAG_HEADER, NO_STORE],
    sync_to_thread=False,
)
def healthz() -> Response[Alive]:
    return JSONAnswer(Alive("ok"), headers=_NO_CACHE)


@get(
    "/readyz",
    summary="Data is loaded: the rates' last date and age, the rule-set version",
    description=(
        "The rate source's name, last date, age in days and number of currencies (and, for the "
        "live or Frankfurter source, its upstream URL, circuit state, last success and last "
        "error), and the rule set's version and size."
    ),
    tags=["health"],
    responses=get_responses(data=False),
    response_headers=[_ETAG_HEADER, NO_STORE],
    sync_to_thread=False,
)
def readyz(state: AppState) -> Response[Ready]:
    return JSONAnswer(ready_document(state), headers=_NO_CACHE)


def ready_document(state: AppState) -> Ready:
    """``/readyz``'s document; only reads (the probe listener calls it from its thread)."""
    last = state.source.last_date()
    today = dt.datetime.now(dt.UTC).date()
    return Ready(
        status="ready",
        rates=RatesStatus(
            source=state.source.info.name,
            last_date=last,
            age_days=(today - last).days,
            currencies=len(state.source.coverage()),
            live=_live_status(state.source),
        ),
        rules=RulesStatus(version=state.rules.version, count=len(state.rules.rules)),
    )


def _live_status(source: RateSource) -> LiveRatesStatus | None:
    """A networked source's state: a snapshot taken under its lock, never a call upstream.

    Duck-typed so that this module does not import forex-python or requests
    (optional dependencies) for the embedded source.
    """
    status = getattr(source, "status", None)
    if status is None:
        return None
    return msgspec.convert(status(), LiveRatesStatus, from_attributes=True)
