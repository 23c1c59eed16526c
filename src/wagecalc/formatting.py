"""Amounts and numbers for people, in a locale, through CLDR (babel)."""

from __future__ import annotations

import functools
from decimal import Decimal

from babel import Locale
from babel.numbers import format_compact_currency, format_currency, format_decimal

__all__ = ["format_count", "format_money", "format_money_compact"]


@functools.cache
def _locale(tag: str) -> Locale:
    return Locale.parse(tag)


def format_money(amount: Decimal, currency: str, locale: str = "en") -> str:
    """``MYR4,094,556.47`` in en and zh_Hans, ``RM4,094,556.47`` in ms, ``¥1,500,000`` in en.

    The amount is shown as given: round it first (the library rounds at the edge).
    """
    return str(format_currency(amount, currency, locale=_locale(locale)))


def format_money_compact(amount: Decimal, currency: str, locale: str = "en") -> str:
    """Short form: ``MYR4.1M`` in en, ``MYR409.5万`` in zh_Hans."""
    return str(format_compact_currency(amount, currency, locale=_locale(locale), fraction_digits=1))


def format_count(count: Decimal, locale: str = "en") -> str:
    """A count with the locale's grouping: ``4,500``."""
    return str(format_decimal(count, locale=_locale(locale), decimal_quantization=False))
