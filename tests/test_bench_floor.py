"""The benchmark's floor twins stay twins of the real endpoints.

bench/floor_app.py measures what the framework, the server and the middlewares
cost for an endpoint of each shape. The figure means something only while a
twin declares exactly its real endpoint's parameters and returns an answer of
the same size: these tests fail when either drifts.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from litestar import Controller, Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.testing import TestClient

from bench.floor_app import create_app, floor_compare, floor_convert, floor_equivalents
from bench.http import COMPARE_BODY, DATE
from wagecalc.api.routes.comparison import ComparisonController
from wagecalc.api.routes.conversion import ConversionController
from wagecalc.api.routes.equivalents import EquivalentsController

_NOT_REQUEST_PARAMETERS = {"self", "state", "request", "return"}


def _parameters(fn: Callable[..., Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(fn, include_extras=True)
    return {name: hint for name, hint in hints.items() if name not in _NOT_REQUEST_PARAMETERS}


def _handler(controller: type[Controller], name: str) -> HTTPRouteHandler:
    handler = getattr(controller, name)
    assert isinstance(handler, HTTPRouteHandler)
    return handler


def _defaults(fn: Callable[..., Any]) -> tuple[Any, ...]:
    return fn.__defaults__ or ()


@pytest.mark.parametrize(
    ("twin", "real"),
    [
        (floor_convert.fn, _handler(ConversionController, "convert").fn),
        (floor_equivalents.fn, _handler(EquivalentsController, "equivalents").fn),
        (floor_compare.fn, _handler(ComparisonController, "compare_many").fn),
    ],
    ids=["convert", "equivalents", "compare"],
)
def test_a_twin_declares_exactly_its_real_endpoints_parameters(
    twin: Callable[..., Any], real: Callable[..., Any]
) -> None:
    assert _parameters(twin) == _parameters(real)
    assert _defaults(twin) == _defaults(real)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient[Litestar]]:
    with TestClient(app=create_app()) as test_client:
        yield test_client


@pytest.mark.parametrize(
    "twin",
    [
        f"/floor/convert?amount=900000&from=USD&to=MYR&date={DATE}",
        f"/floor/equivalents?amount=900000&currency=USD&date={DATE}",
    ],
    ids=["convert", "equivalents"],
)
def test_a_get_twin_answers_what_the_real_endpoint_answers(
    client: TestClient[Litestar], twin: str
) -> None:
    floor = client.get(twin)
    actual = client.get(twin.replace("/floor/", "/v1/"))
    assert floor.status_code == actual.status_code == 200
    assert floor.content == actual.content
    assert floor.headers["cache-control"] == actual.headers["cache-control"]


def test_the_post_twin_answers_what_the_real_endpoint_answers(
    client: TestClient[Litestar],
) -> None:
    headers = {"content-type": "application/json"}
    floor = client.post("/floor/compare", content=COMPARE_BODY, headers=headers)
    actual = client.post("/v1/compare", content=COMPARE_BODY, headers=headers)
    assert floor.status_code == actual.status_code == 200
    assert floor.json() == actual.json()
    assert floor.headers["cache-control"] == actual.headers["cache-control"] == "no-store"


def test_twins_are_not_in_the_contract(client: TestClient[Litestar]) -> None:
    schema = client.get("/schema/openapi.json").json()
    assert not [path for path in schema["paths"] if path.startswith("/floor")]
