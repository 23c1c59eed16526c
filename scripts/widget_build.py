"""Build the served widget (src/wagecalc/widget/v2/) from its readable source, and check it.

    npm ci --prefix tests/browser           # once: terser, pinned by its package-lock.json
    python scripts/widget_build.py          # write v2/wagecalc.js and v2/host.js
    python scripts/widget_build.py --check  # exit 1 when a committed copy differs from a build

The readable files (src/wagecalc/widget/wagecalc.js and host.js) are the ones to edit; the
service sends the copies under v2/: the same code without comments and needless whitespace,
its local names shortened. terser does it with ``--mangle`` and without ``--compress``, so
no expression is rewritten: only whitespace, comments and the names of local variables and
parameters change (the module's exports, property names, strings, templates and regular
expressions stay as written; the widget has no ``eval`` or ``with``, whose scope renaming
could change, and a test forbids them). That takes the module from 11.1 KB to 8.2 KB with
brotli; whitespace and comments alone (rjsmin) gave 9.0 KB, which left one element's first
load at 12.27 KB, the renaming brings it under 12 KB with room.

The output depends only on the source and terser's version (pinned), so the build is
deterministic; tests/test_widget_build.py fails when the committed copy drifts, and the
browser tests run against what is served.

v1/ is not built: it holds the bytes /widget/v1/ was last published with (README.md's
SRI hashes of that time), frozen for the pages that embed them.
"""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
WIDGET = ROOT / "src" / "wagecalc" / "widget"
TERSER = ROOT / "tests" / "browser" / "node_modules" / "terser" / "bin" / "terser"
#: The version the readable source is served as.
VERSION = "v2"
FILES = ("wagecalc.js", "host.js")


def strip(source: str, module: bool = True) -> str:
    """``source`` without its comments and needless whitespace, its local names shortened,
    ending in one newline (``module``: parse it as an ES module, as wagecalc.js is)."""
    node = shutil.which("node")
    if node is None or not TERSER.exists():
        raise RuntimeError("needs node and terser: npm ci --prefix tests/browser")
    args = [node, str(TERSER), "--mangle", "--comments", "false"]
    if module:
        args.append("--module")
    done = subprocess.run(  # noqa: S603 - node and the pinned terser, no shell
        args, input=source, capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout.strip() + "\n"


def built() -> dict[pathlib.Path, str]:
    """Each served file's path and the text a build writes there."""
    return {
        WIDGET / VERSION / name: strip(
            (WIDGET / name).read_text(encoding="utf-8"), module=name == "wagecalc.js"
        )
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
