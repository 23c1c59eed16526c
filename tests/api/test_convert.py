"""GET /v1/convert through the real app."""

from __future__ import annotations

from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

STORY = {"amount": "900000", "from": "USD", "to": "MYR", "date": "2023-07-26"}


def test_story_conversion_carries_its_provenance(client: TestClient[Litestar]) -> None:
    """USD 900,000 a year on 2023-07-26 is MYR 4,094,556.47, with rate, dates, path and source."""
    response = client.get("/v1/convert", params=STORY)
    assert response.status_code == 200
    body = response.json()
    assert body["to"] == {
        "amount": "4094556.47",
        "currency": "MYR",
        "period": "year",
        "formatted": "MYR\u00a04,094,556.47",
    }
    rate = body["rate"]
    assert rate["value"] == "4.54950718872"
    assert (rate["requested_date"], rate["rate_date"], rate["fallback"]) == (
        "2023-07-26",
        "2023-07-26",
        None,
    )
    assert rate["path"] == ["USD", "EUR", "MYR"]
    assert [leg["rate"] for leg in rate["legs"]] == ["1.1059", "5.0313"]
    assert rate["source"]["publisher"] == "European Central Bank"
    assert body["locale"] == "en"


def test_weekend_date_says_why(client: TestClient[Litestar]) -> None:
    """A Saturday answers with Friday's rate and says so."""
    body = client.get("/v1/convert", params={**STORY, "date": "2023-07-29"}).json()
    assert body["rate"]["rate_date"] == "2023-07-28"
    assert body["rate"]["fallback"] == "not-published"
    assert "Saturday" in body["rate"]["fallback_detail"]


def test_periods_and_locale(client: TestClient[Litestar]) -> None:
    """to_period converts the period; the locale formats the amounts and is reported."""
    response = client.get(
        "/v1/convert", params={**STORY, "to_period": "month", "locale": "zh-Hans"}
    )
    body = response.json()
    assert body["to"]["amount"] == "341213.04"
    assert body["to"]["period"] == "month"
    assert body["locale"] == "zh-Hans"  # BCP 47, as the parameter and Content-Language
    assert response.headers["content-language"] == "zh-Hans"


def test_accept_language_is_negotiated(client: TestClient[Litestar]) -> None:
    """Without ?locale, Accept-Language picks the locale (zh-TW → Traditional Chinese)."""
    response = client.get(
        "/v1/convert", params=STORY, headers={"Accept-Language": "zh-TW, en;q=0.5"}
    )
    assert response.json()["locale"] == "zh-Hant"
    assert "Accept-Language" in response.headers["vary"]


def test_explicit_date_is_immutable_and_revalidates_with_304(client: TestClient[Litestar]) -> None:
    """A dated answer never changes: immutable, strong ETag, 304 on If-None-Match."""
    first = client.get("/v1/convert", params=STORY)
    assert first.headers["cache-control"] == "public, max-age=31536000, immutable"
    etag = first.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = client.get("/v1/convert", params=STORY, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    other = client.get("/v1/convert", params=STORY, headers={"If-None-Match": '"nope"'})
    assert other.status_code == 200


def test_latest_answers_get_a_short_max_age(client: TestClient[Litestar]) -> None:
    """No date: the newest rate, flagged latest, cached for an hour at most."""
    response = client.get("/v1/convert", params={"amount": "100", "from": "USD", "to": "JPY"})
    assert response.status_code == 200
    assert response.json()["rate"]["fallback"] == "latest"
    assert response.headers["cache-control"] == "public, max-age=3600"


def test_future_date_is_not_immutable(client: TestClient[Litestar]) -> None:
    """A future date answers like latest and must not be cached forever."""
    response = client.get("/v1/convert", params={**STORY, "date": "2099-01-01"})
    assert response.json()["rate"]["fallback"] == "future-date"
    assert "immutable" not in response.headers["cache-control"]


def _errors(response: Any) -> dict[str, str]:
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["status"] == response.status_code
    assert body["type"].startswith("urn:wagecalc:problem:")
    return {e["field"]: e["message"] for e in body["errors"]}


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"amount": "NaN"}, "amount", "finite"),
        ({"amount": "Infinity"}, "amount", "finite"),
        ({"amount": "-Infinity"}, "amount", "finite"),
        ({"amount": "1e999999999"}, "amount", "exponent"),
        ({"amount": "1e16"}, "amount", "10^15"),
        ({"amount": "9" * 60}, "amount", "10^15"),
        ({"amount": "-5"}, "amount", "positive"),
        ({"amount": "0"}, "amount", "greater than zero"),
        ({"amount": "1,000"}, "amount", "plain decimal"),
        ({"amount": "1_000"}, "amount", "plain decimal"),
        ({"amount": "0x10"}, "amount", "plain decimal"),
        ({"amount": "١٢٣"}, "amount", "plain decimal"),
        ({"amount": " 12"}, "amount", "plain decimal"),
        ({"amount": "1\x002"}, "amount", "plain decimal"),
        ({"from": "usd"}, "from", "upper case"),
        ({"to": "ZZZ"}, "to", "not an ISO 4217"),
        ({"to": "XAU"}, "to", "fund, metal or test"),
        ({"to": "AED"}, "to", "publishes no rates"),
        ({"to": "../../etc/passwd"}, "to", "not a currency code"),
        ({"date": "2023-02-30"}, "date", "exists"),
        ({"date": "26/07/2023"}, "date", "YYYY-MM-DD"),
        ({"date": "1990-01-01"}, "date", "USD has rates for 1999-01-04"),
        (
            {"from": "RUB", "date": "2023-07-26"},
            "date",
            "RUB has rates for 2005-04-01 to 2022-03-01",
        ),
        ({"period": "fortnight"}, "period", "not a pay period"),
        ({"to_period": "YEAR"}, "to_period", "not a pay period"),
        ({"schedule": "../../etc/passwd"}, "schedule", "not a schedule"),
        ({"schedule": "custom:hours_per_day=25,days_per_week=5"}, "schedule", "at most 24"),
        ({"basis": "mean-999m"}, "basis", "not a rate basis"),
        ({"rounding": "nearest"}, "rounding", "not a rounding mode"),
        ({"locale": "<script>"}, "locale", "not a locale identifier"),
        ({"amount": "1" * 65}, "amount", "64"),
        ({"to": "X" * 17}, "to", "16"),
        ({"date": "2" * 40}, "date", "32"),
    ],
)
def test_hostile_query_values_are_422_problems(
    client: TestClient[Litestar], params: dict[str, str], field: str, words: str
) -> None:
    """Each hostile value is a 4xx problem naming the field and the rule; never a 500.

    Malformed values are 422; well-formed ones the data has nothing for (a code ISO 4217
    does not define, a currency without a rate on that date) are 404, as the reference
    rates API Frankfurter answers them.
    """
    response = client.get("/v1/convert", params={**STORY, **params})
    not_found = ("not an ISO 4217", "fund, metal or test", "publishes no rates", "has rates for")
    status = 404 if any(w in words for w in not_found) else 422
    assert response.status_code == status, response.text
    errors = _errors(response)
    assert field in errors, errors
    assert words in errors[field]


def test_every_bad_field_is_reported_at_once(client: TestClient[Litestar]) -> None:
    """Three bad fields give three entries in `errors`."""
    response = client.get(
        "/v1/convert", params={"amount": "NaN", "from": "usd", "to": "MYR", "date": "2023-13-01"}
    )
    assert set(_errors(response)) == {"amount", "from", "date"}


def test_missing_parameter_names_it(client: TestClient[Litestar]) -> None:
    """A missing required parameter is a 422 naming it by its query name."""
    response = client.get("/v1/convert", params={"amount": "1", "to": "MYR"})
    assert response.status_code == 422
    assert "from" in _errors(response)


def test_repeated_parameters_are_refused_quickly(client: TestClient[Litestar]) -> None:
    """Thousands of repeated parameters give a 4xx, not a 500 or a hang."""
    query = "&".join(["amount=1"] * 5000) + "&from=USD&to=MYR"
    response = client.get(f"/v1/convert?{query}")
    assert 400 <= response.status_code < 500
    assert response.headers["content-type"] == "application/problem+json"
