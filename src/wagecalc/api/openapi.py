"""The OpenAPI document, finished where Litestar's generator says less (or more) than the server.

Litestar builds the document from the handlers; :class:`ContractOpenAPIConfig`
returns it as a :class:`ContractDocument`, whose ``to_schema()`` (what
``/schema/openapi.json`` and ``litestar schema openapi`` serve) then:

- drops the plain-JSON 400 Litestar documents for every operation with
  parameters: invalid parameters are a 422 problem here (documented per
  operation); the 400 problem wagecalc documents (a repeated or malformed header,
  an unreadable body) stays;
- declares ``security: []``: no operation needs credentials;
- closes the request bodies whose structs refuse unknown fields
  (``additionalProperties: false``);
- writes optional query parameters and headers as the plain string they are
  (Litestar says "string or null", and a query has no null);
- sorts response headers (Litestar's order varies between processes) and gives them
  their type (Litestar's ``ResponseHeader`` has none: a string);
- bounds tuples (``prefixItems``) with ``minItems``/``maxItems`` (not ``items: false``,
  which openapi-python-client cannot read);
- gives HEAD answers no body (Litestar copies the GET's content onto them);
- documents ``If-None-Match`` on every GET and HEAD operation: the middleware
  (:mod:`wagecalc.api.edge`) answers it for all of them, and no handler declares it.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

import msgspec
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import OpenAPI

from wagecalc.api.headers import IF_NONE_MATCH

__all__ = ["ContractDocument", "ContractOpenAPIConfig", "closed_body"]

_T = TypeVar("_T", bound=type[msgspec.Struct])

#: Component names of request bodies that refuse unknown fields.
_CLOSED: set[str] = set()


def closed_body(struct: _T) -> _T:
    """Mark a request-body struct (``forbid_unknown_fields=True``) as closed in the document."""
    assert struct.__struct_config__.forbid_unknown_fields, struct
    _CLOSED.add(struct.__name__)
    return struct


class ContractDocument(OpenAPI):
    def to_schema(self) -> dict[str, Any]:
        return finish(super().to_schema())


@dataclasses.dataclass
class ContractOpenAPIConfig(OpenAPIConfig):
    def to_openapi_schema(self) -> OpenAPI:
        document = super().to_openapi_schema()
        return ContractDocument(
            **{f.name: getattr(document, f.name) for f in dataclasses.fields(document)}
        )


def _plain(schema: dict[str, Any]) -> dict[str, Any]:
    """``{"oneOf": [{"type": "string"}, {"type": "null"}], ...}`` → ``{"type": "string", ...}``."""
    options = schema.get("oneOf")
    if not isinstance(options, list):
        return schema
    kept = [o for o in options if o != {"type": "null"}]
    if len(kept) != 1 or len(kept) == len(options):
        return schema
    return {**{k: v for k, v in schema.items() if k != "oneOf"}, **kept[0]}


def _single_options(schemas: dict[str, Any]) -> None:
    """A property ``oneOf`` one schema → that schema: Litestar's form of a field that may be
    absent (``X | msgspec.UnsetType``), which Redocly flags (no-illogical-composition-keywords)."""
    for schema in schemas.values():
        for name, prop in schema.get("properties", {}).items():
            options = prop.get("oneOf")
            if isinstance(options, list) and len(options) == 1:
                rest = {k: v for k, v in prop.items() if k != "oneOf"}
                schema["properties"][name] = options[0] if not rest else {**rest, **options[0]}


def _bound_tuples(node: Any) -> None:
    if isinstance(node, dict):
        prefix = node.get("prefixItems")
        if isinstance(prefix, list) and "items" not in node:
            node["minItems"] = node["maxItems"] = len(prefix)
        for value in node.values():
            _bound_tuples(value)
    elif isinstance(node, list):
        for value in node:
            _bound_tuples(value)


def _with_parameter(operation: dict[str, Any], parameter: dict[str, Any]) -> dict[str, Any]:
    """``operation`` with ``parameter`` last in its parameters, placed where Litestar places
    the list (before ``responses``) when it has none yet."""
    if "parameters" in operation:
        named = {(p.get("in"), p.get("name")) for p in operation["parameters"]}
        if (parameter["in"], parameter["name"]) not in named:  # finish() may run twice
            operation["parameters"].append(parameter)
        return operation
    rebuilt: dict[str, Any] = {}
    for key, value in operation.items():
        if key == "responses":
            rebuilt["parameters"] = [parameter]
        rebuilt[key] = value
    return rebuilt


def finish(document: dict[str, Any]) -> dict[str, Any]:
    document["security"] = []
    for item in document.get("paths", {}).values():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            bad_request = operation["responses"].get("400", {})
            # wagecalc's own 400: a problem, or on the embed pages the HTML page a frame shows.
            if not {"application/problem+json", "text/html"} & set(bad_request.get("content", {})):
                operation["responses"].pop("400", None)
            if method in ("get", "head"):
                operation = item[method] = _with_parameter(operation, IF_NONE_MATCH.to_schema())
            if method == "head":
                for response in operation["responses"].values():
                    response.pop("content", None)
            for response in operation["responses"].values():
                if "headers" in response:  # Litestar's order varies from run to run
                    response["headers"] = dict(sorted(response["headers"].items()))
                for header in response.get("headers", {}).values():
                    if "schema" not in header and "content" not in header:
                        header["schema"] = {"type": "string"}
            for parameter in operation.get("parameters", []):
                if parameter.get("in") in ("query", "header") and "schema" in parameter:
                    parameter["schema"] = _plain(parameter["schema"])
    schemas = document.get("components", {}).get("schemas", {})
    for name in _CLOSED:
        if name in schemas:
            schemas[name]["additionalProperties"] = False
    _single_options(schemas)
    _bound_tuples(document)
    return document
