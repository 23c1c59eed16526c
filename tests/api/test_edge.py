"""``Edge``: the one middleware (preflight, request checks, response cache, ETags) and the one
``before_send`` hook, as wired into the app."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from wagecalc.api import create_app
from wagecalc.api.cors import Cors
from wagecalc.api.edge import Edge, response_headers
from wagecalc.api.headers import MAX_QUERY_PARAMETERS, check_query
from wagecalc.api.problems import InvalidRequestError
from wagecalc.config import Settings

STORY = "/v1/convert?amount=900000&from=USD&to=MYR&date=2023-07-26"


def _run(scope_type: str) -> list[str]:
    reached: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        reached.append(scope["type"])

    async def nothing(*_: Any) -> Any:
        return None

    asyncio.run(Edge(Cors((), ()))(app)({"type": scope_type}, nothing, nothing))  # type: ignore[arg-type]
    return reached


def test_other_scopes_pass_by_it() -> None:
    """A websocket scope (wagecalc has none today) reaches the app untouched."""
    assert _run("websocket") == ["websocket"]


def test_the_app_has_one_middleware_and_one_hook() -> None:
    app = create_app(Settings())
    assert [type(m) for m in app.middleware] == [Edge]
    assert len(app.before_send) == 1


@pytest.mark.parametrize(
    ("query", "repeated"),
    [
        (b"amount=1&amount=2", "amount"),
        (b"amount=1&a%6Dount=2", "amount"),  # the same name, escaped
        (b"a+b=1&a%20b=2", "a b"),  # '+' is a space in a name, as in parse_qsl
        (b"x=%41&y=1&x", "x"),  # a name without '=' counts
    ],
)
def test_a_repeated_name_is_refused_however_it_is_spelled(query: bytes, repeated: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        check_query(query)
    assert caught.value.errors[0].field == repeated


@pytest.mark.parametrize(
    "query",
    [b"a=1&b=2", b"a=1&&b=2", b"a=%26&b=%3D", b"a=1+1&b=1%2B1", b"&" * 5, b"amount=1&Amount=2"],
)
def test_distinct_names_pass(query: bytes) -> None:
    check_query(query)


def test_the_field_count_matches_parse_qsl() -> None:
    """At the limit passes, one more is refused, empty fields counted as parse_qsl counts them."""
    at_limit = b"&".join(b"p%d=1" % n for n in range(MAX_QUERY_PARAMETERS))
    check_query(at_limit)
    with pytest.raises(InvalidRequestError):
        check_query(at_limit + b"&")


def test_a_304_on_a_miss_still_fills_the_cache() -> None:
    """A first request that already has the ETag (from another replica, say) gets its 304,
    and the answer is kept: the next plain request is a replay."""
    app = create_app(Settings())
    cache = next(m.cache for m in app.middleware if isinstance(m, Edge))
    with TestClient(app=app) as client:
        etag = client.get(STORY).headers["etag"]
        cache._entries.clear()
        again = client.get(STORY, headers={"If-None-Match": etag})
        assert again.status_code == 304
        assert client.get(STORY).status_code == 200
    assert cache.hits == 1


def test_the_hook_adds_the_same_headers_to_every_kind_of_answer() -> None:
    """Problems raised by the middleware itself, router 404s and answers all get the
    security headers; errors are no-store."""
    app: Litestar = create_app(Settings())
    with TestClient(app=app) as client:
        answers = [
            client.get(STORY),
            client.get(STORY + "&amount=2"),  # refused by Edge itself
            client.get("/no/such/path"),  # the router's 404
            client.post("/v1/compare", content=b"{}", headers={"content-type": "text/plain"}),
        ]
    assert [a.status_code for a in answers] == [200, 422, 404, 415]
    for answer in answers:
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["content-security-policy"].startswith("default-src 'none'")
    assert [a.headers["cache-control"] for a in answers[1:]] == ["no-store"] * 3


def test_embed_pages_get_their_own_policy_even_when_replayed() -> None:
    settings = Settings(embed_ancestors=("https://news.example",))
    app = create_app(settings)
    page = "/embed/equivalents?amount=900000&currency=USD&date=2023-07-26"
    with TestClient(app=app) as client:
        first, replay = client.get(page), client.get(page)
    for answer in (first, replay):
        assert answer.status_code == 200
        assert "frame-ancestors https://news.example" in answer.headers["content-security-policy"]
        assert "x-frame-options" not in answer.headers
        assert answer.headers.get_list("content-security-policy") == [
            answer.headers["content-security-policy"]
        ]
    assert "age" in replay.headers


def test_hook_leaves_other_messages_alone() -> None:
    hook = response_headers(Cors((), ()), ("*",))
    message: Any = {"type": "http.response.body", "body": b"x"}
    asyncio.run(hook(message, {"type": "http", "path": "/", "headers": []}))
    assert message == {"type": "http.response.body", "body": b"x"}
