/**
 * False negatives of the code rules that the seed-67/68 mutation survivors revealed (#21), each with
 * the healthy program beside it, every finding written out in full: a Linear head built from a splat
 * (`nn.Linear(*dims)`), the (L, N, H) output of an RNN without batch_first transposed to (N, L, H),
 * a flatten written as an explicit product (`.view(B * L, C)`), and the quick fix of
 * `torch.log(torch.sigmoid(x))` → `F.logsigmoid(x)`.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText, render } from './harness';

const CASES: { name: string; code: string; expect: string }[] = [
  {
    name: "a. nn.Linear(*dims) after a batch_first LSTM, dims a tuple default (hidden, n_classes): its last item is the class count; (N, L, C) into F.cross_entropy unflattened fires",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
class Tagger(nn.Module):
    def __init__(self, dims=(128, n_tags)):
        super().__init__()
        self.rnn = nn.LSTM(64, 128, batch_first=True)
        self.head = nn.Linear(*dims)
    def forward(self, x):
        h, _ = self.rnn(x)
        return self.head(h)
def training_step(model, x, y):
    tagger = Tagger()
    return F.cross_entropy(tagger(x), y)
`,
    expect: `class-dim-misplaced error @14:28-14:37 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.cross_entropy at main.py:14 gets (N, L, n_tags) scores from nn.Linear(…, n_tags) at main.py:11, with the n_tags classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the sequence axis for the classes: a shape error against (N, L) targets, or — when the sizes happen to match — a silently wrong loss. Flatten to (N·L, C) or move the classes to dim 1.
  fix: "loss = F.cross_entropy(logits.reshape(-1, n_tags), target.reshape(-1))\\n# or: F.cross_entropy(logits.transpose(1, 2), target)   # (N, C, L) against (N, L)"
  related main.py@11:16-11:28: (N, L, n_tags) scores made here
  related main.py@14:12-14:41: F.cross_entropy reads the classes on dim 1
`,
  },
  {
    name: "a. nn.Linear(*DIMS) with a module-level list, and nn.Linear(hidden, *rest): fire; flattened with the count read from the splat (.reshape(-1, N_TAGS)): silent",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
N_TAGS = 9
DIMS = [256, N_TAGS]
rnn = nn.GRU(64, 256, batch_first=True)
head = nn.Linear(*DIMS)
head2 = nn.Linear(256, *(N_TAGS,), bias=False)
def forward(x, y):
    h, _ = rnn(x)
    bad = F.cross_entropy(head(h), y)
    bad2 = F.cross_entropy(head2(h), y)
    good = F.cross_entropy(head(h).reshape(-1, N_TAGS), y.reshape(-1))
    return bad + bad2 + good
`,
    expect: `class-dim-misplaced error @11:27-11:34 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.cross_entropy at main.py:11 gets (N, L, N_TAGS) scores from nn.Linear(…, N_TAGS) at main.py:11, with the N_TAGS classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the sequence axis for the classes: a shape error against (N, L) targets, or — when the sizes happen to match — a silently wrong loss. Flatten to (N·L, C) or move the classes to dim 1.
  fix: "loss = F.cross_entropy(logits.reshape(-1, N_TAGS), target.reshape(-1))\\n# or: F.cross_entropy(logits.transpose(1, 2), target)   # (N, C, L) against (N, L)"
  related main.py@11:27-11:34: (N, L, N_TAGS) scores made here
  related main.py@11:11-11:38: F.cross_entropy reads the classes on dim 1
class-dim-misplaced error @12:28-12:36 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.cross_entropy at main.py:12 gets (N, L, N_TAGS) scores from nn.Linear(…, N_TAGS) at main.py:12, with the N_TAGS classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the sequence axis for the classes: a shape error against (N, L) targets, or — when the sizes happen to match — a silently wrong loss. Flatten to (N·L, C) or move the classes to dim 1.
  fix: "loss = F.cross_entropy(logits.reshape(-1, N_TAGS), target.reshape(-1))\\n# or: F.cross_entropy(logits.transpose(1, 2), target)   # (N, C, L) against (N, L)"
  related main.py@12:28-12:36: (N, L, N_TAGS) scores made here
  related main.py@12:12-12:40: F.cross_entropy reads the classes on dim 1
`,
  },
  {
    name: "a. silent: a splat not known (a parameter, a list changed in place by append/pop or by item assignment, a list literal with a splat inside); a comment inside a literal list does not matter (fires), nor does **kwargs beside the sizes, which cannot give them a second time (fires)",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
rnn = nn.LSTM(64, 256, batch_first=True)
def forward(x, y, dims, kw):
    h, _ = rnn(x)
    a = F.cross_entropy(nn.Linear(*dims)(h), y)
    b = F.cross_entropy(nn.Linear(*(256, 9), **kw)(h), y)
    d1 = [256, 5]
    d1.pop()
    d1.append(9)
    c = F.cross_entropy(nn.Linear(*d1)(h), y)
    d2 = [256, 5]
    d2[1] = 9
    d = F.cross_entropy(nn.Linear(*d2)(h), y)
    e = F.cross_entropy(nn.Linear(*[256,  # hidden
                                    9])(h), y)
    f = F.cross_entropy(nn.Linear(*[*dims, 9])(h), y)
    return a + b + c + d + e + f
`,
    expect: `class-dim-misplaced error @8:25-8:54 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.cross_entropy at main.py:8 gets (N, L, 9) scores from nn.Linear(…, 9) at main.py:8, with the 9 classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the sequence axis for the classes: a shape error against (N, L) targets, or — when the sizes happen to match — a silently wrong loss. Flatten to (N·L, C) or move the classes to dim 1.
  fix: "loss = F.cross_entropy(logits.reshape(-1, 9), target.reshape(-1))\\n# or: F.cross_entropy(logits.transpose(1, 2), target)   # (N, C, L) against (N, L)"
  related main.py@8:25-8:54: (N, L, 9) scores made here
  related main.py@8:9-8:58: F.cross_entropy reads the classes on dim 1
class-dim-misplaced error @16:25-17:43 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.cross_entropy at main.py:16 gets (N, L, 9) scores from nn.Linear(…, 9) at main.py:16, with the 9 classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the sequence axis for the classes: a shape error against (N, L) targets, or — when the sizes happen to match — a silently wrong loss. Flatten to (N·L, C) or move the classes to dim 1.
  fix: "loss = F.cross_entropy(logits.reshape(-1, 9), target.reshape(-1))\\n# or: F.cross_entropy(logits.transpose(1, 2), target)   # (N, C, L) against (N, L)"
  related main.py@16:25-17:43: (N, L, 9) scores made here
  related main.py@16:9-17:47: F.cross_entropy reads the classes on dim 1
`,
  },
  {
    name: "a. a tuple joined after an if keeps its items' texts only when both branches wrote the same ones",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
rnn = nn.LSTM(64, 256, batch_first=True)
def forward(x, y, big):
    h, _ = rnn(x)
    if big:
        same = (256, 9)
        other = (256, 9)
    else:
        same = (256, 9)
        other = (256, 12)
    a = F.cross_entropy(nn.Linear(*same)(h), y)
    b = F.cross_entropy(nn.Linear(*other)(h), y)
    return a + b
`,
    expect: `class-dim-misplaced error @13:25-13:44 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.cross_entropy at main.py:13 gets (N, L, 9) scores from nn.Linear(…, 9) at main.py:13, with the 9 classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the sequence axis for the classes: a shape error against (N, L) targets, or — when the sizes happen to match — a silently wrong loss. Flatten to (N·L, C) or move the classes to dim 1.
  fix: "loss = F.cross_entropy(logits.reshape(-1, 9), target.reshape(-1))\\n# or: F.cross_entropy(logits.transpose(1, 2), target)   # (N, C, L) against (N, L)"
  related main.py@13:25-13:44: (N, L, 9) scores made here
  related main.py@13:9-13:48: F.cross_entropy reads the classes on dim 1
`,
  },
  {
    name: "b. the (L, N, H) output of an LSTM/GRU without batch_first, transposed with .transpose(0, 1) / .transpose(1, 0) / .permute(1, 0, 2) / .transpose(-3, -2), then a Linear: (N, L, C) into CrossEntropyLoss fires",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(64, 128)
        self.gru = nn.GRU(64, 128, batch_first=False)
        self.fc = nn.Linear(128, 7)
        self.crit = nn.CrossEntropyLoss()
    def forward(self, x, y):
        out, (h_n, c_n) = self.lstm(x)
        a = self.crit(self.fc(out.transpose(0, 1)), y)
        g, _ = self.gru(x)
        b = self.crit(self.fc(g.transpose(1, 0).contiguous()), y)
        c = self.crit(self.fc(g.permute(1, 0, 2)), y)
        d = self.crit(self.fc(g.transpose(-3, -2)), y)
        return a + b + c + d
`,
    expect: `class-dim-misplaced error @13:23-13:51 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: nn.CrossEntropyLoss at main.py:13 gets (N, L, 7) scores from nn.Linear(…, 7) at main.py:13, with the 7 classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the sequence axis for the classes: a shape error against (N, L) targets, or — when the sizes happen to match — a silently wrong loss. Flatten to (N·L, C) or move the classes to dim 1.
  fix: "loss = F.cross_entropy(logits.reshape(-1, 7), target.reshape(-1))\\n# or: F.cross_entropy(logits.transpose(1, 2), target)   # (N, C, L) against (N, L)"
  related main.py@13:23-13:51: (N, L, 7) scores made here
  related main.py@13:13-13:55: nn.CrossEntropyLoss reads the classes on dim 1
class-dim-misplaced error @15:23-15:62 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: nn.CrossEntropyLoss at main.py:15 gets (N, L, 7) scores from nn.Linear(…, 7) at main.py:15, with the 7 classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the sequence axis for the classes: a shape error against (N, L) targets, or — when the sizes happen to match — a silently wrong loss. Flatten to (N·L, C) or move the classes to dim 1.
  fix: "loss = F.cross_entropy(logits.reshape(-1, 7), target.reshape(-1))\\n# or: F.cross_entropy(logits.transpose(1, 2), target)   # (N, C, L) against (N, L)"
  related main.py@15:23-15:62: (N, L, 7) scores made here
  related main.py@15:13-15:66: nn.CrossEntropyLoss reads the classes on dim 1
class-dim-misplaced error @16:23-16:50 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: nn.CrossEntropyLoss at main.py:16 gets (N, L, 7) scores from nn.Linear(…, 7) at main.py:16, with the 7 classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the sequence axis for the classes: a shape error against (N, L) targets, or — when the sizes happen to match — a silently wrong loss. Flatten to (N·L, C) or move the classes to dim 1.
  fix: "loss = F.cross_entropy(logits.reshape(-1, 7), target.reshape(-1))\\n# or: F.cross_entropy(logits.transpose(1, 2), target)   # (N, C, L) against (N, L)"
  related main.py@16:23-16:50: (N, L, 7) scores made here
  related main.py@16:13-16:54: nn.CrossEntropyLoss reads the classes on dim 1
class-dim-misplaced error @17:23-17:51 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: nn.CrossEntropyLoss at main.py:17 gets (N, L, 7) scores from nn.Linear(…, 7) at main.py:17, with the 7 classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the sequence axis for the classes: a shape error against (N, L) targets, or — when the sizes happen to match — a silently wrong loss. Flatten to (N·L, C) or move the classes to dim 1.
  fix: "loss = F.cross_entropy(logits.reshape(-1, 7), target.reshape(-1))\\n# or: F.cross_entropy(logits.transpose(1, 2), target)   # (N, C, L) against (N, L)"
  related main.py@17:23-17:51: (N, L, 7) scores made here
  related main.py@17:13-17:55: nn.CrossEntropyLoss reads the classes on dim 1
`,
  },
  {
    name: "b. silent: seq-first output not transposed (L, N, C), transposed on other axes, flattened after the transpose, batch_first not a literal, the hidden state h_n, an input known not batched",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
class Tagger(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.lstm = nn.LSTM(64, 128)
        self.cfg_rnn = nn.LSTM(64, 128, batch_first=cfg.batch_first)
        self.fc = nn.Linear(128, 7)
    def forward(self, x, y):
        out, (h_n, c_n) = self.lstm(x)
        a = F.cross_entropy(self.fc(out), y)
        b = F.cross_entropy(self.fc(out.transpose(1, 2)), y)
        c = F.cross_entropy(self.fc(out.transpose(0, 1)).reshape(-1, 7), y.reshape(-1))
        o2, _ = self.cfg_rnn(x)
        d = F.cross_entropy(self.fc(o2.transpose(0, 1)), y)
        e = F.cross_entropy(self.fc(h_n.transpose(0, 1)), y)
        o3, _ = self.lstm(x.mean())
        f = F.cross_entropy(self.fc(o3.transpose(0, 1)), y)
        g = F.cross_entropy(self.fc(out.permute(1, 0, 2, 3)), y)
        h = F.cross_entropy(self.fc(out.transpose(0, dim1=1)), y)
        control = F.cross_entropy(self.fc(out.transpose(0, 1)), y)
        return a + b + c + d + e + f + g + h + control
`,
    expect: `class-dim-misplaced error @22:35-22:63 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.cross_entropy at main.py:22 gets (N, L, 7) scores from nn.Linear(…, 7) at main.py:22, with the 7 classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the sequence axis for the classes: a shape error against (N, L) targets, or — when the sizes happen to match — a silently wrong loss. Flatten to (N·L, C) or move the classes to dim 1.
  fix: "loss = F.cross_entropy(logits.reshape(-1, 7), target.reshape(-1))\\n# or: F.cross_entropy(logits.transpose(1, 2), target)   # (N, C, L) against (N, L)"
  related main.py@22:35-22:63: (N, L, 7) scores made here
  related main.py@22:19-22:67: F.cross_entropy reads the classes on dim 1
`,
  },
  {
    name: "b. batch_first given by position (the fifth parameter of nn.LSTM): True is batch-first, False sequence-first; **kwargs or a non-boolean leaves it unknown",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
bf = nn.LSTM(64, 128, 1, True, True)
sf = nn.LSTM(64, 128, 1, True, False)
kw = nn.LSTM(64, 128, **opts)
nb = nn.LSTM(64, 128, 1, True, 1)
fc = nn.Linear(128, 5)
def forward(x, y):
    a = F.cross_entropy(fc(bf(x)[0]), y)
    b = F.cross_entropy(fc(sf(x)[0].transpose(0, 1)), y)
    c = F.cross_entropy(fc(sf(x)[0]), y)
    d = F.cross_entropy(fc(kw(x)[0].transpose(0, 1)), y)
    e = F.cross_entropy(fc(nb(x)[0].transpose(0, 1)), y)
    return a + b + c + d + e
`,
    expect: `class-dim-misplaced error @10:25-10:37 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.cross_entropy at main.py:10 gets (N, L, 5) scores from nn.Linear(…, 5) at main.py:10, with the 5 classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the sequence axis for the classes: a shape error against (N, L) targets, or — when the sizes happen to match — a silently wrong loss. Flatten to (N·L, C) or move the classes to dim 1.
  fix: "loss = F.cross_entropy(logits.reshape(-1, 5), target.reshape(-1))\\n# or: F.cross_entropy(logits.transpose(1, 2), target)   # (N, C, L) against (N, L)"
  related main.py@10:25-10:37: (N, L, 5) scores made here
  related main.py@10:9-10:41: F.cross_entropy reads the classes on dim 1
class-dim-misplaced error @11:25-11:53 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.cross_entropy at main.py:11 gets (N, L, 5) scores from nn.Linear(…, 5) at main.py:11, with the 5 classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the sequence axis for the classes: a shape error against (N, L) targets, or — when the sizes happen to match — a silently wrong loss. Flatten to (N·L, C) or move the classes to dim 1.
  fix: "loss = F.cross_entropy(logits.reshape(-1, 5), target.reshape(-1))\\n# or: F.cross_entropy(logits.transpose(1, 2), target)   # (N, C, L) against (N, L)"
  related main.py@11:25-11:53: (N, L, 5) scores made here
  related main.py@11:9-11:57: F.cross_entropy reads the classes on dim 1
`,
  },
  {
    name: "c. (N, C, L) Conv1d scores flattened with an explicit product .view(B * L, C) fire, as .view(-1, C) does; after .permute(0, 2, 1) the product flatten is right (silent); (x.size(0), C) only squeezes (silent); a splat in the view is not a flatten",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self, n_classes):
        super().__init__()
        self.n_classes = n_classes
        self.conv = nn.Conv1d(64, n_classes, 3, padding=1)
    def forward(self, x, y, B, L):
        out = self.conv(x)
        wrong = F.cross_entropy(out.view(B * L, self.n_classes), y.view(-1))
        wrong2 = F.cross_entropy(out.reshape(x.size(0) * x.size(2), n_classes), y.view(-1))
        right = F.cross_entropy(out.permute(0, 2, 1).reshape(B * L, n_classes), y.view(-1))
        squeeze = F.cross_entropy(out.view(x.size(0), n_classes), y)
        div = F.cross_entropy(out.view(B // L, n_classes), y)
        splat = F.cross_entropy(out.view(B * L, *rest, n_classes), y)
        return wrong + wrong2 + right + squeeze + div + splat
`,
    expect: `class-dim-misplaced error @11:33-11:64 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: .view(B * L, self.n_classes) flattens the (N, n_classes, L) scores of nn.Conv1d(…, n_classes, …) at main.py:10, whose classes are on dim 1, into rows of n_classes: each row takes n_classes consecutive values along the last axis — one class's scores at n_classes positions — not one position's n_classes class scores. F.cross_entropy at main.py:11 trains on scrambled rows without any error. Move the classes last before flattening.
  fix: "logits = logits.permute(0, 2, 1).reshape(-1, n_classes)   # (N, C, L) → (N·L, C); (N, C, H, W): permute(0, 2, 3, 1)\\nloss = F.cross_entropy(logits, target.reshape(-1))\\n# or keep (N, C, L) and pass it as is: cross_entropy takes the classes on dim 1"
  related main.py@10:15-10:27: (N, n_classes, L) scores made here
  related main.py@11:17-11:77: F.cross_entropy consumes the flattened rows
class-dim-misplaced error @12:34-12:79 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: .reshape(x.size(0) * x.size(2), n_classes) flattens the (N, n_classes, L) scores of nn.Conv1d(…, n_classes, …) at main.py:10, whose classes are on dim 1, into rows of n_classes: each row takes n_classes consecutive values along the last axis — one class's scores at n_classes positions — not one position's n_classes class scores. F.cross_entropy at main.py:12 trains on scrambled rows without any error. Move the classes last before flattening.
  fix: "logits = logits.permute(0, 2, 1).reshape(-1, n_classes)   # (N, C, L) → (N·L, C); (N, C, H, W): permute(0, 2, 3, 1)\\nloss = F.cross_entropy(logits, target.reshape(-1))\\n# or keep (N, C, L) and pass it as is: cross_entropy takes the classes on dim 1"
  related main.py@10:15-10:27: (N, n_classes, L) scores made here
  related main.py@12:18-12:92: F.cross_entropy consumes the flattened rows
`,
  },
  {
    name: "d. torch.log of a sigmoid, written right inside the log, is rewritten to F.logsigmoid: the function, the method, the keyword input, .log() of .sigmoid(), an nn.Sigmoid module, across lines",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
act = nn.Sigmoid()
def f(z, w):
    a = torch.log(torch.sigmoid(z))
    b = torch.log(z.sigmoid())
    c = torch.log(F.sigmoid(input=z * w))
    d = (z + w).sigmoid().log()
    e = torch.log(act(z))
    g = torch.log(
        torch.special.expit(z))
    return a, b, c, d, e, g
`,
    expect: `log-of-softmax warning @6:9-6:36 "log of softmax/sigmoid instead of log_softmax/logsigmoid" docs/rules/log-of-softmax.md
  message: torch.log(…) of torch.sigmoid(…): sigmoid rounds to exactly 0 for a logit below about −88 (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. F.logsigmoid computes the same values stably.
  fix: "log_p = F.logsigmoid(logits)"
  related main.py@6:19-6:35: sigmoid here
  action: Use F.logsigmoid
    main.py@6:9-6:36 → "F.logsigmoid(z)"
log-of-softmax warning @7:9-7:31 "log of softmax/sigmoid instead of log_softmax/logsigmoid" docs/rules/log-of-softmax.md
  message: torch.log(…) of .sigmoid(): sigmoid rounds to exactly 0 for a logit below about −88 (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. F.logsigmoid computes the same values stably.
  fix: "log_p = F.logsigmoid(logits)"
  related main.py@7:19-7:30: sigmoid here
  action: Use F.logsigmoid
    main.py@7:9-7:31 → "F.logsigmoid(z)"
log-of-softmax warning @8:9-8:42 "log of softmax/sigmoid instead of log_softmax/logsigmoid" docs/rules/log-of-softmax.md
  message: torch.log(…) of F.sigmoid(…): sigmoid rounds to exactly 0 for a logit below about −88 (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. F.logsigmoid computes the same values stably.
  fix: "log_p = F.logsigmoid(logits)"
  related main.py@8:19-8:41: sigmoid here
  action: Use F.logsigmoid
    main.py@8:9-8:42 → "F.logsigmoid(z * w)"
log-of-softmax warning @9:9-9:32 "log of softmax/sigmoid instead of log_softmax/logsigmoid" docs/rules/log-of-softmax.md
  message: (z + w).sigmoid().log() of .sigmoid(): sigmoid rounds to exactly 0 for a logit below about −88 (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. F.logsigmoid computes the same values stably.
  fix: "log_p = F.logsigmoid(logits)"
  related main.py@9:9-9:26: sigmoid here
  action: Use F.logsigmoid
    main.py@9:9-9:32 → "F.logsigmoid((z + w))"
log-of-softmax warning @10:9-10:26 "log of softmax/sigmoid instead of log_softmax/logsigmoid" docs/rules/log-of-softmax.md
  message: torch.log(…) of nn.Sigmoid(): sigmoid rounds to exactly 0 for a logit below about −88 (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. F.logsigmoid computes the same values stably.
  fix: "log_p = F.logsigmoid(logits)"
  related main.py@10:19-10:25: sigmoid here
  action: Use F.logsigmoid
    main.py@10:9-10:26 → "F.logsigmoid(z)"
log-of-softmax warning @11:9-12:32 "log of softmax/sigmoid instead of log_softmax/logsigmoid" docs/rules/log-of-softmax.md
  message: torch.log(…) of torch.special.expit(…): sigmoid rounds to exactly 0 for a logit below about −88 (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. F.logsigmoid computes the same values stably.
  fix: "log_p = F.logsigmoid(logits)"
  related main.py@12:9-12:31: sigmoid here
  action: Use F.logsigmoid
    main.py@11:9-12:32 → "F.logsigmoid(z)"
`,
  },
  {
    name: "d. the logsigmoid spelled through what the file imports: logsigmoid itself, functional as Fn, nn; none when nothing imported reaches it or the name is rebound locally",
    code: `from torch.nn.functional import logsigmoid
from torch.nn import functional as Fn
import torch.nn as nn
import torch
def f(z):
    return torch.log(torch.sigmoid(z))
def g(z, logsigmoid):
    return torch.log(torch.sigmoid(z))
def h(z, logsigmoid, Fn):
    return torch.log(torch.sigmoid(z))
def k(z, logsigmoid, Fn, nn):
    return torch.log(torch.sigmoid(z))
def m(z, logsigmoid, Fn, nn, torch):
    return z.sigmoid().log()
`,
    expect: `log-of-softmax warning @6:12-6:39 "log of softmax/sigmoid instead of log_softmax/logsigmoid" docs/rules/log-of-softmax.md
  message: torch.log(…) of torch.sigmoid(…): sigmoid rounds to exactly 0 for a logit below about −88 (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. F.logsigmoid computes the same values stably.
  fix: "log_p = F.logsigmoid(logits)"
  related main.py@6:22-6:38: sigmoid here
  action: Use F.logsigmoid
    main.py@6:12-6:39 → "logsigmoid(z)"
log-of-softmax warning @8:12-8:39 "log of softmax/sigmoid instead of log_softmax/logsigmoid" docs/rules/log-of-softmax.md
  message: torch.log(…) of torch.sigmoid(…): sigmoid rounds to exactly 0 for a logit below about −88 (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. F.logsigmoid computes the same values stably.
  fix: "log_p = F.logsigmoid(logits)"
  related main.py@8:22-8:38: sigmoid here
  action: Use F.logsigmoid
    main.py@8:12-8:39 → "Fn.logsigmoid(z)"
log-of-softmax warning @10:12-10:39 "log of softmax/sigmoid instead of log_softmax/logsigmoid" docs/rules/log-of-softmax.md
  message: torch.log(…) of torch.sigmoid(…): sigmoid rounds to exactly 0 for a logit below about −88 (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. F.logsigmoid computes the same values stably.
  fix: "log_p = F.logsigmoid(logits)"
  related main.py@10:22-10:38: sigmoid here
  action: Use F.logsigmoid
    main.py@10:12-10:39 → "nn.functional.logsigmoid(z)"
log-of-softmax warning @12:12-12:39 "log of softmax/sigmoid instead of log_softmax/logsigmoid" docs/rules/log-of-softmax.md
  message: torch.log(…) of torch.sigmoid(…): sigmoid rounds to exactly 0 for a logit below about −88 (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. F.logsigmoid computes the same values stably.
  fix: "log_p = F.logsigmoid(logits)"
  related main.py@12:22-12:38: sigmoid here
  action: Use F.logsigmoid
    main.py@12:12-12:39 → "torch.nn.functional.logsigmoid(z)"
log-of-softmax warning @14:12-14:29 "log of softmax/sigmoid instead of log_softmax/logsigmoid" docs/rules/log-of-softmax.md
  message: z.sigmoid().log() of .sigmoid(): sigmoid rounds to exactly 0 for a logit below about −88 (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. F.logsigmoid computes the same values stably.
  fix: "log_p = F.logsigmoid(logits)"
  related main.py@14:12-14:23: sigmoid here
`,
  },
  {
    name: "d. no rewrite when the sigmoid/softmax is not the log's direct operand (a cast between), when it sits in an nn.Sequential, or when clamped (no finding at all)",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
head = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())
def f(z, x):
    a = torch.log(torch.sigmoid(z).float())
    b = torch.log(F.softmax(z, dim=1).float())
    c = torch.log(head(x))
    d = torch.log(torch.sigmoid(z).clamp(min=1e-7))
    e = torch.log(torch.sigmoid(z) + 1e-7)
    return a, b, c, d, e
`,
    expect: `log-of-softmax warning @6:9-6:44 "log of softmax/sigmoid instead of log_softmax/logsigmoid" docs/rules/log-of-softmax.md
  message: torch.log(…) of torch.sigmoid(…): sigmoid rounds to exactly 0 for a logit below about −88 (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. F.logsigmoid computes the same values stably.
  fix: "log_p = F.logsigmoid(logits)"
  related main.py@6:19-6:35: sigmoid here
log-of-softmax warning @7:9-7:47 "log of softmax/sigmoid instead of log_softmax/logsigmoid" docs/rules/log-of-softmax.md
  message: torch.log(…) of F.softmax(…): softmax rounds to exactly 0 for a logit about 104 below the largest (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. log_softmax computes the same values stably.
  fix: "log_probs = F.log_softmax(logits, dim=1)"
  related main.py@7:19-7:38: softmax here
log-of-softmax warning @8:9-8:27 "log of softmax/sigmoid instead of log_softmax/logsigmoid" docs/rules/log-of-softmax.md
  message: torch.log(…) of nn.Sigmoid(): sigmoid rounds to exactly 0 for a logit below about −88 (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. F.logsigmoid computes the same values stably.
  fix: "log_p = F.logsigmoid(logits)"
  related main.py@4:39-4:51: sigmoid here
`,
  },
];

for (const c of CASES) {
  test(c.name, async () => {
    const got = render(await lintText(c.code));
    assert.deepEqual(got, c.expect.split('\n').filter((l) => l !== ''));
  });
}
