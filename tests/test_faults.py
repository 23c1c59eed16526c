"""Faults: bad data at start-up, and SIGTERM under load, against `python -m wagecalc serve`.

Start-up: a broken, missing, undecodable or non-TOML rules file, and a missing,
unreadable or corrupt rates file (``WAGECALC_RATES_FILE``), each stop the process
before it serves: exit status 2 and ONE line on stderr naming the file and the
problem, no traceback.

"Unreadable": the tests run as root, for whom ``chmod 000`` changes nothing, so
as root a directory stands in the file's place (``open()`` fails with EISDIR, the
same path through the loader as EACCES); as any other user the file really is
``chmod 000``.

Shutdown: many slow-ish requests (a 120-month mean rate, ~40 ms each, on one
worker) are in the air when SIGTERM arrives. Every request the server had started
must finish with a complete 200; the process must then exit by itself. Requests
still queued, unread, in the socket when the signal arrives are refused at the
connection level (uvicorn closes the listening socket and idle connections): that
is allowed here, a partial answer, a 5xx or a hang is not. See SECURITY.md.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import clean_env, free_port, start_server, wait_ready


def _start_up_fails(*args: str, env: dict[str, str] | None = None) -> str:
    process = start_server(free_port(), *args, env=env)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 2, (process.returncode, out, err)
    assert "Traceback" not in out + err
    assert "Uvicorn running" not in out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("wagecalc: error: "), err
    return lines[0]


def _unreadable(path: Path) -> Path:
    """A path that exists and cannot be read as a file (see the module docstring)."""
    if os.geteuid() == 0:
        path.mkdir()
        (path / "rates.csv").write_text("Date,USD,\n")
    else:
        path.write_text("Date,USD,\n")
        path.chmod(0)
    return path


_CITED = 'source = { title = "t", publisher = "p", date = 2019-01-01 }\n'
#: A rule whose second value's date is filled in; with _CITED removed, that value has no source.
_DATED = (
    'locales = ["en"]\n[[rules]]\nid = "x"\nkind = "wage"\nper = "month"\n'
    'labels.en = {{ one = "m", other = "ms" }}\n'
    '[[rules.values]]\nin_force_from = 2019-01-01\namount = "1"\ncurrency = "MYR"\n'
    'source = {{ title = "first", publisher = "p", date = 2019-01-01 }}\n'
    '[[rules.values]]\nin_force_from = {second}\namount = "2"\ncurrency = "MYR"\n'
    + _CITED.replace("{", "{{").replace("}", "}}")
)


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "rules"
    directory.mkdir()
    return directory


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("missing-field.toml", 'locales = ["en"]\n[[rules]]\nid = "x"\n', "kind"),
        ("syntax.toml", "not = [toml", "not valid TOML"),
        ("binary.toml", b"\xff\xfe\x00garbage", "not UTF-8"),
        ("missing.toml", None, "does not exist"),
        ("same-date.toml", _DATED.format(second="2019-01-01"), "two values for one date"),
        ("out-of-order.toml", _DATED.format(second="2018-01-01"), "list values in date order"),
        ("no-source.toml", _DATED.format(second="2020-01-01").replace(_CITED, ""), "source"),
    ],
)
def test_broken_or_missing_rules_file_stops_start_up(
    rules_dir: Path, name: str, content: str | bytes | None, problem: str
) -> None:
    path = rules_dir / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    line = _start_up_fails("--rules-file", str(path))
    assert str(path) in line
    assert problem in line


def test_rules_from_the_environment_are_checked_too(rules_dir: Path) -> None:
    path = rules_dir / "bad.toml"
    path.write_text("not = [toml")
    line = _start_up_fails(env=clean_env(WAGECALC_RULES=str(path)))
    assert str(path) in line


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("missing.zip", None, "No such file"),
        ("corrupt.zip", b"PK\x03\x04 not really a zip", "corrupt"),
        ("garbage.csv", b"Date,USD,JPY\nnot-a-date,abc,\n", "date"),
        ("empty.csv", b"", "not an ECB history"),
        ("text.csv", b"hello, world\n", "not an ECB history"),
        ("unreadable.csv", "unreadable", "cannot read"),
    ],
)
def test_missing_unreadable_or_corrupt_rates_file_stops_start_up(
    tmp_path: Path, name: str, content: bytes | str | None, problem: str
) -> None:
    path = tmp_path / name
    if content == "unreadable":
        _unreadable(path)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    line = _start_up_fails(env=clean_env(WAGECALC_RATES_FILE=str(path)))
    assert str(path) in line
    assert problem in line


# --- SIGTERM under load -----------------------------------------------------------------

REQUESTS = 40


@pytest.fixture
def server() -> Iterator[tuple[int, subprocess.Popen[str]]]:
    port = free_port()
    process = start_server(port)
    try:
        wait_ready(port, process)
        yield port, process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)


def _slow_request(port: int, index: int) -> tuple[str, object]:
    """One mean-rate comparison (distinct dates: no cache helps): ('ok', body) or what failed."""
    day = f"20{16 + index % 8}-0{1 + index % 9}-1{index % 10}"
    path = (
        f"/v1/compare?a=900000%20USD/year&b=200%20JPY/day&currency=MYR&basis=mean-120m&date={day}"
    )
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        try:
            connection.request("GET", path)
            response = connection.getresponse()
        except (ConnectionError, http.client.RemoteDisconnected) as error:
            return "refused", repr(error)  # closed before a single byte of an answer
        try:
            body = response.read()
        except (http.client.IncompleteRead, OSError) as error:
            return "partial", repr(error)
        if response.status != 200:
            return "status", response.status
        try:
            return "ok", json.loads(body)
        except ValueError as error:
            return "partial", repr(error)
    finally:
        connection.close()


def test_sigterm_under_load_lets_started_requests_finish(
    server: tuple[int, subprocess.Popen[str]],
) -> None:
    port, process = server
    results: dict[int, tuple[str, object]] = {}
    first_answer = threading.Event()

    def run(index: int) -> None:
        results[index] = _slow_request(port, index)
        first_answer.set()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(REQUESTS)]
    for thread in threads:
        thread.start()
    assert first_answer.wait(30), "no answer at all under load"
    process.send_signal(signal.SIGTERM)
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads), "a request hung after SIGTERM"
    out, err = process.communicate(timeout=30)
    output = out + err

    kinds = [kind for kind, _ in results.values()]
    assert len(kinds) == REQUESTS
    bad = {i: r for i, r in results.items() if r[0] in ("status", "partial")}
    assert bad == {}, bad  # no 5xx, no 4xx, no truncated body
    finished = [r[1] for r in results.values() if r[0] == "ok"]
    assert len(finished) >= 2, kinds  # the one answered before SIGTERM and those in progress
    for body in finished:
        assert isinstance(body, dict) and len(body["salaries"]) == 2
    assert process.returncode in (0, -signal.SIGTERM), output
    assert "Finished server process" in output
    assert "Traceback" not in output
