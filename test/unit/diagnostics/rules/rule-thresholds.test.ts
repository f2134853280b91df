/**
 * Threshold boundaries: for each numeric threshold of a rule, a case just inside (fires) and one
 * just outside (silent), and where the comparison itself matters (≤ vs <) a case exactly on it.
 * A rule's defaults are pinned elsewhere (docs and `rules --json` agree); these cases pin the
 * comparisons. docs/testing.md lists the mutant each case kills.
 */
import { ruleTable, mkCase } from '../harness';
import type { LossCase } from '../../../../src/io/types';
import { doubleSoftmax } from '../../../../src/diagnostics/rules/double-softmax';
import { classImbalance } from '../../../../src/diagnostics/rules/class-imbalance';
import { reportedLossMismatch } from '../../../../src/diagnostics/rules/reported-loss-mismatch';

/** CrossEntropyLoss over `rows` (each a row of C values) with targets cycling over the classes. */
function ceRows(rows: number[][], dtype: 'float32' | 'float64' = 'float64'): LossCase {
  return mkCase({ loss: 'CrossEntropyLoss', input: rows, target: rows.map((_, i) => i % rows[0].length), inputDtype: dtype });
}
/** `n` rows of 4 probabilities scaled to sum to `sum` (every value stays in [0, 1]). */
function rowsSumming(n: number, sum: number): number[][] {
  const p = [0.1, 0.2, 0.3, 0.4].map((v) => v * sum);
  return Array.from({ length: n }, (_, i) => [...p.slice(i % 4), ...p.slice(0, i % 4)]);
}

ruleTable(doubleSoftmax, {
  severity: 'warning',
  fires: [
    { name: 'every row sums to 1.009 (inside the 0.01 tolerance)', case: ceRows(rowsSumming(10, 1.009)), expect: { evidence: { rows: 10, rowsSummingToOne: 10 } } },
    { name: 'rows sum to exactly 1 + sumTolerance (0.25, exactly representable)', case: ceRows(rowsSumming(10, 1.25)), options: { sumTolerance: 0.25 }, expect: { evidence: { rowsSummingToOne: 10 } } },
    {
      name: 'exactly 9 of 10 rows sum to 1 (share = minRowShare 0.9)',
      case: ceRows([...rowsSumming(9, 1), [0.1, 0.1, 0.1, 0.1]]),
      expect: { evidence: { rows: 10, rowsSummingToOne: 9 } },
    },
    {
      name: 'values exactly at the [−1e-6, 1 + 1e-6] rounding margin',
      case: ceRows([[-1e-6, 1 + 1e-6], [1 + 1e-6, -1e-6], [0.5, 0.5], [0.25, 0.75]]),
      expect: { evidence: { inputMin: -1e-6, inputMax: 1 + 1e-6 } },
    },
  ],
  silent: [
    { name: 'every row sums to 1.011 (just outside the 0.01 tolerance)', case: ceRows(rowsSumming(10, 1.011)) },
    { name: 'every row sums to 0.989 (just outside, below 1)', case: ceRows(rowsSumming(10, 0.989)) },
    { name: 'only 8 of 10 rows sum to 1 (share 0.8 < 0.9)', case: ceRows([...rowsSumming(8, 1), [0.1, 0.1, 0.1, 0.1], [0.05, 0.05, 0.05, 0.05]]) },
    { name: 'a value of −2e-6 (outside the margin: not probabilities)', case: ceRows([[-2e-6, 1 + 2e-6], [1, 0], [0.5, 0.5], [0.25, 0.75]]) },
    { name: 'a value of 1 + 2e-6 (outside the margin)', case: ceRows([[1 + 2e-6, 0], [1, 0], [0.5, 0.5], [0.25, 0.75]]) },
  ],
});

// class-imbalance, multiclass: fires when max/min ≥ minRatio (5) and max ≥ 5·(min + 2·√min).
function labels(counts: number[]): LossCase {
  const y = counts.flatMap((n, k) => new Array<number>(n).fill(k));
  const C = counts.length;
  const x = y.map((_, i) => Array.from({ length: C }, (_, k) => Math.sin(i + 3 * k)));
  return mkCase({ loss: 'CrossEntropyLoss', input: x, target: y });
}
// class-imbalance, binary: `pos` positives among `n` targets, scored so that they are not separated
// (positives get the lowest scores: PR-AUC far below the 0.9 that would mean "already learned").
function binary(pos: number, n: number): LossCase {
  const y = Array.from({ length: n }, (_, i) => (i < pos ? 1 : 0));
  const x = y.map((v, i) => (v ? -2 : 0.5 + Math.sin(i)));
  return mkCase({ loss: 'BCEWithLogitsLoss', input: x, target: y });
}

// Flattened padded tag sequences: each row's labels, then ignore_index (-100) up to the longest row.
function flattenedTags(counts: number[], pads: number[], run = true): LossCase {
  const base = labels(counts);
  const y = Array.from(base.target.data);
  const x = y.map((_, i) => Array.from({ length: counts.length }, (_, k) => Math.sin(i + 3 * k)));
  const out: number[] = [], xs: number[][] = [];
  const per = Math.ceil(y.length / pads.length);
  pads.forEach((p, r) => {
    const ys = y.slice(r * per, (r + 1) * per);
    ys.forEach((v, j) => { out.push(v); xs.push(x[r * per + j]); });
    // padding as one run per row, or (run = false) the same number of ignored labels spread singly
    for (let j = 0; j < p; j++) { if (run) { out.push(-100); xs.push(x[0]); } else { out.splice(out.length - 2 * j - 1, 0, -100); xs.push(x[0]); } }
  });
  return mkCase({ loss: { type: 'CrossEntropyLoss', ignore_index: -100 }, input: xs, target: out });
}

ruleTable(classImbalance, {
  severity: 'warning',
  fires: [
    { name: 'ratio exactly minRatio 5:1 (50 vs 10) with the noise margin off', case: labels([50, 10]), options: { noiseSigmas: 0 }, expect: { evidence: { ratio: 5, counts: [50, 10] } } },
    { name: 'majority exactly 5·(min + 2√min): 120 vs 16', case: labels([120, 16]), expect: { evidence: { ratio: 7.5 } } },
    { name: 'exactly minSamples (60) targets', case: labels([50, 10]), options: { noiseSigmas: 0, minSamples: 60 }, expect: { evidence: { total: 60 } } },
    { name: 'binary: 10 of 100 positive (rate exactly maxPositiveRate 0.1)', case: binary(10, 100), expect: { evidence: { positives: [10], totals: [100] } } },
    { name: 'binary: 5 of 50 positive (exactly minSamples 50)', case: binary(5, 50), expect: { evidence: { positives: [5], totals: [50] } } },
    { name: 'ignored labels one at a time (unlabelled examples, not padding): still judged', case: flattenedTags([120, 16], [3, 4, 5], false), expect: { evidence: { ratio: 7.5 } } },
    { name: 'ignored runs of 3+ all of one length (not padding to a longest row): still judged', case: flattenedTags([120, 16], [3, 3, 3]), expect: { evidence: { ratio: 7.5 } } },
    { name: 'one ignored run only: still judged', case: flattenedTags([120, 16], [5]), expect: { evidence: { ratio: 7.5 } } },
  ],
  silent: [
    { name: 'ratio 4.9:1 (49 vs 10) with the noise margin off', case: labels([49, 10]), options: { noiseSigmas: 0 } },
    { name: 'majority one below 5·(min + 2√min): 119 vs 16', case: labels([119, 16]) },
    { name: '59 targets with minSamples 60', case: labels([50, 9]), options: { noiseSigmas: 0, minSamples: 60 } },
    { name: 'binary: 11 of 100 positive (rate 0.11)', case: binary(11, 100) },
    { name: 'binary: 4 of 49 positive (below minSamples)', case: binary(4, 49) },
    { name: 'flattened padded tag sequences (.view(-1)): -100 runs of 3 and 4 — token tags, not judged', case: flattenedTags([120, 16], [3, 4]) },
  ],
});

// reported-loss-mismatch: |reported − recomputed| ≤ rtol·max(|reported|, |recomputed|) + atol, rtol 1e-3.
// An absolute tolerance would call float32 logging of a large loss a mismatch.
/** MSELoss of one value (float64, so the recomputed loss is exact: (x − y)²) with a reported loss. */
function mse(x: number, y: number, reported: number): LossCase {
  return mkCase({ loss: 'MSELoss', input: [x], target: [y], inputDtype: 'float64', targetDtype: 'float64', meta: { reported_loss: reported } });
}

ruleTable(reportedLossMismatch, {
  severity: 'warning',
  fires: [
    { name: 'a 6.4e5 loss reported 0.11 % higher', case: mse(800, 0, 640000 * 1.0011), expect: { evidence: { reported: 640000 * 1.0011, recomputed: 640000 } } },
    { name: 'a 0.25 loss reported 0.11 % lower', case: mse(1, 0.5, 0.25 * 0.9989), expect: { evidence: { recomputed: 0.25 } } },
    { name: 'a 0 loss reported as 2e-7 (beyond atol 1e-7)', case: mse(3, 3, 2e-7), expect: { evidence: { recomputed: 0 } } },
    { name: 'just past rtol·max with rtol 0.5, atol 0 (0.25 vs 0.5000001)', case: mse(1, 0.5, 0.5000001), options: { rtol: 0.5, atol: 0 } },
  ],
  silent: [
    { name: 'a 6.4e5 loss reported 0.02 % higher (float32 logging, not a bug)', case: mse(800, 0, 640000 * 1.0002) },
    { name: 'a 6.4e5 loss reported 0.09 % lower', case: mse(800, 0, 640000 * 0.9991) },
    { name: 'a 0.25 loss reported 0.09 % higher', case: mse(1, 0.5, 0.25 * 1.0009) },
    { name: 'a 0 loss reported as 5e-8 (within atol 1e-7)', case: mse(3, 3, 5e-8) },
    { name: 'exactly on rtol·max with rtol 0.5, atol 0 (0.25 vs 0.5)', case: mse(1, 0.5, 0.5), options: { rtol: 0.5, atol: 0 } },
    { name: 'exactly on atol with rtol 0 (0 vs 2^-20)', case: mse(3, 3, 2 ** -20), options: { rtol: 0, atol: 2 ** -20 } },
  ],
});
