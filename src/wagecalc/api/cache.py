"""An in-process cache of whole GET answers that their own headers say may be cached.

Most widget traffic asks the same few URLs ("USD 900,000 a year in MYR on
2023-07-26"), and an answer for an explicit past date never changes. The
handler, the parameter parsing and the JSON encoding are skipped for an
answer that is already known: it is replayed from memory (and 304'd when the
caller has it). Only what the response itself declares ``public`` is kept,
for no longer than its ``max-age``; the cache is an LRU bounded both in answers
(2,048) and in bytes (4 MiB of bodies and keys: about 450 equivalents answers
or 4,000 conversions), so memory stays flat whatever the URLs and headers. Bounded by count
alone, 2,048 cold equivalents answers of 9 KB each held 18 MiB, a third of the
process's memory (issue 14); a shared cache in front of the replicas
(deploy/nginx) is the place for more.

The key is the path, the raw query string and the headers an answer's body
can depend on (``Accept-Language``; ``Host``, from which the embed pages'
oEmbed links are built, so that a forged Host is never replayed to others,
unless ``WAGECALC_PUBLIC_ORIGIN`` is set: then links are built from it, no answer
depends on ``Host`` and the key holds an empty string in its place; the content
encoding ``Accept-Encoding`` gets, so that each encoding's bytes are kept apart).
``Origin`` is not in it: the CORS and security headers are added after this
layer, on every replay too. A replay says how long it has been kept, in
seconds, in ``Age`` (RFC 9111 5.1), so that a browser or CDN counts the
``max-age`` from when the answer was made. A HEAD is answered from the GET's
entry (the server sends no body for it).

This module is the store only; :mod:`wagecalc.api.edge` decides when to look
up, record and replay.
"""

from __future__ import annotations

import functools
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import NamedTuple

from wagecalc.api.headers import etag_matches

__all__ = ["MAX_BODY_BYTES", "MAX_ENTRIES", "MAX_TOTAL_BYTES", "CacheKey", "Entry", "ResponseCache"]

MAX_ENTRIES = 2048
MAX_BODY_BYTES = 256 * 1024
MAX_TOTAL_BYTES = 4 * 1024 * 1024
_MAX_AGE_RE = re.compile(rb"(?:^|,)\s*max-age=(\d+)")
_NOT_ON_304 = (b"content-length", b"content-type")

#: (path, raw query string, Accept-Language, Host (empty under a public origin), the content
#: encoding the request gets)
CacheKey = tuple[str, bytes, bytes, bytes, bytes]


class Entry(NamedTuple):
    stored: float
    expires: float
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes


class ResponseCache:
    """A bounded LRU of 200 answers, each kept for its own ``public, max-age``."""

    def __init__(
        self,
        max_entries: int = MAX_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
        max_bytes: int = MAX_TOTAL_BYTES,
    ) -> None:
        self._entries: OrderedDict[CacheKey, Entry] = OrderedDict()
        self._max_entries = max_entries
        self._max_bytes = max_bytes
        self._bytes = 0  # the bodies kept
        self._clock = clock
        self.hits = 0
        self.misses = 0

    def lookup(self, key: CacheKey) -> Entry | None:
        """The live entry for ``key``, if any (counted as a hit or a miss). A plain function,
        not a coroutine: most lookups of cold traffic miss, and a miss awaits nothing."""
        entry = self._entries.get(key)
        if entry is None or entry.expires <= self._clock():
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return entry

    def replay(
        self, entry: Entry, if_none_match: bytes
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        """The status, headers and body that replay ``entry``, with its ``Age`` (a 304 if
        ``if_none_match`` names its ETag)."""
        age = (b"age", str(int(self._clock() - entry.stored)).encode())
        if entry.etag and etag_matches(if_none_match, entry.etag):
            kept = [(n, v) for n, v in entry.headers if n.lower() not in _NOT_ON_304]
            return 304, [*kept, age], b""
        return 200, [*entry.headers, age], entry.body

    def store(
        self, key: CacheKey, headers: list[tuple[bytes, bytes]], control: bytes, body: bytes
    ) -> None:
        """Keep a 200 answer if its ``Cache-Control`` (``control``) says ``public`` with a
        ``max-age`` above zero and it is not too large."""
        if not control.startswith(b"public") or len(body) > min(MAX_BODY_BYTES, self._max_bytes):
            return
        max_age = _max_age(control)
        if not max_age:
            return
        etag = next((v for n, v in headers if n == b"etag"), b"")
        now = self._clock()
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= _size(key, old)
        entry = Entry(now, now + max_age, headers, body, etag)
        self._entries[key] = entry
        self._bytes += _size(key, entry)
        while len(self._entries) > self._max_entries or self._bytes > self._max_bytes:
            self._bytes -= _size(*self._entries.popitem(last=False))


@functools.lru_cache(maxsize=64)
def _max_age(control: bytes) -> int:
    """The ``max-age`` of a ``Cache-Control`` value, 0 if none (the handlers use a handful)."""
    match = _MAX_AGE_RE.search(control)
    return 0 if match is None else int(match[1])


def _size(key: CacheKey, entry: Entry) -> int:
    """What an entry counts against the byte budget: its body and its key, whose query,
    ``Host`` and ``Accept-Language`` come from the request (up to 4 KiB of query, and
    headers as long as the server allows)."""
    path, query, language, host, encoding = key
    return len(entry.body) + len(path) + len(query) + len(language) + len(host) + len(encoding)
