"""Real terms in the library: convert, compare and equivalents ``in_prices_of`` a month."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wagecalc import compare, convert, equivalents, make_salary
from wagecalc.errors import InvalidMonthError, NoPriceIndexError
from wagecalc.prices import Month, default_price_indexes

ON, TO = "2023-07-26", "2026-08"  # the story's date; the last month of the table

#: The story in prices of August 2026, as each language says it (no-break spaces: CLDR's).
GOLDEN = {
    "en": "USD\u00a0900,000 of July 2023 is USD\u00a0986,231.19 in prices of August 2026 "
    "(US CPI-U, BLS).",
    "zh_Hans": "2023年7月的US$900,000，按2026年8月的物价计算为US$986,231.19（US CPI-U, BLS）。",
    "zh_Hant": "2023年7月的US$900,000，按2026年8月的物價計算為US$986,231.19（US CPI-U, BLS）。",
    "ms": "USD\u00a0900,000 pada Julai 2023 bersamaan USD\u00a0986,231.19 pada harga Ogos 2026 "
    "(US CPI-U, BLS).",
}
NOTES = {
    "en": "Figures in prices of August 2026 (US CPI-U, BLS).",
    "zh_Hans": "金额均按2026年8月的物价计算（US CPI-U, BLS）。",
    "zh_Hant": "金額均按2026年8月的物價計算（US CPI-U, BLS）。",
    "ms": "Angka dalam harga Ogos 2026 (US CPI-U, BLS).",
}


@pytest.mark.parametrize("locale", sorted(GOLDEN))
def test_the_story_in_four_languages(locale: str) -> None:
    """USD 900,000 of July 2023 in prices of August 2026, said in each supported language."""
    result = convert("900000", "USD", "USD", on=ON, in_prices_of=TO)
    assert result.prices is not None
    assert result.prices.sentence(locale) == GOLDEN[locale]


def test_convert_states_the_index_and_rounds_once() -> None:
    """The index's two values and months and its source; the MYR figure is rounded once."""
    result = convert("900000", "USD", "MYR", on=ON, in_prices_of=TO)
    prices = result.prices
    assert prices is not None
    assert (prices.from_month, prices.from_value) == (Month(2023, 7), Decimal("305.691"))
    assert (prices.to_month, prices.to_value) == (Month(2026, 8), Decimal("334.980"))
    assert (prices.index.series, prices.index.publisher) == (
        "CUUR0000SA0",
        "U.S. Bureau of Labor Statistics",
    )
    assert result.quote.rate_date.isoformat() == "2023-07-26"  # the rate is not moved
    exact = Decimal(900000) * Decimal("334.980") / Decimal("305.691") * result.quote.rate
    assert abs(result.target.amount - exact) <= Decimal("0.005")
    # Converting the rounded USD 986,231.19 instead gives MYR 4,486,865.89: one rounding only.
    assert result.target.amount == Decimal("4486865.91")


def test_without_the_option_nothing_changes() -> None:
    """No in_prices_of: no adjustment, the same figure as always."""
    result = convert("900000", "USD", "MYR", on="2023-07-26")
    assert result.prices is None
    assert result.target.amount == Decimal("4094556.47")


def test_the_default_path_reads_no_index() -> None:
    """A conversion without real terms loads neither the index table nor the sentences."""
    code = (
        "import sys; from wagecalc import convert; import wagecalc.prices as p; "
        "convert('900000', 'USD', 'MYR', on='2023-07-26'); "
        "print(p.default_price_indexes.cache_info().currsize, 'wagecalc.sentences' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "False"]


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"in_prices_of": "2026-13"}, InvalidMonthError, "in_prices_of"),
        ({"in_prices_of": "1800-01"}, NoPriceIndexError, "in_prices_of"),
        ({"in_prices_of": "2026-10"}, NoPriceIndexError, "in_prices_of"),  # after the table
        ({"in_prices_of": "NaN"}, InvalidMonthError, "in_prices_of"),
        ({"in_prices_of": "2025-10", "on": "2023-07-26"}, NoPriceIndexError, "in_prices_of"),
        ({"in_prices_of": "2026-08", "on": "1900-01-02"}, NoPriceIndexError, "on"),
    ],
)
def test_months_the_index_cannot_give_are_refused(
    kwargs: dict[str, str], error: type[Exception], field: str
) -> None:
    """A malformed month, one outside the table or one BLS skipped: the parameter is named."""
    arguments = {"on": "2023-07-26", **kwargs}
    with pytest.raises(error) as caught:
        convert("900000", "USD", "USD", on=arguments["on"], in_prices_of=arguments["in_prices_of"])
    assert getattr(caught.value, "field", None) == field


def test_no_index_is_held_for_myr() -> None:
    """An amount in MYR cannot be moved: the error names from_currency and says why."""
    with pytest.raises(NoPriceIndexError, match="no price index is held for MYR") as caught:
        convert("1500", "MYR", "USD", on=ON, in_prices_of=TO)
    assert caught.value.field == "from_currency"
    with pytest.raises(NoPriceIndexError) as caught:
        equivalents("1500", "MYR", period="month", on=ON, in_prices_of=TO)
    assert caught.value.field == "currency"


def test_a_2023_salary_against_a_2025_figure_in_one_set_of_prices() -> None:
    """Combining both: each salary from its own month into prices of August 2026, said once."""
    pm = make_salary("900000", "USD", "year", "Netflix ML product manager", month="2023-07")
    line = make_salary("27540", "USD", "year", "health plan threshold", index=1, month="2025-01")
    for locale, note in NOTES.items():
        result = compare([pm, line], "USD", locale=locale, on=ON, in_prices_of=TO)
        assert result.prices_sentence == note
    assert result.in_prices_of == Month(2026, 8)
    adjusted = [s.prices.adjusted.amount for s in result.salaries if s.prices is not None]
    assert adjusted == [Decimal("986231.19"), Decimal("29040.58")]
    nominal = compare([pm, line], "USD", on="2023-07-26")
    assert nominal.prices_sentence is None and nominal.in_prices_of is None
    # In one set of prices the ratio moves: the salary's dollars of 2023 were worth more.
    assert result.pairs[0].ratio != nominal.pairs[0].ratio


def test_a_salary_already_of_that_month_needs_no_index() -> None:
    """MYR 1,700 of August 2026 is in prices of August 2026: nothing to move, no index."""
    pm = make_salary("900000", "USD", "year", "PM", month="2023-07")
    wage = make_salary("1700", "MYR", "month", "minimum wage", index=1, month="2026-08")
    result = compare([pm, wage], "MYR", on="2023-07-26", in_prices_of="2026-08")
    assert [s.prices is None for s in result.salaries] == [False, True]
    with pytest.raises(NoPriceIndexError) as caught:
        compare(
            [pm, make_salary("1700", "MYR", "month", "w", index=1, month="2025-02")],
            "MYR",
            on=ON,
            in_prices_of=TO,
        )
    assert caught.value.field == "salaries[1].currency"


def test_equivalents_use_the_rules_in_force_at_the_months_end() -> None:
    """The amount in prices of August 2026 against the rules of 2026-08-31, with the index."""
    result = equivalents(
        "900000", "USD", select="sag-aftra-health-eligibility", on=ON, in_prices_of=TO
    )
    assert result.rules_date.isoformat() == "2026-08-31"
    assert result.prices is not None and result.prices.adjusted.amount == Decimal("986231.19")
    (item,) = result.items
    assert item.value.amount == Decimal("27540")
    assert item.sentence.startswith("USD\u00a0986,231.19 a year is enough to meet")
    assert item.shown == 35  # 986,231.19 ÷ 27,540 = 35.8: 35 actors' thresholds


_MONTHS = sorted(default_price_indexes()["USD"].values)


@settings(max_examples=60, deadline=None)
@given(
    cents=st.integers(10**4, 10**13),  # USD 100 or more: nothing rounds to zero
    start=st.sampled_from(_MONTHS),
    end=st.sampled_from(_MONTHS),
)
def test_convert_there_and_back_returns_the_amount(cents: int, start: Month, end: Month) -> None:
    """In prices of another month and back (same currency): the amount, within the roundings."""
    amount = Decimal(cents).scaleb(-2)
    on = f"{start}-15"
    there = convert(amount, "USD", "USD", on=on, in_prices_of=end)
    back = convert(there.target.amount, "USD", "USD", on=f"{end}-15", in_prices_of=start)
    values = default_price_indexes()["USD"].values
    bound = Decimal("0.005") * (1 + values[start] / values[end]) + Decimal("0.005")
    assert abs(back.target.amount - amount) <= bound
