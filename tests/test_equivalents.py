"""equivalents(): the story's figures, exact counts, their laws, and hostile inputs."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from babel import Locale
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import TODAY
from wagecalc import PRESETS, Period, convert
from wagecalc.equivalence import Equivalent, equivalents, shown_count
from wagecalc.errors import (
    AmountNotFiniteError,
    AmountNotPositiveError,
    CurrencyCaseError,
    UnknownCurrencyError,
    UnknownRuleError,
)
from wagecalc.formatting import format_count
from wagecalc.money import WORK_CONTEXT
from wagecalc.periods import convert_period
from wagecalc.rules import Rule, RuleKind, default_rules

STORY_DAY = dt.date(2023, 7, 26)
#: A day the 2021 premiums were in force (no later premium figure was found: none from 2023).
PREMIUM_DAY = dt.date(2022, 6, 1)
#: A day the union's 2016 background-actor rate was in force (none held after 2017-06-30).
UNION_RATE_DAY = dt.date(2016, 8, 1)
RULES = default_rules()
CURRENCIES = ["USD", "MYR", "EUR", "JPY", "GBP"]
FIRST_DAY, LAST_DAY = dt.date(2023, 7, 26), dt.date(2026, 10, 30)
DAYS = st.dates(FIRST_DAY, LAST_DAY)
#: The default rules (for MYR: the US and Malaysian Big Mac prices) in force on every day
#: of DAYS: premiums and the union background rate have no value then.
RULE_IDS = [
    r.id
    for r in RULES.default_selection("MYR")
    if r.value_on(FIRST_DAY) is not None and r.value_on(LAST_DAY) is not None
]
COST_IDS = [r.id for r in RULES.rules.values() if r.kind == "cost"]
COST_DAYS = st.dates(dt.date(2021, 1, 1), dt.date(2022, 12, 31))
AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e9"), places=2)
# How many of a threshold's or cost's period a calendar year holds, written out independently.
PER_YEAR = {"year": Decimal(1), "quarter": Decimal(4), "month": Decimal(12)}


def _one(amount: Any, currency: str = "USD", rule_id: str = "", **kwargs: Any) -> Equivalent:
    kwargs.setdefault("on", STORY_DAY)
    result = equivalents(amount, currency, rules=RULES, select=[rule_id], today=TODAY, **kwargs)
    assert len(result.items) == 1
    return result.items[0]


def _close(a: Decimal, b: Decimal, relative: str) -> bool:
    return abs(a - b) <= abs(b) * Decimal(relative)


def test_health_threshold_2023_counts_whole_actors() -> None:
    """USD 900,000 a year against the 2023 threshold: the exact ratio, shown as whole actors
    rounded down (34 at USD 26,000 or USD 26,470), never "about 34.6 actors"."""
    item = _one("900000", rule_id="sag-aftra-health-eligibility")
    threshold = item.value.amount
    assert abs(Fraction(item.count) - Fraction(900000) / Fraction(threshold)) < Fraction(1, 10**57)
    assert item.shown == int(Fraction(900000) / Fraction(threshold))
    assert item.approximate is False
    assert item.quote is None
    assert item.carried_forward is False
    assert f"threshold of {item.shown} actors" in item.sentence
    assert "about" not in item.sentence


def test_health_threshold_of_a_year_without_a_source_is_the_last_sourced_one() -> None:
    """2026 has no sourced figure: 2025's USD 27,540 is used, and the item says so."""
    item = _one("900000", rule_id="sag-aftra-health-eligibility", on=dt.date(2026, 11, 27))
    assert (item.value.amount, item.value.period) == (Decimal("27540"), "2025")
    assert item.carried_forward is True
    assert (
        _one(
            "900000", rule_id="sag-aftra-health-eligibility", on=dt.date(2025, 3, 1)
        ).carried_forward
        is False
    )


def test_background_actor_days_at_the_union_rate_of_2016() -> None:
    """USD 900,000 is 5,555.55… days at the union's USD 162 (2016-07-01): about 5,555.6 days
    (a wage counts a duration, to one decimal)."""
    item = _one("900000", rule_id="sag-aftra-background-actor-day", on=UNION_RATE_DAY)
    assert abs(Fraction(item.count) - Fraction(900000, 162)) < Fraction(1, 10**55)
    assert item.shown == Decimal("5555.6")
    assert item.approximate is True
    assert "about 5,555.6 days of background-actor pay at the union minimum" in item.sentence


def test_no_background_actor_rate_is_held_for_the_story_day() -> None:
    """No union rate table after 2017-06-30 was found: the rule is left out, saying why."""
    result = equivalents(
        "900000", "USD", on=STORY_DAY, rules=RULES, select=["sag-aftra-background-actor-day"]
    )
    assert result.items == []
    assert [n.reason for n in result.not_in_force] == ["no value after 2017-06-30"]


def test_quarterly_premiums_are_exactly_600() -> None:
    """USD 900,000 a year is USD 225,000 a quarter: 600 premiums of USD 375 (2021-2022), exactly."""
    item = _one("900000", rule_id="sag-aftra-premium-participant", on=PREMIUM_DAY)
    assert item.count == 600
    assert item.approximate is False
    assert "keep paying 600 members' own" in item.sentence


def test_hours_at_the_federal_minimum_wage() -> None:
    """USD 900,000 ÷ USD 7.25 = 124,137.93… hours: a duration, one decimal, "about"."""
    item = _one("900000", rule_id="us-federal-minimum-wage")
    assert abs(Fraction(item.count) - Fraction(90000000, 725)) < Fraction(1, 10**54)
    assert item.shown == Decimal("124137.9")
    assert item.approximate is True
    assert "about 124,137.9 hours" in item.sentence


def test_big_macs_at_the_us_price_round_down_and_are_not_approximate() -> None:
    """On the story day the newest published survey is July 2022's (USD 5.15): 900000/5.15 =
    174,757.28…, so 174,757 Big Macs. July 2023's USD 5.58 applies from 2023-11-17: 161,290."""
    item = _one("900000", rule_id="big-mac-us")
    assert (item.value.period, item.value.published) == ("July 2022", dt.date(2022, 7, 20))
    assert item.shown == 174757
    assert item.count > item.shown
    assert item.approximate is False
    assert "buys 174,757 Big Macs" in item.sentence
    assert "about" not in item.sentence
    published = _one("900000", rule_id="big-mac-us", on=dt.date(2023, 11, 17))
    assert (published.value.period, published.shown) == ("July 2023", Decimal(161290))


def test_rule_in_ringgit_uses_the_days_quote_and_attaches_it() -> None:
    """A MYR rule converts at the USD→MYR quote of the date (5.0313/1.1059) and returns it."""
    item = _one("900000", rule_id="big-mac-my")
    quote = item.quote
    assert quote is not None
    assert (quote.base, quote.target, quote.rate_date) == ("USD", "MYR", STORY_DAY)
    assert (quote.numerator, quote.denominator) == (Decimal("5.0313"), Decimal("1.1059"))
    expected = Fraction(900000) * Fraction("5.0313") / Fraction("1.1059") / Fraction("10.9")
    assert abs(Fraction(item.count) - expected) < expected * Fraction(1, 10**55)
    assert item.shown == 375647  # MYR 10.90, the July 2022 survey's, published 2022-07-20
    in_myr = Fraction(900000) * Fraction("5.0313") / Fraction("1.1059")
    assert abs(Fraction(item.amount_in_rule_currency) - in_myr) < in_myr * Fraction(1, 10**55)


def test_malaysian_minimum_wage_months() -> None:
    """USD 900,000 is MYR 4,094,556.47 on the story day: about 2,729.7 months at MYR 1,500."""
    item = _one("900000", rule_id="my-minimum-wage")
    assert item.quote is not None
    assert item.quote.rate_date == STORY_DAY
    assert item.shown == Decimal("2729.7")
    assert item.approximate is True


def test_same_currency_rules_carry_no_quote() -> None:
    """Rules in the amount's currency need no conversion: quote is None, the amount unchanged."""
    result = equivalents("900000", "USD", on=STORY_DAY, rules=RULES, today=TODAY)
    for item in result.items:
        if item.value.currency == "USD":
            assert item.quote is None, item.rule.id
            assert item.amount_in_rule_currency == Decimal("900000")
        else:
            assert item.quote is not None, item.rule.id


def test_result_records_the_request() -> None:
    """The result carries the amount, period, date, locale and rules version it was made with."""
    result = equivalents(
        "75000", "USD", period=Period.MONTH, on=STORY_DAY, rules=RULES, locale="ms", today=TODAY
    )
    assert (result.amount.amount, result.amount.currency) == (Decimal("75000"), "USD")
    assert result.period is Period.MONTH
    assert result.requested_date == STORY_DAY
    assert result.locale == "ms"
    assert result.rules_version == RULES.version
    # The default selection for USD, less the rules with no value on the story day.
    assert [i.rule.id for i in result.items] == [
        "big-mac-us",
        "sag-aftra-health-eligibility",
        "sag-aftra-background-actor-day-reported",
        "sag-aftra-members-87-percent-line",
        "us-federal-minimum-wage",
        "my-minimum-wage",
    ]
    assert [n.rule.id for n in result.not_in_force] == [
        "sag-aftra-background-actor-day",
        "sag-aftra-premium-participant",
        "sag-aftra-premium-one-dependent",
        "sag-aftra-premium-family",
    ]


def test_default_answer_in_ringgit_has_the_malaysian_big_mac_price() -> None:
    """No rules asked for: the US price and the local price of the amount's currency."""
    result = equivalents("4000000", "MYR", on=STORY_DAY, rules=RULES, today=TODAY)
    assert [i.rule.id for i in result.items][:2] == ["big-mac-us", "big-mac-my"]
    in_yen = equivalents("1000000", "JPY", on=STORY_DAY, rules=RULES, today=TODAY)
    assert [i.rule.id for i in in_yen.items][:2] == ["big-mac-us", "big-mac-jp"]


def test_selection_by_tag_keeps_table_order() -> None:
    """select=['story'] gives the story rules in table order."""
    result = equivalents("900000", "USD", on=STORY_DAY, select=["story"], today=TODAY)
    assert [i.rule.id for i in result.items] == [
        "sag-aftra-health-eligibility",
        "sag-aftra-background-actor-day-reported",
        "sag-aftra-members-87-percent-line",
    ]


@given(AMOUNTS, st.integers(2, 1000), st.sampled_from(CURRENCIES), st.sampled_from(RULE_IDS), DAYS)
def test_counts_scale_linearly(
    amount: Decimal, k: int, currency: str, rule_id: str, day: dt.date
) -> None:
    """k times the amount gives k times the exact count."""
    one = _one(amount, currency, rule_id, on=day).count
    many = _one(amount * k, currency, rule_id, on=day).count
    assert _close(many, WORK_CONTEXT.multiply(one, k), "1e-55")


@given(AMOUNTS, st.sampled_from(CURRENCIES), st.sampled_from(RULE_IDS), DAYS)
def test_counting_after_converting_gives_the_same_count(
    amount: Decimal, currency: str, rule_id: str, day: dt.date
) -> None:
    """convert() into the rule's currency, then divide by the rule: the same exact count."""
    rule = RULES.rules[rule_id]
    value = rule.value_on(day)
    assert value is not None
    item = _one(amount, currency, rule_id, on=day)
    assert item.value is value
    converted = convert(amount, currency, value.currency, on=day, today=TODAY).exact.amount
    divisor = value.amount
    if rule.kind in (RuleKind.THRESHOLD, RuleKind.COST):
        divisor = value.amount * PER_YEAR[rule.per.value]  # a year's pay against a yearly figure
    expected = WORK_CONTEXT.divide(converted, divisor)
    assert _close(item.count, expected, "1e-50")
    assert _close(item.amount_in_rule_currency, converted, "1e-50")


@given(
    AMOUNTS,
    st.sampled_from([r.id for r in RULES.rules.values() if r.kind in ("threshold", "cost")]),
    st.sampled_from(list(Period)),
    st.sampled_from(list(PRESETS.values())),
)
def test_threshold_and_cost_counts_follow_convert_period(
    amount: Decimal, rule_id: str, period: Period, schedule: Any
) -> None:
    """A threshold or cost count for pay per any period equals the count for its yearly
    equivalent (periods.convert_period, same schedule)."""
    yearly = convert_period(amount, period, Period.YEAR, schedule)
    on = PREMIUM_DAY if rule_id in COST_IDS else STORY_DAY
    per_period = _one(amount, "USD", rule_id, period=period, schedule=schedule, on=on).count
    per_year = _one(yearly, "USD", rule_id, period=Period.YEAR, schedule=schedule, on=on).count
    assert _close(per_period, per_year, "1e-50")


def test_monthly_pay_against_the_2023_threshold() -> None:
    """USD 75,000 a month is USD 900,000 a year: the same whole number of actors."""
    item = _one("75000", rule_id="sag-aftra-health-eligibility", period=Period.MONTH)
    yearly = _one("900000", rule_id="sag-aftra-health-eligibility")
    assert item.shown == yearly.shown
    assert (
        "USD\u00a075,000 a month is enough to meet the SAG-AFTRA Health Plan earnings "
        f"threshold of {item.shown} actors" in item.sentence
    )


def test_below_one_threshold_is_a_share_of_one_actor() -> None:
    """Below one threshold the sentence gives the share of one, rounded down: never 0.94 actors."""
    item = _one("25000", rule_id="sag-aftra-health-eligibility")
    percent = int(Fraction(2500000) / Fraction(item.value.amount))
    assert item.shown == 0
    assert (
        f"USD\u00a025,000 a year is {percent}% of the SAG-AFTRA Health Plan earnings "
        "threshold of one actor" in item.sentence
    )


@given(
    AMOUNTS,
    st.sampled_from([i for i in RULE_IDS if RULES.rules[i].kind in ("price", "wage")]),
    st.sampled_from(list(Period)),
)
def test_price_and_wage_counts_ignore_the_amounts_period(
    amount: Decimal, rule_id: str, period: Period
) -> None:
    """Prices and wages divide the amount as a sum: its pay period does not change the count."""
    assert _one(amount, "USD", rule_id, period=period).count == _one(amount, "USD", rule_id).count


def _day(rule_id: str) -> dt.date:
    """A day the rule has a value: the story day, or the last day its source covers."""
    return {
        "sag-aftra-background-actor-day": UNION_RATE_DAY,
        "sag-aftra-premium-participant": PREMIUM_DAY,
    }.get(rule_id, STORY_DAY)


@st.composite
def _rule_and_amount(draw: st.DrawFn) -> tuple[str, Decimal]:
    """An English-labelled rule and an amount, often a small multiple of the rule's figure."""
    rule_id = draw(
        st.sampled_from(
            [
                "sag-aftra-background-actor-day",
                "us-federal-minimum-wage",
                "big-mac-us",
                "sag-aftra-health-eligibility",
                "sag-aftra-premium-participant",
                "sag-aftra-members-87-percent-line",
            ]
        )
    )
    rule = RULES.rules[rule_id]
    value = rule.value_on(_day(rule_id))
    assert value is not None
    per_year = PER_YEAR.get(rule.per.value, Decimal(1)) if rule.kind == "cost" else Decimal(1)
    multiple = st.integers(1, 3).map(lambda k: value.amount * per_year * k)
    return rule_id, draw(st.one_of(multiple, AMOUNTS))


@given(_rule_and_amount())
def test_english_label_form_follows_cldr_plural_of_the_shown_count(
    case: tuple[str, Decimal],
) -> None:
    """The label's plural form is CLDR's for the number as printed: 1.0 prints "1", so 'one'."""
    rule_id, amount = case
    rule = RULES.rules[rule_id]
    item = _one(amount, "USD", rule_id, on=_day(rule_id))

    def says(label: str) -> bool:
        return re.search(rf"(?<![\w']){re.escape(label)}(?![\w'])", item.sentence) is not None

    if item.shown == 0 and rule.kind != "wage":  # below one: the share of one, singular
        assert "% of" in item.sentence and " 0% " not in item.sentence
        assert says(rule.labels["en"]["one"])
        return
    printed = Decimal(format_count(item.shown, "en").replace(",", ""))
    category = Locale.parse("en").plural_form(printed)
    other_category = "other" if category == "one" else "one"
    assert says(rule.labels["en"][category])
    assert not says(rule.labels["en"][other_category])


def test_one_day_is_singular_and_two_days_plural() -> None:
    """USD 162 is '1 day of background-actor pay'; USD 324 is '2 days of …'."""
    one = _one("162", rule_id="sag-aftra-background-actor-day", on=UNION_RATE_DAY)
    two = _one("324", rule_id="sag-aftra-background-actor-day", on=UNION_RATE_DAY)
    assert "is 1 day of background-actor pay" in one.sentence
    assert "is 2 days of background-actor pay" in two.sentence


def _rule_of(kind: str, per: str) -> Rule:
    return next(r for r in RULES.rules.values() if r.kind == kind and r.per == per)


# shown_count per kind:
# - price, cost and threshold: whole items or people, rounded down (ROUND_FLOOR), so "buys N",
#   "keeps paying N" and "meets the threshold of N" stay true;
# - wage (a duration): one decimal, half-even;
# - a duration below 1: two significant digits.
@pytest.mark.parametrize(
    ("kind", "per", "count", "shown"),
    [
        ("price", "item", "161290.3225806", "161290"),
        ("price", "item", "2.999", "2"),
        ("price", "item", "1", "1"),
        ("wage", "hour", "124137.931", "124137.9"),
        ("wage", "day", "2.5", "2.5"),
        ("wage", "day", "3.55", "3.6"),
        ("wage", "day", "4500", "4500"),
        ("wage", "month", "2729.704", "2729.7"),
        ("wage", "year", "34.615384", "34.6"),
        ("threshold", "year", "34.615384", "34"),
        ("threshold", "year", "34.99", "34"),
        ("threshold", "year", "99.94", "99"),
        ("threshold", "year", "100.4", "100"),
        ("cost", "quarter", "423.7288", "423"),
        ("cost", "quarter", "423.99999", "423"),
        ("cost", "quarter", "600", "600"),
        ("cost", "quarter", "0.75", "0"),
        ("wage", "day", "0.25", "0.25"),
        ("price", "item", "0.9857", "0"),
        ("threshold", "year", "0.9444", "0"),
        ("price", "item", "0.0123456", "0"),
        ("wage", "hour", "0.049", "0.049"),
    ],
)
def test_shown_count_per_kind(kind: str, per: str, count: str, shown: str) -> None:
    """shown_count rounds by kind: prices, costs and thresholds down to whole items or people,
    durations (wages) to 0.1, below 1 to 2 significant digits."""
    assert shown_count(Decimal(count), _rule_of(kind, per)) == Decimal(shown)


@pytest.mark.parametrize(
    ("amount", "currency", "select", "error", "field"),
    [
        ("NaN", "USD", None, AmountNotFiniteError, "amount"),
        (Decimal("Infinity"), "USD", None, AmountNotFiniteError, "amount"),
        ("-900000", "USD", None, AmountNotPositiveError, "amount"),
        (Decimal("-5"), "USD", None, AmountNotPositiveError, "amount"),
        ("0", "USD", None, AmountNotPositiveError, "amount"),
        ("900000", "usd", None, CurrencyCaseError, "currency"),
        ("900000", "ZZZ", None, UnknownCurrencyError, "currency"),
        ("900000", "USD", ["no-such-tag"], UnknownRuleError, "select"),
        ("900000", "USD", ["story", "Story"], UnknownRuleError, "select"),
    ],
)
def test_hostile_inputs_raise_documented_errors(
    amount: Any, currency: str, select: list[str] | None, error: type[Exception], field: str
) -> None:
    """Bad amounts, currency codes and rule selectors raise the documented error and field."""
    with pytest.raises(error) as caught:
        equivalents(amount, currency, on=STORY_DAY, rules=RULES, select=select, today=TODAY)
    assert getattr(caught.value, "field", None) == field


@pytest.mark.parametrize("amount", [900000.0, True, None])
def test_float_amounts_are_refused(amount: object) -> None:
    """A float (or other inexact type) is a TypeError: money must be exact."""
    with pytest.raises(TypeError, match="must be a str, Decimal or int"):
        equivalents(amount, "USD", on=STORY_DAY, rules=RULES, today=TODAY)  # type: ignore[arg-type]


def test_premiums_are_whole_and_never_overstated() -> None:
    """USD 900,000 a year pays for 423.7 quarterly premiums of USD 531: it says 423, not 424."""
    item = _one("900000", rule_id="sag-aftra-premium-one-dependent", on=PREMIUM_DAY)
    assert 423 < item.count < 424
    assert item.shown == 423
    assert item.approximate is False
    assert "keep paying 423 members' own" in item.sentence
    assert "about" not in item.sentence


PRICE_IDS = [i for i in RULE_IDS if RULES.rules[i].kind == "price"]
#: A price rule with a day it is in force, or a cost rule with a day of 2021-2022.
ITEM_CASES = st.tuples(st.sampled_from(PRICE_IDS), DAYS) | st.tuples(
    st.sampled_from(COST_IDS), COST_DAYS
)


@given(AMOUNTS, st.sampled_from(CURRENCIES), ITEM_CASES)
def test_whole_item_counts_never_overstate(
    amount: Decimal, currency: str, case: tuple[str, dt.date]
) -> None:
    """Prices and costs: count shown × price ≤ the amount, exactly; one more would not fit."""
    rule_id, day = case
    item = _one(amount, currency, rule_id, on=day)
    rule = RULES.rules[rule_id]
    assert item.shown == item.shown.to_integral_value()
    assert not item.approximate
    # The amount on the rule's period, in the rule's currency, as exact fractions.
    quote = item.quote
    money = Fraction(amount)
    if quote is not None:
        money = money * Fraction(quote.numerator) / Fraction(quote.denominator)
    if rule.kind == "cost":
        money = money / Fraction(PER_YEAR[rule.per.value])  # a year's pay on the cost's period
    price = Fraction(item.value.amount)
    assert Fraction(item.shown) * price <= money
    assert (Fraction(item.shown) + 1) * price > money
