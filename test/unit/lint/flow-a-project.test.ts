/**
 * Imports across the files of a project and the binding of names in src/lint/flow.ts (#21): from-,
 * relative, package and wildcard imports, an import cycle, attributes on self, item assignments that
 * mask padding, starred unpacking, the class count matched through config prefixes — every file's
 * findings written out in full.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintTexts, render } from './harness';

/** Every file's report, in the order the files are given, each under a `== name` line. */
async function reports(files: Record<string, string>): Promise<string[]> {
  const r = await lintTexts(files);
  return Object.keys(files).flatMap((k) => [`== ${k}`, ...render(r.get(k)!)]);
}

const CASES: { name: string; files: Record<string, string>; expect: string }[] = [
  {
    name: "cross-file: from-import of a project function and class, a relative import, `from pkg import module`, `import pkg.mod as m`, a wildcard import (names starting with _ skipped), a name the module does not have (unknown)",
    files: {
      "main.py": `import torch.nn.functional as F
from models import head, Net
from .models import head2 as rhead
from pkg import layers
import pkg.layers as L
from helpers import *
from models import missing
def step(z, y):
    a = F.cross_entropy(head(z), y)
    b = F.cross_entropy(rhead(z), y)
    c = F.cross_entropy(layers.probs(z), y)
    d = F.cross_entropy(L.probs2(z), y)
    e = F.cross_entropy(public(z), y)
    f = F.cross_entropy(_private(z), y)
    g = F.cross_entropy(missing(z), y)
    return a + b + c + d + e + f + g
`,
      "models.py": `import torch.nn as nn
import torch.nn.functional as F
def head(z):
    return F.softmax(z, dim=1)
def head2(z):
    return F.softmax(z, dim=1)
class Net(nn.Module):
    pass
`,
      "pkg/__init__.py": ``,
      "pkg/layers.py": `import torch.nn as nn
import torch.nn.functional as F
def probs(z):
    return F.softmax(z, dim=-1)
def probs2(z):
    return F.softmax(z, dim=-1)
`,
      "helpers.py": `import torch.nn as nn
import torch.nn.functional as F
def public(z):
    return F.softmax(z, dim=0)
def _private(z):
    return F.softmax(z, dim=0)
`,
    },
    expect: `== main.py
== models.py
double-softmax warning @4:12-4:31 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:9 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@9:9-9:36: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    models.py@4:12-4:31 → "z"
double-softmax warning @6:12-6:31 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:10 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@10:9-10:37: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    models.py@6:12-6:31 → "z"
== pkg/__init__.py
== pkg/layers.py
double-softmax warning @4:12-4:32 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:11 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@11:9-11:44: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    layers.py@4:12-4:32 → "z"
double-softmax warning @6:12-6:32 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:12 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@12:9-12:40: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    layers.py@6:12-6:32 → "z"
== helpers.py
double-softmax warning @4:12-4:31 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:13 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@13:9-13:38: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    helpers.py@4:12-4:31 → "z"
`,
  },
  {
    name: "cross-file: a cycle of imports (a imports b imports a) is cut, the names that were loaded are used; a module's top-level criterion imported and called",
    files: {
      "a.py": `import torch.nn.functional as F
from b import crit, probs
def step(z, y):
    return crit(probs(z), y)
`,
      "b.py": `import torch.nn as nn
import torch.nn.functional as F
from a import step
crit = nn.CrossEntropyLoss()
def probs(z):
    return F.softmax(z, dim=1)
`,
    },
    expect: `== a.py
== b.py
double-softmax warning @6:12-6:31 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and nn.CrossEntropyLoss at a.py:4 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related a.py@4:12-4:29: nn.CrossEntropyLoss applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    b.py@6:12-6:31 → "z"
`,
  },
  {
    name: "binding: an attribute set on self in __init__ and read in forward; item assignment on a name or on self.attr masks the padding (silent), on another name it does not; starred and nested unpacking",
    files: {
      "main.py": `import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.crit = nn.CrossEntropyLoss()
    def forward(self, z, seqs):
        self.t = pad_sequence(seqs, batch_first=True)
        self.t[self.t == 0] = -100
        a = F.cross_entropy(z, self.t)
        u = pad_sequence(seqs, batch_first=True)
        u[u == 0] = -100
        b = F.cross_entropy(z, u)
        v = pad_sequence(seqs, batch_first=True)
        w = v
        w2 = pad_sequence(seqs, batch_first=True)
        w2[w2 == 0] = -100
        c = F.cross_entropy(z, v)
        c2 = F.cross_entropy(z, w2)
        c3 = self.crit(z, w)
        (p, q), *rest = (F.softmax(z, dim=1), z), z
        d = F.cross_entropy(p, q)
        first, *more = F.softmax(z, dim=1), z
        e = F.cross_entropy(first, q)
        g, h = F.softmax(z, dim=1), z, q
        e2 = F.cross_entropy(g, h)
        return a + b + c + c2 + c3 + d + e + e2
`,
    },
    expect: `== main.py
missing-ignore-index warning @7:21-7:42 "Padding targets are counted in the loss" docs/rules/missing-ignore-index.md
  message: The targets of nn.CrossEntropyLoss at main.py:21 are padded by pad_sequence(…) (padding_value defaults to 0) at main.py:15, but it has no ignore_index (the default is −100): every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.
  fix: "criterion = nn.CrossEntropyLoss(ignore_index=0)"
  related main.py@15:13-15:49: padding added here
  related main.py@21:14-21:29: padded targets consumed here
  action: Add ignore_index=0
    main.py@7:41-7:41 → "ignore_index=0"
missing-ignore-index warning @19:13-19:34 "Padding targets are counted in the loss" docs/rules/missing-ignore-index.md
  message: The targets of F.cross_entropy at main.py:19 are padded by pad_sequence(…) (padding_value defaults to 0) at main.py:15, but it has no ignore_index (the default is −100): every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.
  fix: "criterion = nn.CrossEntropyLoss(ignore_index=0)"
  related main.py@15:13-15:49: padding added here
  action: Add ignore_index=0
    main.py@19:33-19:33 → ", ignore_index=0"
`,
  },
  {
    name: "the class count matched through self./cfg./config./args./opt./hparams./params. and spaces; another prefix (model.) or another count is not the same count",
    files: {
      "main.py": `import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.conv = nn.Conv1d(8, self.n, 3)
    def forward(self, x, y, cfg, config, args, opt, hparams, params, model):
        o = self.conv(x)
        a = F.cross_entropy(o.view(-1, n), y)
        b = F.cross_entropy(o.view(-1, cfg.n), y)
        c = F.cross_entropy(o.view(-1, config.n), y)
        d = F.cross_entropy(o.view(-1, args.n), y)
        e = F.cross_entropy(o.view(-1, opt.n), y)
        f = F.cross_entropy(o.view(-1, hparams.n), y)
        g = F.cross_entropy(o.view(-1, params.n), y)
        h = F.cross_entropy(o.view(-1, self . n), y)
        i = F.cross_entropy(o.view(-1, model.n), y)
        j = F.cross_entropy(o.view(-1, m), y)
        return a + b + c + d + e + f + g + h + i + j
`,
    },
    expect: `== main.py
class-dim-misplaced error @9:29-9:42 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: .view(-1, n) flattens the (N, self.n, L) scores of nn.Conv1d(…, self.n, …) at main.py:8, whose classes are on dim 1, into rows of self.n: each row takes self.n consecutive values along the last axis — one class's scores at self.n positions — not one position's self.n class scores. F.cross_entropy at main.py:9 trains on scrambled rows without any error. Move the classes last before flattening.
  fix: "logits = logits.permute(0, 2, 1).reshape(-1, self.n)   # (N, C, L) → (N·L, C); (N, C, H, W): permute(0, 2, 3, 1)\\nloss = F.cross_entropy(logits, target.reshape(-1))\\n# or keep (N, C, L) and pass it as is: cross_entropy takes the classes on dim 1"
  related main.py@8:13-8:25: (N, self.n, L) scores made here
  related main.py@9:13-9:46: F.cross_entropy consumes the flattened rows
class-dim-misplaced error @10:29-10:46 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: .view(-1, cfg.n) flattens the (N, self.n, L) scores of nn.Conv1d(…, self.n, …) at main.py:8, whose classes are on dim 1, into rows of self.n: each row takes self.n consecutive values along the last axis — one class's scores at self.n positions — not one position's self.n class scores. F.cross_entropy at main.py:10 trains on scrambled rows without any error. Move the classes last before flattening.
  fix: "logits = logits.permute(0, 2, 1).reshape(-1, self.n)   # (N, C, L) → (N·L, C); (N, C, H, W): permute(0, 2, 3, 1)\\nloss = F.cross_entropy(logits, target.reshape(-1))\\n# or keep (N, C, L) and pass it as is: cross_entropy takes the classes on dim 1"
  related main.py@8:13-8:25: (N, self.n, L) scores made here
  related main.py@10:13-10:50: F.cross_entropy consumes the flattened rows
class-dim-misplaced error @11:29-11:49 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: .view(-1, config.n) flattens the (N, self.n, L) scores of nn.Conv1d(…, self.n, …) at main.py:8, whose classes are on dim 1, into rows of self.n: each row takes self.n consecutive values along the last axis — one class's scores at self.n positions — not one position's self.n class scores. F.cross_entropy at main.py:11 trains on scrambled rows without any error. Move the classes last before flattening.
  fix: "logits = logits.permute(0, 2, 1).reshape(-1, self.n)   # (N, C, L) → (N·L, C); (N, C, H, W): permute(0, 2, 3, 1)\\nloss = F.cross_entropy(logits, target.reshape(-1))\\n# or keep (N, C, L) and pass it as is: cross_entropy takes the classes on dim 1"
  related main.py@8:13-8:25: (N, self.n, L) scores made here
  related main.py@11:13-11:53: F.cross_entropy consumes the flattened rows
class-dim-misplaced error @12:29-12:47 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: .view(-1, args.n) flattens the (N, self.n, L) scores of nn.Conv1d(…, self.n, …) at main.py:8, whose classes are on dim 1, into rows of self.n: each row takes self.n consecutive values along the last axis — one class's scores at self.n positions — not one position's self.n class scores. F.cross_entropy at main.py:12 trains on scrambled rows without any error. Move the classes last before flattening.
  fix: "logits = logits.permute(0, 2, 1).reshape(-1, self.n)   # (N, C, L) → (N·L, C); (N, C, H, W): permute(0, 2, 3, 1)\\nloss = F.cross_entropy(logits, target.reshape(-1))\\n# or keep (N, C, L) and pass it as is: cross_entropy takes the classes on dim 1"
  related main.py@8:13-8:25: (N, self.n, L) scores made here
  related main.py@12:13-12:51: F.cross_entropy consumes the flattened rows
class-dim-misplaced error @13:29-13:46 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: .view(-1, opt.n) flattens the (N, self.n, L) scores of nn.Conv1d(…, self.n, …) at main.py:8, whose classes are on dim 1, into rows of self.n: each row takes self.n consecutive values along the last axis — one class's scores at self.n positions — not one position's self.n class scores. F.cross_entropy at main.py:13 trains on scrambled rows without any error. Move the classes last before flattening.
  fix: "logits = logits.permute(0, 2, 1).reshape(-1, self.n)   # (N, C, L) → (N·L, C); (N, C, H, W): permute(0, 2, 3, 1)\\nloss = F.cross_entropy(logits, target.reshape(-1))\\n# or keep (N, C, L) and pass it as is: cross_entropy takes the classes on dim 1"
  related main.py@8:13-8:25: (N, self.n, L) scores made here
  related main.py@13:13-13:50: F.cross_entropy consumes the flattened rows
class-dim-misplaced error @14:29-14:50 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: .view(-1, hparams.n) flattens the (N, self.n, L) scores of nn.Conv1d(…, self.n, …) at main.py:8, whose classes are on dim 1, into rows of self.n: each row takes self.n consecutive values along the last axis — one class's scores at self.n positions — not one position's self.n class scores. F.cross_entropy at main.py:14 trains on scrambled rows without any error. Move the classes last before flattening.
  fix: "logits = logits.permute(0, 2, 1).reshape(-1, self.n)   # (N, C, L) → (N·L, C); (N, C, H, W): permute(0, 2, 3, 1)\\nloss = F.cross_entropy(logits, target.reshape(-1))\\n# or keep (N, C, L) and pass it as is: cross_entropy takes the classes on dim 1"
  related main.py@8:13-8:25: (N, self.n, L) scores made here
  related main.py@14:13-14:54: F.cross_entropy consumes the flattened rows
class-dim-misplaced error @15:29-15:49 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: .view(-1, params.n) flattens the (N, self.n, L) scores of nn.Conv1d(…, self.n, …) at main.py:8, whose classes are on dim 1, into rows of self.n: each row takes self.n consecutive values along the last axis — one class's scores at self.n positions — not one position's self.n class scores. F.cross_entropy at main.py:15 trains on scrambled rows without any error. Move the classes last before flattening.
  fix: "logits = logits.permute(0, 2, 1).reshape(-1, self.n)   # (N, C, L) → (N·L, C); (N, C, H, W): permute(0, 2, 3, 1)\\nloss = F.cross_entropy(logits, target.reshape(-1))\\n# or keep (N, C, L) and pass it as is: cross_entropy takes the classes on dim 1"
  related main.py@8:13-8:25: (N, self.n, L) scores made here
  related main.py@15:13-15:53: F.cross_entropy consumes the flattened rows
class-dim-misplaced error @16:29-16:49 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: .view(-1, self . n) flattens the (N, self.n, L) scores of nn.Conv1d(…, self.n, …) at main.py:8, whose classes are on dim 1, into rows of self.n: each row takes self.n consecutive values along the last axis — one class's scores at self.n positions — not one position's self.n class scores. F.cross_entropy at main.py:16 trains on scrambled rows without any error. Move the classes last before flattening.
  fix: "logits = logits.permute(0, 2, 1).reshape(-1, self.n)   # (N, C, L) → (N·L, C); (N, C, H, W): permute(0, 2, 3, 1)\\nloss = F.cross_entropy(logits, target.reshape(-1))\\n# or keep (N, C, L) and pass it as is: cross_entropy takes the classes on dim 1"
  related main.py@8:13-8:25: (N, self.n, L) scores made here
  related main.py@16:13-16:53: F.cross_entropy consumes the flattened rows
`,
  },
  {
    name: "join by file: two softmax calls at the same line and column of two different files are different values (silent); the same file's joined with itself is kept (fires)",
    files: {
      "main.py": `import torch.nn.functional as F
from pa import probs as pa
from pb import probs as pb
def step(z, y, c):
    f = pa(z) if c else pb(z)
    g = pa(z) if c else pa(z)
    return F.cross_entropy(f, y) + F.cross_entropy(g, y)
`,
      "pa.py": `import torch.nn.functional as F
def probs(z):
    return F.softmax(z, dim=1)
`,
      "pb.py": `import torch.nn.functional as F
def probs(z):
    return F.softmax(z, dim=1)
`,
    },
    expect: `== main.py
== pa.py
double-softmax warning @3:12-3:31 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:7 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@7:36-7:57: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    pa.py@3:12-3:31 → "z"
== pb.py
`,
  },
  {
    name: "relative imports by level: from . import models (a module of the package), from .models import f, from .. import util (two levels up), from ..util import g; an attribute set on an unknown object is ignored",
    files: {
      "pkg/main.py": `import torch.nn.functional as F
from . import models
from .models import head
from .. import util
from ..util import probs
def step(z, y, opt):
    opt.lr = 0.1
    a = F.cross_entropy(models.head2(z), y)
    b = F.cross_entropy(head(z), y)
    c = F.cross_entropy(util.probs2(z), y)
    d = F.cross_entropy(probs(z), y)
    return a + b + c + d
`,
      "pkg/__init__.py": ``,
      "pkg/models.py": `import torch.nn.functional as F
def head(z):
    return F.softmax(z, dim=1)
def head2(z):
    return F.softmax(z, dim=1)
`,
      "util.py": `import torch.nn.functional as F
def probs(z):
    return F.softmax(z, dim=1)
def probs2(z):
    return F.softmax(z, dim=1)
`,
    },
    expect: `== pkg/main.py
== pkg/__init__.py
== pkg/models.py
double-softmax warning @3:12-3:31 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:9 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@9:9-9:36: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    models.py@3:12-3:31 → "z"
double-softmax warning @5:12-5:31 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:8 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@8:9-8:44: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    models.py@5:12-5:31 → "z"
== util.py
double-softmax warning @3:12-3:31 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:11 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@11:9-11:37: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    util.py@3:12-3:31 → "z"
double-softmax warning @5:12-5:31 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:10 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@10:9-10:43: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    util.py@5:12-5:31 → "z"
`,
  },
  {
    name: "a module is evaluated once: an instance it defines, changed from another file (models.net.extra = …), keeps the change for every later use",
    files: {
      "main.py": `import torch.nn as nn
import torch.nn.functional as F
import models
models.net.extra = nn.Softmax(dim=1)
def step(z, y):
    return F.cross_entropy(models.net.extra(z), y)
`,
      "models.py": `import torch.nn as nn
class Net(nn.Module):
    pass
net = Net()
`,
    },
    expect: `== main.py
double-softmax warning @6:28-6:47 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: nn.Softmax(dim=1) turns the logits into probabilities, and F.cross_entropy at main.py:6 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@6:12-6:51: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@6:28-6:47 → "z"
== models.py
`,
  },
  {
    name: "an import cycle is cut, not read half-built: the names a.py defined before importing b.py are not seen by b.py's from-import or wildcard import (silent in b)",
    files: {
      "a.py": `import torch.nn.functional as F
def probs(z):
    return F.softmax(z, dim=1)
def probs2(z):
    return F.softmax(z, dim=1)
from b import step
from c import *
`,
      "b.py": `import torch.nn.functional as F
from a import probs
def step(z, y):
    return F.cross_entropy(probs(z), y)
`,
      "c.py": `import torch.nn.functional as F
from a import *
def step2(z, y):
    return F.cross_entropy(probs2(z), y)
`,
    },
    expect: `== a.py
== b.py
== c.py
`,
  },
];

for (const c of CASES) {
  test(c.name, async () => {
    assert.deepEqual(await reports(c.files), c.expect.split('\n').filter((l) => l !== ''));
  });
}
