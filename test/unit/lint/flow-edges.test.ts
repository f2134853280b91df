/**
 * The dataflow (src/lint/flow.ts) on the lines a fresh sampled mutation run (seed 67) showed without a
 * case, each report written out in full: batchedness joined over paths, layouts dropped by a transpose,
 * `from pkg import module`, manual_backward and logging of a summed loss, AMP's GradScaler, unknown
 * torch functions of a batched tensor, starred and `**kwargs` names — the healthy form beside each
 * firing one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText, lintTexts, render } from './harness';

const CASES: { name: string; code: string; expect: string }[] = [
  {
    name: "a value batched on one path only is not known to be batched: log_softmax over dim 0 of a Linear of the batch mean (one row, dim 0 is the class axis) on one path is silent; batched on both paths fires class-dim-misplaced",
    code: `import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 4)
    def forward(self, x, y, pooled):
        if pooled:
            h = self.fc(x.mean(dim=0))
        else:
            h = self.fc(x)
        return F.nll_loss(F.log_softmax(h, dim=0), y)
class Net2(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 4)
    def forward(self, x, y, wide):
        if wide:
            h = self.fc(x)
        else:
            h = self.fc(x * 2)
        return F.nll_loss(F.log_softmax(h, dim=0), y)
`,
    expect: `class-dim-misplaced error @22:27-22:50 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.log_softmax(…) normalises over dim=0, the batch axis of a batched model output, before F.nll_loss at main.py:22: each class's scores are normalised across the samples of the batch instead of each sample across its classes. The loss still decreases, but predictions depend on the other samples in the batch. Normalise over the class axis (dim=1 for (N, C), dim=-1 for (…, C)).
  fix: "log_probs = F.log_softmax(logits, dim=1)   # classes are on dim 1 of (N, C)"
  related main.py@22:16-22:54: F.nll_loss consumes it here
`,
  },
  {
    name: "(N, L, C) scores with the classes moved to dim 1 (torch.transpose(logits, 1, 2), logits.mT) are right for cross_entropy and silent; the untransposed scores fire",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.LSTM(32, 64, batch_first=True)
        self.out = nn.Linear(64, 10)
    def forward(self, x, tags):
        h, _ = self.rnn(x)
        logits = self.out(h)
        a = F.cross_entropy(torch.transpose(logits, 1, 2), tags)
        b = F.cross_entropy(logits.mT, tags)
        c = F.cross_entropy(logits, tags)
        return a + b + c
`,
    expect: `class-dim-misplaced error @14:29-14:35 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.cross_entropy at main.py:14 gets (N, L, 10) scores from nn.Linear(…, 10) at main.py:11, with the 10 classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the sequence axis for the classes: a shape error against (N, L) targets, or — when the sizes happen to match — a silently wrong loss. Flatten to (N·L, C) or move the classes to dim 1.
  fix: "loss = F.cross_entropy(logits.reshape(-1, 10), target.reshape(-1))\\n# or: F.cross_entropy(logits.transpose(1, 2), target)   # (N, C, L) against (N, L)"
  related main.py@11:18-11:29: (N, L, 10) scores made here
  related main.py@14:13-14:42: F.cross_entropy reads the classes on dim 1
`,
  },
  {
    name: "a reduction='sum' loss given to manual_backward of a module we know nothing of is backpropagated (sum-reduction); one only logged with writer.add_scalar is not",
    code: `import torch.nn as nn
crit = nn.CrossEntropyLoss(reduction='sum')
def optimize(module, logits, y):
    loss = crit(logits, y)
    module.manual_backward(loss)
crit2 = nn.CrossEntropyLoss(reduction='sum')
def evaluate(writer, logits, y, step):
    loss = crit2(logits, y)
    writer.add_scalar('val/loss', loss.item(), step)
`,
    expect: `sum-reduction info @2:8-2:44 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: nn.CrossEntropyLoss uses reduction='sum' and the loss computed at main.py:4 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@4:12-4:27: loss computed here, then backpropagated
`,
  },
  {
    name: "AMP: torch.cuda.amp.GradScaler() and torch.amp.GradScaler('cuda') are not tensors: scaler.scale(loss).backward() backpropagates the reduction='sum' loss",
    code: `import torch
import torch.nn as nn
crit = nn.CrossEntropyLoss(reduction='sum')
scaler = torch.cuda.amp.GradScaler()
def train_step(model, opt, x, y):
    with torch.autocast('cuda'):
        loss = crit(model(x), y)
    scaler.scale(loss).backward()
    scaler.step(opt)
    scaler.update()
crit2 = nn.CrossEntropyLoss(reduction='sum')
amp_scaler = torch.amp.GradScaler('cuda')
def train_step2(model, opt, x, y):
    loss = crit2(model(x), y)
    amp_scaler.scale(loss).backward()
    amp_scaler.step(opt)
`,
    expect: `sum-reduction info @3:8-3:44 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: nn.CrossEntropyLoss uses reduction='sum' and the loss computed at main.py:7 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@7:16-7:33: loss computed here, then backpropagated
sum-reduction info @11:9-11:45 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: nn.CrossEntropyLoss uses reduction='sum' and the loss computed at main.py:14 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@14:12-14:30: loss computed here, then backpropagated
`,
  },
  {
    name: "torch.matmul of a batched tensor and a parameter is batched: log_softmax over dim 0 of it fires class-dim-misplaced",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
class Head(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Parameter(torch.randn(16, 5))
    def forward(self, h, y):
        scores = torch.matmul(h, self.proj)
        return F.nll_loss(F.log_softmax(scores, dim=0), y)
`,
    expect: `class-dim-misplaced error @10:27-10:55 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.log_softmax(…) normalises over dim=0, the batch axis of a batched model output, before F.nll_loss at main.py:10: each class's scores are normalised across the samples of the batch instead of each sample across its classes. The loss still decreases, but predictions depend on the other samples in the batch. Normalise over the class axis (dim=1 for (N, C), dim=-1 for (…, C)).
  fix: "log_probs = F.log_softmax(logits, dim=1)   # classes are on dim 1 of (N, C)"
  related main.py@10:16-10:59: F.nll_loss consumes it here
`,
  },
  {
    name: "a starred name in unpacking and a **kwargs parameter are unknown, not the softmax the same name held before or outside",
    code: `import torch.nn.functional as F
rest = None
def step(batch, logits, y):
    rest = F.softmax(logits, dim=1)
    first, *rest = batch
    return F.cross_entropy(rest, y)
opts = None
def make(logits, y):
    opts = F.softmax(logits, dim=1)
    def inner(t, **opts):
        return F.cross_entropy(opts, t)
    return inner(y)
`,
    expect: ``,
  },
  {
    name: "(N, L, C) scores moved by axes we cannot read (permute(*order), transpose(axis, 1), transpose(1, axis)) lose their layout and are silent, without crashing on a starred permute; transpose(0, 1) keeps the classes last and fires",
    code: `import torch.nn as nn
import torch.nn.functional as F
class Tagger(nn.Module):
    def __init__(self, order, axis):
        super().__init__()
        self.rnn = nn.LSTM(32, 64, batch_first=True)
        self.out = nn.Linear(64, 10)
        self.order = order
        self.axis = axis
    def forward(self, x, tags):
        h, _ = self.rnn(x)
        logits = self.out(h)
        a = F.cross_entropy(logits.permute(*self.order), tags)
        b = F.cross_entropy(logits.transpose(self.axis, 1), tags)
        c = F.cross_entropy(logits.transpose(1, self.axis), tags)
        d = F.cross_entropy(logits.transpose(0, 1), tags)
        return a + b + c + d
`,
    expect: `class-dim-misplaced error @16:29-16:51 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.cross_entropy at main.py:16 gets (N, L, 10) scores from nn.Linear(…, 10) at main.py:12, with the 10 classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the sequence axis for the classes: a shape error against (N, L) targets, or — when the sizes happen to match — a silently wrong loss. Flatten to (N·L, C) or move the classes to dim 1.
  fix: "loss = F.cross_entropy(logits.reshape(-1, 10), target.reshape(-1))\\n# or: F.cross_entropy(logits.transpose(1, 2), target)   # (N, C, L) against (N, L)"
  related main.py@12:18-12:29: (N, L, 10) scores made here
  related main.py@16:13-16:58: F.cross_entropy reads the classes on dim 1
`,
  },
  {
    name: "F.cross_entropy(…, **loss_kwargs) and nn.CrossEntropyLoss(**cfg) may carry ignore_index: padded targets are not reported; a module loss called with *extra positionals is still judged by its constructor (no ignore_index there)",
    code: `import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
def step(logits, seqs, loss_kwargs):
    targets = pad_sequence(seqs, batch_first=True)
    return F.cross_entropy(logits.reshape(-1, 100), targets.reshape(-1), **loss_kwargs)
def step2(logits, seqs, extra):
    targets = pad_sequence(seqs, batch_first=True)
    crit = nn.CrossEntropyLoss()
    return crit(logits.reshape(-1, 100), targets.reshape(-1), *extra)
def step3(logits, seqs, cfg):
    targets = pad_sequence(seqs, batch_first=True)
    crit = nn.CrossEntropyLoss(**cfg)
    return crit(logits.reshape(-1, 100), targets.reshape(-1))
`,
    expect: `missing-ignore-index warning @9:12-9:33 "Padding targets are counted in the loss" docs/rules/missing-ignore-index.md
  message: The targets of nn.CrossEntropyLoss at main.py:10 are padded by pad_sequence(…) (padding_value defaults to 0) at main.py:8, but it has no ignore_index (the default is −100): every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.
  fix: "criterion = nn.CrossEntropyLoss(ignore_index=0)"
  related main.py@8:15-8:51: padding added here
  related main.py@10:12-10:70: padded targets consumed here
  action: Add ignore_index=0
    main.py@9:32-9:32 → "ignore_index=0"
`,
  },
  {
    name: "torch.log_softmax(input=self.fc(x), dim=0): the input given by keyword is followed (a batched output, so dim 0 is the batch axis)",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 4)
    def forward(self, x, y):
        log_probs = torch.log_softmax(input=self.fc(x), dim=0)
        return F.nll_loss(log_probs, y)
`,
    expect: `class-dim-misplaced error @9:21-9:63 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: torch.log_softmax(…) normalises over dim=0, the batch axis of a batched model output, before F.nll_loss at main.py:10: each class's scores are normalised across the samples of the batch instead of each sample across its classes. The loss still decreases, but predictions depend on the other samples in the batch. Normalise over the class axis (dim=1 for (N, C), dim=-1 for (…, C)).
  fix: "log_probs = F.log_softmax(logits, dim=1)   # classes are on dim 1 of (N, C)"
  related main.py@10:16-10:40: F.nll_loss consumes it here
`,
  },
  {
    name: "LightningModule: self.manual_backward(loss) backpropagates a reduction='sum' loss; self.log('val_loss', loss) and methods whose names only contain 'backward' (record_backward, backward_hook) do not",
    code: `import torch.nn as nn
import lightning as L
class Model(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.automatic_optimization = False
        self.crit = nn.CrossEntropyLoss(reduction='sum')
        self.val_crit = nn.CrossEntropyLoss(reduction='sum')
    def training_step(self, batch, idx):
        x, y = batch
        loss = self.crit(self(x), y)
        self.manual_backward(loss)
    def validation_step(self, batch, idx):
        x, y = batch
        loss = self.val_crit(self(x), y)
        self.log('val_loss', loss)
        self.record_backward(loss)
        self.backward_hook(loss)
`,
    expect: `sum-reduction info @7:21-7:57 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: nn.CrossEntropyLoss uses reduction='sum' and the loss computed at main.py:11 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@11:16-11:37: loss computed here, then backpropagated
`,
  },
];

for (const c of CASES) {
  test(c.name, async () => {
    const r = await lintText(c.code);
    assert.equal(render(r).map((l) => `${l}\n`).join(''), c.expect);
  });
}

test('`from pkg import heads` binds the module pkg/heads.py (not a name of pkg/__init__.py): its softmax reaches the loss in main.py', async () => {
  const m = await lintTexts({
    'main.py': `import torch.nn.functional as F
from pkg import heads
def step(logits, y):
    return F.cross_entropy(heads.probs(logits), y)
`,
    'pkg/__init__.py': '',
    'pkg/heads.py': `import torch.nn.functional as F
def probs(logits):
    return F.softmax(logits, dim=1)
`,
  });
  assert.deepEqual(render(m.get('main.py')!), []);
  assert.deepEqual(render(m.get('pkg/__init__.py')!), []);
  assert.equal(render(m.get('pkg/heads.py')!).map((l) => `${l}\n`).join(''), `double-softmax warning @3:12-3:36 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:4 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@4:12-4:51: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    heads.py@3:12-3:36 → "logits"
`);
});

test('a half-typed annotation after *= (`loss *= scale: float`, an assignment without a right side) is no quotient and no crash: the summed loss is still not divided', async () => {
  const r = await lintText(`import torch.nn as nn
crit = nn.CrossEntropyLoss(reduction='sum')
def step(logits, y):
    loss = crit(logits, y)
    loss *= scale: float
    loss.backward()
`);
  assert.deepEqual(r.findings.map((f) => `${f.rule}@${f.site.span.line + 1}`), ['sum-reduction@2']);
});
