"""compare(): the story's PM against a background actor, pair laws, and refused input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import TODAY
from wagecalc import Period, convert
from wagecalc.comparison import (
    MAX_SALARIES,
    Comparison,
    Salary,
    compare,
    make_salary,
    parse_salary,
)
from wagecalc.errors import (
    AmountNotFiniteError,
    AmountNotPositiveError,
    AmountSyntaxError,
    CurrencyCaseError,
    InputError,
    InvalidPeriodError,
    UnknownCurrencyError,
)

STORY_DAY = dt.date(2023, 7, 26)
PM = parse_salary("900000 USD/year", label="PM")
ACTOR = parse_salary("200 USD/day", label="background actor", index=1)


def _story(**kwargs: Any) -> Comparison:
    return compare([PM, ACTOR], "MYR", on=STORY_DAY, today=TODAY, **kwargs)


def test_per_period_figures_in_ringgit() -> None:
    """USD 900,000 a year is MYR 4,094,556.47 a year and 341,213.04 a month on 2023-07-26."""
    pm, actor = _story().salaries
    assert {p.value: m.amount for p, m in pm.per_period.items()} == {
        "hour": Decimal("1968.54"),
        "day": Decimal("15748.29"),
        "week": Decimal("78741.47"),
        "month": Decimal("341213.04"),
        "year": Decimal("4094556.47"),
    }
    assert all(m.currency == "MYR" for m in pm.per_period.values())
    assert actor.per_period[Period.YEAR].amount == Decimal("236574.37")
    assert actor.per_period[Period.DAY].amount == Decimal("909.90")


def test_per_period_year_agrees_with_convert() -> None:
    """Each salary's yearly figure is what convert() gives for the same amount and date."""
    for entry in _story().salaries:
        direct = convert(
            entry.salary.amount,
            entry.salary.currency,
            "MYR",
            on=STORY_DAY,
            period=entry.salary.period,
            to_period=Period.YEAR,
            today=TODAY,
        )
        assert entry.per_period[Period.YEAR] == direct.target
        assert entry.exact_per_year == direct.exact.amount


def test_each_salary_carries_its_quote() -> None:
    """Every compared salary has the USD→MYR quote of the story day."""
    for entry in _story().salaries:
        assert (entry.quote.base, entry.quote.target) == ("USD", "MYR")
        assert entry.quote.rate_date == STORY_DAY
        assert (entry.quote.numerator, entry.quote.denominator) == (
            Decimal("5.0313"),
            Decimal("1.1059"),
        )


def test_pm_earns_a_background_actors_year_in_15_days() -> None:
    """The PM earns 17.31 times as much and a background actor's year in 15.0 days (120.2 h)."""
    pair = _story().pairs[0]
    assert (pair.a, pair.b) == (0, 1)
    assert pair.ratio == Decimal("17.31")
    assert pair.days_to_earn == Decimal("15.0")
    assert pair.hours_to_earn == Decimal("120.2")
    assert pair.difference_per_year.amount == Decimal("3857982.10")
    assert pair.difference_per_year.currency == "MYR"
    assert (
        pair.sentence
        == "PM earns in about 15 working days (120.2 hours) what background actor earns in a year."
    )


def test_the_reverse_pair() -> None:
    """A background actor needs 4,500 working days for the PM's year; the difference is negative."""
    pair = _story().pairs[1]
    assert (pair.a, pair.b) == (1, 0)
    assert pair.ratio == Decimal("0.05778")
    assert pair.days_to_earn == Decimal("4500.0")
    assert pair.hours_to_earn == Decimal("36000.0")
    assert pair.difference_per_year.amount == Decimal("-3857982.10")
    assert pair.sentence == (
        "Background actor earns in 4,500 working days (36,000 hours) what PM earns in a year."
    )


def test_comparison_records_its_settings() -> None:
    """The result names the currency, date, schedule and locale it used."""
    result = _story(locale="ms")
    assert result.currency == "MYR"
    assert result.requested_date == STORY_DAY
    assert result.schedule.id == "us-2080"
    assert result.locale == "ms"
    assert [e.salary.label for e in result.salaries] == ["PM", "background actor"]


def test_one_working_day_is_singular() -> None:
    """When the time to earn is exactly one day, the sentence says '1 working day'."""
    a = make_salary("52000", "USD", "year", "A")
    b = make_salary("200", "USD", "year", "B", index=1)
    pair = compare([a, b], "USD", on=STORY_DAY, today=TODAY).pairs[0]
    assert pair.days_to_earn == 1
    assert pair.sentence == "A earns in 1 working day (8 hours) what B earns in a year."


def test_labels_are_text_not_templates() -> None:
    """A label with braces is printed as given, never used as a format template."""
    a = make_salary("900000", "USD", "year", "{other} {days}")
    pair = compare([a, ACTOR], "MYR", on=STORY_DAY, today=TODAY).pairs[0]
    assert pair.sentence.startswith("{other} {days} earns in about 15 working days")


def test_ten_salaries_give_ninety_ordered_pairs() -> None:
    """Up to 10 salaries are accepted, with every ordered pair compared."""
    salaries = [
        make_salary(str(1000 * (i + 1)), "USD", "month", f"s{i}", index=i) for i in range(10)
    ]
    result = compare(salaries, "EUR", on=STORY_DAY, today=TODAY)
    assert len(result.pairs) == 90
    assert {(p.a, p.b) for p in result.pairs} == {
        (i, j) for i in range(10) for j in range(10) if i != j
    }


@pytest.mark.parametrize("count", [0, 1, MAX_SALARIES + 1])
def test_wrong_number_of_salaries_is_refused(count: int) -> None:
    """Fewer than 2 or more than 10 salaries is an InputError on field 'salaries'."""
    with pytest.raises(InputError) as caught:
        compare([PM] * count, "MYR", on=STORY_DAY, today=TODAY)
    assert caught.value.field == "salaries"
    assert f"not {count}" in str(caught.value)


def test_display_currency_is_checked() -> None:
    """A lower-case display currency is a CurrencyCaseError on field 'currency'."""
    with pytest.raises(CurrencyCaseError) as caught:
        compare([PM, ACTOR], "myr", on=STORY_DAY, today=TODAY)
    assert caught.value.field == "currency"


def test_parse_salary() -> None:
    """'AMOUNT CODE/PERIOD' parses to a Salary; the label defaults to the text."""
    assert parse_salary("200 USD/day", label="background actor") == Salary(
        label="background actor", amount=Decimal("200"), currency="USD", period=Period.DAY
    )
    assert parse_salary("1500 MYR/month").label == "1500 MYR/month"


@pytest.mark.parametrize(
    ("text", "error", "field"),
    [
        ("900000USD/year", InputError, "salaries[3]"),
        ("900000 USD / year", InputError, "salaries[3]"),
        ("", InputError, "salaries[3]"),
        ("900000 USD", InputError, "salaries[3]"),
        ("900000 usd/year", CurrencyCaseError, "salaries[3].currency"),
        ("900000 ZZZ/year", UnknownCurrencyError, "salaries[3].currency"),
        ("900000 USD/fortnight", InvalidPeriodError, "salaries[3].period"),
        ("9,000 USD/year", AmountSyntaxError, "salaries[3].amount"),
        ("-5 USD/year", AmountNotPositiveError, "salaries[3].amount"),
        ("0 USD/year", AmountNotPositiveError, "salaries[3].amount"),
        ("NaN USD/year", AmountNotFiniteError, "salaries[3].amount"),
    ],
)
def test_parse_salary_errors(text: str, error: type[InputError], field: str) -> None:
    """Malformed salary text raises the documented error naming salaries[i] and the part."""
    with pytest.raises(error) as caught:
        parse_salary(text, index=3)
    assert caught.value.field == field
    assert str(caught.value).startswith(field)


@pytest.mark.parametrize(
    "label",
    ["", "x" * 61, "line\nbreak", "tab\there", "\x1b[31mred", "nul\x00", "rtl\u202eoverride"],
)
def test_bad_labels_are_refused(label: str) -> None:
    """Empty, over-long and control-character labels raise on salaries[i].label."""
    with pytest.raises(InputError) as caught:
        make_salary("200", "USD", "day", label, index=1)
    assert caught.value.field == "salaries[1].label"
    with pytest.raises(InputError) as caught:
        parse_salary("200 USD/day", label=label or "x" * 61, index=1)
    assert caught.value.field == "salaries[1].label"


def test_a_sixty_character_label_is_accepted() -> None:
    """60 printable characters, including CJK, is the longest label accepted."""
    assert make_salary("200", "USD", "day", "演" * 60).label == "演" * 60


SALARY = st.tuples(
    st.decimals(min_value=Decimal("1"), max_value=Decimal("1e7"), places=2),
    st.sampled_from(["USD", "MYR", "EUR", "JPY"]),
    st.sampled_from(list(Period)),
)


@given(SALARY, SALARY)
def test_pairs_are_antisymmetric(
    first: tuple[Decimal, str, Period], second: tuple[Decimal, str, Period]
) -> None:
    """(a, b) and (b, a) have opposite differences and reciprocal ratios (to 4 digits)."""
    a = make_salary(*first, "a")
    b = make_salary(*second, "b", index=1)
    ab, ba = compare([a, b], "MYR", on=STORY_DAY, today=TODAY).pairs
    assert ab.difference_per_year.amount == -ba.difference_per_year.amount
    assert abs(ab.ratio * ba.ratio - 1) <= Decimal("0.0011")


@pytest.mark.parametrize(
    ("earner", "other", "expected"),
    [
        (
            "the product manager",
            "Background actor",
            "The product manager earns in about 15 working days (120.2 hours) what background "
            "actor earns in a year.",
        ),
        (
            "Netflix ML PM",
            "Rob Delaney",
            "Netflix ML PM earns in about 15 working days (120.2 hours) what Rob Delaney earns "
            "in a year.",
        ),
        (
            "PM",
            "Extra",
            "PM earns in about 15 working days (120.2 hours) what Extra earns in a year.",
        ),
    ],
)
def test_labels_keep_their_case_sensibly(earner: str, other: str, expected: str) -> None:
    """A label starting the sentence is capitalised; a sentence-case phrase inside it is
    lowered; names (several capitals, or one word that may be a name) keep their case."""
    salaries = [
        make_salary("900000", "USD", "year", earner),
        make_salary("200", "USD", "day", other, index=1),
    ]
    result = compare(salaries, "MYR", on=STORY_DAY, today=TODAY)
    assert result.pairs[0].sentence == expected
