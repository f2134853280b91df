"""Shared helpers for the real-world corpus generators (run with Debian's /usr/bin/python3 and torch).

Every case is dumped with the project's Python helper (python/lossdbg_dump.py, the shim kept for
users) exactly as the reporter would have dumped it: the criterion module they used (or the module
equivalent to the functional call in their code) and the tensors that reached it. Model outputs are
synthesised with a fixed seed per case at the shapes, class counts, value ranges and arguments the
thread describes; where a real size would make the corpus large, the size is capped and the cap is
said in the generator (`cap=` notes end up in the case's meta).
"""
from __future__ import annotations

import os
import sys
import zlib
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "python"))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402,F401

from lossdbg_dump import dump_case  # noqa: E402

OUT = os.path.join(ROOT, "test", "realworld", "cases")
INLINE_MAX = 4096  # larger tensors go to .npy side files (compact float32)

CASES: Dict[str, Callable[[], None]] = {}


def case(*ids: str) -> Callable[[Callable[[], None]], Callable[[], None]]:
    """Register a generator that writes the cases with these ids."""

    def deco(f: Callable[[], None]) -> Callable[[], None]:
        for i in ids:
            if i in CASES:
                raise ValueError(f"duplicate case id {i}")
            CASES[i] = f
        return f

    return deco


def seed(case_id: str) -> torch.Generator:
    """A generator seeded from the case id (stable across runs and machines)."""
    g = torch.Generator().manual_seed(zlib.crc32(case_id.encode()))
    torch.manual_seed(zlib.crc32(case_id.encode()))
    return g


def dump(
    case_id: str,
    criterion: Any,
    input: Any,
    target: Any,
    meta: Optional[Mapping[str, Any]] = None,
    history: Optional[Sequence[float]] = None,
) -> str:
    """Write test/realworld/cases/<id>.json as the reporter would (dump_case)."""
    os.makedirs(OUT, exist_ok=True)
    try:
        value = criterion(input, target)
        said = f"{value.item():.6g}" if value.numel() == 1 else f"shape {tuple(value.shape)}"
    except Exception as e:  # what PyTorch itself says about this case
        said = f"{type(e).__name__}: {str(e).splitlines()[0][:100]}"
    print(f"{case_id:45s} torch: {said}")
    m: Dict[str, Any] = {"source_case": case_id}
    if meta:
        m.update(meta)
    return dump_case(os.path.join(OUT, f"{case_id}.json"), criterion, input, target, meta=m,
                     history=list(history) if history is not None else None, inline_max=INLINE_MAX,
                     overwrite=True)  # the generator owns its outputs


def class_logits(target: torch.Tensor, num_classes: int, margin: float, noise: float, g: torch.Generator,
                 class_dim: int = 1) -> torch.Tensor:
    """Logits of a partly trained classifier: noise plus `margin` on the true class (float32).

    `target` holds class indices of shape (N, d1, ...); the result has the class axis at `class_dim`.
    """
    shape = list(target.shape)
    shape.insert(class_dim, num_classes)
    x = torch.randn(*shape, generator=g) * noise
    onehot = F.one_hot(target.clamp(0, num_classes - 1), num_classes).float()  # (..., C)
    onehot = onehot.movedim(-1, class_dim)
    return (x + margin * onehot).float()


def ids() -> List[str]:
    return sorted(CASES)
