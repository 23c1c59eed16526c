"""The embed routes and HTTP fixes over real HTTP: `wagecalc serve` on 127.0.0.1."""

from __future__ import annotations

import http.client
import subprocess
from collections.abc import Iterator

import pytest

from tests.servers import clean_env, free_port, start_server, wait_ready

NEWS = "http://127.0.0.1:9"  # an origin only: nothing is served there
EMBED = "/embed/equivalents?amount=900000&currency=USD&date=2023-07-26&rules=story"
CARD = "/v1/cards/compare.svg?a=900000+USD/year&b=200+USD/day&currency=MYR&date=2023-07-26"


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    port = free_port()
    env = clean_env(WAGECALC_CORS_ORIGINS=NEWS, WAGECALC_EMBED_ANCESTORS=NEWS)
    process = start_server(port, env=env, merge_stderr=True)
    try:
        wait_ready(port, process)
        yield port
    finally:
        process.kill()
        process.wait(10)
        if process.stdout is not None:
            process.stdout.close()


def _request(
    port: int, method: str, path: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


def test_head_over_real_http(port: int) -> None:
    """uvicorn sends HEAD's headers with the GET's Content-Length, and no body."""
    status, got_headers, body = _request(port, "GET", EMBED)
    head_status, head_headers, head_body = _request(port, "HEAD", EMBED)
    assert (status, head_status) == (200, 200)
    assert head_body == b""
    assert head_headers["content-length"] == str(len(body))
    assert head_headers["etag"] == got_headers["etag"]


def test_embed_page_over_real_http(port: int) -> None:
    """HTML with the framing policy from the environment, and a replay with its Age."""
    status, headers, body = _request(port, "GET", EMBED, {"Accept-Language": "zh-CN"})
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["content-security-policy"].endswith(f"frame-ancestors {NEWS}")
    assert "x-frame-options" not in headers
    assert b'<html lang="zh-Hans" data-wagecalc-embed>' in body
    _, again, _ = _request(port, "GET", EMBED, {"Accept-Language": "zh-CN", "Origin": NEWS})
    assert again["age"].isdigit()
    assert again["access-control-allow-origin"] == NEWS
    assert again["vary"] == "Accept-Language, Origin"


def test_card_and_refused_preflight_over_real_http(port: int) -> None:
    status, headers, body = _request(port, "GET", CARD)
    assert status == 200 and headers["content-type"] == "image/svg+xml"
    assert body.startswith(b"<svg ")
    status, headers, body = _request(
        port,
        "OPTIONS",
        "/v1/compare",
        {"Origin": NEWS, "Access-Control-Request-Method": "POST"},
    )
    assert status == 403
    assert headers["content-type"] == "application/problem+json"
    assert b"Access-Control-Request-Method" in body


def test_serve_refuses_a_bad_embed_ancestor_in_one_line() -> None:
    process = start_server(free_port(), env=clean_env(WAGECALC_EMBED_ANCESTORS="news.example"))
    try:
        _, err = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    assert process.returncode == 2
    (line,) = err.strip().splitlines()
    assert line.startswith("wagecalc: error: WAGECALC_EMBED_ANCESTORS: 'news.example'")
