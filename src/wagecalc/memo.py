"""Remembered results of pure functions, bounded.

Most requests repeat every parameter but one (a widget varies the amount, not the
currencies, the date or the locale). The parse of the parameters that repeat is a
pure function of their text, so its successful result is kept under that text and
the next request skips it. Failures are never kept: a bad request always runs the
full checks, so its problem document is exactly what it was. The library keeps
salaries it has converted the same way (``compare``), keyed by everything their
figures depend on.
"""

from __future__ import annotations

import weakref
from collections.abc import Hashable
from typing import Any, Generic, TypeVar

__all__ = ["Successes", "forget_all"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Successes(Generic[K, V]):
    """At most ``size`` results by key; when full, it starts over.

    Starting over (rather than evicting the oldest) keeps a look-up to one dict
    access; keys come from requests, so a flood of new ones only costs the parse
    they would have cost anyway. Safe across threads: each operation is one dict
    operation under the GIL, and a lost entry is only a parse done again.
    """

    __slots__ = ("__weakref__", "_found", "_size")

    def __init__(self, size: int) -> None:
        self._found: dict[K, V] = {}
        self._size = size
        _ALL.add(self)

    def get(self, key: K) -> V | None:
        return self._found.get(key)

    def put(self, key: K, value: V) -> V:
        """Keep ``value`` under ``key``, and return it."""
        if len(self._found) >= self._size:
            self._found.clear()
        self._found[key] = value
        return value

    def clear(self) -> None:
        self._found.clear()

    def __len__(self) -> int:
        return len(self._found)


_ALL: weakref.WeakSet[Successes[Any, Any]] = weakref.WeakSet()


def forget_all() -> None:
    """Empty every memo (tests compare an answer made with and without them)."""
    for memo in list(_ALL):
        memo.clear()
