"""What the browser tests share: Debian's Chromium driven by Playwright, and axe-core.

Importing this module is the check: without Playwright or Chromium the importing test
module is skipped locally, saying why, and fails under CI (``CI`` set), where
``.ci/run`` installs both. Nothing is downloaded: Chromium is Debian's package and
axe-core comes from ``npm ci --prefix tests/browser``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
#: Headless, and no sandbox or GPU: what Chromium needs to start in these machines.
ARGS = ("--headless", "--no-sandbox", "--disable-gpu")
IN_CI = bool(os.environ.get("CI"))

try:
    from playwright.sync_api import Browser, Frame, Page, Route, expect, sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    if IN_CI:
        raise
    pytest.skip("playwright is not installed (the test extra has it)", allow_module_level=True)
if not CHROMIUM.exists():
    if IN_CI:
        raise RuntimeError("CI must have Debian's chromium for the browser tests (.ci/run)")
    pytest.skip("Debian's chromium is not installed at /usr/bin/chromium", allow_module_level=True)

__all__ = ["ARGS", "AXE", "CHROMIUM", "IN_CI", "Browser", "Frame", "Page", "Route", "expect"]


@contextmanager
def launched(args: Sequence[str] = ARGS) -> Iterator[Browser]:
    """Debian's Chromium, started with ``args`` and closed after."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(args))
        try:
            yield chromium
        finally:
            chromium.close()
