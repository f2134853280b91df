"""Write a Loss Debugger case file from your training code, in one line.

    from lossdbg_dump import dump_case
    dump_case("case.json", criterion, logits, target)

then run ``lossdbg inspect case.json`` (or open it in VS Code). The module needs only PyTorch;
numpy is used when present to write large tensors quickly, and a pure-Python ``.npy`` writer
is used otherwise.

The criterion's constructor arguments are read from the module itself (``weight``,
``pos_weight``, ``ignore_index``, ``label_smoothing``, ``reduction``, ``delta``, ``beta``,
``log_target``). PyTorch already folds the deprecated ``size_average``/``reduce`` into
``reduction``, so they are not written.
"""

from __future__ import annotations

import json
import os
import struct
import sys
from array import array
from typing import Any, Dict, Mapping, Optional, Sequence, Union

__all__ = ["dump_case", "case_dict", "write_npy", "SUPPORTED_LOSSES"]
__version__ = "0.1.0"

SUPPORTED_LOSSES = (
    "MSELoss", "L1Loss", "HuberLoss", "SmoothL1Loss", "BCELoss", "BCEWithLogitsLoss",
    "CrossEntropyLoss", "NLLLoss", "KLDivLoss",
)

# Which constructor arguments each loss has (besides ``reduction``), and their PyTorch defaults.
_ARGS: Dict[str, Dict[str, Any]] = {
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

# torch dtype name -> (npy descr, struct code, case dtype name)
_FLOAT_DTYPES = {
    "torch.float64": ("<f8", "d", "float64"),
    "torch.float32": ("<f4", "f", "float32"),
    "torch.float16": ("<f2", "e", "float16"),
    # numpy has no bfloat16: widen to float32 (exact) and say so in the case's meta.
    "torch.bfloat16": ("<f4", "f", "bfloat16"),
}
_INT_DTYPES = {
    "torch.int64": ("<i8", "q", "int64"),
    "torch.int32": ("<i4", "i", "int32"),
    "torch.int16": ("<i2", "h", "int16"),
    "torch.int8": ("|i1", "b", "int8"),
    "torch.uint8": ("|u1", "B", "uint8"),
    "torch.bool": ("|b1", "?", "bool"),
}


def _loss_type(criterion: Any) -> str:
    """The criterion's loss type: its class name, or that of the first supported base class."""
    if isinstance(criterion, str):
        name = criterion
        if name not in SUPPORTED_LOSSES:
            raise ValueError(f"unknown loss {name!r}; supported: {', '.join(SUPPORTED_LOSSES)}")
        return name
    for cls in type(criterion).__mro__:
        if cls.__name__ in SUPPORTED_LOSSES:
            return cls.__name__
    raise ValueError(
        f"{type(criterion).__name__} is not one of the losses Loss Debugger recomputes "
        f"({', '.join(SUPPORTED_LOSSES)})"
    )


def _is_tensor(x: Any) -> bool:
    return type(x).__module__.startswith("torch") and hasattr(x, "detach") and hasattr(x, "dtype")


def _cpu(t: Any) -> Any:
    t = t.detach()
    if t.device.type != "cpu":
        t = t.cpu()
    return t.contiguous()


def _info(t: Any):
    key = str(t.dtype)
    if key in _FLOAT_DTYPES:
        return _FLOAT_DTYPES[key]
    if key in _INT_DTYPES:
        return _INT_DTYPES[key]
    raise TypeError(f"unsupported tensor dtype {t.dtype} (use a float or integer tensor)")


def _plain(x: Any) -> Any:
    """Tensors and numpy values to JSON-able Python values (lists, floats, ints)."""
    if _is_tensor(x):
        t = _cpu(x)
        if str(t.dtype) == "torch.bfloat16":
            t = t.float()
        return t.tolist()
    if hasattr(x, "tolist") and not isinstance(x, (str, bytes)):
        return x.tolist()
    if isinstance(x, Mapping):
        return {str(k): _plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    return x


def write_npy(path: str, t: Any) -> None:
    """Write a tensor as a little-endian, C-order ``.npy`` file (bfloat16 is written as float32)."""
    t = _cpu(t)
    descr, code, _ = _info(t)
    if str(t.dtype) == "torch.bfloat16":
        t = t.float()
    shape = tuple(int(d) for d in t.shape)
    shape_txt = "(" + "".join(f"{d}, " for d in shape)[:-2] + (",)" if len(shape) == 1 else ")")
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape_txt)
    # Magic (6) + version (2) + header length (2) + header + '\n', padded to a multiple of 64.
    pad = 64 - (10 + len(header) + 1) % 64
    header = header + " " * (pad % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00")
        f.write(struct.pack("<H", len(header)))
        f.write(header.encode("latin1"))
        f.write(_raw_bytes(t, code))


def _raw_bytes(t: Any, code: str) -> bytes:
    try:
        import numpy  # noqa: F401  (optional)

        arr = t.numpy()
        if arr.dtype.byteorder == ">" or (arr.dtype.byteorder == "=" and sys.byteorder == "big"):
            arr = arr.byteswap().newbyteorder()
        return arr.tobytes(order="C")
    except ImportError:
        pass
    values = t.reshape(-1).tolist()
    if code == "e":  # array has no half type
        return struct.pack(f"<{len(values)}e", *values)
    if code == "?":
        return bytes(1 if v else 0 for v in values)
    a = array(code, values)
    if sys.byteorder == "big":
        a.byteswap()
    return a.tobytes()


def _tensor_field(t: Any, name: str, base: str, inline_max: int) -> Any:
    """Small tensors inline; an ``.npy`` side file (relative to the case) above ``inline_max`` elements.

    float64 and int64 tensors are written as plain nested lists (``tensor.tolist()``, whose
    literals carry the dtype); other dtypes as ``{"shape": [...], "dtype": "...", "data": nested}``
    so that float32/float16/bfloat16 inputs keep their precision.
    """
    if not _is_tensor(t):
        import torch

        raw = t
        t = torch.as_tensor(raw)
        if t.is_floating_point() and not hasattr(raw, "dtype"):
            t = torch.as_tensor(raw, dtype=torch.float64)  # Python floats are doubles
    t = _cpu(t)
    if t.numel() > inline_max:
        stem = os.path.basename(base)
        if stem.endswith(".json"):
            stem = stem[: -len(".json")]
        fname = f"{stem}.{name}.npy"
        write_npy(os.path.join(os.path.dirname(base) or ".", fname), t)
        return {"npy": fname}
    dtype = _info(t)[2]
    if dtype in ("float64", "int64") and t.dim() > 0:
        return _plain(t)
    data = _plain(t)
    return {"shape": [int(d) for d in t.shape], "dtype": dtype, "data": data if t.dim() > 0 else [data]}


def case_dict(
    criterion: Any,
    input: Any,
    target: Any,
    meta: Optional[Mapping[str, Any]] = None,
    history: Union[None, Sequence[float], Mapping[str, Sequence[float]]] = None,
    *,
    path: str = "case.json",
    inline_max: int = 100_000,
) -> Dict[str, Any]:
    """The case as a JSON-able dict (writing ``.npy`` side files next to ``path`` when needed)."""
    ltype = _loss_type(criterion)
    loss: Dict[str, Any] = {"type": ltype}
    if isinstance(criterion, str):
        loss["reduction"] = "mean"
    else:
        loss["reduction"] = str(getattr(criterion, "reduction", "mean"))
        for arg, default in _ARGS[ltype].items():
            value = getattr(criterion, arg, default)
            if value is None:
                continue
            if _is_tensor(value):
                loss[arg] = _plain(value)
            elif isinstance(value, bool):
                loss[arg] = value
            elif isinstance(value, int):
                loss[arg] = int(value)
            else:
                loss[arg] = float(value)

    case: Dict[str, Any] = {"loss": loss}
    case["input"] = _tensor_field(input, "input", path, inline_max)
    case["target"] = _tensor_field(target, "target", path, inline_max)

    m: Dict[str, Any] = {}
    widened = {
        name: "bfloat16"
        for name, t in (("input", input), ("target", target))
        if _is_tensor(t) and str(t.dtype) == "torch.bfloat16" and isinstance(case[name], dict) and "npy" in case[name]
    }
    if widened:
        m["original_dtypes"] = widened  # .npy has no bfloat16: written as float32 (exact)
    if meta:
        for k, v in meta.items():
            v = _plain(v)
            m[str(k)] = float(v) if k == "reported_loss" and not isinstance(v, list) else v
    if m:
        case["meta"] = m

    if history is not None:
        if isinstance(history, Mapping):
            unknown = [k for k in history if k not in ("train", "val")]
            if unknown:
                raise ValueError(f"history takes 'train' and 'val' lists, not {unknown[0]!r}")
            case["history"] = {str(k): [float(x) for x in _plain(v)] for k, v in history.items()}
        else:
            case["history"] = {"train": [float(x) for x in _plain(history)]}
    return case


def dump_case(
    path: str,
    criterion: Any,
    input: Any,
    target: Any,
    meta: Optional[Mapping[str, Any]] = None,
    history: Union[None, Sequence[float], Mapping[str, Sequence[float]]] = None,
    inline_max: int = 100_000,
) -> str:
    """Write ``criterion(input, target)`` as a Loss Debugger case file and return its path.

    - ``criterion``: a ``torch.nn`` loss module (or subclass), or a loss type name such as ``"MSELoss"``.
    - ``input``, ``target``: tensors (any device; detached and copied to the CPU) or nested lists.
    - ``meta``: extra facts, e.g. ``{"reported_loss": loss.item(), "pad_token_id": 0,
      "class_names": [...]}``; tensors are converted.
    - ``history``: loss values per step/epoch, a list (the training curve) or
      ``{"train": [...], "val": [...]}``.
    - ``inline_max``: tensors with more elements are written as ``<case>.<input|target>.npy``
      next to the case file and referenced by relative name.
    """
    d = os.path.dirname(path)
    if d:
        os.makedirs(d, exist_ok=True)
    case = case_dict(criterion, input, target, meta, history, path=path, inline_max=inline_max)
    with open(path, "w", encoding="utf-8") as f:
        # allow_nan: NaN/Infinity are written bare, which the Loss Debugger loader accepts.
        json.dump(case, f, allow_nan=True, separators=(",", ":"))
        f.write("\n")
    return path
