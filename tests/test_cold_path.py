"""A fresh process's first conversion (issue 23): what it reads and imports, not how long
it takes (that is `python -m bench.defaults`, a ratio against a baseline in the same run).

Each of these guards a saving measured in BENCHMARKS.md: with the cache prepared, the
first `convert` reads the currency table and two columns of the rates, and imports
neither babel (about 20 ms) nor pathlib or hashlib (about 5 ms between them).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from babel.numbers import get_currency_precision, list_currencies

from wagecalc.currencies import NON_MONEY_CODES

_CONVERT = "import wagecalc; r = wagecalc.convert('900000', 'USD', 'MYR', on='2023-07-26')"
_REPORT = """
import json, sys
from wagecalc.conversion import default_source
columns = default_source().history.parts.values
made = sorted(getattr(columns, "_made", columns))
print(json.dumps({
    "target": str(r.target.amount),
    "modules": sorted(m for m in ("babel", "pathlib", "hashlib") if m in sys.modules),
    "columns": made,
}))
"""


def _fresh(cache: Path, code: str) -> dict[str, object]:
    env = {**os.environ, "WAGECALC_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache directory after one conversion has prepared it (as the CLI's first use does)."""
    cache = tmp_path_factory.mktemp("cache")
    _fresh(cache, _CONVERT + _REPORT)
    return cache


def test_the_first_conversion_builds_the_cache_it_then_reads(prepared: Path) -> None:
    """The first process parses and writes both files; the answer is the same from both."""
    names = sorted(p.name.split("-")[0] for p in prepared.iterdir())
    assert names == ["currencies", "ecb"]


def test_with_the_cache_the_first_conversion_imports_no_babel(prepared: Path) -> None:
    """Babel, pathlib and hashlib stay unimported, and only the pair's columns are read."""
    report = _fresh(prepared, _CONVERT + _REPORT)
    assert report["target"] == "4094556.47"
    assert report["modules"] == []
    assert report["columns"] == ["MYR", "USD"]


def test_without_a_cache_babel_builds_the_table(tmp_path: Path) -> None:
    """WAGECALC_CACHE_DIR=none: nothing is written, the table comes from babel itself."""
    env = {**os.environ, "WAGECALC_CACHE_DIR": "none", "HOME": str(tmp_path)}
    code = _CONVERT + "; import sys; print(str(r.target.amount), 'babel' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["4094556.47", "True"]
    assert list(tmp_path.iterdir()) == []


def test_the_cached_table_is_babels(prepared: Path) -> None:
    """The table a process reads is CLDR's minor units for every code, less the non-money."""
    [table_file] = prepared.glob("currencies-*.json")
    table = json.loads(table_file.read_bytes())
    expected = {
        code: int(get_currency_precision(code))
        for code in sorted(frozenset(list_currencies()) - NON_MONEY_CODES)
    }
    assert table == expected
    assert table["USD"] == 2 and table["JPY"] == 0 and table["BHD"] == 3
