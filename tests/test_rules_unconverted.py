"""Rules the rate source cannot reach, empty rule selections and rule periods, alike in the
library, the CLI and the HTTP API.

- ``rules=big-mac-world`` with the embedded ECB rates answers for the countries whose
  currency the ECB publishes on the date and lists the others in ``not_converted`` with
  the reason (it used to fail as a whole on AED, with a garbled "rules AED" message);
  the list is absent from the JSON when empty, so a default answer is unchanged.
- A selection that names nothing (``""``, ``" "``, ``[]``) or has an empty part
  (``"story,"``) is refused everywhere: it never means "every rule".
- ``rule_per_year`` refuses a period that is not a rule period with an InputError
  naming ``per``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from tests.conftest import TODAY
from tests.test_rates_frankfurter import FrankfurterV2, make_source
from wagecalc import InputError, WagecalcError, rule_per_year
from wagecalc.api import create_app
from wagecalc.cli import main
from wagecalc.config import Settings
from wagecalc.conversion import default_source
from wagecalc.equivalence import equivalents
from wagecalc.errors import (
    InvalidPeriodError,
    InvalidRuleSelectorError,
    RateUnavailableError,
    UnsupportedCurrencyError,
)
from wagecalc.rates import EcbSource
from wagecalc.rates.frankfurter import FrankfurterSource
from wagecalc.rules import RULES_ENV, RulePer, default_rules

STORY_DAY = dt.date(2023, 7, 26)
RULES = default_rules()
WORLD = RULES.select(["big-mac-world"])
AED_SENTENCE = (
    "No Big Mac price in the United Arab Emirates can be shown: "
    "the exchange rates used (European Central Bank) include no AED rate."
)


def _ecb_has(code: str, day: dt.date) -> bool:
    """Whether the embedded ECB rates hold ``code`` on ``day`` (its coverage's runs)."""
    found = default_source().coverage().get(code)
    return found is not None and any(a <= day <= b for a, b in found.ranges)


@pytest.fixture(autouse=True)
def _no_rules_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RULES_ENV, raising=False)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient[Litestar]]:
    with TestClient(app=create_app(Settings())) as test_client:
        yield test_client


# A. Rules whose currency the rates cannot reach.


def test_big_mac_world_answers_for_the_ecb_currencies_and_lists_the_others() -> None:
    result = equivalents("900000", "USD", on=STORY_DAY, rules="big-mac-world", today=TODAY)
    in_force = [r for r in WORLD if r.value_on(STORY_DAY) is not None]
    converted = {item.rule.id: item.value.currency for item in result.items}
    left = {n.rule.id: n.currency for n in result.not_converted}
    # Every rule in force is in exactly one of the two lists, in table order.
    assert sorted(converted.keys() | left.keys()) == sorted(r.id for r in in_force)
    assert not converted.keys() & left.keys()
    assert [n.rule.id for n in result.not_converted] == [r.id for r in in_force if r.id in left]
    # The split is the ECB's: converted currencies are published on the day, the others not.
    assert all(_ecb_has(code, STORY_DAY) for code in converted.values())
    assert left and not any(_ecb_has(code, STORY_DAY) for code in left.values())
    assert {"big-mac-us", "big-mac-my", "big-mac-jp"} <= converted.keys()
    assert left["big-mac-ae"] == "AED"
    by_id = {n.rule.id: n for n in result.not_converted}
    assert by_id["big-mac-ae"].reason == "no AED rate published"
    assert by_id["big-mac-ae"].sentence == AED_SENTENCE
    # Russia: the ECB published RUB until 2022-03-01; a rate exists, not for this day.
    assert by_id["big-mac-ru"].reason == "no RUB rate for 2023-07-26"
    assert by_id["big-mac-ru"].sentence.startswith(
        "No Big Mac price in Russia can be shown for 2023-07-26: "
    )


@pytest.mark.parametrize(
    ("locale", "publisher", "reason"),
    [
        ("zh_Hans", "欧洲中央银行", "未公布AED汇率"),
        ("zh_Hant", "歐洲中央銀行", "未公布AED匯率"),
        ("ms", "Bank Pusat Eropah", "tiada kadar AED diterbitkan"),
    ],
)
def test_the_not_converted_sentences_are_in_the_answers_locale(
    locale: str, publisher: str, reason: str
) -> None:
    result = equivalents("1", "USD", on=STORY_DAY, rules="big-mac-ae", locale=locale)
    assert result.items == []
    (left,) = result.not_converted
    assert left.reason == reason
    assert publisher in left.sentence and "AED" in left.sentence
    assert " can be shown" not in left.sentence and "rates used" not in left.sentence


def test_a_failure_of_the_amounts_own_currency_is_still_an_error() -> None:
    """Only the rule's currency is left out: an amount in AED cannot be converted at all."""
    with pytest.raises(UnsupportedCurrencyError) as caught:
        equivalents("1", "AED", on=STORY_DAY, rules="big-mac-us")
    assert caught.value.field == "currency"


def test_api_big_mac_world_is_an_answer_with_not_converted(
    client: TestClient[Litestar],
) -> None:
    response = client.get(
        "/v1/equivalents",
        params={"amount": "1", "currency": "USD", "date": "2023-07-26", "rules": "big-mac-world"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert {e["rule"] for e in body["equivalents"]} >= {"big-mac-us", "big-mac-my"}
    left = {n["rule"]: n for n in body["not_converted"]}
    assert left["big-mac-ae"] == {
        "rule": "big-mac-ae",
        "kind": "price",
        "currency": "AED",
        "reason": "no AED rate published",
        "sentence": AED_SENTENCE,
    }
    assert not {e["rule"] for e in body["equivalents"]} & left.keys()


def test_api_an_answer_without_unconverted_rules_has_no_not_converted_key(
    client: TestClient[Litestar],
) -> None:
    """The widget's first load is near its byte budget: the default answer does not grow."""
    response = client.get(
        "/v1/equivalents",
        params={"amount": "900000", "currency": "USD", "date": "2023-07-26", "to": "MYR"},
    )
    assert response.status_code == 200
    assert b"not_converted" not in response.content
    assert list(json.loads(response.content)) == [
        "amount",
        "requested_date",
        "schedule",
        "locale",
        "rules_version",
        "rules_date",
        "equivalents",
        "not_in_force",
        "conversion",
    ]


def test_embed_page_shows_the_not_converted_sentences(client: TestClient[Litestar]) -> None:
    response = client.get(
        "/embed/equivalents",
        params={
            "amount": "1",
            "currency": "USD",
            "date": "2023-07-26",
            "rules": "big-mac-ae,big-mac-us",
        },
    )
    assert response.status_code == 200
    left_out = re.search(r'<ul class="wagecalc-not-in-force">(.*?)</ul>', response.text)
    assert left_out is not None
    assert AED_SENTENCE in left_out.group(1)


def test_cli_prints_the_items_then_the_not_converted_lines(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["equivalents", "900000", "USD", "--date", "2023-07-26", "--rules", "big-mac-world"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert AED_SENTENCE in lines
    us = next(i for i, line in enumerate(lines) if "Big Macs at the US price" in line)
    assert us < lines.index(AED_SENTENCE)
    assert main([*argv, "--json"]) == 0
    view = json.loads(capsys.readouterr().out)
    assert "big-mac-ae" in {n["rule"] for n in view["not_converted"]}


# B. Empty selections are refused as the API refuses them.

EMPTY_SELECTIONS: list[Any] = ["", " ", "story,", ",story", "story,,health", [], ["story", ""]]


@pytest.mark.parametrize("selection", EMPTY_SELECTIONS)
def test_library_refuses_a_selection_naming_nothing_or_with_an_empty_part(
    selection: Any,
) -> None:
    with pytest.raises(InvalidRuleSelectorError) as caught:
        equivalents("1", "USD", on=STORY_DAY, rules=selection)
    assert caught.value.field == "rules"
    assert caught.value.code == "invalid-rules"
    assert isinstance(caught.value, InputError)


@pytest.mark.parametrize("selection", ["", " ", "story,", []])
def test_library_refuses_an_empty_select_with_a_rule_set(selection: Any) -> None:
    with pytest.raises(InvalidRuleSelectorError) as caught:
        equivalents("1", "USD", on=STORY_DAY, rules=RULES, select=selection)
    assert caught.value.field == "select"


@pytest.mark.parametrize("selection", ["", " ", "story,", ",story", "story,,health"])
def test_cli_refuses_the_same_selections(
    selection: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["equivalents", "1", "USD", "--date", "2023-07-26", "--rules", selection]) == 2
    err = capsys.readouterr().err
    assert "rules" in err and "is not comma-separated rule ids or tags" in err


@pytest.mark.parametrize("selection", ["", " ", "story,", ",story", "story,,health"])
def test_api_refuses_the_same_selections(selection: str, client: TestClient[Litestar]) -> None:
    response = client.get(
        "/v1/equivalents",
        params={"amount": "1", "currency": "USD", "date": "2023-07-26", "rules": selection},
    )
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert (error["field"], error["code"]) == ("rules", "invalid-rules")


def test_a_selection_still_answers_alike_everywhere(
    client: TestClient[Litestar], capsys: pytest.CaptureFixture[str]
) -> None:
    """The check refuses only empty parts: "story, health" (blanks around commas) is read
    as before in the library and the CLI."""
    library = equivalents("900000", "USD", on=STORY_DAY, rules="story, health")
    assert (
        main(
            [
                "equivalents",
                "900000",
                "USD",
                "--date",
                "2023-07-26",
                "--rules",
                "story, health",
                "--json",
            ]
        )
        == 0
    )
    cli = json.loads(capsys.readouterr().out)
    api = client.get(
        "/v1/equivalents",
        params={
            "amount": "900000",
            "currency": "USD",
            "date": "2023-07-26",
            "rules": "story,health",
        },
    ).json()
    ids = [item.rule.id for item in library.items]
    assert ids and ids == [e["rule"] for e in cli["equivalents"]] == [
        e["rule"] for e in api["equivalents"]
    ]


# C. rule_per_year's period.


@pytest.mark.parametrize("per", ["nope", "item", "Quarter", "fortnight", RulePer.ITEM])
def test_rule_per_year_refuses_a_non_period_naming_per(per: Any) -> None:
    with pytest.raises(InvalidPeriodError) as caught:
        rule_per_year(per, "us-2080")
    error = caught.value
    assert isinstance(error, InputError) and isinstance(error, WagecalcError)
    assert error.field == "per"
    assert "use one of hour, day, week, month, quarter, year" in str(error)


def test_rule_per_year_reads_each_rule_period() -> None:
    assert rule_per_year("quarter", "us-2080") == 4
    assert rule_per_year("hour", "us-2080") == rule_per_year(RulePer.HOUR, "us-2080") == 2080


# D. The CLI's help says what the default selection is.


def test_cli_help_states_the_default_selection(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["equivalents", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "(default: all)" not in text
    assert "every rule not tagged not-default" in text and "local-price" in text


def test_the_view_omits_an_empty_not_converted() -> None:
    from wagecalc.views import equivalents_view

    result = equivalents("900000", "USD", on=STORY_DAY, rules="story")
    assert result.not_converted == []
    assert b"not_converted" not in msgspec.json.encode(equivalents_view(result))


# With the Frankfurter source (a real HTTP server on 127.0.0.1), a currency one of its
# providers publishes is converted as before.


@pytest.fixture
def frankfurter(ecb: EcbSource) -> Iterator[FrankfurterSource]:
    server = FrankfurterV2()
    made = make_source(ecb, server.url)
    try:
        yield made
    finally:
        made.close()
        server.close()


def test_with_frankfurter_a_currency_a_provider_publishes_is_converted(
    frankfurter: FrankfurterSource,
) -> None:
    """VND: the IMF publishes it (not the ECB): an item, as before, nothing listed."""
    result = equivalents(
        "900000", "USD", on=STORY_DAY, rules="big-mac-vn", source=frankfurter, today=TODAY
    )
    assert [item.rule.id for item in result.items] == ["big-mac-vn"]
    assert result.not_converted == []
    embedded = equivalents("900000", "USD", on=STORY_DAY, rules="big-mac-vn", today=TODAY)
    assert embedded.items == [] and [n.currency for n in embedded.not_converted] == ["VND"]


def test_with_frankfurter_an_upstream_outage_is_still_an_error_naming_the_rules_currency(
    ecb: EcbSource,
) -> None:
    """Not a currency the source lacks, but one it cannot reach now: the answer is an
    error, as before, and its message says whose currency VND is (not "rules VND")."""
    server = FrankfurterV2()
    server.status, server.body = 503, b'{"status": 503, "message": "busy"}'
    source = make_source(ecb, server.url)
    try:
        with pytest.raises(RateUnavailableError) as caught:
            equivalents("1", "USD", on=STORY_DAY, rules="big-mac-vn", source=source, today=TODAY)
    finally:
        source.close()
        server.close()
    assert caught.value.field == "rules"
    assert str(caught.value).startswith("rules: VND, a selected rule's currency: no rate: ")
