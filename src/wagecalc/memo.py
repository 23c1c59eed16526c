"""Bounded memos for work that repeats across requests: dicts that start afresh when full.

Most requests repeat every parameter but one (a widget varies the amount, not the
currencies, the date or the locale). What does not depend on the amount is a pure
function of what does repeat, so it is kept and the next request skips it:

- the parse of the parameters that repeat, under their text (successes only: a bad
  request always runs the full checks, so its problem document is exactly what it was);
- a rule's formatted figure and its view, under immutable values and object
  identities (the entry keeps the objects, so that their ids cannot be reused);
- a salary already converted (``compare``), under everything its figures depend on,
  the quote object included, so that a live source's new quote is converted afresh.

Keys come from callers (any date, any rule table an operator loads), so every memo is
bounded. Forgetting everything when full is cheaper per look-up than keeping an LRU
order, and the few entries a service really uses are made again at once.
"""

from __future__ import annotations

import weakref
from typing import Any, Generic, TypeVar

__all__ = ["BoundedMemo", "forget_all"]

K = TypeVar("K")
V = TypeVar("V")


class BoundedMemo(dict[K, V], Generic[K, V]):
    """``get`` is dict's own (no Python frame per look-up); ``remember`` adds within the bound.

    Safe across threads for its purpose: dict operations hold the GIL, and two threads
    that miss the same key both make the (equal) value.
    """

    def __init__(self, maxsize: int) -> None:
        super().__init__()
        self.maxsize = maxsize
        _ALL.add(self)

    def remember(self, key: K, value: V) -> V:
        """Keep ``value`` under ``key``, and return it."""
        if len(self) >= self.maxsize:
            self.clear()
        self[key] = value
        return value

    # A dict is unhashable and compares by content; a memo is one object among many in
    # the registry below, so it hashes and compares by identity.
    __hash__ = object.__hash__  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        return self is other


_ALL: weakref.WeakSet[BoundedMemo[Any, Any]] = weakref.WeakSet()


def forget_all() -> None:
    """Empty every memo (tests compare an answer made with and without them)."""
    for memo in list(_ALL):
        memo.clear()
