"""The framing policy in a real browser: Debian's chromium, driven by Playwright.

A host page on one loopback origin frames wagecalc, on another, with
WAGECALC_EMBED_ANCESTORS naming the host: the embed page shows its answer
inside the frame (stylesheet applied under its strict CSP, the widget script
kept out, so this is the page without JavaScript); an embed URL with a bad
parameter shows a readable error page in the frame, not the broken-page icon;
a JSON route in a frame is refused by the browser; and a host the setting does
not name cannot frame even the embed page.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.chromium import Browser, Frame, Page, Route, launched
from tests.servers import PageServer, clean_env, free_port, start_server, wait_ready

EMBED = "/embed/equivalents?amount=900000&currency=USD&date=2023-07-26&rules=story&locale=zh-Hans"
JSON = "/v1/convert?amount=900000&from=USD&to=MYR&date=2023-07-26"
BAD_EMBED = "/embed/equivalents?amount=12%2C000&currency=USD&locale=zh-Hans"


def _host_page(api: str) -> str:
    """A page framing ``embed`` and ``json`` of the service at ``api``."""
    return (
        '<!doctype html><html lang="en"><title>host</title><body>'
        f'<iframe id="embed" title="embed" src="{api}{EMBED}"></iframe>'
        f'<iframe id="json" title="json" src="{api}{JSON}"></iframe>'
        f'<iframe id="bad" title="bad" src="{api}{BAD_EMBED}"></iframe>'
        "</body></html>"
    )


@pytest.fixture(scope="module")
def hosts() -> Iterator[tuple[PageServer, PageServer]]:
    """A host the service names in WAGECALC_EMBED_ANCESTORS, one it does not, and the service."""
    listed, other = PageServer(), PageServer()
    port = free_port()
    process = start_server(port, env=clean_env(WAGECALC_EMBED_ANCESTORS=listed.origin))
    try:
        wait_ready(port, process)
        for host in (listed, other):
            host.pages["/"] = (_host_page(f"http://127.0.0.1:{port}"), {})
            host.start()
        yield listed, other
    finally:
        for host in (listed, other):
            host.close()
        process.terminate()
        process.communicate(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launched() as chromium:
        yield chromium


def _visit(browser: Browser, host: PageServer) -> tuple[Page, list[str]]:
    page = browser.new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.route("**/widget/v2/*", lambda route: _abort(route))  # the page without JavaScript
    page.goto(host.origin + "/")
    page.wait_for_load_state("load")
    return page, messages


def _abort(route: Route) -> None:
    route.abort()


def _frame(page: Page, name: str) -> Frame:
    handle = page.query_selector(f"iframe#{name}")
    assert handle is not None
    frame = handle.content_frame()
    assert frame is not None
    return frame


def test_the_listed_host_shows_the_embed_page(
    browser: Browser, hosts: tuple[PageServer, PageServer]
) -> None:
    """The answer is in the frame, styled by /embed/v1/embed.css under the page's own CSP."""
    page, messages = _visit(browser, hosts[0])
    embed = _frame(page, "embed")
    text = embed.locator("wagecalc-equivalents").inner_text()
    assert "足以让34名演员达到SAG-AFTRA健康计划收入门槛" in text
    margin = embed.locator("body").evaluate("b => getComputedStyle(b).marginTop")
    assert margin == "0px"  # the stylesheet loaded (a browser's default is 8px)
    assert not [m for m in messages if "Content Security Policy" in m and "embed" in m]
    page.close()


def test_a_bad_embed_url_shows_a_readable_page(
    browser: Browser, hosts: tuple[PageServer, PageServer]
) -> None:
    """The 422 for a bad amount is a page in the frame, in the page's language, styled."""
    page, messages = _visit(browser, hosts[0])
    bad = _frame(page, "bad")
    assert bad.locator("h1").inner_text() == "无法显示此数据"
    assert "链接有误" in bad.locator("main").inner_text()
    assert bad.locator("html").get_attribute("lang") == "zh-Hans"
    margin = bad.locator("body").evaluate("b => getComputedStyle(b).marginTop")
    assert margin == "0px"  # the stylesheet loaded under the embed CSP
    # One framing refusal on the host page: the JSON frame's, not this one's.
    assert len([m for m in messages if "frame-ancestors" in m]) == 1
    page.close()


def test_json_routes_cannot_be_framed(
    browser: Browser, hosts: tuple[PageServer, PageServer]
) -> None:
    """The browser refuses to show a JSON answer in a frame (DENY, frame-ancestors 'none')."""
    page, _ = _visit(browser, hosts[0])
    assert "4094556.47" not in _frame(page, "json").content()
    page.close()


def test_an_unlisted_host_cannot_frame_the_embed_page(
    browser: Browser, hosts: tuple[PageServer, PageServer]
) -> None:
    page, _ = _visit(browser, hosts[1])
    assert "34名演员" not in _frame(page, "embed").content()
    page.close()
