/**
 * reported-loss-mismatch: the variants of sequence inputs (per-sample means of (N, C, L) positions),
 * the ignore_index variants' fixes and edits, and the whole-ratio note at its k = 2 boundary. The
 * reported numbers are what the buggy loop logs, computed here by hand from the per-position
 * cross-entropy ℓ = logsumexp(x[n, :, l]) − x[n, y, l].
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, mkCase } from '../harness';
import type { LossCase } from '../../../../src/io/types';
import { fmt } from '../../../../src/diagnostics/format';
import { reportedLossMismatch } from '../../../../src/diagnostics/rules/reported-loss-mismatch';

const DUMP = ['# and dump the criterion you really train with:', 'dump_case("case.json", criterion, logits, target, meta={"reported_loss": loss.item()})'];
const lse = (v: number[]): number => Math.log(v.reduce((a, x) => a + Math.exp(x), 0));

// (N, C, L) = (2, 3, 4) logits; sample 1's last two positions are padding (−100)
const X = [0, 1].map((n) => [0, 1, 2].map((c) => [0, 1, 2, 3].map((l) => Math.sin(7 * n + 3 * c + l) * 2)));
const Y = [[0, 2, 1, 1], [2, 0, -100, -100]];
/** ℓ at (n, l) */
const ell = (n: number, l: number, y = Y[n][l]): number => lse(X[n].map((row) => row[l])) - X[n][y][l];
const valid = (n: number): number[] => [0, 1, 2, 3].filter((l) => Y[n][l] !== -100);
const tokenMean = (valid(0).reduce((a, l) => a + ell(0, l), 0) + valid(1).reduce((a, l) => a + ell(1, l), 0)) / 6;
const sampleMean = (valid(0).reduce((a, l) => a + ell(0, l), 0) / 4 + valid(1).reduce((a, l) => a + ell(1, l), 0) / 2) / 2;
function seq(reported: number, loss: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): LossCase {
  const c = mkCase({ loss: { type: 'CrossEntropyLoss', ...loss }, input: X, target: Y, inputDtype: 'float64' });
  c.meta = { ...meta, reported_loss: reported };
  return c;
}

describe('reported-loss-mismatch: sequence inputs (N, C, L)', () => {
  it("the loop averages each sample's positions, then the samples", () => {
    assert.ok(Math.abs(sampleMean - tokenMean) > 1e-3 * tokenMean, 'the two means differ');
    // 3 steps do not split 2 samples: only the loss / 3 is tried besides the usual variants
    const [f] = check(reportedLossMismatch, seq(sampleMean, {}, { gradient_accumulation_steps: 3 }));
    assert.ok(f, 'fires');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.evidence.matches, ["mean over each sample's positions, then over samples"]);
    assert.equal(f.message, `meta.reported_loss is ${fmt(sampleMean, 6)} but the CrossEntropyLoss recomputed from this case is ${fmt(tokenMean, 6)} (relative difference ${fmt(Math.abs(sampleMean - tokenMean) / Math.max(sampleMean, tokenMean))}). It is reproduced by: mean over each sample's positions, then over samples (${fmt(sampleMean, 6)}).`);
    assert.deepEqual(f.fix.split('\n'), [
      "# the loop averages each sample's positions first, then the samples: long and short sequences weigh the same",
      "# PyTorch's mean weighs every token the same; pick one on purpose",
      ...DUMP,
    ]);
    assert.equal(f.edit, undefined);
    assert.equal(f.field, 'meta.reported_loss');
    const tried = f.evidence.tried as Record<string, number>;
    // the 8 positions' sum over all 8 (padding counted in the denominator)
    const sum = tokenMean * 6;
    assert.equal(tried["reduction='sum'"], Number(sum.toPrecision(8)));
    assert.equal(tried['loss.sum() / target.numel() (ignored positions counted in the denominator)'], Number((sum / 8).toPrecision(8)));
    assert.equal(tried["mean over each sample's positions, then over samples"], Number(sampleMean.toPrecision(8)));
    assert.equal(tried['the loss / 3 (divided by 3 gradient-accumulation steps before logging)'], Number((tokenMean / 3).toPrecision(8)));
  });

  it('the padding counted in the denominator: loss.sum() / target.numel()', () => {
    const [f] = check(reportedLossMismatch, seq(tokenMean * 6 / 8, {}, { gradient_accumulation_steps: 3 }));
    assert.deepEqual(f.evidence.matches, ['loss.sum() / target.numel() (ignored positions counted in the denominator)']);
    assert.deepEqual(f.fix.split('\n'), [
      '# the loop divides the summed loss by target.numel(), counting ignored positions:',
      "loss = loss_sum / (target != ignore_index).sum()   # or simply reduction='mean'",
      ...DUMP,
    ]);
  });

  it('the loop does not ignore the padding: −100 counted as a class is out of range, so the pad value is 2 here', () => {
    // ignore_index = 2 in the case; the loop ignores nothing (ignore_index −100): class 2 counted
    const y2 = Y.map((r) => r.map((v) => (v === -100 ? 2 : v)));
    const all = [0, 1].flatMap((n) => [0, 1, 2, 3].map((l) => lse(X[n].map((row) => row[l])) - X[n][y2[n][l]][l]));
    const loopLoss = all.reduce((a, v) => a + v, 0) / 8;
    const c = mkCase({ loss: { type: 'CrossEntropyLoss', ignore_index: 2 }, input: X, target: y2, inputDtype: 'float64' });
    c.meta = { reported_loss: loopLoss, gradient_accumulation_steps: 3 };
    const [f] = check(reportedLossMismatch, c);
    const name = 'without ignore_index (the 4 targets equal to 2 counted as class 2)';
    assert.deepEqual(f.evidence.matches, [name]);
    assert.ok(f.message.endsWith(` It is reproduced by: ${name} (${fmt(loopLoss, 6)}).`), f.message);
    assert.deepEqual(f.fix.split('\n'), [
      '# the training loop does not ignore the padding: pad targets are counted as a class',
      'criterion = nn.CrossEntropyLoss(ignore_index=2)   # or label the padding -100',
      ...DUMP,
    ]);
    assert.deepEqual(f.edit, { path: ['loss', 'ignore_index'], value: -100 });
  });

  it('the loop ignores the pad token (meta.pad_token_id 1), the dump does not', () => {
    const y1 = Y.map((r) => r.map((v) => (v === -100 ? 1 : v)));
    let s = 0, n = 0;
    for (let i = 0; i < 2; i++) for (let l = 0; l < 4; l++) if (y1[i][l] !== 1) { s += lse(X[i].map((row) => row[l])) - X[i][y1[i][l]][l]; n++; }
    const c = mkCase({ loss: 'CrossEntropyLoss', input: X, target: y1, inputDtype: 'float64' });
    c.meta = { reported_loss: s / n, pad_token_id: 1, gradient_accumulation_steps: 3 };
    const [f] = check(reportedLossMismatch, c);
    assert.deepEqual(f.evidence.matches, ['ignore_index=1 (the pad token)']);
    assert.deepEqual(f.fix.split('\n'), [
      '# the training loop ignores the pad token but the dump does not say so: set it in the dump',
      'criterion = nn.CrossEntropyLoss(ignore_index=1)',
      ...DUMP,
    ]);
    assert.deepEqual(f.edit, { path: ['loss', 'ignore_index'], value: 1 });
  });

  it('a pad_token_id equal to ignore_index adds no variant', () => {
    const c = seq(tokenMean * 1.5, {}, { pad_token_id: -100, gradient_accumulation_steps: 3 });
    const [f] = check(reportedLossMismatch, c);
    assert.ok(!Object.keys(f.evidence.tried as object).some((k) => k.startsWith('ignore_index=')), Object.keys(f.evidence.tried as object).join(' | '));
  });
});

describe('reported-loss-mismatch: the whole-ratio note', () => {
  // MSELoss over (8, 3), predictions 0: the loss is the mean of the squared targets
  const T = Array.from({ length: 8 }, (_, i) => [1 + (i % 3), 2 - (i % 2), 0.5 * i]);
  const mse = T.flat().reduce((a, v) => a + v * v, 0) / 24;
  const mk = (reported: number): LossCase => {
    const c = mkCase({ loss: 'MSELoss', input: T.map((r) => r.map(() => 0)), target: T, inputDtype: 'float64', targetDtype: 'float64' });
    // 3 steps do not split 8 samples, and the loss / 3 is no whole multiple of 2
    c.meta = { reported_loss: reported, gradient_accumulation_steps: 3 };
    return c;
  };
  const NOTE = (what: string, k: number): string => ` The reported value is ${what} the recomputed one: a loss divided by gradient-accumulation steps, or summed/averaged over a different count (${k}).`;
  it('exactly 2×: named (k = 2 is the smallest whole ratio)', () => {
    const [f] = check(reportedLossMismatch, mk(2 * mse));
    assert.deepEqual(f.evidence.matches, []);
    assert.equal(f.evidence.ratio, 2);
    assert.ok(f.message.endsWith(`No variant tried reproduces it: 1 usual variant and 1 gradient-accumulation split (3 steps from meta).${NOTE('2×', 2)}`), f.message);
  });
  it('exactly 1/2: named', () => {
    const [f] = check(reportedLossMismatch, mk(mse / 2));
    assert.equal(f.evidence.ratio, 0.5);
    assert.ok(f.message.endsWith(NOTE('1/2 of', 2)), f.message);
  });
  it('1.5× and 1/1.5: no whole ratio (k would round to 2), no note', () => {
    for (const r of [1.5 * mse, mse / 1.5]) {
      const [f] = check(reportedLossMismatch, mk(r));
      assert.ok(f.message.endsWith('1 usual variant and 1 gradient-accumulation split (3 steps from meta).'), f.message);
    }
  });
  it('2.002× is within rtol 1e-3 of 2 (relative to the ratio): named; 2.003× is not', () => {
    assert.ok(check(reportedLossMismatch, mk(2.0019 * mse))[0].message.endsWith(NOTE('2×', 2)));
    assert.ok(check(reportedLossMismatch, mk(2.0031 * mse))[0].message.endsWith('1 usual variant and 1 gradient-accumulation split (3 steps from meta).'));
  });
  it('a negative reported loss (ratio −2): no note', () => {
    const [f] = check(reportedLossMismatch, mk(-2 * mse));
    assert.equal(f.evidence.ratio, -2);
    assert.ok(f.message.endsWith('1 usual variant and 1 gradient-accumulation split (3 steps from meta).'), f.message);
  });
});
