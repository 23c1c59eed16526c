"""theme= on the embed pages: the page chooses light (the default), dark or auto."""

from __future__ import annotations

import re

import pytest
from litestar import Litestar
from litestar.testing import TestClient

EQUIVALENTS = "/embed/equivalents?amount=900000&currency=USD&date=2023-07-26&rules=story"
COMPARE = "/embed/compare?a=900000+USD/year&b=200+USD/day&currency=MYR&date=2023-07-26"


@pytest.mark.parametrize("path", [EQUIVALENTS, COMPARE])
@pytest.mark.parametrize("theme", ["dark", "auto"])
def test_the_theme_reaches_the_element(client: TestClient[Litestar], path: str, theme: str) -> None:
    """theme=dark|auto becomes the element's theme attribute (embed.css and the widget read it)."""
    answer = client.get(f"{path}&theme={theme}")
    assert answer.status_code == 200, answer.text
    assert re.search(rf'<wagecalc-(equivalents|compare) [^>]*theme="{theme}"', answer.text)


@pytest.mark.parametrize("path", [EQUIVALENTS, COMPARE])
def test_light_is_the_default(client: TestClient[Litestar], path: str) -> None:
    """No theme, or theme=light: no attribute, the light page."""
    for query in ("", "&theme=light"):
        answer = client.get(path + query)
        assert answer.status_code == 200
        assert "theme=" not in answer.text.split("<wagecalc-", 1)[1].split(">", 1)[0]


@pytest.mark.parametrize("theme", ["purple", "", "DARK"])
def test_an_unknown_theme_is_refused(client: TestClient[Litestar], theme: str) -> None:
    """A theme that is not light, dark or auto is a 422 naming the field."""
    answer = client.get(f"{EQUIVALENTS}&theme={theme}")
    assert answer.status_code == 422
    assert "theme" in answer.text


def test_the_stylesheet_is_light_unless_asked(client: TestClient[Litestar]) -> None:
    """embed.css no longer follows the reader's system by itself: dark needs theme=dark, or
    theme=auto with prefers-color-scheme: dark."""
    css = client.get("/embed/v1/embed.css").text
    assert ':root:has([theme="dark"])' in css
    media = css.split("@media (prefers-color-scheme: dark)", 1)[1]
    assert media.lstrip().startswith('{\n  :root:has([theme="auto"])')
