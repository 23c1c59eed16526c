"""CORS in a real browser: headless Chromium fetching from the service on another origin.

A widget on a news site calls wagecalc from a page of another origin. The
browser, not the service, enforces CORS, so this is checked in Chromium
(Debian's package; .ci/run installs it): a page on an allowed origin reads the
answer; a page on any other origin cannot; a POST needs a preflight, which the
default GET-only configuration refuses.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator

import pytest

from tests.servers import PageServer, clean_env, free_port, start_server, wait_ready

CHROMIUM = shutil.which("chromium")
if CHROMIUM is None and os.environ.get("CI"):
    raise RuntimeError("CI must have Debian's chromium for the browser tests (.ci/run installs it)")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")

_PAGE = """<!doctype html><html><body><script>
fetch({url!r}, {init})
  .then(r => r.json())
  .then(j => document.body.setAttribute("data-result", "ok:" + {pick}))
  .catch(e => document.body.setAttribute("data-result", "blocked:" + e.name));
</script></body></html>"""


def _page(html: str, port: int = 0) -> PageServer:
    """A one-page static site on its own 127.0.0.1 port: its own origin."""
    site = PageServer(port)
    site.pages["/"] = (html, {})
    return site


@pytest.fixture(scope="module")
def allowed_origin() -> str:
    """A port reserved for the allowed page, so the service can be told its origin first."""
    return f"http://127.0.0.1:{free_port()}"


def _api(**env: str) -> Iterator[str]:
    port = free_port()
    process = start_server(port, env=clean_env(**env))
    try:
        wait_ready(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.communicate(timeout=30)


@pytest.fixture(scope="module")
def api(allowed_origin: str) -> Iterator[str]:
    """The service allowing one origin, for GET only (the default methods)."""
    yield from _api(WAGECALC_CORS_ORIGINS=allowed_origin)


@pytest.fixture(scope="module")
def api_with_post(allowed_origin: str) -> Iterator[str]:
    """The service allowing one origin for GET and POST."""
    yield from _api(WAGECALC_CORS_ORIGINS=allowed_origin, WAGECALC_CORS_METHODS="GET,POST")


def _port(origin: str) -> int:
    return int(origin.rsplit(":", 1)[1])


def _visit(page: PageServer) -> str:
    """Load the page in headless Chromium; return what its script wrote into the DOM."""
    page.start()
    assert CHROMIUM is not None
    try:
        with tempfile.TemporaryDirectory() as profile:
            done = subprocess.run(
                [
                    CHROMIUM,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    f"--user-data-dir={profile}",
                    "--virtual-time-budget=15000",
                    "--dump-dom",
                    page.origin + "/",
                ],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
    finally:
        page.close()
    match = re.search(r'data-result="([^"]*)"', done.stdout)
    assert match is not None, (done.returncode, done.stdout[-500:], done.stderr[-2000:])
    return match[1]


def _convert_page(api: str, port: int = 0) -> PageServer:
    url = f"{api}/v1/convert?amount=900000&from=USD&to=MYR&date=2023-07-26"
    return _page(_PAGE.format(url=url, init="{}", pick="j.to.amount"), port)


def _compare_post_page(api: str, port: int) -> PageServer:
    body = (
        '{"salaries":[{"label":"PM","amount":"900000","currency":"USD","period":"year"},'
        '{"label":"BG","amount":"200","currency":"USD","period":"day"}],"currency":"MYR"}'
    )
    init = f'{{method: "POST", headers: {{"Content-Type": "application/json"}}, body: {body!r}}}'
    return _page(_PAGE.format(url=f"{api}/v1/compare", init=init, pick="j.currency"), port)


def test_allowed_origin_reads_the_answer(api: str, allowed_origin: str) -> None:
    """A page on the configured origin fetches a conversion and reads its amount."""
    assert _visit(_convert_page(api, _port(allowed_origin))) == "ok:4094556.47"


def test_other_origins_cannot_read_it(api: str) -> None:
    """A page on any other origin gets a network error: the browser withholds the answer."""
    assert _visit(_convert_page(api)) == "blocked:TypeError"


def test_post_is_refused_unless_configured(api: str, allowed_origin: str) -> None:
    """A JSON POST is preflighted, and the default (GET only) refuses it."""
    assert _visit(_compare_post_page(api, _port(allowed_origin))) == "blocked:TypeError"


def test_post_works_when_configured(api_with_post: str, allowed_origin: str) -> None:
    """With WAGECALC_CORS_METHODS=GET,POST the same page's POST goes through."""
    assert _visit(_compare_post_page(api_with_post, _port(allowed_origin))) == "ok:MYR"
