"""Exact money: strict parsing of amounts and the one rounding at the edge.

Amounts are :class:`decimal.Decimal` from the moment they are parsed. The
library computes with unrounded values and rounds once, when a result leaves
it, to the currency's minor units with a named :class:`RoundingMode`.
"""

from __future__ import annotations

import decimal
import enum
import re
from decimal import Decimal
from typing import Literal

import msgspec

from wagecalc.currencies import minor_units, validate_currency
from wagecalc.errors import (
    AmountNotFiniteError,
    AmountNotPositiveError,
    AmountSyntaxError,
    AmountTooLargeError,
    AmountTooPreciseError,
    InvalidRoundingError,
)

__all__ = [
    "MAX_AMOUNT",
    "MAX_FRACTION_DIGITS",
    "MAX_INPUT_LENGTH",
    "MAX_MONEY",
    "PLAIN_AMOUNT",
    "WORK_CONTEXT",
    "Money",
    "RoundingLike",
    "RoundingMode",
    "minor_unit",
    "parse_amount",
    "parse_plain_amount",
    "parse_rounding",
    "round_to_minor_units",
]

#: The largest amount accepted: a quadrillion of any currency is more than
#: any salary, and the bound keeps every computation small and fast.
MAX_AMOUNT = Decimal(10) ** 15

#: Finer than any minor unit (at most 4 in ISO 4217) with room for rates per item.
MAX_FRACTION_DIGITS = 12

#: Longer strings are rejected before any parsing work is done.
MAX_INPUT_LENGTH = 64

#: Precision of intermediate arithmetic. An amount (at most 16 integer and 12
#: fractional digits) times a rate or factor (at most 10 significant digits)
#: is exact well within this; the single division at the end of a conversion
#: is correctly rounded to 60 digits, far below the last minor unit.
WORK_CONTEXT = decimal.Context(
    prec=60,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=999_999,
    Emin=-999_999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)

# Plain decimal notation with an optional bounded exponent. re.ASCII keeps
# other scripts' digits (Arabic-Indic, full-width) out of \d.
_AMOUNT_RE = re.compile(
    r"(?P<sign>-?)(?P<mant>\d+(?:\.\d+)?|\.\d+)(?:[eE](?P<exp>[+-]?\d+))?", re.ASCII
)


def _positive_fraction(digits: int) -> str:
    """1 to ``digits`` digits, not all zero: ``0{k}[1-9][0-9]{0,digits-1-k}`` for each k."""
    return "|".join(f"0{{{k}}}[1-9][0-9]{{0,{digits - 1 - k}}}" for k in range(digits))


#: The amounts the HTTP API and the CLI accept, as a regular expression: a positive
#: amount in plain decimal notation with no sign, exponent, separator or leading zero;
#: at most 12 fractional digits; at most 10^15 (:func:`parse_plain_amount`). The
#: library's own functions also take an exponent (``1.5e6``) and leading zeros.
PLAIN_AMOUNT = (
    "(?:[1-9][0-9]{0,14})(?:\\.[0-9]{1,12})?|1000000000000000(?:\\.0{1,12})?"
    f"|0\\.(?:{_positive_fraction(12)})"
)
_PLAIN_AMOUNT_RE: re.Pattern[str] | None = None  # compiled on first use: a long pattern
_NOT_FINITE_RE = re.compile(r"[+-]?(?:nan|snan|inf|infinity)", re.IGNORECASE)
_MAX_EXPONENT_DIGITS = 2


class RoundingMode(enum.StrEnum):
    """How an exact result is rounded to minor units; named, never implicit."""

    HALF_EVEN = "half-even"
    """To the nearest, ties to the even digit (banker's rounding): unbiased over many sums."""
    HALF_UP = "half-up"
    """To the nearest, ties away from zero: what most people do by hand."""
    DOWN = "down"
    """Towards zero (truncate)."""
    UP = "up"
    """Away from zero."""

    @property
    def decimal_rounding(self) -> str:
        return _DECIMAL_ROUNDING[self]


#: A :class:`RoundingMode` or its value: typed so that ``mypy --strict`` catches a
#: misspelt mode (``rounding="sideways"``) in a caller's code.
RoundingLike = RoundingMode | Literal["half-even", "half-up", "down", "up"]


def parse_rounding(text: str, *, field: str = "rounding") -> RoundingMode:
    """``'half-up'`` → :attr:`RoundingMode.HALF_UP`; anything else is an error naming choices."""
    try:
        return RoundingMode(text)
    except ValueError:
        choices = ", ".join(m.value for m in RoundingMode)
        raise InvalidRoundingError(
            f"{field} {text[:20]!r} is not a rounding mode: use one of {choices}", field=field
        ) from None


_DECIMAL_ROUNDING = {
    RoundingMode.HALF_EVEN: decimal.ROUND_HALF_EVEN,
    RoundingMode.HALF_UP: decimal.ROUND_HALF_UP,
    RoundingMode.DOWN: decimal.ROUND_DOWN,
    RoundingMode.UP: decimal.ROUND_UP,
}


#: The largest magnitude a :class:`Money` holds: any result of an accepted input
#: (at most 10^15, converted through the largest historic rate and from an hour to
#: a year) fits many times over; anything larger is a mistake, not pay.
MAX_MONEY = Decimal(10) ** 30


class Money(msgspec.Struct, frozen=True):
    """An exact amount of one currency. ``amount`` is never rounded implicitly.

    Checked when built: ``amount`` is a finite :class:`~decimal.Decimal` of magnitude
    at most :data:`MAX_MONEY` (negative amounts are differences), ``currency`` a known
    upper-case ISO 4217 code; otherwise the error names the field (``TypeError`` for a
    float or other type). ``str()`` is the amount as people read it, rounded to minor
    units for display (``f"{pay:>20}"`` aligns that text); :meth:`format` gives it in
    another locale. Amounts of one
    currency add, subtract, compare and multiply by a number (``int`` or ``Decimal``);
    mixing currencies is a ``TypeError`` naming both: convert first.

    >>> pay = Money(Decimal("341213.04"), "MYR")
    >>> str(pay), str(pay * 12)
    ('MYR\xa0341,213.04', 'MYR\xa04,094,556.48')
    >>> pay + Money(Decimal("1"), "USD")
    Traceback (most recent call last):
    TypeError: cannot add MYR and USD amounts: convert one of them first (wagecalc.convert)
    """

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        given: object = self.amount  # typed Decimal, but an untyped caller may pass anything
        if not isinstance(given, Decimal):
            hint = (
                "floats cannot hold money exactly; pass Decimal('...') from the text"
                if isinstance(given, float)
                else "Decimal(str(x)) loses nothing"
            )
            raise TypeError(f"amount must be a Decimal, not {type(given).__name__} ({hint})")
        amount = given
        if not amount.is_finite():
            raise AmountNotFiniteError(
                f"amount must be a finite number, not {_shown(str(amount))}", field="amount"
            )
        if abs(amount) > MAX_MONEY:
            raise AmountTooLargeError(
                f"amount {_shown(str(amount))} is larger than the limit of 10^30", field="amount"
            )
        currency: object = self.currency
        if not isinstance(currency, str):
            raise TypeError(f"currency must be a str, not {type(currency).__name__}")
        validate_currency(self.currency, field="currency")

    def rounded(self, mode: RoundingLike = RoundingMode.HALF_EVEN) -> Money:
        """This amount rounded to the currency's minor units."""
        return Money(round_to_minor_units(self.amount, self.currency, mode), self.currency)

    def format(self, locale: str = "en", *, compact: bool = False) -> str:
        """The amount in ``locale`` (a BCP 47 tag: ``"ms"``, ``"zh-Hans"``), rounded to
        minor units for display: ``'MYR4,094,556.47'``, ``'RM4,094,556.47'`` in ms."""
        from wagecalc.formatting import format_money, format_money_compact  # babel: on use
        from wagecalc.locales import SUPPORTED_LOCALES, negotiate_locale

        locale = locale if locale in SUPPORTED_LOCALES else negotiate_locale(locale)
        shown = round_to_minor_units(self.amount, self.currency)
        return (format_money_compact if compact else format_money)(shown, self.currency, locale)

    def __str__(self) -> str:
        return self.format()

    def __format__(self, spec: str) -> str:
        """``f"{pay:>20}"``: a string format spec (width, fill, alignment) applied to
        ``str(pay)``, the formatted amount; an empty spec is ``str(pay)``. For digits or
        another locale, format ``pay.amount`` or call :meth:`format`."""
        return format(str(self), spec)

    def _same(self, other: object, verb: str) -> Money | None:
        if not isinstance(other, Money):
            return None
        if other.currency != self.currency:
            raise TypeError(
                f"cannot {verb} {self.currency} and {other.currency} amounts: convert one of "
                "them first (wagecalc.convert)"
            )
        return other

    def __add__(self, other: object) -> Money:
        same = self._same(other, "add")
        if same is None:
            return NotImplemented
        return Money(WORK_CONTEXT.add(self.amount, same.amount), self.currency)

    def __sub__(self, other: object) -> Money:
        same = self._same(other, "subtract")
        if same is None:
            return NotImplemented
        return Money(WORK_CONTEXT.subtract(self.amount, same.amount), self.currency)

    def __mul__(self, factor: object) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int | Decimal):
            if isinstance(factor, float):
                raise TypeError(
                    "cannot multiply money by a float: floats are not exact; pass Decimal('...')"
                )
            return NotImplemented
        return Money(WORK_CONTEXT.multiply(self.amount, Decimal(factor)), self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: object) -> bool:
        same = self._same(other, "compare")
        return NotImplemented if same is None else self.amount < same.amount

    def __le__(self, other: object) -> bool:
        same = self._same(other, "compare")
        return NotImplemented if same is None else self.amount <= same.amount

    def __gt__(self, other: object) -> bool:
        same = self._same(other, "compare")
        return NotImplemented if same is None else self.amount > same.amount

    def __ge__(self, other: object) -> bool:
        same = self._same(other, "compare")
        return NotImplemented if same is None else self.amount >= same.amount


def parse_amount(text: str, *, field: str = "amount", allow_zero: bool = False) -> Decimal:
    """Parse a positive money amount written in plain ASCII decimal notation.

    >>> parse_amount("900000")
    Decimal('900000')
    >>> parse_amount("1.5e6")
    Decimal('1500000')

    Raises a subclass of :class:`~wagecalc.errors.InvalidAmountError` naming
    the value and the rule it breaks: not finite, bad syntax (thousands
    separators, underscores, hex, non-ASCII digits, spaces), an exponent of
    more than two digits, more than :data:`MAX_FRACTION_DIGITS` fractional
    digits, zero or negative, or larger than :data:`MAX_AMOUNT`.
    """
    # The common case, decided without the general checks: "900000", "1234.56". String
    # methods, not a regex: this runs once per amount and the regex costs 3x as much.
    # isascii() first: str.isdigit() alone accepts "²" and other scripts' digits.
    whole, dot, fraction = text.partition(".")
    if (
        text.isascii()
        and 0 < len(whole) <= 16
        and whole.isdigit()
        and (not dot or (0 < len(fraction) <= 12 and fraction.isdigit()))
    ):
        value = Decimal(text)
        if value and value <= MAX_AMOUNT:
            return value
    shown = _shown(text)
    if len(text) > MAX_INPUT_LENGTH:
        raise AmountSyntaxError(
            f"{field} is {len(text)} characters long; at most {MAX_INPUT_LENGTH} are accepted",
            field=field,
        )
    if _NOT_FINITE_RE.fullmatch(text):
        raise AmountNotFiniteError(f"{field} must be a finite number, not {shown}", field=field)
    match = _AMOUNT_RE.fullmatch(text)
    if match is None:
        raise AmountSyntaxError(
            f"{field} {shown} is not a plain decimal number: use ASCII digits with an optional "
            "'.' and fraction, e.g. 900000 or 1234.56 (no separators, spaces or signs)",
            field=field,
        )
    exponent = match["exp"]
    if exponent is not None and len(exponent.lstrip("+-")) > _MAX_EXPONENT_DIGITS:
        raise AmountTooLargeError(
            f"{field} {shown} has an exponent of more than {_MAX_EXPONENT_DIGITS} digits",
            field=field,
        )
    value = Decimal(text)
    if match["sign"] == "-" and value != 0:
        raise AmountNotPositiveError(f"{field} must be positive, not {shown}", field=field)
    if value == 0 and not allow_zero:
        raise AmountNotPositiveError(f"{field} must be greater than zero, not {shown}", field=field)
    return check_amount(value, field=field, shown=shown)


def parse_plain_amount(text: str, *, field: str = "amount") -> Decimal:
    """:func:`parse_amount` of the grammar the HTTP API takes (:data:`PLAIN_AMOUNT`).

    The CLI parses its amounts with this, so that ``--json`` prints what the API
    answers: ``1e3`` and ``0900`` are refused by both.

    >>> parse_plain_amount("1234.56")
    Decimal('1234.56')
    """
    global _PLAIN_AMOUNT_RE
    if _PLAIN_AMOUNT_RE is None:
        _PLAIN_AMOUNT_RE = re.compile(PLAIN_AMOUNT)
    if _PLAIN_AMOUNT_RE.fullmatch(text) is not None:
        return parse_amount(text, field=field)
    parse_amount(text, field=field)  # the precise error, when the library has one
    raise AmountSyntaxError(
        f"{field} {_shown(text)} is not a positive amount in plain decimal notation, "
        "e.g. 900000 or 1234.56 (no exponent, sign, separator or leading zero)",
        field=field,
    )


def check_amount(value: Decimal, *, field: str = "amount", shown: str | None = None) -> Decimal:
    """Apply the range and precision rules to an amount that is already a Decimal."""
    if not value.is_finite():
        shown = shown if shown is not None else _shown(str(value))
        raise AmountNotFiniteError(f"{field} must be a finite number, not {shown}", field=field)
    if value < 0 or value > MAX_AMOUNT:
        shown = shown if shown is not None else _shown(str(value))
        if value < 0:
            raise AmountNotPositiveError(f"{field} must be positive, not {shown}", field=field)
        raise AmountTooLargeError(f"{field} {shown} is larger than the limit of 10^15", field=field)
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # finite, checked above
    if -exponent > MAX_FRACTION_DIGITS and value != value.quantize(
        Decimal(1).scaleb(-MAX_FRACTION_DIGITS), context=WORK_CONTEXT
    ):
        shown = shown if shown is not None else _shown(str(value))
        raise AmountTooPreciseError(
            f"{field} {shown} has more than {MAX_FRACTION_DIGITS} fractional digits",
            field=field,
        )
    if exponent > 0:
        value = value.quantize(Decimal(1), context=WORK_CONTEXT)  # 1.5E+6 → 1500000
    return value


def round_to_minor_units(
    amount: Decimal, currency: str, mode: RoundingLike = RoundingMode.HALF_EVEN
) -> Decimal:
    """Round ``amount`` to the minor units of ``currency`` (2 for USD, 0 for JPY, 3 for BHD).

    >>> round_to_minor_units(Decimal("4094556.4789"), "MYR")
    Decimal('4094556.48')
    >>> round_to_minor_units(Decimal("2.5"), "JPY", RoundingMode.HALF_UP)
    Decimal('3')
    """
    quantum = _QUANTA.get(currency) or minor_unit(currency)  # the look-up inline: a hot path
    rounding = _DECIMAL_ROUNDING.get(mode)  # type: ignore[arg-type]  # a str key finds its member
    if rounding is None:  # not a RoundingMode nor its value: say what to pass
        if not isinstance(mode, str):
            raise TypeError(
                f"mode must be a wagecalc.RoundingMode or 'half-even', 'half-up', 'down', 'up', "
                f"not {type(mode).__name__}"
            )
        rounding = _DECIMAL_ROUNDING[parse_rounding(mode, field="mode")]
    # Positional arguments: keyword parsing costs more than the quantize itself (CPython 3.11).
    try:
        rounded = amount.quantize(quantum, rounding, WORK_CONTEXT)
    except (decimal.InvalidOperation, AttributeError):  # Infinity, sNaN, 1E+100; not a Decimal
        raise _not_roundable(amount) from None
    if rounded.is_nan():  # a quiet NaN quantizes to itself
        raise _not_roundable(amount)
    return rounded


def _not_roundable(amount: object) -> Exception:
    """Why ``amount`` cannot be rounded to minor units, as the error to raise."""
    if not isinstance(amount, Decimal):
        return TypeError(f"amount must be a Decimal, not {type(amount).__name__}")
    if not amount.is_finite():
        return AmountNotFiniteError(
            f"amount must be a finite number, not {_shown(str(amount))}", field="amount"
        )
    return AmountTooLargeError(
        f"amount {_shown(str(amount))} has too many digits to round to minor units", field="amount"
    )


#: ``Decimal('0.01')`` for USD, ``Decimal('1')`` for JPY: each currency's minor unit, once.
_QUANTA: dict[str, Decimal] = {}


def minor_unit(currency: str) -> Decimal:
    """``Decimal('0.01')`` for USD, ``Decimal('1')`` for JPY: what
    :func:`round_to_minor_units` quantizes to, for a caller that rounds many amounts
    of one currency (``amount.quantize(minor_unit(c), mode.decimal_rounding, WORK_CONTEXT)``
    is ``round_to_minor_units(amount, c, mode)``).

    ``currency`` is checked as :class:`Money` checks it (upper-case ISO 4217) the first
    time it is seen: a code is remembered only once it passed, so the hot path, a hit,
    checks nothing, and ``'jpy'`` or ``'XYZ'`` is refused, not rounded to two places."""
    quantum = _QUANTA.get(currency)
    if quantum is None:
        code: object = currency
        if not isinstance(code, str):
            raise TypeError(f"currency must be a str, not {type(code).__name__}")
        validate_currency(currency, field="currency")
        quantum = _QUANTA[currency] = Decimal(1).scaleb(-minor_units(currency))
    return quantum


def _shown(text: str) -> str:
    """The value as it appears in a message: quoted, escaped and cut short."""
    cut = text if len(text) <= 40 else text[:40] + "…"
    return repr(cut)
