"""The `watch-overhead` bench workload: the tutorial's news model trained bare and with lossdbg.watch.

Usage: /usr/bin/python3 tools/bench_watch.py [--rounds N] [--epochs E] [--loader dataloader|index]
Prints one JSON line: {"bare_ms_per_step", "watched_ms_per_step", "overhead_pct", "overhead_us_per_step",
"first_step_extra_ms", "steady_overhead_pct", "cpu_overhead_pct", "steps", "rounds", "snapshots", "loader"}.

The model is the tutorial's news problem (X (1500, 24) ~ N(0, 1), y = argmax(X·W) over 5 classes, MLP
24-64-5, CrossEntropyLoss(label_smoothing=0.1), batch 256, AdamW lr 1e-3, 40 epochs = 240 steps), one
thread. `--loader dataloader` (the default) feeds it as the tutorial's loop does: a shuffling
`DataLoader(TensorDataset(X, y[:, None]), batch_size=256)` and `yb.squeeze().long()`; `--loader index`
slices the tensors directly (no DataLoader: the smallest step this model can have, so the hardest case
for the watcher's fixed per-step cost). Each round trains two identical models in lockstep, epoch by epoch, one with the bare criterion
and one watched (default watch() settings: a line per step, a snapshot at the first step), alternating
which goes first, so that load from other jobs on a shared machine hits both alike. Per round:
steady = median over epochs 2.. of the paired per-epoch difference; first = the extra time of the first
epoch beyond steady (opening the log, the first snapshot). The overhead of a whole 240-step run is
(first + steady × epochs) / bare run time; figures are medians over rounds.
"""
import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
from torch.utils.data import DataLoader, TensorDataset  # noqa: E402

import lossdbg  # noqa: E402

BATCH = 256


def news_data():
    g = torch.Generator().manual_seed(42)
    x = torch.randn(1500, 24, generator=g)
    y = (x @ torch.randn(24, 5, generator=g)).argmax(dim=1)
    return x, y


class Job:
    def __init__(self, criterion, loader):
        torch.manual_seed(42)
        self.loader = loader
        self.model = nn.Sequential(nn.Linear(24, 64), nn.ReLU(), nn.Linear(64, 5))
        self.opt = torch.optim.AdamW(self.model.parameters(), lr=1e-3)
        self.criterion = criterion
        self.gen = torch.Generator().manual_seed(7)

    def epoch(self, x, y):
        """Train one epoch; return (wall s, CPU s, steps)."""
        n = x.shape[0]
        steps = 0
        if self.loader == "dataloader":
            dl = DataLoader(TensorDataset(x, y.unsqueeze(-1)), batch_size=BATCH, shuffle=True, generator=self.gen)
            t0, c0 = time.perf_counter(), time.process_time()
            for xb, yb in dl:
                loss = self.criterion(self.model(xb), yb.squeeze().long())
                self.opt.zero_grad()
                loss.backward()
                self.opt.step()
                steps += 1
            return time.perf_counter() - t0, time.process_time() - c0, steps
        perm = torch.randperm(n, generator=self.gen)
        t0, c0 = time.perf_counter(), time.process_time()
        for s in range(0, n, BATCH):
            idx = perm[s:s + BATCH]
            loss = self.criterion(self.model(x[idx]), y[idx])
            self.opt.zero_grad()
            loss.backward()
            self.opt.step()
            steps += 1
        return time.perf_counter() - t0, time.process_time() - c0, steps


def one_round(x, y, epochs, run_dir, loader):
    bare = Job(nn.CrossEntropyLoss(label_smoothing=0.1), loader)
    crit = lossdbg.watch(nn.CrossEntropyLoss(label_smoothing=0.1), run_dir)
    watched = Job(crit, loader)
    wall_b, wall_w, cpu_b, cpu_w = [], [], [], []
    steps = 0
    for e in range(epochs):
        for job in ((bare, watched) if e % 2 == 0 else (watched, bare)):
            w, c, steps = job.epoch(x, y)
            (wall_b if job is bare else wall_w).append(w)
            (cpu_b if job is bare else cpu_w).append(c)
    crit.close()
    diffs = [w - b for w, b in zip(wall_w, wall_b)]
    cdiffs = [w - b for w, b in zip(cpu_w, cpu_b)]
    steady = statistics.median(diffs[1:])
    csteady = statistics.median(cdiffs[1:])
    bare_epoch = statistics.median(wall_b)
    cbare_epoch = statistics.median(cpu_b)
    first = diffs[0] - steady
    cfirst = cdiffs[0] - csteady
    run = bare_epoch * epochs
    return {
        "bare_step": bare_epoch / steps, "steady_step": steady / steps, "first": first,
        "pct": 100 * (first + steady * epochs) / run, "steady_pct": 100 * steady / bare_epoch,
        "cpu_pct": 100 * (cfirst + csteady * epochs) / (cbare_epoch * epochs), "steps": steps * epochs,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--loader", choices=("dataloader", "index"), default="dataloader")
    a = ap.parse_args()
    torch.set_num_threads(1)
    x, y = news_data()
    base = tempfile.mkdtemp(prefix="lossdbg-bench-watch-")
    try:
        one_round(x, y, 3, os.path.join(base, "warm"), a.loader)
        rounds = []
        snaps = 0
        for r in range(a.rounds):
            run_dir = os.path.join(base, f"run{r}")
            rounds.append(one_round(x, y, a.epochs, run_dir, a.loader))
            with open(os.path.join(run_dir, "rank0.jsonl"), encoding="utf-8") as f:
                log = [json.loads(line) for line in f]
            lines = sum(1 for e in log if e["type"] == "step")
            snaps = sum(1 for e in log if e["type"] == "snapshot")
            if lines != rounds[-1]["steps"]:
                raise SystemExit(f"watched run logged {lines} steps, expected {rounds[-1]['steps']}")
        med = lambda k: statistics.median(r[k] for r in rounds)  # noqa: E731
        bare_step = med("bare_step")
        pct = med("pct")
        print(json.dumps({
            "bare_ms_per_step": round(1000 * bare_step, 4),
            "watched_ms_per_step": round(1000 * bare_step * (1 + pct / 100), 4),
            "overhead_pct": round(pct, 2), "overhead_us_per_step": round(1e6 * bare_step * pct / 100, 1),
            "steady_overhead_pct": round(med("steady_pct"), 2), "steady_us_per_step": round(1e6 * med("steady_step"), 1),
            "first_step_extra_ms": round(1000 * med("first"), 2), "cpu_overhead_pct": round(med("cpu_pct"), 2),
            "steps": rounds[0]["steps"], "rounds": a.rounds, "snapshots": snaps, "loader": a.loader,
        }))
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
