"""Share cards: a 1200×630 SVG with title and desc, escaped text, cached like the JSON; the
same card as a PNG drawn with the package's fonts."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlencode

import pytest
from fontTools.ttLib import TTFont
from litestar import Litestar
from litestar.testing import TestClient
from PIL import Image, ImageChops

from wagecalc.cards import CJK_FAMILY, HANT_FAMILY, LATIN_FAMILY, card_svg, text_units, wrap
from wagecalc.raster import PNG_SIGNATURE, font_paths, render_png

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
    assert (
        "USD\u00a0900,000 a year" in text
        and "Deadline (Katie Campione), as carried by NewsBreak (July 2024)" in text
    )
    assert root.get("font-family") == LATIN_FAMILY


def test_compare_card_has_the_rate_and_its_date(client: TestClient[Litestar]) -> None:
    text = _text(_card(client, COMPARE))
    assert "1 USD = 4.5495 MYR" in text and "2023-07-26" in text
    assert "USD\u00a0200 a day" in text  # unlabelled: the figure, never "200 USD/day"
    assert "European Central Bank" in text


def test_chinese_card(client: TestClient[Litestar]) -> None:
    """In zh-Hans: xml:lang set, the CJK font first (then sans-serif), the fallback in words."""
    root = _card(client, COMPARE.replace("2023-07-26", "2023-07-29"), locale="zh-Hans")
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-Hans"
    text = _text(root)
    assert "汇率" in text and "2023-07-29没有公布汇率" in text
    fonts = {e.get("font-family") for e in root.iter() if e.get("font-family")}
    assert fonts == {CJK_FAMILY}


def test_cards_are_cached_like_json(client: TestClient[Litestar]) -> None:
    answer = client.get(COMPARE)
    json_answer = client.get(COMPARE.replace("/v1/cards/compare.svg", "/v1/compare"))
    assert answer.headers["cache-control"] == json_answer.headers["cache-control"]
    assert answer.headers["vary"] == "Accept-Language,Accept-Encoding"  # compressed SVG
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
    svg = card_svg(lang="en", title="a\x00b\x1fc", kicker="k", headline="x\x0by", footer=[])
    title = ET.fromstring(svg).find(SVG_NS + "title")
    assert title is not None and title.text == "abc"


def test_wrapping_counts_cjk_double() -> None:
    """Lines stay within the capacity; wide characters count two units."""
    assert text_units("ab汇率") == 6
    text = "每年MYR\u00a0900,000.00可使约34.6名演员及其家人获得SAG-AFTRA健康计划资格 " * 3
    for capacity in (10, 25, 40):
        lines = wrap(text, capacity)
        assert all(text_units(line) <= capacity for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_body_text_is_never_cut() -> None:
    """An entry too long to fit whole is left out, not cut; ``desc`` keeps every text."""
    long = "word " * 400
    svg = card_svg(
        lang="en", title="t", kicker="k", headline="h", body=["short one", long], footer=["f"]
    )
    root = ET.fromstring(svg)
    spans = [t.text or "" for t in root.iter(SVG_NS + "tspan")]
    assert "short one" in spans
    assert not any("word" in s for s in spans) and not any(s.endswith("…") for s in spans)
    desc = root.find(SVG_NS + "desc")
    assert desc is not None and (desc.text or "").count("word") == 400


def test_the_key_equivalent_and_its_caveat_are_whole(client: TestClient[Litestar]) -> None:
    """The lead sentence, caveat included, is on the card word for word."""
    root = _card(client, EQUIVALENTS)
    spans = " ".join(t.text or "" for t in root.iter(SVG_NS + "tspan"))
    assert "not the cost of cover." in spans and "…" not in spans


@pytest.mark.parametrize("locale", ["zh-Hans", "zh-Hant"])
def test_no_cjk_line_starts_with_closing_punctuation(
    client: TestClient[Litestar], locale: str
) -> None:
    for url in (EQUIVALENTS, COMPARE):
        root = _card(client, url, locale=locale)
        lines = [t.text or "" for t in root.iter(SVG_NS + "tspan")]
        assert len(lines) > 4
        assert not [line for line in lines if line[:1] in "。，、）」』：；！？"]


def test_wrap_keeps_closing_punctuation_with_its_line() -> None:
    """The line breaks before the character that precedes the punctuation instead."""
    for capacity in range(4, 20):
        for line in wrap(
            "每年九十万美元相当于四千五百天的临时演员日薪（每天两百美元）。", capacity
        ):
            assert line[:1] not in "。，、）」" and line[-1:] not in "（「"


def test_compare_card_has_two_bars(client: TestClient[Litestar]) -> None:
    """The two yearly figures as bars whose lengths keep their proportion."""
    root = _card(client, COMPARE)
    bars = [r for r in root.iter(SVG_NS + "rect") if r.get("rx")]
    assert len(bars) == 2
    long, short = (float(b.get("width", "0")) for b in bars)
    # 4,094,556.47 and 236,574.37 MYR a year: 17.3 to 1.
    assert 17 < long / short < 18
    text = _text(root)
    assert "MYR\u00a04,094,556.47 a year" in text and "MYR\u00a0236,574.37 a year" in text


def _png(client: TestClient[Litestar], url: str) -> bytes:
    answer = client.get(url)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "image/png"
    return answer.content


def _image(png: bytes) -> Image.Image:
    assert png.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (1200, 630)
    return image.convert("RGB")


@pytest.mark.parametrize("url", [EQUIVALENTS, COMPARE])
def test_png_cards(client: TestClient[Litestar], url: str) -> None:
    """A 1200×630 PNG, not blank: text and bars in several colours on the white ground."""
    image = _image(_png(client, url.replace(".svg", ".png")))
    colours = image.getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 50
    inked = sum(n for n, rgb in colours if rgb != (255, 255, 255))
    assert inked > 1200 * 630 // 50


def test_png_is_the_svg_drawn(client: TestClient[Litestar]) -> None:
    """The PNG answer is the SVG answer drawn with the package's fonts."""
    svg = client.get(COMPARE).text
    assert _png(client, COMPARE.replace(".svg", ".png")) == render_png(svg)


def test_cjk_glyphs_are_drawn(client: TestClient[Litestar]) -> None:
    """The zh-Hans card differs from the same SVG drawn without the CJK fonts."""
    url = EQUIVALENTS + "&locale=zh-Hans"
    svg = client.get(url).text
    with_cjk = _image(_png(client, url.replace(".svg", ".png")))
    latin_only = [p for p in font_paths() if "CJK" not in p]
    assert len(latin_only) == 2
    without = _image(render_png(svg, latin_only))
    box = ImageChops.difference(with_cjk, without).getbbox()
    assert box is not None
    # The difference spans the kicker (薪酬换算) to the body's CJK sentences.
    assert box[1] < 70 and box[3] > 250


def _glyph(char: str, fonts: list[str]) -> Image.Image:
    """``char`` at 96 px as a zh-Hant card names its fonts, drawn with ``fonts`` only."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120">'
        '<rect width="120" height="120" fill="#fff"/>'
        f'<text x="10" y="100" font-size="96" font-family="{HANT_FAMILY}">{char}</text></svg>'
    )
    return Image.open(io.BytesIO(render_png(svg, fonts))).convert("L")


def test_the_tc_font_draws_taiwans_shapes() -> None:
    """週 (in the zh-Hant catalog: 每週) drawn with the shipped TC face differs from the SC
    face's 週 (the 辶 radical and 周 are drawn differently); 年, the same in both regions,
    does not: the TC file holds its own shapes, not a copy of SC's."""
    paths = font_paths()
    tc = [p for p in paths if "CJKtc-" in p]
    sc = [p for p in paths if "CJKsc-" in p]
    assert len(tc) == len(sc) == 2
    week = ImageChops.difference(_glyph("週", tc), _glyph("週", sc))
    assert week.getbbox() is not None
    assert sum(week.histogram()[65:]) > 300  # pixels that differ by more than a quarter
    year = ImageChops.difference(_glyph("年", tc), _glyph("年", sc))
    assert year.getbbox() is None


def test_zh_hant_cards_use_the_tc_font(client: TestClient[Litestar]) -> None:
    """A zh-Hant card names the TC face first and its PNG differs from the same SVG drawn
    without the TC files (so with SC's shapes); a zh-Hans card does not use the TC files."""
    for url in (EQUIVALENTS, COMPARE):
        hant = url + "&locale=zh-Hant"
        svg = client.get(hant).text
        assert f'font-family="{_escaped(HANT_FAMILY)}"' in svg
        assert "週" in svg or "每年" in svg
        without_tc = [p for p in font_paths() if "CJKtc-" not in p]
        drawn = _image(_png(client, hant.replace(".svg", ".png")))
        box = ImageChops.difference(drawn, _image(render_png(svg, without_tc))).getbbox()
        assert box is not None
        hans = url + "&locale=zh-Hans"
        hans_svg = client.get(hans).text
        assert f'font-family="{_escaped(CJK_FAMILY)}"' in hans_svg
        assert _png(client, hans.replace(".svg", ".png")) == render_png(hans_svg, without_tc)


@pytest.mark.parametrize(
    ("face", "catalogs"),
    [("NotoSansCJKtc-Regular", ["zh_Hant"]), ("NotoSansCJKsc-Regular", ["zh_Hans", "zh_Hant"])],
)
def test_the_cjk_fonts_hold_every_character_the_catalogs_write(
    face: str, catalogs: list[str]
) -> None:
    """Every character of the catalogs a face draws, and of the rule tables, is in the face
    (a message added without ``python scripts/fonts.py`` fails here, rather than being
    drawn with the other region's shapes or a missing glyph)."""
    root = Path(__file__).parents[2] / "src" / "wagecalc"
    texts = [(root / "locale" / c / "LC_MESSAGES" / "wagecalc.po") for c in catalogs]
    texts += sorted((root / "data").glob("*.toml"))
    wanted = {c for path in texts for c in path.read_text(encoding="utf-8") if ord(c) > 0x7F}
    held = {chr(code) for code in TTFont(root / "fonts" / f"{face}.otf").getBestCmap()}
    assert len(wanted) > 100
    assert sorted(wanted - held) == []


def _escaped(family: str) -> str:
    return family.replace("'", "&#x27;")


def test_the_host_fonts_do_not_matter(client: TestClient[Litestar]) -> None:
    """Drawn with no font at all the card is another picture: the answer used the package's."""
    svg = client.get(EQUIVALENTS).text
    assert render_png(svg, []) != render_png(svg)


def test_png_cards_are_cached_like_the_svg(client: TestClient[Litestar]) -> None:
    url = COMPARE.replace(".svg", ".png")
    answer = client.get(url)
    svg = client.get(COMPARE)
    assert answer.headers["cache-control"] == svg.headers["cache-control"]
    assert answer.headers["vary"] == "Accept-Language"
    assert client.get(url, headers={"If-None-Match": answer.headers["etag"]}).status_code == 304
    assert client.get(url).headers.get("age") is not None  # replayed from the cache


def test_png_errors_are_problems(client: TestClient[Litestar]) -> None:
    answer = client.get("/v1/cards/compare.png?a=x&b=200+USD/day&currency=MYR")
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"


def test_labels_at_their_longest_render(client: TestClient[Litestar]) -> None:
    """Two 60-character labels, one unbroken, one CJK: a card, the labels cut to one line."""
    label_a = "W" * 60
    label_b = "薪" * 60
    root = _card(client, COMPARE, a_label=label_a, b_label=label_b)
    spans = [t.text or "" for t in root.iter(SVG_NS + "tspan")]
    assert any(s.startswith("WWW") and s.endswith("…") for s in spans)
    query = urlencode({"a_label": label_a, "b_label": label_b})
    _image(_png(client, COMPARE.replace(".svg", ".png") + "&" + query))


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
