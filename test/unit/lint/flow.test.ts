/** The dataflow on small but whole programs: firing/silent table, with the severity written literally. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyFix, lintText, rows } from './harness';

const HEAD = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';

const CASES: { name: string; code: string; expect: string[] }[] = [
  { name: 'alias import of the loss class, keyword input', code: `${HEAD}from torch.nn import CrossEntropyLoss as CE\ndef f(m, x, y):\n    p = F.softmax(m(x), dim=-1)\n    return CE()(input=p, target=y)\n`, expect: ['double-softmax@6:9 warning'] },
  { name: 'from torch.nn import functional as fn + method form', code: 'from torch.nn import functional as fn\ndef f(logits, y):\n    return fn.cross_entropy(logits.softmax(1), y)\n', expect: ['double-softmax@3:29 warning'] },
  { name: 'tuple unpacking of a forward that returns (probs, hidden)', code: `${HEAD}class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 3)\n    def forward(self, x):\n        return torch.softmax(self.fc(x), dim=1), x\nm = M()\ncrit = nn.CrossEntropyLoss()\nfor x, y in data:\n    probs, _ = m(x)\n    crit(probs, y).backward()\n`, expect: ['double-softmax@9:16 warning'] },
  { name: 'self.criterion set in __init__, used in a method', code: `${HEAD}class T:\n    def __init__(self):\n        self.criterion = nn.BCEWithLogitsLoss()\n    def step(self, logits, y):\n        return self.criterion(torch.sigmoid(logits), y)\n`, expect: ['double-sigmoid@8:31 warning'] },
  { name: 'through .view/.to/.float and a few assignments', code: `${HEAD}def f(out, y, C):\n    p = F.softmax(out, dim=2)\n    q = p.view(-1, C)\n    r = q.to("cuda").float()\n    return F.cross_entropy(r, y.view(-1))\n`, expect: ['double-softmax@5:9 warning'] },
  { name: 'nn.Sequential ending in Sigmoid into BCEWithLogitsLoss', code: `${HEAD}net = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 1), nn.Sigmoid())\nloss = nn.BCEWithLogitsLoss()(net(x), y)\n`, expect: ['double-sigmoid@4:66 warning'] },
  { name: 'log_softmax of a softmax output (hand-written double softmax)', code: `${HEAD}def f(logits, y):\n    p = logits.softmax(-1)\n    return F.nll_loss(F.log_softmax(p, dim=-1), y)\n`, expect: ['double-softmax@5:9 warning'] },
  { name: 'NLLLoss on raw Linear output', code: `${HEAD}fc = nn.Linear(10, 4)\nloss = F.nll_loss(fc(x), y)\n`, expect: ['nll-expects-log-probabilities@5:8 warning'] },
  { name: 'KL target as log-probabilities without log_target', code: `${HEAD}def kd(s, t):\n    return F.kl_div(F.log_softmax(s, 1), F.log_softmax(t, 1), reduction="batchmean")\n`, expect: ['kl-div-expects-log-probabilities@5:42 warning'] },
  { name: 'argmax labels into MSELoss', code: `${HEAD}def f(pred, logits):\n    return nn.MSELoss()(pred, logits.argmax(dim=1))\n`, expect: ['mse-on-class-labels@5:12 warning'] },
  { name: 'tokenizer padding into labels without masking', code: `${HEAD}def f(tok, texts, model):\n    enc = tok(texts, padding="max_length", truncation=True)\n    labels = enc["input_ids"]\n    logits = model(enc["input_ids"])\n    return F.cross_entropy(logits.view(-1, logits.size(-1)), labels.view(-1))\n`, expect: ['missing-ignore-index@8:12 warning'] },
  { name: 'Embedding padding_idx and the same token ids as targets, other ignore_index', code: `${HEAD}emb = nn.Embedding(100, 16, padding_idx=0)\nhead = nn.Linear(16, 100)\ndef f(tokens):\n    h = emb(tokens)\n    return nn.CrossEntropyLoss(ignore_index=3)(head(h).transpose(1, 2), tokens)\n`, expect: ['missing-ignore-index@8:12 warning'] },
  { name: 'softmax without dim', code: `${HEAD}p = F.softmax(z)\n`, expect: ['softmax-implicit-dim@4:5 info'] },
  { name: 'log(sigmoid) in a hand-written BCE', code: `${HEAD}def bce(z, y):\n    return -(y * torch.log(torch.sigmoid(z)) + (1 - y) * torch.log(1 - torch.sigmoid(z))).mean()\n`, expect: ['log-of-softmax@5:18 warning'] },
  // silent
  { name: 'metrics only', code: `${HEAD}def f(m, x, y):\n    out = m(x)\n    acc = (F.softmax(out, 1).argmax(1) == y).float().mean()\n    return F.cross_entropy(out, y), acc\n`, expect: [] },
  { name: 'softmax in one branch only', code: `${HEAD}def f(out, y, flag):\n    if flag:\n        out = out.softmax(-1)\n    return F.cross_entropy(out, y)\n`, expect: [] },
  { name: 'softmax in a try body, logits in the handler', code: `${HEAD}def f(out, y):\n    try:\n        p = out.softmax(-1)\n    except RuntimeError:\n        p = out\n    return F.cross_entropy(p, y)\n`, expect: [] },
  { name: 'reassigned in a loop: ambiguous after it', code: `${HEAD}def f(out, y):\n    for _ in range(2):\n        out = F.softmax(out, dim=1)\n    return out\n`, expect: [] },
  { name: 'log_softmax into CrossEntropyLoss (idempotent, fine)', code: `${HEAD}def f(z, y):\n    return F.cross_entropy(F.log_softmax(z, dim=1), y)\n`, expect: [] },
  { name: 'clamped probabilities then log (guarded)', code: `${HEAD}def f(z, y):\n    p = torch.clamp(torch.softmax(z, 1), 1e-7, 1.0)\n    return F.nll_loss(torch.log(p), y)\n`, expect: [] },
  { name: 'sum reduction divided by the batch', code: `${HEAD}crit = nn.CrossEntropyLoss(reduction="sum")\ndef f(z, y):\n    loss = crit(z, y) / y.size(0)\n    loss.backward()\n`, expect: [] },
  { name: 'sum reduction in evaluation only (never backpropagated)', code: `${HEAD}def ev(z, y):\n    return F.cross_entropy(z, y, reduction="sum").item()\n`, expect: [] },
  { name: 'ignore_index given through **kwargs', code: `${HEAD}from torch.nn.utils.rnn import pad_sequence\nkw = dict(ignore_index=0)\ndef f(z, ts):\n    return F.cross_entropy(z, pad_sequence(ts), **kw)\n`, expect: [] },
  { name: 'unknown callables and Python 3.12 syntax do not crash', code: `${HEAD}type Vec = list[float]\ndef f[T](x: T) -> T:\n    match x:\n        case {"a": a}:\n            return a\n    return lambda: x\n`, expect: [] },
];

for (const c of CASES) {
  test(`flow: ${c.name}`, async () => {
    const r = await lintText(c.code);
    assert.deepEqual(rows(r), c.expect);
  });
}

test('suppression: ignore[rule] on the line, a bare ignore, and the wrong id does not suppress', async () => {
  const code = `${HEAD}def f(z, y):\n    a = F.cross_entropy(z.softmax(1), y)  # lossdbg: ignore[double-softmax]\n    b = F.cross_entropy(z.softmax(1), y)  # lossdbg: ignore\n    c = F.cross_entropy(z.softmax(1), y)  # lossdbg: ignore[log-of-softmax, mse-on-class-labels]\n    return a + b + c\n`;
  assert.deepEqual(rows(await lintText(code)), ['double-softmax@7:25 warning']);
});

test('disabled rules are not run', async () => {
  const code = `${HEAD}def f(z, y):\n    return F.cross_entropy(z.softmax(1), y)\n`;
  assert.deepEqual(rows(await lintText(code, ['double-softmax'])), []);
});

test('code actions: each mechanical fix applied gives code the linter is silent on', async () => {
  const cases: [string, string, string][] = [
    [`${HEAD}def f(m, x, y):\n    return F.cross_entropy(F.softmax(m(x), dim=1), y)\n`, 'double-softmax', 'F.cross_entropy(m(x), y)'],
    [`${HEAD}net = nn.Sequential(\n    nn.Linear(3, 8),\n    nn.Softmax(dim=1),\n)\nloss = nn.CrossEntropyLoss()(net(x), y)\n`, 'double-softmax', 'nn.Linear(3, 8),\n)'],
    [`${HEAD}fc = nn.Linear(3, 1)\nloss = nn.BCELoss()(fc(x), y)\n`, 'bce-expects-probabilities', 'nn.BCEWithLogitsLoss()(fc(x), y)'],
    [`${HEAD}def f(z, y):\n    return F.nll_loss(z.softmax(dim=1), y)\n`, 'nll-expects-log-probabilities', 'z.log_softmax(dim=1)'],
    [`${HEAD}from torch.nn.utils.rnn import pad_sequence\ndef f(z, ts):\n    y = pad_sequence(ts, batch_first=True, padding_value=0)\n    crit = nn.CrossEntropyLoss(label_smoothing=0.1)\n    return crit(z, y)\n`, 'missing-ignore-index', 'nn.CrossEntropyLoss(label_smoothing=0.1, ignore_index=0)'],
    [`${HEAD}def f(z):\n    return torch.log(F.softmax(z, dim=1))\n`, 'log-of-softmax', 'return F.log_softmax(z, dim=1)'],
  ];
  for (const [code, rule, expected] of cases) {
    const r = await lintText(code);
    const f = r.findings.find((x) => x.rule === rule);
    assert.ok(f, `${rule} fires`);
    assert.ok(f.fixes?.length, `${rule} has a fix`);
    const fixed = applyFix(code, f.fixes[0].edits);
    assert.ok(fixed.includes(expected), `${rule}: ${fixed}`);
    assert.deepEqual(rows(await lintText(fixed)).filter((x) => x.startsWith(rule)), [], `${rule} silent after the fix:\n${fixed}`);
  }
});
