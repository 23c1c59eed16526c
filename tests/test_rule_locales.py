"""A rule table's own words reach every reader in the reader's language: a source title
or publisher line the table wrote, and a period in words, are given in every locale the
table declares; a source's own names (a headline, a newspaper) are marked as written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from wagecalc.errors import ConfigError
from wagecalc.rules import Rule, default_rules, load_rules

TABLE = (
    'title = "t"\nlocales = ["en", "zh_Hans"]\n[[rules]]\nid = "r"\nkind = "threshold"\n'
    'per = "year"\nlabels.en = { one = "actor", other = "actors" }\n'
    'labels.zh_Hans = { other = "名演员" }\n'
    '[[rules.values]]\nin_force_from = 2024-01-01\namount = "27000"\ncurrency = "USD"\n'
    "@PERIOD@"
    'source = { title = "A report", publisher = "P, as reported by Q", date = 2024-08-16, '
    'url = "https://example.org/t", quote = "at least $27,000", retrieved = 2026-12-07@EXTRA@ }\n'
)


def _rule(tmp_path: Path, *, period: str = "", extra: str = "") -> Rule:
    path = tmp_path / "t.toml"
    path.write_text(TABLE.replace("@PERIOD@", period).replace("@EXTRA@", extra), encoding="utf-8")
    return load_rules([path], include_defaults=False).rules["r"]


def test_every_packaged_rule_speaks_every_declared_locale() -> None:
    """No packaged title, publisher line or period reaches a zh or ms reader in English."""
    missing = {r.id: r.untranslated() for r in default_rules().rules.values() if r.untranslated()}
    assert missing == {}


def test_a_title_of_the_tables_own_without_a_locale_is_flagged(tmp_path: Path) -> None:
    """The loader falls back to English, and the check names what is missing."""
    rule = _rule(tmp_path)
    assert rule.untranslated() == [
        "values[0].source.title: zh_Hans",
        "values[0].source.publisher: zh_Hans",
    ]
    assert rule.values[0].source.title_in("zh_Hans") == "A report"  # the English fallback


def test_proper_names_as_written_and_translations_satisfy_it(tmp_path: Path) -> None:
    """A headline is marked as written; a publisher line of the table's own is translated."""
    extra = ', as_written = ["title"], publishers = { zh_Hans = "P，据Q报道" }'
    rule = _rule(tmp_path, extra=extra)
    assert rule.untranslated() == []
    source = rule.values[0].source
    assert (source.title_in("zh_Hans"), source.publisher_in("zh_Hans")) == (
        "A report",
        "P，据Q报道",
    )
    assert source.publisher_in("en") == "P, as reported by Q"


def test_a_period_in_words_needs_every_locale_a_month_or_year_does_not(tmp_path: Path) -> None:
    """'July 2023, as reported' is the table's words; 'July 2022' and '2023' are CLDR's."""
    extra = ', as_written = ["title", "publisher"]'
    worded = _rule(tmp_path, period='period = "July 2023, as reported"\n', extra=extra)
    assert worded.untranslated() == ["values[0].period: zh_Hans"]
    for period, zh, ms in (("July 2022", "2022年7月", "Julai 2022"), ("2023", "2023年", "2023")):
        rule = _rule(tmp_path, period=f'period = "{period}"\n', extra=extra)
        assert rule.untranslated() == []
        assert rule.values[0].period_in("zh_Hans") == zh
        assert rule.values[0].period_in("ms") == ms
        assert rule.values[0].period_in("en") == period


def test_a_translation_for_an_undeclared_locale_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"values\[0\]\.source\.titles: locale\(s\) ms"):
        _rule(tmp_path, extra=', titles = { ms = "Laporan" }')


def test_the_story_reads_in_chinese_with_chinese_source_words() -> None:
    """The Malaysian minimum wage's source, and the reported USD 200's period, in zh-Hans."""
    rules = default_rules().rules
    wage = rules["my-minimum-wage"].value_on(dt.date(2023, 7, 26))
    assert wage is not None
    assert wage.source.publisher_in("zh_Hans") == "马来西亚政府，据Donovan & Ho摘要"
    assert wage.source.title_in("zh_Hans").startswith("《2022年最低工资令》")
    reported = rules["sag-aftra-background-actor-day-reported"].values[0]
    assert reported.period_in("zh_Hant") == "2023年7月（據報道）"


@pytest.mark.parametrize(
    ("lang", "locale", "marked"),
    [
        ("en", "en", None),
        ("en", "zh_Hans", "en"),
        ("en", "ms", "en"),
        ("en-GB", "en", None),  # one language: a region is not a change of voice
        ("ms", "en", "ms"),
        ("ms", "ms", None),
        ("zh-Hant", "zh_Hans", "zh-Hant"),  # another script of one language is marked
        ("zh-TW", "zh_Hant", None),  # CLDR's likely script for Taiwan is Hant
        ("zh", "zh_Hans", None),
    ],
)
def test_the_language_of_a_title_shown_as_written(
    tmp_path: Path, lang: str, locale: str, marked: str | None
) -> None:
    """A title or publisher shown as written is marked with the source's ``lang`` in an
    answer of another language, and not in one of its own."""
    extra = f', as_written = ["title", "publisher"], lang = "{lang}"'
    source = _rule(tmp_path, extra=extra).values[0].source
    assert source.lang == lang
    assert (source.title_lang_in(locale), source.publisher_lang_in(locale)) == (marked, marked)


def test_a_translated_title_is_in_the_answers_language_and_a_fallback_is_not(
    tmp_path: Path,
) -> None:
    """A title the table translated is not marked; an English fallback where the table
    gives no translation is (the default ``lang`` is en)."""
    source = _rule(tmp_path, extra=', titles = { zh_Hans = "一篇报道" }').values[0].source
    assert source.lang == "en"
    assert (source.title_in("zh_Hans"), source.title_lang_in("zh_Hans")) == ("一篇报道", None)
    assert (source.publisher_in("zh_Hans"), source.publisher_lang_in("zh_Hans")) == (
        "P, as reported by Q",
        "en",
    )
    assert (source.title_lang_in("en"), source.publisher_lang_in("en")) == (None, None)
