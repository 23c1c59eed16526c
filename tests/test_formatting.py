"""The compiled number formats agree with babel's, digit for digit."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

import pytest
from babel.numbers import (
    format_currency,
    format_decimal,
    get_currency_precision,
    get_currency_symbol,
)
from hypothesis import given
from hypothesis import strategies as st

from wagecalc.currencies import known_currencies, minor_units
from wagecalc.formatting import (
    count_formatter,
    format_count,
    format_money,
    format_money_compact,
    format_money_prose,
    format_percent_floor,
    format_rate,
)
from wagecalc.locales import SUPPORTED_LOCALES
from wagecalc.money import round_to_minor_units

#: Every currency a rate source may serve (Frankfurter's v2 serves far more than the ECB's):
#: VND and CLP have no minor unit, BHD, KWD and TND three.
CURRENCIES = sorted(known_currencies())


@given(
    st.decimals(min_value=0, max_value=Decimal("1e15"), places=3),
    st.sampled_from(CURRENCIES),
    st.sampled_from(SUPPORTED_LOCALES),
)
def test_format_money_equals_babel(amount: Decimal, currency: str, locale: str) -> None:
    """For amounts rounded to minor units, format_money is babel's format_currency with
    CLDR's currency spacing (and the ISO code in English)."""
    rounded = amount.quantize(Decimal(1).scaleb(-minor_units(currency)))
    assert format_money(rounded, currency, locale) == _cldr_money(rounded, currency, locale)


def _cldr_money(amount: Decimal, currency: str, locale: str) -> str:
    """babel's text with CLDR's currencySpacing rule applied, written independently: a
    no-break space between a digit and a currency symbol whose adjacent character is
    neither a symbol (S*) nor a separator (Z*)."""
    text = format_currency(amount, currency, locale=locale)
    symbol = get_currency_symbol(currency, locale=locale)
    shown = currency if locale == "en" else symbol
    text = text.replace(symbol, "\x00", 1)

    def letter(char: str) -> bool:
        return unicodedata.category(char)[0] not in "SZ"

    if letter(shown[-1]):
        text = re.sub("\x00(?=[0-9])", "\x00\u00a0", text)
    if letter(shown[0]):
        text = re.sub("(?<=[0-9])\x00", "\u00a0\x00", text)
    return text.replace("\x00", shown)


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "expected"),
    [
        ("4094556.47", "MYR", "en", "MYR\u00a04,094,556.47"),
        ("4094556.47", "MYR", "zh_Hans", "MYR\u00a04,094,556.47"),
        ("4094556.47", "MYR", "ms", "RM\u00a04,094,556.47"),
        ("900000.00", "USD", "en", "USD\u00a0900,000.00"),
        ("900000.00", "USD", "zh_Hans", "US$900,000.00"),
        ("13.15", "MYR", "zh_Hant", "MYR\u00a013.15"),
    ],
)
def test_currency_spacing(amount: str, currency: str, locale: str, expected: str) -> None:
    """A letter code or symbol is kept from the digits by a no-break space; '$' is not."""
    assert format_money(Decimal(amount), currency, locale) == expected


def test_prose_money_drops_cents_of_whole_amounts_and_keeps_given_digits() -> None:
    """Prose: 'USD 900,000', 'MYR 13.15', 'MYR 9.50', 'US$26,470'; tables keep the cents."""
    assert format_money_prose(Decimal("900000.00"), "USD") == "USD\u00a0900,000"
    assert format_money_prose(Decimal("13.15"), "MYR") == "MYR\u00a013.15"
    assert format_money_prose(Decimal("9.5"), "MYR", "ms") == "RM\u00a09.50"
    assert format_money_prose(Decimal("26470"), "USD", "zh_Hans") == "US$26,470"
    assert format_money(Decimal("26470.00"), "USD", "zh_Hans") == "US$26,470.00"


def test_compact_figures_are_exact_when_asked() -> None:
    """A rule's figure in a compact sentence keeps its digits: 'US$2.647万', 'USD 26.47K'."""
    assert format_money_compact(Decimal("900000"), "USD", "zh_Hans") == "US$90万"
    assert format_money_compact(Decimal("26470"), "USD", "zh_Hans", exact=True) == "US$2.647万"
    assert format_money_compact(Decimal("26470"), "USD", "en", exact=True) == "USD\u00a026.47K"
    assert format_money_compact(Decimal("4094556.47"), "MYR", "zh_Hans") == "MYR\u00a0409.5万"


def test_rates_in_prose_have_four_decimals_and_percentages_round_down() -> None:
    """1 USD = 4.5495 MYR (not 12 digits); 4.057 keeps its zero; tiny rates keep 4 digits."""
    assert format_rate(Decimal("4.54950718872")) == "4.5495"
    assert format_rate(Decimal("4.057")) == "4.0570"
    assert format_rate(Decimal("0.0000653321")) == "0.00006533"
    assert format_percent_floor(Decimal("0.99999")) == "99%"
    assert format_percent_floor(Decimal("0.9444"), "zh_Hans") == "94%"
    assert format_percent_floor(Decimal("0.0000384615")) == "0.0038%"


@given(
    st.decimals(min_value=0, max_value=Decimal("1e12"), places=6)
    | st.integers(0, 10**12).map(Decimal),
    st.sampled_from(SUPPORTED_LOCALES),
)
def test_format_count_equals_babel(count: Decimal, locale: str) -> None:
    """format_count is exactly babel's format_decimal without quantization."""
    assert format_count(count, locale) == format_decimal(
        count, locale=locale, decimal_quantization=False
    )


def test_unrounded_and_negative_amounts_fall_back_to_babel() -> None:
    """Amounts the compiled format does not cover are still formatted by babel, identically."""
    for amount in (Decimal("1.005"), Decimal("-5.00")):
        assert format_money(amount, "USD", "en") == _cldr_money(amount, "USD", "en")


@given(
    st.decimals(allow_nan=False)
    | st.decimals(min_value=0, max_value=Decimal("1e12"), places=6)
    | st.integers(0, 10**12).map(Decimal)
    | st.integers(0, 10**6).map(lambda n: Decimal(n).scaleb(-3))
    | st.integers(-40, 40).map(lambda e: Decimal(7).scaleb(e))
    | st.sampled_from(["0", "-0", "0.0", "15.0", "100.00", "1E+3", "4500", "-3.5"]).map(Decimal),
    st.sampled_from([*SUPPORTED_LOCALES, "de", "fr", "hi"]),
)
def test_count_formatter_equals_format_count(count: Decimal, locale: str) -> None:
    """The loop form writes every count exactly as format_count does (or fails alike).

    de and fr use other symbols than ',' and '.'; hi groups differently (babel answers)."""
    try:
        expected = format_count(count, locale)
    except (ArithmeticError, ValueError) as exc:
        with pytest.raises(type(exc)):
            count_formatter(locale)(count)
        return
    assert count_formatter(locale)(count) == expected


def test_prose_money_keeps_digits_finer_than_minor_units() -> None:
    """A figure with more digits than the currency's minor units shows them all, never 0.00."""
    assert format_money_prose(Decimal("0.125"), "USD") == "USD\u00a00.125"
    assert format_money_prose(Decimal("0.000000000001"), "USD", "ms") == "USD\u00a00.000000000001"


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_currency_formats_as_babel_does(locale: str) -> None:
    """Each ISO 4217 currency (not a sample): rounded to its CLDR minor units, then formatted
    as babel's format_currency with CLDR's currency spacing (and the ISO code in English);
    VND shows no decimals, BHD three."""
    for currency in CURRENCIES:
        assert minor_units(currency) == get_currency_precision(currency)
        for text in ("0", "7.5", "1234567.891", "98765432109.5"):
            rounded = round_to_minor_units(Decimal(text), currency)
            assert format_money(rounded, currency, locale) == _cldr_money(
                rounded, currency, locale
            ), (currency, text)
    vnd = format_money(round_to_minor_units(Decimal("23670123.5"), "VND"), "VND", locale)
    bhd = format_money(round_to_minor_units(Decimal("376.0005"), "BHD"), "BHD", locale)
    assert vnd.endswith("23,670,124") and bhd.endswith("376.000")
