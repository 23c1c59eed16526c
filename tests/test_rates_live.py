"""The live source against a real HTTP server on 127.0.0.1: no mocks, no internet.

:class:`Upstream` serves what forex-python's upstream serves
(``GET /api/<YYYY-MM-DD | latest>?base=USD&rtype=fpy`` →
``{"base": "USD", "date": "2023-07-26", "rates": {"MYR": 4.5495, …}}``) and
can be told to be slow, fail, send broken JSON, leave a currency out or answer
with another date. It counts the requests it receives.
"""

from __future__ import annotations

import datetime as dt
import http.server
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from forex_python.converter import CurrencyRates

from tests.conftest import TODAY
from tests.servers import ScriptedUpstream, free_port
from wagecalc.config import DEFAULT_LIVE_URL as SETTINGS_DEFAULT_URL
from wagecalc.config import Settings
from wagecalc.errors import ConfigError, CurrencyCaseError, UnsupportedCurrencyError
from wagecalc.rates import SPOT, Basis, EcbSource, Fallback, Leg, Quote
from wagecalc.rates.live import DEFAULT_LIVE_URL, BreakerState, LiveSource

#: What the upstream answers for "latest" unless told otherwise.
LATEST_DAY = "2026-11-26"

#: JSON number literals, as the upstream writes them (not floats once parsed).
RATES = {
    "USD": {"MYR": "4.5495", "EUR": "0.90424", "JPY": "141.23", "AED": "3.6725"},
    "EUR": {"USD": "1.1059", "MYR": "5.0313"},
}


class Upstream(ScriptedUpstream):
    """A scripted stand-in for the rates API, on a free 127.0.0.1 port."""

    def __init__(self) -> None:
        self.delay = 0.0
        self.status = 200
        self.body: bytes | None = None
        """Sent as-is instead of the rates (with ``status``) when set."""
        self.answer_date: str | None = None
        """The date to report instead of the one asked for."""
        self.missing: set[str] = set()
        """Currencies to leave out of the rates."""
        super().__init__("/api/")

    @property
    def hits(self) -> int:
        return len(self.requests)

    def handle(self, request: http.server.BaseHTTPRequestHandler) -> None:
        if self.delay:
            self.release.wait(self.delay)
        parts = urlsplit(request.path)
        day = parts.path.rsplit("/", 1)[-1]
        base = parse_qs(parts.query).get("base", ["EUR"])[0]
        if self.body is not None:
            status, body = self.status, self.body
        elif base not in RATES:
            status, body = 404, b'{"error": "base not found"}'
        else:
            date = self.answer_date or (LATEST_DAY if day == "latest" else day)
            rates = ",".join(
                f'"{code}": {value}'
                for code, value in RATES[base].items()
                if code not in self.missing
            )
            status = self.status
            body = f'{{"base": "{base}", "date": "{date}", "rates": {{{rates}}}}}'.encode()
        self.answer(request, status, body, "application/json")


class Clock:
    """A monotonic clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def upstream() -> Iterator[Upstream]:
    server = Upstream()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


def make_source(
    ecb: EcbSource, url: str, clock: Clock | None = None, **options: float
) -> LiveSource:
    return LiveSource(
        ecb,
        url=url,
        timeout=options.pop("timeout", 2.0),
        clock=clock or time.monotonic,
        now=lambda: dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC),
        **options,  # type: ignore[arg-type]
    )


@pytest.fixture
def live(ecb: EcbSource, upstream: Upstream, clock: Clock) -> Iterator[LiveSource]:
    source = make_source(ecb, upstream.url, clock, failure_threshold=3, cool_down=30)
    try:
        yield source
    finally:
        source.close()


#: A port nothing listens on (bound, then released).
closed_port = free_port


STORY_DAY = dt.date(2023, 7, 26)


def assert_embedded_fallback(quote: Quote, ecb: EcbSource, on: dt.date | None, why: str) -> None:
    """The quote is the embedded one, with its own date, flagged live-unavailable with ``why``."""
    embedded = ecb.quote(quote.base, quote.target, on, today=TODAY)
    assert quote.fallback is Fallback.LIVE_UNAVAILABLE
    assert quote.fallback_detail is not None and why in quote.fallback_detail
    assert (quote.numerator, quote.denominator) == (embedded.numerator, embedded.denominator)
    assert (quote.rate_date, quote.legs, quote.path) == (
        embedded.rate_date,
        embedded.legs,
        embedded.path,
    )
    assert quote.source.name == "ecb"


# -- answers ------------------------------------------------------------------


def test_latest_rate_carries_the_upstreams_date(live: LiveSource, upstream: Upstream) -> None:
    """No date: forex-python's URL (latest, base, rtype), the upstream's date, a Decimal rate."""
    quote = live.quote("USD", "MYR", today=TODAY)
    assert upstream.requests == ["/api/latest?base=USD&rtype=fpy"]
    assert quote.rate == Decimal("4.5495") and isinstance(quote.numerator, Decimal)
    assert quote.rate_date == dt.date.fromisoformat(LATEST_DAY)
    assert (quote.fallback, quote.requested_date, quote.age_days) == (Fallback.LATEST, None, 1)
    assert quote.path == ("USD", "MYR")
    assert quote.legs == (Leg("USD", "MYR", Decimal("4.5495"), quote.rate_date),)
    assert (quote.source.name, quote.basis) == ("live", "spot")
    assert quote.source.url == upstream.url
    assert live.last_date() == dt.date.fromisoformat(LATEST_DAY)


def test_explicit_date_is_asked_for_in_the_url(live: LiveSource, upstream: Upstream) -> None:
    quote = live.quote("USD", "JPY", STORY_DAY, today=TODAY)
    assert upstream.requests == ["/api/2023-07-26?base=USD&rtype=fpy"]
    assert (quote.rate, quote.rate_date, quote.fallback) == (Decimal("141.23"), STORY_DAY, None)
    assert quote.requested_date == STORY_DAY


def test_other_date_than_asked_is_reported(live: LiveSource, upstream: Upstream) -> None:
    """A Saturday answered with Friday's rate: the quote says Friday, and why."""
    upstream.answer_date = "2023-07-28"
    quote = live.quote("USD", "MYR", dt.date(2023, 7, 29), today=TODAY)
    assert quote.rate_date == dt.date(2023, 7, 28)
    assert quote.requested_date == dt.date(2023, 7, 29)
    assert quote.fallback is Fallback.NOT_PUBLISHED
    assert quote.fallback_detail is not None and "2023-07-28" in quote.fallback_detail
    assert (quote.age_days, quote.source.name) == (1, "live")


def test_later_date_than_asked_is_not_trusted(
    live: LiveSource, upstream: Upstream, ecb: EcbSource
) -> None:
    """A rate dated after the day asked for is not that day's rate: the embedded one answers."""
    upstream.answer_date = "2023-08-01"
    quote = live.quote("USD", "MYR", STORY_DAY, today=TODAY)
    assert_embedded_fallback(quote, ecb, STORY_DAY, "answered with a rate of 2023-08-01")


def test_future_date_asks_for_latest(live: LiveSource, upstream: Upstream) -> None:
    quote = live.quote("USD", "MYR", TODAY + dt.timedelta(days=3), today=TODAY)
    assert upstream.requests == ["/api/latest?base=USD&rtype=fpy"]
    assert quote.fallback is Fallback.FUTURE_DATE
    assert quote.age_days == 1


def test_same_currency_and_currency_only_live_has(live: LiveSource) -> None:
    """USD→USD is 1 on the upstream's date; AED (no ECB rate) is answered live."""
    same = live.quote("USD", "USD", STORY_DAY, today=TODAY)
    assert (same.rate, same.path, same.legs, same.rate_date) == (
        Decimal(1),
        ("USD",),
        (),
        STORY_DAY,
    )
    aed = live.quote("USD", "AED", STORY_DAY, today=TODAY)
    assert (aed.rate, aed.source.name) == (Decimal("3.6725"), "live")


def test_currency_neither_source_has_is_the_usual_error(
    live: LiveSource, upstream: Upstream, ecb: EcbSource
) -> None:
    """Missing upstream and in the ECB data: the embedded source's UnsupportedCurrencyError."""
    with pytest.raises(UnsupportedCurrencyError) as live_error:
        live.quote("USD", "KWD", STORY_DAY, today=TODAY)
    with pytest.raises(UnsupportedCurrencyError) as ecb_error:
        ecb.quote("USD", "KWD", STORY_DAY, today=TODAY)
    assert (live_error.value.message, live_error.value.field) == (
        ecb_error.value.message,
        ecb_error.value.field,
    )
    # A base the upstream does not publish (404) is the same error, and no breaker failure.
    with pytest.raises(UnsupportedCurrencyError):
        live.quote("KWD", "USD", STORY_DAY, today=TODAY)
    assert live.status().consecutive_failures == 0


def test_bad_input_never_reaches_the_upstream(live: LiveSource, upstream: Upstream) -> None:
    with pytest.raises(CurrencyCaseError):
        live.quote("usd", "MYR", today=TODAY)
    assert upstream.hits == 0


def test_averages_come_from_the_embedded_history(
    live: LiveSource, upstream: Upstream, ecb: EcbSource
) -> None:
    """The upstream has daily rates only: a mean is the embedded source's, named as such."""
    basis = Basis(months=12)
    quote = live.quote("USD", "MYR", STORY_DAY, basis=basis, today=TODAY)
    assert quote == ecb.quote("USD", "MYR", STORY_DAY, basis=basis, today=TODAY)
    assert upstream.hits == 0


def test_rates_keep_every_digit(live: LiveSource, upstream: Upstream) -> None:
    upstream.body = (
        b'{"base": "USD", "date": "2023-07-26", "rates": {"MYR": 4.549507188720000000000001}}'
    )
    quote = live.quote("USD", "MYR", STORY_DAY, today=TODAY)
    assert quote.numerator == Decimal("4.549507188720000000000001")


# -- failures -----------------------------------------------------------------


def test_slow_upstream_is_cut_off_at_the_timeout(
    ecb: EcbSource, upstream: Upstream, clock: Clock
) -> None:
    """An upstream that takes 5 s: the call returns within the timeout (plus a margin)."""
    upstream.delay = 5.0
    source = make_source(ecb, upstream.url, clock, timeout=0.3)
    try:
        started = time.monotonic()
        quote = source.quote("USD", "MYR", STORY_DAY, today=TODAY)
        elapsed = time.monotonic() - started
    finally:
        source.close()
    assert elapsed < 0.3 + 1.5, elapsed  # a bound, not a benchmark
    assert_embedded_fallback(quote, ecb, STORY_DAY, "no answer within 0.3 s")


@pytest.mark.parametrize(
    ("status", "body", "why"),
    [
        (503, b'{"error": "maintenance"}', "HTTP 503"),
        (500, b"oops", "HTTP 500"),
        (200, b'{"base": "USD", "rates": {"MYR": 4.5', "not valid JSON"),
        (200, b"[1, 2]", "not a rates object"),
        (200, b'{"base": "USD", "rates": {"MYR": 4.5}}', "no valid date"),
        (200, b'{"base": "USD", "date": "2023-07-26", "rates": {"MYR": -4}}', "not positive"),
        (200, b'{"base": "USD", "date": "2023-07-26", "rates": {"MYR": "4"}}', "not a number"),
        (200, b'{"base": "EUR", "date": "2023-07-26", "rates": {"MYR": 4}}', "base 'EUR'"),
    ],
)
def test_broken_answers_fall_back(
    live: LiveSource, upstream: Upstream, ecb: EcbSource, status: int, body: bytes, why: str
) -> None:
    upstream.status, upstream.body = status, body
    quote = live.quote("USD", "MYR", STORY_DAY, today=TODAY)
    assert_embedded_fallback(quote, ecb, STORY_DAY, why)
    status_now = live.status()
    assert status_now.last_error is not None and why in status_now.last_error
    assert status_now.consecutive_failures == 1


def test_missing_currency_falls_back(live: LiveSource, upstream: Upstream, ecb: EcbSource) -> None:
    upstream.missing = {"MYR"}
    quote = live.quote("USD", "MYR", STORY_DAY, today=TODAY)
    assert_embedded_fallback(quote, ecb, STORY_DAY, "no USD→MYR rate")
    assert live.status().consecutive_failures == 0  # the upstream is fine, it lacks one rate


def test_fallback_keeps_the_embedded_date_and_reason(
    live: LiveSource, upstream: Upstream, ecb: EcbSource
) -> None:
    """A Saturday, upstream down: Friday's ECB rate, both reasons in the detail."""
    upstream.status, upstream.body = 502, b""
    saturday = dt.date(2023, 7, 29)
    quote = live.quote("USD", "MYR", saturday, today=TODAY)
    assert_embedded_fallback(quote, ecb, saturday, "HTTP 502")
    assert quote.rate_date == dt.date(2023, 7, 28)
    assert quote.fallback_detail is not None and "is a Saturday" in quote.fallback_detail


def test_connection_refused_falls_back(ecb: EcbSource) -> None:
    source = make_source(ecb, f"http://127.0.0.1:{closed_port()}/api/", timeout=2.0)
    try:
        started = time.monotonic()
        quote = source.quote("USD", "MYR", STORY_DAY, today=TODAY)
        assert time.monotonic() - started < 2.0 + 1.5
        assert_embedded_fallback(quote, ecb, STORY_DAY, "connection refused")
        latest = source.quote("USD", "MYR", today=TODAY)
        assert_embedded_fallback(latest, ecb, None, "connection refused")
        assert latest.rate_date == ecb.last_date()
        status = source.status()
        assert status.last_success is None and status.consecutive_failures == 2
    finally:
        source.close()


# -- coalescing and the cache -------------------------------------------------


def test_concurrent_identical_requests_share_one_fetch(ecb: EcbSource, upstream: Upstream) -> None:
    """100 threads ask at once for USD rates of one day: one upstream call, 100 live answers."""
    upstream.delay = 0.5
    source = make_source(ecb, upstream.url, timeout=10.0)
    barrier = threading.Barrier(100)

    def ask(target: str) -> Quote:
        barrier.wait()
        return source.quote("USD", target, STORY_DAY, today=TODAY)

    try:
        with ThreadPoolExecutor(max_workers=100) as pool:
            quotes = list(pool.map(ask, ["MYR", "JPY"] * 50))
    finally:
        source.close()
    assert upstream.hits == 1
    assert {q.source.name for q in quotes} == {"live"}
    assert {q.fallback for q in quotes} == {None}
    assert {q.rate for q in quotes} == {Decimal("4.5495"), Decimal("141.23")}


def test_latest_expires_after_the_ttl(ecb: EcbSource, upstream: Upstream, clock: Clock) -> None:
    source = make_source(ecb, upstream.url, clock, ttl=60)
    try:
        source.quote("USD", "MYR", today=TODAY)
        clock.advance(59)
        source.quote("USD", "JPY", today=TODAY)
        assert upstream.hits == 1
        clock.advance(2)
        source.quote("USD", "MYR", today=TODAY)
        assert upstream.hits == 2
        # today's date, asked explicitly, may still change: it expires too
        source.quote("USD", "MYR", TODAY, today=TODAY)
        clock.advance(61)
        source.quote("USD", "MYR", TODAY, today=TODAY)
        assert upstream.hits == 4
    finally:
        source.close()


def test_past_dates_never_expire_but_the_cache_is_bounded(
    ecb: EcbSource, upstream: Upstream, clock: Clock
) -> None:
    source = make_source(ecb, upstream.url, clock, ttl=60, max_tables=2)
    try:
        source.quote("USD", "MYR", STORY_DAY, today=TODAY)
        clock.advance(10 * 365 * 86400)
        source.quote("USD", "MYR", STORY_DAY, today=TODAY)
        assert upstream.hits == 1
        source.quote("USD", "MYR", dt.date(2023, 7, 25), today=TODAY)
        source.quote("USD", "MYR", dt.date(2023, 7, 24), today=TODAY)  # evicts 2023-07-26
        assert source.status().cached_tables == 2
        source.quote("USD", "MYR", STORY_DAY, today=TODAY)
        assert upstream.hits == 4
    finally:
        source.close()


def test_a_failure_is_retried_after_a_pause_not_cached(
    live: LiveSource, upstream: Upstream, clock: Clock
) -> None:
    """A failed key falls back at once for 5 s (one wait per request, not one per currency)."""
    upstream.status, upstream.body = 503, b""
    assert live.quote("USD", "MYR", STORY_DAY, today=TODAY).source.name == "ecb"
    upstream.status, upstream.body = 200, None
    again = live.quote("USD", "JPY", STORY_DAY, today=TODAY)
    assert again.fallback_detail is not None and "HTTP 503" in again.fallback_detail
    assert upstream.hits == 1
    clock.advance(5)
    assert live.quote("USD", "MYR", STORY_DAY, today=TODAY).source.name == "live"
    assert upstream.hits == 2


# -- the circuit breaker ------------------------------------------------------


def test_breaker_opens_after_repeated_failures_and_probes_after_cool_down(
    live: LiveSource, upstream: Upstream, clock: Clock, ecb: EcbSource
) -> None:
    """3 failures open it; no calls while open; after 30 s one probe; success closes it."""
    upstream.status, upstream.body = 503, b""
    for day in (17, 18, 19):
        live.quote("USD", "MYR", dt.date(2023, 7, day), today=TODAY)
    assert upstream.hits == 3
    assert live.status().breaker is BreakerState.OPEN
    for day in range(3, 8):
        quote = live.quote("USD", "MYR", dt.date(2023, 7, day), today=TODAY)
        assert quote.fallback is Fallback.LIVE_UNAVAILABLE
        assert quote.fallback_detail is not None and "circuit is open" in quote.fallback_detail
    assert upstream.hits == 3
    clock.advance(29)
    live.quote("USD", "MYR", STORY_DAY, today=TODAY)
    assert upstream.hits == 3
    clock.advance(2)
    assert live.status().breaker is BreakerState.HALF_OPEN
    # The probe fails: open again at once, for another cool-down.
    live.quote("USD", "MYR", STORY_DAY, today=TODAY)
    assert upstream.hits == 4
    assert live.status().breaker is BreakerState.OPEN
    live.quote("USD", "MYR", dt.date(2023, 7, 20), today=TODAY)
    assert upstream.hits == 4
    # The next probe succeeds: closed, live answers again.
    clock.advance(31)
    upstream.status, upstream.body = 200, None
    quote = live.quote("USD", "MYR", STORY_DAY, today=TODAY)
    assert (quote.source.name, upstream.hits) == ("live", 5)
    status = live.status()
    assert (status.breaker, status.consecutive_failures) == (BreakerState.CLOSED, 0)
    assert status.last_success == dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)
    assert status.last_error == "the upstream answered HTTP 503"


def test_success_resets_the_failure_count(live: LiveSource, upstream: Upstream) -> None:
    upstream.status, upstream.body = 503, b""
    live.quote("USD", "MYR", dt.date(2023, 7, 3), today=TODAY)
    live.quote("USD", "MYR", dt.date(2023, 7, 4), today=TODAY)
    upstream.status, upstream.body = 200, None
    live.quote("USD", "MYR", dt.date(2023, 7, 5), today=TODAY)
    upstream.status, upstream.body = 503, b""
    live.quote("USD", "MYR", dt.date(2023, 7, 6), today=TODAY)
    live.quote("USD", "MYR", dt.date(2023, 7, 7), today=TODAY)
    assert live.status().breaker is BreakerState.CLOSED
    assert live.status().consecutive_failures == 2


def test_timeouts_count_towards_the_breaker(
    ecb: EcbSource, upstream: Upstream, clock: Clock
) -> None:
    upstream.delay = 5.0
    source = make_source(ecb, upstream.url, clock, timeout=0.2, failure_threshold=2)
    try:
        for day in (3, 4):
            source.quote("USD", "MYR", dt.date(2023, 7, day), today=TODAY)
        deadline = time.monotonic() + 5
        while source.status().breaker is not BreakerState.OPEN and time.monotonic() < deadline:
            time.sleep(0.05)  # the fetch records its own failure once its socket times out
        assert source.status().breaker is BreakerState.OPEN
        hits = upstream.hits
        started = time.monotonic()
        quote = source.quote("USD", "MYR", dt.date(2023, 7, 5), today=TODAY)
        assert time.monotonic() - started < 0.2  # open: no wait at all
        assert upstream.hits == hits
        assert quote.fallback is Fallback.LIVE_UNAVAILABLE
    finally:
        source.close()


# -- configuration ------------------------------------------------------------


def test_default_url_is_frankfurter_v1_not_forex_pythons_own() -> None:
    """forex-python's own upstream has failed since mid-2025: the default is Frankfurter v1."""
    assert DEFAULT_LIVE_URL == SETTINGS_DEFAULT_URL == "https://api.frankfurter.dev/v1/"
    assert CurrencyRates()._source_url() != DEFAULT_LIVE_URL
    assert Settings().live_url == DEFAULT_LIVE_URL


def test_settings_from_env() -> None:
    settings = Settings.from_env(
        {
            "WAGECALC_RATES_SOURCE": "live",
            "WAGECALC_LIVE_URL": "http://127.0.0.1:9/api",
            "WAGECALC_LIVE_TIMEOUT": "0.5",
        }
    )
    assert settings.rates_source == "live"
    assert settings.live_url == "http://127.0.0.1:9/api/"
    assert settings.live_timeout == 0.5
    default = Settings.from_env({})
    assert (default.rates_source, default.live_timeout) == ("embedded", 2.0)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("RATES_SOURCE", "forex"),
        ("LIVE_URL", "ftp://example.org/"),
        ("LIVE_URL", "example.org/api"),
        ("LIVE_TIMEOUT", "0"),
        ("LIVE_TIMEOUT", "0.09"),
        ("LIVE_TIMEOUT", "31"),
        ("LIVE_TIMEOUT", "NaN"),
        ("LIVE_TIMEOUT", "two"),
        ("LIVE_TIMEOUT", "２"),
    ],
)
def test_bad_live_settings_are_config_errors(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=f"WAGECALC_{name}"):
        Settings.from_env({f"WAGECALC_{name}": value})


def test_spot_is_the_default_basis(live: LiveSource) -> None:
    assert live.quote("EUR", "MYR", STORY_DAY, basis=SPOT, today=TODAY).rate == Decimal("5.0313")
