"""Response headers every answer gets, and the conditional-GET middleware.

``before_send`` is the one hook that sees every response (handler output,
problem responses, router 404/405, CORS preflights, 304s), so the security
headers and ``no-store`` on errors are set there.

The security headers and why:

- ``X-Content-Type-Options: nosniff``: a browser never reads JSON as script or HTML.
- ``Content-Security-Policy``: nothing may load, run, frame the page or submit a form
  (the docs page is plain HTML with no scripts or styles; JSON needs nothing).
- ``Referrer-Policy: no-referrer``: links on the docs page leak no URL (query strings
  hold the salaries being asked about).
- ``Cross-Origin-Resource-Policy: cross-origin``: widgets on other sites may embed
  answers; reading them from script still needs a CORS allow-list entry.
- ``X-Frame-Options: DENY``: the CSP's ``frame-ancestors 'none'`` for old browsers.
- ``Cache-Control: no-store`` on every error (4xx and 5xx).
"""

from __future__ import annotations

import codecs
import hashlib
from typing import Any
from urllib.parse import parse_qsl

from litestar.datastructures import Headers, MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.exceptions import HTTPException
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, ReceiveMessage, Scope, Send

from wagecalc.api.problems import (
    InvalidRequestError,
    QueryTooLongError,
    RepeatedParameterError,
    TooManyParametersError,
)

__all__ = ["ConditionalGetMiddleware", "RequestGuardMiddleware", "etag_matches", "security_headers"]

#: No endpoint has more parameters than this; more is a mistake or an attack.
MAX_QUERY_PARAMETERS = 24
MAX_QUERY_BYTES = 4096

# The API serves JSON and one HTML docs page with no scripts or styles of its own.
_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
_SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"content-security-policy", _CSP.encode()),
    (b"cross-origin-resource-policy", b"cross-origin"),  # the widget embeds answers elsewhere
    (b"x-frame-options", b"DENY"),
)
#: Media types a request body may have (POST /v1/compare reads JSON, nothing else).
_JSON = "application/json"


async def security_headers(message: Message, scope: Scope) -> None:
    if message["type"] != "http.response.start":
        return
    # Raw header tuples: this runs on every response, and Litestar's MutableScopeHeaders
    # re-scans the list on each assignment (it was ~10% of a cached answer's time).
    raw = message.get("headers") or []
    if message["status"] >= 400:
        raw = [(k, v) for k, v in raw if k.lower() != b"cache-control"]
        raw.append((b"cache-control", b"no-store"))
    else:
        raw = list(raw)
    if any(k.lower() == b"content-security-policy" for k, _ in raw):
        # A page with its own policy (GET /demo) keeps it: a second CSP would only narrow it.
        raw.extend(h for h in _SECURITY_HEADERS if h[0] != b"content-security-policy")
    else:
        raw.extend(_SECURITY_HEADERS)
    message["headers"] = raw
    if scope.get("method") == "OPTIONS":
        headers = MutableScopeHeaders.from_message(message)
        if "allow" in headers:
            _complete_allow(scope, headers)


def _complete_allow(scope: Scope, headers: MutableScopeHeaders) -> None:
    """``Allow`` on an OPTIONS answer lists every method of the path, not only the first.

    Litestar 2's generated OPTIONS handler keeps the methods of the first
    controller handler registered on a path (litestar-org/litestar#4169, fixed
    in v3): for /v1/compare it said ``OPTIONS, POST`` and left out GET. The
    app's own handler map for the path is the truth.
    """
    handler_map = getattr(scope.get("litestar_app"), "route_handler_method_map", {})
    methods: set[str] = set()
    for path in getattr(scope.get("route_handler"), "paths", ()):
        methods.update(handler_map.get(path, {}))
    if methods:
        headers["Allow"] = ", ".join(sorted(methods))


class RequestGuardMiddleware(ASGIMiddleware):
    """Refuse oversized query strings, repeated parameters and non-JSON bodies before any handler.

    A repeated parameter (``amount=1&amount=2``) is ambiguous: a cache and the
    app could read different values. It is an error, naming the parameter.

    A POST body must say it is ``application/json`` (415 otherwise). Litestar
    would parse any body as JSON whatever its type; refusing the others keeps
    ``text/plain`` and form posts (which a browser sends cross-origin without a
    CORS preflight) from reaching a handler. It must also be UTF-8 (RFC 8259
    8.1): msgspec raises UnicodeDecodeError for invalid bytes inside a JSON
    string, which Litestar does not map and which would otherwise be a 500.
    """

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        raw: bytes = scope.get("query_string", b"")
        if raw:
            _check_query(raw)
        if scope.get("method") == "POST":
            _check_content_type(Headers.from_scope(scope).get("content-type", ""))
            receive = _utf8_only(receive)
        await next_app(scope, receive, send)


def _utf8_only(receive: Receive) -> Receive:
    """``receive``, checking the body is UTF-8 as it arrives (400 at the first bad byte)."""
    decoder = codecs.getincrementaldecoder("utf-8")()

    async def checked() -> ReceiveMessage:
        message = await receive()
        if message["type"] == "http.request":
            try:
                decoder.decode(message.get("body", b""), final=not message.get("more_body", False))
            except UnicodeDecodeError:
                raise HTTPException(
                    status_code=400, detail="The request body is not valid UTF-8."
                ) from None
        return message

    return checked


def _check_content_type(value: str) -> None:
    if value.partition(";")[0].strip().lower() != _JSON:
        raise HTTPException(
            status_code=415,
            detail=f"The request body must be {_JSON}; got {value[:40]!r}.",
        )


def _check_query(raw: bytes) -> None:
    if len(raw) > MAX_QUERY_BYTES:
        raise InvalidRequestError(
            [QueryTooLongError(f"the query string is {len(raw)} bytes; at most {MAX_QUERY_BYTES}")]
        )
    # The standard library's parser, with its own limit on the number of fields (one more
    # than allowed, so that "too many" is told apart from "at the limit"). Only the names
    # matter here; Litestar parses the values for the handler.
    try:
        pairs = parse_qsl(
            raw.decode("latin-1"),
            keep_blank_values=True,
            max_num_fields=MAX_QUERY_PARAMETERS,
            separator="&",
        )
    except ValueError:  # parse_qsl's own count, before it decodes anything
        raise InvalidRequestError(
            [TooManyParametersError(f"more than {MAX_QUERY_PARAMETERS} query parameters")]
        ) from None
    seen: set[str] = set()
    for name, _ in pairs:
        if name in seen:
            raise InvalidRequestError(
                [RepeatedParameterError(f"{name[:40]!r} is given more than once", field=name[:40])]
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
            # Raw header tuples, as in security_headers: this runs on every 200 GET.
            etag = b'"' + hashlib.sha256(body).hexdigest()[:32].encode() + b'"'
            headers = [*start.get("headers", ()), (b"etag", etag)]
            if etag_matches(_header(scope, b"if-none-match"), etag):
                headers = [(k, v) for k, v in headers if k.lower() not in _NOT_ON_304]
                start["status"] = 304
                body = b""
            start["headers"] = headers
            await send(start)  # type: ignore[arg-type]
            await send({"type": "http.response.body", "body": body, "more_body": False})

        await next_app(scope, receive, buffer)


_NOT_ON_304 = (b"content-length", b"content-type")


def _header(scope: Scope, name: bytes) -> bytes:
    """The first value of a request header; ``name`` in lower case (servers send it so; a
    hand-built scope may not, so the comparison ignores case)."""
    for key, value in scope["headers"]:
        if key.lower() == name:
            return bytes(value)
    return b""


def etag_matches(if_none_match: bytes, etag: bytes) -> bool:
    """Whether an ``If-None-Match`` list names ``etag`` or ``*`` (weak comparison, RFC 9110)."""
    if not if_none_match:
        return False
    tags = {t.strip().removeprefix(b"W/") for t in if_none_match.split(b",")}
    return b"*" in tags or etag in tags
