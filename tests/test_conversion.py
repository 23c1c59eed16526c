"""convert(): the laws of exact conversion, and its hostile inputs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from tests.conftest import TODAY
from wagecalc import Period, RoundingMode, convert, parse_schedule
from wagecalc.conversion import convert_exact, convert_exact_per_period, default_source
from wagecalc.currencies import minor_units
from wagecalc.errors import (
    AmountNotFiniteError,
    AmountNotPositiveError,
    CurrencyCaseError,
    RateUnavailableError,
    UnknownCurrencyError,
)
from wagecalc.money import WORK_CONTEXT, round_to_minor_units
from wagecalc.rates import Quote, parse_basis

STORY_DAY = dt.date(2023, 7, 26)
# Currencies the ECB publishes throughout 2010–2026, with 0, 2 and 3-digit minor units among them.
CURRENCIES = ["EUR", "USD", "MYR", "JPY", "GBP", "CHF", "KRW", "IDR", "INR", "SEK"]
DAYS = st.dates(dt.date(2010, 1, 1), dt.date(2026, 10, 30))
# Up to a billion: the round trips convert results back, and 1e9 EUR in IDR is near 10^15.
AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e9"), places=2)


def test_story_salary_in_ringgit() -> None:
    """USD 900,000 a year on 2023-07-26 is MYR 4,094,556.47 a year: about 4.09 million, not 4.3."""
    result = convert("900000", "USD", "MYR", on=STORY_DAY, today=TODAY)
    assert result.target.amount == Decimal("4094556.47")
    assert result.target.currency == "MYR"
    assert result.quote.rate_date == STORY_DAY


def test_story_salary_per_month_and_day() -> None:
    """USD 900,000 a year is MYR 341,213.04 a month and USD 3,461.54 a working day (us-2080)."""
    month = convert("900000", "USD", "MYR", on=STORY_DAY, to_period=Period.MONTH, today=TODAY)
    assert month.target.amount == Decimal("341213.04")
    day = convert("900000", "USD", "USD", on=STORY_DAY, to_period=Period.DAY, today=TODAY)
    assert day.target.amount == Decimal("3461.54")


def test_exact_amount_is_kept_beside_the_rounded_one() -> None:
    """The unrounded result is kept; the rounded one is it quantized with the named mode."""
    result = convert("900000", "USD", "MYR", on=STORY_DAY, rounding=RoundingMode.DOWN, today=TODAY)
    assert result.exact.amount == pytest.approx(Decimal("4094556.4698"), abs=Decimal("0.0001"))
    assert result.target.amount == Decimal("4094556.46")
    assert result.rounding is RoundingMode.DOWN


@given(AMOUNTS, st.sampled_from(CURRENCIES), DAYS)
def test_identity(amount: Decimal, currency: str, day: dt.date) -> None:
    """Converting a currency to itself changes nothing."""
    result = convert(amount, currency, currency, on=day, today=TODAY)
    assert result.exact.amount == amount
    assert result.target.amount == round_to_minor_units(amount, currency)


@given(AMOUNTS, st.sampled_from(CURRENCIES), st.sampled_from(CURRENCIES), DAYS)
def test_inverse_within_rounding(amount: Decimal, a: str, b: str, day: dt.date) -> None:
    """A→B→A of an unrounded amount is exact to 50 digits; rounded, it is off by at most the
    half unit of B scaled back to A."""
    there = convert(amount, a, b, on=day, today=TODAY)
    back = convert_exact(
        there.exact.amount, _quote(b, a, day), Period.YEAR, Period.YEAR, there.schedule
    )
    assert abs(back - amount) <= amount * Decimal("1e-50")
    assume(there.target.amount > 0)  # a cent of MYR can round to zero yen
    rounded_back = convert(there.target.amount, b, a, on=day, today=TODAY)
    half_unit_b = Decimal(1).scaleb(-_digits(b)) / 2
    tolerance = half_unit_b * there.quote.denominator / there.quote.numerator + Decimal(1).scaleb(
        -_digits(a)
    )
    assert abs(rounded_back.target.amount - amount) <= tolerance


@given(
    AMOUNTS,
    st.sampled_from(CURRENCIES),
    st.sampled_from(CURRENCIES),
    st.sampled_from(CURRENCIES),
    DAYS,
)
def test_triangulation(amount: Decimal, a: str, b: str, c: str, day: dt.date) -> None:
    """A→B→C, unrounded, equals A→C: every cross rate is a ratio of the same day's EUR rates."""
    direct = convert(amount, a, c, on=day, today=TODAY)
    via = convert_exact(
        convert(amount, a, b, on=day, today=TODAY).exact.amount,
        _quote(b, c, day),
        Period.YEAR,
        Period.YEAR,
        direct.schedule,
    )
    assert abs(via - direct.exact.amount) <= direct.exact.amount * Decimal("1e-50")
    assert round_to_minor_units(via, c) == direct.target.amount or _near_half(
        direct.exact.amount, c
    )


@given(AMOUNTS, st.integers(2, 1000), st.sampled_from(CURRENCIES), DAYS)
def test_linearity_before_rounding(amount: Decimal, k: int, target: str, day: dt.date) -> None:
    """k times the amount converts to k times the result (unrounded)."""
    one = convert(amount, "USD", target, on=day, today=TODAY).exact.amount
    many = convert(amount * k, "USD", target, on=day, today=TODAY).exact.amount
    assert abs(many - WORK_CONTEXT.multiply(one, k)) <= many * Decimal("1e-55")


@given(AMOUNTS, st.sampled_from(CURRENCIES), DAYS)
def test_rounded_result_is_the_exact_fraction_rounded(
    amount: Decimal, target: str, day: dt.date
) -> None:
    """The rounded amount equals the exact rational amount × target/base, rounded half-even."""
    result = convert(amount, "USD", target, on=day, today=TODAY)
    exact = Fraction(amount) * Fraction(result.quote.numerator) / Fraction(result.quote.denominator)
    scale = 10 ** _digits(target)
    assert Fraction(result.target.amount) == Fraction(round(exact * scale), scale)


def test_custom_schedule_conversion() -> None:
    """A 7.5-hour, 5-day schedule: USD 39,000 a year is USD 20 an hour."""
    schedule = parse_schedule("custom:hours_per_day=7.5,days_per_week=5")
    result = convert(
        "39000", "USD", "USD", on=STORY_DAY, to_period=Period.HOUR, schedule=schedule, today=TODAY
    )
    assert result.target.amount == Decimal("20.00")


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"amount": "NaN"}, AmountNotFiniteError, "amount"),
        ({"amount": Decimal("Infinity")}, AmountNotFiniteError, "amount"),
        ({"amount": Decimal("-5")}, AmountNotPositiveError, "amount"),
        ({"amount": 0}, AmountNotPositiveError, "amount"),
        ({"from_currency": "usd"}, CurrencyCaseError, "from_currency"),
        ({"to_currency": "ZZZ"}, UnknownCurrencyError, "to_currency"),
        ({"on": dt.date(1990, 1, 1)}, RateUnavailableError, "on"),
    ],
)
def test_hostile_arguments_raise_named_errors(
    kwargs: dict[str, Any], error: type[Exception], field: str
) -> None:
    """Bad amounts, codes and dates raise the documented error naming the argument."""
    args: dict[str, Any] = {"amount": "100", "from_currency": "USD", "to_currency": "MYR"}
    args.update(kwargs)
    with pytest.raises(error) as caught:
        convert(**args, today=TODAY)
    assert getattr(caught.value, "field", None) == field


@pytest.mark.parametrize("value", [1.5, True, None, [100]])
def test_non_exact_amount_types_are_refused(value: object) -> None:
    """Floats (and other non-exact types) are a TypeError: money must be exact."""
    with pytest.raises(TypeError, match="must be a str, Decimal or int"):
        convert(value, "USD", "MYR", today=TODAY)  # type: ignore[arg-type]


def _quote(base: str, target: str, day: dt.date) -> Quote:
    return convert("1", base, target, on=day, today=TODAY).quote


def _digits(code: str) -> int:
    return minor_units(code)


def _near_half(amount: Decimal, code: str) -> bool:
    """True when the exact amount is within 1e-40 of a rounding tie (then either side is fair)."""
    scaled = amount.scaleb(_digits(code))
    return abs(scaled - scaled.to_integral_value() - Decimal("0.5")) < Decimal("1e-40") or abs(
        scaled - scaled.to_integral_value() + Decimal("0.5")
    ) < Decimal("1e-40")


@given(
    amount=st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10) ** 15, places=2),
    source_period=st.sampled_from(list(Period)),
    schedule=st.sampled_from(
        ["us-2080", "my-employment-act", "custom:hours_per_day=7.5,days_per_week=4.5,days_off=11"]
    ),
    pair=st.sampled_from([("USD", "MYR"), ("MYR", "JPY"), ("EUR", "USD"), ("USD", "USD")]),
    basis=st.sampled_from(["spot", "mean-30d", "mean-12m"]),
    on=st.sampled_from([dt.date(2023, 7, 26), dt.date(2023, 6, 15), dt.date(2021, 3, 1)]),
)
# Found in review: multiplying a mean rate's 60-digit product by 52 and dividing back rounded twice.
@example(Decimal(1500), Period.WEEK, "us-2080", ("USD", "JPY"), "mean-30d", dt.date(2023, 6, 15))
def test_every_period_at_once_equals_one_period_at_a_time(
    amount: Decimal,
    source_period: Period,
    schedule: str,
    pair: tuple[str, str],
    basis: str,
    on: dt.date,
) -> None:
    # compare() puts each salary on every period with one shared numerator; each value
    # must be exactly what convert_exact gives for that period alone. A mean rate's
    # numerator has 60 digits: the source period must not be multiplied and divided back.
    quote = default_source().quote(*pair, on, basis=parse_basis(basis))
    work = parse_schedule(schedule)
    every = convert_exact_per_period(amount, quote, source_period, work)
    assert list(every) == list(Period)
    for period, value in every.items():
        assert value == convert_exact(amount, quote, source_period, period, work)
        assert str(value) == str(convert_exact(amount, quote, source_period, period, work))
