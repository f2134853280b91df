/**
 * The statement and expression walkers of src/lint/flow.ts pinned branch by branch (#21): imports of
 * torch, literals, unary minus, parentheses and :=, losses divided or not, subscripts, the call-depth
 * limit, defs in compound statements, classes and their bases, training_step/validation_step —
 * every finding written out in full, firing and silent side by side.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText, render, rows } from './harness';

const CASES: { name: string; code: string; expect: string }[] = [
  {
    name: "imports of torch: from torch import nn, import torch.nn (binds torch), from torch.nn.functional import softmax as sm, torch.nn.modules.loss.CrossEntropyLoss (canonical name); a wildcard import of torch binds nothing",
    code: `import torch.nn
from torch import nn as tnn
from torch.nn.functional import softmax as sm, cross_entropy
from torch.nn.modules.loss import CrossEntropyLoss as CE
from torch.nn.functional import *
def step(z, y):
    a = cross_entropy(sm(z, dim=1), y)
    b = tnn.CrossEntropyLoss()(torch.softmax(z, 1), y)
    c = CE()(torch.nn.functional.softmax(z, -1), y)
    d = cross_entropy(log_softmax(z, 1), y)
    return a + b + c + d
`,
    expect: `double-softmax warning @7:23-7:35 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:7 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@7:9-7:39: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@7:23-7:35 → "z"
double-softmax warning @8:32-8:51 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: torch.softmax(…) turns the logits into probabilities, and tnn.CrossEntropyLoss at main.py:8 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@8:9-8:55: tnn.CrossEntropyLoss applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@8:32-8:51 → "z"
double-softmax warning @9:14-9:48 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and CE at main.py:9 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@9:9-9:52: CE applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@9:14-9:48 → "z"
`,
  },
  {
    name: "numbers and strings as written: 1_0 and -1 are dims, a string with a prefix is a value (reduction=r'sum'), an f-string or an escaped string is not; True/False/None",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
c1 = nn.CrossEntropyLoss(reduction=r'sum')
c2 = nn.CrossEntropyLoss(reduction=f'sum')
c3 = nn.CrossEntropyLoss(reduction='s\\um')
def step(z, y):
    a = F.softmax(z, dim=-1)
    b = F.softmax(z, dim=1_0)
    c1(z, y).backward()
    c2(z, y).backward()
    c3(z, y).backward()
    return F.nll_loss(a, y) + F.nll_loss(b, y)
`,
    expect: `sum-reduction info @4:6-4:43 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: nn.CrossEntropyLoss uses reduction='sum' and the loss computed at main.py:10 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@10:5-10:13: loss computed here, then backpropagated
nll-expects-log-probabilities warning @8:9-8:29 "NLLLoss given probabilities or logits instead of log-probabilities" docs/rules/nll-expects-log-probabilities.md
  message: F.nll_loss at main.py:13 expects log-probabilities, but its input comes from F.softmax(…): probabilities in [0, 1]. NLLLoss only negates the picked entry, so the loss is −p_y (between −1 and 0), not −log p_y, and its gradient does not train the model properly. Use log_softmax.
  fix: "log_probs = F.log_softmax(logits, dim=1)\\nloss = F.nll_loss(log_probs, target)      # or F.cross_entropy(logits, target)"
  related main.py@13:12-13:28: F.nll_loss consumes it here
  action: Use log_softmax
    main.py@8:11-8:18 → "log_softmax"
nll-expects-log-probabilities warning @9:9-9:30 "NLLLoss given probabilities or logits instead of log-probabilities" docs/rules/nll-expects-log-probabilities.md
  message: F.nll_loss at main.py:13 expects log-probabilities, but its input comes from F.softmax(…): probabilities in [0, 1]. NLLLoss only negates the picked entry, so the loss is −p_y (between −1 and 0), not −log p_y, and its gradient does not train the model properly. Use log_softmax.
  fix: "log_probs = F.log_softmax(logits, dim=1)\\nloss = F.nll_loss(log_probs, target)      # or F.cross_entropy(logits, target)"
  related main.py@13:31-13:47: F.nll_loss consumes it here
  action: Use log_softmax
    main.py@9:11-9:18 → "log_softmax"
`,
  },
  {
    name: "expressions: a unary minus of a tensor keeps it a tensor (batched or not) but not what it was; parentheses and := pass the value; a comparison, a boolean, not, a lambda or a comprehension is unknown",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
def step(z, y, c):
    a = F.cross_entropy(-F.softmax(z, dim=1), y)
    b = F.cross_entropy((F.softmax(z, dim=1)), y)
    c2 = (p := F.softmax(z, dim=1))
    d = F.cross_entropy(p, y)
    e = F.cross_entropy(F.softmax(z, dim=1) or z, y)
    f = F.cross_entropy([q for q in [F.softmax(z, dim=1)]][0], y)
    g = F.cross_entropy((lambda: F.softmax(z, dim=1))(), y)
    return a + b + c2 + d + e + f + g
class Net(nn.Module):
    def forward(self, x, y):
        a = F.nll_loss(F.log_softmax(-x, dim=0), y)
        b = F.nll_loss(F.log_softmax(-(x.mean()), dim=0), y)
        return a + b
`,
    expect: `double-softmax warning @6:26-6:45 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:6 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@6:9-6:50: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@6:26-6:45 → "z"
double-softmax warning @7:16-7:35 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:8 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@8:9-8:30: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@7:16-7:35 → "z"
class-dim-misplaced error @15:24-15:48 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.log_softmax(…) normalises over dim=0, the batch axis of a batched model output, before F.nll_loss at main.py:15: each class's scores are normalised across the samples of the batch instead of each sample across its classes. The loss still decreases, but predictions depend on the other samples in the batch. Normalise over the class axis (dim=1 for (N, C), dim=-1 for (…, C)).
  fix: "log_probs = F.log_softmax(logits, dim=1)   # classes are on dim 1 of (N, C)"
  related main.py@15:13-15:52: F.nll_loss consumes it here
`,
  },
  {
    name: "a loss divided: /, //, /=, * (1.0 / n) on either side, *= 1 / n: silent; *= n: sum-reduction fires",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
ca = nn.CrossEntropyLoss(reduction='sum')
cb = nn.CrossEntropyLoss(reduction='sum')
cc = nn.CrossEntropyLoss(reduction='sum')
cd = nn.CrossEntropyLoss(reduction='sum')
ce = nn.CrossEntropyLoss(reduction='sum')
cf = nn.CrossEntropyLoss(reduction='sum')
cg = nn.CrossEntropyLoss(reduction='sum')
def a(z, y, n):
    (ca(z, y) / n).backward()
def b(z, y, n):
    (cb(z, y) // n).backward()
def c(z, y, n):
    loss = cc(z, y)
    loss /= n
    loss.backward()
def d(z, y, n):
    ((1.0 / n) * cd(z, y)).backward()
def e(z, y, n):
    (ce(z, y) * (1 / n)).backward()
def f(z, y, n):
    loss = cf(z, y)
    loss *= 1 / n
    loss.backward()
def g(z, y, n):
    loss = cg(z, y)
    loss *= n
    loss.backward()
`,
    expect: `sum-reduction info @10:6-10:42 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: nn.CrossEntropyLoss uses reduction='sum' and the loss computed at main.py:28 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@28:12-28:20: loss computed here, then backpropagated
`,
  },
  {
    name: "a loss multiplied or added is not divided: sum-reduction fires for * n, + n, a loss carried in a tuple, a running total summed with +=, and a quotient added or subtracted (1 / n + loss, loss - 1 / n)",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
ca = nn.CrossEntropyLoss(reduction='sum')
cb = nn.CrossEntropyLoss(reduction='sum')
cc = nn.CrossEntropyLoss(reduction='sum')
cd = nn.CrossEntropyLoss(reduction='sum')
ce = nn.CrossEntropyLoss(reduction='sum')
cf = nn.CrossEntropyLoss(reduction='sum')
def a(z, y, n):
    (ca(z, y) * n).backward()
def b(z, y, n):
    (cb(z, y) + n).backward()
def c(z, y, xs):
    total = 0
    for x in xs:
        total += cc(z, y)
    total.backward()
def d(z, y, n):
    pair = (cd(z, y), n)
    pair[0].backward()
def e(z, y, n):
    ((1 / n) + ce(z, y)).backward()
def f(z, y, n):
    (cf(z, y) - 1 / n).backward()
`,
    expect: `sum-reduction info @4:6-4:42 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: nn.CrossEntropyLoss uses reduction='sum' and the loss computed at main.py:11 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@11:6-11:14: loss computed here, then backpropagated
sum-reduction info @5:6-5:42 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: nn.CrossEntropyLoss uses reduction='sum' and the loss computed at main.py:13 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@13:6-13:14: loss computed here, then backpropagated
sum-reduction info @6:6-6:42 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: nn.CrossEntropyLoss uses reduction='sum' and the loss computed at main.py:17 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@17:18-17:26: loss computed here, then backpropagated
sum-reduction info @7:6-7:42 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: nn.CrossEntropyLoss uses reduction='sum' and the loss computed at main.py:20 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@20:13-20:21: loss computed here, then backpropagated
sum-reduction info @8:6-8:42 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: nn.CrossEntropyLoss uses reduction='sum' and the loss computed at main.py:23 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@23:16-23:24: loss computed here, then backpropagated
sum-reduction info @9:6-9:42 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: nn.CrossEntropyLoss uses reduction='sum' and the loss computed at main.py:25 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@25:6-25:14: loss computed here, then backpropagated
`,
  },
  {
    name: "subscripts: a tensor's item keeps its activation but not its class indices or layout; a tuple by index (also negative); past its end unknown; a tokenizer output's input_ids are padded",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
def step(z, y, w, tok, texts):
    p = F.softmax(z, dim=1)
    a = F.cross_entropy(p[0], y)
    i = z.argmax(1)
    b = F.mse_loss(w, i[0].float())
    t = (F.softmax(y, dim=1), z)
    c = F.cross_entropy(t[-2], y)
    d = F.cross_entropy(t[2], y)
    enc = tok(texts, padding=True)
    e = F.cross_entropy(z, enc['input_ids'])
    f = F.cross_entropy(z, enc['attention_mask'])
    return a + b + c + d + e + f
`,
    expect: `double-softmax warning @5:9-5:28 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:6 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@6:9-6:33: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@5:9-5:28 → "z"
double-softmax warning @9:10-9:29 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:10 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@10:9-10:34: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@9:10-9:29 → "y"
missing-ignore-index warning @13:9-13:45 "Padding targets are counted in the loss" docs/rules/missing-ignore-index.md
  message: The targets of F.cross_entropy at main.py:13 are padded by tok(…, padding=True) at main.py:12, but it has no ignore_index (the default is −100): every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.
  fix: "criterion = nn.CrossEntropyLoss(ignore_index=tok.pad_token_id)"
  related main.py@12:11-12:35: padding added here
  action: Add ignore_index=tok.pad_token_id
    main.py@13:44-13:44 → ", ignore_index=tok.pad_token_id"
`,
  },
  {
    name: "call depth: a softmax returned through 5 nested calls reaches the loss (fires)",
    code: `import torch.nn.functional as F
def g0(z):
    return F.softmax(z, dim=1)
def g1(z):
    return g0(z)
def g2(z):
    return g1(z)
def g3(z):
    return g2(z)
def g4(z):
    return g3(z)
def g5(z):
    return g4(z)
def step(z, y):
    return F.cross_entropy(g5(z), y)
`,
    expect: `double-softmax warning @3:12-3:31 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:15 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@15:12-15:37: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@3:12-3:31 → "z"
`,
  },
  {
    name: "call depth: 6 nested calls are past MAX_DEPTH (silent)",
    code: `import torch.nn.functional as F
def g0(z):
    return F.softmax(z, dim=1)
def g1(z):
    return g0(z)
def g2(z):
    return g1(z)
def g3(z):
    return g2(z)
def g4(z):
    return g3(z)
def g5(z):
    return g4(z)
def g6(z):
    return g5(z)
def step(z, y):
    return F.cross_entropy(g6(z), y)
`,
    expect: ``,
  },
  {
    name: "a def inside a def is analysed with its own unknown arguments, defs under if __name__ == '__main__', in loops, with and try/except/else/finally blocks are analysed",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
def rec(z, n):
    if n:
        return rec(z, n - 1)
    return F.softmax(z, dim=1)
def outer():
    def inner(z, y):
        return F.cross_entropy(F.softmax(z, dim=1), y)
    return inner
if __name__ == '__main__':
    def main_fn(z, y):
        return F.cross_entropy(F.softmax(z, dim=1), y)
elif True:
    def elif_fn(z):
        return F.softmax(z)
for _ in range(1):
    def loop_fn(z):
        return F.softmax(z)
with open('f') as fh:
    def with_fn(z):
        return F.softmax(z)
try:
    def try_fn(z):
        return F.softmax(z)
except ImportError:
    def except_fn(z):
        return F.softmax(z)
else:
    def else_fn(z):
        return F.softmax(z)
finally:
    def finally_fn(z):
        return F.softmax(z)
`,
    expect: `double-softmax warning @10:32-10:51 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:10 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@10:16-10:55: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@10:32-10:51 → "z"
double-softmax warning @14:32-14:51 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:14 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@14:16-14:55: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@14:32-14:51 → "z"
softmax-implicit-dim info @17:16-17:28 "softmax without dim" docs/rules/softmax-implicit-dim.md
  message: F.softmax(…) is called without dim. PyTorch warns ("Implicit dimension choice … has been deprecated") and guesses: dim=0 for 1-D and 3-D inputs, dim=1 otherwise, so a (B, L, V) sequence output is normalised across the batch. Name the class axis.
  fix: "probs = F.softmax(logits, dim=-1)   # the class axis"
softmax-implicit-dim info @20:16-20:28 "softmax without dim" docs/rules/softmax-implicit-dim.md
  message: F.softmax(…) is called without dim. PyTorch warns ("Implicit dimension choice … has been deprecated") and guesses: dim=0 for 1-D and 3-D inputs, dim=1 otherwise, so a (B, L, V) sequence output is normalised across the batch. Name the class axis.
  fix: "probs = F.softmax(logits, dim=-1)   # the class axis"
softmax-implicit-dim info @23:16-23:28 "softmax without dim" docs/rules/softmax-implicit-dim.md
  message: F.softmax(…) is called without dim. PyTorch warns ("Implicit dimension choice … has been deprecated") and guesses: dim=0 for 1-D and 3-D inputs, dim=1 otherwise, so a (B, L, V) sequence output is normalised across the batch. Name the class axis.
  fix: "probs = F.softmax(logits, dim=-1)   # the class axis"
softmax-implicit-dim info @26:16-26:28 "softmax without dim" docs/rules/softmax-implicit-dim.md
  message: F.softmax(…) is called without dim. PyTorch warns ("Implicit dimension choice … has been deprecated") and guesses: dim=0 for 1-D and 3-D inputs, dim=1 otherwise, so a (B, L, V) sequence output is normalised across the batch. Name the class axis.
  fix: "probs = F.softmax(logits, dim=-1)   # the class axis"
softmax-implicit-dim info @29:16-29:28 "softmax without dim" docs/rules/softmax-implicit-dim.md
  message: F.softmax(…) is called without dim. PyTorch warns ("Implicit dimension choice … has been deprecated") and guesses: dim=0 for 1-D and 3-D inputs, dim=1 otherwise, so a (B, L, V) sequence output is normalised across the batch. Name the class axis.
  fix: "probs = F.softmax(logits, dim=-1)   # the class axis"
softmax-implicit-dim info @32:16-32:28 "softmax without dim" docs/rules/softmax-implicit-dim.md
  message: F.softmax(…) is called without dim. PyTorch warns ("Implicit dimension choice … has been deprecated") and guesses: dim=0 for 1-D and 3-D inputs, dim=1 otherwise, so a (B, L, V) sequence output is normalised across the batch. Name the class axis.
  fix: "probs = F.softmax(logits, dim=-1)   # the class axis"
softmax-implicit-dim info @35:16-35:28 "softmax without dim" docs/rules/softmax-implicit-dim.md
  message: F.softmax(…) is called without dim. PyTorch warns ("Implicit dimension choice … has been deprecated") and guesses: dim=0 for 1-D and 3-D inputs, dim=1 otherwise, so a (B, L, V) sequence output is normalised across the batch. Name the class axis.
  fix: "probs = F.softmax(logits, dim=-1)   # the class axis"
`,
  },
  {
    name: "classes: a method found through the bases (the first base first), a class attribute, self.attr set in __init__ and read in forward, an attribute set on an instance from outside; training_step's and validation_step's arguments are batched; a metaclass= keyword is not a base (its methods are not the instance's)",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
class Base(nn.Module):
    act = nn.Softmax(dim=1)
    def head(self, z):
        return F.softmax(z, dim=1)
class Other(nn.Module):
    def head(self, z):
        return z
class Net(Base, Other):
    def __init__(self):
        super().__init__()
        self.crit = nn.CrossEntropyLoss()
    def forward(self, z, y):
        return self.crit(self.head(z), y) + self.crit(self.act(z), y)
class Lit(nn.Module):
    def training_step(self, x, y):
        return F.nll_loss(F.log_softmax(x, dim=0), y)
    def validation_step(self, x, y):
        return F.nll_loss(F.log_softmax(x, dim=0), y)
    def other_step(self, x, y):
        return F.nll_loss(F.log_softmax(x, dim=0), y)
class Meta(type):
    def probs(cls, z):
        return F.softmax(z, dim=1)
class WithMeta(nn.Module, metaclass=Meta):
    pass
def meta_step(z, y):
    return F.cross_entropy(WithMeta().probs(z), y)
net = Net()
net.extra = nn.Softmax(dim=1)
def step(z, y):
    return F.cross_entropy(net.extra(z), y)
`,
    expect: `double-softmax warning @7:16-7:35 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and nn.CrossEntropyLoss at main.py:16 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@16:16-16:42: nn.CrossEntropyLoss applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@7:16-7:35 → "z"
double-softmax warning @16:55-16:66 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: nn.Softmax(dim=1) turns the logits into probabilities, and nn.CrossEntropyLoss at main.py:16 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@16:45-16:70: nn.CrossEntropyLoss applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@16:55-16:66 → "z"
class-dim-misplaced error @19:27-19:50 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.log_softmax(…) normalises over dim=0, the batch axis of a batched model output, before F.nll_loss at main.py:19: each class's scores are normalised across the samples of the batch instead of each sample across its classes. The loss still decreases, but predictions depend on the other samples in the batch. Normalise over the class axis (dim=1 for (N, C), dim=-1 for (…, C)).
  fix: "log_probs = F.log_softmax(logits, dim=1)   # classes are on dim 1 of (N, C)"
  related main.py@19:16-19:54: F.nll_loss consumes it here
class-dim-misplaced error @21:27-21:50 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.log_softmax(…) normalises over dim=0, the batch axis of a batched model output, before F.nll_loss at main.py:21: each class's scores are normalised across the samples of the batch instead of each sample across its classes. The loss still decreases, but predictions depend on the other samples in the batch. Normalise over the class axis (dim=1 for (N, C), dim=-1 for (…, C)).
  fix: "log_probs = F.log_softmax(logits, dim=1)   # classes are on dim 1 of (N, C)"
  related main.py@21:16-21:54: F.nll_loss consumes it here
double-softmax warning @34:28-34:40 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: nn.Softmax(dim=1) turns the logits into probabilities, and F.cross_entropy at main.py:34 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@34:12-34:44: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@34:28-34:40 → "z"
`,
  },
];

for (const c of CASES) {
  test(c.name, async () => {
    const got = render(await lintText(c.code));
    assert.deepEqual(got, c.expect.split('\n').filter((l) => l !== ''));
  });
}

test('the step budget: a file whose analysis runs past 400,000 statements (50 × 100 × 100 through nested calls) is cut there — the loss in the def after it is not analysed; without the heavy def it is', async () => {
  const heavy = [
    'def f0():', ...Array.from({ length: 100 }, () => '    x = 1'),
    'def f1():', ...Array.from({ length: 100 }, () => '    f0()'),
    'def f2():', ...Array.from({ length: 50 }, () => '    f1()'),
  ];
  const late = ['def late(z, y):', '    return F.cross_entropy(F.softmax(z, dim=1), y)', ''];
  const head = ['import torch.nn.functional as F'];
  assert.deepEqual(rows(await lintText([...head, ...heavy, ...late].join('\n'))), []);
  assert.deepEqual(rows(await lintText([...head, ...late].join('\n'))), ['double-softmax@3:28 warning']);
});
