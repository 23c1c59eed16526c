"""scripts/widget_build.py: the served widget is its readable source stripped, and nothing else.

The served copy (src/wagecalc/widget/v2/) must be what a build of the readable source
writes today (drift fails here), must be smaller, and must keep every string, template and
regular expression of the source. The build itself is checked on a table of the constructs
a comment, whitespace or name shortener can get wrong, each evaluated by node before and
after (Debian's node, which ``.ci/run`` has for ``npm ci``; terser and acorn come from
``npm ci --prefix tests/browser``). The whole widget's behaviour as served is what
tests/test_widget_browser.py drives in Chromium.
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
    one (11.1 KB), and keeps no comment of the source."""
    source = (build.WIDGET / "wagecalc.js").read_text(encoding="utf-8")
    served = (build.WIDGET / "v2" / "wagecalc.js").read_text(encoding="utf-8")
    served_br = len(brotli.compress(served.encode(), quality=11))
    assert served_br < 10 * 1024
    assert served_br <= 0.85 * len(brotli.compress(source.encode(), quality=11))
    for comment in re.findall(r"^\s*// (.{20,})$", source, flags=re.MULTILINE):
        assert comment not in served


#: Prints, as JSON, every string, template part and regular expression of a module, in
#: order, as acorn (terser's parser, installed with it) reads them: their values, so that
#: quoting and escapes may differ but not what they say. Property names are left out.
_LITERALS = """
const acorn = require(process.argv[1]);
const source = require("fs").readFileSync(0, "utf8");
const found = [];
const walk = (node) => {
  if (!node || typeof node.type !== "string") return;
  if (node.type === "Literal" && (typeof node.value === "string" || node.regex)) {
    found.push(node.regex ? `/${node.regex.pattern}/${node.regex.flags}` : node.value);
  }
  if (node.type === "TemplateElement") found.push(node.value.cooked);
  // A property's name may be written bare or quoted ({千: 3} or {"千": 3}): the same name.
  const keyed = /^(Property|MethodDefinition|PropertyDefinition)$/.test(node.type);
  for (const [field, value] of Object.entries(node)) {
    if (keyed && field === "key" && !node.computed) continue;
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") walk(value);
  }
};
walk(acorn.parse(source, { ecmaVersion: "latest", sourceType: "module" }));
console.log(JSON.stringify(found));
"""


def _literals(text: str) -> list[str]:
    node = shutil.which("node")
    assert node is not None
    acorn = ROOT / "tests" / "browser" / "node_modules" / "acorn"
    done = subprocess.run(
        [node, "-e", _LITERALS, str(acorn)],
        input=text,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    found: list[str] = json.loads(done.stdout)
    return found


def test_every_literal_survives() -> None:
    """Every string, template part and regular expression of the source is in the served
    copy, in the same order and with the same value (the shadow root's CSS and every
    message included): only names, whitespace and comments changed."""
    source = (build.WIDGET / "wagecalc.js").read_text(encoding="utf-8")
    served = (build.WIDGET / "v2" / "wagecalc.js").read_text(encoding="utf-8")
    literals = _literals(source)
    assert _literals(served) == literals
    assert len(literals) > 300


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


def _function(snippet: str) -> str:
    """``snippet`` as an expression: a function called at once that returns its ``out``."""
    return f"(() => {{ let out;\n{snippet}\nreturn out; }})()"


def _run(expressions: list[str]) -> list[object]:
    """The values of ``expressions``, each evaluated by node, as JSON."""
    node = shutil.which("node")
    assert node is not None
    program = (
        "console.log(JSON.stringify(["
        + ",\n".join(e.strip().removesuffix(";") for e in expressions)
        + "]));"
    )
    done = subprocess.run(
        [node, "-e", program], capture_output=True, text=True, timeout=60, check=True
    )
    results: list[object] = json.loads(done.stdout)
    return results


def test_stripping_keeps_what_code_does() -> None:
    """Each tricky snippet gives node the same result before and after the build's
    stripping, and the stripping removed something from each (its names shortened, its
    comments and spaces gone)."""
    plain = [_function(snippet) for snippet in _TRICKY]
    stripped = [build.strip(code, module=False) for code in plain]
    assert _run(stripped) == _run(plain)
    assert all(len(a) < len(b) for a, b in zip(stripped, plain, strict=True))
    assert "gone" not in stripped[10]
    assert "// kept" in stripped[2]
    assert "out" not in stripped[0]  # the local name was shortened
