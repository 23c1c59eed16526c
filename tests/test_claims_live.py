"""check_claim on the live source, against a real HTTP server on 127.0.0.1: the window only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from tests.test_rates_live import Upstream, make_source
from wagecalc.claim_sentences import verdict
from wagecalc.claims import check_claim
from wagecalc.rates import EcbSource
from wagecalc.rates.live import LiveSource


@pytest.fixture
def live(ecb: EcbSource) -> Iterator[tuple[LiveSource, Upstream]]:
    upstream = Upstream()
    source = make_source(ecb, upstream.url)
    try:
        yield source, upstream
    finally:
        source.close()
        upstream.close()


def test_live_checks_the_window_and_says_the_rest_was_not_searched(
    live: tuple[LiveSource, Upstream],
) -> None:
    """Each day of the window is asked for once; nothing outside it; the answer says so."""
    source, upstream = live
    check = check_claim(
        "900000", "USD", "4.3 million", "MYR", on="2023-07-26", window="7d", source=source
    )
    # The stand-in answers 4.5495 MYR per USD for every date: MYR 4,094,550 each day.
    assert upstream.hits == 7
    assert all("2023-07-2" in path for path in upstream.requests)
    assert not check.matches and check.before is None and check.after is None
    assert (check.searched.start, check.searched.end) == (
        dt.date(2023, 7, 20),
        dt.date(2023, 7, 26),
    )
    assert check.highest.rounded.amount == check.lowest.rounded.amount
    assert str(check.highest.rounded.amount) == "4094550.00"
    assert check.source.name == "live" and check.note is not None
    assert "were not searched" in check.note
    assert verdict(check, "en").endswith(
        "The figure implies 1 USD = 4.78 MYR; dates outside the window were not searched."
    )


def test_live_match(live: tuple[LiveSource, Upstream]) -> None:
    """A figure the live rates give is found on each of the window's days."""
    source, _ = live
    check = check_claim(
        "900000", "USD", "4.1 million", "MYR", on="2023-07-26", window="3d", source=source
    )
    assert check.matches and check.matching_rates == 3
