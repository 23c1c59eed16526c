"""A card's SVG as a PNG, drawn by resvg with the fonts shipped in the package (no HTTP here).

resvg (through ``resvg-py``, MIT; resvg itself MIT/Apache-2.0) is a complete
SVG renderer in Rust: one 1.4 MB wheel with no system library, where CairoSVG
needs the host's cairo and draws text with whatever fonts fontconfig finds.
Here resvg is told to skip the system's fonts and load only the package's
``fonts/`` (Noto Sans, a Noto Sans CJK SC subset and, for zh-Hant cards, a smaller
TC one; OFL, see ``fonts/OFL.txt`` and ``scripts/fonts.py``), so a card looks the
same on every host.

resvg-py holds the GIL while it draws: 65–100 ms of CPU for a card (about 20
of it the 1200×630 canvas and its PNG encoding, the rest the text; see
``bench/cards.py`` and BENCHMARKS.md). The answers are cached, in process and
by any shared cache in front, so each card is drawn once per URL.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Sequence
from importlib.resources import as_file, files

import resvg_py

__all__ = ["FONT_FILES", "PNG_SIGNATURE", "font_paths", "render_png"]

#: The fonts a card may use; :mod:`wagecalc.cards` names their families.
FONT_FILES = (
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "NotoSansCJKsc-Regular.otf",
    "NotoSansCJKsc-Bold.otf",
    "NotoSansCJKtc-Regular.otf",
    "NotoSansCJKtc-Bold.otf",
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: Keeps the font files on disk for the process's life (they are already files when the
#: package is installed as files, the usual case; from a zip they are extracted once).
_FILES = contextlib.ExitStack()


@functools.cache
def font_paths() -> tuple[str, ...]:
    """The paths of :data:`FONT_FILES`."""
    folder = files("wagecalc").joinpath("fonts")
    return tuple(str(_FILES.enter_context(as_file(folder.joinpath(n)))) for n in FONT_FILES)


def render_png(svg: str, fonts: Sequence[str] | None = None) -> bytes:
    """``svg`` drawn at its own size, with ``fonts`` (default: :func:`font_paths`) only."""
    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=svg,
            skip_system_fonts=True,
            font_files=list(font_paths() if fonts is None else fonts),
            sans_serif_family="Noto Sans",
        )
    )
