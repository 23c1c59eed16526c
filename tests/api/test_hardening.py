"""The smaller holes of issue 25, item 5, in the app: repeated JSON keys, a body declared in
another charset, the headers of documents, and caching of the contract."""

from __future__ import annotations

import json

import pytest
from litestar import Litestar
from litestar.testing import TestClient

BODY = (
    '{"salaries":[{"label":"PM","amount":"900000","currency":"USD","period":"year"},'
    '{"label":"actor","amount":"200","currency":"USD","period":"day"}],'
    '"currency":"MYR","date":"2023-07-26"}'
)
JSON = {"content-type": "application/json"}


@pytest.mark.parametrize(
    "body",
    [
        BODY.replace('"currency":"MYR"', '"currency":"MYR","currency":"JPY"'),
        BODY.replace('"label":"PM"', '"label":"PM","label":"CEO"'),  # inside an array's object
        BODY.replace('"date":"2023-07-26"', '"date":"2023-07-26","d\\u0061te":"2024-01-02"'),
    ],
    ids=["top-level", "nested", "escaped-name"],
)
def test_a_key_given_twice_is_refused(client: TestClient[Litestar], body: str) -> None:
    """msgspec would keep the last copy; a proxy reading the first would see another request."""
    response = client.post("/v1/compare", content=body.encode(), headers=JSON)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert "twice" in response.json()["detail"]


def test_the_same_key_in_two_objects_is_fine(client: TestClient[Litestar]) -> None:
    assert client.post("/v1/compare", content=BODY.encode(), headers=JSON).status_code == 200


@pytest.mark.parametrize(
    ("content_type", "status"),
    [
        ("application/json; charset=latin-1", 415),
        ("application/json; charset=iso-8859-1", 415),
        ("application/json;charset=utf-16", 415),
        ("application/json; charset=utf-8", 200),
        ('application/json; charset="UTF-8"', 200),
        ("application/json", 200),
    ],
)
def test_a_charset_other_than_utf8_is_415(
    client: TestClient[Litestar], content_type: str, status: int
) -> None:
    response = client.post(
        "/v1/compare", content=BODY.encode(), headers={"content-type": content_type}
    )
    assert response.status_code == status, response.text


DOCUMENTS = [
    "/embed/equivalents?amount=900000&currency=USD&date=2023-07-26",
    "/embed/compare?a=900000%20USD/year&b=200%20USD/day&currency=MYR&date=2023-07-26",
    "/v1/cards/compare.svg?a=900000%20USD/year&b=200%20USD/day&currency=MYR&date=2023-07-26",
    "/schema/docs",
    "/demo",
]


@pytest.mark.parametrize("path", DOCUMENTS)
def test_documents_get_no_features_and_their_own_window(
    client: TestClient[Litestar], path: str
) -> None:
    """Pages and cards: Permissions-Policy with every feature off, COOP same-origin; on a
    replay from the response cache too."""
    for _ in range(2):
        response = client.get(path)
        assert response.status_code == 200
        policy = response.headers["permissions-policy"]
        features = [item.strip() for item in policy.split(",")]
        assert all(item.endswith("=()") for item in features)
        assert {"camera=()", "microphone=()", "geolocation=()", "payment=()"} <= set(features)
        assert response.headers["cross-origin-opener-policy"] == "same-origin"


def test_json_answers_are_not_documents(client: TestClient[Litestar]) -> None:
    response = client.get("/v1/currencies")
    assert "permissions-policy" not in response.headers
    assert "cross-origin-opener-policy" not in response.headers


@pytest.mark.parametrize("path", ["/schema", "/schema/docs", "/schema/openapi.json"])
def test_the_contract_is_cacheable_for_an_hour(client: TestClient[Litestar], path: str) -> None:
    for method in ("GET", "HEAD"):
        response = client.request(method, path)
        assert response.status_code == 200
        assert response.headers["cache-control"] == "public, max-age=3600"
    if path.endswith(".json"):
        assert json.loads(client.get(path).content)["openapi"]
