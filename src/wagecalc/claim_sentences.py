"""The verdict on a reported figure, as a sentence in the caller's locale.

"No ECB rate from 2023-07-01 to 2023-07-31 gives about MYR 4.3 million: the
highest, on 2023-07-10, gives MYR4,203,039.43. The figure implies 1 USD = 4.78
MYR, last seen on 2022-11-08." Templates are gettext messages (extracted with
``scripts/i18n``, translated in the catalogs in a block of their own); amounts
are formatted by :mod:`wagecalc.formatting`, dates stay ISO 8601.
"""

from __future__ import annotations

import functools
from decimal import Decimal

from babel.numbers import format_compact_decimal, format_decimal

from wagecalc.claims import ClaimCheck, Position, RatePoint
from wagecalc.errors import InvalidReportedFigureError
from wagecalc.formatting import format_money
from wagecalc.reported import read_reported
from wagecalc.sentences import translations

__all__ = ["card_lines", "format_rate", "format_reported", "verdict", "verdict_sentences"]


def _N(message: str) -> str:  # noqa: N802  (extraction marker, as in sentences.py)
    return message


def _NP(context: str, message: str) -> tuple[str, str]:  # noqa: N802
    return context, message


# Translators: {source} is a rate source ("ECB"), {start} and {end} ISO dates, {reported}
# the reported figure ("MYR 4.3 million"), {date} an ISO date, {amount} formatted money.
_NONE_HIGHEST = _N(
    "No {source} rate from {start} to {end} gives about {reported}: the highest, on {date}, "
    "gives {amount}."
)
_NONE_LOWEST = _N(
    "No {source} rate from {start} to {end} gives about {reported}: the lowest, on {date}, "
    "gives {amount}."
)
_NONE_CLOSEST = _N(
    "No {source} rate from {start} to {end} gives about {reported}: the closest, on {date}, "
    "gives {amount}."
)
# Translators: {matching} and {rates} are counts of publication days.
_SOME = _N(
    "{source} rates from {start} to {end} give about {reported} on {matching} of {rates} "
    "publication days: the latest, on {date}, gives {amount}."
)
# Translators: {base} and {target} are currency codes, {rate} a number ("4.78").
_LAST_SEEN = _N("The figure implies 1 {base} = {rate} {target}, last seen on {date}.")
_LATER_ONLY = _N(
    "The figure implies 1 {base} = {rate} {target}, seen on no earlier date but later, from {date}."
)
_NEVER = _N(
    "The figure implies 1 {base} = {rate} {target}, seen on no date from {first} to {last}."
)
_NOT_SEARCHED = _N(
    "The figure implies 1 {base} = {rate} {target}; dates outside the window were not searched."
)
_ECB = _NP("source", "ECB")
# Translators: the short lines of a share card; "it" is the reported figure, shown above.
_CARD_NONE = _N("No {source} rate from {start} to {end} gives it.")
_CARD_SOME = _N(
    "{source} rates from {start} to {end} give it on {matching} of {rates} publication days."
)
_CARD_RANGE = _N("Highest: {highest} on {highest_date}; lowest: {lowest} on {lowest_date}.")


def verdict(check: ClaimCheck, locale: str) -> str:
    """The verdict on ``check`` in ``locale``: what the window's rates give, and when a rate
    gave the figure."""
    return _space(locale).join(verdict_sentences(check, locale))


def card_lines(check: ClaimCheck, locale: str) -> list[str]:
    """Three short lines for a share card: the verdict, the window's range, the implied rate."""
    catalog = translations(locale)
    dates = {"start": check.window.start.isoformat(), "end": check.window.end.isoformat()}
    source = _source_label(check, locale)
    if check.matches:
        first = str(catalog.gettext(_CARD_SOME)).format(
            source=source,
            matching=format_decimal(check.matching_rates, locale=locale),
            rates=format_decimal(check.window.rates, locale=locale),
            **dates,
        )
    else:
        first = str(catalog.gettext(_CARD_NONE)).format(source=source, **dates)
    high, low = _at(check.highest, locale), _at(check.lowest, locale)
    second = str(catalog.gettext(_CARD_RANGE)).format(
        highest=high["amount"],
        highest_date=high["date"],
        lowest=low["amount"],
        lowest_date=low["date"],
    )
    return [first, second, *verdict_sentences(check, locale)[1:]]


def verdict_sentences(check: ClaimCheck, locale: str) -> list[str]:
    """:func:`verdict`'s sentences, one or two."""
    catalog = translations(locale)
    source = _source_label(check, locale)
    dates = {"start": check.window.start.isoformat(), "end": check.window.end.isoformat()}
    reported = format_reported(check.reported.value, check.currency, locale)
    if check.latest_match is not None:
        some = str(catalog.gettext(_SOME)).format(
            source=source,
            reported=reported,
            matching=format_decimal(check.matching_rates, locale=locale),
            rates=format_decimal(check.window.rates, locale=locale),
            **_at(check.latest_match, locale),
            **dates,
        )
        return [some]
    if check.position == Position.ABOVE:
        template, shown = _NONE_HIGHEST, check.highest
    elif check.position == Position.BELOW:
        template, shown = _NONE_LOWEST, check.lowest
    else:
        template, shown = _NONE_CLOSEST, check.closest
    first = str(catalog.gettext(template)).format(
        source=source, reported=reported, **_at(shown, locale), **dates
    )
    rate = {
        "base": check.amount.currency,
        "target": check.currency,
        "rate": format_rate(check.implied_rate, locale),
    }
    if check.note is not None:
        second = str(catalog.gettext(_NOT_SEARCHED)).format(**rate)
    elif check.before is not None:
        second = str(catalog.gettext(_LAST_SEEN)).format(date=check.before.last.isoformat(), **rate)
    elif check.after is not None:
        second = str(catalog.gettext(_LATER_ONLY)).format(
            date=check.after.first.isoformat(), **rate
        )
    else:
        second = str(catalog.gettext(_NEVER)).format(
            first=check.searched.start.isoformat(), last=check.searched.end.isoformat(), **rate
        )
    return [first, second]


def _at(point: RatePoint, locale: str) -> dict[str, str]:
    return {
        "date": point.quote.rate_date.isoformat(),
        "amount": format_money(point.rounded.amount, point.rounded.currency, locale),
    }


def _space(locale: str) -> str:
    """Between sentences: none after a full-width stop."""
    return "" if locale.startswith("zh") else " "


def _source_label(check: ClaimCheck, locale: str) -> str:
    if check.source.name == "ecb":
        context, message = _ECB
        label = str(translations(locale).pgettext(context, message))
    else:
        label = check.source.publisher
    return label if check.basis == "spot" else f"{label} {check.basis}"


def format_rate(rate: Decimal, locale: str) -> str:
    """A rate for a sentence: two decimals from 1 up (``4.78``), else three significant
    digits (``0.00667``)."""
    if rate >= 1:
        shown = rate.quantize(Decimal("0.01"))
        return str(format_decimal(shown, format="#,##0.00", locale=locale))
    digits = 3 - rate.adjusted() - 1
    shown = rate.quantize(Decimal(1).scaleb(-digits))
    return str(format_decimal(shown, format="0." + "0" * digits, locale=locale))


@functools.lru_cache(maxsize=512)
def format_reported(value: Decimal, currency: str, locale: str) -> str:
    """The figure as a paper would print it: ``MYR 4.3 million``, ``MYR 430万``, ``RM4.3 juta``.

    The compact form is used when it says exactly ``value`` (read back by
    :func:`~wagecalc.reported.read_reported`); otherwise the amount in full.
    """
    full = format_money(value, currency, locale)
    symbol = full[: next((i for i, c in enumerate(full) if c.isdigit()), 0)]
    if value < 1000:
        return full
    compact = str(
        format_compact_decimal(value, format_type="long", locale=locale, fraction_digits=3)
    )
    try:
        exact = read_reported(compact).value == value
    except InvalidReportedFigureError:
        exact = False
    if not exact or not symbol:
        return full
    gap = "\u00a0" if symbol.isalpha() and symbol.isupper() and len(symbol) == 3 else ""
    return f"{symbol}{gap}{compact}"
