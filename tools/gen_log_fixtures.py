"""Writes the log fixtures of test/fixtures/logs/ (seed 42), each laid out the way its producer
writes it:
  - TensorBoard event files with tools/tb_writer.py: PyTorch SummaryWriter style (simple_value,
    tags like Loss/train) and TF2/Keras style (scalar tensors with plugin 'scalars', train/ and
    validation/ sub-folders, tag epoch_loss), plus truncated and corrupt copies;
  - PyTorch Lightning CSVLogger metrics.csv (header 'epoch,step,<metrics>', sparse rows);
  - Hugging Face Trainer trainer_state.json (json.dumps(indent=2, sort_keys=True), log_history);
  - Keras CSVLogger (epoch first, sorted keys, str(float) values);
  - generic CSV / JSONL with a step column;
  (our run folder, test/fixtures/logs/run-folder/, is written by the real producer: tools/gen_run_folder.py.)
Run: /usr/bin/python3 tools/gen_log_fixtures.py
"""
import json
import math
import os
import random
import shutil
import struct
import sys

sys.path.insert(0, os.path.dirname(__file__))
from tb_writer import EventWriter, histogram_tensor_value, record  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "logs")
rng = random.Random(42)
T0 = 1733130000.0


def train_curve(i, k=10, tau=120.0, floor=0.25):
    return floor + (math.log(k) - floor) * math.exp(-i / tau)


def noisy(x, rel=0.06):
    return x * math.exp(rel * rng.gauss(0, 1))


def write(path, data, mode="w"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(data)


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)

    # --- TensorBoard, PyTorch SummaryWriter style --------------------------------------------
    w = EventWriter(T0)
    for step in range(300):
        w.scalar("Loss/train", noisy(train_curve(step)), step)
        w.scalar("lr", 1e-3 * min(1.0, (step + 1) / 20), step)
        if step % 50 == 49:
            w.scalar("Loss/val", noisy(train_curve(step) + 0.08, 0.02), step)
    pt = w.bytes()
    write(os.path.join(OUT, "tb-pytorch", "events.out.tfevents.1733130000.gpu-node.4242.0"), pt, "wb")
    # truncated mid-record (a job still writing)
    write(os.path.join(OUT, "tb-truncated", "events.out.tfevents.1733130000.gpu-node.4242.0"), pt[: len(pt) - 17], "wb")
    # corrupt: record 10's data CRC broken (skip it), record 20's length CRC broken (resync)
    recs = list(w.records)
    r = bytearray(recs[10])
    r[-1] ^= 0xFF
    recs[10] = bytes(r)
    r = bytearray(recs[20])
    r[8] ^= 0x55
    recs[20] = bytes(r)
    write(os.path.join(OUT, "tb-corrupt", "events.out.tfevents.1733130000.gpu-node.4242.0"), b"".join(recs), "wb")
    # hostile: a header declaring 2^40 bytes with a valid CRC (must not allocate), then garbage
    head = struct.pack("<Q", 1 << 40)
    from tb_writer import masked_crc
    write(os.path.join(OUT, "hostile", "events.out.tfevents.huge"), head + struct.pack("<I", masked_crc(head)) + bytes(64), "wb")
    write(os.path.join(OUT, "hostile", "events.out.tfevents.garbage"), bytes(rng.getrandbits(8) for _ in range(300)), "wb")

    # --- TensorBoard, TF2 / Keras style (tensor scalars, train/ and validation/) ---------------
    tr, va = EventWriter(T0 + 100), EventWriter(T0 + 100)
    tr.graph(200)
    for epoch in range(20):
        loss = noisy(0.3 + 1.9 * math.exp(-epoch / 4), 0.02)
        vloss = noisy(0.45 + 1.7 * math.exp(-epoch / 4) + 0.02 * max(0, epoch - 10), 0.02)
        tr.scalar("epoch_loss", loss, epoch, style="tensor")
        tr.scalar("epoch_accuracy", 1 - loss / 3, epoch, style="tensor")
        va.scalar("epoch_loss", vloss, epoch, style="tensor")
        va.scalar("epoch_accuracy", 1 - vloss / 3, epoch, style="tensor")
        tr.raw_value(histogram_tensor_value("dense/kernel_0", 30), epoch)
    write(os.path.join(OUT, "tb-keras", "train", "events.out.tfevents.1733130100.host.77.0.v2"), tr.bytes(), "wb")
    write(os.path.join(OUT, "tb-keras", "validation", "events.out.tfevents.1733130100.host.77.1.v2"), va.bytes(), "wb")

    # --- Lightning CSVLogger metrics.csv -------------------------------------------------------
    rows = ["epoch,step,train_loss,val_acc,val_loss"]
    step = 0
    for epoch in range(6):
        for b in range(4):
            step += 50
            rows.append(f"{epoch},{step - 1},{noisy(train_curve(step, tau=300))!r},,")
        rows.append(f"{epoch},{step - 1},,{0.5 + 0.07 * epoch!r},{noisy(train_curve(step, tau=300) + 0.05, 0.01)!r}")
    write(os.path.join(OUT, "lightning", "version_0", "metrics.csv"), "\n".join(rows) + "\n")

    # --- Hugging Face trainer_state.json ------------------------------------------------------
    hist = []
    for s in range(10, 410, 10):
        hist.append({"epoch": s / 400, "grad_norm": abs(rng.gauss(2, 0.5)), "learning_rate": 5e-5 * (1 - s / 400),
                     "loss": round(noisy(0.35 + 0.6 * math.exp(-s / 80), 0.05), 4), "step": s})
        if s % 100 == 0:
            ev = 0.42 + 0.5 * math.exp(-s / 80) + (0.0006 * (s - 200) if s > 200 else 0)
            hist.append({"epoch": s / 400, "eval_accuracy": 0.9, "eval_loss": ev, "eval_runtime": 9.1,
                         "eval_samples_per_second": 70.1, "eval_steps_per_second": 1.1, "step": s})
    hist.append({"epoch": 1.0, "step": 400, "total_flos": 1.3e15, "train_loss": 0.51, "train_runtime": 800.2,
                 "train_samples_per_second": 8.0, "train_steps_per_second": 0.5})
    state = {"best_metric": None, "best_model_checkpoint": None, "epoch": 1.0, "eval_steps": 100, "global_step": 400,
             "is_hyper_param_search": False, "is_local_process_zero": True, "is_world_process_zero": True,
             "log_history": hist, "logging_steps": 10, "max_steps": 400, "num_train_epochs": 1, "save_steps": 500,
             "total_flos": 1.3e15, "train_batch_size": 16, "trial_name": None, "trial_params": None}
    write(os.path.join(OUT, "hf", "checkpoint-400", "trainer_state.json"), json.dumps(state, indent=2, sort_keys=True) + "\n")
    # the same run diverging to NaN (fp16 overflow): json.dumps writes a bare NaN
    nan_hist = [dict(h) for h in hist[:12]] + [{"epoch": 0.33, "grad_norm": float("nan"), "learning_rate": 3e-5, "loss": float("nan"), "step": 130}]
    write(os.path.join(OUT, "hf-nan", "trainer_state.json"), json.dumps(dict(state, log_history=nan_hist), indent=2, sort_keys=True) + "\n")

    # --- Keras CSVLogger --------------------------------------------------------------------
    rows = ["epoch,accuracy,loss,val_accuracy,val_loss"]
    for epoch in range(15):
        loss = noisy(0.1 + 2.0 * math.exp(-epoch / 2.5), 0.02)
        vloss = 0.35 + 1.8 * math.exp(-epoch / 2.5) + 0.06 * max(0, epoch - 5)
        rows.append(f"{epoch},{1 - loss / 2.5},{loss},{1 - vloss / 2.5},{vloss}")
    write(os.path.join(OUT, "keras", "training.log"), "\n".join(rows) + "\n")

    # --- generic CSV / JSONL --------------------------------------------------------------
    rows = ["iteration,loss,\"val loss\",lr"]
    for it in range(200):
        rows.append(f"{it},{noisy(train_curve(it)):.6f},{'%.6f' % (train_curve(it) + 0.1) if it % 20 == 19 else ''},0.001")
    write(os.path.join(OUT, "generic", "log.csv"), "\n".join(rows) + "\n")
    lines = [json.dumps({"step": s, "train/loss": noisy(train_curve(s)), "grad_norm": abs(rng.gauss(1, 0.2))}) for s in range(100)]
    write(os.path.join(OUT, "generic", "metrics.jsonl"), "\n".join(lines) + "\n")

    # --- hostile text ------------------------------------------------------------------------
    write(os.path.join(OUT, "hostile", "not-a-log.json"), json.dumps({"hello": [1, 2, 3]}))
    write(os.path.join(OUT, "hostile", "numbers.csv"), "1,2,3\n4,5,6\n")
    write(os.path.join(OUT, "hostile", "broken.jsonl"), '{"step": 1, "loss": 2.0}\n{"step": 2, "loss": \n{"step": 3, "loss": 1.5}\n[1,2]\n')
    write(os.path.join(OUT, "hostile", "trainer_state.json"), '{"log_history": [{"loss": 1.0, "step": 1},')
    write(os.path.join(OUT, "hostile", "binary.csv"), bytes([0, 1, 2, 250, 251, 9, 10]) * 20, "wb")


def examples():
    """examples/curves/<rule-id>.csv: one small log per curve rule (`lossdbg curves` finds that rule)."""
    out = os.path.join(os.path.dirname(__file__), "..", "examples", "curves")
    os.makedirs(out, exist_ok=True)
    r = random.Random(42)

    def batch_loss(mu, b=64, k=10):
        return sum(math.log1p((k - 1) * math.exp(-(mu + 2 * r.gauss(0, 1)))) for _ in range(b)) / b

    def mu(step, tau=300.0):
        return 5 * (1 - math.exp(-step / tau))

    rows = ["step,loss"]
    for s in range(0, 1500):
        rows.append(f"{s},{batch_loss(mu(s)):.5f}" if s < 1100 else f"{s},nan")
    write(os.path.join(out, "non-finite-loss.csv"), "\n".join(rows) + "\n")
    rows = ["step,loss"]
    for s in range(0, 1500):
        m = mu(s) - (0 if s < 900 else (s - 900) / 120)
        rows.append(f"{s},{batch_loss(m):.5f}")
    write(os.path.join(out, "loss-divergence.csv"), "\n".join(rows) + "\n")
    rows = ["epoch,loss,val_loss"]
    for e in range(30):
        tr = 0.15 + 2.1 * math.exp(-e / 4)
        va = (0.4 + 1.9 * math.exp(-e / 4) + 0.025 * max(0, e - 10)) * math.exp(0.01 * r.gauss(0, 1))
        rows.append(f"{e},{tr * math.exp(0.02 * r.gauss(0, 1)):.5f},{va:.5f}")
    write(os.path.join(out, "overfitting.csv"), "\n".join(rows) + "\n")
    rows = ["step,train_loss"]
    for s in range(0, 400):
        rows.append(f"{s},{sum(math.log1p(9 * math.exp(-0.05 * r.gauss(0, 1))) for _ in range(32)) / 32:.5f}")
    write(os.path.join(out, "loss-plateau.csv"), "\n".join(rows) + "\n")
    rows = ["step,loss"]
    for s in range(0, 2000):
        v = batch_loss(mu(s), b=256)
        if s in (800, 1450):
            v *= 25
        rows.append(f"{s},{v:.5f}")
    write(os.path.join(out, "loss-spikes.csv"), "\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
    examples()
