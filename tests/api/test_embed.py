"""The embed pages: complete HTML answers, framable only there, hostile input kept as text."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from wagecalc.api import create_app
from wagecalc.api.html import EMBED_CSS_DIGEST, EMBED_CSS_PATH
from wagecalc.config import Settings
from wagecalc.errors import ConfigError

EQUIVALENTS = "/embed/equivalents?amount=900000&currency=MYR&date=2023-07-29&rules=story"
COMPARE = (
    "/embed/compare?a=900000+USD/year&b=200+USD/day&currency=MYR&date=2023-07-26"
    "&a_label=Netflix+ML+PM&b_label=Background+actor"
)
HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "'><svg onload=x>"]


class _Page(HTMLParser):
    """Elements (tag, attributes) and text of a page, as a browser's parser sees them."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def find(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.elements if name == tag]

    @property
    def all_text(self) -> str:
        return "".join(self.text)


@pytest.fixture(scope="module")
def framed() -> Iterator[TestClient[Litestar]]:
    """Embeds allowed on one news site only."""
    settings = Settings(embed_ancestors=("https://news.example", "'self'"))
    with TestClient(app=create_app(settings)) as client:
        yield client


def _page(response: httpx.Response) -> _Page:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    return _Page(response.text)


def test_equivalents_page_reads_without_javascript(client: TestClient[Litestar]) -> None:
    """The sentences, the rate with its date and the fallback in words, the sources."""
    page = _page(client.get(EQUIVALENTS))
    text = page.all_text
    assert "MYR\u00a0900,000 a year is enough to meet the SAG-AFTRA Health Plan earnings " in text
    assert "threshold of 7 actors" in text
    assert "figure for 2023" in text  # the plan year the threshold is the Plan's figure for
    # The rate to four decimals, and its age said in words (the 29th was a Saturday).
    assert "1 MYR = 0.2196 USD (European Central Bank, rate of 2023-07-28, 1 day before" in text
    assert "2023-07-28" in text
    assert "No rate was published on 2023-07-29" in text
    assert "Deadline (Katie Campione), as carried by NewsBreak" in text
    assert any(str(a.get("href")).startswith("https://www.ecb.europa.eu/") for a in page.find("a"))


def test_embed_contract_for_the_widget(client: TestClient[Litestar]) -> None:
    """<html data-wagecalc-embed lang>, the element mirroring the query, the module script,
    the stylesheet and the oEmbed discovery link."""
    page = _page(client.get(EQUIVALENTS + "&locale=zh-Hans"))
    (root,) = page.find("html")
    assert "data-wagecalc-embed" in root and root["lang"] == "zh-Hans"
    (element,) = page.find("wagecalc-equivalents")
    assert element == {
        "amount": "900000",
        "currency": "MYR",
        "period": "year",
        "date": "2023-07-29",
        "rules": "story",
        "locale": "zh-Hans",
    }
    assert page.find("script") == [{"type": "module", "src": "/widget/v2/wagecalc.js"}]
    assert {"rel": "stylesheet", "href": EMBED_CSS_PATH} in page.find("link")
    (oembed,) = [a for a in page.find("link") if a.get("type") == "application/json+oembed"]
    href = urlsplit(str(oembed["href"]))
    assert href.path == "/oembed"
    query = parse_qs(href.query)
    assert query["format"] == ["json"]
    assert urlsplit(query["url"][0]).path == "/embed/equivalents"
    assert oembed["title"]
    assert "汇率" in page.all_text


def test_compare_page(client: TestClient[Litestar]) -> None:
    """Both labels, the sentence, the table in the display currency, the element's attributes."""
    page = _page(client.get(COMPARE))
    (element,) = page.find("wagecalc-compare")
    assert element == {
        "a": "900000 USD/year",
        "b": "200 USD/day",
        "currency": "MYR",
        "a-label": "Netflix ML PM",
        "b-label": "Background actor",
        "date": "2023-07-26",
        "locale": "en",
    }
    text = page.all_text
    assert "Netflix ML PM" in text and "Background actor" in text
    assert "MYR\u00a04,094,556.47" in text
    assert "USD\u00a0900,000.00 a year" in text  # the figure as given, not "900000 USD/year"
    assert "European Central Bank" in text
    # Landmarks and headers for assistive technology (axe: landmark-one-main, empty headers).
    assert len(page.find("main")) == 1
    assert page.all_text.count("Salary") >= 1


def test_language_follows_accept_language(client: TestClient[Litestar]) -> None:
    """Without locale=, the page is in the negotiated language, and says it varies on it."""
    answer = client.get(EQUIVALENTS, headers={"Accept-Language": "zh-TW"})
    page = _page(answer)
    assert page.find("html")[0]["lang"] == "zh-Hant"
    assert answer.headers["content-language"] == "zh-Hant"
    assert answer.headers["vary"] == "Accept-Language,Accept-Encoding"  # a compressed page


def test_embed_pages_may_be_framed_by_the_configured_ancestors(
    framed: TestClient[Litestar],
) -> None:
    """A strict CSP with frame-ancestors from the settings, and no X-Frame-Options."""
    for url in (EQUIVALENTS, COMPARE):
        answer = framed.get(url)
        assert "x-frame-options" not in answer.headers
        csp = answer.headers["content-security-policy"]
        assert csp == (
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; base-uri 'none'; form-action 'self'; "
            "frame-ancestors https://news.example 'self'"
        )
        assert "unsafe-inline" not in csp


def test_default_ancestors_are_anyone(client: TestClient[Litestar]) -> None:
    assert client.get(COMPARE).headers["content-security-policy"].endswith("frame-ancestors *")


def test_no_other_route_may_be_framed(framed: TestClient[Litestar]) -> None:
    """JSON answers and their errors, the stylesheet, 404s: DENY and 'none'."""
    for url in (
        "/v1/convert?amount=1&from=USD&to=MYR",
        "/v1/equivalents?amount=NaN&currency=USD",
        "/v1/cards/equivalents.png?amount=NaN&currency=USD",
        "/embed/v1/embed.css",
        "/embed/nope",
        "/healthz",
    ):
        answer = framed.get(url)
        assert answer.headers["x-frame-options"] == "DENY", url
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"], url


def test_embed_pages_have_no_inline_script_or_style(client: TestClient[Litestar]) -> None:
    """Every script has a src, there is no <style> and no style= or on* attribute."""
    for url in (EQUIVALENTS, COMPARE):
        page = _page(client.get(url))
        assert all(attrs.get("src") for attrs in page.find("script"))
        assert page.find("style") == []
        for _, attrs in page.elements:
            assert "style" not in attrs
            assert not any(name.startswith("on") for name in attrs)


BAD_EMBEDS = [
    ("/embed/compare?a=NaN+USD/year&b=1+USD/day&currency=MYR", 422, "a must be a finite"),
    ("/embed/equivalents?currency=USD", 422, "'amount' is required"),
    ("/embed/equivalents?amount=1&currency=USD&rules=nope", 404, "no rule or tag 'nope'"),
    ("/embed/equivalents?amount=1&currency=USD&locale=%3Cx", 422, "'<x' is not a locale"),
    ("/embed/equivalents?amount=1&currency=USD&a=1&a=2", 422, "given more than once"),
]


@pytest.mark.parametrize(("url", "status", "detail"), BAD_EMBEDS)
def test_errors_are_pages_a_frame_can_show(
    framed: TestClient[Litestar], url: str, status: int, detail: str
) -> None:
    """A bad embed URL: the JSON endpoint's status, as an HTML page under the embed pages'
    CSP and frame-ancestors, never stored, its problem's message for the page's editors."""
    answer = framed.get(url)
    assert answer.status_code == status
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert answer.headers["cache-control"] == "no-store"
    assert "x-frame-options" not in answer.headers
    assert (
        answer.headers["content-security-policy"]
        == framed.get(EQUIVALENTS).headers["content-security-policy"]
    )
    page = _Page(answer.text)
    assert "This figure cannot be shown" in page.all_text
    assert detail in page.all_text  # escaped in the markup, text again once parsed
    assert page.find("details") and all(attrs.get("src") for attrs in page.find("script"))
    assert page.find("style") == [] and not any("style" in a for _, a in page.elements)


def test_error_pages_are_in_the_pages_language(client: TestClient[Litestar]) -> None:
    """``locale`` first, else Accept-Language; a malformed locale falls back to the header."""
    bad = "/embed/equivalents?amount=-1&currency=USD"
    cases = [
        (bad + "&locale=zh-Hans", {}, "zh-Hans", "无法显示此数据"),
        (bad, {"Accept-Language": "zh-TW"}, "zh-Hant", "無法顯示此數據"),
        (bad + "&locale=ms", {}, "ms", "Angka ini tidak dapat dipaparkan"),
        (bad + "&locale=%21%21", {"Accept-Language": "zh-CN"}, "zh-Hans", "无法显示此数据"),
    ]
    for url, headers, lang, title in cases:
        answer = client.get(url, headers=headers)
        assert answer.status_code == 422
        assert answer.headers["content-language"] == lang
        page = _Page(answer.text)
        assert page.find("html")[0]["lang"] == lang
        assert title in page.all_text


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_input_stays_text_on_the_error_page(
    client: TestClient[Litestar], hostile: str
) -> None:
    answer = client.get("/embed/equivalents", params={"amount": hostile, "currency": "USD"})
    assert answer.status_code == 422
    page = _Page(answer.text)
    assert {tag for tag, _ in page.elements} <= {
        "html",
        "head",
        "meta",
        "title",
        "link",
        "script",
        "body",
        "main",
        "section",
        "h1",
        "p",
        "details",
        "summary",
        "ul",
        "li",
    }
    assert not any(name.startswith("on") for _, attrs in page.elements for name in attrs)


def test_json_errors_stay_problems(client: TestClient[Litestar]) -> None:
    """The JSON endpoint's answer to the same query is still the problem, unframable."""
    answer = client.get("/v1/compare?a=NaN+USD/year&b=1+USD/day&currency=MYR")
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in answer.json()["errors"]] == ["a"]
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]


def test_embed_pages_are_cached_like_json(client: TestClient[Litestar]) -> None:
    """The JSON answer's Cache-Control, a strong ETag and 304 on a match."""
    answer = client.get(COMPARE)
    json_answer = client.get(COMPARE.replace("/embed/compare", "/v1/compare"))
    assert answer.headers["cache-control"] == json_answer.headers["cache-control"]
    again = client.get(COMPARE, headers={"If-None-Match": answer.headers["etag"]})
    assert again.status_code == 304


def test_stylesheet_is_immutable_only_under_its_own_digest(client: TestClient[Litestar]) -> None:
    """The pages link the stylesheet by its content digest: that URL is immutable; the bare
    path, or an older digest a cached page still links, gets the current CSS for an hour."""
    answer = client.get(EMBED_CSS_PATH, headers={"Accept-Encoding": "identity"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/css")
    assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "prefers-color-scheme" in answer.text
    assert EMBED_CSS_PATH == "/embed/v1/embed.css?v=" + EMBED_CSS_DIGEST
    assert hashlib.sha256(answer.content).hexdigest()[:16] == EMBED_CSS_DIGEST
    for stale in ("/embed/v1/embed.css", "/embed/v1/embed.css?v=0123456789abcdef"):
        kept = client.get(stale, headers={"Accept-Encoding": "identity"})
        assert kept.status_code == 200 and kept.content == answer.content
        assert kept.headers["cache-control"] == "public, max-age=3600"
    assert client.get("/embed/v1/embed.css?v=<x>").status_code == 422


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_labels_stay_text_in_the_page(client: TestClient[Litestar], hostile: str) -> None:
    """A label with markup is shown as text; no element or attribute comes from it."""
    answer = client.get(
        "/embed/compare",
        params={
            "a": "900000 USD/year",
            "b": "200 USD/day",
            "currency": "MYR",
            "date": "2023-07-26",
            "a_label": hostile,
        },
    )
    page = _page(answer)
    tags = [tag for tag, _ in page.elements]
    assert "img" not in tags and "svg" not in tags
    assert len(page.find("script")) == 1
    assert hostile in page.all_text
    assert page.find("wagecalc-compare")[0]["a-label"] == hostile
    for _, attrs in page.elements:
        assert not any(name.startswith("on") for name in attrs)


def test_an_answer_for_another_host_is_not_replayed(client: TestClient[Litestar]) -> None:
    """The oEmbed link is built from Host: an answer made for a forged Host is not replayed
    to others from the in-process cache."""
    forged = _page(client.get(EQUIVALENTS, headers={"Host": "evil.example"}))
    assert any("evil.example" in str(a.get("href")) for a in forged.find("link"))
    honest = _page(client.get(EQUIVALENTS))
    (oembed,) = [a for a in honest.find("link") if a.get("type") == "application/json+oembed"]
    assert "evil" not in str(oembed["href"])


@pytest.mark.parametrize(
    ("value", "ancestors"),
    [
        ("*", ("*",)),
        ("https://news.example, 'self'", ("https://news.example", "'self'")),
    ],
)
def test_embed_ancestors_setting(value: str, ancestors: tuple[str, ...]) -> None:
    assert Settings.from_env({"WAGECALC_EMBED_ANCESTORS": value}).embed_ancestors == ancestors


@pytest.mark.parametrize("value", ["https://news.example/article", "news.example", "'none'; x"])
def test_a_bad_embed_ancestor_is_a_config_error(value: str) -> None:
    with pytest.raises(ConfigError, match="WAGECALC_EMBED_ANCESTORS"):
        Settings.from_env({"WAGECALC_EMBED_ANCESTORS": value})


def test_rules_not_in_force_are_said_in_words(client: TestClient[Litestar]) -> None:
    """A date before every rule's first value: no sentence, and each rule left out says why."""
    page = _page(client.get("/embed/equivalents?amount=900000&currency=USD&date=1900-01-01"))
    assert page.find("li")
    assert (
        "No SAG-AFTRA Health Plan earnings threshold is held for 1900-01-01: the first one held "
        "is in force from 2021-01-01."
    ) in page.all_text


def test_equivalents_page_says_when_the_last_sourced_year_is_used(
    client: TestClient[Litestar],
) -> None:
    """2026 has no sourced threshold: the page says 2025's is used; a Big Mac price says which
    survey it is and when it was published."""
    url = "/embed/equivalents?amount=900000&currency=USD&date=2026-11-27&rules=story,big-mac-us"
    text = _page(client.get(url)).all_text
    assert "No later figure was found: the last sourced one (2025) is used for 2026-11-27." in text
    assert "January 2026, published 2026-03-30" in text
    chinese = _page(client.get(url + "&locale=zh-Hans")).all_text
    assert "未找到更新的数字：2026-11-27沿用最后有来源的数字（2025年）。" in chinese
    # The survey month and the source line in the reader's language, not in English.
    assert "2026年1月的数字，2026-03-30发布" in chinese
    assert "《经济学人》（big-mac-data，MIT许可）" in chinese and "巨无霸指数，2026-" in chinese
    assert "January 2026" not in chinese and "Big Mac index" not in chinese


def test_a_rule_past_its_last_sourced_value_says_so_on_the_page(
    client: TestClient[Litestar],
) -> None:
    """The 2021 premiums end on 2022-12-31: left out on the story day, saying the last day."""
    url = (
        "/embed/equivalents?amount=900000&currency=USD&date=2023-07-26"
        "&rules=sag-aftra-premium-family"
    )
    text = _page(client.get(url)).all_text
    assert (
        "No SAG-AFTRA Health Plan premium for the member and two or more dependants is held "
        "for 2023-07-26: the last one held covers the period to 2022-12-31."
    ) in text
