"""Strict amount parsing and the one rounding to minor units."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wagecalc.errors import (
    AmountNotFiniteError,
    AmountNotPositiveError,
    AmountSyntaxError,
    AmountTooLargeError,
    AmountTooPreciseError,
    InvalidAmountError,
)
from wagecalc.money import MAX_AMOUNT, Money, RoundingMode, parse_amount, round_to_minor_units


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("900000", Decimal("900000")),
        ("1234.56", Decimal("1234.56")),
        (".5", Decimal("0.5")),
        ("0007.25", Decimal("7.25")),
        ("1.5e6", Decimal("1500000")),
        ("9E5", Decimal("900000")),
        ("25e-2", Decimal("0.25")),
        ("1000000000000000", Decimal("1000000000000000")),
        ("0.000000000001", Decimal("0.000000000001")),
    ],
)
def test_parse_amount_accepts_plain_decimals(text: str, expected: Decimal) -> None:
    """Plain ASCII decimals, with or without a bounded exponent, parse exactly."""
    value = parse_amount(text)
    assert value == expected
    assert value.as_tuple() == expected.as_tuple()  # 1.5e6 is stored as 1500000, not 1.5E+6


@pytest.mark.parametrize(
    ("text", "error", "words"),
    [
        ("NaN", AmountNotFiniteError, "finite"),
        ("nan", AmountNotFiniteError, "finite"),
        ("-Infinity", AmountNotFiniteError, "finite"),
        ("inf", AmountNotFiniteError, "finite"),
        ("sNaN", AmountNotFiniteError, "finite"),
        ("1e999999", AmountTooLargeError, "exponent"),
        ("1e100", AmountTooLargeError, "exponent"),
        ("1e16", AmountTooLargeError, "10^15"),
        ("1000000000000000.01", AmountTooLargeError, "10^15"),
        ("9" * 40, AmountTooLargeError, "10^15"),
        ("9" * 65, AmountSyntaxError, "65 characters"),
        ("0", AmountNotPositiveError, "greater than zero"),
        ("0.00", AmountNotPositiveError, "greater than zero"),
        ("-5", AmountNotPositiveError, "positive"),
        ("-0", AmountNotPositiveError, "greater than zero"),
        ("+5", AmountSyntaxError, "plain decimal"),
        ("1,000", AmountSyntaxError, "plain decimal"),
        ("1_000", AmountSyntaxError, "plain decimal"),
        ("0x1F", AmountSyntaxError, "plain decimal"),
        (" 100", AmountSyntaxError, "plain decimal"),
        ("100 ", AmountSyntaxError, "plain decimal"),
        ("١٢٣", AmountSyntaxError, "plain decimal"),  # Arabic-Indic digits
        ("１２３", AmountSyntaxError, "plain decimal"),  # full-width digits
        ("12\x003", AmountSyntaxError, "plain decimal"),
        ("", AmountSyntaxError, "plain decimal"),
        ("1.", AmountSyntaxError, "plain decimal"),
        ("1e", AmountSyntaxError, "plain decimal"),
        ("1e-13", AmountTooPreciseError, "12 fractional digits"),
        ("0.0000000000001", AmountTooPreciseError, "12 fractional digits"),
    ],
)
def test_parse_amount_rejects_hostile_text(
    text: str, error: type[InvalidAmountError], words: str
) -> None:
    """Each hostile amount raises its own error type, naming the field and the rule."""
    with pytest.raises(error) as caught:
        parse_amount(text, field="amount")
    assert caught.value.field == "amount"
    assert words in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_max_amount_is_inclusive() -> None:
    """10^15 itself is accepted; the limit is documented as a maximum."""
    assert parse_amount("1e15") == MAX_AMOUNT


@pytest.mark.parametrize(
    ("amount", "currency", "mode", "expected"),
    [
        ("2.345", "USD", RoundingMode.HALF_EVEN, "2.34"),
        ("2.345", "USD", RoundingMode.HALF_UP, "2.35"),
        ("2.349", "USD", RoundingMode.DOWN, "2.34"),
        ("2.341", "USD", RoundingMode.UP, "2.35"),
        ("2.5", "JPY", RoundingMode.HALF_EVEN, "2"),
        ("2.5", "JPY", RoundingMode.HALF_UP, "3"),
        ("1.2345", "BHD", RoundingMode.HALF_EVEN, "1.234"),
        ("1.2345", "KWD", RoundingMode.HALF_UP, "1.235"),
    ],
)
def test_round_to_minor_units(
    amount: str, currency: str, mode: RoundingMode, expected: str
) -> None:
    """Rounding uses the currency's CLDR minor units and the named mode."""
    assert str(round_to_minor_units(Decimal(amount), currency, mode)) == expected


@given(
    st.decimals(min_value=Decimal("0.000001"), max_value=MAX_AMOUNT, places=6),
    st.sampled_from(["USD", "JPY", "BHD", "MYR"]),
    st.sampled_from(list(RoundingMode)),
)
def test_rounding_stays_within_one_minor_unit(
    amount: Decimal, currency: str, mode: RoundingMode
) -> None:
    """A rounded amount is within one minor unit (half for the nearest modes) of the exact one."""
    rounded = round_to_minor_units(amount, currency, mode)
    unit = Decimal(1).scaleb(-{"USD": 2, "JPY": 0, "BHD": 3, "MYR": 2}[currency])
    bound = unit / 2 if mode in (RoundingMode.HALF_EVEN, RoundingMode.HALF_UP) else unit
    assert abs(rounded - amount) <= bound
    assert rounded == round_to_minor_units(rounded, currency, mode)  # idempotent


def test_money_rounded_keeps_currency() -> None:
    """Money.rounded rounds the amount and keeps its currency."""
    assert Money(Decimal("1.005"), "USD").rounded(RoundingMode.HALF_UP) == Money(
        Decimal("1.01"), "USD"
    )


@given(st.from_regex(r"[0-9]{1,18}(\.[0-9]{1,14})?", fullmatch=True))
def test_the_plain_fast_path_agrees_with_the_general_rules(text: str) -> None:
    # parse_amount decides "900000" and "1234.56" with string methods before its general
    # checks. The same number with an "e0" suffix takes the general path: both must give
    # the same value, or the same error.
    def outcome(value: str) -> Decimal | type[Exception]:
        try:
            return parse_amount(value)
        except InvalidAmountError as exc:
            return type(exc)

    fast, general = outcome(text), outcome(text + "e0")
    assert fast == general
    if isinstance(fast, Decimal):
        assert fast == Decimal(text)
