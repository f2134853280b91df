"""A watched criterion returns the very values and gradients of the bare one, for all nine losses."""

from __future__ import annotations

import os

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

import lossdbg
from conftest import read_log


def _cases():
    g = torch.Generator().manual_seed(3)
    n, c = 12, 5
    logits = torch.randn(n, c, generator=g) * 2
    cls = torch.randint(0, c, (n,), generator=g)
    cls[2] = 3
    reg = torch.randn(n, 3, generator=g)
    reg_t = torch.randn(n, 3, generator=g)
    probs = torch.sigmoid(torch.randn(n, 4, generator=g))
    bin_t = (torch.rand(n, 4, generator=g) < 0.3).float()
    logp = F.log_softmax(torch.randn(n, c, generator=g), 1)
    q = F.softmax(torch.randn(n, c, generator=g), 1)
    w = torch.rand(c, generator=g) + 0.5
    return [
        ("MSELoss", nn.MSELoss(), reg, reg_t),
        ("L1Loss", nn.L1Loss(reduction="sum"), reg, reg_t),
        ("HuberLoss", nn.HuberLoss(delta=0.5), reg * 3, reg_t),
        ("SmoothL1Loss", nn.SmoothL1Loss(beta=2.0), reg * 3, reg_t),
        ("BCELoss", nn.BCELoss(weight=torch.rand(n, 4, generator=g)), probs, bin_t),
        ("BCEWithLogitsLoss", nn.BCEWithLogitsLoss(pos_weight=torch.tensor([1.0, 2.0, 3.0, 4.0])), logits[:, :4], bin_t),
        ("CrossEntropyLoss", nn.CrossEntropyLoss(weight=w, ignore_index=3, label_smoothing=0.1), logits, cls),
        ("NLLLoss", nn.NLLLoss(weight=w, reduction="none"), logp, cls),
        ("KLDivLoss", nn.KLDivLoss(reduction="batchmean"), logp, q),
    ]


@pytest.mark.parametrize("name,crit,x,y", _cases(), ids=[c[0] for c in _cases()])
def test_same_values_and_gradients(tmp_path, name, crit, x, y):
    xa = x.clone().requires_grad_(True)
    xb = x.clone().requires_grad_(True)
    bare = crit(xa, y)
    w = lossdbg.watch(crit, str(tmp_path / "run"), every=1)
    watched = w(xb, y)
    assert type(watched) is type(bare) and watched.shape == bare.shape and watched.dtype == bare.dtype
    assert torch.equal(watched, bare), f"{name}: {watched} != {bare}"
    assert watched.grad_fn is not None and type(watched.grad_fn) is type(bare.grad_fn)
    seed = torch.ones_like(bare)
    bare.backward(seed)
    watched.backward(seed)
    assert torch.equal(xa.grad, xb.grad), f"{name}: gradients differ"
    w.close()
    log = read_log(str(tmp_path / "run" / "rank0.jsonl"))
    assert log[0]["loss"] == name
    step = log[1]
    assert step["type"] == "step" and step["step"] == 0
    assert step["loss"] == pytest.approx(float(bare.detach().float().mean()), rel=1e-6)
    snap = log[2]
    assert snap["type"] == "snapshot" and snap["reason"] == "first"
    assert os.path.exists(tmp_path / "run" / snap["path"])


def test_no_rng_is_consumed(tmp_path):
    """Sampling for snapshots uses a private generator: the user's torch RNG stream is untouched."""
    x = torch.randn(1000, 5, requires_grad=True)
    y = torch.randint(0, 5, (1000,))
    w = lossdbg.watch(nn.CrossEntropyLoss(), str(tmp_path), every=1, snapshot_rows=10)
    torch.manual_seed(7)
    w(x, y)
    w(x, y)
    after = torch.rand(3)
    torch.manual_seed(7)
    assert torch.equal(after, torch.rand(3))
    w.close()


def test_attributes_pass_through_and_eval_calls_are_not_steps(tmp_path):
    crit = nn.CrossEntropyLoss(ignore_index=0)
    w = lossdbg.watch(crit, str(tmp_path))
    assert w.ignore_index == 0 and w.reduction == "mean" and w.criterion is crit
    x = torch.randn(4, 3, requires_grad=True)
    y = torch.tensor([1, 2, 0, 1])
    w(x, y)
    with torch.no_grad():
        w(x, y)  # validation: not a training step
    w(x.detach(), y)
    w(x, y)
    w.close()
    steps = [e for e in read_log(str(tmp_path / "rank0.jsonl")) if e["type"] == "step"]
    assert [e["step"] for e in steps] == [0, 1]


def test_plain_function_criterion_is_logged_without_snapshots(tmp_path):
    w = lossdbg.watch(F.mse_loss, str(tmp_path))
    x = torch.randn(4, requires_grad=True)
    with pytest.warns(RuntimeWarning, match="not one of the losses"):
        out = w(x, torch.zeros(4))
    assert torch.equal(out, F.mse_loss(x, torch.zeros(4)))
    w.close()
    log = read_log(str(tmp_path / "rank0.jsonl"))
    assert log[0]["loss"] == "mse_loss" and [e["type"] for e in log] == ["header", "step"]
