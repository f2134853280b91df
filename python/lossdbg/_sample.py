"""Bounded, cheap row samples of a loss call's tensors for snapshots."""

from __future__ import annotations

import random
from typing import Any, Dict, List, Optional, Tuple

CLASS_LOSSES = ("CrossEntropyLoss", "NLLLoss")
ELEMENTWISE = ("MSELoss", "L1Loss", "HuberLoss", "SmoothL1Loss", "BCELoss", "BCEWithLogitsLoss", "KLDivLoss")


class Sample:
    """The tensors to write, on the CPU, and what was done to get them."""

    def __init__(self, input: Any, target: Any, overrides: Dict[str, Any], note: Dict[str, Any], subset: bool):
        self.input = input
        self.target = target
        self.overrides = overrides
        self.note = note
        self.subset = subset


def _row_bytes(t: Any, n: int) -> int:
    return (t.numel() // max(n, 1)) * t.element_size() if t.numel() else 0


def _nonfinite_rows(t: Any, n: int) -> List[int]:
    import torch

    if not t.is_floating_point() or t.dim() == 0 or t.numel() == 0:
        return []
    bad = ~torch.isfinite(t.detach().reshape(n, -1)).all(dim=1)
    return [int(i) for i in bad.nonzero().reshape(-1)[:1_000_000].tolist()]


def _pick(n: int, k: int, rng: random.Random, first: List[int]) -> List[int]:
    """k sorted row indices out of n: up to half from ``first`` (rows with NaN/Inf), the rest at random."""
    if k >= n:
        return list(range(n))
    chosen = set(first[: max(1, k // 2)]) if first else set()
    rest = k - len(chosen)
    if rest > 0:
        pool = rng.sample(range(n), min(n, k + len(chosen)))
        for i in pool:
            if len(chosen) >= k:
                break
            chosen.add(i)
    return sorted(chosen)


def sample_call(
    ltype: Optional[str],
    criterion: Any,
    input: Any,
    target: Any,
    max_rows: int,
    max_bytes: int,
    rng: random.Random,
    prefer_nonfinite: bool,
) -> Tuple[Optional[Sample], str]:
    """Rows of (input, target) within ``max_rows`` and ``max_bytes``, copied to the CPU.

    Rows are the first dimension (batch, or batch × positions once flattened). Returns (sample, "")
    or (None, reason it cannot be sampled within the limits).
    """
    import torch

    x = input.detach()
    y = target.detach() if isinstance(target, torch.Tensor) else torch.as_tensor(target)
    note: Dict[str, Any] = {}
    overrides: Dict[str, Any] = {}
    weight_rows: Dict[str, Any] = {}

    # A class loss on a single sample (input (C,)): nothing to sample.
    if x.dim() == 0 or (ltype in CLASS_LOSSES and x.dim() == 1):
        size = x.numel() * x.element_size() + y.numel() * y.element_size()
        if size > max_bytes:
            return None, f"one sample is {size} bytes, over the {max_bytes}-byte snapshot limit"
        return Sample(x.cpu(), y.cpu(), {}, note, False), ""

    n = int(x.shape[0])
    same_rows = y.dim() > 0 and int(y.shape[0]) == n
    for arg in ("weight", "pos_weight"):
        w = getattr(criterion, arg, None)
        if not isinstance(w, torch.Tensor) or ltype not in ("BCELoss", "BCEWithLogitsLoss"):
            continue
        if w.dim() == x.dim() and n > 1 and int(w.shape[0]) == n:  # a weight per row: sampled with the rows
            weight_rows[arg] = w.detach()

    per_row = _row_bytes(x, n) + (_row_bytes(y, n) if same_rows else 0)
    fixed = 0 if same_rows else y.numel() * y.element_size()
    if per_row + fixed > max_bytes:
        # One row is too big: flatten positions into rows where the loss allows it.
        if ltype in CLASS_LOSSES and x.dim() >= 3:
            c = int(x.shape[1])
            note["flattened_from"] = [int(d) for d in x.shape]
            prob_target = y.dim() == x.dim()
            x = x.movedim(1, -1).reshape(-1, c)
            y = y.movedim(1, -1).reshape(-1, c) if prob_target else y.reshape(-1)
        elif (
            ltype in ELEMENTWISE
            and not weight_rows
            and getattr(criterion, "weight", None) is None
            and getattr(criterion, "pos_weight", None) is None
            and getattr(criterion, "reduction", "mean") in ("mean", "sum")
            and tuple(y.shape) == tuple(x.shape)
        ):
            note["flattened_from"] = [int(d) for d in x.shape]
            x = x.reshape(-1)
            y = y.reshape(-1)
        else:
            return None, f"one row is {per_row + fixed} bytes, over the {max_bytes}-byte snapshot limit"
        n = int(x.shape[0])
        same_rows = True
        per_row = _row_bytes(x, n) + _row_bytes(y, n)
        fixed = 0
    k = min(n, max_rows, max(1, (max_bytes - fixed) // max(per_row, 1)))
    if k >= n:
        return Sample(x.cpu(), y.cpu(), {}, note, False), ""
    first = _nonfinite_rows(x, n) + (_nonfinite_rows(y, n) if same_rows else []) if prefer_nonfinite else []
    rows = _pick(n, k, rng, first)
    idx = torch.tensor(rows, dtype=torch.long, device=x.device)
    xs = x.index_select(0, idx).cpu()
    ys = y.index_select(0, idx.to(y.device)).cpu() if same_rows else y.cpu()
    for arg, w in weight_rows.items():
        overrides[arg] = w.index_select(0, idx.to(w.device)).cpu()
    note["sampled_rows"] = [k, n]
    return Sample(xs, ys, overrides, note, True), ""
