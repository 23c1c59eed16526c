"""Public functions take typed arguments or their documented strings, and never misread them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import TODAY
from wagecalc import Period, RoundingMode, WorkSchedule, convert, parse_basis, parse_schedule
from wagecalc.arguments import as_basis, as_date, as_period, as_rounding, as_schedule
from wagecalc.comparison import compare, make_salary
from wagecalc.conversion import default_source
from wagecalc.equivalence import RulePerName, equivalents, rule_per_year
from wagecalc.errors import (
    AmountTooPreciseError,
    InvalidBasisError,
    InvalidDateError,
    InvalidPeriodError,
    InvalidRoundingError,
    InvalidScheduleError,
)
from wagecalc.money import round_to_minor_units
from wagecalc.periods import PRESETS, convert_period
from wagecalc.rules import RulePer

STORY_DAY = dt.date(2023, 7, 26)
PERIODS = st.sampled_from(list(Period))
SCHEDULES = st.sampled_from([*PRESETS, "custom:hours_per_day=7.5,days_per_week=5"])
BASES = st.sampled_from(["spot", "mean-5d", "mean-30d", "mean-3m", "mean-12m"])
ROUNDINGS = st.sampled_from(list(RoundingMode))
# From a year after MYR starts (2005-04-01): a 12-month mean has its window.
DAYS = st.dates(dt.date(2006, 6, 1), dt.date(2026, 10, 30))
AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e9"), places=2)
PAIRS = st.sampled_from([("USD", "MYR"), ("EUR", "JPY"), ("MYR", "MYR"), ("GBP", "USD")])


def test_issue_example_string_period_with_enum_to_period() -> None:
    """convert("1500", "MYR", "MYR", period="month", to_period=Period.YEAR) is MYR 18,000.00."""
    result = convert("1500", "MYR", "MYR", period="month", to_period=Period.YEAR, today=TODAY)
    assert result.target.amount == Decimal("18000.00")
    assert result.source_period is Period.MONTH
    assert result.target_period is Period.YEAR


def test_issue_example_string_to_period() -> None:
    """to_period="month" is the month, not the hour: MYR 1,500 a month stays 1,500.00."""
    result = convert("1500", "MYR", "MYR", period="month", to_period="month", today=TODAY)
    assert result.target.amount == Decimal("1500.00")
    assert result.target_period is Period.MONTH
    yearly = convert("18000", "MYR", "MYR", to_period="month", today=TODAY)
    assert yearly.target.amount == Decimal("1500.00")


def test_issue_example_iso_date_string_for_on() -> None:
    """on="2023-07-26" is that day, exactly as date(2023, 7, 26)."""
    text = convert("900000", "USD", "MYR", on="2023-07-26", today=TODAY)
    typed = convert("900000", "USD", "MYR", on=STORY_DAY, today=TODAY)
    assert text == typed
    assert text.target.amount == Decimal("4094556.47")


def test_exact_amount_fed_back_names_the_rounded_one() -> None:
    """result.exact.amount (60 digits) back into convert: the error says to pass target.amount."""
    result = convert("900000", "USD", "MYR", on=STORY_DAY, today=TODAY)
    with pytest.raises(AmountTooPreciseError) as caught:
        convert(result.exact.amount, "MYR", "USD", on=STORY_DAY, today=TODAY)
    assert "result.target.amount" in str(caught.value)
    assert caught.value.field == "amount"
    back = convert(result.target.amount, "MYR", "USD", on=STORY_DAY, today=TODAY)
    assert abs(back.target.amount - Decimal("900000")) < 1


@pytest.mark.parametrize(
    ("call", "field", "hint"),
    [
        (lambda: convert("1", "USD", "MYR", period=3), "period", "'month'"),  # type: ignore[arg-type]
        (lambda: convert("1", "USD", "MYR", to_period=12.0), "to_period", "wagecalc.Period"),  # type: ignore[arg-type]
        (lambda: convert("1", "USD", "MYR", on=20230726), "on", "'YYYY-MM-DD'"),  # type: ignore[arg-type]
        (lambda: convert("1", "USD", "MYR", on=dt.datetime(2023, 7, 26)), "on", ".date()"),
        (lambda: convert("1", "USD", "MYR", schedule=2080), "schedule", "'us-2080'"),  # type: ignore[arg-type]
        (lambda: convert("1", "USD", "MYR", basis=12), "basis", "'mean-<N>m'"),  # type: ignore[arg-type]
        (lambda: convert("1", "USD", "MYR", rounding=None), "rounding", "'half-even'"),  # type: ignore[arg-type]
        (lambda: convert("1", "USD", "MYR", today=1.5), "today", "datetime.date"),  # type: ignore[arg-type]
        (lambda: equivalents("1", "USD", period=b"year"), "period", "wagecalc.Period"),  # type: ignore[arg-type]
        (lambda: equivalents("1", "USD", on=[2023, 7, 26]), "on", "'YYYY-MM-DD'"),  # type: ignore[arg-type]
        (lambda: compare(["900000 USD/year", "200 USD/day"], "MYR"), "salaries", "parse_salary"),  # type: ignore[list-item]
        (lambda: default_source().quote("USD", "MYR", 20230726), "on", "'YYYY-MM-DD'"),  # type: ignore[arg-type]
        (lambda: round_to_minor_units(Decimal(1), "USD", 2), "mode", "'half-up'"),  # type: ignore[arg-type]
        (lambda: rule_per_year(4, "us-2080"), "per", "RulePer"),  # type: ignore[arg-type]
    ],
)
def test_wrong_types_are_type_errors_that_say_what_to_pass(
    call: Any, field: str, hint: str
) -> None:
    """A float, int, bytes, datetime or list where a typed argument goes: TypeError with a hint."""
    with pytest.raises(TypeError) as caught:
        call()
    message = str(caught.value)
    assert message.startswith(field), message
    assert hint in message, message


@pytest.mark.parametrize(
    ("call", "error", "field"),
    [
        (lambda: convert("1", "USD", "MYR", period="fortnight"), InvalidPeriodError, "period"),  # type: ignore[arg-type]
        (lambda: convert("1", "USD", "MYR", to_period="YEAR"), InvalidPeriodError, "to_period"),  # type: ignore[arg-type]
        (lambda: convert("1", "USD", "MYR", on="26/07/2023"), InvalidDateError, "on"),
        (lambda: convert("1", "USD", "MYR", schedule="40h"), InvalidScheduleError, "schedule"),
        (lambda: convert("1", "USD", "MYR", basis="mean"), InvalidBasisError, "basis"),
        (lambda: convert("1", "USD", "MYR", rounding="HALF_UP"), InvalidRoundingError, "rounding"),  # type: ignore[arg-type]
        (lambda: round_to_minor_units(Decimal(1), "USD", "nearest"), InvalidRoundingError, "mode"),  # type: ignore[arg-type]
    ],
)
def test_unknown_strings_are_input_errors_naming_the_field(
    call: Any, error: type[Exception], field: str
) -> None:
    """A string that is not a documented form is the same error the API gives, naming the field."""
    with pytest.raises(error) as caught:
        call()
    assert getattr(caught.value, "field", None) == field


@given(AMOUNTS, PAIRS, DAYS, PERIODS, PERIODS, SCHEDULES, BASES, ROUNDINGS)
def test_convert_string_and_typed_forms_agree(
    amount: Decimal,
    pair: tuple[str, str],
    day: dt.date,
    period: Period,
    to_period: Period,
    schedule: str,
    basis: str,
    rounding: RoundingMode,
) -> None:
    """convert(): every argument as its string gives the identical Conversion."""
    base, target = pair
    typed = convert(
        amount,
        base,
        target,
        on=day,
        period=period,
        to_period=to_period,
        schedule=parse_schedule(schedule),
        basis=parse_basis(basis),
        rounding=rounding,
        today=TODAY,
    )
    text = convert(
        str(amount),
        base,
        target,
        on=day.isoformat(),
        period=period.value,
        to_period=to_period.value,
        schedule=schedule,
        basis=basis,
        rounding=rounding.value,
        today=TODAY.isoformat(),
    )
    assert text == typed


@given(AMOUNTS, DAYS.filter(lambda d: d >= STORY_DAY), PERIODS, SCHEDULES, BASES)
def test_equivalents_string_and_typed_forms_agree(
    amount: Decimal, day: dt.date, period: Period, schedule: str, basis: str
) -> None:
    """equivalents(): strings for period, date, schedule, basis and select give the same result."""
    typed = equivalents(
        amount,
        "USD",
        on=day,
        period=period,
        schedule=parse_schedule(schedule),
        basis=parse_basis(basis),
        select=["story", "big-mac"],
        today=TODAY,
    )
    text = equivalents(
        str(amount),
        "USD",
        on=day.isoformat(),
        period=period.value,
        schedule=schedule,
        basis=basis,
        select="story, big-mac",
        today=TODAY.isoformat(),
    )
    assert text == typed


@given(AMOUNTS, AMOUNTS, PERIODS, PERIODS, DAYS, SCHEDULES, BASES, ROUNDINGS)
def test_compare_string_and_typed_forms_agree(
    a: Decimal,
    b: Decimal,
    period_a: Period,
    period_b: Period,
    day: dt.date,
    schedule: str,
    basis: str,
    rounding: RoundingMode,
) -> None:
    """compare() and make_salary(): string periods, date, schedule, basis and rounding agree."""
    typed = compare(
        [make_salary(a, "USD", period_a, "a"), make_salary(b, "MYR", period_b, "b")],
        "EUR",
        on=day,
        schedule=parse_schedule(schedule),
        basis=parse_basis(basis),
        rounding=rounding,
        today=TODAY,
    )
    text = compare(
        [
            make_salary(str(a), "USD", period_a.value, "a"),
            make_salary(str(b), "MYR", period_b.value, "b"),
        ],
        "EUR",
        on=day.isoformat(),
        schedule=schedule,
        basis=basis,
        rounding=rounding.value,
        today=TODAY.isoformat(),
    )
    assert text == typed


@given(DAYS, BASES, PAIRS)
def test_rate_source_quote_string_and_typed_forms_agree(
    day: dt.date, basis: str, pair: tuple[str, str]
) -> None:
    """RateSource.quote(): a date string and a basis string give the same quote."""
    source = default_source()
    base, target = pair
    typed = source.quote(base, target, day, basis=parse_basis(basis), today=TODAY)
    text = source.quote(base, target, day.isoformat(), basis=basis, today=TODAY.isoformat())  # type: ignore[arg-type]
    assert text == typed


@given(
    st.decimals(min_value=Decimal("0.001"), max_value=Decimal("1e9"), places=5),
    st.sampled_from(["USD", "JPY", "BHD"]),
    ROUNDINGS,
)
def test_round_to_minor_units_string_and_typed_forms_agree(
    amount: Decimal, currency: str, rounding: RoundingMode
) -> None:
    """round_to_minor_units(): 'half-up' and RoundingMode.HALF_UP round alike."""
    assert round_to_minor_units(amount, currency, rounding.value) == round_to_minor_units(
        amount, currency, rounding
    )


@given(st.sampled_from([p for p in RulePer if p is not RulePer.ITEM]), SCHEDULES)
def test_rule_per_year_string_and_typed_forms_agree(per: RulePer, schedule: str) -> None:
    """rule_per_year(): 'quarter' and a schedule id agree with the typed forms."""
    name = cast(RulePerName, per.value)  # the enum's value is typed str; the names are a Literal
    assert rule_per_year(name, schedule) == rule_per_year(per, parse_schedule(schedule))


@pytest.mark.parametrize(
    ("parse", "text", "typed"),
    [
        (as_period, "month", Period.MONTH),
        (as_schedule, "us-2080", PRESETS["us-2080"]),
        (as_basis, "mean-12m", parse_basis("mean-12m")),
        (as_rounding, "half-up", RoundingMode.HALF_UP),
        (as_date, "2023-07-26", STORY_DAY),
    ],
)
def test_each_coercion_passes_the_typed_form_through(parse: Any, text: str, typed: Any) -> None:
    """The typed form is returned as is; the string form parses to an equal object."""
    assert parse(typed) is typed or isinstance(typed, WorkSchedule)
    assert parse(text) == typed


@given(AMOUNTS, PERIODS, PERIODS, SCHEDULES)
def test_period_functions_string_and_typed_forms_agree(
    amount: Decimal, source: Period, target: Period, schedule: str
) -> None:
    """WorkSchedule.per_year and convert_period: 'month' is Period.MONTH (never the hour)."""
    typed_schedule = parse_schedule(schedule)
    assert typed_schedule.per_year(source.value) == typed_schedule.per_year(source)
    assert convert_period(amount, source.value, target.value, schedule) == convert_period(
        amount, source, target, typed_schedule
    )


def test_per_year_of_month_is_twelve_and_wrong_types_say_what_to_pass() -> None:
    """The misread behind 3,120,000.00: 'month' fell through to hours; now it is 12."""
    assert PRESETS["us-2080"].per_year("month") == 12
    with pytest.raises(TypeError, match=r"^period must be a wagecalc\.Period"):
        PRESETS["us-2080"].per_year(12)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^schedule must be a WorkSchedule"):
        convert_period(Decimal(1), "year", "month", 2080)  # type: ignore[arg-type]
