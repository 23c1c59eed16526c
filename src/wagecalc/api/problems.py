"""Every error as RFC 9457 ``application/problem+json``, never a traceback.

Input problems are 422 with an ``errors`` list: one entry per bad field,
naming it (as the caller spelled it: ``from``, not ``from_``; a body field by
its path, ``salaries[0].amount``), a stable ``code`` (one of
:data:`FIELD_CODES`) and a message. A well-formed value the data has nothing
for (a currency without a rate that day, an unknown rule) is 404 with the same
list. HTTP-level errors (404, 405, 413, malformed JSON) keep their status.
Anything unexpected is a bare 500 that reveals nothing.
"""

from __future__ import annotations

import logging
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
from litestar.typing import FieldDefinition

from wagecalc import errors as _errors
from wagecalc.api.bodies import MAX_JSON_DEPTH, BodyTooDeepError
from wagecalc.errors import (
    EmptyScheduleError,
    InputError,
    RateUnavailableError,
    UnknownCurrencyError,
    UnknownRuleError,
    UnsupportedCurrencyError,
    WagecalcError,
)

__all__ = [
    "FIELD_CODES",
    "NOT_FOUND",
    "PROBLEM_TYPE_PREFIX",
    "FieldError",
    "InvalidRequestError",
    "exception_handlers",
    "problem_details_plugin",
]

PROBLEM_TYPE_PREFIX = "urn:wagecalc:problem:"
_NO_STORE = {"Cache-Control": "no-store"}
_log = logging.getLogger("wagecalc.api")

#: Refusals a schema cannot state: the value is well formed, the data has no such thing (404).
#: A custom schedule whose days off exceed its working days is one too: each figure is in
#: range, and only their combination describes no work.
NOT_FOUND: tuple[type[WagecalcError], ...] = (
    EmptyScheduleError,
    RateUnavailableError,
    UnknownCurrencyError,
    UnsupportedCurrencyError,
    UnknownRuleError,
)


class QueryTooLongError(InputError):
    """The query string is longer than the service reads."""

    code = "query-too-long"


class TooManyParametersError(InputError):
    """More query parameters than any operation has."""

    code = "too-many-parameters"


class RepeatedParameterError(InputError):
    """A query parameter given twice: a cache and the app could read different values."""

    code = "repeated-parameter"


#: Codes for what Litestar finds before a handler runs: a required parameter missing, a
#: parameter or header of the wrong type or length, a body field of the wrong type or an
#: unknown one.
MISSING = "missing"
INVALID_PARAMETER = "invalid-parameter"
INVALID_BODY = "invalid-body"


def _codes() -> tuple[str, ...]:
    # not-an-embed: /oembed's url is no embed page of this service (a 404).
    found = {MISSING, INVALID_PARAMETER, INVALID_BODY, "not-an-embed"}
    pending: list[type[WagecalcError]] = [WagecalcError]
    while pending:
        cls = pending.pop()
        found.add(cls.code)
        pending.extend(cls.__subclasses__())
    found.discard(WagecalcError.code)
    found.discard(_errors.ConfigError.code)
    return tuple(sorted(found))


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
    if all(isinstance(e, RateUnavailableError) for e in exc.errors):
        return _problem(404, "rate-unavailable", "No rate for that date", str(exc), errors)
    if all(isinstance(e, NOT_FOUND) for e in exc.errors):
        return _problem(404, "not-found", "No such currency, rule or schedule", str(exc), errors)
    return _problem(422, "invalid-request", "The request is invalid", str(exc), errors)


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


def _parameters(handler: Any) -> dict[str, FieldDefinition]:
    """The request parameters ``handler`` declares: its own, and those of the query it takes
    from a dependency (``params``, api/params.py) in place of that argument."""
    fields = dict(handler.parsed_fn_signature.parameters)
    for name, provide in handler.resolve_dependencies().items():
        if fields.pop(name, None) is not None:
            fields.update(provide.parsed_fn_signature.parameters)
    return fields


def _wire_name(request: Request[Any, Any, Any], key: str) -> str:
    """Litestar reports the Python argument (``from_``); callers know the query name (``from``)."""
    handler = request.scope.get("route_handler")
    field = _parameters(handler).get(key) if handler is not None else None
    kwarg = field.kwarg_definition if field is not None else None
    return (kwarg.name or kwarg.query or key) if isinstance(kwarg, ParameterKwarg) else key


def _body_path(key: str) -> str | None:
    """``salaries.0.amount`` (or ``salaries[0].amount``) → ``salaries[0].amount``; the body
    as a whole (``data``) → None."""
    if key in ("", "data"):
        return None
    parts = key.replace("[", ".").replace("]", "").split(".")
    path = ""
    for part in parts:
        if not part:
            continue
        path += f"[{part}]" if part.isdigit() else (f".{part}" if path else part)
    return path or None


def _missing(request: Request[Any, Any, Any]) -> list[FieldError]:
    """The required parameters the request lacks, from the handler's signature."""
    handler = request.route_handler
    errors = []
    for name, field in _parameters(handler).items():
        kwarg = field.kwarg_definition
        if not isinstance(kwarg, ParameterKwarg) or not field.is_required:
            continue
        wire = kwarg.name or kwarg.query or kwarg.header or name
        present = wire.lower() in request.headers if kwarg.header else wire in request.query_params
        if not present:
            where = "header" if kwarg.header else "query parameter"
            errors.append(FieldError(wire, MISSING, f"the {where} {wire!r} is required"))
    return errors


def _validation_to_422(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    """Litestar's structured details (``exc.extra``: key, message, source) as field errors."""
    errors: list[FieldError] = []
    for item in exc.extra if isinstance(exc.extra, list) else ():
        if not isinstance(item, dict):
            continue
        key = str(item.get("key", ""))
        message = str(item.get("message", "invalid"))
        if item.get("source") == "body" or key == "data" or key.startswith("data."):
            path = _body_path(key.removeprefix("data.") if key != "data" else key)
            errors.append(FieldError(path, INVALID_BODY, f"{path or 'body'}: {message}"))
        else:
            name = _wire_name(request, key) if key else None
            errors.append(FieldError(name, INVALID_PARAMETER, f"{name}: {message}"))
    if not errors:
        errors = _missing(request)
    if not errors:
        errors.append(FieldError(None, INVALID_PARAMETER, "the request is invalid"))
    detail = "; ".join(e.message for e in errors)
    return _problem(422, "invalid-request", "The request is invalid", detail, errors).to_response(
        request
    )


def _too_deep(
    request: Request[Any, Any, Any], exc: BodyTooDeepError | RecursionError
) -> Response[Any]:
    # BodyTooDeepError: the depth check before decoding (api/bodies.py), the same on every
    # Python. RecursionError stays mapped as a backstop: nothing else in wagecalc recurses,
    # so it could only mean a hostile body that got past that check.
    return _problem(
        400,
        "body-too-deep",
        "Bad Request",
        f"The JSON body is nested too deeply (more than {MAX_JSON_DEPTH} levels).",
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


FIELD_CODES = _codes()

exception_handlers: dict[type[Exception], Any] = {
    ValidationException: _validation_to_422,
    BodyTooDeepError: _too_deep,
    RecursionError: _too_deep,
    Exception: _unhandled,
}
