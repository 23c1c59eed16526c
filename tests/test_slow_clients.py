"""Slow and many clients against a real `wagecalc serve` on 127.0.0.1 (issue 25, item 3).

Partial request lines, bodies trickled a byte at a time, oversized headers, more connections
than the worker takes and more than it has file descriptors for: each is answered (408, 431,
503) or closed within the configured request timeout, `/healthz` keeps answering, the log
stays small and the memory flat. Timings are liveness bounds (generous), not benchmarks;
the figures seen are printed (``pytest -s``) for the report.
"""

from __future__ import annotations

import contextlib
import http.client
import logging
import resource
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import clean_env, free_port, wait_ready
from wagecalc.limits import AcceptErrorLog

TIMEOUT = 2  # WAGECALC_REQUEST_TIMEOUT for these servers, seconds
#: A liveness bound: far above anything seen (a few ms), far below "hangs".
LIVE_SECONDS = 5.0


class Server:
    def __init__(self, tmp: Path, nofile: int | None = None, workers: int = 1, **env: str) -> None:
        self.port = free_port()
        self.log = tmp / f"server-{self.port}.log"
        out = self.log.open("w")

        def limit_descriptors() -> None:
            if nofile is not None:
                resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))

        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "wagecalc", "serve", "--host", "127.0.0.1"),
                *("--port", str(self.port), "--no-access-log", "--workers", str(workers)),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=clean_env(WAGECALC_REQUEST_TIMEOUT=str(TIMEOUT), **env),
            preexec_fn=limit_descriptors,
            text=True,
        )
        out.close()
        wait_ready(self.port, self.process)

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise AssertionError("no VmRSS")

    def healthz(self) -> tuple[int, float]:
        start = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=LIVE_SECONDS)
        try:
            connection.request("GET", "/healthz")
            status = connection.getresponse().status
        finally:
            connection.close()
        return status, time.monotonic() - start

    def stop(self) -> str:
        self.process.terminate()
        self.process.wait(30)
        return self.log.read_text(errors="replace")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(tmp_path)
    try:
        yield running
    finally:
        if running.process.poll() is None:
            running.stop()


def _connect(port: int, first: bytes) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT * 5)
    sock.sendall(first)
    return sock


def _answer(sock: socket.socket) -> bytes:
    """What the server sends before it closes the connection."""
    data = b""
    with contextlib.suppress(ConnectionResetError):
        while chunk := sock.recv(65536):
            data += chunk
    sock.close()
    return data


def test_partial_headers_get_408_and_health_stays_up(server: Server) -> None:
    """200 connections that never finish their headers, 10 with nothing sent at all:
    /healthz answers meanwhile; each is answered 408 (a problem) and closed, within the
    timeout plus a liveness margin; the memory grows by little and the log by nothing."""
    rss_before = server.rss_kib()
    partial = [
        _connect(server.port, b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Slow: ") for _ in range(200)
    ]
    silent = [_connect(server.port, b"") for _ in range(10)]
    opened = time.monotonic()
    timings = [server.healthz() for _ in range(20)]
    assert all(status == 200 for status, _ in timings)
    assert max(t for _, t in timings) < LIVE_SECONDS
    rss_during = server.rss_kib()
    answers = [_answer(s) for s in partial + silent]
    closed_after = time.monotonic() - opened
    assert all(a.startswith(b"HTTP/1.1 408 ") for a in answers), answers[0][:200]
    assert b"application/problem+json" in answers[0]
    assert b"x-content-type-options: nosniff" in answers[0]
    assert closed_after < TIMEOUT + LIVE_SECONDS
    log = server.stop()
    print(
        f"\npartial headers: healthz ms {sorted(round(t * 1000, 1) for _, t in timings)}, "
        f"all 408 after {closed_after:.2f} s, RSS {rss_before} -> {rss_during} KiB, "
        f"log {len(log)} bytes"
    )
    assert rss_during - rss_before < 32 * 1024
    assert "Traceback" not in log
    assert len(log) < 4096, log[-2000:]


def test_a_trickled_body_is_cut_off(server: Server) -> None:
    """A POST sending one byte of its body every 0.5 s: cut off (408) at the deadline, and
    the app's wait for the body ends without an error in the log."""
    body = b'{"salaries": []}' + b" " * 100
    sock = _connect(
        server.port,
        b"POST /v1/compare HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
        + b"Content-Length: %d\r\n\r\n" % len(body),
    )
    start = time.monotonic()
    sent = 0
    with contextlib.suppress(OSError):
        for byte in body:
            sock.sendall(bytes([byte]))
            sent += 1
            time.sleep(0.5)
            if time.monotonic() - start > TIMEOUT + LIVE_SECONDS:
                break
    answer = _answer(sock)
    assert answer.startswith(b"HTTP/1.1 408 "), answer[:200]
    assert sent < len(body)
    assert server.healthz()[0] == 200
    log = server.stop()
    assert "Traceback" not in log, log[-2000:]


def test_an_oversized_header_is_refused_while_it_arrives(server: Server) -> None:
    """A header of 8 MB sent in 64 KiB pieces: 431 once 16 KiB have come, connection closed;
    the memory does not follow the header."""
    rss_before = server.rss_kib()
    sock = _connect(server.port, b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: ")
    with contextlib.suppress(OSError):
        for _ in range(128):
            sock.sendall(b"a" * 65536)
    answer = _answer(sock)
    assert answer.startswith(b"HTTP/1.1 431 "), answer[:200]
    rss_after = server.rss_kib()
    print(f"\n8 MB header: RSS {rss_before} -> {rss_after} KiB")
    assert rss_after - rss_before < 16 * 1024
    assert server.healthz()[0] == 200


def test_malformed_requests_get_a_problem_with_the_security_headers(server: Server) -> None:
    """uvicorn's own plain-text 400 is replaced by a problem document with nosniff and CSP."""
    sock = _connect(server.port, b"GET /v1/convert?a=1\x00 HTTP/1.1\r\nHost: t\r\n\r\n")
    answer = _answer(sock)
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert b"application/problem+json" in answer
    assert b"content-security-policy: default-src 'none'" in answer


def test_beyond_the_concurrency_limit_a_503_problem(tmp_path: Path) -> None:
    """With WAGECALC_LIMIT_CONCURRENCY=8, the ninth connection's request is a 503 problem,
    and once the idle ones time out /healthz is served again."""
    running = Server(tmp_path, WAGECALC_LIMIT_CONCURRENCY="8")
    try:
        idle = [_connect(running.port, b"GET /healthz HTTP/1.1\r\nHost: t\r\n") for _ in range(8)]
        time.sleep(0.2)  # let the server accept them
        sock = _connect(running.port, b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        answer = _answer(sock)
        assert answer.startswith(b"HTTP/1.1 503 "), answer[:200]
        assert b"application/problem+json" in answer
        for s in idle:
            _answer(s)
        assert running.healthz()[0] == 200
    finally:
        running.stop()


def test_out_of_descriptors_the_log_stays_small(tmp_path: Path) -> None:
    """A worker with 64 file descriptors and 150 connections: accept() fails for many of
    them; the log holds a line or two, no traceback; once the held connections time out,
    /healthz is served again."""
    running = Server(tmp_path, nofile=64)
    try:
        held = []
        for _ in range(150):
            with contextlib.suppress(OSError):
                held.append(_connect(running.port, b"GET /healthz HTTP/1.1\r\nHost: t\r\nX: "))
        time.sleep(1.5)
        for s in held:
            s.close()
        deadline = time.monotonic() + TIMEOUT + LIVE_SECONDS
        status = 0
        while time.monotonic() < deadline and status != 200:
            with contextlib.suppress(OSError):
                status = running.healthz()[0]
        assert status == 200
    finally:
        log = running.stop()
    print(f"\nout of descriptors: log {len(log)} bytes:\n{log}")
    assert "out of system resource" in log
    assert "Traceback" not in log
    assert len(log) < 4096


def test_the_accept_error_filter_lets_one_line_through_per_interval() -> None:
    """The filter itself: the first record passes as one line without its traceback, the
    next ones within the interval are held and counted."""
    log = AcceptErrorLog(interval=3600)
    try:
        raise OSError(24, "Too many open files")
    except OSError:
        exc_info = sys.exc_info()
    records = [
        logging.LogRecord(
            "asyncio",
            logging.ERROR,
            __file__,
            1,
            "socket.accept() out of system resource\nsocket: <x>",
            (),
            exc_info,
        )
        for _ in range(5)
    ]
    passed = [log.filter(r) for r in records]
    assert passed == [True, False, False, False, False]
    assert records[0].exc_info is None
    other = logging.LogRecord("asyncio", logging.ERROR, __file__, 1, "other", (), None)
    assert log.filter(other)


def test_spawned_workers_have_the_same_bounds(tmp_path: Path) -> None:
    """With two worker processes (spawned, each loading the protocol by name), both start
    (none is killed by the parent's health check) and a partial request is still a 408."""
    running = Server(tmp_path, workers=2)
    try:
        answer = _answer(_connect(running.port, b"GET /healthz HTTP/1.1\r\nHost: t\r\n"))
        assert answer.startswith(b"HTTP/1.1 408 "), answer[:200]
    finally:
        log = running.stop()
    assert log.count("Application startup complete") == 2, log
    assert "died" not in log
