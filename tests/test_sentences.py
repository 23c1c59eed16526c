"""Sentences in every supported locale (golden text) and the message catalogs behind them."""

from __future__ import annotations

import datetime as dt
import importlib.resources
import io
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from tests.conftest import TODAY
from wagecalc.comparison import compare, make_salary
from wagecalc.equivalence import equivalents
from wagecalc.locales import SUPPORTED_LOCALES
from wagecalc.rules import default_rules
from wagecalc.sentences import about, per_phrase

STORY_DAY = dt.date(2023, 7, 26)
#: Days the rules without a sourced value on the story day had one.
UNION_RATE_DAY = dt.date(2016, 8, 1)
PREMIUM_DAY = dt.date(2022, 6, 1)
RULES = default_rules()
LOCALE_DIR = Path(str(importlib.resources.files("wagecalc").joinpath("locale")))
SENTENCES_PY = Path(str(importlib.resources.files("wagecalc").joinpath("sentences.py")))
TRANSLATED = [loc for loc in SUPPORTED_LOCALES if loc != "en"]

HEALTH_2023 = {
    "en": (
        "$900,000.00 a year could qualify about 34 actors and their families for SAG-AFTRA "
        "health-plan eligibility: a threshold of $26,470.00 a year each, not the cost of cover."
    ),
    "zh_Hans": (
        "每年US$900,000.00可使约34名演员及其家人获得SAG-AFTRA健康计划资格："
        "这是每人每年US$26,470.00的收入门槛，而非保险费用。"
    ),
    "zh_Hant": (
        "每年US$900,000.00可使約34名演員及其家人取得SAG-AFTRA健康計劃資格："
        "這是每人每年US$26,470.00的收入門檻，而非保險費用。"
    ),
    "ms": (
        "USD900,000.00 setahun boleh melayakkan kira-kira 34 pelakon dan keluarga mereka untuk "
        "kelayakan pelan kesihatan SAG-AFTRA: ambang pendapatan USD26,470.00 setahun bagi setiap "
        "orang, bukan kos perlindungan."
    ),
}

BACKGROUND_DAYS = {
    "en": (
        "$900,000.00 a year is about 5,556 days of background-actor pay at the union minimum "
        "($162.00 a day)."
    ),
    "zh_Hans": "每年US$900,000.00相当于约5,556天的临时演员工会最低日薪（每天US$162.00）。",
    "zh_Hant": "每年US$900,000.00相當於約5,556天的臨時演員工會最低日薪（每天US$162.00）。",
    "ms": (
        "USD900,000.00 setahun bersamaan dengan kira-kira 5,556 hari gaji minimum kesatuan "
        "pelakon latar (USD162.00 sehari)."
    ),
}

PREMIUMS = {
    "en": (
        "$900,000.00 a year pays for 600 participants' SAG-AFTRA health-plan premiums "
        "(participant only) ($375.00 a quarter each)."
    ),
    "zh_Hans": (
        "每年US$900,000.00可支付600名参保人的SAG-AFTRA健康计划保费（仅参保人本人）"
        "（每份每季度US$375.00）。"
    ),
    "zh_Hant": (
        "每年US$900,000.00可支付600名參保人的SAG-AFTRA健康計劃保費（僅參保人本人）"
        "（每份每季US$375.00）。"
    ),
    "ms": (
        "USD900,000.00 setahun boleh membayar 600 premium pelan kesihatan SAG-AFTRA peserta "
        "(peserta sahaja) (USD375.00 sesuku tahun setiap satu)."
    ),
}

# On the story day the newest published survey is July 2022's (MYR 10.90, published
# 2022-07-20); July 2023's MYR 13.15 was published on 2023-11-17.
BIG_MAC_MY = {
    "en": "$900,000.00 a year buys 375,647 Big Macs at the Malaysian price (MYR10.90 each).",
    "zh_Hans": "每年US$900,000.00可买375,647个巨无霸（马来西亚价格）（每个MYR10.90）。",
    "zh_Hant": "每年US$900,000.00可買375,647個大麥克（馬來西亞價格）（每個MYR10.90）。",
    "ms": (
        "USD900,000.00 setahun boleh membeli 375,647 Big Mac pada harga Malaysia "
        "(RM10.90 setiap satu)."
    ),
}

# (earner label, other label, sentence) per locale, labels written as a speaker would.
TIME_TO_EARN = {
    "en": (
        "The product manager",
        "a background actor",
        "The product manager earns a background actor's yearly pay in 15 working days "
        "(120.2 hours).",
    ),
    "zh_Hans": (
        "产品经理",
        "临时演员",
        "产品经理只需15个工作日（120.2小时）即可赚到临时演员一年的收入。",
    ),
    "zh_Hant": (
        "產品經理",
        "臨時演員",
        "產品經理只需15個工作天（120.2小時）即可賺到臨時演員一年的收入。",
    ),
    "ms": (
        "Pengurus produk",
        "pelakon latar",
        "Pengurus produk memperoleh gaji setahun pelakon latar dalam 15 hari bekerja (120.2 jam).",
    ),
}

PER_PHRASES = {
    "en": ["a year", "a quarter", "a month", "a week", "a day", "an hour", "each"],
    "zh_Hans": ["每年", "每季度", "每月", "每周", "每天", "每小时", "每件"],
    "zh_Hant": ["每年", "每季", "每月", "每週", "每天", "每小時", "每件"],
    "ms": ["setahun", "sesuku tahun", "sebulan", "seminggu", "sehari", "sejam", "setiap satu"],
}

ABOUT = {"en": "about 34.6", "zh_Hans": "约34.6", "zh_Hant": "約34.6", "ms": "kira-kira 34.6"}


def _sentence(rule_id: str, locale: str, *, compact: bool = False, on: dt.date = STORY_DAY) -> str:
    result = equivalents(
        "900000",
        "USD",
        on=on,
        rules=RULES,
        select=[rule_id],
        locale=locale,
        compact=compact,
        today=TODAY,
    )
    return result.items[0].sentence


def test_golden_sentences_cover_every_supported_locale() -> None:
    """Every golden table has exactly the supported locales, so a new locale needs goldens."""
    for table in (HEALTH_2023, BACKGROUND_DAYS, PREMIUMS, BIG_MAC_MY, TIME_TO_EARN, PER_PHRASES):
        assert set(table) == set(SUPPORTED_LOCALES)


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_health_threshold_sentence(locale: str) -> None:
    """The 2023 threshold (USD 26,470) sentence says 'could qualify about 34', never a cost."""
    assert _sentence("sag-aftra-health-eligibility", locale) == HEALTH_2023[locale]


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_background_actor_days_sentence(locale: str) -> None:
    """About 5,556 days at the union's 2016 rate (USD 162), in each locale."""
    sentence = _sentence("sag-aftra-background-actor-day", locale, on=UNION_RATE_DAY)
    assert sentence == BACKGROUND_DAYS[locale]


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_premium_sentence(locale: str) -> None:
    """600 quarterly participant premiums (2021-2022), worded as a cost, in each locale."""
    sentence = _sentence("sag-aftra-premium-participant", locale, on=PREMIUM_DAY)
    assert sentence == PREMIUMS[locale]


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_price_sentence_in_ringgit(locale: str) -> None:
    """375,647 Malaysian Big Macs, with the rule's price in the locale's ringgit format."""
    assert _sentence("big-mac-my", locale) == BIG_MAC_MY[locale]


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_time_to_earn_sentence(locale: str) -> None:
    """The PM earns a background actor's year in 15 working days (120.2 hours), in each locale."""
    earner, other, expected = TIME_TO_EARN[locale]
    salaries = [
        make_salary("900000", "USD", "year", earner),
        make_salary("200", "USD", "day", other, index=1),
    ]
    result = compare(salaries, "MYR", on=STORY_DAY, locale=locale, today=TODAY)
    assert result.pairs[0].sentence == expected


def test_compact_amount_in_simplified_chinese() -> None:
    """compact=True writes USD 900,000 as 'US$90万' in zh_Hans."""
    sentence = _sentence("sag-aftra-health-eligibility", "zh_Hans", compact=True)
    assert "90万" in sentence
    assert sentence == (
        "每年US$90万可使约34名演员及其家人获得SAG-AFTRA健康计划资格："
        "这是每人每年US$26,470.00的收入门槛，而非保险费用。"
    )


def test_compact_amount_in_english() -> None:
    """compact=True writes USD 900,000 as '$900K' in en."""
    sentence = _sentence("sag-aftra-background-actor-day", "en", compact=True, on=UNION_RATE_DAY)
    assert sentence.startswith("$900K a year is about 5,556 days")


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_per_phrases_and_about(locale: str) -> None:
    """The period phrases and 'about N' read naturally in each locale."""
    periods = ["year", "quarter", "month", "week", "day", "hour", "item"]
    assert [per_phrase(p, locale) for p in periods] == PER_PHRASES[locale]
    assert about("34.6", locale) == ABOUT[locale]


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def _po_files() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/wagecalc.po"))


def _forms(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """A message id or string as a tuple of its forms (one, or singular and plural)."""
    return (value,) if isinstance(value, str) else tuple(value)


def _key(
    message_id: str | tuple[str, ...] | list[str], context: str | None
) -> tuple[str | None, str]:
    return context, _forms(message_id)[0]


def test_every_supported_locale_but_english_has_a_catalog() -> None:
    """zh_Hans, zh_Hant and ms each have a .po and a .mo; English is the source language."""
    assert sorted(p.parent.parent.name for p in _po_files()) == sorted(TRANSLATED)
    for po in _po_files():
        assert po.with_suffix(".mo").is_file()


@pytest.mark.parametrize("locale", TRANSLATED)
def test_committed_mo_is_the_compiled_po(locale: str) -> None:
    """Compiling the .po gives exactly the committed .mo bytes (a stale .mo fails)."""
    po = LOCALE_DIR / locale / "LC_MESSAGES" / "wagecalc.po"
    compiled = io.BytesIO()
    write_mo(compiled, _read(po))
    assert compiled.getvalue() == po.with_suffix(".mo").read_bytes()


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_message_is_translated_with_the_same_placeholders(locale: str) -> None:
    """Each message has a non-fuzzy translation in every plural form, keeping its {fields}."""
    catalog = _read(LOCALE_DIR / locale / "LC_MESSAGES" / "wagecalc.po")
    assert str(catalog.locale) == locale
    messages = [m for m in catalog if m.id]
    assert messages
    for message in messages:
        assert not message.fuzzy, message.id
        ids = _forms(message.id)
        assert message.string is not None, message.id
        strings = _forms(message.string)
        assert len(strings) == (catalog.num_plurals if len(ids) == 2 else 1)
        wanted = set(re.findall(r"\{(\w+)\}", ids[-1]))
        for text in strings:
            assert text, message.id
            assert set(re.findall(r"\{(\w+)\}", text)) == wanted, (message.id, text)


@pytest.mark.parametrize("locale", TRANSLATED)
def test_po_files_match_the_template(locale: str) -> None:
    """Each .po has exactly the template's messages: nothing missing, nothing obsolete."""
    pot = {_key(m.id, m.context) for m in _read(LOCALE_DIR / "wagecalc.pot") if m.id}
    po = _read(LOCALE_DIR / locale / "LC_MESSAGES" / "wagecalc.po")
    assert {_key(m.id, m.context) for m in po if m.id} == pot
    assert not po.obsolete


def test_template_has_every_message_of_sentences_py() -> None:
    """Every message marked in sentences.py (_N, _NP, _NN) is in wagecalc.pot, with context."""
    keywords = {"_N": None, "_NP": ((1, "c"), 2), "_NN": (1, 2)}
    extracted = list(extract_from_file("python", str(SENTENCES_PY), keywords=keywords))
    assert len(extracted) == 15
    pot = _read(LOCALE_DIR / "wagecalc.pot")
    for _lineno, message_id, _comments, context in extracted:
        found = pot.get(message_id, context=context)
        assert found is not None, (context, message_id)
        assert found.id == message_id


@pytest.mark.parametrize(
    ("locale", "reason"),
    [
        ("en", "no value before 2021-01-01"),
        ("zh_Hans", "2021-01-01之前没有数值"),
        ("zh_Hant", "2021-01-01之前沒有數值"),
        ("ms", "tiada nilai sebelum 2021-01-01"),
    ],
)
def test_rule_left_out_says_why_in_the_locale(locale: str, reason: str) -> None:
    """On 2019-06-01 the health threshold has no value: the reason is in the answer's locale."""
    result = equivalents(
        "900000",
        "USD",
        on=dt.date(2019, 6, 1),
        select=["sag-aftra-health-eligibility", "my-minimum-wage"],
        locale=locale,
        today=TODAY,
    )
    assert [i.rule.id for i in result.items] == ["my-minimum-wage"]
    assert [(x.rule.id, x.reason) for x in result.not_in_force] == [
        ("sag-aftra-health-eligibility", reason)
    ]


@pytest.mark.parametrize(
    ("locale", "reason"),
    [
        ("en", "no value after 2022-12-31"),
        ("zh_Hans", "2022-12-31之后没有数值"),
        ("zh_Hant", "2022-12-31之後沒有數值"),
        ("ms", "tiada nilai selepas 2022-12-31"),
    ],
)
def test_rule_past_its_last_sourced_value_says_why_in_the_locale(locale: str, reason: str) -> None:
    """The 2021 premiums end on 2022-12-31 (no later figure found): left out, saying so."""
    result = equivalents(
        "900000",
        "USD",
        on=STORY_DAY,
        select=["sag-aftra-premium-family"],
        locale=locale,
        today=TODAY,
    )
    assert result.items == []
    assert [(x.rule.id, x.reason) for x in result.not_in_force] == [
        ("sag-aftra-premium-family", reason)
    ]
