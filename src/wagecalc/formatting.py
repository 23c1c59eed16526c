"""Amounts and numbers for people, in a locale, through CLDR (babel).

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

import functools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

from babel import Locale
from babel.numbers import format_compact_currency, format_currency, format_decimal

from wagecalc.currencies import minor_units
from wagecalc.money import WORK_CONTEXT

__all__ = [
    "count_formatter",
    "format_count",
    "format_money",
    "format_money_compact",
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


def _babel_money(amount: Decimal, currency: str, locale: str) -> str:
    return str(format_currency(amount, currency, locale=_locale(locale)))


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
    """``MYR4,094,556.47`` in en and zh_Hans, ``RM4,094,556.47`` in ms, ``¥1,500,000`` in en.

    The amount is shown as given: round it first (the library rounds at the edge).

    >>> format_money(Decimal("4094556.47"), "MYR", "ms")
    'RM4,094,556.47'
    """
    compiled = _compiled_money(currency, locale) if amount >= 0 else None
    # Positional quantize arguments: keyword parsing costs more than the quantize (CPython 3.11).
    if compiled is None or amount != amount.quantize(compiled.quantum, None, WORK_CONTEXT):
        return _babel_money(amount, currency, locale)
    return _fast_money(amount, compiled)


def format_money_compact(amount: Decimal, currency: str, locale: str = "en") -> str:
    """Short form: ``MYR4.1M`` in en, ``MYR409.5万`` in zh_Hans."""
    return str(format_compact_currency(amount, currency, locale=_locale(locale), fraction_digits=1))


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
