"""Build the served widget (src/wagecalc/widget/v2/) from its readable source, and check it.

    python scripts/widget_build.py          # write v2/wagecalc.js and v2/host.js
    python scripts/widget_build.py --check  # exit 1 when a committed copy differs from a build

The readable files (src/wagecalc/widget/wagecalc.js and host.js) are the ones to edit; the
service sends the copies under v2/, which are the same code with comments and needless
whitespace removed by rjsmin (a conservative minifier: it renames nothing and rewrites no
expression, so the served code is the source's code token for token). The output depends
only on the source and rjsmin's version (pinned in pyproject.toml's test extra), so the
build is deterministic; tests/test_widget_build.py fails when the committed copy drifts,
and the browser tests run against what is served.

v1/ is not built: it holds the bytes /widget/v1/ was last published with (README.md's
SRI hashes of that time), frozen for the pages that embed them.
"""

from __future__ import annotations

import pathlib
import sys

import rjsmin

ROOT = pathlib.Path(__file__).resolve().parent.parent
WIDGET = ROOT / "src" / "wagecalc" / "widget"
#: The version the readable source is served as.
VERSION = "v2"
FILES = ("wagecalc.js", "host.js")


def strip(source: str) -> str:
    """``source`` without its comments and needless whitespace, ending in one newline."""
    return rjsmin.jsmin(source, keep_bang_comments=False).strip() + "\n"


def built() -> dict[pathlib.Path, str]:
    """Each served file's path and the text a build writes there."""
    return {
        WIDGET / VERSION / name: strip((WIDGET / name).read_text(encoding="utf-8"))
        for name in FILES
    }


def main(argv: list[str]) -> int:
    stale = []
    for path, text in built().items():
        if "--check" in argv:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path)
            continue
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(text.encode()):,} bytes")
    for path in stale:
        print(f"{path.relative_to(ROOT)} is stale: run python scripts/widget_build.py")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
