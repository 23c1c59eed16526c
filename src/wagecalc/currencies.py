"""ISO 4217 currencies as CLDR (through babel) knows them.

Validation is strict on purpose: a lower-case code is a likely typo that a
silent ``upper()`` would hide in a cached URL, so it is an error that names
the upper-case spelling instead.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import os
import re
import zlib

import msgspec

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
    return frozenset(_currency_table())


@functools.cache
def _currency_table() -> dict[str, int]:
    """Each known code's minor units, from CLDR through babel.

    Babel keeps them in its global data, a pickle whose loading is most of a fresh
    process's first conversion (issue 23), and importing babel at all costs about
    20 ms; the table is kept in the cache directory the rates use
    (:func:`wagecalc.rates.prepared.cache_dir_from_env`), named after the size and
    modification time of babel's data file, so that a process that only converts
    reads a few kilobytes of JSON and never imports babel.
    """
    from wagecalc.rates.prepared import cache_dir_from_env, write_atomically

    cache_dir = cache_dir_from_env()
    name = _table_name()
    path = None if cache_dir is None or name is None else os.path.join(cache_dir, name)
    if path is not None:
        with contextlib.suppress(OSError, msgspec.DecodeError), open(path, "rb") as handle:
            return msgspec.json.decode(handle.read(), type=dict[str, int])
    from babel.numbers import get_currency_precision, list_currencies

    table = {
        code: int(get_currency_precision(code))
        for code in sorted(frozenset(list_currencies()) - NON_MONEY_CODES)
    }
    if path is not None:
        write_atomically(path, msgspec.json.encode(table))
    return table


def _table_name() -> str | None:
    """The cached table's file name: babel's CLDR data file (``global.dat``), found
    without importing babel, by size and modification time (a babel upgrade or
    reinstall changes them), and the codes left out; None when that file is not
    where babel keeps it (the table is then built from babel every time)."""
    spec = importlib.util.find_spec("babel")
    locations = None if spec is None else spec.submodule_search_locations
    if not locations:
        return None
    try:
        data = os.stat(os.path.join(next(iter(locations)), "global.dat"))
    except OSError:
        return None
    left_out = zlib.crc32(",".join(sorted(NON_MONEY_CODES)).encode())
    return f"currencies-cldr-{data.st_size}-{data.st_mtime_ns:x}-{left_out:08x}.json"


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
    units = _currency_table().get(code)
    if units is None:
        from babel.numbers import get_currency_precision

        return int(get_currency_precision(code))
    return units


@functools.cache
def currency_name(code: str, locale: str = "en") -> str:
    """The currency's name in ``locale`` (``'Malaysian Ringgit'``, ``'马来西亚林吉特'``)."""
    from babel.numbers import get_currency_name  # babel: on use, not on import

    return str(get_currency_name(code, locale=locale))


@functools.cache
def currency_symbol(code: str, locale: str = "en") -> str:
    """The currency's symbol in ``locale`` (``'MYR'`` in en, ``'RM'`` in ms)."""
    from babel.numbers import get_currency_symbol  # babel: on use, not on import

    return str(get_currency_symbol(code, locale=locale))
