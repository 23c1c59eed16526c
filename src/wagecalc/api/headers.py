"""Response headers every answer gets, and the conditional-GET middleware.

``before_send`` is the one hook that sees every response (handler output,
problem responses, router 404/405, CORS preflights, 304s), so the security
headers and ``no-store`` on errors are set there.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import parse_qsl

from litestar.datastructures import Headers, MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from wagecalc.api.problems import InvalidRequestError
from wagecalc.errors import InputError

__all__ = ["ConditionalGetMiddleware", "QueryGuardMiddleware", "security_headers"]

#: No endpoint has more parameters than this; more is a mistake or an attack.
MAX_QUERY_PARAMETERS = 24
MAX_QUERY_BYTES = 4096

# The API serves JSON and one HTML docs page with no scripts or styles of its own.
_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


async def security_headers(message: Message, scope: Scope) -> None:
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["Content-Security-Policy"] = _CSP
    headers["Cross-Origin-Resource-Policy"] = "cross-origin"  # the widget embeds it elsewhere
    if message["status"] >= 400:
        headers["Cache-Control"] = "no-store"


class QueryGuardMiddleware(ASGIMiddleware):
    """Refuse oversized query strings and repeated parameters before any handler runs.

    A repeated parameter (``amount=1&amount=2``) is ambiguous: a cache and the
    app could read different values. It is an error, naming the parameter.
    """

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        raw: bytes = scope.get("query_string", b"")
        if raw:
            _check_query(raw)
        await next_app(scope, receive, send)


def _check_query(raw: bytes) -> None:
    if len(raw) > MAX_QUERY_BYTES:
        raise InvalidRequestError(
            [InputError(f"the query string is {len(raw)} bytes; at most {MAX_QUERY_BYTES}")]
        )
    pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True, max_num_fields=None)
    if len(pairs) > MAX_QUERY_PARAMETERS:
        raise InvalidRequestError(
            [InputError(f"{len(pairs)} query parameters; at most {MAX_QUERY_PARAMETERS}")]
        )
    seen: set[str] = set()
    for name, _ in pairs:
        if name in seen:
            raise InvalidRequestError(
                [InputError(f"{name[:40]!r} is given more than once", field=name[:40])]
            )
        seen.add(name)


class ConditionalGetMiddleware(ASGIMiddleware):
    """A strong ETag (a hash of the body) on 200 GET answers; 304 for a matching If-None-Match."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if scope.get("method") not in ("GET", "HEAD"):
            await next_app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []
        passthrough = False

        async def buffer(message: Message) -> None:
            nonlocal passthrough
            if message["type"] == "http.response.start":
                passthrough = message["status"] != 200
                if passthrough:
                    await send(message)
                else:
                    start.update(message)
                return
            if passthrough or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            headers = MutableScopeHeaders(start)  # type: ignore[arg-type]
            etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
            headers["ETag"] = etag
            wanted = Headers.from_scope(scope).get("if-none-match", "")
            tags = {t.strip().removeprefix("W/") for t in wanted.split(",") if t.strip()}
            if "*" in tags or etag in tags:
                for name in ("content-length", "content-type"):
                    if name in headers:
                        del headers[name]
                start["status"] = 304
                body = b""
            await send(start)  # type: ignore[arg-type]
            await send({"type": "http.response.body", "body": body, "more_body": False})

        await next_app(scope, receive, buffer)
