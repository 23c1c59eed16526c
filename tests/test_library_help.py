"""What a Python user's tools read: help(), type hints, msgspec's own decoding.

Each public name's annotations must resolve at run time (msgspec, ``typing.get_type_hints``
and ``help()`` evaluate them in the defining module's namespace): a type imported only
for type checkers made ``help(wagecalc)`` raise ``NameError``.
"""

from __future__ import annotations

import inspect
import pydoc
import typing

import msgspec
import pytest

import wagecalc


def _public_callables() -> list[str]:
    return [
        name
        for name in wagecalc.__all__
        if inspect.isclass(getattr(wagecalc, name)) or inspect.isroutine(getattr(wagecalc, name))
    ]


def test_help_on_the_package_renders() -> None:
    text = pydoc.plain(pydoc.render_doc(wagecalc))
    assert "convert(" in text and "class Conversion" in text


@pytest.mark.parametrize("name", _public_callables())
def test_every_public_names_type_hints_resolve(name: str) -> None:
    obj = getattr(wagecalc, name)
    typing.get_type_hints(obj)
    pydoc.render_doc(obj)


def test_a_conversion_decodes_from_its_own_json() -> None:
    """msgspec resolves every field's type (``prices`` among them) to decode an answer."""
    result = wagecalc.convert("900000", "USD", "MYR", on="2023-07-26")
    decoded = msgspec.json.decode(msgspec.json.encode(result), type=wagecalc.Conversion)
    assert decoded == result
