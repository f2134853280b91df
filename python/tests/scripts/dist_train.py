"""Two-process torch.distributed (gloo, CPU) training with the watcher: ``dist_train.py RUN_DIR PORT``."""
import os
import sys

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn as nn

import lossdbg


def worker(rank: int, world: int, run_dir: str, port: str) -> None:
    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = port
    dist.init_process_group("gloo", rank=rank, world_size=world)
    torch.manual_seed(0)
    model = nn.parallel.DistributedDataParallel(nn.Sequential(nn.Linear(24, 32), nn.ReLU(), nn.Linear(32, 5)))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    g = torch.Generator().manual_seed(100 + rank)  # each rank its own shard
    x = torch.randn(256, 24, generator=g)
    y = (x @ torch.randn(24, 5, generator=torch.Generator().manual_seed(1))).argmax(1)
    crit = lossdbg.watch(nn.CrossEntropyLoss(), run_dir, every=10)
    for step in range(25):
        idx = torch.arange(step * 32, step * 32 + 32) % 256
        loss = crit(model(x[idx]), y[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
    crit.close()
    dist.barrier()
    dist.destroy_process_group()


if __name__ == "__main__":
    mp.spawn(worker, args=(2, sys.argv[1], sys.argv[2]), nprocs=2, join=True)
    print("DONE")
