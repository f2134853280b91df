#!/usr/bin/python3
"""Cross-check of the lesson scenarios' stories in PyTorch, on the same data.

Trains every run written by tools/dump_scenario_data.ts with torch (float32, PyTorch's own
initialisation, batch order and WeightedRandomSampler; same sizes, loss arguments, AdamW settings,
batch size and epochs) and prints, per scenario and seed, the numbers behind each claim and whether
the claim holds:

  multiclass-imbalance      weighted and sampler min-class recall above plain
  smoothing-noisy-labels    held-out ECE lower at eps 0.1 and 0.2 than at 0 (or accuracy higher)
  rare-class-smoothing      the 2 % class's recall lower with label_smoothing=0.1
  threshold-tuning          test F1 at the validation-tuned threshold above F1 at 0.5, both runs
  accuracy-trap             the most accurate run is not the best-F1 run and has lower recall
  outliers-mse-vs-huber     L1 and Huber validation MAE below MSE's
  bce-on-saturated-sigmoid  sigmoid+BCELoss: clamped terms and zero gradients on wrong rows; BCEWithLogitsLoss: none

Run:
  node --import tsx tools/dump_scenario_data.ts /tmp/scenarios.json
  /usr/bin/python3 tools/scenario_directions_torch.py /tmp/scenarios.json
"""
import json
import sys

import torch
import torch.nn as nn

torch.set_num_threads(1)


def tensors(d):
    x = torch.tensor(d['x'], dtype=torch.float32).reshape(d['n'], d['x_cols'])
    y = torch.tensor(d['y'], dtype=torch.float32).reshape(d['n'], d['y_cols'])
    return x, y


def model_for(run):
    sizes = run['sizes']
    mods = []
    for i in range(len(sizes) - 1):
        if i > 0:
            mods.append(nn.ReLU())
        mods.append(nn.Linear(sizes[i], sizes[i + 1]))
    if run['head'] == 'sigmoid':
        mods.append(nn.Sigmoid())
    return nn.Sequential(*mods)


def criterion_for(run):
    cfg = dict(run['loss'])
    t = cfg.pop('type')
    if 'weight' in cfg:
        cfg['weight'] = torch.tensor(cfg['weight'], dtype=torch.float32)
    if 'pos_weight' in cfg:
        cfg['pos_weight'] = torch.tensor(cfg['pos_weight'], dtype=torch.float32)
    cfg.pop('smoothing_mode', None)
    return getattr(nn, t)(**cfg)


def prepare(task, out, y):
    """Model output and targets as the loss takes them."""
    if task == 'multiclass':
        return out, y[:, 0].long()
    return out[:, 0], y[:, 0]


def train(run, sets, seed):
    torch.manual_seed(seed)
    model = model_for(run)
    crit = criterion_for(run)
    opt = torch.optim.AdamW(model.parameters(), lr=run['lr'], weight_decay=run['weight_decay'])
    x, y = tensors(sets[run['train']])
    ds = torch.utils.data.TensorDataset(x, y)
    if run['sample_weights'] is not None:
        sampler = torch.utils.data.WeightedRandomSampler(run['sample_weights'], num_samples=len(ds), replacement=True)
        loader = torch.utils.data.DataLoader(ds, batch_size=run['batch_size'], sampler=sampler)
    else:
        loader = torch.utils.data.DataLoader(ds, batch_size=run['batch_size'], shuffle=run['shuffle'])
    for _ in range(run['epochs']):
        for xb, yb in loader:
            out, tgt = prepare(run['task'], model(xb), yb)
            loss = crit(out, tgt)
            opt.zero_grad()
            loss.backward()
            opt.step()
    return model, crit


def per_class_recall(pred, y, k):
    return [((pred == c) & (y == c)).sum().item() / max(1, (y == c).sum().item()) for c in range(k)]


def ece(probs, y, bins=15):
    conf, pred = probs.max(dim=1)
    correct = (pred == y).float()
    b = torch.clamp(torch.ceil(conf * bins).long() - 1, 0, bins - 1)
    total = 0.0
    for i in range(bins):
        m = b == i
        if m.any():
            total += m.float().mean().item() * abs(correct[m].mean().item() - conf[m].mean().item())
    return total


def f1_at(p, y, t):
    pred = p >= t
    pos = y >= 0.5
    tp = (pred & pos).sum().item()
    fp = (pred & ~pos).sum().item()
    fn = (~pred & pos).sum().item()
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0


def best_threshold(p, y):
    best, thr = -1.0, 0.5
    for t in torch.unique(p):
        f = f1_at(p, y, t.item())
        if f > best:
            best, thr = f, t.item()
    return thr


def evaluate(run, model, crit, sets):
    out = {}
    with torch.no_grad():
        xv, yv = tensors(sets[run['val']])
        zv = model(xv)
        if run['task'] == 'multiclass':
            k = run['sizes'][-1]
            lab = yv[:, 0].long()
            pred = zv.argmax(dim=1)
            rec = per_class_recall(pred, lab, k)
            out.update(accuracy=(pred == lab).float().mean().item(), min_recall=min(rec), recall=rec,
                       ece=ece(torch.softmax(zv, dim=1), lab))
        elif run['task'] == 'binary':
            p = zv[:, 0] if run['head'] == 'sigmoid' else torch.sigmoid(zv[:, 0])
            lab = yv[:, 0]
            out.update(accuracy=((p >= 0.5).float() == lab).float().mean().item(), f1=f1_at(p, lab, 0.5),
                       recall=(((p >= 0.5) & (lab >= 0.5)).sum() / max(1, (lab >= 0.5).sum().item())).item())
            if run['test'] is not None:
                thr = best_threshold(p, lab)
                xt, yt = tensors(sets[run['test']])
                zt = model(xt)
                pt = zt[:, 0] if run['head'] == 'sigmoid' else torch.sigmoid(zt[:, 0])
                out.update(threshold=thr, test_f1_default=f1_at(pt, yt[:, 0], 0.5), test_f1_tuned=f1_at(pt, yt[:, 0], thr))
        else:
            out.update(val_mae=(zv[:, 0] - yv[:, 0]).abs().mean().item())
    if run['saturation']:
        # Saturation on the training set: clamped BCELoss terms and the gradient on misclassified rows.
        x, y = tensors(sets[run['train']])
        z = model[:-1](x)[:, 0] if run['head'] == 'sigmoid' else model(x)[:, 0]
        z = z.detach().requires_grad_(True)
        p = torch.sigmoid(z)
        lab = y[:, 0]
        loss = nn.BCELoss(reduction='sum')(p, lab) if run['head'] == 'sigmoid' else nn.BCEWithLogitsLoss(reduction='sum')(z, lab)
        loss.backward()
        wrong = (p >= 0.5) != (lab >= 0.5)
        logp = torch.where(lab >= 0.5, torch.log(p), torch.log(1 - p)).detach()
        clamped = (logp <= -100).float().mean().item() if run['head'] == 'sigmoid' else 0.0
        g = z.grad.abs()[wrong]
        out.update(clamped=clamped, stalled=(g < 1e-6).float().mean().item() if len(g) else 0.0,
                   wrong_grad=g.mean().item() if len(g) else 0.0)
    return out


def claim(sid, r):
    if sid == 'multiclass-imbalance':
        p, w, s = r['plain'], r['weighted'], r['sampler']
        return (w['min_recall'] > p['min_recall'] and s['min_recall'] > p['min_recall'],
                f"min recall plain {p['min_recall']:.3f} weighted {w['min_recall']:.3f} sampler {s['min_recall']:.3f}")
    if sid == 'smoothing-noisy-labels':
        e = [r[n]['ece'] for n in ('ls-0', 'ls-0.05', 'ls-0.1', 'ls-0.2')]
        a = [r[n]['accuracy'] for n in ('ls-0', 'ls-0.05', 'ls-0.1', 'ls-0.2')]
        ok = (e[2] < e[0] and e[3] < e[0]) or max(a[1:]) > a[0]
        return ok, 'ECE ' + ' '.join(f'{v:.3f}' for v in e) + ' | acc ' + ' '.join(f'{v:.3f}' for v in a)
    if sid == 'rare-class-smoothing':
        b, g = r['rare-class-smoothing']['recall'][2], r['rare-class-smoothing-fixed']['recall'][2]
        return b < g, f'rare recall smoothed {b:.3f} vs plain {g:.3f}'
    if sid == 'threshold-tuning':
        ok = all(v['test_f1_tuned'] > v['test_f1_default'] for v in r.values())
        return ok, ' | '.join(f"{n}: {v['test_f1_default']:.3f} -> {v['test_f1_tuned']:.3f} @{v['threshold']:.2f}" for n, v in r.items())
    if sid == 'accuracy-trap':
        by_acc = max(r, key=lambda n: r[n]['accuracy'])
        by_f1 = max(r, key=lambda n: r[n]['f1'])
        return by_acc != by_f1 and r[by_acc]['recall'] < r[by_f1]['recall'], \
            ' | '.join(f"{n}: acc {v['accuracy']:.3f} rec {v['recall']:.2f} f1 {v['f1']:.3f}" for n, v in r.items())
    if sid == 'outliers-mse-vs-huber':
        m, l1, h = r['mse']['val_mae'], r['l1']['val_mae'], r['huber']['val_mae']
        return l1 < m and h < m, f'val MAE mse {m:.3f} l1 {l1:.3f} huber {h:.3f}'
    if sid == 'bce-on-saturated-sigmoid':
        b, g = r['bce-on-saturated-sigmoid'], r['bce-on-saturated-sigmoid-fixed']
        ok = b['clamped'] > 0 and b['stalled'] > 0.5 and g['stalled'] == 0 and g['wrong_grad'] > 4 * b['wrong_grad']
        return ok, f"clamped {b['clamped']:.3f} stalled {b['stalled']:.2f} grad {b['wrong_grad']:.3f} | fixed: stalled {g['stalled']:.2f} grad {g['wrong_grad']:.3f}"
    return True, ''


def main():
    doc = json.load(open(sys.argv[1]))
    held = 0
    for sc in doc['scenarios']:
        res = {}
        for run in sc['runs']:
            model, crit = train(run, sc['data'], sc['seed'])
            res[run['name']] = evaluate(run, model, crit, sc['data'])
        ok, text = claim(sc['id'], res)
        held += ok
        print(f"{sc['id']:26s} seed {sc['seed']:2d}  {'holds ' if ok else 'FAILS '} {text}", flush=True)
    print(f'{held} of {len(doc["scenarios"])} scenario x seed stories hold in PyTorch')


if __name__ == '__main__':
    main()
