"""GET /v1/check on the real app: the story's answer, and hostile input as problem+json."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from litestar import Litestar
from litestar.testing import TestClient

from wagecalc.api.routes.check import PRECISION, REPORTED, WINDOW
from wagecalc.claims import parse_window
from wagecalc.reported import read_reported

STORY = {
    "amount": "900000",
    "from": "USD",
    "reported": "4.3 million",
    "to": "MYR",
    "date": "2023-07-31",
}


def _get(client: TestClient[Litestar], **changes: str) -> Any:
    return client.get("/v1/check", params={**STORY, **changes})


def test_the_story(client: TestClient[Litestar]) -> None:
    """The answer carries the verdict, each figure with its date and source, and the spells."""
    response = _get(client, locale="ms")
    assert response.status_code == 200
    assert response.headers["content-language"] == "ms"
    body = response.json()
    assert body["matches"] is False
    assert body["verdict"].startswith("Tiada kadar ECB dari 2023-07-01 hingga 2023-07-31")
    assert body["highest"]["amount"] == "4203039.43"
    assert body["highest"]["rate"]["rate_date"] == "2023-07-10"
    assert body["highest"]["rate"]["path"] == ["USD", "EUR", "MYR"]
    assert body["conversion"]["to"]["amount"] == "4058123.92"
    assert body["reported"]["low"] == "4250000" and body["reported"]["high"] == "4350000"
    before = {"first": "2022-10-20", "last": "2022-11-08", "rates": 12, "later": False}
    assert body["before"] == before
    assert body["after"]["first"] == "2023-10-03" and body["after"]["later"] is True
    assert body["implied"]["position"] == "above"
    assert body["source"]["name"] == "ecb"
    # Later rates can change `after`: the answer is kept a day, not for good.
    assert "immutable" not in response.headers["cache-control"]


def test_every_rate_line_is_in_the_answers_language(client: TestClient[Litestar]) -> None:
    """The lowest, highest and closest rates speak the locale asked, like the conversion's."""
    english = _get(client).json()
    body = _get(client, locale="zh-Hans").json()
    for point in ("conversion", "lowest", "highest", "closest"):
        rate = body[point]["rate"]
        assert rate["text"] != english[point]["rate"]["text"], point
        assert "rate" not in rate["text"].lower(), (point, rate["text"])


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"reported": "4.3 zillion"}, "reported", "invalid-reported-figure"),
        ({"reported": "<script>"}, "reported", "invalid-reported-figure"),
        ({"reported": "1e400"}, "reported", "invalid-reported-figure"),
        ({"reported": "4,30,0"}, "reported", "invalid-reported-figure"),
        ({"reported": "0"}, "reported", "invalid-reported-figure"),
        ({"reported": "9" * 64}, "reported", "invalid-reported-figure"),
        ({"reported": "x" * 65}, "reported", "invalid-parameter"),
        ({"reported": "NaN"}, "reported", "invalid-reported-figure"),
        ({"reported": "\u0000"}, "reported", "invalid-reported-figure"),
        ({"window": "2y"}, "window", "invalid-window"),
        ({"window": "0d"}, "window", "invalid-window"),
        ({"precision": "200%"}, "precision", "invalid-reported-figure"),
        ({"precision": "-5"}, "precision", "invalid-reported-figure"),
        ({"amount": "-1"}, "amount", "amount-not-positive"),
        ({"to": "myr"}, "to", "currency-case"),
        ({"date": "2023-02-30"}, "date", "invalid-date"),
        ({"basis": "mean-0m"}, "basis", "invalid-basis"),
    ],
)
def test_hostile_input_is_a_422_naming_the_field(
    client: TestClient[Litestar], changes: dict[str, str], field: str, code: str
) -> None:
    """Each bad parameter: 422 application/problem+json, its field and code, no-store."""
    response = _get(client, **changes)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["cache-control"] == "no-store"
    errors = response.json()["errors"]
    assert (field, code) in [(e["field"], e["code"]) for e in errors], errors


def test_every_bad_field_at_once(client: TestClient[Litestar]) -> None:
    """A bad figure, window and precision are reported together."""
    response = _get(client, reported="lots", window="5y", precision="zero")
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"reported", "window", "precision"}


def test_no_rate_for_the_date_is_a_404(client: TestClient[Litestar]) -> None:
    """A date before MYR's first ECB rate: 404 naming the date."""
    response = _get(client, date="2001-01-01")
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "date"


@settings(max_examples=300)
@given(text=st.from_regex(f"^(?:{REPORTED})$", fullmatch=True))
def test_every_figure_the_contract_admits_is_read(text: str) -> None:
    """A schema-valid `reported` is never refused: the reader takes every one."""
    assert read_reported(text).value > 0


@settings(max_examples=300)
@given(text=st.from_regex(f"^(?:{PRECISION})$", fullmatch=True))
def test_every_precision_the_contract_admits_is_read(text: str) -> None:
    """A schema-valid `precision` is never refused."""
    figure = read_reported("4.3 million", precision=text)
    assert figure.low < figure.value < figure.high


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en", ["No ECB rate from 2023-07-01 to 2023-07-31 gives it.", "last seen on 2022-11-08."]),
        (
            "zh-Hant",
            ["沒有任何歐洲央行匯率能得出這個數字。", "最高：2023-07-10的MYR\u00a04,203,039.43"],
        ),
    ],
)
def test_the_card(client: TestClient[Litestar], locale: str, words: list[str]) -> None:
    """The share card: an SVG in the locale with the verdict, the range and the source."""
    response = client.get("/v1/check/card.svg", params={**STORY, "locale": locale})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert response.headers["content-language"] == locale
    svg = response.text
    assert svg.startswith("<svg") and f'xml:lang="{locale}"' in svg
    for text in words:
        assert text in svg
    # The source named in the card's language (欧洲中央银行, Bank Pusat Eropah).
    assert any(
        n in svg for n in ("European Central Bank", "欧洲中央银行", "歐洲中央銀行", "Eropah")
    )


def test_the_card_refuses_what_the_check_refuses(client: TestClient[Litestar]) -> None:
    """Bad input on the card: the same 422 problem naming the field."""
    response = client.get("/v1/check/card.svg", params={**STORY, "reported": "<svg>"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "reported"


@settings(max_examples=200)
@given(text=st.from_regex(f"^(?:{WINDOW})$", fullmatch=True))
def test_every_window_the_contract_admits_is_read(text: str) -> None:
    """A schema-valid `window` is never refused."""
    assert parse_window(text).start(dt.date(2023, 7, 31)) <= dt.date(2023, 7, 31)
