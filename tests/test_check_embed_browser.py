"""The check page in a real browser: Debian's Chromium driven by Playwright, a real server.

``/embed/check`` on a 320 px phone must not scroll sideways (its table of rates
included), in English and in Chinese, light and dark; and axe-core must find
no violation at all on it. Nothing is downloaded: Chromium is Debian's package
and axe-core comes from ``npm ci --prefix tests/browser``; without them these
tests skip locally, saying why, and fail under CI.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest

from tests.chromium import AXE, IN_CI, Browser, Page, launched
from tests.servers import clean_env, free_port, start_server, wait_ready

#: The story's check, and one whose figure a window's rates do give (the table's fifth row).
PAGES = {
    "story": "/embed/check?amount=900000&from=USD&reported=4.3+million&to=MYR&date=2023-07-31",
    "matches": "/embed/check?amount=900000&from=USD&reported=4.1+million&to=MYR&date=2023-07-26",
}


@pytest.fixture(scope="module")
def api() -> Iterator[str]:
    port = free_port()
    process = start_server(port, env=clean_env())
    try:
        wait_ready(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.communicate(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launched() as chromium:
        yield chromium


def _open(
    browser: Browser, url: str, *, width: int, scheme: Literal["light", "dark"] = "light"
) -> Page:
    # bypass_csp only so that the axe test can add its script; the page itself has none inline.
    context = browser.new_context(
        viewport={"width": width, "height": 740}, color_scheme=scheme, bypass_csp=True
    )
    page = context.new_page()
    answer = page.goto(url)
    assert answer is not None and answer.status == 200
    return page


@pytest.mark.parametrize("which", sorted(PAGES))
@pytest.mark.parametrize("query", ["&locale=en", "&locale=zh-Hans", "&locale=ms&theme=dark"])
def test_no_sideways_scrolling_on_a_phone(
    browser: Browser, api: str, which: str, query: str, tmp_path: Path
) -> None:
    """At 320 px the page, its table and its longest line fit the width, and the stylesheet
    applied (the headline is larger than the text)."""
    page = _open(browser, api + PAGES[which] + query, width=320)
    try:
        scroll, inner = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
        assert scroll <= inner == 320
        table = page.locator("table").bounding_box()
        assert table is not None and table["x"] >= 0 and table["x"] + table["width"] <= 320
        sizes = page.evaluate(
            "() => [getComputedStyle(document.querySelector('h1')).fontSize,"
            " getComputedStyle(document.querySelector('td')).fontSize]"
        )
        assert float(sizes[0].removesuffix("px")) > float(sizes[1].removesuffix("px"))
        page.screenshot(path=str(tmp_path / "check-320.png"), full_page=True)
    finally:
        page.context.close()


def _axe(page: Page) -> list[dict[str, Any]]:
    """Every violation axe-core reports on the loaded page, whatever its impact."""
    if not AXE.exists():
        message = "axe-core is not installed: npm ci --prefix tests/browser"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => JSON.stringify(await axe.run(document))")
    violations: list[dict[str, Any]] = json.loads(result)["violations"]
    return violations


@pytest.mark.parametrize("which", sorted(PAGES))
@pytest.mark.parametrize(
    ("query", "scheme"),
    [("&locale=en", "light"), ("&locale=zh-Hant&theme=dark", "light"), ("&theme=auto", "dark")],
)
def test_axe_finds_nothing(
    browser: Browser, api: str, which: str, query: str, scheme: Literal["light", "dark"]
) -> None:
    """No axe-core violation (contrast included) in light, dark and auto-on-a-dark-system."""
    page = _open(browser, api + PAGES[which] + query, width=390, scheme=scheme)
    try:
        violations = _axe(page)
        assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
    finally:
        page.context.close()
