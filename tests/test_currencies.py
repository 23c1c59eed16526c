"""Currency validation and CLDR data."""

from __future__ import annotations

import pytest

from wagecalc.currencies import currency_name, currency_symbol, minor_units, validate_currency
from wagecalc.errors import CurrencyCaseError, InvalidCurrencyError, UnknownCurrencyError


@pytest.mark.parametrize("code", ["USD", "MYR", "EUR", "JPY", "CYP"])
def test_known_codes_are_accepted(code: str) -> None:
    """Current and historic ISO 4217 codes are valid currencies."""
    assert validate_currency(code) == code


@pytest.mark.parametrize(
    ("code", "error", "words"),
    [
        ("usd", CurrencyCaseError, "'USD'"),
        ("Myr", CurrencyCaseError, "'MYR'"),
        ("ABC", UnknownCurrencyError, "not an ISO 4217"),
        ("XXX", UnknownCurrencyError, "fund, metal or test"),
        ("XTS", UnknownCurrencyError, "fund, metal or test"),
        ("XAU", UnknownCurrencyError, "fund, metal or test"),
        ("USN", UnknownCurrencyError, "fund, metal or test"),
        ("US", UnknownCurrencyError, "three upper-case"),
        ("USDX", UnknownCurrencyError, "three upper-case"),
        ("", UnknownCurrencyError, "three upper-case"),
        ("ÜSD", UnknownCurrencyError, "three upper-case"),
        ("U\x00D", UnknownCurrencyError, "three upper-case"),
        ("../etc/passwd", UnknownCurrencyError, "three upper-case"),
    ],
)
def test_bad_codes_are_rejected(code: str, error: type[InvalidCurrencyError], words: str) -> None:
    """Lower-case, unknown, non-money and malformed codes fail, naming the field."""
    with pytest.raises(error) as caught:
        validate_currency(code, field="to")
    assert caught.value.field == "to"
    assert words in str(caught.value)


def test_minor_units_come_from_cldr() -> None:
    """Minor units: USD 2, JPY 0, BHD and KWD 3."""
    assert [minor_units(c) for c in ("USD", "JPY", "BHD", "KWD", "MYR")] == [2, 0, 3, 3, 2]


def test_names_and_symbols_are_localized() -> None:
    """Names and symbols come from CLDR in the asked locale."""
    assert currency_name("MYR", "en") == "Malaysian Ringgit"
    assert currency_name("MYR", "zh_Hans") == "马来西亚林吉特"
    assert currency_symbol("MYR", "ms") == "RM"
    assert currency_symbol("USD", "en") == "$"
