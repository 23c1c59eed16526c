"""The Frankfurter v2 source against a real HTTP server on 127.0.0.1: no mocks, no internet.

:class:`FrankfurterV2` replays the request and answer shapes of Frankfurter's v2 API
as its OpenAPI document states them (``lib/public/v2/openapi.json`` of
lineofflight/frankfurter, read at commit 60541ad, and the query code it documents,
``lib/versions/v2/rate_query.rb``):

- ``GET /v2/providers`` → ``[{"key", "name", "country_code", "rate_type",
  "pivot_currency", "data_url", "terms_url", "start_date", "end_date",
  "publish_cadence", "publishes_missed", "currencies"}]``;
- ``GET /v2/rates?base=EUR&providers=ECB[&date=YYYY-MM-DD]`` → ``[{"date", "base",
  "quote", "rate"}]``, one row a currency with its own date (a provider silent on
  the day is carried forward from its latest rate, up to 14 days), an identity row
  for the base; ``date`` omitted: the latest;
- errors as ``{"status", "message"}``: 422 for an unknown currency.

It can be told to be slow, fail, or leave a provider's rate out on a day.
"""

from __future__ import annotations

import datetime as dt
import http.server
import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import TODAY
from tests.servers import ScriptedUpstream
from tests.test_rates_live import Clock
from wagecalc.config import Settings
from wagecalc.errors import RateUnavailableError, UnsupportedCurrencyError
from wagecalc.money import WORK_CONTEXT
from wagecalc.rates import Basis, EcbSource, Fallback, Leg
from wagecalc.rates.frankfurter import DEFAULT_FRANKFURTER_URL, FrankfurterSource
from wagecalc.rates.upstream import BreakerState

DAY = dt.date(2023, 7, 26)
LATEST = dt.date(2026, 11, 26)


def _provider(key: str, name: str, pivot: str, currencies: list[str]) -> dict[str, object]:
    """A provider object with every field the v2 schema lists."""
    return {
        "key": key,
        "name": name,
        "country_code": None,
        "rate_type": "reference rate",
        "pivot_currency": pivot,
        "data_url": f"https://{key.lower()}.example/rates",
        "terms_url": None,
        "start_date": "1999-01-04",
        "end_date": LATEST.isoformat(),
        "publish_cadence": "daily",
        "publishes_missed": 0,
        "currencies": currencies,
    }


PROVIDERS = [
    _provider("CBN", "Central Bank of Nigeria", "NGN", ["EUR", "GBP", "USD"]),
    _provider("ECB", "European Central Bank", "EUR", ["GBP", "JPY", "MYR", "USD"]),
    _provider("IMF", "International Monetary Fund", "USD", ["BHD", "EUR", "VND"]),
    # Frankfurter also relays crypto-assets: not ISO 4217, not served here.
    _provider("XCR", "A crypto-asset venue", "USDT", ["BTC"]),
]

#: Each provider's published rates against its pivot, by date (JSON number literals).
TABLES: dict[str, dict[str, dict[str, str]]] = {
    "ECB": {
        "2023-07-25": {"USD": "1.1066", "MYR": "5.0301", "JPY": "155.81", "GBP": "0.85835"},
        "2023-07-26": {"USD": "1.1059", "MYR": "5.0313", "JPY": "155.2", "GBP": "0.8578"},
        LATEST.isoformat(): {"USD": "1.0418", "MYR": "4.6402", "JPY": "160.52", "GBP": "0.8321"},
    },
    "IMF": {
        "2023-07-26": {"VND": "23670", "BHD": "0.376", "EUR": "0.90424"},
        LATEST.isoformat(): {"VND": "25346", "BHD": "0.376", "EUR": "0.95987"},
    },
    "CBN": {
        "2023-07-26": {"USD": "0.0013087", "EUR": "0.0011836", "GBP": "0.0010153"},
        LATEST.isoformat(): {"USD": "0.00064935", "EUR": "0.00062318", "GBP": "0.00051"},
    },
    "XCR": {LATEST.isoformat(): {"BTC": "0.0000093"}},
}
_PIVOTS = {str(p["key"]): str(p["pivot_currency"]) for p in PROVIDERS}


class FrankfurterV2(ScriptedUpstream):
    """A scripted Frankfurter v2 on a free 127.0.0.1 port, mounted at /v2/."""

    def __init__(self) -> None:
        self.delay = 0.0
        self.status = 200
        self.body: bytes | None = None
        """Sent as-is instead of the answer (with ``status``) when set, for /rates only."""
        self.silent: set[tuple[str, str, str]] = set()
        """(provider, date, currency): that provider published no such rate that day."""
        super().__init__("/v2/")

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(1 for r in self.requests if urlsplit(r).path == path)

    def handle(self, request: http.server.BaseHTTPRequestHandler) -> None:
        if self.delay:
            self.release.wait(self.delay)
        parts = urlsplit(request.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if parts.path == "/v2/providers":
            status, answer = 200, json.dumps(PROVIDERS).encode()
        elif parts.path == "/v2/rates" and self.body is not None:
            status, answer = self.status, self.body
        elif parts.path == "/v2/rates":
            status, answer = self.rates(query)
        else:
            status, answer = 404, b'{"status": 404, "message": "not found"}'
        self.answer(request, status, answer, "application/json; charset=utf-8")

    def rates(self, query: dict[str, str]) -> tuple[int, bytes]:
        base, key = query.get("base", "EUR"), query.get("providers", "")
        if len(base) != 3 or not base.isupper():
            return 422, json.dumps({"status": 422, "message": f"invalid currency: {base}"}).encode()
        if key not in TABLES or _PIVOTS[key] != base:
            return 200, b"[]"  # the documented shape of "nothing": an empty array
        asked = dt.date.fromisoformat(query["date"]) if "date" in query else TODAY
        latest: dict[str, tuple[str, str]] = {}
        for day, rates in sorted(TABLES[key].items()):
            published = dt.date.fromisoformat(day)
            if published > asked or published < asked - dt.timedelta(days=14):
                continue  # carried forward at most 14 days (CarryForward::LOOKBACK_DAYS)
            for code, rate in rates.items():
                if (key, day, code) not in self.silent:
                    latest[code] = (day, rate)
        if not latest:
            return 200, b"[]"
        newest = max(day for day, _ in latest.values())
        rows = [
            f'{{"date": "{day}", "base": "{base}", "quote": "{code}", "rate": {rate}}}'
            for code, (day, rate) in sorted({**latest, base: (newest, "1.0")}.items())
        ]
        return 200, ("[" + ", ".join(rows) + "]").encode()


@pytest.fixture
def v2() -> Iterator[FrankfurterV2]:
    server = FrankfurterV2()
    try:
        yield server
    finally:
        server.close()


def make_source(
    ecb: EcbSource, url: str, clock: Clock | None = None, **options: float
) -> FrankfurterSource:
    return FrankfurterSource(
        ecb,
        url=url,
        timeout=options.pop("timeout", 2.0),
        clock=clock or time.monotonic,
        now=lambda: dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC),
        **options,  # type: ignore[arg-type]
    )


@pytest.fixture
def source(ecb: EcbSource, v2: FrankfurterV2) -> Iterator[FrankfurterSource]:
    made = make_source(ecb, v2.url, Clock(), failure_threshold=3, cool_down=30)
    try:
        yield made
    finally:
        made.close()


def exact(numerator: str, denominator: str) -> Decimal:
    return WORK_CONTEXT.divide(Decimal(numerator), Decimal(denominator))


# -- answers ------------------------------------------------------------------


def test_a_pair_one_provider_publishes_names_it_and_its_date(
    source: FrankfurterSource, v2: FrankfurterV2
) -> None:
    """USD→MYR: the ECB publishes both: its own figures, path through EUR, legs named ECB."""
    quote = source.quote("USD", "MYR", DAY, today=TODAY)
    assert (quote.numerator, quote.denominator) == (Decimal("5.0313"), Decimal("1.1059"))
    assert quote.path == ("USD", "EUR", "MYR")
    assert quote.legs == (
        Leg("EUR", "USD", Decimal("1.1059"), DAY, "ECB"),
        Leg("EUR", "MYR", Decimal("5.0313"), DAY, "ECB"),
    )
    assert (quote.rate_date, quote.fallback, quote.requested_date) == (DAY, None, DAY)
    assert (quote.source.name, quote.source.publisher) == ("frankfurter", "European Central Bank")
    assert "(ECB)" in quote.source.citation and v2.url in quote.source.citation
    assert "/v2/rates?base=EUR&providers=ECB&date=2023-07-26" in v2.requests
    assert v2.hits("/v2/providers") == 1


def test_the_same_figures_as_the_embedded_ecb_history(
    source: FrankfurterSource, ecb: EcbSource
) -> None:
    """Where the ECB publishes both, the rate is the embedded history's, digit for digit."""
    ours = source.quote("USD", "MYR", DAY, today=TODAY)
    theirs = ecb.quote("USD", "MYR", DAY, today=TODAY)
    assert ours.rate == theirs.rate


def test_a_currency_the_ecb_does_not_publish_comes_from_its_provider(
    source: FrankfurterSource,
) -> None:
    """USD→VND: the IMF's rate (its pivot is USD: one leg), named as the IMF's."""
    quote = source.quote("USD", "VND", DAY, today=TODAY)
    assert quote.rate == Decimal("23670")
    assert quote.path == ("USD", "VND")
    assert quote.legs == (Leg("USD", "VND", Decimal("23670"), DAY, "IMF"),)
    assert quote.source.publisher == "International Monetary Fund"
    assert quote.source.url == "https://imf.example/rates"


def test_a_cross_rate_across_two_providers_says_so(source: FrankfurterSource) -> None:
    """NGN→VND: no provider publishes both: NGN→USD from the CBN, USD→VND from the IMF."""
    quote = source.quote("NGN", "VND", DAY, today=TODAY)
    assert quote.path == ("NGN", "USD", "VND")
    assert quote.legs == (
        Leg("NGN", "USD", Decimal("0.0013087"), DAY, "CBN"),
        Leg("USD", "VND", Decimal("23670"), DAY, "IMF"),
    )
    assert quote.rate == Decimal("0.0013087") * Decimal("23670")
    assert quote.source.publisher == "Central Bank of Nigeria and International Monetary Fund"
    assert "cross rate across two providers" in quote.source.citation
    assert "two providers" in quote.source.title


def test_a_provider_missing_a_date_is_carried_forward_and_said(
    source: FrankfurterSource, v2: FrankfurterV2
) -> None:
    """The ECB has no MYR rate on 2023-07-26: its rate of the 25th, and the quote says so."""
    v2.silent = {("ECB", "2023-07-26", "MYR")}
    quote = source.quote("USD", "MYR", DAY, today=TODAY)
    assert quote.legs == (
        Leg("EUR", "USD", Decimal("1.1059"), DAY, "ECB"),
        Leg("EUR", "MYR", Decimal("5.0301"), dt.date(2023, 7, 25), "ECB"),
    )
    assert quote.rate_date == dt.date(2023, 7, 25)
    assert quote.fallback is Fallback.NOT_PUBLISHED
    assert quote.fallback_detail == (
        "ECB published no EUR→MYR rate on 2023-07-26: its latest before it, of 2023-07-25"
    )
    assert quote.age_days == 1


def test_latest_carries_the_providers_date(source: FrankfurterSource, v2: FrankfurterV2) -> None:
    quote = source.quote("USD", "VND", today=TODAY)
    assert "/v2/rates?base=USD&providers=IMF" in v2.requests
    assert (quote.rate, quote.rate_date) == (Decimal("25346"), LATEST)
    assert (quote.fallback, quote.age_days) == (Fallback.LATEST, 1)
    assert source.last_date() >= LATEST


def test_same_currency_is_one(source: FrankfurterSource) -> None:
    quote = source.quote("VND", "VND", DAY, today=TODAY)
    assert (quote.rate, quote.path, quote.legs, quote.rate_date) == (Decimal(1), ("VND",), (), DAY)


def test_a_currency_with_no_provider_is_unsupported(
    source: FrankfurterSource, v2: FrankfurterV2
) -> None:
    """KPW: no provider publishes it and the ECB history lacks it: 404, saying both."""
    with pytest.raises(UnsupportedCurrencyError) as error:
        source.quote("USD", "KPW", DAY, today=TODAY)
    assert error.value.field == "target"
    assert "no provider of Frankfurter's publishes it" in error.value.message
    assert "European Central Bank" in error.value.message
    assert source.status().consecutive_failures == 0
    assert not any("/v2/rates" in r for r in v2.requests)


def test_averages_come_from_the_embedded_history(
    source: FrankfurterSource, ecb: EcbSource, v2: FrankfurterV2
) -> None:
    basis = Basis(months=12)
    assert source.quote("USD", "MYR", DAY, basis=basis, today=TODAY) == ecb.quote(
        "USD", "MYR", DAY, basis=basis, today=TODAY
    )
    with pytest.raises(RateUnavailableError) as error:
        source.quote("USD", "VND", DAY, basis=basis, today=TODAY)
    assert error.value.field == "basis" and "use spot" in error.value.message
    assert v2.requests == []


def test_coverage_lists_every_currency_a_provider_publishes(
    source: FrankfurterSource, ecb: EcbSource
) -> None:
    """Before the provider list is in: the embedded currencies (named ecb); after: the world's,
    each with its publishers; crypto-assets are not currencies here."""
    first = source.coverage()
    assert set(first) == set(ecb.coverage()) and {c.source for c in first.values()} == {"ecb"}
    source.quote("USD", "VND", DAY, today=TODAY)  # the provider list is in now
    coverage = source.coverage()
    assert {"VND", "BHD", "NGN", "MYR"} <= set(coverage) and "USDT" not in coverage
    assert coverage["VND"].source == "frankfurter"
    assert coverage["VND"].providers == ("International Monetary Fund",)
    assert coverage["USD"].providers == (
        "Central Bank of Nigeria",
        "European Central Bank",
        "International Monetary Fund",
    )
    assert coverage["ZAR"].source == "ecb"  # the embedded history has it, no provider here


# -- failures -----------------------------------------------------------------


def test_an_upstream_error_falls_back_for_the_ecbs_currencies(
    source: FrankfurterSource, v2: FrankfurterV2, ecb: EcbSource
) -> None:
    """A 503 ({"message"}): USD→MYR from the embedded history, flagged with the reason."""
    v2.status, v2.body = 503, b'{"status": 503, "message": "request exceeded 10s timeout"}'
    quote = source.quote("USD", "MYR", DAY, today=TODAY)
    embedded = ecb.quote("USD", "MYR", DAY, today=TODAY)
    assert quote.fallback is Fallback.LIVE_UNAVAILABLE
    assert quote.fallback_detail is not None and "HTTP 503" in quote.fallback_detail
    assert (quote.rate, quote.source.name) == (embedded.rate, "ecb")
    assert source.status().last_error == "the upstream answered HTTP 503"


def test_an_upstream_error_for_a_currency_only_it_has_is_a_rate_unavailable(
    source: FrankfurterSource, v2: FrankfurterV2
) -> None:
    v2.status, v2.body = 500, b'{"status": 500, "message": "boom"}'
    with pytest.raises(RateUnavailableError) as error:
        source.quote("USD", "VND", DAY, today=TODAY)
    assert error.value.field == "target"
    assert "HTTP 500" in error.value.message and "do not include VND" in error.value.message


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (b'{"date": "2023-07-26"}', "not as documented"),
        (b'[{"date": "2023-07-26", "base": "USD", "quote": "VND"}]', "not as documented"),
        (b'[{"date": "2023-07-26", "base": "USD", "quote": "VND", "rate": 0}]', "not positive"),
        (b'[{"date": "2023-07-26", "base": "EUR", "quote": "VND", "rate": 1}]', "base 'EUR'"),
        (b'[{"date": "2023-08-01", "base": "USD", "quote": "VND", "rate": 1}]', "2023-08-01"),
    ],
)
def test_answers_not_as_documented_are_failures(
    source: FrankfurterSource, v2: FrankfurterV2, body: bytes, why: str
) -> None:
    v2.body = body
    with pytest.raises(RateUnavailableError, match=why):
        source.quote("USD", "VND", DAY, today=TODAY)


def test_a_slow_upstream_is_cut_off_at_the_timeout(ecb: EcbSource, v2: FrankfurterV2) -> None:
    v2.delay = 5.0
    slow = make_source(ecb, v2.url, timeout=0.3)
    try:
        started = time.monotonic()
        quote = slow.quote("USD", "MYR", DAY, today=TODAY)
        elapsed = time.monotonic() - started
    finally:
        slow.close()
    assert elapsed < 0.3 + 1.5, elapsed  # a bound, not a benchmark
    assert quote.fallback is Fallback.LIVE_UNAVAILABLE
    assert quote.fallback_detail is not None and "no answer within 0.3 s" in quote.fallback_detail


def test_concurrent_requests_share_one_fetch(ecb: EcbSource, v2: FrankfurterV2) -> None:
    """60 threads ask at once: one provider list, one ECB table, 60 answers from it."""
    v2.delay = 0.3
    shared = make_source(ecb, v2.url, timeout=10.0)
    barrier = threading.Barrier(60)

    def ask(target: str) -> Decimal:
        barrier.wait()
        return shared.quote("USD", target, DAY, today=TODAY).rate

    try:
        with ThreadPoolExecutor(max_workers=60) as pool:
            rates = set(pool.map(ask, ["MYR", "JPY", "GBP"] * 20))
    finally:
        shared.close()
    assert v2.hits("/v2/providers") == 1 and v2.hits("/v2/rates") == 1
    assert rates == {exact("5.0313", "1.1059"), exact("155.2", "1.1059"), exact("0.8578", "1.1059")}


def test_the_breaker_opens_after_repeated_failures(
    source: FrankfurterSource, v2: FrankfurterV2
) -> None:
    v2.status, v2.body = 503, b'{"status": 503, "message": "busy"}'
    for day in (17, 18, 19):
        source.quote("USD", "MYR", dt.date(2023, 7, day), today=TODAY)
    assert source.status().breaker is BreakerState.OPEN
    before = len(v2.requests)
    quote = source.quote("USD", "MYR", dt.date(2023, 7, 20), today=TODAY)
    assert len(v2.requests) == before
    assert quote.fallback_detail is not None and "circuit is open" in quote.fallback_detail


# -- configuration ------------------------------------------------------------


def test_settings_name_the_source_and_its_url() -> None:
    settings = Settings.from_env(
        {"WAGECALC_RATES_SOURCE": "frankfurter", "WAGECALC_FRANKFURTER_URL": "http://f:8080/v2"}
    )
    assert (settings.rates_source, settings.frankfurter_url) == ("frankfurter", "http://f:8080/v2/")
    assert (
        Settings().frankfurter_url == DEFAULT_FRANKFURTER_URL == "https://api.frankfurter.dev/v2/"
    )


def test_a_currency_only_the_embedded_history_has_falls_back_flagged(
    source: FrankfurterSource, ecb: EcbSource
) -> None:
    """ZAR: no provider of this upstream publishes it, the ECB history does: its rate, flagged."""
    quote = source.quote("USD", "ZAR", DAY, today=TODAY)
    assert quote.rate == ecb.quote("USD", "ZAR", DAY, today=TODAY).rate
    assert (quote.source.name, quote.fallback) == ("ecb", Fallback.LIVE_UNAVAILABLE)
    assert quote.fallback_detail is not None
    assert "to ZAR: no provider of Frankfurter's publishes it" in quote.fallback_detail
    assert source.status().consecutive_failures == 0
