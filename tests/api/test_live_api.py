"""The live source through the HTTP API: a real upstream on 127.0.0.1, the real app.

Each test asks for its own URLs: an answer the app has already given may be
replayed from its response cache, and these tests are about the handler.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from tests.conftest import TODAY
from tests.test_rates_live import Upstream, closed_port
from wagecalc.api import create_app
from wagecalc.config import Settings
from wagecalc.rates import EcbSource, Fallback
from wagecalc.rates.live import LiveSource

STORY = {"amount": "900000", "from": "USD", "to": "MYR", "date": "2023-07-26"}


@pytest.fixture
def upstream() -> Iterator[Upstream]:
    server = Upstream()
    try:
        yield server
    finally:
        server.close()


def live_client(url: str, timeout: float = 2.0) -> TestClient[Litestar]:
    settings = Settings(rates_source="live", live_url=url, live_timeout=timeout)
    return TestClient(app=create_app(settings))


@pytest.fixture
def client(upstream: Upstream) -> Iterator[TestClient[Litestar]]:
    with live_client(upstream.url) as test_client:
        yield test_client


def test_convert_answers_from_the_live_source(
    client: TestClient[Litestar], upstream: Upstream
) -> None:
    body = client.get("/v1/convert", params=STORY).json()
    rate = body["rate"]
    assert rate["value"] == "4.5495"
    assert (rate["rate_date"], rate["fallback"]) == ("2023-07-26", None)
    assert rate["path"] == ["USD", "MYR"]
    assert rate["legs"] == [{"base": "USD", "quote": "MYR", "rate": "4.5495", "date": "2023-07-26"}]
    assert rate["source"]["name"] == "live"
    assert body["to"]["amount"] == "4094550.00"
    assert upstream.requests == ["/api/2023-07-26?base=USD&rtype=fpy"]
    ready = client.get("/readyz").json()
    assert ready["rates"]["source"] == "live"
    live = ready["rates"]["live"]
    assert (live["breaker"], live["consecutive_failures"], live["last_error"]) == (
        "closed",
        0,
        None,
    )
    assert live["last_success"] is not None and live["url"] == upstream.url


def test_failing_upstream_falls_back_and_readyz_shows_the_breaker(
    client: TestClient[Litestar], upstream: Upstream
) -> None:
    """503s: each answer is the embedded ECB rate marked live-unavailable; 5 open the circuit."""
    upstream.status, upstream.body = 503, b""
    for day in ("2023-07-17", "2023-07-18", "2023-07-19", "2023-07-20", "2023-07-21"):
        response = client.get("/v1/convert", params={**STORY, "date": day})
        assert response.status_code == 200
        rate = response.json()["rate"]
        assert rate["fallback"] == "live-unavailable"
        assert "HTTP 503" in rate["fallback_detail"]
        assert rate["rate_date"] == day
        assert rate["source"]["name"] == "ecb"
        # A degraded answer is retried soon, not cached for a year or an hour.
        assert response.headers["cache-control"] == "public, max-age=60"
    assert rate["value"] == "4.56153915311"  # the ECB cross rate of 2023-07-21
    assert upstream.hits == 5
    live = client.get("/readyz").json()["rates"]["live"]
    assert (live["breaker"], live["consecutive_failures"]) == ("open", 5)
    assert live["last_error"] == "the upstream answered HTTP 503"
    assert live["last_success"] is None and live["last_error_at"] is not None
    # Open: no upstream call, and the answer says why.
    rate = client.get("/v1/convert", params={**STORY, "amount": "7000"}).json()["rate"]
    assert rate["fallback"] == "live-unavailable" and "circuit is open" in rate["fallback_detail"]
    assert upstream.hits == 5


def test_latest_fallback_keeps_the_embedded_date(
    client: TestClient[Litestar], upstream: Upstream, ecb: EcbSource
) -> None:
    """No date, upstream broken: the newest embedded rate, with its own date and both reasons."""
    upstream.status, upstream.body = 500, b"{"
    params = {"amount": "123", "from": "USD", "to": "MYR"}
    rate = client.get("/v1/convert", params=params).json()["rate"]
    assert rate["fallback"] == "live-unavailable"
    assert (rate["requested_date"], rate["rate_date"]) == (None, ecb.last_date().isoformat())
    assert "HTTP 500" in rate["fallback_detail"]
    assert "no date was asked for" in rate["fallback_detail"]


def test_equivalents_compare_and_rates_fall_back_too(ecb: EcbSource) -> None:
    """Every rate endpoint answers (from the embedded data) when the upstream refuses."""
    with live_client(f"http://127.0.0.1:{closed_port()}/api/") as client:
        convert = client.get("/v1/convert", params={"amount": "900000", "from": "USD", "to": "MYR"})
        rate = convert.json()["rate"]
        assert rate["fallback"] == "live-unavailable"
        assert "connection refused" in rate["fallback_detail"]
        assert rate["rate_date"] == ecb.last_date().isoformat()
        compare = client.get(
            "/v1/compare", params={"a": "900000 USD/year", "b": "200 USD/day", "currency": "MYR"}
        )
        assert compare.status_code == 200
        assert compare.json()["salaries"][0]["rate"]["fallback"] == "live-unavailable"
        equivalents = client.get(
            "/v1/equivalents", params={"amount": "4000000", "currency": "MYR", "rules": "story"}
        )
        assert equivalents.status_code == 200
        rates = client.get("/v1/rates", params={"base": "USD", "symbols": "MYR,JPY"})
        assert rates.status_code == 200


def test_currency_neither_source_has_is_a_404(
    client: TestClient[Litestar], upstream: Upstream
) -> None:
    """KWD: the upstream lacks it, so does the ECB: the same 404 as on the embedded data."""
    response = client.get("/v1/convert", params={**STORY, "to": "KWD"})
    assert response.status_code == 404
    problem = response.json()
    assert [e["field"] for e in problem["errors"]] == ["to"]
    assert "KWD" in problem["errors"][0]["message"]
    with TestClient(app=create_app(Settings())) as embedded:
        expected = embedded.get("/v1/convert", params={**STORY, "to": "KWD"}).json()
    assert problem["errors"] == expected["errors"]


def test_currency_only_the_live_source_has(client: TestClient[Litestar]) -> None:
    rate = client.get("/v1/convert", params={**STORY, "to": "AED"}).json()["rate"]
    assert (rate["value"], rate["source"]["name"]) == ("3.6725", "live")


def test_slow_upstream_does_not_block_the_event_loop(upstream: Upstream) -> None:
    """While a conversion waits for a slow upstream, /healthz still answers at once."""
    upstream.delay = 5.0
    with live_client(upstream.url, timeout=1.5) as client, ThreadPoolExecutor(2) as pool:
        started = time.monotonic()
        convert = pool.submit(client.get, "/v1/convert", params=STORY)
        while upstream.hits == 0 and time.monotonic() - started < 5:
            time.sleep(0.01)
        health_started = time.monotonic()
        assert client.get("/healthz").status_code == 200
        health_took = time.monotonic() - health_started
        response = convert.result(timeout=10)
        convert_took = time.monotonic() - started
    assert health_took < 1.0, health_took  # generous: a blocked loop would wait ~1.5 s
    assert response.json()["rate"]["fallback"] == "live-unavailable"
    assert "no answer within 1.5 s" in response.json()["rate"]["fallback_detail"]
    assert convert_took < 1.5 + 2.0, convert_took


#: A request of each route that reads rates, in the story's pair (MYR: the rules are in USD).
_RATE_READERS = {
    "convert": ("GET", "/v1/convert?amount=900000&from=USD&to=MYR&date=2023-07-26"),
    "equivalents": ("GET", "/v1/equivalents?amount=4000000&currency=MYR&date=2023-07-26"),
    "compare": ("GET", "/v1/compare?a=900000%20USD/year&b=1500%20MYR/month&currency=MYR"),
    "compare-post": ("POST", "/v1/compare"),
    "check": ("GET", "/v1/check?amount=900000&from=USD&to=MYR&reported=4.3m&date=2023-07-26"),
    "check-card": (
        "GET",
        "/v1/check/card.svg?amount=900000&from=USD&to=MYR&reported=4.3m&date=2023-07-26",
    ),
    "embed": ("GET", "/embed/equivalents?amount=4000000&currency=MYR&date=2023-07-26"),
    "embed-compare": ("GET", "/embed/compare?a=900000%20USD/year&b=1500%20MYR/month&currency=MYR"),
    "card": ("GET", "/v1/cards/compare.svg?a=900000%20USD/year&b=1500%20MYR/month&currency=MYR"),
    "rates": ("GET", "/v1/rates?base=USD&symbols=MYR&date=2023-07-26"),
    "oembed": (
        "GET",
        "/oembed?url=http%3A%2F%2Fx%2Fembed%2Fequivalents%3Famount%3D4000000%26currency%3DMYR",
    ),
}
_COMPARE_BODY = {
    "salaries": [
        {"label": "PM", "amount": "900000", "currency": "USD"},
        {"label": "minimum wage", "amount": "1500", "currency": "MYR", "period": "month"},
    ],
    "currency": "MYR",
}


@pytest.mark.parametrize("route", list(_RATE_READERS))
def test_every_route_that_reads_rates_waits_off_the_event_loop(
    upstream: Upstream, route: str
) -> None:
    """With the live source held by its upstream, /healthz answers while the request waits:
    each route runs its work in a worker thread (one controller serves both sources)."""
    method, url = _RATE_READERS[route]
    upstream.delay = 60.0  # held until released below, far longer than the test
    with live_client(upstream.url, timeout=30.0) as client, ThreadPoolExecutor(2) as pool:
        if method == "POST":
            waiting = pool.submit(client.post, url, json=_COMPARE_BODY)
        else:
            waiting = pool.submit(client.get, url)
        started = time.monotonic()
        while upstream.hits == 0 and time.monotonic() - started < 10:
            time.sleep(0.01)
        assert upstream.hits > 0, "the request never asked the upstream"
        assert client.get("/healthz").status_code == 200
        assert not waiting.done()  # a blocked loop would have answered /healthz after it
        upstream.release.set()
        response = waiting.result(timeout=30)
    assert response.status_code == 200, response.text


def test_the_live_source_is_shut_down_with_the_app(upstream: Upstream) -> None:
    """The lifespan closes the live source: then no upstream calls, the embedded data answers."""
    with live_client(upstream.url) as client:
        source = client.app.state.source
        assert isinstance(source, LiveSource)
    quote = source.quote("USD", "MYR", dt.date(2023, 7, 26), today=TODAY)
    assert quote.fallback is Fallback.LIVE_UNAVAILABLE
    assert quote.fallback_detail is not None and "shut down" in quote.fallback_detail
    assert upstream.hits == 0
