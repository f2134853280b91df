/** Evidence numbers checked against PyTorch (test/fixtures/diagnostics/reference.json, tools/gen_diag_reference.py). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { check, mkCase } from './harness';
import { doubleSoftmax } from '../../../src/diagnostics/rules/double-softmax';
import { doubleSigmoid } from '../../../src/diagnostics/rules/double-sigmoid';

interface Ref {
  doubleSoftmax: Array<{ probs: number[][]; target: number[]; loss: number; lossIfLogits: number; gradientRatio: number }>;
  doubleSoftmaxFloor: Record<string, number>;
  doubleSigmoid: { floorPositive: number; floorNegative: number };
}
const REF = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'diagnostics', 'reference.json'), 'utf8')) as Ref;

const close = (a: unknown, b: number, rel = 1e-3): void => {
  assert.equal(typeof a, 'number');
  assert.ok(Math.abs((a as number) - b) <= rel * Math.max(1, Math.abs(b)), `${String(a)} vs ${b}`);
};

test('double-softmax: loss, loss with logits and gradient ratio match PyTorch', () => {
  for (const r of REF.doubleSoftmax) {
    const [f] = check(doubleSoftmax, mkCase({ loss: 'CrossEntropyLoss', input: r.probs, target: r.target, inputDtype: 'float64' }));
    assert.ok(f, 'fires');
    close(f.evidence.loss, r.loss, 1e-9);
    close(f.evidence.lossIfLogitsWereUsed, r.lossIfLogits, 1e-5);
    close(f.evidence.gradientRatio, r.gradientRatio, 1e-3);
  }
});

test('double-softmax floor log(1 + (K-1)/e) is the CE of a one-hot input in PyTorch', () => {
  for (const [k, v] of Object.entries(REF.doubleSoftmaxFloor)) close(Math.log(1 + (Number(k) - 1) / Math.E), v, 1e-12);
  const [f] = check(doubleSoftmax, mkCase({ loss: 'CrossEntropyLoss', input: [[0, 1, 0, 0], [1, 0, 0, 0]], target: [1, 0] }));
  close(f.evidence.lossFloor, REF.doubleSoftmaxFloor['4'], 1e-6);
});

test('double-sigmoid floors match PyTorch', () => {
  const input = Array.from({ length: 20 }, (_, i) => i / 19);
  const [f] = check(doubleSigmoid, mkCase({ loss: 'BCEWithLogitsLoss', input, target: input.map((_, i) => i % 2) }));
  close(f.evidence.floorPositive, REF.doubleSigmoid.floorPositive, 1e-6);
  close(f.evidence.floorNegative, REF.doubleSigmoid.floorNegative, 1e-6);
});
