"""The rules of the HTTP contract that a schema can state, written once.

Each pattern here is both published in the OpenAPI document (so that a
client or a fuzzer knows exactly which values are well formed) and enforced
by the server before the library parses the value (so that the two cannot
disagree). The library then gives the specific error (``currency-case``,
``amount-too-large`` …); a value the library would take but the contract
does not (``1e3``: the contract says plain notation) is refused with the
field's own code.

Patterns are ECMA-262 and Python ``re`` at once: ``[0-9]``, never ``\\d``
(which is Unicode-aware in Python), and no look-around.

What a schema cannot say is whether a well-formed value names something the
data has: a currency the ECB did not publish on that date, a rule id no table
defines. Those are answered 404, as the reference rates API Frankfurter does.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from wagecalc.api.problems import NOT_FOUND
from wagecalc.comparison import Salary
from wagecalc.currencies import known_currencies
from wagecalc.errors import (
    AmountSyntaxError,
    InputError,
    InvalidBasisError,
    InvalidCurrencyError,
    InvalidDateError,
    InvalidLabelError,
    InvalidLocaleError,
    InvalidPeriodError,
    InvalidRuleSelectorError,
    InvalidScheduleError,
)
from wagecalc.labels import LABEL, MAX_LABEL_LENGTH, is_label
from wagecalc.money import PLAIN_AMOUNT, RoundingMode
from wagecalc.periods import PRESETS, Period

__all__ = [
    "AMOUNT",
    "BASIS",
    "CURRENCIES",
    "CURRENCY",
    "DATE",
    "LABEL",
    "LOCALE",
    "PERIODS",
    "ROUNDING_MODES",
    "RULE_SELECTORS",
    "SALARY",
    "SCHEDULE",
    "anchored",
    "conform",
    "plain_amount",
    "plain_currency",
    "plain_salary",
    "plain_salary_fields",
]

T = TypeVar("T")


def _positive_fraction(digits: int) -> str:
    """1 to ``digits`` digits, not all zero: ``0{k}[1-9][0-9]{0,digits-1-k}`` for each k."""
    return "|".join(f"0{{{k}}}[1-9][0-9]{{0,{digits - 1 - k}}}" for k in range(digits))


def _bounded(whole: str, top: str, digits: int) -> str:
    """``whole`` with an optional fraction of up to ``digits`` digits, or exactly ``top``."""
    return f"(?:{whole})(?:\\.[0-9]{{1,{digits}}})?|{top}(?:\\.0{{1,{digits}}})?"


#: A positive amount in plain decimal notation: no sign, exponent, separator or leading
#: zero; at most 12 fractional digits; at most 10^15.
AMOUNT = PLAIN_AMOUNT  # the library's, so that the CLI takes what the API takes
CURRENCY = "[A-Z]{3}"
CURRENCIES = f"{CURRENCY}(?:,{CURRENCY})*"
PERIODS = [p.value for p in Period]
PERIOD = "|".join(PERIODS)
ROUNDING_MODES = [m.value for m in RoundingMode]
DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
#: spot, mean-<1..3660>d or mean-<1..120>m (no leading zeros).
BASIS = (
    "spot|mean-(?:[1-9][0-9]{0,2}|[12][0-9]{3}|3[0-5][0-9]{2}|36[0-5][0-9]|3660)d"
    "|mean-(?:[1-9][0-9]?|1[01][0-9]|120)m"
)
_D4 = "(?:\\.[0-9]{1,4})?"
_SMALL = f"0\\.(?:{_positive_fraction(4)})"
_HOURS = f"{_SMALL}|(?:[1-9]|1[0-9]|2[0-3]){_D4}|24(?:\\.0{{1,4}})?"
_DAYS = f"{_SMALL}|[1-6]{_D4}|7(?:\\.0{{1,4}})?"
# (0, 52.1786]: 52 with a fraction of at most .1786.
_WEEKS = (
    f"{_SMALL}|(?:[1-9]|[1-4][0-9]|5[01]){_D4}"
    "|52(?:\\.(?:0[0-9]{0,3}|1(?:[0-6][0-9]{0,2}|7(?:[0-7][0-9]?|8[0-6]?)?)?))?"
)
_DAYS_OFF = f"0{_D4}|(?:[1-9][0-9]?|[12][0-9]{{2}}|3[0-5][0-9]|36[0-5]){_D4}|366(?:\\.0{{1,4}})?"
#: A preset, or a custom schedule with its figures in this order and within their ranges.
SCHEDULE = "|".join(
    [
        *PRESETS,  # ids of [a-z0-9-] (checked in tests): no escaping needed
        f"custom:hours_per_day=(?:{_HOURS}),days_per_week=(?:{_DAYS})"
        f"(?:,weeks_per_year=(?:{_WEEKS}))?(?:,days_off=(?:{_DAYS_OFF}))?",
    ]
)
LOCALE = "[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,3}"
#: Rule ids and tags: lower-case letters, digits and inner hyphens or dots.
RULE_SELECTOR = "[a-z0-9](?:[a-z0-9.-]{0,78}[a-z0-9])?"
RULE_SELECTORS = f"{RULE_SELECTOR}(?:,{RULE_SELECTOR})*"
#: wagecalc.labels.LABEL (its length, 1 to 60, is stated apart as minLength and maxLength).
SALARY = f"(?:{AMOUNT}) {CURRENCY}/(?:{PERIOD})"


def anchored(pattern: str) -> str:
    return f"^(?:{pattern})$"


_COMPILED: dict[str, re.Pattern[str]] = {}


def _compiled(pattern: str) -> re.Pattern[str]:
    found = _COMPILED.get(pattern)
    if found is None:
        found = _COMPILED[pattern] = re.compile(pattern)
    return found


#: The error a field's value gets when it breaks the pattern and the library says nothing
#: more precise: keyed by the pattern.
_MALFORMED: dict[str, tuple[type[InputError], str]] = {
    AMOUNT: (AmountSyntaxError, "a positive amount in plain decimal notation, e.g. 900000"),
    CURRENCY: (
        InvalidCurrencyError,
        "a currency code: three upper-case letters of ISO 4217, e.g. USD",
    ),
    CURRENCIES: (
        InvalidCurrencyError,
        "a list of currency codes: upper-case ISO 4217 codes separated by commas, e.g. MYR,JPY",
    ),
    PERIOD: (InvalidPeriodError, f"one of {', '.join(PERIODS)}"),
    DATE: (InvalidDateError, "a date in the form YYYY-MM-DD"),
    BASIS: (InvalidBasisError, "spot, mean-<N>d (N ≤ 3660) or mean-<N>m (N ≤ 120)"),
    SCHEDULE: (
        InvalidScheduleError,
        f"one of {', '.join(PRESETS)} or "
        "custom:hours_per_day=H,days_per_week=D[,weeks_per_year=W][,days_off=N] in that order",
    ),
    RULE_SELECTORS: (
        InvalidRuleSelectorError,
        "comma-separated rule ids or tags (lower-case letters, digits, '-' and '.')",
    ),
    LABEL: (
        InvalidLabelError,
        f"1 to {MAX_LABEL_LENGTH} characters, not only blanks, none a control, invisible "
        "format character, variation selector or filler",
    ),
    LOCALE: (InvalidLocaleError, "a locale identifier such as en, zh-Hans or ms-MY"),
}


def plain_amount(text: str) -> Decimal | None:
    """``conform(AMOUNT, text, field, as_amount)`` for the common form, else None.

    The common form, ``[1-9][0-9]{0,14}(\\.[0-9]{1,12})?``, is the pattern's first
    alternative: decided with string methods, it needs neither the pattern (whose
    other alternatives make it slow to run) nor the library's general checks, and
    its value is ``Decimal(text)`` exactly, as the library's. None: check ``text``
    with :func:`conform`, which gives the full answer, errors included.
    """
    whole, dot, fraction = text.partition(".")
    # isascii() first: str.isdigit() alone accepts "²" and other scripts' digits.
    if (
        text.isascii()
        and 0 < len(whole) <= 15
        and whole.isdigit()
        and whole[0] != "0"
        and (not dot or (0 < len(fraction) <= 12 and fraction.isdigit()))
    ):
        return Decimal(text)
    return None


#: Pay periods by their text, as parse_period reads them.
_PERIODS = {p.value: p for p in Period}


def plain_currency(code: str) -> bool:
    """Whether ``conform(CURRENCY, code, field, validate_currency)`` succeeds."""
    return (
        len(code) == 3
        and code.isascii()
        and code.isalpha()
        and code.isupper()
        and code in known_currencies()
    )


def plain_salary(text: str) -> Salary | None:
    """``conform(SALARY, text, field, parse_salary)`` (no label) for an amount of the
    common form (:func:`plain_amount`), else None: check ``text`` with :func:`conform`.

    ``AMOUNT CODE/PERIOD`` split at its one space and its one slash, each part
    checked as the pattern and the library check it; the label is ``text`` itself,
    which is a valid label (at most 38 printable ASCII characters).
    """
    amount, space, rest = text.partition(" ")
    code, slash, period_text = rest.partition("/")
    period = _PERIODS.get(period_text)
    if not space or not slash or period is None or not plain_currency(code):
        return None
    value = plain_amount(amount)
    if value is None:
        return None
    return Salary(label=text, amount=value, currency=code, period=period, labelled=False)


def plain_salary_fields(label: str, amount: str, currency: str, period: str) -> Salary | None:
    """``make_salary(amount, currency, period, label)`` after the contract's checks of
    the label, the amount and the currency, for an amount of the common form; else
    None: check the fields one by one, which gives every error."""
    value = plain_amount(amount)
    found = _PERIODS.get(period)
    if value is None or found is None or not plain_currency(currency) or not is_label(label):
        return None
    return Salary(label=label, amount=value, currency=currency, period=found)


def conform(
    pattern: str,
    value: str,
    field: str,
    parse: Callable[..., T],
    /,
    *args: Any,
    error: type[InputError] | None = None,
    expected: str | None = None,
    **kwargs: Any,
) -> T:
    """``parse(value, *args, **kwargs)`` when ``value`` fully matches ``pattern``.

    When it does not, the library's own error is raised if it has one (more
    precise: ``usd`` must be ``USD``), but never a not-found error (404) for a
    malformed value; otherwise the field's malformed-value error.
    """
    if _compiled(pattern).fullmatch(value) is not None:
        return parse(value, *args, **kwargs)
    with contextlib.suppress(*NOT_FOUND):
        parse(value, *args, **kwargs)
    malformed, wanted = _MALFORMED.get(pattern, (InputError, "the documented form"))
    error = error or malformed
    shown = value if len(value) <= 20 else value[:20] + "…"
    raise error(f"{field} {shown!r} is not {expected or wanted}", field=field)
