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
import { bceKernelApplies } from '../../../../src/engine/losses/route';
import { LOSS_ARGS, LOSS_TYPES, defaultSpec, type LossSpec } from '../../../../src/engine/losses/spec';
import { spec, t } from './helpers';

function refused(fn: () => unknown, detail: string, hint: string, path: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof LossDebuggerError, String(e));
    assert.equal(e.detail, detail);
    assert.equal(e.hint, hint);
    assert.equal(e.where.path, path);
    return true;
  });
}

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
