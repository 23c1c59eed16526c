"""Every error as RFC 9457 ``application/problem+json``, never a traceback.

Input problems are 422 with an ``errors`` list: one entry per bad field,
naming it (as the caller spelled it: ``from``, not ``from_``), a stable
``code`` and a message. HTTP-level errors (404, 405, 413, malformed JSON)
keep their status. Anything unexpected is a bare 500 that reveals nothing.
"""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.params import ParameterKwarg
from litestar.plugins.problem_details import (
    ProblemDetailsConfig,
    ProblemDetailsException,
    ProblemDetailsPlugin,
)

from wagecalc.errors import RateUnavailableError, WagecalcError

__all__ = [
    "PROBLEM_TYPE_PREFIX",
    "FieldError",
    "InvalidRequestError",
    "exception_handlers",
    "problem_details_plugin",
]

PROBLEM_TYPE_PREFIX = "urn:wagecalc:problem:"
_NO_STORE = {"Cache-Control": "no-store"}
_MISSING = re.compile(r"Missing required (\w+) parameter '([^']+)'")
_log = logging.getLogger("wagecalc.api")


class FieldError(msgspec.Struct, frozen=True):
    field: str | None
    code: str
    message: str


class InvalidRequestError(Exception):
    """One or more fields of a request are invalid (collected, so all are reported at once)."""

    def __init__(self, errors: list[WagecalcError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


def _problem(
    status: int,
    code: str,
    title: str,
    detail: str,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> ProblemDetailsException:
    extra: dict[str, Any] = {}
    if errors is not None:
        extra["errors"] = [msgspec.structs.asdict(e) for e in errors]
    return ProblemDetailsException(
        status_code=status,
        type_=PROBLEM_TYPE_PREFIX + code,
        title=title,
        detail=detail,
        headers={**(headers or {}), **_NO_STORE},
        extra=extra or None,
    )


def _from_invalid_request(exc: InvalidRequestError) -> ProblemDetailsException:
    errors = [FieldError(e.field, e.code, e.message) for e in exc.errors]
    unavailable = all(isinstance(e, RateUnavailableError) for e in exc.errors)
    code = "rate-unavailable" if unavailable else "invalid-request"
    title = "No rate for that date" if unavailable else "The request is invalid"
    return _problem(422, code, title, str(exc), errors)


def _from_wagecalc_error(exc: WagecalcError) -> ProblemDetailsException:
    return _from_invalid_request(InvalidRequestError([exc]))


def _from_http_exception(exc: HTTPException) -> ProblemDetailsException:
    phrase = HTTPStatus(exc.status_code).phrase
    code = phrase.lower().replace(" ", "-")
    detail = exc.detail if exc.detail and exc.detail != phrase else phrase
    if exc.status_code == 413:
        detail = "The request body is larger than this service accepts."
    headers = {k: v for k, v in (exc.headers or {}).items() if k.lower() == "allow"}
    return _problem(exc.status_code, code, phrase, detail, headers=headers)


def _wire_name(request: Request[Any, Any, Any], key: str) -> str:
    """Litestar reports the Python argument (``from_``); callers know the query name (``from``)."""
    handler = request.scope.get("route_handler")
    head, _, rest = key.partition(".")
    field = handler.parsed_fn_signature.parameters.get(head) if handler is not None else None
    kwarg = field.kwarg_definition if field is not None else None
    name = (kwarg.name or kwarg.query or head) if isinstance(kwarg, ParameterKwarg) else head
    return f"{name}.{rest}" if rest else name


def _validation_to_422(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    errors: list[FieldError] = []
    if isinstance(exc.extra, list):
        for item in exc.extra:
            key = str(item.get("key", "")) if isinstance(item, dict) else ""
            message = str(item.get("message", "invalid")) if isinstance(item, dict) else str(item)
            errors.append(FieldError(_wire_name(request, key) if key else None, "invalid", message))
    elif match := _MISSING.match(exc.detail or ""):
        errors.append(
            FieldError(match[2], "missing", f"the {match[1]} parameter {match[2]!r} is required")
        )
    else:
        errors.append(FieldError(None, "invalid", exc.detail or "invalid request"))
    detail = "; ".join(f"{e.field or 'body'}: {e.message}" for e in errors)
    return _problem(422, "invalid-request", "The request is invalid", detail, errors).to_response(
        request
    )


def _too_deep(request: Request[Any, Any, Any], exc: RecursionError) -> Response[Any]:
    # msgspec raises RecursionError (not a DecodeError) for JSON nested thousands deep, and
    # Litestar lets it through; nothing else in wagecalc recurses, so it means a hostile body.
    return _problem(
        400, "body-too-deep", "Bad Request", "The JSON body is nested too deeply."
    ).to_response(request)


def _unhandled(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    _log.exception("unhandled error on %s %s", request.method, request.url.path)
    return _problem(
        500, "internal-error", "Internal Server Error", "The service failed; the fault is logged."
    ).to_response(request)


def problem_details_plugin() -> ProblemDetailsPlugin:
    return ProblemDetailsPlugin(
        ProblemDetailsConfig(
            exception_to_problem_detail_map={
                HTTPException: _from_http_exception,
                InvalidRequestError: _from_invalid_request,
                WagecalcError: _from_wagecalc_error,
            }
        )
    )


exception_handlers: dict[type[Exception], Any] = {
    ValidationException: _validation_to_422,
    RecursionError: _too_deep,
    Exception: _unhandled,
}
