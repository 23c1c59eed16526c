"""The wire shapes: plain decimal text, and views remembered per library object."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, localcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wagecalc.conversion import default_source
from wagecalc.rules import default_rules
from wagecalc.sentences import source_date_text
from wagecalc.views import decimal_text, rate_view

DAY = dt.date(2023, 7, 26)


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_decimal_text_is_plain_notation_for_every_exponent(value: Decimal) -> None:
    # str() is the fast path; it must agree with format "f" wherever it is taken.
    text = decimal_text(value)
    assert text == format(value, "f")
    assert "E" not in text and "e" not in text


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_decimal_text_ignores_the_callers_exponent_letter(value: Decimal) -> None:
    # str() writes "e" under capitals=0: the fast path must notice it just the same.
    with localcontext() as context:
        context.capitals = 0
        assert decimal_text(value) == format(value, "f")
    assert decimal_text(Decimal("1E-12")) == "0.000000000001"


def test_a_rate_view_is_made_once_per_quote_and_never_shared_between_quotes() -> None:
    source = default_source()
    usd_myr = source.quote("USD", "MYR", DAY)
    usd_jpy = source.quote("USD", "JPY", DAY)
    first = rate_view(usd_myr)
    assert rate_view(usd_myr) is first
    other = rate_view(usd_jpy)
    assert other is not first
    assert (first.target, other.target) == ("MYR", "JPY")
    assert first.value == "4.54950718872"


def test_a_new_quote_with_an_old_quotes_id_gets_its_own_view() -> None:
    # The memo keeps each quote alive with its view, so an id is never reused while its
    # entry lives; a quote equal in value but not identical is looked up afresh.
    source = default_source()
    quote = source.quote("USD", "MYR", DAY)
    copy = quote.__class__(**{f: getattr(quote, f) for f in quote.__struct_fields__})
    assert copy == quote and copy is not quote
    original = rate_view(quote)
    own = rate_view(copy)
    assert own is not original  # looked up by identity: the copy was not served the original's
    assert own == original
    assert rate_view(quote) is original  # and the original's entry is still there


@pytest.mark.parametrize(
    ("precision", "locale", "shown"),
    [
        ("day", "en", "2024-07-16"),
        ("month", "en", "July 2024"),
        ("month", "zh_Hans", "2024年7月"),
        ("month", "ms", "Julai 2024"),
        ("undated", "en", "undated"),
        ("undated", "zh_Hant", "未註明日期"),
        ("undated", "ms", "tidak bertarikh"),
    ],
)
def test_a_source_date_shows_only_what_the_source_states(
    precision: str, locale: str, shown: str
) -> None:
    """A copy that shows only its month, or a page with no date, never gets a day."""
    assert source_date_text(dt.date(2024, 7, 16), precision, locale) == shown


def test_every_shipped_month_only_source_date_is_a_first_of_month() -> None:
    """``date_precision = "month"`` means the date's day was not stated: it must be 1."""
    for rule in default_rules().rules.values():
        for value in rule.values:
            if value.source.date_precision == "month":
                assert value.source.date.day == 1, rule.id
