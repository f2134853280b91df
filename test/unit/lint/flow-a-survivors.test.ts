/**
 * Behaviour of src/lint/flow.ts around the seed-67/68 mutation survivors (#21), each finding written
 * out in full, firing and silent side by side: starred names in a with-alias tuple, what counts as a
 * hand-written loss (a product with log_softmax, a .gather of it), token ids given to an Embedding
 * with padding_idx, layers whose output size is not known, transposes of a layout that knows only its
 * rank, the batchedness of torch.argmax, loss constructor arguments by position.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText, render, rows } from './harness';

const CASES: { name: string; code: string; expect: string }[] = [
  {
    name: "a starred name in a with-alias tuple (`as (a, *b)`) is rebound: unknown after, so a softmax it held no longer reaches the loss; the plain name beside it too",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
def step(z, y, ctx):
    b = F.softmax(z, dim=1)
    a = F.softmax(z, dim=1)
    with ctx() as (a, *b):
        pass
    return F.cross_entropy(b, y) + F.cross_entropy(a, y)
def control(z, y, ctx):
    b = F.softmax(z, dim=1)
    with ctx() as (a, *c):
        pass
    return F.cross_entropy(b, y)
`,
    expect: `double-softmax warning @11:9-11:28 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:14 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@14:12-14:33: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@11:9-11:28 → "z"
`,
  },
  {
    name: "a hand-written loss is a product with log_softmax (either side) or a .gather of it; a sum, difference or quotient with log_softmax(0) is not (silent), nor a .gather of softmax(0) or another method of log_softmax(0)",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def forward(self, x, y):
        a = -(y * x.log_softmax(0)).sum()
        b = -(x.log_softmax(0) * y).sum()
        c = -x.log_softmax(0).gather(1, y).mean()
        d = -torch.log(F.softmax(x, dim=0)).gather(1, y).mean()
        e = (x.log_softmax(0) + y).sum()
        f = (x.log_softmax(0) - y).sum()
        g = (x.log_softmax(0) / y).sum()
        h = -x.softmax(0).gather(1, y).mean()
        i = x.log_softmax(0).max(1)
        j = -(y * x.log_softmax(1)).sum()
        return a + b + c + d + e + f + g + h + i + j
`,
    expect: `class-dim-misplaced error @6:19-6:35 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: .log_softmax(…) normalises over dim=0, the batch axis of a batched model output, before a hand-written loss at main.py:6: each class's scores are normalised across the samples of the batch instead of each sample across its classes. The loss still decreases, but predictions depend on the other samples in the batch. Normalise over the class axis (dim=1 for (N, C), dim=-1 for (…, C)).
  fix: "log_probs = F.log_softmax(logits, dim=1)   # classes are on dim 1 of (N, C)"
  related main.py@6:15-6:35: a hand-written loss consumes it here
class-dim-misplaced error @7:15-7:31 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: .log_softmax(…) normalises over dim=0, the batch axis of a batched model output, before a hand-written loss at main.py:7: each class's scores are normalised across the samples of the batch instead of each sample across its classes. The loss still decreases, but predictions depend on the other samples in the batch. Normalise over the class axis (dim=1 for (N, C), dim=-1 for (…, C)).
  fix: "log_probs = F.log_softmax(logits, dim=1)   # classes are on dim 1 of (N, C)"
  related main.py@7:15-7:35: a hand-written loss consumes it here
class-dim-misplaced error @8:14-8:30 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: .log_softmax(…) normalises over dim=0, the batch axis of a batched model output, before a hand-written loss at main.py:8: each class's scores are normalised across the samples of the batch instead of each sample across its classes. The loss still decreases, but predictions depend on the other samples in the batch. Normalise over the class axis (dim=1 for (N, C), dim=-1 for (…, C)).
  fix: "log_probs = F.log_softmax(logits, dim=1)   # classes are on dim 1 of (N, C)"
  related main.py@8:14-8:43: a hand-written loss consumes it here
class-dim-misplaced error @9:14-9:44 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: torch.log(…) normalises over dim=0, the batch axis of a batched model output, before a hand-written loss at main.py:9: each class's scores are normalised across the samples of the batch instead of each sample across its classes. The loss still decreases, but predictions depend on the other samples in the batch. Normalise over the class axis (dim=1 for (N, C), dim=-1 for (…, C)).
  fix: "log_probs = F.log_softmax(logits, dim=1)   # classes are on dim 1 of (N, C)"
  related main.py@9:14-9:57: a hand-written loss consumes it here
log-of-softmax warning @9:14-9:44 "log of softmax/sigmoid instead of log_softmax/logsigmoid" docs/rules/log-of-softmax.md
  message: torch.log(…) of F.softmax(…): softmax rounds to exactly 0 for a logit about 104 below the largest (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. log_softmax computes the same values stably.
  fix: "log_probs = F.log_softmax(logits, dim=1)"
  related main.py@9:24-9:43: softmax here
  action: Use log_softmax
    main.py@9:14-9:44 → "F.log_softmax(x, dim=0)"
`,
  },
  {
    name: "token ids given to an Embedding with padding_idx carry its padding and are a batch: an unbound name, an unknown value and a tensor (keeping what it was: class indices) are rebound; a number, a tuple or a module is not",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
emb = nn.Embedding(100, 16, padding_idx=0)
def step(logits, ids, y):
    emb(ids)
    a = F.cross_entropy(logits, ids)
    preds = logits.argmax(-1)
    emb(preds)
    b = F.cross_entropy(logits, preds)
    c = F.mse_loss(logits, preds.float())
    emb(never_bound)
    d = F.cross_entropy(logits, never_bound)
    n = 3
    emb(n)
    e = F.cross_entropy(logits, n)
    t = (1, 2)
    emb(t)
    f = F.cross_entropy(logits, t)
    m = nn.Linear(4, 4)
    emb(m)
    g = F.cross_entropy(logits, m)
    emb(ids[0])
    h = F.nll_loss(F.log_softmax(ids.float(), dim=0), y)
    return a + b + c + d + e + f + g + h
`,
    expect: `missing-ignore-index warning @7:9-7:37 "Padding targets are counted in the loss" docs/rules/missing-ignore-index.md
  message: The targets of F.cross_entropy at main.py:7 are padded by nn.Embedding(…, padding_idx=0) at main.py:4, but it has no ignore_index (the default is −100): every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.
  fix: "criterion = nn.CrossEntropyLoss(ignore_index=0)"
  related main.py@4:7-4:43: padding added here
  action: Add ignore_index=0
    main.py@7:36-7:36 → ", ignore_index=0"
missing-ignore-index warning @10:9-10:39 "Padding targets are counted in the loss" docs/rules/missing-ignore-index.md
  message: The targets of F.cross_entropy at main.py:10 are padded by nn.Embedding(…, padding_idx=0) at main.py:4, but it has no ignore_index (the default is −100): every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.
  fix: "criterion = nn.CrossEntropyLoss(ignore_index=0)"
  related main.py@4:7-4:43: padding added here
  action: Add ignore_index=0
    main.py@10:38-10:38 → ", ignore_index=0"
mse-on-class-labels warning @11:9-11:42 "MSE used on class labels" docs/rules/mse-on-class-labels.md
  message: The target of F.mse_loss comes from .argmax(…) at main.py:8: class indices. MSE treats them as numbers on a line (class 3 is "closer" to 2 than to 7) and its gradient vanishes for confident mistakes. Use CrossEntropyLoss on logits with the class indices.
  fix: "loss = nn.CrossEntropyLoss()(logits, class_indices)"
  related main.py@8:13-8:30: class indices come from here
missing-ignore-index warning @13:9-13:45 "Padding targets are counted in the loss" docs/rules/missing-ignore-index.md
  message: The targets of F.cross_entropy at main.py:13 are padded by nn.Embedding(…, padding_idx=0) at main.py:4, but it has no ignore_index (the default is −100): every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.
  fix: "criterion = nn.CrossEntropyLoss(ignore_index=0)"
  related main.py@4:7-4:43: padding added here
  action: Add ignore_index=0
    main.py@13:44-13:44 → ", ignore_index=0"
class-dim-misplaced error @24:20-24:53 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.log_softmax(…) normalises over dim=0, the batch axis of a batched model output, before F.nll_loss at main.py:24: each class's scores are normalised across the samples of the batch instead of each sample across its classes. The loss still decreases, but predictions depend on the other samples in the batch. Normalise over the class axis (dim=1 for (N, C), dim=-1 for (…, C)).
  fix: "log_probs = F.log_softmax(logits, dim=1)   # classes are on dim 1 of (N, C)"
  related main.py@24:9-24:57: F.nll_loss consumes it here
`,
  },
  {
    name: "a Linear/Conv whose output size is not known (**kwargs, *args of unknown) gives no layout: its (N, L, ·) or permuted output into CrossEntropyLoss is silent; the same layers with the size known fire",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self, cfg, args):
        super().__init__()
        self.rnn = nn.LSTM(64, 128, batch_first=True)
        self.fc_kw = nn.Linear(**cfg)
        self.fc_star = nn.Linear(*args)
        self.conv_kw = nn.Conv1d(**cfg)
        self.fc = nn.Linear(128, 9)
        self.conv = nn.Conv1d(64, 9, 3)
    def forward(self, x, y):
        h, _ = self.rnn(x)
        a = F.cross_entropy(self.fc_kw(h), y)
        b = F.cross_entropy(self.fc_star(h), y)
        c = F.cross_entropy(self.conv_kw(x).permute(0, 2, 1), y)
        d = F.cross_entropy(self.fc(h), y)
        e = F.cross_entropy(self.conv(x).permute(0, 2, 1), y)
        return a + b + c + d + e
`,
    expect: `class-dim-misplaced error @18:29-18:39 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.cross_entropy at main.py:18 gets (N, L, 9) scores from nn.Linear(…, 9) at main.py:18, with the 9 classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the sequence axis for the classes: a shape error against (N, L) targets, or — when the sizes happen to match — a silently wrong loss. Flatten to (N·L, C) or move the classes to dim 1.
  fix: "loss = F.cross_entropy(logits.reshape(-1, 9), target.reshape(-1))\\n# or: F.cross_entropy(logits.transpose(1, 2), target)   # (N, C, L) against (N, L)"
  related main.py@18:29-18:39: (N, L, 9) scores made here
  related main.py@18:13-18:43: F.cross_entropy reads the classes on dim 1
class-dim-misplaced error @19:29-19:58 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.cross_entropy at main.py:19 gets (N, L, 9) scores from nn.Conv1d(…, 9, …) at main.py:19, with the 9 classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the sequence axis for the classes: a shape error against (N, L) targets, or — when the sizes happen to match — a silently wrong loss. Flatten to (N·L, C) or move the classes to dim 1.
  fix: "loss = F.cross_entropy(logits.reshape(-1, 9), target.reshape(-1))\\n# or: F.cross_entropy(logits.transpose(1, 2), target)   # (N, C, L) against (N, L)"
  related main.py@19:29-19:41: (N, L, 9) scores made here
  related main.py@19:13-19:62: F.cross_entropy reads the classes on dim 1
`,
  },
  {
    name: "transpose of a layout that knows only its rank (a batch_first RNN output, an explicit 3-D view) forgets it: a Linear after .transpose(0, 1) is not (N, L, C) (silent); without the transpose it is (fires); a view with a *splat, or of two or four sizes, has no rank 3 (silent)",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(64, 128, batch_first=True)
        self.fc = nn.Linear(128, 9)
    def forward(self, x, y, B, L):
        h, _ = self.rnn(x)
        a = F.cross_entropy(self.fc(h.transpose(0, 1)), y)
        v = h.contiguous().view(B, L, 128)
        b = F.cross_entropy(self.fc(v.transpose(0, 1)), y)
        c = F.cross_entropy(self.fc(v.transpose(1, 2)), y)
        d = F.cross_entropy(self.fc(h), y)
        e = F.cross_entropy(self.fc(v), y)
        f = F.cross_entropy(self.fc(h.contiguous().view(*lead, 128)), y)
        g = F.cross_entropy(self.fc(h.contiguous().view(B, L, 128, *rest)), y)
        i = F.cross_entropy(self.fc(h.reshape(B, L * 128)), y)
        j = F.cross_entropy(self.fc(h.reshape(B, L, 2, 64)), y)
        return a + b + c + d + e + f + g + i + j
`,
    expect: `class-dim-misplaced error @15:29-15:39 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.cross_entropy at main.py:15 gets (N, L, 9) scores from nn.Linear(…, 9) at main.py:15, with the 9 classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the sequence axis for the classes: a shape error against (N, L) targets, or — when the sizes happen to match — a silently wrong loss. Flatten to (N·L, C) or move the classes to dim 1.
  fix: "loss = F.cross_entropy(logits.reshape(-1, 9), target.reshape(-1))\\n# or: F.cross_entropy(logits.transpose(1, 2), target)   # (N, C, L) against (N, L)"
  related main.py@15:29-15:39: (N, L, 9) scores made here
  related main.py@15:13-15:43: F.cross_entropy reads the classes on dim 1
class-dim-misplaced error @16:29-16:39 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.cross_entropy at main.py:16 gets (N, L, 9) scores from nn.Linear(…, 9) at main.py:16, with the 9 classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the sequence axis for the classes: a shape error against (N, L) targets, or — when the sizes happen to match — a silently wrong loss. Flatten to (N·L, C) or move the classes to dim 1.
  fix: "loss = F.cross_entropy(logits.reshape(-1, 9), target.reshape(-1))\\n# or: F.cross_entropy(logits.transpose(1, 2), target)   # (N, C, L) against (N, L)"
  related main.py@16:29-16:39: (N, L, 9) scores made here
  related main.py@16:13-16:43: F.cross_entropy reads the classes on dim 1
`,
  },
  {
    name: "class indices from torch.argmax keep the batchedness of their input: a batched model output's argmax through a Linear and log_softmax(dim=0) fires (over the batch), an unbatched one's (a mean) does not; argmax of an unknown value is not batched",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
fc = nn.Linear(1, 4)
class Net(nn.Module):
    def forward(self, x, y):
        a = F.nll_loss(F.log_softmax(fc(torch.argmax(x, dim=1).float()), dim=0), y)
        b = F.nll_loss(F.log_softmax(fc(torch.argmax(x.mean(), dim=0).float()), dim=0), y)
        return a + b
def step(z, y):
    return F.nll_loss(F.log_softmax(fc(torch.argmax(z, dim=1).float()), dim=0), y)
`,
    expect: `class-dim-misplaced error @7:24-7:80 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.log_softmax(…) normalises over dim=0, the batch axis of a batched model output, before F.nll_loss at main.py:7: each class's scores are normalised across the samples of the batch instead of each sample across its classes. The loss still decreases, but predictions depend on the other samples in the batch. Normalise over the class axis (dim=1 for (N, C), dim=-1 for (…, C)).
  fix: "log_probs = F.log_softmax(logits, dim=1)   # classes are on dim 1 of (N, C)"
  related main.py@7:13-7:84: F.nll_loss consumes it here
`,
  },
  {
    name: "views of (N, C, L) Conv scores: rows already flattened and viewed as rows of C again keep their layout (a wrong flatten viewed twice fires at its first view, the right one stays silent); (-1, C, L) is a 3-D view, not a flatten; rows transposed to (C, N·L) and viewed again are forgotten; transpose with three dims (a call PyTorch refuses) claims nothing; a single wrong flatten fires",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(64, 5, 3)
    def forward(self, x, y, L):
        out = self.conv(x)
        twice = F.cross_entropy(out.view(-1, 5).view(-1, 5), y)
        right = F.cross_entropy(out.permute(0, 2, 1).reshape(-1, 5).view(-1, 5), y)
        three = F.cross_entropy(out.view(-1, 5, L), y)
        back = F.cross_entropy(out.view(-1, 5).transpose(0, 1).view(-1, 5), y)
        bad_t = F.cross_entropy(out.transpose(1, 2, 0), y)
        once = F.cross_entropy(out.view(-1, 5), y)
        return twice + right + three + back + bad_t + once
`,
    expect: `class-dim-misplaced error @10:33-10:48 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: .view(-1, 5) flattens the (N, 5, L) scores of nn.Conv1d(…, 5, …) at main.py:9, whose classes are on dim 1, into rows of 5: each row takes 5 consecutive values along the last axis — one class's scores at 5 positions — not one position's 5 class scores. F.cross_entropy at main.py:10 trains on scrambled rows without any error. Move the classes last before flattening.
  fix: "logits = logits.permute(0, 2, 1).reshape(-1, 5)   # (N, C, L) → (N·L, C); (N, C, H, W): permute(0, 2, 3, 1)\\nloss = F.cross_entropy(logits, target.reshape(-1))\\n# or keep (N, C, L) and pass it as is: cross_entropy takes the classes on dim 1"
  related main.py@9:15-9:27: (N, 5, L) scores made here
  related main.py@10:17-10:64: F.cross_entropy consumes the flattened rows
class-dim-misplaced error @15:32-15:47 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: .view(-1, 5) flattens the (N, 5, L) scores of nn.Conv1d(…, 5, …) at main.py:9, whose classes are on dim 1, into rows of 5: each row takes 5 consecutive values along the last axis — one class's scores at 5 positions — not one position's 5 class scores. F.cross_entropy at main.py:15 trains on scrambled rows without any error. Move the classes last before flattening.
  fix: "logits = logits.permute(0, 2, 1).reshape(-1, 5)   # (N, C, L) → (N·L, C); (N, C, H, W): permute(0, 2, 3, 1)\\nloss = F.cross_entropy(logits, target.reshape(-1))\\n# or keep (N, C, L) and pass it as is: cross_entropy takes the classes on dim 1"
  related main.py@9:15-9:27: (N, 5, L) scores made here
  related main.py@15:16-15:51: F.cross_entropy consumes the flattened rows
`,
  },
  {
    name: "loss constructor arguments by position: weight, size_average, ignore_index (CrossEntropyLoss's third); a positional argument past the known parameters is ignored",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
crit_pos = nn.CrossEntropyLoss(None, None, 0)
crit_none = nn.CrossEntropyLoss()
crit_long = nn.CrossEntropyLoss(None, None, 0, None, 'mean', 0.0, 'extra')
def step(z, seqs):
    y = pad_sequence(seqs, batch_first=True, padding_value=0)
    return crit_pos(z, y) + crit_none(z, y) + crit_long(z, y)
`,
    expect: `missing-ignore-index warning @6:13-6:34 "Padding targets are counted in the loss" docs/rules/missing-ignore-index.md
  message: The targets of nn.CrossEntropyLoss at main.py:10 are padded by pad_sequence(…, padding_value=0) at main.py:9, but it has no ignore_index (the default is −100): every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.
  fix: "criterion = nn.CrossEntropyLoss(ignore_index=0)"
  related main.py@9:9-9:62: padding added here
  related main.py@10:29-10:44: padded targets consumed here
  action: Add ignore_index=0
    main.py@6:33-6:33 → "ignore_index=0"
`,
  },
];

for (const c of CASES) {
  test(c.name, async () => {
    const got = render(await lintText(c.code));
    assert.deepEqual(got, c.expect.split('\n').filter((l) => l !== ''));
  });
}

test('method lookup visits each class of a hierarchy once: 40 levels of diamond inheritance (2^40 paths through the bases) are linted, the forward found at the bottom', async () => {
  const lines = ['import torch.nn as nn', 'import torch.nn.functional as F', 'class C0(nn.Module):', '    def forward(self, x, y):', '        return F.cross_entropy(F.softmax(x, dim=1), y)'];
  for (let i = 1; i <= 40; i++) lines.push(`class C${i}a(C${i - 1}):`, '    pass', `class C${i}b(C${i - 1}):`, '    pass', `class C${i}(C${i}a, C${i}b):`, '    pass');
  lines.push('model = C40()', 'def step(x, y):', '    return model(x, y)', '');
  const r = await lintText(lines.join('\n'));
  assert.deepEqual(rows(r), ['double-softmax@5:32 warning']);
});
