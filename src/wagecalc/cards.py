"""Share cards: a self-contained 1200×630 SVG of an answer (no HTTP here).

The card answers first: a kicker (what the card is), the headline figure or
sentence in large type, then either the key equivalents or two bars, and in
small print the rate with its date and the sources; ``wagecalc`` at the top
right is the credit. Body text is never cut: an entry that does not fit whole
is set smaller, and an entry that still does not fit is left out (fewer items
rather than a caveat cut in half). ``<desc>`` holds every text in full.

Text is wrapped by the advance widths of the fonts the card names (Noto Sans,
or Noto Sans CJK SC when any text is Chinese, Noto Sans CJK TC first for a zh-Hant
card, so that its characters take Taiwan's shapes), read from the table that
``scripts/fonts.py`` writes beside the fonts in the package's ``fonts/`` folder: the PNG
(:mod:`wagecalc.raster`) is drawn with exactly those fonts. A browser showing
the SVG without them falls back to its ``sans-serif``. No line starts with
closing punctuation (``。，、）」`` and the like) or ends with opening punctuation.
Every string is XML-escaped (characters XML 1.0 cannot hold are dropped).

>>> wrap("aaa bbb ccc", 7)
['aaa bbb', 'ccc']
>>> wrap("汇率是四点五五", 6)
['汇率是', '四点五', '五']
>>> wrap("薪酬是日薪的四倍。", 8)
['薪酬是日', '薪的四', '倍。']
"""

from __future__ import annotations

import functools
import html
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal
from importlib.resources import files
from typing import NamedTuple

__all__ = ["HEIGHT", "WIDTH", "Bar", "card_svg", "labelled", "text_units", "wrap"]

WIDTH = 1200
HEIGHT = 630
_MARGIN = 64
_TEXT_WIDTH = WIDTH - 2 * _MARGIN
_ELLIPSIS = "…"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: Spaces a line may break at: whitespace but the no-break space (CLDR's currency
#: spacing, "USD 900,000"), which stays inside its word.
_SPACES = re.compile("[^\\S\u00a0]+")
_TOKENS = re.compile("[^\\S\u00a0]+|\u00a0|\\S")
#: Punctuation no line may start with (closing), or end with (opening): JIS X 4051's rule.
_CLOSING = frozenset("。，、．）」』】》〉〕｝！？：；”’％〟")
_OPENING = frozenset("（「『【《〈〔｛“‘〝")

#: The font families named, first choice first, and the fonts whose widths wrap the text.
LATIN_FAMILY = "'Noto Sans', 'Noto Sans CJK SC', sans-serif"
CJK_FAMILY = "'Noto Sans CJK SC', 'Noto Sans', sans-serif"
#: A zh-Hant card: the TC face (cut to the characters the service writes), then SC for a
#: reader's character the TC subset lacks.
HANT_FAMILY = "'Noto Sans CJK TC', 'Noto Sans CJK SC', 'Noto Sans', sans-serif"
_INK = "#111111"
_TEXT = "#262626"
_QUIET = "#595959"
_ACCENT = "#0b5cad"
_BAR_COLOURS = ("#0b5cad", "#d9730d")

CharWidth = Callable[[str], float]


class Bar(NamedTuple):
    """One bar of a compare card: its label, its figure as text, and the value it is drawn to
    (only compared with the other bars' values: the drawing's proportion)."""

    label: str
    figure: str
    value: Decimal


def _x(text: str) -> str:
    """``text`` for XML content or a double-quoted attribute."""
    return html.escape(_NOT_XML.sub("", text), quote=True)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _units(char: str) -> float:
    return 2 if _wide(char) else 1


def text_units(text: str) -> float:
    """The width estimate of ``text``: one unit a character, two for a wide (CJK) one."""
    return sum(_units(c) for c in text)


def _words(text: str) -> list[str]:
    """Breakable pieces: runs of narrow characters, single wide characters, spaces; closing
    punctuation stays with what precedes it and opening punctuation with what follows."""
    pieces: list[str] = []
    for match in _TOKENS.finditer(text):
        piece = match.group()
        space = _is_break(piece)
        previous = pieces[-1] if pieces else ""
        joined = not space and previous and not _is_break(previous)
        # Kept together: closing punctuation and what precedes it, opening punctuation and
        # what follows it, a run of narrow characters (a word, a figure).
        kinsoku = piece in _CLOSING or previous[-1:] in _OPENING
        narrow = not _wide(piece) and not _wide(previous[-1:] or " ")
        if joined and (kinsoku or narrow):
            pieces[-1] += piece
        else:
            pieces.append(piece)
    return pieces


def _is_break(piece: str) -> bool:
    """Whether ``piece`` is a space a line may break at (a no-break space is not)."""
    return piece.isspace() and "\u00a0" not in piece


def _width(text: str, char_width: CharWidth) -> float:
    return sum(char_width(c) for c in text)


def wrap(text: str, capacity: float, char_width: CharWidth = _units) -> list[str]:
    """``text`` in lines at most ``capacity`` wide (each character ``char_width`` wide), broken
    at spaces or between wide characters, never before closing punctuation."""
    lines: list[str] = []
    line = ""
    for word in _words(_SPACES.sub(" ", text).strip()):
        if _is_break(word):
            if line:
                line += " "
            continue
        while _width(word, char_width) > capacity:  # a word longer than a line: cut it
            room = capacity - _width(line, char_width)
            cut = _legal_cut(word, _fit(word, room, char_width) if room > 0 else 0)
            if cut == 0:
                if line.strip():
                    lines.append(line.rstrip())
                    line = ""
                    continue
                # Nothing fits a line of its own: the shortest piece the rules allow, over.
                cut = next((i for i in range(1, len(word)) if _legal_cut(word, i) == i), len(word))
            if cut >= len(word):
                break
            lines.append(line + word[:cut])
            line, word = "", word[cut:]
        if _width(line + word, char_width) > capacity and line.strip():
            lines.append(line.rstrip())
            line = ""
        line += word
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _legal_cut(word: str, cut: int) -> int:
    """``cut``, moved back until ``word[cut:]`` starts with no closing punctuation and
    ``word[:cut]`` ends with no opening punctuation (0: no such place)."""
    while 0 < cut < len(word) and (word[cut] in _CLOSING or word[cut - 1] in _OPENING):
        cut -= 1
    return cut


def _fit(word: str, room: float, char_width: CharWidth) -> int:
    used = 0.0
    for index, char in enumerate(word):
        used += char_width(char)
        if used > room:
            return index
    return len(word)


@functools.cache
def _advances() -> dict[str, dict[str, float]]:
    """Advance widths in em, per font (``widths.json``, written by ``scripts/fonts.py``)."""
    table = files("wagecalc").joinpath("fonts", "widths.json").read_text(encoding="utf-8")
    loaded: dict[str, dict[str, float]] = json.loads(table)
    return loaded


class _Face(NamedTuple):
    family: str
    regular: str
    bold: str


_LATIN = _Face(LATIN_FAMILY, "NotoSans-Regular", "NotoSans-Bold")
_CJK = _Face(CJK_FAMILY, "NotoSansCJKsc-Regular", "NotoSansCJKsc-Bold")
_HANT = _Face(HANT_FAMILY, "NotoSansCJKtc-Regular", "NotoSansCJKtc-Bold")


def _face(lang: str, chinese: bool) -> _Face:
    """The fonts of a card in ``lang`` (a BCP 47 tag) whose texts are ``chinese`` or not.

    >>> [_face(t, True).family.split(",")[0] for t in ("zh-Hant", "zh-Hans", "zh-TW")]
    ["'Noto Sans CJK TC'", "'Noto Sans CJK SC'", "'Noto Sans CJK TC'"]
    >>> _face("en", False).family.split(",")[0]
    "'Noto Sans'"
    """
    if not chinese:
        return _LATIN
    subtags = lang.replace("_", "-").lower().split("-")
    return _HANT if {"hant", "tw", "hk", "mo"} & set(subtags[1:]) else _CJK


@functools.cache
def _char_width(font: str, size: float) -> CharWidth:
    """Each character's advance at ``size`` pixels; one em for a character the table lacks
    (CJK, drawn from the CJK font), plus 1% for the kerning and rounding the table ignores."""
    advances = _advances()[font]
    scale = size * 1.01

    def width(char: str) -> float:
        return advances.get(char, 1.0) * scale

    return width


class _Type:
    """One text style of the card: its size, weight and measure."""

    def __init__(self, face: _Face, size: float, *, bold: bool = False) -> None:
        self.size = size
        self.bold = bold
        self.leading = round(size * 1.3)
        self.char_width = _char_width(face.bold if bold else face.regular, size)

    def wrap(self, text: str, width: float = _TEXT_WIDTH) -> list[str]:
        return wrap(text, width, self.char_width)

    def width(self, text: str) -> float:
        return _width(text, self.char_width)

    def clamp(self, text: str, width: float) -> str:
        """``text`` on one line of ``width``, cut with an ellipsis when it is longer."""
        if self.width(text) <= width:
            return text
        room = width - self.char_width(_ELLIPSIS)
        return text[: _fit(text, room, self.char_width)].rstrip() + _ELLIPSIS

    def text(self, lines: Sequence[str], x: float, y: float, fill: str, anchor: str = "") -> str:
        weight = ' font-weight="700"' if self.bold else ""
        end = ' text-anchor="end"' if anchor == "end" else ""
        spans = "".join(
            f'<tspan x="{x:g}" y="{y + i * self.leading:g}">{_x(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        return f'<text font-size="{self.size:g}"{weight}{end} fill="{fill}">{spans}</text>'


def _headline(face: _Face, headline: str, unit: str) -> tuple[_Type, list[str], _Type]:
    """The largest size at which the headline fits: a figure (with ``unit`` after it, smaller)
    on one line, a sentence on at most three."""
    for size, most in ((64, 1), (56, 1), (48, 2), (40, 3), (34, 3)):
        style = _Type(face, size, bold=True)
        unit_style = _Type(face, round(size * 0.5))
        lines = style.wrap(headline)
        room = _TEXT_WIDTH - style.width(lines[-1]) - 16 if lines else 0
        if len(lines) <= most and (not unit or unit_style.width(unit) <= room):
            return style, lines, unit_style
    style = _Type(face, 34, bold=True)
    lines = style.wrap(headline)
    kept = lines[:3]
    if len(lines) > 3:
        kept[-1] = style.clamp(kept[-1] + " " + lines[3], _TEXT_WIDTH)
    return style, kept, _Type(face, 17)


def _body(
    face: _Face, entries: Sequence[str], top: float, bottom: float
) -> tuple[list[str], list[int]]:
    """The body entries that fit whole between ``top`` and ``bottom`` (baselines), and their
    indices: the first at the largest size it fits, the others smaller, each only if whole."""
    parts: list[str] = []
    shown: list[int] = []
    y = top
    for index, entry in enumerate(entries):
        sizes = (34, 30, 27, 24, 21) if not shown else (24,)
        for size in sizes:
            style = _Type(face, size)
            lines = style.wrap(entry)
            if lines and y + style.leading * (len(lines) - 1) <= bottom:
                parts.append(style.text(lines, _MARGIN, y, _QUIET if shown else _TEXT))
                y += style.leading * len(lines) + (14 if shown else 22)
                shown.append(index)
                break
    return parts, shown


def _bars(face: _Face, bars: Sequence[Bar], top: float, bottom: float) -> list[str]:
    """Each bar: its label (cut to one line when it must be) and figure, then the bar, whose
    length is its value against the largest."""
    label_style = _Type(face, 26, bold=True)
    figure_style = _Type(face, 26)
    block = (bottom - top) / max(len(bars), 1)
    bar_height = max(24, min(64, block - label_style.leading - 22))
    largest = max((b.value for b in bars), default=Decimal(0))
    parts: list[str] = []
    y = top
    for index, bar in enumerate(bars):
        figure_width = figure_style.width(bar.figure)
        label = label_style.clamp(bar.label, _TEXT_WIDTH - figure_width - 32)
        parts.append(label_style.text([label], _MARGIN, y, _INK))
        parts.append(figure_style.text([bar.figure], WIDTH - _MARGIN, y, _TEXT, anchor="end"))
        share = bar.value / largest if largest > 0 else Decimal(0)
        length = max(6, int(share * _TEXT_WIDTH))
        colour = _BAR_COLOURS[index % len(_BAR_COLOURS)]
        parts.append(
            f'<rect x="{_MARGIN}" y="{y + 14:g}" width="{length}" height="{bar_height:g}" '
            f'rx="4" fill="{colour}"/>'
        )
        y += block
    return parts


def labelled(label: str, text: str, lang: str) -> str:
    """``Sources: …``, or with the full-width colon in Chinese: ``来源：…``."""
    return f"{label}：{text}" if lang.startswith("zh") else f"{label}: {text}"


def card_svg(
    *,
    lang: str,
    title: str,
    kicker: str,
    headline: str,
    unit: str = "",
    body: Sequence[str] = (),
    body_sources: Sequence[str] = (),
    sources: str = "",
    bars: Sequence[Bar] = (),
    footer: Sequence[str],
) -> str:
    """The card: ``kicker`` small above ``headline`` (``unit`` after it), then ``body``
    entries that fit whole or ``bars``, and ``footer`` lines small at the bottom.

    ``body_sources`` are the body entries' sources: the footer ends with
    ``"{sources}: "`` and those of the entries shown. ``title`` becomes the SVG's
    ``<title>``; ``<desc>`` holds every text in full.
    """
    texts = [title, kicker, headline, unit, *body, *(b.label + b.figure for b in bars), *footer]
    chinese = lang.startswith("zh") or any(_wide(c) for t in texts for c in t)
    face = _face(lang, chinese)
    kicker_style = _Type(face, 22, bold=True)
    brand = "wagecalc"
    brand_width = kicker_style.width(brand) + 32
    parts = [
        kicker_style.text(
            [kicker_style.clamp(kicker, _TEXT_WIDTH - brand_width)], _MARGIN, 62, _ACCENT
        ),
        kicker_style.text([brand], WIDTH - _MARGIN, 62, _ACCENT, anchor="end"),
    ]
    head_style, head, unit_style = _headline(face, headline, unit)
    head_y = 62 + 22 + head_style.size
    parts.append(head_style.text(head, _MARGIN, head_y, _INK))
    last_y = head_y + head_style.leading * (len(head) - 1)
    if unit and head:
        unit_x = _MARGIN + head_style.width(head[-1]) + 16
        parts.append(unit_style.text([unit], unit_x, last_y, _QUIET))
    foot_style = _Type(face, 20)

    def footer_lines(shown: Sequence[int]) -> list[str]:
        cited = dict.fromkeys(body_sources[i] for i in shown if i < len(body_sources))
        entries = (
            [*footer, labelled(sources, " · ".join(cited), lang)] if sources and cited else footer
        )
        lines = [line for entry in entries for line in foot_style.wrap(entry)]
        if len(lines) > 4:
            lines = [*lines[:3], foot_style.clamp(" ".join(lines[3:]), _TEXT_WIDTH)]
        return lines

    # The footer's height, with every entry's source (at most what it will be).
    foot_lines = footer_lines(range(len(body)))
    foot_y = HEIGHT - 36 - foot_style.leading * (len(foot_lines) - 1)
    rule_y = foot_y - foot_style.size - 16
    if bars:
        parts += _bars(face, bars, last_y + 30 + 40, rule_y - 8)
    else:
        body_parts, shown = _body(face, body, last_y + 30 + 34, rule_y - 24)
        parts += body_parts
        foot_lines = footer_lines(shown)
    foot_y = HEIGHT - 36 - foot_style.leading * (len(foot_lines) - 1)
    parts.append(foot_style.text(foot_lines, _MARGIN, foot_y, _QUIET))
    rule_y = foot_y - foot_style.size - 16
    parts.append(
        f'<rect x="{_MARGIN}" y="{rule_y:g}" width="{_TEXT_WIDTH}" height="1" fill="#d0d0d0"/>'
    )
    desc = " ".join(t for t in [kicker, f"{headline} {unit}".strip(), *body] if t)
    cited = " · ".join(dict.fromkeys(body_sources))
    every_source = [labelled(sources, cited, lang)] if sources and cited else []
    desc = " ".join([desc, *(f"{b.label}: {b.figure}" for b in bars), *footer, *every_source])
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="card-title card-desc" '
        f'xml:lang="{_x(lang)}" font-family="{_x(face.family)}">'
        f'<title id="card-title">{_x(title)}</title>'
        f'<desc id="card-desc">{_x(desc)}</desc>'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>'
        f'<rect width="{WIDTH}" height="12" fill="{_ACCENT}"/>' + "".join(parts) + "</svg>"
    )
