"""Pay periods and work schedules."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wagecalc.errors import InvalidPeriodError, InvalidScheduleError
from wagecalc.money import round_to_minor_units
from wagecalc.periods import PRESETS, Period, convert_period, parse_period, parse_schedule


def test_us_presets_hold_their_hours() -> None:
    """us-2080 is 2,080 hours and 260 days; us-opm-2087 is 2,087 hours (5 U.S.C. 5504)."""
    assert PRESETS["us-2080"].hours_per_year == 2080
    assert PRESETS["us-2080"].days_per_year == 260
    assert PRESETS["us-opm-2087"].hours_per_year == 2087


@pytest.mark.parametrize(
    ("schedule", "per_day"),
    [("my-employment-act", "57.69"), ("my-employment-act-5day", "69.23")],
)
def test_malaysian_daily_rate_follows_the_employment_act(schedule: str, per_day: str) -> None:
    """MYR 1,500 a month is MYR 57.69 a day on a 6-day week and 69.23 on a 5-day week."""
    day = convert_period(Decimal(1500), Period.MONTH, Period.DAY, PRESETS[schedule])
    assert round_to_minor_units(day, "MYR") == Decimal(per_day)


def test_malaysian_minimum_wage_hourly_rate() -> None:
    """MYR 1,500 a month on the 48-hour week is MYR 7.21 an hour (Minimum Wages Order 2022)."""
    hour = convert_period(Decimal(1500), Period.MONTH, Period.HOUR, PRESETS["my-employment-act"])
    assert round_to_minor_units(hour, "MYR") == Decimal("7.21")


def test_background_actor_day_rate_in_a_year() -> None:
    """USD 200 a day over the 260 days of us-2080 is USD 52,000 a year."""
    assert convert_period(Decimal(200), Period.DAY, Period.YEAR, PRESETS["us-2080"]) == 52000


def test_days_off_raise_the_rate_per_day_worked() -> None:
    """Ten days off make each worked day of a salary worth more."""
    base = parse_schedule("custom:hours_per_day=8,days_per_week=5")
    off = parse_schedule("custom:hours_per_day=8,days_per_week=5,days_off=10")
    assert off.days_per_year == 250
    assert convert_period(Decimal(52000), Period.YEAR, Period.DAY, off) > convert_period(
        Decimal(52000), Period.YEAR, Period.DAY, base
    )


@given(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e12"), places=2),
    st.sampled_from(list(Period)),
    st.sampled_from(list(Period)),
    st.sampled_from(list(PRESETS.values())),
)
def test_period_round_trip_returns_the_amount(
    amount: Decimal, a: Period, b: Period, schedule: object
) -> None:
    """Converting to another period and back gives the amount again, to the cent."""
    assert isinstance(schedule, type(PRESETS["us-2080"]))
    there = convert_period(amount, a, b, schedule)
    back = convert_period(there, b, a, schedule)
    assert round_to_minor_units(back, "USD") == amount


@pytest.mark.parametrize("text", ["yearly", "YEAR", "", "fortnight", "x" * 500])
def test_parse_period_rejects_unknown_periods(text: str) -> None:
    """An unknown period names the field and the choices."""
    with pytest.raises(InvalidPeriodError) as caught:
        parse_period(text, field="to_period")
    assert caught.value.field == "to_period"
    assert "hour, day, week, month, year" in str(caught.value)


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("us-2081", "is not a schedule"),
        ("../../etc/passwd", "is not a schedule"),
        ("custom:", "NAME=NUMBER"),
        ("custom:hours_per_day=8", "need days_per_week"),
        ("custom:hours_per_day=25,days_per_week=5", "at most 24"),
        ("custom:hours_per_day=0,days_per_week=5", "more than 0"),
        ("custom:hours_per_day=8,days_per_week=8", "at most 7"),
        ("custom:hours_per_day=8,days_per_week=5,days_off=260", "no working days"),
        ("custom:hours_per_day=8,hours_per_day=9,days_per_week=5", "given twice"),
        ("custom:hours_per_day=8,days_per_week=5,bonus=3", "NAME=NUMBER"),
        ("custom:hours_per_day=1e3,days_per_week=5", "NAME=NUMBER"),
        ("custom:hours_per_day=NaN,days_per_week=5", "NAME=NUMBER"),
    ],
)
def test_parse_schedule_rejects_bad_specs(spec: str, words: str) -> None:
    """Bad presets and custom figures fail naming the field and the rule."""
    with pytest.raises(InvalidScheduleError) as caught:
        parse_schedule(spec)
    assert caught.value.field == "schedule"
    assert words in str(caught.value)
