"""A real `wagecalc serve` process on 127.0.0.1, for the tests that are about the server."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time

import pytest

__all__ = ["clean_env", "free_port", "start_server", "wait_ready"]


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
