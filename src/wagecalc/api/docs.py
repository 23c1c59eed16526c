"""Interactive-enough API docs with no external assets (no CDN, no scripts)."""

from __future__ import annotations

import html
import json
import re
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
                    f"<td>{_markdown(p.get('description', ''))}</td></tr>"
                    for p in params
                )
                example = _example_url(route, params) if method == "get" else ""
                link = (
                    f'<p>Try: <a href="{html.escape(example)}">{html.escape(example)}</a></p>'
                    if example
                    else ""
                )
                link += _request_body(op.get("requestBody"))
                table = (
                    "<table><tr><th>name</th><th>in</th><th>required</th><th>about</th></tr>"
                    f"{rows}</table>"
                    if rows
                    else ""
                )
                sections.append(
                    f"<h2><code>{method.upper()} {html.escape(route)}</code></h2>"
                    f"<p>{_markdown(op.get('summary', ''))}</p>"
                    f"<p>{_markdown(op.get('description', ''))}</p>{table}{link}"
                )
        title = html.escape(openapi_schema["info"]["title"])
        about = _markdown(openapi_schema["info"].get("description", ""))
        spec = html.escape(self.get_openapi_json_route(request))
        return (
            f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
            f"</head><body><h1>{title}</h1><p>{about}"
            f"</p><p>Machine-readable contract: <a href='{spec}'>{spec}</a></p>"
            f"{''.join(sections)}</body></html>"
        ).encode()


#: Each route's "Try" link: the story's figures (USD 900,000 a year against a
#: background actor's USD 200 a day, in MYR, at the rates of 2023-07-26), not the first
#: example of each parameter (which made a USD-to-USD conversion). A route not listed
#: gets its required parameters' first examples. tests/api/test_endpoints.py follows
#: every link.
STORY_QUERIES: dict[str, dict[str, str]] = {
    "/v1/convert": {
        "amount": "900000",
        "from": "USD",
        "to": "MYR",
        "date": "2023-07-26",
        "to_period": "month",
    },
    "/v1/equivalents": {"amount": "900000", "currency": "USD", "date": "2023-07-26"},
    "/v1/compare": {
        "a": "900000 USD/year",
        "b": "200 USD/day",
        "a_label": "product manager",
        "b_label": "background actor",
        "currency": "MYR",
        "date": "2023-07-26",
    },
    "/v1/rates": {"base": "USD", "symbols": "MYR", "date": "2023-07-26"},
    # The story's own question: was "about MYR 4.3 million" a rate of its day?
    "/v1/check": {
        "amount": "900000",
        "from": "USD",
        "reported": "4.3 million",
        "to": "MYR",
        "date": "2023-07-31",
    },
}
for _path in ("/v1/check/card.svg", "/v1/check/card.png", "/embed/check"):
    STORY_QUERIES[_path] = STORY_QUERIES["/v1/check"]
_STORY_EQUIVALENTS = {**STORY_QUERIES["/v1/equivalents"], "rules": "story"}
for _path in ("/embed/equivalents", "/v1/cards/equivalents.svg", "/v1/cards/equivalents.png"):
    STORY_QUERIES[_path] = _STORY_EQUIVALENTS
for _path in ("/embed/compare", "/v1/cards/compare.svg", "/v1/cards/compare.png"):
    STORY_QUERIES[_path] = STORY_QUERIES["/v1/compare"]


def _example_url(route: str, params: list[dict[str, Any]]) -> str:
    names = {p["name"] for p in params if p.get("in") == "query"}
    story = STORY_QUERIES.get(route)
    if story is not None and set(story) <= names:
        return route + "?" + urlencode(story)
    query = {}
    for p in params:
        if p.get("in") != "query":
            continue
        examples = p.get("examples") or {}
        first = next(iter(examples.values()), None) if isinstance(examples, dict) else None
        if p.get("required") and isinstance(first, dict) and "value" in first:
            query[p["name"]] = first["value"]
    return route + ("?" + urlencode(query) if query else "")


def _request_body(body: object) -> str:
    """A POST's body: its description and first example, as JSON (the document lists them)."""
    if not isinstance(body, dict):
        return ""
    parts = []
    for media, content in (body.get("content") or {}).items():
        schema = content.get("schema") or {}
        examples = schema.get("examples") or content.get("examples") or []
        if isinstance(examples, dict):  # OpenAPI's named examples
            examples = [e.get("value") for e in examples.values() if isinstance(e, dict)]
        shown = (
            f"<pre><code>{html.escape(json.dumps(examples[0], indent=2, ensure_ascii=False))}"
            "</code></pre>"
            if examples
            else ""
        )
        about = _markdown(schema.get("description") or body.get("description") or "")
        parts.append(
            f"<p>Request body (<code>{html.escape(media)}</code>"
            f"{', required' if body.get('required') else ''}): {about}</p>{shown}"
        )
    return "".join(parts)


_CODE = re.compile(r"`([^`]+)`")
_STRONG = re.compile(r"\*\*([^*]+)\*\*")
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+|/[^)\s]*)\)")


def _markdown(text: str) -> str:
    """The descriptions' inline Markdown (code, bold, links) as HTML, everything else
    escaped: the text is escaped first, so markup can only come from these rules."""
    escaped = html.escape(text, quote=True)
    escaped = _CODE.sub(r"<code>\1</code>", escaped)
    escaped = _STRONG.sub(r"<strong>\1</strong>", escaped)
    return _LINK.sub(r'<a href="\2">\1</a>', escaped)
