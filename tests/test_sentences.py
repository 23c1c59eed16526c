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
from wagecalc.api.html import _WORDS as _PAGE_WORDS
from wagecalc.comparison import compare, make_salary, parse_salary
from wagecalc.equivalence import equivalents
from wagecalc.formatting import format_money_prose
from wagecalc.locales import SUPPORTED_LOCALES
from wagecalc.periods import PRESETS, parse_schedule
from wagecalc.rules import default_rules
from wagecalc.sentences import about, not_in_force_after_sentence, per_phrase, schedule_label
from wagecalc.views import rate_view

STORY_DAY = dt.date(2023, 7, 26)
#: Days the rules without a sourced value on the story day had one.
UNION_RATE_DAY = dt.date(2016, 8, 1)
PREMIUM_DAY = dt.date(2022, 6, 1)
RULES = default_rules()
LOCALE_DIR = Path(str(importlib.resources.files("wagecalc").joinpath("locale")))
SENTENCES_PY = Path(str(importlib.resources.files("wagecalc").joinpath("sentences.py")))
TRANSLATED = [loc for loc in SUPPORTED_LOCALES if loc != "en"]

# Golden sentences for the story (USD 900,000 a year on 2023-07-26). "\u00a0" is CLDR's
# currency spacing (a no-break space). The threshold's figure is the rule's value in force
# that day ({threshold}, filled in from the rule table: its source may be corrected); the
# count, 34 actors, holds for both the strike's USD 26,000 and the Plan's USD 26,470.
HEALTH_2023 = {
    "en": (
        "USD\u00a0900,000 a year is enough to meet the SAG-AFTRA Health Plan earnings threshold "
        "of 34 actors ({threshold} a year each): the earnings each needs to qualify, not the "
        "cost of cover."
    ),
    "zh_Hans": (
        "每年US$900,000足以让34名演员达到SAG-AFTRA健康计划收入门槛（每人每年{threshold}）："
        "这是获得参保资格所需的收入，而非保险费用。"
    ),
    "zh_Hant": (
        "每年US$900,000足以讓34名演員達到SAG-AFTRA健康計劃收入門檻（每人每年{threshold}）："
        "這是取得參保資格所需的收入，而非保險費用。"
    ),
    "ms": (
        "USD\u00a0900,000 setahun cukup untuk memenuhi ambang pendapatan Pelan Kesihatan "
        "SAG-AFTRA bagi 34 pelakon ({threshold} setahun seorang): pendapatan yang diperlukan "
        "setiap orang untuk layak, bukan kos perlindungan."
    ),
}

BACKGROUND_DAYS = {
    "en": (
        "USD\u00a0900,000 a year is about 5,555.6 days of background-actor pay at the union "
        "minimum (USD\u00a0162 a day)."
    ),
    "zh_Hans": "每年US$900,000相当于约5,555.6天的临时演员工会最低日薪（每天US$162）。",
    "zh_Hant": "每年US$900,000相當於約5,555.6天的臨時演員工會最低日薪（每天US$162）。",
    "ms": (
        "USD\u00a0900,000 setahun bersamaan dengan kira-kira 5,555.6 hari gaji minimum kesatuan "
        "pelakon latar (USD\u00a0162 sehari)."
    ),
}

PREMIUMS = {
    "en": (
        "USD\u00a0900,000 a year is enough to keep paying 600 members' own SAG-AFTRA Health "
        "Plan premiums for cover of the member alone (USD\u00a0375 a quarter each)."
    ),
    "zh_Hans": (
        "每年US$900,000足以持续支付600名会员自付的、仅本人参保的SAG-AFTRA健康计划保费"
        "（每人每季度US$375）。"
    ),
    "zh_Hant": (
        "每年US$900,000足以持續支付600名會員自付的、僅本人參保的SAG-AFTRA健康計劃保費"
        "（每人每季US$375）。"
    ),
    "ms": (
        "USD\u00a0900,000 setahun cukup untuk terus membayar premium Pelan Kesihatan SAG-AFTRA "
        "yang dibayar sendiri oleh ahli, bagi perlindungan ahli sahaja, untuk 600 orang "
        "(USD\u00a0375 sesuku tahun seorang)."
    ),
}

# On the story day the newest published survey is July 2022's (MYR 10.90, published
# 2022-07-20); July 2023's MYR 13.15 was published on 2023-11-17.
BIG_MAC_MY = {
    "en": (
        "USD\u00a0900,000 a year buys 375,647 Big Macs at the Malaysian price, MYR\u00a010.90 each."
    ),
    "zh_Hans": "每年US$900,000可买375,647个巨无霸（马来西亚价格），每个MYR\u00a010.90。",
    "zh_Hant": "每年US$900,000可買375,647個大麥克（馬來西亞價格），每個MYR\u00a010.90。",
    "ms": (
        "USD\u00a0900,000 setahun boleh membeli 375,647 Big Mac pada harga Malaysia, "
        "RM\u00a010.90 setiap satu."
    ),
}

# (earner label, other label, sentence) per locale, labels written as a speaker would.
TIME_TO_EARN = {
    "en": (
        "The product manager",
        "Background actor",
        "The product manager earns in about 15 working days (120.2 hours) what background "
        "actor earns in a year.",
    ),
    "zh_Hans": (
        "产品经理",
        "临时演员",
        "产品经理工作约15天（120.2小时）的收入，等于临时演员一年的收入。",
    ),
    "zh_Hant": (
        "產品經理",
        "臨時演員",
        "產品經理工作約15天（120.2小時）的收入，等於臨時演員一年的收入。",
    ),
    "ms": (
        "pengurus produk",
        "pelakon latar",
        "Pengurus produk memperoleh dalam kira-kira 15 hari bekerja (120.2 jam) apa yang "
        "pelakon latar peroleh dalam setahun.",
    ),
}

# The same comparison without labels: the salaries are named by their figures.
TIME_TO_EARN_FIGURES = {
    "en": (
        "At USD\u00a0900,000 a year, it takes about 15 working days (120.2 hours) to earn what "
        "USD\u00a0200 a day pays in a year."
    ),
    "zh_Hans": "以每年US$900,000计，工作约15天（120.2小时）的收入等于按每天US$200计一年的收入。",
    "zh_Hant": "以每年US$900,000計，工作約15天（120.2小時）的收入等於按每天US$200計一年的收入。",
    "ms": (
        "Pada kadar USD\u00a0900,000 setahun, kira-kira 15 hari bekerja (120.2 jam) "
        "diperlukan untuk memperoleh pendapatan setahun pada kadar USD\u00a0200 sehari."
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
    tables = (
        HEALTH_2023,
        BACKGROUND_DAYS,
        PREMIUMS,
        BIG_MAC_MY,
        TIME_TO_EARN,
        TIME_TO_EARN_FIGURES,
        PER_PHRASES,
    )
    for table in tables:
        assert set(table) == set(SUPPORTED_LOCALES)


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_health_threshold_sentence(locale: str) -> None:
    """The 2023 threshold: 34 whole actors, the threshold's figure, and that it is not the cost
    of cover, in each locale."""
    value = RULES.rules["sag-aftra-health-eligibility"].value_on(STORY_DAY)
    assert value is not None
    threshold = format_money_prose(value.amount, value.currency, locale)
    assert _sentence("sag-aftra-health-eligibility", locale) == HEALTH_2023[locale].format(
        threshold=threshold
    )


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_background_actor_days_sentence(locale: str) -> None:
    """About 5,555.6 days at the union's 2016 rate (USD 162), in each locale: a wage counts a
    duration, to one decimal."""
    sentence = _sentence("sag-aftra-background-actor-day", locale, on=UNION_RATE_DAY)
    assert sentence == BACKGROUND_DAYS[locale]


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_premium_sentence(locale: str) -> None:
    """600 members' own premiums (2021-2022), kept paid: people counted, the member's share
    said."""
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


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_time_to_earn_sentence_without_labels(locale: str) -> None:
    """Without labels the salaries are named by their figures in the locale, never by the
    query text ("900000 USD/year")."""
    salaries = [parse_salary("900000 USD/year"), parse_salary("200 USD/day", index=1)]
    result = compare(salaries, "MYR", on=STORY_DAY, locale=locale, today=TODAY)
    assert result.pairs[0].sentence == TIME_TO_EARN_FIGURES[locale]
    assert "USD/" not in result.pairs[0].sentence


def test_compact_sentence_has_one_style_in_simplified_chinese() -> None:
    """compact=True writes USD 900,000 as 'US$90万' and the rule's figure compact too, exactly."""
    sentence = _sentence(
        "sag-aftra-background-actor-day", "zh_Hans", compact=True, on=UNION_RATE_DAY
    )
    assert sentence == "每年US$90万相当于约5,555.6天的临时演员工会最低日薪（每天US$162）。"
    health = _sentence("sag-aftra-health-eligibility", "zh_Hans", compact=True)
    assert health.startswith("每年US$90万足以让34名演员")
    assert ",000" not in health and ".00" not in health


def test_compact_amount_in_english() -> None:
    """compact=True writes USD 900,000 as 'USD 900K' in en."""
    assert _sentence(
        "sag-aftra-background-actor-day", "en", compact=True, on=UNION_RATE_DAY
    ).startswith("USD\u00a0900K a year is about 5,555.6 days")


@pytest.mark.parametrize("locale", TRANSLATED)
def test_chinese_and_malay_sentences_use_their_own_punctuation(locale: str) -> None:
    """Chinese sentences use full-width punctuation (no ASCII '.', ':', '(' or ','
    outside numbers) and 名 only before whole numbers; no '(s)' plural anywhere."""
    result = equivalents("900000", "USD", on=STORY_DAY, rules=RULES, locale=locale, today=TODAY)
    for item in result.items:
        assert "(s)" not in item.sentence
        if locale.startswith("zh"):
            without_numbers = re.sub(r"[0-9][0-9,.]*[0-9]|[A-Za-z$\u00a0 -]+", "", item.sentence)
            assert not re.search(r"[.:,;()]", without_numbers), item.sentence
            assert not re.search(r"[0-9]\.[0-9]+名", item.sentence), item.sentence


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
    # 42, the convert command's 5 labels and 2 rows, "undated", the two price-index sentences,
    # the "index" row, the 4 schedule presets, "no rate" (same currency), and a rule's
    # currency not converted (2 sentences, 2 reasons)
    assert len(extracted) == 62
    pot = _read(LOCALE_DIR / "wagecalc.pot")
    for _lineno, message_id, _comments, context in extracted:
        found = pot.get(message_id, context=context)
        assert found is not None, (context, message_id)
        assert found.id == message_id


@pytest.mark.parametrize(
    ("locale", "reason"),
    [
        ("en", "none held before 2021-01-01"),
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
    assert result.not_in_force[0].sentence == NOT_IN_FORCE[locale]


NOT_IN_FORCE = {
    "en": "No SAG-AFTRA Health Plan earnings threshold is held for 2019-06-01: the first one "
    "held is in force from 2021-01-01.",
    "zh_Hans": "没有适用于2019-06-01的SAG-AFTRA健康计划收入门槛："
    "现有最早的数值自2021-01-01起生效。",
    "zh_Hant": "沒有適用於2019-06-01的SAG-AFTRA健康計劃收入門檻："
    "現有最早的數值自2021-01-01起生效。",
    "ms": "Tiada ambang pendapatan Pelan Kesihatan SAG-AFTRA yang dipegang bagi 2019-06-01: "
    "yang pertama dipegang berkuat kuasa mulai 2021-01-01.",
}


# The rate of 2026-10-30 answers for 2026-11-27 (the data ends there): the line says so.
STALE_RATE = {
    "en": "Exchange rate: 1 USD = 4.0570 MYR (European Central Bank, rate of 2026-10-30, 28 days "
    "before the date asked).",
    "zh_Hans": "汇率：1 USD = 4.0570 MYR（欧洲中央银行，2026-10-30的汇率，比所问日期早28天）。",
    "zh_Hant": "匯率：1 USD = 4.0570 MYR（歐洲中央銀行，2026-10-30的匯率，比所問日期早28天）。",
    "ms": "Kadar pertukaran: 1 USD = 4.0570 MYR (Bank Pusat Eropah, kadar bertarikh 2026-10-30, "
    "28 hari sebelum tarikh yang diminta).",
}
STALE_WHY = {
    "en": "2026-11-27 is after the newest rate held: the rate of 2026-10-30 is used.",
    "zh_Hans": "2026-11-27晚于现有的最新汇率：使用2026-10-30的汇率。",
    "zh_Hant": "2026-11-27晚於現有的最新匯率：使用2026-10-30的匯率。",
    "ms": "2026-11-27 selepas kadar terbaharu yang dipegang: kadar bertarikh 2026-10-30 digunakan.",
}


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_a_stale_rate_is_said_in_words(locale: str) -> None:
    """The rate line gives the rate to four decimals and how much older it is than the date
    asked, and the reason follows, in each locale (the JSON's text and fallback_text)."""
    result = equivalents(
        "900000",
        "USD",
        on=dt.date(2026, 11, 27),
        rules=RULES,
        select=["big-mac-my"],
        locale=locale,
        today=TODAY,
    )
    quote = result.items[0].quote
    assert quote is not None
    view = rate_view(quote, locale)
    assert view.value == "4.05701754386"  # exact (12 digits) in the JSON
    assert view.text == STALE_RATE[locale]
    assert view.fallback_text == STALE_WHY[locale]


def test_page_words_are_complete_in_every_locale() -> None:
    """The embed page's and card's own words exist in every locale, with the same fields."""
    english = _PAGE_WORDS["en"]
    assert set(_PAGE_WORDS) == set(SUPPORTED_LOCALES)
    for locale, words in _PAGE_WORDS.items():
        assert set(words) == set(english), locale
        for key, text in words.items():
            assert set(re.findall(r"\{(\w+)\}", text)) == set(
                re.findall(r"\{(\w+)\}", english[key])
            ), (locale, key)
            if locale.startswith("zh"):
                assert not re.search(r"[(),:;]", text), (locale, key, text)


NOT_IN_FORCE_AFTER = {
    "en": "No SAG-AFTRA Health Plan earnings threshold is held for 2026-11-27: the last one held "
    "covers the period to 2025-12-31.",
    "zh_Hans": "没有适用于2026-11-27的SAG-AFTRA健康计划收入门槛："
    "现有最新的数值只涵盖到2025-12-31。",
    "zh_Hant": "沒有適用於2026-11-27的SAG-AFTRA健康計劃收入門檻："
    "現有最新的數值只涵蓋到2025-12-31。",
    "ms": "Tiada ambang pendapatan Pelan Kesihatan SAG-AFTRA yang dipegang bagi 2026-11-27: yang "
    "terakhir dipegang meliputi tempoh hingga 2025-12-31.",
}


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_not_in_force_after_the_last_sourced_value(locale: str) -> None:
    """A rule whose sourced values ended says so in words, in each locale."""
    name = RULES.rules["sag-aftra-health-eligibility"].name(locale)
    assert name is not None
    sentence = not_in_force_after_sentence(
        name, dt.date(2025, 12, 31), dt.date(2026, 11, 27), locale
    )
    assert sentence == NOT_IN_FORCE_AFTER[locale]


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


@pytest.mark.parametrize("locale", ["zh_Hans", "zh_Hant", "ms"])
def test_every_schedule_preset_is_labelled_in_every_language(locale: str) -> None:
    """A preset added to periods.PRESETS without its catalog label fails here."""
    for preset in PRESETS.values():
        shown = schedule_label(locale, preset.id, preset.label)
        assert shown != preset.label, (locale, preset.id)
    custom = parse_schedule("custom:hours_per_day=7.5,days_per_week=5")
    assert schedule_label(locale, custom.id, custom.label) == custom.label
