"""The JSON depth check that makes a too-deep body the same 400 on every Python."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from wagecalc.api.bodies import MAX_JSON_DEPTH, json_depth_exceeds

_leaves = st.none() | st.booleans() | st.integers() | st.text(alphabet="[]{}\"\\ab'")
_values = st.recursive(
    _leaves,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=40,
)


def _depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    return 0


@given(_values, st.integers(min_value=0, max_value=8))
def test_agrees_with_the_decoded_depth(value: Any, limit: int) -> None:
    """For any JSON text, the byte scan and the depth of the decoded value agree."""
    body = json.dumps(value).encode()
    assert json_depth_exceeds(body, limit) == (_depth(value) > limit)


def test_brackets_in_strings_and_escapes_do_not_count() -> None:
    """Brackets inside strings, escaped quotes included, are not nesting."""
    body = b'{"a": "\\"[[[[[[\\\\", "b": ["]]]]"]}'
    assert json.loads(body)  # well formed
    assert not json_depth_exceeds(body, 2)
    assert json_depth_exceeds(body, 1)


def test_the_limit_itself_is_accepted() -> None:
    """Exactly MAX_JSON_DEPTH levels pass; one more does not."""
    assert not json_depth_exceeds(b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH)
    assert json_depth_exceeds(b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1))


def test_an_unterminated_string_is_scanned_once() -> None:
    """Escaped quotes with no closing quote do not make the scan quadratic or raise."""
    body = b'["' + b'\\"[' * 8000
    assert not json_depth_exceeds(body, 1)
