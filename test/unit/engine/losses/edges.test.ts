/**
 * Edges of the engine's losses that the reference fixtures do not reach: BCELoss's input range on
 * both ends, the reductions each loss accepts, a 0-d BCEWithLogitsLoss in float32 mode (the fused
 * kernel with one label), and the argument table (LOSS_ARGS) whose texts are the loaders' hints:
 * each states the default and range the engine really uses.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LossDebuggerError } from '../../../../src/errors';
import { computeLoss } from '../../../../src/engine/losses/index';
import { bceKernelApplies, ceKernelApplies } from '../../../../src/engine/losses/route';
import { LOSS_ARGS, LOSS_TYPES, defaultSpec, isBinaryLoss, isClassLoss, isRegressionLoss, type LossSpec } from '../../../../src/engine/losses/spec';
import type { Tensor } from '../../../../src/engine/tensor';
import { refused, spec, t } from './helpers';

test('BCELoss: inputs exactly 0 and 1 are probabilities; just below 0 or above 1 are refused', () => {
  const y = t([1, 0], [2]);
  const ok = computeLoss(spec('BCELoss', { reduction: 'sum' }), t([0, 1], [2]), y);
  // log clamped at −100: −log 0 for the positive, −log(1 − 1) for the negative
  assert.equal(ok.value.data[0], 200);
  const hint = 'BCELoss takes probabilities; if these are logits, use BCEWithLogitsLoss (or apply torch.sigmoid first)';
  refused(() => computeLoss(spec('BCELoss'), t([0.5, -1e-9], [2]), y), 'BCELoss: input[1] = -1e-9 is outside [0, 1]; all elements of input should be between 0 and 1', hint, 'input');
  refused(() => computeLoss(spec('BCELoss'), t([-0.25, 0.5], [2]), y), 'BCELoss: input[0] = -0.25 is outside [0, 1]; all elements of input should be between 0 and 1', hint, 'input');
  refused(() => computeLoss(spec('BCELoss'), t([0.5, 1 + 2 ** -52], [2]), y), `BCELoss: input[1] = ${1 + 2 ** -52} is outside [0, 1]; all elements of input should be between 0 and 1`, hint, 'input');
});

test('reductions: batchmean only for KLDivLoss; an unknown reduction is refused by every loss', () => {
  const x = t([0.2, 0.3], [1, 2]);
  for (const type of LOSS_TYPES) {
    const bogus = { ...defaultSpec(type), reduction: 'average' } as unknown as LossSpec;
    const input = type === 'CrossEntropyLoss' || type === 'NLLLoss' ? x : t([0.2, 0.3], [2]);
    const target = type === 'CrossEntropyLoss' || type === 'NLLLoss' ? t([1], [1], 'int64') : t([0.5, 0.5], [2]);
    refused(() => computeLoss(bogus, input, target), `${type} does not accept reduction 'average'`,
      type === 'KLDivLoss' ? "use 'none', 'mean', 'sum' or 'batchmean'" : "use 'none', 'mean' or 'sum' ('batchmean' is KLDivLoss only)", 'loss.reduction');
  }
  const kl = computeLoss(spec('KLDivLoss', { reduction: 'batchmean' }), t([-1, -2, -0.5, -3], [2, 2]), t([0.5, 0.5, 0.25, 0.75], [2, 2]));
  const sum = computeLoss(spec('KLDivLoss', { reduction: 'sum' }), t([-1, -2, -0.5, -3], [2, 2]), t([0.5, 0.5, 0.25, 0.75], [2, 2]));
  assert.equal(kl.value.data[0], sum.value.data[0] / 2);
});

test('BCEWithLogitsLoss on a 0-d input in float32 mode: the kernel, with one label, agrees with float64', () => {
  for (const [x, y] of [[0.7, 1], [-2.5, 0], [3, 0.25]]) {
    const input = t([x], []);
    const target = t([y], []);
    for (const pw of [undefined, t([3], [])]) {
      const s = spec('BCEWithLogitsLoss', pw ? { pos_weight: pw } : {});
      assert.ok(bceKernelApplies(s, input, target, { dtype: 'float32' }));
      const f32 = computeLoss(s, input, target, { dtype: 'float32' });
      const f64 = computeLoss(s, input, target);
      assert.deepEqual(f32.value.shape, []);
      assert.ok(Math.abs(f32.value.data[0] - f64.value.data[0]) <= 1e-6 * Math.abs(f64.value.data[0]), `${x}, ${y}: ${f32.value.data[0]} vs ${f64.value.data[0]}`);
      assert.ok(Math.abs(f32.grad[0] - f64.grad[0]) <= 1e-6 * Math.abs(f64.grad[0]) + 1e-9);
    }
  }
});

/** How a default is written in the argument texts: 1 → '1.0', -100 → '-100', false → 'false'. */
function shown(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? v.toFixed(1) : String(v);
  if (typeof v === 'string') return `'${v}'`;
  return String(v);
}

test('LOSS_ARGS: every argument\'s text states the default and the range the engine uses', () => {
  assert.deepEqual(Object.keys(LOSS_ARGS).sort(), [...LOSS_TYPES].sort());
  for (const type of LOSS_TYPES) {
    const d = defaultSpec(type) as unknown as Record<string, unknown>;
    const args = LOSS_ARGS[type];
    assert.ok('reduction' in args, type);
    for (const [name, info] of Object.entries(args)) {
      const where = `${type}.${name}`;
      assert.ok(info.doc.length > 10, where);
      switch (info.kind) {
        case 'reduction':
          assert.ok(info.doc.startsWith("'none' | 'mean' | 'sum'"), where);
          assert.equal(info.doc.includes("'batchmean'"), type === 'KLDivLoss', where);
          assert.ok(info.doc.includes("(default 'mean'"), where);
          break;
        case 'number': {
          assert.ok(info.doc.includes(`(default ${shown(d[name])}`), `${where}: ${info.doc}`);
          const min = info.min;
          assert.ok(min !== undefined, where);
          const range = info.max !== undefined ? `in [${min}, ${info.max}]` : info.minExclusive ? `> ${min}` : `>= ${min}`;
          assert.ok(info.doc.includes(range) || info.doc.startsWith(`ε ${range}`), `${where}: ${info.doc} lacks ${range}`);
          // the engine refuses just past the edge
          const past = info.minExclusive ? min : min - 0.5;
          if (name !== 'label_smoothing') {
            assert.throws(() => computeLoss(spec(type, { [name]: past }), t([1, 2], [2]), t([1, 2], [2])), LossDebuggerError, where);
            assert.doesNotThrow(() => computeLoss(spec(type, { [name]: min + (info.minExclusive ? 0.5 : 0) }), t([1, 2], [2]), t([1, 2], [2])), where);
          }
          break;
        }
        case 'int':
          assert.ok(info.doc.includes(`(default ${shown(d[name])})`), `${where}: ${info.doc}`);
          break;
        case 'boolean':
          assert.ok(info.doc.includes(`(default ${shown(d[name])})`), `${where}: ${info.doc}`);
          break;
        case 'smoothing_mode':
          assert.ok(info.doc.includes(`${shown(d[name])} (`) && info.doc.includes('default'), where);
          break;
        case 'tensor':
          assert.equal(d[name], undefined, where);
          break;
      }
    }
  }
  assert.deepEqual(Object.keys(LOSS_ARGS.SmoothL1Loss), ['reduction', 'beta']);
  assert.deepEqual(Object.keys(LOSS_ARGS.HuberLoss), ['reduction', 'delta']);
  assert.deepEqual(Object.keys(LOSS_ARGS.CrossEntropyLoss), ['reduction', 'weight', 'ignore_index', 'label_smoothing', 'smoothing_mode']);
  assert.deepEqual(Object.keys(LOSS_ARGS.BCEWithLogitsLoss), ['reduction', 'weight', 'pos_weight']);
  assert.deepEqual(Object.keys(LOSS_ARGS.KLDivLoss), ['reduction', 'log_target']);
});

test('class losses: the target-shape message names the loss, the shapes expected and the likely fix', () => {
  const check = (type: 'CrossEntropyLoss' | 'NLLLoss', xs: number[], ys: number[], detail: string, hint: string): void => {
    const n = (s: number[]): number => s.reduce((a, b) => a * b, 1);
    refused(() => computeLoss(spec(type), t(new Array(n(xs)).fill(0.1), xs), t(new Array(n(ys)).fill(0), ys, 'int64')), detail, hint, 'target');
  };
  const generic = 'a class-index target holds one integer per sample (and per spatial position): (N, d1, ..., dk) for input (N, C, d1, ..., dk)';
  check('CrossEntropyLoss', [4, 3], [4, 1], 'CrossEntropyLoss: target shape (4, 1) does not fit input shape (4, 3); expected (4,) (class indices) or (4, 3) (class probabilities)',
    'the target has the right values but extra size-1 dimensions; use target.view(4) or target.squeeze()');
  check('NLLLoss', [2, 3, 4], [2, 1, 4], 'NLLLoss: target shape (2, 1, 4) does not fit input shape (2, 3, 4); expected (2, 4) (class indices)',
    'the target has the right values but extra size-1 dimensions; use target.view(2, 4) or target.squeeze()');
  check('CrossEntropyLoss', [1, 3], [1, 1], 'CrossEntropyLoss: target shape (1, 1) does not fit input shape (1, 3); expected (1,) (class indices) or (1, 3) (class probabilities)',
    'the target has the right values but extra size-1 dimensions; use target.view(1) or target.squeeze()');
  // as many values, other dimensions: not a squeeze
  check('CrossEntropyLoss', [4, 3], [2, 2], 'CrossEntropyLoss: target shape (2, 2) does not fit input shape (4, 3); expected (4,) (class indices) or (4, 3) (class probabilities)', generic);
  check('NLLLoss', [4, 3], [4, 3], 'NLLLoss: target shape (4, 3) does not fit input shape (4, 3); expected (4,) (class indices)',
    'NLLLoss takes class indices; for one-hot or soft targets use target.argmax(1), or CrossEntropyLoss on logits with probability targets');
});

test('elementwise losses: the message names the loss; a longer target broadcasts both', () => {
  const hintBoth = 'PyTorch would broadcast both to (2, 3) (a classic silent bug); reshape the target to the input\'s shape, e.g. target.view_as(input)';
  for (const type of ['MSELoss', 'L1Loss', 'HuberLoss', 'SmoothL1Loss', 'BCEWithLogitsLoss'] as const) {
    refused(() => computeLoss(spec(type), t([0.1, 0.2, 0.3], [3]), t(new Array(6).fill(0.5), [2, 3])), `${type}: target shape (2, 3) does not match input shape (3,)`, hintBoth, 'target');
  }
  refused(() => computeLoss(spec('MSELoss'), t(new Array(6).fill(0.5), [2, 3]), t([0.1, 0.2, 0.3], [3])), 'MSELoss: target shape (3,) does not match input shape (2, 3)',
    'PyTorch would broadcast the target to (2, 3) with a warning; pass a target of the input\'s shape, e.g. target.expand_as(input)', 'target');
  refused(() => computeLoss(spec('L1Loss'), t([0.1, 0.2, 0.3], [3]), t(new Array(4).fill(0.5), [2, 2])), 'L1Loss: target shape (2, 2) does not match input shape (3,)',
    'the shapes do not broadcast either; pass a target of the same shape as the input', 'target');
});

test('CrossEntropyLoss with one class: smoothing in either convention leaves loss and gradient 0', () => {
  const x = t([0.3, -1.2, 2.5], [3, 1]);
  for (const target of [t([0, 0, 0], [3], 'int64'), t([1, 1, 1], [3, 1])]) {
    for (const smoothing_mode of ['pytorch', 'others'] as const) {
      const r = computeLoss(spec('CrossEntropyLoss', { label_smoothing: 0.1, smoothing_mode, reduction: 'sum' }), x, target);
      assert.equal(r.value.data[0], 0, smoothing_mode);
      assert.deepEqual(Array.from(r.grad), [0, 0, 0], smoothing_mode);
    }
  }
});

test('kernel routing: which float32 calls go to the fused kernels', () => {
  const f32 = { dtype: 'float32' as const };
  const x = t(new Array(12).fill(0.5), [4, 3]);
  const y = t(new Array(12).fill(1), [4, 3]);
  const bce = (args: Parameters<typeof spec>[1], input = x, target = y): boolean => bceKernelApplies(spec('BCEWithLogitsLoss', args), input, target, f32);
  assert.equal(bce({}), true);
  assert.equal(bce({}, t([], [0, 3]), t([], [0, 3])), false, 'no elements');
  assert.equal(bce({}, t([], [3, 0]), t([], [3, 0])), false, 'no labels');
  assert.equal(bce({}, x, t(new Array(12).fill(1), [3, 4])), false, 'target of another shape');
  assert.equal(bceKernelApplies(spec('BCEWithLogitsLoss'), x, y), false, 'float64 mode');
  for (const [shape, pos, w] of [
    [[3], true, true], [[1], true, true], [[], true, true], [[1, 1], true, true], [[1, 1, 1], false, false],
    [[4, 3], false, true], [[2], false, false], [[4, 1], false, false], [[12], false, false],
  ] as Array<[number[], boolean, boolean]>) {
    const n = shape.reduce((a, b) => a * b, 1);
    const v = t(new Array(n).fill(2), shape);
    assert.equal(bce({ pos_weight: v }), pos, `pos_weight ${JSON.stringify(shape)}`);
    assert.equal(bce({ weight: v }), w, `weight ${JSON.stringify(shape)}`);
  }
  // a weight with the input's element count but not its shape
  const x3 = t(new Array(12).fill(0.5), [2, 3, 2]);
  const y3 = t(new Array(12).fill(1), [2, 3, 2]);
  assert.equal(bce({ weight: t(new Array(12).fill(2), [2, 2, 3]) }, x3, y3), false);
  assert.equal(bce({ weight: t(new Array(12).fill(2), [2, 3, 2]) }, x3, y3), true);
  // (4, 1) input: a (4,) weight would enlarge it to (4, 4); refused on the exact path
  const x41 = t([0.1, 0.2, 0.3, 0.4], [4, 1]);
  const y41 = t([1, 0, 1, 0], [4, 1]);
  assert.equal(bce({ weight: t([1, 2, 3, 4], [4]) }, x41, y41), false);
  assert.throws(() => computeLoss(spec('BCEWithLogitsLoss', { weight: t([1, 2, 3, 4], [4]) }), x41, y41, f32), LossDebuggerError);

  const logits = t(new Array(12).fill(0.5), [4, 3]);
  const ce = (s: LossSpec, target: Tensor): boolean => ceKernelApplies(s, logits, target, f32);
  const idx = t([0, 1, 2, 0], [4], 'int64');
  assert.equal(ce(spec('CrossEntropyLoss'), idx), true);
  assert.equal(ce(spec('CrossEntropyLoss'), t([0, 1, 2, 0], [4])), false, 'float64 class indices');
  assert.equal(ce(spec('CrossEntropyLoss', { smoothing_mode: 'others', label_smoothing: 0.1 }), idx), false);
  assert.equal(ce(spec('CrossEntropyLoss', { weight: t([1, 2, 3], [3]) }), idx), true);
  assert.equal(ce(spec('CrossEntropyLoss', { weight: t([1, 2], [2]) }), idx), false);
  assert.equal(ce(spec('NLLLoss'), idx), false);
});

test('loss families', () => {
  assert.deepEqual(LOSS_TYPES.filter(isClassLoss), ['CrossEntropyLoss', 'NLLLoss']);
  assert.deepEqual(LOSS_TYPES.filter(isBinaryLoss), ['BCELoss', 'BCEWithLogitsLoss']);
  assert.deepEqual(LOSS_TYPES.filter(isRegressionLoss), ['MSELoss', 'L1Loss', 'HuberLoss', 'SmoothL1Loss']);
});

test('a class index out of range names the loss', () => {
  for (const type of ['NLLLoss', 'CrossEntropyLoss'] as const) {
    refused(() => computeLoss(spec(type), t([0.1, 0.2, 0.3, 0.4], [2, 2]), t([0, 2], [2], 'int64')), `${type}: target[1] = 2 is out of range for 2 classes [0, 2)`,
      'class indices run from 0 to 1; 1-based labels need to be shifted down by 1, or the model outputs one class too few', 'target');
  }
});

test('a class index with zero classes: the hint names the empty class dimension, not "0 to -1"', () => {
  // PyTorch: IndexError "Target 0 is out of bounds." for an (N, 0) input and any class target
  for (const type of ['NLLLoss', 'CrossEntropyLoss'] as const) {
    for (const y of [0, -1]) {
      refused(() => computeLoss(spec(type), t([], [2, 0]), t([y, y], [2], 'int64')), `${type}: target[0] = ${y} is out of range for 0 classes [0, 0)`,
        'the input has no classes (its class dimension has size 0): check the output layer of the model', 'target');
    }
  }
  // a negative target with classes keeps the ignore_index hint
  refused(() => computeLoss(spec('CrossEntropyLoss'), t([0.1, 0.2, 0.3, 0.4], [2, 2]), t([0, -1], [2], 'int64')), 'CrossEntropyLoss: target[1] = -1 is out of range for 2 classes [0, 2)',
    'if -1 marks padding or unlabeled positions, pass ignore_index=-1 (the current ignore_index is -100)', 'target');
});
