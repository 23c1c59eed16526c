"""Calendar dates as callers write them: ISO 8601 ``YYYY-MM-DD`` and nothing looser."""

from __future__ import annotations

import datetime as dt
import re

from wagecalc.errors import InvalidDateError

__all__ = ["parse_date"]

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def parse_date(text: str, *, field: str = "date") -> dt.date:
    """``'2023-07-26'`` → ``date(2023, 7, 26)``; impossible dates (2023-02-30) are errors.

    >>> parse_date("2023-07-26")
    datetime.date(2023, 7, 26)
    """
    shown = text if len(text) <= 20 else text[:20] + "…"
    if _DATE_RE.fullmatch(text) is None:
        raise InvalidDateError(
            f"{field} {shown!r} is not a date in the form YYYY-MM-DD", field=field
        )
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidDateError(
            f"{field} {shown!r} is not a date that exists", field=field
        ) from None
