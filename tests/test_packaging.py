"""The files pyproject.toml names for the build (readme, licence) reach the image build.

A wheel build fails when a ``license-files`` entry matches nothing, and the image is
built from a context that .containerignore keeps small: every file the metadata
needs must be both admitted there and copied by the Containerfile.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _needed() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [project["readme"], *project.get("license-files", [])]


def test_the_metadata_files_exist() -> None:
    """readme and every license-files entry are files in the repository."""
    for name in _needed():
        assert (ROOT / name).is_file(), name


def test_the_build_context_admits_them() -> None:
    """.containerignore excludes everything (`*`) and then admits each of them by name."""
    lines = [
        line.strip()
        for line in (ROOT / ".containerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[0] == "*"
    for name in _needed():
        assert f"!{name}" in lines, name


def test_the_containerfile_copies_them() -> None:
    """The build stage copies each of them before it builds the wheel."""
    copied = {
        word
        for line in (ROOT / "Containerfile").read_text().splitlines()
        if line.startswith("COPY ") and "--from" not in line
        for word in line.split()[1:-1]
    }
    for name in _needed():
        assert name in copied, name
