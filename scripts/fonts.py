"""Build the share cards' fonts (src/wagecalc/fonts/) from Debian's Noto fonts with fontTools.

    python scripts/fonts.py [latin] [sc] [tc]   # needs Debian's fonts-noto-core and -cjk

(no argument: all three; ``widths.json`` and the licence are always rewritten)

The outputs are committed: the PNG cards render with these files only, never the host's
fonts, so a machine that runs wagecalc needs neither Debian package. This script is for
whoever changes what the cards must be able to draw.

- Noto Sans Regular and Bold, cut to Latin (with Latin-1 and Extended-A, for ms and the
  names of places and people), general punctuation and currency signs.
- Noto Sans CJK SC Regular and Bold (the SC face of Debian's collection), cut to the
  characters of GB 2312 (6,763 hanzi: the simplified characters of everyday text), the
  Big5 level-1 set (5,401 frequently used traditional characters), CJK punctuation,
  full-width forms, and every character of the project's catalogs, rule tables and
  source (so no sentence the service writes itself lacks a glyph). A reader's label
  outside those sets is drawn without its missing glyphs.
- Noto Sans CJK TC Regular and Bold (the TC face: Taiwan's glyph shapes, where 骨, 直,
  過 or 說 are drawn differently from the SC face), for zh-Hant cards, cut to the
  characters the service itself writes (every character of the catalogs, rule tables
  and source, CJK punctuation and full-width forms): about 230 KB a weight, where
  Big5's level-1 set would make it 3 MB. A reader's label with a character outside
  it falls back to the SC face (the cards name TC, then SC), so it is still drawn.

Also written: ``widths.json``, the advance width (in em) of every character of the Latin
fonts and of the CJK characters that are not one em wide, which :mod:`wagecalc.cards`
uses to wrap text by its real width; and the OFL licence.
"""

from __future__ import annotations

import json
import pathlib
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "wagecalc" / "fonts"
NOTO = pathlib.Path("/usr/share/fonts/truetype/noto")
NOTO_CJK = pathlib.Path("/usr/share/fonts/opentype/noto")
LICENCE = pathlib.Path("/usr/share/doc/fonts-noto-core/copyright")
#: The SC and TC faces' indexes in Debian's NotoSansCJK-*.ttc (JP, KR, SC, TC, HK, then
#: the Mono ones).
SC_INDEX = 2
TC_INDEX = 3

LATIN_RANGES = [
    (0x0020, 0x007E),
    (0x00A0, 0x017F),  # Latin-1 Supplement, Latin Extended-A
    (0x2010, 0x2027),  # dashes, quotes, bullet, ellipsis
    (0x2030, 0x203A),
    (0x20A0, 0x20C0),  # currency signs
    (0x2212, 0x2212),  # minus
    (0x00D7, 0x00D7),
    (0x2248, 0x2248),
]
CJK_RANGES = [(0x3000, 0x303F), (0xFF00, 0xFFEF), (0x2E80, 0x2EFF)]


def _chars(ranges: list[tuple[int, int]]) -> set[str]:
    return {chr(c) for low, high in ranges for c in range(low, high + 1)}


def _double_byte(codec: str, leads: range, trails: list[range]) -> set[str]:
    """Every character a double-byte ``codec`` maps from the given lead and trail bytes."""
    found: set[str] = set()
    for lead in leads:
        for trail_range in trails:
            for trail in trail_range:
                try:
                    found.add(bytes([lead, trail]).decode(codec))
                except UnicodeDecodeError:
                    continue
    return found


def _project_chars() -> set[str]:
    """Every non-ASCII character of the catalogs, the rule tables and the Python source."""
    paths = [
        *ROOT.glob("src/wagecalc/locale/**/*.po"),
        *ROOT.glob("src/wagecalc/data/*.toml"),
        *ROOT.glob("src/wagecalc/**/*.py"),
    ]
    text = "".join(p.read_text(encoding="utf-8") for p in paths)
    return {c for c in text if ord(c) > 0x7F}


def _subset(font: TTFont, chars: set[str], path: pathlib.Path) -> None:
    options = subset.Options()
    options.layout_features = ["kern", "liga", "vert", "vrt2", "halt", "palt", "locl"]
    options.hinting = False  # the cards are drawn at 20 px and up: hinting only adds bytes
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(font)
    font.save(path)


def _widths(path: pathlib.Path, skip_em: bool) -> dict[str, float]:
    font = TTFont(path)
    per_em = font["head"].unitsPerEm
    advances = font["hmtx"].metrics
    table: dict[str, float] = {}
    for code, glyph in font.getBestCmap().items():
        width = round(advances[glyph][0] / per_em, 3)
        if not (skip_em and width == 1.0):
            table[chr(code)] = width
    return table


def main(argv: list[str]) -> int:
    faces = set(argv) or {"latin", "sc", "tc"}
    OUT.mkdir(exist_ok=True)
    latin = _chars(LATIN_RANGES) | {c for c in _project_chars() if ord(c) < 0x2E80}
    if "latin" in faces:
        for weight in ("Regular", "Bold"):
            source = TTFont(NOTO / f"NotoSans-{weight}.ttf")
            _subset(source, latin, OUT / f"NotoSans-{weight}.ttf")
    if "sc" in faces:
        gb2312 = _double_byte("gb2312", range(0xB0, 0xF8), [range(0xA1, 0xFF)])
        big5 = _double_byte("big5", range(0xA4, 0xC7), [range(0x40, 0x7F), range(0xA1, 0xFF)])
        cjk = gb2312 | big5 | _chars(CJK_RANGES) | _project_chars() | latin
        for weight in ("Regular", "Bold"):
            collection = TTCollection(NOTO_CJK / f"NotoSansCJK-{weight}.ttc")
            _subset(collection.fonts[SC_INDEX], cjk, OUT / f"NotoSansCJKsc-{weight}.otf")
    if "tc" in faces:
        written = _chars(CJK_RANGES) | _project_chars() | latin
        for weight in ("Regular", "Bold"):
            collection = TTCollection(NOTO_CJK / f"NotoSansCJK-{weight}.ttc")
            _subset(collection.fonts[TC_INDEX], written, OUT / f"NotoSansCJKtc-{weight}.otf")
    widths = {
        "NotoSans-Regular": _widths(OUT / "NotoSans-Regular.ttf", skip_em=False),
        "NotoSans-Bold": _widths(OUT / "NotoSans-Bold.ttf", skip_em=False),
        "NotoSansCJKsc-Regular": _widths(OUT / "NotoSansCJKsc-Regular.otf", skip_em=True),
        "NotoSansCJKsc-Bold": _widths(OUT / "NotoSansCJKsc-Bold.otf", skip_em=True),
        "NotoSansCJKtc-Regular": _widths(OUT / "NotoSansCJKtc-Regular.otf", skip_em=True),
        "NotoSansCJKtc-Bold": _widths(OUT / "NotoSansCJKtc-Bold.otf", skip_em=True),
    }
    (OUT / "widths.json").write_text(
        json.dumps(widths, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )
    licence = LICENCE.read_text(encoding="utf-8")
    ofl = licence[licence.index("License: OFL-1.1\n PREAMBLE") :]
    (OUT / "OFL.txt").write_text(
        "Noto Sans: Copyright 2010, 2012-2020 Google Inc., 2015-2020 Google LLC.\n"
        "Noto Sans CJK (the SC and TC faces): Copyright 2014-2021 Adobe\n"
        "(http://www.adobe.com/), with Reserved Font Name 'Source'.\n"
        "The files here are subsets of Debian's fonts-noto-core and fonts-noto-cjk, made by\n"
        "scripts/fonts.py. This Font Software is licensed under the SIL Open Font License,\n"
        "Version 1.1 (below; Debian's copy, one space of indent per line).\n\n" + ofl,
        encoding="utf-8",
    )
    for path in sorted(OUT.iterdir()):
        print(f"{path.name}: {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
