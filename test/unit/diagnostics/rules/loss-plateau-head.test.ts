/**
 * loss-plateau: the drop before the plateau is measured from the mean of the curve's first 5 %
 * ("head"); a head of exactly 0 (a loss logged as 0 before the first step) gives no drop (0, not
 * −Infinity from 0/0-style division), so the curve counts as flat from the start.
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable } from '../harness';
import { fmt } from '../../../../src/diagnostics/format';
import { tensor } from '../../../../src/engine/tensor';
import { lossPlateau } from '../../../../src/diagnostics/rules/loss-plateau';

const LOGK = Math.log(4);
const COUNTS = [25, 25, 25, 25];
const labels = COUNTS.flatMap((n, k) => new Array<number>(n).fill(k));
const ce = (train: number[]) => mkCase({
  loss: 'CrossEntropyLoss',
  input: tensor(new Float32Array(labels.length * 4), [labels.length, 4]),
  target: tensor(Float64Array.from(labels), [labels.length], 'int64'),
  history: { train },
});
/** 20 steps: the first (the whole head, round(20/20) = 1 step) is `first`, then 2 ×4, then log K ×15 */
const curve = (first: number): number[] => [first, 2, 2, 2, 2, ...new Array<number>(15).fill(LOGK)];

ruleTable(lossPlateau, {
  severity: 'warning',
  fires: [
    {
      name: 'a first logged value of 0: no drop (0), flat from the start at log K',
      case: () => ce(curve(0)),
      expect: (f) => {
        assert.equal(f.message, `The train loss is flat from the start (20 steps), at ${fmt(LOGK, 4)} ≈ log K = ${fmt(LOGK, 4)} (K = 4): the model predicts uniform probabilities, i.e. chance.`);
        assert.deepEqual([f.evidence.first, f.evidence.plateauStart, f.evidence.dropBeforePlateau], [0, 0, 0]);
      },
    },
    {
      name: 'a first value of 2: the curve fell 30.7 % before the plateau (from step 6: the moving average over 2 steps)',
      case: () => ce(curve(2)),
      expect: (f) => {
        assert.equal(f.evidence.dropBeforePlateau, Number(((2 - LOGK) / 2).toPrecision(4)));
        assert.ok(f.message.startsWith('The train loss is flat since step 6 of 20 (after falling 30.7%), '), f.message);
      },
    },
  ],
  silent: [{ name: 'falling to 0.5 of log K: below the constant model, no plateau to report', case: () => ce([0, 2, 2, 2, 2, ...new Array<number>(15).fill(0.5 * LOGK)]) }],
});
