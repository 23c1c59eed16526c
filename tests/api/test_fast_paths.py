"""The handlers' fast paths answer exactly what the full checks and the library answer.

The convert and compare handlers skip work that repeats (issue 14): the parameters
other than the amount are checked once per distinct text (``wagecalc/memo.py``), the
common amount and salary forms are read without the contract's patterns, and the
library is called without checking again what the handler has checked. Each test
here compares a fast path with the slow one it replaces, byte for byte, over many
generated inputs, valid and not.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, cast
from urllib.parse import urlencode

import msgspec
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from litestar import Litestar
from litestar.testing import TestClient

from wagecalc.api import create_app
from wagecalc.api.contract import (
    AMOUNT,
    CURRENCY,
    LABEL,
    SALARY,
    conform,
    plain_amount,
    plain_salary,
    plain_salary_fields,
)
from wagecalc.api.params import Checks, cache_control, negotiated_headers
from wagecalc.arguments import PeriodLike
from wagecalc.comparison import compare, make_salary, parse_salary
from wagecalc.config import Settings
from wagecalc.conversion import as_amount, convert, default_source
from wagecalc.currencies import validate_currency
from wagecalc.locales import negotiate_locale
from wagecalc.memo import BoundedMemo, forget_all
from wagecalc.periods import Period
from wagecalc.rates.quotes import SPOT, Basis, Coverage, Fallback, Quote, SourceInfo
from wagecalc.views import comparison_view, conversion_view

_AMOUNTS = st.one_of(
    st.integers(1, 10**15).map(str),
    st.decimals(
        min_value=Decimal("0.000000000001"),
        max_value=Decimal(10**15),
        places=12,
        allow_nan=False,
        allow_infinity=False,
    ).map(lambda d: format(d.normalize(), "f")),
    st.from_regex(f"^(?:{AMOUNT})$", fullmatch=True),
    st.text(alphabet="0123456789.-+eE ,_²٣", max_size=20),
    st.sampled_from(
        [
            "0",
            "0.5",
            "007",
            "1e3",
            "-5",
            "1,000",
            "１２",
            "1000000000000000",
            "1000000000000000.5",
            "1000000000000000.000",
            "999999999999999.999999999999",
            "0.0000000000001",
            "0.000000000001",
            "1.",
            ".5",
            "",
        ]
    ),
)
_VALID_CODES = ["USD", "MYR", "JPY", "BHD", "EUR", "GBP", "CNY", "ISK"]
_CODES = st.one_of(
    st.sampled_from(_VALID_CODES),
    st.sampled_from([*_VALID_CODES, "usd", "XAU", "ABC", "US", "USDX", "ÜSD", ""]),
)
_VALID_PERIODS = ["year", "month", "week", "day", "hour"]
_PERIODS = st.one_of(
    st.sampled_from(_VALID_PERIODS),
    st.sampled_from([*_VALID_PERIODS, "fortnight", "Year", "", "year "]),
)
_MANY = settings(max_examples=1000)


def _same_amount(fast: Decimal, slow: Decimal) -> None:
    assert fast == slow
    assert str(fast) == str(slow)  # the same digits and exponent, not only the same value
    assert fast.as_tuple() == slow.as_tuple()


@_MANY
@given(_AMOUNTS)
@example("900000")
@example("0.1")
def test_plain_amount_is_the_contract_and_the_library(text: str) -> None:
    fast = plain_amount(text)
    event(f"fast {fast is not None}")
    if fast is None:
        return
    _same_amount(fast, conform(AMOUNT, text, "amount", as_amount))


@_MANY
@given(_AMOUNTS, _CODES, _PERIODS, st.sampled_from([" ", " ", " ", "  ", "/", ""]))
@example("900000", "USD", "year", " ")
def test_plain_salary_is_parse_salary(amount: str, code: str, period: str, space: str) -> None:
    text = f"{amount}{space}{code}/{period}"
    fast = plain_salary(text)
    event(f"fast {fast is not None}")
    if fast is None:
        return
    slow = conform(SALARY, text, "a", parse_salary, label=None, index=0)
    assert fast == slow
    _same_amount(fast.amount, slow.amount)


def _slow_body_salary(label: str, amount: str, currency: str, period: str) -> Any:
    """What comparison._salary did before its fast path."""
    check = Checks()
    check(conform, LABEL, label, "salaries[0].label", str)
    check(conform, AMOUNT, amount, "salaries[0].amount", as_amount, field="salaries[0].amount")
    check(conform, CURRENCY, currency, "salaries[0].currency", validate_currency)
    if check.errors:
        return None
    return check(make_salary, amount, currency, cast(PeriodLike, period), label, index=0)


@_MANY
@given(
    st.one_of(st.text(max_size=70), st.sampled_from(["PM", "BG", "a\u200bb", "x\ud800", ""])),
    _AMOUNTS,
    _CODES,
    _PERIODS,
)
@example("PM", "900000", "USD", "year")
def test_plain_salary_fields_is_make_salary(
    label: str, amount: str, currency: str, period: str
) -> None:
    fast = plain_salary_fields(label, amount, currency, period)
    event(f"fast {fast is not None}")
    if fast is None:
        return
    slow = _slow_body_salary(label, amount, currency, period)
    assert fast == slow
    _same_amount(fast.amount, slow.amount)


def _old_cache_control(
    quotes: list[Any], requested: dt.date | None, latest_max_age: int, *, stable: bool = True
) -> str:
    """cache_control as it was before issue 14's rewrite."""
    moving_fallbacks = {Fallback.LATEST, Fallback.FUTURE_DATE, Fallback.AFTER_LAST_PUBLISHED}
    if any(q.fallback is Fallback.LIVE_UNAVAILABLE for q in quotes):
        return "public, max-age=60"
    if requested is None or any(q.fallback in moving_fallbacks for q in quotes):
        return f"public, max-age={latest_max_age}"
    if not stable:
        return "public, max-age=86400"
    return "public, max-age=31536000, immutable"


class _Q(msgspec.Struct):
    fallback: Fallback | None


@pytest.mark.parametrize("stable", [True, False])
@pytest.mark.parametrize("requested", [None, dt.date(2023, 7, 26)])
def test_cache_control_is_what_it_was(requested: dt.date | None, stable: bool) -> None:
    choices = [None, *Fallback]
    for n in range(4):
        for fallbacks in itertools.product(choices, repeat=n):
            quotes: list[Any] = [_Q(f) for f in fallbacks]
            assert cache_control(quotes, requested, 3600, stable=stable) == _old_cache_control(
                quotes, requested, 3600, stable=stable
            )


def test_a_memo_is_bounded_and_keeps_only_what_it_is_given() -> None:
    memo: BoundedMemo[int, str] = BoundedMemo(3)
    for n in range(10):
        assert memo.remember(n, str(n)) == str(n)
        assert len(memo) <= 3
    assert memo.get(9) == "9"
    forget_all()
    assert len(memo) == 0


# --- the endpoints: the answer with the memos cold, warm, and the library's reference -----

_DATES = st.sampled_from(
    [
        None,
        "2023-07-26",
        "2023-07-29",  # a Saturday
        "2024-02-29",
        "1999-01-04",
        "1998-12-01",  # before the data
        "2099-01-01",  # in the future
        "2023-02-30",
        "26/07/2023",
        "",
    ]
)
_SCHEDULES = st.sampled_from(
    [
        "us-2080",
        "us-opm-2087",
        "my-employment-act",
        "custom:hours_per_day=7.5,days_per_week=5",
        "custom:hours_per_day=8,days_per_week=5,weeks_per_year=52,days_off=20",
        "custom:hours_per_day=25,days_per_week=5",
        "nope",
    ]
)
_BASES = st.sampled_from(["spot", "mean-3m", "mean-30d", "mean-0d", "avg"])
_ROUNDINGS = st.sampled_from(["half-even", "half-up", "down", "up", "banker"])
_LOCALES = st.sampled_from([None, "en", "zh-Hans", "zh-TW", "ms", "ms_MY", "de", "x!"])
_ACCEPT = st.sampled_from([None, "ms-MY, en;q=0.5", "zh-TW", "fr", "de;q=x, zh"])

_HOSTS = (f"h{n}.test" for n in itertools.count())


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient[Litestar]]:
    with TestClient(app=create_app(Settings())) as test_client:
        yield test_client


def _get(client: TestClient[Litestar], path: str, query: dict[str, Any], accept: str | None) -> Any:
    # A new Host each time: the response cache keys on it, so every request runs its handler.
    headers = {"host": next(_HOSTS)}
    if accept is not None:
        headers["accept-language"] = accept
    query = {k: v for k, v in query.items() if v is not None}
    return client.get(f"{path}?{urlencode(query)}", headers=headers)


def _same_answer(one: Any, other: Any) -> None:
    assert one.status_code == other.status_code
    assert one.content == other.content
    for name in ("content-type", "cache-control", "content-language", "vary"):
        assert one.headers.get(name) == other.headers.get(name)


def _cold_warm(client: TestClient[Litestar], path: str, query: dict[str, Any], **vary: str) -> Any:
    """The answer with every memo empty; then with the memos warmed by a valid request."""
    accept = query.pop("accept_language")
    forget_all()
    cold = _get(client, path, query, accept)
    _get(client, path, {**query, **vary}, accept)  # stores the plan when the rest is valid
    warm = _get(client, path, query, accept)
    _same_answer(cold, warm)
    event(f"status {cold.status_code}")
    return cold


_SLOW = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SLOW
@given(
    amount=_AMOUNTS,
    from_=_CODES,
    to=_CODES,
    date=_DATES,
    period=_PERIODS,
    to_period=st.one_of(st.none(), _PERIODS),
    schedule=_SCHEDULES,
    basis=_BASES,
    rounding=_ROUNDINGS,
    locale=_LOCALES,
    accept_language=_ACCEPT,
)
@example(
    amount="900000",
    from_="USD",
    to="MYR",
    date="2023-07-26",
    period="year",
    to_period=None,
    schedule="us-2080",
    basis="spot",
    rounding="half-even",
    locale=None,
    accept_language=None,
)
def test_convert_answers_as_the_library_and_the_full_checks(
    client: TestClient[Litestar], **query: Any
) -> None:
    query["from"] = query.pop("from_")
    answer = _cold_warm(client, "/v1/convert", dict(query), amount="1")
    if answer.status_code != 200:
        return
    locale = negotiate_locale(query["locale"], query["accept_language"])
    result = convert(
        query["amount"],
        query["from"],
        query["to"],
        on=query["date"],
        period=query["period"],
        to_period=query["to_period"],
        schedule=query["schedule"],
        basis=query["basis"],
        rounding=query["rounding"],
        source=client.app.state.source,
    )
    assert answer.content == msgspec.json.encode(conversion_view(result, locale=locale))
    headers = negotiated_headers(
        cache_control([result.quote], result.quote.requested_date, 3600), locale
    )
    _headers_agree(headers, answer)


def _headers_agree(expected: dict[str, str], answer: Any) -> None:
    """The library's headers are the answer's; Vary as a set of names, since the compression
    middleware adds Accept-Encoding to the answers it compresses (those over 1 KB)."""
    wanted = {k.lower(): v for k, v in expected.items()}
    vary = wanted.pop("vary", "")
    assert wanted.items() <= answer.headers.items()
    names = {n.strip().lower() for n in answer.headers.get("vary", "").split(",")}
    assert {n.strip().lower() for n in vary.split(",") if n.strip()} <= names


def _compare_reference(
    client: TestClient[Litestar], salaries: list[Any], currency: str, query: dict[str, Any]
) -> bytes:
    result = compare(
        salaries,
        currency,
        on=query["date"],
        schedule=query["schedule"],
        basis=query["basis"],
        rounding=query["rounding"],
        locale=negotiate_locale(query["locale"], query["accept_language"]),
        source=client.app.state.source,
    )
    return msgspec.json.encode(comparison_view(result))


@_SLOW
@given(
    a_amount=_AMOUNTS,
    a_code=_CODES,
    a_period=_PERIODS,
    b=st.sampled_from(["200 USD/day", "200  USD/day", "1 JPY/hour", "5 usd/day", "2e3 EUR/week"]),
    a_label=st.one_of(st.none(), st.sampled_from(["PM", "", "a\u200bb", "x" * 61])),
    currency=_CODES,
    date=_DATES,
    schedule=_SCHEDULES,
    basis=_BASES,
    rounding=_ROUNDINGS,
    locale=_LOCALES,
    accept_language=_ACCEPT,
)
@example(
    a_amount="900000",
    a_code="USD",
    a_period="year",
    b="200 USD/day",
    a_label=None,
    currency="MYR",
    date="2023-07-26",
    schedule="us-2080",
    basis="spot",
    rounding="half-even",
    locale=None,
    accept_language=None,
)
def test_get_compare_answers_as_the_library_and_the_full_checks(
    client: TestClient[Litestar], a_amount: str, a_code: str, a_period: str, **query: Any
) -> None:
    query["a"] = f"{a_amount} {a_code}/{a_period}"
    answer = _cold_warm(client, "/v1/compare", dict(query), a="1 USD/year")
    if answer.status_code != 200:
        return
    salaries = [
        parse_salary(query["a"], label=query["a_label"], index=0),
        parse_salary(query["b"], index=1),
    ]
    assert answer.content == _compare_reference(client, salaries, query["currency"], query)


@_SLOW
@given(
    label=st.sampled_from(["PM", "", "a\u200bb", "x" * 61, "Netflix ML product manager"]),
    amount=_AMOUNTS,
    code=_CODES,
    period=_PERIODS,
    currency=_CODES,
    date=_DATES,
    schedule=_SCHEDULES,
    basis=_BASES,
    rounding=_ROUNDINGS,
    locale=_LOCALES,
    accept_language=_ACCEPT,
)
@example(
    label="PM",
    amount="900000",
    code="USD",
    period="year",
    currency="MYR",
    date="2023-07-26",
    schedule="us-2080",
    basis="spot",
    rounding="half-even",
    locale=None,
    accept_language=None,
)
def test_post_compare_answers_as_the_library_and_the_full_checks(
    client: TestClient[Litestar], label: str, amount: str, code: str, period: str, **query: Any
) -> None:
    first = {"label": label, "amount": amount, "currency": code, "period": period}
    second = {"label": "BG", "amount": "200", "currency": "USD", "period": "day"}
    body = {k: v for k, v in query.items() if k != "accept_language" and v is not None}
    headers = (
        {} if query["accept_language"] is None else {"accept-language": query["accept_language"]}
    )
    forget_all()
    cold = client.post("/v1/compare", json={**body, "salaries": [first, second]}, headers=headers)
    client.post("/v1/compare", json={**body, "salaries": [second, second]}, headers=headers)
    warm = client.post("/v1/compare", json={**body, "salaries": [first, second]}, headers=headers)
    _same_answer(cold, warm)
    event(f"status {cold.status_code}")
    if cold.status_code != 200:
        return
    salaries = [
        make_salary(amount, code, cast(PeriodLike, period), label, index=0),
        make_salary("200", "USD", "day", "BG", index=1),
    ]
    assert cold.content == _compare_reference(client, salaries, query["currency"], query)


class _MovingSource:
    """A rate source whose every quote is a new object with a new rate, as a live one's
    may be: what compare answers must follow it, not a remembered conversion."""

    def __init__(self) -> None:
        self._inner = default_source()
        self._step = 0

    @property
    def info(self) -> SourceInfo:
        return self._inner.info

    def coverage(self) -> dict[str, Coverage]:
        return self._inner.coverage()

    def last_date(self) -> dt.date:
        return self._inner.last_date()

    def quote(
        self,
        base: str,
        target: str,
        on: dt.date | None = None,
        *,
        basis: Basis = SPOT,
        today: dt.date | None = None,
    ) -> Quote:
        self._step += 1
        quote = self._inner.quote(base, target, on, basis=basis, today=today)
        return msgspec.structs.replace(quote, numerator=quote.numerator + self._step)


def test_a_remembered_salary_never_outlives_its_quote() -> None:
    source = _MovingSource()
    salaries = [make_salary("900000", "USD", "year", "PM"), make_salary("200", "USD", "day", "BG")]
    seen = set()
    for _ in range(5):
        result = compare(salaries, "MYR", on="2023-07-26", source=source)
        reference = [
            convert(s.amount, s.currency, "MYR", on="2023-07-26", period=s.period, source=_Fixed(q))
            for s, q in zip(salaries, [e.quote for e in result.salaries], strict=True)
        ]
        for entry, conversion in zip(result.salaries, reference, strict=True):
            assert entry.per_period[entry.salary.period].amount == conversion.target.amount
        seen.add(result.salaries[1].per_period[Period.YEAR].amount)
    assert len(seen) == 5  # a new quote each time, so new figures each time


class _Fixed(_MovingSource):
    """A source that answers one quote."""

    def __init__(self, quote: Quote) -> None:
        super().__init__()
        self._quote = quote

    def quote(
        self,
        base: str,
        target: str,
        on: dt.date | None = None,
        *,
        basis: Basis = SPOT,
        today: dt.date | None = None,
    ) -> Quote:
        return self._quote
