"""The request checks and response headers of every answer (applied by :mod:`wagecalc.api.edge`).

The security headers and why:

- ``X-Content-Type-Options: nosniff``: a browser never reads JSON as script or HTML.
- ``Content-Security-Policy``: nothing may load, run, frame the page or submit a form
  (the docs page is plain HTML with no scripts or styles; JSON needs nothing).
- ``Referrer-Policy: no-referrer``: links on the docs page leak no URL (query strings
  hold the salaries being asked about).
- ``Cross-Origin-Resource-Policy: cross-origin``: widgets on other sites may embed
  answers; reading them from script still needs a CORS allow-list entry.
- ``X-Frame-Options: DENY``: the CSP's ``frame-ancestors 'none'`` for old browsers.
- ``Cache-Control: no-store`` on every error (4xx and 5xx).
- On documents only (HTML pages, SVG cards): ``Permissions-Policy`` with every feature off
  and ``Cross-Origin-Opener-Policy: same-origin`` (:data:`DOCUMENT_HEADERS`).

The request checks: an oversized query string, too many or repeated query
parameters, and a POST body that is not UTF-8 ``application/json`` are refused
before any handler runs. So are requests that give a header which decides the
answer (or its cache key) more than once (:data:`SINGLE_HEADERS`: a cache and a
handler could read different copies), a ``Host`` that is not ``host[:port]``
(RFC 9110 7.2) or is longer than 255 characters, and an ``Accept-Language``
longer than the 1024 characters any handler reads.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote_plus

from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ParamType
from litestar.exceptions import HTTPException
from litestar.openapi.spec import Example, OpenAPIType, Parameter, Schema
from litestar.types import Receive, ReceiveMessage, Scope

from wagecalc.api.problems import (
    InvalidRequestError,
    QueryTooLongError,
    RepeatedParameterError,
    TooManyParametersError,
)
from wagecalc.errors import InputError

__all__ = [
    "DOCUMENT_HEADERS",
    "IF_NONE_MATCH",
    "MAX_QUERY_BYTES",
    "MAX_QUERY_PARAMETERS",
    "SECURITY_HEADERS",
    "SINGLE_HEADERS",
    "check_accept_language",
    "check_content_type",
    "check_host",
    "check_query",
    "check_single_headers",
    "complete_allow",
    "etag_matches",
    "etag_of",
    "is_document",
    "no_repeated_keys",
    "utf8_only",
]

#: No endpoint has more parameters than this; more is a mistake or an attack.
MAX_QUERY_PARAMETERS = 24
MAX_QUERY_BYTES = 4096

# The API serves JSON and one HTML docs page with no scripts or styles of its own.
_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
#: Prebuilt raw header tuples: they are added to every response.
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"content-security-policy", _CSP.encode()),
    (b"cross-origin-resource-policy", b"cross-origin"),  # the widget embeds answers elsewhere
    (b"x-frame-options", b"DENY"),
)
#: Browser features a page may use: none. Every powerful feature a document could ask for is
#: off (an embed page framed elsewhere can then not be granted any either).
_PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "web-share",
        "xr-spatial-tracking",
    )
)
#: Added to answers that are documents a browser renders (HTML pages, SVG cards): no
#: browser features, and a window of their own (Cross-Origin-Opener-Policy) so that a page
#: that opened them keeps no handle on them (and they none on it).
DOCUMENT_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"permissions-policy", _PERMISSIONS_POLICY.encode()),
    (b"cross-origin-opener-policy", b"same-origin"),
)
_DOCUMENT_TYPES = (b"text/html", b"image/svg+xml")


def is_document(content_type: bytes) -> bool:
    """Whether an answer of ``content_type`` is a document a browser renders."""
    return content_type.startswith(_DOCUMENT_TYPES)


_IF_NONE_MATCH_TEXT = (
    "ETags of answers the client holds (RFC 9110): when one is the current answer's, "
    "the answer is 304 Not Modified with no body."
)
_ETAG_EXAMPLE = '"3f2a9c0d1b8e4f6a7c5d2e1f0a9b8c7d"'
#: The request header every GET and HEAD honours (:mod:`wagecalc.api.edge` answers it, no
#: handler reads it). The contract adds it to each of those operations
#: (:mod:`wagecalc.api.openapi`); declaring it on every handler instead had Litestar parse
#: it on every request for nothing. The schema is written as Litestar writes an optional
#: header (string or null), which the contract then states as a plain string like the rest.
IF_NONE_MATCH = Parameter(
    name="If-None-Match",
    param_in=ParamType.HEADER,
    schema=Schema(
        one_of=[Schema(type=OpenAPIType.STRING), Schema(type=OpenAPIType.NULL)],
        description=_IF_NONE_MATCH_TEXT,
        examples=[_ETAG_EXAMPLE],
    ),
    description=_IF_NONE_MATCH_TEXT,
    required=False,
    deprecated=False,
    examples={"if_none_match-example-1": Example(value=_ETAG_EXAMPLE)},
)
#: Request headers that decide an answer, its cache key or its framing: each at most once.
#: (Litestar's ``Request.headers`` and ``base_url`` read the first copy, a dict of the raw
#: list the last: two copies let a cache file one answer under another request's key.)
SINGLE_HEADERS = frozenset(
    {
        b"host",
        b"accept-language",
        b"content-type",
        b"content-length",
        b"if-none-match",
        b"origin",
    }
)
MAX_HOST_LENGTH = 255
#: As long as the ``Accept-Language`` header parameter's documented maxLength.
MAX_ACCEPT_LANGUAGE = 1024
#: RFC 9110 7.2: ``uri-host [ ":" port ]``. The host is an IP literal (``[::1]``) or a
#: name of RFC 3986 unreserved characters (every DNS name and IPv4 address is one);
#: reg-name's sub-delims and percent escapes, which no reachable name needs, are refused,
#: since the host may be printed into links when no public origin is configured.
_HOST_RE = re.compile(rb"(?:\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9._~-]+)(?::[0-9]{1,5})?")
#: Media types a request body may have (POST /v1/compare reads JSON, nothing else).
_JSON = "application/json"


def complete_allow(message: Any, scope: Scope) -> None:
    """``Allow`` on an OPTIONS answer lists every method of the path, not only the first.

    Litestar 2's generated OPTIONS handler keeps the methods of the first
    controller handler registered on a path (litestar-org/litestar#4169, fixed
    in v3): for /v1/compare it said ``OPTIONS, POST`` and left out GET. The
    app's own handler map for the path is the truth.
    """
    if not any(k.lower() == b"allow" for k, _ in message.get("headers") or ()):
        return
    handler_map = getattr(scope.get("litestar_app"), "route_handler_method_map", {})
    methods: set[str] = set()
    for path in getattr(scope.get("route_handler"), "paths", ()):
        methods.update(handler_map.get(path, {}))
    if methods:
        MutableScopeHeaders.from_message(message)["Allow"] = ", ".join(sorted(methods))


def check_single_headers(raw: Iterable[tuple[bytes, bytes]]) -> None:
    """400 when a header of :data:`SINGLE_HEADERS` is given more than once.

    Called only when the request repeats some header name (Edge compares the raw list's
    length with its dict's), so an ordinary request pays nothing here.
    """
    seen: set[bytes] = set()
    for name, _ in raw:
        name = name.lower()
        if name in SINGLE_HEADERS:
            if name in seen:
                shown = name.decode("latin-1").title()
                raise HTTPException(
                    status_code=400,
                    detail=f"The request gives the {shown} header more than once.",
                )
            seen.add(name)


def check_host(host: bytes) -> None:
    """400 unless ``host`` is ``host[:port]`` (RFC 9110 7.2) of at most 255 characters."""
    if len(host) > MAX_HOST_LENGTH or _HOST_RE.fullmatch(host) is None:
        raise HTTPException(
            status_code=400,
            detail=(f"The Host header must be host[:port], at most {MAX_HOST_LENGTH} characters."),
        )


def check_accept_language(value: bytes) -> None:
    """422 naming ``Accept-Language`` when it is longer than any handler reads (it is part
    of the cache key, so it is bounded before the cache sees it)."""
    if len(value) > MAX_ACCEPT_LANGUAGE:
        raise InvalidRequestError(
            [
                InputError(
                    f"Accept-Language: at most {MAX_ACCEPT_LANGUAGE} characters",
                    field="Accept-Language",
                )
            ]
        )


def utf8_only(receive: Receive) -> Receive:
    """``receive``, checking the body is UTF-8 as it arrives (400 at the first bad byte)."""
    decoder = codecs.getincrementaldecoder("utf-8")()

    async def checked() -> ReceiveMessage:
        message = await receive()
        if message["type"] == "http.request":
            try:
                decoder.decode(message.get("body", b""), final=not message.get("more_body", False))
            except UnicodeDecodeError:
                raise HTTPException(
                    status_code=400, detail="The request body is not valid UTF-8."
                ) from None
        return message

    return checked


def check_content_type(raw: bytes) -> None:
    """415 unless the body is declared ``application/json``, and UTF-8 if a charset is given
    (RFC 8259: JSON exchanged between systems is UTF-8; a body declared ``latin-1`` would
    otherwise be read as UTF-8 all the same)."""
    value = raw.decode("latin-1")
    media_type, _, parameters = value.partition(";")
    if media_type.strip().lower() != _JSON:
        raise HTTPException(
            status_code=415,
            detail=f"The request body must be {_JSON}; got {value[:40]!r}.",
        )
    for parameter in parameters.split(";"):
        name, _, given = parameter.partition("=")
        if name.strip().lower() == "charset" and given.strip().strip('"').lower() != "utf-8":
            raise HTTPException(
                status_code=415,
                detail=f"The request body must be UTF-8 {_JSON}; got {value[:60]!r}.",
            )


def no_repeated_keys(receive: Receive) -> Receive:
    """``receive``, refusing (400) a JSON body in which an object names a key twice.

    JSON parsers disagree on which copy wins (msgspec keeps the last), so a body with two
    ``currency`` keys means different things to a proxy that inspects it and to the
    service. The chunks are kept until the last (the body size limit, enforced by Litestar
    on the same chunks, bounds them) and the whole body is scanned once; a body that is
    not JSON at all is left to the decoder, which names the problem.
    """
    chunks: list[bytes] = []

    async def checked() -> ReceiveMessage:
        message = await receive()
        if message["type"] == "http.request":
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                _refuse_repeated_keys(b"".join(chunks))
        return message

    return checked


def _refuse_repeated_keys(body: bytes) -> None:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in items]
        if len(set(keys)) != len(keys):
            repeated = next(k for k in keys if keys.count(k) > 1)
            raise HTTPException(
                status_code=400,
                detail=f"The JSON body names the key {repeated[:40]!r} twice in one object.",
            )
        return dict(items)

    try:
        json.loads(body, object_pairs_hook=pairs)
    except (ValueError, RecursionError):  # not JSON, or too deep: the decoder answers
        return


def check_query(raw: bytes) -> None:
    """422 for a query string that is too long, has too many fields or repeats a name.

    The same fields and names as the standard library's ``parse_qsl`` (fields split on
    ``&``, empty ones skipped, a name is what comes before the first ``=``, with ``+``
    and percent escapes decoded), without decoding the values: only the names matter
    here, and Litestar parses the values for the handler. This runs on every request
    with a query, so the common case (no escapes in the names) compares raw bytes.
    """
    if len(raw) > MAX_QUERY_BYTES:
        raise InvalidRequestError(
            [QueryTooLongError(f"the query string is {len(raw)} bytes; at most {MAX_QUERY_BYTES}")]
        )
    # parse_qsl's own count with max_num_fields: the separators plus one, empty fields too.
    if raw.count(b"&") >= MAX_QUERY_PARAMETERS:
        raise InvalidRequestError(
            [TooManyParametersError(f"more than {MAX_QUERY_PARAMETERS} query parameters")]
        )
    names = [field.partition(b"=")[0] for field in raw.split(b"&") if field]
    # Escapes in the values (compare's "900000%20USD/year") do not matter: only a name with
    # one needs decoding before names are compared.
    spelled = b"&".join(names)
    if len(set(names)) == len(names) and b"%" not in spelled and b"+" not in spelled:
        return
    decoded = [unquote_plus(name.decode("latin-1")) for name in names]
    seen: set[str] = set()
    for name in decoded:
        if name in seen:
            raise InvalidRequestError(
                [RepeatedParameterError(f"{name[:40]!r} is given more than once", field=name[:40])]
            )
        seen.add(name)


def etag_of(body: bytes) -> bytes:
    """A strong ETag for ``body``: the first 128 bits of its SHA-256, quoted."""
    return b'"' + hashlib.sha256(body).hexdigest()[:32].encode() + b'"'


def etag_matches(if_none_match: bytes, etag: bytes) -> bool:
    """Whether an ``If-None-Match`` list names ``etag`` or ``*`` (weak comparison, RFC 9110)."""
    if not if_none_match:
        return False
    tags = {t.strip().removeprefix(b"W/") for t in if_none_match.split(b",")}
    return b"*" in tags or etag in tags
