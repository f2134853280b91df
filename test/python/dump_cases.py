"""Builds criteria, dumps each with lossdbg_dump and prints the reference losses as JSON.

Usage: python3 test/python/dump_cases.py OUTDIR
Prints [{"case": path, "expected": float, "name": str}, ...]. The expected value is PyTorch's
loss on the float64 version of the dumped values (the engine's default precision).
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from lossdbg_dump import case_dict, dump_case  # noqa: E402


def main(out):
    torch.manual_seed(0)
    cases = []

    def add(name, criterion, x, y, **kw):
        path = os.path.join(out, name + ".json")
        no_numpy = kw.pop("no_numpy", False)
        saved = sys.modules.get("numpy")
        if no_numpy:
            sys.modules["numpy"] = None  # force the pure-Python .npy writer
        try:
            dump_case(path, criterion, x, y, **kw)
        finally:
            if no_numpy:
                sys.modules["numpy"] = saved
        xd = x.double() if x.is_floating_point() else x
        yd = y.double() if y.is_floating_point() else y
        expected = criterion(xd, yd).item()
        cases.append({"name": name, "case": path, "expected": expected})

    N, C = 64, 5
    logits = torch.randn(N, C, dtype=torch.float64) * 2
    y = torch.randint(0, C, (N,))
    y[::7] = 3  # some ignored
    add("ce_weight_ignore_smoothing",
        nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 0.5, 1.5, 3.0], dtype=torch.float64),
                            ignore_index=3, label_smoothing=0.1),
        logits, y, meta={"reported_loss": 1.234}, history=[1.6, 1.2, 0.9])

    probs_t = torch.softmax(torch.randn(N, C, dtype=torch.float64), dim=1)
    add("ce_prob_targets_sum", nn.CrossEntropyLoss(reduction="sum", label_smoothing=0.2), logits, probs_t)

    K = 4
    z = torch.randn(N, K, dtype=torch.float64) * 3
    yb = (torch.rand(N, K) < 0.2).double()
    add("bce_logits_pos_weight",
        nn.BCEWithLogitsLoss(pos_weight=torch.tensor([4.0, 1.0, 2.5, 8.0], dtype=torch.float64)), z, yb)

    p = torch.sigmoid(torch.randn(N, dtype=torch.float64))
    add("bce_weight", nn.BCELoss(weight=torch.rand(N, dtype=torch.float64)), p, (torch.rand(N) < 0.5).double())

    r = torch.randn(200, 3, dtype=torch.float64) * 4
    t = torch.randn(200, 3, dtype=torch.float64) * 4
    add("huber_delta", nn.HuberLoss(delta=0.5), r, t)
    add("smoothl1_beta_sum", nn.SmoothL1Loss(beta=2.0, reduction="sum"), r, t)
    add("mse", nn.MSELoss(), r, t)
    add("l1", nn.L1Loss(), r, t)

    lp = F.log_softmax(torch.randn(32, 10, dtype=torch.float64), dim=1)
    lq = F.log_softmax(torch.randn(32, 10, dtype=torch.float64), dim=1)
    add("kldiv_batchmean_log_target", nn.KLDivLoss(reduction="batchmean", log_target=True), lp, lq)

    # Large: the input goes to an .npy side file (float32, 120,000 elements > inline_max).
    big = F.log_softmax(torch.randn(300, 400), dim=1)
    add("nll_big_npy", nn.NLLLoss(), big, torch.randint(0, 400, (300,)))

    # float16 and bfloat16 inputs, forced to .npy; one written without numpy.
    h = (torch.randn(50, 6) * 3).half()
    add("ce_fp16_npy_no_numpy", nn.CrossEntropyLoss(), h, torch.randint(0, 6, (50,)), inline_max=10, no_numpy=True)
    bf = (torch.randn(50, 6) * 3).bfloat16()
    add("ce_bf16_npy", nn.CrossEntropyLoss(), bf, torch.randint(0, 6, (50,)), inline_max=10)
    add("mse_fp32_target_npy_no_numpy", nn.MSELoss(), torch.randn(40, 5), torch.randn(40, 5),
        inline_max=100, no_numpy=True)

    # Inline float32 / float16 tensors keep their dtype ({"shape", "dtype", "data"}); a 0-d case.
    add("ce_f32_inline", nn.CrossEntropyLoss(label_smoothing=0.05), torch.randn(16, 4) * 3, torch.randint(0, 4, (16,)))
    zh = (torch.randn(8, 3) * 4).half()
    add("bce_f16_inline", nn.BCEWithLogitsLoss(), zh, (torch.rand(8, 3) < 0.4).half())
    add("mse_scalar_f32", nn.MSELoss(), torch.tensor(1.5), torch.tensor(2.25))

    # case_dict on plain lists / type names, and argument validation.
    d = case_dict("MSELoss", [0.1, 2.0], [1, 2], history=[torch.tensor(1.0), 0.5])
    assert d["input"] == [0.1, 2.0] and d["target"] == [1, 2], d  # Python floats stay float64
    assert d["history"] == {"train": [1.0, 0.5]}, d
    try:
        case_dict(nn.MSELoss(), torch.zeros(2), torch.zeros(2), history={"loss": [1.0]})
        raise AssertionError("history with an unknown key was accepted")
    except ValueError:
        pass
    try:
        case_dict(nn.CosineEmbeddingLoss(), torch.zeros(2), torch.zeros(2))
        raise AssertionError("an unsupported criterion was accepted")
    except ValueError:
        pass

    class MyCE(nn.CrossEntropyLoss):  # subclasses are recognised by their torch.nn base
        pass

    assert case_dict(MyCE(ignore_index=3), torch.zeros(2, 4), torch.tensor([0, 3]))["loss"]["type"] == "CrossEntropyLoss"

    print(json.dumps(cases))


if __name__ == "__main__":
    main(sys.argv[1])
