"""What every HTTP request and answer goes through: one middleware and one ``before_send`` hook.

:class:`Edge`, the middleware, in this order:

1. answers CORS preflights (204, or a 403 problem naming each refusal);
2. refuses oversized or repeated query parameters, and POST bodies that are not
   UTF-8 ``application/json``;
3. replays a known GET or HEAD answer from the in-process response cache;
4. otherwise runs the route, then gives a 200 GET or HEAD answer a strong
   ``ETag`` (a 304 when ``If-None-Match`` names it) and keeps it in the cache
   when its ``Cache-Control`` says ``public``.

:func:`response_headers`, the hook, adds the security headers (``no-store`` on
errors), the CORS headers and the embed pages' own framing policy. It is a
``before_send`` hook rather than part of the middleware because it must also
see what the middleware never does: Litestar's router 404/405s, and the problem
answers for the errors the middleware raises itself (Litestar's exception
handler for those sits outside every route's middleware).

These were four middlewares and three hooks (issue 14): each layer cost a
coroutine frame, and each hook an await, on every request and every message,
and each scanned the request headers again. Here the request headers are read
into one dict, once, and one ``send`` wrapper does the ETag, the 304 and the
cache's recording.
"""

from __future__ import annotations

from typing import Any

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from wagecalc.api.cache import CacheKey, ResponseCache
from wagecalc.api.cors import Cors
from wagecalc.api.headers import (
    SECURITY_HEADERS,
    check_content_type,
    check_query,
    complete_allow,
    etag_matches,
    etag_of,
    utf8_only,
)
from wagecalc.api.routes.embed import EMBED_PAGES, embed_csp

__all__ = ["Edge", "response_headers"]

_NOT_ON_304 = (b"content-length", b"content-type")


class Edge:
    """The middleware (a Litestar middleware factory: Litestar calls it with the next app).

    Litestar's ``ASGIMiddleware`` base would check, on every request, the scope
    type, an opt-out key, an excluded path and a bypass callable; none applies here,
    and those checks were a measurable share of a trivial request.
    """

    def __init__(self, cors: Cors, cache: ResponseCache | None = None) -> None:
        self.cors = cors
        self.cache = cache if cache is not None else ResponseCache()

    def __call__(self, app: ASGIApp) -> ASGIApp:
        cors, cache = self.cors, self.cache

        async def edge(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != ScopeType.HTTP:
                await app(scope, receive, send)
                return
            method = scope["method"]
            # One read of the request headers. ASGI servers (uvicorn, granian) and
            # Litestar's TestClient give the names in lower case, and Litestar writes the
            # response's so: header names are compared as they are, here and below.
            headers = dict(scope["headers"])
            if method == "OPTIONS" and await cors.answer_preflight(headers, send):
                return
            query: bytes = scope.get("query_string", b"")
            if query:
                check_query(query)
            if method == "GET" or method == "HEAD":
                key: CacheKey = (
                    scope["path"],
                    query,
                    headers.get(b"accept-language", b""),
                    headers.get(b"host", b""),  # the embed pages' absolute links come from it
                )
                if_none_match = headers.get(b"if-none-match", b"")
                entry = cache.lookup(key)
                if entry is not None:
                    await cache.replay(entry, if_none_match, send)
                    return
                # Only a GET's body is kept: a HEAD's might be empty.
                finish = _finish(send, if_none_match, cache, key if method == "GET" else None)
                await app(scope, receive, finish)
                return
            if method == "POST":
                check_content_type(headers.get(b"content-type", b""))
                receive = utf8_only(receive)
            await app(scope, receive, send)

        return edge


def _finish(send: Send, if_none_match: bytes, cache: ResponseCache, key: CacheKey | None) -> Send:
    """The ``send`` of a GET or HEAD: a 200 answer is held until its body is complete, then
    sent with its ETag (or as a 304) and, for a GET (``key``), offered to the cache."""
    start: Any = None
    chunks: list[bytes] = []

    async def finish(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            if message["status"] == 200:
                start = message
            else:
                await send(message)
            return
        if start is None or message["type"] != "http.response.body":
            await send(message)
            return
        body = message.get("body", b"")
        if message.get("more_body"):
            chunks.append(body)
            return
        if chunks:
            chunks.append(body)
            body = b"".join(chunks)
        etag = etag_of(body)
        headers = [*start.get("headers", ()), (b"etag", etag)]
        if key is not None:
            control = dict(headers).get(b"cache-control", b"")
            if control.startswith(b"public"):
                cache.store(key, headers, control, body)
        if if_none_match and etag_matches(if_none_match, etag):
            headers = [(n, v) for n, v in headers if n.lower() not in _NOT_ON_304]
            start["status"] = 304
            body = b""
        start["headers"] = headers
        await send(start)
        await send({"type": "http.response.body", "body": body, "more_body": False})

    return finish


def response_headers(cors: Cors, embed_ancestors: tuple[str, ...]) -> Any:
    """The ``before_send`` hook: security headers on every answer (``no-store`` on errors),
    CORS headers when CORS is on, and on the embed pages their own CSP and no
    ``X-Frame-Options``."""
    embed_headers = tuple(
        (name, embed_csp(embed_ancestors) if name == b"content-security-policy" else value)
        for name, value in SECURITY_HEADERS
        if name != b"x-frame-options"
    )
    without_csp = tuple(h for h in SECURITY_HEADERS if h[0] != b"content-security-policy")
    cors_on = cors.enabled

    async def hook(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        raw = message.get("headers") or []
        status = message["status"]
        if status < 400 and scope.get("path") in EMBED_PAGES:
            raw = [(k, v) for k, v in raw if k.lower() != b"content-security-policy"]
            raw.extend(embed_headers)
        else:
            if status >= 400:
                raw = [(k, v) for k, v in raw if k.lower() != b"cache-control"]
                raw.append((b"cache-control", b"no-store"))
            # A page with its own policy (GET /demo) keeps it: a second CSP would only narrow it.
            own_csp = b"content-security-policy" in dict(raw)
            raw = [*raw, *(without_csp if own_csp else SECURITY_HEADERS)]
        if cors_on:
            origin = next((v for k, v in scope["headers"] if k.lower() == b"origin"), b"")
            raw = cors.add_headers(raw, origin)
        message["headers"] = raw
        if scope.get("method") == "OPTIONS":
            complete_allow(message, scope)

    return hook
