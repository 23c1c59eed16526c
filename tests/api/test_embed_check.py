"""GET /embed/check: a checked figure as a framable page, its PNG card and its oEmbed."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from tests.api.test_embed import _Page, _page
from tests.api.test_live_api import live_client
from tests.test_rates_live import Upstream
from wagecalc.api import create_app
from wagecalc.api.html import WIDGET_PATH
from wagecalc.config import Settings

QUERY = "amount=900000&from=USD&reported=4.3+million&to=MYR&date=2023-07-31"
PAGE = "/embed/check?" + QUERY
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors https://news.example 'self'"
)
HOSTILE = ['"><script>alert(1)</script>', "<img src=x onerror=alert(1)>", "'><svg onload=x>"]


@pytest.fixture(scope="module")
def framed() -> Iterator[TestClient[Litestar]]:
    """Embeds allowed on one news site only."""
    settings = Settings(embed_ancestors=("https://news.example", "'self'"))
    with TestClient(app=create_app(settings)) as client:
        yield client


def _only_the_widget_script(page: _Page) -> None:
    assert page.find("script") == [{"type": "module", "src": WIDGET_PATH}]
    assert page.find("img") == [] and page.find("svg") == [] and page.find("style") == []
    for _, attrs in page.elements:
        assert "style" not in attrs
        assert not any(name.startswith("on") for name in attrs)


def test_the_verdict_is_the_headline_and_the_figures_follow(client: TestClient[Litestar]) -> None:
    """The story's check: the verdict as h1, each rate with its date, the window, the
    nearest dates a rate gave the figure, the source linked, the JSON behind it."""
    page = _page(client.get(PAGE))
    text = page.all_text
    assert page.find("h1") == [{"class": "wagecalc-headline"}]
    headline = text.rsplit("USD\u00a0900,000 → MYR\u00a04.3 million?", 1)[1].lstrip()
    assert headline.startswith(
        "No ECB rate from 2023-07-01 to 2023-07-31 gives about MYR\u00a04.3 million: the "
        "highest, on 2023-07-10, gives MYR\u00a04,203,039.43."
    )
    assert "The figure implies 1 USD = 4.78 MYR, last seen on 2022-11-08." in text
    assert "MYR\u00a04.3 million is read as MYR\u00a04,250,000 to just under " in text
    # Every row of the table with its rate's date: the date itself, highest, lowest, closest.
    times = [attrs["datetime"] for attrs in page.find("time")]
    assert times == ["2023-07-31", "2023-07-10", "2023-07-31", "2023-07-10"]
    assert "1 USD = 4.6700 MYR" in text and "MYR\u00a04,058,123.92" in text
    assert "Dates checked: 2023-07-01 to 2023-07-31, 21 days with a rate." in text
    assert "Before the window: from 2022-10-20 to 2022-11-08, on 12 days." in text
    assert "Later, after the figure's date: from 2023-10-03 to" in text
    assert "rate of 2023-07-31" in text and "European Central Bank" in text
    links = [str(a.get("href")) for a in page.find("a")]
    assert any(link.startswith("https://www.ecb.europa.eu/") for link in links)
    assert "/v1/check?" + QUERY in links
    assert len(page.find("main")) == 1
    assert {"scope": "col"} in page.find("th") and {"scope": "row"} in page.find("th")


def test_the_element_mirrors_the_query(client: TestClient[Litestar]) -> None:
    """<wagecalc-check> carries the query (defaults left out), as the other embed pages do."""
    page = _page(client.get(PAGE + "&window=3m&basis=mean-1m&theme=dark&locale=ms"))
    (element,) = page.find("wagecalc-check")
    assert element == {
        "amount": "900000",
        "from": "USD",
        "reported": "4.3 million",
        "to": "MYR",
        "date": "2023-07-31",
        "window": "3m",
        "basis": "mean-1m",
        "locale": "ms",
        "theme": "dark",
    }
    assert page.find("html")[0]["lang"] == "ms"
    assert "ECB mean-1m" in page.all_text


def test_framable_by_the_configured_ancestors_only(framed: TestClient[Litestar]) -> None:
    """The embed pages' CSP with frame-ancestors from the settings, no X-Frame-Options;
    cached as /v1/check is, and varying on the language."""
    answer = framed.get(PAGE)
    assert answer.status_code == 200
    assert answer.headers["content-security-policy"] == CSP
    assert "x-frame-options" not in answer.headers
    assert answer.headers["content-language"] == "en"
    assert "Accept-Language" in answer.headers["vary"]
    json_twin = framed.get("/v1/check?" + QUERY)
    assert answer.headers["cache-control"] == json_twin.headers["cache-control"]
    assert json_twin.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize(
    ("locale", "header", "lang", "words"),
    [
        ("zh-Hans", None, "zh-Hans", ["区间内最高", "何时有汇率能得出该数字", "欧洲"]),
        ("zh-Hant", None, "zh-Hant", ["區間內最高", "何時有匯率能得出該數字", "歐洲"]),
        ("ms", None, "ms", ["Tertinggi dalam tempoh", "Bila kadar memberikan angka itu"]),
        (None, "zh-TW", "zh-Hant", ["區間內最低"]),
    ],
)
def test_the_page_speaks_four_languages(
    client: TestClient[Litestar],
    locale: str | None,
    header: str | None,
    lang: str,
    words: list[str],
) -> None:
    """locale= or Accept-Language: the verdict, the page's own words and the title translated."""
    url = PAGE + (f"&locale={locale}" if locale else "")
    answer = client.get(url, headers={"Accept-Language": header} if header else {})
    page = _page(answer)
    assert page.find("html")[0]["lang"] == lang
    assert answer.headers["content-language"] == lang
    for word in words:
        assert word in page.all_text, word
    assert "Highest in the window" not in page.all_text
    assert "No ECB rate" not in page.all_text


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_query_text_stays_text(client: TestClient[Litestar], hostile: str) -> None:
    """A hostile value in a parameter the page ignores reaches the page only escaped, in its
    links (the JSON link, og:image, oEmbed): no element or attribute comes from it."""
    answer = client.get(PAGE + "&" + urlencode({"utm_source": hostile}))
    page = _page(answer)
    _only_the_widget_script(page)
    assert hostile not in answer.text
    (image,) = [a for _, a in page.elements if a.get("property") == "og:image"]
    assert parse_qs(urlsplit(str(image["content"])).query)["utm_source"] == [hostile]


@pytest.mark.parametrize("hostile", [*HOSTILE, "<script>", "4.3 million<script>"])
def test_a_hostile_reported_figure_is_a_framable_error_page(
    framed: TestClient[Litestar], hostile: str
) -> None:
    """A reported figure that is markup: a 422 page under the embed CSP, the figure escaped
    in the editors' details, never an element."""
    answer = framed.get("/embed/check", params={**_params(), "reported": hostile})
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert answer.headers["content-security-policy"] == CSP
    assert answer.headers["cache-control"] == "no-store"
    page = _Page(answer.text)
    _only_the_widget_script(page)
    assert "reported" in page.all_text and hostile[:8] in page.all_text
    assert hostile not in answer.text  # only its escaped form is in the markup


def _params() -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(QUERY).items()}


@pytest.mark.parametrize(
    ("params", "status", "detail"),
    [
        ({"theme": "neon"}, 422, "theme 'neon' is not one of light, dark, auto"),
        ({"window": "2y"}, 422, "window"),
        ({"to": "XYZ"}, 404, "XYZ"),
        ({"date": "1990-01-01"}, 404, "no European Central Bank rate"),
    ],
)
def test_bad_parameters_are_pages_in_the_asked_language(
    framed: TestClient[Litestar], params: dict[str, str], status: int, detail: str
) -> None:
    """The JSON endpoint's status, as a page in the page's language, naming the problem."""
    answer = framed.get("/embed/check", params={**_params(), "locale": "zh-Hans", **params})
    assert answer.status_code == status, answer.text
    page = _Page(answer.text)
    assert page.find("html")[0]["lang"] == "zh-Hans"
    assert "此数据的链接有误" in page.all_text
    assert detail in page.all_text
    assert answer.headers["content-security-policy"] == CSP


def test_social_tags_point_at_the_png_card(client: TestClient[Litestar]) -> None:
    """og:image and twitter:image are the PNG card of the same query, absolute; the card is a
    1200×630 PNG, cached like the page."""
    page = _page(client.get(PAGE + "&locale=zh-Hans"))
    meta = {
        str(a.get("property") or a.get("name")): str(a["content"])
        for _, a in page.elements
        if "content" in a
    }
    assert meta["og:image"] == f"http://testserver.local/v1/check/card.png?{QUERY}&locale=zh-Hans"
    assert meta["twitter:image"] == meta["og:image"]
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:title"].endswith("· 报道数字核对")
    assert meta["og:description"].startswith("2023-07-01至2023-07-31期间")
    card = client.get(urlsplit(meta["og:image"])._replace(scheme="", netloc="").geturl())
    assert card.status_code == 200 and card.headers["content-type"] == "image/png"
    assert card.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", card.content[16:24]) == (1200, 630)
    assert card.headers["content-language"] == "zh-Hans"
    assert card.headers["x-frame-options"] == "DENY"


def test_the_png_card_refuses_what_the_check_refuses(client: TestClient[Litestar]) -> None:
    answer = client.get("/v1/check/card.png", params={**_params(), "reported": "<b>"})
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["errors"][0]["field"] == "reported"


def test_oembed_frames_the_check_page_on_this_origin(client: TestClient[Litestar]) -> None:
    """oEmbed of a check URL (any host): an iframe of this origin's page, the title from the
    answer in the asked language, the PNG card as the thumbnail."""
    url = f"https://elsewhere.example/embed/check?{QUERY}&locale=ms"
    answer = client.get(f"/oembed?url={quote(url, safe='')}")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["type"] == "rich" and body["height"] == 640
    assert body["title"] == "USD\u00a0900,000 → RM\u00a04.3 juta? · Semakan angka yang dilaporkan"
    (frame,) = _Page(body["html"]).find("iframe")
    assert str(frame["src"]).startswith("http://testserver.local/embed/check?amount=900000")
    assert body["thumbnail_url"].startswith("http://testserver.local/v1/check/card.png?")


def test_oembed_refuses_a_check_the_page_would_refuse(client: TestClient[Litestar]) -> None:
    for query, said in (
        ("amount=900000&from=USD&to=MYR", "lacks reported"),
        (QUERY.replace("4.3+million", "lots"), "would refuse"),
    ):
        url = f"https://x.example/embed/check?{query}"
        answer = client.get(f"/oembed?url={quote(url, safe='')}")
        assert answer.status_code == 404
        assert said in answer.json()["detail"]


def test_on_the_live_source_the_page_says_what_was_not_searched() -> None:
    """The live source is asked for the window's days only: the page's verdict says the rest
    was not searched, and it lists no dates before or after (none were looked at)."""
    upstream = Upstream()
    try:
        with live_client(upstream.url) as live:
            url = PAGE.replace("2023-07-31", "2023-07-26") + "&window=7d"
            page = _page(live.get(url))
            assert upstream.hits == 7
    finally:
        upstream.close()
    text = page.all_text
    assert "dates outside the window were not searched." in text
    assert "When a rate gave the figure" not in text and page.find("h2") == []
    assert "Dates checked: 2023-07-20 to 2023-07-26, 7 days with a rate." in text
