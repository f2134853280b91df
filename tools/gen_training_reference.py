#!/usr/bin/python3
"""Reference values for the training engine, computed with PyTorch in float64.

Writes plain JSON fixtures to test/fixtures/training/:
  mlp.json        forward outputs and backward gradients of small MLPs (with Softmax/Sigmoid heads)
                  for fixed weights, inputs and upstream gradients;
  optim.json      parameters after several AdamW and SGD steps from fixed gradients, for several
                  hyper-parameter settings (momentum, dampening, nesterov, weight decay, maximize);
  train.json      a few full training steps (MLP + loss + AdamW) on fixed data.
Run: /usr/bin/python3 tools/gen_training_reference.py   (torch 1.13, numpy)
"""
import json
import os

import numpy as np
import torch
import torch.nn as nn

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'training')
rng = np.random.default_rng(20261129)


def arr(t):
    return t.detach().cpu().numpy().ravel().tolist()


def rand(*shape, scale=1.0):
    return torch.tensor(rng.standard_normal(shape) * scale)


def mlp_from(sizes, params, head=None):
    mods = []
    for i in range(len(sizes) - 1):
        if i > 0:
            mods.append(nn.ReLU())
        mods.append(nn.Linear(sizes[i], sizes[i + 1]))
    if head == 'softmax':
        mods.append(nn.Softmax(dim=-1))
    elif head == 'sigmoid':
        mods.append(nn.Sigmoid())
    m = nn.Sequential(*mods)
    with torch.no_grad():
        for (name, p) in m.named_parameters():
            p.copy_(torch.tensor(params[name]).reshape(p.shape))
    return m


def random_params(sizes):
    params = {}
    idx = 0
    for i in range(len(sizes) - 1):
        params[f'{idx}.weight'] = rng.standard_normal((sizes[i + 1], sizes[i])).ravel().tolist()
        params[f'{idx}.bias'] = (rng.standard_normal(sizes[i + 1]) * 0.5).ravel().tolist()
        idx += 2
    return params


def gen_mlp():
    cases = []
    for (sizes, rows, head) in [([5, 7, 3], 6, None), ([5, 7, 3], 5, 'softmax'), ([4, 8, 6, 2], 7, 'sigmoid'), ([3, 9, 1], 3, None)]:
        params = random_params(sizes)
        m = mlp_from(sizes, params, head)
        x = rand(rows, sizes[0]).requires_grad_(True)
        y = m(x)
        g = rand(*y.shape)
        y.backward(g)
        cases.append({
            'sizes': sizes, 'rows': rows, 'head': head, 'params': params,
            'x': arr(x), 'upstream': arr(g), 'output': arr(y),
            'input_grad': arr(x.grad),
            'param_grads': {n: arr(p.grad) for (n, p) in m.named_parameters()},
        })
    return cases


def gen_optim():
    shapes = [(3, 4), (4,)]
    p0 = [rng.standard_normal(s) for s in shapes]
    steps = 6
    grads = [[rng.standard_normal(s) for s in shapes] for _ in range(steps)]
    configs = [
        ('AdamW', {}),
        ('AdamW', {'lr': 0.01, 'betas': (0.8, 0.99), 'eps': 1e-6, 'weight_decay': 0.1}),
        ('AdamW', {'lr': 0.05, 'weight_decay': 0.0, 'maximize': True}),
        ('SGD', {'lr': 0.1}),
        ('SGD', {'lr': 0.1, 'weight_decay': 0.05}),
        ('SGD', {'lr': 0.05, 'momentum': 0.9}),
        ('SGD', {'lr': 0.05, 'momentum': 0.9, 'dampening': 0.3, 'weight_decay': 0.01}),
        ('SGD', {'lr': 0.05, 'momentum': 0.9, 'nesterov': True, 'weight_decay': 0.01}),
        ('SGD', {'lr': 0.05, 'momentum': 0.5, 'maximize': True}),
    ]
    out = []
    for (name, kw) in configs:
        ps = [torch.tensor(p.copy(), requires_grad=True) for p in p0]
        cls = getattr(torch.optim, name)
        opt = cls(ps, foreach=False, **kw)
        after = []
        for t in range(steps):
            for (p, g) in zip(ps, grads[t]):
                p.grad = torch.tensor(g)
            opt.step()
            after.append([arr(p) for p in ps])
        kwj = {k: (list(v) if isinstance(v, tuple) else v) for (k, v) in kw.items()}
        out.append({'optimizer': name, 'options': kwj, 'after': after})
    return {'shapes': [list(s) for s in shapes], 'initial': [p.ravel().tolist() for p in p0],
            'grads': [[g.ravel().tolist() for g in gs] for gs in grads], 'configs': out}


def gen_train():
    cases = []
    specs = [
        ('MSELoss', {}, [6, 8, 1], 'regression'),
        ('CrossEntropyLoss', {'label_smoothing': 0.1}, [6, 8, 4], 'multiclass'),
        ('BCEWithLogitsLoss', {'pos_weight': [3.0]}, [6, 8, 1], 'binary'),
    ]
    for (loss, args, sizes, task) in specs:
        params = random_params(sizes)
        for k in params:
            params[k] = [v * 0.3 for v in params[k]]
        m = mlp_from(sizes, params)
        n = 10
        x = rand(n, sizes[0])
        if task == 'regression':
            y = rand(n)
        elif task == 'binary':
            y = torch.tensor((rng.random(n) < 0.3).astype(np.float64))
        else:
            y = torch.tensor(rng.integers(0, sizes[-1], n))
        targs = {k: (torch.tensor(v) if isinstance(v, list) else v) for (k, v) in args.items()}
        crit = getattr(nn, loss)(**targs)
        opt = torch.optim.AdamW(m.parameters(), lr=0.01, foreach=False)
        losses = []
        batches = [list(range(0, 4)), list(range(4, 8)), list(range(8, 10)), list(range(0, 10))]
        for b in batches:
            z = m(x[b])
            if sizes[-1] == 1:
                z = z.squeeze(-1)
            loss_v = crit(z, y[b])
            opt.zero_grad()
            loss_v.backward()
            opt.step()
            losses.append(loss_v.item())
        cases.append({
            'loss': loss, 'args': args, 'sizes': sizes, 'task': task, 'params': params,
            'x': arr(x), 'y': arr(y), 'batches': batches, 'lr': 0.01, 'losses': losses,
            'final_params': {name: arr(p) for (name, p) in m.named_parameters()},
        })
    return cases


def main():
    os.makedirs(OUT, exist_ok=True)
    meta = {'torch': torch.__version__, 'dtype': 'float64', 'generator': 'tools/gen_training_reference.py'}
    for (name, data) in [('mlp.json', gen_mlp()), ('optim.json', gen_optim()), ('train.json', gen_train())]:
        with open(os.path.join(OUT, name), 'w') as f:
            json.dump({'meta': meta, 'cases': data}, f)
        print('wrote', name)


if __name__ == '__main__':
    main()
