"""JSON request bodies: refused when nested deeper than any body the contract describes.

Litestar decodes a body without its type first (``Request.json``), and how deep msgspec can
go then depends on the interpreter: on Python 3.11 an array nested 8,000 deep raises
``RecursionError`` (the Python recursion limit), on 3.12 and later the C stack limit is far
higher and the same body decodes, to be refused later as the wrong type. The same request
must get the same answer on every supported Python, so depth is checked here, on the raw
bytes, before any decoding: deeper than :data:`MAX_JSON_DEPTH` is a 400 ``body-too-deep``.
"""

from __future__ import annotations

import re
from typing import Any

from litestar import Request

__all__ = ["MAX_JSON_DEPTH", "BodyTooDeepError", "DepthCheckedRequest", "json_depth_exceeds"]

#: The deepest nesting accepted. The deepest body in the contract is 3 levels
#: (``{"salaries": [{...}]}``); 64 leaves room for any future body and stays far below the
#: depth at which msgspec's untyped decode meets Python 3.11's recursion limit (about 900).
MAX_JSON_DEPTH = 64

# A string (an unterminated one runs to the end: no backtracking, so linear on any input)
# or one bracket. Brackets inside strings are skipped with the string.
_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*(?:"|\Z)|[\[\]{}]', re.DOTALL)
_OPENERS = frozenset(b"[{")


class BodyTooDeepError(Exception):
    """A JSON body nested deeper than :data:`MAX_JSON_DEPTH`."""


def json_depth_exceeds(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether the JSON text ``body`` nests arrays and objects deeper than ``limit``.

    Malformed text is not judged here (the decoder refuses it); only its brackets outside
    strings are counted.

    >>> json_depth_exceeds(b'{"a": [1, {"b": "[[[["}]}', limit=3)
    False
    >>> json_depth_exceeds(b"[[[[]]]]", limit=3)
    True
    """
    # Fewer opening brackets than the limit cannot nest past it: the usual case, two C scans.
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    depth = 0
    for token in _TOKENS.finditer(body):
        first = token.group()[0]
        if first in _OPENERS:
            depth += 1
            if depth > limit:
                return True
        elif first != 0x22:  # '"': a string, skipped
            depth -= 1
    return False


class DepthCheckedRequest(Request[Any, Any, Any]):
    """Litestar's request, whose JSON body is checked for depth before it is decoded."""

    async def json(self) -> Any:
        if json_depth_exceeds(await self.body()):
            raise BodyTooDeepError
        return await super().json()
