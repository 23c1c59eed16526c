"""The short load run (scripts/load --short, ~20 s) as a test: no errors, no memory growth.

Marked ``load``; it needs wrk (the Debian package), which .ci/run installs, so it
runs in CI. Without wrk it is skipped, and pytest's summary (-ra) says so.
Deselect it locally with ``-m "not load"``; the ~5 minute soak is ``scripts/load``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

LOAD = Path(__file__).resolve().parent.parent / "scripts" / "load"


@pytest.mark.load
@pytest.mark.skipif(
    shutil.which("wrk") is None, reason="wrk is not installed (apt-get install wrk)"
)
def test_short_load_run_has_no_errors_and_flat_memory() -> None:
    done = subprocess.run(
        [sys.executable, str(LOAD), "--short"], capture_output=True, text=True, timeout=180
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "load: non-2xx: 0" in output
    assert "load: socket errors: 0" in output
    assert "load: ok" in output
