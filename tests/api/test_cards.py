"""Share cards: a 1200×630 SVG with title and desc, escaped text, cached like the JSON."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlencode

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from wagecalc.cards import card_svg, text_units, wrap

SVG_NS = "{http://www.w3.org/2000/svg}"
EQUIVALENTS = "/v1/cards/equivalents.svg?amount=900000&currency=USD&date=2023-07-26&rules=story"
COMPARE = "/v1/cards/compare.svg?a=900000+USD/year&b=200+USD/day&currency=MYR&date=2023-07-26"
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "]]><script>x</script><![CDATA[",
    "&amp; &#x3C;script&#x3E;",
]


def _card(client: TestClient[Litestar], url: str, **params: str) -> ET.Element:
    answer = client.get(url + ("&" + urlencode(params) if params else ""))
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "image/svg+xml"
    root = ET.fromstring(answer.content)
    assert root.tag == SVG_NS + "svg"
    assert (root.get("width"), root.get("height")) == ("1200", "630")
    return root


def _text(root: ET.Element) -> str:
    return " ".join("".join(t.itertext()) for t in root.iter(SVG_NS + "text"))


def test_equivalents_card(client: TestClient[Litestar]) -> None:
    """The figure, up to three equivalents, the sources; title and desc for screen readers."""
    root = _card(client, EQUIVALENTS)
    title, desc = root.find(SVG_NS + "title"), root.find(SVG_NS + "desc")
    assert title is not None and "USD\u00a0900,000 a year" in (title.text or "")
    assert desc is not None and "threshold of 34 actors" in (desc.text or "")
    assert root.get("aria-labelledby") == "card-title card-desc"
    text = _text(root)
    assert "USD\u00a0900,000 a year" in text and "CNN, as excerpted by Digg (2023-07-17)" in text
    assert root.get("font-family") == "sans-serif"


def test_compare_card_has_the_rate_and_its_date(client: TestClient[Litestar]) -> None:
    text = _text(_card(client, COMPARE))
    assert "1 USD = 4.5495 MYR" in text and "2023-07-26" in text
    assert "USD\u00a0200 a day" in text  # unlabelled: the figure, never "200 USD/day"
    assert "European Central Bank" in text


def test_chinese_card(client: TestClient[Litestar]) -> None:
    """In zh-Hans: xml:lang set, CJK text through the generic family, the fallback in words."""
    root = _card(client, COMPARE.replace("2023-07-26", "2023-07-29"), locale="zh-Hans")
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-Hans"
    text = _text(root)
    assert "汇率" in text and "2023-07-29没有公布汇率" in text
    fonts = {e.get("font-family") for e in root.iter() if e.get("font-family")}
    assert fonts == {"sans-serif"}


def test_cards_are_cached_like_json(client: TestClient[Litestar]) -> None:
    answer = client.get(COMPARE)
    json_answer = client.get(COMPARE.replace("/v1/cards/compare.svg", "/v1/compare"))
    assert answer.headers["cache-control"] == json_answer.headers["cache-control"]
    assert answer.headers["vary"] == "Accept-Language"
    assert client.get(COMPARE, headers={"If-None-Match": answer.headers["etag"]}).status_code == 304


def test_a_card_can_run_nothing(client: TestClient[Litestar]) -> None:
    """Opened on its own, the SVG may load or run nothing, nor be framed."""
    answer = client.get(COMPARE)
    assert answer.headers["content-security-policy"].startswith("default-src 'none'")
    assert answer.headers["x-frame-options"] == "DENY"


def test_errors_are_problems(client: TestClient[Litestar]) -> None:
    answer = client.get("/v1/cards/equivalents.svg?amount=-1&currency=USD")
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_labels_stay_text(client: TestClient[Litestar], hostile: str) -> None:
    """Markup in a label is text in the SVG: no script, image or foreign element appears."""
    root = _card(client, COMPARE, a_label=hostile)
    tags = {element.tag.removeprefix(SVG_NS) for element in root.iter()}
    assert tags <= {"svg", "title", "desc", "rect", "text", "tspan"}
    title = root.find(SVG_NS + "title")
    assert title is not None and hostile in (title.text or "")
    assert not any(name.startswith("on") for e in root.iter() for name in e.attrib)


def test_characters_xml_cannot_hold_are_dropped() -> None:
    svg = card_svg(lang="en", title="a\x00b\x1fc", headline="x\x0by", body=[], footer=[])
    title = ET.fromstring(svg).find(SVG_NS + "title")
    assert title is not None and title.text == "abc"


def test_wrapping_counts_cjk_double() -> None:
    """Lines stay within the capacity; wide characters count two units."""
    assert text_units("ab汇率") == 6
    text = "每年MYR900,000.00可使约34.6名演员及其家人获得SAG-AFTRA健康计划资格 " * 3
    for capacity in (10, 25, 40):
        lines = wrap(text, capacity)
        assert all(text_units(line) <= capacity for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_long_text_is_cut_with_an_ellipsis_but_kept_in_desc() -> None:
    long = "word " * 400
    svg = card_svg(lang="en", title="t", headline="h", body=[long], footer=["f"])
    root = ET.fromstring(svg)
    spans = [t.text or "" for t in root.iter(SVG_NS + "tspan")]
    assert any(s.endswith("…") for s in spans)
    desc = root.find(SVG_NS + "desc")
    assert desc is not None and (desc.text or "").count("word") == 400


def test_rules_not_in_force_are_said_on_the_card(client: TestClient[Litestar]) -> None:
    text = _text(
        _card(client, "/v1/cards/equivalents.svg?amount=900000&currency=USD&date=1900-01-01")
    )
    assert "is held for" in text and "1900-01-01" in text  # wrapped over lines on the card


def test_equivalents_card_says_when_the_last_sourced_year_is_used(
    client: TestClient[Litestar],
) -> None:
    """2026 has no sourced threshold: the card says 2025's is used, as the page does."""
    url = EQUIVALENTS.replace("2023-07-26", "2026-11-27")
    text = _text(_card(client, url))
    assert "No later figure was found: the last sourced one (2025) is used for 2026-11-27." in text
    assert "No later figure" not in _text(_card(client, EQUIVALENTS))
