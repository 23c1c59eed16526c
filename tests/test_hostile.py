"""Hostile inputs, table-driven, for every parameter of every endpoint.

Every query parameter and header the COMMITTED openapi/openapi.json declares, and
every field of the POST /v1/compare body, is sent each hostile value of ``HOSTILE``
in an otherwise valid request. The answer must come within ``HANG_SECONDS`` (a hang
detector, not a benchmark) and be either:

- a 4xx ``application/problem+json`` with ``no-store`` whose ``errors`` name the
  parameter (as the caller spelled it), or
- a 200, only where ``ACCEPTED`` says why the parameter takes that value (a label is
  free text; an unknown locale falls back to English; a future date uses the newest
  rate and says so).

Then the transport-level cases: repeated and too many parameters, overlong query
strings, oversized (also chunked) and deeply nested bodies, wrong content types,
path traversal and NUL bytes in paths, and, over real HTTP against `wagecalc serve`,
the cases a test client cannot send (a chunked body with no length, a 100 KB URL).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from wagecalc.api import create_app
from wagecalc.api.routes.embed import EMBED_PAGES
from wagecalc.config import Settings

COMMITTED = Path(__file__).resolve().parent.parent / "openapi" / "openapi.json"
DOCUMENT: dict[str, Any] = json.loads(COMMITTED.read_text())
#: A hang detector, not a benchmark: generous, so that a machine busy with other work (CI's
#: other Pythons, a helper's build) does not fail it. A hang is minutes; a slow answer here
#: was at most 4.3 s, on a machine with a load average of 10.
HANG_SECONDS = 15.0

#: A valid request per operation; each hostile value replaces one parameter of it.
BASELINES: dict[str, dict[str, str]] = {
    "/v1/convert": {"amount": "900000", "from": "USD", "to": "MYR", "date": "2023-07-26"},
    "/v1/equivalents": {"amount": "900000", "currency": "USD", "date": "2023-07-26"},
    "/v1/compare": {
        "a": "900000 USD/year",
        "b": "200 USD/day",
        "currency": "MYR",
        "date": "2023-07-26",
    },
    "/v1/rates": {"base": "USD", "date": "2023-07-26", "symbols": "MYR,JPY"},
    "/v1/rules": {"date": "2023-07-26"},
    # Parameterised by If-None-Match only.
    "/v1/currencies": {},
    "/v1/schedules": {},
    "/healthz": {},
    "/readyz": {},
    "/embed/v1/embed.css": {},
}
# The embed pages take the JSON endpoints' parameters and must refuse the same values.
BASELINES["/embed/equivalents"] = BASELINES["/v1/equivalents"]
BASELINES["/embed/compare"] = BASELINES["/v1/compare"]
BASELINES["/v1/cards/equivalents.svg"] = BASELINES["/v1/equivalents"]
BASELINES["/v1/cards/compare.svg"] = BASELINES["/v1/compare"]
BASELINES["/v1/check"] = {
    "amount": "900000",
    "from": "USD",
    "reported": "4.3 million",
    "to": "MYR",
    "date": "2023-07-31",
}
BASELINES["/v1/check/card.svg"] = BASELINES["/v1/check"]
BASELINES["/v1/check/card.png"] = BASELINES["/v1/check"]
BASELINES["/embed/check"] = BASELINES["/v1/check"]
BASELINES["/v1/cards/equivalents.png"] = BASELINES["/v1/equivalents"]
BASELINES["/v1/cards/compare.png"] = BASELINES["/v1/compare"]
BASELINES["/oembed"] = {
    "url": "https://news.example/embed/equivalents?amount=900000&currency=USD&date=2023-07-26"
}
COMPARE_BODY: dict[str, Any] = {
    "salaries": [
        {"label": "The product manager", "amount": "900000", "currency": "USD", "period": "year"},
        {"label": "a background actor", "amount": "200", "currency": "USD", "period": "day"},
    ],
    "currency": "MYR",
    "date": "2023-07-26",
}

HOSTILE: dict[str, str] = {
    "nan": "NaN",
    "nan-lower": "nan",
    "infinity": "Infinity",
    "minus-infinity": "-Infinity",
    "inf": "inf",
    "huge-exponent": "1e999999999",
    "big-exponent": "9e99",
    "negative-exponent": "1e-999999",
    "huge-digits": "9" * 60,
    "huge-fraction": "1." + "1" * 50,
    "negative": "-1",
    "zero": "0",
    "negative-zero": "-0.0",
    "arabic-indic-digits": "١٢٣",
    "fullwidth-digits": "１２３",
    "devanagari-digits": "१२३",
    "underscores": "1_000",
    "hex": "0x1F",
    "thousands-separator": "1,000",
    "leading-space": " 1",
    "trailing-space": "USD ",
    "only-whitespace": " \t ",
    "empty": "",
    "lower-code": "usd",
    "unknown-code": "ZZZ",
    "test-code": "XXX",
    "metal-code": "XAU",
    "nul": "USD\x00",
    "nul-only": "\x00",
    "control": "\x1b[31m",
    "overlong": "A" * 2000,  # longer than any documented maxLength, within the query limit
    "impossible-date": "2023-02-30",
    "zero-date": "0000-00-00",
    "far-future-date": "9999-12-31",
    "before-the-data": "1900-01-01",
    "year-zero": "0000-01-01",
    "other-date-format": "26/07/2023",
    "datetime": "2023-07-26T00:00:00Z",
    "path-traversal": "../../../../etc/passwd",
    "windows-traversal": "..\\..\\windows\\win.ini",
    "encoded-traversal": "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "html": "<script>alert(1)</script>",
    "sql": "' OR 1=1 --",
    "right-to-left-override": "\u202eUSD",
    "emoji": "\U0001f4b0",
    "format-string": "%s%s%n{0}{__class__}",
}

#: Values a parameter legitimately takes, and why. Everything else must be refused.
_FREE_TEXT = set(HOSTILE) - {"nul", "nul-only", "control", "overlong", "right-to-left-override",
                             "only-whitespace"}  # fmt: skip
#: Values one operation takes that the same parameter elsewhere refuses. Rules have values
#: for dates before the rates: /v1/rules answers what was in force (nothing, and why), and
#: /v1/equivalents lists every rule in not_in_force with no rate to look up.
ACCEPTED_AT: dict[tuple[str, str], set[str]] = {
    ("/v1/rules", "date"): {"before-the-data", "far-future-date"},
    ("/v1/equivalents", "date"): {"before-the-data", "far-future-date"},
    # The embed page renders the same answer as /v1/equivalents, so it accepts the same dates.
    ("/embed/equivalents", "date"): {"before-the-data", "far-future-date"},
    ("/v1/cards/equivalents.svg", "date"): {"before-the-data", "far-future-date"},
    # A reported figure is read as papers print it: 1,000 is a thousand (and a precision is
    # written the same way).
    ("/v1/check", "reported"): {"thousands-separator"},
    ("/v1/check", "precision"): {"thousands-separator"},
    ("/v1/check/card.svg", "reported"): {"thousands-separator"},
    ("/v1/check/card.svg", "precision"): {"thousands-separator"},
    ("/v1/check/card.png", "reported"): {"thousands-separator"},
    ("/v1/check/card.png", "precision"): {"thousands-separator"},
    ("/embed/check", "reported"): {"thousands-separator"},
    ("/embed/check", "precision"): {"thousands-separator"},
    ("/v1/cards/equivalents.png", "date"): {"before-the-data", "far-future-date"},
}

ACCEPTED: dict[str, set[str]] = {
    # A future date or one after the data uses the newest rate, with fallback "future-date".
    "date": {"far-future-date"},
    # An unknown but well-formed locale falls back to English, as documented.
    "locale": {"nan", "nan-lower", "inf", "lower-code", "unknown-code", "test-code", "metal-code"},
    # A label is free text (1 to 60 characters, no control or invisible format character);
    # empty is refused, as in the POST body (omit it to use the salary as given).
    "a_label": _FREE_TEXT - {"empty"},
    "b_label": _FREE_TEXT - {"empty"},
    "salaries[0].label": _FREE_TEXT - {"empty"},
    # Accept-Language is a negotiation: anything unusable means English (RFC 9110 12.5.4);
    # only its length is bounded.
    "Accept-Language": set(HOSTILE) - {"overlong"},
    # If-None-Match is a validator: one that names no current answer means "send it".
    "If-None-Match": set(HOSTILE),
    # compact is a boolean: "0" is false.
    "compact": {"zero"},
}

#: Parameters whose errors may be reported under another name (none: GET /v1/compare
#: names `a`, `b`, `a_label` and `b_label` as the caller spelled them).
FIELD_NAMES: dict[str, tuple[str, ...]] = {}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient[Litestar]]:
    with TestClient(app=create_app(Settings())) as test_client:
        yield test_client


def _timed(send: Any) -> tuple[httpx.Response, float]:
    start = time.monotonic()
    response: httpx.Response = send()
    return response, time.monotonic() - start


def _problem(response: httpx.Response, elapsed: float) -> dict[str, Any]:
    assert elapsed < HANG_SECONDS, f"answered in {elapsed:.2f}s"
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["cache-control"] == "no-store"
    body: dict[str, Any] = response.json()
    assert body["status"] == response.status_code
    assert "Traceback" not in response.text
    return body


def _judge(name: str, value_id: str, response: httpx.Response, elapsed: float) -> str | None:
    """None if the answer is right, else what is wrong (collected, so all show at once)."""
    try:
        path, _, parameter = name.rpartition(":")
        if value_id in ACCEPTED.get(name, set()) or value_id in ACCEPTED_AT.get(
            (path, parameter), set()
        ):
            assert elapsed < HANG_SECONDS, f"answered in {elapsed:.2f}s"
            assert response.status_code == 200, (response.status_code, response.text[:300])
            return None
        body = _problem(response, elapsed)
        fields = [e.get("field") or "" for e in body.get("errors", [])]
        names = FIELD_NAMES.get(name, (name,))
        assert any(f.startswith(n) for f in fields for n in names), (name, fields)
    except AssertionError as error:
        return f"{name}={HOSTILE[value_id]!r:.60} ({value_id}): {error}"
    return None


def _parameters() -> Iterator[tuple[str, str, str]]:
    for path, item in DOCUMENT["paths"].items():
        for parameter in item.get("get", {}).get("parameters", []):
            yield path, parameter["name"], parameter["in"]


def test_every_operation_with_parameters_has_a_baseline() -> None:
    """A new parameterised operation needs a baseline here, or it would escape the table."""
    with_parameters = {
        p for p, item in DOCUMENT["paths"].items() if item.get("get", {}).get("parameters")
    }
    assert with_parameters == set(BASELINES)
    assert {p for p, item in DOCUMENT["paths"].items() if "post" in item} == {"/v1/compare"}


@pytest.mark.parametrize(
    ("path", "name", "location"), list(_parameters()), ids=[f"{p}:{n}" for p, n, _ in _parameters()]
)
def test_hostile_values_for_every_parameter(
    client: TestClient[Litestar], path: str, name: str, location: str
) -> None:
    """Each hostile value in each parameter: a 4xx problem naming it, or a reasoned 200. An
    embed page refuses with a page a frame can show; its JSON twin, which validates the same
    way, is asked too and must name the field."""
    failures = []
    is_page = path in EMBED_PAGES
    # The twin is asked only for the parameters it has: `theme` is the embed pages' own.
    twin_path = path.replace("/embed/", "/v1/")
    declared = {(p, n) for p, n, _ in _parameters()}
    twin = twin_path if is_page and (twin_path, name) in declared else None
    for value_id, value in HOSTILE.items():

        def ask(where: str, value: str = value) -> tuple[httpx.Response, float]:
            if location == "header":
                raw = value.encode("utf-8")  # headers travel as bytes: non-ASCII included
                headers = [(name.encode(), raw)]
                return _timed(lambda: client.get(where, params=BASELINES[path], headers=headers))
            params = {**BASELINES[path], name: value}
            return _timed(lambda: client.get(where, params=params))

        response, elapsed = ask(path)
        accepted = value_id in ACCEPTED_AT.get((path, name), set())
        if is_page:
            page_accepts = accepted or value_id in ACCEPTED.get(name, set())
            failures.append(
                _judge_page(f"{path}:{name}", value_id, response, elapsed, page_accepts)
            )
            if twin is None:
                continue
            response, elapsed = ask(twin)
            accepted = value_id in ACCEPTED_AT.get((twin, name), set())
        where = twin or path
        failures.append(
            _judge(f"{where}:{name}" if accepted else name, value_id, response, elapsed)
        )
    assert [f for f in failures if f] == []


def _embed_refusal(response: httpx.Response, elapsed: float) -> None:
    """An embed page's refusal: a 4xx HTML page that a frame can show, never stored."""
    assert elapsed < HANG_SECONDS, f"answered in {elapsed:.2f}s"
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["cache-control"] == "no-store"
    assert "x-frame-options" not in response.headers
    assert "frame-ancestors 'none'" not in response.headers["content-security-policy"]
    assert "data-wagecalc-embed" in response.text and "Traceback" not in response.text


def _judge_page(
    name: str, value_id: str, response: httpx.Response, elapsed: float, accepted: bool
) -> str | None:
    """None if the embed page's answer is right (a 200 where the value is accepted)."""
    try:
        if accepted:
            assert elapsed < HANG_SECONDS, f"answered in {elapsed:.2f}s"
            assert response.status_code == 200, (response.status_code, response.text[:300])
        else:
            _embed_refusal(response, elapsed)
    except AssertionError as error:
        return f"{name}={HOSTILE[value_id]!r:.60} ({value_id}): {error}"
    return None


BODY_FIELDS = {
    "salaries[0].label": ("salaries", 0, "label"),
    "salaries[0].amount": ("salaries", 0, "amount"),
    "salaries[0].currency": ("salaries", 0, "currency"),
    "salaries[0].period": ("salaries", 0, "period"),
    "currency": ("currency",),
    "date": ("date",),
    "schedule": ("schedule",),
    "basis": ("basis",),
    "rounding": ("rounding",),
    "locale": ("locale",),
}


def _with(body: dict[str, Any], where: tuple[Any, ...], value: Any) -> dict[str, Any]:
    copy: dict[str, Any] = json.loads(json.dumps(body))
    target: Any = copy
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    return copy


@pytest.mark.parametrize("field", list(BODY_FIELDS))
def test_hostile_values_for_every_body_field(client: TestClient[Litestar], field: str) -> None:
    """The POST /v1/compare body, field by field: the same table, the same rules."""
    failures = []
    for value_id, value in HOSTILE.items():
        body = _with(COMPARE_BODY, BODY_FIELDS[field], value)
        response, elapsed = _timed(lambda body=body: client.post("/v1/compare", json=body))
        failures.append(_judge(field, value_id, response, elapsed))
    assert [f for f in failures if f] == []


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("salaries", 0, "amount"), 900000),  # a JSON number is a float: refused
        (("salaries", 0, "amount"), 1e308),
        (("salaries", 0, "amount"), None),
        (("salaries", 0, "amount"), ["900000"]),
        (("salaries", 0, "amount"), {"$gt": ""}),
        (("salaries", 0, "currency"), True),
        (("salaries",), [COMPARE_BODY["salaries"][0]] * 11),
        (("salaries",), []),
        (("salaries",), "900000 USD/year"),
        (("date",), 20230726),
        (("currency",), None),
    ],
)
def test_wrongly_typed_body_fields(
    client: TestClient[Litestar], where: tuple[Any, ...], value: Any
) -> None:
    """JSON numbers for amounts, nulls, arrays, objects and wrong counts are 422 problems."""
    body = _with(COMPARE_BODY, where, value)
    response, elapsed = _timed(lambda: client.post("/v1/compare", json=body))
    problem = _problem(response, elapsed)
    assert response.status_code == 422
    assert problem["errors"], problem


ALL_GET_PATHS = [p for p, item in DOCUMENT["paths"].items() if "get" in item]


@pytest.mark.parametrize("path", ALL_GET_PATHS)
def test_repeated_and_too_many_parameters(client: TestClient[Litestar], path: str) -> None:
    """Thousands of repeats, a few repeats, too many names, an overlong query: 422 problems."""
    name = next(iter(BASELINES.get(path) or {"x": ""}))
    cases = {
        "thousands of repeats": "&".join([f"{name}=1"] * 5000),
        "two of the same": f"{name}=1&{name}=2",
        "many names": "&".join(f"p{i}=1" for i in range(100)),
        "overlong query": "q=" + "9" * 60_000,
        "thousands of separators": "&" * 10_000,
    }
    twin = path.replace("/embed/", "/v1/") if path in EMBED_PAGES else path
    for label, query in cases.items():
        if path in EMBED_PAGES:  # a page a frame can show; the JSON twin names the field
            response, elapsed = _timed(lambda query=query: client.get(f"{path}?{query}"))
            _embed_refusal(response, elapsed)
            assert response.status_code == 422, label
        response, elapsed = _timed(lambda query=query: client.get(f"{twin}?{query}"))
        problem = _problem(response, elapsed)
        assert response.status_code == 422, (label, problem)
        if label == "two of the same":
            assert problem["errors"][0]["field"] == name


def test_every_body_problem(client: TestClient[Litestar]) -> None:
    """Oversized (declared and chunked), malformed, deeply nested and non-JSON bodies."""
    json_type = {"content-type": "application/json"}

    def chunked() -> Iterator[bytes]:  # no Content-Length: the limit must hold while reading
        yield b'{"salaries": ['
        for _ in range(1000):
            yield b" " * 1024
        yield b"]}"

    cases: list[tuple[str, Any, dict[str, str], int]] = [
        ("oversized", b"{" + b" " * 20_000 + b"}", json_type, 413),
        ("oversized chunked", chunked(), json_type, 413),
        ("nested past the recursion limit", b"[" * 8000 + b"]" * 8000, json_type, 400),
        ("nested objects", b'{"a":' * 2500 + b"1" + b"}" * 2500, json_type, 400),
        # MAX_JSON_DEPTH (64) levels are decoded (and refused as the wrong type); one more is
        # a 400 before decoding, the same on every Python (api/bodies.py).
        ("at the depth limit", b'{"salaries":' + b"[" * 63 + b"]" * 63 + b"}", json_type, 422),
        ("past the depth limit", b'{"salaries":' + b"[" * 64 + b"]" * 64 + b"}", json_type, 400),
        ("deep inside a string", b'{"salaries": "' + b"[" * 5000 + b'"}', json_type, 422),
        ("malformed", b"{not json", json_type, 400),
        ("NaN literal", b'{"salaries": NaN}', json_type, 400),
        ("NUL byte", b"\x00", json_type, 400),
        ("invalid UTF-8", b'{"currency": "\xff\xfe"}', json_type, 400),
        ("empty", b"", json_type, 422),
        ("text/plain", json.dumps(COMPARE_BODY).encode(), {"content-type": "text/plain"}, 415),
        ("form", b"salaries=1", {"content-type": "application/x-www-form-urlencoded"}, 415),
        ("multipart", b"--x--", {"content-type": "multipart/form-data; boundary=x"}, 415),
        ("xml", b"<salaries/>", {"content-type": "application/xml"}, 415),
        ("no content type", json.dumps(COMPARE_BODY).encode(), {}, 415),
    ]
    for label, content, headers, status in cases:
        response, elapsed = _timed(
            lambda content=content, headers=headers: client.post(
                "/v1/compare", content=content, headers=headers
            )
        )
        _problem(response, elapsed)
        assert response.status_code == status, (label, response.status_code, response.text[:200])
        if label.startswith(("nested", "past the depth")):
            assert response.json()["type"].endswith(":body-too-deep"), (label, response.text)


def test_json_with_a_charset_is_json(client: TestClient[Litestar]) -> None:
    """The content-type check reads the media type, not the parameters."""
    response = client.post(
        "/v1/compare",
        content=json.dumps(COMPARE_BODY).encode(),
        headers={"content-type": "Application/JSON; charset=utf-8"},
    )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "path",
    [
        "/v1/%2e%2e/%2e%2e/etc/passwd",
        "/v1/convert/..%2f..%2fetc%2fpasswd",
        "/schema/..%2f..%2f..%2fetc%2fpasswd",
        "/schema/docs/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/v1/convert%00",
        "/%00",
        "/v1/rules/..%5c..%5cwindows%5cwin.ini",
        "/" + "a" * 10_000,
        "/v1/" + "%2e%2e/" * 500,
    ],
)
def test_path_traversal_and_odd_paths_are_404_problems(
    client: TestClient[Litestar], path: str
) -> None:
    """Nothing outside the routes is reachable; odd paths are plain 404 problems."""
    response, elapsed = _timed(lambda: client.get(path))
    _problem(response, elapsed)
    assert response.status_code == 404
    assert "root:" not in response.text


# --- over real HTTP ---------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server_port() -> Iterator[int]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "wagecalc", "serve", "--port", str(port), "--no-access-log"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("WAGECALC_")},
            "WAGECALC_HOST": "127.0.0.1",
        },
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert process.poll() is None, "the server exited"
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(20)


def _raw(port: int, request: bytes) -> tuple[int, dict[str, str], bytes, float]:
    start = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=HANG_SECONDS * 5) as sock:
        with contextlib.suppress(OSError):  # the server may answer and close before reading all
            sock.sendall(request)
        data = b""
        try:
            while chunk := sock.recv(65536):
                data += chunk
        except ConnectionResetError:
            assert data, "the connection was reset before any answer"
    elapsed = time.monotonic() - start
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
    return int(lines[0].split()[1]), headers, body, elapsed


def test_real_server_refuses_a_chunked_oversized_body(server_port: int) -> None:
    """Transfer-Encoding: chunked with no length: 413 problem once the limit is passed."""
    piece = b" " * 4096
    # 20 KiB: past the 16 KiB limit, small enough that the server reads it all before it
    # answers (a server that closes on unread data makes the kernel reset the connection).
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for _ in range(5)) + b"0\r\n\r\n"
    status, headers, body, elapsed = _raw(
        server_port,
        b"POST /v1/compare HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunks,
    )
    assert status == 413, body
    assert headers["content-type"] == "application/problem+json"
    assert elapsed < HANG_SECONDS


def test_real_server_refuses_a_lying_content_length(server_port: int) -> None:
    """A 10 MB Content-Length is refused before the body arrives (no waiting for it)."""
    status, headers, _, elapsed = _raw(
        server_port,
        b"POST /v1/compare HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
        b"Content-Length: 10000000\r\nConnection: close\r\n\r\n{",
    )
    assert status == 413
    assert headers["content-type"] == "application/problem+json"
    assert elapsed < HANG_SECONDS


@pytest.mark.parametrize(
    "request_line",
    [
        b"GET /v1/convert?" + b"amount=1&" * 20_000 + b" HTTP/1.1",  # 180 KB of repeats
        b"GET /v1/convert?amount=1\x00&from=USD&to=MYR HTTP/1.1",  # a NUL in the target
        b"GET /v1/convert?amount=1 &from=USD&to=MYR HTTP/1.1",  # a space in the target
    ],
    ids=["huge-url", "nul-in-target", "space-in-target"],
)
def test_real_server_refuses_malformed_request_lines(server_port: int, request_line: bytes) -> None:
    """uvicorn refuses these before the app sees them: a 4xx, quickly, and no crash.

    (uvicorn's own answer is a plain-text 400, not a problem document: see SECURITY.md.)
    """
    status, _, _, elapsed = _raw(
        server_port, request_line + b"\r\nHost: t\r\nConnection: close\r\n\r\n"
    )
    assert 400 <= status < 500
    assert elapsed < HANG_SECONDS
    status, _, body, _ = _raw(
        server_port, b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
    )
    assert status == 200, body


# --- hardening --------------------------------------------------------------------------


def test_options_lists_every_method_of_the_path(client: TestClient[Litestar]) -> None:
    """OPTIONS /v1/compare names GET and POST (Litestar 2 named only the first handler's)."""
    response = client.options("/v1/compare")
    assert response.status_code == 204
    assert response.headers["allow"] == "GET, HEAD, OPTIONS, POST"
    assert client.options("/v1/convert").headers["allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("path", ["/v1/convert?amount=1&from=USD&to=MYR", "/nope", "/schema/docs"])
def test_hardening_headers_and_no_debug(client: TestClient[Litestar], path: str) -> None:
    """Every kind of answer: nosniff, CSP, no framing, no referrer, no server banner."""
    response = client.get(path)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "server" not in response.headers
    assert "x-powered-by" not in response.headers
    assert client.app.debug is False
