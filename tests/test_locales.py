"""Locale negotiation: explicit tags, Accept-Language, and malformed input."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wagecalc.errors import InvalidLocaleError
from wagecalc.locales import (
    DEFAULT_LOCALE,
    SUPPORTED_LOCALES,
    negotiate_locale,
    parse_accept_language,
)


@pytest.mark.parametrize(
    ("requested", "expected"),
    [
        ("en", "en"),
        ("en-GB", "en"),
        ("en_US", "en"),
        ("zh-TW", "zh_Hant"),
        ("zh_TW", "zh_Hant"),
        ("zh-HK", "zh_Hant"),
        ("zh-MO", "zh_Hant"),
        ("zh-Hant", "zh_Hant"),
        ("zh_Hant", "zh_Hant"),
        ("zh-Hant-TW", "zh_Hant"),
        ("ZH-tw", "zh_Hant"),
        ("zh", "zh_Hans"),
        ("zh-CN", "zh_Hans"),
        ("zh-SG", "zh_Hans"),
        ("zh-Hans", "zh_Hans"),
        ("zh_Hans", "zh_Hans"),
        ("zh-Hans-CN", "zh_Hans"),
        ("ms", "ms"),
        ("ms-MY", "ms"),
        ("ms-SG", "ms"),
        ("fr", "en"),
        ("de-DE", "en"),
        ("yue", "en"),
        ("qq-ZZ", "en"),
    ],
)
def test_negotiate_explicit_locale(requested: str, expected: str) -> None:
    """An explicit tag maps by language and (likely) script to the nearest supported locale."""
    assert negotiate_locale(requested) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ms-MY, zh-TW;q=0.8, en;q=0.5", ["ms-MY", "zh-TW", "en"]),
        ("en;q=0.5, zh-TW;q=0.8, ms-MY", ["ms-MY", "zh-TW", "en"]),
        ("fr;q=0.9, zh-TW;q=0.5, ms;q=1, en;q=0", ["ms", "fr", "zh-TW"]),
        ("de, fr", ["de", "fr"]),
        ("de;q=0.5, fr;q=0.5, ms;q=0.5", ["de", "fr", "ms"]),
        ("*, en;q=0.1", ["en"]),
        ("bad tag, ;;, en US, =, ms", ["ms"]),
        ("ms;q=abc, zh;q=0.3", ["zh"]),
        ("ms;q=1.5, zh;q=-1, en;q=nan, de;q=inf, fr;q=0.001", ["fr"]),
        ("", []),
        (",,,", []),
    ],
)
def test_parse_accept_language(header: str, expected: list[str]) -> None:
    """Ranges come by descending q, ties in header order; malformed parts, '*' and q=0 drop out."""
    assert parse_accept_language(header) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("fr, ms;q=0.9", "ms"),
        ("fr;q=0.9, zh-TW;q=0.5, ms;q=0.2, en;q=0", "zh_Hant"),
        ("en;q=0, zh-TW;q=0.1", "zh_Hant"),
        ("zh-TW;q=0.1, ms;q=0.1", "zh_Hant"),
        ("en;q=0.1, zh-TW;q=0.1, ms", "ms"),
        ("zh-HK;q=0.9, zh-CN", "zh_Hans"),
        ("ms;q=0, fr", "en"),
        ("de, fr", "en"),
        ("garbage;;;", "en"),
    ],
)
def test_negotiate_from_accept_language(header: str, expected: str) -> None:
    """Without an explicit locale, the first supported range by quality wins, else English."""
    assert negotiate_locale(None, header) == expected


def test_explicit_locale_wins_over_the_header() -> None:
    """A supported explicit locale beats the header; an unsupported one falls through to it."""
    assert negotiate_locale("zh-TW", "ms") == "zh_Hant"
    assert negotiate_locale("fr", "ms, en;q=0.5") == "ms"
    assert negotiate_locale("fr", "de") == DEFAULT_LOCALE
    assert negotiate_locale() == DEFAULT_LOCALE


@pytest.mark.parametrize(
    "requested",
    ["", "e", "en US", "en;q=1", "../etc/passwd", "en\n", "中文", "en-", "12", "x" * 100],
)
def test_malformed_explicit_locale(requested: str) -> None:
    """A malformed explicit locale is an InvalidLocaleError on field 'locale', quoted briefly."""
    with pytest.raises(InvalidLocaleError) as caught:
        negotiate_locale(requested, "ms")
    assert caught.value.field == "locale"
    assert caught.value.code == "invalid-locale"
    assert len(str(caught.value)) < 120


def test_huge_header_is_handled_quickly() -> None:
    """A 10,000-character header is answered in well under a second, ranges past the cap ignored."""
    header = "xx-YY;q=0.5, " * 770 + "ms"
    assert len(header) > 10_000
    start = time.perf_counter()
    for _ in range(100):
        assert negotiate_locale(None, header) == "en"
        assert negotiate_locale(None, "a" * 10_000) == "en"
    assert time.perf_counter() - start < 1.0


@given(st.from_regex(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,3}", fullmatch=True))
def test_well_formed_tags_always_negotiate(tag: str) -> None:
    """Any well-formed tag, explicit or in the header, yields a supported locale without error."""
    assert negotiate_locale(tag) in SUPPORTED_LOCALES
    assert negotiate_locale(None, tag) in SUPPORTED_LOCALES


@given(st.text(max_size=600))
def test_any_header_negotiates(header: str) -> None:
    """Any header text at all yields a supported locale (bad parts are skipped, never raised)."""
    assert negotiate_locale(None, header) in SUPPORTED_LOCALES
    assert all(isinstance(tag, str) and tag for tag in parse_accept_language(header))


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("zh-Hans-TW", "zh_Hans"), ("zh-Hant-CN", "zh_Hant"), ("ZH-hant", "zh_Hant")],
)
def test_explicit_script_wins_over_the_region(tag: str, expected: str) -> None:
    """A tag's own script decides, even with a region whose usual script differs."""
    assert negotiate_locale(tag) == expected
