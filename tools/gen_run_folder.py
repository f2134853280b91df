"""Writes test/fixtures/logs/run-folder/ with the real producer: python/lossdbg's watch() in a two-process
torch.distributed job (gloo, CPU), so the fixture is exactly what a user's run folder holds.

The job: 10 classes, MLP 16-32-10, CrossEntropyLoss(ignore_index=-100), SGD, 60 steps of batch 32 per rank,
lr logged every step, val_loss logged after steps 19, 39 and 59 on rank 0 (a separate scalars line, as
after a validation pass), and a NaN planted in rank 0's batch at step 57 (the gradient all-reduce then
carries it to rank 1 from step 58). Rank 0 snapshots the first step and the first non-finite step.
Afterwards rank 1's log is cut inside its last line (step 59), as a reader sees a job that is still writing.

Run: /usr/bin/python3 tools/gen_run_folder.py [OUT_DIR]   (wall times differ per run; the rest is seeded)
"""
import os
import shutil
import socket
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))

import torch  # noqa: E402
import torch.distributed as dist  # noqa: E402
import torch.multiprocessing as mp  # noqa: E402
import torch.nn as nn  # noqa: E402

import lossdbg  # noqa: E402

STEPS, BATCH, K, NAN_STEP = 60, 32, 10, 57


def worker(rank: int, world: int, run_dir: str, port: int) -> None:
    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(port)
    torch.set_num_threads(1)
    dist.init_process_group("gloo", rank=rank, world_size=world)
    torch.manual_seed(42)
    model = nn.parallel.DistributedDataParallel(nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, K)))
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    g = torch.Generator().manual_seed(42 + rank)
    x = torch.randn(STEPS * BATCH, 16, generator=g)
    y = (x @ torch.randn(16, K, generator=torch.Generator().manual_seed(7))).argmax(1)
    xv = torch.randn(256, 16, generator=torch.Generator().manual_seed(9))
    yv = (xv @ torch.randn(16, K, generator=torch.Generator().manual_seed(7))).argmax(1)
    crit = lossdbg.watch(nn.CrossEntropyLoss(ignore_index=-100), run_dir, every=None, max_anomaly_snapshots=1)
    for step in range(STEPS):
        xb, yb = x[step * BATCH:(step + 1) * BATCH].clone(), y[step * BATCH:(step + 1) * BATCH]
        if rank == 0 and step == NAN_STEP:
            xb[3, 5] = float("nan")
        loss = crit(model(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        crit.log(lr=opt.param_groups[0]["lr"])
        if rank == 0 and step % 20 == 19:
            crit.flush()
            with torch.no_grad():
                crit.log(val_loss=nn.functional.cross_entropy(model(xv), yv).item())
    crit.close()
    dist.barrier()
    dist.destroy_process_group()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "test", "fixtures", "logs", "run-folder")
    tmp = tempfile.mkdtemp(prefix="lossdbg-run-folder-")
    try:
        run = os.path.join(tmp, "run")
        mp.spawn(worker, args=(2, run, free_port()), nprocs=2, join=True)
        with open(os.path.join(run, "rank1.jsonl"), "rb") as f:
            text = f.read()
        last = text.rstrip(b"\n").rfind(b"\n") + 1
        # caught while the job writes rank 1's last step: the line is there only in part
        with open(os.path.join(run, "rank1.jsonl"), "wb") as f:
            f.write(text[:last] + text[last:last + 40])
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(run, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"wrote {os.path.relpath(out)}")


if __name__ == "__main__":
    main()
