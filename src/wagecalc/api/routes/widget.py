"""GET /widget/v1/{name}: the embeddable widget's scripts, served from package data.

The path is versioned: a file under ``/widget/v1/`` never changes meaning, so it
is cached for a year (``immutable``) and pages can pin it with a Subresource
Integrity hash (README.md publishes it; a test keeps the two equal). Any origin
may read it (``Access-Control-Allow-Origin: *``): it is a public script, and a
``crossorigin`` script tag, which SRI needs, is a CORS request. Each file is
compressed once (brotli and gzip, :mod:`wagecalc.api.encoding`) and sent in the
encoding the browser accepts.
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

__all__ = ["SCRIPTS", "script_bytes", "widget_script"]

#: The files under /widget/v1/: the custom elements, and the host page's iframe-height helper.
SCRIPTS = ("wagecalc.js", "host.js")

_HEADERS = {
    "Cache-Control": "public, max-age=31536000, immutable",
    "Access-Control-Allow-Origin": "*",
}


@functools.cache
def script_bytes(name: str) -> bytes:
    """The bytes of one widget script, read from the package once."""
    if name not in SCRIPTS:
        raise NotFoundException(f"There is no widget file {name[:40]!r}.")
    return files("wagecalc").joinpath("widget", name).read_bytes()


@functools.cache
def _variants(name: str) -> dict[bytes, bytes]:
    return precompressed(script_bytes(name))


@get(
    "/widget/v1/{name:str}",
    summary="The embeddable widget (ES module) and its host snippet",
    include_in_schema=False,
    sync_to_thread=False,
    opt={SKIP_COMPRESSION: True},
)
def widget_script(request: Request[Any, Any, Any], name: FromPath[str]) -> Response[bytes]:
    body, headers = encoded(_variants(name), request.headers.get("accept-encoding"))
    return Response(body, media_type="text/javascript", headers={**_HEADERS, **headers})
