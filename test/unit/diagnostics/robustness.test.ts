/**
 * No rule may crash on odd but loadable cases (empty tensors, 0-d, C = 1, NaN everywhere, shapes
 * that disagree, every loss type): runDiagnostics must return a report without internal-error
 * findings. Random cases via fast-check, plus a list of hand-picked edge cases.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { LOSS_TYPES, makeSpec, type LossType } from '../../../src/engine/losses/spec';
import { tensor, numel, type DType } from '../../../src/engine/tensor';
import type { LossCase } from '../../../src/io/types';
import { runDiagnostics } from '../../../src/diagnostics/run';

function mk(type: LossType, inShape: number[], inData: number[], tShape: number[], tData: number[], tDtype: DType, args: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): LossCase {
  return {
    loss: makeSpec(type, args),
    input: tensor(Float64Array.from(inData), inShape, 'float32'),
    target: tensor(Float64Array.from(tData), tShape, tDtype),
    meta,
    spans: {},
    history: { train: [2.3, 2.0, NaN, 1.5], val: [] },
  };
}

function noInternalErrors(c: LossCase): void {
  const r = runDiagnostics(c);
  const crashed = r.findings.filter((f) => f.title === 'Rule failed (internal error)');
  assert.deepEqual(crashed.map((f) => f.message), []);
  assert.ok(r.summary);
  assert.doesNotThrow(() => JSON.stringify(r.findings));
}

test('hand-picked edge cases do not crash any rule', () => {
  const cases: LossCase[] = [
    mk('CrossEntropyLoss', [0, 3], [], [0], [], 'int64'),
    mk('CrossEntropyLoss', [3], [1, 2, 3], [], [1], 'int64'),
    mk('CrossEntropyLoss', [4, 1], [0.3, 0.1, 0.2, 0.4], [4], [0, 0, 0, 0], 'int64'),
    mk('CrossEntropyLoss', [2, 2], [NaN, NaN, NaN, NaN], [2], [0, 1], 'int64'),
    mk('CrossEntropyLoss', [2, 3], [1, 2, 3, 4, 5, 6], [2, 3], [0.2, 0.3, 0.5, 1, 0, 0], 'float32'),
    mk('CrossEntropyLoss', [2, 3, 0], [], [2, 0], [], 'int64'),
    mk('CrossEntropyLoss', [1, 2, 3], [1, 2, 3, 4, 5, 6], [1, 2], [0, 2], 'int64', {}, { pad_token_id: 2 }),
    mk('NLLLoss', [2, 2], [Infinity, -Infinity, 0, 0], [2], [-100, -100], 'int64'),
    mk('BCEWithLogitsLoss', [0], [], [0], [], 'float32'),
    mk('BCEWithLogitsLoss', [], [0.5], [], [1], 'float32'),
    mk('BCELoss', [3], [0.2, NaN, 1.5], [3], [1, 0, 2], 'float32'),
    mk('MSELoss', [], [1], [], [2], 'float32'),
    mk('MSELoss', [3, 1], [1, 2, 3], [3], [1, NaN, 3], 'float32'),
    mk('HuberLoss', [2, 2], [1e30, -1e30, 0, 0], [2, 2], [0, 0, 0, 0], 'float32', { reduction: 'none' }),
    mk('KLDivLoss', [2, 2], [-0.1, -2, -0.7, -0.7], [2, 2], [0.9, 0.1, 0.5, 0.5], 'float32', { reduction: 'batchmean' }),
    mk('L1Loss', [2], [1, 2], [3], [1, 2, 3], 'float32'),
  ];
  for (const c of cases) noInternalErrors(c);
});

const value = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -20, max: 20, noNaN: true }) },
  { weight: 2, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 0, 1, -100) },
);

test('random small cases of every loss type do not crash any rule', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...LOSS_TYPES),
      fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 3 }),
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.array(value, { minLength: 64, maxLength: 64 }),
      fc.constantFrom(-100, 0, 1),
      fc.boolean(),
      (type, shape, mode, seed, pool, ignore, reductionNone) => {
        const inN = numel(shape);
        const inData = Array.from({ length: inN }, (_, i) => pool[(i + seed) % pool.length]);
        let tShape: number[];
        if (mode === 0) tShape = [...shape];
        else if (mode === 1) tShape = shape.length >= 2 ? [shape[0], ...shape.slice(2)] : [];
        else if (mode === 2) tShape = [...shape, 1];
        else tShape = shape.slice(0, -1);
        const tN = numel(tShape);
        const C = shape.length >= 2 ? shape[1] : shape[0] ?? 1;
        const integer = mode === 1;
        const tData = Array.from({ length: tN }, (_, i) => (integer ? ((i * 7 + seed) % (C + 2)) - 1 : pool[(i * 3 + seed + 5) % pool.length]));
        const args: Record<string, unknown> = { reduction: reductionNone ? 'none' : 'mean' };
        if (type === 'CrossEntropyLoss' || type === 'NLLLoss') args.ignore_index = ignore;
        if (type === 'KLDivLoss' && !reductionNone) args.reduction = 'batchmean';
        noInternalErrors(mk(type, shape, inData, tShape, tData, integer ? 'int64' : 'float32', args, seed % 2 ? { pad_token_id: 0, reported_loss: 1.5 } : {}));
      },
    ),
    { numRuns: 300, seed: 20261129 },
  );
});
