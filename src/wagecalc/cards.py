"""Share cards: a self-contained 1200×630 SVG of an answer (no HTTP here).

The card has a headline, up to three lines of body text (each wrapped to at
most two lines), and a footer with the rate, its date and the sources. Text is
wrapped by an estimate of its width: a character counts one unit, a wide (CJK)
character two, and a unit is about half the font size. Every string is
XML-escaped (characters XML 1.0 cannot hold are dropped), and only generic font
families are named, so the card renders anywhere with whatever fonts the
viewer has (CJK through the system's fallback for ``sans-serif``).

>>> wrap("aaa bbb ccc", 7)
['aaa bbb', 'ccc']
>>> wrap("汇率是四点五五", 6)
['汇率是', '四点五', '五']
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence

__all__ = ["HEIGHT", "WIDTH", "card_svg", "text_units", "wrap"]

WIDTH = 1200
HEIGHT = 630
_MARGIN = 64
_TEXT_WIDTH = WIDTH - 2 * _MARGIN
#: One unit of text width, as a fraction of the font size (a Latin character, on average).
_UNIT_EM = 0.55
_ELLIPSIS = "…"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: Spaces a line may break at: whitespace but the no-break space (CLDR's currency
#: spacing, "USD 900,000"), which stays inside its word.
_SPACES = re.compile("[^\\S\u00a0]+")
_TOKENS = re.compile("[^\\S\u00a0]+|\u00a0|\\S")


def _x(text: str) -> str:
    """``text`` for XML content or a double-quoted attribute."""
    return html.escape(_NOT_XML.sub("", text), quote=True)


def _units(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def text_units(text: str) -> int:
    """The width estimate of ``text``: one unit a character, two for a wide (CJK) one."""
    return sum(_units(c) for c in text)


def _words(text: str) -> list[str]:
    """Breakable pieces: runs of narrow characters, single wide characters, spaces."""
    pieces: list[str] = []
    for match in _TOKENS.finditer(text):
        piece = match.group()
        narrow = not _is_break(piece) and _units(piece) == 1
        if narrow and pieces and not _is_break(pieces[-1]) and _units(pieces[-1][-1]) == 1:
            pieces[-1] += piece
        else:
            pieces.append(piece)
    return pieces


def _is_break(piece: str) -> bool:
    """Whether ``piece`` is a space a line may break at (a no-break space is not)."""
    return piece.isspace() and "\u00a0" not in piece


def wrap(text: str, capacity: int) -> list[str]:
    """``text`` in lines of at most ``capacity`` units, broken at spaces or wide characters."""
    lines: list[str] = []
    line = ""
    for word in _words(_SPACES.sub(" ", text).strip()):
        if _is_break(word):
            if line:
                line += " "
            continue
        while text_units(word) > capacity:  # a word longer than a line: cut it
            room = capacity - text_units(line)
            cut = _fit(word, room) if room > 0 else 0
            if cut == 0:
                lines.append(line.rstrip())
                line = ""
                continue
            lines.append(line + word[:cut])
            line, word = "", word[cut:]
        if text_units(line) + text_units(word) > capacity and line.strip():
            lines.append(line.rstrip())
            line = ""
        line += word
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _fit(word: str, room: int) -> int:
    used = 0
    for index, char in enumerate(word):
        used += _units(char)
        if used > room:
            return index
    return len(word)


def _capacity(font_size: int) -> int:
    return int(_TEXT_WIDTH / (font_size * _UNIT_EM))


def _clamp(lines: list[str], most: int, capacity: int) -> list[str]:
    """At most ``most`` lines; the last one ends in an ellipsis when text was cut."""
    if len(lines) <= most:
        return lines
    kept = lines[:most]
    last = kept[-1]
    while last and text_units(last) + 1 > capacity:
        last = last[:-1]
    kept[-1] = last.rstrip() + _ELLIPSIS
    return kept


def _text(lines: Sequence[str], x: int, y: int, size: int, leading: int, **attrs: str) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{_x(v)}"' for name, v in attrs.items())
    spans = "".join(
        f'<tspan x="{x}" y="{y + i * leading}">{_x(line)}</tspan>' for i, line in enumerate(lines)
    )
    return f'<text font-size="{size}"{extra}>{spans}</text>'


def card_svg(
    *,
    lang: str,
    title: str,
    headline: str,
    body: Sequence[str],
    footer: Sequence[str],
) -> str:
    """The card: ``headline`` large, up to three ``body`` entries, ``footer`` lines small.

    ``title`` becomes the SVG's ``<title>``; ``<desc>`` holds every text in full
    (what the wrapping cut stays readable to a screen reader).
    """
    body_size, foot_size = 30, 20
    # A figure fits large; a sentence as headline gets a smaller size and a third line.
    head_size, leading, most = 60, 72, 2
    if len(wrap(headline, _capacity(head_size))) > most:
        head_size, leading, most = 44, 54, 3
    head = _clamp(wrap(headline, _capacity(head_size)), most, _capacity(head_size))
    parts = [
        _text(head, _MARGIN, 124, head_size, leading, font_weight="700", fill="#111111"),
    ]
    y = 124 + leading * (len(head) - 1) + 72
    body_capacity = _capacity(body_size)
    for entry in list(body)[:3]:
        lines = _clamp(wrap(entry, body_capacity), 2, body_capacity)
        parts.append(_text(lines, _MARGIN, y, body_size, 40, fill="#222222"))
        y += 40 * len(lines) + 22
    foot_capacity = _capacity(foot_size)
    foot_lines: list[str] = []
    for entry in footer:
        foot_lines += wrap(entry, foot_capacity)
    foot_lines = _clamp(foot_lines, 4, foot_capacity)
    foot_y = HEIGHT - 40 - 28 * (len(foot_lines) - 1)
    parts.append(_text(foot_lines, _MARGIN, foot_y, foot_size, 28, fill="#555555"))
    desc = " ".join([headline, *body, *footer])
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="card-title card-desc" '
        f'xml:lang="{_x(lang)}" font-family="sans-serif">'
        f'<title id="card-title">{_x(title)}</title>'
        f'<desc id="card-desc">{_x(desc)}</desc>'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>'
        f'<rect width="{WIDTH}" height="12" fill="#0b5cad"/>'
        + "".join(parts)
        + f'<text x="{WIDTH - _MARGIN}" y="52" font-size="22" '
        'text-anchor="end" font-weight="700" fill="#0b5cad">wagecalc</text>'
        "</svg>"
    )
