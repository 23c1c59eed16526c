"""``Direct``: wagecalc's middlewares called without Litestar's per-request bypass checks."""

from __future__ import annotations

import asyncio
from typing import Any

from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from wagecalc.api import create_app
from wagecalc.api.app import Direct
from wagecalc.api.cache import ResponseCacheMiddleware
from wagecalc.api.cors import PreflightMiddleware
from wagecalc.api.headers import ConditionalGetMiddleware, RequestGuardMiddleware
from wagecalc.config import Settings


class _Marks(ASGIMiddleware):
    def __init__(self) -> None:
        self.seen: list[str] = []

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        self.seen.append(scope["type"])
        await next_app(scope, receive, send)


def _run(scope_type: str) -> tuple[list[str], list[str]]:
    marks = _Marks()
    reached: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        reached.append(scope["type"])

    async def nothing(*_: Any) -> Any:
        return None

    wrapped = Direct(marks)(app)
    asyncio.run(wrapped({"type": scope_type}, nothing, nothing))  # type: ignore[arg-type]
    return marks.seen, reached


def test_http_goes_through_the_middleware() -> None:
    assert _run("http") == (["http"], ["http"])


def test_other_scopes_pass_by_it() -> None:
    """wagecalc's middlewares declare ``scopes = (HTTP,)``: anything else skips them."""
    assert _run("websocket") == ([], ["websocket"])


def test_the_app_has_the_same_middlewares_in_the_same_order() -> None:
    app = create_app(Settings())
    inner = [m.middleware for m in app.middleware if isinstance(m, Direct)]
    assert [type(m) for m in inner] == [
        PreflightMiddleware,
        RequestGuardMiddleware,
        ResponseCacheMiddleware,
        ConditionalGetMiddleware,
    ]
    assert len(inner) == len(app.middleware)
    # What Direct leaves out is what these do not use: other scope types, opt-out keys,
    # excluded paths, bypass callables.
    for middleware in inner:
        assert middleware.scopes == (ScopeType.HTTP,)
        assert middleware.exclude_opt_key is None
        assert middleware.exclude_path_pattern is None
        assert middleware.should_bypass_for_scope is None
