"""A TestClient over the real app, with its lifespan run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from wagecalc.api import create_app
from wagecalc.config import Settings


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient[Litestar]]:
    """The app with default settings (no CORS origins, 16 KiB body limit)."""
    with TestClient(app=create_app(Settings())) as test_client:
        yield test_client
