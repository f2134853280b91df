"""``python -m lossdbg dump``: a case from tensors saved with torch.save."""

from __future__ import annotations

import json
import subprocess
import sys

import torch

from conftest import py_env
from lossdbg.__main__ import main


def run(*args: str, cwd: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lossdbg", *args], cwd=cwd, capture_output=True, text=True,
                          env=py_env(), timeout=120)


def test_dump_from_a_saved_batch(tmp_path, inspect):
    x = torch.softmax(torch.randn(64, 5) * 3, dim=1)  # probabilities passed as logits
    torch.save({"logits": x, "labels": torch.randint(0, 5, (64,))}, tmp_path / "batch.pt")
    r = run("dump", "batch.pt", "--loss", "CrossEntropyLoss", "--arg", "label_smoothing=0.1",
            "--input-key", "logits", "--target-key", "labels", "-o", "case.losscase.json", cwd=str(tmp_path))
    assert r.returncode == 0, r.stderr
    case = json.load(open(tmp_path / "case.losscase.json"))
    assert case["loss"] == {"type": "CrossEntropyLoss", "reduction": "mean", "ignore_index": -100, "label_smoothing": 0.1}
    assert "double-softmax" in {f["rule"] for f in inspect(str(tmp_path / "case.losscase.json"))["findings"]}
    again = run("dump", "batch.pt", "--loss", "CrossEntropyLoss", "--input-key", "logits", "--target-key", "labels",
                "-o", "case.losscase.json", cwd=str(tmp_path))
    assert again.returncode == 2 and "already exists (use --overwrite" in again.stderr


def test_bad_usage_is_a_clear_error(tmp_path, capsys, monkeypatch):
    """In-process (main() is what ``-m`` runs): each refusal is exit 2 with one clear line."""
    monkeypatch.chdir(tmp_path)
    torch.save((torch.randn(3), torch.randn(3)), tmp_path / "pair.pt")
    torch.save(torch.randn(3), tmp_path / "one.pt")
    (tmp_path / "junk.pt").write_bytes(b"not a torch file")
    cases = [
        (["dump", "pair.pt", "--loss", "MSELoss", "--arg", "delta=2"], "MSELoss has no argument 'delta'"),
        (["dump", "pair.pt", "--loss", "MSELoss", "--arg", "reduction=avg"], "reduction must be one of none, mean, sum"),
        (["dump", "one.pt", "--loss", "MSELoss"], "expected a dict with 'input' and 'target'"),
        (["dump", "junk.pt", "--loss", "MSELoss"], "not a tensor file torch.load can read safely"),
        (["dump", "missing.pt", "--loss", "MSELoss"], "missing.pt: no such file"),
    ]
    for args, msg in cases:
        assert main(args) == 2, args
        err = capsys.readouterr().err
        assert msg in err and err.count("\n") == 1, (args, err)
    assert main(["dump", "pair.pt", "--loss", "HuberLoss", "--arg", "delta=0.5"]) == 0
    assert json.load(open(tmp_path / "case.losscase.json"))["loss"]["delta"] == 0.5
