"""Shared fixtures and the hypothesis profiles (``ci`` is derandomized: same examples every run)."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from hypothesis import HealthCheck, settings

from wagecalc.rates import EcbSource, load_embedded_history

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=100)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

#: A fixed "today" so that tests about ages and future dates do not drift.
TODAY = dt.date(2026, 11, 27)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests in ``test_*browser*.py`` files drive Debian's Chromium: marked ``browser`` so that
    the fast suite (``nox -s fast``: Python 3.12 and 3.13) can leave them to the full run."""
    for item in items:
        if "browser" in item.path.name:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def ecb() -> EcbSource:
    """The embedded ECB history behind a source, loaded once for the session."""
    return EcbSource(load_embedded_history())
