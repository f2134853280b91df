/**
 * The joins of src/lint/flow.ts pinned branch by branch (#21): after if/else, a conditional
 * expression, loops, try/except/else/finally and with — each fact (activation, padding, raw scores,
 * class indices, layout, batchedness, numbers, tuples, loss objects, losses) kept only where every
 * path agrees; every finding written out in full, firing and silent side by side.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText, render } from './harness';

const CASES: { name: string; code: string; expect: string }[] = [
  {
    name: "join after if/else, softmax: the same value on both paths is kept (fires), two different softmax calls are not (silent); one path only (no else) joins with the value before",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
def same(z, y, c):
    p = F.softmax(z, dim=1)
    if c:
        q = p
    else:
        q = p
    return F.cross_entropy(q, y)
def different(z, y, c):
    if c:
        q = F.softmax(z, dim=1)
    else:
        q = F.softmax(z, dim=1)
    return F.cross_entropy(q, y)
def one_path(z, y, c):
    q = F.softmax(z, dim=1)
    if c:
        q = F.softmax(z, dim=1)
    return F.cross_entropy(q, y)
def one_path_same(z, y, c):
    q = F.softmax(z, dim=1)
    if c:
        print(q)
    return F.cross_entropy(q, y)
`,
    expect: `double-softmax warning @6:9-6:28 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:11 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@11:12-11:33: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@6:9-6:28 → "z"
double-softmax warning @24:9-24:28 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:27 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@27:12-27:33: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@24:9-24:28 → "z"
`,
  },
  {
    name: "join of padding, raw scores and class indices: kept when both paths made them at the same place, dropped otherwise",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
fc = nn.Linear(8, 1)
def pads(seqs, z, c):
    t = pad_sequence(seqs, batch_first=True)
    u = pad_sequence(seqs, batch_first=True)
    a = t if c else t
    b = t if c else u
    return F.cross_entropy(z, a) + F.cross_entropy(z, b)
def raws(x, y, c):
    s = fc(x)
    a = s if c else s
    b = s if c else fc(x)
    return F.binary_cross_entropy(a, y) + F.binary_cross_entropy(b, y)
def labels(z, w, c):
    i = z.argmax(1)
    a = i if c else i
    b = i if c else z.argmax(1)
    return F.mse_loss(w, a.float()) + F.mse_loss(w, b.float())
`,
    expect: `missing-ignore-index warning @11:12-11:33 "Padding targets are counted in the loss" docs/rules/missing-ignore-index.md
  message: The targets of F.cross_entropy at main.py:11 are padded by pad_sequence(…) (padding_value defaults to 0) at main.py:7, but it has no ignore_index (the default is −100): every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.
  fix: "criterion = nn.CrossEntropyLoss(ignore_index=0)"
  related main.py@7:9-7:45: padding added here
  action: Add ignore_index=0
    main.py@11:32-11:32 → ", ignore_index=0"
bce-expects-probabilities error @16:12-16:40 "BCELoss given values outside [0, 1]" docs/rules/bce-expects-probabilities.md
  message: F.binary_cross_entropy expects probabilities in [0, 1], but its input comes straight from nn.Linear(…, 1) at main.py:13 with no sigmoid after it: raw scores. PyTorch raises on values outside [0, 1] (or, on GPU, asserts). Use BCEWithLogitsLoss on the raw scores: it applies sigmoid inside, in a numerically stable way.
  fix: "criterion = nn.BCEWithLogitsLoss()        # takes raw logits\\nloss = criterion(logits, target.float())"
  related main.py@13:9-13:14: raw scores come from here
  action: Use binary_cross_entropy_with_logits (it applies sigmoid itself)
    main.py@16:14-16:34 → "binary_cross_entropy_with_logits"
mse-on-class-labels warning @21:12-21:36 "MSE used on class labels" docs/rules/mse-on-class-labels.md
  message: The target of F.mse_loss comes from .argmax(…) at main.py:18: class indices. MSE treats them as numbers on a line (class 3 is "closer" to 2 than to 7) and its gradient vanishes for confident mistakes. Use CrossEntropyLoss on logits with the class indices.
  fix: "loss = nn.CrossEntropyLoss()(logits, class_indices)"
  related main.py@18:9-18:20: class indices come from here
`,
  },
  {
    name: "join of layouts (the same Conv output kept, two Conv calls dropped), of batchedness (batched only if both are: a softmax over dim 0 of a join with an unbatched value is silent)",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(16, 4, 3)
    def forward(self, x, y, c):
        o = self.conv(x)
        a = o if c else o
        b = o if c else self.conv(x)
        la = F.cross_entropy(a.view(-1, 4), y)
        lb = F.cross_entropy(b.view(-1, 4), y)
        m = x.mean()
        both = x if c else x
        one = x if c else m
        lc = F.nll_loss(F.log_softmax(both, dim=0), y)
        ld = F.nll_loss(F.log_softmax(one, dim=0), y)
        return la + lb + lc + ld
`,
    expect: `class-dim-misplaced error @13:30-13:43 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: .view(-1, 4) flattens the (N, 4, L) scores of nn.Conv1d(…, 4, …) at main.py:10, whose classes are on dim 1, into rows of 4: each row takes 4 consecutive values along the last axis — one class's scores at 4 positions — not one position's 4 class scores. F.cross_entropy at main.py:13 trains on scrambled rows without any error. Move the classes last before flattening.
  fix: "logits = logits.permute(0, 2, 1).reshape(-1, 4)   # (N, C, L) → (N·L, C); (N, C, H, W): permute(0, 2, 3, 1)\\nloss = F.cross_entropy(logits, target.reshape(-1))\\n# or keep (N, C, L) and pass it as is: cross_entropy takes the classes on dim 1"
  related main.py@10:13-10:25: (N, 4, L) scores made here
  related main.py@13:14-13:47: F.cross_entropy consumes the flattened rows
class-dim-misplaced error @18:25-18:51 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.log_softmax(…) normalises over dim=0, the batch axis of a batched model output, before F.nll_loss at main.py:18: each class's scores are normalised across the samples of the batch instead of each sample across its classes. The loss still decreases, but predictions depend on the other samples in the batch. Normalise over the class axis (dim=1 for (N, C), dim=-1 for (…, C)).
  fix: "log_probs = F.log_softmax(logits, dim=1)   # classes are on dim 1 of (N, C)"
  related main.py@18:14-18:55: F.nll_loss consumes it here
`,
  },
  {
    name: "join of numbers (equal literals kept: dim=None on both paths is a softmax without dim; None against 1 is unknown), of tuples (item by item), of loss objects (the same constructor kept, two constructors not)",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
crit = nn.CrossEntropyLoss(reduction='sum')
other = nn.CrossEntropyLoss(reduction='sum')
def nums(z, c):
    d = None if c else None
    e = None if c else 1
    return F.softmax(z, dim=d), F.softmax(z, dim=e)
def tuples(z, y, c):
    p = F.softmax(z, dim=1)
    t = (p, z) if c else (p, y)
    u = (p, z) if c else (z, p, y)
    return F.cross_entropy(t[0], y) + F.cross_entropy(u[0], y)
def objs(z, y, c):
    k = crit if c else crit
    m = crit if c else other
    k(z, y).backward()
    m(z, y).backward()
`,
    expect: `sum-reduction info @5:8-5:44 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: nn.CrossEntropyLoss uses reduction='sum' and the loss computed at main.py:19 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@19:5-19:12: loss computed here, then backpropagated
softmax-implicit-dim info @10:12-10:31 "softmax without dim" docs/rules/softmax-implicit-dim.md
  message: F.softmax(…) is called without dim. PyTorch warns ("Implicit dimension choice … has been deprecated") and guesses: dim=0 for 1-D and 3-D inputs, dim=1 otherwise, so a (B, L, V) sequence output is normalised across the batch. Name the class axis.
  fix: "probs = F.softmax(logits, dim=-1)   # the class axis"
double-softmax warning @12:9-12:28 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:15 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@15:12-15:36: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@12:9-12:28 → "z"
`,
  },
  {
    name: "losses are followed through joins: a loss on one path and another on the other both reach backward (sum-reduction fires for each); dividing on one path only does not divide the other",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
c1 = nn.CrossEntropyLoss(reduction='sum')
c2 = nn.NLLLoss(reduction='sum')
def step(z, y, flag, n):
    if flag:
        loss = c1(z, y)
    else:
        loss = c2(z, y) / n
    loss.backward()
`,
    expect: `sum-reduction info @5:6-5:42 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: nn.CrossEntropyLoss uses reduction='sum' and the loss computed at main.py:9 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@9:16-9:24: loss computed here, then backpropagated
`,
  },
  {
    name: "loops: the body may not run, so a name it rebinds is the join with its value before (silent); a name only read in the body keeps it (fires); for-else and while conditions are evaluated; the loop variable is unknown",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
def rebinds(z, y, xs):
    p = F.softmax(z, dim=1)
    for x in xs:
        p = x
    return F.cross_entropy(p, y)
def reads(z, y, xs):
    p = F.softmax(z, dim=1)
    for x in xs:
        print(x)
    return F.cross_entropy(p, y)
def same_again(z, y, xs):
    p = F.softmax(z, dim=1)
    for x in xs:
        p = p
    return F.cross_entropy(p, y)
def for_else(z, y, xs):
    for x in xs:
        pass
    else:
        q = F.softmax(z)
    return q
def while_cond(z, y):
    while F.softmax(z).max() < 0.9:
        z = z * 2
    p = F.softmax(z, dim=1)
    for p in [z]:
        pass
    return F.cross_entropy(p, y)
`,
    expect: `double-softmax warning @11:9-11:28 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:14 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@14:12-14:33: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@11:9-11:28 → "z"
double-softmax warning @16:9-16:28 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:19 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@19:12-19:33: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@16:9-16:28 → "z"
softmax-implicit-dim info @24:13-24:25 "softmax without dim" docs/rules/softmax-implicit-dim.md
  message: F.softmax(…) is called without dim. PyTorch warns ("Implicit dimension choice … has been deprecated") and guesses: dim=0 for 1-D and 3-D inputs, dim=1 otherwise, so a (B, L, V) sequence output is normalised across the batch. Name the class axis.
  fix: "probs = F.softmax(logits, dim=-1)   # the class axis"
softmax-implicit-dim info @27:11-27:23 "softmax without dim" docs/rules/softmax-implicit-dim.md
  message: F.softmax(…) is called without dim. PyTorch warns ("Implicit dimension choice … has been deprecated") and guesses: dim=0 for 1-D and 3-D inputs, dim=1 otherwise, so a (B, L, V) sequence output is normalised across the batch. Name the class axis.
  fix: "probs = F.softmax(logits, dim=-1)   # the class axis"
`,
  },
  {
    name: "try: the else clause runs after the body on the same path (its value joins with the handler's: fires), a handler's own value, the finally block after the join (runs on every path: its value is kept)",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
def body_else(z, y):
    p = F.softmax(z, dim=1)
    try:
        a = z
    except ValueError:
        a = p
    else:
        a = p
    return F.cross_entropy(a, y)
def fin(z, y):
    try:
        a = z
    except ValueError:
        a = y
    finally:
        a = F.softmax(z, dim=1)
    return F.cross_entropy(a, y)
def handler_only(z, y):
    try:
        pass
    except ValueError:
        a = F.softmax(z, dim=1)
        return F.cross_entropy(a, y)
`,
    expect: `double-softmax warning @6:9-6:28 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:13 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@13:12-13:33: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@6:9-6:28 → "z"
double-softmax warning @20:13-20:32 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:21 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@21:12-21:33: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@20:13-20:32 → "z"
double-softmax warning @26:13-26:32 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:27 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@27:16-27:37: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@26:13-26:32 → "z"
`,
  },
  {
    name: "with: the alias of a tensor is the tensor (fires); of anything else unknown; items without alias are evaluated (a softmax without dim there is reported); the body runs once",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
def step(z, y, ctx):
    with F.softmax(z, dim=1) as p:
        a = F.cross_entropy(p, y)
    with ctx() as q:
        b = F.cross_entropy(q, y)
    with ctx(F.softmax(z)):
        r = F.softmax(z, dim=1)
    return a + b + F.cross_entropy(r, y)
`,
    expect: `double-softmax warning @6:10-6:29 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:7 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@7:13-7:34: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@6:10-6:29 → "z"
softmax-implicit-dim info @10:14-10:26 "softmax without dim" docs/rules/softmax-implicit-dim.md
  message: F.softmax(…) is called without dim. PyTorch warns ("Implicit dimension choice … has been deprecated") and guesses: dim=0 for 1-D and 3-D inputs, dim=1 otherwise, so a (B, L, V) sequence output is normalised across the batch. Name the class axis.
  fix: "probs = F.softmax(logits, dim=-1)   # the class axis"
double-softmax warning @11:13-11:32 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:12 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@12:20-12:41: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@11:13-11:32 → "z"
`,
  },
  {
    name: "join by place: two softmax calls on the same line (different columns) or in the same column (different lines) are different values (silent); a function joined with itself stays that function (fires)",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
def probs(z):
    return F.softmax(z, dim=1)
def same_line(z, y, c):
    q = F.softmax(z, dim=1) if c else F.softmax(y, dim=1)
    return F.cross_entropy(q, y)
def same_column(z, y, c):
    a = F.softmax(z, dim=1)
    b = F.softmax(y, dim=1)
    q = a if c else b
    return F.cross_entropy(q, y)
def funcs(z, y, c):
    f = probs if c else probs
    return F.cross_entropy(f(z), y)
`,
    expect: `double-softmax warning @6:12-6:31 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:17 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@17:12-17:36: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@6:12-6:31 → "z"
`,
  },
  {
    name: "join of flattened layouts: the same .view of a Conv output on both paths keeps its wrong flatten (fires at the view), two different views of it, or a flattened and an unflattened one, do not (silent); two casts of it keep its layout (its permuted (N, L, C) fires)",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(16, 4, 3)
    def forward(self, x, y, c):
        o = self.conv(x)
        v = o.view(-1, 4)
        a = v if c else v
        b = o.view(-1, 4) if c else o.reshape(-1, 4)
        d = o.view(-1, 4) if c else o.permute(0, 2, 1).reshape(-1, 4)
        e = d if c else o.permute(0, 2, 1).reshape(-1, 4)
        g = o.float() if c else o.float()
        return F.cross_entropy(a, y) + F.cross_entropy(b, y) + F.cross_entropy(d, y) + F.cross_entropy(e, y) + F.cross_entropy(g.permute(0, 2, 1), y)
`,
    expect: `class-dim-misplaced error @11:13-11:26 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: .view(-1, 4) flattens the (N, 4, L) scores of nn.Conv1d(…, 4, …) at main.py:10, whose classes are on dim 1, into rows of 4: each row takes 4 consecutive values along the last axis — one class's scores at 4 positions — not one position's 4 class scores. F.cross_entropy at main.py:17 trains on scrambled rows without any error. Move the classes last before flattening.
  fix: "logits = logits.permute(0, 2, 1).reshape(-1, 4)   # (N, C, L) → (N·L, C); (N, C, H, W): permute(0, 2, 3, 1)\\nloss = F.cross_entropy(logits, target.reshape(-1))\\n# or keep (N, C, L) and pass it as is: cross_entropy takes the classes on dim 1"
  related main.py@10:13-10:25: (N, 4, L) scores made here
  related main.py@17:16-17:37: F.cross_entropy consumes the flattened rows
class-dim-misplaced error @17:128-17:146 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.cross_entropy at main.py:17 gets (N, L, 4) scores from nn.Conv1d(…, 4, …) at main.py:10, with the 4 classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the sequence axis for the classes: a shape error against (N, L) targets, or — when the sizes happen to match — a silently wrong loss. Flatten to (N·L, C) or move the classes to dim 1.
  fix: "loss = F.cross_entropy(logits.reshape(-1, 4), target.reshape(-1))\\n# or: F.cross_entropy(logits.transpose(1, 2), target)   # (N, C, L) against (N, L)"
  related main.py@10:13-10:25: (N, L, 4) scores made here
  related main.py@17:112-17:150: F.cross_entropy reads the classes on dim 1
`,
  },
];

for (const c of CASES) {
  test(c.name, async () => {
    const got = render(await lintText(c.code));
    assert.deepEqual(got, c.expect.split('\n').filter((l) => l !== ''));
  });
}
