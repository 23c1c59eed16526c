"""A rule source's title or publisher in another language than the answer's says so: the
JSON gives its BCP 47 tag (``title_lang``, ``publisher_lang``) and the embed page marks it
with ``lang``, so that a screen reader reads an as-written English headline on a zh-Hans or
ms page as English (WCAG 2.x SC 3.1.2); English answers over English sources stay as they
were, without either."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from wagecalc.api import create_app
from wagecalc.config import Settings

QUERY = "amount=900000&currency=USD&date=2023-07-26&to=MYR"
EMBED = "/embed/equivalents?" + QUERY
JSON = "/v1/equivalents?" + QUERY

#: The packaged story's source texts that are English as written (headlines, outlets).
HNGN_TITLE = "Netflix Posts AI Job Paying $900,000 Amid Actors' Union Strike Over Digital Threat"
KIMMEL_TITLE = (
    "'Jimmy Kimmel Live' Once Again Aims To Help Working Actors Get Health Insurance "
    "With New Casting Notice"
)
V_TITLE = "What is the SAG-AFTRA strike really about?"
AS_WRITTEN_ENGLISH = [KIMMEL_TITLE, HNGN_TITLE, "HNGN", V_TITLE, "V Magazine"]

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _Marked(HTMLParser):
    """Each element's ``lang`` below <html>, with the text inside it; and all the text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.root_lang: str | None = None
        self.marked: list[tuple[str, str, str]] = []  # (tag, lang, text inside)
        self.text: list[str] = []
        self._open: list[tuple[str, str | None, int]] = []  # (tag, lang, start in text)
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        lang = dict(attrs).get("lang")
        if tag == "html":
            self.root_lang = lang
        elif tag not in _VOID:
            self._open.append((tag, lang, len(self.text)))

    def handle_endtag(self, tag: str) -> None:
        if not self._open or tag == "html":
            return
        name, lang, start = self._open.pop()
        assert name == tag, f"</{tag}> closes <{name}>"
        if lang is not None:
            self.marked.append((tag, lang, "".join(self.text[start:])))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def all_text(self) -> str:
        return "".join(self.text)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient[Litestar]]:
    with TestClient(app=create_app(Settings())) as test_client:
        yield test_client


def _marked(client: TestClient[Litestar], url: str) -> _Marked:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return _Marked(response.text)


@pytest.mark.parametrize(
    ("locale", "translated"),
    [
        ("zh-Hans", ["《公平劳动标准法》", "美国劳工部，据UPI报道", "经NewsBreak转载"]),
        ("ms", ["Perintah Gaji Minimum 2022", "Kerajaan Malaysia", "seperti yang dimuatkan oleh"]),
    ],
)
def test_an_as_written_english_headline_is_marked_on_a_translated_page(
    client: TestClient[Litestar], locale: str, translated: list[str]
) -> None:
    """On a zh-Hans or ms page the English headlines and outlets, and only they, carry
    lang="en"; the table's translated titles and publisher lines carry none."""
    page = _marked(client, f"{EMBED}&locale={locale}")
    assert page.root_lang == locale
    assert sorted(text for _, _, text in page.marked) == sorted(AS_WRITTEN_ENGLISH)
    assert {lang for _, lang, _ in page.marked} == {"en"}
    # A linked headline carries lang on its link; an outlet without one, on a span.
    assert ("a", "en", HNGN_TITLE) in page.marked
    assert ("span", "en", "HNGN") in page.marked
    for words in translated:
        assert words in page.all_text
        assert not any(words in text for _, _, text in page.marked)


def test_the_english_page_marks_no_language_but_its_own(client: TestClient[Litestar]) -> None:
    """An English answer over English sources has one lang attribute: the page's."""
    response = client.get(EMBED)
    page = _Marked(response.text)
    assert page.root_lang == "en"
    assert page.marked == []
    assert response.text.count("lang=") == 1
    assert HNGN_TITLE.replace("'", "&#x27;") in response.text


def test_the_json_gives_title_lang_only_where_the_text_is_not_the_answers_language(
    client: TestClient[Litestar],
) -> None:
    """zh-Hans: "en" for the as-written English headlines and outlets, nothing on the
    translated ones; en: neither field anywhere in the body."""
    body = client.get(JSON + "&locale=zh-Hans").json()
    langs = {
        item["rule"]: (item["source"].get("title_lang"), item["source"].get("publisher_lang"))
        for item in body["equivalents"]
    }
    assert langs == {
        "big-mac-us": (None, None),
        "sag-aftra-health-eligibility": ("en", None),
        "sag-aftra-background-actor-day-reported": ("en", "en"),
        "sag-aftra-members-87-percent-line": ("en", "en"),
        "us-federal-minimum-wage": (None, None),
        "my-minimum-wage": (None, None),
    }
    english = client.get(JSON)
    assert english.status_code == 200
    assert b"title_lang" not in english.content
    assert b"publisher_lang" not in english.content


TABLE = """title = "A Malaysian table"
locales = ["en", "ms", "zh_Hans"]
[[rules]]
id = "ms-source"
kind = "wage"
per = "month"
tags = ["ms-source"]
labels.en = { one = "month of pay", other = "months of pay" }
labels.ms = { other = "bulan gaji" }
labels.zh_Hans = { other = "个月工资" }
[[rules.values]]
in_force_from = 2022-05-01
amount = "1500"
currency = "MYR"
source = { title = "Gaji <minimum> & kerja", publisher = "Berita Harian", date = 2022-05-01, \
lang = "ms", as_written = ["title", "publisher"] }
"""


@pytest.fixture(scope="module")
def malay(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient[Litestar]]:
    """The app with one more table: a source whose headline and outlet are Malay."""
    path = Path(tmp_path_factory.mktemp("rules")) / "ms.toml"
    path.write_text(TABLE, encoding="utf-8")
    with TestClient(app=create_app(Settings(rules=(path,)))) as test_client:
        yield test_client


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en", "ms"), ("zh-Hans", "ms"), ("ms", None)],
)
def test_a_source_in_another_language_is_marked_with_its_own_tag(
    malay: TestClient[Litestar], locale: str, expected: str | None
) -> None:
    """A Malay headline is marked "ms" on the en and zh-Hans pages, and not on the ms page;
    its text stays text (escaped like every other)."""
    url = "?amount=900000&currency=MYR&date=2023-07-26&rules=ms-source&locale=" + locale
    source: dict[str, Any] = malay.get("/v1/equivalents" + url).json()["equivalents"][0]["source"]
    assert (source.get("title_lang"), source.get("publisher_lang")) == (expected, expected)
    response = malay.get("/embed/equivalents" + url)
    page = _Marked(response.text)
    assert "Gaji &lt;minimum&gt; &amp; kerja" in response.text
    marked = [(lang, text) for _, lang, text in page.marked]
    if expected is None:
        assert marked == []
    else:
        assert marked == [("ms", "Gaji <minimum> & kerja"), ("ms", "Berita Harian")]


def test_the_rules_listing_gives_a_non_english_sources_language(
    malay: TestClient[Litestar],
) -> None:
    """/v1/rules lists the tables as written, in English: a Malay source says it is Malay."""
    body = malay.get("/v1/rules").json()
    (rule,) = [r for r in body["rules"] if r["id"] == "ms-source"]
    source = rule["values"][0]["source"]
    assert (source["title_lang"], source["publisher_lang"]) == ("ms", "ms")
    english = [r for r in body["rules"] if r["id"] != "ms-source"]
    assert english and all("title_lang" not in v["source"] for r in english for v in r["values"])
