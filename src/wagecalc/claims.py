"""Check a reported conversion against the rates: could any rate near its date give it?

"USD 900,000 (about MYR 4.3 million)", printed on 2023-07-31, stands for MYR
4.25 to 4.35 million. :func:`check_claim` converts the amount on the date, finds
the lowest and highest rate of a window of dates before it, says whether any
rate of the window gives the figure within its precision and, when none does,
the nearest dates before (and, later, after) on which a rate did. Every figure
is a :class:`~wagecalc.rates.quotes.Quote`'s, with its date and source; the
sentence that states the verdict is made in :mod:`wagecalc.claim_sentences`.

On the embedded ECB history the search covers every publication day the pair
has (a :class:`~wagecalc.rates.series.PairSeries`, made once per pair and basis).
Another source (the live one) is asked for the window's dates only, and the
answer says that dates outside the window were not searched.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction

import msgspec

from wagecalc.arguments import BasisLike, DateLike, as_basis, as_date
from wagecalc.conversion import (
    AmountLike,
    Conversion,
    as_amount,
    convert_checked,
    default_source,
    relabel_field,
)
from wagecalc.currencies import validate_currency
from wagecalc.errors import InputError, InvalidWindowError, RateUnavailableError
from wagecalc.money import WORK_CONTEXT, Money, RoundingMode, round_to_minor_units
from wagecalc.periods import DEFAULT_SCHEDULE, Period
from wagecalc.rates.ecb import EcbSource
from wagecalc.rates.quotes import SPOT, Basis, Fallback, Quote, RateSource, SourceInfo
from wagecalc.rates.series import PairSeries, pair_series
from wagecalc.reported import ReportedFigure, read_reported

__all__ = [
    "DEFAULT_WINDOW",
    "ClaimCheck",
    "ClaimWindow",
    "MatchRun",
    "Position",
    "RatePoint",
    "Span",
    "check_claim",
    "parse_window",
]

_WINDOW_RE = re.compile(r"(?P<n>[1-9][0-9]{0,2})(?P<unit>[dwmy])", re.ASCII)
_MAX_DAYS = 366


class Span(msgspec.Struct, frozen=True):
    """A window's length: ``days`` days or ``months`` months, ending on (and including) a date."""

    days: int = 0
    months: int = 0

    def __str__(self) -> str:
        return f"{self.months}m" if self.months else f"{self.days}d"

    def start(self, end: dt.date) -> dt.date:
        """The window's first day: ``31d`` ending 2023-07-31 starts 2023-07-01."""
        if self.months:
            return Basis(months=self.months).window_start(end)
        return end - dt.timedelta(days=self.days - 1)


#: The 31 days up to the date (a month's rates, whichever month).
DEFAULT_WINDOW = Span(days=31)


def parse_window(text: str | Span, *, field: str = "window") -> Span:
    """``31d``, ``6w``, ``3m`` or ``1y``: at most a year (366 days, 12 months)."""
    if isinstance(text, Span):
        return text
    match = _WINDOW_RE.fullmatch(text) if isinstance(text, str) else None
    if match is not None:
        n, unit = int(match["n"]), match["unit"]
        if unit == "d" and n <= _MAX_DAYS:
            return Span(days=n)
        if unit == "w" and n * 7 <= _MAX_DAYS:
            return Span(days=n * 7)
        if unit == "m" and n <= 12:
            return Span(months=n)
        if unit == "y" and n == 1:
            return Span(months=12)
    shown = str(text) if len(str(text)) <= 20 else str(text)[:20] + "…"
    raise InvalidWindowError(
        f"{field} {shown!r} is not a window of dates up to a year: use <N>d (N ≤ {_MAX_DAYS}), "
        "<N>w, <N>m (N ≤ 12) or 1y, e.g. 31d",
        field=field,
    )


class Position:
    """Where the implied rate falls against the window's range."""

    BELOW = "below"
    WITHIN = "within"
    ABOVE = "above"


class RatePoint(msgspec.Struct, frozen=True, kw_only=True):
    """The amount converted at one quote: the figure a rate of that date gives."""

    quote: Quote
    exact: Decimal
    rounded: Money


class ClaimWindow(msgspec.Struct, frozen=True, kw_only=True):
    """The dates checked, both ends included, and how many rates they hold."""

    start: dt.date
    end: dt.date
    rates: int


class MatchRun(msgspec.Struct, frozen=True, kw_only=True):
    """A spell of dates on which rates gave the figure: ``first`` to ``last``, no two matching
    days further apart than the window's length (so every window inside the spell has one)."""

    first: dt.date
    last: dt.date
    rates: int
    """How many publication days of the spell give the figure."""
    later: bool
    """After the window's end, so after the figure was published."""


class ClaimCheck(msgspec.Struct, frozen=True, kw_only=True):
    """The answer: what the rates give, and whether any gives the reported figure."""

    amount: Money
    reported: ReportedFigure
    currency: str
    conversion: Conversion
    """The amount converted at the rate of the date (its fallback explained in the quote)."""
    window: ClaimWindow
    lowest: RatePoint
    highest: RatePoint
    closest: RatePoint
    """The window's rate nearest the implied rate."""
    implied_rate: Decimal
    """reported ÷ amount: the rate the figure implies (60 digits)."""
    implied_low: Decimal
    implied_high: Decimal
    """The rates ``[implied_low, implied_high)`` give the figure within its precision."""
    position: str
    """``below``, ``within`` or ``above`` the window's lowest-to-highest range."""
    beyond_percent: Decimal | None
    """How far (in % of that rate) the implied rate is below the lowest or above the highest."""
    matching_rates: int
    """How many of the window's rates give the figure within its precision."""
    latest_match: RatePoint | None
    before: MatchRun | None
    """The nearest run of matching days before the window (None: none, or not searched)."""
    after: MatchRun | None
    """The nearest run of matching days after the window's end (None: none, or not searched)."""
    searched: ClaimWindow
    """The dates searched for ``before`` and ``after``: the whole history, or only the window."""
    basis: str
    source: SourceInfo
    note: str | None
    """What the source could not give (the live source answers for the window only)."""

    @property
    def matches(self) -> bool:
        return self.matching_rates > 0


def check_claim(
    amount: AmountLike,
    from_currency: str,
    reported: str | ReportedFigure,
    to_currency: str,
    *,
    on: DateLike | None = None,
    window: str | Span = DEFAULT_WINDOW,
    precision: str | None = None,
    basis: BasisLike = SPOT,
    source: RateSource | None = None,
    today: DateLike | None = None,
) -> ClaimCheck:
    """Whether the rates up to ``on`` give ``reported`` for ``amount``, and when they did.

    >>> c = check_claim("900000", "USD", "4.3 million", "MYR", on="2023-07-31")
    >>> c.matches, c.highest.quote.rate_date, c.highest.rounded.amount
    (False, datetime.date(2023, 7, 10), Decimal('4203039.43'))
    >>> c.before.first, c.before.last, c.after.first
    (datetime.date(2022, 10, 20), datetime.date(2022, 11, 8), datetime.date(2023, 10, 3))
    """
    value = as_amount(amount)
    validate_currency(from_currency, field="from_currency")
    validate_currency(to_currency, field="to_currency")
    figure = (
        reported
        if isinstance(reported, ReportedFigure)
        else read_reported(reported, precision=precision)
    )
    span = parse_window(window)
    day, today_date = as_date(on, field="on"), as_date(today, field="today")
    rate_basis = as_basis(basis)
    try:
        return _check_claim(
            value, from_currency, figure, to_currency, day, span, rate_basis, source, today_date
        )
    except (InputError, RateUnavailableError) as exc:  # the source's names → the parameters'
        raise relabel_field(exc, _CLAIM_FIELDS) from None


#: A rate source's parameter names (``quote(base, target, on)``) → :func:`check_claim`'s.
_CLAIM_FIELDS = {"base": "from_currency", "target": "to_currency"}


def _check_claim(
    value: Decimal,
    from_currency: str,
    figure: ReportedFigure,
    to_currency: str,
    day: dt.date | None,
    span: Span,
    rate_basis: Basis,
    source: RateSource | None,
    today_date: dt.date | None,
) -> ClaimCheck:
    """:func:`check_claim` of checked arguments; errors name the rate source's parameters."""
    rates = source or default_source()
    conversion = convert_checked(
        value,
        from_currency,
        to_currency,
        on=day,
        period=Period.YEAR,
        to_period=Period.YEAR,
        schedule=DEFAULT_SCHEDULE,
        basis=rate_basis,
        rounding=RoundingMode.HALF_EVEN,
        source=rates,
        today=today_date,
    )
    quote = conversion.quote
    moved = quote.fallback in (Fallback.LATEST, Fallback.FUTURE_DATE, Fallback.AFTER_LAST_PUBLISHED)
    end = quote.rate_date if day is None or moved else day
    start = span.start(end)
    if isinstance(rates, EcbSource):
        series = pair_series(rates.history, from_currency, to_currency, rate_basis)
        note = None
        whole = True
    else:
        series = _sampled_series(rates, from_currency, to_currency, start, end, rate_basis)
        note = (
            f"{rates.info.publisher} was asked for the window's dates only: dates before "
            f"{start.isoformat()} and after {end.isoformat()} were not searched"
        )
        whole = False
    indices = series.between(start, end)
    if not indices:
        raise RateUnavailableError(
            f"no {rates.info.publisher} {rate_basis} rate for {from_currency}/{to_currency} "
            f"from {start} to {end}",
            field="window",
        )
    low = Fraction(figure.low) / Fraction(value)
    high = Fraction(figure.high) / Fraction(value)

    def point(index: int) -> RatePoint:
        return _point(rates, value, from_currency, to_currency, series.date(index), rate_basis)

    lowest, highest = point(series.lowest(indices)), point(series.highest(indices))
    target_key = series.key_of((low + high) / 2)
    closest = point(min(indices, key=lambda i: abs(series.keys[i] - target_key)))
    matching = series.matching(indices, low, high)
    before = after = None
    if not matching and whole:
        gap = (end - start).days + 1
        nearest = series.first_matching(reversed(range(indices.start)), low, high)
        before = _run(series, nearest, low, high, gap, later=False)
        nearest = series.first_matching(range(indices.stop, len(series)), low, high)
        after = _run(series, nearest, low, high, gap, later=True)
    implied = WORK_CONTEXT.divide(figure.value, value)
    position, beyond = _position(implied, lowest.quote.rate, highest.quote.rate)
    searched = (
        ClaimWindow(start=series.date(0), end=series.date(len(series) - 1), rates=len(series))
        if whole
        else ClaimWindow(start=start, end=end, rates=len(indices))
    )
    return ClaimCheck(
        amount=Money(value, from_currency),
        reported=figure,
        currency=to_currency,
        conversion=conversion,
        window=ClaimWindow(start=start, end=end, rates=len(indices)),
        lowest=lowest,
        highest=highest,
        closest=closest,
        implied_rate=implied,
        implied_low=WORK_CONTEXT.divide(figure.low, value),
        implied_high=WORK_CONTEXT.divide(figure.high, value),
        position=position,
        beyond_percent=beyond,
        matching_rates=len(matching),
        latest_match=point(matching[-1]) if matching else None,
        before=before,
        after=after,
        searched=searched,
        basis=str(rate_basis),
        source=quote.source,
        note=note,
    )


def _point(
    rates: RateSource, amount: Decimal, base: str, target: str, day: dt.date, basis: Basis
) -> RatePoint:
    """The amount at the quote of ``day`` (a publication day of the series)."""
    quote = rates.quote(base, target, day, basis=basis)
    exact = WORK_CONTEXT.divide(WORK_CONTEXT.multiply(amount, quote.numerator), quote.denominator)
    rounded = round_to_minor_units(exact, target, RoundingMode.HALF_EVEN)
    return RatePoint(quote=quote, exact=exact, rounded=Money(rounded, target))


def _run(
    series: PairSeries, index: int | None, low: Fraction, high: Fraction, gap: int, *, later: bool
) -> MatchRun | None:
    """The spell of matching days that ``index`` (the match nearest the window) begins."""
    if index is None:
        return None
    other, count = series.episode(index, low, high, 1 if later else -1, gap)
    first, last = (index, other) if later else (other, index)
    return MatchRun(first=series.date(first), last=series.date(last), rates=count, later=later)


def _position(implied: Decimal, lowest: Decimal, highest: Decimal) -> tuple[str, Decimal | None]:
    if implied < lowest:
        beyond = WORK_CONTEXT.multiply(WORK_CONTEXT.divide(lowest - implied, lowest), 100)
        return Position.BELOW, beyond
    if implied > highest:
        beyond = WORK_CONTEXT.multiply(WORK_CONTEXT.divide(implied - highest, highest), 100)
        return Position.ABOVE, beyond
    return Position.WITHIN, None


def _sampled_series(
    rates: RateSource, base: str, target: str, start: dt.date, end: dt.date, basis: Basis
) -> PairSeries:
    """A series from a source that can only be asked date by date: the window's days.

    Each calendar day is quoted; days that answer with an earlier day's rate (weekends,
    holidays) are kept once, under the date of the rate.
    """
    seen: dict[int, tuple[int, int]] = {}
    day = start
    while day <= end:
        quote = rates.quote(base, target, day, basis=basis)
        ordinal = quote.rate_date.toordinal()
        if start.toordinal() <= ordinal <= end.toordinal() and ordinal not in seen:
            numerator = Fraction(quote.numerator) / Fraction(quote.denominator)
            seen[ordinal] = (numerator.numerator, numerator.denominator)
        day += dt.timedelta(days=1)
    ordered = sorted(seen.items())
    return PairSeries(
        [d for d, _ in ordered], [n for _, (n, _) in ordered], [d for _, (_, d) in ordered]
    )
