"""Small models trained with the watcher: the run folder, and its snapshots inspected by the lossdbg CLI."""

from __future__ import annotations

import math
import os

import pytest
import torch
import torch.nn as nn

import lossdbg
from conftest import read_log


def news(n: int = 1500, seed: int = 42):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 24, generator=g)
    y = (x @ torch.randn(24, 5, generator=g)).argmax(dim=1)
    return x, y


def train(model, criterion, x, y, steps, batch=256, lr=1e-3, hook=None):
    torch.manual_seed(0)
    opt = torch.optim.AdamW(model.parameters(), lr=lr)
    losses = []
    for step in range(steps):
        idx = torch.randint(0, x.shape[0], (batch,))
        xb, yb = x[idx], y[idx]
        if hook is not None:
            xb = hook(step, xb)
        loss = criterion(model(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


def rules(report):
    return {f["rule"] for f in report["findings"]}


def test_header_and_step_lines_follow_the_run_folder_format(tmp_path):
    x, y = news()
    crit = lossdbg.watch(nn.CrossEntropyLoss(label_smoothing=0.1), str(tmp_path), every=10)
    model = nn.Sequential(nn.Linear(24, 64), nn.ReLU(), nn.Linear(64, 5))
    losses = train(model, crit, x, y, 25)
    crit.close()
    log = read_log(str(tmp_path / "rank0.jsonl"))
    h = log[0]
    assert h["type"] == "header" and h["format"] == "lossdbg-run" and h["version"] == 1
    assert h["loss"] == "CrossEntropyLoss"
    assert h["args"] == {"reduction": "mean", "ignore_index": -100, "label_smoothing": 0.1}
    assert (h["rank"], h["world_size"]) == (0, 1)
    assert h["torch"] == torch.__version__ and h["lossdbg"] == lossdbg.__version__
    assert abs(h["start_time"] - log[1]["time"]) < 60
    steps = [e for e in log if e["type"] == "step"]
    assert [e["step"] for e in steps] == list(range(25))
    assert [e["loss"] for e in steps] == losses  # the exact values training saw
    assert all(b["time"] >= a["time"] for a, b in zip(steps, steps[1:]))
    snaps = [e for e in log if e["type"] == "snapshot"]
    assert [(e["step"], e["reason"]) for e in snaps] == [(0, "first"), (10, "every"), (20, "every")]
    for e in snaps:
        assert e["path"] == f"cases/step_{e['step']}.losscase.json"
        # a snapshot line follows its step's line
        i = log.index(e)
        assert log[i - 1]["type"] == "step" and log[i - 1]["step"] == e["step"]
    # (256, 5) float32 logits go to an .npy side file (over inline_max), the int64 target stays inline
    assert sorted(os.listdir(tmp_path / "cases")) == [
        "step_0.losscase.input.npy", "step_0.losscase.json", "step_10.losscase.input.npy",
        "step_10.losscase.json", "step_20.losscase.input.npy", "step_20.losscase.json"]


def test_scalars_join_their_step_line_or_follow_it(tmp_path):
    crit = lossdbg.watch(nn.MSELoss(), str(tmp_path), every=None)
    x = torch.randn(8, requires_grad=True)
    crit.log(lr=0.5)  # before the first step: joins step 0
    crit(x, torch.zeros(8))
    crit.log(val_loss=torch.tensor(1.25), acc=3)  # after step 0's call: step 0's scalars
    crit(x, torch.zeros(8))
    crit.flush()
    crit.log(val_loss=2.0)  # step 1's line is already written: a scalars line
    with pytest.warns(RuntimeWarning, match="needs a number"):
        crit.log(note="text")  # ignored with a warning, never an exception
    crit.close()
    log = read_log(str(tmp_path / "rank0.jsonl"))
    assert log[1]["scalars"] == {"lr": 0.5, "val_loss": 1.25, "acc": 3.0}
    assert log[2]["type"] == "snapshot"  # the first step's
    assert log[3]["type"] == "step" and "scalars" not in log[3]
    assert log[-1]["type"] == "scalars" and log[-1]["step"] == 1 and log[-1]["scalars"] == {"val_loss": 2.0}


def test_double_softmax_run_snapshot_is_diagnosed(tmp_path, inspect):
    x, y = news()
    model = nn.Sequential(nn.Linear(24, 64), nn.ReLU(), nn.Linear(64, 5), nn.Softmax(dim=1))  # the bug
    crit = lossdbg.watch(nn.CrossEntropyLoss(), str(tmp_path), every=50)
    train(model, crit, x, y, 120)
    crit.close()
    snaps = [e for e in read_log(str(tmp_path / "rank0.jsonl")) if e["type"] == "snapshot"]
    assert [e["step"] for e in snaps] == [0, 50, 100]
    report = inspect(str(tmp_path / snaps[-1]["path"]))
    assert "double-softmax" in rules(report), report["findings"]
    assert report["summary"]["input"]["shape"] == [256, 5]
    # the recomputed loss is the loss training saw at that step
    steps = {e["step"]: e["loss"] for e in read_log(str(tmp_path / "rank0.jsonl")) if e["type"] == "step"}
    assert math.isclose(report["loss"], steps[100], rel_tol=1e-5)

    # the same model without the softmax: silent on double-softmax
    healthy = tmp_path / "healthy"
    model = nn.Sequential(nn.Linear(24, 64), nn.ReLU(), nn.Linear(64, 5))
    crit = lossdbg.watch(nn.CrossEntropyLoss(), str(healthy), every=50)
    train(model, crit, x, y, 120)
    crit.close()
    snaps = [e for e in read_log(str(healthy / "rank0.jsonl")) if e["type"] == "snapshot"]
    assert "double-softmax" not in rules(inspect(str(healthy / snaps[-1]["path"])))


def test_run_hitting_nan_is_captured_at_that_step(tmp_path, inspect):
    x, y = news(4000)

    def corrupt(step, xb):
        if step == 37:  # a data bug: three rows of this batch carry NaN features
            xb = xb.clone()
            xb[[5, 200, 611], 3] = float("nan")
        return xb

    model = nn.Sequential(nn.Linear(24, 64), nn.ReLU(), nn.Linear(64, 5))
    crit = lossdbg.watch(nn.CrossEntropyLoss(), str(tmp_path), every=None, snapshot_rows=64)
    losses = train(model, crit, x, y, 45, batch=1024, hook=corrupt)
    crit.close()
    first_nan = next(i for i, v in enumerate(losses) if not math.isfinite(v))
    assert first_nan == 37
    log = read_log(str(tmp_path / "rank0.jsonl"))
    steps = [e for e in log if e["type"] == "step"]
    assert len(steps) == 45 and math.isnan(steps[37]["loss"])
    snaps = [e for e in log if e["type"] == "snapshot"]
    assert [(e["step"], e["reason"]) for e in snaps][:2] == [(0, "first"), (37, "nonfinite")]
    # one snapshot when the loss turns non-finite, not one per NaN step
    assert sum(e["reason"] == "nonfinite" for e in snaps) == 1
    case = str(tmp_path / snaps[1]["path"])
    report = inspect(case)
    assert "non-finite-values" in rules(report), report["findings"]
    assert report["summary"]["input"]["shape"] == [64, 5]  # sampled to snapshot_rows
    assert report["summary"]["nonFinite"] >= 3 * 5  # the NaN rows were kept in the sample


def test_spikes_fire_on_a_real_spike_and_stay_silent_on_noisy_small_batches(tmp_path):
    x, y = news()
    # batch 8: a very noisy but healthy curve
    crit = lossdbg.watch(nn.CrossEntropyLoss(), str(tmp_path / "noisy"), every=None)
    model = nn.Sequential(nn.Linear(24, 64), nn.ReLU(), nn.Linear(64, 5))
    train(model, crit, x, y, 600, batch=8, lr=3e-3)
    crit.close()
    reasons = [e["reason"] for e in read_log(str(tmp_path / "noisy" / "rank0.jsonl")) if e["type"] == "snapshot"]
    assert reasons == ["first"]

    def blow_up(step, xb):
        return xb * -5 if step == 300 else xb  # one corrupted batch (flipped, unscaled features)

    crit = lossdbg.watch(nn.CrossEntropyLoss(), str(tmp_path / "spike"), every=None)
    model = nn.Sequential(nn.Linear(24, 64), nn.ReLU(), nn.Linear(64, 5))
    losses = train(model, crit, x, y, 400, batch=64, lr=3e-3, hook=blow_up)
    crit.close()
    assert losses[300] > 3 * losses[299]
    snaps = [(e["step"], e["reason"]) for e in read_log(str(tmp_path / "spike" / "rank0.jsonl")) if e["type"] == "snapshot"]
    assert (300, "spike") in snaps, snaps
    assert [s for s in snaps if s[1] == "spike"] == [(300, "spike")]


def test_request_snapshot_and_restart_into_the_same_folder(tmp_path):
    x = torch.randn(32, 4, requires_grad=True)
    t = torch.randint(0, 4, (32,))
    for _ in range(2):  # the job restarts, appending to the same log
        crit = lossdbg.watch(nn.CrossEntropyLoss(), str(tmp_path), every=None)
        crit(x, t)
        crit(x, t)
        crit.snapshot()
        crit(x, t)
        crit.close()
    log = read_log(str(tmp_path / "rank0.jsonl"))
    assert [e["type"] for e in log].count("header") == 2
    snaps = [(e["step"], e["reason"], e["path"]) for e in log if e["type"] == "snapshot"]
    assert snaps == [
        (0, "first", "cases/step_0.losscase.json"), (2, "request", "cases/step_2.losscase.json"),
        (0, "first", "cases/step_0-1.losscase.json"), (2, "request", "cases/step_2-1.losscase.json"),
    ]


def test_snapshots_stay_within_the_size_limit(tmp_path, inspect):
    # a language-model-sized call: (B, V, L) logits, too big for one row under a 1 MB limit
    B, V, L = 4, 3000, 64
    logits = torch.randn(B, V, L, requires_grad=True)
    target = torch.randint(0, V, (B, L))
    target[:, 50:] = -100
    crit = lossdbg.watch(nn.CrossEntropyLoss(), str(tmp_path), snapshot_mb=1.0, snapshot_rows=100_000)
    loss = crit(logits, target)
    crit.close()
    log = read_log(str(tmp_path / "rank0.jsonl"))
    snap = next(e for e in log if e["type"] == "snapshot")
    case = tmp_path / snap["path"]
    total = sum(os.path.getsize(tmp_path / "cases" / f) for f in os.listdir(tmp_path / "cases"))
    assert total < 1.2 * 2**20, total
    report = inspect(str(case))
    rows = report["summary"]["input"]["shape"]
    assert rows[1] == V and rows[0] < B * L and rows[0] * V * 4 <= 2**20
    assert math.isfinite(report["loss"])
    # the case's reported loss is the sample's own loss (so reported-loss-mismatch stays quiet)
    assert "reported-loss-mismatch" not in rules(report)
    assert math.isfinite(loss.item())
