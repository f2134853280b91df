/**
 * What the linter knows of PyTorch's API (src/lint/torch-api.ts), name by name: every activation,
 * loss (class and functional, and where each takes `reduction`, `ignore_index`, `log_target`
 * positionally), raw-score layer, pass-through module, and every tensor operation that keeps what a
 * tensor holds — each in a line of code whose finding depends on that name being known.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonical, LOSS_CLASSES, LOSS_CTOR_POSITIONAL, LOSS_FUNCTIONS } from '../../../src/lint/torch-api';
import { lintText } from './harness';

const HEAD = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nimport torch.special\n';

/** The rule ids found in `body` (indented into a function with z, t, y, x in scope). */
async function found(body: string): Promise<string[]> {
  const r = await lintText(`${HEAD}def f(z, t, y, x):\n    ${body}\n`);
  return r.findings.map((f) => f.rule);
}

async function check(cases: [string, string[]][]): Promise<void> {
  for (const [body, expect] of cases) assert.deepEqual(await found(body), expect, body);
}

test('activation functions by qualified name: softmax, log_softmax, sigmoid kinds', async () => {
  await check([
    ...['torch.softmax', 'torch.nn.functional.softmax', 'torch.special.softmax', 'F.softmax'].map((q): [string, string[]] => [`return F.cross_entropy(${q}(z, dim=1), y)`, ['double-softmax']]),
    ...['torch.log_softmax', 'torch.nn.functional.log_softmax', 'torch.special.log_softmax'].map((q): [string, string[]] => [`return F.kl_div(F.log_softmax(z, 1), ${q}(t, dim=1))`, ['kl-div-expects-log-probabilities']]),
    ...['torch.sigmoid', 'torch.nn.functional.sigmoid', 'torch.special.expit'].map((q): [string, string[]] => [`return F.binary_cross_entropy_with_logits(${q}(z), y)`, ['double-sigmoid']]),
    ['return F.cross_entropy(torch.special.logit(z), y)', []],
  ]);
});

test('activation modules: nn.Softmax, nn.LogSoftmax, nn.Sigmoid', async () => {
  await check([
    ['return nn.CrossEntropyLoss()(nn.Softmax(dim=1)(z), y)', ['double-softmax']],
    ['return nn.KLDivLoss()(F.log_softmax(z, 1), nn.LogSoftmax(dim=1)(t))', ['kl-div-expects-log-probabilities']],
    ['return nn.BCEWithLogitsLoss()(nn.Sigmoid()(z), y)', ['double-sigmoid']],
    ['return nn.CrossEntropyLoss()(nn.Softmin(dim=1)(z), y)', []],
  ]);
});

test('raw-score layers (BCELoss on their output) and pass-through modules after them', async () => {
  const layers = ['nn.Linear(8, 1)', 'nn.LazyLinear(1)', 'nn.Bilinear(4, 4, 1)', 'nn.Conv1d(4, 1, 3)', 'nn.Conv2d(4, 1, 3)', 'nn.Conv3d(4, 1, 3)'];
  await check(layers.map((l): [string, string[]] => [`return nn.BCELoss()(${l}(x), y)`, ['bce-expects-probabilities']]));
  const pass = ['nn.Dropout(0.1)', 'nn.Identity()', 'nn.Flatten()', 'nn.Dropout1d(0.1)', 'nn.Dropout2d(0.1)'];
  await check(pass.map((p): [string, string[]] => [`return nn.BCELoss()(nn.Sequential(nn.Linear(8, 1), ${p})(x), y)`, ['bce-expects-probabilities']]));
  await check([
    ['return nn.BCELoss()(nn.Sequential(nn.Linear(8, 1), nn.ReLU())(x), y)', []],
    ['return nn.BCELoss()(nn.Embedding(8, 1)(x), y)', []],
  ]);
});

test('tensor methods and torch functions that keep a softmax output as it is (and clamp)', async () => {
  const methods = ['view(-1, 5)', 'reshape(-1, 5)', 'view_as(t)', 'reshape_as(t)', 'contiguous()', 'to("cuda")', 'cuda()', 'cpu()', 'float()', 'double()',
    'half()', 'bfloat16()', 'squeeze()', 'unsqueeze(0)', 'flatten()', 'detach()', 'type(torch.float32)', 'type_as(t)', 'permute(1, 0)', 'transpose(0, 1)',
    'clone()', 'long()', 'int()', 'clamp(min=1e-6)', 'clip(1e-6, 1)', 'clamp_(min=1e-6)', 'clip_(1e-6, 1)'];
  await check(methods.map((m): [string, string[]] => [`return F.cross_entropy(z.softmax(1).${m}, y)`, ['double-softmax']]));
  const fns = ['torch.squeeze(P)', 'torch.unsqueeze(P, 0)', 'torch.flatten(P)', 'torch.reshape(P, (-1, 5))', 'torch.transpose(P, 0, 1)', 'torch.permute(P, (1, 0))',
    'torch.clamp(P, 1e-6, 1)', 'torch.clip(P, 1e-6, 1)'];
  await check(fns.map((q): [string, string[]] => [`return F.cross_entropy(${q.replace('P', 'z.softmax(1)')}, y)`, ['double-softmax']]));
  await check([
    ['return F.cross_entropy(z.softmax(1).exp(), y)', []],
    ['return F.cross_entropy(torch.exp(z.softmax(1)), y)', []],
    ['return F.cross_entropy(torch.roll(z.softmax(1), 1), y)', []],
  ]);
});

test('clamp guards the log of a softmax; the other keeping operations do not', async () => {
  await check([
    ['return torch.log(z.softmax(1).clamp(min=1e-6))', []],
    ['return torch.log(torch.clip(z.softmax(1), 1e-6, 1))', []],
    ['return torch.log(z.softmax(1).float())', ['log-of-softmax']],
  ]);
});

test('every loss class and function is recognised: reduction=\'sum\' backpropagated is reported under its name', async () => {
  for (const q of Object.keys(LOSS_CLASSES)) {
    const name = q.replace('torch.nn.', 'nn.');
    const r = await lintText(`${HEAD}def f(p, y):\n    ${name}(reduction="sum")(p, y).backward()\n`);
    assert.deepEqual(r.findings.map((f) => f.rule), ['sum-reduction'], name);
    assert.match(r.findings[0].message, new RegExp(`^${name.replace('.', '\\.')} uses reduction='sum'`));
  }
  for (const q of Object.keys(LOSS_FUNCTIONS)) {
    const name = q.replace('torch.nn.functional.', 'F.');
    const r = await lintText(`${HEAD}def f(p, y):\n    ${name}(p, y, reduction="sum").backward()\n`);
    assert.deepEqual(r.findings.map((f) => f.rule), ['sum-reduction'], name);
    assert.match(r.findings[0].message, new RegExp(`^${name.replace('.', '\\.')} uses reduction='sum'`));
  }
});

test('arguments by position, as PyTorch orders them: reduction of every loss, ignore_index, log_target', async () => {
  for (const [q, spec] of Object.entries(LOSS_FUNCTIONS)) {
    const at = spec.positional.indexOf('reduction');
    const args = ['p', 'y', ...Array.from({ length: at - 2 }, () => 'None'), '"sum"'];
    const name = q.replace('torch.nn.functional.', 'F.');
    assert.deepEqual(await found(`${name}(${args.join(', ').replace(/\bp\b/, 'z')}).backward()`), ['sum-reduction'], `${name} reduction at ${at}`);
    const off = ['p', 'y', ...Array.from({ length: at - 1 }, () => 'None'), '"sum"'];
    assert.deepEqual(await found(`${name}(${off.join(', ').replace(/\bp\b/, 'z')}).backward()`), [], `${name}: one place later is another argument`);
  }
  for (const [loss, names] of Object.entries(LOSS_CTOR_POSITIONAL)) {
    const at = names.indexOf('reduction');
    const args = [...Array.from({ length: at }, () => 'None'), '"sum"'];
    assert.deepEqual(await found(`nn.${loss}(${args.join(', ')})(z, y).backward()`), ['sum-reduction'], `nn.${loss} reduction at ${at}`);
  }
  const padded = 'torch.nn.utils.rnn.pad_sequence(t, batch_first=True, padding_value=3)';
  await check([
    [`return F.cross_entropy(z, ${padded}, None, None, 3)`, []],
    [`return F.cross_entropy(z, ${padded}, None, 3)`, ['missing-ignore-index']],
    [`return F.nll_loss(F.log_softmax(z, 1), ${padded}, None, None, 3)`, []],
    [`return nn.CrossEntropyLoss(None, None, 3)(z, ${padded})`, []],
    [`return nn.NLLLoss(None, None, 3)(F.log_softmax(z, 1), ${padded})`, []],
    [`return nn.CrossEntropyLoss(None, 3)(z, ${padded})`, ['missing-ignore-index']],
    ['return F.kl_div(F.log_softmax(z, 1), F.log_softmax(t, 1), None, None, "batchmean", True)', []],
    ['return F.kl_div(F.log_softmax(z, 1), F.log_softmax(t, 1), None, None, True)', ['kl-div-expects-log-probabilities']],
    ['return nn.KLDivLoss(None, None, "batchmean", True)(F.log_softmax(z, 1), F.log_softmax(t, 1))', []],
    ['return nn.KLDivLoss(None, None, True)(F.log_softmax(z, 1), F.log_softmax(t, 1))', ['kl-div-expects-log-probabilities']],
  ]);
});

test('methods that keep a tensor\'s shape keep its layout: (N, C, L) scores flattened after them are still scrambled', async () => {
  const net = 'class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv1d(16, 7, 3)\n    def forward(self, x):\n        return self.conv(x)\nnet = Net()\n';
  for (const m of ['contiguous()', 'to("cuda")', 'cuda()', 'cpu()', 'float()', 'double()', 'half()', 'bfloat16()', 'detach()', 'type(t)', 'type_as(t)', 'clone()']) {
    const r = await lintText(`${HEAD}${net}def f(x, y, t):\n    return F.cross_entropy(net(x).${m}.view(-1, 7), y.view(-1))\n`);
    assert.deepEqual(r.findings.map((f) => f.rule), ['class-dim-misplaced'], m);
  }
});

test('canonical: a class under torch.nn.modules.<file> is its torch.nn name; a name below it (a method) and names elsewhere stay as written', () => {
  assert.equal(canonical('torch.nn.modules.loss.CrossEntropyLoss'), 'torch.nn.CrossEntropyLoss');
  assert.equal(canonical('torch.nn.modules.activation.Softmax'), 'torch.nn.Softmax');
  assert.equal(canonical('torch.nn.modules.loss.CrossEntropyLoss.forward'), 'torch.nn.modules.loss.CrossEntropyLoss.forward');
  assert.equal(canonical('torch.nn.functional.softmax'), 'torch.nn.functional.softmax');
});
