"""``JSONAnswer`` answers exactly what Litestar's own ``Response`` path answers.

``wagecalc.api.answers.JSONAnswer`` builds a JSON answer's bytes and headers
directly instead of going through ``Response.to_asgi_response`` (issue 14). Here
every JSON endpoint is asked the same questions by two apps: one as shipped, one
whose ``JSONAnswer`` always takes Litestar's path. Status, headers and bytes must
be the same. The cases where ``JSONAnswer`` must step aside (cookies, a background
task, handler headers, a type only a type encoder can encode) are checked one by one.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import msgspec
import pytest
from litestar import Litestar, Response, get
from litestar.background_tasks import BackgroundTask
from litestar.datastructures import Cookie
from litestar.testing import RequestFactory, TestClient

from tests.api.test_endpoints import COMPARE_BODY
from wagecalc.api import create_app
from wagecalc.api.answers import JSONAnswer
from wagecalc.config import Settings

DATE = "2023-07-26"

#: (method, path, query or JSON body): every JSON endpoint, answers and problems.
REQUESTS: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", "/healthz", {}),
    ("GET", "/readyz", {}),
    ("GET", "/v1/convert", {"amount": "900000", "from": "USD", "to": "MYR", "date": DATE}),
    ("GET", "/v1/convert", {"amount": "200.5", "from": "USD", "to": "JPY", "period": "day"}),
    ("GET", "/v1/convert", {"amount": "1", "from": "usd", "to": "MYR"}),
    ("GET", "/v1/equivalents", {"amount": "900000", "currency": "USD", "date": DATE}),
    ("GET", "/v1/equivalents", {"amount": "4500000", "currency": "MYR", "locale": "ms"}),
    ("GET", "/v1/compare", {"a": "900000 USD/year", "b": "200 USD/day", "currency": "MYR"}),
    ("POST", "/v1/compare", COMPARE_BODY),
    ("GET", "/v1/currencies", {}),
    ("GET", "/v1/rates", {"base": "USD", "date": DATE, "symbols": "MYR,JPY"}),
    ("GET", "/v1/rules", {"date": "2019-06-01"}),
    ("GET", "/v1/schedules", {}),
    (
        "GET",
        "/oembed",
        {"url": f"https://news.example/embed/equivalents?amount=900000&currency=USD&date={DATE}"},
    ),
]


def _litestar_path(
    self: JSONAnswer[Any], app: Any, request: Any, **kwargs: Any
) -> Any:  # Response's own method, for the reference app
    return Response.to_asgi_response(self, app, request, **kwargs)


def _answers(client: TestClient[Litestar]) -> list[tuple[int, list[tuple[str, str]], bytes]]:
    answers = []
    # Uncompressed: the bytes and Content-Length compared are JSONAnswer's, not the
    # compression middleware's (tests/api/test_compression.py checks that).
    plain = {"Accept-Encoding": "identity"}
    for method, path, params in REQUESTS:
        if method == "POST":
            response = client.post(path, json=params, headers=plain)
        else:
            response = client.get(path, params=params, headers=plain)
        answers.append(
            (response.status_code, sorted(response.headers.multi_items()), response.content)
        )
    return answers


@pytest.fixture(scope="module")
def shipped() -> list[tuple[int, list[tuple[str, str]], bytes]]:
    with TestClient(app=create_app(Settings())) as client:
        return _answers(client)


@pytest.fixture(scope="module")
def reference() -> list[tuple[int, list[tuple[str, str]], bytes]]:
    # The answers are made inside the patch and returned: a fixture that yielded inside it
    # would keep JSONAnswer on Litestar's path for every other test of this module.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(JSONAnswer, "to_asgi_response", _litestar_path)
        with TestClient(app=create_app(Settings())) as client:
            return _answers(client)


@pytest.mark.parametrize("index", range(len(REQUESTS)), ids=[r[1] for r in REQUESTS])
def test_same_answer_as_litestars_path(
    index: int,
    shipped: list[tuple[int, list[tuple[str, str]], bytes]],
    reference: list[tuple[int, list[tuple[str, str]], bytes]],
) -> None:
    # Litestar's path writes content-type and content-length after the handler's
    # headers, JSONAnswer before: the comparison is of the sorted headers.
    assert shipped[index] == reference[index]
    status, headers, body = shipped[index]
    assert ("content-length", str(len(body))) in headers
    if status < 400:
        assert ("content-type", "application/json") in headers


class _View(msgspec.Struct):
    amount: Decimal
    on: dt.date
    items: list[str]


class _Opaque:
    """A type msgspec cannot encode: only a type encoder can."""


def _convert(answer: Response[Any], **kwargs: Any) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    defaults: dict[str, Any] = {"cookies": [], "headers": {}, "media_type": "", "status_code": 200}
    asgi = answer.to_asgi_response(None, RequestFactory().get("/"), **{**defaults, **kwargs})
    return asgi.status_code, sorted(asgi.encode_headers()), asgi.body


VIEW = _View(Decimal("12345.670"), dt.date(2023, 7, 26), ["a", "é"])


@pytest.mark.parametrize(
    ("content", "kwargs", "answer_kwargs"),
    [
        (VIEW, {}, {"headers": {"Cache-Control": "no-store"}}),
        (VIEW, {"type_encoders": {_Opaque: str}}, {}),
        ({"x": _Opaque()}, {"type_encoders": {_Opaque: lambda _: "opaque"}}, {}),
        (VIEW, {"headers": {"x-handler": "1"}}, {}),
        (VIEW, {}, {"cookies": [Cookie(key="k", value="v")]}),
        (VIEW, {"cookies": [Cookie(key="k", value="v")]}, {}),
        (VIEW, {}, {"status_code": 201}),
        (VIEW, {"media_type": "application/json"}, {}),
        ([VIEW, VIEW], {}, {}),
        # Litestar's to make: no body or framing with a 204, text and bytes as they are,
        # the handler's own content-type, and content msgspec cannot encode.
        (None, {}, {"status_code": 204}),
        (VIEW, {}, {"headers": {"Content-Type": "application/vnd.x+json"}}),
        ("plain text", {}, {}),
        (b"\x00bytes", {}, {}),
        ({(1, 2): 1}, {}, {"status_code": 200}),
    ],
)
def test_to_asgi_response_matches_litestars(
    content: Any, kwargs: dict[str, Any], answer_kwargs: dict[str, Any]
) -> None:
    def outcome(answer: Response[Any]) -> object:
        try:
            return _convert(answer, **kwargs)
        except Exception as exc:  # the same error is part of the same answer
            return type(exc), str(exc)

    ours = outcome(JSONAnswer(content, **answer_kwargs))
    assert ours == outcome(Response(content, **answer_kwargs))


def test_a_type_only_an_encoder_knows_takes_litestars_path() -> None:
    status, _, body = _convert(
        JSONAnswer({"x": _Opaque()}), type_encoders={_Opaque: lambda _: "opaque"}
    )
    assert (status, body) == (200, b'{"x":"opaque"}')


def test_a_background_task_still_runs() -> None:
    ran: list[str] = []

    @get("/task", sync_to_thread=False)
    def task() -> Response[dict[str, str]]:
        return JSONAnswer({"ok": "yes"}, background=BackgroundTask(ran.append, "done"))

    with TestClient(Litestar([task])) as client:
        assert client.get("/task").json() == {"ok": "yes"}
    assert ran == ["done"]
