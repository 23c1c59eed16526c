"""A figure as a newspaper prints it, read with the interval it stands for.

"4.3 million" is not 4,300,000: it is any amount that rounds to 4.3 million,
[4.25, 4.35) million. A reader of reported figures therefore returns the value
and the rounding unit it implies: the last digit written (``4.3`` → 0.1), times
the multiplier word (``million``, ``juta``, ``万``). A whole number's trailing
zeros are read as rounding too (``4300000`` → unit 100,000), as newsrooms round;
``precision=`` overrides the unit when the writer meant otherwise.

Accepted: digits with ``,`` ``.`` or spaces as group separators and ``.`` or
``,`` as the decimal mark (``4,3 juta``, ``4.300.000``), full-width digits, and
the multipliers of English, Malay and Chinese (``k``, ``thousand``, ``ribu``,
``m``, ``mn``, ``million``, ``juta``, ``b``, ``bn``, ``billion``, ``bilion``,
``千``, ``万``/``萬``, ``百万``, ``亿``/``億``). Anything else is refused with an
:class:`~wagecalc.errors.InvalidReportedFigureError` naming the field.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

import msgspec

from wagecalc.errors import InvalidReportedFigureError
from wagecalc.money import MAX_AMOUNT, WORK_CONTEXT

__all__ = ["MULTIPLIERS", "ReportedFigure", "read_precision", "read_reported"]

#: Multiplier words, lower case, by the power of ten they stand for.
MULTIPLIERS: dict[str, int] = {
    "k": 3,
    "thousand": 3,
    "ribu": 3,
    "千": 3,
    "万": 4,
    "萬": 4,
    "m": 6,
    "mn": 6,
    "mil": 6,
    "million": 6,
    "millions": 6,
    "juta": 6,
    "百万": 6,
    "百萬": 6,
    "b": 9,
    "bn": 9,
    "billion": 9,
    "billions": 9,
    "bilion": 9,
    "亿": 8,
    "億": 8,
}

_MAX_TEXT = 64
# The number: digits, with group separators (',' '.' ' ') and a decimal mark, sorted out below.
_FIGURE_RE = re.compile(r"(?P<number>[0-9][0-9., ]*)\s*(?P<word>[^\s0-9.,]*)")
_GROUPED_RE = re.compile(r"[0-9]{1,3}(?:(?P<sep>[,. ])[0-9]{3})(?:(?P=sep)[0-9]{3})*")
_PREFIXES = (
    "about ",
    "approx. ",
    "approximately ",
    "around ",
    "some ",
    "~",
    "约",
    "約",
    "大约",
    "大約",
    "kira-kira ",
    "sekitar ",
    "lebih kurang ",
)


class ReportedFigure(msgspec.Struct, frozen=True, kw_only=True):
    """A reported amount: its value and the half-open interval ``[low, high)`` it stands for."""

    text: str
    value: Decimal
    unit: Decimal
    """What the figure was rounded to (0.1 million for "4.3 million")."""
    low: Decimal
    high: Decimal
    precision_given: bool
    """Whether ``unit`` came from ``precision=`` rather than from how the figure was written."""


def read_reported(
    text: str, *, precision: str | None = None, field: str = "reported"
) -> ReportedFigure:
    """``text`` read as people write amounts, with the interval its last digit implies.

    >>> f = read_reported("4.3 million")
    >>> f.value, f.low, f.high
    (Decimal('4300000'), Decimal('4250000'), Decimal('4350000'))
    >>> read_reported("430万").unit, read_reported("4,3 juta").value
    (Decimal('100000'), Decimal('4300000'))
    """
    value, unit = _read(text, field)
    given = precision is not None
    if precision is not None:
        low, high, unit = _interval_from_precision(value, precision)
    else:
        half = unit / 2
        low, high = value - half, value + half
    return ReportedFigure(
        text=text, value=value, unit=unit, low=low, high=high, precision_given=given
    )


def read_precision(text: str, *, field: str = "precision") -> str:
    """Check ``precision=`` without a figure: a unit (``100000``, ``0.1 million``) or ``N%``."""
    _interval_from_precision(Decimal(1), text, field=field)
    return text


def _interval_from_precision(
    value: Decimal, text: str, *, field: str = "precision"
) -> tuple[Decimal, Decimal, Decimal]:
    """``[low, high)`` and the unit for ``precision=``: a rounding unit, or ``±N%`` of the value."""
    stripped = text.strip()
    if stripped.endswith("%"):
        number = stripped[:-1].strip().lstrip("±")
        try:
            percent = (
                Decimal(number) if re.fullmatch(r"[0-9]{1,3}(\.[0-9]{1,4})?", number) else None
            )
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
            percent = None
        if percent is None or not 0 < percent < 100:
            raise InvalidReportedFigureError(
                f"{field} {_shown(text)!r} is not a percentage between 0 and 100 (e.g. 1%)",
                field=field,
            )
        half = WORK_CONTEXT.multiply(value, percent) / 100
        return value - half, value + half, half * 2
    unit, _ = _read(text, field)
    half = unit / 2
    # A unit larger than the figure (precision=100000 for "10000"): no amount is below 0.
    return max(value - half, Decimal(0)), value + half, unit


def _read(text: str, field: str) -> tuple[Decimal, Decimal]:
    """The value and its rounding unit, or an error that says what is accepted."""
    if not isinstance(text, str) or not text or len(text) > _MAX_TEXT:
        raise _refused(text, field, f"must be 1 to {_MAX_TEXT} characters")
    normal = unicodedata.normalize("NFKC", text).strip().lower()
    normal = normal.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    for prefix in _PREFIXES:
        if normal.startswith(prefix):
            normal = normal[len(prefix) :].strip()
            break
    match = _FIGURE_RE.fullmatch(normal)
    if match is None:
        raise _refused(text, field, "is not a number")
    word = match["word"]
    if word and word not in MULTIPLIERS:
        raise _refused(text, field, f"has an unknown multiplier {word[:12]!r}")
    whole, fraction = _split_number(match["number"].strip(), text, field)
    digits = whole + fraction
    if not digits.strip("0"):
        raise _refused(text, field, "is not a positive amount")
    power = MULTIPLIERS.get(word, 0)
    value = Decimal(f"{whole}.{fraction}" if fraction else whole).scaleb(power)
    if value > MAX_AMOUNT:
        raise _refused(text, field, f"is larger than {MAX_AMOUNT:,}")
    if fraction:
        unit_exponent = power - len(fraction)
    else:  # trailing zeros of a whole number are read as rounding (4300000: to 100,000)
        unit_exponent = power + len(whole) - len(whole.rstrip("0"))
    if unit_exponent < -12:
        raise _refused(text, field, "has more than 12 decimal places")
    return _plain(value), _plain(Decimal(1).scaleb(unit_exponent))


def _plain(value: Decimal) -> Decimal:
    """``Decimal('4.3E+6')`` → ``Decimal('4300000')``: whole numbers without an exponent."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def _split_number(number: str, text: str, field: str) -> tuple[str, str]:
    """``'4,300,000'`` → ``('4300000', '')``; ``'4,3'`` → ``('4', '3')``; ``'4.300,5'`` → …

    Whichever of ``,`` and ``.`` comes last is the decimal mark when both appear; alone,
    a mark followed by exactly three digits (once or repeatedly) groups thousands, any
    other is a decimal mark, as in ``4,3 juta`` and ``4.3 million``.
    """
    compact = number.replace(" ", "")
    if " " in number and not _GROUPED_RE.fullmatch(number.split(",")[0].split(".")[0]):
        raise _refused(text, field, "has spaces that do not group thousands")
    marks = [c for c in compact if c in ",."]
    if not marks:
        return compact, ""
    if "," in marks and "." in marks:
        decimal_mark = marks[-1]
        if marks.count(decimal_mark) != 1:
            raise _refused(text, field, "has a decimal mark twice")
        head, _, fraction = compact.rpartition(decimal_mark)
        if not _GROUPED_RE.fullmatch(head):
            raise _refused(text, field, "has group separators in the wrong places")
        return head.replace(",", "").replace(".", ""), fraction
    mark = marks[0]
    grouped = _GROUPED_RE.fullmatch(compact) and not compact.startswith("0")  # 0,500 is ½
    if grouped and (len(marks) > 1 or len(compact.rpartition(mark)[2]) == 3):
        return compact.replace(mark, ""), ""
    if len(marks) > 1:
        raise _refused(text, field, "has group separators in the wrong places")
    whole, _, fraction = compact.partition(mark)
    if not whole or not fraction:
        raise _refused(text, field, "has a decimal mark with no digits on one side")
    return whole, fraction


def _shown(text: object) -> str:
    shown = str(text)
    return shown if len(shown) <= 20 else shown[:20] + "…"


def _refused(text: object, field: str, problem: str) -> InvalidReportedFigureError:
    return InvalidReportedFigureError(
        f"{field} {_shown(text)!r} {problem}: write a figure as it was reported, such as "
        "4300000, 4,300,000, 4.3 million, 4.3m, 430万 or 4,3 juta",
        field=field,
    )
