"""An in-process cache of whole GET answers that their own headers say may be cached.

Most widget traffic asks the same few URLs ("USD 900,000 a year in MYR on
2023-07-26"), and an answer for an explicit past date never changes. The
handler, the parameter parsing and the JSON encoding are skipped for an
answer that is already known: it is replayed from memory (and 304'd when the
caller has it). Only what the response itself declares ``public`` is kept,
for no longer than its ``max-age``; the cache is a bounded LRU, so memory
stays flat whatever the URLs.

The key is the path, the raw query string and the headers an answer's body
can depend on (``Accept-Language``; ``Host``, from which the embed pages'
oEmbed links are built, so that a forged Host is never replayed to others).
``Origin`` is not in it: the CORS and security headers are added after this
layer, on every replay too. A
replay says how long it has been kept, in seconds, in ``Age`` (RFC 9111 5.1),
so that a browser or CDN counts the ``max-age`` from when the answer was made.
A HEAD is answered from the GET's entry (the server sends no body for it).
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, NamedTuple

from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from wagecalc.api.headers import etag_matches

__all__ = ["MAX_BODY_BYTES", "MAX_ENTRIES", "ResponseCacheMiddleware"]

MAX_ENTRIES = 2048
MAX_BODY_BYTES = 256 * 1024
_MAX_AGE_RE = re.compile(rb"(?:^|,)\s*max-age=(\d+)")


class _Entry(NamedTuple):
    stored: float
    expires: float
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes


class ResponseCacheMiddleware(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    def __init__(
        self, max_entries: int = MAX_ENTRIES, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._entries: OrderedDict[tuple[bytes, ...], _Entry] = OrderedDict()
        self._max_entries = max_entries
        self._clock = clock
        self.hits = 0
        self.misses = 0

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if scope.get("method") not in ("GET", "HEAD"):
            await next_app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        key = (
            scope["path"].encode(),
            scope.get("query_string", b""),
            headers.get(b"accept-language", b""),
            headers.get(b"host", b""),  # the embed pages' absolute links are built from it
        )
        entry = self._entries.get(key)
        now = self._clock()
        if entry is not None and entry.expires > now:
            self._entries.move_to_end(key)
            self.hits += 1
            age = (b"age", str(int(now - entry.stored)).encode())
            await _replay(entry, age, headers.get(b"if-none-match", b""), send)
            return
        self.misses += 1
        # Only a GET's body is kept: a HEAD's might be empty.
        record = self._recorder(key, send) if scope.get("method") == "GET" else send
        await next_app(scope, receive, record)

    def _recorder(self, key: tuple[bytes, ...], send: Send) -> Send:
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def record(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    self._store(key, start, b"".join(chunks))
            await send(message)

        return record

    def _store(self, key: tuple[bytes, ...], start: dict[str, Any], body: bytes) -> None:
        if start.get("status") != 200 or len(body) > MAX_BODY_BYTES:
            return
        headers: list[tuple[bytes, bytes]] = list(start.get("headers", []))
        found = {name.lower(): value for name, value in headers}
        control = found.get(b"cache-control", b"")
        match = _MAX_AGE_RE.search(control)
        if not control.startswith(b"public") or match is None or int(match[1]) == 0:
            return
        now = self._clock()
        self._entries[key] = _Entry(
            now, now + int(match[1]), headers, body, found.get(b"etag", b"")
        )
        self._entries.move_to_end(key)
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)


async def _replay(
    entry: _Entry, age: tuple[bytes, bytes], if_none_match: bytes, send: Send
) -> None:
    if entry.etag and etag_matches(if_none_match, entry.etag):
        kept = [
            (n, v)
            for n, v in entry.headers
            if n.lower() not in (b"content-length", b"content-type")
        ]
        await send({"type": "http.response.start", "status": 304, "headers": [*kept, age]})
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        return
    headers = [*entry.headers, age]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": entry.body, "more_body": False})
