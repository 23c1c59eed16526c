"""oEmbed 1.0 for the embed pages: a rich iframe on this service's own origin, or a problem."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from litestar import Litestar
from litestar.testing import TestClient

EMBED = "https://news.example/embed/equivalents?amount=900000&currency=USD&date=2023-07-26"
COMPARE = (
    "https://wagecalc.example/embed/compare?a=900000+USD/year&b=200+USD/day&currency=MYR"
    "&date=2023-07-26"
)


class _Frames(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _oembed(client: TestClient[Litestar], **params: Any) -> dict[str, Any]:
    answer = client.get("/oembed", params=params)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/json"
    body: dict[str, Any] = answer.json()
    return body


def test_rich_iframe_of_the_embed_page(client: TestClient[Litestar]) -> None:
    """type rich, version 1.0, an iframe of the embed page with its size and title."""
    body = _oembed(client, url=EMBED, format="json")
    assert body["version"] == "1.0" and body["type"] == "rich"
    assert body["provider_name"] == "wagecalc"
    assert (body["width"], body["height"]) == (600, 480)
    ((tag, attrs),) = _Frames(body["html"]).tags
    assert tag == "iframe"
    # The frame follows its column (no fixed width to scroll a phone sideways); the JSON's
    # width is the most it needs.
    assert attrs["width"] == "100%" and attrs["height"] == "480"
    assert attrs["title"] == body["title"]
    assert "USD\u00a0900,000 a year" in body["title"]
    src = urlsplit(str(attrs["src"]))
    assert src.path == "/embed/equivalents"
    assert "amount=900000" in src.query and "currency=USD" in src.query


def test_the_iframe_is_on_this_services_origin(client: TestClient[Litestar]) -> None:
    """Whatever host the URL names, the iframe points at this service (never elsewhere)."""
    body = _oembed(client, url=EMBED.replace("news.example", "evil.example"))
    ((_, attrs),) = _Frames(body["html"]).tags
    assert urlsplit(str(attrs["src"])).netloc == "testserver.local"
    assert body["provider_url"] == "http://testserver.local/"


def test_the_size_respects_the_consumers_maximum(client: TestClient[Litestar]) -> None:
    body = _oembed(client, url=COMPARE, maxwidth=320, maxheight=200)
    assert (body["width"], body["height"]) == (320, 200)
    ((_, attrs),) = _Frames(body["html"]).tags
    assert (attrs["width"], attrs["height"]) == ("320", "200")
    assert _oembed(client, url=COMPARE, maxwidth=5000)["width"] == 600


def test_the_title_follows_the_language(client: TestClient[Litestar]) -> None:
    answer = client.get("/oembed", params={"url": COMPARE + "&locale=zh-Hans"})
    assert answer.json()["title"].endswith("薪酬比较")
    assert answer.headers["vary"] == "Accept-Language"
    assert "immutable" in answer.headers["cache-control"]


def test_hostile_labels_stay_text_in_the_html(client: TestClient[Litestar]) -> None:
    """A label with markup is escaped in the iframe's title and src: one iframe, nothing else."""
    hostile = '"><img src=x onerror=alert(1)><script>x</script>'
    body = _oembed(client, url=COMPARE + "&a_label=" + hostile.replace("&", "%26"))
    tags = _Frames(body["html"]).tags
    assert [tag for tag, _ in tags] == ["iframe"]
    assert hostile in str(tags[0][1]["title"])
    assert set(tags[0][1]) == {
        "src",
        "width",
        "height",
        "title",
        "frameborder",
        "loading",
        "referrerpolicy",
    }


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/article",
        "https://news.example/v1/equivalents?amount=1&currency=USD",
        "javascript:alert(1)//embed/equivalents",
        "/embed/equivalents?amount=1&currency=USD",
        "https://news.example/embed/equivalents?amount=NaN&currency=USD",
        "https://news.example/embed/equivalents?currency=USD",
        "https://news.example/embed/compare?a=1+USD/year&a=2+USD/year&b=1+USD/day&currency=MYR",
    ],
)
def test_other_urls_are_404_problems(client: TestClient[Litestar], url: str) -> None:
    answer = client.get("/oembed", params={"url": url})
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["type"] == "urn:wagecalc:problem:not-an-embed"
    assert [e["field"] for e in answer.json()["errors"]] == ["url"]


def test_xml_is_501(client: TestClient[Litestar]) -> None:
    answer = client.get("/oembed", params={"url": EMBED, "format": "xml"})
    assert answer.status_code == 501
    assert answer.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"maxwidth": "0"}, "maxwidth"),
        ({"maxheight": "wide"}, "maxheight"),
        ({"format": "yaml"}, "format"),
        ({}, "url"),
    ],
)
def test_bad_parameters_are_422(
    client: TestClient[Litestar], params: dict[str, str], field: str
) -> None:
    query = {"url": EMBED, **params} if field != "url" else {}
    answer = client.get("/oembed", params=query)
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == [field]


_PAGE = "/embed/equivalents?amount=900000&currency=USD&date=2023-07-26"
_PAGE_COMPARE = "/embed/compare?a=900000+USD/year&b=200+USD/day&currency=MYR&date=2023-07-26"


@pytest.mark.parametrize(
    "page",
    [
        _PAGE,
        _PAGE + "".join(f"&x{i}=1" for i in range(40)),  # more parameters than any operation
        _PAGE + "&rules=" + ",".join(["story"] * 300),  # longer than rules' maxLength
        _PAGE + "&compact=yes",  # not a boolean Litestar reads
        _PAGE + "&compact=on",
        _PAGE + "&compact=True",
        _PAGE + "&compact=0",
        _PAGE + "&unknown=1",  # ignored by the page as by every route
        _PAGE + "&period=" + "y" * 17,
        _PAGE.replace("900000", "9" * 65),
        _PAGE_COMPARE,
        _PAGE_COMPARE + "&a_label=" + "x" * 61,
        _PAGE_COMPARE + "&a_label=%E2%80%8B",  # a zero-width space: no label
        _PAGE_COMPARE + "&rounding=" + "u" * 17,
        _PAGE_COMPARE + "".join(f"&y{i}=1" for i in range(30)),
    ],
)
def test_oembed_answers_exactly_for_the_pages_that_answer(
    client: TestClient[Litestar], page: str
) -> None:
    """The oEmbed answer is a 200 exactly when the embed page it describes is, and a 404
    naming url otherwise (issue 25: 40 extra parameters, 300 rule selectors and
    compact=yes were 200 here while the page refused them)."""
    shown = client.get(page)
    described = client.get("/oembed", params={"url": "https://news.example" + page})
    assert (shown.status_code == 200) == (described.status_code == 200), (
        shown.status_code,
        described.text[:300],
    )
    if described.status_code != 200:
        assert described.status_code == 404
        assert described.json()["errors"][0]["field"] == "url"
