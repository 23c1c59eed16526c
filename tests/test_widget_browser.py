"""The widget in a real browser: Playwright driving Debian's Chromium.

A host page on one loopback origin loads ``/widget/v1/wagecalc.js`` (with its
SRI hash) from wagecalc on another, under a strict CSP of its own, as a news
site would. The element must render the story's figures, follow the reader's
input, say when the service is unreachable or refuses the input, keep hostile
labels as text, work from the keyboard alone, and pass axe-core.

Nothing is downloaded: Chromium is Debian's package (``.ci/run`` installs it)
and axe-core comes from ``npm ci --prefix tests/browser``. Without them these
tests skip locally, saying why, and fail under CI.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
import os
import re
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.servers import PageServer, clean_env, free_port, start_server, wait_ready
from wagecalc.api.routes.widget import script_bytes

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
_IN_CI = bool(os.environ.get("CI"))

try:
    from playwright.sync_api import Browser, Page, expect, sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    if _IN_CI:
        raise
    pytest.skip("playwright is not installed (the test extra has it)", allow_module_level=True)

if not CHROMIUM.exists():
    if _IN_CI:
        raise RuntimeError("CI must have Debian's chromium for the browser tests (.ci/run)")
    pytest.skip("Debian's chromium is not installed at /usr/bin/chromium", allow_module_level=True)


def sri(data: bytes) -> str:
    """The Subresource Integrity value of ``data`` (sha384, as README.md publishes it)."""
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


class Site(PageServer):
    """Static pages on their own 127.0.0.1 port (their own origin), with a strict CSP."""

    def add(self, path: str, api: str, body: str, lang: str = "en") -> str:
        """A page at ``path`` that loads the widget from ``api`` with SRI; its URL."""
        integrity = sri(script_bytes("wagecalc.js"))
        # No inline script or style at all; scripts and fetches only from wagecalc.
        csp = (
            f"default-src 'none'; script-src {api}; connect-src {api}; img-src {api}; "
            "style-src 'none'; base-uri 'none'; form-action 'none'"
        )
        self.pages[path] = (
            f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            "<title>Host page</title>"
            f'<script type="module" src="{api}/widget/v1/wagecalc.js" integrity="{integrity}" '
            f'crossorigin="anonymous"></script></head><body><main><h1>Story</h1>{body}</main>'
            "</body></html>",
            {"Content-Security-Policy": csp},
        )
        return self.origin + path


def _serve(env: dict[str, str]) -> tuple[str, Callable[[], None]]:
    port = free_port()
    process = start_server(port, env=clean_env(**env))
    wait_ready(port, process)

    def stop() -> None:
        if process.poll() is None:
            process.terminate()
            process.communicate(timeout=30)

    return f"http://127.0.0.1:{port}", stop


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    """The host pages' origin."""
    pages = Site()
    pages.start()
    yield pages
    pages.close()


@pytest.fixture(scope="module")
def api(site: Site) -> Iterator[str]:
    """wagecalc on another loopback origin, allowing the host pages' origin."""
    url, stop = _serve({"WAGECALC_CORS_ORIGINS": site.origin})
    yield url
    stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Watch:
    """What a page did that it must not: dialogs, uncaught errors, console errors."""

    def __init__(self, page: Page) -> None:
        self.problems: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda error: self.problems.append(f"pageerror: {error}"))
        page.on("console", self._console)
        page.on("response", self._response)

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.problems.append(f"http {response.status}: {response.url}")

    def _dialog(self, dialog: Any) -> None:
        self.problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def _console(self, message: Any) -> None:
        # A failed load is reported with its URL by _response.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(f"console: {message.text}")


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


def _equivalents(locale: str, amount: str = "900000") -> str:
    return (
        f'<wagecalc-equivalents amount="{amount}" currency="USD" period="year" '
        f'date="2023-07-26" rules="story" to="MYR" locale="{locale}">'
        "<p>USD 900,000 a year is about MYR 4.09 million.</p></wagecalc-equivalents>"
    )


def _answer(page: Page, element: str = "wagecalc-equivalents") -> Any:
    """The element's answer region (Playwright's CSS locators pierce open shadow roots)."""
    return page.locator(f"{element} [part=answer]")


def test_renders_the_story_in_english(page: Page, site: Site, api: str) -> None:
    """The story's figures, the rate, its date and its source, from one script tag."""
    watch = Watch(page)
    page.goto(site.add("/en", api, _equivalents("en")))
    answer = _answer(page)
    expect(answer.locator("ul")).to_be_visible()
    expect(answer).to_contain_text("USD\u00a0900,000.00 per year = MYR\u00a04,094,556.47 per year")
    expect(answer).to_contain_text(
        "enough to meet the SAG-AFTRA Health Plan earnings threshold of 34 actors"
    )
    expect(answer).to_contain_text("not the cost of cover")
    expect(answer).to_contain_text("1 USD = 4.54950718872 MYR (USD→EUR→MYR), rate of 2023-07-26")
    source = answer.get_by_role("link", name="European Central Bank")
    expect(source).to_have_attribute("rel", "noopener noreferrer")
    expect(source).to_have_attribute("target", "_blank")
    assert (source.get_attribute("href") or "").startswith("https://www.ecb.europa.eu/")
    # The server-rendered fallback gives way to the live answer.
    expect(page.get_by_text("about MYR 4.09 million")).to_be_hidden()
    assert watch.problems == []


def test_renders_the_story_in_simplified_chinese(page: Page, site: Site, api: str) -> None:
    """The same figures in zh-Hans: sentences from the service, labels from the widget."""
    watch = Watch(page)
    page.goto(site.add("/zh", api, _equivalents("zh-Hans"), lang="zh-Hans"))
    answer = _answer(page)
    expect(answer).to_contain_text("每年US$900,000足以让34名演员达到SAG-AFTRA健康计划收入门槛")
    expect(answer).to_contain_text("每年US$900,000.00 = 每年MYR\u00a04,094,556.47")
    expect(answer).to_contain_text("汇率: 1 USD = 4.54950718872 MYR")
    expect(page.get_by_label("金额")).to_have_value("900000")
    assert watch.problems == []


def test_a_fallback_is_explained_in_words(page: Page, site: Site, api: str) -> None:
    """A Saturday has no ECB rate: the answer says which day's rate it used, and why."""
    body = _equivalents("en").replace('date="2023-07-26"', 'date="2023-07-29"')
    page.goto(site.add("/saturday", api, body))
    answer = _answer(page)
    expect(answer).to_contain_text("rate of 2023-07-28")
    expect(answer).to_contain_text(
        "Why this date: no rate was published on the requested day (a weekend or holiday)"
    )


def test_typing_an_amount_updates_the_answer(page: Page, site: Site, api: str) -> None:
    """A new amount, typed, gives a new answer (debounced, through the GET endpoint)."""
    page.goto(site.add("/type", api, _equivalents("en")))
    answer = _answer(page)
    expect(answer).to_contain_text("threshold of 34 actors")
    page.get_by_label("Amount").fill("")
    page.get_by_label("Amount").press_sequentially("450000")
    expect(answer).to_contain_text("USD\u00a0450,000.00 per year = MYR\u00a02,047,278.23 per year")
    expect(answer).to_contain_text("threshold of 17 actors")
    page.get_by_label("Period").select_option("month")
    expect(answer).to_contain_text("USD\u00a0450,000.00 per month")


def test_keyboard_only(page: Page, site: Site, api: str) -> None:
    """Tab reaches the amount; typing and Enter give the new answer; no mouse used."""
    page.goto(site.add("/keys", api, _equivalents("en")))
    answer = _answer(page)
    expect(answer).to_contain_text("threshold of 34 actors")
    focused = "() => document.activeElement?.shadowRoot?.activeElement?.name ?? null"
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate(focused) == "amount":
            break
    assert page.evaluate(focused) == "amount"
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("100000")
    page.keyboard.press("Enter")
    expect(answer).to_contain_text("USD\u00a0100,000.00 per year")
    expect(answer).to_contain_text("threshold of 3 actors")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == "period"


def test_invalid_input_shows_the_problem(page: Page, site: Site, api: str) -> None:
    """A 422 shows the problem's message and names the field."""
    page.goto(site.add("/bad", api, _equivalents("en", amount="-5")))
    alert = page.locator("wagecalc-equivalents [role=alert]")
    expect(alert).to_contain_text("The request was refused")
    expect(alert).to_contain_text("amount: amount must be positive, not '-5'")


def test_a_stopped_server_gives_the_error_state(page: Page, site: Site) -> None:
    """When the service goes away, the next answer is an error saying so, not a stale one."""
    api, stop = _serve({"WAGECALC_CORS_ORIGINS": site.origin})
    try:
        page.goto(site.add("/stop", api, _equivalents("en")))
        answer = _answer(page)
        expect(answer).to_contain_text("threshold of 34 actors")
    finally:
        stop()
    page.get_by_label("Amount").fill("200000")
    alert = page.locator("wagecalc-equivalents [role=alert]")
    expect(alert).to_contain_text("The wagecalc service cannot be reached")
    expect(answer).not_to_contain_text("threshold of 34 actors")


_HOSTILE_A = "<script>window.__pwned=1</script>PM"
_HOSTILE_B = '"><img src=x onerror="window.__pwned=2">BG'


def test_hostile_labels_stay_text(page: Page, site: Site, api: str) -> None:
    """Labels with markup are shown as typed: no element made, nothing run, no dialog."""
    watch = Watch(page)
    compare = (
        '<wagecalc-compare a="900000 USD/year" b="200 USD/day" currency="MYR" date="2023-07-26" '
        f'locale="en" a-label="{html.escape(_HOSTILE_A)}" b-label="{html.escape(_HOSTILE_B)}">'
        "</wagecalc-compare>"
    )
    page.goto(site.add("/hostile", api, compare))
    answer = _answer(page, "wagecalc-compare")
    expect(answer.locator("table")).to_be_visible()
    expect(answer).to_contain_text(
        f"{_HOSTILE_A} earns in about 15 working days (120.2 hours) what {_HOSTILE_B} earns"
    )
    expect(answer).to_contain_text("MYR 4,094,556.47")
    expect(page.locator("wagecalc-compare legend").first).to_have_text(_HOSTILE_A)
    made = page.evaluate(
        "() => document.querySelector('wagecalc-compare').shadowRoot"
        ".querySelectorAll('img, script, [onerror]').length"
    )
    assert made == 0
    assert page.evaluate("() => window.__pwned ?? null") is None
    assert watch.problems == []


def test_bundle_size_as_served(api: str) -> None:
    """The module as served is at most 15 KB gzipped."""
    with urllib.request.urlopen(f"{api}/widget/v1/wagecalc.js") as response:  # loopback
        body = response.read()
    assert body == script_bytes("wagecalc.js")
    assert len(gzip.compress(body, compresslevel=9)) <= 15 * 1024


def _axe(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations of serious or critical impact on the loaded page."""
    if not AXE.exists():
        message = "axe-core is not installed: npm ci --prefix tests/browser"
        if _IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => JSON.stringify(await axe.run(document))")
    violations: list[dict[str, Any]] = json.loads(result)["violations"]
    return [v for v in violations if v.get("impact") in ("serious", "critical")]


@pytest.fixture(params=["light", "dark"])
def axe_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page whose CSP lets the test inject axe-core (the pages forbid inline script), in
    the light and the dark colour scheme (the widget follows prefers-color-scheme)."""
    context = browser.new_context(bypass_csp=True, color_scheme=request.param)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("locale", ["en", "zh-Hans"])
def test_axe_on_a_host_page(axe_page: Page, site: Site, api: str, locale: str) -> None:
    """No serious or critical accessibility violation with both elements answered (colour
    contrast included, in both schemes)."""
    compare = (
        '<wagecalc-compare a="900000 USD/year" b="200 USD/day" currency="MYR" '
        f'a-label="PM" b-label="Extra" date="2023-07-26" locale="{locale}"></wagecalc-compare>'
    )
    url = site.add(f"/axe-{locale}", api, _equivalents(locale) + compare, lang=locale)
    axe_page.goto(url)
    expect(_answer(axe_page).locator("ul")).to_be_visible()
    expect(_answer(axe_page, "wagecalc-compare").locator("table")).to_be_visible()
    assert _axe(axe_page) == []


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/demo", "enough to meet the SAG-AFTRA Health Plan earnings threshold of 34 actors"),
        ("/demo/zh-Hans", "足以让34名演员达到SAG-AFTRA健康计划收入门槛"),
    ],
)
def test_demo_renders_the_story(page: Page, api: str, path: str, expected: str) -> None:
    """The demo article, under its strict CSP, shows the live figures from its own origin."""
    watch = Watch(page)
    page.goto(api + path)
    answer = _answer(page)
    expect(answer).to_contain_text(expected)
    expect(answer).to_contain_text("MYR\u00a04,094,556.47")
    expect(_answer(page, "wagecalc-compare").locator("table")).to_contain_text("4,094,556.47")
    # Nothing on the page fails or breaks its CSP: the widget, the iframe, the card.
    assert watch.problems == []
    expect(page.frame_locator("iframe").locator("body")).to_contain_text(expected)
    page.wait_for_function("() => document.querySelector('img.card').complete")
    assert page.locator("img.card").evaluate("img => img.naturalWidth") == 1200


@pytest.mark.parametrize("path", ["/demo", "/demo/zh-Hans"])
def test_axe_on_the_demo(axe_page: Page, api: str, path: str) -> None:
    """No serious or critical accessibility violation on the demo article."""
    axe_page.goto(api + path)
    expect(_answer(axe_page).locator("ul")).to_be_visible()
    expect(_answer(axe_page, "wagecalc-compare").locator("table")).to_be_visible()
    assert _axe(axe_page) == []


def test_a_new_locale_attribute_relabels_and_reloads(page: Page, site: Site, api: str) -> None:
    """A host page switching the article's language switches the element's too."""
    page.goto(site.add("/relocale", api, _equivalents("en")))
    answer = _answer(page)
    expect(answer).to_contain_text("earnings threshold of 34 actors")
    page.evaluate(
        "() => document.querySelector('wagecalc-equivalents').setAttribute('locale', 'zh-Hans')"
    )
    expect(answer).to_contain_text("足以让34名演员")
    expect(page.get_by_label("金额")).to_have_value("900000")


def test_custom_properties_theme_the_element(page: Page, site: Site, api: str) -> None:
    """A host page's --wagecalc-* properties reach inside the shadow root."""
    page.goto(site.add("/theme", api, _equivalents("en")))
    link = _answer(page).get_by_role("link", name="European Central Bank")
    expect(link).to_be_visible()
    page.evaluate(
        """() => {
            const style = document.querySelector("wagecalc-equivalents").style;
            style.setProperty("--wagecalc-accent", "rgb(1, 2, 3)");
            style.setProperty("--wagecalc-bg", "rgb(250, 240, 230)");
        }"""
    )
    assert link.evaluate("a => getComputedStyle(a).color") == "rgb(1, 2, 3)"
    host_bg = "e => getComputedStyle(e).backgroundColor"
    assert page.locator("wagecalc-equivalents").evaluate(host_bg) == "rgb(250, 240, 230)"


def test_dark_scheme(browser: Browser, site: Site, api: str) -> None:
    """With prefers-color-scheme: dark the element is dark by default."""
    context = browser.new_context(color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(site.add("/dark", api, _equivalents("en")))
        expect(_answer(page).locator("ul")).to_be_visible()
        host_bg = "e => getComputedStyle(e).backgroundColor"
        assert page.locator("wagecalc-equivalents").evaluate(host_bg) == "rgb(30, 31, 34)"
    finally:
        context.close()


_STORY_QUERY = "amount=900000&currency=USD&date=2023-07-26&rules=story"


def _framing_page(site: Site, api: str, path: str, locale: str) -> str:
    """A host page with the iframe and the host snippet, both from wagecalc, as pasted."""
    integrity = sri(script_bytes("host.js"))
    body = (
        f'<iframe src="{api}/embed/equivalents?{_STORY_QUERY}&amp;locale={locale}" '
        'title="wagecalc: USD 900,000 a year as equivalents" width="600" height="80"></iframe>'
        f'<script src="{api}/widget/v1/host.js" integrity="{integrity}" '
        'crossorigin="anonymous" async></script>'
    )
    url = site.add(path, api, body, lang=locale)
    html_, headers = site.pages[path]
    csp = headers["Content-Security-Policy"] + f"; frame-src {api}"
    site.pages[path] = (html_, {"Content-Security-Policy": csp})
    return url


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en", "earnings threshold of 34 actors"), ("zh-Hans", "足以让34名演员")],
)
def test_iframe_embed_renders_and_sizes_its_frame(
    page: Page, site: Site, api: str, locale: str, expected: str
) -> None:
    """The embed page answers inside a frame on another origin, and the host snippet gives
    the frame the height the page reports."""
    watch = Watch(page)
    page.goto(_framing_page(site, api, f"/frame-{locale}", locale))
    inner = page.frame_locator("iframe")
    expect(inner.locator("body")).to_contain_text(expected)
    expect(inner.locator("wagecalc-equivalents [part=answer] ul")).to_be_visible()
    frame = page.frames[1]
    height = frame.evaluate(
        "() => Math.ceil(document.documentElement.getBoundingClientRect().height)"
    )
    assert height > 80
    expect(page.locator("iframe")).to_have_attribute("style", f"height: {height}px;")
    assert watch.problems == []


def _distinct_colours(page: Page, png: bytes) -> int:
    """How many different colours a PNG has, counted in a canvas of an empty page."""
    page.goto("about:blank")
    return int(
        page.evaluate(
            """async (b64) => {
                const blob = await (await fetch("data:image/png;base64," + b64)).blob();
                const bitmap = await createImageBitmap(blob);
                const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
                const context = canvas.getContext("2d");
                context.drawImage(bitmap, 0, 0);
                const data = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
                const seen = new Set();
                for (let i = 0; i < data.length; i += 4) {
                    seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
                }
                return seen.size;
            }""",
            base64.b64encode(png).decode(),
        )
    )


@pytest.mark.parametrize("locale", ["en", "zh-Hans"])
def test_card_image_renders(page: Page, site: Site, api: str, locale: str) -> None:
    """The SVG card, as an <img> on another origin, loads at 1200×630 and is not blank."""
    body = (
        f'<img src="{api}/v1/cards/equivalents.svg?{_STORY_QUERY}&amp;locale={locale}" '
        'width="600" height="315" alt="USD 900,000 a year as equivalents">'
    )
    page.goto(site.add(f"/card-{locale}", api, body, lang=locale))
    image = page.locator("img")
    page.wait_for_function("() => document.querySelector('img').complete")
    natural = image.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert natural == [1200, 630]
    assert _distinct_colours(page, image.screenshot()) > 8


@pytest.mark.parametrize(
    "path",
    [
        f"/embed/equivalents?{_STORY_QUERY}&locale=en",
        f"/embed/equivalents?{_STORY_QUERY}&locale=zh-Hans",
        "/embed/compare?a=900000+USD/year&b=200+USD/day&currency=MYR&date=2023-07-26&locale=en",
        "/embed/compare?a=900000+USD/year&b=200+USD/day&currency=MYR&date=2023-07-26&locale=zh-Hans",
    ],
)
def test_axe_on_the_embed_pages(axe_page: Page, api: str, path: str) -> None:
    """No serious or critical accessibility violation on the embed pages, once live."""
    axe_page.goto(api + path)
    expect(axe_page.locator("[part=answer] :is(ul, table)")).to_be_visible()
    assert _axe(axe_page) == []


def test_hostile_labels_stay_text_on_the_embed_page(page: Page, api: str) -> None:
    """On /embed/compare the labels stay text both in the server's HTML and in the widget."""
    watch = Watch(page)
    query = urllib.parse.urlencode(
        {
            "a": "900000 USD/year",
            "b": "200 USD/day",
            "currency": "MYR",
            "date": "2023-07-26",
            "a_label": _HOSTILE_A,
            "b_label": _HOSTILE_B,
        }
    )
    page.goto(f"{api}/embed/compare?{query}")
    answer = _answer(page, "wagecalc-compare")
    expect(answer.locator("table")).to_be_visible()
    expect(answer).to_contain_text(
        f"{_HOSTILE_A} earns in about 15 working days (120.2 hours) what {_HOSTILE_B} earns"
    )
    made = page.evaluate(
        """() => document.body.querySelectorAll('img, script, [onerror]').length
            + document.querySelector('wagecalc-compare').shadowRoot
                .querySelectorAll('img, script, [onerror]').length"""
    )
    assert made == 0
    assert page.evaluate("() => window.__pwned ?? null") is None
    assert watch.problems == []


def test_host_snippet_ignores_other_senders(page: Page, site: Site, api: str) -> None:
    """A message sizes only the iframe whose page sent it: not a sibling, not from the host."""
    url = _framing_page(site, api, "/frame-two", "en")
    html_, headers = site.pages["/frame-two"]
    second = (
        f'<iframe src="{api}/embed/compare?a=1+USD/year&amp;b=2+USD/year&amp;currency=USD" '
        'title="second" width="600" height="80"></iframe>'
    )
    site.pages["/frame-two"] = (html_.replace("</main>", second + "</main>"), headers)
    page.goto(url)
    first, other = page.locator("iframe").nth(0), page.locator("iframe").nth(1)
    for frame in (first, other):
        expect(frame).to_have_attribute("style", re.compile(r"^height: \d+px;$"))
    expect(page.frame_locator("iframe").first.locator("[part=answer] ul")).to_be_visible()
    sized = first.get_attribute("style")
    page.evaluate("() => window.postMessage({type: 'wagecalc:height', height: 4321}, '*')")
    page.frames[2].evaluate("() => parent.postMessage({type: 'wagecalc:height', height: 321}, '*')")
    expect(other).to_have_attribute("style", "height: 321px;")
    assert first.get_attribute("style") == sized
    assert sized not in ("height: 321px;", "height: 4321px;")


def test_without_a_locale_attribute_the_browser_language_is_used(
    browser: Browser, site: Site, api: str
) -> None:
    """No locale attribute: navigator.language (here zh-CN) picks the answer's language."""
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        body = _equivalents("en").replace(' locale="en"', "")
        page.goto(site.add("/browser-language", api, body))
        expect(_answer(page)).to_contain_text("足以让34名演员")
        expect(page.get_by_label("金额")).to_have_value("900000")
    finally:
        context.close()
