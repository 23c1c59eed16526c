"""A bounded memo for work that repeats across requests: a dict that starts afresh when full.

The hot paths remember what does not depend on a request's amount (a rule's
formatted figure, its view) under keys of immutable values and object
identities. Keys may come from callers (any date, any rule table an operator
loads), so the memo must stay bounded; forgetting everything when full is
cheaper per lookup than keeping an LRU order, and the few entries a service
really uses are made again at once.
"""

from __future__ import annotations

from typing import Generic, TypeVar

__all__ = ["BoundedMemo"]

K = TypeVar("K")
V = TypeVar("V")


class BoundedMemo(dict[K, V], Generic[K, V]):
    """``get`` is dict's own (no Python frame per lookup); ``remember`` adds within the bound.

    Safe across threads for its purpose: dict operations hold the GIL, and two
    threads that miss the same key both make the (equal) value.
    """

    def __init__(self, maxsize: int) -> None:
        super().__init__()
        self.maxsize = maxsize

    def remember(self, key: K, value: V) -> V:
        if len(self) >= self.maxsize:
            self.clear()
        self[key] = value
        return value
