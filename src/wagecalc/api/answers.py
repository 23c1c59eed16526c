"""``JSONAnswer``: the ``Response`` every JSON answer is made with.

For each answer Litestar's ``Response.to_asgi_response`` merges the handler's
headers, cookies and the app's type encoders into new dicts (with pydantic
installed, Litestar's pydantic plugin adds 17 type encoders to every app),
picks a serializer, then has ``ASGIResponse`` add each header and look for
``content-type`` and ``content-length``, which are not there yet, so each
look-up ends in a caught ``KeyError``. For an answer with no cookies, no
background task and no handler-level headers the result is always the same:
the JSON bytes and a header list, which this class builds directly (issue 14:
about 35,000 instructions of a cold conversion's 565,000). Anything else (text or
bytes content, a status without a body, a handler's own content-type) goes
Litestar's way.

The bytes are msgspec's, as Litestar's: its encoder calls the type encoders only
for types it cannot encode itself, and wagecalc's views are msgspec structs of
strings, decimals, dates and numbers, so the encoder here has none; should a view
ever hold another type, this encoder raises (``TypeError`` or ``msgspec.EncodeError``)
and Litestar's own path (with its encoders) answers instead.
``tests/api/test_answers.py`` checks both paths give the same status, headers and bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec
from litestar import Response
from litestar.response.base import ASGIResponse

if TYPE_CHECKING:
    from litestar import Litestar, Request
    from litestar.background_tasks import BackgroundTask, BackgroundTasks
    from litestar.datastructures import Cookie
    from litestar.enums import MediaType
    from litestar.types import TypeEncodersMap

__all__ = ["JSONAnswer"]

T = TypeVar("T")

_CONTENT_TYPE = ("content-type", "application/json")
_FRAMING = frozenset({"content-type", "content-length"})
#: msgspec's JSON encoder with no ``enc_hook``: see the module's docstring.
_ENCODER = msgspec.json.Encoder()


class JSONAnswer(Response[T]):
    """A JSON ``Response`` whose ASGI answer is built in one step when there is nothing to merge."""

    def to_asgi_response(
        self,
        app: Litestar | None,
        request: Request[Any, Any, Any],
        *,
        background: BackgroundTask | BackgroundTasks | None = None,
        cookies: Iterable[Cookie] | None = None,
        encoded_headers: Iterable[tuple[bytes, bytes]] | None = None,
        headers: dict[str, str] | None = None,
        is_head_response: bool = False,
        media_type: MediaType | str | None = None,
        status_code: int | None = None,
        type_encoders: TypeEncodersMap | None = None,
    ) -> ASGIResponse:
        status = self.status_code or status_code or 200
        plain = not (
            app is not None
            or background is not None
            or self.background is not None
            or cookies
            or self.cookies
            or encoded_headers is not None
            or headers
            or self.response_type_encoders
            or self.media_type is not None
            or (media_type and media_type != "application/json")  # Litestar passes "" here
            # Litestar sends text and bytes as they are, and no body or framing headers
            # with a 1xx, 204 or 304: those, and a handler's own framing, are its to do.
            or isinstance(self.content, (str, bytes))
            or not (200 <= status < 300 and status != 204)
            or not _FRAMING.isdisjoint(map(str.lower, self.headers))
        )
        if plain:
            try:
                body = _ENCODER.encode(self.content)
            except (TypeError, msgspec.EncodeError):
                plain = False  # Litestar's path encodes it, or raises its own error
        if not plain:
            return super().to_asgi_response(
                app,
                request,
                background=background,
                cookies=cookies,
                encoded_headers=encoded_headers,
                headers=headers,
                is_head_response=is_head_response,
                media_type=media_type,
                status_code=status_code,
                type_encoders=type_encoders,
            )
        return ASGIResponse(
            body=body,
            headers=[_CONTENT_TYPE, ("content-length", str(len(body))), *self.headers.items()],
            is_head_response=is_head_response,
            status_code=status,
        )
