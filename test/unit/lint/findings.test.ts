/**
 * Every code rule's finding written out in full — message, fix text, related places, code actions
 * and their edits — for the firing fixtures (test/fixtures/lint/firing.expected.txt) and for a table
 * of small programs that reach each rule's other branches (functional and module forms, the fix
 * offered or not), next to the silent programs that sit just beside them.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { FIX, lintFiles, lintText, lintTexts, render } from './harness';

test('firing fixtures: each finding in full (message, fix, related places, code actions)', async () => {
  const dir = path.join(FIX, 'firing');
  const out: string[] = [];
  for (const f of readdirSync(dir).sort()) {
    const [r] = await lintFiles([path.join(dir, f)]);
    out.push(`## ${f}`, ...render(r));
  }
  const expected = readFileSync(path.join(FIX, 'firing.expected.txt'), 'utf8').replace(/\n$/, '').split('\n');
  assert.deepEqual(out, expected);
});

const CASES: { name: string; code: string; expect: string }[] = [
  {
    name: "bce-expects-probabilities, functional form: rename to the _with_logits function, no constructor place",
    code: `import torch.nn as nn
import torch.nn.functional as F
fc = nn.Linear(16, 1)
def step(x, y):
    return F.binary_cross_entropy(fc(x), y)
`,
    expect: `bce-expects-probabilities error @5:12-5:44 "BCELoss given values outside [0, 1]" docs/rules/bce-expects-probabilities.md
  message: F.binary_cross_entropy expects probabilities in [0, 1], but its input comes straight from nn.Linear(…, 1) at main.py:5 with no sigmoid after it: raw scores. PyTorch raises on values outside [0, 1] (or, on GPU, asserts). Use BCEWithLogitsLoss on the raw scores: it applies sigmoid inside, in a numerically stable way.
  fix: "criterion = nn.BCEWithLogitsLoss()        # takes raw logits\\nloss = criterion(logits, target.float())"
  related main.py@5:35-5:40: raw scores come from here
  action: Use binary_cross_entropy_with_logits (it applies sigmoid itself)
    main.py@5:14-5:34 → "binary_cross_entropy_with_logits"
`,
  },
  {
    name: "bce-expects-probabilities silent: a sigmoid after the layer",
    code: `import torch
import torch.nn as nn
fc = nn.Linear(16, 1)
crit = nn.BCELoss()
def step(x, y):
    return crit(torch.sigmoid(fc(x)), y)
`,
    expect: '',
  },
  {
    name: "double-sigmoid: sigmoid of a sigmoid",
    code: `import torch
def f(z):
    return torch.sigmoid(torch.sigmoid(z))
`,
    expect: `double-sigmoid warning @3:26-3:42 "Sigmoid applied before BCEWithLogitsLoss" docs/rules/double-sigmoid.md
  message: torch.sigmoid(…) produces probabilities, and torch.sigmoid(…) at main.py:3 applies sigmoid again: outputs are squeezed into [0.5, 0.73].
  fix: "probs = torch.sigmoid(logits)   # once, on the logits"
  related main.py@3:12-3:43: second sigmoid
  action: Remove the first sigmoid
    main.py@3:26-3:42 → "z"
`,
  },
  {
    name: "double-sigmoid: .sigmoid() method into BCEWithLogitsLoss, the receiver kept",
    code: `import torch.nn as nn
crit = nn.BCEWithLogitsLoss()
def step(out, y):
    return crit(out.sigmoid(), y)
`,
    expect: `double-sigmoid warning @4:17-4:30 "Sigmoid applied before BCEWithLogitsLoss" docs/rules/double-sigmoid.md
  message: .sigmoid() turns the logits into probabilities, and nn.BCEWithLogitsLoss at main.py:4 applies sigmoid to them again: its inputs then live in [0, 1], so predictions are squeezed into [0.5, 0.73], the loss has a floor and the gradient shrinks. Pass the raw logits to nn.BCEWithLogitsLoss.
  fix: "logits = model(x)                      # no sigmoid before the loss\\nloss = nn.BCEWithLogitsLoss()(logits, target)\\nprobs = torch.sigmoid(logits)           # only for predictions and metrics"
  related main.py@4:12-4:34: nn.BCEWithLogitsLoss applies sigmoid itself
  action: Remove the sigmoid (BCEWithLogitsLoss applies it)
    main.py@4:17-4:30 → "out"
`,
  },
  {
    name: "double-softmax: log_softmax of a softmax output",
    code: `import torch.nn.functional as F
def f(z, y):
    p = F.softmax(z, dim=1)
    return F.nll_loss(F.log_softmax(p, dim=1), y)
`,
    expect: `double-softmax warning @3:9-3:28 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) produces probabilities, and F.log_softmax(…) at main.py:4 applies softmax to them again. Softmax of probabilities is nearly uniform (its inputs differ by at most 1), so the loss stalls at a floor and the gradient shrinks. Apply softmax/log_softmax once, to the logits.
  fix: "log_probs = F.log_softmax(logits, dim=1)   # once, on the logits"
  related main.py@4:23-4:46: second softmax
  action: Remove the first softmax
    main.py@3:9-3:28 → "z"
`,
  },
  {
    name: "nll-expects-log-probabilities: raw Linear scores into an NLLLoss module, renamed to CrossEntropyLoss",
    code: `import torch.nn as nn
head = nn.Linear(32, 10)
crit = nn.NLLLoss()
def step(h, y):
    return crit(head(h), y)
`,
    expect: `nll-expects-log-probabilities warning @5:12-5:28 "NLLLoss given probabilities or logits instead of log-probabilities" docs/rules/nll-expects-log-probabilities.md
  message: nn.NLLLoss expects log-probabilities, but its input comes straight from nn.Linear(…, 10) at main.py:5: raw scores. The loss is then −z_y, unbounded below, and training pushes the picked logit to infinity. Apply log_softmax first, or use CrossEntropyLoss on the logits.
  fix: "loss = F.cross_entropy(logits, target)     # = nll_loss(log_softmax(logits, 1), target)"
  related main.py@5:17-5:24: raw scores come from here
  action: Use CrossEntropyLoss (log_softmax + NLL)
    main.py@3:11-3:18 → "CrossEntropyLoss"
`,
  },
  {
    name: "nll-expects-log-probabilities: functional on raw scores, renamed to cross_entropy",
    code: `import torch.nn as nn
import torch.nn.functional as F
head = nn.Linear(32, 10)
def step(h, y):
    return F.nll_loss(head(h), y)
`,
    expect: `nll-expects-log-probabilities warning @5:12-5:34 "NLLLoss given probabilities or logits instead of log-probabilities" docs/rules/nll-expects-log-probabilities.md
  message: F.nll_loss expects log-probabilities, but its input comes straight from nn.Linear(…, 10) at main.py:5: raw scores. The loss is then −z_y, unbounded below, and training pushes the picked logit to infinity. Apply log_softmax first, or use CrossEntropyLoss on the logits.
  fix: "loss = F.cross_entropy(logits, target)     # = nll_loss(log_softmax(logits, 1), target)"
  related main.py@5:23-5:30: raw scores come from here
  action: Use cross_entropy (log_softmax + NLL)
    main.py@5:14-5:22 → "cross_entropy"
`,
  },
  {
    name: "nll-expects-log-probabilities: a sigmoid output has no mechanical fix",
    code: `import torch
import torch.nn.functional as F
def step(z, y):
    return F.nll_loss(torch.sigmoid(z), y)
`,
    expect: `nll-expects-log-probabilities warning @4:23-4:39 "NLLLoss given probabilities or logits instead of log-probabilities" docs/rules/nll-expects-log-probabilities.md
  message: F.nll_loss at main.py:4 expects log-probabilities, but its input comes from torch.sigmoid(…): probabilities in [0, 1]. NLLLoss only negates the picked entry, so the loss is −p_y (between −1 and 0), not −log p_y, and its gradient does not train the model properly. Use log_softmax.
  fix: "log_probs = F.log_softmax(logits, dim=1)\\nloss = F.nll_loss(log_probs, target)      # or F.cross_entropy(logits, target)"
  related main.py@4:12-4:43: F.nll_loss consumes it here
`,
  },
  {
    name: "nll-expects-log-probabilities silent: log_softmax, and log of clamped softmax",
    code: `import torch
import torch.nn.functional as F
def step(z, y):
    a = F.nll_loss(F.log_softmax(z, dim=1), y)
    b = F.nll_loss(torch.log(torch.softmax(z, dim=1).clamp(min=1e-8)), y)
    return a + b
`,
    expect: '',
  },
  {
    name: "kl-div-expects-log-probabilities: raw scores as input",
    code: `import torch.nn as nn
import torch.nn.functional as F
proj = nn.Linear(32, 10)
def kd(h, t):
    return F.kl_div(proj(h), t, reduction="batchmean")
`,
    expect: `kl-div-expects-log-probabilities warning @5:12-5:55 "KLDivLoss input or target in the wrong form" docs/rules/kl-div-expects-log-probabilities.md
  message: F.kl_div expects log-probabilities as input, but it comes straight from nn.Linear(…, 10) at main.py:5: raw scores. Apply log_softmax first.
  fix: "loss = F.kl_div(F.log_softmax(logits, dim=1), target_probs, reduction=\\"batchmean\\")"
  related main.py@5:21-5:28: raw scores come from here
`,
  },
  {
    name: "kl-div-expects-log-probabilities: a softmax target with log_target=True",
    code: `import torch.nn.functional as F
def kd(s, t):
    return F.kl_div(F.log_softmax(s, dim=1), F.softmax(t, dim=1), reduction="batchmean", log_target=True)
`,
    expect: `kl-div-expects-log-probabilities warning @3:46-3:65 "KLDivLoss input or target in the wrong form" docs/rules/kl-div-expects-log-probabilities.md
  message: The target of F.kl_div at main.py:3 comes from F.softmax(…) (probabilities), but log_target=True makes PyTorch read it as log-probabilities. Use log_softmax for the target, or drop log_target=True.
  fix: "loss = F.kl_div(log_p, F.log_softmax(teacher_logits, dim=1), reduction=\\"batchmean\\", log_target=True)"
  related main.py@3:12-3:106: F.kl_div consumes it here
  action: Use log_softmax for the target
    main.py@3:48-3:55 → "log_softmax"
`,
  },
  {
    name: "kl-div-expects-log-probabilities: a sigmoid input has no mechanical fix",
    code: `import torch
import torch.nn.functional as F
def kd(s, t):
    return F.kl_div(torch.sigmoid(s), t, reduction="batchmean")
`,
    expect: `kl-div-expects-log-probabilities warning @4:21-4:37 "KLDivLoss input or target in the wrong form" docs/rules/kl-div-expects-log-probabilities.md
  message: F.kl_div at main.py:4 expects its input as log-probabilities, but it comes from torch.sigmoid(…): probabilities. The loss is then Σ t·(log t − p), not KL(t‖p): it can go negative and its minimum is not at p = t. Use log_softmax for the input (the student, in distillation).
  fix: "loss = F.kl_div(F.log_softmax(student_logits / T, dim=1), F.softmax(teacher_logits / T, dim=1), reduction=\\"batchmean\\") * T * T"
  related main.py@4:12-4:64: F.kl_div consumes it here
`,
  },
  {
    name: "kl-div-expects-log-probabilities: log-probability target, module without arguments: log_target=True inserted without a comma",
    code: `import torch.nn as nn
import torch.nn.functional as F
crit = nn.KLDivLoss()
def kd(s, t):
    return crit(F.log_softmax(s, dim=1), F.log_softmax(t, dim=1))
`,
    expect: `kl-div-expects-log-probabilities warning @5:42-5:65 "KLDivLoss input or target in the wrong form" docs/rules/kl-div-expects-log-probabilities.md
  message: The target of nn.KLDivLoss at main.py:5 comes from F.log_softmax(…) (log-probabilities), but log_target is not set, so PyTorch reads it as probabilities: the loss is wrong and can go negative. Pass log_target=True, or give the target as probabilities (softmax).
  fix: "loss = F.kl_div(log_p, log_q, reduction=\\"batchmean\\", log_target=True)"
  related main.py@5:12-5:66: nn.KLDivLoss consumes it here
  action: Set log_target=True
    main.py@3:21-3:21 → "log_target=True"
`,
  },
  {
    name: "kl-div-expects-log-probabilities: log-probability target, functional with arguments: inserted after a comma",
    code: `import torch.nn.functional as F
def kd(s, t):
    return F.kl_div(F.log_softmax(s, 1), F.log_softmax(t, 1), reduction="batchmean")
`,
    expect: `kl-div-expects-log-probabilities warning @3:42-3:61 "KLDivLoss input or target in the wrong form" docs/rules/kl-div-expects-log-probabilities.md
  message: The target of F.kl_div at main.py:3 comes from F.log_softmax(…) (log-probabilities), but log_target is not set, so PyTorch reads it as probabilities: the loss is wrong and can go negative. Pass log_target=True, or give the target as probabilities (softmax).
  fix: "loss = F.kl_div(log_p, log_q, reduction=\\"batchmean\\", log_target=True)"
  related main.py@3:12-3:85: F.kl_div consumes it here
  action: Set log_target=True
    main.py@3:84-3:84 → ", log_target=True"
`,
  },
  {
    name: "kl-div-expects-log-probabilities: log_target=False written out: reported, no insertion",
    code: `import torch.nn.functional as F
def kd(s, t):
    return F.kl_div(F.log_softmax(s, 1), F.log_softmax(t, 1), reduction="batchmean", log_target=False)
`,
    expect: `kl-div-expects-log-probabilities warning @3:42-3:61 "KLDivLoss input or target in the wrong form" docs/rules/kl-div-expects-log-probabilities.md
  message: The target of F.kl_div at main.py:3 comes from F.log_softmax(…) (log-probabilities), but log_target is not set, so PyTorch reads it as probabilities: the loss is wrong and can go negative. Pass log_target=True, or give the target as probabilities (softmax).
  fix: "loss = F.kl_div(log_p, log_q, reduction=\\"batchmean\\", log_target=True)"
  related main.py@3:12-3:103: F.kl_div consumes it here
`,
  },
  {
    name: "kl-div-expects-log-probabilities silent: matching forms, a log_target not known, **kwargs",
    code: `import torch.nn.functional as F
def kd(s, t, flag, kw):
    a = F.kl_div(F.log_softmax(s, 1), F.log_softmax(t, 1), reduction="batchmean", log_target=True)
    b = F.kl_div(F.log_softmax(s, 1), F.softmax(t, 1), reduction="batchmean")
    c = F.kl_div(F.log_softmax(s, 1), F.log_softmax(t, 1), log_target=flag)
    d = F.kl_div(F.log_softmax(s, 1), F.log_softmax(t, 1), **kw)
    return a + b + c + d
`,
    expect: '',
  },
  {
    name: "missing-ignore-index: another ignore_index than the Embedding's padding_idx, set to it",
    code: `import torch.nn as nn
emb = nn.Embedding(100, 16, padding_idx=0)
head = nn.Linear(16, 100)
def f(tokens):
    h = emb(tokens)
    return nn.CrossEntropyLoss(ignore_index=3)(head(h).transpose(1, 2), tokens)
`,
    expect: `missing-ignore-index warning @6:12-6:47 "Padding targets are counted in the loss" docs/rules/missing-ignore-index.md
  message: The targets of nn.CrossEntropyLoss at main.py:6 are padded by nn.Embedding(…, padding_idx=0) at main.py:2, but its ignore_index is 3: every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.
  fix: "criterion = nn.CrossEntropyLoss(ignore_index=0)"
  related main.py@2:7-2:43: padding added here
  related main.py@6:12-6:80: padded targets consumed here
  action: Set ignore_index=0
    main.py@6:45-6:46 → "0"
`,
  },
  {
    name: "missing-ignore-index: a tokenizer's padding into F.cross_entropy, its pad_token_id added",
    code: `import torch.nn.functional as F
def f(tok, texts, model):
    enc = tok(texts, padding="max_length", truncation=True)
    labels = enc["input_ids"]
    logits = model(enc["input_ids"])
    return F.cross_entropy(logits.view(-1, logits.size(-1)), labels.view(-1))
`,
    expect: `missing-ignore-index warning @6:12-6:78 "Padding targets are counted in the loss" docs/rules/missing-ignore-index.md
  message: The targets of F.cross_entropy at main.py:6 are padded by tok(…, padding="max_length") at main.py:3, but it has no ignore_index (the default is −100): every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.
  fix: "criterion = nn.CrossEntropyLoss(ignore_index=tok.pad_token_id)"
  related main.py@3:11-3:60: padding added here
  action: Add ignore_index=tok.pad_token_id
    main.py@6:77-6:77 → ", ignore_index=tok.pad_token_id"
`,
  },
  {
    name: "missing-ignore-index: NLLLoss over pad_sequence's default padding value 0",
    code: `import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
crit = nn.NLLLoss(reduction="mean")
def f(z, ts):
    y = pad_sequence(ts, batch_first=True)
    return crit(F.log_softmax(z, dim=-1).transpose(1, 2), y)
`,
    expect: `missing-ignore-index warning @4:8-4:36 "Padding targets are counted in the loss" docs/rules/missing-ignore-index.md
  message: The targets of nn.NLLLoss at main.py:7 are padded by pad_sequence(…) (padding_value defaults to 0) at main.py:6, but it has no ignore_index (the default is −100): every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.
  fix: "criterion = nn.CrossEntropyLoss(ignore_index=0)"
  related main.py@6:9-6:43: padding added here
  related main.py@7:12-7:61: padded targets consumed here
  action: Add ignore_index=0
    main.py@4:35-4:35 → ", ignore_index=0"
`,
  },
  {
    name: "missing-ignore-index silent: the padding value ignored, −100 padding, a masked target, an unknown ignore_index, a tokenizer's pad against a number",
    code: `import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
PAD = 1
def f(z, ts, tok, texts, ii):
    a = F.cross_entropy(z, pad_sequence(ts, batch_first=True, padding_value=PAD), ignore_index=PAD)
    b = F.cross_entropy(z, pad_sequence(ts, batch_first=True, padding_value=-100))
    y = pad_sequence(ts, batch_first=True, padding_value=PAD)
    y[y == PAD] = -100
    c = F.cross_entropy(z, y)
    d = F.cross_entropy(z, pad_sequence(ts, padding_value=PAD), ignore_index=ii)
    enc = tok(texts, padding=True)
    e = F.cross_entropy(z, enc["input_ids"], ignore_index=-100)
    m = pad_sequence(ts, padding_value=0).masked_fill(mask, -100)
    g = nn.CrossEntropyLoss()(z, m)
    return a + b + c + d + e + g
`,
    expect: '',
  },
  {
    name: "mse-on-class-labels: torch.argmax as the target of F.mse_loss",
    code: `import torch
import torch.nn.functional as F
def f(pred, logits):
    return F.mse_loss(pred, torch.argmax(logits, dim=1).float())
`,
    expect: `mse-on-class-labels warning @4:12-4:65 "MSE used on class labels" docs/rules/mse-on-class-labels.md
  message: The target of F.mse_loss comes from torch.argmax(…) at main.py:4: class indices. MSE treats them as numbers on a line (class 3 is "closer" to 2 than to 7) and its gradient vanishes for confident mistakes. Use CrossEntropyLoss on logits with the class indices.
  fix: "loss = nn.CrossEntropyLoss()(logits, class_indices)"
  related main.py@4:29-4:56: class indices come from here
`,
  },
  {
    name: "mse-on-class-labels silent: regression targets",
    code: `import torch.nn.functional as F
def f(pred, target):
    return F.mse_loss(pred, target.float())
`,
    expect: '',
  },
  {
    name: "log-of-softmax: log of a sigmoid, rewritten to F.logsigmoid spelled through what the file imports (torch)",
    code: `import torch
def f(z):
    return torch.log(torch.sigmoid(z))
`,
    expect: `log-of-softmax warning @3:12-3:39 "log of softmax/sigmoid instead of log_softmax/logsigmoid" docs/rules/log-of-softmax.md
  message: torch.log(…) of torch.sigmoid(…): sigmoid rounds to exactly 0 for a logit below about −88 (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. F.logsigmoid computes the same values stably.
  fix: "log_p = F.logsigmoid(logits)"
  related main.py@3:22-3:38: sigmoid here
  action: Use F.logsigmoid
    main.py@3:12-3:39 → "torch.nn.functional.logsigmoid(z)"
`,
  },
  {
    name: "log-of-softmax: .log() of a softmax method call",
    code: `def f(z):
    return z.softmax(dim=-1).log()
`,
    expect: `log-of-softmax warning @2:12-2:35 "log of softmax/sigmoid instead of log_softmax/logsigmoid" docs/rules/log-of-softmax.md
  message: z.softmax(dim=-1).log() of .softmax(…): softmax rounds to exactly 0 for a logit about 104 below the largest (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. log_softmax computes the same values stably.
  fix: "log_probs = F.log_softmax(logits, dim=1)"
  related main.py@2:12-2:29: softmax here
  action: Use log_softmax
    main.py@2:12-2:35 → "z.log_softmax(dim=-1)"
`,
  },
  {
    name: "log-of-softmax: log of F.softmax, rewritten to F.log_softmax",
    code: `import torch
import torch.nn.functional as F
def f(z):
    return torch.log(F.softmax(z, dim=1))
`,
    expect: `log-of-softmax warning @4:12-4:42 "log of softmax/sigmoid instead of log_softmax/logsigmoid" docs/rules/log-of-softmax.md
  message: torch.log(…) of F.softmax(…): softmax rounds to exactly 0 for a logit about 104 below the largest (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. log_softmax computes the same values stably.
  fix: "log_probs = F.log_softmax(logits, dim=1)"
  related main.py@4:22-4:41: softmax here
  action: Use log_softmax
    main.py@4:12-4:42 → "F.log_softmax(z, dim=1)"
`,
  },
  {
    name: "softmax-implicit-dim: log_softmax without dim and with dim=None; nn.Softmax() and dim given stay silent",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
def f(z):
    a = F.log_softmax(z)
    b = torch.softmax(z, dim=None)
    c = nn.Softmax()(z)
    d = F.softmax(z, 1)
    return a, b, c, d
`,
    expect: `softmax-implicit-dim info @5:9-5:25 "softmax without dim" docs/rules/softmax-implicit-dim.md
  message: F.log_softmax(…) is called without dim. PyTorch warns ("Implicit dimension choice … has been deprecated") and guesses: dim=0 for 1-D and 3-D inputs, dim=1 otherwise, so a (B, L, V) sequence output is normalised across the batch. Name the class axis.
  fix: "probs = F.softmax(logits, dim=-1)   # the class axis"
softmax-implicit-dim info @6:9-6:35 "softmax without dim" docs/rules/softmax-implicit-dim.md
  message: torch.softmax(…) is called without dim. PyTorch warns ("Implicit dimension choice … has been deprecated") and guesses: dim=0 for 1-D and 3-D inputs, dim=1 otherwise, so a (B, L, V) sequence output is normalised across the batch. Name the class axis.
  fix: "probs = F.softmax(logits, dim=-1)   # the class axis"
`,
  },
  {
    name: "class-dim-misplaced: softmax over dim=0 of a model's output into CrossEntropyLoss",
    code: `import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 3)
    def forward(self, x):
        return self.fc(x)
net = Net()
crit = nn.NLLLoss()
def step(x, y):
    return crit(net(x).log_softmax(dim=0), y)
`,
    expect: `class-dim-misplaced error @11:17-11:42 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: .log_softmax(…) normalises over dim=0, the batch axis of a batched model output, before nn.NLLLoss at main.py:11: each class's scores are normalised across the samples of the batch instead of each sample across its classes. The loss still decreases, but predictions depend on the other samples in the batch. Normalise over the class axis (dim=1 for (N, C), dim=-1 for (…, C)).
  fix: "log_probs = F.log_softmax(logits, dim=1)   # classes are on dim 1 of (N, C)"
  related main.py@11:12-11:46: nn.NLLLoss consumes it here
`,
  },
  {
    name: "class-dim-misplaced: (N, C, H, W) scores of a Conv2d flattened with .view(-1, C)",
    code: `import torch.nn as nn
class Seg(nn.Module):
    def __init__(self, n_classes):
        super().__init__()
        self.head = nn.Conv2d(64, n_classes, kernel_size=1)
    def forward(self, x):
        return self.head(x)
model = Seg(21)
def step(x, y, n_classes):
    logits = model(x)
    return nn.CrossEntropyLoss()(logits.view(-1, n_classes), y.view(-1))
`,
    expect: `class-dim-misplaced error @11:34-11:60 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: .view(-1, n_classes) flattens the (N, n_classes, H, W) scores of nn.Conv2d(…, n_classes, …) at main.py:7, whose classes are on dim 1, into rows of n_classes: each row takes n_classes consecutive values along the last axis — one class's scores at n_classes positions — not one position's n_classes class scores. nn.CrossEntropyLoss at main.py:11 trains on scrambled rows without any error. Move the classes last before flattening.
  fix: "logits = logits.permute(0, 2, 1).reshape(-1, n_classes)   # (N, C, L) → (N·L, C); (N, C, H, W): permute(0, 2, 3, 1)\\nloss = F.cross_entropy(logits, target.reshape(-1))\\n# or keep (N, C, L) and pass it as is: cross_entropy takes the classes on dim 1"
  related main.py@7:16-7:28: (N, n_classes, H, W) scores made here
  related main.py@11:12-11:73: nn.CrossEntropyLoss consumes the flattened rows
`,
  },
  {
    name: "class-dim-misplaced silent: the classes moved last before flattening, or passed as (N, C, L)",
    code: `import torch.nn as nn
import torch.nn.functional as F
class Tagger(nn.Module):
    def __init__(self, n_tags):
        super().__init__()
        self.conv = nn.Conv1d(64, n_tags, 3, padding=1)
    def forward(self, x):
        return self.conv(x)
model = Tagger(9)
def step(x, y, n_tags):
    out = model(x)
    a = F.cross_entropy(out.permute(0, 2, 1).reshape(-1, n_tags), y.reshape(-1))
    b = F.cross_entropy(out.transpose(1, 2).reshape(-1, n_tags), y.reshape(-1))
    c = F.cross_entropy(out, y)
    return a + b + c
`,
    expect: '',
  },
  {
    name: "sum-reduction: functional reduction='sum' backpropagated through accelerator.backward",
    code: `import torch.nn.functional as F
def step(accelerator, z, y):
    loss = F.cross_entropy(z, y, reduction="sum")
    accelerator.backward(loss)
`,
    expect: `sum-reduction info @3:12-3:50 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: F.cross_entropy uses reduction='sum' and the loss computed at main.py:3 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@3:12-3:50: loss computed here, then backpropagated
`,
  },
  {
    name: "sum-reduction silent: divided in place, or by the token count, before backward",
    code: `import torch.nn as nn
crit = nn.CrossEntropyLoss(reduction="sum")
def step(z, y):
    loss = crit(z, y)
    loss /= y.numel()
    loss.backward()
def step2(z, y, n):
    (crit(z, y) // n).backward()
`,
    expect: '',
  },
];

for (const c of CASES) {
  test(`in full: ${c.name}`, async () => {
    const got = render(await lintText(c.code));
    assert.deepEqual(got, c.expect ? c.expect.replace(/\n$/, '').split('\n') : []);
  });
}

test('missing-ignore-index across files: a padding value named in another file is not pasted where it is undefined; a literal one is', async () => {
  const data = 'from torch.nn.utils.rnn import pad_sequence\nPAD_IDX = 1\ndef collate(ts):\n    return pad_sequence(ts, batch_first=True, padding_value=PAD_IDX)\ndef collate0(ts):\n    return pad_sequence(ts, batch_first=True, padding_value=0)\n';
  const train = 'import torch.nn as nn\nfrom data import collate, collate0\ncrit = nn.CrossEntropyLoss()\ndef step(z, ts):\n    return crit(z, collate(ts)) + nn.NLLLoss()(z, collate0(ts))\n';
  const m = await lintTexts({ 'data.py': data, 'train.py': train });
  assert.deepEqual(render(m.get('data.py')!), []);
  assert.deepEqual(render(m.get('train.py')!), [
    "missing-ignore-index warning @3:8-3:29 \"Padding targets are counted in the loss\" docs/rules/missing-ignore-index.md",
    "  message: The targets of nn.CrossEntropyLoss at train.py:5 are padded by pad_sequence(…, padding_value=PAD_IDX) at data.py:4, but it has no ignore_index (the default is −100): every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.",
    "  fix: \"criterion = nn.CrossEntropyLoss(ignore_index=PAD_IDX)\"",
    "  related data.py@4:12-4:69: padding added here",
    "  related train.py@5:12-5:32: padded targets consumed here",
    "missing-ignore-index warning @5:35-5:47 \"Padding targets are counted in the loss\" docs/rules/missing-ignore-index.md",
    "  message: The targets of nn.NLLLoss at train.py:5 are padded by pad_sequence(…, padding_value=0) at data.py:6, but it has no ignore_index (the default is −100): every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.",
    "  fix: \"criterion = nn.CrossEntropyLoss(ignore_index=0)\"",
    "  related data.py@6:12-6:63: padding added here",
    "  related train.py@5:35-5:64: padded targets consumed here",
    "  action: Add ignore_index=0",
    "    train.py@5:46-5:46 → \"ignore_index=0\""
  ]);
});
