"""What a salary's label may hold: one documented set, for every route, the CLI and the library.

A label is printed verbatim into sentences, JSON, HTML pages and SVG cards, so it must show
what it says. It is 1 to 60 characters, with at least one that is not a blank, and none of:

- controls (C0, DEL, C1), line and paragraph separators (U+2028, U+2029);
- format characters (Unicode category Cf: bidirectional controls, zero-width characters,
  Arabic number signs U+0600–0605, the Egyptian hieroglyph format controls, tag characters
  U+E0001 and U+E0020–E007F, …), listed to Unicode 15;
- variation selectors (U+FE00–FE0F, U+E0100–E01EF) and Mongolian free variation selectors
  (U+180B–180D, U+180F);
- characters that draw nothing but are not blanks ("fillers"): U+034F combining grapheme
  joiner, U+115F and U+1160 Hangul fillers, U+17B4 and U+17B5 Khmer inherent vowels, U+2800
  braille blank, U+3164 Hangul filler, U+FFA0 halfwidth Hangul filler;
- noncharacters (U+FDD0–FDEF and the last two code points of every plane, U+FFFE, U+FFFF,
  U+1FFFE, …, U+10FFFF) and lone surrogates.

Blanks (U+0020, U+00A0, U+1680, U+2000–200A, U+202F, U+205F, U+3000) are allowed inside a
label but a label of blanks only is refused: it would print as nothing.

:data:`LABEL` states the same as a pattern, published in the HTTP contract (ECMA-262 with
Unicode and Python ``re`` alike; characters outside the BMP are written as themselves).
The pattern cannot count to 60 while requiring one visible character without look-around,
so its length is stated separately (``maxLength``) and checked by :func:`check_label`.
"""

from __future__ import annotations

import re

from wagecalc.errors import InvalidLabelError

__all__ = ["BLANKS", "INVISIBLE", "LABEL", "MAX_LABEL_LENGTH", "check_label", "is_label"]

MAX_LABEL_LENGTH = 60

#: The characters a label may not hold (a regular-expression class body).
INVISIBLE = (
    "\\u0000-\\u001f\\u007f-\\u009f"  # controls
    "\\u00ad\\u034f\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890\\u0891\\u08e2"
    "\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u2028-\\u202e"
    "\\u2060-\\u206f\\u2800\\u3164\\ufdd0-\\ufdef\\ufe00-\\ufe0f\\ufeff\\uffa0"
    "\\ufff9-\\ufffb\\ufffe\\uffff"
    # outside the BMP, as characters: Kaithi number signs, Egyptian hieroglyph format
    # controls, shorthand format controls, musical symbol beams, tags, variation selectors
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef"
    # the two noncharacters at the end of each supplementary plane
    + "".join(
        f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
    )
)
#: Blanks: allowed in a label, not as the whole of it (Unicode category Zs).
BLANKS = "\\u0020\\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000"

_LONGEST = MAX_LABEL_LENGTH - 1
#: Blanks, one visible character, then anything allowed (length checked apart).
LABEL = f"[{BLANKS}]{{0,{_LONGEST}}}[^{INVISIBLE}{BLANKS}][^{INVISIBLE}]{{0,{_LONGEST}}}"
_LABEL_RE = re.compile(LABEL)
_SURROGATE = re.compile("[\\ud800-\\udfff]")


def is_label(text: str) -> bool:
    """Whether ``text`` is a label (see the module's docstring)."""
    return (
        len(text) <= MAX_LABEL_LENGTH
        and _LABEL_RE.fullmatch(text) is not None
        and _SURROGATE.search(text) is None
    )


def check_label(label: str, field: str) -> str:
    """``label``, or an :class:`InvalidLabelError` naming ``field``."""
    if not is_label(label):
        raise InvalidLabelError(
            f"{field}: a label is 1 to {MAX_LABEL_LENGTH} characters, not only blanks, none "
            "of them a control, invisible format character, variation selector or filler",
            field=field,
        )
    return label
