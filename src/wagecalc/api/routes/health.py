"""Liveness and readiness."""

from __future__ import annotations

import datetime as dt

import msgspec
from litestar import Response, get

from wagecalc.api.state import AppState


class Alive(msgspec.Struct, frozen=True):
    status: str


class RatesStatus(msgspec.Struct, frozen=True, kw_only=True):
    source: str
    last_date: dt.date
    age_days: int
    currencies: int


class RulesStatus(msgspec.Struct, frozen=True, kw_only=True):
    version: str
    count: int


class Ready(msgspec.Struct, frozen=True, kw_only=True):
    status: str
    rates: RatesStatus
    rules: RulesStatus


_NO_CACHE = {"Cache-Control": "no-store"}


@get("/healthz", summary="The process is alive", tags=["health"], sync_to_thread=False)
def healthz() -> Response[Alive]:
    return Response(Alive("ok"), headers=_NO_CACHE)


@get(
    "/readyz",
    summary="Data is loaded: the rates' last date and age, the rule-set version",
    tags=["health"],
    sync_to_thread=False,
)
def readyz(state: AppState) -> Response[Ready]:
    last = state.source.last_date()
    today = dt.datetime.now(dt.UTC).date()
    ready = Ready(
        status="ready",
        rates=RatesStatus(
            source=state.source.info.name,
            last_date=last,
            age_days=(today - last).days,
            currencies=len(state.source.coverage()),
        ),
        rules=RulesStatus(version=state.rules.version, count=len(state.rules.rules)),
    )
    return Response(ready, headers=_NO_CACHE)
