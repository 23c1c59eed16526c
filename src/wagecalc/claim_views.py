"""The JSON shape of a checked figure, shared by ``GET /v1/check`` and ``wagecalc check --json``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import msgspec

from wagecalc.claim_sentences import format_rate, format_reported, verdict
from wagecalc.claims import ClaimCheck, ClaimWindow, MatchRun, RatePoint
from wagecalc.formatting import format_money
from wagecalc.views import (
    ConversionView,
    DecimalString,
    RateView,
    SourceView,
    conversion_view,
    decimal_text,
    lang_tag,
    rate_view,
)

__all__ = [
    "CheckView",
    "ClaimWindowView",
    "MatchRunView",
    "RatePointView",
    "ReportedView",
    "check_view",
]


class ReportedView(msgspec.Struct, frozen=True, kw_only=True):
    """The reported figure as read: its value and the interval ``[low, high)`` it stands for."""

    text: str
    value: DecimalString
    low: DecimalString
    high: DecimalString
    unit: DecimalString
    """What the figure was rounded to: its last digit's place, or ``precision``."""
    precision_given: bool
    currency: str
    formatted: str


class RatePointView(msgspec.Struct, frozen=True, kw_only=True):
    """The amount converted at the rate of one date."""

    amount: DecimalString
    currency: str
    formatted: str
    rate: RateView


class ClaimWindowView(msgspec.Struct, frozen=True, kw_only=True):
    start: dt.date
    end: dt.date
    rates: int


class MatchRunView(msgspec.Struct, frozen=True, kw_only=True):
    """Dates on which rates gave the figure, no two further apart than the window's length."""

    first: dt.date
    last: dt.date
    rates: int
    later: bool
    """After the figure's date: a rate it could not have used."""


class ImpliedView(msgspec.Struct, frozen=True, kw_only=True):
    """The rate the figure implies, and the rates that give it within its precision."""

    rate: DecimalString
    """reported ÷ amount, to 12 significant digits."""
    formatted: str
    low: DecimalString
    high: DecimalString
    position: str
    """``below``, ``within`` or ``above`` the window's lowest-to-highest range."""
    beyond_percent: DecimalString | None
    """How far below the lowest or above the highest, in % of that rate (2 decimals)."""


class CheckView(msgspec.Struct, frozen=True, kw_only=True, rename={"from_": "from"}):
    """Whether a reported conversion matches the rates, with every figure's rate and date."""

    verdict: str
    matches: bool
    """Whether a rate of the window gives the figure within its precision."""
    reported: ReportedView
    conversion: ConversionView
    """The amount converted at the rate of the date."""
    window: ClaimWindowView
    lowest: RatePointView
    highest: RatePointView
    closest: RatePointView
    implied: ImpliedView
    matching_rates: int
    latest_match: RatePointView | None
    before: MatchRunView | None
    after: MatchRunView | None
    searched: ClaimWindowView
    """The dates searched for ``before`` and ``after``."""
    basis: str
    source: SourceView
    note: str | None
    locale: str
    """The answer's language as a BCP 47 tag (``zh-Hans``), as every answer gives it."""


def _point_view(point: RatePoint, locale: str) -> RatePointView:
    return RatePointView(
        amount=decimal_text(point.rounded.amount),
        currency=point.rounded.currency,
        formatted=format_money(point.rounded.amount, point.rounded.currency, locale),
        rate=rate_view(point.quote, locale),
    )


def _window_view(window: ClaimWindow) -> ClaimWindowView:
    return ClaimWindowView(start=window.start, end=window.end, rates=window.rates)


def _run_view(run: MatchRun | None) -> MatchRunView | None:
    if run is None:
        return None
    return MatchRunView(first=run.first, last=run.last, rates=run.rates, later=run.later)


def _significant(value: Decimal, digits: int = 12) -> str:
    shown = value.quantize(Decimal(1).scaleb(value.adjusted() + 1 - digits))
    return decimal_text(shown.normalize()) if shown == shown.to_integral() else decimal_text(shown)


def check_view(check: ClaimCheck, locale: str = "en") -> CheckView:
    """The view of ``check``, with its verdict and formatted amounts in ``locale``."""
    figure = check.reported
    return CheckView(
        verdict=verdict(check, locale),
        matches=check.matches,
        reported=ReportedView(
            text=figure.text,
            value=decimal_text(figure.value),
            low=decimal_text(figure.low),
            high=decimal_text(figure.high),
            unit=decimal_text(figure.unit),
            precision_given=figure.precision_given,
            currency=check.currency,
            formatted=format_reported(figure.value, check.currency, locale),
        ),
        conversion=conversion_view(check.conversion, locale=locale),
        window=_window_view(check.window),
        lowest=_point_view(check.lowest, locale),
        highest=_point_view(check.highest, locale),
        closest=_point_view(check.closest, locale),
        implied=ImpliedView(
            rate=_significant(check.implied_rate),
            formatted=format_rate(check.implied_rate, locale),
            low=_significant(check.implied_low),
            high=_significant(check.implied_high),
            position=check.position,
            beyond_percent=(
                None
                if check.beyond_percent is None
                else decimal_text(check.beyond_percent.quantize(Decimal("0.01")))
            ),
        ),
        matching_rates=check.matching_rates,
        latest_match=None
        if check.latest_match is None
        else _point_view(check.latest_match, locale),
        before=_run_view(check.before),
        after=_run_view(check.after),
        searched=_window_view(check.searched),
        basis=check.basis,
        source=SourceView(
            name=check.source.name,
            title=check.source.title,
            publisher=check.source.publisher,
            url=check.source.url,
            citation=check.source.citation,
        ),
        note=check.note,
        locale=lang_tag(locale),
    )
