"""The widget in a real browser: Playwright driving Debian's Chromium.

A host page on one loopback origin loads ``/widget/v2/wagecalc.js`` (with its
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
import re
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

import pytest

from tests.chromium import ARGS, AXE, IN_CI, Browser, Page, expect, launched
from tests.servers import PageServer, clean_env, free_port, start_server, wait_ready
from wagecalc.api.routes.widget import script_bytes

#: The hash README.md published for /widget/v1/wagecalc.js until v2: the bytes stay these.
V1_WIDGET_SRI = "sha384-DR+W9Bqk7hmll3rX+EhBQVRYx6rUyA0MjILstAJbNUP2DSp0kdH+Dx8MEVDQuIn2"
CHROMIUM_ARGS = [
    *ARGS,
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def sri(data: bytes) -> str:
    """The Subresource Integrity value of ``data`` (sha384, as README.md publishes it)."""
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


class Site(PageServer):
    """Static pages on their own 127.0.0.1 port (their own origin), with a strict CSP."""

    def add(self, path: str, api: str, body: str, lang: str = "en", version: str = "v2") -> str:
        """A page at ``path`` that loads the widget (``version``) from ``api`` with SRI; its
        URL."""
        integrity = sri(script_bytes("wagecalc.js", version))
        # No inline script or style at all; scripts and fetches only from wagecalc.
        csp = (
            f"default-src 'none'; script-src {api}; connect-src {api}; img-src {api}; "
            "style-src 'none'; base-uri 'none'; form-action 'none'"
        )
        self.pages[path] = (
            f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            "<title>Host page</title>"
            f'<script type="module" src="{api}/widget/{version}/wagecalc.js" '
            f'integrity="{integrity}" '
            f'crossorigin="anonymous" blocking="render"></script></head>'
            f"<body><main><h1>Story</h1>{body}</main></body></html>",
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
    with launched(CHROMIUM_ARGS) as chromium:
        yield chromium


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


def _open_form(page: Page, name: str = "Change the figures") -> None:
    """The reader opens the inputs (they wait behind a button, under the answer)."""
    button = page.get_by_role("button", name=name)
    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")


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
    expect(answer).to_contain_text(
        "Exchange rate: 1 USD = 4.5495 MYR (European Central Bank, rate of 2023-07-26)."
        " USD→EUR→MYR."
    )
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
    expect(answer).to_contain_text("汇率：1 USD = 4.5495 MYR（欧洲中央银行，2023-07-26的汇率）。")
    # The sources in Chinese too: the table's own words translated, joined by a full-width
    # comma; a headline (a proper name) as written.
    expect(answer).to_contain_text("来源：欧洲中央银行。")
    expect(answer).to_contain_text("（2024年7月；自2023-01-01起生效）")
    expect(answer).to_contain_text(
        "Deadline（Katie Campione），经NewsBreak转载，'Jimmy Kimmel Live'"
    )
    expect(page.get_by_label("金额")).to_have_value("900000")
    assert watch.problems == []


def test_a_fallback_is_explained_in_words(page: Page, site: Site, api: str) -> None:
    """A Saturday has no ECB rate: the answer says which day's rate it used, and why."""
    body = _equivalents("en").replace('date="2023-07-26"', 'date="2023-07-29"')
    page.goto(site.add("/saturday", api, body))
    answer = _answer(page)
    expect(answer).to_contain_text("rate of 2023-07-28, 1 day before the date asked")
    expect(answer).to_contain_text(
        "No rate was published on 2023-07-29: the latest one before it, of 2023-07-28, is used."
    )


def test_typing_an_amount_updates_the_answer(page: Page, site: Site, api: str) -> None:
    """A new amount, typed, gives a new answer (debounced, through the GET endpoint)."""
    page.goto(site.add("/type", api, _equivalents("en")))
    answer = _answer(page)
    expect(answer).to_contain_text("threshold of 34 actors")
    _open_form(page)
    page.get_by_label("Amount").fill("")
    page.get_by_label("Amount").press_sequentially("450000")
    expect(answer).to_contain_text("USD\u00a0450,000.00 per year = MYR\u00a02,047,278.23 per year")
    expect(answer).to_contain_text("threshold of 17 actors")
    page.get_by_label("Period").select_option("month")
    expect(answer).to_contain_text("USD\u00a0450,000.00 per month")


def test_keyboard_only(page: Page, site: Site, api: str) -> None:
    """Tab reaches "Change the figures"; Enter opens the inputs with the amount focused;
    typing and Enter give the new answer; no mouse used."""
    page.goto(site.add("/keys", api, _equivalents("en")))
    answer = _answer(page)
    expect(answer).to_contain_text("threshold of 34 actors")
    focused = "() => document.activeElement?.shadowRoot?.activeElement?.textContent ?? null"
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate(focused) == "Change the figures":
            break
    assert page.evaluate(focused) == "Change the figures"
    page.keyboard.press("Enter")
    focused = "() => document.activeElement?.shadowRoot?.activeElement?.name ?? null"
    assert page.evaluate(focused) == "amount"
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("100000")
    page.keyboard.press("Enter")
    expect(answer).to_contain_text("USD\u00a0100,000.00 per year")
    expect(answer).to_contain_text("threshold of 3 actors")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == "period"


@pytest.mark.parametrize(
    ("attributes", "detail"),
    [
        ({"amount": "-5"}, "amount"),
        ({"date": "1800-01-01"}, "date"),
        ({"rules": "no-such-rule"}, "rules"),
        ({"to": "myr"}, "to"),
    ],
)
def test_an_authors_mistake_is_shown_and_logged(
    page: Page, site: Site, api: str, attributes: dict[str, str], detail: str
) -> None:
    """A bad attribute (the page author's mistake) shows a short message for readers in the
    element and a console warning carrying the API's detail for the developer."""
    body = _equivalents("en")
    for name, value in attributes.items():
        body = re.sub(rf' {name}="[^"]*"', f' {name}="{value}"', body)
    with page.expect_console_message(lambda m: m.type == "warning") as warning:
        page.goto(site.add(f"/author-{detail}", api, body))
    alert = page.locator("wagecalc-equivalents [role=alert]")
    expect(alert).to_have_text("This calculation cannot be shown because of a mistake in the page.")
    text = warning.value.text
    assert text.startswith("wagecalc: <wagecalc-equivalents> was refused"), text
    assert detail in text, text
    # Readers see no API wording.
    assert "'" not in alert.inner_text() and detail not in alert.inner_text()
    assert page.locator("wagecalc-equivalents [aria-invalid=true]").count() == 0
    # The page's own sentence stays under the message.
    expect(page.get_by_text("USD 900,000 a year is about MYR 4.09 million.")).to_be_visible()


def test_a_stopped_server_gives_the_error_state(page: Page, site: Site) -> None:
    """When the service goes away, the next answer is an error saying so, not a stale one."""
    api, stop = _serve({"WAGECALC_CORS_ORIGINS": site.origin})
    try:
        page.goto(site.add("/stop", api, _equivalents("en")))
        answer = _answer(page)
        expect(answer).to_contain_text("threshold of 34 actors")
    finally:
        stop()
    _open_form(page)
    page.get_by_label("Amount").fill("200000")
    alert = page.locator("wagecalc-equivalents [role=alert]")
    expect(alert).to_have_text("The calculation cannot be reached right now. Try again later.")
    # The last answer stays, marked as out of date.
    expect(answer.locator(".stale-note")).to_have_text(
        "Out of date: showing the answer for the previous figures."
    )
    expect(answer).to_contain_text("34 actors")


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
    """The module as served is the stripped build, at most 15 KB gzipped."""
    with urllib.request.urlopen(f"{api}/widget/v2/wagecalc.js") as response:  # loopback
        body = response.read()
    assert body == script_bytes("wagecalc.js")
    assert b"// " not in body.split(b"\n", 1)[0]  # not the readable source's header comment
    assert len(gzip.compress(body, compresslevel=9)) <= 15 * 1024


def test_v1_still_renders_for_pages_that_embed_it(page: Page, site: Site, api: str) -> None:
    """A page with the v1 snippet as it was published (README.md's v1 hash) still gets
    its widget: /widget/v1/ answers with the frozen bytes, and they still work."""
    watch = Watch(page)
    page.goto(site.add("/v1", api, _equivalents("en"), version="v1"))
    expect(_answer(page).locator(".head")).to_contain_text("MYR\u00a04,094,556.47")
    assert sri(script_bytes("wagecalc.js", "v1")) == V1_WIDGET_SRI
    assert watch.problems == []


def _axe(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations of serious or critical impact on the loaded page."""
    if not AXE.exists():
        message = "axe-core is not installed: npm ci --prefix tests/browser"
        if IN_CI:
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


@pytest.mark.parametrize(
    ("scheme", "theme", "background"),
    [
        ("dark", None, "rgb(255, 255, 255)"),  # light by default, whatever the reader's OS
        ("dark", "light", "rgb(255, 255, 255)"),
        ("light", "dark", "rgb(30, 31, 34)"),
        ("dark", "auto", "rgb(30, 31, 34)"),
        ("light", "auto", "rgb(255, 255, 255)"),
    ],
)
def test_the_page_chooses_the_theme(
    browser: Browser,
    site: Site,
    api: str,
    scheme: Literal["light", "dark"],
    theme: str | None,
    background: str,
) -> None:
    """theme="light|dark|auto": light by default; auto follows prefers-color-scheme."""
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        body = _equivalents("en")
        if theme:
            body = body.replace("<wagecalc-equivalents ", f'<wagecalc-equivalents theme="{theme}" ')
        page.goto(site.add(f"/theme-{scheme}-{theme}", api, body))
        expect(_answer(page).locator("ul")).to_be_visible()
        host_bg = "e => getComputedStyle(e).backgroundColor"
        assert page.locator("wagecalc-equivalents").evaluate(host_bg) == background
    finally:
        context.close()


_STORY_QUERY = "amount=900000&currency=USD&date=2023-07-26&rules=story"
_EDIT = {
    "en": "Change the figures",
    "zh-Hans": "修改数字",
    "zh-Hant": "修改數字",
    "ms": "Tukar angka",
}


def _framing_page(site: Site, api: str, path: str, locale: str) -> str:
    """A host page with the iframe and the host snippet, both from wagecalc, as pasted."""
    integrity = sri(script_bytes("host.js"))
    body = (
        f'<iframe src="{api}/embed/equivalents?{_STORY_QUERY}&amp;locale={locale}" '
        'title="wagecalc: USD 900,000 a year as equivalents" width="600" height="80"></iframe>'
        f'<script src="{api}/widget/v2/host.js" integrity="{integrity}" '
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
    # The page's own answer stays (no second request, no swap); the widget adds its controls.
    expect(inner.locator("wagecalc-equivalents .wagecalc-answer ul")).to_be_visible()
    expect(inner.get_by_role("button", name=_EDIT[locale])).to_be_visible()
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
        f"/embed/equivalents?{_STORY_QUERY}&locale=ms",  # English headlines marked lang="en"
        "/embed/compare?a=900000+USD/year&b=200+USD/day&currency=MYR&date=2023-07-26&locale=en",
        "/embed/compare?a=900000+USD/year&b=200+USD/day&currency=MYR&date=2023-07-26&locale=zh-Hans",
    ],
)
def test_axe_on_the_embed_pages(axe_page: Page, api: str, path: str) -> None:
    """No serious or critical accessibility violation on the embed pages, once live."""
    axe_page.goto(api + path)
    expect(axe_page.locator(".wagecalc-answer :is(ul, table)").first).to_be_visible()
    expect(axe_page.locator(".edit")).to_be_visible()
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
    expect(page.locator(".wagecalc-answer")).to_contain_text(
        f"{_HOSTILE_A} earns in about 15 working days (120.2 hours) what {_HOSTILE_B} earns"
    )
    # The reader changes a figure: the widget's own answer replaces the page's.
    _open_form(page)
    page.locator("[name=a-amount]").fill("900001")
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
    expect(page.frame_locator("iframe").first.locator(".wagecalc-answer ul")).to_be_visible()
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


# ---- Reader input ---------------------------------------------------------------------

_PARSES: list[tuple[str, str, str | None, str | None]] = [
    # (typed, page language, amount sent, currency named) — None: refused, nothing sent
    ("900000", "en", "900000", None),
    ("12,000", "en", "12000", None),
    ("$12,000", "en", "12000", None),
    ("12 000", "en", "12000", None),
    ("12\u00a0000", "en", "12000", None),
    ("1.5m", "en", "1500000", None),
    ("1.5M", "en", "1500000", None),
    ("0.5k", "en", "500", None),
    ("2bn", "en", "2000000000", None),
    ("USD 12,000", "en", "12000", "USD"),
    ("12k USD", "en", "12000", "USD"),
    ("12 000 MYR", "en", "12000", "MYR"),
    ("US$ 900,000", "en", "900000", "USD"),
    ("RM 1,500", "ms", "1500", "MYR"),
    ("RM1,500.50", "ms", "1500.5", "MYR"),
    ("€1.234,5", "de", "1234.5", "EUR"),
    ("12.000,50", "de", "12000.5", None),
    ("1\u202f234,5", "fr", "1234.5", None),
    ("\uff11\uff12\uff0c\uff10\uff10\uff10", "en", "12000", None),  # full-width digits
    ("90万", "zh-Hans", "900000", None),
    ("1.2亿", "zh-Hans", "120000000", None),
    ("90萬", "zh-TW", "900000", None),
    ("900,000", "zh-Hans", "900000", None),
    ("US$90万", "zh-Hans", "900000", "USD"),
    # Refused rather than guessed:
    ("12.000,50", "en", None, None),  # not how English writes numbers
    ("12,5", "en", None, None),  # a decimal comma, or a typo for 12,500?
    ("12,00", "en", None, None),
    ("1,2,3", "en", None, None),
    ("90万", "en", None, None),  # 万 only where the page is Chinese
    ("1e3", "en", None, None),
    ("-5", "en", None, None),
    ("0", "en", None, None),
    ("0.00", "en", None, None),
    ("abc", "en", None, None),
    ("$", "en", None, None),
    ("", "en", None, None),
    ("12 k 5", "en", None, None),
]


def test_the_amount_parser_reads_what_readers_type(page: Page, site: Site, api: str) -> None:
    """parseAmount, the function the element uses, called directly in Chromium on a table of
    inputs: locale separators, currency signs and codes, k/m/bn and 万/亿, refusals."""
    page.goto(site.add("/parse", api, ""))
    got = page.evaluate(
        """async ([module, cases]) => {
            const { parseAmount } = await import(module);
            return cases.map(([text, tag]) => parseAmount(text, tag));
        }""",
        [f"{api}/widget/v2/wagecalc.js", [[text, tag] for text, tag, _, _ in _PARSES]],
    )
    expected = [
        None if amount is None else {"amount": amount, "currency": currency}
        for _, _, amount, currency in _PARSES
    ]
    assert got == expected


def _requests_to(page: Page, path: str) -> list[str]:
    """The URLs of the requests the page makes to ``path`` from now on."""
    seen: list[str] = []
    page.on(
        "request",
        lambda r: seen.append(r.url) if urllib.parse.urlsplit(r.url).path == path else None,
    )
    return seen


@pytest.mark.parametrize(
    ("locale", "typed", "headline"),
    [
        ("en", "$450,000", "USD\u00a0450,000.00 per year = MYR\u00a02,047,278.23 per year"),
        ("en", "1.5m", "USD\u00a01,500,000.00 per year = MYR\u00a06,824,260.78 per year"),
        ("zh-Hans", "90万", "每年US$900,000.00 = 每年MYR\u00a04,094,556.47"),
    ],
)
def test_typed_amounts_are_read(
    page: Page, site: Site, api: str, locale: str, typed: str, headline: str
) -> None:
    """What a reader types in their language reaches the API as its plain decimal."""
    page.goto(site.add(f"/typed-{locale}", api, _equivalents(locale, amount="1000")))
    answer = _answer(page)
    expect(answer.locator(".items")).to_be_visible()
    _open_form(page, _EDIT[locale])
    page.locator("wagecalc-equivalents [name=amount]").fill(typed)
    expect(answer.locator(".head")).to_have_text(headline)


_READER_ERRORS = {
    "en": (
        "Enter the amount as a number, such as 900,000 or 1.5m.",
        "Enter an amount, such as 900,000.",
    ),
    "zh-Hans": ("请以数字输入金额，例如 900,000 或 90万。", "请输入金额，例如 900,000。"),
    "zh-Hant": ("請以數字輸入金額，例如 900,000 或 90萬。", "請輸入金額，例如 900,000。"),
    "ms": (
        "Masukkan jumlah sebagai nombor, contohnya 900,000 atau 1.5m.",
        "Masukkan jumlah, contohnya 900,000.",
    ),
}


@pytest.mark.parametrize("locale", ["en", "zh-Hans", "zh-Hant", "ms"])
def test_reader_errors_are_short_local_and_once(
    page: Page, site: Site, api: str, locale: str
) -> None:
    """An amount the widget cannot read: one short message in the page's language next to
    the field (aria-invalid, aria-describedby), no request, the last answer kept and marked
    out of date. An empty field sends nothing and shows a hint."""
    bad, hint = _READER_ERRORS[locale]
    page.goto(site.add(f"/reader-{locale}", api, _equivalents(locale)))
    answer = _answer(page)
    expect(answer.locator(".items")).to_contain_text("34.6")
    _open_form(page, _EDIT[locale])
    asked = _requests_to(page, "/v1/equivalents")
    amount = page.locator("wagecalc-equivalents [name=amount]")
    amount.fill("twelve")
    message = page.locator("wagecalc-equivalents #amount-msg")
    expect(message).to_have_text(bad)
    expect(amount).to_have_attribute("aria-invalid", "true")
    expect(amount).to_have_attribute("aria-describedby", "amount-msg")
    expect(answer.locator(".stale-note")).to_be_visible()
    expect(answer.locator(".items")).to_contain_text("34.6")
    shadow_text = page.locator("wagecalc-equivalents").evaluate("e => e.shadowRoot.textContent")
    assert shadow_text.count(bad) == 1
    for api_word in ("amount '", "query parameter", "refused", "/v1/", "wagecalc rules"):
        assert api_word not in shadow_text
    amount.fill("")
    expect(message).to_have_text(hint)
    expect(amount).not_to_have_attribute("aria-invalid", "true")
    amount.fill("100000")
    expect(answer.locator(".items")).to_contain_text("3.8")
    expect(message).to_be_hidden()
    expect(answer.locator(".stale-note")).to_have_count(0)
    # Only the good amount was asked for.
    assert [urllib.parse.parse_qs(urllib.parse.urlsplit(u).query)["amount"] for u in asked] == [
        ["100000"]
    ]


def test_an_unknown_currency_typed_is_the_readers_mistake(page: Page, site: Site, api: str) -> None:
    """A currency code the rates do not have: said next to the currency field, not as a
    page error, and the last answer stays."""
    page.goto(site.add("/currency", api, _equivalents("en")))
    answer = _answer(page)
    expect(answer.locator(".items")).to_contain_text("34.6")
    _open_form(page)
    currency = page.locator("wagecalc-equivalents [name=currency]")
    currency.fill("US")
    expect(page.locator("wagecalc-equivalents #currency-msg")).to_have_text(
        "Enter a three-letter currency code, such as USD."
    )
    currency.fill("XXX")
    expect(page.locator("wagecalc-equivalents #currency-msg")).to_have_text(
        "There is no exchange rate for this currency on this date."
    )
    expect(currency).to_have_attribute("aria-invalid", "true")
    expect(page.locator("wagecalc-equivalents [role=alert]")).to_have_count(0)
    expect(answer.locator(".items")).to_contain_text("34.6")


# ---- One request, many widgets, layout ----------------------------------------------------


def test_one_request_for_the_first_answer(page: Page, site: Site, api: str) -> None:
    """With to=, the element asks once (/v1/equivalents carries the conversion): two requests
    to the service in all, the module and the answer."""
    service: list[str] = []
    page.on("request", lambda r: service.append(r.url) if r.url.startswith(api) else None)
    page.goto(site.add("/one", api, _equivalents("en")))
    expect(_answer(page).locator(".head")).to_contain_text("MYR\u00a04,094,556.47")
    paths = sorted(urllib.parse.urlsplit(u).path for u in service)
    assert paths == ["/v1/equivalents", "/widget/v2/wagecalc.js"]


def _many(locale: str, api: str) -> str:
    """Two equivalents elements, one comparison and one iframe, with text between them."""
    text = "<p>" + "A paragraph of the article around the figures. " * 6 + "</p>"
    compact = _equivalents(locale, amount="200").replace(' to="MYR"', " compact")
    compare = (
        '<wagecalc-compare a="900000 USD/year" b="200 USD/day" currency="MYR" '
        f'a-label="PM" b-label="Extra" date="2023-07-26" locale="{locale}"></wagecalc-compare>'
    )
    frame = (
        f'<iframe src="{api}/embed/equivalents?{_STORY_QUERY}&amp;locale={locale}" '
        'title="wagecalc: USD 900,000 a year as equivalents" width="100%" height="860" '
        'frameborder="0"></iframe>'
        f'<script src="{api}/widget/v2/host.js" integrity="{sri(script_bytes("host.js"))}" '
        'crossorigin="anonymous" async></script>'
    )
    page = text + _equivalents(locale) + text + compact + text + compare + text + frame + text
    # theme="auto" everywhere: the axe test's dark context then checks the dark colours too.
    for element in ("<wagecalc-equivalents ", "<wagecalc-compare "):
        page = page.replace(element, f'{element}theme="auto" ')
    return page.replace("&amp;locale=", "&amp;theme=auto&amp;locale=")


def _many_page(site: Site, api: str, locale: str) -> str:
    path = f"/many-{locale}"
    url = site.add(path, api, _many(locale, api), lang=locale)
    html_, headers = site.pages[path]
    csp = headers["Content-Security-Policy"] + f"; frame-src {api}"
    html_ = html_.replace("<head>", '<head><meta name="viewport" content="width=device-width">')
    site.pages[path] = (html_, {"Content-Security-Policy": csp})
    return url


def _settled(page: Page) -> None:
    """Every element has answered and the iframe has its reported height."""
    for element in ("wagecalc-equivalents", "wagecalc-compare"):
        for n in range(page.locator(element).count()):
            expect(page.locator(element).nth(n).locator("[part=answer] .fine")).to_be_visible()
    if page.locator("iframe").count():
        expect(page.locator("iframe").first).to_have_attribute("style", re.compile(r"height"))


_CLS = """() => new Promise((resolve) => {
    let total = 0;
    const seen = [];
    new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
            if (!e.hadRecentInput) { total += e.value; seen.push(e.value); }
        }
    }).observe({ type: "layout-shift", buffered: true });
    requestAnimationFrame(() => requestAnimationFrame(() => resolve([total, seen])));
})"""


@pytest.mark.parametrize("width", [390, 1280])
def test_no_layout_shift_on_a_host_page(browser: Browser, site: Site, api: str, width: int) -> None:
    """Cumulative layout shift stays within 0.05 on a page with both elements and the iframe
    (PerformanceObserver, layout-shift, buffered)."""
    context = browser.new_context(viewport={"width": width, "height": 844})
    try:
        page = context.new_page()
        page.goto(_many_page(site, api, "en"))
        _settled(page)
        total, shifts = page.evaluate(_CLS)
        assert total <= 0.05, shifts
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", ["/demo", "/demo/zh-Hans"])
def test_no_layout_shift_on_the_demo(browser: Browser, api: str, path: str, width: int) -> None:
    """The demo article, at a phone's width and a desktop's: CLS within 0.05."""
    context = browser.new_context(viewport={"width": width, "height": 844})
    try:
        page = context.new_page()
        page.goto(api + path)
        _settled(page)
        total, shifts = page.evaluate(_CLS)
        assert total <= 0.05, shifts
    finally:
        context.close()


@pytest.mark.parametrize("width", [320, 390, 768, 1280])
@pytest.mark.parametrize("locale", ["en", "zh-Hans"])
def test_no_horizontal_overflow(
    browser: Browser, site: Site, api: str, width: int, locale: str
) -> None:
    """No sideways scrolling at any width from 320 px, with the inputs open too; the
    comparison's rows stack on narrow screens."""
    context = browser.new_context(viewport={"width": width, "height": 844})
    try:
        page = context.new_page()
        page.goto(_many_page(site, api, locale))
        _settled(page)
        for n in range(3):
            page.locator(".edit").nth(n).click()
        overflow = "() => [document.documentElement.scrollWidth, innerWidth]"
        scroll, inner = page.evaluate(overflow)
        assert scroll <= inner
        table = page.locator("wagecalc-compare table")
        box = table.bounding_box()
        host = page.locator("wagecalc-compare").bounding_box()
        assert box is not None and host is not None
        assert box["x"] + box["width"] <= host["x"] + host["width"]
        stacked = table.locator("td").first.evaluate("td => getComputedStyle(td).display")
        assert (stacked == "flex") == (width < 600)
        iframe_scroll = (
            page.frame_locator("iframe")
            .locator("html")
            .evaluate("h => h.scrollWidth <= innerWidth")
        )
        assert iframe_scroll
    finally:
        context.close()


def test_the_story_fits_a_phone_screen_in_compact_mode(
    browser: Browser, site: Site, api: str
) -> None:
    """The story's equivalents element, compact, fits a 390×844 screen."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        body = _equivalents("en").replace(
            "<wagecalc-equivalents ", "<wagecalc-equivalents compact "
        )
        page.goto(site.add("/compact", api, body))
        expect(_answer(page).locator(".fine")).to_be_visible()
        box = page.locator("wagecalc-equivalents").bounding_box()
        assert box is not None and box["height"] <= 844
        assert box["width"] <= 390
    finally:
        context.close()


@pytest.mark.parametrize("locale", ["en", "zh-Hans"])
def test_axe_on_many_widgets(axe_page: Page, site: Site, api: str, locale: str) -> None:
    """Two equivalents elements, a comparison and an iframe on one page: axe-core finds no
    violation of any impact (unique landmark names included)."""
    axe_page.goto(_many_page(site, api, locale))
    _settled(axe_page)
    labels = [
        _answer(axe_page, e).nth(n).get_attribute("aria-label")
        for e, count in (("wagecalc-equivalents", 2), ("wagecalc-compare", 1))
        for n in range(count)
    ]
    assert len(set(labels)) == 3, labels
    if not AXE.exists():
        _axe(axe_page)  # skips or fails, saying why
    axe_page.add_script_tag(path=str(AXE))
    result = axe_page.evaluate("async () => JSON.stringify(await axe.run(document))")
    violations = json.loads(result)["violations"]
    assert [(v["id"], v["impact"]) for v in violations] == []


def test_same_figures_get_numbered_landmarks(page: Page, site: Site, api: str) -> None:
    """Two elements showing the same amount still get different landmark names."""
    page.goto(site.add("/twins", api, _equivalents("en") + _equivalents("en")))
    _settled(page)
    names = [_answer(page).nth(n).get_attribute("aria-label") for n in range(2)]
    assert names == [
        "Salary equivalents: USD\u00a0900,000.00 per year",
        "Salary equivalents: USD\u00a0900,000.00 per year (2)",
    ]


def test_the_live_region_reads_only_the_new_headline(page: Page, site: Site, api: str) -> None:
    """The answer region is not live; a separate polite region gets the new headline only."""
    page.goto(site.add("/live", api, _equivalents("en")))
    answer = _answer(page)
    expect(answer.locator(".items")).to_be_visible()
    assert answer.get_attribute("aria-live") is None
    live = page.locator("wagecalc-equivalents [aria-live=polite]")
    expect(live).to_have_count(1)
    expect(live).to_have_text("")  # the first answer is on the page: nothing to announce
    _open_form(page)
    page.locator("wagecalc-equivalents [name=amount]").fill("450000")
    expect(live).to_have_text("USD\u00a0450,000.00 per year = MYR\u00a02,047,278.23 per year")


def test_host_snippet_ignores_other_origins(page: Page, site: Site, api: str) -> None:
    """host.js sizes only frames of the wagecalc origin it came from: an iframe of another
    origin posting the same message keeps its height."""
    url = _framing_page(site, api, "/frame-foreign", "en")
    site.pages["/foreign"] = ("<!doctype html><title>other</title><p>other</p>", {})
    html_, headers = site.pages["/frame-foreign"]
    foreign = f'<iframe src="{site.origin}/foreign" title="other" width="300" height="80"></iframe>'
    csp = headers["Content-Security-Policy"] + " 'self'"
    site.pages["/frame-foreign"] = (
        html_.replace("</main>", foreign + "</main>"),
        {"Content-Security-Policy": csp},
    )
    page.goto(url)
    wagecalc, other = page.locator("iframe").nth(0), page.locator("iframe").nth(1)
    expect(wagecalc).to_have_attribute("style", re.compile(r"^height: \d+px;$"))
    page.frames[2].evaluate("() => parent.postMessage({type: 'wagecalc:height', height: 777}, '*')")
    # A message from wagecalc's own frame after it proves the listener still runs.
    page.frames[1].evaluate("() => parent.postMessage({type: 'wagecalc:height', height: 555}, '*')")
    expect(wagecalc).to_have_attribute("style", "height: 555px;")
    assert other.get_attribute("style") is None


def test_readme_snippets_pass_the_readmes_csp(page: Page, site: Site, api: str) -> None:
    """The three snippets of docs/embedding.md (README.md shows the first two, the same),
    pasted as written into a page whose CSP is the one the docs recommend (scripts, fetches,
    frames and images from wagecalc; no inline style at all): no CSP violation, and each
    form shows its answer."""
    root = Path(__file__).parents[1]
    docs = (root / "docs" / "embedding.md").read_text(encoding="utf-8")
    snippets = re.findall(r"```html\n(.*?)```", docs, flags=re.S)
    assert len(snippets) == 3
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert re.findall(r"```html\n(.*?)```", readme, flags=re.S) == snippets[:2]
    body = "\n".join(snippets).replace("https://wagecalc.example", api)
    csp = (
        f"default-src 'none'; script-src {api}; connect-src {api}; frame-src {api}; "
        f"img-src {api}; style-src 'none'; base-uri 'none'; form-action 'none'"
    )
    site.pages["/readme"] = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>README</title>'
        f"</head><body><main><h1>Story</h1>{body}</main></body></html>",
        {"Content-Security-Policy": csp},
    )
    page.add_init_script(
        "window.__violations = [];"
        "addEventListener('securitypolicyviolation', e => window.__violations.push("
        "e.violatedDirective + ' ' + e.blockedURI));"
    )
    watch = Watch(page)
    page.goto(site.origin + "/readme")
    expect(_answer(page).locator(".head")).to_contain_text("MYR\u00a04,094,556.47")
    page.locator("iframe").scroll_into_view_if_needed()
    expect(page.frame_locator("iframe").locator(".wagecalc-answer ul")).to_contain_text("34.6")
    expect(page.locator("iframe")).to_have_attribute("style", re.compile(r"^height: \d+px;$"))
    page.locator("img").scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('img').complete")
    assert page.locator("img").evaluate("img => img.naturalWidth") == 1200
    assert page.evaluate("() => window.__violations") == []
    assert watch.problems == []


@pytest.mark.parametrize(
    ("scheme", "theme", "background"),
    [
        ("dark", "", "rgb(255, 255, 255)"),  # light by default, whatever the reader's OS
        ("light", "&theme=dark", "rgb(22, 22, 22)"),
        ("dark", "&theme=auto", "rgb(22, 22, 22)"),
        ("light", "&theme=auto", "rgb(255, 255, 255)"),
    ],
)
def test_embed_pages_take_the_theme_asked(
    browser: Browser,
    api: str,
    scheme: Literal["light", "dark"],
    theme: str,
    background: str,
) -> None:
    """theme= on /embed/*: the page and its widget in the colours the host page chose, with
    no accessibility violation (colour contrast included)."""
    context = browser.new_context(color_scheme=scheme, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(f"{api}/embed/equivalents?{_STORY_QUERY}&locale=en{theme}")
        expect(page.locator(".edit")).to_be_visible()
        assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == background
        assert _axe(page) == []
    finally:
        context.close()


def test_compare_reader_errors_name_the_right_field(page: Page, site: Site, api: str) -> None:
    """On the comparison, a bad amount or an unknown currency typed on one side is said next
    to that field, in words for readers (not "a: a: ' USD/year' is not…")."""
    compare = (
        '<wagecalc-compare a="900000 USD/year" b="200 USD/day" currency="MYR" '
        'a-label="PM" b-label="Extra" date="2023-07-26" locale="en"></wagecalc-compare>'
    )
    page.goto(site.add("/compare-reader", api, compare))
    answer = _answer(page, "wagecalc-compare")
    expect(answer.locator("table")).to_contain_text("4,094,556.47")
    _open_form(page)
    amount = page.locator("wagecalc-compare [name=a-amount]")
    amount.fill("")
    expect(page.locator("wagecalc-compare #a-amount-msg")).to_have_text(
        "Enter an amount, such as 900,000."
    )
    amount.fill("1.5m")
    expect(answer.locator("table")).to_contain_text("6,824,260.78")
    currency = page.locator("wagecalc-compare [name=a-currency]")
    currency.fill("XXX")
    expect(page.locator("wagecalc-compare #a-currency-msg")).to_have_text(
        "There is no exchange rate for this currency on this date."
    )
    expect(currency).to_have_attribute("aria-invalid", "true")
    expect(page.locator("wagecalc-compare #a-amount-msg")).to_be_hidden()
    expect(answer.locator(".stale-note")).to_be_visible()
    shadow_text = page.locator("wagecalc-compare").evaluate("e => e.shadowRoot.textContent")
    assert "ISO 4217" not in shadow_text and "a: " not in shadow_text
