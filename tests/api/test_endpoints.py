"""Equivalents, comparisons, reference data, health, errors and headers through the real app."""

from __future__ import annotations

import json
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from wagecalc.api import create_app
from wagecalc.config import Settings

COMPARE_BODY: dict[str, Any] = {
    "salaries": [
        {"label": "The product manager", "amount": "900000", "currency": "USD", "period": "year"},
        {"label": "a background actor", "amount": "200", "currency": "USD", "period": "day"},
    ],
    "currency": "MYR",
    "date": "2023-07-26",
}


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["cache-control"] == "no-store"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert "Traceback" not in response.text
    return body


def test_equivalents_story(client: TestClient[Litestar]) -> None:
    """The threshold rule (USD 26,470 in 2023) counts whole actors and says it is not a cost,
    with its source that states it; the background-actor rule is not in the story (no
    sourced value of 2023)."""
    response = client.get(
        "/v1/equivalents",
        params={"amount": "900000", "currency": "USD", "date": "2023-07-26", "rules": "story"},
    )
    assert response.status_code == 200
    body = response.json()
    items = {e["rule"]: e for e in body["equivalents"]}
    health = items["sag-aftra-health-eligibility"]
    assert health["kind"] == "threshold"
    assert health["count"] == "34"
    assert health["count_exact"].startswith("34.")
    assert health["approximate"] is False
    assert "earnings threshold of 34 actors" in health["sentence"]
    assert "not the cost of cover" in health["sentence"]
    assert "$26,470" in health["source"]["quote"]
    assert health["source"]["url"].startswith("https://")
    assert health["conversion"] is None
    assert "sag-aftra-background-actor-day" not in items
    assert "sag-aftra-members-87-percent-line" in items
    assert body["rules_version"].startswith("sha256:")
    assert response.headers["cache-control"] == "public, max-age=86400"


def test_equivalents_in_chinese_with_conversion(client: TestClient[Litestar]) -> None:
    """A MYR rule converts through the dated quote; zh-Hans sentences use the compact form."""
    response = client.get(
        "/v1/equivalents",
        params={
            "amount": "900000",
            "currency": "USD",
            "date": "2023-07-26",
            "rules": "my-minimum-wage",
            "locale": "zh-Hans",
            "compact": "true",
        },
    )
    body = response.json()
    item = body["equivalents"][0]
    assert body["locale"] == "zh-Hans"
    # One compact style per sentence: the rule's figure is compact too (MYR 1,500 stays whole).
    assert (
        item["sentence"]
        == "每年US$90万相当于约2,729.7个月的马来西亚最低工资收入（每月MYR\u00a01,500）。"
    )
    assert item["conversion"]["text"] == (
        "汇率：1 USD = 4.5495 MYR（欧洲中央银行，2023-07-26的汇率）。"
    )
    assert item["conversion"]["rate_date"] == "2023-07-26"
    assert item["conversion"]["path"] == ["USD", "EUR", "MYR"]


def test_equivalents_with_to_carry_the_conversion(client: TestClient[Litestar]) -> None:
    """``to=`` adds the headline conversion, equal to GET /v1/convert's, in the same answer."""
    story = {"amount": "900000", "currency": "USD", "date": "2023-07-26", "rules": "story"}
    response = client.get("/v1/equivalents", params={**story, "to": "MYR", "locale": "en"})
    assert response.status_code == 200, response.text
    body = response.json()
    convert = client.get(
        "/v1/convert",
        params={"amount": "900000", "from": "USD", "to": "MYR", "date": "2023-07-26"},
    ).json()
    assert body["conversion"] == convert
    assert body["conversion"]["to"]["formatted"] == "MYR\u00a04,094,556.47"
    assert body["conversion"]["rate"]["rate_date"] == "2023-07-26"
    without = client.get("/v1/equivalents", params=story).json()
    assert without["conversion"] is None
    assert {k: v for k, v in body.items() if k != "conversion"} == {
        k: v for k, v in without.items() if k != "conversion"
    }


@pytest.mark.parametrize(
    ("params", "field", "status"),
    [
        ({"to": "myr"}, "to", 422),
        ({"to": ""}, "to", 422),
        ({"to": "XXX"}, "to", 404),
        ({"rules": "no-such-rule"}, "rules", 404),
        ({"rules": "story,,health"}, "rules", 422),
        ({"rules": ""}, "rules", 422),
        ({"currency": "usd"}, "currency", 422),
        ({"amount": "Infinity"}, "amount", 422),
        ({"amount": "1e3"}, "amount", 422),
        ({"compact": "maybe"}, "compact", 422),
    ],
)
def test_equivalents_hostile(
    client: TestClient[Litestar], params: dict[str, str], field: str, status: int
) -> None:
    """Bad equivalents parameters are 422 problems naming the field; an unknown rule is 404."""
    response = client.get("/v1/equivalents", params={"amount": "1", "currency": "USD", **params})
    body = _problem(response, status)
    assert field in {e["field"] for e in body["errors"]}


def test_compare_post_and_get_agree(client: TestClient[Litestar]) -> None:
    """POST and the cacheable GET give the same comparison; GET is immutable for a date."""
    posted = client.post("/v1/compare", json=COMPARE_BODY)
    assert posted.status_code == 200, posted.text
    got = client.get(
        "/v1/compare",
        params={
            "a": "900000 USD/year",
            "a_label": "The product manager",
            "b": "200 USD/day",
            "b_label": "a background actor",
            "currency": "MYR",
            "date": "2023-07-26",
        },
    )
    assert got.json() == posted.json()
    assert got.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert posted.headers["cache-control"] == "no-store"
    body = posted.json()
    assert body["salaries"][0]["per_period"]["year"] == "4094556.47"
    assert body["salaries"][1]["per_period"]["year"] == "236574.37"
    pair = body["pairs"][0]
    assert (pair["ratio"], pair["days_to_earn"], pair["hours_to_earn"]) == (
        "17.31",
        "15.0",
        "120.2",
    )
    assert pair["sentence"] == (
        "The product manager earns in about 15 working days (120.2 hours) what a background "
        "actor earns in a year."
    )


@pytest.mark.parametrize(
    ("mutate", "field", "status"),
    [
        (lambda b: b["salaries"][0].update(amount=900000), "salaries[0].amount", 422),
        (lambda b: b["salaries"][0].update(amount="NaN"), "salaries[0].amount", 422),
        (lambda b: b["salaries"][0].update(amount="1e3"), "salaries[0].amount", 422),
        (lambda b: b["salaries"][1].update(currency="usd"), "salaries[1].currency", 422),
        (lambda b: b["salaries"][1].update(period="fortnight"), "salaries[1].period", 422),
        (lambda b: b["salaries"][0].update(bonus="1"), "salaries[0]", 422),
        (lambda b: b.update(extra=True), None, 422),
        (lambda b: b.update(salaries=b["salaries"][:1]), "salaries", 422),
        (lambda b: b.update(salaries=b["salaries"] * 6), "salaries", 422),
        (lambda b: b.update(currency="ZZZ"), "currency", 404),
        (lambda b: b.update(date="2023-02-29"), "date", 422),
        (lambda b: b["salaries"][0].update(label=""), "salaries[0].label", 422),
    ],
)
def test_compare_post_hostile_bodies(
    client: TestClient[Litestar], mutate: Any, field: str | None, status: int
) -> None:
    """Bad bodies are 422 problems naming the field by its JSON path (never the handler's
    argument, ``data``); a well-formed currency ISO 4217 does not define is 404."""
    body = json.loads(json.dumps(COMPARE_BODY))
    mutate(body)
    problem = _problem(client.post("/v1/compare", json=body), status)
    fields = [e["field"] for e in problem["errors"]]
    assert "data" not in fields
    if field is not None:
        assert field in fields, fields
    else:
        assert fields == [None], fields


def test_compare_post_transport_errors(client: TestClient[Litestar]) -> None:
    """Oversized, malformed, deeply nested and wrongly typed bodies are 4xx problems."""
    _problem(
        client.post(
            "/v1/compare",
            content=b"{" + b" " * 20000 + b"}",
            headers={"content-type": "application/json"},
        ),
        413,
    )
    assert (
        400
        <= client.post(
            "/v1/compare", content=b"{not json", headers={"content-type": "application/json"}
        ).status_code
        < 500
    )
    nested = b"[" * 5000 + b"]" * 5000
    assert (
        400
        <= client.post(
            "/v1/compare", content=nested, headers={"content-type": "application/json"}
        ).status_code
        < 500
    )
    response = client.post(
        "/v1/compare",
        content=b"salaries=1",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert 400 <= response.status_code < 500


def test_reference_endpoints(client: TestClient[Litestar]) -> None:
    """Currencies, rates of a day, rules and schedules are served with provenance."""
    currencies = {c["code"]: c for c in client.get("/v1/currencies").json()}
    assert currencies["MYR"]["first_date"] == "2005-04-01"
    rates = client.get(
        "/v1/rates", params={"base": "USD", "date": "2023-07-26", "symbols": "MYR,JPY"}
    )
    assert rates.status_code == 200
    by_target = {r["target"]: r for r in rates.json()["rates"]}
    assert by_target["MYR"]["value"] == "4.54950718872"
    assert by_target["MYR"]["rate_date"] == "2023-07-26"
    everything = client.get("/v1/rates", params={"base": "EUR", "date": "2023-07-26"}).json()
    assert "RUB" not in {r["target"] for r in everything["rates"]}  # not published in 2023
    _problem(
        client.get("/v1/rates", params={"base": "USD", "date": "2023-07-26", "symbols": "RUB"}), 404
    )
    rules = client.get("/v1/rules").json()
    assert rules["version"].startswith("sha256:")
    assert len(rules["rules"]) == 82  # 73 Big Mac countries and 9 other rules
    schedules = {s["id"]: s for s in client.get("/v1/schedules").json()}
    assert schedules["us-opm-2087"]["hours_per_year"] == "2087.000"


def test_health_and_readiness(client: TestClient[Litestar]) -> None:
    """healthz answers; readyz reports the rates' last date and the rule-set version."""
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready"
    assert ready["rates"]["source"] == "ecb"
    assert ready["rules"]["count"] == 82


def test_rules_on_a_date_show_the_value_in_force(client: TestClient[Litestar]) -> None:
    """GET /v1/rules?date= gives each rule's value in force that day, or why there is none."""
    body = client.get("/v1/rules", params={"date": "2019-06-01"}).json()
    assert body["date"] == "2019-06-01"
    rules = {r["id"]: r for r in body["rules"]}
    wage = rules["my-minimum-wage"]
    assert (wage["in_force"]["amount"], wage["in_force"]["in_force_from"]) == ("1100", "2019-01-01")
    assert wage["in_force"]["source"]["title"].startswith("Minimum Wages Order 2018")
    health = rules["sag-aftra-health-eligibility"]
    assert health["in_force"] is None
    assert health["not_in_force_reason"] == "no value before 2021-01-01"
    later = client.get("/v1/rules", params={"date": "2026-11-27"}).json()
    assert {r["id"]: r for r in later["rules"]}["my-minimum-wage"]["in_force"]["amount"] == "1700"
    _problem(client.get("/v1/rules", params={"date": "2019-02-30"}), 422)


def test_equivalents_list_rules_without_a_value_apart(client: TestClient[Litestar]) -> None:
    """On 2019-06-01 the health threshold is not applied but listed in not_in_force."""
    response = client.get(
        "/v1/equivalents", params={"amount": "900000", "currency": "USD", "date": "2019-06-01"}
    )
    assert response.status_code == 200
    body = response.json()
    applied = {item["rule"]: item for item in body["equivalents"]}
    assert "sag-aftra-health-eligibility" not in applied
    wage = applied["my-minimum-wage"]
    assert wage["rule_amount"]["amount"] == "1100"
    assert wage["in_force_from"] == "2019-01-01"
    assert wage["source"]["title"].startswith("Minimum Wages Order 2018")
    left = {x["rule"]: x for x in body["not_in_force"]}
    assert left["sag-aftra-health-eligibility"] == {
        "rule": "sag-aftra-health-eligibility",
        "kind": "threshold",
        "reason": "none held before 2021-01-01",
        "sentence": "No SAG-AFTRA Health Plan earnings threshold is held for 2019-06-01: the first "
        "one held is in force from 2021-01-01.",
        "first_in_force_from": "2021-01-01",
        "last_through": None,
    }
    assert left["sag-aftra-premium-family"]["last_through"] is None  # 2019: before its first
    later = client.get(
        "/v1/equivalents",
        params={"amount": "900000", "currency": "USD", "date": "2023-07-26", "rules": "health"},
    ).json()
    ended = {x["rule"]: x for x in later["not_in_force"]}["sag-aftra-premium-family"]
    assert (ended["reason"], ended["last_through"]) == ("no value after 2022-12-31", "2022-12-31")
    assert body["rules_date"] == "2019-06-01"
    now = client.get(
        "/v1/equivalents",
        params={"amount": "900000", "currency": "USD", "date": "2026-10-30", "rules": "health"},
    ).json()
    thresholds = [i for i in now["equivalents"] if i["kind"] == "threshold"]
    assert [t["rule_amount"]["amount"] for t in thresholds] == ["27540"]


def test_unknown_route_and_wrong_method_are_problems(client: TestClient[Litestar]) -> None:
    """404 and 405 are problem+json; 405 keeps its Allow header."""
    _problem(client.get("/v1/nope"), 404)
    response = client.delete("/v1/convert")
    _problem(response, 405)
    assert "GET" in response.headers["allow"]


def test_security_headers_on_every_response(client: TestClient[Litestar]) -> None:
    """Success, error and docs responses all carry nosniff, a CSP and a referrer policy."""
    for response in (client.get("/healthz"), client.get("/v1/nope"), client.get("/schema/docs")):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "default-src 'none'" in response.headers["content-security-policy"]
        assert response.headers["referrer-policy"] == "no-referrer"
        assert "server" not in response.headers


def test_docs_page_has_no_external_assets(client: TestClient[Litestar]) -> None:
    """The docs page lists the operations and loads nothing from elsewhere."""
    page = client.get("/schema/docs")
    assert page.status_code == 200
    assert "/v1/convert" in page.text
    assert "<script" not in page.text
    # The ECB's page, the licence's text and the example of /oembed's url are not assets.
    text = page.text.replace("https://www.ecb", "").replace("https://www.apache.org/licenses", "")
    example = "http%3A%2F%2F127.0.0.1%3A8000%2Fembed"  # a "Try:" link to /oembed, quoted
    assert "http" not in text.replace("http://127.0.0.1:8000/embed", "").replace(example, "")
    assert client.get("/schema/openapi.json").status_code == 200


def test_cors_is_closed_by_default(client: TestClient[Litestar]) -> None:
    """With no configured origins, no response allows any origin."""
    response = client.get("/healthz", headers={"Origin": "https://news.example"})
    assert "access-control-allow-origin" not in response.headers


def test_cors_allows_configured_origins_for_get_only() -> None:
    """A configured origin may GET; a preflight for POST is refused unless configured."""
    settings = Settings(cors_origins=("https://news.example",))
    with TestClient(app=create_app(settings)) as client:
        ok = client.get("/healthz", headers={"Origin": "https://news.example"})
        assert ok.headers["access-control-allow-origin"] == "https://news.example"
        other = client.get("/healthz", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
        preflight = client.options(
            "/v1/compare",
            headers={"Origin": "https://news.example", "Access-Control-Request-Method": "POST"},
        )
        assert preflight.status_code >= 400


@pytest.mark.parametrize(
    ("params", "field", "status"),
    [
        ({"a": "NaN USD/year"}, "a", 422),
        ({"b": "200 usd/day"}, "b", 422),
        ({"b": "200 AED/day"}, "b", 404),
        ({"a": "900000"}, "a", 422),
        ({"a": "1e3 USD/year"}, "a", 422),
        ({"a_label": "\t"}, "a_label", 422),
        ({"a_label": ""}, "a_label", 422),
        ({"b_label": "\u202eevil"}, "b_label", 422),
    ],
)
def test_compare_get_names_its_own_parameters(
    client: TestClient[Litestar], params: dict[str, str], field: str, status: int
) -> None:
    """GET /v1/compare errors name a, b, a_label, b_label: the query's names, not salaries[i].
    An empty label is refused as POST refuses ``label: ""``."""
    query = {"a": "900000 USD/year", "b": "200 USD/day", "currency": "MYR", "date": "2023-07-26"}
    problem = _problem(client.get("/v1/compare", params={**query, **params}), status)
    fields = [e["field"] for e in problem["errors"]]
    assert fields == [field], problem
    assert "salaries[" not in problem["detail"]


@pytest.mark.parametrize(
    ("params", "field", "words", "status"),
    [
        ({"base": "AED"}, "base", "publishes no rates for AED", 404),
        (
            {"base": "RUB", "date": "2023-07-26"},
            "date",
            "RUB has rates for 2005-04-01 to 2022-03-01",
            404,
        ),
        (
            {"base": "USD", "date": "2023-07-26", "symbols": "RUB,MYR"},
            "date",
            "RUB has rates",
            404,
        ),
        ({"base": "USD", "symbols": "usd"}, "symbols", "upper case", 422),
        ({"base": "USD", "symbols": ""}, "symbols", "currency code", 422),
        ({"base": "USD", "symbols": "MYR,"}, "symbols", "currency code", 422),
    ],
)
def test_rates_errors_name_base_and_symbols(
    client: TestClient[Litestar], params: dict[str, str], field: str, words: str, status: int
) -> None:
    """/v1/rates names its own parameters, once each: base, symbols, date. ``symbols=``
    (empty) is refused, as its pattern says: omit it for every currency."""
    problem = _problem(client.get("/v1/rates", params=params), status)
    assert [e["field"] for e in problem["errors"]] == [field]
    assert words in problem["errors"][0]["message"]
    assert problem["errors"][0]["message"].count(" has rates for ") <= 1
