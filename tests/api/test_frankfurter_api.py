"""The Frankfurter v2 source through the HTTP API: a real upstream on 127.0.0.1, the real app.

The world's currencies follow through the product: conversions into VND (no minor
unit) and BHD (three), /v1/currencies naming who serves each currency, /readyz the
upstream, equivalents against a price in a currency the ECB does not publish. In
embedded mode such a currency is a 404 naming the option that serves it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from tests.test_rates_frankfurter import FrankfurterV2
from wagecalc.api import create_app
from wagecalc.config import Settings

STORY = {"amount": "900000", "from": "USD", "to": "VND", "date": "2023-07-26"}

#: A price in dong, as an operator's rule table would give it (the Big Mac table's shape).
PHO_RULES = """
locales = ["en"]

[[rules]]
id = "pho-hanoi"
kind = "price"
per = "item"
tags = ["test-vnd"]
labels.en = { one = "bowl of pho in Hanoi", other = "bowls of pho in Hanoi" }

[[rules.values]]
in_force_from = 2023-01-01
amount = "50000"
currency = "VND"
source = { title = "A test price", publisher = "wagecalc tests", date = 2023-01-01 }
"""


@pytest.fixture
def v2() -> Iterator[FrankfurterV2]:
    server = FrankfurterV2()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    path = tmp_path / "pho.toml"
    path.write_text(PHO_RULES)
    return path


def frankfurter_client(url: str, rules: Path | None = None) -> TestClient[Litestar]:
    settings = Settings(
        rates_source="frankfurter",
        frankfurter_url=url,
        rules=(rules,) if rules else (),
    )
    return TestClient(app=create_app(settings))


def test_a_conversion_into_vnd_has_no_minor_unit(v2: FrankfurterV2) -> None:
    """USD 900,000 → VND at the IMF's 23,670: a whole number of dong, the IMF named."""
    with frankfurter_client(v2.url) as client:
        body = client.get("/v1/convert", params=STORY).json()
        ready = client.get("/readyz").json()
    assert body["to"]["amount"] == "21303000000"
    assert body["to"]["formatted"] == "VND\u00a021,303,000,000"
    rate = body["rate"]
    assert rate["legs"] == [
        {"base": "USD", "quote": "VND", "rate": "23670", "date": "2023-07-26", "provider": "IMF"}
    ]
    assert (rate["source"]["name"], rate["source"]["publisher"]) == (
        "frankfurter",
        "International Monetary Fund",
    )
    assert ready["rates"]["source"] == "frankfurter"
    assert ready["rates"]["live"]["url"] == v2.url
    assert ready["rates"]["live"]["last_success"] is not None


def test_a_conversion_into_bhd_has_three_decimals(v2: FrankfurterV2) -> None:
    with frankfurter_client(v2.url) as client:
        body = client.get("/v1/convert", params={**STORY, "amount": "1234.56", "to": "BHD"})
    assert body.json()["to"]["amount"] == "464.195"  # 1234.56 × 0.376 = 464.19456
    assert body.json()["to"]["formatted"] == "BHD\u00a0464.195"


def test_currencies_say_which_source_serves_each(v2: FrankfurterV2) -> None:
    """Once the provider list is in, VND is Frankfurter's (the IMF's), ZAR the embedded ECB's."""
    with frankfurter_client(v2.url) as client:
        client.get("/v1/convert", params=STORY)  # the provider list is fetched by now
        views = {v["code"]: v for v in client.get("/v1/currencies").json()}
    assert (views["VND"]["source"], views["VND"]["providers"]) == (
        "frankfurter",
        ["International Monetary Fund"],
    )
    assert (views["VND"]["minor_units"], views["BHD"]["minor_units"]) == (0, 3)
    assert views["MYR"]["providers"] == ["European Central Bank"]
    assert (views["ZAR"]["source"], views["ZAR"]["providers"]) == (
        "ecb",
        ["European Central Bank"],
    )


def test_embedded_mode_names_the_option_that_serves_a_currency() -> None:
    """VND on the embedded ECB data: a 404 whose message names WAGECALC_RATES_SOURCE."""
    with TestClient(app=create_app(Settings())) as client:
        response = client.get("/v1/convert", params=STORY)
        views = {v["code"]: v for v in client.get("/v1/currencies").json()}
    assert response.status_code == 404
    (error,) = response.json()["errors"]
    assert error["field"] == "to"
    assert "WAGECALC_RATES_SOURCE=frankfurter" in error["message"]
    assert (views["MYR"]["source"], views["MYR"]["providers"]) == ("ecb", ["European Central Bank"])
    assert "VND" not in views


def test_equivalents_in_a_currency_outside_the_ecbs_list(v2: FrankfurterV2, rules: Path) -> None:
    """A VND price is usable when the source serves VND: USD 100 = 47.34 bowls at 50,000 VND;
    on the embedded ECB rates it is listed in ``not_converted``."""
    params = {"amount": "100", "currency": "USD", "date": "2023-07-26", "rules": "pho-hanoi"}
    with frankfurter_client(v2.url, rules) as client:
        answer = client.get("/v1/equivalents", params=params)
    assert answer.status_code == 200, answer.text
    (item,) = answer.json()["equivalents"]
    assert (item["count"], item["count_exact"]) == ("47", "47.34")  # 2,367,000 / 50,000
    assert item["rule_amount"]["formatted"] == "VND\u00a050,000"
    assert item["conversion"]["legs"][0]["provider"] == "IMF"
    # The embedded ECB rates have no VND: the rule is left out and listed with the reason
    # (not_converted), as a rule with no value in force is; the answer is not an error.
    with TestClient(app=create_app(Settings(rules=(rules,)))) as embedded:
        left_out = embedded.get("/v1/equivalents", params=params)
    assert left_out.status_code == 200, left_out.text
    body = left_out.json()
    assert body["equivalents"] == []
    assert [(n["rule"], n["currency"], n["reason"]) for n in body["not_converted"]] == [
        ("pho-hanoi", "VND", "no VND rate published")
    ]


def test_an_unreachable_upstream_still_serves_the_ecbs_currencies(v2: FrankfurterV2) -> None:
    """A 503 from the upstream: USD→MYR from the embedded history, flagged; USD→VND a 404."""
    v2.status, v2.body = 503, b'{"status": 503, "message": "busy"}'
    with frankfurter_client(v2.url) as client:
        myr = client.get("/v1/convert", params={**STORY, "to": "MYR"})
        vnd = client.get("/v1/convert", params=STORY)
    assert myr.status_code == 200
    assert myr.json()["rate"]["fallback"] == "live-unavailable"
    assert vnd.status_code == 404
    assert "do not include VND" in vnd.json()["errors"][0]["message"]
