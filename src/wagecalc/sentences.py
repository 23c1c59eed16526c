"""Where a rule becomes a sentence, in the caller's locale.

Sentence templates are gettext messages: extracted from this module with
``pybabel extract``, translated in ``locale/<locale>/LC_MESSAGES/wagecalc.po``
and compiled to ``.mo`` (``scripts/i18n``). Rule labels come from the rule
tables, with CLDR plural forms; the template for a rule depends on its kind,
so a threshold is never worded as a cost.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from babel.dates import format_skeleton
from babel.support import NullTranslations, Translations

from wagecalc.formatting import format_count, format_rate
from wagecalc.periods import Period
from wagecalc.rules import RuleKind, RulePer

__all__ = [
    "DOMAIN",
    "YearMonth",
    "about",
    "about_template",
    "below_one_template",
    "carried_forward_line",
    "describe_rate",
    "fallback_sentence",
    "figure_line",
    "figure_phrase",
    "kind_name",
    "labelled_figures",
    "month_name",
    "no_value_after",
    "no_value_before",
    "not_converted_sentence",
    "not_in_force_after_sentence",
    "not_in_force_sentence",
    "per_phrase",
    "prices_note",
    "prices_sentence",
    "publisher_name",
    "rate_line",
    "ratio_note",
    "rule_sentence",
    "rule_template",
    "rules_footer",
    "source_line",
    "time_to_earn_sentence",
    "translations",
]

DOMAIN = "wagecalc"


# Extraction markers: pybabel -k _N -k _NP:1c,2 -k _NN:1,2. They return their
# arguments; the lookup happens at format time, in the asked locale.
def _N(message: str) -> str:  # noqa: N802
    return message


def _NP(context: str, message: str) -> tuple[str, str]:  # noqa: N802
    return context, message


def _NN(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802
    return singular, plural


_PER: dict[str, tuple[str, str]] = {
    "year": _NP("per", "a year"),
    "quarter": _NP("per", "a quarter"),
    "month": _NP("per", "a month"),
    "week": _NP("per", "a week"),
    "day": _NP("per", "a day"),
    "hour": _NP("per", "an hour"),
    "item": _NP("per", "each"),
}

_KIND_TEMPLATES = {
    # Translators: {amount} and {rule_amount} are formatted money, {per} and
    # {rule_per} phrases such as "a year", {count} a number, {label} the rule's
    # label in the count's plural form (it carries its own measure word in Chinese),
    # {name} what the figure is ("SAG-AFTRA Health Plan earnings threshold").
    # No brackets inside brackets: a label has none, so one pair per sentence.
    RuleKind.PRICE: _N("{amount} {per} buys {count} {label}, {rule_amount} each."),
    RuleKind.WAGE: _N("{amount} {per} is {count} {label} ({rule_amount} {rule_per})."),
    RuleKind.THRESHOLD: _N(
        "{amount} {per} is enough to meet the {name} of {count} {label} ({rule_amount} "
        "{rule_per} each): the earnings each needs to qualify, not the cost of cover."
    ),
    RuleKind.COST: _N(
        "{amount} {per} is enough to keep paying {count} {label} ({rule_amount} {rule_per} each)."
    ),
}

#: Below one whole item or person: a share of one, as a percentage rounded down
#: ("94% of one actor's threshold"), never "0 actors" or "0.94 actors".
_BELOW_ONE_TEMPLATES = {
    # Translators: {percent} is a whole percentage ("94%"); {label} is the rule's label
    # in the singular ("actor"), after the word for "one" (Chinese: 一 + the label's
    # measure word).
    RuleKind.PRICE: _N("{amount} {per} is {percent} of one {label}, {rule_amount} each."),
    RuleKind.THRESHOLD: _N(
        "{amount} {per} is {percent} of the {name} of one {label} ({rule_amount} "
        "{rule_per}): the earnings needed to qualify, not the cost of cover."
    ),
    RuleKind.COST: _N("{amount} {per} is {percent} of one {label} ({rule_amount} {rule_per})."),
}

#: What a rule's figure is when its table gives no name (``names``), per kind.
_KIND_NAMES = {
    # Translators: {label} is the rule's label in the singular ("Big Mac at the US price";
    # in Chinese it starts with its measure word, after 一).
    RuleKind.PRICE: _NP("kind", "price of one {label}"),
    RuleKind.WAGE: _NP("kind", "pay"),
    RuleKind.THRESHOLD: _NP("kind", "earnings threshold"),
    RuleKind.COST: _NP("kind", "cost"),
}

_ABOUT = _N("about {count}")

# Translators: a selected rule is left out of an answer because it had no value yet on
# the date asked. {name} is what the rule's figure is ("SAG-AFTRA Health Plan earnings
# threshold"), {first} the date its first value took effect, {date} the date asked.
_NOT_IN_FORCE = _N("No {name} is held for {date}: the first one held is in force from {first}.")

# Translators: the same when the rule's last sourced value has ended before the date asked
# and no later figure was found: {last} is the last day its source covers.
_NOT_IN_FORCE_AFTER = _N(
    "No {name} is held for {date}: the last one held covers the period to {last}."
)

# Translators: why a rule is left out: its last sourced value ended on {date} (ISO) and no
# later figure was found.
_NO_VALUE_AFTER = _N("no value after {date}")

# Translators: the reason a rule is left out, short (JSON ``reason``): {first} is a date.
_NO_VALUE_BEFORE = _N("none held before {first}")

# Translators: a selected rule is left out of an answer because its figure is in a
# currency the exchange-rate source does not publish, so the amount cannot be put in it.
# {name} is what the rule's figure is ("Big Mac price in the United Arab Emirates"),
# {currency} an ISO code ("AED"), {publisher} who publishes the rates
# ("European Central Bank").
_NOT_CONVERTED = _N(
    "No {name} can be shown: the exchange rates used ({publisher}) include no {currency} rate."
)

# Translators: the same when the source publishes rates for {currency}, but none for the
# date the amount is converted on ({date}, ISO): a currency it stopped publishing.
_NOT_CONVERTED_ON = _N(
    "No {name} can be shown for {date}: the exchange rates used ({publisher}) include no "
    "{currency} rate for that date."
)

# Translators: why a rule is left out, short (JSON ``reason``): the rate source publishes
# no rate for the rule's currency ({currency}, an ISO code).
_NO_RATE = _N("no {currency} rate published")

# Translators: the same, for one date ({date}, ISO): the source has no {currency} rate
# that day.
_NO_RATE_ON = _N("no {currency} rate for {date}")

# Translators: a salary named by its figure, when no label was given: {amount} is
# formatted money, {per} a phrase such as "a year" ("USD 900,000 a year").
_FIGURE = _N("{amount} {per}")

# The comparison sentences: labelled ("The product manager"), or with the figures as
# given when no label was ("USD 900,000 a year"): each reads naturally.
_TIME_TO_EARN = _NN(
    "{earner} earns in {days} working day ({hours} hours) what {other} earns in a year.",
    "{earner} earns in {days} working days ({hours} hours) what {other} earns in a year.",
)
_TIME_TO_EARN_FIGURES = _NN(
    "At {earner}, it takes {days} working day ({hours} hours) to earn what {other} pays in a year.",
    "At {earner}, it takes {days} working days ({hours} hours) to earn what {other} pays "
    "in a year.",
)

# Translators: the exchange rate in a line of its own: {base} and {target} are ISO codes,
# {rate} the rate to four decimals, {publisher} who publishes it ("European Central
# Bank"), {date} the rate's date.
_RATE_LINE = _N("Exchange rate: 1 {base} = {rate} {target} ({publisher}, rate of {date}).")

# Translators: the same line for a rate older than the date asked (a weekend, a holiday,
# data that ends earlier): {days} is the whole number of days between them.
_RATE_LINE_OLDER = _NN(
    "Exchange rate: 1 {base} = {rate} {target} ({publisher}, rate of {date}, {days} day "
    "before the date asked).",
    "Exchange rate: 1 {base} = {rate} {target} ({publisher}, rate of {date}, {days} days "
    "before the date asked).",
)

# Translators: the rate line when an amount is put into its own currency (a salary on
# another pay period): no exchange rate is used, and no source is named. {currency} is
# the ISO code.
_NO_RATE_LINE = _N("No exchange rate: both amounts are in {currency}.")

# Translators: the CLI's line under a sentence: where the rule's figure comes from.
# {publisher} and {title} are the source's, {date} the date the figure took effect.
_SOURCE_LINE = _N("Source: {publisher}, {title} (in force from {date}).")

# Translators: the CLI's line under the source: which period the figure is for ({period}, as
# the source names it: "2023", "July 2022"), and, when known, the day it was published.
_FIGURE_OF = _N("figure for {period}")
_FIGURE_PUBLISHED = _N("figure for {period}, published {published}")

# Translators: shown in place of a source's date when the source states none (an
# undated web page), as in "SAG-AFTRA Health Plan, Earned eligibility (undated)".
_UNDATED = _N("undated")

# Translators: the date asked ({date}) is past the last sourced period ({period}), whose
# figure is used: said under the sentence.
_CARRIED_FORWARD = _N(
    "No later figure was found: the last sourced one ({period}) is used for {date}."
)

# Translators: the CLI's last line: {version} identifies the rule tables, {date} the date
# whose rule values were used.
_RULES_FOOTER = _N("Rules {version}, values in force on {date}.")

# Translators: the labels of `wagecalc convert`'s detail rows (short: the rows are aligned
# after them), and their texts: {base}/{target} ISO codes, {rate} the published rate as
# published, {date}/{start}/{end} ISO dates, {count} a whole number of rates.
_CONVERT_LABELS = {
    "path": _NP("convert detail", "path"),
    "published": _NP("convert detail", "published"),
    "window": _NP("convert detail", "window"),
    "schedule": _NP("convert detail", "schedule"),
    "source": _NP("convert detail", "source"),
    "index": _NP("convert detail", "index"),
}
# Translators: the work-schedule presets' labels, in `wagecalc convert`'s "schedule" row
# (numbers as the locale groups them; × and = as written).
_SCHEDULE_LABELS = {
    "us-2080": _NP("schedule", "US full-time year: 40 hours × 52 weeks = 2,080 hours"),
    "us-opm-2087": _NP("schedule", "US federal (OPM) year: 2,087 hours"),
    "my-employment-act": _NP("schedule", "Malaysia, 6-day week: 8 hours × 6 days = 48 hours"),
    "my-employment-act-5day": _NP("schedule", "Malaysia, 5-day week: 9 hours × 5 days = 45 hours"),
}
_CONVERT_PUBLISHED = _N("1 {base} = {rate} {target} on {date}")
_CONVERT_WINDOW = _NN(
    "{start} to {end}, mean of {count} daily rate", "{start} to {end}, mean of {count} daily rates"
)
# Translators: an amount moved between months with a price index: {amount} and {adjusted}
# are formatted money, {from_month} and {to_month} months as the locale writes them ("July
# 2023", "2023年7月"), {index} the index's short name ("US CPI-U, BLS").
_PRICES = _N("{amount} of {from_month} is {adjusted} in prices of {to_month} ({index}).")

# Translators: said once in an answer whose figures were all put in one month's prices:
# {month} as above ("August 2026"), {index} the index's short name.
_PRICES_NOTE = _N("Figures in prices of {month} ({index}).")

# Publishers of rates, named in the reader's language where they have a name in it (the
# rate line looks the name up: others, such as a live source's host, stay as they are).
_PUBLISHERS = (_N("European Central Bank"),)

# Translators: the CLI's comparison lines: a salary's label and its figures on every
# period ({figures}, joined by the list separator below); the ratio of two salaries.
_LABELLED = _N("{label}: {figures}")
_LIST_SEPARATOR = _NP("list", ", ")
_RATIO = _N("(×{ratio})")

# Why the rate's date is not the date asked (keys: Fallback values); {requested} and
# {rate_date} are ISO dates.
_FALLBACKS = {
    "latest": _N("No date was asked for: the newest rate, of {rate_date}, is used."),
    "not-published": _N(
        "No rate was published on {requested}: the latest one before it, of {rate_date}, is used."
    ),
    "after-last-published": _N(
        "{requested} is after the newest rate held: the rate of {rate_date} is used."
    ),
    "future-date": _N(
        "{requested} has not happened yet: the newest rate, of {rate_date}, is used."
    ),
    "live-unavailable": _N(
        "The live rate source failed: the embedded rate of {rate_date} is used."
    ),
}


def _locale_dir() -> Path:
    return Path(str(importlib.resources.files("wagecalc").joinpath("locale")))


@functools.cache
def translations(locale: str) -> NullTranslations:
    """The compiled catalog for ``locale`` (English is the source language: no catalog)."""
    if locale == "en":
        return NullTranslations()
    found = Translations.load(str(_locale_dir()), [locale], domain=DOMAIN)
    if not isinstance(found, Translations):
        raise FileNotFoundError(f"no compiled {DOMAIN}.mo catalog for locale {locale!r}")
    return found


@functools.lru_cache(maxsize=256)
def per_phrase(per: Period | RulePer | str, locale: str) -> str:
    """``'a year'``, ``'每年'``, ``'setahun'``."""
    context, message = _PER[str(per)]
    return str(translations(locale).pgettext(context, message))


def about(count: str, locale: str) -> str:
    """``'about 34.6'``, ``'约34.6'``, ``'kira-kira 34.6'``."""
    return about_template(locale).format(count=count)


@functools.lru_cache(maxsize=64)
def about_template(locale: str) -> str:
    """:func:`about`'s template in ``locale``: ``'about {count}'``."""
    return str(translations(locale).gettext(_ABOUT))


def no_value_before(first: dt.date, locale: str) -> str:
    """Why a rule is left out, short: ``'none held before 2021-01-01'``."""
    return _text(locale, _NO_VALUE_BEFORE).format(first=first.isoformat())


def kind_name(kind: RuleKind, locale: str, label: str = "") -> str:
    """What a rule's figure is, for a rule whose table names none: ``'earnings
    threshold'``, ``'收入门槛'``; a price names its item (``label``, singular): ``'price of
    one Big Mac at the US price'``."""
    context, message = _KIND_NAMES[kind]
    return str(translations(locale).pgettext(context, message)).format(label=label)


def not_in_force_sentence(name: str, first: dt.date, asked: dt.date, locale: str) -> str:
    """``'No SAG-AFTRA Health Plan earnings threshold is held for 2019-06-01: the first one
    held is in force from 2021-01-01.'``"""
    return _text(locale, _NOT_IN_FORCE).format(
        name=name, date=asked.isoformat(), first=first.isoformat()
    )


def not_in_force_after_sentence(name: str, last: dt.date, asked: dt.date, locale: str) -> str:
    """``'No SAG-AFTRA Health Plan earnings threshold is held for 2026-11-27: the last one
    held covers the period to 2025-12-31.'`` (for a rule whose sourced values have ended)."""
    return _text(locale, _NOT_IN_FORCE_AFTER).format(
        name=name, date=asked.isoformat(), last=last.isoformat()
    )


def not_converted_sentence(
    name: str, currency: str, publisher: str, day: dt.date | None, locale: str
) -> tuple[str, str]:
    """Why a rule is left out when its currency cannot be reached, as ``(reason,
    sentence)``: ``('no AED rate published', 'No Big Mac price in the United Arab
    Emirates can be shown: the exchange rates used (European Central Bank) include no AED
    rate.')``; with ``day``, the source publishes the currency but has no
    rate that day."""
    publisher = publisher_name(locale, publisher)
    if day is None:
        return (
            _text(locale, _NO_RATE).format(currency=currency),
            _text(locale, _NOT_CONVERTED).format(name=name, currency=currency, publisher=publisher),
        )
    date = day.isoformat()
    return (
        _text(locale, _NO_RATE_ON).format(currency=currency, date=date),
        _text(locale, _NOT_CONVERTED_ON).format(
            name=name, currency=currency, publisher=publisher, date=date
        ),
    )


@functools.lru_cache(maxsize=256)
def _text(locale: str, message: str) -> str:
    return str(translations(locale).gettext(message))


def no_value_after(last: dt.date, locale: str) -> str:
    """Why a rule is left out: ``'no value after 2022-12-31'`` (its last sourced period ended)."""
    return str(translations(locale).gettext(_NO_VALUE_AFTER)).format(date=last.isoformat())


@functools.lru_cache(maxsize=64)
def rule_template(kind: RuleKind, locale: str) -> str:
    """:func:`rule_sentence`'s template for ``kind`` in ``locale``, to fill with ``str.format``."""
    return _text(locale, _KIND_TEMPLATES[kind])


@functools.lru_cache(maxsize=64)
def below_one_template(kind: RuleKind, locale: str) -> str | None:
    """The template for a count below one (a percentage of one), None for wages (a
    duration keeps its decimals: "about 0.4 days")."""
    message = _BELOW_ONE_TEMPLATES.get(kind)
    return None if message is None else _text(locale, message)


def rule_sentence(
    kind: RuleKind,
    locale: str,
    *,
    amount: str,
    per: str,
    count: str,
    label: str,
    rule_amount: str,
    rule_per: str,
    name: str | None = None,
) -> str:
    """The sentence for one equivalent, all parts already formatted for ``locale``."""
    return rule_template(kind, locale).format(
        amount=amount,
        per=per,
        count=count,
        label=label,
        rule_amount=rule_amount,
        rule_per=rule_per,
        name=name or kind_name(kind, locale),
    )


def figure_phrase(locale: str, *, amount: str, per: str) -> str:
    """``'USD 900,000 a year'``, ``'每年US$900,000'``: a salary named by its figure."""
    return _text(locale, _FIGURE).format(amount=amount, per=per)


def time_to_earn_sentence(
    locale: str,
    *,
    earner: str,
    other: str,
    days: str,
    hours: str,
    days_plural_n: int,
    labelled: bool = True,
) -> str:
    """``'The product manager earns in 15 working days (120.2 hours) what a background actor
    earns in a year.'``; with ``labelled=False`` the labels are the figures as given."""
    singular, plural = _TIME_TO_EARN if labelled else _TIME_TO_EARN_FIGURES
    template = str(translations(locale).ngettext(singular, plural, days_plural_n))
    return template.format(earner=earner, other=other, days=days, hours=hours)


def rate_line(
    locale: str,
    *,
    base: str,
    target: str,
    rate: str,
    publisher: str,
    date: str,
    days_older: int = 0,
    days_text: str = "",
) -> str:
    """``'Exchange rate: 1 USD = 4.5495 MYR (European Central Bank, rate of 2023-07-26).'``;
    a rate ``days_older`` than the date asked says so: ``'…, rate of 2026-10-30, 28 days
    before the date asked).'``"""
    if days_older > 0:
        singular, plural = _RATE_LINE_OLDER
        template = str(translations(locale).ngettext(singular, plural, days_older))
    else:
        template = _text(locale, _RATE_LINE)
    return template.format(
        base=base, target=target, rate=rate, publisher=publisher, date=date, days=days_text
    )


def describe_rate(
    locale: str,
    *,
    base: str,
    target: str,
    rate: Decimal,
    publisher: str,
    rate_date: dt.date,
    requested: dt.date | None,
) -> str:
    """The rate line for people, the rate to four decimals, its age said in words when
    it is older than the date asked: ``'Exchange rate: 1 USD = 4.5495 MYR (European
    Central Bank, rate of 2026-10-30, 28 days before the date asked).'``; an amount in
    its own currency uses no rate and names no source: ``'No exchange rate: both amounts
    are in USD.'``"""
    if base == target:
        return _text(locale, _NO_RATE_LINE).format(currency=base)
    older = (requested - rate_date).days if requested is not None else 0
    return rate_line(
        locale,
        base=base,
        target=target,
        rate=format_rate(rate, locale),
        publisher=publisher_name(locale, publisher),
        date=rate_date.isoformat(),
        days_older=older,
        days_text=format_count(Decimal(older), locale),
    )


def source_line(locale: str, *, publisher: str, title: str, date: dt.date) -> str:
    """``'Source: LAist, … (in force from 2023-01-01).'``"""
    return _text(locale, _SOURCE_LINE).format(
        publisher=publisher, title=title, date=date.isoformat()
    )


def source_date_text(date: dt.date, precision: str, locale: str) -> str:
    """A source's date as a reader of ``locale`` sees it: ``2023-07-26``; only the month
    where the source states only that (``July 2024``, ``2024年7月``); ``undated``."""
    if precision == "month":
        return format_skeleton("yMMMM", date, locale=locale)
    if precision == "undated":
        return _text(locale, _UNDATED)
    return date.isoformat()


def figure_line(locale: str, *, period: str, published: dt.date | None) -> str:
    """``'figure for July 2022, published 2022-07-20'``: what the rule's figure describes."""
    if published is None:
        return _text(locale, _FIGURE_OF).format(period=period)
    return _text(locale, _FIGURE_PUBLISHED).format(period=period, published=published.isoformat())


def carried_forward_line(locale: str, *, period: str, date: dt.date) -> str:
    """``'No later figure was found: the last sourced one (2025) is used for 2026-11-27.'``"""
    return _text(locale, _CARRIED_FORWARD).format(period=period, date=date.isoformat())


def rules_footer(locale: str, *, version: str, date: dt.date) -> str:
    """``'Rules sha256:…, values in force on 2023-07-26.'``"""
    return _text(locale, _RULES_FOOTER).format(version=version, date=date.isoformat())


class YearMonth(Protocol):
    """A month (:class:`wagecalc.prices.Month`, a date): what :func:`month_name` reads."""

    @property
    def year(self) -> int: ...

    @property
    def month(self) -> int: ...


def month_name(month: YearMonth, locale: str) -> str:
    """A month as ``locale`` writes it: ``'July 2023'``, ``'2023年7月'``, ``'Julai 2023'``."""
    return _month_name(month.year, month.month, locale)


@functools.lru_cache(maxsize=1024)
def _month_name(year: int, month: int, locale: str) -> str:
    return str(format_skeleton("yMMMM", dt.date(year, month, 1), locale=locale))


def prices_sentence(
    locale: str,
    *,
    amount: str,
    from_month: YearMonth,
    adjusted: str,
    to_month: YearMonth,
    index: str,
) -> str:
    """``'USD 900,000 of July 2023 is USD 986,231.19 in prices of August 2026 (US CPI-U,
    BLS).'``: money already formatted for ``locale``, months as :func:`month_name` takes them."""
    return _text(locale, _PRICES).format(
        amount=amount,
        from_month=month_name(from_month, locale),
        adjusted=adjusted,
        to_month=month_name(to_month, locale),
        index=index,
    )


def prices_note(locale: str, *, month: YearMonth, index: str) -> str:
    """``'Figures in prices of August 2026 (US CPI-U, BLS).'``"""
    return _text(locale, _PRICES_NOTE).format(month=month_name(month, locale), index=index)


def publisher_name(locale: str, publisher: str) -> str:
    """A rate publisher's name in ``locale`` (``'欧洲中央银行'``), else as given."""
    return _text(locale, publisher)


def labelled_figures(locale: str, label: str, figures: list[str]) -> str:
    """``'PM: MYR 1,968.54 an hour, …'``, ``'PM：每小时MYR 1,968.54，…'``."""
    context, separator = _LIST_SEPARATOR
    joined = str(translations(locale).pgettext(context, separator)).join(figures)
    return _text(locale, _LABELLED).format(label=label, figures=joined)


def ratio_note(locale: str, ratio: str) -> str:
    """``'(×17.31)'``, ``'（×17.31）'``."""
    return _text(locale, _RATIO).format(ratio=ratio)


def fallback_sentence(locale: str, fallback: str, *, requested: str, rate_date: str) -> str | None:
    """Why the rate's date is not the date asked, in words; None for an unknown reason."""
    message = _FALLBACKS.get(fallback)
    if message is None:
        return None
    return _text(locale, message).format(requested=requested, rate_date=rate_date)


def convert_label(locale: str, key: str) -> str:
    """A `wagecalc convert` detail row's label in ``locale``: ``'path'``, ``'路径'``."""
    context, message = _CONVERT_LABELS[key]
    return str(translations(locale).pgettext(context, message))


def schedule_label(locale: str, schedule_id: str, label: str) -> str:
    """A work schedule's label in ``locale``: a preset's from the catalogs, a custom
    schedule's (made of its own figures) as given."""
    found = _SCHEDULE_LABELS.get(schedule_id)
    if found is None or found[1] != label:
        return label
    return str(translations(locale).pgettext(*found))


def published_rate_line(locale: str, *, base: str, rate: object, target: str, date: object) -> str:
    """``'1 EUR = 1.1059 USD on 2023-07-26'``: one published rate of a conversion's path."""
    return _text(locale, _CONVERT_PUBLISHED).format(base=base, rate=rate, target=target, date=date)


def mean_window_line(locale: str, *, start: object, end: object, count: int) -> str:
    """``'2023-07-01 to 2023-07-31, mean of 21 daily rates'``."""
    singular, plural = _CONVERT_WINDOW
    text = str(translations(locale).ngettext(singular, plural, count))
    return text.format(start=start, end=end, count=count)
