"""Debian's nginx as a caching reverse proxy (deploy/nginx/wagecalc-cache.conf) in front of
two real wagecalc processes, all on 127.0.0.1: what a CDN would cache, and what it must not.

The shipped configuration is used as it is, except for its listen address, its upstream
servers and its cache directory. nginx runs in the foreground from a temporary prefix.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import clean_env, free_port, start_server, wait_ready

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "deploy" / "nginx" / "wagecalc-cache.conf"
NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
)

pytestmark = pytest.mark.skipif(
    NGINX is None, reason="nginx is not installed (.ci/run installs it)"
)

DATED = "/v1/convert?amount=900000&from=USD&to=MYR&date=2023-07-26"
LATEST = "/v1/convert?amount=900000&from=USD&to=MYR"
EMBED = "/embed/compare?a=900000%20USD/year&b=200%20USD/day&currency=MYR&date=2023-07-26"
EQUIVALENTS = "/v1/equivalents?amount=900000&currency=USD&date=2023-07-26&rules=story"

Answer = tuple[int, dict[str, str], bytes]
Proxy = tuple[int, list[subprocess.Popen[str]]]


def _configure(tmp: Path, port: int, upstreams: list[int]) -> Path:
    """The shipped file with this test's addresses, inside a minimal nginx.conf."""
    text = CONF.read_text()
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{port};",
        "/var/cache/nginx/wagecalc": str(tmp / "cache"),
        "    server 127.0.0.1:8000 max_fails=3 fail_timeout=10s;\n"
        "    server 127.0.0.1:8001 max_fails=3 fail_timeout=10s;\n": "".join(
            f"    server 127.0.0.1:{p} max_fails=3 fail_timeout=10s;\n" for p in upstreams
        ),
    }
    for old, new in replacements.items():
        assert text.count(old) == 1, f"{CONF.name} no longer has {old!r} once"
        text = text.replace(old, new)
    (tmp / "wagecalc-cache.conf").write_text(text)
    temp_paths = "\n".join(
        f"    {kind}_temp_path {tmp / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root, nginx's workers would switch to an unprivileged user that cannot write this
    # temporary directory: they stay root here (only in the test).
    user = "user root;\n" if os.geteuid() == 0 else ""
    main = f"""{user}daemon off;
worker_processes 1;
pid {tmp / "nginx.pid"};
error_log {tmp / "error.log"} warn;
events {{ worker_connections 128; }}
http {{
    access_log off;
{temp_paths}
    include {tmp / "wagecalc-cache.conf"};
}}
"""
    (tmp / "nginx.conf").write_text(main)
    return tmp / "nginx.conf"


def _wait_listening(port: int, process: subprocess.Popen[str], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"nginx exited with {process.returncode}: {log.read_text()}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.05)
        finally:
            connection.close()
    pytest.fail("nginx did not listen within 30 s")


@pytest.fixture(scope="module")
def proxy(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[int, list[subprocess.Popen[str]]]]:
    """nginx on a free port in front of two wagecalc workers; yields its port and the workers."""
    assert NGINX is not None
    tmp = tmp_path_factory.mktemp("nginx")
    workers = [free_port(), free_port()]
    # As deployed: forwarded headers believed from the proxy (here on 127.0.0.1) only.
    servers = [
        start_server(p, env=clean_env(WAGECALC_TRUSTED_PROXIES="127.0.0.1")) for p in workers
    ]
    nginx: subprocess.Popen[str] | None = None
    try:
        for port, server in zip(workers, servers, strict=True):
            wait_ready(port, server)
        port = free_port()
        conf = _configure(tmp, port, workers)
        check = subprocess.run(
            [NGINX, "-t", "-q", "-p", str(tmp), "-c", str(conf), "-e", str(tmp / "error.log")],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert check.returncode == 0, check.stderr
        nginx = subprocess.Popen(
            [NGINX, "-p", str(tmp), "-c", str(conf), "-e", str(tmp / "error.log")],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        _wait_listening(port, nginx, tmp / "error.log")
        yield port, servers
    finally:
        if nginx is not None:
            nginx.send_signal(signal.SIGQUIT)  # graceful stop
            nginx.communicate(timeout=30)
        for server in servers:
            server.terminate()
            server.communicate(timeout=30)


def _request(
    port: int, method: str, path: str, headers: dict[str, str], body: bytes | None = None
) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        received: dict[str, str] = {}
        for name, value in response.getheaders():  # a repeated header shows as a joined list
            key = name.lower()
            received[key] = f"{received[key]}, {value}" if key in received else value
        return response.status, received, data
    finally:
        connection.close()


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> Answer:
    return _request(port, "GET", path, headers or {})


def _post(port: int, path: str, body: bytes) -> Answer:
    return _request(port, "POST", path, {"Content-Type": "application/json"}, body)


@pytest.mark.parametrize("path", [DATED, EMBED])
def test_a_dated_answer_is_served_from_the_cache_the_second_time(proxy: Proxy, path: str) -> None:
    """First a MISS, then a HIT with the same body and the origin's immutable Cache-Control
    (the JSON answer and the page an article frames alike)."""
    port, _ = proxy
    status, first, body = _get(port, path)
    assert status == 200
    assert first["x-cache-status"] == "MISS"
    status, second, cached = _get(port, path)
    assert status == 200
    assert second["x-cache-status"] == "HIT"
    assert cached == body
    assert (
        second["cache-control"] == first["cache-control"] == "public, max-age=31536000, immutable"
    )
    assert second["etag"] == first["etag"]


def test_latest_answers_are_cached_and_passed_on_for_a_minute(proxy: Proxy) -> None:
    """An answer on the latest rates is cached too. Fresh from wagecalc it keeps its
    max-age=3600; from the cache (which sends no Age) it goes out with a minute, so a
    browser never adds a second hour to the hour it may have spent in the cache."""
    port, _ = proxy
    path = LATEST + "&_=latest"
    status, first, _ = _get(port, path)
    assert (status, first["x-cache-status"]) == (200, "MISS")
    assert first["cache-control"] == "public, max-age=3600"
    status, second, _ = _get(port, path)
    assert (status, second["x-cache-status"]) == (200, "HIT")
    assert second["cache-control"] == "public, max-age=60"


@pytest.mark.parametrize("path", [DATED, EQUIVALENTS])
def test_languages_are_never_mixed(proxy: Proxy, path: str) -> None:
    """en and zh-Hans answers are cached apart; each language's repeat is a HIT in that
    language, and browser spellings of a language share its entry."""
    port, _ = proxy
    path = path + "&_=lang"  # a key of this test's own
    seen: dict[str, bytes] = {}
    for language, expected in (("zh-Hans", "zh-Hans"), ("en", "en"), ("", "en")):
        headers = {"Accept-Language": language} if language else {}
        status, first, body = _get(port, path, headers)
        assert status == 200
        assert first["content-language"] == expected
        seen.setdefault(expected, body)
        assert body == seen[expected]
    for language, expected in (
        ("zh-Hans", "zh-Hans"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh-Hans"),
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
    ):
        status, headers, body = _get(port, path, {"Accept-Language": language})
        assert status == 200
        assert headers["x-cache-status"] == "HIT", language
        assert headers["content-language"] == expected, language
        assert body == seen[expected], language
    assert seen["en"] != seen["zh-Hans"]


def test_other_languages_are_negotiated_by_wagecalc(proxy: Proxy) -> None:
    """A header the proxy does not reduce goes upstream as sent: wagecalc picks zh-Hant from
    "fr, zh-TW;q=0.8" exactly as it would without the proxy, and it is cached under it."""
    port, _ = proxy
    path = DATED + "&_=negotiated"
    for expected_status in ("MISS", "HIT"):
        status, headers, _ = _get(port, path, {"Accept-Language": "fr, zh-TW;q=0.8"})
        assert status == 200
        assert headers["content-language"] == "zh-Hant"
        assert headers["x-cache-status"] == expected_status


@pytest.mark.parametrize(
    "path",
    [
        "/v1/convert?amount=-1&from=USD&to=MYR&date=2023-07-26",
        "/v1/convert?amount=900000&from=usd&to=MYR",
        "/v1/no-such-endpoint",
    ],
)
def test_errors_are_never_cached(proxy: Proxy, path: str) -> None:
    """A 4xx problem is no-store, and every repeat goes to wagecalc again."""
    port, _ = proxy
    for _ in range(3):
        status, headers, body = _get(port, path)
        assert 400 <= status < 500
        assert headers["cache-control"] == "no-store"
        assert headers["x-cache-status"] != "HIT"
        assert headers["content-type"] == "application/problem+json"
        assert body


def test_posts_are_never_cached(proxy: Proxy) -> None:
    """POST /v1/compare goes to wagecalc every time (nginx caches GET and HEAD only)."""
    port, _ = proxy
    body = (
        b'{"salaries":[{"label":"PM","amount":"900000","currency":"USD","period":"year"},'
        b'{"label":"actor","amount":"200","currency":"USD","period":"day"}],'
        b'"currency":"MYR","date":"2023-07-26"}'
    )
    for _ in range(3):
        status, headers, _ = _post(port, "/v1/compare", body)
        assert status == 200
        assert headers["cache-control"] == "no-store"
        assert headers.get("x-cache-status", "") != "HIT"


def test_age_and_cache_control_stay_sane(proxy: Proxy) -> None:
    """Cached answers stay public and never live longer downstream than wagecalc allowed:
    a dated answer keeps its immutable year, others get at most a minute; an Age, if any,
    is a whole number of seconds within the max-age; the equivalents day is not stretched."""
    port, _ = proxy
    expected = {
        DATED: "public, max-age=31536000, immutable",
        LATEST: "public, max-age=60",
        EQUIVALENTS: "public, max-age=60",
    }
    for path, cache_control in expected.items():
        _get(port, path)
        _, headers, _ = _get(port, path)
        assert headers["x-cache-status"] == "HIT"
        assert headers["cache-control"] == cache_control
        max_age = int(headers["cache-control"].split("max-age=")[1].split(",")[0])
        if "age" in headers:
            assert headers["age"].isdigit()
            assert int(headers["age"]) <= max_age


OEMBED = (
    "/oembed?url=https%3A%2F%2Fnews.example%2Fembed%2Fequivalents%3Famount%3D900000"
    "%26currency%3DUSD%26date%3D2023-07-26"
)


def test_behind_tls_the_links_say_https(proxy: Proxy) -> None:
    """A load balancer that terminated TLS says ``X-Forwarded-Proto: https``: the oEmbed
    iframe and provider URL are https (no mixed content), the embed page's discovery link
    too; plain http requests keep http links, and the cache never serves one for the other."""
    port, _ = proxy
    for _ in range(2):  # a MISS, then the cache's copy
        for proto, other in (("https", "http"), ("http", "https")):
            status, _, body = _get(port, OEMBED, {"X-Forwarded-Proto": proto})
            assert status == 200, body
            answer = json.loads(body)
            assert answer["provider_url"].startswith(f"{proto}://"), answer
            assert f'src="{proto}://' in answer["html"]
            assert f'src="{other}://' not in answer["html"]
    status, _, page = _get(port, EMBED, {"X-Forwarded-Proto": "https"})
    assert status == 200
    assert b'href="https://' in page and b"/oembed?" in page
    assert b'href="http://' not in page


def test_one_worker_down_the_other_answers(proxy: Proxy) -> None:
    """With one of the two workers stopped, misses are still answered (by the other).

    Runs last: it stops a worker of the module's proxy."""
    port, servers = proxy
    servers[0].terminate()
    servers[0].communicate(timeout=30)
    for n in range(6):  # six misses: round robin would send three to the stopped worker
        status, headers, _ = _get(port, f"/v1/convert?amount={900000 + n}&from=USD&to=EUR")
        assert status == 200
        assert headers["x-cache-status"] == "MISS"
