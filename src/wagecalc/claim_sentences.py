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


def _NN(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802
    return singular, plural


# Translators: the labels of the CLI's detail rows under a check's verdict (short: the
# rows are aligned after them).
_DETAIL_LABELS = {
    "reported": _NP("check detail", "reported"),
    "on_date": _NP("check detail", "on date"),
    "window": _NP("check detail", "window"),
    "lowest": _NP("check detail", "lowest"),
    "highest": _NP("check detail", "highest"),
    "implied": _NP("check detail", "implied"),
    "before": _NP("check detail", "before"),
    "later": _NP("check detail", "later"),
    "searched": _NP("check detail", "searched"),
    "source": _NP("check detail", "source"),
    "note": _NP("check detail", "note"),
}
# Translators: the detail rows' texts: {low}/{high} and {first}/{last} are numbers or ISO
# dates, {amount} formatted money, {date} an ISO date, {rate} an exchange rate
# ("1 USD = 4.7778 MYR"), {count} a whole number of published rates.
_DETAIL_RANGE = _N("{low} to {high}")
_DETAIL_AT_RATE = _N("{amount} at the rate of {date}")
_DETAIL_ON = _N("{amount} on {date}")
_DETAIL_RATES = _NN("{first} to {last}, {count} rate", "{first} to {last}, {count} rates")
_DETAIL_IMPLIED = {
    Position.ABOVE: _N("{rate} (above the window's range)"),
    Position.BELOW: _N("{rate} (below the window's range)"),
    Position.WITHIN: _N("{rate} (within the window's range)"),
}


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


def detail_label(locale: str, key: str) -> str:
    """A detail row's label in ``locale``: ``'highest'``, ``'最高'``."""
    context, message = _DETAIL_LABELS[key]
    return str(translations(locale).pgettext(context, message))


def detail_range(locale: str, low: object, high: object) -> str:
    """``'2023-07-01 to 2023-07-31'``, ``'2023-07-01至2023-07-31'``."""
    return str(translations(locale).gettext(_DETAIL_RANGE)).format(low=low, high=high)


def detail_amount(locale: str, amount: str, date: object, *, at_rate: bool = False) -> str:
    """``'MYR 4,203,039.43 on 2023-07-10'`` (or ``at the rate of`` the date)."""
    message = _DETAIL_AT_RATE if at_rate else _DETAIL_ON
    return str(translations(locale).gettext(message)).format(amount=amount, date=date)


def detail_rates(locale: str, first: object, last: object, count: int) -> str:
    """``'2022-10-20 to 2022-11-08, 12 rates'``: a stretch of dates and its published rates."""
    singular, plural = _DETAIL_RATES
    text = str(translations(locale).ngettext(singular, plural, count))
    return text.format(first=first, last=last, count=count)


def detail_implied(locale: str, rate: str, position: str) -> str:
    """``'1 USD = 4.7778 MYR (above the window's range)'``."""
    message = _DETAIL_IMPLIED[position]
    return str(translations(locale).gettext(message)).format(rate=rate)
