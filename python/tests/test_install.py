"""`pip install ./python` (offline: setuptools from Debian, no build isolation) gives a working package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import PYDIR


def test_pip_install_builds_a_working_package(tmp_path):
    src = tmp_path / "src"
    # a copy: pip builds in-tree and would leave build/ and *.egg-info in the repository
    shutil.copytree(PYDIR, src, ignore=shutil.ignore_patterns("tests", "__pycache__", "build", "*.egg-info"))
    target = tmp_path / "site"
    r = subprocess.run([sys.executable, "-m", "pip", "install", "--no-build-isolation", "--no-deps", "--no-index",
                        "--target", str(target), str(src)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert sorted(p for p in os.listdir(target / "lossdbg") if p.endswith((".py", ".typed"))) == [
        "__init__.py", "__main__.py", "_npy.py", "_sample.py", "case.py", "py.typed", "watch.py"]
    code = (
        "import lossdbg, lossdbg_dump, torch, torch.nn as nn, sys\n"
        f"assert lossdbg.__file__.startswith({str(target)!r}), lossdbg.__file__\n"
        f"w = lossdbg.watch(nn.MSELoss(), {str(tmp_path / 'run')!r})\n"
        "w(torch.randn(3, requires_grad=True), torch.zeros(3)); w.close(); print('OK')\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(target)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=str(tmp_path), timeout=120)
    assert r.returncode == 0 and r.stdout.strip() == "OK", r.stderr
    assert (tmp_path / "run" / "rank0.jsonl").exists()
