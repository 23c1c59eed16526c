"""A real `wagecalc serve` process on 127.0.0.1, for the tests that are about the server."""

from __future__ import annotations

import http.client
import http.server
import os
import socket
import subprocess
import sys
import threading
import time

import pytest

__all__ = ["ScriptedUpstream", "clean_env", "free_port", "start_server", "wait_ready"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without any WAGECALC_* setting, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WAGECALC_")}
    return {**env, **extra}


def start_server(
    port: int, *args: str, env: dict[str, str] | None = None, merge_stderr: bool = False
) -> subprocess.Popen[str]:
    """``python -m wagecalc serve`` on 127.0.0.1:``port`` with ``args``, output piped."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "wagecalc",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            *args,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT if merge_stderr else subprocess.PIPE,
        text=True,
        env=env if env is not None else clean_env(),
    )


def wait_ready(port: int, process: subprocess.Popen[str], seconds: float = 30) -> None:
    """Poll ``/readyz`` until it answers 200; fail with the server's output if it dies."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode}: {process.communicate()}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("GET", "/readyz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.05)
        finally:
            connection.close()
    pytest.fail(f"the server did not become ready in {seconds:.0f} s")


class PageServer(threading.Thread):
    """Static HTML pages on their own 127.0.0.1 port, so their own origin, for browser tests.

    ``pages`` maps a path to its HTML and any extra headers (a CSP, say); it may be filled
    before or after ``start()``. Other paths are 404.
    """

    def __init__(self, port: int = 0) -> None:
        super().__init__(daemon=True)
        self.pages: dict[str, tuple[str, dict[str, str]]] = {}
        pages = self.pages

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                found = pages.get(self.path)
                if found is None:
                    self.send_error(404)
                    return
                body = found[0].encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                for name, value in found[1].items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return None

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"

    def run(self) -> None:
        self.server.serve_forever()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class ScriptedUpstream:
    """A scripted HTTP API on a free 127.0.0.1 port, for the network-facing rate sources.

    Subclasses answer in :meth:`handle`; every request's path is in ``requests``. A test that
    makes the upstream slow waits on ``release`` (set by :meth:`close`), so closing never
    waits out a delay. Clients that give up mid-answer are expected and not reported.
    """

    def __init__(self, mount: str) -> None:
        self.requests: list[str] = []
        self.release = threading.Event()
        self._lock = threading.Lock()
        upstream = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with upstream._lock:
                    upstream.requests.append(self.path)
                upstream.handle(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True
            block_on_close = False

            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a client that gave up (timed out) is expected here

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}{mount}"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)
        self._thread.start()

    def handle(self, request: http.server.BaseHTTPRequestHandler) -> None:
        raise NotImplementedError

    @staticmethod
    def answer(
        request: http.server.BaseHTTPRequestHandler, status: int, body: bytes, content_type: str
    ) -> None:
        request.send_response(status)
        request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
