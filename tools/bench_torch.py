"""PyTorch side of `npm run bench` (bench/run.ts starts it once and talks JSON lines over stdin/stdout).

Requests:  {"op": "info"} | {"op": "setup", "id": ..., "dir": ..., "params": {...}}
           | {"op": "time", "id": ..., "reps": n}   (per-call wall-clock ms)
           | {"op": "batch", "id": ..., "reps": n}  (mean wall and CPU ms per call over n calls)
           | {"op": "quit"}
Replies:   one JSON object per request, {"ok": true, ...} or {"ok": false, "error": "..."}.
Timing happens here, after warm-up, with torch.set_num_threads(1); `import torch` is never timed.
The data for the loss and loading workloads comes from .npy files the Node side wrote (same values);
mlp-784 generates its random data here (the timing does not depend on the values).
"""
import json
import os
import sys
import time
import traceback

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
WORK = {}


def blas_name():
    for p in ('/usr/lib/x86_64-linux-gnu/libblas.so.3', '/usr/lib/aarch64-linux-gnu/libblas.so.3'):
        if os.path.exists(p):
            return os.path.realpath(p)
    return 'unknown'


def load(d, name):
    return np.load(os.path.join(d, name))


def setup_ce(d, p):
    x = torch.from_numpy(load(d, 'ce_x.npy'))
    if p.get('f64'):
        x = x.double()
    x.requires_grad_(True)
    t = torch.from_numpy(load(d, 'ce_t.npy')).long()
    kw = {'ignore_index': -100}
    if p.get('smooth_weight'):
        kw['weight'] = torch.from_numpy(load(d, 'ce_w.npy'))
        kw['label_smoothing'] = 0.1

    def run():
        x.grad = None
        loss = F.cross_entropy(x, t, **kw)
        loss.backward()
    return run


def setup_bce(d, p):
    pre = p['prefix']
    z = torch.from_numpy(load(d, pre + '_z.npy')).requires_grad_(True)
    y = torch.from_numpy(load(d, pre + '_y.npy'))
    pw = torch.from_numpy(load(d, pre + '_pw.npy'))

    def run():
        z.grad = None
        loss = F.binary_cross_entropy_with_logits(z, y, pos_weight=pw)
        loss.backward()
    return run


def mini_data():
    # The tutorial's four synthetic problems (shapes, rates and models as it specifies).
    g = {}
    g['xr'] = torch.randn(1024, 16)
    wr = torch.randn(16, 1)
    g['yr'] = g['xr'] @ wr + 0.3 * torch.randn(1024, 1)
    g['xb'] = torch.randn(2000, 20)
    g['yb'] = (torch.rand(2000) < 0.05).float()
    g['xm'] = torch.randn(800, 32)
    g['ym'] = (torch.rand(800, 4) > 0.7).float()
    g['xd'] = torch.randn(1500, 24)
    g['yd'] = (g['xd'] @ torch.randn(24, 5)).argmax(dim=1)
    return g


def mlp(i, h, o):
    return nn.Sequential(nn.Linear(i, h), nn.ReLU(), nn.Linear(h, o))


def mini_jobs(g):
    pos = g['yb'].mean()
    return [
        # (model, X, Y, loss, batch, epochs)
        (mlp(16, 64, 1), g['xr'], g['yr'].squeeze(-1), nn.MSELoss(), 128, 50, True),
        (mlp(20, 64, 1), g['xb'], g['yb'], nn.BCEWithLogitsLoss(pos_weight=((1 - pos) / pos).reshape(1)), 256, 20, True),
        (mlp(32, 64, 4), g['xm'], g['ym'], nn.BCEWithLogitsLoss(), 128, 30, False),
        (mlp(24, 64, 5), g['xd'], g['yd'], nn.CrossEntropyLoss(label_smoothing=0.1), 256, 40, False),
    ]


def mini_index():
    torch.manual_seed(42)
    for model, X, Y, crit, batch, epochs, squeeze in mini_jobs(mini_data()):
        opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
        n = X.shape[0]
        for _ in range(epochs):
            perm = torch.randperm(n)
            for s in range(0, n, batch):
                idx = perm[s:s + batch]
                z = model(X[idx])
                if squeeze:
                    z = z.squeeze(-1)
                loss = crit(z, Y[idx])
                opt.zero_grad()
                loss.backward()
                opt.step()


def mini_dataloader():
    from torch.utils.data import DataLoader, TensorDataset
    torch.manual_seed(42)
    for model, X, Y, crit, batch, epochs, squeeze in mini_jobs(mini_data()):
        opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
        loader = DataLoader(TensorDataset(X, Y), batch_size=batch, shuffle=True)
        for _ in range(epochs):
            for xb, yb in loader:
                z = model(xb)
                if squeeze:
                    z = z.squeeze(-1)
                loss = crit(z, yb)
                opt.zero_grad()
                loss.backward()
                opt.step()


def setup_mini(_d, p):
    return mini_dataloader if p.get('dataloader') else mini_index


def setup_mlp(_d, p):
    torch.manual_seed(0)
    n, d_in, h, k, batch = p.get('n', 60000), 784, 256, 10, 128
    X = torch.randn(n, d_in)
    Y = torch.randint(0, k, (n,))
    model = mlp(d_in, h, k)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    crit = nn.CrossEntropyLoss()

    def run():
        perm = torch.randperm(n)
        for s in range(0, n, batch):
            idx = perm[s:s + batch]
            loss = crit(model(X[idx]), Y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    return run


def setup_lm_ce(_d, p):
    # The inspect-lm-* baseline: load the dumped logits and targets, cross-entropy fwd + bwd in float64
    # (inspect-lm-large) or float32 (inspect-lm-huge, params f32).
    logits = os.path.join(p['dir'], 'logits.npy')
    target = os.path.join(p['dir'], 'target.npy')

    def run():
        x = torch.from_numpy(np.load(logits))
        x = (x if p.get('f32') else x.double()).requires_grad_(True)
        t = torch.from_numpy(np.load(target))
        F.cross_entropy(x, t).backward()
    return run


def setup_npy(d, p):
    path = os.path.join(d, p['file'])

    def run():
        torch.from_numpy(np.load(path))
    return run


def setup_pandas_csv(d, p):
    import pandas as pd  # Debian python3-pandas; only for the curves-200k comparison
    path = os.path.join(d, p['file'])

    def run():
        pd.read_csv(path)
    return run


SETUPS = {'ce': setup_ce, 'bce': setup_bce, 'mini': setup_mini, 'mlp': setup_mlp, 'npy': setup_npy, 'lm_ce': setup_lm_ce,
          'pandas_csv': setup_pandas_csv}


def handle(req):
    op = req.get('op')
    if op == 'info':
        return {'ok': True, 'torch': torch.__version__, 'numpy': np.__version__, 'blas': blas_name(),
                'threads': torch.get_num_threads(), 'python': sys.version.split()[0]}
    if op == 'setup':
        p = req.get('params', {})
        WORK[req['id']] = SETUPS[p['kind']](req['dir'], p)
        return {'ok': True}
    if op == 'time':
        fn = WORK[req['id']]
        out = []
        for _ in range(int(req.get('reps', 1))):
            t0 = time.perf_counter()
            fn()
            out.append((time.perf_counter() - t0) * 1000.0)
        return {'ok': True, 'ms': out}
    if op == 'batch':
        # reps calls in a row: mean wall-clock and CPU (process) time per call
        fn = WORK[req['id']]
        reps = int(req.get('reps', 1))
        w0, c0 = time.perf_counter(), time.process_time()
        for _ in range(reps):
            fn()
        w1, c1 = time.perf_counter(), time.process_time()
        return {'ok': True, 'wall_ms': (w1 - w0) * 1000.0 / reps, 'cpu_ms': (c1 - c0) * 1000.0 / reps}
    if op == 'quit':
        return None
    return {'ok': False, 'error': 'unknown op %r' % op}


def main():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            rep = handle(json.loads(line))
        except Exception as e:  # report and keep serving
            rep = {'ok': False, 'error': '%s: %s' % (type(e).__name__, e), 'trace': traceback.format_exc()[-800:]}
        if rep is None:
            break
        sys.stdout.write(json.dumps(rep) + '\n')
        sys.stdout.flush()


if __name__ == '__main__':
    main()
