"""lossdbg.dump_case and the .npy writer (#11's Python-helper items), and the lossdbg_dump shim."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc
import warnings

import numpy as np
import pytest
import torch
import torch.nn as nn

import lossdbg
from lossdbg import _npy
from conftest import py_env

DTYPES = [torch.float64, torch.float32, torch.float16, torch.bfloat16, torch.int64, torch.int32,
          torch.int16, torch.int8, torch.uint8, torch.bool]


def _tensor(dtype, shape=(7, 3)):
    g = torch.Generator().manual_seed(1)
    if dtype == torch.bool:
        return torch.rand(shape, generator=g) < 0.5
    if dtype.is_floating_point:
        return (torch.randn(shape, generator=g) * 100).to(dtype)
    return torch.randint(0, 100, shape, generator=g).to(dtype)


@pytest.mark.parametrize("dtype", DTYPES, ids=[str(d) for d in DTYPES])
@pytest.mark.parametrize("with_numpy", [True, False], ids=["numpy", "no-numpy"])
def test_npy_round_trips_every_dtype(tmp_path, monkeypatch, dtype, with_numpy):
    if not with_numpy:
        monkeypatch.setitem(sys.modules, "numpy", None)  # the writer must not need numpy
    t = _tensor(dtype)[:, 1:]  # a non-contiguous view
    p = str(tmp_path / "t.npy")
    _npy.write_npy(p, t)
    monkeypatch.undo()
    a = np.load(p)
    expect = t.float() if dtype == torch.bfloat16 else t
    assert a.dtype.byteorder in ("<", "|", "=") and a.shape == tuple(t.shape)
    assert np.array_equal(a, expect.contiguous().numpy())
    assert (os.path.getsize(p) - a.nbytes) % 64 == 0  # header padded to 64 bytes


def test_big_endian_hosts_write_little_endian(tmp_path, monkeypatch):
    t = torch.arange(12, dtype=torch.float32).reshape(3, 4) * 1.5
    monkeypatch.setattr(_npy.sys, "byteorder", "big")  # pretend: the tensor's memory is big-endian
    p = str(tmp_path / "be.npy")
    _npy.write_npy(p, t)
    monkeypatch.undo()
    data = open(p, "rb").read()[-48:]
    # what a big-endian host's swap of this memory yields: each element's bytes reversed
    assert data == t.numpy().astype(">f4").tobytes()
    assert "newbyteorder()" not in open(_npy.__file__).read()  # removed in NumPy 2


def test_writing_a_large_tensor_makes_no_python_copy(tmp_path, monkeypatch):
    t = torch.randn(5_000_000)  # 20 MB
    for with_numpy in (True, False):
        if not with_numpy:
            monkeypatch.setitem(sys.modules, "numpy", None)
        tracemalloc.start()
        _npy.write_npy(str(tmp_path / f"big{with_numpy}.npy"), t)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert peak < 1_000_000, f"numpy={with_numpy}: {peak} bytes of Python memory for a 20 MB tensor"
        monkeypatch.undo()
        assert np.array_equal(np.load(str(tmp_path / f"big{with_numpy}.npy")), t.numpy())


def test_dump_case_refuses_to_overwrite(tmp_path):
    path = str(tmp_path / "case.losscase.json")
    x, y = torch.randn(300, 400), torch.randint(0, 400, (300,))
    lossdbg.dump_case(path, nn.CrossEntropyLoss(), x, y)
    before = {f: os.path.getmtime(tmp_path / f) for f in os.listdir(tmp_path)}
    assert sorted(before) == ["case.losscase.input.npy", "case.losscase.json"]
    with pytest.raises(FileExistsError, match=r"case\.losscase\.json already exists.*overwrite=True"):
        lossdbg.dump_case(path, nn.CrossEntropyLoss(), x * 2, y)
    # a leftover side file alone is refused too, before the case is written
    os.unlink(path)
    with pytest.raises(FileExistsError, match=r"case\.losscase\.input\.npy already exists"):
        lossdbg.dump_case(path, nn.CrossEntropyLoss(), x * 2, y)
    assert not os.path.exists(path)
    lossdbg.dump_case(path, nn.CrossEntropyLoss(), x * 2, y, overwrite=True)
    assert np.array_equal(np.load(str(tmp_path / "case.losscase.input.npy")), (x * 2).numpy())
    assert [f for f in os.listdir(tmp_path) if ".tmp-" in f] == []


def test_side_file_over_the_tools_limit_warns(tmp_path, monkeypatch):
    monkeypatch.setattr(_npy, "TOOL_FILE_LIMIT", 2**20)
    with pytest.warns(UserWarning, match=r"c\.input\.npy is 1 MB, over Loss Debugger's default 1 MB file limit.*--max-file-size 2"):
        lossdbg.dump_case(str(tmp_path / "c.json"), nn.MSELoss(), torch.randn(600, 600), torch.randn(3))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lossdbg.dump_case(str(tmp_path / "d.json"), nn.MSELoss(), torch.randn(20, 20), torch.randn(20, 20), inline_max=10)


def test_dump_case_accepts_a_watcher_and_the_shim_still_works(tmp_path):
    w = lossdbg.watch(nn.CrossEntropyLoss(ignore_index=0, label_smoothing=0.2), str(tmp_path / "run"))
    lossdbg.dump_case(str(tmp_path / "w.json"), w, torch.randn(4, 3), torch.tensor([0, 1, 2, 1]))
    case = json.load(open(tmp_path / "w.json"))
    assert case["loss"] == {"type": "CrossEntropyLoss", "reduction": "mean", "ignore_index": 0, "label_smoothing": 0.2}
    r = subprocess.run([sys.executable, "-c", "import lossdbg_dump, lossdbg; "
                        "assert lossdbg_dump.dump_case is lossdbg.dump_case; print(lossdbg_dump.__version__)"],
                       env=py_env(), capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip() == lossdbg.__version__, r.stderr


def test_recomputed_loss_matches_pytorch(tmp_path, cli):
    """A dumped case and a watcher snapshot recompute (`lossdbg loss --json`) to PyTorch's value."""
    g = torch.Generator().manual_seed(5)
    x = torch.randn(64, 7, generator=g, dtype=torch.float64) * 3
    y = torch.randint(0, 7, (64,), generator=g)
    crit = nn.CrossEntropyLoss(weight=torch.rand(7, generator=g, dtype=torch.float64) + 0.5, label_smoothing=0.1)
    lossdbg.dump_case(str(tmp_path / "c.json"), crit, x, y)
    r = subprocess.run(cli + ["loss", str(tmp_path / "c.json"), "--json"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)["loss"]
    assert got == pytest.approx(crit(x, y).item(), rel=1e-9)
