"""Compressed transfer: precompressed static files, JSON and HTML over 1 KB compressed by
Litestar's middleware, each encoding with its own ETag and its own entry in the cache."""

from __future__ import annotations

import gzip

import brotli
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from wagecalc.api.encoding import negotiated_encoding, precompressed
from wagecalc.api.html import EMBED_CSS_PATH

STATIC = ["/widget/v2/wagecalc.js", "/widget/v2/host.js", EMBED_CSS_PATH]
DYNAMIC = [
    "/v1/equivalents?amount=900000&currency=USD&date=2023-07-26&rules=story",
    "/v1/compare?a=900000+USD/year&b=200+USD/day&currency=MYR&date=2023-07-26",
    "/v1/currencies",
    "/embed/equivalents?amount=900000&currency=USD&date=2023-07-26&rules=story",
    "/v1/cards/equivalents.svg?amount=900000&currency=USD&date=2023-07-26&rules=story",
]
DECODE = {"br": brotli.decompress, "gzip": gzip.decompress}


def _raw(
    client: TestClient[Litestar], url: str, accept: str, **headers: str
) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and the body as sent (not decoded by the client)."""
    with client.stream("GET", url, headers={"Accept-Encoding": accept, **headers}) as answer:
        return answer.status_code, dict(answer.headers), b"".join(answer.iter_raw())


@pytest.mark.parametrize("url", STATIC + DYNAMIC)
def test_br_and_gzip_decode_to_the_same_bytes(client: TestClient[Litestar], url: str) -> None:
    """Content-Encoding as accepted, Vary: Accept-Encoding, a smaller body that decodes to
    the uncompressed answer, and an ETag per encoding."""
    status, plain_headers, plain = _raw(client, url, "identity")
    assert status == 200 and "content-encoding" not in plain_headers
    assert len(plain) > 1024 or url in STATIC  # host.js is 615 bytes: precompressed all the same
    etags = {plain_headers["etag"]}
    for accept, encoding in (("gzip, deflate, br", "br"), ("gzip", "gzip")):
        status, headers, body = _raw(client, url, accept)
        assert status == 200
        assert headers["content-encoding"] == encoding
        assert "accept-encoding" in headers["vary"].lower()
        assert headers["content-length"] == str(len(body))
        assert len(body) < len(plain) * (0.6 if len(plain) > 1024 else 0.9)
        assert DECODE[encoding](body) == plain
        etags.add(headers["etag"])
    assert len(etags) == 3


@pytest.mark.parametrize("url", STATIC)
def test_static_files_say_vary_even_uncompressed(client: TestClient[Litestar], url: str) -> None:
    """A shared cache must not hand the uncompressed copy's headers to every client."""
    _, headers, _ = _raw(client, url, "identity")
    assert headers["vary"] == "Accept-Encoding"
    assert "immutable" in headers["cache-control"]


def test_static_files_are_compressed_at_the_highest_levels() -> None:
    """Precompressed once: brotli 11 and gzip 9, with no timestamp (the same bytes, and
    ETag, on every replica)."""
    data = b"const wagecalc = 1;\n" * 400
    variants = precompressed(data)
    assert variants[b"br"] == brotli.compress(data, quality=11)
    assert variants[b"gzip"] == precompressed(data)[b"gzip"]
    assert gzip.decompress(variants[b"gzip"]) == data


def test_wagecalc_js_is_sent_compressed(client: TestClient[Litestar]) -> None:
    """The issue's figure: 17,822 bytes sent uncompressed to a browser that accepts brotli."""
    _, _, plain = _raw(client, "/widget/v2/wagecalc.js", "identity")
    _, headers, body = _raw(client, "/widget/v2/wagecalc.js", "gzip, deflate, br, zstd")
    assert headers["content-encoding"] == "br"
    assert len(body) < len(plain) / 3


def test_each_encoding_is_its_own_cache_entry(client: TestClient[Litestar]) -> None:
    """A replayed answer (Age) keeps the encoding its request accepts: a gzip-only client
    after a brotli one gets gzip, and a client that accepts none gets the plain bytes."""
    url = DYNAMIC[1]
    first = _raw(client, url, "br")
    replay = _raw(client, url, "br")
    assert "age" in replay[1] and replay[2] == first[2]
    gzipped = _raw(client, url, "gzip")
    assert gzipped[1]["content-encoding"] == "gzip" and gzip.decompress(gzipped[2]) == (
        brotli.decompress(first[2])
    )
    plain = _raw(client, url, "identity")
    assert "content-encoding" not in plain[1] and plain[2] == gzip.decompress(gzipped[2])
    for accept, (_, headers, _) in (("br", first), ("gzip", gzipped), ("identity", plain)):
        again = _raw(client, url, accept, **{"If-None-Match": headers["etag"]})
        assert again[0] == 304, accept


def test_small_and_binary_answers_are_not_compressed(client: TestClient[Litestar]) -> None:
    """Under 1 KB (health), and the PNG cards (compressed already)."""
    for url in (
        "/healthz",
        "/v1/cards/compare.png?a=900000+USD/year&b=200+USD/day&currency=MYR&date=2023-07-26",
    ):
        status, headers, _ = _raw(client, url, "gzip, deflate, br")
        assert status == 200 and "content-encoding" not in headers, url


def test_negotiation_matches_the_middleware() -> None:
    """The cache key's encoding is the one Litestar's middleware sends."""
    assert negotiated_encoding(b"br;q=1.0, gzip;q=0.8") == b"br"
    assert negotiated_encoding(b"deflate, gzip") == b"gzip"
    assert negotiated_encoding(b"") == b""
