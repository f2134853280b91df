/**
 * nll-expects-log-probabilities, the rest of the rule beside activation-edges: the message with a
 * positive loss, every evidence number (row logsumexp computed here: m + log Σ exp(x − m)),
 * lseTolerance exactly on the median |logsumexp| (rows [a, a]: logsumexp a + log 2) and just under it,
 * sampleRows (spread rows, at least 1, floored), two classes, one class, an infinite logit.
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable } from '../harness';
import { fmt } from '../../../../src/diagnostics/format';
import { tensor } from '../../../../src/engine/tensor';
import { nllExpectsLogProbabilities } from '../../../../src/diagnostics/rules/nll-expects-log-probabilities';

const lse = (r: number[]): number => { const m = Math.max(...r); return m + Math.log(r.reduce((s, v) => s + Math.exp(v - m), 0)); };
const median = (v: number[]): number => { const s = [...v].sort((a, b) => a - b); const n = s.length; return n % 2 ? s[(n - 1) / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]); };
const ROWS = [[2, 0, -1], [0, 3, 1], [1, 1, 4], [-2, 0, 2]];
const nll = (rows: number[][], target: number[], loss: Record<string, unknown> = {}) => mkCase({ loss: { type: 'NLLLoss', ...loss }, input: rows, target, inputDtype: 'float64' });
const head = (med: number, rows: number, C: number, what: string): string => `NLLLoss expects log-probabilities (each row's logsumexp is 0), but the median row logsumexp is ${fmt(med)} over ${rows} rows of ${C} classes; the input looks like ${what}. NLLLoss just takes −input[target], so the loss`;
const TAIL = 'is not a cross-entropy and the other classes get no gradient.';
const LOGITS = 'raw logits (no log_softmax)';
// rows [a, a]: logsumexp exactly a + log 2 (m = a, Σ = 2)
const PAIRS = [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]];

ruleTable(nllExpectsLogProbabilities, {
  severity: 'warning',
  fires: [
    {
      name: 'logits whose target entries are negative: a positive loss, every evidence number',
      case: nll(ROWS, [2, 0, 0, 0]),
      expect: (f) => {
        const l = ROWS.map(lse);
        const loss = -(-1 + 0 + 1 - 2) / 4;
        assert.equal(f.message, `${head(median(l), 4, 3, LOGITS)} (${fmt(loss)}) ${TAIL}`);
        assert.deepEqual({ ...f.evidence, medianRowLogsumexp: 0, maxAbsRowLogsumexp: 0 }, {
          rowsChecked: 4, numClasses: 3, medianRowLogsumexp: 0, maxAbsRowLogsumexp: 0, nonNegativeValues: 10, nonNegativeShare: Number((10 / 12).toPrecision(6)),
          inputMin: -2, inputMax: 4, looksLike: 'logits', loss,
        });
        assert.ok(Math.abs((f.evidence.medianRowLogsumexp as number) - median(l)) < 1e-5);
        assert.ok(Math.abs((f.evidence.maxAbsRowLogsumexp as number) - Math.max(...l.map(Math.abs))) < 1e-5);
        assert.deepEqual(f.edit, { path: ['loss', 'type'], value: 'CrossEntropyLoss' });
        assert.equal(f.field, 'input');
      },
    },
    {
      name: 'logits with a positive target entry: a negative loss',
      case: nll(ROWS, [0, 1, 2, 2]),
      expect: (f) => assert.equal(f.message, `${head(median(ROWS.map(lse)), 4, 3, LOGITS)} (${fmt(-(2 + 3 + 4 + 2) / 4)}, negative) ${TAIL}`),
    },
    { name: 'two classes', case: nll([[2, 0], [0, 3], [1, 1]], [0, 1, 0]), expect: { evidence: { numClasses: 2, rowsChecked: 3 } } },
    { name: 'lseTolerance just under the median |logsumexp|', case: nll(PAIRS, [0, 1, 0]), options: { lseTolerance: 0.5 + Math.log(2) - 1e-9 }, expect: { evidence: { rowsChecked: 3 } } },
    {
      name: 'sampleRows 2 of 4: rows 0 and 2 (spread)',
      case: nll(ROWS, [0, 1, 2, 2]),
      options: { sampleRows: 2 },
      expect: (f) => {
        assert.equal(f.evidence.rowsChecked, 2);
        assert.ok(Math.abs((f.evidence.medianRowLogsumexp as number) - (lse(ROWS[0]) + lse(ROWS[2])) / 2) < 1e-5);
      },
    },
    { name: 'sampleRows 2.9 is floored to 2', case: nll(ROWS, [0, 1, 2, 2]), options: { sampleRows: 2.9 }, expect: { evidence: { rowsChecked: 2 } } },
    { name: 'sampleRows 0 still checks one row', case: nll(ROWS, [0, 1, 2, 2]), options: { sampleRows: 0 }, expect: { evidence: { rowsChecked: 1 } } },
    {
      name: 'an infinite logit: left out of the median and of the non-negative count',
      case: nll([...ROWS, [Infinity, 0, 1]], [0, 1, 2, 2, 1]),
      expect: (f) => {
        assert.equal(f.evidence.nonNegativeValues, 12);
        assert.ok(Math.abs((f.evidence.medianRowLogsumexp as number) - median(ROWS.map(lse))) < 1e-5);
      },
    },
  ],
  silent: [
    { name: 'lseTolerance exactly on the median |logsumexp| (a + log 2)', case: nll(PAIRS, [0, 1, 0]), options: { lseTolerance: 0.5 + Math.log(2) } },
    { name: 'one class', case: nll([[3], [2], [5]], [0, 0, 0]) },
    { name: 'log-probabilities', case: nll(ROWS.map((r) => r.map((v) => v - lse(r))), [0, 1, 2, 2]) },
    { name: 'log-probabilities shifted by 0.09 (under lseTolerance 0.1)', case: nll(ROWS.map((r) => r.map((v) => v - lse(r) + 0.09)), [0, 1, 2, 2]) },
    { name: 'a target that fits no layout', case: mkCase({ loss: 'NLLLoss', input: ROWS, target: [0, 1, 2] }) },
    { name: 'an empty batch', case: mkCase({ loss: 'NLLLoss', input: tensor(new Float64Array(0), [0, 3], 'float64'), target: tensor(new Float64Array(0), [0], 'int64') }) },
  ],
});
