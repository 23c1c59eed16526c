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
from pathlib import Path

from babel.support import NullTranslations, Translations

from wagecalc.periods import Period
from wagecalc.rules import RuleKind, RulePer

__all__ = [
    "DOMAIN",
    "about",
    "about_template",
    "no_value_after",
    "no_value_before",
    "per_phrase",
    "rule_sentence",
    "rule_template",
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
    # {rule_per} phrases such as "a year", {count} a number, {label} the rule's label.
    RuleKind.PRICE: _N("{amount} {per} buys {count} {label} ({rule_amount} each)."),
    RuleKind.WAGE: _N("{amount} {per} is {count} {label} ({rule_amount} {rule_per})."),
    RuleKind.THRESHOLD: _N(
        "{amount} {per} could qualify {count} {label}: a threshold of {rule_amount} "
        "{rule_per} each, not the cost of cover."
    ),
    RuleKind.COST: _N("{amount} {per} pays for {count} {label} ({rule_amount} {rule_per} each)."),
}

_ABOUT = _N("about {count}")

# Translators: why a rule is left out of an answer; {date} is an ISO date (2021-01-01).
_NO_VALUE_BEFORE = _N("no value before {date}")

# Translators: why a rule is left out: its last sourced value ended on {date} (ISO) and no
# later figure was found.
_NO_VALUE_AFTER = _N("no value after {date}")

_TIME_TO_EARN = _NN(
    "{earner} earns {other}'s yearly pay in {days} working day ({hours} hours).",
    "{earner} earns {other}'s yearly pay in {days} working days ({hours} hours).",
)


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
    """Why a rule is left out: ``'no value before 2021-01-01'``, ``'2021-01-01之前没有数值'``."""
    return str(translations(locale).gettext(_NO_VALUE_BEFORE)).format(date=first.isoformat())


def no_value_after(last: dt.date, locale: str) -> str:
    """Why a rule is left out: ``'no value after 2022-12-31'`` (its last sourced period ended)."""
    return str(translations(locale).gettext(_NO_VALUE_AFTER)).format(date=last.isoformat())


@functools.lru_cache(maxsize=64)
def rule_template(kind: RuleKind, locale: str) -> str:
    """:func:`rule_sentence`'s template for ``kind`` in ``locale``, to fill with ``str.format``."""
    return str(translations(locale).gettext(_KIND_TEMPLATES[kind]))


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
) -> str:
    """The sentence for one equivalent, all parts already formatted for ``locale``."""
    return rule_template(kind, locale).format(
        amount=amount, per=per, count=count, label=label, rule_amount=rule_amount, rule_per=rule_per
    )


def time_to_earn_sentence(
    locale: str, *, earner: str, other: str, days: str, hours: str, days_plural_n: int
) -> str:
    """``'The product manager earns a background actor's yearly pay in 15 working days (…)'``."""
    singular, plural = _TIME_TO_EARN
    template = str(translations(locale).ngettext(singular, plural, days_plural_n))
    return template.format(earner=earner, other=other, days=days, hours=hours)
