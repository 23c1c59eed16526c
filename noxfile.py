"""The fast suite on every supported Python other than the one ``.ci/run`` runs in full.

    nox -s fast              # Python 3.12 and 3.13
    nox -s fast-3.13         # one of them

``.ci/run`` runs the whole suite (browser, load, container) on Python 3.11, in ``.venv``
(scripts/bootstrap), and then this: everything but the browser and load tests (the
``browser`` and ``load`` markers) on 3.12 and 3.13, each in its own environment under
``.nox/``. A session that fails names its Python (``nox > Session fast-3.13 failed``).

nox finds ``python3.12`` and ``python3.13`` on ``PATH``; with pyenv, ``.ci/run`` puts them
there through ``PYENV_VERSION``. nox never downloads an interpreter here (no network), and a
missing one is an error, not a skip: a version that is claimed is a version that is tested.
"""

from __future__ import annotations

import nox

#: The Pythons besides 3.11 (the full run's) that pyproject.toml's classifiers claim.
OTHER_PYTHONS = ["3.12", "3.13"]

nox.options.sessions = ["fast"]
nox.options.download_python = "never"
nox.options.error_on_missing_interpreters = True
nox.options.reuse_venv = "yes"


@nox.session(python=OTHER_PYTHONS)
def fast(session: nox.Session) -> None:
    """The suite without the browser and load tests."""
    session.install("-e", ".[test]")
    session.run(
        "python",
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-m",
        "not browser and not load",
        *session.posargs,
    )
