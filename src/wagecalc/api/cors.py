"""Cross-origin reads: which pages may read answers, and refused preflights as problems.

Litestar's ``CORSConfig`` answers a refused preflight with ``text/plain`` and
sets ``Vary: Origin`` in place of the answer's own ``Vary`` (so a CDN kept one
language's answer for every reader). This is the small part of CORS wagecalc
needs, done here:

- a preflight (``OPTIONS`` with ``Origin`` and ``Access-Control-Request-Method``)
  is answered by :meth:`Cors.answer_preflight`: 204 with the allowed methods and
  headers, or a 403 ``application/problem+json`` naming what was refused;
- every other answer gets ``Access-Control-Allow-Origin`` (and the exposed
  headers) from :meth:`Cors.add_headers`, called by ``wagecalc.api.edge.AnswerHeaders`` on
  the way out, so replays from the response cache get them too and ``Origin`` stays out
  of the cache key;
- ``Vary: Origin`` is added to the answer's ``Vary`` only when the allowed origin
  depends on the request (an explicit list, not ``*``).

A simple request from an origin not on the list is served without CORS headers:
the browser then withholds the answer from the page.
"""

from __future__ import annotations

from collections.abc import Iterable

from litestar.plugins.problem_details import ProblemDetailsException
from litestar.types import Send

from wagecalc.api.problems import PROBLEM_TYPE_PREFIX

__all__ = ["ALLOWED_HEADERS", "EXPOSED_HEADERS", "Cors", "vary_on"]

#: Request headers a page may send (besides the CORS-safelisted ones).
ALLOWED_HEADERS = ("accept-language", "content-type", "if-none-match")
#: Response headers a page may read (besides the CORS-safelisted ones).
EXPOSED_HEADERS = ("age", "content-language", "etag")
_MAX_AGE = b"86400"


class Cors:
    """The CORS policy: allowed origins (``*`` for any) and methods."""

    def __init__(self, origins: Iterable[str], methods: Iterable[str]) -> None:
        self.origins = frozenset(origins)
        self.methods = tuple(dict.fromkeys(m.upper() for m in methods))
        self.any_origin = "*" in self.origins
        self._allow_methods = ", ".join(self.methods).encode()
        self._allow_headers = ", ".join(ALLOWED_HEADERS).encode()
        self._expose = ", ".join(EXPOSED_HEADERS).encode()

    @property
    def enabled(self) -> bool:
        return bool(self.origins)

    @property
    def varies(self) -> bool:
        """Whether ``Access-Control-Allow-Origin`` depends on the request's ``Origin``."""
        return self.enabled and not self.any_origin

    def allows(self, origin: str) -> bool:
        return bool(origin) and (self.any_origin or origin in self.origins)

    def refusals(self, origin: str, method: str, headers: str) -> list[dict[str, str]]:
        """What a preflight asks that this policy refuses, one entry per header."""
        found: list[dict[str, str]] = []
        if not self.allows(origin):
            found.append(
                _refusal("Origin", f"the origin {origin[:80]!r} may not read this service")
            )
        if method.upper() not in self.methods:
            allowed = ", ".join(self.methods) or "none"
            found.append(
                _refusal(
                    "Access-Control-Request-Method",
                    f"the method {method[:20]!r} is not allowed cross-origin (allowed: {allowed})",
                )
            )
        asked = [h.strip().lower() for h in headers.split(",") if h.strip()]
        if extra := [h for h in asked if h not in ALLOWED_HEADERS]:
            found.append(
                _refusal(
                    "Access-Control-Request-Headers",
                    f"headers {', '.join(extra)[:120]!r} are not allowed cross-origin "
                    f"(allowed: {', '.join(ALLOWED_HEADERS)})",
                )
            )
        return found

    def add_headers(
        self, raw: list[tuple[bytes, bytes]], origin: bytes
    ) -> list[tuple[bytes, bytes]]:
        """An answer's headers with the allowed origin, and ``Origin`` in its ``Vary``.

        ``origin``: the request's ``Origin`` (empty if none). Called only when CORS is on.
        """
        if any(k.lower() == b"access-control-allow-origin" for k, _ in raw):
            # A public file that sets its own (GET /widget/*: ``*``) keeps it, and does
            # not vary on Origin; a second value would make the browser refuse both.
            return raw
        if origin and self.allows(origin.decode("latin-1")):
            raw.append((b"access-control-allow-origin", b"*" if self.any_origin else origin))
            raw.append((b"access-control-expose-headers", self._expose))
        if self.varies:
            raw = vary_on(raw, b"Origin")
        return raw

    def preflight_headers(self) -> list[tuple[bytes, bytes]]:
        return [
            (b"access-control-allow-methods", self._allow_methods),
            (b"access-control-allow-headers", self._allow_headers),
            (b"access-control-max-age", _MAX_AGE),
        ]

    async def answer_preflight(self, headers: dict[bytes, bytes], send: Send) -> bool:
        """Answer a CORS preflight (``OPTIONS`` with ``Origin`` and
        ``Access-Control-Request-Method``): 204 when allowed, a 403 problem naming each
        refusal. False, having sent nothing, for any other OPTIONS request.

        ``headers``: the request's headers by lower-case name.
        """
        method = headers.get(b"access-control-request-method", b"")
        origin = headers.get(b"origin", b"")
        if not method or not origin:
            return False
        requested = headers.get(b"access-control-request-headers", b"")
        refused = self.refusals(
            origin.decode("latin-1"), method.decode("latin-1"), requested.decode("latin-1")
        )
        if refused:
            raise ProblemDetailsException(
                status_code=403,
                type_=PROBLEM_TYPE_PREFIX + "cors-refused",
                title="Cross-origin request refused",
                detail="; ".join(r["message"] for r in refused),
                headers={"Cache-Control": "no-store"},
                extra={"errors": refused},
            )
        await send(
            {
                "type": "http.response.start",
                "status": 204,
                "headers": [*self.preflight_headers(), (b"cache-control", b"no-store")],
            }
        )
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        return True


def _refusal(field: str, message: str) -> dict[str, str]:
    return {"field": field, "code": "cors-refused", "message": message}


def vary_on(raw: list[tuple[bytes, bytes]], name: bytes) -> list[tuple[bytes, bytes]]:
    """``raw`` with ``name`` added to its ``Vary`` header (kept once, other names kept)."""
    for index, (key, value) in enumerate(raw):
        if key.lower() == b"vary":
            names = [v.strip().lower() for v in value.split(b",")]
            if name.lower() not in names and b"*" not in names:
                raw[index] = (key, value + b", " + name)
            return raw
    raw.append((b"vary", name))
    return raw
