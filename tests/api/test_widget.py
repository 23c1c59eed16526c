"""GET /widget/{v1,v2}/*: the widget's scripts, their versions, caching and CORS headers, and
their budget."""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from wagecalc.api import create_app
from wagecalc.api.routes.widget import SCRIPTS, VERSIONS, script_bytes, widget_path
from wagecalc.config import Settings

#: The issue's budget for the widget module, gzipped.
BUDGET_BYTES = 15 * 1024
#: The hashes README.md published for /widget/v1/ until v2 (at b8d3c4d): the pages that
#: embed v1 pinned these, so its bytes never change.
V1_SRI = {
    "wagecalc.js": "sha384-DR+W9Bqk7hmll3rX+EhBQVRYx6rUyA0MjILstAJbNUP2DSp0kdH+Dx8MEVDQuIn2",
    "host.js": "sha384-Xf8iGk4uM77OpAwfjjBqzG4nZUmofA2pvVr3KKgwnClu9bkTsVvFrCEGH/bNoME9",
}


@pytest.fixture(scope="module")
def cors_client() -> Iterator[TestClient[Litestar]]:
    """The app with one CORS origin configured, as a newsroom deployment would have."""
    settings = Settings(cors_origins=("http://news.example",))
    with TestClient(app=create_app(settings)) as test_client:
        yield test_client


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name", SCRIPTS)
def test_scripts_are_immutable_public_javascript(
    client: TestClient[Litestar], name: str, version: str
) -> None:
    """Each script of each version is JavaScript, cached for a year as immutable, readable by
    any origin."""
    response = client.get(widget_path(name, version))
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert re.fullmatch(r'"[0-9a-f]{32}"', response.headers["etag"])
    assert response.content == script_bytes(name, version)


@pytest.mark.parametrize("name", SCRIPTS)
def test_v1_keeps_the_bytes_it_was_published_with(client: TestClient[Litestar], name: str) -> None:
    """/widget/v1/ answers with the files whose hashes README.md gave until v2, and v2 is a
    different file: a page that pinned v1 keeps its widget, and v2 changed nothing in place."""
    v1 = client.get(widget_path(name, "v1")).content
    assert _sri(v1) == V1_SRI[name]
    assert client.get(widget_path(name, "v2")).content != v1


def test_etag_gives_304(client: TestClient[Litestar]) -> None:
    """A revalidation with the strong ETag answers 304 without a body."""
    etag = client.get("/widget/v2/wagecalc.js").headers["etag"]
    again = client.get("/widget/v2/wagecalc.js", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_any_origin_may_read_the_script(cors_client: TestClient[Litestar]) -> None:
    """With CORS origins configured, an unlisted origin still reads the public script (SRI
    with ``crossorigin`` needs it); the JSON API stays closed to it."""
    script = cors_client.get("/widget/v2/wagecalc.js", headers={"Origin": "http://other.example"})
    assert script.status_code == 200
    assert script.headers["access-control-allow-origin"] == "*"
    listed = cors_client.get("/widget/v2/wagecalc.js", headers={"Origin": "http://news.example"})
    # One value: a browser refuses a response that names two.
    assert listed.headers.get_list("access-control-allow-origin") == ["*"]
    assert "origin" not in listed.headers.get("vary", "").lower()
    api = cors_client.get("/v1/currencies", headers={"Origin": "http://other.example"})
    assert "access-control-allow-origin" not in api.headers


@pytest.mark.parametrize(
    "path",
    [
        "/widget/v2/nope.js",
        "/widget/v2/..%2Fapp.py",
        "/widget/v2/wagecalc.js.map",
        "/widget/v2/WAGECALC.JS",
        "/widget/v3/wagecalc.js",
        "/widget/V2/wagecalc.js",
        "/widget/..%2Fwidget/wagecalc.js",
        "/widget/%2E/wagecalc.js",
    ],
)
def test_other_names_are_404(client: TestClient[Litestar], path: str) -> None:
    """Only the listed files of the listed versions are served; anything else is a 404
    problem (the readable source under widget/ itself is not served)."""
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_bundle_fits_its_budget() -> None:
    """The widget module is at most 15 KB gzipped."""
    assert len(gzip.compress(script_bytes("wagecalc.js"), compresslevel=9)) <= BUDGET_BYTES


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name", SCRIPTS)
def test_scripts_never_parse_html(name: str, version: str) -> None:
    """No HTML parsing sinks or eval: the DOM is built with createElement and textContent."""
    text = script_bytes(name, version).decode()
    for sink in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        "setHTMLUnsafe",
        "createContextualFragment",
    ):
        assert sink not in text, sink


@pytest.mark.parametrize(
    "url", ["/widget/v2/wagecalc.js", "/widget/v2/host.js", "/widget/v1/wagecalc.js", "/demo"]
)
def test_head(client: TestClient[Litestar], url: str) -> None:
    """HEAD answers like GET, without the body."""
    got, head = client.get(url), client.head(url)
    assert head.status_code == 200
    assert head.content == b""
    for name in ("content-type", "cache-control", "etag"):
        assert head.headers.get(name) == got.headers.get(name)


def _sri(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


@pytest.mark.parametrize("name", SCRIPTS)
def test_readme_publishes_each_files_hash(name: str) -> None:
    """README.md's and docs/embedding.md's snippets load the current version and pin its
    served files: a changed file fails here until a new versioned path (and hash) is
    published."""
    root = Path(__file__).parents[2]
    for doc in ("README.md", "docs/embedding.md"):
        text = (root / doc).read_text(encoding="utf-8")
        tags = re.findall(rf'<script[^>]*src="[^"]*/widget/[^"]*/{re.escape(name)}"[^>]*>', text)
        assert tags, f"{doc} has no script tag for {name}"
        for tag in tags:
            assert f'src="https://wagecalc.example{widget_path(name)}"' in tag
            assert f'integrity="{_sri(script_bytes(name))}"' in tag
            assert 'crossorigin="anonymous"' in tag


def test_readme_shows_the_demo_screenshot() -> None:
    """docs/demo.png (scripts/demo-screenshot) is in README.md and stays small."""
    root = Path(__file__).parents[2]
    assert "](docs/demo.png)" in (root / "README.md").read_text(encoding="utf-8")
    png = (root / "docs" / "demo.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) <= 200 * 1024
