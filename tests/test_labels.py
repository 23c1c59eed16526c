"""Labels: one documented set of refused characters (wagecalc.labels), the same on every route
(issue 25, item 5)."""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Iterator

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from litestar import Litestar
from litestar.testing import TestClient

from wagecalc.api import create_app
from wagecalc.config import Settings
from wagecalc.labels import MAX_LABEL_LENGTH, is_label

#: Not category Cf, yet drawing nothing or changing the character before: refused by name.
_NAMED = {0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180F, 0x2800}
_NAMED |= {0x3164, 0xFFA0, *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)}
#: Format controls of Unicode 15, refused ahead of Pythons whose Unicode predates them.
_NAMED |= set(range(0x13430, 0x13440))


def _refused(char: str) -> bool:
    code = ord(char)
    category = unicodedata.category(char)
    noncharacter = 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE
    return category in ("Cc", "Cf", "Cs", "Zl", "Zp") or noncharacter or code in _NAMED


def _reference(text: str) -> bool:
    """The rule of wagecalc.labels, stated with unicodedata instead of a pattern."""
    return (
        1 <= len(text) <= MAX_LABEL_LENGTH
        and not any(_refused(c) for c in text)
        and not all(unicodedata.category(c) == "Zs" for c in text)
    )


@settings(max_examples=500)
@given(st.text(max_size=70))
@example("\u3000\u3000")
@example("\u00a0")
@example("PM\U000e0041")
@example("a" * 61)
@example("\u0600100")
@example("\u2800")
@example("x\ufe0f")
def test_the_pattern_is_the_documented_rule(text: str) -> None:
    """Any text: is_label agrees with the rule written with unicodedata categories."""
    assert is_label(text) == _reference(text), [hex(ord(c)) for c in text]


def test_every_format_character_of_this_python_is_refused() -> None:
    """Every code point of category Cf in this Python's Unicode database, and every named
    filler and selector, is refused on its own and inside a label."""
    refused = [c for c in map(chr, range(sys.maxunicode + 1)) if _refused(c)]
    assert len(refused) > 300
    assert [hex(ord(c)) for c in refused if is_label(c) or is_label(f"a{c}b")] == []


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient[Litestar]]:
    with TestClient(app=create_app(Settings())) as test_client:
        yield test_client


HOSTILE = ["\u0600", "\U000e0041", "\u034f", "\u115f", "\u3164", "\uffa0", "\u2800", "\ufe0f"]
HOSTILE += ["\u3000\u3000", "\u00a0", " "]


@pytest.mark.parametrize("label", HOSTILE, ids=[f"U+{ord(s[0]):04X}x{len(s)}" for s in HOSTILE])
@pytest.mark.parametrize(
    "path", ["/v1/compare", "/embed/compare", "/v1/cards/compare.svg"], ids=str.strip
)
def test_every_route_refuses_the_same_labels(
    client: TestClient[Litestar], path: str, label: str
) -> None:
    """As a_label on the GET routes (JSON, page, card) and as a body label: 422 naming it."""
    # Inside a word, or alone when it is a blank (a blank inside a word is allowed).
    within = label if not label.strip() else f"PM{label}"
    query = {"a": "900000 USD/year", "b": "200 USD/day", "currency": "MYR", "a_label": within}
    response = client.get(path, params=query)
    assert response.status_code == 422, response.text
    if path.startswith("/embed/"):  # a page a frame can show, the problem for its editors
        assert response.headers["content-type"].startswith("text/html")
        assert "a_label" in response.text
    else:
        assert response.json()["errors"][0]["field"] == "a_label"
    body = {
        "salaries": [
            {"label": within, "amount": "900000", "currency": "USD", "period": "year"},
            {"label": label, "amount": "200", "currency": "USD", "period": "day"},
        ],
        "currency": "MYR",
    }
    response = client.post("/v1/compare", json=body)
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"salaries[0].label", "salaries[1].label"}


def test_a_label_with_blanks_inside_is_a_label(client: TestClient[Litestar]) -> None:
    """Blanks are allowed around and between words; emoji and CJK too."""
    for label in ("\u3000演员\u3000", "Netflix\u00a0PM", "actor 🎬"):
        assert is_label(label)
    response = client.get(
        "/v1/compare",
        params={"a": "900000 USD/year", "b": "200 USD/day", "currency": "MYR", "a_label": "演员 A"},
    )
    assert response.status_code == 200
