"""``lossdbg.watch``: record a training run's loss per step and capture loss cases when it matters.

    criterion = lossdbg.watch(nn.CrossEntropyLoss(), "runs/exp1")
    loss = criterion(logits, target)          # same tensor, same autograd graph as the bare criterion
    criterion.log(val_loss=v, lr=lr)          # extra scalars for the current step

The run folder holds ``rank<k>.jsonl`` (one JSON object per line: a header, one line per step, scalar
and snapshot lines) and ``cases/step_<N>.losscase.json`` snapshots (see docs/format.md, "Run folders").
"""

from __future__ import annotations

import atexit
import json
import math
import os
import random
import time
import warnings
import weakref
from typing import Any, Dict, IO, List, Optional, Sequence, Set, Tuple, Union

import torch
from torch import nn

from . import __version__
from ._sample import sample_call
from .case import SUPPORTED_LOSSES, dump_case, is_tensor, loss_dict, loss_type

__all__ = ["watch", "Watcher", "FORMAT", "FORMAT_VERSION"]

FORMAT = "lossdbg-run"
FORMAT_VERSION = 1

# Run folders (absolute path, rank) written by a live watcher in this process.
_OPEN: Set[Tuple[str, int]] = set()
_LIVE: "weakref.WeakSet[_State]" = weakref.WeakSet()


def _close_all() -> None:
    for s in list(_LIVE):
        s.close()


def _flush_all() -> None:
    """Before a fork: empty the write buffers, so that a child exiting normally has nothing to write."""
    for s in list(_LIVE):
        f = s.file
        if f is not None and s.pid == os.getpid():
            try:
                f.flush()
            except (OSError, ValueError):
                pass


atexit.register(_close_all)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_flush_all)


# One encoder for the per-step lines: json.dumps with non-default options builds a new encoder per call
# (about 10 µs, more than the rest of a step's bookkeeping).
_ENCODE = json.JSONEncoder(allow_nan=True, separators=(",", ":")).encode


def _num(x: float) -> str:
    """A float as Python's json writes it (bare NaN / Infinity / -Infinity)."""
    if x != x:
        return "NaN"
    if x == math.inf:
        return "Infinity"
    if x == -math.inf:
        return "-Infinity"
    return repr(x)


def _rank_world() -> Tuple[int, int]:
    try:
        import torch.distributed as dist

        if dist.is_available() and dist.is_initialized():
            return int(dist.get_rank()), int(dist.get_world_size())
    except Exception:  # a half-initialised process group: fall back to the launcher's variables
        pass
    try:
        return int(os.environ.get("RANK", "0")), int(os.environ.get("WORLD_SIZE", "1"))
    except ValueError:
        return 0, 1


class _State:
    """Everything a watcher changes per step (a plain object: nn.Module attribute writes are slow)."""

    def __init__(self, run_dir: str, opts: Dict[str, Any]):
        self.run_dir = run_dir
        self.opts = opts
        self.file: Optional[IO[str]] = None
        self.off = False
        self.closed = False
        self.pid = os.getpid()
        self.key: Optional[Tuple[str, int]] = None
        self.rank = 0
        self.world = 1
        self.snapshots_here = False
        self.step = int(opts["start_step"])
        self.first = True
        self.pending: Optional[List[Any]] = None  # [step, time, loss, scalars, lines to write after it]
        self.last_written: Optional[int] = None
        self.early: Dict[str, float] = {}
        self.last_time = 0.0
        self.request = False
        self.in_nonfinite = False
        self.level = 0.0
        self.noise = 0.0
        self.finite_seen = 0
        self.cooldown_until = -1
        self.periodic = 0
        self.anomalies = 0
        self.history: List[float] = []
        self.stride = 1
        self.stride_count = 0
        self.rng = random.Random(opts["seed"])
        self.last_flush = 0.0
        self.flush_secs = float(opts["flush_secs"])
        self.live_secs = float(opts["live_secs"])
        self.train_only = bool(opts["train_only"])
        self.warned: Set[str] = set()

    # ---- output -------------------------------------------------------------------------------

    def open(self, header: Dict[str, Any]) -> None:
        self.rank, self.world = _rank_world()
        allowed = self.opts["snapshot_ranks"]
        self.snapshots_here = allowed == "all" or self.rank in allowed
        key = (os.path.abspath(self.run_dir), self.rank)
        if key in _OPEN:
            self.turn_off(f"another watcher in this process already writes rank {self.rank} of {self.run_dir}; "
                          f"give each watched criterion its own run folder")
            return
        try:
            os.makedirs(self.run_dir, exist_ok=True)
            self.file = open(os.path.join(self.run_dir, f"rank{self.rank}.jsonl"), "a", encoding="utf-8", newline="\n")
            header.update(rank=self.rank, world_size=self.world)
            self.file.write(json.dumps(header, allow_nan=True, separators=(",", ":")) + "\n")
            self.file.flush()
        except OSError as e:
            self.turn_off(f"cannot write the run folder {self.run_dir}: {e}")
            return
        self.key = key
        _OPEN.add(key)
        _LIVE.add(self)

    def write(self, line: str, urgent: bool = True) -> None:
        """Append to the log; flushed at once when urgent, else at most ``flush_secs`` later (next write)."""
        f = self.file
        if f is None:
            return
        try:
            f.write(line)
            t = time.monotonic()
            if urgent or t - self.last_flush >= self.flush_secs:
                f.flush()
                self.last_flush = t
        except OSError as e:
            self.turn_off(f"cannot write {getattr(f, 'name', self.run_dir)}: {e}")

    def step_line(self, p: List[Any]) -> str:
        sc = p[3]
        tail = (',"scalars":' + _ENCODE(sc)) if sc else ""
        return '{"type":"step","step":%d,"time":%.6f,"loss":%s%s}\n' % (p[0], p[1], _num(p[2]), tail)

    def write_pending(self) -> None:
        p = self.pending
        if p is None:
            return
        self.pending = None
        self.last_written = p[0]
        x = p[2]
        self.write(self.step_line(p) + "".join(p[4]), urgent=bool(p[4]) or x != x or x in (math.inf, -math.inf))

    def turn_off(self, why: str) -> None:
        if not self.off:
            warnings.warn(f"lossdbg: watching turned off ({why}); training continues unwatched", RuntimeWarning,
                          stacklevel=4)
        self.off = True
        self.release()

    def warn_once(self, key: str, msg: str) -> None:
        if key not in self.warned:
            self.warned.add(key)
            warnings.warn(f"lossdbg: {msg}", RuntimeWarning, stacklevel=4)

    def release(self) -> None:
        f, self.file = self.file, None
        if f is not None:
            try:
                f.close()
            except OSError:
                pass
        if self.key is not None:
            _OPEN.discard(self.key)
            self.key = None

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if os.getpid() != self.pid:  # a forked child (e.g. a DataLoader worker) must not write the parent's log
            self.file = None
            return
        if not self.off:
            self.write_pending()
        self.release()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass

    # ---- history and anomalies ----------------------------------------------------------------

    def remember(self, x: float) -> None:
        """Bounded loss history for snapshots: every ``stride``-th step, halved when full."""
        self.stride_count += 1
        if self.stride_count < self.stride:
            return
        self.stride_count = 0
        h = self.history
        h.append(x)
        if len(h) > self.opts["history_max"]:
            del h[1::2]
            self.stride *= 2

    def spike(self, step: int, x: float) -> bool:
        """True when x is far above the running level, measured in running mean absolute deviations.

        The level and the noise are exponential averages (window ~20 steps); the update is winsorised
        so that a spike does not inflate the noise that judges the next one.
        """
        n = self.finite_seen
        self.finite_seen = n + 1
        if n == 0:
            self.level = x
            self.noise = 0.0
            return False
        k = self.opts["spike_factor"]
        dev = x - self.level
        limit = k * self.noise
        fired = (
            n >= self.opts["spike_warmup"]
            and dev > limit
            and dev > 0.2 * abs(self.level)
            and step >= self.cooldown_until
        )
        if n >= self.opts["spike_warmup"]:
            dev = min(dev, limit) if dev > 0 else max(dev, -limit)
        a = 0.05
        self.noise += a * (abs(dev) - self.noise)
        self.level += a * dev
        if fired:
            self.cooldown_until = step + self.opts["spike_cooldown"]
        return fired


class Watcher(nn.Module):
    """A criterion that records every training call (see :func:`watch`)."""

    _lossdbg_watcher = True

    def __init__(self, criterion: Any, run_dir: Union[str, "os.PathLike[str]"], opts: Dict[str, Any]):
        super().__init__()
        self.criterion = criterion
        self.__dict__["_crit"] = criterion  # direct reference: a submodule lookup costs ~1 µs per call
        try:
            self._ltype: Optional[str] = loss_type(criterion)
        except ValueError:
            self._ltype = None
        self._s = _State(os.fspath(run_dir), opts)

    # Attributes of the wrapped criterion (``reduction``, ``ignore_index``, ...) read through the watcher.
    def __getattr__(self, name: str) -> Any:
        try:
            return super().__getattr__(name)
        except AttributeError:
            if name.startswith("_") or name == "criterion":
                raise
            crit = self.__dict__.get("_crit")
            if crit is None:
                raise
            return getattr(crit, name)

    @property
    def _lossdbg_criterion(self) -> Any:
        return self.criterion

    @property
    def run_dir(self) -> str:
        return self._s.run_dir

    @property
    def step(self) -> int:
        """The step number the next recorded call will get."""
        return self._s.step

    @property
    def watching(self) -> bool:
        """False once closed or turned off (an unwritable folder, a full disk)."""
        return not (self._s.off or self._s.closed)

    def forward(self, input: Any, target: Any, *args: Any, **kwargs: Any) -> Any:
        out = self._crit(input, target, *args, **kwargs)
        s = self._s
        if s.off or s.closed:
            return out
        if s.train_only and not (isinstance(out, torch.Tensor) and out.requires_grad):
            return out  # evaluation calls (torch.no_grad(), inputs without grad) are not training steps
        try:
            self._record(out, input, target)
        except OSError as e:
            s.turn_off(f"cannot write the run folder {s.run_dir}: {e}")
        except Exception as e:  # never let the watcher stop training
            s.turn_off(f"internal error {type(e).__name__}: {e}; please report it")
        return out

    def _header(self) -> Dict[str, Any]:
        crit = self.criterion
        args: Dict[str, Any] = {}
        if self._ltype is not None:
            d = loss_dict(crit)
            d.pop("type")
            for k, v in d.items():
                args[k] = {"elided": True, "numel": len(v)} if isinstance(v, list) and len(v) > 1024 else v
        elif isinstance(getattr(crit, "reduction", None), str):
            args["reduction"] = crit.reduction
        o = self._s.opts
        return {
            "type": "header", "format": FORMAT, "version": FORMAT_VERSION,
            "loss": self._ltype or getattr(crit, "__name__", type(crit).__name__), "args": args,
            "rank": 0, "world_size": 1, "torch": torch.__version__, "lossdbg": __version__,
            "start_time": time.time(),
            "watch": {k: o[k] for k in ("every", "snapshot_rows", "snapshot_bytes", "spike_factor", "start_step")},
        }

    def _record(self, out: Any, input: Any, target: Any) -> None:
        s = self._s
        if isinstance(out, torch.Tensor):
            x = float(out.item() if out.dim() == 0 else out.detach().float().mean().item())
        else:
            x = float(out)
        if s.first and s.file is None:
            s.open(self._header())
            if s.off:
                return
        now = time.time()
        step = s.step
        s.step = step + 1
        s.write_pending()
        scalars: Dict[str, float] = {}
        if s.early:
            scalars, s.early = s.early, {}
        p: List[Any] = [step, now, x, scalars, []]
        s.pending = p
        slow = now - s.last_time >= s.live_secs and not s.first
        s.last_time = now
        s.remember(x)

        reason: Optional[str] = None
        finite = math.isfinite(x)
        if not finite:
            if not s.in_nonfinite:
                reason = "nonfinite"
            s.in_nonfinite = True
        else:
            s.in_nonfinite = False
            if s.spike(step, x):
                reason = "spike"
        if reason is not None:
            if s.anomalies >= s.opts["max_anomaly_snapshots"]:
                reason = None
            else:
                s.anomalies += 1
        if reason is None and s.request:
            reason = "request"
        if reason is None and s.first:
            reason = "first"
        every = s.opts["every"]
        if reason is None and every and step % every == 0 and s.periodic < s.opts["max_snapshots"]:
            reason = "every"
            s.periodic += 1
        s.first = False
        if reason is not None and s.snapshots_here and not s.off:
            if reason == "request":
                s.request = False
            self._snapshot(step, reason, x, input, target, now)
        if slow:  # slow steps are written at once, so that a live reader is never a whole step behind
            s.write_pending()

    def _snapshot(self, step: int, reason: str, x: float, input: Any, target: Any, now: float) -> None:
        s = self._s
        if self._ltype is None:
            s.warn_once("unsupported", f"{type(self.criterion).__name__} is not one of the losses Loss Debugger "
                        f"recomputes ({', '.join(SUPPORTED_LOSSES)}): the loss is logged, no snapshots are taken")
            return
        if not (isinstance(input, torch.Tensor) and is_tensor(target)):
            s.warn_once("nontensor", "snapshots need tensor input and target")
            return
        o = s.opts
        sample, why = sample_call(self._ltype, self.criterion, input, target, o["snapshot_rows"], o["snapshot_bytes"],
                                  s.rng, prefer_nonfinite=reason == "nonfinite")
        if sample is None:
            s.warn_once("toolarge", f"step {step}: no snapshot ({why}); raise snapshot_bytes to capture it")
            return
        meta: Dict[str, Any] = {"source": "lossdbg.watch", "step": step, "reason": reason, "rank": s.rank,
                                "batch_loss": x}
        meta.update(sample.note)
        reduced = getattr(self.criterion, "reduction", "mean") != "none"
        if reduced and not sample.subset:
            meta["reported_loss"] = x
        elif reduced and not sample.overrides:
            with torch.no_grad():
                r = self.criterion(sample.input, sample.target)
            if isinstance(r, torch.Tensor) and r.dim() == 0:
                meta["reported_loss"] = float(r.item())
        if s.stride > 1:
            meta["history_stride"] = s.stride
        cases = os.path.join(s.run_dir, "cases")
        os.makedirs(cases, exist_ok=True)
        stem = f"step_{step}" + (f".rank{s.rank}" if s.rank != 0 else "")
        rel = ""
        for attempt in range(1000):
            rel = f"{stem}{'' if attempt == 0 else f'-{attempt}'}.losscase.json"
            if not any(os.path.lexists(os.path.join(cases, rel.replace(".json", suffix)))
                       for suffix in (".json", ".input.npy", ".target.npy")):
                break
        path = os.path.join(cases, rel)
        try:
            dump_case(path, self.criterion, sample.input, sample.target, meta=meta,
                      history={"train": list(s.history)}, inline_max=o["inline_max"],
                      overwrite=False, loss_overrides=sample.overrides or None)
        except BaseException:
            for suffix in (".json", ".input.npy", ".target.npy"):
                p = path.replace(".json", suffix) if suffix != ".json" else path
                if os.path.lexists(p):
                    try:
                        os.unlink(p)
                    except OSError:
                        pass
            raise
        line = json.dumps({"type": "snapshot", "step": step, "time": now, "path": f"cases/{rel}", "reason": reason},
                          separators=(",", ":"))
        if s.pending is not None and s.pending[0] == step:
            s.pending[4].append(line + "\n")  # written right after the step's line
        else:
            s.write(line + "\n")

    # ---- public API ---------------------------------------------------------------------------

    def log(self, **scalars: Any) -> None:
        """Extra scalars (``val_loss=..., lr=...``) for the current step (the last recorded call)."""
        s = self._s
        if s.off or s.closed:
            return
        vals: Dict[str, float] = {}
        for k, v in scalars.items():
            try:
                vals[k] = float(v.item() if isinstance(v, torch.Tensor) else v)
            except (TypeError, ValueError):
                s.warn_once("scalar:" + k, f"log({k}=...) needs a number, got {type(v).__name__}; ignored")
        if not vals:
            return
        if s.pending is not None:
            s.pending[3].update(vals)
            if time.time() - s.last_time >= s.live_secs:  # logged long after its step (after validation)
                s.write_pending()
        elif s.last_written is not None:
            line = '{"type":"scalars","step":%d,"time":%.6f,"scalars":%s}\n' % (
                s.last_written, time.time(), _ENCODE(vals))
            s.write(line)
        else:
            s.early.update(vals)  # before the first step: goes into the first step's line

    def snapshot(self) -> None:
        """Capture the next recorded call as a loss case (reason ``request``)."""
        self._s.request = True

    def flush(self) -> None:
        """Write the current step's line now (scalars logged later go to a separate line)."""
        s = self._s
        if not (s.off or s.closed):
            s.write_pending()

    def close(self) -> None:
        """Write what is pending and close the log; later calls pass through unrecorded."""
        self._s.close()
        _LIVE.discard(self._s)

    def __enter__(self) -> "Watcher":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def extra_repr(self) -> str:
        return f"run_dir={self._s.run_dir!r}"


def watch(
    criterion: Any,
    run_dir: Union[str, "os.PathLike[str]"],
    *,
    every: Optional[int] = 500,
    snapshot_rows: int = 256,
    snapshot_mb: float = 8.0,
    spike_factor: float = 8.0,
    spike_warmup: int = 20,
    spike_cooldown: int = 50,
    snapshot_ranks: Union[Sequence[int], str] = (0,),
    max_snapshots: int = 200,
    max_anomaly_snapshots: int = 20,
    history_max: int = 4096,
    train_only: bool = True,
    inline_max: int = 1024,
    live_secs: float = 1.0,
    flush_secs: float = 0.25,
    start_step: int = 0,
    seed: int = 0,
) -> Watcher:
    """Wrap ``criterion`` so that every training call is logged to ``run_dir`` and loss cases are captured.

    The returned module gives the same outputs (values, autograd graph, gradients) as ``criterion``.

    - ``every``: snapshot every N steps (also the first step); ``None``/0: only first, anomalies and requests.
    - ``snapshot_rows`` / ``snapshot_mb``: a snapshot holds at most this many rows (first dimension) and
      this many MB of input + target; larger batches are sampled (rows with NaN/Inf first on a
      non-finite step, the rest at random, in order). A single row over the limit is flattened into
      positions for class losses ``(N, C, d...)`` and plain elementwise losses, or skipped with a warning.
    - ``spike_factor``, ``spike_warmup``, ``spike_cooldown``: a finite loss more than ``spike_factor``
      running mean absolute deviations (and 20 %) above the running level is a spike; spikes are not
      judged in the first ``spike_warmup`` steps, nor within ``spike_cooldown`` steps of the last one.
    - ``snapshot_ranks``: ranks that write snapshots under ``torch.distributed`` (``"all"`` for every
      rank); every rank writes its own ``rank<k>.jsonl``.
    - ``max_snapshots`` (periodic) / ``max_anomaly_snapshots`` (non-finite, spike) bound the disk used.
    - ``train_only``: calls whose result does not require grad (``torch.no_grad()`` evaluation) pass
      through unrecorded.
    - ``inline_max``: tensors with more elements go to ``.npy`` side files.
    - ``live_secs``: a step's line is written when the next step starts (so ``log()`` scalars join it),
      or at once when steps (or the ``log()`` after one) are slower than this.
    - ``flush_secs``: the log is flushed at most this long after a line is written (at the next write;
      at once for the header, snapshots, non-finite losses and slow steps; always on ``close()`` and exit).
    """
    for name, val in (("snapshot_rows", snapshot_rows), ("history_max", history_max)):
        if int(val) < 1:
            raise ValueError(f"{name} must be at least 1, got {val}")
    if snapshot_mb <= 0:
        raise ValueError(f"snapshot_mb must be positive, got {snapshot_mb}")
    if every is not None and every < 0:
        raise ValueError(f"every must be a positive number of steps (or None), got {every}")
    if isinstance(snapshot_ranks, str) and snapshot_ranks != "all":
        raise ValueError(f"snapshot_ranks takes a list of ranks or 'all', not {snapshot_ranks!r}")
    if not callable(criterion):
        raise TypeError(f"watch() needs a criterion (an nn loss module or a function), got {type(criterion).__name__}")
    opts: Dict[str, Any] = {
        "every": int(every or 0), "snapshot_rows": int(snapshot_rows), "snapshot_bytes": int(snapshot_mb * 2**20),
        "spike_factor": float(spike_factor), "spike_warmup": max(2, int(spike_warmup)),
        "spike_cooldown": int(spike_cooldown),
        "snapshot_ranks": "all" if snapshot_ranks == "all" else tuple(int(r) for r in snapshot_ranks),
        "max_snapshots": int(max_snapshots), "max_anomaly_snapshots": int(max_anomaly_snapshots),
        "history_max": int(history_max), "train_only": bool(train_only), "inline_max": int(inline_max),
        "live_secs": float(live_secs), "flush_secs": float(flush_secs), "start_step": int(start_step),
        "seed": int(seed),
    }
    return Watcher(criterion, run_dir, opts)
