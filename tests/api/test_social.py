"""A shared link shows the answer: Open Graph and Twitter tags on the embed and demo pages, and
oEmbed's thumbnail, all pointing at the PNG share card, which answers as a 1200×630 PNG."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from PIL import Image

EQUIVALENTS = "/embed/equivalents?amount=900000&currency=USD&date=2023-07-26&rules=story"
COMPARE = "/embed/compare?a=900000+USD/year&b=200+USD/day&currency=MYR&date=2023-07-26"


class _Meta(HTMLParser):
    """The ``<meta name|property content>`` of a page's head."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: dict[str, str] = {}
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        key = found.get("property") or found.get("name")
        if tag == "meta" and key and found.get("content") is not None:
            assert key not in self.tags, f"{key} given twice"
            self.tags[key] = str(found["content"])


def _card_is_a_png(client: TestClient[Litestar], url: str) -> None:
    """``url`` (absolute, on the test client's origin) answers a 1200×630 PNG."""
    parts = urlsplit(url)
    assert parts.scheme == "http" and parts.netloc == "testserver.local"
    answer = client.get(f"{parts.path}?{parts.query}")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(answer.content)).size == (1200, 630)


def _social(client: TestClient[Litestar], url: str) -> dict[str, str]:
    answer = client.get(url)
    assert answer.status_code == 200, answer.text
    tags = _Meta(answer.text).tags
    for key in (
        "description",
        "og:title",
        "og:description",
        "og:image",
        "og:image:width",
        "og:image:height",
        "twitter:card",
    ):
        assert tags.get(key), key
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["og:image:type"] == "image/png"
    return tags


@pytest.mark.parametrize(
    ("url", "card", "said"),
    [
        (EQUIVALENTS, "/v1/cards/equivalents.png", "not the cost of cover"),
        (EQUIVALENTS + "&locale=zh-Hans", "/v1/cards/equivalents.png", "而非保险费用"),
        (COMPARE, "/v1/cards/compare.png", "15 working days"),
    ],
)
def test_embed_pages_have_social_tags(
    client: TestClient[Litestar], url: str, card: str, said: str
) -> None:
    """The image is the page's own card (same query); the description its lead sentence."""
    tags = _social(client, url)
    image = urlsplit(tags["og:image"])
    assert image.path == card and image.query == urlsplit(url).query
    assert said in tags["description"] and tags["og:description"] == tags["description"]
    assert tags["og:title"].startswith(("USD\u00a0900,000 a year", "每年US$900,000"))
    _card_is_a_png(client, tags["og:image"])


@pytest.mark.parametrize(("url", "lang"), [("/demo", "en"), ("/demo/zh-Hans", "zh-Hans")])
def test_demo_has_social_tags(client: TestClient[Litestar], url: str, lang: str) -> None:
    tags = _social(client, url)
    assert f"locale={lang}" in tags["og:image"]
    assert "Netflix" in tags["og:title"] and len(tags["og:image:alt"]) > 40
    _card_is_a_png(client, tags["og:image"])


def test_hostile_labels_stay_in_the_content_attribute(client: TestClient[Litestar]) -> None:
    hostile = '"><script>alert(1)</script>'
    answer = client.get(COMPARE + "&" + urlencode({"a_label": hostile}))
    assert answer.status_code == 200
    assert "<script>alert" not in answer.text
    assert hostile in _Meta(answer.text).tags["og:title"]


@pytest.mark.parametrize("url", [EQUIVALENTS, COMPARE])
def test_oembed_thumbnail_is_the_card(client: TestClient[Litestar], url: str) -> None:
    """thumbnail_url, _width, _height: the PNG card on this service's origin."""
    answer = client.get("/oembed", params={"url": "https://news.example" + url})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["thumbnail_width"], body["thumbnail_height"]) == (1200, 630)
    thumbnail = urlsplit(body["thumbnail_url"])
    assert thumbnail.path == urlsplit(url).path.replace("/embed/", "/v1/cards/") + ".png"
    _card_is_a_png(client, body["thumbnail_url"])
