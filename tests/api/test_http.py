"""HTTP details a widget on another site relies on: Vary, CORS refusals, HEAD, origin checks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from tests.servers import clean_env, free_port, start_server
from wagecalc.api import create_app
from wagecalc.api.cors import Cors
from wagecalc.config import Settings
from wagecalc.errors import ConfigError

STORY = "/v1/convert?amount=900000&from=USD&to=MYR&date=2023-07-26"
LOCALIZED = [
    STORY,
    "/v1/equivalents?amount=900000&currency=USD&date=2023-07-26",
    "/v1/compare?a=900000+USD/year&b=200+USD/day&currency=MYR&date=2023-07-26",
    "/v1/check?amount=900000&from=USD&reported=4.3+million&to=MYR&date=2023-07-31",
]
NEWS = "https://news.example"


def _vary(headers: httpx.Headers) -> list[str]:
    """The Vary names, but Accept-Encoding (compressed answers name it besides: the test
    client accepts brotli; tests/api/test_compression.py is about that)."""
    names = [v.strip().lower() for v in headers.get("vary", "").split(",") if v.strip()]
    return [n for n in names if n != "accept-encoding"]


@pytest.fixture(scope="module")
def listed() -> Iterator[TestClient[Litestar]]:
    """CORS for one listed origin (GET only, the default methods)."""
    with TestClient(app=create_app(Settings(cors_origins=(NEWS,)))) as client:
        yield client


@pytest.fixture(scope="module")
def anyone() -> Iterator[TestClient[Litestar]]:
    """CORS for any origin (``*``)."""
    with TestClient(app=create_app(Settings(cors_origins=("*",)))) as client:
        yield client


@pytest.mark.parametrize("url", LOCALIZED)
def test_localized_answers_vary_on_accept_language_without_cors(
    client: TestClient[Litestar], url: str
) -> None:
    """Without CORS: Vary names Accept-Language, not Origin."""
    assert _vary(client.get(url).headers) == ["accept-language"]


@pytest.mark.parametrize("url", LOCALIZED)
def test_localized_answers_vary_on_both_with_listed_origins(
    listed: TestClient[Litestar], url: str
) -> None:
    """With a listed origin, Vary keeps Accept-Language and adds Origin, with or without one,
    and on a replay from the cache too."""
    for headers in ({"Origin": NEWS}, {}, {"Origin": "https://evil.example"}, {"Origin": NEWS}):
        assert _vary(listed.get(url, headers=headers).headers) == ["accept-language", "origin"]


def test_a_dated_chinese_answer_names_accept_language_with_cors(
    listed: TestClient[Litestar],
) -> None:
    """The issue's case: an immutable zh-Hans answer is not shared with English readers."""
    answer = listed.get(STORY, headers={"Origin": NEWS, "Accept-Language": "zh-CN"})
    assert "immutable" in answer.headers["cache-control"]
    assert answer.headers["content-language"] == "zh-Hans"
    assert "accept-language" in _vary(answer.headers)


def test_any_origin_does_not_vary_on_origin(anyone: TestClient[Litestar]) -> None:
    """With ``*`` the CORS headers are the same for everyone: no Vary: Origin."""
    answer = anyone.get(STORY, headers={"Origin": NEWS})
    assert answer.headers["access-control-allow-origin"] == "*"
    assert _vary(answer.headers) == ["accept-language"]
    assert "vary" not in anyone.get("/healthz", headers={"Origin": NEWS}).headers


def test_language_free_answers_do_not_vary_without_cors(client: TestClient[Litestar]) -> None:
    """Answers that are the same in every language name no Vary at all when CORS is off."""
    for url in ("/healthz", "/v1/currencies", "/v1/schedules"):
        assert _vary(client.get(url).headers) == [], url


def test_allowed_origin_may_read_etag_and_age(listed: TestClient[Litestar]) -> None:
    """The page may read the validators it needs for conditional requests."""
    answer = listed.get(STORY, headers={"Origin": NEWS})
    assert answer.headers["access-control-allow-origin"] == NEWS
    exposed = answer.headers["access-control-expose-headers"].split(", ")
    assert {"etag", "age", "content-language"} <= set(exposed)


def test_errors_carry_cors_headers_for_allowed_origins(listed: TestClient[Litestar]) -> None:
    """A 422 is readable by the widget (it shows the message)."""
    answer = listed.get("/v1/convert?amount=NaN&from=USD&to=MYR", headers={"Origin": NEWS})
    assert answer.status_code == 422
    assert answer.headers["access-control-allow-origin"] == NEWS


def test_allowed_preflight(listed: TestClient[Litestar]) -> None:
    """A preflight from a listed origin for GET with the widget's headers: 204 and the policy."""
    answer = listed.options(
        "/v1/convert",
        headers={
            "Origin": NEWS,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "If-None-Match, Accept-Language",
        },
    )
    assert answer.status_code == 204
    assert answer.headers["access-control-allow-origin"] == NEWS
    assert answer.headers["access-control-allow-methods"] == "GET"
    assert "if-none-match" in answer.headers["access-control-allow-headers"]
    assert "origin" in _vary(answer.headers)


@pytest.mark.parametrize(
    ("headers", "fields"),
    [
        ({"Origin": "https://evil.example"}, ["Origin"]),
        ({"Access-Control-Request-Method": "POST"}, ["Access-Control-Request-Method"]),
        ({"Access-Control-Request-Headers": "x-secret"}, ["Access-Control-Request-Headers"]),
        (
            {"Origin": "https://evil.example", "Access-Control-Request-Method": "DELETE"},
            ["Origin", "Access-Control-Request-Method"],
        ),
    ],
)
def test_refused_preflights_are_problems(
    listed: TestClient[Litestar], headers: dict[str, str], fields: list[str]
) -> None:
    """A refused origin, method or header: 403 problem+json naming each refused header."""
    sent = {"Origin": NEWS, "Access-Control-Request-Method": "GET", **headers}
    answer = listed.options("/v1/compare", headers=sent)
    assert answer.status_code == 403
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.headers["cache-control"] == "no-store"
    problem = answer.json()
    assert problem["type"] == "urn:wagecalc:problem:cors-refused"
    assert [e["field"] for e in problem["errors"]] == fields


def test_preflights_are_refused_as_problems_when_cors_is_off(
    client: TestClient[Litestar],
) -> None:
    """With no configured origin every preflight is a 403 problem, and no CORS header leaks."""
    answer = client.options(
        "/v1/convert", headers={"Origin": NEWS, "Access-Control-Request-Method": "GET"}
    )
    assert answer.status_code == 403
    assert answer.headers["content-type"] == "application/problem+json"
    assert "access-control-allow-origin" not in answer.headers


def test_plain_options_still_lists_the_methods(listed: TestClient[Litestar]) -> None:
    """OPTIONS without a CORS request is not a preflight: 204 with Allow."""
    answer = listed.options("/v1/compare")
    assert answer.status_code == 204
    assert answer.headers["allow"] == "GET, HEAD, OPTIONS, POST"


def _get_paths(app: Litestar) -> list[str]:
    schema = app.openapi_schema.to_schema()
    return [path for path, item in schema["paths"].items() if "get" in item]


def test_head_works_on_every_get_route(client: TestClient[Litestar]) -> None:
    """Every documented GET answers HEAD with the GET's status and headers and no body."""
    queries = {url.split("?")[0].rsplit("/", 1)[1]: url.split("?")[1] for url in LOCALIZED}
    queries["rates"] = "base=USD&date=2023-07-26"
    queries["card"] = queries["check"]  # /v1/check/card.svg
    queries["oembed"] = "url=" + quote(
        "https://x.example/embed/equivalents?" + queries["equivalents"]
    )
    paths = _get_paths(client.app)
    assert "/healthz" in paths and "/v1/convert" in paths
    for path in paths:
        name = path.rsplit("/", 1)[1].removesuffix(".svg").removesuffix(".png")
        url = f"{path}?{queries[name]}" if name in queries else path
        got, head = client.get(url), client.head(url)
        assert (head.status_code, got.status_code) == (200, 200), url
        assert head.content == b""
        assert head.headers["content-type"] == got.headers["content-type"]
        assert head.headers.get("cache-control") == got.headers.get("cache-control")
        if "etag" in got.headers:
            assert head.headers["etag"] == got.headers["etag"]


def test_head_on_an_invalid_request_is_a_422_without_body(client: TestClient[Litestar]) -> None:
    answer = client.head("/v1/convert?amount=NaN&from=USD&to=MYR")
    assert answer.status_code == 422
    assert answer.content == b""


@pytest.mark.parametrize(
    ("value", "origins"),
    [
        ("https://news.example", ("https://news.example",)),
        (
            "https://news.example, http://127.0.0.1:8080",
            ("https://news.example", "http://127.0.0.1:8080"),
        ),
        ("HTTPS://News.Example:443", ("https://news.example",)),
        ("http://[::1]:3000", ("http://[::1]:3000",)),
        ("*", ("*",)),
    ],
)
def test_cors_origins_are_read_as_origins(value: str, origins: tuple[str, ...]) -> None:
    """Comma-separated; scheme and host in lower case, a default port dropped (as browsers send)."""
    assert Settings.from_env({"WAGECALC_CORS_ORIGINS": value}).cors_origins == origins


@pytest.mark.parametrize(
    "value",
    [
        "https://news.example/",
        "https://news.example/embed",
        "news.example",
        "ftp://news.example",
        "https://news.example?x=1",
        "https://user@news.example",
        "https://news.example:99999",
        "https://news.example https://blog.example",
        "https://news.example;https://blog.example",
        "https://*.example",
    ],
)
def test_a_bad_cors_origin_is_a_config_error(value: str) -> None:
    """A path, a missing scheme, a bad port or a wrong separator is refused at start."""
    with pytest.raises(ConfigError, match=r"WAGECALC_CORS_ORIGINS: .* is not an origin"):
        Settings.from_env({"WAGECALC_CORS_ORIGINS": value})


def test_serve_refuses_a_bad_cors_origin_in_one_line() -> None:
    """``wagecalc serve`` exits 2 with one line, before serving."""
    process = start_server(
        free_port(), env=clean_env(WAGECALC_CORS_ORIGINS="https://news.example/path")
    )
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(
        "wagecalc: error: WAGECALC_CORS_ORIGINS: 'https://news.example/path'"
    )
    assert "separated by commas" in lines[0]


@pytest.mark.parametrize("path", ["/schema", "/schema/docs", "/schema/openapi.json"])
def test_head_works_on_the_schema_routes(client: TestClient[Litestar], path: str) -> None:
    """The docs page and the OpenAPI document (Litestar's own GET routes) answer HEAD too."""
    got, head = client.get(path), client.head(path)
    assert (got.status_code, head.status_code) == (200, 200)
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    # The same encoding as the GET, and its length on the wire (the client decodes it).
    assert head.headers.get("content-encoding") == got.headers.get("content-encoding")
    assert head.headers["content-length"] == got.headers["content-length"]
    assert head.headers["etag"] == got.headers["etag"]


def test_a_routes_own_allow_origin_is_kept() -> None:
    """A response that names its own Access-Control-Allow-Origin (the widget script says ``*``)
    does not get a second one, which would make the browser refuse it, nor Vary: Origin."""
    cors = Cors([NEWS], ["GET"])
    message: Any = {
        "type": "http.response.start",
        "status": 200,
        "headers": [(b"access-control-allow-origin", b"*")],
    }
    names = [k for k, _ in cors.add_headers(message["headers"], NEWS.encode())]
    assert names.count(b"access-control-allow-origin") == 1
    assert b"vary" not in names  # "*" is the same for every origin
