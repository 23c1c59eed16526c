"""Headers that decide an answer or its cache key, sent twice or malformed, over raw sockets to
a real `wagecalc serve` on 127.0.0.1 (issue 25): refused before the cache, and nothing is
ever filed or served under another request's key."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from tests.servers import clean_env, free_port, start_server, wait_ready
from wagecalc.api import create_app
from wagecalc.config import Settings

EMBED = "/embed/equivalents?amount=900000&currency=USD&date=2023-07-26"
OEMBED = (
    "/oembed?url=http%3A%2F%2Fx%2Fembed%2Fequivalents%3Famount%3D900000%26currency%3DUSD"
    "%26date%3D2023-07-26"
)
CURRENCIES = "/v1/currencies"
DATED = "/v1/convert?amount=900000&from=USD&to=MYR&date=2023-07-26"

Answer = tuple[int, dict[str, str], bytes]


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    port = free_port()
    process = start_server(port, env=clean_env(), merge_stderr=True)
    try:
        wait_ready(port, process)
        yield port
    finally:
        process.terminate()
        process.communicate(timeout=30)


def _raw(port: int, head: bytes, body: bytes = b"") -> Answer:
    """One request written as given (``head`` without its final blank line), read to EOF."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head + b"Connection: close\r\n\r\n" + body)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    top, _, content = data.partition(b"\r\n\r\n")
    lines = top.decode("latin-1").split("\r\n")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(lines[0].split()[1]), headers, content


def _get(port: int, path: str, *header_lines: bytes) -> Answer:
    head = b"GET " + path.encode() + b" HTTP/1.1\r\n" + b"".join(h + b"\r\n" for h in header_lines)
    return _raw(port, head)


@pytest.mark.parametrize("path", [OEMBED, EMBED])
def test_a_second_host_poisons_nothing(port: int, path: str) -> None:
    """Two Hosts: a 400 problem, no-store; the next ordinary request (either Host, either
    order) gets an answer that names only its own Host."""
    own = f"127.0.0.1:{port}".encode()
    for first, second in ((b"evil.example", own), (own, b"evil.example")):
        status, headers, body = _get(port, path, b"Host: " + first, b"Host: " + second)
        assert status == 400, body
        # The embed page refuses with a page a frame can show (the problem in its details).
        wanted = "text/html; charset=utf-8" if path == EMBED else "application/problem+json"
        assert headers["content-type"] == wanted
        assert headers["cache-control"] == "no-store"
        assert b"Host" in body
    for _ in range(2):  # the second is the cache's replay, if anything was cached
        status, _, body = _get(port, path, b"Host: " + own)
        assert status == 200
        assert b"evil.example" not in body
        assert own in body


def test_a_second_accept_language_poisons_nothing(port: int) -> None:
    """Two Accept-Languages: 400; the English key then holds English only."""
    path = DATED + "&_=language"
    status, _, _ = _get(port, path, b"Host: t", b"Accept-Language: zh-Hans", b"Accept-Language: en")
    assert status == 400
    for _ in range(2):
        status, headers, body = _get(port, path, b"Host: t", b"Accept-Language: en")
        assert status == 200
        assert headers["content-language"] == "en"
        assert json.loads(body)["locale"] == "en"


@pytest.mark.parametrize(
    "lines",
    [
        (b"If-None-Match: *", b'If-None-Match: "x"'),
        (b"Origin: https://a.example", b"Origin: https://b.example"),
        (b"Host: t", b"HOST: t"),  # the same name in another case is the same header
    ],
    ids=["if-none-match", "origin", "host-case"],
)
def test_other_repeated_headers_are_refused(port: int, lines: tuple[bytes, ...]) -> None:
    host = () if lines[0].lower().startswith(b"host") else (b"Host: t",)
    status, headers, _ = _get(port, CURRENCIES, *host, *lines)
    assert status == 400
    assert headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    "extra",
    [
        b"Content-Type: application/json\r\nContent-Type: text/plain\r\n",
        b"Content-Type: application/json\r\nContent-Length: 2\r\n",
    ],
    ids=["content-type", "content-length"],
)
def test_a_post_repeating_its_framing_headers_is_refused(port: int, extra: bytes) -> None:
    """A second Content-Type (400 problem from the app) or Content-Length (refused by the
    parser before the app, a 400 problem too)."""
    body = b"{}"
    head = (
        b"POST /v1/compare HTTP/1.1\r\nHost: t\r\n" + extra + b"Content-Length: %d\r\n" % len(body)
    )
    status, headers, _ = _raw(port, head, body)
    assert status == 400
    assert headers["content-type"] == "application/problem+json"
    assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    "host",
    [
        b"evil.example/x",
        b"a b",
        b"evil.example:80:80",
        b"evil.example:port",
        b"user@evil.example",
        b"a" * 256,
        b'"><script>',
        b"[::1",
        b"",
    ],
)
def test_a_malformed_host_is_refused_before_the_cache(port: int, host: bytes) -> None:
    status, headers, _ = _get(port, CURRENCIES, b"Host: " + host)
    assert status == 400
    assert headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    "host", [b"127.0.0.1:8000", b"[::1]:8000", b"wagecalc.example", b"a" * 255]
)
def test_well_formed_hosts_are_served(port: int, host: bytes) -> None:
    status, _, _ = _get(port, CURRENCIES, b"Host: " + host)
    assert status == 200


def test_an_overlong_accept_language_never_reaches_the_cache(port: int) -> None:
    """A 5 KB Accept-Language on a route that ignores it: 422 naming the header, not a
    200 whose key would fill the cache."""
    status, _, body = _get(port, CURRENCIES, b"Host: t", b"Accept-Language: " + b"e" * 5000)
    assert status == 422
    assert json.loads(body)["errors"][0]["field"] == "Accept-Language"


# --- in process: the public origin keeps Host out of answers and the cache key ----------


@pytest.fixture(scope="module")
def public() -> Iterator[TestClient[Litestar]]:
    settings = Settings(public_origin="https://wagecalc.example.org")
    with TestClient(app=create_app(settings)) as client:
        yield client


@pytest.mark.parametrize("path", [EMBED, OEMBED])
def test_with_a_public_origin_host_enters_no_answer(
    public: TestClient[Litestar], path: str
) -> None:
    """Two Hosts ask the same URL: the same body, with the public origin's links only, and
    the second is a replay of the first (the cache key holds no Host)."""
    first = public.get(path, headers={"Host": "a.example"})
    second = public.get(path, headers={"Host": "b.example"})
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert "https://wagecalc.example.org/" in first.text
    assert "a.example" not in first.text
    assert "age" in second.headers
