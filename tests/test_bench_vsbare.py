"""bench.vsbare's rows stay what their names say, without running a server or wrk.

The floor row (bench/params_app.py) means something only while its handler declares
the parameters of ``GET /v1/convert``; a row's figure only while its wrk script
sends the request the row names, to an app that answers it; the open-loop figure
only while it sends cold equivalents' own query.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from subprocess import PIPE
from typing import Any

import pytest
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.testing import TestClient

from bench import http, openloop
from bench.handlers_app import create_app as create_handlers_app
from bench.healthz_app import create_app as create_healthz_app
from bench.hello_app import create_app as create_hello_app
from bench.params_app import create_app as create_params_app
from bench.params_app import hello_params
from bench.vsbare import BARE_UNDER, OPENLOOP_ROW, OPENLOOP_TARGET, ROWS, Row, lua, rows_for
from wagecalc.api import create_app as create_wagecalc_app
from wagecalc.api.openapi import finish
from wagecalc.api.routes.conversion import ConversionController

_N = 123_456


def _parameters(app: Litestar, path: str) -> list[dict[str, Any]]:
    """The OpenAPI parameters of GET ``path``, as wagecalc's document writes them.

    wagecalc finishes Litestar's document (optional parameters as plain strings); the
    bare app serves Litestar's own, so it is finished the same way before comparing.
    """
    with TestClient(app=app) as client:
        schema = finish(client.get("/schema/openapi.json").json())
    parameters: list[dict[str, Any]] = schema["paths"][path]["get"]["parameters"]
    return sorted(parameters, key=lambda p: (p["in"], p["name"]))


def test_the_floor_route_declares_exactly_the_parameters_of_v1_convert() -> None:
    floor = _parameters(create_params_app(), "/hello/params")
    real = _parameters(create_wagecalc_app(), "/v1/convert")
    assert floor == real
    where = [p["in"] for p in floor]
    assert (where.count("query"), where.count("header"), len(where)) == (11, 2, 13)
    # If-None-Match is added to every GET by the contract (api/openapi.py): Litestar parses
    # only Accept-Language of the two, for both handlers.
    assert {p["name"] for p in floor if p["in"] == "header"} == {
        "Accept-Language",
        "If-None-Match",
    }


def test_the_floor_route_has_v1_converts_defaults() -> None:
    """The document shows only the defaults that are not None (as `required: false`)."""
    convert = vars(ConversionController)["convert"]  # the class comes from a factory
    assert isinstance(convert, HTTPRouteHandler)
    assert hello_params.fn.__defaults__ == convert.fn.__defaults__


def test_the_bare_baseline_imports_nothing_of_wagecalc() -> None:
    """It is the start-up and memory baseline: the floor route lives in its own module."""
    code = (
        "import sys, bench.hello_app; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'wagecalc'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=http.ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


@pytest.fixture(scope="module")
def clients() -> Iterator[dict[str, TestClient[Litestar]]]:
    apps = {
        "wagecalc": create_wagecalc_app(),
        "bare": create_hello_app(),
        "params": create_params_app(),
        "healthz-nomw": create_healthz_app(),
        "handlers": create_handlers_app(),
    }
    with (
        TestClient(app=apps["wagecalc"]) as wagecalc,
        TestClient(app=apps["bare"]) as bare,
        TestClient(app=apps["params"]) as params,
        TestClient(app=apps["healthz-nomw"]) as healthz,
        TestClient(app=apps["handlers"]) as handlers,
    ):
        yield {
            "wagecalc": wagecalc,
            "bare": bare,
            "params": params,
            "healthz-nomw": healthz,
            "handlers": handlers,
        }


def _post_body(script: str, n: int) -> str:
    """The body wrk's POST script sends when its counter is ``n``."""
    body = script.split("local body = '", 1)[1].split("'\n", 1)[0]
    return body.replace("' .. counter .. '", str(n))


def _sent(row: Row, n: int) -> tuple[str, str | None]:
    """What the row's wrk script sends for counter ``n``: the target and the body."""
    script = lua(row.method, row.target)
    if row.method == "POST":
        return row.target, _post_body(script, n)
    if "{n}" in row.target:
        head, tail = row.target.split("{n}")
        assert f'"{head}" .. counter .. "{tail}"' in script
        assert "counter = counter + 1" in script
    else:
        assert f'"{row.target}"' in script
    return row.target.replace("{n}", str(n)), None


@pytest.mark.parametrize("name", [*rows_for("granian")])
def test_every_row_sends_a_request_its_app_answers(
    clients: dict[str, TestClient[Litestar]], name: str
) -> None:
    row = rows_for("granian")[name]
    assert row.app in http.APPS
    target, body = _sent(row, _N)
    client = clients[row.app]
    if body is None:
        answer = client.get(target)
    else:
        answer = client.post(target, content=body, headers={"content-type": "application/json"})
    assert answer.status_code == 200, answer.text
    if row.app != "params" and ("{n}" in row.target or body is not None):
        # cold: the amount sent is the amount used (the floor answers a fixed small dict)
        assert str(_N) in answer.text


def test_the_post_row_sends_the_benchmarks_compare_body_with_a_new_amount() -> None:
    script = lua("POST", "/v1/compare")
    assert _post_body(script, 900000) == http.COMPARE_BODY


def test_cold_rows_are_cold_and_the_floor_sends_cold_converts_query() -> None:
    for name, row in ROWS.items():
        assert ("cold" in name) == ("{n}" in row.target or row.method == "POST"), name
    floor = ROWS["bare + convert's params, cold"].target
    convert = ROWS["convert, cold"].target
    assert floor.split("?")[1] == convert.split("?")[1]


def test_rows_under_another_server_add_its_bare_hello_first() -> None:
    assert rows_for("uvicorn") == ROWS
    granian = rows_for("granian")
    assert next(iter(granian)) == BARE_UNDER.format(server="granian")
    assert granian[BARE_UNDER.format(server="granian")] == Row("GET", "/hello", None, "bare")
    assert {k: v for k, v in granian.items() if k in ROWS} == ROWS


def test_the_open_loop_sends_cold_equivalents_own_query() -> None:
    row = ROWS[OPENLOOP_ROW]
    sent = openloop.TARGETS[OPENLOOP_TARGET](7)
    assert sent == row.target.replace("{n}", str(openloop.FIRST + 7))
    assert openloop.TARGETS["convert"](7) == ROWS["convert, cold"].target.replace(
        "{n}", str(openloop.FIRST + 7)
    )


@pytest.mark.parametrize("asgi", http.ASGI_SERVERS)
@pytest.mark.parametrize("kind", [*http.APPS])
def test_every_app_is_served_one_worker_on_loopback(kind: str, asgi: str) -> None:
    command = http._command(kind, 8123, asgi)
    assert command[command.index("--host") + 1] == "127.0.0.1"
    assert command[command.index("--workers") + 1] == "1"
    if kind != "wagecalc" or asgi != "uvicorn":
        module, function = http.APPS[kind].split(":")
        assert callable(getattr(importlib.import_module(module), function))
        assert http.APPS[kind] in command
    if kind != "wagecalc" and asgi == "uvicorn":
        # served as `wagecalc serve` serves: no X-Forwarded-* layer (proxy_headers=False)
        assert "--no-proxy-headers" in command


def test_a_process_tree_holds_the_process_and_its_children() -> None:
    """Granian serves from a child process: its RSS must count."""
    code = "import sys; print('up', flush=True); sys.stdin.read()"
    child = subprocess.Popen([sys.executable, "-c", code], stdin=PIPE, stdout=PIPE)
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == b"up\n"  # started: its RSS no longer grows
        tree = http.process_tree(os.getpid())
        assert tree[0] == os.getpid()
        assert child.pid in tree
        assert http.tree_rss_kib(child.pid) == http.rss_kib(child.pid) > 0
    finally:
        child.communicate(b"")
