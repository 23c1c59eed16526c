"""ISO 4217 currencies as CLDR (through babel) knows them.

Validation is strict on purpose: a lower-case code is a likely typo that a
silent ``upper()`` would hide in a cached URL, so it is an error that names
the upper-case spelling instead.
"""

from __future__ import annotations

import functools
import re

from babel.numbers import (
    get_currency_name,
    get_currency_precision,
    get_currency_symbol,
    list_currencies,
)

from wagecalc.errors import CurrencyCaseError, UnknownCurrencyError

__all__ = [
    "NON_MONEY_CODES",
    "currency_name",
    "currency_symbol",
    "known_currencies",
    "minor_units",
    "validate_currency",
]

#: Codes ISO 4217 lists that are not money anyone is paid in: funds and
#: accounting units (BOV … XUA), precious metals, bond-market units, the
#: test code and "no currency".
NON_MONEY_CODES = frozenset(
    {
        "BOV",
        "CHE",
        "CHW",
        "CLF",
        "COU",
        "MXV",
        "USN",
        "USS",
        "UYI",
        "UYW",  # funds
        "XAD",
        "XDR",
        "XEU",
        "XFO",
        "XFU",
        "XRE",
        "XSU",
        "XUA",  # accounting units
        "XAG",
        "XAU",
        "XPD",
        "XPT",  # precious metals
        "XBA",
        "XBB",
        "XBC",
        "XBD",  # bond-market units
        "XTS",
        "XXX",  # test code, no currency
    }
)

_CODE_RE = re.compile(r"[A-Z]{3}", re.ASCII)


@functools.cache
def known_currencies() -> frozenset[str]:
    """Every ISO 4217 code CLDR knows, current or historic, less :data:`NON_MONEY_CODES`."""
    return frozenset(list_currencies()) - NON_MONEY_CODES


def validate_currency(code: str, *, field: str = "currency") -> str:
    """Return ``code`` if it is a known currency code, else raise naming the field.

    >>> validate_currency("MYR")
    'MYR'
    """
    if code in known_currencies():
        return code
    if _CODE_RE.fullmatch(code) is None:
        upper = code.upper()
        if upper != code and _CODE_RE.fullmatch(upper) and upper in known_currencies():
            raise CurrencyCaseError(f"{field} {code!r} must be upper case: {upper!r}", field=field)
        shown = code if len(code) <= 20 else code[:20] + "…"
        raise UnknownCurrencyError(
            f"{field} {shown!r} is not a currency code: expected three upper-case "
            "letters of ISO 4217, e.g. USD",
            field=field,
        )
    if code not in known_currencies():
        raise UnknownCurrencyError(
            f"{field} {code!r} is not an ISO 4217 currency (or is a fund, metal or test code)",
            field=field,
        )
    return code


@functools.cache
def minor_units(code: str) -> int:
    """Digits after the decimal point in amounts of ``code``, from CLDR.

    >>> minor_units("USD"), minor_units("JPY"), minor_units("BHD")
    (2, 0, 3)
    """
    return int(get_currency_precision(code))


@functools.cache
def currency_name(code: str, locale: str = "en") -> str:
    """The currency's name in ``locale`` (``'Malaysian Ringgit'``, ``'马来西亚林吉特'``)."""
    return str(get_currency_name(code, locale=locale))


@functools.cache
def currency_symbol(code: str, locale: str = "en") -> str:
    """The currency's symbol in ``locale`` (``'MYR'`` in en, ``'RM'`` in ms)."""
    return str(get_currency_symbol(code, locale=locale))
