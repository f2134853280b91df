"""Shared fixtures: the package on sys.path, a built CLI, helpers to read run folders.

By default the tests import the sources in python/ (PYTHONPATH=python). With LOSSDBG_TEST_INSTALLED=1
they test the installed package instead (test_wheel.py runs them so inside a fresh venv): python/ is
kept off sys.path and PYTHONPATH, and importing lossdbg from python/ is an error.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from typing import Any, Dict, List

import pytest

TESTS = os.path.dirname(os.path.abspath(__file__))
PYDIR = os.path.dirname(TESTS)
ROOT = os.path.dirname(PYDIR)
CLI = os.path.join(ROOT, "dist", "cli.js")
INSTALLED = os.environ.get("LOSSDBG_TEST_INSTALLED") == "1"
if not INSTALLED:
    sys.path.insert(0, PYDIR)


def py_env(**extra: str) -> Dict[str, str]:
    """The environment for a Python subprocess that imports lossdbg (the sources, or the installed package)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if not INSTALLED:
        env["PYTHONPATH"] = PYDIR
    env.update(extra)
    return env


def pytest_sessionstart(session: Any) -> None:
    if INSTALLED:
        import lossdbg

        where = os.path.realpath(lossdbg.__file__)
        if where.startswith(os.path.realpath(PYDIR) + os.sep):
            raise pytest.UsageError(f"LOSSDBG_TEST_INSTALLED=1 but lossdbg was imported from the sources: {where}")


def _newest(folder: str) -> float:
    newest = 0.0
    for base, _dirs, files in os.walk(folder):
        for f in files:
            newest = max(newest, os.path.getmtime(os.path.join(base, f)))
    return newest


@pytest.fixture(scope="session")
def cli() -> List[str]:
    """``node dist/cli.js``, built first (``npm run build``) when missing or older than src/.

    No skip: a test that needs the CLI fails when it cannot be built or run.
    """
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH: the snapshot tests inspect cases with the lossdbg CLI (dist/cli.js)")
    if not os.path.exists(CLI) or os.path.getmtime(CLI) < _newest(os.path.join(ROOT, "src")):
        r = subprocess.run(["npm", "run", "--silent", "build"], cwd=ROOT, capture_output=True, text=True)
        if r.returncode != 0 or not os.path.exists(CLI):
            pytest.fail(f"`npm run build` failed (exit {r.returncode}):\n{r.stdout}\n{r.stderr}")
    return [node, CLI]


@pytest.fixture()
def inspect(cli: List[str]):
    """``lossdbg inspect CASE --json`` as a dict."""

    def run(case: str) -> Dict[str, Any]:
        r = subprocess.run(cli + ["inspect", case, "--json"], capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, f"lossdbg inspect {case} exited {r.returncode}: {r.stderr}"
        return json.loads(r.stdout)

    return run


def read_log(path: str) -> List[Dict[str, Any]]:
    """Every line of a run log, each a JSON object (NaN/Infinity allowed, as Python's json writes them)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    assert text.endswith("\n"), f"{path}: the last line is not complete"
    return [json.loads(line) for line in text.splitlines()]


def run_script(name: str, *args: str, timeout: float = 300, **kw: Any) -> subprocess.CompletedProcess:
    env = py_env(OMP_NUM_THREADS="1")
    return subprocess.run([sys.executable, os.path.join(TESTS, "scripts", name), *args], capture_output=True,
                          text=True, timeout=timeout, env=env, **kw)
