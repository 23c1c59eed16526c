"""check_claim: a reported conversion against the ECB rates, checked by brute force."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wagecalc.claim_sentences import verdict
from wagecalc.claims import DEFAULT_WINDOW, Span, check_claim, parse_window
from wagecalc.errors import InvalidWindowError, RateUnavailableError
from wagecalc.rates import EcbSource
from wagecalc.rates.quotes import SPOT, Basis

STORY = {"amount": "900000", "from": "USD", "reported": "4.3 million", "to": "MYR"}

#: The story's verdict, in each locale (the figures were checked against the ECB history:
#: the July 2023 high is 2023-07-10; "about MYR 4.3 million" matched 2022-10-20 to
#: 2022-11-08 and again from 2023-10-03).
GOLDEN = {
    "en": (
        "No ECB rate from 2023-07-01 to 2023-07-31 gives about MYR\u00a04.3 million: the "
        "highest, on 2023-07-10, gives MYR\u00a04,203,039.43. The figure implies 1 USD = 4.78 MYR, "
        "last seen on 2022-11-08."
    ),
    "zh_Hans": (
        "2023-07-01至2023-07-31期间，没有任何欧洲央行汇率能得出约MYR\u00a0430万：最高的是"
        "2023-07-10的汇率，得出MYR\u00a04,203,039.43。该数字意味着1 USD = 4.78 MYR，上一次出现是在"
        "2022-11-08。"
    ),
    "zh_Hant": (
        "2023-07-01至2023-07-31期間，沒有任何歐洲央行匯率能得出約MYR\u00a0430萬：最高的是"
        "2023-07-10的匯率，得出MYR\u00a04,203,039.43。該數字意味著1 USD = 4.78 MYR，上一次出現是在"
        "2022-11-08。"
    ),
    "ms": (
        "Tiada kadar ECB dari 2023-07-01 hingga 2023-07-31 yang memberikan kira-kira "
        "RM\u00a04.3 juta: yang tertinggi, pada 2023-07-10, memberikan RM\u00a04,203,039.43. "
        "Angka itu membayangkan "
        "1 USD = 4.78 MYR, kali terakhir dilihat pada 2022-11-08."
    ),
}

_CURRENCIES = ("USD", "MYR", "EUR", "JPY", "GBP", "CHF", "IDR")


def _story(ecb: EcbSource, **kwargs: object):  # type: ignore[no-untyped-def]
    return check_claim("900000", "USD", "4.3 million", "MYR", on="2023-07-31", source=ecb, **kwargs)  # type: ignore[arg-type]


def test_story_facts(ecb: EcbSource) -> None:
    """The story's figure: no July 2023 rate gives it; late 2022 and from 2023-10-03 did."""
    check = _story(ecb)
    assert not check.matches
    assert (check.window.start, check.window.end, check.window.rates) == (
        dt.date(2023, 7, 1),
        dt.date(2023, 7, 31),
        21,
    )
    assert check.highest.quote.rate_date == dt.date(2023, 7, 10)
    assert check.highest.rounded.amount == Decimal("4203039.43")
    assert check.conversion.target.amount == Decimal("4058123.92")
    assert check.position == "above"
    assert check.implied_rate.quantize(Decimal("0.01")) == Decimal("4.78")
    assert check.before is not None and check.after is not None
    assert (check.before.first, check.before.last, check.before.rates) == (
        dt.date(2022, 10, 20),
        dt.date(2022, 11, 8),
        12,
    )
    assert check.after.first == dt.date(2023, 10, 3) and check.after.later
    assert check.highest.quote.path == ("USD", "EUR", "MYR")
    assert check.source.publisher == "European Central Bank"


@pytest.mark.parametrize("locale", sorted(GOLDEN))
def test_golden_verdicts(ecb: EcbSource, locale: str) -> None:
    """The story's verdict sentence, word for word, in each locale."""
    assert verdict(_story(ecb), locale) == GOLDEN[locale]


def test_chinese_verdicts_use_full_width_punctuation(ecb: EcbSource) -> None:
    """Chinese verdicts have no ASCII comma, colon or full stop outside the figures."""
    for locale in ("zh_Hans", "zh_Hant"):
        text = verdict(_story(ecb), locale)
        words = text.replace("4,203,039.43", "").replace("4.78", "")
        assert not {",", ":", "."} & set(words), text


def test_a_figure_the_window_gives(ecb: EcbSource) -> None:
    """MYR 4.1 million is given by 13 of July 2023's 21 rates; the verdict says so."""
    check = check_claim("900000", "USD", "4.1 million", "MYR", on="2023-07-31", source=ecb)
    assert check.matches and check.matching_rates == 13
    assert check.before is None and check.after is None
    assert verdict(check, "en").startswith(
        "ECB rates from 2023-07-01 to 2023-07-31 give about MYR\u00a04.1 million on 13 of 21"
    )


def test_precision_overrides_the_written_one(ecb: EcbSource) -> None:
    """A 5% precision makes "4.3 million" [4.085, 4.515) million: July's high is in it."""
    check = _story(ecb, precision="5%")
    assert check.matches and check.reported.precision_given


def test_mean_basis_and_a_window_of_months(ecb: EcbSource) -> None:
    """A mean basis checks the window's means; the answer names the basis."""
    check = check_claim(
        "900000",
        "USD",
        "4.1 million",
        "MYR",
        on="2023-07-31",
        window="3m",
        basis="mean-1m",
        source=ecb,
    )
    assert check.basis == "mean-1m" and check.window.start == dt.date(2023, 5, 1)
    assert check.highest.quote.window is not None
    assert verdict(check, "en").startswith("ECB mean-1m rates from 2023-05-01")


def test_windows() -> None:
    """Windows are days, weeks, months or a year; longer ones are refused, naming the field."""
    assert parse_window("31d") == DEFAULT_WINDOW
    assert parse_window("2w") == Span(days=14)
    assert parse_window("1y") == Span(months=12)
    assert Span(months=1).start(dt.date(2023, 7, 31)) == dt.date(2023, 7, 1)
    for bad in ("367d", "13m", "2y", "0d", "31", "d31", "", "31D"):
        with pytest.raises(InvalidWindowError) as caught:
            parse_window(bad)
        assert caught.value.field == "window"


def test_no_rate_in_the_window(ecb: EcbSource) -> None:
    """A date before the pair's rates is a RateUnavailableError, not an empty answer."""
    with pytest.raises(RateUnavailableError):
        check_claim("900000", "USD", "4.3 million", "MYR", on="2004-01-01", source=ecb)


# --- properties: the checker against a scan of every date, quote by quote --------------------

_DATES = st.dates(dt.date(2006, 1, 1), dt.date(2026, 10, 30))


def _scan(
    ecb: EcbSource,
    amount: Decimal,
    base: str,
    target: str,
    start: dt.date,
    end: dt.date,
    basis: Basis,
) -> list[tuple[dt.date, Fraction]]:
    """Every publication day from start to end with the rate of that day, from ``quote``."""
    found = []
    day = start
    while day <= end:
        quote = ecb.quote(base, target, day, basis=basis)
        if quote.rate_date == day:
            found.append((day, Fraction(quote.numerator) / Fraction(quote.denominator)))
        day += dt.timedelta(days=1)
    return found


@settings(max_examples=40)
@given(
    day=_DATES,
    days=st.integers(1, 60),
    pair=st.sampled_from([(a, b) for a in _CURRENCIES for b in _CURRENCIES if a != b]),
    amount=st.integers(1, 10**9),
    shift=st.integers(-300, 300),
    digits=st.integers(1, 4),
    basis=st.sampled_from([SPOT, SPOT, SPOT, Basis(months=1)]),
)
def test_verdict_agrees_with_a_scan_of_every_date(
    ecb: EcbSource,
    day: dt.date,
    days: int,
    pair: tuple[str, str],
    amount: int,
    shift: int,
    digits: int,
    basis: Basis,
) -> None:
    """Matches, lowest and highest are what quoting each day of the window finds."""
    base, target = pair
    start = day - dt.timedelta(days=days - 1)
    scan = _scan(ecb, Decimal(amount), base, target, start, day, basis)
    if not scan:
        return
    # A figure near the window's rates (shift in thousandths), rounded to a few digits.
    rate = scan[0][1] * (1 + Fraction(shift, 1000))
    converted = Decimal(rate.numerator * amount) / Decimal(rate.denominator)
    figure = converted.quantize(Decimal(1).scaleb(converted.adjusted() + 1 - digits), ROUND_HALF_UP)
    figure_text = format(figure.normalize(), "f") if figure >= 1 else format(figure, "f")
    if Decimal(figure_text) <= 0:
        return
    check = check_claim(
        amount, base, figure_text, target, on=day, window=f"{days}d", basis=basis, source=ecb
    )
    low = Fraction(check.reported.low)
    high = Fraction(check.reported.high)
    matching = [d for d, r in scan if low <= amount * r < high]
    assert check.matching_rates == len(matching)
    assert check.matches == bool(matching)
    if matching:
        assert check.latest_match is not None
        assert check.latest_match.quote.rate_date == matching[-1]
    rates = [r for _, r in scan]
    assert check.highest.quote.rate_date == scan[rates.index(max(rates))][0]
    assert check.lowest.quote.rate_date == scan[rates.index(min(rates))][0]
    assert check.window.rates == len(scan)
    if check.before is not None:  # the nearest earlier match really matches
        last = check.before.last
        quote = ecb.quote(base, target, last, basis=basis)
        assert quote.rate_date == last
        assert low <= amount * Fraction(quote.numerator) / Fraction(quote.denominator) < high
        # and nothing between it and the window does (checked when the gap is short)
        if (start - last).days <= 120:
            between = _scan(
                ecb,
                Decimal(amount),
                base,
                target,
                last + dt.timedelta(days=1),
                start - dt.timedelta(days=1),
                basis,
            )
            assert not [d for d, r in between if low <= amount * r < high]


@settings(max_examples=60)
@given(
    day=_DATES,
    days=st.integers(1, 366),
    pick=st.floats(0, 1),  # which day of the window: a position, not money
    pair=st.sampled_from([(a, b) for a in _CURRENCIES for b in _CURRENCIES if a != b]),
    amount=st.integers(100, 10**9),
    unit_digits=st.integers(0, 6),
    given_precision=st.booleans(),
)
def test_a_figure_made_from_a_rate_of_the_window_is_found(
    ecb: EcbSource,
    day: dt.date,
    days: int,
    pick: float,
    pair: tuple[str, str],
    amount: int,
    unit_digits: int,
    given_precision: bool,
) -> None:
    """Convert at any day's rate, round as a paper would: the check finds a matching rate."""
    base, target = pair
    start = day - dt.timedelta(days=days - 1)
    chosen = start + dt.timedelta(days=int(pick * (days - 1)))
    quote = ecb.quote(base, target, chosen)
    if quote.rate_date < start:
        return  # no rate that day or in the days before it within the window
    exact = Fraction(amount) * Fraction(quote.numerator) / Fraction(quote.denominator)
    unit = Decimal(10) ** unit_digits
    rounded = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(unit, ROUND_HALF_UP)
    if rounded <= 0:
        return
    text = format(rounded.quantize(Decimal(1)), "f")
    check = check_claim(
        amount,
        base,
        text,
        target,
        on=day,
        window=f"{days}d",
        precision=str(unit) if given_precision else None,
        source=ecb,
    )
    assert check.matches
    assert check.reported.low <= Decimal(exact.numerator) / Decimal(exact.denominator)


def test_a_precision_wider_than_the_figure_starts_at_zero(ecb: EcbSource) -> None:
    """precision=100000 for "10000": the interval is [0, 60000), never below zero."""
    check = check_claim(
        "2000", "USD", "10000", "MYR", on="2023-07-31", precision="100000", source=ecb
    )
    assert check.reported.low == 0 and check.reported.high == 60000
    assert check.implied_low == 0 and check.matches
