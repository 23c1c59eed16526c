"""``Edge``: the one middleware (preflight, request checks, response cache, ETags, the headers of
every answer) and ``ErrorAnswerHeaders``, which gives answers made outside it the same headers."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import parse_qsl

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from litestar import Litestar, Request, Response, get
from litestar.testing import TestClient

from wagecalc.api import create_app
from wagecalc.api.cors import Cors
from wagecalc.api.edge import AnswerHeaders, Edge, ErrorAnswerHeaders
from wagecalc.api.headers import MAX_QUERY_PARAMETERS, SECURITY_HEADERS, check_query
from wagecalc.api.problems import InvalidRequestError
from wagecalc.config import Settings

STORY = "/v1/convert?amount=900000&from=USD&to=MYR&date=2023-07-26"


def _run(scope_type: str) -> list[str]:
    reached: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        reached.append(scope["type"])

    async def nothing(*_: Any) -> Any:
        return None

    cors = Cors((), ())
    edge = Edge(cors, AnswerHeaders(cors, ()))(app)
    asyncio.run(edge({"type": scope_type}, nothing, nothing))  # type: ignore[arg-type]
    return reached


def test_other_scopes_pass_by_it() -> None:
    """A websocket scope (wagecalc has none today) reaches the app untouched."""
    assert _run("websocket") == ["websocket"]


def test_the_app_has_one_middleware_and_no_hook() -> None:
    """A ``before_send`` hook costs an await through Litestar's hook loop on every message."""
    app = create_app(Settings())
    assert [type(m) for m in app.middleware] == [Edge]
    assert app.before_send == []
    assert any(isinstance(p, ErrorAnswerHeaders) for p in app.plugins)


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


_QUERY_PIECES = ["a", "b", "am", "=", "&", "%61", "%6D", "+", "%20", " ", "%", "%2", "==", "x=1"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_QUERY_PIECES), max_size=8).map("".join))
def test_repeated_names_are_those_parse_qsl_sees(query: str) -> None:
    """A query is refused for a repeated name exactly when parse_qsl reads a name twice."""
    names = [name for name, _ in parse_qsl(query, keep_blank_values=True)]
    repeated = len(set(names)) != len(names)
    if repeated:
        with pytest.raises(InvalidRequestError) as refused:
            check_query(query.encode("latin-1"))
        assert refused.value.errors[0].field in names
    else:
        check_query(query.encode("latin-1"))


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


def test_the_same_headers_on_every_kind_of_answer() -> None:
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


def test_completing_send_leaves_other_messages_alone() -> None:
    sent: list[Any] = []

    async def send(message: Any) -> None:
        sent.append(message)

    cors = Cors((), ())
    scope: Any = {"type": "http", "path": "/", "headers": []}
    completing: Any = AnswerHeaders(cors, ("*",)).sending(send, scope)
    asyncio.run(completing({"type": "http.response.body", "body": b"x", "more_body": False}))
    assert sent == [{"type": "http.response.body", "body": b"x", "more_body": False}]


ORIGIN = "https://news.example"


@pytest.mark.parametrize(
    ("method", "url", "headers", "content", "status"),
    [
        ("GET", "/v1/nope", {}, None, 404),  # the router's: no route, no middleware
        ("DELETE", "/v1/convert", {}, None, 405),  # the router's
        ("GET", "/v1/convert?amount=1&amount=2&from=USD&to=MYR", {}, None, 422),  # Edge's own
        ("POST", "/v1/compare", {"content-type": "text/plain"}, b"{}", 415),  # Edge's own
        ("OPTIONS", "/v1/compare", {"access-control-request-method": "PUT"}, None, 403),  # Edge's
        ("GET", "/v1/convert?amount=-1&from=USD&to=MYR", {}, None, 422),  # the handler's
        ("POST", "/v1/compare", {"content-type": "application/json"}, b"{x", 400),  # the route's
        ("GET", "/healthz", {}, None, 200),
        ("POST", "/v1/compare", {"content-type": "application/json"}, b'{"a":1}', 422),
    ],
)
def test_every_answer_gets_the_headers_once_wherever_it_is_made(
    method: str, url: str, headers: dict[str, str], content: bytes | None, status: int
) -> None:
    """Answers made outside Edge (the router's, Edge's own refusals) get their headers from
    ErrorAnswerHeaders, answers made inside from Edge: each exactly once."""
    app = create_app(Settings(cors_origins=(ORIGIN,)))
    with TestClient(app=app) as client:
        answer = client.request(method, url, headers={"origin": ORIGIN, **headers}, content=content)
    assert answer.status_code == status, answer.text
    for name, value in SECURITY_HEADERS:
        assert answer.headers.get_list(name.decode()) == [value.decode()]
    assert answer.headers.get_list("access-control-allow-origin") == [ORIGIN]
    assert answer.headers.get_list("vary").count("Origin") <= 1
    if status >= 400:
        assert answer.headers.get_list("cache-control") == ["no-store"]
        assert answer.headers["content-type"] == "application/problem+json"


class _FlakyError(Exception):
    """Its handler fails the first time: in the route's exception layer, inside Edge."""


def test_an_answer_made_outside_after_the_route_failed_still_gets_the_headers() -> None:
    """When the route's own exception layer fails, Litestar's app-level layer answers, and
    that answer does not pass through Edge: ``INSIDE_EDGE`` must be false again by then."""
    calls: list[str] = []

    def flaky(request: Request[Any, Any, Any], exc: _FlakyError) -> Response[Any]:
        calls.append("flaky")
        raise RuntimeError("the route's handler of the error fails")

    def last_resort(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
        calls.append("last resort")
        return Response({"title": "failed"}, status_code=500)

    @get("/boom", sync_to_thread=False)
    def boom() -> None:
        raise _FlakyError

    cors = Cors((), ())
    answer_headers = AnswerHeaders(cors, ())
    app = Litestar(
        [boom],
        middleware=[Edge(cors, answer_headers)],
        plugins=[ErrorAnswerHeaders(answer_headers)],
        exception_handlers={_FlakyError: flaky, Exception: last_resort},
        logging_config=None,
    )
    with TestClient(app=app) as client:
        answer = client.get("/boom")
    assert calls == ["flaky", "last resort"]
    assert answer.status_code == 500
    assert answer.headers.get_list("x-content-type-options") == ["nosniff"]
    assert answer.headers.get_list("cache-control") == ["no-store"]


def test_every_route_answers_errors_with_the_apps_wrapped_handlers() -> None:
    """ErrorAnswerHeaders wraps the app's exception handlers only: a route resolving to other
    handlers (a controller's or router's own) would send Edge's refusals without headers."""
    app = create_app(Settings())
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            assert handler.resolve_exception_handlers() == app.exception_handlers, handler
