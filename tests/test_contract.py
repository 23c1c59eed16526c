"""The OpenAPI document states what the server enforces, for every operation it declares.

Generic over the COMMITTED document (a route added later is checked the same way):
each operation is described, tagged, documents the 4xx it really answers (422, not
Litestar's plain 400, on a GET; 404 where data decides), the conditional request
(``If-None-Match`` → 304) and its response headers; its parameter and body examples
are valid requests; and the answers fill what the document says is always there.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from wagecalc.api import contract, create_app
from wagecalc.api.problems import FIELD_CODES
from wagecalc.api.routes.embed import EMBED_PAGES
from wagecalc.config import Settings
from wagecalc.periods import PRESETS

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT: dict[str, Any] = json.loads((ROOT / "openapi" / "openapi.json").read_text())
METHODS = {"get", "head", "post", "put", "patch", "delete"}
OPERATIONS = [
    (method, path, operation)
    for path, item in DOCUMENT["paths"].items()
    for method, operation in item.items()
    if method in METHODS
]
IDS = [f"{m.upper()} {p}" for m, p, _ in OPERATIONS]
GETS = [(m, p, o) for m, p, o in OPERATIONS if m == "get"]
READS = ("get", "head")
GET_IDS = [f"GET {p}" for _, p, _ in GETS]


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient[Litestar]]:
    with TestClient(app=create_app(Settings())) as test_client:
        yield test_client


def _example_request(operation: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """Query and headers from the first example of every parameter that has one."""
    query: dict[str, str] = {}
    headers: dict[str, str] = {}
    for parameter in operation.get("parameters", []):
        examples = parameter.get("examples") or parameter["schema"].get("examples")
        if parameter["in"] == "header":
            continue  # If-None-Match and Accept-Language examples would change the answer
        if examples:
            value = next(iter(examples.values()))["value"] if isinstance(examples, dict) else None
            value = value if value is not None else examples[0]
            query[parameter["name"]] = str(value).lower() if value is True else str(value)
        else:
            assert not parameter.get("required"), (operation["summary"], parameter["name"])
    return query, headers


def test_document_root_states_security_licence_and_tags() -> None:
    assert DOCUMENT["security"] == []
    assert DOCUMENT["info"]["license"]["name"] == "Apache-2.0"
    declared = {tag["name"] for tag in DOCUMENT["tags"]}
    used = {tag for _, _, operation in OPERATIONS for tag in operation.get("tags", [])}
    assert used <= declared, used - declared
    assert all(tag.get("description") for tag in DOCUMENT["tags"])


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=IDS)
def test_every_operation_is_described_tagged_and_documents_its_problems(
    method: str, path: str, operation: dict[str, Any]
) -> None:
    assert operation.get("summary") and operation.get("description"), (method, path)
    assert operation.get("tags"), (method, path)
    responses = operation["responses"]
    assert "422" in responses, "every operation answers a bad query (repeated parameter) 422"
    for status, response in responses.items():
        if method == "head":
            assert "content" not in response, "a HEAD answer has no body"
        elif status.startswith(("4", "5")):
            # The embed pages answer their errors as pages a frame can show.
            error_type = "text/html" if path in EMBED_PAGES else "application/problem+json"
            assert error_type in response["content"], (path, status)
    if method in READS:
        # Invalid parameters are 422 problems, not Litestar's 400; a 400 is the header
        # checks' problem (a repeated header or a malformed Host, issue 25).
        assert "Host" in responses["400"]["description"], responses["400"]
        assert "304" in responses, "every GET answers If-None-Match with 304"
        names = {p["name"] for p in operation.get("parameters", [])}
        assert "If-None-Match" in names
        headers = responses["200"].get("headers", {})
        assert {"ETag", "Cache-Control"} <= set(headers), headers
        for header in headers.values():
            assert header["schema"] == {"type": "string"}
            assert header["description"]
    else:
        assert {"400", "413", "415"} <= set(responses)
    for parameter in operation.get("parameters", []):
        schema = parameter["schema"]
        assert "oneOf" not in schema, "a query parameter or header is a string, never null"
        if parameter["in"] == "query":
            closed = "pattern" in schema or "enum" in schema or "format" in schema
            closed = closed or schema.get("type") in ("integer", "boolean")
            assert closed, f"{path} {parameter['name']}: a pattern, an enum or a format"


@pytest.mark.parametrize(("method", "path", "operation"), GETS, ids=GET_IDS)
def test_parameter_examples_are_valid_requests_and_304_holds(
    client: TestClient[Litestar], method: str, path: str, operation: dict[str, Any]
) -> None:
    """The documented examples make a request the server answers 200, with the documented
    headers; sending its ETag back is a 304 without a body."""
    query, headers = _example_request(operation)
    response = client.get(path, params=query, headers=headers)
    assert response.status_code == 200, (query, response.text[:400])
    for name, header in operation["responses"]["200"].get("headers", {}).items():
        if header.get("required"):
            assert name.lower() in response.headers, name
    again = client.get(path, params=query, headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == response.headers["etag"]


def test_body_example_is_a_valid_request(client: TestClient[Litestar]) -> None:
    for method, path, operation in OPERATIONS:
        if "requestBody" not in operation:
            continue
        media = operation["requestBody"]["content"]["application/json"]
        examples = media.get("examples") or media["schema"].get("examples")
        assert examples, (method, path)
        for example in examples if isinstance(examples, list) else examples.values():
            body = example.get("value", example) if isinstance(examples, dict) else example
            response = client.request(method.upper(), path, json=body)
            assert response.status_code == 200, response.text[:400]


def test_bodies_that_refuse_unknown_fields_say_so() -> None:
    schemas = DOCUMENT["components"]["schemas"]
    assert schemas["CompareIn"]["additionalProperties"] is False
    assert schemas["SalaryIn"]["additionalProperties"] is False


def test_field_problem_codes_are_an_enum() -> None:
    code = DOCUMENT["components"]["schemas"]["FieldProblem"]["properties"]["code"]
    assert code["enum"] == list(FIELD_CODES)
    assert {"currency-case", "invalid-period", "invalid-rounding", "missing"} <= set(code["enum"])


def test_answers_fill_what_the_document_says_is_always_sent(client: TestClient[Litestar]) -> None:
    schemas = DOCUMENT["components"]["schemas"]
    assert "formatted" in schemas["AmountView"]["required"]
    assert schemas["AmountView"]["properties"]["formatted"] == {"type": "string"}
    assert "locale" in schemas["ConversionView"]["required"]
    requested = schemas["RatesView"]["properties"]["requested_date"]
    assert {"type": "string", "format": "date"} in requested["oneOf"]
    ranges = schemas["CurrencyView"]["properties"]["ranges"]["items"]
    assert (ranges["minItems"], ranges["maxItems"], len(ranges["prefixItems"])) == (2, 2, 2)
    compare = client.get(
        "/v1/compare",
        params={"a": "900000 USD/year", "b": "200 USD/day", "currency": "MYR", "locale": "ms"},
    ).json()
    assert [s["given"]["formatted"] for s in compare["salaries"]] == [
        "USD\u00a0900,000.00",
        "USD\u00a0200.00",
    ]
    equivalents = client.get(
        "/v1/equivalents", params={"amount": "900000", "currency": "USD", "rules": "health"}
    ).json()
    rule_amount = equivalents["equivalents"][0]["rule_amount"]
    assert rule_amount["formatted"] == f"USD\u00a0{Decimal(rule_amount['amount']):,.2f}"


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/v1/convert", {"amount": "1e3", "from": "USD", "to": "MYR"}, "amount"),
        ("/v1/convert", {"amount": "0900", "from": "USD", "to": "MYR"}, "amount"),
        ("/v1/convert", {"amount": "0", "from": "USD", "to": "MYR"}, "amount"),
        ("/v1/convert", {"amount": "", "from": "USD", "to": "MYR"}, "amount"),
        ("/v1/convert", {"amount": "1.0000000000000", "from": "USD", "to": "MYR"}, "amount"),
        ("/v1/convert", {"amount": "1", "from": "USD", "to": "MYR", "period": "YEAR"}, "period"),
        ("/v1/convert", {"amount": "900000", "from": "USD", "to": "MYR", "locale": "x"}, "locale"),
        ("/v1/rates", {"base": "USD", "symbols": ""}, "symbols"),
        (
            "/v1/compare",
            {"a": "1 USD/year", "b": "2 USD/day", "currency": "MYR", "a_label": ""},
            "a_label",
        ),
        (
            "/v1/equivalents",
            {
                "amount": "1",
                "currency": "USD",
                "schedule": "custom:days_per_week=5,hours_per_day=8",
            },
            "schedule",
        ),
    ],
)
def test_what_the_patterns_refuse_the_server_refuses(
    client: TestClient[Litestar], path: str, query: dict[str, str], field: str
) -> None:
    response = client.get(path, params=query)
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_patterns_are_portable() -> None:
    """ECMA-262 and Python read each pattern alike: no \\d (Unicode-aware in Python), no
    look-around, no escaped hyphen outside a class; preset ids need no escaping."""
    for name in ("AMOUNT", "CURRENCY", "BASIS", "SCHEDULE", "LOCALE", "RULE_SELECTORS", "LABEL"):
        pattern = getattr(contract, name)
        assert "\\d" not in pattern and "(?=" not in pattern and "(?<" not in pattern, name
        assert "\\-" not in pattern, name
        re.compile(contract.anchored(pattern))
    assert all(re.fullmatch("[a-z0-9-]+", preset) for preset in PRESETS)


def test_missing_parameters_are_named_from_the_signature(client: TestClient[Litestar]) -> None:
    response = client.get("/v1/convert", params={"from": "USD"})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {(e["field"], e["code"]) for e in errors} == {("amount", "missing"), ("to", "missing")}


def test_guard_reads_names_as_the_framework_does(client: TestClient[Litestar]) -> None:
    """``%61`` is ``a``: a repeat the guard must see, as the handler would."""
    response = client.get("/v1/convert?amount=1&%61mount=2&from=USD&to=MYR")
    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "field": "amount",
        "code": "repeated-parameter",
        "message": "'amount' is given more than once",
    }


def test_no_private_framework_internals() -> None:
    """No ``litestar._…`` import and no handler attribute assigned (``handler._fn``)."""
    offenders = []
    for source in sorted((ROOT / "src").rglob("*.py")):
        text = source.read_text()
        if re.search(r"\blitestar\._", text) or re.search(r"\._fn\b", text):
            offenders.append(str(source.relative_to(ROOT)))
    assert offenders == []
