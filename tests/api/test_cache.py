"""The in-process response cache: replays what may be cached, nothing else, within bounds."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from wagecalc.api import create_app
from wagecalc.api.cache import ResponseCache
from wagecalc.api.cors import Cors
from wagecalc.api.edge import AnswerHeaders, Edge
from wagecalc.config import Settings

STORY = "/v1/convert?amount=900000&from=USD&to=MYR&date=2023-07-26"


def _cache(app: Litestar) -> ResponseCache:
    return next(m.cache for m in app.middleware if isinstance(m, Edge))


@pytest.fixture
def fresh() -> Iterator[tuple[TestClient[Litestar], ResponseCache]]:
    """A new app per test, so hit and miss counts start at zero."""
    app = create_app(Settings())
    with TestClient(app=app) as client:
        yield client, _cache(app)


def test_repeat_is_replayed_identically(fresh: tuple[TestClient[Litestar], Any]) -> None:
    """The second identical GET is a hit with the same body, ETag, cache and security headers."""
    client, cache = fresh
    first = client.get(STORY)
    second = client.get(STORY)
    assert (cache.misses, cache.hits) == (1, 1)
    assert second.content == first.content
    for name in (
        "etag",
        "cache-control",
        "content-type",
        "x-content-type-options",
        "content-security-policy",
        "content-language",
        "vary",
    ):
        assert second.headers[name] == first.headers[name], name


def test_hit_answers_304_to_a_matching_etag(fresh: tuple[TestClient[Litestar], Any]) -> None:
    """A replayed answer still honours If-None-Match."""
    client, cache = fresh
    etag = client.get(STORY).headers["etag"]
    again = client.get(STORY, headers={"If-None-Match": etag})
    assert cache.hits == 1
    assert again.status_code == 304
    assert again.content == b""


def test_language_is_part_of_the_key(fresh: tuple[TestClient[Litestar], Any]) -> None:
    """An answer negotiated for one language is never replayed for another."""
    client, cache = fresh
    english = client.get(STORY).json()
    chinese = client.get(STORY, headers={"Accept-Language": "zh-CN"}).json()
    assert (english["locale"], chinese["locale"]) == ("en", "zh-Hans")
    assert cache.hits == 0


def test_origin_is_not_part_of_the_key() -> None:
    """The body never depends on Origin: pages on any origin share one entry, each with its
    own Access-Control-Allow-Origin (added after the cache)."""
    settings = Settings(cors_origins=("https://news.example", "https://blog.example"))
    app = create_app(settings)
    with TestClient(app=app) as client:
        first = client.get(STORY, headers={"Origin": "https://news.example"})
        second = client.get(STORY, headers={"Origin": "https://blog.example"})
        third = client.get(STORY)
        assert (_cache(app).misses, _cache(app).hits) == (1, 2)
    assert first.headers["access-control-allow-origin"] == "https://news.example"
    assert second.headers["access-control-allow-origin"] == "https://blog.example"
    assert "access-control-allow-origin" not in third.headers
    assert first.content == second.content == third.content


def test_a_replay_carries_its_age() -> None:
    """A replayed answer says, in Age, how many seconds it has been kept; a fresh one has none."""
    now = [1000.0]
    app = create_app(Settings())
    _cache(app)._clock = lambda: now[0]
    with TestClient(app=app) as client:
        fresh = client.get(STORY)
        now[0] += 42.7
        replay = client.get(STORY)
        revalidated = client.get(STORY, headers={"If-None-Match": fresh.headers["etag"]})
    assert "age" not in fresh.headers
    assert replay.headers["age"] == "42"
    assert (revalidated.status_code, revalidated.headers["age"]) == (304, "42")


def test_head_is_answered_from_the_gets_entry(fresh: tuple[TestClient[Litestar], Any]) -> None:
    """A HEAD after a GET is a hit: the same headers, no body."""
    client, cache = fresh
    got = client.get(STORY)
    head = client.head(STORY)
    assert (cache.misses, cache.hits) == (1, 1)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["etag"] == got.headers["etag"]
    # The wire length (the GET's body may be compressed: httpx hands back its decoded bytes).
    assert head.headers["content-length"] == got.headers["content-length"]


def test_errors_and_uncacheable_answers_are_not_kept(
    fresh: tuple[TestClient[Litestar], Any],
) -> None:
    """Problems (no-store), health checks (no-store) and POSTs never come from the cache."""
    client, cache = fresh
    for _ in range(2):
        assert client.get("/v1/convert?amount=NaN&from=USD&to=MYR").status_code == 422
        client.get("/readyz")
    assert cache.hits == 0
    assert len(cache._entries) == 0


def _drive(cache: ResponseCache, queries: list[bytes]) -> list[bytes]:
    """Send GETs for ``queries`` through the cache over a stub app; return the bodies seen."""
    bodies: list[bytes] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"cache-control", b"public, max-age=60")],
            }
        )
        await send({"type": "http.response.body", "body": b"fresh " + scope["query_string"]})

    async def run() -> None:
        async def send(message: Any) -> None:
            if message["type"] == "http.response.body":
                bodies.append(message["body"])

        async def receive() -> Any:
            return {"type": "http.request"}

        for query in queries:
            scope = {
                "type": "http",
                "method": "GET",
                "path": "/x",
                "headers": [],
                "query_string": query,
            }
            cors = Cors((), ())
            await Edge(cors, AnswerHeaders(cors, ()), cache)(app)(scope, receive, send)  # type: ignore[arg-type]

    asyncio.run(run())
    return bodies


def test_entries_expire_with_their_max_age() -> None:
    """An answer is replayed within its max-age and fetched afresh after it."""
    now = [1000.0]
    cache = ResponseCache(clock=lambda: now[0])
    _drive(cache, [b"a", b"a"])
    assert (cache.misses, cache.hits) == (1, 1)
    now[0] += 61
    _drive(cache, [b"a"])
    assert (cache.misses, cache.hits) == (2, 1)


def test_the_cache_is_bounded() -> None:
    """However many distinct URLs, the cache keeps at most its maximum of entries (LRU)."""
    cache = ResponseCache(max_entries=3)
    _drive(cache, [str(n).encode() for n in range(10)])
    assert len(cache._entries) == 3
    assert [key[1] for key in cache._entries] == [b"7", b"8", b"9"]


def test_the_cache_is_bounded_in_bytes_too() -> None:
    """Many answers: the oldest go once the bodies and keys kept pass the byte budget, and
    a replaced entry's bytes are not counted twice."""
    entry = len(b"fresh 10") + len("/x") + len(b"10")  # the body and the key
    cache = ResponseCache(max_entries=100, max_bytes=entry * 3)
    _drive(cache, [str(n).encode() for n in range(10, 20)])
    assert [key[1] for key in cache._entries] == [b"17", b"18", b"19"]
    now = [1000.0]
    cache = ResponseCache(max_entries=100, clock=lambda: now[0], max_bytes=entry * 2)
    _drive(cache, [b"10", b"11"])
    now[0] += 61  # both expire; fetching one again replaces its entry
    _drive(cache, [b"10"])
    assert [key[1] for key in cache._entries] == [b"11", b"10"]


def test_long_keys_count_against_the_budget() -> None:
    """A request's Host and Accept-Language are part of the key, and as long as the server
    allows: the budget counts them, so varying them cannot grow the cache past it."""
    cache = ResponseCache(max_entries=100, max_bytes=10_000)
    for n in range(20):
        key = ("/x", b"", b"en" * 500, b"h%d" % n * 1000, b"br")
        cache.store(key, [], b"public, max-age=60", b"body")
    assert 0 < cache._bytes <= 10_000
    assert len(cache._entries) < 20


def test_an_answer_larger_than_the_budget_is_not_kept() -> None:
    """It would otherwise evict everything, itself included."""
    cache = ResponseCache(max_entries=100, max_bytes=100)
    cache.store(("/a", b"", b"", b"", b""), [], b"public, max-age=60", b"x" * 50)
    cache.store(("/b", b"", b"", b"", b""), [], b"public, max-age=60", b"x" * 200)
    assert [key[0] for key in cache._entries] == ["/a"]
