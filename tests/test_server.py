"""The real server: `wagecalc serve` on a free 127.0.0.1 port, spoken to over HTTP."""

from __future__ import annotations

import json
import signal
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import clean_env, free_port, start_server, wait_ready
from wagecalc.config import Settings
from wagecalc.errors import ConfigError


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[int, subprocess.Popen[str]]]:
    port = free_port()
    process = start_server(port, merge_stderr=True)
    try:
        wait_ready(port, process)
        yield port, process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
        if process.stdout is not None:
            process.stdout.close()


def test_real_server_converts(server: tuple[int, subprocess.Popen[str]]) -> None:
    """Over real HTTP: a conversion with its rate, an ETag, and no server header."""
    port, _ = server
    status, headers, body = _get(
        f"http://127.0.0.1:{port}/v1/convert?amount=900000&from=USD&to=MYR&date=2023-07-26"
    )
    assert status == 200
    assert json.loads(body)["to"]["amount"] == "4094556.47"
    lowered = {k.lower(): v for k, v in headers.items()}
    assert lowered["etag"].startswith('"')
    assert "server" not in lowered


def test_real_server_errors_are_problems(server: tuple[int, subprocess.Popen[str]]) -> None:
    """Over real HTTP: a hostile amount is a 422 problem."""
    port, _ = server
    status, headers, body = _get(f"http://127.0.0.1:{port}/v1/convert?amount=NaN&from=USD&to=MYR")
    assert status == 422
    assert {k.lower(): v for k, v in headers.items()}["content-type"] == "application/problem+json"
    assert json.loads(body)["errors"][0]["field"] == "amount"


def test_sigterm_stops_the_server_gracefully(server: tuple[int, subprocess.Popen[str]]) -> None:
    """SIGTERM: uvicorn finishes, runs the lifespan shutdown, and exits by itself."""
    _, process = server
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    output = process.stdout.read() if process.stdout else ""
    assert process.returncode in (0, -signal.SIGTERM, 128 + signal.SIGTERM), output
    assert "Finished server process" in output
    assert "Traceback" not in output


def test_bad_rules_file_stops_start_up_with_a_clear_message(tmp_path: Path) -> None:
    """A broken rules file: exit 2 and one line naming the file and the field, before serving."""
    bad = tmp_path / "bad.toml"
    bad.write_text('locales = ["en"]\n[[rules]]\nid = "x"\n')
    process = start_server(free_port(), "--rules-file", str(bad), merge_stderr=True)
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 2
    assert str(bad) in output
    assert "Traceback" not in output


def _uvloop_mapped(pid: int) -> bool:
    """Whether uvloop's compiled module is loaded into the process (Linux /proc)."""
    return "uvloop/loop." in Path(f"/proc/{pid}/maps").read_text()


@pytest.mark.parametrize(
    ("env", "on_uvloop"),
    [({}, False), ({"WAGECALC_LOOP": "asyncio"}, False), ({"WAGECALC_LOOP": "uvloop"}, True)],
    ids=["default", "asyncio", "uvloop"],
)
def test_the_server_runs_on_the_configured_loop(env: dict[str, str], on_uvloop: bool) -> None:
    # The default is the standard library's loop: at saturation uvloop let some
    # connections wait 1-2 s while others were served (BENCHMARKS.md, "The event loop").
    port = free_port()
    process = start_server(port, env=clean_env(**env), merge_stderr=True)
    try:
        wait_ready(port, process)
        assert _uvloop_mapped(process.pid) is on_uvloop
        status, _, body = _get(
            f"http://127.0.0.1:{port}/v1/convert?amount=900000&from=USD&to=MYR&date=2023-07-26"
        )
        assert status == 200 and json.loads(body)["to"]["amount"] == "4094556.47"
    finally:
        process.kill()
        process.wait(10)
        if process.stdout is not None:
            process.stdout.close()


@pytest.mark.parametrize(
    ("value", "loop"), [(None, "asyncio"), ("asyncio", "asyncio"), ("uvloop", "uvloop")]
)
def test_the_loop_setting(value: str | None, loop: str) -> None:
    env = {} if value is None else {"WAGECALC_LOOP": value}
    assert Settings.from_env(env).loop == loop


@pytest.mark.parametrize("value", ["trio", "UVLOOP", "uvloop2"])
def test_an_unknown_loop_is_a_config_error(value: str) -> None:
    with pytest.raises(ConfigError, match="WAGECALC_LOOP"):
        Settings.from_env({"WAGECALC_LOOP": value})


def test_serve_refuses_an_unknown_loop_in_one_line() -> None:
    process = start_server(free_port(), env=clean_env(WAGECALC_LOOP="trio"))
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert err.strip().splitlines() == [
        "wagecalc: error: WAGECALC_LOOP='trio': expected asyncio or uvloop"
    ]


@pytest.mark.parametrize(
    ("value", "origin"),
    [
        ("https://wagecalc.example.org", "https://wagecalc.example.org"),
        ("HTTPS://Wagecalc.Example.org:443/", "https://wagecalc.example.org"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
    ],
)
def test_the_public_origin_setting(value: str, origin: str) -> None:
    assert Settings.from_env({"WAGECALC_PUBLIC_ORIGIN": value}).public_origin == origin


@pytest.mark.parametrize(
    "value", ["*", "wagecalc.example.org", "https://x.example/path", "javascript:alert(1)"]
)
def test_a_public_origin_that_is_not_an_origin_is_a_config_error(value: str) -> None:
    with pytest.raises(ConfigError, match="WAGECALC_PUBLIC_ORIGIN"):
        Settings.from_env({"WAGECALC_PUBLIC_ORIGIN": value})


@pytest.mark.parametrize(
    ("value", "kept"),
    [(None, None), ("*", "*"), ("10.0.0.0/8, 127.0.0.1", "10.0.0.0/8,127.0.0.1")],
)
def test_trusted_proxies_are_opt_in(value: str | None, kept: str | None) -> None:
    env = {} if value is None else {"WAGECALC_TRUSTED_PROXIES": value}
    assert Settings.from_env(env).trusted_proxies == kept


@pytest.mark.parametrize("value", ["example.org", "10.0.0.0/33", ","])
def test_trusted_proxies_must_be_addresses(value: str) -> None:
    with pytest.raises(ConfigError, match="WAGECALC_TRUSTED_PROXIES"):
        Settings.from_env({"WAGECALC_TRUSTED_PROXIES": value})


@pytest.mark.parametrize(
    ("name", "value"),
    [("REQUEST_TIMEOUT", "0"), ("LIMIT_CONCURRENCY", "1"), ("MAX_HEADER_BYTES", "100")],
)
def test_connection_limits_are_checked(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=f"WAGECALC_{name}"):
        Settings.from_env({f"WAGECALC_{name}": value})
