"""Laws the library's arithmetic obeys, checked by hypothesis through the public import.

Each law is a property a user can rely on without reading the code: a conversion
there and back returns the amount within the rounding; periods agree with each
other; conversion is linear; a comparison's ratios are reciprocal; more money never
buys fewer items; a typed argument and its string give the same answer; Money's
arithmetic is that of its amounts. The main run uses the profile's examples; CI's
slow lane (.ci/run) runs this file with ``WAGECALC_LAW_EXAMPLES=2000``.
"""

from __future__ import annotations

import datetime as dt
import decimal
import os
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.conftest import TODAY
from wagecalc import (
    Money,
    Period,
    RoundingMode,
    compare,
    convert,
    convert_period,
    equivalents,
    make_salary,
)
from wagecalc.currencies import minor_units

_EXAMPLES = int(os.environ.get("WAGECALC_LAW_EXAMPLES", "0"))
#: The profile's number of examples, or the slow lane's.
laws = settings(max_examples=_EXAMPLES) if _EXAMPLES else settings()

STORY_DAY = dt.date(2023, 7, 26)
CURRENCIES = ["USD", "MYR", "EUR", "JPY", "GBP", "SGD", "CNY", "KRW"]

amounts = st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal("1e9"), places=2, allow_nan=False
)
currencies = st.sampled_from(CURRENCIES)
periods = st.sampled_from(list(Period))
roundings = st.sampled_from(list(RoundingMode))
days = st.dates(min_value=dt.date(2005, 4, 4), max_value=dt.date(2024, 12, 31))


@laws
@given(amount=amounts, a=currencies, b=currencies, on=days)
def test_round_trip_within_rounding(amount: Decimal, a: str, b: str, on: dt.date) -> None:
    """There and back on one date's rates returns the amount within the two roundings."""
    there = convert(amount, a, b, on=on, today=TODAY)
    assume(there.target.amount > 0)  # a sub-unit amount rounds to nothing: no way back
    back = convert(there.target.amount, b, a, on=on, today=TODAY)
    # One minor unit of a, plus the first rounding (half a minor unit of b) carried back.
    tolerance = Decimal(1).scaleb(-minor_units(a)) + Decimal(1).scaleb(-minor_units(b)) * (
        there.quote.denominator / there.quote.numerator
    )
    assert abs(back.target.amount - amount) <= tolerance


@laws
@given(amount=amounts, source=periods, middle=periods, target=periods)
def test_periods_compose(amount: Decimal, source: Period, middle: Period, target: Period) -> None:
    """Through any middle period, unrounded, a period conversion is the direct one."""
    direct = convert_period(amount, source, target, "us-2080")
    via = convert_period(
        convert_period(amount, source, middle, "us-2080"), middle, target, "us-2080"
    )
    assert abs(direct - via) <= direct.scaleb(-50)


@laws
@given(amount=amounts, factor=st.integers(min_value=1, max_value=1000), a=currencies, b=currencies)
def test_conversion_is_linear(amount: Decimal, factor: int, a: str, b: str) -> None:
    """Converting k times an amount gives k times the unrounded result."""
    one = convert(amount, a, b, on=STORY_DAY, today=TODAY)
    many = convert(amount * factor, a, b, on=STORY_DAY, today=TODAY)
    with decimal.localcontext(prec=120):  # the test's own arithmetic exact
        error = abs(many.exact.amount - one.exact.amount * factor)
    assert error <= many.exact.amount.scaleb(-55)  # both are correctly rounded to 60 digits


@laws
@given(x=amounts, y=amounts, p=periods, q=periods, display=currencies)
def test_compare_ratios_are_reciprocal(
    x: Decimal, y: Decimal, p: Period, q: Period, display: str
) -> None:
    """a/b and b/a multiply to one, within their four significant digits."""
    result = compare(
        [make_salary(x, "USD", p, "A"), make_salary(y, "MYR", q, "B")],
        display,
        on=STORY_DAY,
        today=TODAY,
    )
    ab, ba = (pair.ratio for pair in result.pairs)
    assert abs(ab * ba - 1) <= Decimal("0.0011")


@laws
@given(low=amounts, extra=amounts)
def test_counts_are_monotone(low: Decimal, extra: Decimal) -> None:
    """More money never buys or equals fewer of anything (defaults: every rule)."""
    small = equivalents(low, "USD", on=STORY_DAY, today=TODAY)
    large = equivalents(low + extra, "USD", on=STORY_DAY, today=TODAY)
    for a, b in zip(small.items, large.items, strict=True):
        assert a.rule.id == b.rule.id
        assert a.count < b.count
        assert a.shown <= b.shown


@laws
@given(amount=amounts, period=periods, rounding=roundings)
def test_strings_equal_enums(amount: Decimal, period: Period, rounding: RoundingMode) -> None:
    """Each typed argument and its documented string give the same conversion."""
    typed = convert(amount, "USD", "MYR", on=STORY_DAY, period=period, rounding=rounding)
    text = convert(
        str(amount),
        "USD",
        "MYR",
        on="2023-07-26",
        period=period.value,
        rounding=rounding.value,
    )
    assert typed == text


@laws
@given(a=amounts, b=amounts, k=st.integers(min_value=-1000, max_value=1000), code=currencies)
def test_money_arithmetic_is_its_amounts(a: Decimal, b: Decimal, k: int, code: str) -> None:
    """Money adds, subtracts, scales and orders exactly as its amounts do."""
    x, y = Money(a, code), Money(b, code)
    assert (x + y).amount == a + b
    assert (x - y).amount == a - b
    assert (x * k).amount == (k * x).amount == a * k
    assert (x + y) - y == x
    assert (x < y) == (a < b) and (x <= y) == (a <= b) and (x > y) == (a > b)
    assert (x >= y) == (a >= b)


def _add(x: Money, y: Money) -> object:
    return x + y


def _subtract(x: Money, y: Money) -> object:
    return x - y


def _less(x: Money, y: Money) -> object:
    return x < y


@pytest.mark.parametrize("op", [_add, _subtract, _less])
def test_money_of_two_currencies_is_a_type_error_naming_both(
    op: Callable[[Money, Money], object],
) -> None:
    with pytest.raises(TypeError, match="USD and MYR"):
        op(Money(Decimal(1), "USD"), Money(Decimal(1), "MYR"))
