"""GET /widget/{version}/{name}: the embeddable widget's scripts, served from package data.

The path is versioned: a file under ``/widget/v2/`` never changes meaning, so it is
cached for a year (``immutable``) and pages can pin it with a Subresource Integrity
hash (README.md publishes it; a test keeps the two equal). A change to the widget is
served under a new version, and the old one keeps answering with its old bytes.

- ``/widget/v2/`` is the current widget: ``widget/v2/`` in the package, the readable
  ``widget/wagecalc.js`` and ``host.js`` without comments and needless whitespace and
  with shorter local names (``scripts/widget_build.py``; a test fails when the two drift).
- ``/widget/v1/`` answers with the bytes it was last published with (``widget/v1/``,
  frozen; their SRI hashes are the ones README.md gave until v2). Not a redirect to
  v2: a page that copied the v1 snippet pinned those bytes with ``integrity=``, and
  the browser would refuse v2's under that hash, leaving the page without its widget;
  a page without the hash would change under its editors without their choosing. A
  newsroom's published article must keep working as published; moving to v2 is the
  page's decision (docs/embedding.md says what changed). v1 talks to the same
  ``/v1/`` JSON API, which keeps its contract.

Any origin may read the files (``Access-Control-Allow-Origin: *``): they are public
scripts, and a ``crossorigin`` script tag, which SRI needs, is a CORS request. Each
file is compressed once (brotli and gzip, :mod:`wagecalc.api.encoding`) and sent in
the encoding the browser accepts.
"""

from __future__ import annotations

import functools
from importlib.resources import files
from typing import Any

from litestar import Request, Response
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from wagecalc.api.encoding import SKIP_COMPRESSION, encoded, precompressed
from wagecalc.api.routes import get

__all__ = ["CURRENT", "SCRIPTS", "VERSIONS", "script_bytes", "widget_path", "widget_script"]

#: The files of each version: the custom elements, and the host page's iframe-height helper.
SCRIPTS = ("wagecalc.js", "host.js")
#: The versions served; the last is the current widget (the one the embed pages load).
VERSIONS = ("v1", "v2")
CURRENT = VERSIONS[-1]

_HEADERS = {
    "Cache-Control": "public, max-age=31536000, immutable",
    "Access-Control-Allow-Origin": "*",
}


def widget_path(name: str, version: str = CURRENT) -> str:
    """The path the service serves ``name`` of ``version`` at.

    >>> widget_path("wagecalc.js")
    '/widget/v2/wagecalc.js'
    """
    return f"/widget/{version}/{name}"


@functools.cache
def script_bytes(name: str, version: str = CURRENT) -> bytes:
    """The bytes of one widget script as served, read from the package once."""
    if name not in SCRIPTS or version not in VERSIONS:
        raise NotFoundException(f"There is no widget file {version[:8]!r}/{name[:40]!r}.")
    return files("wagecalc").joinpath("widget", version, name).read_bytes()


@functools.cache
def _variants(name: str, version: str) -> dict[bytes, bytes]:
    return precompressed(script_bytes(name, version))


@get(
    "/widget/{version:str}/{name:str}",
    summary="The embeddable widget (ES module) and its host snippet",
    include_in_schema=False,
    sync_to_thread=False,
    opt={SKIP_COMPRESSION: True},
)
def widget_script(
    request: Request[Any, Any, Any], version: FromPath[str], name: FromPath[str]
) -> Response[bytes]:
    body, headers = encoded(_variants(name, version), request.headers.get("accept-encoding"))
    return Response(body, media_type="text/javascript", headers={**_HEADERS, **headers})
