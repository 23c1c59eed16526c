"""Strict ISO dates."""

from __future__ import annotations

import datetime as dt

import pytest

from wagecalc.dates import parse_date
from wagecalc.errors import InvalidDateError


def test_parse_date_reads_iso_dates() -> None:
    """YYYY-MM-DD parses to that date."""
    assert parse_date("2023-07-26") == dt.date(2023, 7, 26)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2023-02-30", "exists"),
        ("2023-13-01", "exists"),
        ("0000-01-01", "exists"),
        ("2023-7-26", "YYYY-MM-DD"),
        ("26/07/2023", "YYYY-MM-DD"),
        ("20230726", "YYYY-MM-DD"),
        ("2023-07-26T00:00", "YYYY-MM-DD"),
        ("２０２３-07-26", "YYYY-MM-DD"),
        ("", "YYYY-MM-DD"),
        ("x" * 1000, "YYYY-MM-DD"),
    ],
)
def test_parse_date_rejects_bad_dates(text: str, words: str) -> None:
    """Impossible or loosely written dates fail naming the field."""
    with pytest.raises(InvalidDateError) as caught:
        parse_date(text, field="date")
    assert caught.value.field == "date"
    assert words in str(caught.value)
    assert len(str(caught.value)) < 200  # long input is cut in the message
