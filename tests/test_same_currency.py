"""An amount put into its own currency uses no exchange rate, and says so.

Before this, ``USD 1,000 → USD`` on 1998-06-01 read "Exchange rate: 1 USD = 1.0000 USD
(European Central Bank, rate of 1998-06-01)": a rate the ECB never published (its
first is of 1999-01-04), credited to it, in the text an editor would quote.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from wagecalc.api.app import create_app
from wagecalc.cli import main

NO_RATE = {
    "en": "No exchange rate: both amounts are in USD.",
    "zh-Hans": "无需汇率：两个金额均以USD计。",
    "zh-Hant": "無需匯率：兩個金額均以USD計。",
    "ms": "Tiada kadar pertukaran: kedua-dua amaun dalam USD.",
}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient[Litestar]]:
    with TestClient(app=create_app()) as test_client:
        yield test_client


@pytest.mark.parametrize("locale", sorted(NO_RATE))
def test_the_api_names_no_rate_and_no_publisher(client: TestClient[Litestar], locale: str) -> None:
    answer = client.get(
        "/v1/convert",
        params={
            "amount": "1000",
            "from": "USD",
            "to": "USD",
            "date": "1998-06-01",
            "locale": locale,
        },
    ).json()
    assert answer["rate"]["text"] == NO_RATE[locale]
    assert answer["rate"]["legs"] == [] and answer["rate"]["value"] == "1"


def test_a_compare_in_one_currency_names_no_rate(client: TestClient[Litestar]) -> None:
    answer = client.get(
        "/v1/compare",
        params={
            "a": "900000 USD/year",
            "b": "200 USD/day",
            "currency": "USD",
            "date": "2023-07-26",
        },
    ).json()
    texts = [s["rate"]["text"] for s in answer["salaries"]]
    assert texts and all(t == NO_RATE["en"] for t in texts)


def test_the_cli_prints_no_source_for_no_rate(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["convert", "1000", "USD", "USD", "--date", "1998-06-01", "--to-period", "month"]) == 0
    )
    out = capsys.readouterr().out
    assert "USD\xa01,000.00 a year = USD\xa083.33 a month" in out
    assert NO_RATE["en"] in out
    assert "European Central Bank" not in out and "source" not in out
    assert "schedule" in out
