/**
 * target-not-a-distribution next to non-finite rows: a row skipped for a NaN (non-finite-values reports
 * it) adds nothing to the tallies — no negative entry, no non-binary or non-count entry — so the
 * "n of m rows" the message quotes and the pattern it names describe the checked rows only. Before,
 * a row [-0.5, NaN, 1.5] next to healthy rows fired an error "0 of 2 rows (0.0%) are not
 * [distributions]: 1 entries are negative".
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable } from '../harness';
import type { LossCase } from '../../../../src/io/types';
import { tensor } from '../../../../src/engine/tensor';
import { targetNotADistribution } from '../../../../src/diagnostics/rules/target-not-a-distribution';

const X = [[1, 2, 0], [0, 1, 2], [2, 0, 1]];
/**
 * KLDivLoss (2, 3, 2): target[n, c, 0] NaN, target[n, c, 1] = 0.5 (dim-1 rows sum to 1.5); the input
 * log_softmax along dim 1. Along dim 2 and along dims 1…2 every row holds a NaN: nothing checked
 * there, which is no distribution either, so the rows along dim 1 (the input's axis) are reported.
 */
function klNaN(): LossCase {
  const N = 2, C = 3, L = 2;
  const x = new Float64Array(N * C * L), t = new Float64Array(N * C * L);
  for (let n = 0; n < N; n++) for (let l = 0; l < L; l++) {
    const z = [0, 1, 2].map((c) => Math.sin(n + 2 * c + 3 * l));
    const m = Math.log(z.reduce((a, v) => a + Math.exp(v), 0));
    for (let c = 0; c < C; c++) { x[(n * C + c) * L + l] = z[c] - m; t[(n * C + c) * L + l] = l === 0 ? NaN : 0.5; }
  }
  return mkCase({ loss: 'KLDivLoss', input: tensor(x, [N, C, L], 'float64'), target: tensor(t, [N, C, L], 'float64') });
}
const ce = (target: number[][]): LossCase => mkCase({ loss: 'CrossEntropyLoss', input: X, target, inputDtype: 'float64', targetDtype: 'float64' });

ruleTable(targetNotADistribution, {
  severity: 'error',
  fires: [
    {
      name: 'a NaN row with a negative entry, and one checked row with a negative entry: 1 of 2 rows, 1 negative entry',
      case: ce([[-0.5, NaN, 1.5], [0.5, -0.25, 0.75], [0.1, 0.1, 0.8]]),
      expect: (f) => {
        assert.ok(f.message.startsWith('CrossEntropyLoss expects probability targets whose rows along the class axis (dim 1, 3 classes) are distributions, but 1 of 2 rows (50.0%) are not (allowed slack ±0.015): 1 entries are negative. '), f.message);
        assert.deepEqual([f.evidence.rows, f.evidence.rowsChecked, f.evidence.badRows, f.evidence.negativeEntries, f.evidence.firstBadRows], [3, 2, 1, 1, [1]]);
      },
    },
    {
      // severity warning: no negative entry once the NaN row is left out, rows sum to 2
      name: 'a NaN row with 0.5 next to multi-hot rows: still "every entry is 0 or 1" (multi-hot), not "rows sum to…"',
      severity: 'warning',
      case: ce([[0.5, NaN, 0.5], [1, 1, 0], [1, 0, 1]]),
      expect: (f) => {
        assert.ok(f.message.startsWith('CrossEntropyLoss expects probability targets whose rows along the class axis (dim 1, 3 classes) are distributions, but 2 of 2 rows (100.0%) are not (allowed slack ±'), f.message);
        assert.ok(f.message.includes('): every entry is 0 or 1 and rows sum to 2…2: multi-hot labels, not one distribution per row. '), f.message);
        assert.equal(f.fix.split('\n')[0], '# several labels per sample: a multi-label loss, one sigmoid per class');
      },
    },
    {
      name: 'a NaN row with 0.5 next to count rows: "entries are whole numbers" (counts)',
      severity: 'warning',
      case: ce([[0.5, NaN, 0.5], [2, 1, 0], [1, 0, 3]]),
      expect: (f) => assert.ok(f.message.includes('): entries are whole numbers and rows sum to 3…4: counts, not probabilities. '), f.message),
    },
    {
      name: 'KLDivLoss with a NaN in every row along dim 2: the checked rows along dim 1 (the input\'s axis) sum to 1.5',
      severity: 'warning',
      case: klNaN,
      expect: (f) => {
        assert.ok(f.message.startsWith('KLDivLoss expects probability targets whose rows along the class axis (dim 1, 3 classes) are distributions, but 2 of 2 rows (100.0%) are not (allowed slack ±0.15): rows sum to 1.5…1.5 (median 1.5) instead of 1. '), f.message);
        assert.deepEqual([f.evidence.rows, f.evidence.rowsChecked, f.evidence.firstBadRows], [4, 2, [1, 3]]);
      },
    },
  ],
  silent: [
    { name: 'the only negative entry sits in a NaN row; the checked rows are distributions', case: ce([[-0.5, NaN, 1.5], [0.2, 0.3, 0.5], [0.1, 0.1, 0.8]]) },
    { name: 'every row holds a NaN (nothing checked)', case: ce([[-0.5, NaN, 1.5], [NaN, 0.3, 0.5], [0.1, 0.1, NaN]]) },
  ],
});
