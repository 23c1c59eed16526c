"""The v1 endpoints, one controller per resource, and the problems and headers they document."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

import msgspec
from litestar import HttpMethod
from litestar.datastructures import ResponseHeader
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from msgspec import Struct

from wagecalc.api.bodies import MAX_JSON_DEPTH
from wagecalc.api.problems import FIELD_CODES

__all__ = [
    "BODY_PROBLEMS",
    "CACHED",
    "LOCALIZED",
    "NEGOTIATED",
    "NO_STORE",
    "PROBLEMS",
    "FieldProblem",
    "Problem",
    "get",
    "get_responses",
    "problem_spec",
]


def get(path: str | Sequence[str] | None = None, **kwargs: Any) -> HTTPRouteHandler:
    """Litestar's ``@get`` that also answers HEAD: the same status and headers, no body."""
    return HTTPRouteHandler(path, http_method=[HttpMethod.GET, HttpMethod.HEAD], **kwargs)


class FieldProblem(Struct, kw_only=True):
    """One bad field: its name as the caller spelled it, a stable code and a message."""

    field: Annotated[
        str | None,
        msgspec.Meta(
            description=(
                "The query parameter or header as the caller spelled it (`from`), or the path "
                "of a body field (`salaries[0].amount`); null when no one field is at fault."
            )
        ),
    ]
    code: Annotated[
        str,
        msgspec.Meta(
            description="What is wrong, for programs; stable across releases.",
            extra_json_schema={"extra": {"enum": list(FIELD_CODES)}},
        ),
    ]
    message: str


class Problem(Struct, kw_only=True):
    """RFC 9457 problem details; ``errors`` names each bad field (422 and 404)."""

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


_NOT_MODIFIED = ResponseSpec(
    data_container=None,
    description=(
        "Not Modified: `If-None-Match` named the answer's current `ETag`. No body; the "
        "`ETag` and `Cache-Control` of the answer it stands for."
    ),
    generate_examples=False,
)
_422 = _problem(
    "Invalid input: `errors` names each field and what is wrong with it. Also an oversized "
    "query string (over 4096 bytes), more than 24 query parameters, or a repeated one."
)
_404 = _problem(
    "Well formed, but the data has no such thing: a currency that ISO 4217 does not define or "
    "the rate source did not publish on that date, a rule id or tag no rule table defines, a "
    "custom schedule whose days off leave no working day. "
    "`errors` names each field."
)

_400 = _problem(
    "A header that decides the answer given twice (Host, Accept-Language, Content-Type, "
    "Content-Length, If-None-Match, Origin), or a Host that is not host[:port] of at most "
    "255 characters."
)
#: Every GET operation: conditional requests (304), header checks (400), query checks (422).
PROBLEMS: dict[int, ResponseSpec] = {304: _NOT_MODIFIED, 400: _400, 422: _422}
#: GET operations whose answer depends on rates or rule tables: 404 besides the above.
DATA_PROBLEMS: dict[int, ResponseSpec] = {**PROBLEMS, 404: _404}

#: Operations that read a JSON body.
BODY_PROBLEMS: dict[int, ResponseSpec] = {
    404: _404,
    422: _422,
    400: _problem(
        "The body is not JSON, not UTF-8, nests arrays and objects more than "
        f"{MAX_JSON_DEPTH} levels deep (`body-too-deep`, on every Python version) or names a "
        "key twice in one object; or a header is given twice, or Host is malformed."
    ),
    413: _problem("The body is larger than the service accepts (16 KiB by default)."),
    415: _problem("The body is not `application/json`, or declares a charset other than UTF-8."),
}


#: A documented problem response, for statuses particular to one operation.
problem_spec = _problem


def get_responses(*, data: bool = True) -> dict[int, ResponseSpec]:
    return dict(DATA_PROBLEMS if data else PROBLEMS)


_ETAG = ResponseHeader(
    name="ETag",
    documentation_only=True,
    required=True,
    description="A strong validator of the body: send it back in `If-None-Match`.",
)
_CACHE_CONTROL = ResponseHeader(
    name="Cache-Control",
    documentation_only=True,
    required=True,
    description=(
        "`public, max-age=31536000, immutable` for an explicit past date; `max-age=3600` for "
        "answers that change when new rates arrive; `no-store` for errors, POST and health."
    ),
)
_CONTENT_LANGUAGE = ResponseHeader(
    name="Content-Language",
    documentation_only=True,
    required=True,
    description="The locale of the answer's sentences and formatted amounts (`zh-Hans`).",
)
_VARY = ResponseHeader(
    name="Vary",
    documentation_only=True,
    required=True,
    description="`Accept-Language`: the answer depends on it when `locale` is not given.",
)
NO_STORE = ResponseHeader(
    name="Cache-Control",
    documentation_only=True,
    required=True,
    description="`no-store`: the answer is not kept by caches.",
)
#: Headers of every GET answer.
CACHED = [_ETAG, _CACHE_CONTROL]
#: Headers of answers in the negotiated locale.
LOCALIZED = [_CONTENT_LANGUAGE, _VARY]
NEGOTIATED = [*CACHED, *LOCALIZED]
