"""``WAGECALC_PROBE_PORT``: /healthz and /readyz answered from a thread of the worker, telling
the truth about its event loop (issue 25); the collector kept off the start-up heap."""

from __future__ import annotations

import asyncio
import gc
import http.client
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from tests.servers import clean_env, free_port, start_server
from wagecalc.api import create_app
from wagecalc.api.liveness import SWITCH_INTERVAL, Heartbeat, ListeningCheck, ProbeListener
from wagecalc.config import Settings
from wagecalc.errors import ConfigError
from wagecalc.rates import EcbSource, load_embedded_history
from wagecalc.rates.quotes import Basis
from wagecalc.views import rate_view

ROOT = Path(__file__).resolve().parent.parent


def _get(port: int, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def _wait_for(port: int, path: str, status: int, process: subprocess.Popen[str]) -> bytes:
    """Poll ``path`` until it answers ``status`` (the test fails after 60 s, or if the
    server exits): no assertion on how long it takes."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode}: {process.communicate()}")
        try:
            answer = _get(port, path)
        except OSError:
            answer = None
        if answer is not None and answer[0] == status:
            return answer[2]
        time.sleep(0.05)
    pytest.fail(f"{path} on port {port} never answered {status}")


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[int, int, subprocess.Popen[str]]]:
    """``wagecalc serve`` with a probe port: (main port, probe port, process)."""
    port, probe = free_port(), free_port()
    process = start_server(port, env=clean_env(WAGECALC_PROBE_PORT=str(probe)))
    try:
        _wait_for(probe, "/readyz", 200, process)
        yield port, probe, process
    finally:
        _stop(process)


def test_the_probe_port_answers_health_and_readiness(
    served: tuple[int, int, subprocess.Popen[str]],
) -> None:
    """/healthz and /readyz as on the main port (same documents), with the security headers
    and no-store; the main port's /healthz still answers."""
    port, probe, _ = served
    status, headers, body = _get(probe, "/healthz")
    assert (status, json.loads(body)) == (200, {"status": "ok"})
    assert headers["cache-control"] == "no-store"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["content-type"] == "application/json"
    status, _, ready = _get(probe, "/readyz")
    assert status == 200
    assert json.loads(ready) == json.loads(_get(port, "/readyz")[2])
    assert _get(port, "/healthz")[:1] == (200,)
    status, headers, body = _get(probe, "/healthz", "HEAD")
    assert (status, body, headers["content-length"]) == (200, b"", "15")


def test_the_probe_port_serves_nothing_else(
    served: tuple[int, int, subprocess.Popen[str]],
) -> None:
    _, probe, _ = served
    status, headers, body = _get(probe, "/v1/currencies")
    assert status == 404
    assert headers["content-type"] == "application/problem+json"
    assert json.loads(body)["status"] == 404
    status, headers, _ = _get(probe, "/healthz", "POST")
    assert (status, headers["allow"]) == (405, "GET, HEAD")


def test_the_probe_reports_a_blocked_event_loop(tmp_path: Path) -> None:
    """A handler holds the loop (tests/probe_app.py): the probe port still answers, 503 with
    the loop's age once it passes WAGECALC_PROBE_STALL, and 200 again once the loop runs."""
    port, probe = free_port(), free_port()
    release = tmp_path / "release"
    env = clean_env(
        WAGECALC_PORT=str(port),  # what the probe's /readyz checks is listening
        WAGECALC_PROBE_PORT=str(probe),
        WAGECALC_PROBE_STALL="0.2",
        WAGECALC_TEST_RELEASE=str(release),
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "tests.probe_app:create", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--no-access-log"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    held: list[tuple[int, dict[str, str], bytes]] = []
    holder = threading.Thread(target=lambda: held.append(_get(port, "/hold")), daemon=True)
    try:
        _wait_for(probe, "/readyz", 200, process)  # the main port listens too
        holder.start()
        problem = json.loads(_wait_for(probe, "/healthz", 503, process))
        assert problem["status"] == 503
        assert "event loop has not run for" in problem["detail"]
        assert _get(probe, "/readyz")[0] == 503
        release.touch()
        holder.join(60)
        assert held and held[0][0] == 200 and held[0][2] == b"released"
        _wait_for(probe, "/healthz", 200, process)
        _wait_for(probe, "/readyz", 200, process)
    finally:
        release.touch()
        _stop(process)


def test_a_heartbeat_ages_only_while_its_loop_does_not_run() -> None:
    """The tick moves on while the loop runs; the age grows while it is held."""
    loop = asyncio.new_event_loop()
    try:
        heartbeat = Heartbeat(loop, interval=0.01)
        heartbeat.start()
        first = heartbeat.age()
        time.sleep(0.05)  # the loop is not running: nothing ticks
        assert heartbeat.age() >= first + 0.05
        started = time.monotonic()
        loop.run_until_complete(asyncio.sleep(0.05))  # the overdue tick runs first thing
        age = heartbeat.age()
        assert age <= time.monotonic() - started  # it ticked after `started`
        heartbeat.stop()
    finally:
        loop.close()


def test_a_stalled_heartbeat_makes_the_answer_503() -> None:
    loop = asyncio.new_event_loop()
    listener = ProbeListener(
        "127.0.0.1", 0, heartbeat=Heartbeat(loop), stall=0.1, ready=lambda: b"{}"
    )
    assert listener.respond(b"GET /healthz HTTP/1.1\r\n\r\n").startswith(b"HTTP/1.1 200 OK")
    try:
        time.sleep(0.15)  # the loop never runs here: the heartbeat is older than 0.1 s
        answer = listener.respond(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 503 Service Unavailable\r\n")
        assert b"application/problem+json" in answer
    finally:
        listener.close()
        loop.close()


def test_a_started_probe_gets_the_gil_within_half_a_millisecond() -> None:
    """The listener shortens the switch interval (5 ms by default), so that its threads are
    not kept waiting for the GIL while the loop computes (BENCHMARKS.md, issue 25)."""
    loop = asyncio.new_event_loop()
    before = sys.getswitchinterval()
    listener = ProbeListener(
        "127.0.0.1", 0, heartbeat=Heartbeat(loop), stall=60, ready=lambda: b"{}"
    )
    try:
        listener.start()
        assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL) == 0.0005
        with socket.create_connection(("127.0.0.1", listener.port), timeout=5) as client:
            client.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            assert client.recv(4096).startswith(b"HTTP/1.1 200 OK")
    finally:
        listener.close()
        loop.close()
        sys.setswitchinterval(before)


def test_readiness_waits_for_the_main_port() -> None:
    """The probe's /readyz is 503 until the service's port accepts connections."""
    loop = asyncio.new_event_loop()
    port = free_port()
    listening = ListeningCheck("0.0.0.0", port)
    listener = ProbeListener(
        "127.0.0.1", 0, heartbeat=Heartbeat(loop), stall=60,
        ready=lambda: b'{"status":"ready"}' if listening() else None,
    )  # fmt: skip
    try:
        answer = listener.respond(b"GET /readyz HTTP/1.1\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 503 ") and b"does not accept" in answer
        with socket.create_server(("127.0.0.1", port)):
            answer = listener.respond(b"GET /readyz HTTP/1.1\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 200 OK") and answer.endswith(b'{"status":"ready"}')
    finally:
        listener.close()
        loop.close()


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"WAGECALC_PROBE_PORT": "8000"}, "must differ from WAGECALC_PORT"),
        ({"WAGECALC_PROBE_PORT": "8001", "WAGECALC_WORKERS": "2"}, "WAGECALC_WORKERS=1"),
        ({"WAGECALC_PROBE_PORT": "0"}, "WAGECALC_PROBE_PORT"),
        ({"WAGECALC_PROBE_STALL": "0"}, "WAGECALC_PROBE_STALL"),
        ({"WAGECALC_PROBE_STALL": "NaN"}, "WAGECALC_PROBE_STALL"),
        ({"WAGECALC_PROBE_STALL": "61"}, "WAGECALC_PROBE_STALL"),
    ],
)
def test_probe_settings_are_checked(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.from_env(environ)


def test_probe_settings() -> None:
    settings = Settings.from_env({"WAGECALC_PROBE_PORT": "8001", "WAGECALC_PROBE_STALL": "2.5"})
    assert (settings.probe_port, settings.probe_stall) == (8001, 2.5)
    assert Settings.from_env({}).probe_port is None


def test_the_start_up_heap_is_frozen_and_memoised_quotes_are_untracked() -> None:
    """After an app starts, its heap is out of the collector's full collections; the quotes
    and rate views the memos keep are not tracked at all (they hold no cycles)."""
    with TestClient(create_app()) as client:
        assert client.get("/healthz").status_code == 200
    assert gc.get_freeze_count() > 0
    source = EcbSource(load_embedded_history())
    quote = source.quote("USD", "MYR", basis=Basis(months=120))
    assert not gc.is_tracked(quote)
    assert not gc.is_tracked(rate_view(quote))
