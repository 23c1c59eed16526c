"""scripts/widget_build.py: the served widget is its readable source stripped, and nothing else.

The served copy (src/wagecalc/widget/v2/) must be what a build of the readable source
writes today (drift fails here), must be smaller, and must keep every string, template and
regular expression of the source. The stripper itself is checked on a table of the
constructs a comment or whitespace remover can get wrong, each evaluated by node before and
after (Debian's node, which ``.ci/run`` has for ``npm ci``). The whole widget's behaviour as
served is what tests/test_widget_browser.py drives in Chromium.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import brotli

ROOT = Path(__file__).resolve().parent.parent


def _build_module() -> ModuleType:
    path = ROOT / "scripts" / "widget_build.py"
    spec = importlib.util.spec_from_file_location("widget_build", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _build_module()


def test_served_copy_is_todays_build() -> None:
    """Each committed v2 file is exactly what the build writes from the readable source."""
    for path, text in build.built().items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} drifted from its source: run python scripts/widget_build.py"
        )
    assert build.main(["--check"]) == 0


def test_served_copy_is_smaller_and_has_no_comments() -> None:
    """The stripped module is under 10 KB with brotli, at least 15% less than the readable
    one (10.9 KB), and keeps no comment of the source."""
    source = (build.WIDGET / "wagecalc.js").read_text(encoding="utf-8")
    served = (build.WIDGET / "v2" / "wagecalc.js").read_text(encoding="utf-8")
    served_br = len(brotli.compress(served.encode(), quality=11))
    assert served_br < 10 * 1024
    assert served_br <= 0.85 * len(brotli.compress(source.encode(), quality=11))
    for comment in re.findall(r"^\s*// (.{20,})$", source, flags=re.MULTILINE):
        assert comment not in served


def _literals(text: str) -> list[str]:
    """The double-quoted strings and template literals of ``text``, in order (the widget
    uses no single-quoted strings)."""
    return re.findall(r'"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`', text)


def test_every_literal_survives() -> None:
    """Every string and template of the source is in the served copy, in the same order and
    unchanged (the CSS of the shadow root and every message included)."""
    source = (build.WIDGET / "wagecalc.js").read_text(encoding="utf-8")
    # The source's comments are whole lines: // lines, and /** … */ before a function (a
    # /* … */ line inside the shadow root's CSS is the template's text, and stays).
    code = re.sub(r"^\s*//.*$", "", source, flags=re.MULTILINE)
    code = re.sub(r"^\s*/\*\*.*?\*/", "", code, flags=re.MULTILINE | re.DOTALL)
    served = (build.WIDGET / "v2" / "wagecalc.js").read_text(encoding="utf-8")
    assert _literals(served) == _literals(code)
    assert len(_literals(served)) > 300


#: Snippets a comment or whitespace stripper can break, each an expression's statements
#: whose last line sets ``out``.
_TRICKY = [
    'const a = "// not a comment"; out = a;',
    "const a = '/* nor this */'; out = a;",
    "const a = `line one\n   // kept\n  two ${1 + 1}`; out = a;",
    "const r = /\\/\\/ x/; out = r.test('// x');",
    "const r = /[/*]+/g; out = 'a/*b*/c'.replace(r, '-');",
    "const x = 4, g = 2; out = x / 2 / g; // division, not a regex",
    "const esc = (c) => c.replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&'); out = esc('a.b');",
    "let a = 1\nlet b = a\n++b\nout = [a, b];",  # automatic semicolons kept
    "const f = () => {\n  return\n  42;\n}; out = f();",  # `return` ends at the newline
    "let i = 5; const j = i - -1; const k = i + +1; out = [j, k];",
    "out = 'a' + /* gone */ 'b';",
    "const s = `${'}'}/* kept */`; out = s;",
    "out = [1, 2, 3].map((n) => n * 2).join(' ');",
]


def _run(snippets: list[str]) -> list[object]:
    node = shutil.which("node")
    assert node is not None
    program = "const results = [];\n" + "\n".join(
        f"{{ let out; {snippet}\n results.push(out); }}" for snippet in snippets
    )
    program += "\nconsole.log(JSON.stringify(results));"
    done = subprocess.run(  # node with a program built above, no shell
        [node, "-e", program], capture_output=True, text=True, timeout=60, check=True
    )
    results: list[object] = json.loads(done.stdout)
    return results


def test_stripping_keeps_what_code_does() -> None:
    """Each tricky snippet gives node the same result before and after stripping, and
    stripping removed something from those that have comments or spare whitespace."""
    stripped = [build.strip(snippet) for snippet in _TRICKY]
    assert _run(stripped) == _run(_TRICKY)
    assert sum(len(a) < len(b) for a, b in zip(stripped, _TRICKY, strict=True)) >= 10
    assert "/* gone */" not in build.strip(_TRICKY[10])
    assert "// kept" in build.strip(_TRICKY[2])
