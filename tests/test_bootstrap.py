"""scripts/bootstrap installs only when pyproject.toml, the Python or the extra changed.

The script runs for real, in a temporary copy of the repository's top level whose
``.venv/bin/python`` is a stand-in that records what it is asked to do, so the
test sees every pip call without installing anything.
"""

from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Answers `-c '…sys.version…'` with $FAKE_PYTHON_VERSION and logs every pip call.
_FAKE_PYTHON = """#!/bin/sh
case " $* " in *" -c "*) echo "${FAKE_PYTHON_VERSION:-3.11.7 (fake)}"; exit 0 ;; esac
echo "$*" >> "$(dirname "$0")/../pip.log"
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "bootstrap", tmp_path / "scripts" / "bootstrap")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for name, text in (("python", _FAKE_PYTHON), ("wagecalc", "#!/bin/sh\n")):
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(stat.S_IRWXU)
    return tmp_path


def _bootstrap(repo: Path, *args: str, version: str = "3.11.7 (fake)") -> tuple[str, list[str]]:
    """Run scripts/bootstrap; its output and the pip calls it made."""
    log = repo / ".venv" / "pip.log"
    log.unlink(missing_ok=True)
    done = subprocess.run(
        ["bash", str(repo / "scripts" / "bootstrap"), *args],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "FAKE_PYTHON_VERSION": version},
    )
    calls = log.read_text().splitlines() if log.exists() else []
    return done.stdout, [c for c in calls if "pip install" in c and "--upgrade pip" not in c]


def test_second_run_skips_the_install(repo: Path) -> None:
    """The first run installs the extra; the second says the venv is up to date."""
    out, calls = _bootstrap(repo, "test")
    assert calls == ["-m pip install -q -e .[test]"]
    assert "up to date" not in out
    out, calls = _bootstrap(repo, "test")
    assert calls == []
    assert "up to date" in out


def test_an_extra_satisfies_the_plain_install(repo: Path) -> None:
    """After `bootstrap test`, `bootstrap` (what scripts/serve runs) installs nothing."""
    _bootstrap(repo, "test")
    out, calls = _bootstrap(repo)
    assert calls == []
    assert "up to date" in out


def test_plain_install_does_not_satisfy_an_extra(repo: Path) -> None:
    """After `bootstrap`, `bootstrap test` still installs the test extra."""
    _bootstrap(repo)
    _, calls = _bootstrap(repo, "test")
    assert calls == ["-m pip install -q -e .[test]"]


def test_a_changed_pyproject_reinstalls(repo: Path) -> None:
    """Editing pyproject.toml (a dependency, an entry point) makes the next run install."""
    _bootstrap(repo)
    with (repo / "pyproject.toml").open("a") as handle:
        handle.write("\n# a change\n")
    _, calls = _bootstrap(repo)
    assert calls == ["-m pip install -q -e ."]


def test_another_python_reinstalls(repo: Path) -> None:
    """A venv whose Python changed (a rebuilt interpreter) is installed again."""
    _bootstrap(repo)
    _, calls = _bootstrap(repo, version="3.12.1 (fake)")
    assert calls == ["-m pip install -q -e ."]


def test_a_source_change_needs_no_install(repo: Path) -> None:
    """The install is editable: a new or changed module under src/ is not a reason."""
    _bootstrap(repo)
    (repo / "src").mkdir()
    (repo / "src" / "new_module.py").write_text("x = 1\n")
    out, calls = _bootstrap(repo)
    assert calls == []
    assert "up to date" in out
