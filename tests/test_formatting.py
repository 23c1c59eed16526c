"""The compiled number formats agree with babel's, digit for digit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import format_currency, format_decimal, get_currency_precision
from hypothesis import given
from hypothesis import strategies as st

from wagecalc.currencies import known_currencies, minor_units
from wagecalc.formatting import count_formatter, format_count, format_money
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
    """For amounts rounded to minor units, format_money is exactly babel's format_currency."""
    rounded = amount.quantize(Decimal(1).scaleb(-minor_units(currency)))
    assert format_money(rounded, currency, locale) == format_currency(
        rounded, currency, locale=locale
    )


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
        assert format_money(amount, "USD", "en") == format_currency(amount, "USD", locale="en")


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


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_currency_formats_as_babel_does(locale: str) -> None:
    """Each ISO 4217 currency (not a sample): rounded to its CLDR minor units, then formatted
    exactly as babel's format_currency; VND shows no decimals, BHD three."""
    for currency in CURRENCIES:
        assert minor_units(currency) == get_currency_precision(currency)
        for text in ("0", "7.5", "1234567.891", "98765432109.5"):
            rounded = round_to_minor_units(Decimal(text), currency)
            assert format_money(rounded, currency, locale) == format_currency(
                rounded, currency, locale=locale
            ), (currency, text)
    vnd = format_money(round_to_minor_units(Decimal("23670123.5"), "VND"), "VND", locale)
    bhd = format_money(round_to_minor_units(Decimal("376.0005"), "BHD"), "BHD", locale)
    assert vnd.endswith("23,670,124") and bhd.endswith("376.000")
