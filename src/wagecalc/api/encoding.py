"""Compressed answers: Litestar's compression for JSON and HTML, precompressed static files.

JSON and HTML answers of 1 KB or more are compressed by Litestar's
``CompressionMiddleware`` (brotli, gzip when the client accepts only that) when
the request's ``Accept-Encoding`` allows, with ``Vary: Accept-Encoding``. It runs
inside :class:`wagecalc.api.edge.Edge`, so the response cache keeps the
compressed bytes (each encoding compressed once, then replayed) and each
encoding gets its own strong ``ETag``; the cache's key therefore holds the
encoding the request would get (:func:`negotiated_encoding`).

The widget's scripts and the embed stylesheet never change within a version:
they are compressed once, at first use, at brotli's and gzip's highest levels
(:func:`precompressed`), always with ``Vary: Accept-Encoding``. Their handlers,
and the PNG cards (already compressed), opt out of the middleware
(``opt={SKIP_COMPRESSION: True}``).
"""

from __future__ import annotations

import gzip

import brotli
from litestar.config.compression import CompressionConfig

__all__ = [
    "COMPRESSION",
    "MINIMUM_SIZE",
    "SKIP_COMPRESSION",
    "encoded",
    "negotiated_encoding",
    "precompressed",
]

MINIMUM_SIZE = 1024
#: The handler ``opt`` key that keeps an answer away from the compression middleware.
SKIP_COMPRESSION = "skip_compression"

COMPRESSION = CompressionConfig(
    backend="brotli",
    brotli_gzip_fallback=True,
    minimum_size=MINIMUM_SIZE,
    exclude_opt_key=SKIP_COMPRESSION,
)


def negotiated_encoding(accept_encoding: bytes) -> bytes:
    """The encoding Litestar's compression middleware picks for ``accept_encoding``: ``br``
    if the header names it, else ``gzip`` if it names that, else none (``b""``).

    The middleware looks for the names in the header's text (it reads no ``q`` values), and
    so does this: the cache's key must separate exactly the requests it answers differently.

    >>> negotiated_encoding(b"gzip, deflate, br"), negotiated_encoding(b"gzip")
    (b'br', b'gzip')
    >>> negotiated_encoding(b"identity")
    b''
    """
    if b"br" in accept_encoding:
        return b"br"
    if b"gzip" in accept_encoding:
        return b"gzip"
    return b""


def precompressed(data: bytes) -> dict[bytes, bytes]:
    """``data`` as each encoding would send it: as is, brotli at quality 11, gzip at level 9
    (with no timestamp, so the bytes and their ETag are the same on every replica)."""
    return {
        b"": data,
        b"br": brotli.compress(data, quality=11),
        b"gzip": gzip.compress(data, compresslevel=9, mtime=0),
    }


def encoded(
    variants: dict[bytes, bytes], accept_encoding: str | None
) -> tuple[bytes, dict[str, str]]:
    """The variant of ``variants`` (from :func:`precompressed`) for ``accept_encoding``, and
    its headers: ``Content-Encoding`` when it is compressed, ``Vary: Accept-Encoding`` always."""
    encoding = negotiated_encoding((accept_encoding or "").encode("latin-1"))
    headers = {"Vary": "Accept-Encoding"}
    if encoding:
        headers["Content-Encoding"] = encoding.decode()
    return variants[encoding], headers
