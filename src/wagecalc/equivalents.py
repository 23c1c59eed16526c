"""Express an amount as equivalents: N Big Macs, N background-actor days, N actors' eligibility.

How a count is made depends on the rule's kind:

- **price** (per item): the amount buys ``amount ÷ price`` items, counted in
  whole items rounded down (it never says more were bought than fit).
- **wage** (per hour, day, … year): the amount is ``amount ÷ wage`` of the
  wage's periods: a year's pay of USD 900,000 is 4,500 days at USD 200 a day.
- **threshold** and **cost** (per period): the amount is first put on the
  rule's period with the work schedule (a year's pay is a quarter of it per
  quarter), then divided: USD 900,000 a year could qualify 34.6 actors at a
  USD 26,000-a-year threshold, or pay 600 quarterly premiums of USD 375.
  A cost, like a price, is counted in whole items rounded down; a threshold,
  like a wage, is a ratio shown to one decimal with "about".

Each rule is applied with its value in force on the date asked (today, UTC,
when no date is given); a rule with no value in force that day is left out
of the sentences and listed in ``not_in_force`` with the reason.

When the rule's currency differs, the amount goes through the same quote a
conversion would use, and the quote is attached. Counts are exact; the
number shown is rounded per kind (see :func:`shown_count`): items (prices,
costs) are floored, so the sentence stays true without "about"; a ratio
(wages, thresholds) is marked "about" when its rounding changed it.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

import msgspec

from wagecalc.arguments import (
    BasisLike,
    DateLike,
    PeriodLike,
    ScheduleLike,
    as_basis,
    as_date,
    as_period,
    as_schedule,
)
from wagecalc.conversion import AmountLike, as_amount, default_source, relabel_fields
from wagecalc.currencies import validate_currency
from wagecalc.formatting import format_count, format_money, format_money_compact, plural_category
from wagecalc.locales import SUPPORTED_LOCALES, negotiate_locale
from wagecalc.money import WORK_CONTEXT, Money, round_to_minor_units
from wagecalc.periods import DEFAULT_SCHEDULE, Period, WorkSchedule
from wagecalc.rates.quotes import SPOT, Basis, Quote, RateSource
from wagecalc.rules import Rule, RuleKind, RulePer, RuleSet, RuleValue, default_rules
from wagecalc.sentences import about, no_value_before, per_phrase, rule_sentence

__all__ = [
    "Equivalent",
    "EquivalentsResult",
    "NotInForce",
    "equivalents",
    "rule_per_year",
    "shown_count",
]


class Equivalent(msgspec.Struct, frozen=True, kw_only=True):
    """One rule applied to an amount."""

    rule: Rule
    value: RuleValue
    """The rule's value in force on the date asked: its amount, ``in_force_from`` and source."""
    count: Decimal
    """Exact (60 significant digits)."""
    shown: Decimal
    """``count`` rounded for people, per the rule's kind."""
    approximate: bool
    """True when ``shown`` is a rounding of ``count`` (the sentence says "about").

    Prices round down to whole items, which keeps "buys N" exactly true: not approximate."""
    sentence: str
    quote: Quote | None
    """The conversion into the rule's currency, when one was needed."""
    amount_in_rule_currency: Decimal
    """The amount (per its own period) in the rule's currency, exact."""


class NotInForce(msgspec.Struct, frozen=True, kw_only=True):
    """A selected rule that had no value on the date asked, and why."""

    rule: Rule
    reason: str
    """``'no value before 2022-05-01'``, in the answer's locale."""


class EquivalentsResult(msgspec.Struct, frozen=True, kw_only=True):
    amount: Money
    period: Period
    requested_date: dt.date | None
    schedule: WorkSchedule
    locale: str
    rules_version: str
    rules_date: dt.date
    """The date whose rule values were used: the date asked, or today (UTC) when none was."""
    items: list[Equivalent]
    not_in_force: list[NotInForce] = msgspec.field(default_factory=list)
    """Selected rules with no value in force on ``rules_date``, left out of ``items``."""


@functools.lru_cache(maxsize=1024)
def _rule_texts(amount: Decimal, currency: str, per: RulePer, locale: str) -> tuple[str, str]:
    """A rule's own figure and its period, as shown in ``locale``.

    The same dozen rules come back on every request: their texts are made once.
    """
    return format_money(amount, currency, locale), per_phrase(per, locale)


def rule_per_year(per: RulePer | str, schedule: ScheduleLike) -> Decimal:
    """How many of a rule's periods a year holds (a quarter is a quarter of a calendar year)."""
    if not isinstance(per, RulePer):
        if not isinstance(per, str):
            raise TypeError(f"per must be a RulePer or its value, not {type(per).__name__}")
        try:
            per = RulePer(per)
        except ValueError:
            raise ValueError(
                f"per {per[:20]!r} is not a rule period: use one of "
                + ", ".join(p.value for p in RulePer if p is not RulePer.ITEM)
            ) from None
    if per is RulePer.ITEM:
        raise ValueError("an item is not a period")
    return rule_periods_per_year(schedule)[per]


def rule_periods_per_year(schedule: ScheduleLike) -> dict[RulePer, Decimal]:
    """:func:`rule_per_year` of every period a rule can be per (all but ``item``)."""
    table = as_schedule(schedule).per_year_table()
    factors = {per: table[period] for per, period in _PAY_PERIODS.items()}
    factors[RulePer.QUARTER] = _FOUR
    return factors


#: The rule periods that are pay periods too (all but quarter and item).
_PAY_PERIODS = {per: Period(per.value) for per in RulePer if per.value in {p.value for p in Period}}
_FOUR = Decimal(4)


def shown_count(count: Decimal, rule: Rule) -> Decimal:
    """The count as people read it; a count of items never overstates.

    Prices and costs (what an amount buys or pays for) are whole items rounded
    down (ROUND_FLOOR): "buys 161,290 Big Macs" when 161,290.3 fit, "pays for
    423 premiums" when 423.7 fit, "buys 0" below one. Ratios (wages and
    thresholds) keep one decimal below 100 and whole numbers from 100 (whole
    hours or days for hourly and daily wages), half-even, and say "about" when
    that rounding changed the figure; below 1, two significant digits.
    """
    # Positional Decimal arguments throughout: keyword parsing costs more than the rounding.
    if rule.kind in _WHOLE_ITEMS:
        return count.to_integral_value(decimal.ROUND_FLOOR, WORK_CONTEXT)
    if count < 1:
        return count.quantize(
            Decimal(1).scaleb(count.adjusted() - 1), decimal.ROUND_HALF_EVEN, WORK_CONTEXT
        )
    whole = rule.kind is RuleKind.WAGE and rule.per in (RulePer.HOUR, RulePer.DAY)
    places = _ONE if whole or count >= 100 else _TENTH
    return count.quantize(places, decimal.ROUND_HALF_EVEN, WORK_CONTEXT)


#: Kinds counted in whole items, rounded down: what an amount buys (price) or pays for (cost).
_WHOLE_ITEMS = frozenset({RuleKind.PRICE, RuleKind.COST})
_ONE, _TENTH = Decimal(1), Decimal("0.1")


def equivalents(
    amount: AmountLike,
    currency: str,
    *,
    period: PeriodLike = Period.YEAR,
    on: DateLike | None = None,
    schedule: ScheduleLike = DEFAULT_SCHEDULE,
    rules: RuleSet | None = None,
    select: Iterable[str] | str | None = None,
    locale: str = "en",
    compact: bool = False,
    basis: BasisLike = SPOT,
    source: RateSource | None = None,
    today: DateLike | None = None,
) -> EquivalentsResult:
    """``amount`` of ``currency`` per ``period`` against each selected rule (ids or tags).

    ``select`` is a list of ids and tags or one comma-separated string
    (``"story,big-mac"``). Periods, the schedule, the basis and the dates may be
    typed or given as their documented strings (:mod:`wagecalc.arguments`).

    >>> r = equivalents("900000", "USD", on=dt.date(2023, 7, 26),
    ...                 select=["sag-aftra-health-eligibility"])
    >>> r.items[0].sentence[:60]
    '$900,000.00 a year could qualify about 34.6 actors and their'
    """
    value = as_amount(amount)
    validate_currency(currency, field="currency")
    period, schedule, basis = as_period(period), as_schedule(schedule), as_basis(basis)
    on, today = as_date(on), as_date(today, field="today")
    if isinstance(select, str):  # one string is a comma-separated list, as in the CLI and API
        select = [part.strip() for part in select.split(",") if part.strip()]
    locale = locale if locale in SUPPORTED_LOCALES else negotiate_locale(locale)
    rule_set = rules or default_rules()
    chosen = rule_set.select(select)
    rules_date = on or today or dt.datetime.now(dt.UTC).date()
    rate_source = source or default_source()
    shown_amount = round_to_minor_units(value, currency)
    amount_text = (format_money_compact if compact else format_money)(
        shown_amount, currency, locale
    )
    asked = _Asked(
        value=value,
        currency=currency,
        on=on,
        basis=basis,
        source=rate_source,
        today=today,
        locale=locale,
        amount_text=amount_text,
        per_text=per_phrase(period, locale),
        periods_per_year=schedule.per_year(period),
        rule_periods_per_year=rule_periods_per_year(schedule),
    )
    items = []
    not_in_force = []
    for rule in chosen:
        in_force = rule.value_on(rules_date)
        if in_force is None:
            # Values run from their date until the next one: only before the first is none.
            reason = no_value_before(rule.values[0].in_force_from, locale)
            not_in_force.append(NotInForce(rule=rule, reason=reason))
        else:
            items.append(_apply(rule, in_force, asked))
    return EquivalentsResult(
        amount=Money(value, currency),
        period=period,
        requested_date=on,
        schedule=schedule,
        locale=locale,
        rules_version=rule_set.version,
        rules_date=rules_date,
        items=items,
        not_in_force=not_in_force,
    )


class _Asked(NamedTuple):
    """One request, worked out once for all the rules it is applied to."""

    value: Decimal
    currency: str
    on: dt.date | None
    basis: Basis
    source: RateSource
    today: dt.date | None
    locale: str
    amount_text: str
    per_text: str
    periods_per_year: Decimal
    """How many of the amount's pay period a year holds."""
    rule_periods_per_year: dict[RulePer, Decimal]
    """The same for each period a rule can be per (all but ``item``)."""


def _apply(rule: Rule, in_force: RuleValue, asked: _Asked) -> Equivalent:
    value, currency, locale = asked.value, asked.currency, asked.locale
    quote = None
    numerator, denominator = value, in_force.amount
    if in_force.currency != currency:
        with relabel_fields({"from": "currency", "to": "rules"}):
            quote = asked.source.quote(
                currency, in_force.currency, asked.on, basis=asked.basis, today=asked.today
            )
        numerator = WORK_CONTEXT.multiply(numerator, quote.numerator)
        denominator = WORK_CONTEXT.multiply(denominator, quote.denominator)
    in_rule_currency = (
        value
        if quote is None
        else WORK_CONTEXT.divide(WORK_CONTEXT.multiply(value, quote.numerator), quote.denominator)
    )
    if rule.kind in (RuleKind.THRESHOLD, RuleKind.COST):
        numerator = WORK_CONTEXT.multiply(numerator, asked.periods_per_year)
        denominator = WORK_CONTEXT.multiply(denominator, asked.rule_periods_per_year[rule.per])
    count = WORK_CONTEXT.divide(numerator, denominator)
    floored = rule.kind in _WHOLE_ITEMS
    # Whole items: the integer part of the exact ratio (divide_int is exact; the 60-digit
    # quotient could round 422.99…9 up to 423). "Buys N" and "pays for N" stay true, so no
    # "about"; any other rounding is "about".
    shown = WORK_CONTEXT.divide_int(numerator, denominator) if floored else shown_count(count, rule)
    approximate = shown != count and not floored
    count_text = format_count(shown, locale)
    if approximate:
        count_text = about(count_text, locale)
    rule_amount, rule_per = _rule_texts(in_force.amount, in_force.currency, rule.per, locale)
    sentence = rule_sentence(
        rule.kind,
        locale,
        amount=asked.amount_text,
        per=asked.per_text,
        count=count_text,
        label=rule.label(locale, plural_category(shown, locale)),
        rule_amount=rule_amount,
        rule_per=rule_per,
    )
    return Equivalent(
        rule=rule,
        value=in_force,
        count=count,
        shown=shown,
        approximate=approximate,
        sentence=sentence,
        quote=quote,
        amount_in_rule_currency=in_rule_currency,
    )
