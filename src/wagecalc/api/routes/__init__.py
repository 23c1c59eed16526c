"""The v1 endpoints, one controller per resource, and the problems they document."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from litestar import HttpMethod
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from msgspec import Struct

__all__ = ["BODY_PROBLEMS", "PROBLEMS", "FieldProblem", "Problem", "get", "problem_spec"]


def get(path: str | Sequence[str] | None = None, **kwargs: Any) -> HTTPRouteHandler:
    """Litestar's ``@get`` that also answers HEAD: the same status and headers, no body."""
    return HTTPRouteHandler(path, http_method=[HttpMethod.GET, HttpMethod.HEAD], **kwargs)


class FieldProblem(Struct, kw_only=True):
    """One bad field: its name as the caller spelled it, a stable code and a message."""

    field: str | None
    code: str
    message: str


class Problem(Struct, kw_only=True):
    """RFC 9457 problem details; ``errors`` names each bad field (422 only)."""

    status: int
    type: str
    title: str
    detail: str
    errors: list[FieldProblem] | None = None


def _problem(description: str) -> ResponseSpec:
    return ResponseSpec(
        data_container=Problem,
        description=description,
        media_type="application/problem+json",
        generate_examples=False,  # random examples would make the committed document drift
    )


#: Every operation that reads query parameters (Litestar documents a 400 for them too:
#: this replaces its plain-JSON one with the problem document the service really sends).
PROBLEMS = {
    400: _problem("The request cannot be read."),
    422: _problem(
        "Invalid input, or no rate for that currency and date: `errors` names each field. "
        "Also an oversized query string (over 4096 bytes), more than 24 query parameters, "
        "or a repeated one."
    ),
}

#: Operations that read a JSON body, besides the above.
BODY_PROBLEMS = {
    **PROBLEMS,
    400: _problem("The body is not JSON, or is nested too deeply."),
    413: _problem("The body is larger than the service accepts (16 KiB by default)."),
    415: _problem("The body is not `application/json`."),
}

#: A documented problem response, for statuses particular to one operation.
problem_spec = _problem
