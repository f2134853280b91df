"""Write a Loss Debugger case file (``*.losscase.json`` + ``.npy`` side files) from a PyTorch criterion.

    import lossdbg
    lossdbg.dump_case("case.losscase.json", criterion, logits, target)

then run ``lossdbg inspect case.losscase.json`` (or open it in VS Code). Needs only PyTorch.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

from ._npy import cpu_contiguous, dtype_info, write_npy

__all__ = ["dump_case", "case_dict", "loss_dict", "loss_type", "write_npy", "SUPPORTED_LOSSES"]

SUPPORTED_LOSSES = (
    "MSELoss", "L1Loss", "HuberLoss", "SmoothL1Loss", "BCELoss", "BCEWithLogitsLoss",
    "CrossEntropyLoss", "NLLLoss", "KLDivLoss",
)

# Which constructor arguments each loss has (besides ``reduction``), and their PyTorch defaults.
LOSS_ARGS: Dict[str, Dict[str, Any]] = {
    "MSELoss": {},
    "L1Loss": {},
    "HuberLoss": {"delta": 1.0},
    "SmoothL1Loss": {"beta": 1.0},
    "BCELoss": {"weight": None},
    "BCEWithLogitsLoss": {"weight": None, "pos_weight": None},
    "CrossEntropyLoss": {"weight": None, "ignore_index": -100, "label_smoothing": 0.0},
    "NLLLoss": {"weight": None, "ignore_index": -100},
    "KLDivLoss": {"log_target": False},
}

History = Union[None, Sequence[float], Mapping[str, Sequence[float]]]


def _unwrap(criterion: Any) -> Any:
    """A watcher (``lossdbg.watch``) stands for the criterion it wraps."""
    inner = getattr(criterion, "_lossdbg_criterion", None)
    return criterion if inner is None else inner


def loss_type(criterion: Any) -> str:
    """The criterion's loss type: its class name, or that of the first supported base class."""
    criterion = _unwrap(criterion)
    if isinstance(criterion, str):
        if criterion not in SUPPORTED_LOSSES:
            raise ValueError(f"unknown loss {criterion!r}; supported: {', '.join(SUPPORTED_LOSSES)}")
        return criterion
    for cls in type(criterion).__mro__:
        if cls.__name__ in SUPPORTED_LOSSES:
            return cls.__name__
    raise ValueError(
        f"{type(criterion).__name__} is not one of the losses Loss Debugger recomputes "
        f"({', '.join(SUPPORTED_LOSSES)})"
    )


def is_tensor(x: Any) -> bool:
    return type(x).__module__.startswith("torch") and hasattr(x, "detach") and hasattr(x, "dtype")


def plain(x: Any) -> Any:
    """Tensors and numpy values to JSON-able Python values (lists, floats, ints)."""
    if isinstance(x, (float, int, str)) or x is None:
        return x
    if isinstance(x, list) and all(type(v) is float for v in x):
        return x
    if is_tensor(x):
        t = cpu_contiguous(x)
        if str(t.dtype) == "torch.bfloat16":
            t = t.float()
        return t.tolist()
    tolist = getattr(x, "tolist", None)
    if callable(tolist) and not isinstance(x, (str, bytes)):
        return tolist()
    if isinstance(x, Mapping):
        return {str(k): plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [plain(v) for v in x]
    return x


def loss_dict(criterion: Any, overrides: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
    """``{"type": ..., "reduction": ..., <arguments that differ from None>}`` for the case's ``loss``."""
    criterion = _unwrap(criterion)
    ltype = loss_type(criterion)
    loss: Dict[str, Any] = {"type": ltype}
    if isinstance(criterion, str):
        loss["reduction"] = "mean"
        return loss
    loss["reduction"] = str(getattr(criterion, "reduction", "mean"))
    for arg, default in LOSS_ARGS[ltype].items():
        value = overrides[arg] if overrides is not None and arg in overrides else getattr(criterion, arg, default)
        if value is None:
            continue
        if is_tensor(value):
            loss[arg] = plain(value)
        elif isinstance(value, bool):
            loss[arg] = value
        elif isinstance(value, int):
            loss[arg] = int(value)
        else:
            loss[arg] = float(value)
    return loss


def _as_tensor(t: Any) -> Any:
    if is_tensor(t):
        return cpu_contiguous(t)
    import torch

    x = torch.as_tensor(t)
    if x.is_floating_point() and not hasattr(t, "dtype"):
        x = torch.as_tensor(t, dtype=torch.float64)  # Python floats are doubles
    return x


def _side_name(path: str, name: str) -> str:
    stem = os.path.basename(path)
    if stem.endswith(".json"):
        stem = stem[: -len(".json")]
    return f"{stem}.{name}.npy"


def _tensor_field(t: Any, name: str, path: str, inline_max: int, overwrite: bool) -> Any:
    """Small tensors inline; an ``.npy`` side file (relative to the case) above ``inline_max`` elements.

    float64 and int64 tensors are written as plain nested lists (``tensor.tolist()``, whose literals
    carry the dtype); other dtypes as ``{"shape": [...], "dtype": "...", "data": nested}`` so that
    float32/float16/bfloat16 inputs keep their precision.
    """
    t = _as_tensor(t)
    dtype = dtype_info(t)[1]
    if t.numel() > inline_max:
        fname = _side_name(path, name)
        write_npy(os.path.join(os.path.dirname(path) or ".", fname), t, overwrite=overwrite)
        return {"npy": fname}
    if dtype in ("float64", "int64") and t.dim() > 0:
        return plain(t)
    data = plain(t)
    return {"shape": [int(d) for d in t.shape], "dtype": dtype, "data": data if t.dim() > 0 else [data]}


def _check_free(paths: List[str]) -> None:
    for p in paths:
        if os.path.lexists(p):
            raise FileExistsError(
                f"{p} already exists; dump_case does not overwrite files unless you pass overwrite=True "
                f"(or choose another path)"
            )


def case_dict(
    criterion: Any,
    input: Any,
    target: Any,
    meta: Optional[Mapping[str, Any]] = None,
    history: History = None,
    *,
    path: str = "case.json",
    inline_max: int = 100_000,
    overwrite: bool = True,
    loss_overrides: Optional[Mapping[str, Any]] = None,
) -> Dict[str, Any]:
    """The case as a JSON-able dict (writing ``.npy`` side files next to ``path`` when needed)."""
    case: Dict[str, Any] = {"loss": loss_dict(criterion, loss_overrides)}
    case["input"] = _tensor_field(input, "input", path, inline_max, overwrite)
    case["target"] = _tensor_field(target, "target", path, inline_max, overwrite)

    m: Dict[str, Any] = {}
    widened = {
        name: "bfloat16"
        for name, t in (("input", input), ("target", target))
        if is_tensor(t) and str(t.dtype) == "torch.bfloat16" and isinstance(case[name], dict) and "npy" in case[name]
    }
    if widened:
        m["original_dtypes"] = widened  # .npy has no bfloat16: written as float32 (exact)
    if meta:
        for k, v in meta.items():
            v = plain(v)
            m[str(k)] = float(v) if k == "reported_loss" and not isinstance(v, list) else v
    if m:
        case["meta"] = m

    if history is not None:
        if isinstance(history, Mapping):
            unknown = [k for k in history if k not in ("train", "val")]
            if unknown:
                raise ValueError(f"history takes 'train' and 'val' lists, not {unknown[0]!r}")
            case["history"] = {str(k): [float(x) for x in plain(v)] for k, v in history.items()}
        else:
            case["history"] = {"train": [float(x) for x in plain(history)]}
    return case


def _numel(t: Any) -> int:
    if is_tensor(t):
        return int(t.numel())
    n = 1
    x = t
    while isinstance(x, (list, tuple)):
        n *= len(x)
        if not x:
            break
        x = x[0]
    return n


def dump_case(
    path: str,
    criterion: Any,
    input: Any,
    target: Any,
    meta: Optional[Mapping[str, Any]] = None,
    history: History = None,
    inline_max: int = 100_000,
    *,
    overwrite: bool = False,
    loss_overrides: Optional[Mapping[str, Any]] = None,
) -> str:
    """Write ``criterion(input, target)`` as a Loss Debugger case file and return its path.

    - ``criterion``: a ``torch.nn`` loss module (or subclass, or a ``lossdbg.watch`` wrapper), or a
      loss type name such as ``"MSELoss"``.
    - ``input``, ``target``: tensors (any device; detached and copied to the CPU) or nested lists.
    - ``meta``: extra facts, e.g. ``{"reported_loss": loss.item(), "pad_token_id": 0,
      "class_names": [...]}``; tensors are converted.
    - ``history``: loss values per step/epoch, a list (the training curve) or
      ``{"train": [...], "val": [...]}``.
    - ``inline_max``: tensors with more elements are written as ``<case>.<input|target>.npy`` next to
      the case file (binary, straight from the tensor's memory) and referenced by relative name.
    - ``overwrite``: by default an existing case or side file raises ``FileExistsError`` before
      anything is written; ``True`` replaces them (the case file atomically).
    - ``loss_overrides``: argument values to write instead of the criterion's (e.g. a sampled
      per-element ``weight``).

    A side file over the tool's default 512 MB file limit is written with a warning.
    """
    d = os.path.dirname(path)
    if not overwrite:
        targets = [path] + [
            os.path.join(d or ".", _side_name(path, n))
            for n, t in (("input", input), ("target", target))
            if _numel(t) > inline_max
        ]
        _check_free(targets)
    if d:
        os.makedirs(d, exist_ok=True)
    case = case_dict(criterion, input, target, meta, history, path=path, inline_max=inline_max,
                     overwrite=overwrite, loss_overrides=loss_overrides)
    # allow_nan: NaN/Infinity are written bare, which the Loss Debugger loader accepts.
    text = json.dumps(case, allow_nan=True, separators=(",", ":")) + "\n"
    if overwrite:
        tmp = f"{path}.tmp-{os.getpid()}"
        try:
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(tmp, path)
        finally:
            if os.path.lexists(tmp):
                os.unlink(tmp)
    else:
        try:
            f = open(path, "x", encoding="utf-8")
        except FileExistsError:
            raise FileExistsError(f"{path} already exists; pass overwrite=True to replace it") from None
        with f:
            f.write(text)
    return path
