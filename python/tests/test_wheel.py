"""The package as users get it, built and installed offline.

``python3 -m build --no-isolation`` (Debian's python3-build with python3-setuptools and python3-wheel:
no network, no build isolation) makes a wheel and an sdist of python/; the wheel installs with pip
into a fresh ``python3 -m venv --system-site-packages`` (Debian's torch stays visible) and this
package's own tests then pass inside that venv against the installed copy (LOSSDBG_TEST_INSTALLED=1).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile

from conftest import INSTALLED, PYDIR, ROOT, TESTS

VERSION = json.load(open(os.path.join(ROOT, "package.json"), encoding="utf-8"))["version"]
MODULES = ["__init__.py", "__main__.py", "_npy.py", "_sample.py", "case.py", "py.typed", "watch.py"]


def _run(args, **kw) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(kw.pop("env", {}))
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=kw.pop("timeout", 300), **kw)


def test_wheel_and_sdist_build_offline_and_the_wheel_passes_the_tests_in_a_fresh_venv(tmp_path):
    assert not INSTALLED, "run this test from the sources (it builds them)"
    src = tmp_path / "src"
    # a copy: the build writes build/ and *.egg-info next to the sources
    shutil.copytree(PYDIR, src, ignore=shutil.ignore_patterns("tests", "__pycache__", "build", "dist", "*.egg-info"))
    r = _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(tmp_path / "dist"), str(src)])
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert sorted(os.listdir(tmp_path / "dist")) == [f"lossdbg-{VERSION}-py3-none-any.whl", f"lossdbg-{VERSION}.tar.gz"]
    wheel = tmp_path / "dist" / f"lossdbg-{VERSION}-py3-none-any.whl"

    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        meta = z.read(f"lossdbg-{VERSION}.dist-info/METADATA").decode()
    assert sorted(n.split("/", 1)[1] for n in names if n.startswith("lossdbg/")) == MODULES
    assert "lossdbg_dump.py" in names
    assert f"Version: {VERSION}" in meta.splitlines() and "Requires-Dist: torch" in meta.splitlines()
    assert any(n.endswith(".dist-info/LICENSE") for n in names), names
    with tarfile.open(tmp_path / "dist" / f"lossdbg-{VERSION}.tar.gz") as t:
        sdist = {n.split("/", 1)[1] for n in t.getnames() if "/" in n}
    assert {"README.md", "LICENSE", "pyproject.toml", "lossdbg_dump.py"} <= sdist
    assert {f"lossdbg/{m}" for m in MODULES} <= sdist

    # the venv outside pytest's private (0700) temp folder: some tests run a script as `nobody` when root
    venv_root = tempfile.mkdtemp(prefix="lossdbg-venv-")
    try:
        os.chmod(venv_root, 0o755)
        _in_venv(tmp_path, wheel, os.path.join(venv_root, "venv"))
    finally:
        shutil.rmtree(venv_root, ignore_errors=True)


def _in_venv(tmp_path, wheel, venv: str) -> None:
    r = _run([sys.executable, "-m", "venv", "--system-site-packages", venv])
    assert r.returncode == 0, r.stderr
    py = os.path.join(venv, "bin", "python")
    r = _run([py, "-m", "pip", "install", "--no-index", "--disable-pip-version-check", str(wheel)], cwd=str(tmp_path))
    assert r.returncode == 0, r.stdout + r.stderr
    r = _run([py, "-c", "import lossdbg, torch; print(lossdbg.__file__); print(lossdbg.__version__)"], cwd=str(tmp_path))
    assert r.returncode == 0, r.stderr
    where, version = r.stdout.split()
    assert where.startswith(venv + os.sep) and version == VERSION
    r = _run([py, "-m", "lossdbg", "--version"], cwd=str(tmp_path))
    assert r.returncode == 0 and r.stdout.strip() == f"lossdbg {VERSION}", r.stdout + r.stderr

    # the package's own tests, against the installed copy (this file and the pip --target test excluded)
    r = _run([py, "-m", "pytest", TESTS, "-q", "-p", "no:cacheprovider", "--ignore", os.path.join(TESTS, "test_wheel.py"),
              "--ignore", os.path.join(TESTS, "test_install.py")], cwd=str(tmp_path), env={"LOSSDBG_TEST_INSTALLED": "1"}, timeout=900)
    tail = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ""
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]
    assert " passed" in tail and "skipped" not in tail and "failed" not in tail, tail


def test_the_license_shipped_with_the_package_is_the_project_license():
    assert open(os.path.join(PYDIR, "LICENSE"), encoding="utf-8").read() == open(os.path.join(ROOT, "LICENSE"), encoding="utf-8").read()
