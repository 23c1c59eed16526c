"""``str.format`` templates compiled once into ``%`` patterns, for sentences made per request.

A sentence template (``'{amount} {per} buys {count} {label} ({rule_amount} each).'``)
is filled for every equivalent of every request. ``str.format`` with keyword
arguments parses the template and builds a dict each time; a ``%`` pattern
with positional ``%s`` and the rule's own parts already in place does the same
in about a third of the instructions. Translations may reorder fields
(``'{per}{amount}可买{count}{label}…'``), so the pattern comes with an
``arrange`` function (``operator.itemgetter``, in C) that puts the caller's
values in the template's order.

Only plain fields (``{name}``, no conversion, no format spec, no attribute or
index) are compiled; any other template keeps ``str.format`` behind the same
interface, so a translation can never change what a sentence says.
"""

from __future__ import annotations

import operator
import string
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

__all__ = ["Pattern", "compile_template"]


class Pattern(NamedTuple):
    """``pattern % arrange(values)`` equals ``template.format(**fields, **fixed)``.

    ``values`` are given in the order of the ``fields`` the template was compiled with.
    """

    pattern: str
    arrange: Callable[[tuple[str, ...]], object]

    def fill(self, values: tuple[str, ...]) -> str:
        """The filled template (the hot paths inline ``pattern % arrange(values)``)."""
        return self.pattern % self.arrange(values)


def compile_template(template: str, fields: Sequence[str], fixed: Mapping[str, str]) -> Pattern:
    """``template`` with ``fixed`` filled in now and ``fields`` left for :meth:`Pattern.fill`."""
    fields = tuple(fields)
    parts: list[str] = []
    order: list[int] = []
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:  # a malformed template: str.format raises, each time, as it would
        return _formatting(template, fields, fixed)
    for literal, name, spec, conversion in parsed:
        parts.append(literal.replace("%", "%%"))
        if name is None:
            continue
        if spec or conversion is not None:
            return _formatting(template, fields, fixed)
        if name in fixed:
            parts.append(fixed[name].replace("%", "%%"))
        elif name in fields:
            parts.append("%s")
            order.append(fields.index(name))
        else:  # positional, attribute, index or unknown: str.format's own answer or error
            return _formatting(template, fields, fixed)
    return Pattern("".join(parts), _arrange(order))


def _arrange(order: list[int]) -> Callable[[tuple[str, ...]], object]:
    if not order:
        return _nothing
    # One index: itemgetter gives the bare string, which % takes as its one argument.
    return operator.itemgetter(*order)


def _nothing(values: tuple[str, ...]) -> tuple[()]:
    return ()


def _formatting(template: str, fields: tuple[str, ...], fixed: Mapping[str, str]) -> Pattern:
    """The same interface over ``str.format``, for templates the compiler leaves alone."""
    fixed = dict(fixed)

    def arrange(values: tuple[str, ...]) -> tuple[str]:
        return (template.format(**dict(zip(fields, values, strict=True)), **fixed),)

    return Pattern("%s", arrange)
