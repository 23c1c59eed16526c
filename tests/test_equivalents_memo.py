"""equivalents() and equivalents_view() reuse per-rule work: every answer stays byte-identical.

The fast path keeps what does not depend on the amount (the rule's value in
force, its formatted figure, labels, templates, views) per rule set, rule
value, currency and locale. These tests compare its answers, as JSON bytes,
with the straightforward code it replaced (tests/equivalents_reference.py)
over amounts, currencies, dates, locales, periods, schedules, bases, rule
selections, operators' rule tables and rate sources, interleaved so that a
memo keyed too loosely would hand one request another's figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests import equivalents_reference as reference
from tests.conftest import TODAY
from wagecalc import equivalence as fast_module
from wagecalc.equivalence import equivalents
from wagecalc.errors import WagecalcError
from wagecalc.memo import BoundedMemo
from wagecalc.periods import parse_schedule
from wagecalc.rates import EcbSource
from wagecalc.rates.quotes import SPOT, Basis, Quote
from wagecalc.rules import RuleSet, default_rules, load_rules
from wagecalc.views import equivalents_view

RULES = default_rules()
CURRENCIES = ["USD", "MYR", "EUR", "JPY", "GBP", "ISK", "IDR", "CHF", "HRK", "XAU", "usd"]
LOCALES = ["en", "zh_Hans", "zh_Hant", "ms", "zh-Hans", "en-GB", "fr", "ms-MY"]
SELECTORS = [*RULES.rules, "story", "big-mac", "sag-aftra", "health"]
SCHEDULES = [
    "us-2080",
    "us-opm-2087",
    "my-employment-act",
    "my-employment-act-5day",
    "custom:hours_per_day=7.5,days_per_week=5",
    "custom:hours_per_day=7.50,days_per_week=5.0,weeks_per_year=52.0",
    "custom:hours_per_day=8,days_per_week=4,days_off=10",
]
AMOUNTS = st.one_of(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e9"), places=2),
    st.decimals(min_value=Decimal("1e-12"), max_value=Decimal("1e15"), places=12),
    st.integers(min_value=1, max_value=10**15).map(Decimal),
    st.sampled_from(["900000", "1", "0.5", "26000", "200", "375", "0.000000000001", "1e15"]),
)
DATES = st.one_of(
    st.none(),
    st.dates(dt.date(1999, 1, 4), dt.date(2026, 11, 27)),
    st.sampled_from([dt.date(2023, 7, 26), dt.date(2019, 6, 1), dt.date(2022, 5, 1)]),
)
SELECTIONS = st.one_of(
    st.none(),
    st.lists(st.sampled_from(SELECTORS), max_size=4),
    st.lists(st.sampled_from(SELECTORS), min_size=1, max_size=3).map(", ".join),
    st.sampled_from([["no-such-rule"], "story,,health", ""]),
)


def _outcome(run: Callable[[], Any]) -> tuple[str, bytes]:
    """The JSON of a result, or its error's type, field and message: what a caller sees."""
    try:
        value = run()
    except (WagecalcError, ValueError, TypeError) as exc:
        field = getattr(exc, "field", None)
        return "error", f"{type(exc).__name__} {field} {exc}".encode()
    return "ok", msgspec.json.encode(value)


def _both(amount: Any, currency: str, **kwargs: Any) -> None:
    """The fast and the reference answers, library result and view, byte for byte."""
    kwargs.setdefault("today", TODAY)
    kwargs.setdefault("rules", RULES)

    def fast() -> Any:
        return equivalents(amount, currency, **kwargs)

    def slow() -> Any:
        return reference.equivalents(amount, currency, **kwargs)

    assert _outcome(fast) == _outcome(slow)
    if _outcome(slow)[0] == "ok":
        assert _outcome(lambda: equivalents_view(fast())) == _outcome(
            lambda: reference.equivalents_view(slow())
        )
        formatted = "$1.00 (as the route passes it)"
        assert _outcome(lambda: equivalents_view(fast(), formatted_amount=formatted)) == (
            _outcome(lambda: reference.equivalents_view(slow(), formatted_amount=formatted))
        )


@given(
    amount=AMOUNTS,
    currency=st.sampled_from(CURRENCIES),
    on=DATES,
    locale=st.sampled_from(LOCALES),
    select=SELECTIONS,
    period=st.sampled_from(["year", "month", "week", "day", "hour"]),
    schedule=st.sampled_from(SCHEDULES),
    basis=st.sampled_from(["spot", "mean-3m", "mean-30d"]),
    compact=st.booleans(),
)
@example(
    amount="900000",
    currency="USD",
    on=dt.date(2023, 7, 26),
    locale="en",
    select=None,
    period="year",
    schedule="us-2080",
    basis="spot",
    compact=False,
)
def test_answers_equal_the_reference(
    amount: Any,
    currency: str,
    on: dt.date | None,
    locale: str,
    select: Any,
    period: str,
    schedule: str,
    basis: str,
    compact: bool,
) -> None:
    _both(
        amount,
        currency,
        on=on,
        locale=locale,
        select=select,
        period=period,
        schedule=parse_schedule(schedule),  # a new object each time, as the API parses it
        basis=basis,
        compact=compact,
    )


@pytest.mark.parametrize("locale", ["en", "zh_Hans", "zh_Hant", "ms"])
@pytest.mark.parametrize("currency", ["USD", "MYR", "JPY"])
def test_many_amounts_in_a_row_equal_the_reference(locale: str, currency: str) -> None:
    """Counts near 1 and at 1 (singular labels, two significant digits) and large ones."""
    amounts = [Decimal(n) for n in range(1, 400, 7)]
    amounts += [Decimal(n) / 100 for n in range(1, 2000, 37)]
    amounts += [Decimal("5.58"), Decimal("26000"), Decimal("7.25"), Decimal("1500"), Decimal(375)]
    amounts += [Decimal(10**k) + Decimal("0.01") for k in range(15)]
    for amount in amounts:
        _both(amount, currency, on=dt.date(2023, 7, 26), locale=locale)


def _table(tmp_path: Path, name: str, amount: str) -> Path:
    """An operator's table: overrides the US Big Mac, adds a EUR threshold (labels en and ms)."""
    path = tmp_path / f"{name}.toml"
    path.write_text(
        f"""
locales = ["en", "ms"]

[[rules]]
id = "big-mac-us"
kind = "price"
per = "item"
tags = ["big-mac", "story"]
labels.en = {{ one = "local burger", other = "local burgers" }}
labels.ms = {{ other = "burger tempatan" }}
amount = "{amount}"
currency = "USD"
as_of = "2020-01-01"
source = {{ title = "Our survey", publisher = "Us", date = 2020-01-01 }}

[[rules]]
id = "eu-threshold"
kind = "threshold"
per = "month"
tags = ["story"]
labels.en = {{ one = "worker", other = "workers" }}
labels.ms = {{ other = "pekerja" }}

[[rules.values]]
in_force_from = 2021-01-01
amount = "{amount}"
currency = "EUR"
source = {{ title = "A law", publisher = "EU", date = 2021-01-01 }}

[[rules.values]]
in_force_from = 2023-07-27
amount = "1234.5"
currency = "EUR"
source = {{ title = "A later law", publisher = "EU", date = 2023-07-27 }}
""",
        encoding="utf-8",
    )
    return path


def test_operators_rule_sets_never_mix(tmp_path: Path) -> None:
    """Two loaded rule sets and the packaged one, interleaved: each answers with its own figures."""
    sets: list[RuleSet] = [
        RULES,
        load_rules([_table(tmp_path, "a", "4.5")]),
        load_rules([_table(tmp_path, "b", "6.75")]),
        load_rules([_table(tmp_path, "b", "6.75")]),  # the same tables, loaded again
    ]
    for amount in ("900000", "12.34", "1"):
        for on in (dt.date(2023, 7, 26), dt.date(2023, 7, 27), dt.date(2020, 6, 1), None):
            for rules in sets:
                for locale in ("en", "ms", "zh_Hans"):
                    _both(amount, "MYR", on=on, rules=rules, locale=locale, select="story")
                    _both(amount, "USD", on=on, rules=rules, locale=locale)


class _ScaledSource:
    """A rate source whose rates are the ECB's times ``factor``: another source's figures."""

    def __init__(self, ecb: EcbSource, factor: str) -> None:
        self._ecb = ecb
        self._factor = Decimal(factor)

    def quote(
        self,
        base: str,
        target: str,
        on: dt.date | None = None,
        *,
        basis: Basis = SPOT,
        today: dt.date | None = None,
    ) -> Quote:
        quote = self._ecb.quote(base, target, on, basis=basis, today=today)
        # A new object every time, as the live source gives.
        return msgspec.structs.replace(quote, numerator=quote.numerator * self._factor)


def test_rate_sources_never_mix(ecb: EcbSource) -> None:
    """Sources with different rates for the same day, interleaved: each answer uses its own."""
    sources = [ecb, _ScaledSource(ecb, "2"), _ScaledSource(ecb, "1.000"), ecb]
    for amount in ("900000", "3.5"):
        for currency in ("USD", "MYR", "EUR"):
            for source in sources:
                _both(amount, currency, on=dt.date(2023, 7, 26), source=source, locale="ms")


def test_dates_across_rule_values_equal_the_reference() -> None:
    """Every day around each value change of every rule, and before the first."""
    days = {v.in_force_from for r in RULES.rules.values() for v in r.values}
    for day in sorted(days):
        for shift in (-1, 0):
            _both("900000", "USD", on=day + dt.timedelta(days=shift), locale="zh_Hans")


def test_memos_stay_bounded() -> None:
    """However many dates are asked for, the memo keeps at most its size, then starts afresh."""
    memo: BoundedMemo[int, str] = BoundedMemo(8)
    for n in range(20):
        assert memo.remember(n, str(n)) == str(n)
        assert 1 <= len(memo) <= 8
    assert memo.get(19) == "19" and memo.get(0) is None
    for offset in range(40):
        day = dt.date(2023, 1, 1) + dt.timedelta(days=offset)
        _both("900000", "USD", on=day, locale=LOCALES[offset % len(LOCALES)])
    for found in fast_module.MEMOS:
        assert len(found) <= found.maxsize
