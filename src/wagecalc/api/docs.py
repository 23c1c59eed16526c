"""Interactive-enough API docs with no external assets (no CDN, no scripts)."""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import urlencode

from litestar import HttpMethod, Request, Router
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.plugins import JsonRenderPlugin, OpenAPIRenderPlugin

__all__ = ["JsonDocs", "PlainDocs"]


def _answer_head(plugin: OpenAPIRenderPlugin, router: Router, paths: list[str]) -> None:
    """HEAD for the plugin's GET paths (Litestar registers them GET only): the same headers."""

    def head(request: Request[Any, Any, Any]) -> bytes:
        return plugin.render(request, request.app.openapi_schema.to_schema())

    handler = HTTPRouteHandler(
        paths,
        http_method=[HttpMethod.HEAD],
        media_type=plugin.media_type,
        include_in_schema=False,
        sync_to_thread=False,
    )
    router.register(handler(head))


class JsonDocs(JsonRenderPlugin):
    """The OpenAPI document as JSON, answering HEAD too."""

    def receive_router(self, router: Router) -> None:
        _answer_head(self, router, list(self.paths))


class PlainDocs(OpenAPIRenderPlugin):
    """A page listing every operation, its parameters and a ready-to-click example URL."""

    def __init__(self, path: str = "/docs") -> None:
        super().__init__(path=path, favicon="", style="")

    def receive_router(self, router: Router) -> None:
        # The first render plugin also serves the router's root (/schema).
        _answer_head(self, router, [*self.paths, "/"])

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        sections = []
        for route, item in openapi_schema.get("paths", {}).items():
            for method, op in item.items():
                if not isinstance(op, dict) or method == "head":  # HEAD mirrors each GET
                    continue
                params = op.get("parameters", [])
                rows = "".join(
                    f"<tr><td><code>{html.escape(p['name'])}</code></td><td>{html.escape(p['in'])}"
                    f"</td><td>{'yes' if p.get('required') else ''}</td>"
                    f"<td>{html.escape(p.get('description', ''))}</td></tr>"
                    for p in params
                )
                example = _example_url(route, params) if method == "get" else ""
                link = (
                    f'<p>Try: <a href="{html.escape(example)}">{html.escape(example)}</a></p>'
                    if example
                    else ""
                )
                table = (
                    "<table><tr><th>name</th><th>in</th><th>required</th><th>about</th></tr>"
                    f"{rows}</table>"
                    if rows
                    else ""
                )
                sections.append(
                    f"<h2><code>{method.upper()} {html.escape(route)}</code></h2>"
                    f"<p>{html.escape(op.get('summary', ''))}</p>"
                    f"<p>{html.escape(op.get('description', ''))}</p>{table}{link}"
                )
        title = html.escape(openapi_schema["info"]["title"])
        about = html.escape(openapi_schema["info"].get("description", ""))
        spec = html.escape(self.get_openapi_json_route(request))
        return (
            f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
            f"</head><body><h1>{title}</h1><p>{about}"
            f"</p><p>Machine-readable contract: <a href='{spec}'>{spec}</a></p>"
            f"{''.join(sections)}</body></html>"
        ).encode()


def _example_url(route: str, params: list[dict[str, Any]]) -> str:
    query = {}
    for p in params:
        if p.get("in") != "query":
            continue
        examples = p.get("examples") or {}
        first = next(iter(examples.values()), None) if isinstance(examples, dict) else None
        if p.get("required") and isinstance(first, dict) and "value" in first:
            query[p["name"]] = first["value"]
    return route + ("?" + urlencode(query) if query else "")
