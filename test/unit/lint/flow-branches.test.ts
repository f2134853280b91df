/**
 * Branches of the dataflow (src/lint/flow.ts) that a sampled mutation run (seed 57) showed without a
 * case, each finding written out in full (rule, severity, place, message, fix, related places, code
 * actions): try/except/finally, elif conditions, layouts joined after an if, with-aliases in
 * parentheses, unknown modules inside nn.Sequential, typed defaults and starred parameters, a loss
 * divided with .div()/torch.div — and the healthy program beside each firing one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText, lintTexts, render } from './harness';

const CASES: { name: string; code: string; expect: string }[] = [
  {
    name: "try: a finding in the try body and in an except handler (its `as` name bound); a name bound in a try with only finally keeps its value; one the except rebinds is unknown after",
    code: `import torch
import torch.nn.functional as F
def step(logits, y):
    try:
        loss = F.cross_entropy(F.softmax(logits, dim=1), y)
    except RuntimeError as err:
        loss = F.nll_loss(torch.log(F.softmax(logits, dim=1)), y)
    return loss
def step2(logits, y):
    try:
        probs = F.softmax(logits, dim=1)
    finally:
        pass
    return F.cross_entropy(probs, y)
def step3(logits, y):
    try:
        probs = F.softmax(logits, dim=1)
    except ValueError:
        probs = logits
    return F.cross_entropy(probs, y)
`,
    expect: `double-softmax warning @5:32-5:56 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:5 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@5:16-5:60: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@5:32-5:56 → "logits"
log-of-softmax warning @7:27-7:62 "log of softmax/sigmoid instead of log_softmax/logsigmoid" docs/rules/log-of-softmax.md
  message: torch.log(…) of F.softmax(…): softmax rounds to exactly 0 for a logit about 104 below the largest (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. log_softmax computes the same values stably.
  fix: "log_probs = F.log_softmax(logits, dim=1)"
  related main.py@7:37-7:61: softmax here
  action: Use log_softmax
    main.py@7:27-7:62 → "F.log_softmax(logits, dim=1)"
double-softmax warning @11:17-11:41 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:14 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@14:12-14:37: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@11:17-11:41 → "logits"
`,
  },
  {
    name: "an elif condition is evaluated: a softmax without dim there (a confidence threshold) is reported",
    code: `import torch.nn.functional as F
def predict(logits, threshold):
    if threshold is None:
        return logits.argmax(dim=1)
    elif F.softmax(logits).max() > threshold:
        return logits.argmax(dim=1)
    return None
`,
    expect: `softmax-implicit-dim info @5:10-5:27 "softmax without dim" docs/rules/softmax-implicit-dim.md
  message: F.softmax(…) is called without dim. PyTorch warns ("Implicit dimension choice … has been deprecated") and guesses: dim=0 for 1-D and 3-D inputs, dim=1 otherwise, so a (B, L, V) sequence output is normalised across the batch. Name the class axis.
  fix: "probs = F.softmax(logits, dim=-1)   # the class axis"
`,
  },
  {
    name: "a layout is kept through an if whose branch only makes it contiguous: (N, L, C) scores into cross_entropy",
    code: `import torch.nn as nn
import torch.nn.functional as F
class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.LSTM(32, 64, batch_first=True)
        self.out = nn.Linear(64, 9)
    def forward(self, x, y, fast):
        h, _ = self.rnn(x)
        scores = self.out(h)
        if fast:
            scores = scores.contiguous()
        return F.cross_entropy(scores, y)
`,
    expect: `class-dim-misplaced error @13:32-13:38 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.cross_entropy at main.py:13 gets (N, L, 9) scores from nn.Linear(…, 9) at main.py:10, with the 9 classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the sequence axis for the classes: a shape error against (N, L) targets, or — when the sizes happen to match — a silently wrong loss. Flatten to (N·L, C) or move the classes to dim 1.
  fix: "loss = F.cross_entropy(logits.reshape(-1, 9), target.reshape(-1))\\n# or: F.cross_entropy(logits.transpose(1, 2), target)   # (N, C, L) against (N, L)"
  related main.py@10:18-10:29: (N, L, 9) scores made here
  related main.py@13:16-13:42: F.cross_entropy reads the classes on dim 1
`,
  },
  {
    name: "branches that flatten (N, C, L) scores to rows differently (one scrambled, one right) leave the rows unknown: silent, whichever branch comes first",
    code: `import torch.nn as nn
import torch.nn.functional as F
class Seg(nn.Module):
    def __init__(self):
        super().__init__()
        self.head = nn.Conv1d(64, 5, 1)
    def forward(self, x, y, channels_last):
        out = self.head(x)
        if channels_last:
            flat = out.reshape(-1, 5)
        else:
            flat = out.transpose(1, 2).reshape(-1, 5)
        return F.cross_entropy(flat, y.reshape(-1))
    def scores(self, x, y, channels_last):
        out = self.head(x)
        if channels_last:
            flat = out.transpose(1, 2).reshape(-1, 5)
        else:
            flat = out.reshape(-1, 5)
        return F.cross_entropy(flat, y.reshape(-1))
`,
    expect: ``,
  },
  {
    name: "a with-alias in parentheses rebinds the name: the softmax it held before is forgotten",
    code: `import torch.nn.functional as F
def step(logits, y, batches):
    probs = F.softmax(logits, dim=1)
    with batches.next_logits() as (probs):
        return F.cross_entropy(probs, y)
`,
    expect: ``,
  },
  {
    name: "an unknown module in a Sequential applied to an unknown value gives an unbatched value (LogSoftmax(dim=0) of a 1-D attention vector is fine); in forward it is the batch",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
attend = nn.Sequential(nn.Tanh(), nn.LogSoftmax(dim=0))
def pool(scores, y):
    return F.nll_loss(attend(scores), y)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.head = nn.Sequential(nn.Tanh(), nn.LogSoftmax(dim=0))
    def forward(self, x, y):
        return F.nll_loss(self.head(x), y)
`,
    expect: `class-dim-misplaced error @10:46-10:66 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: nn.LogSoftmax(dim=0) normalises over dim=0, the batch axis of a batched model output, before F.nll_loss at main.py:12: each class's scores are normalised across the samples of the batch instead of each sample across its classes. The loss still decreases, but predictions depend on the other samples in the batch. Normalise over the class axis (dim=1 for (N, C), dim=-1 for (…, C)).
  fix: "log_probs = F.log_softmax(logits, dim=1)   # classes are on dim 1 of (N, C)"
  related main.py@12:16-12:43: F.nll_loss consumes it here
`,
  },
  {
    name: "parameters: a typed default (dim: int = 0) is the value when the argument is left out; *args and **kwargs shadow module names of the same spelling",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
def normalise(scores: torch.Tensor, dim: int = 0) -> torch.Tensor:
    return F.log_softmax(scores, dim=dim)
inputs = F.softmax(torch.randn(4, 3), dim=1)
def total(*inputs, **extra):
    return F.cross_entropy(inputs[0], inputs[1])
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(16, 3)
    def forward(self, x, y):
        return F.nll_loss(normalise(self.fc(x)), y)
`,
    expect: `class-dim-misplaced error @5:12-5:42 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.log_softmax(…) normalises over dim=0, the batch axis of a batched model output, before F.nll_loss at main.py:14: each class's scores are normalised across the samples of the batch instead of each sample across its classes. The loss still decreases, but predictions depend on the other samples in the batch. Normalise over the class axis (dim=1 for (N, C), dim=-1 for (…, C)).
  fix: "log_probs = F.log_softmax(logits, dim=1)   # classes are on dim 1 of (N, C)"
  related main.py@14:16-14:52: F.nll_loss consumes it here
`,
  },
  {
    name: "reduction='sum' divided by .div(n), torch.div(loss, n) or a sum over batches .div(n) is divided (the beta-VAE form); .mean() of a sum, or of a sum over batches, keeps the loss through .float() to backward",
    code: `import torch
import torch.nn.functional as F
def vae_loss(recon, x, mu, logvar):
    bce = F.binary_cross_entropy(recon, x, reduction='sum').div(x.size(0))
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    (bce + kld).backward()
def step(model, X):
    batch_loss = torch.div(F.mse_loss(model(X), X, reduction='sum'), model.bsz)
    batch_loss.backward()
def step2(pred, y):
    loss = F.mse_loss(pred, y, reduction='sum').mean()
    loss = loss.float()
    loss.backward()
def epoch(model, batches):
    total = 0
    for x, y in batches:
        total += F.mse_loss(model(x), y, reduction='sum')
    total.div(len(batches)).backward()
def epoch2(model, batches):
    total = 0
    for x, y in batches:
        total += F.mse_loss(model(x), y, reduction='sum')
    total.mean().float().backward()
`,
    expect: `sum-reduction info @11:12-11:48 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: F.mse_loss uses reduction='sum' and the loss computed at main.py:11 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@11:12-11:48: loss computed here, then backpropagated
sum-reduction info @22:18-22:58 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: F.mse_loss uses reduction='sum' and the loss computed at main.py:22 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@22:18-22:58: loss computed here, then backpropagated
`,
  },

  {
    name: "reduction='sum' multiplied by a quotient is divided: * (1.0 / n) on either side, *= 1.0 / n, .mul(1.0 / n), torch.mul(loss, 1 / n), as are .div_(n) and torch.true_divide; multiplied by a weight, a constant, a difference or unpacked arguments (* w, .mul(0.5), *= 2, * (1 - alpha), .mul(*scales)), or with a quotient added (+= reg / n, kld / n + loss, .add(reg / n), torch.add) it is not",
    code: `import torch
import torch.nn.functional as F
def a(out, y, n):
    loss = F.cross_entropy(out, y, reduction='sum') * (1.0 / n)
    loss.backward()
def b(out, y, n):
    loss = F.cross_entropy(out, y, reduction='sum')
    loss.div_(n)
    loss.backward()
def c(out, y, n):
    loss = F.cross_entropy(out, y, reduction='sum')
    loss *= 1.0 / n
    loss.backward()
def d(out, y, mask):
    loss = F.cross_entropy(out, y, reduction='sum')
    loss = torch.true_divide(loss, mask.sum())
    loss.backward()
def e(out, y, n):
    loss = F.cross_entropy(out, y, reduction='sum').mul(1.0 / n)
    loss.backward()
def f(out, y, n):
    loss = torch.mul(F.cross_entropy(out, y, reduction='sum'), 1 / n)
    loss.backward()
def g(out, y, n):
    loss = (1.0 / n) * F.cross_entropy(out, y, reduction='sum')
    loss.backward()
def h(out, y, w):
    loss = F.cross_entropy(out, y, reduction='sum') * w
    loss.backward()
def i(out, y, n):
    loss = F.cross_entropy(out, y, reduction='sum').mul(0.5)
    loss *= 2
    loss.backward()
def j(out, y, reg, n, alpha):
    loss = F.cross_entropy(out, y, reduction='sum') * (1 - alpha)
    loss += reg / n
    loss.backward()
def k(out, y, kld, n):
    loss = kld / n + F.cross_entropy(out, y, reduction='sum')
    loss.backward()
def m(out, y, reg, n):
    loss = F.cross_entropy(out, y, reduction='sum').add(reg / n)
    torch.add(F.nll_loss(out, y, reduction='sum'), reg / n).backward()
    loss.backward()
def q(out, y, scales):
    F.cross_entropy(out, y, reduction='sum').mul(*scales).backward()
`,
    expect: `sum-reduction info @28:12-28:52 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: F.cross_entropy uses reduction='sum' and the loss computed at main.py:28 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@28:12-28:52: loss computed here, then backpropagated
sum-reduction info @31:12-31:52 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: F.cross_entropy uses reduction='sum' and the loss computed at main.py:31 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@31:12-31:52: loss computed here, then backpropagated
sum-reduction info @35:12-35:52 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: F.cross_entropy uses reduction='sum' and the loss computed at main.py:35 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@35:12-35:52: loss computed here, then backpropagated
sum-reduction info @39:22-39:62 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: F.cross_entropy uses reduction='sum' and the loss computed at main.py:39 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@39:22-39:62: loss computed here, then backpropagated
sum-reduction info @42:12-42:52 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: F.cross_entropy uses reduction='sum' and the loss computed at main.py:42 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@42:12-42:52: loss computed here, then backpropagated
sum-reduction info @43:15-43:50 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: F.nll_loss uses reduction='sum' and the loss computed at main.py:43 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@43:15-43:50: loss computed here, then backpropagated
sum-reduction info @46:5-46:45 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: F.cross_entropy uses reduction='sum' and the loss computed at main.py:46 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@46:5-46:45: loss computed here, then backpropagated
`,
  },

  {
    name: "statements and forms around the loss: except* handlers, assert conditions, scaler.scale(*losses), a parenthesized tuple returned and unpacked into a tuple pattern, torch.squeeze keeping the softmax, torch.log(torch.sigmoid(t)) as a KL target (a log-of-softmax, not log-probabilities), item assignments on a dict and a list, and padding_value=-100.0 (a float \u2212100 is PyTorch's ignore_index: silent)",
    code: `import torch
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
def step(logits, y, scaler, losses):
    try:
        pass
    except* ValueError:
        loss = F.cross_entropy(F.softmax(logits, dim=1), y)
    assert torch.allclose(F.softmax(logits).sum(1), torch.ones(len(logits)))
    scaler.scale(*losses).backward()
def heads(z):
    return (F.softmax(z, dim=1), z)
def step2(z, y, t):
    (p, _) = heads(z)
    squeezed = torch.squeeze(F.softmax(z, dim=1))
    kl = F.kl_div(F.log_softmax(z, dim=1), torch.log(torch.sigmoid(t)), reduction='batchmean')
    return F.cross_entropy(p, y) + F.cross_entropy(squeezed, y) + kl
def step3(z, labels, cfg, outs):
    cfg = {}
    cfg['k'] = 1
    outs = [F.softmax(z, dim=1)]
    outs[0] = z
    targets = pad_sequence(labels, batch_first=True, padding_value=-100.0)
    return F.cross_entropy(z, targets)
`,
    expect: `double-softmax warning @8:32-8:56 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:8 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@8:16-8:60: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@8:32-8:56 → "logits"
softmax-implicit-dim info @9:27-9:44 "softmax without dim" docs/rules/softmax-implicit-dim.md
  message: F.softmax(…) is called without dim. PyTorch warns ("Implicit dimension choice … has been deprecated") and guesses: dim=0 for 1-D and 3-D inputs, dim=1 otherwise, so a (B, L, V) sequence output is normalised across the batch. Name the class axis.
  fix: "probs = F.softmax(logits, dim=-1)   # the class axis"
double-softmax warning @12:13-12:32 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:17 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@17:12-17:33: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@12:13-12:32 → "z"
double-softmax warning @15:30-15:49 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:17 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@17:36-17:64: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@15:30-15:49 → "z"
log-of-softmax warning @16:44-16:71 "log of softmax/sigmoid instead of log_softmax/logsigmoid" docs/rules/log-of-softmax.md
  message: torch.log(…) of torch.sigmoid(…): sigmoid rounds to exactly 0 for a logit below about −88 (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. F.logsigmoid computes the same values stably.
  fix: "log_p = F.logsigmoid(logits)"
  related main.py@16:54-16:70: sigmoid here
  action: Use F.logsigmoid
    main.py@16:44-16:71 → "F.logsigmoid(t)"
`,
  },

  {
    name: "padding masked on an attribute (self.labels[self.labels == pad_id] = -100, a common dataset form) is gone from it: silent; the same padded attribute with only another attribute's items assigned still counts the padding",
    code: `import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
class Batch:
    def __init__(self, labels, pad_id):
        self.labels = pad_sequence(labels, batch_first=True, padding_value=pad_id)
        self.labels[self.labels == pad_id] = -100
class RawBatch:
    def __init__(self, labels, pad_id):
        self.labels = pad_sequence(labels, batch_first=True, padding_value=pad_id)
        self.mask = self.labels != pad_id
        self.mask[:, 0] = False
class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 5)
    def forward(self, x, labels, pad_id):
        batch = Batch(labels, pad_id)
        raw = RawBatch(labels, pad_id)
        return F.cross_entropy(self.fc(x).transpose(1, 2), batch.labels) + F.cross_entropy(self.fc(x).transpose(1, 2), raw.labels)
`,
    expect: `missing-ignore-index warning @20:76-20:131 "Padding targets are counted in the loss" docs/rules/missing-ignore-index.md
  message: The targets of F.cross_entropy at main.py:20 are padded by pad_sequence(…, padding_value=pad_id) at main.py:10, but it has no ignore_index (the default is −100): every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.
  fix: "criterion = nn.CrossEntropyLoss(ignore_index=pad_id)"
  related main.py@10:23-10:83: padding added here
  action: Add ignore_index=pad_id
    main.py@20:130-20:130 → ", ignore_index=pad_id"
`,
  },

  {
    name: "a name first bound inside a loop keeps its value after it (code after the loop only runs it if the loop did); one bound before the loop is the join with its earlier value (the loop may not run): silent",
    code: `import torch.nn.functional as F
def evaluate(model, loader):
    for x, y in loader:
        probs = F.softmax(model(x), dim=1)
    return F.cross_entropy(probs, y)
def evaluate2(model, loader, probs):
    for x, y in loader:
        probs = F.softmax(model(x), dim=1)
    return F.cross_entropy(probs, y)
`,
    expect: `double-softmax warning @4:17-4:43 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:5 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@5:12-5:37: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@4:17-4:43 → "model(x)"
`,
  },

  {
    name: "padded targets masked with masked_fill_ in place, or rebound to masked_fill's result, no longer count the padding: silent; masked_fill's result thrown away leaves them padded; probabilities masked with masked_fill are still probabilities",
    code: `import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
def step(logits, labels):
    targets = pad_sequence(labels, batch_first=True)
    targets.masked_fill_(targets == 0, -100)
    return F.cross_entropy(logits.transpose(1, 2), targets)
def step2(logits, labels):
    targets = pad_sequence(labels, batch_first=True)
    targets = targets.masked_fill(targets == 0, -100)
    return F.cross_entropy(logits.transpose(1, 2), targets)
def step3(logits, labels):
    targets = pad_sequence(labels, batch_first=True)
    targets.masked_fill(targets == 0, -100)
    return F.cross_entropy(logits.transpose(1, 2), targets)
def step4(z, y, invalid):
    probs = F.softmax(z, dim=1).masked_fill(invalid, 0.0)
    return F.cross_entropy(probs, y)
`,
    expect: `missing-ignore-index warning @14:12-14:60 "Padding targets are counted in the loss" docs/rules/missing-ignore-index.md
  message: The targets of F.cross_entropy at main.py:14 are padded by pad_sequence(…) (padding_value defaults to 0) at main.py:12, but it has no ignore_index (the default is −100): every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.
  fix: "criterion = nn.CrossEntropyLoss(ignore_index=0)"
  related main.py@12:15-12:53: padding added here
  action: Add ignore_index=0
    main.py@14:59-14:59 → ", ignore_index=0"
double-softmax warning @16:13-16:32 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:17 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@17:12-17:37: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@16:13-16:32 → "z"
`,
  },

  {
    name: "a loss called with keywords (target=\u2026, input=\u2026) finds its input by name: the (N, L, C) finding sits on the input argument",
    code: `import torch.nn as nn
import torch.nn.functional as F
class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(32, 64, batch_first=True)
        self.out = nn.Linear(64, 9)
    def forward(self, x, y):
        h, _ = self.rnn(x)
        return F.cross_entropy(target=y, input=self.out(h))
`,
    expect: `class-dim-misplaced error @10:48-10:59 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.cross_entropy at main.py:10 gets (N, L, 9) scores from nn.Linear(…, 9) at main.py:10, with the 9 classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the sequence axis for the classes: a shape error against (N, L) targets, or — when the sizes happen to match — a silently wrong loss. Flatten to (N·L, C) or move the classes to dim 1.
  fix: "loss = F.cross_entropy(logits.reshape(-1, 9), target.reshape(-1))\\n# or: F.cross_entropy(logits.transpose(1, 2), target)   # (N, C, L) against (N, L)"
  related main.py@10:48-10:59: (N, L, 9) scores made here
  related main.py@10:16-10:60: F.cross_entropy reads the classes on dim 1
`,
  },

  {
    name: "a hand-written loss: .gather on the log of a softmax over the batch axis is class-dim-misplaced; .max of a log_softmax over dim 0 is no loss: silent",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(16, 4)
    def forward(self, x, y):
        scores = self.fc(x)
        best = F.log_softmax(scores, dim=0).max(1)
        picked = torch.log(F.softmax(scores, dim=0).clamp(min=1e-8)).gather(1, y[:, None])
        return -picked.mean(), best
`,
    expect: `class-dim-misplaced error @11:18-11:69 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: torch.log(…) normalises over dim=0, the batch axis of a batched model output, before a hand-written loss at main.py:11: each class's scores are normalised across the samples of the batch instead of each sample across its classes. The loss still decreases, but predictions depend on the other samples in the batch. Normalise over the class axis (dim=1 for (N, C), dim=-1 for (…, C)).
  fix: "log_probs = F.log_softmax(logits, dim=1)   # classes are on dim 1 of (N, C)"
  related main.py@11:18-11:91: a hand-written loss consumes it here
`,
  },

  {
    name: "an nn.RNN built with batch_first=True gives (N, L, H) like LSTM and GRU: a Linear after it makes (N, L, C) scores",
    code: `import torch.nn as nn
import torch.nn.functional as F
class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(32, 64, batch_first=True)
        self.out = nn.Linear(64, 9)
    def forward(self, x, y):
        h, _ = self.rnn(x)
        return F.cross_entropy(self.out(h), y)
`,
    expect: `class-dim-misplaced error @10:32-10:43 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.cross_entropy at main.py:10 gets (N, L, 9) scores from nn.Linear(…, 9) at main.py:10, with the 9 classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the sequence axis for the classes: a shape error against (N, L) targets, or — when the sizes happen to match — a silently wrong loss. Flatten to (N·L, C) or move the classes to dim 1.
  fix: "loss = F.cross_entropy(logits.reshape(-1, 9), target.reshape(-1))\\n# or: F.cross_entropy(logits.transpose(1, 2), target)   # (N, C, L) against (N, L)"
  related main.py@10:32-10:43: (N, L, 9) scores made here
  related main.py@10:16-10:47: F.cross_entropy reads the classes on dim 1
`,
  },

  {
    name: "a tokenizer called through an attribute (self.tokenizer(\u2026)) or a method whose name only begins or ends like pad/encode_plus is named as called: its own pad_token_id",
    code: `import torch.nn.functional as F
class Collate:
    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
    def loss(self, logits, texts, tok):
        a = self.tokenizer(texts, padding=True)
        b = tok.pad_and_encode(texts, padding=True)
        c = tok.my_encode_plus(texts, padding=True)
        return F.cross_entropy(logits, a["input_ids"]) + F.cross_entropy(logits, b.input_ids) + F.cross_entropy(logits, c.input_ids)
`,
    expect: `missing-ignore-index warning @9:16-9:55 "Padding targets are counted in the loss" docs/rules/missing-ignore-index.md
  message: The targets of F.cross_entropy at main.py:9 are padded by self.tokenizer(…, padding=True) at main.py:6, but it has no ignore_index (the default is −100): every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.
  fix: "criterion = nn.CrossEntropyLoss(ignore_index=self.tokenizer.pad_token_id)"
  related main.py@6:13-6:48: padding added here
  action: Add ignore_index=self.tokenizer.pad_token_id
    main.py@9:54-9:54 → ", ignore_index=self.tokenizer.pad_token_id"
missing-ignore-index warning @9:58-9:94 "Padding targets are counted in the loss" docs/rules/missing-ignore-index.md
  message: The targets of F.cross_entropy at main.py:9 are padded by tok.pad_and_encode(…, padding=True) at main.py:7, but it has no ignore_index (the default is −100): every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.
  fix: "criterion = nn.CrossEntropyLoss(ignore_index=tok.pad_and_encode.pad_token_id)"
  related main.py@7:13-7:52: padding added here
  action: Add ignore_index=tok.pad_and_encode.pad_token_id
    main.py@9:93-9:93 → ", ignore_index=tok.pad_and_encode.pad_token_id"
missing-ignore-index warning @9:97-9:133 "Padding targets are counted in the loss" docs/rules/missing-ignore-index.md
  message: The targets of F.cross_entropy at main.py:9 are padded by tok.my_encode_plus(…, padding=True) at main.py:8, but it has no ignore_index (the default is −100): every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.
  fix: "criterion = nn.CrossEntropyLoss(ignore_index=tok.my_encode_plus.pad_token_id)"
  related main.py@8:13-8:52: padding added here
  action: Add ignore_index=tok.my_encode_plus.pad_token_id
    main.py@9:132-9:132 → ", ignore_index=tok.my_encode_plus.pad_token_id"
`,
  },

];

for (const c of CASES) {
  test(c.name, async () => {
    const got = render(await lintText(c.code));
    assert.deepEqual(got, c.expect.split('\n').filter((l) => l !== ''));
  });
}

test('log-of-softmax: a softmax in another file whose span happens to match a node inside the log call gets no fix (only a softmax written inside the log is rewritten)', async () => {
  // models.py's F.softmax(z,d) spans line 4, columns 22–36: exactly where main.py's helper(logits) is.
  const r = await lintTexts({
    'models.py': 'import torch.nn.functional as F\ndef helper(z, d=1):\n    pass\n    return           F.softmax(z,d)\n',
    'main.py': 'import torch\nfrom models import helper\ndef f(logits):\n    return torch.log(helper(logits))\n',
  });
  assert.deepEqual(render(r.get('models.py')!), []);
  assert.deepEqual(render(r.get('main.py')!), [
    'log-of-softmax warning @4:12-4:37 "log of softmax/sigmoid instead of log_softmax/logsigmoid" docs/rules/log-of-softmax.md',
    '  message: torch.log(…) of F.softmax(…): softmax rounds to exactly 0 for a logit about 104 below the largest (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. log_softmax computes the same values stably.',
    '  fix: "log_probs = F.log_softmax(logits, dim=1)"',
    '  related models.py@4:22-4:36: softmax here',
  ]);
});
