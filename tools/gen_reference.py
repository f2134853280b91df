#!/usr/bin/python3
"""Reference values for the engine's losses, computed with PyTorch in float64.

Run: /usr/bin/python3 tools/gen_reference.py   (torch 1.13, numpy)

Writes test/fixtures/reference/<loss>.json. Each case holds the loss configuration (PyTorch's
argument names; tensor arguments as nested lists), the input and target, the loss output and the
autograd gradient of loss.sum() with respect to the input. Non-finite numbers are written as the
strings "NaN", "Infinity", "-Infinity" so the files are plain JSON.

Cases flagged "hand": true are not a torch.nn loss: they are our 'others' label-smoothing mode
(1 - eps on the true class, eps/(K-1) on every other class), written out explicitly with torch ops.
"""
import itertools
import json
import math
import os
import warnings

import torch
import torch.nn.functional as F

warnings.filterwarnings("ignore")
torch.set_default_dtype(torch.float64)
torch.manual_seed(20240607)

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "reference")
REDUCTIONS = ["none", "mean", "sum"]


def enc(v):
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
    return v


def enc_nested(v):
    if isinstance(v, list):
        return [enc_nested(e) for e in v]
    return enc(v)


def tens(t, dtype=None):
    d = {"shape": list(t.shape), "data": [enc(v) for v in t.detach().flatten().tolist()]}
    if dtype is not None:
        d["dtype"] = dtype
    return d


def make_case(name, loss, fn, x, target, target_dtype, hand=False, dtype=None):
    xi = x.detach().clone().requires_grad_(True)
    out = fn(xi, target)
    out.sum().backward()
    grad = xi.grad if xi.grad is not None else torch.zeros_like(xi)
    loss_json = {}
    for k, v in loss.items():
        loss_json[k] = enc_nested(v.tolist()) if isinstance(v, torch.Tensor) else v
    case = {
        "name": name,
        "loss": loss_json,
        "input": tens(x),
        "target": tens(target, target_dtype),
        "expected": {"shape": list(out.shape), "loss": tens(out), "grad": tens(grad)},
    }
    if hand:
        case["hand"] = True
    if dtype is not None:
        case["dtype"] = dtype
    return case


def module_fn(loss):
    """The torch.nn module for a loss dict, as a function of (input, target)."""
    kw = {k: v for k, v in loss.items() if k != "type"}
    mod = getattr(torch.nn, loss["type"])(**kw)
    return lambda x, t: mod(x, t)


def write(fname, cases):
    os.makedirs(OUT_DIR, exist_ok=True)
    doc = {"generator": "tools/gen_reference.py", "torch": torch.__version__, "cases": cases}
    path = os.path.join(OUT_DIR, fname)
    with open(path, "w") as f:
        json.dump(doc, f, allow_nan=False, separators=(",", ":"))
        f.write("\n")
    print(f"{os.path.relpath(path)}: {len(cases)} cases, {os.path.getsize(path)} bytes")


def randn(*shape):
    return torch.randn(*shape)


# ---------------------------------------------------------------- regression losses

def regression_inputs():
    """(label, input, target) triples; some elements exactly equal, some on 0.5/1/2 boundaries."""
    out = []
    out.append(("scalar", torch.tensor(0.7), torch.tensor(-0.4)))
    x = randn(7)
    y = randn(7)
    x[0] = y[0]  # x == y
    out.append(("1d", x, y))
    # exact boundaries: |x - y| equal to 0.5, 1, 2 (all representable exactly)
    y = torch.tensor([0.25, -0.75, 1.5, 0.0, 3.0, -2.0, 0.125, 0.5])
    d = torch.tensor([0.5, -0.5, 1.0, -1.0, 2.0, -2.0, 0.0, 1e-3])
    out.append(("boundaries", y + d, y))
    x = randn(2, 3, 4) * 2
    y = randn(2, 3, 4)
    out.append(("3d", x, y))
    return out


def gen_regression():
    files = {}
    cases = []
    for label, x, y in regression_inputs():
        for r in REDUCTIONS:
            loss = {"type": "MSELoss", "reduction": r}
            cases.append(make_case(f"mse/{label}/{r}", loss, module_fn(loss), x, y, "float64"))
    files["mse.json"] = cases

    cases = []
    for label, x, y in regression_inputs():
        for r in REDUCTIONS:
            loss = {"type": "L1Loss", "reduction": r}
            cases.append(make_case(f"l1/{label}/{r}", loss, module_fn(loss), x, y, "float64"))
    files["l1.json"] = cases

    cases = []
    for label, x, y in regression_inputs():
        for delta in [0.5, 1.0, 2.0, 0.1]:
            for r in REDUCTIONS:
                loss = {"type": "HuberLoss", "reduction": r, "delta": delta}
                cases.append(make_case(f"huber/{label}/delta={delta}/{r}", loss, module_fn(loss), x, y, "float64"))
    files["huber.json"] = cases

    cases = []
    for label, x, y in regression_inputs():
        for beta in [0.0, 0.5, 1.0, 2.0]:
            for r in REDUCTIONS:
                loss = {"type": "SmoothL1Loss", "reduction": r, "beta": beta}
                cases.append(make_case(f"smooth_l1/{label}/beta={beta}/{r}", loss, module_fn(loss), x, y, "float64"))
    files["smooth_l1.json"] = cases

    # NaN and infinite inputs (fixed values, so the random cases above do not move): L1Loss's
    # gradient at NaN is sign(NaN) = 0 in torch, the others' NaN.
    xn = torch.tensor([1.0, math.nan, 2.0, math.inf, -math.inf])
    yn = torch.tensor([0.5, 1.0, 2.0, 1.0, 1.0])
    for fname, typ, prefix in [("mse.json", "MSELoss", "mse"), ("l1.json", "L1Loss", "l1"),
                               ("huber.json", "HuberLoss", "huber"), ("smooth_l1.json", "SmoothL1Loss", "smooth_l1")]:
        for r in ["none", "sum"]:
            loss = {"type": typ, "reduction": r}
            files[fname].append(make_case(f"{prefix}/non-finite/{r}", loss, module_fn(loss), xn, yn, "float64"))
    return files


# ---------------------------------------------------------------- binary losses

def gen_bce():
    cases = []
    N, C = 4, 3
    p = torch.rand(N, C) * 0.98 + 0.01
    y = (torch.rand(N, C) > 0.5).double()
    y[0, 1] = 0.3  # soft label
    weights = {
        "none": None,
        "full": torch.rand(N, C) + 0.5,
        "per-class": torch.tensor([0.5, 2.0, 1.0]),
        "per-row": torch.tensor([[1.0], [2.0], [0.5], [3.0]]),
        "single": torch.tensor([1.5]),
    }
    for (wl, w), r in itertools.product(weights.items(), REDUCTIONS):
        loss = {"type": "BCELoss", "reduction": r}
        if w is not None:
            loss["weight"] = w
        cases.append(make_case(f"bce/weight={wl}/{r}", loss, module_fn(loss), p, y, "float64"))
    # p exactly 0 and 1: the log clamps at -100, the gradient divides by max(p(1-p), eps)
    pe = torch.tensor([0.0, 1.0, 0.0, 1.0, 1e-30, 1 - 1e-12, 0.5, 0.0])
    ye = torch.tensor([1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.5, 0.25])
    for r in REDUCTIONS:
        loss = {"type": "BCELoss", "reduction": r}
        cases.append(make_case(f"bce/clamp/{r}", loss, module_fn(loss), pe, ye, "float64"))
    loss = {"type": "BCELoss", "reduction": "sum", "weight": torch.tensor([2.0, 0.5, 1.0, 1.0, 3.0, 1.0, 1.0, 1.0])}
    cases.append(make_case("bce/clamp/weight/sum", loss, module_fn(loss), pe, ye, "float64"))
    # 3-D with a weight broadcast over the middle dim
    p3 = torch.rand(2, 3, 2) * 0.9 + 0.05
    y3 = (torch.rand(2, 3, 2) > 0.5).double()
    for r in REDUCTIONS:
        loss = {"type": "BCELoss", "reduction": r, "weight": torch.tensor([[0.5, 2.0]])}
        cases.append(make_case(f"bce/3d/weight=(1,2)/{r}", loss, module_fn(loss), p3, y3, "float64"))
    loss = {"type": "BCELoss", "reduction": "mean"}
    cases.append(make_case("bce/scalar/mean", loss, module_fn(loss), torch.tensor(0.3), torch.tensor(1.0), "float64"))
    return cases


def gen_bce_logits():
    cases = []
    N, C = 4, 3
    z = randn(N, C) * 3
    z[0, 0] = 1000.0
    z[1, 1] = -1000.0
    z[2, 2] = 40.0
    z[3, 0] = -40.0
    y = (torch.rand(N, C) > 0.5).double()
    y[0, 0] = 0.0
    y[1, 1] = 1.0
    y[2, 1] = 0.7
    weights = {"none": None, "per-class": torch.tensor([0.5, 2.0, 1.0]), "full": torch.rand(N, C) + 0.5,
               "per-row": torch.tensor([[1.0], [2.0], [0.5], [3.0]])}
    pos_weights = {"none": None, "(C,)": torch.tensor([3.0, 0.5, 1.0]), "(1,)": torch.tensor([4.0]),
                   "(N,C)": torch.rand(N, C) * 3}
    for (wl, w), (pl, pw), r in itertools.product(weights.items(), pos_weights.items(), REDUCTIONS):
        loss = {"type": "BCEWithLogitsLoss", "reduction": r}
        if w is not None:
            loss["weight"] = w
        if pw is not None:
            loss["pos_weight"] = pw
        cases.append(make_case(f"bcel/weight={wl}/pos_weight={pl}/{r}", loss, module_fn(loss), z, y, "float64"))
    # (N, C, L): pos_weight (L,) broadcasts from the right; (C, 1) per class
    z3 = randn(2, 3, 4) * 2
    z3[0, 0, 0] = 1000.0
    z3[1, 2, 3] = -1000.0
    y3 = (torch.rand(2, 3, 4) > 0.5).double()
    for (pl, pw), r in itertools.product({"(L,)": torch.tensor([0.5, 1.0, 2.0, 4.0]),
                                          "(C,1)": torch.tensor([[2.0], [0.25], [1.0]])}.items(), REDUCTIONS):
        loss = {"type": "BCEWithLogitsLoss", "reduction": r, "pos_weight": pw}
        cases.append(make_case(f"bcel/3d/pos_weight={pl}/{r}", loss, module_fn(loss), z3, y3, "float64"))
    loss = {"type": "BCEWithLogitsLoss", "reduction": "sum", "weight": torch.tensor([1.0, 2.0, 3.0, 0.5]),
            "pos_weight": torch.tensor([[2.0], [0.25], [1.0]])}
    cases.append(make_case("bcel/3d/weight=(L,)/pos_weight=(C,1)/sum", loss, module_fn(loss), z3, y3, "float64"))
    loss = {"type": "BCEWithLogitsLoss", "reduction": "mean"}
    cases.append(make_case("bcel/scalar/mean", loss, module_fn(loss), torch.tensor(-0.3), torch.tensor(1.0), "float64"))
    return cases


# ---------------------------------------------------------------- class losses

def gen_ce():
    cases = []
    N, C = 6, 5
    w = torch.tensor([0.5, 2.0, 1.0, 3.0, 0.25])
    x = randn(N, C) * 2
    for ignore, weight, ls, r in itertools.product([-100, 0, 2], [None, w], [0.0, 0.1, 0.3], REDUCTIONS):
        t = torch.randint(0, C, (N,))
        t[1] = ignore if ignore != -100 else -100
        if ignore == -100 and ls == 0.1:
            t = torch.randint(0, C, (N,))  # some cases with nothing to ignore
        loss = {"type": "CrossEntropyLoss", "reduction": r, "ignore_index": ignore, "label_smoothing": ls}
        if weight is not None:
            loss["weight"] = weight
        wl = "w" if weight is not None else "nw"
        cases.append(make_case(f"ce/2d/{wl}/ignore={ignore}/ls={ls}/{r}", loss, module_fn(loss), x, t, "int64"))
    # K-dimensional (N, C, d1, d2)
    xk = randn(2, 4, 3, 2) * 2
    wk = torch.tensor([1.0, 0.5, 2.0, 1.5])
    for weight, ls, r in itertools.product([None, wk], [0.0, 0.2], REDUCTIONS):
        t = torch.randint(0, 4, (2, 3, 2))
        t[0, 1, 0] = -100
        t[1, 2, 1] = -100
        loss = {"type": "CrossEntropyLoss", "reduction": r, "label_smoothing": ls}
        if weight is not None:
            loss["weight"] = weight
        wl = "w" if weight is not None else "nw"
        cases.append(make_case(f"ce/4d/{wl}/ls={ls}/{r}", loss, module_fn(loss), xk, t, "int64"))
    # (N, C, d1)
    x3 = randn(3, 4, 5)
    t3 = torch.randint(0, 4, (3, 5))
    for r in REDUCTIONS:
        loss = {"type": "CrossEntropyLoss", "reduction": r, "weight": wk, "ignore_index": 1, "label_smoothing": 0.15}
        cases.append(make_case(f"ce/3d/w/ignore=1/ls=0.15/{r}", loss, module_fn(loss), x3, t3, "int64"))
    # 1-D (C) input with a scalar target
    x1 = randn(C)
    for weight, ls, r in itertools.product([None, w], [0.0, 0.1], REDUCTIONS):
        loss = {"type": "CrossEntropyLoss", "reduction": r, "label_smoothing": ls}
        if weight is not None:
            loss["weight"] = weight
        wl = "w" if weight is not None else "nw"
        cases.append(make_case(f"ce/1d/{wl}/ls={ls}/{r}", loss, module_fn(loss), x1, torch.tensor(3), "int64"))
    # probability targets
    pt = torch.softmax(randn(N, C), 1)
    pt[0] = torch.tensor([0.0, 1.0, 0.0, 0.0, 0.0])
    for weight, ls, r in itertools.product([None, w], [0.0, 0.2], REDUCTIONS):
        loss = {"type": "CrossEntropyLoss", "reduction": r, "label_smoothing": ls}
        if weight is not None:
            loss["weight"] = weight
        wl = "w" if weight is not None else "nw"
        cases.append(make_case(f"ce/prob/2d/{wl}/ls={ls}/{r}", loss, module_fn(loss), x, pt, "float64"))
    ptk = torch.softmax(randn(2, 4, 3, 2), 1)
    for weight, r in itertools.product([None, wk], REDUCTIONS):
        loss = {"type": "CrossEntropyLoss", "reduction": r, "label_smoothing": 0.1}
        if weight is not None:
            loss["weight"] = weight
        wl = "w" if weight is not None else "nw"
        cases.append(make_case(f"ce/prob/4d/{wl}/ls=0.1/{r}", loss, module_fn(loss), xk, ptk, "float64"))
    for r in REDUCTIONS:
        loss = {"type": "CrossEntropyLoss", "reduction": r, "weight": w}
        cases.append(make_case(f"ce/prob/1d/w/{r}", loss, module_fn(loss), x1, torch.softmax(randn(C), 0), "float64"))
    # every target ignored: mean is NaN, gradient 0
    t_all = torch.full((N,), -100, dtype=torch.int64)
    for weight, ls, r in itertools.product([None, w], [0.0, 0.1], REDUCTIONS):
        loss = {"type": "CrossEntropyLoss", "reduction": r, "label_smoothing": ls}
        if weight is not None:
            loss["weight"] = weight
        wl = "w" if weight is not None else "nw"
        cases.append(make_case(f"ce/all-ignored/{wl}/ls={ls}/{r}", loss, module_fn(loss), x, t_all, "int64"))
    # logits of +-1000
    xb = randn(4, C)
    xb[0, 2] = 1000.0
    xb[1] = torch.tensor([1000.0, -1000.0, 999.0, 0.0, 1000.0])
    xb[2] = torch.tensor([-1000.0, -1000.0, -1000.0, -1000.0, -999.0])
    xb[3, 0] = -1000.0
    tb = torch.tensor([2, 1, 0, 0])
    for weight, ls, r in itertools.product([None, w], [0.0, 0.1], REDUCTIONS):
        loss = {"type": "CrossEntropyLoss", "reduction": r, "label_smoothing": ls}
        if weight is not None:
            loss["weight"] = weight
        wl = "w" if weight is not None else "nw"
        cases.append(make_case(f"ce/large-logits/{wl}/ls={ls}/{r}", loss, module_fn(loss), xb, tb, "int64"))
    # single class (N, 1)
    loss = {"type": "CrossEntropyLoss", "reduction": "mean", "label_smoothing": 0.1}
    cases.append(make_case("ce/one-class/ls=0.1/mean", loss, module_fn(loss), randn(3, 1), torch.zeros(3, dtype=torch.int64), "int64"))
    cases += gen_ce_others(x, w, xk, wk)
    # a class weight of Infinity that no target names: loss and gradient stay finite (fixed values, so
    # the random cases above do not move)
    xi = torch.tensor([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]])
    ti = torch.tensor([0, 1])
    for r in REDUCTIONS:
        loss = {"type": "CrossEntropyLoss", "reduction": r, "weight": torch.tensor([1.0, 2.0, math.inf])}
        cases.append(make_case(f"ce/inf-weight-unused/{r}", loss, module_fn(loss), xi, ti, "int64"))
    return cases


def others_fn(weight, ignore_index, eps, reduction, prob):
    """Our 'others' smoothing written with explicit torch ops (not a torch.nn loss)."""
    def fn(x, t):
        C = x.shape[1] if x.dim() > 1 else x.shape[0]
        cdim = 1 if x.dim() > 1 else 0
        logp = F.log_softmax(x, cdim)
        wshape = [1] * x.dim()
        wshape[cdim] = C
        wv = weight.view(wshape) if weight is not None else torch.ones(wshape)
        if prob:
            q = t * (1 - eps) + (1 - t) * (eps / (C - 1))
            per = -(wv * q * logp).sum(cdim)
            if reduction == "mean":
                return per.sum() / (x.numel() / C)
        else:
            mask = t != ignore_index
            tt = torch.where(mask, t, torch.zeros_like(t))
            onehot = F.one_hot(tt, C).double()
            onehot = onehot.movedim(-1, cdim) if x.dim() > 1 else onehot
            q = onehot * (1 - eps) + (1 - onehot) * (eps / (C - 1))
            per = -(wv * q * logp).sum(cdim) * mask
            if reduction == "mean":
                wy = weight[tt] if weight is not None else torch.ones_like(tt, dtype=torch.float64)
                return per.sum() / (wy * mask).sum()
        return per.sum() if reduction == "sum" else per
    return fn


def gen_ce_others(x, w, xk, wk):
    cases = []
    N, C = x.shape
    for weight, eps, r in itertools.product([None, w], [0.1, 0.3], REDUCTIONS):
        t = torch.randint(0, C, (N,))
        t[2] = -100
        loss = {"type": "CrossEntropyLoss", "reduction": r, "label_smoothing": eps, "smoothing_mode": "others"}
        if weight is not None:
            loss["weight"] = weight
        wl = "w" if weight is not None else "nw"
        cases.append(make_case(f"ce-others/2d/{wl}/ls={eps}/{r}", loss, others_fn(weight, -100, eps, r, False), x, t, "int64", hand=True))
    t = torch.randint(0, 4, (2, 3, 2))
    t[0, 0, 0] = 3
    for r in REDUCTIONS:
        loss = {"type": "CrossEntropyLoss", "reduction": r, "label_smoothing": 0.2, "smoothing_mode": "others",
                "weight": wk, "ignore_index": 3}
        cases.append(make_case(f"ce-others/4d/w/ignore=3/ls=0.2/{r}", loss, others_fn(wk, 3, 0.2, r, False), xk, t, "int64", hand=True))
    pt = torch.softmax(randn(N, C), 1)
    for weight, r in itertools.product([None, w], REDUCTIONS):
        loss = {"type": "CrossEntropyLoss", "reduction": r, "label_smoothing": 0.2, "smoothing_mode": "others"}
        if weight is not None:
            loss["weight"] = weight
        wl = "w" if weight is not None else "nw"
        cases.append(make_case(f"ce-others/prob/{wl}/ls=0.2/{r}", loss, others_fn(weight, -100, 0.2, r, True), x, pt, "float64", hand=True))
    return cases


def gen_nll():
    cases = []
    N, C = 6, 5
    w = torch.tensor([0.5, 2.0, 1.0, 3.0, 0.25])
    x = F.log_softmax(randn(N, C), 1)
    for ignore, weight, r in itertools.product([-100, 0, 3], [None, w], REDUCTIONS):
        t = torch.randint(0, C, (N,))
        t[4] = ignore
        loss = {"type": "NLLLoss", "reduction": r, "ignore_index": ignore}
        if weight is not None:
            loss["weight"] = weight
        wl = "w" if weight is not None else "nw"
        cases.append(make_case(f"nll/2d/{wl}/ignore={ignore}/{r}", loss, module_fn(loss), x, t, "int64"))
    xk = F.log_softmax(randn(2, 4, 3, 2), 1)
    wk = torch.tensor([1.0, 0.5, 2.0, 1.5])
    for weight, r in itertools.product([None, wk], REDUCTIONS):
        t = torch.randint(0, 4, (2, 3, 2))
        t[1, 0, 1] = -100
        loss = {"type": "NLLLoss", "reduction": r}
        if weight is not None:
            loss["weight"] = weight
        wl = "w" if weight is not None else "nw"
        cases.append(make_case(f"nll/4d/{wl}/{r}", loss, module_fn(loss), xk, t, "int64"))
    x3 = randn(2, 3, 4)  # not log-probabilities: NLLLoss does not care
    for r in REDUCTIONS:
        loss = {"type": "NLLLoss", "reduction": r, "weight": torch.tensor([1.0, 2.0, 0.5])}
        cases.append(make_case(f"nll/3d/w/{r}", loss, module_fn(loss), x3, torch.randint(0, 3, (2, 4)), "int64"))
    x1 = F.log_softmax(randn(C), 0)
    for weight, r in itertools.product([None, w], REDUCTIONS):
        loss = {"type": "NLLLoss", "reduction": r}
        if weight is not None:
            loss["weight"] = weight
        wl = "w" if weight is not None else "nw"
        cases.append(make_case(f"nll/1d/{wl}/{r}", loss, module_fn(loss), x1, torch.tensor(1), "int64"))
    t_all = torch.full((N,), 2, dtype=torch.int64)
    for weight, r in itertools.product([None, w], REDUCTIONS):
        loss = {"type": "NLLLoss", "reduction": r, "ignore_index": 2}
        if weight is not None:
            loss["weight"] = weight
        wl = "w" if weight is not None else "nw"
        cases.append(make_case(f"nll/all-ignored/{wl}/{r}", loss, module_fn(loss), x, t_all, "int64"))
    return cases


def gen_kl():
    cases = []
    x = F.log_softmax(randn(3, 4), 1)
    t = torch.softmax(randn(3, 4), 1)
    t[0, 1] = 0.0
    t[2, 3] = 0.0
    xk = F.log_softmax(randn(2, 3, 2), 1)
    tk = torch.softmax(randn(2, 3, 2), 1)
    x1 = F.log_softmax(randn(5), 0)
    t1 = torch.softmax(randn(5), 0)
    for (label, xi, ti), log_target, r in itertools.product(
            [("2d", x, t), ("3d", xk, tk), ("1d", x1, t1)], [False, True], ["none", "mean", "sum", "batchmean"]):
        tt = torch.log(ti) if log_target else ti
        loss = {"type": "KLDivLoss", "reduction": r, "log_target": log_target}
        cases.append(make_case(f"kl/{label}/log_target={log_target}/{r}", loss, module_fn(loss), xi, tt, "float64"))
    # Negative probability targets (a bug upstream): xlogy(t, t) is NaN for t < 0 while t = 0 gives 0;
    # the gradient stays -t. Fixed values, so the random cases above are unchanged.
    xn = torch.tensor([[-1.2, -0.9, -1.3], [-0.5, -2.0, -1.1]], dtype=torch.float64)
    tn = torch.tensor([[-0.1, 0.6, 0.5], [0.0, 0.3, 0.7]], dtype=torch.float64)
    for r in ["none", "sum", "batchmean"]:
        loss = {"type": "KLDivLoss", "reduction": r}
        cases.append(make_case(f"kl/negative-target/{r}", loss, module_fn(loss), xn, tn, "float64"))
    # a 0-d input: 'batchmean' has no batch dimension to divide by and is the sum
    for r in ["sum", "batchmean"]:
        loss = {"type": "KLDivLoss", "reduction": r}
        cases.append(make_case(f"kl/0d/{r}", loss, module_fn(loss), torch.tensor(-0.7), torch.tensor(0.3), "float64"))
    return cases


def gen_float32():
    """A few cases computed by PyTorch in float32, to check our float32 mode approximates it."""
    f = torch.float32
    cases = []
    N, C = 8, 10
    x = (torch.randn(N, C) * 3).to(f)
    t = torch.randint(0, C, (N,))
    t[3] = -100
    w = (torch.rand(C) + 0.5).to(f)
    for ls, r in itertools.product([0.0, 0.1], REDUCTIONS):
        loss = {"type": "CrossEntropyLoss", "reduction": r, "label_smoothing": ls, "weight": w}
        cases.append(make_case(f"f32/ce/w/ls={ls}/{r}", loss, module_fn(loss), x, t, "int64", dtype="float32"))
    xb = torch.randn(6, 800).to(f) * 5
    tb = torch.randint(0, 800, (6,))
    loss = {"type": "CrossEntropyLoss", "reduction": "mean"}
    cases.append(make_case("f32/ce/wide/mean", loss, module_fn(loss), xb, tb, "int64", dtype="float32"))
    z = (torch.randn(N, C) * 4).to(f)
    y = (torch.rand(N, C) > 0.5).to(f)
    p = torch.sigmoid(z)
    for r in REDUCTIONS:
        loss = {"type": "BCEWithLogitsLoss", "reduction": r, "pos_weight": (torch.rand(C) * 3).to(f)}
        cases.append(make_case(f"f32/bcel/pos_weight/{r}", loss, module_fn(loss), z, y, "float32", dtype="float32"))
        loss = {"type": "BCELoss", "reduction": r}
        cases.append(make_case(f"f32/bce/{r}", loss, module_fn(loss), p, y, "float32", dtype="float32"))
        for typ in ["MSELoss", "L1Loss", "HuberLoss", "SmoothL1Loss"]:
            loss = {"type": typ, "reduction": r}
            cases.append(make_case(f"f32/{typ}/{r}", loss, module_fn(loss), z, (torch.randn(N, C) * 4).to(f), "float32", dtype="float32"))
        loss = {"type": "NLLLoss", "reduction": r}
        cases.append(make_case(f"f32/nll/{r}", loss, module_fn(loss), F.log_softmax(x, 1), t, "int64", dtype="float32"))
        loss = {"type": "KLDivLoss", "reduction": r}
        cases.append(make_case(f"f32/kl/{r}", loss, module_fn(loss), F.log_softmax(x, 1), torch.softmax(z, 1), "float32", dtype="float32"))
    return cases


def main():
    files = gen_regression()
    files["bce.json"] = gen_bce()
    files["bce_with_logits.json"] = gen_bce_logits()
    files["cross_entropy.json"] = gen_ce()
    files["nll.json"] = gen_nll()
    files["kl_div.json"] = gen_kl()
    files["float32.json"] = gen_float32()
    for fname, cases in files.items():
        write(fname, cases)


if __name__ == "__main__":
    main()
