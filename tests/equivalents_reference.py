"""The equivalents answer computed the slow way: a frozen copy of the code before issue 14.

``equivalents()`` and ``equivalents_view()`` now reuse per-rule work that does
not depend on the amount (memoized per rule set, rule value, quote, locale …).
This module keeps the straightforward version they replaced, word for word
except for names, so that tests can check every answer is byte-identical:
same counts, same rounding, same sentences, same JSON.
"""

from __future__ import annotations

import datetime as dt
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
from wagecalc.equivalence import (
    _WHOLE_ITEMS,
    Equivalent,
    EquivalentsResult,
    NotConverted,
    NotInForce,
    rule_periods_per_year,
    shown_count,
)
from wagecalc.errors import InvalidRuleSelectorError, RateUnavailableError, UnsupportedCurrencyError
from wagecalc.formatting import (
    format_count,
    format_money,
    format_money_compact,
    format_money_prose,
    format_percent_floor,
    plural_category,
)
from wagecalc.locales import SUPPORTED_LOCALES, negotiate_locale
from wagecalc.money import WORK_CONTEXT, Money, round_to_minor_units
from wagecalc.periods import DEFAULT_SCHEDULE, Period
from wagecalc.rates.quotes import SPOT, Basis, RateSource
from wagecalc.rules import Rule, RuleKind, RulePer, RuleSet, RuleSource, RuleValue, default_rules
from wagecalc.sentences import (
    about,
    below_one_template,
    kind_name,
    no_value_after,
    no_value_before,
    not_converted_sentence,
    not_in_force_after_sentence,
    not_in_force_sentence,
    per_phrase,
    rule_sentence,
    source_date_text,
)
from wagecalc.views import (
    AmountView,
    EquivalentsView,
    EquivalentView,
    NotConvertedView,
    NotInForceView,
    RuleSourceView,
    decimal_text,
    lang_tag,
    rate_view,
)


def _rule_texts(
    amount: Decimal, currency: str, per: RulePer, locale: str, compact: bool
) -> tuple[str, str]:
    money = (
        format_money_compact(amount, currency, locale, exact=True)
        if compact
        else format_money_prose(amount, currency, locale)
    )
    return money, per_phrase(per, locale)


def _rule_source_view(source: RuleSource, locale: str) -> RuleSourceView:
    return RuleSourceView(
        title=source.title_in(locale),
        title_lang=source.title_lang_in(locale),
        publisher=source.publisher_in(locale),
        publisher_lang=source.publisher_lang_in(locale),
        date=source.date,
        date_precision=source.date_precision,
        date_text=source_date_text(source.date, source.date_precision, locale),
        url=source.url,
        quote=source.quote,
        retrieved=source.retrieved,
        note=source.note,
    )


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

    """
    value = as_amount(amount)
    validate_currency(currency, field="currency")
    period, schedule, basis = as_period(period), as_schedule(schedule), as_basis(basis)
    on, today = as_date(on, field="on"), as_date(today, field="today")
    if select is not None:
        # One string is a comma-separated list, as in the CLI and API; a selection naming
        # nothing, or with an empty part, is refused as the API refuses it.
        given = select
        select = [p.strip() for p in select.split(",")] if isinstance(select, str) else list(select)
        if not select or any(not p.strip() for p in select):
            shown = given if isinstance(given, str) else ",".join(select)
            shown = shown if len(shown) <= 20 else shown[:20] + "…"
            empty = "it names none" if not "".join(select).strip() else "one of them is empty"
            raise InvalidRuleSelectorError(
                f"select {shown!r} is not comma-separated rule ids or tags: {empty}",
                field="select",
            )
    locale = locale if locale in SUPPORTED_LOCALES else negotiate_locale(locale)
    rule_set = rules or default_rules()
    chosen = (
        rule_set.default_selection(currency)
        if select is None
        else rule_set.select(select, field="select")
    )
    rules_date = on or today or dt.datetime.now(dt.UTC).date()
    rate_source = source or default_source()
    shown_amount = round_to_minor_units(value, currency)
    amount_text = (format_money_compact if compact else format_money_prose)(
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
        compact=compact,
    )
    items = []
    not_in_force = []
    not_converted = []
    for rule in chosen:
        in_force = rule.value_on(rules_date)
        if in_force is None:
            # None before the first value, or after a value whose source's period ended.
            last = rule.last_through(rules_date)
            name = rule.name(locale) or kind_name(rule.kind, locale, rule.label(locale, "one"))
            if last is None:
                first = rule.values[0].in_force_from
                reason = no_value_before(first, locale)
                sentence = not_in_force_sentence(name, first, rules_date, locale)
            else:
                reason = no_value_after(last, locale)
                sentence = not_in_force_after_sentence(name, last, rules_date, locale)
            not_in_force.append(NotInForce(rule=rule, reason=reason, sentence=sentence))
        else:
            item = _apply(rule, in_force, asked)
            if isinstance(item, NotConverted):
                not_converted.append(item)
                continue
            carried = rule.carried_forward(in_force, rules_date)
            items.append(msgspec.structs.replace(item, carried_forward=carried))
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
        not_converted=not_converted,
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
    compact: bool


def _unreachable(exc: Exception, asked: _Asked, target: str) -> tuple[bool, dt.date | None]:
    """Whether a failed quote is the rule's currency's fault alone, and the day it has no
    rate for (None: the source publishes none for it)."""
    if isinstance(exc, UnsupportedCurrencyError):
        return exc.field == "target", None
    if not isinstance(exc, RateUnavailableError) or exc.field not in ("target", "on"):
        return False, None
    last = asked.source.last_date()
    day = last if asked.on is None else min(asked.on, last)
    coverage = asked.source.coverage()

    def covers(code: str) -> bool:
        return code in coverage and any(a <= day <= b for a, b in coverage[code].ranges)

    return covers(asked.currency) and not covers(target), day


def _apply(rule: Rule, in_force: RuleValue, asked: _Asked) -> Equivalent | NotConverted:
    value, currency, locale = asked.value, asked.currency, asked.locale
    quote = None
    numerator, denominator = value, in_force.amount
    if in_force.currency != currency:
        with relabel_fields({"base": "currency", "target": "rules"}):
            try:
                quote = asked.source.quote(
                    currency, in_force.currency, asked.on, basis=asked.basis, today=asked.today
                )
            except (UnsupportedCurrencyError, RateUnavailableError) as exc:
                unreachable, day = _unreachable(exc, asked, in_force.currency)
                if not unreachable:
                    said = f"target {in_force.currency}"
                    if exc.field == "target" and exc.message.startswith(said):
                        rest = exc.message[len(said) :].lstrip(":").lstrip()
                        raise type(exc)(
                            f"rules: {in_force.currency}, a selected rule's currency: {rest}",
                            field="rules",
                        ) from None
                    raise
                name = rule.name(locale) or kind_name(rule.kind, locale, rule.label(locale, "one"))
                reason, sentence = not_converted_sentence(
                    name, in_force.currency, asked.source.info.publisher, day, locale
                )
                return NotConverted(
                    rule=rule, currency=in_force.currency, reason=reason, sentence=sentence
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
    rule_amount, rule_per = _rule_texts(
        in_force.amount, in_force.currency, rule.per, locale, asked.compact
    )
    name = rule.name(locale) or kind_name(rule.kind, locale, rule.label(locale, "one"))
    below = below_one_template(rule.kind, locale)
    if shown == 0 and below is not None:
        sentence = below.format(
            amount=asked.amount_text,
            per=asked.per_text,
            percent=format_percent_floor(count, locale),
            label=rule.label(locale, "one"),
            rule_amount=rule_amount,
            rule_per=rule_per,
            name=name,
        )
    else:
        sentence = rule_sentence(
            rule.kind,
            locale,
            amount=asked.amount_text,
            per=asked.per_text,
            count=count_text,
            label=rule.label(locale, plural_category(shown, locale)),
            rule_amount=rule_amount,
            rule_per=rule_per,
            name=name,
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


def _rule_amount_view(rule: Rule, value: RuleValue, locale: str) -> AmountView:
    return AmountView(
        amount=decimal_text(value.amount),
        currency=value.currency,
        period=rule.per.value,
        formatted=format_money(value.amount, value.currency, locale),
    )


def equivalents_view(
    result: EquivalentsResult, *, formatted_amount: str | None = None
) -> EquivalentsView:
    if formatted_amount is None:
        amount = round_to_minor_units(result.amount.amount, result.amount.currency)
        formatted_amount = format_money(amount, result.amount.currency, result.locale)
    return EquivalentsView(
        amount=AmountView(
            amount=decimal_text(result.amount.amount),
            currency=result.amount.currency,
            period=result.period.value,
            formatted=formatted_amount,
        ),
        requested_date=result.requested_date,
        schedule=result.schedule.id,
        locale=lang_tag(result.locale),
        rules_version=result.rules_version,
        rules_date=result.rules_date,
        equivalents=[
            EquivalentView(
                rule=item.rule.id,
                kind=item.rule.kind.value,
                count=decimal_text(item.shown),
                count_exact=decimal_text(item.count),
                approximate=item.approximate,
                sentence=item.sentence,
                rule_amount=_rule_amount_view(item.rule, item.value, result.locale),
                in_force_from=item.value.in_force_from,
                source=_rule_source_view(item.value.source, result.locale),
                note=item.value.note_in(result.locale),
                period=item.value.period_in(result.locale),
                published=item.value.published,
                through=item.value.through,
                carried_forward=item.carried_forward,
                conversion=None if item.quote is None else rate_view(item.quote, result.locale),
            )
            for item in result.items
        ],
        not_in_force=[
            NotInForceView(
                rule=left.rule.id,
                kind=left.rule.kind.value,
                reason=left.reason,
                sentence=left.sentence,
                first_in_force_from=left.rule.values[0].in_force_from,
                last_through=left.rule.last_through(result.rules_date),
            )
            for left in result.not_in_force
        ],
        not_converted=[
            NotConvertedView(
                rule=left.rule.id,
                kind=left.rule.kind.value,
                currency=left.currency,
                reason=left.reason,
                sentence=left.sentence,
            )
            for left in result.not_converted
        ]
        or msgspec.UNSET,
    )
