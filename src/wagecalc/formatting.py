"""Amounts and numbers for people, in a locale, through CLDR (babel).

Two CLDR rules babel leaves out are applied here:

- **Currency spacing.** CLDR's ``currencySpacing`` (``beforeCurrency`` and
  ``afterCurrency``: a currency symbol whose edge next to the number is not a
  symbol character (``[[:^S:]&[:^Z:]]``) is separated from an adjacent digit by
  ``insertBetween``, a no-break space) is not in babel's locale data
  (``Locale._data`` has no ``currency_spacing``; babel 2.19) and its formatter
  never applies it, so babel writes ``MYR4,094,556.47`` where ICU and browsers
  write ``MYR 4,094,556.47``. The rule is the same in the root locale and every
  locale wagecalc serves, so it is implemented once (:func:`_space_currency`).
- **ISO codes in English.** English writes the currency as its ISO code
  (``USD 900,000``): a ``$`` is ambiguous in a service that converts between
  dollars. Chinese and Malay keep CLDR's symbols (``US$``, ``RM``).

Prose (:func:`format_money_prose`) drops ``.00`` from whole amounts and keeps
the digits a figure was given with; tables and ``formatted`` fields
(:func:`format_money`) always show the currency's minor units.

babel's ``format_currency`` re-reads locale data and re-parses the number
pattern on every call (about 70 µs). The patterns of the locales and
currencies wagecalc serves are simple (``¤#,##0.00``, groups of three), so
each (currency, locale) pair is compiled once into a prefix, a suffix, the
group and decimal symbols and the minor units; formatting is then Python's
own ``format`` plus a translation of the symbols. A pair whose pattern is not
of that shape, or whose compiled output disagrees with babel on probe values,
keeps using babel: the fast path is never allowed to differ.
"""

from __future__ import annotations

import decimal
import functools
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

from babel import Locale
from babel.numbers import (
    format_compact_currency,
    format_currency,
    format_decimal,
    format_percent,
    get_currency_symbol,
)

from wagecalc.currencies import minor_units
from wagecalc.money import WORK_CONTEXT

__all__ = [
    "count_formatter",
    "format_count",
    "format_money",
    "format_money_compact",
    "format_money_prose",
    "format_percent_floor",
    "format_rate",
    "plural_categories",
    "plural_category",
]

_PROBE_RE = re.compile(
    r"(?P<prefix>\D*?)1(?P<group>\D?)234(?P=group)567(?:(?P<decimal>\D)0+)?(?P<suffix>\D*)"
)
_PROBES = ("0", "0.5", "7", "12.34", "999.99", "1000", "1234567.891", "98765432109.1")


@functools.cache
def _locale(tag: str) -> Locale:
    return Locale.parse(tag)


class _Compiled(NamedTuple):
    prefix: str
    suffix: str
    digits: int
    quantum: Decimal
    """``Decimal('0.01')`` for two minor digits: amounts of finer precision go to babel."""
    symbols: dict[int, str]
    """``str.translate`` table: ',' → the locale's group symbol, '.' → its decimal symbol."""


#: CLDR's currencySpacing insertBetween (root and every served locale): a no-break space.
CURRENCY_SPACE = "\u00a0"
#: Locales that write the ISO code in place of the symbol (see the module's docstring).
_ISO_CODE_LOCALES = frozenset({"en"})


@functools.lru_cache(maxsize=2048)
def _symbol(currency: str, locale: str) -> tuple[str, str]:
    """(what babel writes for ``currency`` in ``locale``, what wagecalc writes)."""
    symbol = str(get_currency_symbol(currency, locale=_locale(locale)))
    return symbol, currency if locale in _ISO_CODE_LOCALES else symbol


def _is_spacing_edge(char: str) -> bool:
    """CLDR's currencyMatch ``[[:^S:]&[:^Z:]]``: neither a symbol nor a separator."""
    return unicodedata.category(char)[0] not in "SZ"


def _space_currency(text: str, babel_symbol: str, shown: str) -> str:
    """``text`` (babel's) with ``shown`` for the symbol and CLDR's currency spacing applied.

    >>> _space_currency("MYR4,094,556.47", "MYR", "MYR")
    'MYR\xa04,094,556.47'
    >>> _space_currency("$900K", "$", "USD"), _space_currency("US$90万", "US$", "US$")
    ('USD\xa0900K', 'US$90万')
    """
    at = text.find(babel_symbol)
    if at < 0:
        return text
    end = at + len(babel_symbol)
    before, after = text[:at], text[end:]
    if after[:1].isdigit() and _is_spacing_edge(shown[-1]):
        after = CURRENCY_SPACE + after
    if before[-1:].isdigit() and _is_spacing_edge(shown[0]):
        before += CURRENCY_SPACE
    return before + shown + after


def _babel_money(amount: Decimal, currency: str, locale: str) -> str:
    text = str(format_currency(amount, currency, locale=_locale(locale)))
    return _space_currency(text, *_symbol(currency, locale))


def _translate(group: str, decimal: str) -> dict[int, str]:
    """The table from Python's symbols to the locale's; the shared ``_PLAIN`` when they agree."""
    return _PLAIN if (group, decimal) == (",", ".") else {ord(","): group, ord("."): decimal}


#: The identity table: ``translate`` with it copies the string char by char (a dict lookup
#: each), so the fast paths skip it (``is _PLAIN``) for en, zh_Hans, zh_Hant and ms.
_PLAIN = {ord(","): ",", ord("."): "."}


@functools.lru_cache(maxsize=2048)
def _compiled_money(currency: str, locale: str) -> _Compiled | None:
    match = _PROBE_RE.fullmatch(_babel_money(Decimal(1234567), currency, locale))
    if match is None:
        return None
    digits = minor_units(currency)
    compiled = _Compiled(
        match["prefix"],
        match["suffix"],
        digits,
        Decimal(1).scaleb(-digits),
        _translate(match["group"] or ",", match["decimal"] or "."),
    )
    for probe in _PROBES:
        value = Decimal(probe).quantize(compiled.quantum, None, WORK_CONTEXT)
        if _fast_money(value, compiled) != _babel_money(value, currency, locale):
            return None
    return compiled


def _fast_money(amount: Decimal, compiled: _Compiled) -> str:
    number = format(amount, f",.{compiled.digits}f")
    if compiled.symbols is not _PLAIN:
        number = number.translate(compiled.symbols)
    return f"{compiled.prefix}{number}{compiled.suffix}"


def format_money(amount: Decimal, currency: str, locale: str = "en") -> str:
    """``MYR 4,094,556.47`` in en and zh_Hans, ``RM 4,094,556.47`` in ms, ``US$26,000.00`` in
    zh_Hans (the space is a no-break space, CLDR's currency spacing): for tables and the
    ``formatted`` fields, always with the currency's minor units.

    The amount is shown as given: round it first (the library rounds at the edge).

    >>> format_money(Decimal("4094556.47"), "MYR", "ms")
    'RM\xa04,094,556.47'
    """
    compiled = _compiled_money(currency, locale) if amount >= 0 else None
    # Positional quantize arguments: keyword parsing costs more than the quantize (CPython 3.11).
    if compiled is None or amount != amount.quantize(compiled.quantum, None, WORK_CONTEXT):
        return _babel_money(amount, currency, locale)
    return _fast_money(amount, compiled)


@functools.lru_cache(maxsize=4096)
def format_money_prose(amount: Decimal, currency: str, locale: str = "en") -> str:
    """An amount in a sentence: whole amounts without ``.00``, others with the digits they
    have (at least the currency's minor units): a rule's figure keeps its source's precision.

    >>> format_money_prose(Decimal("900000.00"), "USD"), format_money_prose(Decimal("13.15"), "MYR")
    ('USD\xa0900,000', 'MYR\xa013.15')
    >>> format_money_prose(Decimal("26000"), "USD", "zh_Hans")
    'US$26,000'
    """
    if amount == amount.to_integral_value():
        pattern = _locale(locale).currency_formats["standard"].pattern
        whole = re.sub(r"\.0+", "", pattern)
        text = str(
            format_currency(
                amount.to_integral_value(),
                currency,
                format=whole,
                locale=_locale(locale),
                currency_digits=False,
            )
        )
        return _space_currency(text, *_symbol(currency, locale))
    digits = max(minor_units(currency), -amount.as_tuple().exponent)  # type: ignore[operator]
    padded = amount.quantize(Decimal(1).scaleb(-digits), None, WORK_CONTEXT)
    if digits == minor_units(currency):
        return format_money(padded, currency, locale)
    # More digits than the currency's minor units (a rule's USD 0.125): all of them.
    text = format_currency(
        padded, currency, locale=_locale(locale), currency_digits=False, decimal_quantization=False
    )
    return _space_currency(str(text), *_symbol(currency, locale))


def format_money_compact(
    amount: Decimal, currency: str, locale: str = "en", *, exact: bool = False
) -> str:
    """Short form: ``MYR 4.1M`` in en, ``MYR 409.5万`` in zh_Hans (one decimal).

    ``exact``: as many decimals as the figure needs (up to three), so that a rule's figure
    in a compact sentence stays exact (``US$2.647万``); a figure compact cannot write
    exactly is written in full (:func:`format_money_prose`).
    """
    shown = _symbol(currency, locale)
    prose = format_money_prose(amount, currency, locale)

    def compact(digits: int) -> str:
        text = _space_currency(
            str(
                format_compact_currency(
                    amount, currency, locale=_locale(locale), fraction_digits=digits
                )
            ),
            *shown,
        )
        # Below the locale's first compact unit (万, K) CLDR writes the plain number,
        # ungrouped ("MYR 1500"): the prose form says the same, grouped.
        return prose if _UNGROUPED.sub("", text) == _UNGROUPED.sub("", prose) else text

    if not exact:
        return compact(1)
    for digits in range(4):
        text = compact(digits)
        if text == compact(digits + 3):  # no digit appears with more room: exact
            return text
    return prose


_UNGROUPED = re.compile("[,.\\s\u00a0]")


def format_rate(rate: Decimal, locale: str = "en") -> str:
    """An exchange rate in prose: four decimals, the locale's symbols (``4.5495``).

    Rates smaller than 0.001 keep four significant digits, so that none prints as 0.0000
    (1 IDR = 0.00006533 USD). The JSON keeps the rate's exact digits.
    """
    digits = 3 - rate.adjusted() if rate != 0 and rate.adjusted() < -3 else 4
    shown = rate.quantize(Decimal(1).scaleb(-digits), decimal.ROUND_HALF_EVEN, WORK_CONTEXT)
    return str(format_decimal(shown, format="#,##0." + "0" * digits, locale=_locale(locale)))


def format_percent_floor(ratio: Decimal, locale: str = "en") -> str:
    """``ratio`` as a percentage rounded down (never overstated): 0.9444 → ``94%``; below
    1%, two significant digits (0.0000384 → ``0.0038%``), so that it never reads 0%."""
    percent = WORK_CONTEXT.multiply(ratio, Decimal(100))
    if percent >= 1 or percent <= 0:
        shown = percent.to_integral_value(decimal.ROUND_FLOOR, WORK_CONTEXT)
    else:
        step = Decimal(1).scaleb(percent.adjusted() - 1)
        shown = percent.quantize(step, decimal.ROUND_FLOOR, WORK_CONTEXT)
    places = max(0, -shown.as_tuple().exponent)  # type: ignore[operator]
    pattern = "#,##0" + ("." + "0" * places if places else "") + "%"
    return str(format_percent(shown / 100, format=pattern, locale=_locale(locale)))


@functools.lru_cache(maxsize=4096)
def plural_category(count: Decimal, locale: str) -> str:
    """CLDR plural category (``one``, ``other`` …) of ``count`` as printed by :func:`format_count`.

    1.0 prints as "1", so it is ``one`` in English, as a reader expects.
    """
    printed = count.to_integral_value() if count == count.to_integral_value() else count
    return str(_locale(locale).plural_form(printed))


@functools.lru_cache(maxsize=64)
def plural_categories(locale: str) -> frozenset[str]:
    """Every category :func:`plural_category` can give in ``locale`` (``other`` always)."""
    return frozenset({"other", *_locale(locale).plural_form.tags})


def _babel_count(count: Decimal, locale: str) -> str:
    return str(format_decimal(count, locale=_locale(locale), decimal_quantization=False))


@functools.lru_cache(maxsize=64)
def _count_symbols(locale: str) -> dict[int, str] | None:
    """The symbol table for counts, if the locale groups by three (checked against babel)."""
    symbols = _translate(
        _locale(locale).number_symbols["latn"]["group"],
        _locale(locale).number_symbols["latn"]["decimal"],
    )
    for probe in ("0", "0.000038", "1", "15.0", "34.6", "4500", "124138", "1234567.25"):
        if _fast_count(Decimal(probe), symbols) != _babel_count(Decimal(probe), locale):
            return None
    return symbols


def _fast_count(count: Decimal, symbols: dict[int, str]) -> str:
    """``count`` (≥ 0) grouped by three, no trailing zeros, in the locale's symbols: Decimal's
    own ``,f`` format, one C call."""
    text = format(count, ",f")
    if "." in text:  # 15.0 → "15", 34.60 → "34.6"; never strip an integer's own zeros
        text = text.rstrip("0").rstrip(".")
    text = text.removeprefix("-")  # -0, the one negative a count ≥ 0 can be
    return text if symbols is _PLAIN else text.translate(symbols)


@functools.lru_cache(maxsize=64)
def count_formatter(locale: str) -> Callable[[Decimal], str]:
    """:func:`format_count` for ``locale``, the locale's symbols looked up once: for loops
    over many counts. Babel writes what the fast form cannot (negative counts, and
    locales that do not group by three)."""
    symbols = _count_symbols(locale)

    def format_one(count: Decimal) -> str:
        if symbols is None or count < 0:
            return _babel_count(count, locale)
        return _fast_count(count, symbols)

    return format_one


def format_count(count: Decimal, locale: str = "en") -> str:
    """A count with the locale's grouping and no trailing zeros: ``4,500``, ``34.6``.

    >>> format_count(Decimal("15.0")), format_count(Decimal("124138"))
    ('15', '124,138')
    """
    return count_formatter(locale)(count)
