"""Express an amount as equivalents: N Big Macs, N background-actor days, N actors' eligibility.

How a count is made depends on the rule's kind:

- **price** (per item): the amount buys ``amount ÷ price`` items, counted in
  whole items rounded down (it never says more were bought than fit).
- **wage** (per hour, day, … year): the amount is ``amount ÷ wage`` of the
  wage's periods: a year's pay of USD 900,000 is 4,500 days at USD 200 a day.
- **threshold** and **cost** (per period): the amount is first put on the
  rule's period with the work schedule (a year's pay is a quarter of it per
  quarter), then divided: USD 900,000 a year meets the USD 26,470-a-year
  threshold of 34 actors, or keeps paying 600 members' USD 375 quarterly
  premiums. Both, like a price, count people or items: whole numbers rounded
  down; below one, the sentence gives the share of one ("94% of one actor's
  threshold"). A wage is a duration, shown to one decimal with "about".

Each rule is applied with its value in force on the date asked (today, UTC,
when no date is given); a rule with no value in force that day is left out
of the sentences and listed in ``not_in_force`` with the reason. A rule whose
currency the rate source cannot reach on that date (the ECB publishes no AED
rate, and stopped publishing RUB in March 2022) is left out too, and listed in
``not_converted`` with the reason: asking for every country's Big Mac answers
with those the rates reach, not with an error.

When the rule's currency differs, the amount goes through the same quote a
conversion would use, and the quote is attached. Counts are exact; the
number shown is rounded per kind (see :func:`shown_count`): people and items
(prices, costs, thresholds) are floored, so the sentence stays true without
"about"; a duration (wages) is marked "about" when its rounding changed it.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Literal, NamedTuple

import msgspec

from wagecalc.arguments import (
    BasisLike,
    DateLike,
    PeriodLike,
    ScheduleLike,
    as_basis,
    as_dates,
    as_period,
    as_schedule,
)
from wagecalc.conversion import AmountLike, as_amount, default_source, relabel_field
from wagecalc.currencies import validate_currency
from wagecalc.errors import (
    InvalidPeriodError,
    InvalidRuleSelectorError,
    RateUnavailableError,
    UnknownRuleError,
    UnsupportedCurrencyError,
)
from wagecalc.formatting import (
    count_formatter,
    format_money_compact,
    format_money_prose,
    format_percent_floor,
    plural_categories,
    plural_category,
)
from wagecalc.locales import SUPPORTED_LOCALES, negotiate_locale
from wagecalc.memo import BoundedMemo
from wagecalc.money import WORK_CONTEXT, Money, round_to_minor_units
from wagecalc.patterns import Pattern, compile_template
from wagecalc.periods import DEFAULT_SCHEDULE, Period, WorkSchedule
from wagecalc.prices import (
    MonthLike,
    PriceAdjustment,
    PriceIndex,
    adjust_for_prices,
    month_of,
    parse_month,
)
from wagecalc.rates.quotes import SPOT, Basis, Quote, RateSource
from wagecalc.rules import Rule, RuleKind, RulePer, RuleSet, RuleValue, default_rules
from wagecalc.sentences import (
    about_template,
    below_one_template,
    kind_name,
    no_value_after,
    no_value_before,
    not_converted_sentence,
    not_in_force_after_sentence,
    not_in_force_sentence,
    per_phrase,
    rule_template,
)

__all__ = [
    "Equivalent",
    "EquivalentsResult",
    "NotConverted",
    "NotInForce",
    "RulePerName",
    "equivalents",
    "rule_per_year",
    "rule_selectors",
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
    carried_forward: bool = False
    """The date asked is past the period the value's source states (``value.through``):
    the last sourced period's figure is used, and the answer says so."""


class NotInForce(msgspec.Struct, frozen=True, kw_only=True):
    """A selected rule that had no value on the date asked, and why."""

    rule: Rule
    reason: str
    """``'none held before 2022-05-01'``, in the answer's locale."""
    sentence: str = ""
    """The same in a sentence for readers: ``'No SAG-AFTRA Health Plan earnings threshold is
    held for 2019-06-01: the first one held is in force from 2021-01-01.'``"""


class NotConverted(msgspec.Struct, frozen=True, kw_only=True):
    """A selected rule left out because the rate source cannot convert the amount into its
    currency on the date asked: a currency it does not publish, or not on that date."""

    rule: Rule
    currency: str
    """The currency of the rule's value in force (``'AED'``)."""
    reason: str
    """``'no AED rate published'``, ``'no RUB rate for 2023-07-26'``, in the answer's locale."""
    sentence: str
    """The same for readers: ``'No Big Mac price in the United Arab Emirates can be shown:
    the exchange rates used (European Central Bank) include no AED rate.'``"""


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
    not_converted: list[NotConverted] = msgspec.field(default_factory=list)
    """Selected rules whose currency the rate source cannot convert into on the date
    asked, left out of ``items``, in table order."""
    prices: PriceAdjustment | None = None
    """With ``in_prices_of``: the amount moved from the month of the date asked into that
    month's prices; the sentences use the moved amount, and the rules their values in
    force at the end of that month (``rules_date``)."""


#: The periods a rule's amount can be per, by name (a :data:`~typing.Literal`:
#: ``mypy --strict`` catches ``rule_per_year("fortnight", …)``); ``item`` is not a period.
RulePerName = Literal["hour", "day", "week", "month", "quarter", "year"]
_RULE_PERIODS = {p.value: p for p in RulePer if p is not RulePer.ITEM}


def rule_per_year(per: RulePer | RulePerName, schedule: ScheduleLike) -> Decimal:
    """How many of a rule's periods a year holds (a quarter is a quarter of a calendar year).

    ``per`` is a :class:`~wagecalc.rules.RulePer` other than ``ITEM``, or its value;
    anything else is an :class:`~wagecalc.errors.InvalidPeriodError` naming ``per`` and
    listing the choices."""
    if not isinstance(per, RulePer):
        if not isinstance(per, str):
            raise TypeError(f"per must be a RulePer or its value, not {type(per).__name__}")
        found = _RULE_PERIODS.get(per)
        if found is None:
            raise InvalidPeriodError(
                f"per {per[:20]!r} is not a rule period: use one of {', '.join(_RULE_PERIODS)}",
                field="per",
            )
        per = found
    if per is RulePer.ITEM:
        raise InvalidPeriodError(
            f"per 'item' is not a period (a price is per item): use one of "
            f"{', '.join(_RULE_PERIODS)}",
            field="per",
        )
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

    Prices, costs and thresholds (what an amount buys, keeps paying, or how many
    people's threshold it meets) are whole items or people rounded down
    (ROUND_FLOOR): "buys 161,290 Big Macs" when 161,290.3 fit, "34 actors" when
    34.0 fit, 0 below one (the sentence then gives the share of one). Durations
    (wages) keep one decimal, half-even, and say "about" when that rounding
    changed the figure; below 1, two significant digits.
    """
    # Positional Decimal arguments throughout: keyword parsing costs more than the rounding.
    if rule.kind in _WHOLE_ITEMS:
        return count.to_integral_value(decimal.ROUND_FLOOR, WORK_CONTEXT)
    return _shown_ratio(count, _in_whole_units(rule))


def _in_whole_units(rule: Rule) -> bool:
    """Whether a duration is shown in whole units: never (durations keep one decimal);
    kept as a hook for the plans, which record it per rule."""
    return False


def _shown_ratio(count: Decimal, whole: bool) -> Decimal:
    """:func:`shown_count` of a duration (a wage); ``whole``: see _in_whole_units."""
    if count < 1:
        return count.quantize(
            Decimal(1).scaleb(count.adjusted() - 1), decimal.ROUND_HALF_EVEN, WORK_CONTEXT
        )
    places = _ONE if whole else _TENTH
    shown = count.quantize(places, decimal.ROUND_HALF_EVEN, WORK_CONTEXT)
    # 4500.0 is shown (and given in the JSON) as 4500, as the sentence prints it.
    return shown if shown != shown.to_integral_value() else shown.quantize(_ONE)


#: Kinds that count people or items, in whole numbers rounded down: what an amount buys
#: (price), keeps paying (cost), or whose earnings threshold it meets (threshold).
_WHOLE_ITEMS = frozenset({RuleKind.PRICE, RuleKind.COST, RuleKind.THRESHOLD})
_ONE, _TENTH = Decimal(1), Decimal("0.1")


def equivalents(
    amount: AmountLike,
    currency: str,
    *,
    period: PeriodLike = Period.YEAR,
    on: DateLike | None = None,
    schedule: ScheduleLike = DEFAULT_SCHEDULE,
    rules: RuleSet | Iterable[str] | str | None = None,
    select: Iterable[str] | str | None = None,
    locale: str = "en",
    compact: bool = False,
    basis: BasisLike = SPOT,
    source: RateSource | None = None,
    today: DateLike | None = None,
    in_prices_of: MonthLike | None = None,
    price_indexes: Mapping[str, PriceIndex] | None = None,
) -> EquivalentsResult:
    """``amount`` of ``currency`` per ``period`` against each selected rule (ids or tags).

    ``in_prices_of`` (``"2026-08"``) sets a salary of one year against the rules of
    another, in one set of prices: the amount is moved, with ``currency``'s price index,
    from the month of ``on`` (today's when no date is given) into that month's prices,
    and each rule is applied with its value in force on that month's last day
    (``rules_date``); a rule in another currency is reached at the rate of ``on``.
    ``result.prices`` states the index, its values and months. No index for
    ``currency``, or a month outside it, is a :class:`~wagecalc.errors.NoPriceIndexError`
    naming ``currency``, ``on`` or ``in_prices_of``.

    ``rules`` selects rules as the CLI's ``--rules`` and the API's ``rules`` do: a
    list of ids and tags or one comma-separated string (``"story,big-mac"``). A
    selection that names nothing (``""``, ``" "``, ``[]``) or has an empty part
    (``"story,"``) is refused as the API refuses it: an
    :class:`~wagecalc.errors.InvalidRuleSelectorError` naming ``rules`` (``select``
    with a RuleSet); an unknown id or tag is an :class:`~wagecalc.errors.UnknownRuleError`.
    A rule whose currency the rate source cannot reach on the date is listed in
    ``result.not_converted`` with the reason, not raised. By
    default, the default selection of :func:`~wagecalc.rules.default_rules` (read
    once per process; see :meth:`~wagecalc.rules.RuleSet.default_selection`). To use
    other tables, pass a :class:`~wagecalc.rules.RuleSet` from
    :func:`~wagecalc.rules.load_rules` as ``rules`` and the ids and tags as
    ``select``. Periods, the schedule, the basis and the dates may be typed or
    given as their documented strings (:mod:`wagecalc.arguments`).

    >>> r = equivalents("900000", "USD", on=dt.date(2023, 7, 26),
    ...                 select=["sag-aftra-health-eligibility"])
    >>> r.items[0].sentence[:57]
    'USD\\xa0900,000 a year is enough to meet the SAG-AFTRA Health'
    """
    value = as_amount(amount)
    validate_currency(currency, field="currency")
    period, schedule, basis = as_period(period), as_schedule(schedule), as_basis(basis)
    on, today = as_dates(on, today)
    if rules is None or isinstance(rules, RuleSet):
        rule_set, field = rules or default_rules(), "select"
    elif select is not None:
        raise TypeError(
            "rules is a selection (ids and tags) here and select is one too: give the ids "
            "and tags once, or pass a RuleSet as rules and the selection as select"
        )
    else:
        rule_set, select, field = default_rules(), rules, "rules"
    selectors = rule_selectors(select, field)
    locale = locale if locale in SUPPORTED_LOCALES else negotiate_locale(locale)
    prices = None
    if in_prices_of is not None:  # the index is looked up only when asked for
        prices = adjust_for_prices(
            value,
            currency,
            month_of(on, today),
            parse_month(in_prices_of, field="in_prices_of"),
            indexes=price_indexes,
            fields=("currency", "on", "in_prices_of"),
        )
    rules_date = (
        prices.to_month.last_day if prices else on or today or dt.datetime.now(dt.UTC).date()
    )
    try:
        chosen = _chosen(rule_set, selectors, rules_date, currency, locale, compact)
    except UnknownRuleError as exc:
        raise relabel_field(exc, {"rules": field}) from None
    rate_source = source or default_source()
    shown_amount = prices.adjusted.amount if prices else round_to_minor_units(value, currency)
    amount_text = (format_money_compact if compact else format_money_prose)(
        shown_amount, currency, locale
    )
    asked = _Asked(
        value=prices.exact if prices else value,  # moved, unrounded: one rounding, at the edge
        currency=currency,
        on=on,
        basis=basis,
        source=rate_source,
        today=today,
        locale=locale,
        amount_text=amount_text,
        per_text=per_phrase(period, locale),
        period=period,
        schedule=schedule,
        rules_date=rules_date,
    )
    not_converted: list[NotConverted] = []
    return EquivalentsResult(
        amount=Money(value, currency),
        period=period,
        requested_date=on,
        schedule=schedule,
        locale=locale,
        rules_version=rule_set.version,
        rules_date=rules_date,
        items=_apply(chosen.plans, asked, not_converted) if chosen.plans else [],
        not_in_force=list(chosen.not_in_force),
        not_converted=not_converted,
        prices=prices,
    )


def rule_selectors(
    select: Iterable[str] | str | None, field: str = "rules"
) -> tuple[str, ...] | None:
    """Ids and tags as a tuple (None: no selection, the default one); one string is a
    comma-separated list, as in the CLI and API, each part stripped of blanks.

    What the HTTP API refuses is refused here too, with an
    :class:`~wagecalc.errors.InvalidRuleSelectorError` naming ``field``: a selection that
    names nothing (``""``, ``" "``, ``[]``) and an empty part (``"story,"``,
    ``["story", ""]``). An empty selection never means "every rule".
    """
    if select is None:
        return None
    if isinstance(select, str):
        selectors = tuple(part.strip() for part in select.split(","))
    elif isinstance(select, RuleSet):
        raise TypeError(f"{field} takes rule ids and tags; pass the RuleSet as rules")
    else:
        selectors = tuple(select)
        if not all(isinstance(part, str) for part in selectors):
            raise TypeError(f"{field} must hold rule ids and tags (str)")
    if not selectors or not all(part.strip() for part in selectors):
        shown = select if isinstance(select, str) else ",".join(selectors)
        shown = shown if len(shown) <= 20 else shown[:20] + "…"
        raise InvalidRuleSelectorError(
            f"{field} {shown!r} is not comma-separated rule ids or tags: "
            + ("it names none" if not "".join(selectors).strip() else "one of them is empty"),
            field=field,
        )
    return selectors


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
    period: Period
    schedule: WorkSchedule
    rules_date: dt.date


# What does not depend on the amount is made once and remembered: which rules a
# selection names and the value each has in force on a date, and for each value
# its figure, labels and sentence template in the answer's locale. A request then
# only converts (one quote per currency), divides, rounds and formats its counts.
# Keys hold object identities (rule sets, rules, values: their structs hold dicts,
# and equal Decimals may differ in exponent) and the entry keeps the objects, so an
# id cannot be reused while its entry lives; rates are never part of an entry.


class _RulePlan(NamedTuple):
    """A rule's value as a request in one currency and locale applies it."""

    rule: Rule
    value: RuleValue
    converted: bool
    """The value's currency differs from the amount's: a quote is needed."""
    per_period: bool
    """A threshold or cost: the amount is first put on the rule's period."""
    floored: bool
    """Counted in whole items, rounded down (prices and costs)."""
    whole: bool
    """A ratio shown in whole units (hourly and daily wages): see :func:`shown_count`."""
    sentence: Pattern
    """The kind's sentence in the locale, the rule's figure and period filled in: the
    request's amount, period, count and label are filled in per request (_SENTENCE_FIELDS)."""
    below_one: Pattern | None
    """The sentence for a count below one: the share of one, as a percentage (the count
    field holds the percentage); None for wages."""
    labels: dict[str, str]
    """The rule's label for each plural category of the locale."""
    label: str | None
    """The one label when every category has the same (no plural lookup needed), else None."""


class _Chosen(NamedTuple):
    """The rules a selection names, on one date, for one currency and locale."""

    rule_set: RuleSet
    plans: tuple[_RulePlan, ...]
    not_in_force: tuple[NotInForce, ...]


_MEMO_SIZE = 1024
_CHOSEN: BoundedMemo[tuple[object, ...], _Chosen] = BoundedMemo(_MEMO_SIZE)
_PLANS: BoundedMemo[tuple[object, ...], _RulePlan] = BoundedMemo(4 * _MEMO_SIZE)
_FACTORS: BoundedMemo[int, tuple[WorkSchedule, dict[RulePer, Decimal]]] = BoundedMemo(64)
#: The memos, for tests that check they stay bounded.
MEMOS: tuple[BoundedMemo[Any, Any], ...] = (_CHOSEN, _PLANS, _FACTORS)


def _chosen(
    rule_set: RuleSet,
    selectors: tuple[str, ...] | None,
    on: dt.date,
    currency: str,
    locale: str,
    compact: bool = False,
) -> _Chosen:
    key = (id(rule_set), selectors, on, currency, locale, compact)
    found = _CHOSEN.get(key)
    if found is not None:
        return found
    plans = []
    not_in_force = []
    selected = (
        rule_set.default_selection(currency) if selectors is None else rule_set.select(selectors)
    )
    for rule in selected:
        in_force = rule.value_on(on)
        if in_force is None:
            # None before the first value, or after a value whose source's period ended.
            last = rule.last_through(on)
            name = _rule_name(rule, locale)
            if last is None:
                first = rule.values[0].in_force_from
                reason = no_value_before(first, locale)
                sentence = not_in_force_sentence(name, first, on, locale)
            else:
                reason = no_value_after(last, locale)
                sentence = not_in_force_after_sentence(name, last, on, locale)
            not_in_force.append(NotInForce(rule=rule, reason=reason, sentence=sentence))
        else:
            plans.append(_plan(rule, in_force, currency, locale, compact))
    return _CHOSEN.remember(key, _Chosen(rule_set, tuple(plans), tuple(not_in_force)))


def _rule_name(rule: Rule, locale: str) -> str:
    """What a sentence that names the rule calls it: its table's name, else its kind's
    ("price of one …")."""
    return rule.name(locale) or kind_name(rule.kind, locale, rule.label(locale, "one"))


def _plan(
    rule: Rule, value: RuleValue, currency: str, locale: str, compact: bool = False
) -> _RulePlan:
    key = (id(rule), id(value), currency, locale, compact)
    found = _PLANS.get(key)
    if found is not None:
        return found
    labels = {category: rule.label(locale, category) for category in plural_categories(locale)}
    distinct = set(labels.values())
    # One style of number per sentence: a compact amount gets a compact (exact) figure.
    rule_amount = (
        format_money_compact(value.amount, value.currency, locale, exact=True)
        if compact
        else format_money_prose(value.amount, value.currency, locale)
    )
    fixed = {
        "rule_amount": rule_amount,
        "rule_per": per_phrase(rule.per, locale),
        "name": _rule_name(rule, locale),
    }
    below = below_one_template(rule.kind, locale)
    return _PLANS.remember(
        key,
        _RulePlan(
            rule=rule,
            value=value,
            converted=value.currency != currency,
            per_period=rule.kind in (RuleKind.THRESHOLD, RuleKind.COST),
            floored=rule.kind in _WHOLE_ITEMS,
            whole=_in_whole_units(rule),
            sentence=compile_template(rule_template(rule.kind, locale), _SENTENCE_FIELDS, fixed),
            below_one=None
            if below is None
            else compile_template(
                below, _BELOW_ONE_FIELDS, {**fixed, "label": rule.label(locale, "one")}
            ),
            labels=labels,
            label=distinct.pop() if len(distinct) == 1 else None,
        ),
    )


_SENTENCE_FIELDS = ("amount", "per", "count", "label")
_BELOW_ONE_FIELDS = ("amount", "per", "percent")


@functools.lru_cache(maxsize=64)
def _about(locale: str) -> Pattern:
    return compile_template(about_template(locale), ("count",), {})


def _rule_factors(schedule: WorkSchedule) -> dict[RulePer, Decimal]:
    """:func:`rule_periods_per_year`, remembered per schedule object (presets repeat)."""
    found = _FACTORS.get(id(schedule))
    if found is not None:
        return found[1]
    return _FACTORS.remember(id(schedule), (schedule, rule_periods_per_year(schedule)))[1]


def _apply(
    plans: Iterable[_RulePlan], asked: _Asked, not_converted: list[NotConverted]
) -> list[Equivalent]:
    """Each plan applied to the amount: the only work that depends on it. A plan whose
    currency the source cannot reach is added to ``not_converted`` instead."""
    value, locale = asked.value, asked.locale
    multiply, divide = WORK_CONTEXT.multiply, WORK_CONTEXT.divide
    count_text_of = count_formatter(locale)
    about = _about(locale)
    amount_text, per_text = asked.amount_text, asked.per_text
    periods_per_year = asked.schedule.per_year(asked.period)
    factors = _rule_factors(asked.schedule)
    #: rule currency → (quote, amount × quote numerator, amount in that currency)
    converted: dict[str, tuple[Quote, Decimal, Decimal]] = {}
    #: rule currency → the day it has no rate for (None: no rate at all), when unreachable
    unreachable: dict[str, dt.date | None] = {}
    items = []
    for plan in plans:
        in_force = plan.value
        quote = None
        numerator, denominator, in_rule_currency = value, in_force.amount, value
        if plan.converted:
            found = converted.get(in_force.currency)
            if found is None:
                if in_force.currency in unreachable:
                    not_converted.append(_not_converted(plan, asked, unreachable))
                    continue
                try:
                    quote = _quote(asked, in_force.currency)
                except _UnreachableError as exc:
                    unreachable[in_force.currency] = exc.day
                    not_converted.append(_not_converted(plan, asked, unreachable))
                    continue
                numerator = multiply(value, quote.numerator)
                found = quote, numerator, divide(numerator, quote.denominator)
                converted[in_force.currency] = found
            quote, numerator, in_rule_currency = found
            denominator = multiply(denominator, quote.denominator)
        if plan.per_period:
            numerator = multiply(numerator, periods_per_year)
            denominator = multiply(denominator, factors[plan.rule.per])
        count = divide(numerator, denominator)
        if plan.floored:
            # Whole items: the integer part of the exact ratio (divide_int is exact; the
            # 60-digit quotient could round 422.99…9 up to 423). "Buys N" and "pays for N"
            # stay true, so no "about"; any other rounding is "about".
            shown = WORK_CONTEXT.divide_int(numerator, denominator)
            approximate = False
            count_text = count_text_of(shown)
        else:
            shown = _shown_ratio(count, plan.whole)
            approximate = shown != count
            count_text = count_text_of(shown)
            if approximate:
                count_text = about.pattern % about.arrange((count_text,))
        if not shown and plan.below_one is not None:
            below = plan.below_one
            percent = format_percent_floor(count, locale)
            text = below.pattern % below.arrange((amount_text, per_text, percent))
        else:
            label = plan.label
            if label is None:
                category = plural_category(shown, locale)
                label = plan.labels.get(category) or plan.rule.label(locale, category)
            sentence = plan.sentence
            text = sentence.pattern % sentence.arrange((amount_text, per_text, count_text, label))
        items.append(
            Equivalent(
                rule=plan.rule,
                value=in_force,
                count=count,
                shown=shown,
                approximate=approximate,
                sentence=text,
                quote=quote,
                amount_in_rule_currency=in_rule_currency,
                carried_forward=plan.rule.carried_forward(in_force, asked.rules_date),
            )
        )
    return items


class _UnreachableError(Exception):
    """The source cannot convert into a rule's currency: ``day`` None, it publishes no
    rate for it; else it has none for that day (a currency it stopped publishing)."""

    def __init__(self, day: dt.date | None) -> None:
        super().__init__(day)
        self.day = day


def _quote(asked: _Asked, target: str) -> Quote:
    """The request's quote into ``target``: asked once per currency, not once per rule.

    When the fault is the rule's currency alone (the source does not publish it, or has
    no rate for it on the day asked while it has one for the amount's currency), an
    :class:`_UnreachableError`: the rule is listed in ``not_converted``. Any other failure
    (the amount's currency, a date before every rate) is the request's and is raised,
    the field named as the caller knows it."""
    try:
        return asked.source.quote(
            asked.currency, target, asked.on, basis=asked.basis, today=asked.today
        )
    except (UnsupportedCurrencyError, RateUnavailableError) as exc:
        if isinstance(exc, UnsupportedCurrencyError) and exc.field == "target":
            raise _UnreachableError(None) from None
        if isinstance(exc, RateUnavailableError) and exc.field in ("target", "on"):
            # The day the source would answer for: a date after its newest answers with that.
            last = asked.source.last_date()
            day = last if asked.on is None else min(asked.on, last)
            if _covers(asked.source, asked.currency, day) and not _covers(
                asked.source, target, day
            ):
                raise _UnreachableError(day) from None
        # The source speaks of base/target/on; here the currencies are the amount's and
        # the rules'.
        renamed = relabel_field(exc, _SOURCE_FIELDS)
        if renamed.field == "rules" and renamed.message.startswith(f"rules {target}"):
            # "target AED: …" says which currency; "rules AED: …" would not say whose it is.
            rest = renamed.message[len(f"rules {target}") :].lstrip(":").lstrip()
            renamed.message = f"rules: {target}, a selected rule's currency: {rest}"
            renamed.args = (renamed.message,)
        raise renamed from None


def _covers(source: RateSource, currency: str, day: dt.date) -> bool:
    """Whether ``source`` has rates for ``currency`` around ``day`` (its coverage's runs)."""
    found = source.coverage().get(currency)
    return found is not None and any(first <= day <= last for first, last in found.ranges)


def _not_converted(
    plan: _RulePlan, asked: _Asked, unreachable: dict[str, dt.date | None]
) -> NotConverted:
    rule, currency, locale = plan.rule, plan.value.currency, asked.locale
    name = _rule_name(rule, locale)
    reason, sentence = not_converted_sentence(
        name, currency, asked.source.info.publisher, unreachable[currency], locale
    )
    return NotConverted(rule=rule, currency=currency, reason=reason, sentence=sentence)


_SOURCE_FIELDS = {"base": "currency", "target": "rules"}
