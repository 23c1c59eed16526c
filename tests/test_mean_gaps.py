"""A mean's window that spans a gap in a currency's rates is an error naming the gap."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from tests.conftest import TODAY
from wagecalc.api import create_app
from wagecalc.cli import main
from wagecalc.config import Settings
from wagecalc.conversion import convert
from wagecalc.errors import RateGapError, RateUnavailableError
from wagecalc.rates import EcbSource
from wagecalc.rates.quotes import parse_basis

GAP_MESSAGE = "none published after 2008-12-09 until 2018-02-01"


def test_isk_twelve_month_mean_across_the_gap_is_an_error(ecb: EcbSource) -> None:
    """EUR→ISK mean-12m ending 2018-03-01: ISK has no rates 2008-12-10 to 2018-01-31."""
    with pytest.raises(RateGapError) as caught:
        ecb.quote("EUR", "ISK", dt.date(2018, 3, 1), basis=parse_basis("mean-12m"), today=TODAY)
    message = str(caught.value)
    assert caught.value.field == "basis"
    assert isinstance(caught.value, RateUnavailableError)
    assert GAP_MESSAGE in message
    assert "2017-03-02 to 2018-03-01" in message  # the window's two ends
    assert "ISK" in message


def test_gap_in_the_middle_of_a_window(ecb: EcbSource) -> None:
    """A 120-month window ending 2019-06-03 covers the whole ISK gap: still an error."""
    with pytest.raises(RateGapError, match=GAP_MESSAGE):
        ecb.quote("USD", "ISK", dt.date(2019, 6, 3), basis=parse_basis("mean-120m"), today=TODAY)


def test_window_after_the_gap_is_a_full_mean(ecb: EcbSource) -> None:
    """Once the window starts after the gap, the mean is taken as usual, with both ends."""
    quote = ecb.quote("EUR", "ISK", dt.date(2019, 3, 1), basis=parse_basis("mean-12m"), today=TODAY)
    assert quote.window is not None
    assert (quote.window.start, quote.window.end) == (dt.date(2018, 3, 2), dt.date(2019, 3, 1))
    assert quote.window.rates_averaged > 240


@pytest.mark.parametrize("basis", ["mean-12m", "mean-120m", "mean-3660d"])
def test_holidays_are_not_gaps(basis: str) -> None:
    """Easter and Christmas pauses (at most 4 days without a rate) never stop a mean."""
    result = convert("1000", "USD", "MYR", on=dt.date(2023, 7, 26), basis=basis, today=TODAY)
    assert result.quote.window is not None
    assert result.quote.window.end == dt.date(2023, 7, 26)


def test_window_ends_at_the_rate_date_used(ecb: EcbSource) -> None:
    """Asked for a Saturday, the window ends at the Friday whose rate is used."""
    quote = ecb.quote(
        "USD", "MYR", dt.date(2023, 7, 29), basis=parse_basis("mean-30d"), today=TODAY
    )
    assert quote.window is not None
    assert quote.rate_date == quote.window.end == dt.date(2023, 7, 28)
    assert quote.window.start == dt.date(2023, 6, 29)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient[Litestar]]:
    with TestClient(app=create_app(Settings())) as test_client:
        yield test_client


def test_api_gap_is_a_404_problem_naming_basis_and_the_dates(client: TestClient[Litestar]) -> None:
    """GET /v1/convert across the gap: 404 application/problem+json (the data has no rates
    there: a rule a schema cannot state, answered as an unpublished rate is), field basis,
    the gap dates."""
    response = client.get(
        "/v1/convert",
        params={
            "amount": "1000",
            "from": "EUR",
            "to": "ISK",
            "date": "2018-03-01",
            "basis": "mean-12m",
        },
    )
    assert response.status_code == 404, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert [e["field"] for e in body["errors"]] == ["basis"]
    assert GAP_MESSAGE in body["errors"][0]["message"]
    ok = client.get(
        "/v1/convert",
        params={
            "amount": "1000",
            "from": "EUR",
            "to": "ISK",
            "date": "2019-03-01",
            "basis": "mean-12m",
        },
    )
    assert ok.status_code == 200
    window = ok.json()["rate"]["window"]
    assert (window["start"], window["end"]) == ("2018-03-02", "2019-03-01")


def test_cli_gap_is_exit_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    """wagecalc convert across the gap: exit 2, one error line naming the gap."""
    argv = ["convert", "1000", "EUR", "ISK", "--date", "2018-03-01", "--basis", "mean-12m"]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("wagecalc: error: basis: ")
    assert GAP_MESSAGE in lines[0]
