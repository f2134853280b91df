/**
 * double-softmax's numbers, recomputed independently: the gradient ratio by finite differences of
 * the two losses with respect to the real logits z (p = softmax(z) is what reached
 * CrossEntropyLoss), the loss had the logits been used, and the row-sum evidence.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, mkCase } from '../harness';
import { doubleSoftmax } from '../../../../src/diagnostics/rules/double-softmax';
import { tensor, type DType, type Tensor } from '../../../../src/engine/tensor';

const tensorOf = (data: number[], shape: number[], dtype: DType = 'float64'): Tensor => tensor(Float64Array.from(data), shape, dtype);

const softmax = (z: number[]): number[] => {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};
/** CrossEntropyLoss of one row of logits against a one-hot or probability target. */
const ce = (z: number[], y: number[]): number => {
  const m = Math.max(...z);
  const lse = m + Math.log(z.reduce((a, v) => a + Math.exp(v - m), 0));
  return y.reduce((a, yk, k) => a + yk * (lse - z[k]), 0);
};
/** ‖∇_z f(z)‖ by central differences. */
const gradNorm = (f: (z: number[]) => number, z: number[]): number => {
  const h = 1e-6;
  let s = 0;
  for (let k = 0; k < z.length; k++) {
    const a = z.slice(), b = z.slice();
    a[k] += h; b[k] -= h;
    const g = (f(a) - f(b)) / (2 * h);
    s += g * g;
  }
  return Math.sqrt(s);
};

function expected(logits: number[][], targets: number[][]): { ratio: number; lossAsLogits: number } {
  let bug = 0, ok = 0, loss = 0;
  logits.forEach((z, r) => {
    const y = targets[r];
    bug += gradNorm((zz) => ce(softmax(zz), y), z);
    ok += gradNorm((zz) => ce(zz, y), z);
    loss += ce(z, y);
  });
  return { ratio: bug / ok, lossAsLogits: loss / logits.length };
}

/** Within the rounding of the evidence (4 significant digits for the ratio, 6 for losses). */
function near(actual: unknown, want: number, what: string): void {
  assert.equal(typeof actual, 'number', what);
  assert.ok(Math.abs((actual as number) - want) <= 6e-4 * Math.abs(want), `${what}: ${String(actual)} vs ${want}`);
}
const oneHot = (k: number, K: number): number[] => Array.from({ length: K }, (_, i) => (i === k ? 1 : 0));
const Z = [[2.0, -0.5, 0.3, 1.1], [-1.2, 0.4, 2.2, 0.0], [0.5, 0.5, -0.7, 1.9]];

test('index targets: gradient ratio and the loss with logits match finite differences', () => {
  const labels = [0, 2, 1];
  const P = Z.map(softmax);
  const [f] = check(doubleSoftmax, mkCase({ loss: 'CrossEntropyLoss', input: P, target: labels, inputDtype: 'float64' }));
  assert.ok(f, 'fires');
  // the rule sees p, not z: the logits "had they been used" are log p (z up to a constant per row)
  const e = expected(P.map((p) => p.map(Math.log)), labels.map((k) => oneHot(k, 4)));
  near(f.evidence.gradientRatio, e.ratio, 'gradientRatio');
  near(f.evidence.lossIfLogitsWereUsed, e.lossAsLogits, 'lossIfLogitsWereUsed');
  assert.equal(f.evidence.sampledRows, 3);
  assert.match(f.message, new RegExp(`about ${(f.evidence.gradientRatio as number).toPrecision(2).replace('.', '\\.')}`));
  // the loss PyTorch computes on p, and the floor log(1 + (K−1)/e)
  const lossOnP = P.reduce((a, p, r) => a + ce(p, oneHot(labels[r], 4)), 0) / 3;
  assert.ok(Math.abs((f.evidence.loss as number) - lossOnP) < 1e-9);
  assert.ok(Math.abs((f.evidence.lossFloor as number) - Math.log(1 + 3 / Math.E)) < 1e-6);
});

test('probability targets: the same, with soft targets', () => {
  const Y = [[0.7, 0.1, 0.1, 0.1], [0, 0, 0.9, 0.1], [0.25, 0.25, 0.25, 0.25]];
  const P = Z.map(softmax);
  const [f] = check(doubleSoftmax, mkCase({ loss: 'CrossEntropyLoss', input: P, target: Y, inputDtype: 'float64', targetDtype: 'float64' }));
  assert.ok(f, 'fires');
  const e = expected(P.map((p) => p.map(Math.log)), Y);
  near(f.evidence.gradientRatio, e.ratio, 'gradientRatio');
  near(f.evidence.lossIfLogitsWereUsed, e.lossAsLogits, 'lossIfLogitsWereUsed');
});

test('row-sum evidence: min, max, mean and the rows within tolerance', () => {
  const rows = [[0.5, 0.5], [0.6, 0.405], [0.3, 0.695], [0.2, 0.8]];
  const [f] = check(doubleSoftmax, mkCase({ loss: 'CrossEntropyLoss', input: rows, target: [0, 1, 1, 0], inputDtype: 'float64' }));
  assert.ok(f, 'fires');
  assert.equal(f.evidence.rowsSummingToOne, 4);
  assert.ok(Math.abs((f.evidence.rowSumMin as number) - 0.995) < 1e-12);
  assert.ok(Math.abs((f.evidence.rowSumMax as number) - 1.005) < 1e-12);
  assert.ok(Math.abs((f.evidence.rowSumMean as number) - 1.0) < 1e-12);
  assert.equal(f.evidence.inputMin, 0.2);
  assert.equal(f.evidence.inputMax, 0.8);
  assert.match(f.message, /100\.0% of the 4 rows sum to 1 over the 2 classes \(row sums 0\.995…1\.005\)/);
});

test('targets equal to the probabilities: no gradient to compare, said so', () => {
  const Y = [[0.5, 0.5], [0.25, 0.75]];
  const [f] = check(doubleSoftmax, mkCase({ loss: 'CrossEntropyLoss', input: Y, target: Y, inputDtype: 'float64', targetDtype: 'float64' }));
  assert.ok(f, 'fires');
  assert.equal(f.evidence.gradientRatio, null);
  assert.match(f.message, /2 rows' probabilities equal their targets exactly/);
  const [one] = check(doubleSoftmax, mkCase({ loss: 'CrossEntropyLoss', input: [[0.5, 0.5]], target: [[0.5, 0.5]], inputDtype: 'float64', targetDtype: 'float64' }));
  assert.match(one.message, /the row's probabilities equal its target exactly/);
});

test('the finding points at the input and shows the fix as code', () => {
  const [f] = check(doubleSoftmax, mkCase({ loss: 'CrossEntropyLoss', input: Z.map(softmax), target: [0, 2, 1], inputDtype: 'float64' }));
  assert.equal(f.field, 'input');
  assert.deepEqual(f.fix.split('\n'), [
    '# give CrossEntropyLoss the raw logits: remove the softmax from the forward pass',
    'logits = model(x)                      # no torch.softmax / nn.Softmax at the end',
    'loss = nn.CrossEntropyLoss()(logits, target)',
    'probs = torch.softmax(logits, dim=1)   # only where you need probabilities (inference, metrics)',
  ]);
});

test('rows whose target is ignored or out of range are left out of the gradient sample', () => {
  const P = Z.map(softmax);
  const [f] = check(doubleSoftmax, mkCase({ loss: 'CrossEntropyLoss', input: P, target: [0, -100, 1], inputDtype: 'float64' }));
  assert.equal(f.evidence.sampledRows, 2);
  const e = expected([P[0], P[2]].map((p) => p.map(Math.log)), [oneHot(0, 4), oneHot(1, 4)]);
  near(f.evidence.gradientRatio, e.ratio, 'gradientRatio without the ignored row');
  const [g] = check(doubleSoftmax, mkCase({ loss: 'CrossEntropyLoss', input: P, target: [4, 3, 1], inputDtype: 'float64' }));
  assert.equal(g.evidence.sampledRows, 2);
  const [none] = check(doubleSoftmax, mkCase({ loss: 'CrossEntropyLoss', input: P, target: [-100, -100, -100], inputDtype: 'float64' }));
  assert.equal(none.evidence.sampledRows, 0);
  assert.equal(none.evidence.gradientRatio, null);
  assert.match(none.message, /no row here has a valid target/);
});

test('reduction none: no single loss value in the evidence', () => {
  const [f] = check(doubleSoftmax, mkCase({ loss: { type: 'CrossEntropyLoss', reduction: 'none' }, input: Z.map(softmax), target: [0, 2, 1], inputDtype: 'float64' }));
  assert.equal(f.evidence.loss, null);
});

test('silent: one class, no rows, all NaN, a negative value in rows summing to 1, a mismatched target', () => {
  const silent = (c: Parameters<typeof check>[1]): void => assert.deepEqual(check(doubleSoftmax, c), []);
  silent(mkCase({ loss: 'CrossEntropyLoss', input: [[1], [1], [1]], target: [0, 0, 0], inputDtype: 'float64' }));
  silent(mkCase({ loss: 'CrossEntropyLoss', input: tensorOf([], [0, 3]), target: tensorOf([], [0], 'int64') }));
  silent(mkCase({ loss: 'CrossEntropyLoss', input: [[NaN, NaN], [NaN, NaN]], target: [0, 1], inputDtype: 'float64' }));
  silent(mkCase({ loss: 'CrossEntropyLoss', input: [[-0.2, 0.6, 0.6], [0.5, 0.25, 0.25]], target: [0, 1], inputDtype: 'float64' }));
  silent(mkCase({ loss: 'CrossEntropyLoss', input: Z.map(softmax), target: [0, 1], inputDtype: 'float64' }));
});

test('double-softmax: the loss with logits sums every target entry, a negative one too, as PyTorch does', () => {
  const p = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.25, 0.25, 0.5]];
  const y = [[1.2, -0.1, -0.1], [0, 1, 0], [0, 0, 1], [0.5, 0.5, 0]];
  const [f] = check(doubleSoftmax, mkCase({ loss: 'CrossEntropyLoss', input: p, target: y, inputDtype: 'float64', targetDtype: 'float64' }));
  const want = -y.reduce((a, r, i) => a + r.reduce((b, v, k) => b + v * Math.log(p[i][k]), 0), 0) / 4;
  assert.equal(f.evidence.lossIfLogitsWereUsed, Number(want.toPrecision(6)));
});
