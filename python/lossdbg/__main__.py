"""``python -m lossdbg``: write a loss case from tensors saved with ``torch.save``.

    python -m lossdbg dump batch.pt --loss CrossEntropyLoss --arg ignore_index=0 -o case.losscase.json

``batch.pt`` holds ``{"input": tensor, "target": tensor}`` (other key names with ``--input-key`` /
``--target-key``) or an ``(input, target)`` pair. It is read with ``torch.load(weights_only=True)``:
tensors and plain containers only, never arbitrary pickled code.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Dict, List, Optional

from . import SUPPORTED_LOSSES, __version__
from .case import LOSS_ARGS, dump_case


class UsageError(Exception):
    pass


def _parse_args(pairs: List[str], loss: str) -> Dict[str, Any]:
    import torch

    allowed = ["reduction", *LOSS_ARGS[loss]]
    out: Dict[str, Any] = {}
    for pair in pairs:
        name, eq, raw = pair.partition("=")
        if not eq:
            raise UsageError(f"--arg takes NAME=VALUE, got {pair!r}")
        if name not in allowed:
            raise UsageError(f"{loss} has no argument {name!r} (it takes: {', '.join(allowed)})")
        try:
            value: Any = json.loads(raw)
        except ValueError:
            value = raw  # a bare word, e.g. reduction=sum
        if isinstance(value, list):
            value = torch.tensor(value, dtype=torch.float32)
        out[name] = value
    red = out.get("reduction", "mean")
    ok = ("none", "mean", "sum", "batchmean") if loss == "KLDivLoss" else ("none", "mean", "sum")
    if red not in ok:
        raise UsageError(f"reduction must be one of {', '.join(ok)}, got {red!r}")
    return out


def _load(path: str, input_key: str, target_key: str) -> Any:
    import torch

    try:
        obj = torch.load(path, map_location="cpu", weights_only=True)
    except TypeError:
        raise UsageError("this PyTorch has no torch.load(weights_only=True); upgrade to 1.13 or newer") from None
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except Exception as e:
        raise UsageError(f"{path}: not a tensor file torch.load can read safely ({type(e).__name__})") from None
    if isinstance(obj, dict):
        missing = [k for k in (input_key, target_key) if k not in obj]
        if missing:
            keys = ", ".join(sorted(str(k) for k in obj)) or "none"
            raise UsageError(f"{path}: no {missing[0]!r} entry (entries: {keys}; choose with --input-key/--target-key)")
        return obj[input_key], obj[target_key]
    if isinstance(obj, (list, tuple)) and len(obj) == 2:
        return obj[0], obj[1]
    raise UsageError(f"{path}: expected a dict with {input_key!r} and {target_key!r}, or an (input, target) pair")


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m lossdbg", description="Loss Debugger's Python helper.")
    ap.add_argument("--version", action="version", version=f"lossdbg {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="write a loss case from tensors saved with torch.save")
    d.add_argument("tensors", help="a torch.save file: {'input': ..., 'target': ...} or (input, target)")
    d.add_argument("--loss", required=True, choices=SUPPORTED_LOSSES, metavar="LOSS",
                   help="the loss type: " + ", ".join(SUPPORTED_LOSSES))
    d.add_argument("--arg", action="append", default=[], metavar="NAME=VALUE",
                   help="a constructor argument (JSON value), e.g. ignore_index=0, weight=[1,2,3]")
    d.add_argument("-o", "--out", default="case.losscase.json", help="the case file to write")
    d.add_argument("--input-key", default="input")
    d.add_argument("--target-key", default="target")
    d.add_argument("--overwrite", action="store_true", help="replace existing files")
    a = ap.parse_args(argv)
    try:
        import torch.nn as nn

        kwargs = _parse_args(a.arg, a.loss)
        try:
            criterion = getattr(nn, a.loss)(**kwargs)
        except (TypeError, ValueError) as e:
            raise UsageError(f"{a.loss}({', '.join(a.arg)}): {e}") from None
        x, y = _load(a.tensors, a.input_key, a.target_key)
        path = dump_case(a.out, criterion, x, y, overwrite=a.overwrite)
    except FileExistsError as e:
        print(f"python -m lossdbg: {str(e).split(';')[0]} (use --overwrite to replace it, or -o another path)",
              file=sys.stderr)
        return 2
    except (UsageError, TypeError, ValueError) as e:
        print(f"python -m lossdbg: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"python -m lossdbg: cannot write {a.out}: {e.strerror or e}", file=sys.stderr)
        return 2
    print(f"wrote {path}; inspect it with: lossdbg inspect {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
