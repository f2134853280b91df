/**
 * Class-loss rows with a −inf logit in a class that is not the target (a masked vocabulary entry):
 * without label smoothing PyTorch's loss is finite (the class just drops out of the log-sum-exp), so
 * the smoothing term, whose Σx is −inf, must not be added at all (0 · inf would be NaN); with label
 * smoothing the loss is +inf. Reference values from PyTorch 2 (F.cross_entropy, float64, reduction
 * 'none'): x = [[0, −inf, 1], [2, 0.5, −inf]], targets [0, 1].
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classLossRows, classRows, rowLoss, type ClassVariant, type RowGeometry } from '../../../../src/engine/losses/class-rows';

const x = Float64Array.from([0, -Infinity, 1, 2, 0.5, -Infinity]);
const y = Float64Array.from([0, 1]);
const geo: RowGeometry = { C: 3, rows: 2, stride: 1 };
const W = Float64Array.from([0.5, 2, 1]);
const close = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) <= 1e-12 * Math.abs(b), `${what}: ${a} vs ${b}`);

const cases: Array<{ name: string; v: ClassVariant; torch: number[] }> = [
  { name: 'CE', v: { type: 'CrossEntropyLoss', weight: undefined, ignore: -100, eps: 0, mode: 'pytorch' }, torch: [1.3132616875182228, 1.7014132779827524] },
  { name: 'CE weighted', v: { type: 'CrossEntropyLoss', weight: W, ignore: -100, eps: 0, mode: 'pytorch' }, torch: [0.6566308437591114, 3.402826555965505] },
  { name: 'NLL', v: { type: 'NLLLoss', weight: undefined, ignore: -100, eps: 0, mode: 'pytorch' }, torch: [-0, -0.5] },
];

test('a −inf logit off the target, no smoothing: every row finite and equal to PyTorch', () => {
  for (const { name, v, torch } of cases) {
    const rows = classLossRows(x, y, geo, v, classRows(x, geo, v.weight));
    assert.ok(rows, name);
    for (let r = 0; r < 2; r++) {
      close(rows.perRow[r], torch[r], `${name} classLossRows row ${r}`);
      close(rowLoss(x, y, geo, v, r, (q) => q) ?? NaN, torch[r], `${name} rowLoss row ${r}`);
    }
  }
});

test('the same rows with label smoothing 0.1: +inf, as PyTorch', () => {
  const v: ClassVariant = { type: 'CrossEntropyLoss', weight: undefined, ignore: -100, eps: 0.1, mode: 'pytorch' };
  const rows = classLossRows(x, y, geo, v, classRows(x, geo, undefined));
  assert.ok(rows);
  assert.deepEqual(Array.from(rows.perRow), [Infinity, Infinity]);
  assert.deepEqual([0, 1].map((r) => rowLoss(x, y, geo, v, r, (q) => q)), [Infinity, Infinity]);
});
