"""``adjust_to`` on /v1/convert, /v1/compare and /v1/equivalents through the real app."""

from __future__ import annotations

from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

CONVERT = {"amount": "900000", "from": "USD", "to": "MYR", "date": "2023-07-26"}
COMPARE = {"a": "900000 USD/year", "b": "200 USD/day", "currency": "USD", "date": "2023-07-26"}
EQUIVALENTS = {"amount": "900000", "currency": "USD", "date": "2023-07-26", "rules": "story"}
SENTENCE = (
    "USD\u00a0900,000 of July 2023 is USD\u00a0986,231.19 in prices of August 2026 (US CPI-U, BLS)."
)


def test_convert_states_the_adjustment(client: TestClient[Litestar]) -> None:
    """The answer's prices: the amount, its months, the index's two values, source, sentence."""
    response = client.get("/v1/convert", params={**CONVERT, "adjust_to": "2026-08"})
    assert response.status_code == 200
    body = response.json()
    assert body["to"]["amount"] == "4486865.91"
    assert body["rate"]["rate_date"] == "2023-07-26"
    assert body["prices"] == {
        "amount": "900000",
        "currency": "USD",
        "adjusted": "986231.19",
        "from_month": "2023-07",
        "from_value": "305.691",
        "to_month": "2026-08",
        "to_value": "334.980",
        "index": {
            "id": "us-cpi-u",
            "currency": "USD",
            "title": "US CPI-U, all items, U.S. city average (1982-84=100, not seasonally "
            "adjusted)",
            "short": "US CPI-U, BLS",
            "publisher": "U.S. Bureau of Labor Statistics",
            "series": "CUUR0000SA0",
            "url": "https://data.bls.gov/timeseries/CUUR0000SA0",
            "licence": "Public domain (U.S. government work)",
        },
        "sentence": SENTENCE,
    }
    # Index tables are refreshed: an adjusted answer is kept a day, not a year.
    assert response.headers["cache-control"] == "public, max-age=86400"


def test_without_adjust_to_the_answer_is_unchanged(client: TestClient[Litestar]) -> None:
    """No prices key at all, the nominal figure, the year-long cache as before."""
    body = client.get("/v1/convert", params=CONVERT).json()
    assert "prices" not in body
    assert body["to"]["amount"] == "4094556.47"


def test_compare_says_which_prices(client: TestClient[Litestar]) -> None:
    """GET /v1/compare: the figures of the month of `date` put in prices of the month asked."""
    params = {**COMPARE, "adjust_to": "2026-08", "locale": "zh-Hant"}
    body = client.get("/v1/compare", params=params).json()
    assert body["in_prices_of"] == "2026-08"
    assert body["prices_sentence"] == "金額均按2026年8月的物價計算（US CPI-U, BLS）。"
    assert [s["per_period"]["year"] for s in body["salaries"]] == [
        "986231.19",
        "56982.25",
    ]  # 200 × 334.980 ÷ 305.691 × 260 days
    assert body["salaries"][1]["prices"]["amount"] == "200"


def test_post_compare_takes_each_salarys_month(client: TestClient[Litestar]) -> None:
    """A 2023 salary against the 2025 threshold, in prices of August 2026, in one request."""
    body = {
        "salaries": [
            {"label": "PM", "amount": "900000", "currency": "USD", "month": "2023-07"},
            {"label": "threshold", "amount": "27540", "currency": "USD", "month": "2025-01"},
        ],
        "currency": "USD",
        "date": "2023-07-26",
        "adjust_to": "2026-08",
        "locale": "ms",
    }
    response = client.post("/v1/compare", json=body)
    assert response.status_code == 200
    answer = response.json()
    assert answer["prices_sentence"] == "Angka dalam harga Ogos 2026 (US CPI-U, BLS)."
    assert [s["prices"]["from_month"] for s in answer["salaries"]] == ["2023-07", "2025-01"]
    assert [s["per_period"]["year"] for s in answer["salaries"]] == ["986231.19", "29040.58"]


def test_equivalents_in_later_prices(client: TestClient[Litestar]) -> None:
    """The moved amount in the sentences, the rules of the month's end, the headline moved too."""
    params = {**EQUIVALENTS, "adjust_to": "2026-08", "to": "MYR", "locale": "zh-Hans"}
    body = client.get("/v1/equivalents", params=params).json()
    assert body["rules_date"] == "2026-08-31"
    assert body["prices"]["sentence"] == (
        "2023年7月的US$900,000，按2026年8月的物价计算为US$986,231.19（US CPI-U, BLS）。"
    )
    assert body["conversion"]["to"]["amount"] == "4486865.91"
    assert body["conversion"]["prices"]["adjusted"] == "986231.19"
    assert all("986,231.19" in item["sentence"] for item in body["equivalents"])


#: (value, status, code): malformed is 422; well formed but outside the index is 404, as a
#: rate the ECB did not publish (the contract: a schema-valid request is never a 422).
HOSTILE = [
    ("2026-13", "invalid-month"),
    ("2026-00", "invalid-month"),
    ("1800-01", "price-index-unavailable"),
    ("2026-10", "price-index-unavailable"),  # after the table's last month
    ("2025-10", "price-index-unavailable"),  # BLS published none
    ("NaN", "invalid-month"),
    ("nan-01", "invalid-month"),
    ("Infinity", "invalid-month"),
    ("2026-08-01", "invalid-month"),
    ("２０２６-０８", "invalid-month"),  # full-width digits
    ("", "invalid-month"),
    ("2026-08\u0000", "invalid-month"),
    ("9" * 16, "invalid-month"),
]


@pytest.mark.parametrize(("value", "code"), HOSTILE)
@pytest.mark.parametrize(
    ("path", "params"),
    [("/v1/convert", CONVERT), ("/v1/compare", COMPARE), ("/v1/equivalents", EQUIVALENTS)],
)
def test_hostile_months_are_problems_naming_adjust_to(
    client: TestClient[Litestar], path: str, params: dict[str, str], value: str, code: str
) -> None:
    """A malformed month is a 422, one the index lacks a 404; both name adjust_to, no 500."""
    response = client.get(path, params={**params, "adjust_to": value})
    expected = 404 if code == "price-index-unavailable" else 422
    assert response.status_code == expected, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    errors: list[dict[str, Any]] = response.json()["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("adjust_to", code)]


def test_too_long_a_month_is_refused_by_its_bound(client: TestClient[Litestar]) -> None:
    """Longer than 16 characters: the declared bound refuses it before the library."""
    response = client.get("/v1/convert", params={**CONVERT, "adjust_to": "2026-08" * 10})
    assert response.status_code in (400, 422)
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "adjust_to" in response.text


def test_a_bad_month_is_reported_with_the_other_bad_fields(client: TestClient[Litestar]) -> None:
    """Every bad field at once: the amount and the month."""
    params = {**CONVERT, "amount": "-1", "adjust_to": "2026-13"}
    errors = client.get("/v1/convert", params=params).json()["errors"]
    assert sorted(e["field"] for e in errors) == ["adjust_to", "amount"]


def test_no_index_for_myr_is_a_404_naming_the_currency(client: TestClient[Litestar]) -> None:
    """An amount in MYR cannot be moved: the answer says no index is held for MYR."""
    params = {**CONVERT, "from": "MYR", "to": "USD", "adjust_to": "2026-08"}
    response = client.get("/v1/convert", params=params)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    (error,) = response.json()["errors"]
    assert error["field"] == "from"
    assert "no price index is held for MYR" in error["message"]


def test_post_compare_bad_months_name_their_fields(client: TestClient[Litestar]) -> None:
    """The body's adjust_to and a salary's month are checked and named, together."""
    body = {
        "salaries": [
            {"label": "PM", "amount": "900000", "currency": "USD", "month": "2023-13"},
            {"label": "wage", "amount": "1500", "currency": "MYR", "period": "month"},
        ],
        "currency": "USD",
        "date": "2023-07-26",
        "adjust_to": "2026-13",
    }
    response = client.post("/v1/compare", json=body)
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"adjust_to", "salaries[0].month"}
