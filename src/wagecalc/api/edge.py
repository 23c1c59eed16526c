"""What every HTTP request and answer goes through: one middleware, the same headers on each.

:class:`Edge`, the middleware, in this order:

1. refuses a request that repeats a header which decides the answer or its cache key, a
   malformed or overlong ``Host`` and an overlong ``Accept-Language``
   (:func:`check_request_headers`), before anything reads them;
2. answers CORS preflights (204, or a 403 problem naming each refusal);
3. refuses oversized or repeated query parameters, and POST bodies that are not
   UTF-8 ``application/json``;
4. replays a known GET or HEAD answer from the in-process response cache;
5. otherwise runs the route, then gives a 200 GET or HEAD answer a strong
   ``ETag`` (a 304 when ``If-None-Match`` names it) and keeps it in the cache
   when its ``Cache-Control`` says ``public``.

:class:`AnswerHeaders` adds the security headers (``no-store`` on errors), the
CORS headers and the embed pages' own framing policy to an answer's start. Edge
applies it to everything it sends or passes on. Some answers never pass through a
route's middleware: Litestar's router 404/405s and its 400 for a bad Host, the
problems for the errors Edge raises itself, and whatever Litestar's app-level
exception layer answers when a route's own one fails. Each is made by an
exception handler, and :class:`ErrorAnswerHeaders`, a Litestar init plugin, wraps
every exception handler so that an answer made outside Edge gets the same headers.
An answer made inside (a handler's error, caught by the route's own exception
layer) is left to Edge: ``scope[INSIDE_EDGE]`` says which, set while Edge runs the
route.

These were four middlewares and three ``before_send`` hooks, then one middleware and one
hook (issue 14): each layer cost a coroutine frame, and the hook an await through
Litestar's hook loop, on every request and every message, and each scanned the
request headers again. Here the request headers are read into one dict, once, and
one ``send`` wrapper does the headers, the ETag, the 304 and the cache's recording.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, cast

from litestar import Request, Response
from litestar.enums import ScopeType
from litestar.plugins import InitPluginProtocol
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from wagecalc.api.cache import CacheKey, ResponseCache
from wagecalc.api.cors import Cors
from wagecalc.api.encoding import negotiated_encoding
from wagecalc.api.headers import (
    DOCUMENT_HEADERS,
    SECURITY_HEADERS,
    check_accept_language,
    check_content_type,
    check_host,
    check_query,
    check_single_headers,
    complete_allow,
    etag_matches,
    etag_of,
    is_document,
    no_repeated_keys,
    utf8_only,
)
from wagecalc.api.routes.embed import EMBED_PAGES, embed_csp

if TYPE_CHECKING:
    from litestar import Litestar
    from litestar.config.app import AppConfig
    from litestar.response.base import ASGIResponse

__all__ = ["INSIDE_EDGE", "AnswerHeaders", "Edge", "ErrorAnswerHeaders", "check_request_headers"]

#: The scope key that is true while Edge runs the route: an answer made then passes through Edge.
INSIDE_EDGE = "wagecalc.inside_edge"
_NOT_ON_304 = (b"content-length", b"content-type")

RawHeaders = list[tuple[bytes, bytes]]
#: The contract and its docs page (Litestar's OpenAPI routes set no Cache-Control): they
#: change only with a release, so an hour; never ``immutable``, the path stays the same.
SCHEMA_CACHE_CONTROL = (b"cache-control", b"public, max-age=3600")


class AnswerHeaders:
    """The headers every answer gets: security headers (``no-store`` on errors), CORS headers
    when CORS is on, and on the embed pages (their errors too) their own CSP and no
    ``X-Frame-Options``."""

    def __init__(self, cors: Cors, embed_ancestors: tuple[str, ...]) -> None:
        self._cors = cors
        self._embed = tuple(
            (name, embed_csp(embed_ancestors) if name == b"content-security-policy" else value)
            for name, value in SECURITY_HEADERS
            if name != b"x-frame-options"
        )
        self._without_csp = tuple(h for h in SECURITY_HEADERS if h[0] != b"content-security-policy")

    def add(self, raw: Iterable[tuple[bytes, bytes]], status: int, scope: Scope) -> RawHeaders:
        """The headers ``raw`` of an answer of ``status`` to the request of ``scope``, completed
        (a new list: ``raw`` is left as it is, since the cache may hold it)."""
        out: RawHeaders
        if not isinstance(raw, list):  # read twice below (named, then copied)
            raw = list(raw)
        if status >= 400:
            raw = [(k, v) for k, v in raw if k.lower() != b"cache-control"]
            raw.append((b"cache-control", b"no-store"))
        # Every answer on an embed page is a page a frame may show, its errors too
        # (api/embed_errors.py makes them HTML).
        if scope.get("path") in EMBED_PAGES:
            out = [(k, v) for k, v in raw if k.lower() != b"content-security-policy"]
            out.extend(self._embed)
            out.extend(DOCUMENT_HEADERS)
        else:
            named = dict(raw)
            # A page with its own policy (GET /demo) keeps it: a second CSP would only narrow it.
            own_csp = b"content-security-policy" in named
            out = [*raw, *(self._without_csp if own_csp else SECURITY_HEADERS)]
            if is_document(named.get(b"content-type", b"")):
                out.extend(DOCUMENT_HEADERS)
            if b"cache-control" not in named and scope.get("path", "").startswith("/schema"):
                out.append(SCHEMA_CACHE_CONTROL)
        if self._cors.enabled:
            origin = next((v for k, v in scope["headers"] if k.lower() == b"origin"), b"")
            out = self._cors.add_headers(out, origin)
        if scope.get("method") == "OPTIONS":
            complete_allow({"headers": out}, scope)
        return out

    def sending(self, send: Send, scope: Scope) -> Send:
        """``send``, completing the headers of the answer's start."""

        async def completing(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = message.get("headers") or ()
                message["headers"] = self.add(raw, message["status"], scope)
            await send(message)

        return completing


class Edge:
    """The middleware (a Litestar middleware factory: Litestar calls it with the next app).

    Litestar's ``ASGIMiddleware`` base would check, on every request, the scope
    type, an opt-out key, an excluded path and a bypass callable; none applies here,
    and those checks were a measurable share of a trivial request.
    """

    def __init__(
        self,
        cors: Cors,
        answer_headers: AnswerHeaders,
        cache: ResponseCache | None = None,
        *,
        host_in_key: bool = True,
    ) -> None:
        self.cors = cors
        self.answer_headers = answer_headers
        self.cache = cache if cache is not None else ResponseCache()
        # False when WAGECALC_PUBLIC_ORIGIN is set: no answer is built from Host then.
        self.host_in_key = host_in_key

    def __call__(self, app: ASGIApp) -> ASGIApp:
        cors, cache, answer_headers = self.cors, self.cache, self.answer_headers
        host_in_key = self.host_in_key

        async def edge(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != ScopeType.HTTP:
                await app(scope, receive, send)
                return
            method = scope["method"]
            # One read of the request headers. ASGI servers (uvicorn, granian) and
            # Litestar's TestClient give the names in lower case, and Litestar writes the
            # response's so: header names are compared as they are, here and below.
            headers = dict(scope["headers"])
            check_request_headers(scope["headers"], headers)
            if method == "OPTIONS" and await cors.answer_preflight(
                headers, answer_headers.sending(send, scope)
            ):
                return
            query: bytes = scope.get("query_string", b"")
            if query:
                check_query(query)
            if method == "GET" or method == "HEAD":
                key: CacheKey = (
                    scope["path"],
                    query,
                    headers.get(b"accept-language", b""),
                    # The embed pages' absolute links come from Host unless a public origin
                    # is configured (then no answer depends on it).
                    _origin_key(scope, headers) if host_in_key else b"",
                    # Each encoding's bytes are kept apart (api/encoding.py).
                    negotiated_encoding(headers.get(b"accept-encoding", b"")),
                )
                if_none_match = headers.get(b"if-none-match", b"")
                entry = cache.lookup(key)
                if entry is not None:
                    status, raw, body = cache.replay(entry, if_none_match)
                    await _send(send, status, answer_headers.add(raw, status, scope), body)
                    return
                # Only a GET's body is kept: a HEAD's might be empty.
                key_if_get = key if method == "GET" else None
                send = _finish(send, scope, if_none_match, cache, key_if_get, answer_headers.add)
            else:
                if method == "POST":
                    check_content_type(headers.get(b"content-type", b""))
                    receive = no_repeated_keys(utf8_only(receive))
                send = answer_headers.sending(send, scope)
            # Set while the route runs, exceptions included. Inline, not in a wrapping
            # coroutine: its frame and await cost as much as all of AnswerHeaders.add.
            inside = cast("dict[str, Any]", scope)
            inside[INSIDE_EDGE] = True
            try:
                await app(scope, receive, send)
            finally:
                inside[INSIDE_EDGE] = False

        return edge


_GOOD_HOSTS: set[bytes] = set()


def check_request_headers(raw: Iterable[tuple[bytes, bytes]], headers: dict[bytes, bytes]) -> None:
    """Refuse what would let one request's answer be filed under another's cache key, or
    fill the cache with one key: a repeated ``Host``, ``Accept-Language``, ``Content-Type``,
    ``Content-Length``, ``If-None-Match`` or ``Origin`` (400), a ``Host`` that is not
    ``host[:port]`` of at most 255 characters (400), an ``Accept-Language`` over 1024
    characters (422). ``headers`` is ``dict(raw)``: a name repeated only if they differ
    in length, so an ordinary request costs two look-ups here."""
    if len(headers) != len(raw):  # type: ignore[arg-type]  # a list, from the server
        check_single_headers(raw)
    host = headers.get(b"host")
    if host is not None and host not in _GOOD_HOSTS:
        check_host(host)
        # The few names a service is reached by are checked once each: a set look-up costs
        # a tenth of the pattern, on every request (bounded: a stream of new names is only
        # checked, never kept).
        if len(_GOOD_HOSTS) < 64:
            _GOOD_HOSTS.add(host)
    language = headers.get(b"accept-language")
    if language is not None and len(language) > 1024:
        check_accept_language(language)


def _origin_key(scope: Scope, headers: dict[bytes, bytes]) -> bytes:
    """The part of the cache key the links of an answer are built from when no public origin
    is configured: ``Host``, and the scheme when it is not plain http (behind a trusted
    proxy that says https, the links say https too)."""
    host = headers.get(b"host", b"")
    return host if scope.get("scheme", "http") == "http" else b"https://" + host


async def _send(send: Send, status: int, headers: RawHeaders, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


def _finish(
    send: Send,
    scope: Scope,
    if_none_match: bytes,
    cache: ResponseCache,
    key: CacheKey | None,
    complete: Callable[[Iterable[tuple[bytes, bytes]], int, Scope], RawHeaders],
) -> Send:
    """The ``send`` of a GET or HEAD: a 200 answer is held until its body is complete, then
    sent with its ETag (or as a 304) and, for a GET (``key``), offered to the cache. Every
    answer's headers are ``complete``d on the way out (after the cache has its copy: the
    CORS headers depend on the request's ``Origin``, which is not in the cache's key)."""
    start: Any = None
    chunks: list[bytes] = []

    async def finish(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            status = message["status"]
            if status == 200:
                start = message
            else:
                message["headers"] = complete(message.get("headers") or (), status, scope)
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
        status = 200
        if if_none_match and etag_matches(if_none_match, etag):
            headers = [(n, v) for n, v in headers if n.lower() not in _NOT_ON_304]
            status = 304
            body = b""
        start["status"], start["headers"] = status, complete(headers, status, scope)
        await send(start)
        await send({"type": "http.response.body", "body": body, "more_body": False})

    return finish


class ErrorAnswerHeaders(InitPluginProtocol):
    """Wraps every exception handler of the app (register it after the plugins that add
    handlers) so that an answer made outside :class:`Edge` gets the :class:`AnswerHeaders`.

    Only the app's own handlers are wrapped: a controller or router declaring its own
    ``exception_handlers`` would answer Edge's refusals on its routes unwrapped. wagecalc has
    none; tests/api/test_edge.py fails if one appears.
    """

    def __init__(self, answer_headers: AnswerHeaders) -> None:
        self._answer_headers = answer_headers

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        app_config.exception_handlers = {
            kind: self._wrap(handler) for kind, handler in app_config.exception_handlers.items()
        }
        return app_config

    def _wrap(self, handler: Callable[..., Response[Any]]) -> Callable[..., Response[Any]]:
        answer_headers = self._answer_headers

        def handle(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
            answer = handler(request, exc)
            if request.scope.get(INSIDE_EDGE):
                return answer  # Edge completes it on the way out
            return _Completed(answer, answer_headers)

        return handle


class _Completed(Response[Any]):
    """``answer``, whose ASGI answer gets the :class:`AnswerHeaders` of its request."""

    def __init__(self, answer: Response[Any], answer_headers: AnswerHeaders) -> None:
        super().__init__(answer.content, status_code=answer.status_code)
        self._answer = answer
        self._answer_headers = answer_headers

    def to_asgi_response(
        self, app: Litestar | None, request: Request[Any, Any, Any], **kwargs: Any
    ) -> ASGIResponse:
        asgi = self._answer.to_asgi_response(app, request, **kwargs)
        asgi.headers.headers = self._answer_headers.add(
            asgi.headers.headers, asgi.status_code, request.scope
        )
        return asgi
