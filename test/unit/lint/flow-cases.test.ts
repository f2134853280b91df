/**
 * The dataflow's statements and expressions one by one (src/lint/flow.ts): each program is small but
 * whole, and the findings (rule@line:col severity, the severity written literally) show whether a
 * value was followed through `with`, `try`/`else`/`finally`, loops, `match`, conditional expressions,
 * tuple indexing, `nn.Sequential`, inheritance, imports, RNN/Conv layouts, tokenizers and the backward
 * forms — and that it is forgotten where the code does not say what it holds.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyFix, lintText, rows } from './harness';

const CASES: { name: string; code: string; expect: string[] }[] = [
  {
    name: "with: the bodies are followed",
    code: `import torch
import torch.nn.functional as F
def f(z, y):
    with torch.autocast("cuda") as ctx:
        loss = F.cross_entropy(F.softmax(z, dim=1), y)
    with torch.no_grad():
        p = z.softmax(1)
    return F.cross_entropy(p, y)
`,
    expect: ["double-softmax@5:32 warning","double-softmax@7:13 warning"],
  },
  {
    name: "try: else and finally blocks are followed",
    code: `import torch.nn.functional as F
def f(z, y):
    try:
        p = z.softmax(1)
    except ValueError as e:
        p = z.softmax(1)
    else:
        a = F.cross_entropy(z.softmax(-1), y)
    finally:
        b = F.nll_loss(z.softmax(dim=1), y)
    return F.cross_entropy(p, y)
`,
    expect: ["double-softmax@8:29 warning","nll-expects-log-probabilities@10:24 warning"],
  },
  {
    name: "while and for-else bodies are followed",
    code: `import torch.nn.functional as F
def f(z, y, n):
    while n > 0:
        a = F.cross_entropy(z.softmax(1), y)
        n -= 1
    for i in range(3):
        pass
    else:
        b = F.cross_entropy(z.softmax(-1), y)
`,
    expect: ["double-softmax@4:29 warning","double-softmax@9:29 warning"],
  },
  {
    name: "a value from before a loop survives it when the loop leaves it alone",
    code: `import torch.nn.functional as F
def f(z, y, xs):
    p = z.softmax(1)
    for x in xs:
        q = x
    return F.cross_entropy(p, y)
`,
    expect: ["double-softmax@3:9 warning"],
  },
  {
    name: "match: names bound inside become unknown",
    code: `import torch.nn.functional as F
def f(z, y, k):
    p = z.softmax(1)
    match k:
        case 1:
            p = z
    return F.cross_entropy(p, y)
`,
    expect: [],
  },
  {
    name: "conditional expression: one softmax on both sides is kept, two different ones are not",
    code: `import torch.nn.functional as F
def f(z, y, a):
    s = z.softmax(1)
    p = s if a else s
    q = z.softmax(1) if a else z.softmax(1)
    return F.cross_entropy(p, y) + F.cross_entropy(q, y)
`,
    expect: ["double-softmax@3:9 warning"],
  },
  {
    name: "if/elif/else: agreed in every branch fires; a value set before and untouched fires",
    code: `import torch.nn.functional as F
def f(z, y, a, b):
    s = z.softmax(1)
    r = z.softmax(-1)
    if a:
        p = s
    elif b:
        p = s
    else:
        p = s
    if a:
        q = 1
    return F.cross_entropy(p, y) + F.cross_entropy(r, y)
`,
    expect: ["double-softmax@3:9 warning","double-softmax@4:9 warning"],
  },
  {
    name: "if/elif without else: the value before counts as a branch",
    code: `import torch.nn.functional as F
def f(z, y, a, b):
    p = z
    if a:
        p = z.softmax(1)
    elif b:
        p = z.softmax(1)
    return F.cross_entropy(p, y)
`,
    expect: [],
  },
  {
    name: "tuple items by index (also negative; out of range: unknown), walrus, .data, .T and slices keep the softmax",
    code: `import torch.nn.functional as F
def f(z, h, y):
    out = (z.softmax(1), h)
    a = F.cross_entropy(out[0], y)
    c = F.cross_entropy(out[1], y)
    t = (z.softmax(-1), h)
    b = F.cross_entropy(t[-2], y)
    b2 = F.cross_entropy(t[2], y) + F.cross_entropy(t[-3], y)
    if (p := z.softmax(dim=1)) is not None:
        d = F.cross_entropy(p.data, y)
    e = F.cross_entropy(z.softmax(1).T, y)
    e2 = F.cross_entropy(z.softmax(1).mT, y)
    g = F.cross_entropy(z.softmax(1)[:, :5], y)
`,
    expect: ["double-softmax@3:12 warning","double-softmax@6:10 warning","double-softmax@9:14 warning","double-softmax@11:25 warning","double-softmax@12:26 warning","double-softmax@13:25 warning"],
  },
  {
    name: "arithmetic, unknown methods and unary minus forget the softmax",
    code: `import torch.nn.functional as F
def f(z, y):
    p = z.softmax(1)
    a = F.cross_entropy(p * 2, y)
    b = F.cross_entropy(-p, y)
    c = F.cross_entropy(p.exp(), y)
    return a + b + c
`,
    expect: [],
  },
  {
    name: "casts and reshapes keep the softmax; clamp keeps it too",
    code: `import torch
import torch.nn.functional as F
def f(z, y, C):
    a = F.cross_entropy(z.softmax(-1).view(-1, C).float().cuda(), y)
    b = F.cross_entropy(torch.flatten(z.softmax(-1), 0, 1), y)
    c = F.cross_entropy(torch.clamp(z.softmax(-1), 1e-6, 1.0), y)
`,
    expect: ["double-softmax@4:25 warning","double-softmax@5:39 warning","double-softmax@6:37 warning"],
  },
  {
    name: "hand-written losses over the batch axis: y * log_softmax(0), .gather on log_softmax(0), log(softmax(0))",
    code: `import torch
import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 4)
    def forward(self, x):
        return self.fc(x)
net = Net()
def a(x, y):
    return -(y * net(x).log_softmax(0)).sum(1).mean()
def b(x, y):
    return -net(x).log_softmax(dim=0).gather(1, y[:, None]).mean()
def c(x, y):
    return -(torch.log(torch.softmax(net(x), 0)) * y).sum(1).mean()
def d(x, y):
    return -(y * net(x).log_softmax(1)).sum(1).mean()
`,
    expect: ["class-dim-misplaced@11:18 error","class-dim-misplaced@13:13 error","class-dim-misplaced@15:14 error","log-of-softmax@15:14 warning"],
  },
  {
    name: "nn.Sequential: a Softmax first in the list (removed with the next element's start), nested, through Dropout and a custom module",
    code: `import torch.nn as nn
class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)
    def forward(self, x):
        return self.fc(x).softmax(-1)
first = nn.Sequential(nn.Softmax(dim=1), nn.Dropout(0.1))
nested = nn.Sequential(nn.Linear(8, 4), nn.Sequential(nn.Dropout(0.1), nn.Softmax(dim=1)))
custom = nn.Sequential(nn.Linear(8, 8), Block(), nn.Identity())
crit = nn.CrossEntropyLoss()
def f(x, y):
    return crit(first(x), y) + crit(custom(x), y) + crit(nested(x), y)
`,
    expect: ["double-softmax@7:16 warning","double-softmax@8:23 warning","double-softmax@9:72 warning"],
  },
  {
    name: "nn.Sequential built from *layers is not followed",
    code: `import torch.nn as nn
layers = [nn.Linear(8, 4), nn.Softmax(dim=1)]
net = nn.Sequential(*layers)
def f(x, y):
    return nn.CrossEntropyLoss()(net(x), y)
`,
    expect: [],
  },
  {
    name: "module methods that return the module: .to(device), .cuda(), .eval(); a loss object moved too",
    code: `import torch.nn as nn
net = nn.Sequential(nn.Linear(8, 4), nn.Softmax(dim=1)).to("cuda")
crit = nn.CrossEntropyLoss().cuda()
def f(x, y):
    net.eval()
    return crit(net.forward(x), y)
`,
    expect: ["double-softmax@2:38 warning"],
  },
  {
    name: "classes: forward inherited from a base class, __call__, a default argument holding the loss",
    code: `import torch.nn as nn
import torch.nn.functional as F
class Base(nn.Module):
    def forward(self, x):
        return F.softmax(self.head(x), dim=1)
class Net(Base):
    def __init__(self):
        super().__init__()
        self.head = nn.Linear(8, 3)
class Wrap:
    def __call__(self, x):
        return x.sigmoid()
net = Net()
wrap = Wrap()
def f(x, y, crit=nn.CrossEntropyLoss()):
    return crit(net(x), y) + nn.BCEWithLogitsLoss()(wrap(x), y)
`,
    expect: ["double-softmax@5:16 warning","double-sigmoid@12:16 warning"],
  },
  {
    name: "functions: decorated, nested, under if __name__ == \"__main__\", with *args and **kwargs",
    code: `import functools
import torch.nn.functional as F
@functools.lru_cache
def a(z, y, *rest, **kw):
    return F.cross_entropy(z.softmax(1), y)
def outer():
    def inner(z, y):
        return F.cross_entropy(z.softmax(1), y)
    return inner
if __name__ == "__main__":
    def main(z, y):
        return F.cross_entropy(z.softmax(1), y)
`,
    expect: ["double-softmax@5:28 warning","double-softmax@8:32 warning","double-softmax@12:32 warning"],
  },
  {
    name: "a function's returns: its value reaches the loss when every return agrees",
    code: `import torch.nn.functional as F
def probs(z):
    return F.softmax(z, dim=1)
def maybe(z, flag):
    if flag:
        return F.softmax(z, dim=1)
    return z
def f(z, y):
    return F.cross_entropy(probs(z), y) + F.cross_entropy(maybe(z, True), y)
`,
    expect: ["double-softmax@3:12 warning"],
  },
  {
    name: "imports of the loss: from torch.nn.modules.loss, torch.nn.functional through import torch, aliases",
    code: `import torch
from torch.nn.modules.loss import CrossEntropyLoss
from torch.nn.modules.activation import Softmax as SM
from torch.nn import functional
def f(z, y):
    a = CrossEntropyLoss()(SM(dim=1)(z), y)
    b = torch.nn.functional.cross_entropy(torch.special.softmax(z, 1), y)
    c = functional.nll_loss(torch.sigmoid(z), y)
`,
    expect: ["double-softmax@6:28 warning","double-softmax@7:43 warning","nll-expects-log-probabilities@8:29 warning"],
  },
  {
    name: "batch_first RNN, then Linear: (N, L, C) into cross_entropy; transposed or permuted first: silent",
    code: `import torch.nn as nn
import torch.nn.functional as F
class Tagger(nn.Module):
    def __init__(self, n_tags):
        super().__init__()
        self.rnn = nn.LSTM(32, 64, batch_first=True)
        self.out = nn.Linear(in_features=64, out_features=n_tags)
    def forward(self, x):
        h, _ = self.rnn(x)
        return self.out(h)
model = Tagger(5)
def f(x, y):
    logits = model(x)
    a = F.cross_entropy(logits, y)
    b = F.cross_entropy(logits.transpose(1, 2), y)
    c = F.cross_entropy(logits.permute(0, 2, 1), y)
    d = F.cross_entropy(logits.transpose(-1, 1), y)
`,
    expect: ["class-dim-misplaced@14:25 error"],
  },
  {
    name: "an RNN without batch_first gives no layout",
    code: `import torch.nn as nn
import torch.nn.functional as F
class Tagger(nn.Module):
    def __init__(self, n_tags):
        super().__init__()
        self.rnn = nn.GRU(32, 64)
        self.out = nn.Linear(64, n_tags)
    def forward(self, x):
        h, _ = self.rnn(x)
        return self.out(h)
model = Tagger(5)
def f(x, y):
    return F.cross_entropy(model(x), y)
`,
    expect: [],
  },
  {
    name: "a Conv1d's (N, C, L) permuted to (N, L, C) (dims as arguments or as one tuple): classes last for cross_entropy; flattened to (-1, C) after it, right",
    code: `import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(16, 7, 3)
    def forward(self, x):
        return self.conv(x)
net = Net()
def f(x, y):
    logits = net(x).permute(0, 2, 1)
    a = F.cross_entropy(logits, y)
    b = F.cross_entropy(logits.reshape(-1, 7), y.reshape(-1))
    c = F.cross_entropy(net(x).permute((0, 2, 1)), y)
`,
    expect: ["class-dim-misplaced@12:25 error", "class-dim-misplaced@14:25 error"],
  },
  {
    name: "Conv1d with out_channels as a keyword, LazyLinear's first argument",
    code: `import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(in_channels=16, out_channels=7, kernel_size=3)
        self.lazy = nn.LazyLinear(1)
    def forward(self, x):
        return self.conv(x)
net = Net()
def f(x, y):
    a = F.cross_entropy(net(x).view(-1, 7), y.view(-1))
    b = F.binary_cross_entropy(net.lazy(x), y)
`,
    expect: ["class-dim-misplaced@12:25 error","bce-expects-probabilities@13:9 error"],
  },
  {
    name: "Embedding padding_idx=None is no padding; tokenizer padding=False neither",
    code: `import torch.nn as nn
import torch.nn.functional as F
emb = nn.Embedding(100, 16, padding_idx=None)
head = nn.Linear(16, 100)
def f(tokens, tok, texts):
    a = F.cross_entropy(head(emb(tokens)).transpose(1, 2), tokens)
    enc = tok(texts, padding=False)
    b = F.cross_entropy(head(emb(enc["input_ids"])), enc["input_ids"])
`,
    expect: [],
  },
  {
    name: "tokenizer forms: batch_encode_plus with padding=\"longest\", the .input_ids attribute",
    code: `import torch.nn.functional as F
def f(tokenizer, texts, model):
    enc = tokenizer.batch_encode_plus(texts, padding="longest")
    return F.cross_entropy(model(enc.input_ids), enc.input_ids)
`,
    expect: ["missing-ignore-index@4:12 warning"],
  },
  {
    name: "backward forms: scaler.scale(loss).backward(), self.manual_backward(loss), loss.sum().backward()",
    code: `import torch.nn as nn
import torch.nn.functional as F
crit = nn.CrossEntropyLoss(reduction="sum")
def a(scaler, z, y):
    scaler.scale(crit(z, y)).backward()
class M:
    def training_step(self, z, y):
        loss = F.nll_loss(z, y, reduction="sum")
        self.manual_backward(loss)
def c(z, y):
    F.mse_loss(z, y, reduction="sum").sum().backward()
`,
    expect: ["sum-reduction@3:8 info","sum-reduction@8:16 info","sum-reduction@11:5 info"],
  },
  {
    name: "join: values both branches get from the same place keep their facts (padding, raw scores, class indices, a loss object, numbers, tuples)",
    code: `import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
fc = nn.Linear(8, 1)
def load(ts):
    return pad_sequence(ts, batch_first=True, padding_value=0)
def score(x):
    return fc(x)
def labels(l):
    return l.argmax(1)
def make():
    return nn.CrossEntropyLoss()
def f(z, ts, x, l, h, a):
    p = z.softmax(1)
    if a:
        y = load(ts)
        s = score(x)
        c = labels(l)
        crit = make()
        d = 0
        out = (p, h)
    else:
        y = load(ts)
        s = score(x)
        c = labels(l)
        crit = make()
        d = 0
        out = (p, x)
    r1 = F.cross_entropy(z, y)
    r2 = nn.BCELoss()(s, l)
    r3 = F.mse_loss(x, c)
    r4 = crit(out[0], l)
    r5 = F.nll_loss(F.log_softmax(fc(x), d), l)
`,
    expect: ["double-softmax@14:9 warning","missing-ignore-index@29:10 warning","bce-expects-probabilities@30:10 error","mse-on-class-labels@31:10 warning","class-dim-misplaced@33:21 error"],
  },
  {
    name: "join: a value from only one branch, or from two places, is forgotten",
    code: `import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
fc = nn.Linear(8, 1)
def f(z, ts, x, l, a):
    y = l
    if a:
        y = pad_sequence(ts, batch_first=True, padding_value=0)
        s = fc(x)
        c = l.argmax(1)
        d = 0
    else:
        s = fc(x)
        c = l.argmax(1)
        d = 1
    r1 = F.cross_entropy(z, y)
    r2 = nn.BCELoss()(s, l)
    r3 = F.mse_loss(x, c)
    r5 = F.nll_loss(F.log_softmax(fc(x), d), l)
`,
    expect: [],
  },
  {
    name: "an exception bound with `as` replaces the name in its handler",
    code: `import torch.nn.functional as F
def f(z, y):
    e = z.softmax(1)
    try:
        pass
    except ValueError as e:
        pass
    return F.cross_entropy(e, y)
`,
    expect: [],
  },
  {
    name: "defs inside try, with and else blocks are analysed",
    code: `import torch.nn.functional as F
try:
    def a(z, y):
        return F.cross_entropy(z.softmax(1), y)
except ImportError:
    pass
with open("f") as fh:
    def b(z, y):
        return F.cross_entropy(z.softmax(1), y)
if False:
    pass
else:
    def c(z, y):
        return F.cross_entropy(z.softmax(1), y)
`,
    expect: ["double-softmax@4:32 warning","double-softmax@9:32 warning","double-softmax@14:32 warning"],
  },
  {
    name: "losses inside lists, dictionaries, sets, boolean, comparison, not and await are followed",
    code: `import torch.nn.functional as F
async def f(z, y, a, model):
    l1 = [F.cross_entropy(z.softmax(1), y)]
    l2 = {"ce": F.cross_entropy(z.softmax(-1), y)}
    l3 = {F.nll_loss(z.softmax(dim=1), y)}
    ok = a and F.cross_entropy(F.softmax(z, 1), y) > 0
    nz = not F.binary_cross_entropy_with_logits(z.sigmoid(), y)
    aw = await model(F.cross_entropy(F.softmax(z, -1), y))
`,
    expect: ["double-softmax@3:27 warning","double-softmax@4:33 warning","nll-expects-log-probabilities@5:22 warning","double-softmax@6:32 warning","double-sigmoid@7:49 warning","double-softmax@8:38 warning"],
  },
  {
    name: "keyword arguments of a call are evaluated (a loss passed by keyword)",
    code: `import torch.nn.functional as F
def f(z, y, log):
    log(value=F.cross_entropy(z.softmax(1), y))
`,
    expect: ["double-softmax@3:31 warning"],
  },
  {
    name: "the class count named through self./cfg./config./args. matches the flatten's; another count does not",
    code: `import torch.nn as nn
import torch.nn.functional as F
class Seg(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.n_classes = cfg.n_classes
        self.head = nn.Conv2d(64, self.n_classes, 1)
    def forward(self, x):
        return self.head(x)
model = Seg(None)
def f(x, y, cfg, config, args, n_pixels):
    out = model(x)
    a = F.cross_entropy(out.view(-1, cfg.n_classes), y.view(-1))
    b = F.cross_entropy(out.view(-1, config . n_classes), y.view(-1))
    c = F.cross_entropy(out.reshape(-1, args.n_classes), y.view(-1))
    d = F.cross_entropy(out.view(-1, n_pixels), y.view(-1))
`,
    expect: ["class-dim-misplaced@13:25 error","class-dim-misplaced@14:25 error","class-dim-misplaced@15:25 error"],
  },
];

for (const c of CASES) {
  test(`flow: ${c.name}`, async () => {
    assert.deepEqual(rows(await lintText(c.code)), c.expect);
  });
}

test('an activation module first in an nn.Sequential is removed up to the next element; last in it, from the previous one', async () => {
  const first = 'import torch.nn as nn\nnet = nn.Sequential(nn.Softmax(dim=1), nn.Dropout(0.1))\nloss = nn.CrossEntropyLoss()(net(x), y)\n';
  const f1 = (await lintText(first)).findings[0];
  assert.equal(applyFix(first, f1.fixes![0].edits), 'import torch.nn as nn\nnet = nn.Sequential(nn.Dropout(0.1))\nloss = nn.CrossEntropyLoss()(net(x), y)\n');
  const last = 'import torch.nn as nn\nnet = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))\nloss = nn.CrossEntropyLoss()(net(x), y)\n';
  const f2 = (await lintText(last)).findings[0];
  assert.equal(applyFix(last, f2.fixes![0].edits), 'import torch.nn as nn\nnet = nn.Sequential(nn.Linear(4, 3))\nloss = nn.CrossEntropyLoss()(net(x), y)\n');
  const alone = 'import torch.nn as nn\nnet = nn.Sequential(nn.Softmax(dim=1))\nloss = nn.CrossEntropyLoss()(net(x), y)\n';
  const f3 = (await lintText(alone)).findings[0];
  assert.equal(f3.rule, 'double-softmax');
  assert.equal(f3.fixes, undefined, 'nothing to remove it with: no fix');
});

test('the step budget: a file whose analysis would take more than 400,000 steps stops there; below it, everything is followed', async () => {
  const program = (calls: number): string => [
    'import torch.nn.functional as F',
    'def big():',
    ...Array.from({ length: 2000 }, (_, i) => `    x${i} = ${i}`),
    'def probs(z):',
    '    return F.softmax(z, dim=1)',
    ...Array.from({ length: calls }, () => 'big()'),
    'loss = F.cross_entropy(probs(z), y)',
    '',
  ].join('\n');
  assert.deepEqual(rows(await lintText(program(150))), ['double-softmax@2004:12 warning'], '150 × 2,000 steps: followed');
  assert.deepEqual(rows(await lintText(program(250))), [], '250 × 2,000 steps: the budget is spent before the loss');
});

test('calls are followed six deep', async () => {
  const chain = (n: number): string => {
    const lines = ['import torch.nn.functional as F', 'def f0(z):', '    return F.softmax(z, dim=1)'];
    for (let i = 1; i < n; i++) lines.push(`def f${i}(z):`, `    return f${i - 1}(z)`);
    lines.push(`loss = F.cross_entropy(f${n - 1}(z), y)`, '');
    return lines.join('\n');
  };
  assert.deepEqual(rows(await lintText(chain(6))), ['double-softmax@3:12 warning'], 'six calls from the top level');
  assert.deepEqual(rows(await lintText(chain(7))), [], 'the seventh is not followed');
});

test('activation modules following each other in an nn.Sequential: softmax then (log_)softmax, sigmoid then sigmoid; log_softmax then softmax is not double', async () => {
  const code = 'import torch.nn as nn\nnet = nn.Sequential(nn.Linear(8, 4), nn.Softmax(dim=1), nn.LogSoftmax(dim=1))\nsig = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid(), nn.Sigmoid())\nok = nn.Sequential(nn.Linear(8, 4), nn.LogSoftmax(dim=1), nn.Softmax(dim=1))\na, b, c = net(x), sig(x), ok(x)\n';
  assert.deepEqual(rows(await lintText(code)), ['double-softmax@2:38 warning', 'double-sigmoid@3:38 warning']);
});

test('a forward\'s own parameters are batched: log_softmax over dim 0 inside forward feeds a loss over the batch', async () => {
  assert.deepEqual(rows(await lintText('import torch.nn as nn\nimport torch.nn.functional as F\nclass M(nn.Module):\n    def forward(self, x, y):\n        return F.nll_loss(x.log_softmax(0), y)\n    def helper(self, x, y):\n        return F.nll_loss(x.log_softmax(0), y)\n')), ['class-dim-misplaced@5:27 error']);
});
