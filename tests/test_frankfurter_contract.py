"""The URLs forex-python builds are the ones Frankfurter's v1 API documents.

The default live upstream (``WAGECALC_LIVE_URL``) is Frankfurter's v1 API, still
called through forex-python. This pins the contract between the two without the
internet: forex-python's own ``CurrencyRates`` (only ``_source_url`` pointed at a
recorder on 127.0.0.1) makes its requests, and each request's path and query
must be one of v1's documented operations.

What v1 documents, as read in Frankfurter's own OpenAPI document
(``lib/public/v1/openapi.json`` of lineofflight/frankfurter, commit 60541ad,
2026-08-21): server ``https://api.frankfurter.dev/v1``; ``GET /latest`` ("the
last working day's rates") and ``GET /{date}`` (``YYYY-MM-DD``, "the working day
closest to the specified date"), each with the query parameters ``base`` and
``symbols``; the answer ``ratesOnDate``: ``base``, ``date`` and ``rates``
required. forex-python also sends ``rtype=fpy``, which v1 does not document: its
query reader (``lib/versions/v1/query.rb``) takes only ``amount``, ``from``,
``base``, ``to``, ``symbols`` and the date, so it is ignored, not refused.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from forex_python.converter import CurrencyRates

from tests.conftest import TODAY
from tests.test_rates_live import Upstream, make_source
from wagecalc.config import DEFAULT_LIVE_URL as SETTINGS_DEFAULT_URL
from wagecalc.config import Settings
from wagecalc.rates import EcbSource
from wagecalc.rates.live import DEFAULT_LIVE_URL, FOREX_PYTHON_URL

#: Frankfurter v1's documented server, operations and their query parameters (see above).
V1_SERVER = "https://api.frankfurter.dev/v1"
V1_OPERATIONS: dict[str, re.Pattern[str]] = {
    "/latest": re.compile(r"/latest"),
    "/{date}": re.compile(r"/\d{4}-\d{2}-\d{2}"),
}
V1_QUERY = frozenset({"base", "symbols"})
#: Sent by forex-python, not documented by v1, ignored by v1's query reader.
V1_IGNORED = frozenset({"rtype"})

DAY = dt.date(2023, 7, 26)


class _Recorded(CurrencyRates):  # type: ignore[misc]  # forex-python is untyped
    """forex-python itself, with only its base URL moved: its URL building is untouched."""

    def __init__(self, url: str) -> None:
        super().__init__(force_decimal=True)
        self._url = url

    def _source_url(self) -> str:
        return self._url


@pytest.fixture
def v1() -> Iterator[Upstream]:
    """The recording upstream, mounted at /v1/ like Frankfurter's public instance."""
    server = Upstream()
    server.url = server.url.replace("/api/", "/v1/")
    try:
        yield server
    finally:
        server.close()


def _operation(request: str) -> tuple[str, frozenset[str]]:
    """The documented v1 operation a recorded request path is, and its query names."""
    parts = urlsplit(request)
    assert parts.path.startswith("/v1/"), request
    tail = parts.path[len("/v1") :]
    matches = [name for name, pattern in V1_OPERATIONS.items() if pattern.fullmatch(tail)]
    assert len(matches) == 1, f"{request}: not one of v1's documented paths"
    return matches[0], frozenset(parse_qs(parts.query))


def test_the_default_upstream_is_frankfurter_v1() -> None:
    """Settings and the live source default to v1's documented server, not forex-python's own."""
    assert DEFAULT_LIVE_URL == SETTINGS_DEFAULT_URL == V1_SERVER + "/"
    assert Settings().live_url == DEFAULT_LIVE_URL
    assert FOREX_PYTHON_URL != DEFAULT_LIVE_URL


def test_forex_pythons_own_requests_are_documented_v1_operations(v1: Upstream) -> None:
    """get_rates (latest, a date) and get_rate: each a v1 path with v1's query (and rtype)."""
    rates = _Recorded(v1.url)
    latest = rates.get_rates("USD")
    dated = rates.get_rates("USD", dt.datetime(2023, 7, 26))
    one = rates.get_rate("USD", "MYR", dt.datetime(2023, 7, 26))
    assert latest["MYR"] == dated["MYR"] == one == Decimal("4.5495")
    operations = [_operation(r) for r in v1.requests]
    assert [name for name, _ in operations] == ["/latest", "/{date}", "/{date}"]
    for _, query in operations:
        assert "base" in query
        assert query - V1_QUERY <= V1_IGNORED, query
    assert v1.requests[1] == "/v1/2023-07-26?base=USD&rtype=fpy"
    assert v1.requests[2] == "/v1/2023-07-26?base=USD&symbols=MYR&rtype=fpy"


def test_the_live_source_asks_what_forex_python_asks(ecb: EcbSource, v1: Upstream) -> None:
    """wagecalc's own GET (bounded, on its session) is byte for byte forex-python's get_rates."""
    _Recorded(v1.url).get_rates("USD", dt.datetime(2023, 7, 26))
    _Recorded(v1.url).get_rates("USD")
    forex_requests = list(v1.requests)
    v1.requests.clear()
    source = make_source(ecb, v1.url)
    try:
        dated = source.quote("USD", "MYR", DAY, today=TODAY)
        latest = source.quote("USD", "JPY", today=TODAY)
    finally:
        source.close()
    assert v1.requests == forex_requests
    # The v1 answer's required date is read, not thrown away as forex-python does.
    assert (dated.rate_date, dated.source.name) == (DAY, "live")
    assert latest.rate_date == dt.date(2026, 11, 26)
