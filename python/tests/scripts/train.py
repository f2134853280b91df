"""A small training job for the watcher's process-level tests.

Usage: train.py RUN_DIR MODE [STEPS]
MODE: "sigint"   the process receives SIGINT (Ctrl-C) after STEPS steps; KeyboardInterrupt ends it
      "inside"   KeyboardInterrupt raised inside the criterion's own forward at step STEPS
      "noclose"  STEPS steps, then a normal exit without close() (atexit must flush)
      "plain"    STEPS steps, then close(); prints the warnings the watcher raised
      "fork"     after STEPS steps the process forks; the child exits normally, the parent trains 5 more
"""
import os
import signal
import sys
import warnings

import torch
import torch.nn as nn

import lossdbg

run_dir, mode = sys.argv[1], sys.argv[2]
steps = int(sys.argv[3]) if len(sys.argv) > 3 else 20


class Interrupting(nn.CrossEntropyLoss):
    calls = 0

    def forward(self, input, target):
        Interrupting.calls += 1
        if mode == "inside" and Interrupting.calls == steps + 1:
            raise KeyboardInterrupt
        return super().forward(input, target)


torch.manual_seed(0)
model = nn.Sequential(nn.Linear(24, 32), nn.ReLU(), nn.Linear(32, 5))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
x = torch.randn(512, 24)
y = (x @ torch.randn(24, 5)).argmax(1)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    crit = lossdbg.watch(Interrupting(), run_dir, every=5, flush_secs=3600.0 if mode == "fork" else 0.25)
    for step in range(steps + 10 if mode in ("sigint", "inside") else steps + 5 if mode == "fork" else steps):
        if mode == "fork" and step == steps:
            pid = os.fork()
            if pid == 0:
                sys.exit(0)  # a normal exit: atexit handlers run, buffers are flushed
            os.waitpid(pid, 0)
        if mode == "sigint" and step == steps:
            os.kill(os.getpid(), signal.SIGINT)
        loss = crit(model(x[step % 8 * 64:][:64]), y[step % 8 * 64:][:64])
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 3 == 0:
            crit.log(lr=0.1)
    if mode in ("plain", "fork"):
        crit.close()
    for w in caught:
        print(f"WARNING {w.category.__name__}: {w.message}")
    print(f"TRAINED {steps} watching={crit.watching}")
