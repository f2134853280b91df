/**
 * reported-loss-mismatch, the paths the variant tables do not reach: a single (C,) sample (no samples
 * to split: only the loss / k), reduction='none' on one sample (a scalar, recomputed generically:
 * no per-row class variants), the float32 recomputation of a float64 case, and a sequence batch whose
 * second sample is all padding (the per-sample mean over the samples that have positions). Each
 * message word for word; the numbers from the definitions (ℓ = logsumexp(x) − x[y]).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, mkCase } from '../harness';
import { fmt } from '../../../../src/diagnostics/format';
import type { LossCase } from '../../../../src/io/types';
import { reportedLossMismatch } from '../../../../src/diagnostics/rules/reported-loss-mismatch';

const lse = (v: number[]): number => Math.log(v.reduce((a, x) => a + Math.exp(x), 0));
const r8 = (x: number): number => Number(x.toPrecision(8));
const SPLITS = 'mean of micro-batch means, their sum, the last micro-batch, the loss / k, for k = 2..16';
function withReported(c: LossCase, reported: number): LossCase {
  c.meta = { ...c.meta, reported_loss: reported };
  return c;
}
const X1 = [0.3, 1.2, -0.4];
const ELL = lse(X1) - X1[1];
/** PyTorch's label smoothing ε = 0.1 over K = 3 classes: (1 − ε)·ℓ + ε·mean_k(−log p_k) */
const SMOOTHED = 0.9 * ELL + 0.1 * X1.reduce((a, v) => a + (lse(X1) - v), 0) / 3;

describe('reported-loss-mismatch: one (C,) sample', () => {
  it('mean: only label_smoothing=0.1 differs (sum = mean = numel); no sample split, the loss / 2..16 only', () => {
    const [f, ...rest] = check(reportedLossMismatch, withReported(mkCase({ loss: 'CrossEntropyLoss', input: X1, target: 1 as unknown as number[], inputDtype: 'float64' }), 5));
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, `meta.reported_loss is 5 but the CrossEntropyLoss recomputed from this case is ${fmt(ELL, 6)} (relative difference ${fmt((5 - ELL) / 5)}). No variant tried reproduces it: 1 usual variant and 15 gradient-accumulation splits (${SPLITS}).`);
    assert.deepEqual(f.evidence.tried, { 'label_smoothing=0.1': r8(SMOOTHED) });
  });

  it("reduction='none' with class weights: a scalar w[y]·ℓ, the variants of any loss (no weight), no class-row variants", () => {
    const c = mkCase({ loss: { type: 'CrossEntropyLoss', reduction: 'none', weight: [1, 2, 0.5] }, input: X1, target: 1 as unknown as number[], inputDtype: 'float64' });
    const [f] = check(reportedLossMismatch, withReported(c, 5));
    assert.equal(f.message, `meta.reported_loss is 5 but the CrossEntropyLoss recomputed from this case is ${fmt(2 * ELL, 6)} (relative difference ${fmt((5 - 2 * ELL) / 5)}). No variant tried reproduces it: 1 usual variant and 15 gradient-accumulation splits (${SPLITS}).`);
    assert.deepEqual(f.evidence.tried, { 'no weight': r8(ELL) });
  });
});

describe('reported-loss-mismatch: one (C,) sample with reduction=\'sum\'', () => {
  it('no per-sample split of the C values (it would add 4 micro-batch variants): the loss / 2..16 only', () => {
    const [f] = check(reportedLossMismatch, withReported(mkCase({ loss: { type: 'CrossEntropyLoss', reduction: 'sum' }, input: X1, target: 1 as unknown as number[], inputDtype: 'float64' }), 5));
    assert.equal(f.message, `meta.reported_loss is 5 but the CrossEntropyLoss recomputed from this case is ${fmt(ELL, 6)} (relative difference ${fmt((5 - ELL) / 5)}). No variant tried reproduces it: 1 usual variant and 15 gradient-accumulation splits (${SPLITS}).`);
  });
});

describe('reported-loss-mismatch: one class (C = 1) still takes the class-index path', () => {
  it('NLLLoss with weight [2]: the weighted sum over the number of targets is tried (and equals loss.sum() / numel here)', () => {
    // ℓ = −x: 0.1 and 0.3, weighted ×2; mean = 0.8 / 4 = 0.2; the loop's 0.8 / 2 = 0.4, which is also
    // the sum of the two one-sample means 0.1 + 0.3
    const c = mkCase({ loss: { type: 'NLLLoss', weight: [2] }, input: [[-0.1], [-0.3]], target: [0, 0], inputDtype: 'float64' });
    const [f] = check(reportedLossMismatch, withReported(c, 0.4));
    assert.deepEqual(f.evidence.matches, ['loss.sum() / target.numel() (ignored positions counted in the denominator)', 'weighted sum / number of non-ignored targets (instead of / the sum of their weights)', 'sum of the micro-batch means (accumulated over 2 micro-batches of 1 samples without dividing by 2)']);
    assert.equal(f.message, 'meta.reported_loss is 0.4 but the NLLLoss recomputed from this case is 0.2 (relative difference 0.5). It is reproduced by: loss.sum() / target.numel() (ignored positions counted in the denominator) (0.4); weighted sum / number of non-ignored targets (instead of / the sum of their weights) (0.4); sum of the micro-batch means (accumulated over 2 micro-batches of 1 samples without dividing by 2) (0.4).');
  });
});

describe('reported-loss-mismatch: without ignore_index means ignoring nothing, class 100 included', () => {
  it('101 classes, targets [100, 5, 5, 3], ignore_index 5: the loop counting every target reproduces it', () => {
    const X = [0, 1, 2, 3].map((n) => Array.from({ length: 101 }, (_, k) => Math.sin(3 * n + 0.1 * k)));
    const Y = [100, 5, 5, 3];
    const all = Y.reduce((a, y, n) => a + lse(X[n]) - X[n][y], 0) / 4;
    const c = mkCase({ loss: { type: 'CrossEntropyLoss', ignore_index: 5 }, input: X, target: Y, inputDtype: 'float64' });
    const [f] = check(reportedLossMismatch, withReported(c, all));
    assert.deepEqual(f.evidence.matches, ['without ignore_index (the 2 targets equal to 5 counted as class 5)']);
    assert.deepEqual(f.edit, { path: ['loss', 'ignore_index'], value: -100 });
  });
});

describe('reported-loss-mismatch: precision variants of a float64 case', () => {
  it('1 % off (within the 5 % that tries precisions): float32 arithmetic is tried, a hair from the float64 loss', () => {
    const input = [[0.1, 0.7], [0.3, 1.1]], target = [[0.2, 0.3], [0.9, 0.4]];
    const mse = input.flat().reduce((a, v, i) => a + (v - target.flat()[i]) ** 2, 0) / 4;
    const [f] = check(reportedLossMismatch, withReported(mkCase({ loss: 'MSELoss', input, target, inputDtype: 'float64', targetDtype: 'float64' }), mse * 1.01));
    const tried = f.evidence.tried as Record<string, number>;
    assert.ok('float32 arithmetic' in tried, Object.keys(tried).join(' | '));
    const f32 = tried['float32 arithmetic'];
    // (a variant equal to the recomputed loss is not listed: its presence says float32 differs)
    assert.ok(Math.abs(f32 - mse) <= 1e-6 * mse, `${f32} vs ${mse}`);
    assert.ok(f.message.endsWith('No variant tried reproduces it: 4 usual variants and 19 gradient-accumulation splits (mean of micro-batch means, their sum, the last micro-batch, the loss / k, for k = 2..16).'), f.message);
  });

  it('precisions are tried below a 5 % relative difference: 4.95 % yes, 5.05 % no', () => {
    const input = [[0.1, 0.7], [0.3, 1.1]], target = [[0.2, 0.3], [0.9, 0.4]];
    const mse = input.flat().reduce((a, v, i) => a + (v - target.flat()[i]) ** 2, 0) / 4;
    const triedAt = (rel: number): string[] => Object.keys(check(reportedLossMismatch, withReported(mkCase({ loss: 'MSELoss', input, target, inputDtype: 'float64', targetDtype: 'float64' }), mse / (1 - rel)))[0].evidence.tried as object);
    assert.ok(triedAt(0.0495).includes('float32 arithmetic'));
    assert.ok(!triedAt(0.0505).includes('float32 arithmetic'));
  });
});

describe('reported-loss-mismatch: a sample of padding only', () => {
  // (N, C, L) = (3, 3, 2): sample 1 is all padding (−100), sample 2 has one position; the loop
  // averages each sample's positions over the 2 samples that have any
  const X = [0, 1, 2].map((n) => [0, 1, 2].map((c) => [0, 1].map((l) => Math.sin(5 * n + 2 * c + l) * 2)));
  const Y = [[0, 2], [-100, -100], [1, -100]];
  const ell = (n: number, l: number): number => lse(X[n].map((row) => row[l])) - X[n][Y[n][l]][l];
  const perSample = ((ell(0, 0) + ell(0, 1)) / 2 + ell(2, 0)) / 2;
  const tokenMean = (ell(0, 0) + ell(0, 1) + ell(2, 0)) / 3;
  it("mean over each sample's positions, then over the 2 samples that have positions", () => {
    assert.ok(Math.abs(perSample - tokenMean) > 1e-2 * tokenMean, 'the two means differ');
    const [f] = check(reportedLossMismatch, withReported(mkCase({ loss: 'CrossEntropyLoss', input: X, target: Y, inputDtype: 'float64' }), perSample));
    assert.deepEqual(f.evidence.matches, ["mean over each sample's positions, then over samples"]);
    assert.ok(f.message.endsWith(`It is reproduced by: mean over each sample's positions, then over samples (${fmt(perSample, 6)}).`), f.message);
  });
});
