/**
 * Firing/silent tables for the misses and the advice fixed after real users' reports (issue 12):
 * small hand-built cases, one behaviour each. The PyTorch reproductions are in ../realbugs.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../../../../src/engine/tensor';
import { doubleSoftmax } from '../../../../src/diagnostics/rules/double-softmax';
import { labelSmoothingRisk } from '../../../../src/diagnostics/rules/label-smoothing-risk';
import { missingIgnoreIndex } from '../../../../src/diagnostics/rules/missing-ignore-index';
import { nonFiniteValues } from '../../../../src/diagnostics/rules/non-finite-values';
import { reportedLossMismatch } from '../../../../src/diagnostics/rules/reported-loss-mismatch';
import { shapeMismatch } from '../../../../src/diagnostics/rules/shape-mismatch';
import { targetOutOfRange } from '../../../../src/diagnostics/rules/target-out-of-range';
import { weightedProbabilityTargets } from '../../../../src/diagnostics/rules/weighted-probability-targets';
import { collapsedModel } from '../../../../src/diagnostics/rules/collapsed-model';
import { bceClampedLog } from '../../../../src/diagnostics/rules/bce-clamped-log';
import { classImbalance } from '../../../../src/diagnostics/rules/class-imbalance';
import { check, classifierLogits, mkCase, ruleTable, seeded } from '../harness';

const NEG = -Infinity;

/** (B, H, W) int64 mask: a disc of `fg` in the middle of each image, `bg` elsewhere. */
function discMask(B: number, H: number, W: number, fg: number, bg = 0): number[][][] {
  return Array.from({ length: B }, (_, b) => Array.from({ length: H }, (_, h) => Array.from({ length: W }, (_, w) => {
    const dy = h - H / 2 + (b % 2), dx = w - W / 2;
    return dy * dy + dx * dx <= (H / 4) ** 2 ? fg : bg;
  })));
}

function zeros(shape: number[]): ReturnType<typeof tensor> {
  return tensor(new Float64Array(shape.reduce((a, b) => a * b, 1)), shape, 'float32');
}

/** CE logits (N, K) and labels for a classifier, as plain arrays. */
function clf(n: number, k: number, seed: number, probs?: number[]): { x: number[][]; y: number[] } {
  const c = classifierLogits({ n, k, seed, classProbs: probs });
  return {
    x: Array.from({ length: n }, (_, i) => Array.from(c.logits.subarray(i * k, (i + 1) * k))),
    y: Array.from(c.labels),
  };
}

ruleTable(targetOutOfRange, {
  severity: 'error',
  fires: [
    {
      name: 'binary mask stored as {0, 255} with 2 output channels',
      case: mkCase({ loss: 'CrossEntropyLoss', input: zeros([2, 2, 8, 8]), target: discMask(2, 8, 8, 255) }),
      expect: { severity: 'error', message: /2 distinct values \(0, 255\)/, fix: /mask \/\/ 255/ },
    },
    {
      name: 'VOC-style void label 255 next to classes 0..2',
      case: mkCase({ loss: 'CrossEntropyLoss', input: zeros([1, 3, 4, 4]), target: [[[0, 1, 2, 255], [0, 1, 255, 2], [0, 0, 1, 1], [2, 2, 0, 255]]] }),
      expect: { severity: 'error', message: /void/, fix: /ignore_index=255/, edit: { path: ['loss', 'ignore_index'], value: 255 } },
    },
    {
      name: 'labels up to 7 with a 5-unit head: widen or remap',
      case: mkCase({ loss: 'CrossEntropyLoss', input: zeros([8, 5]), target: [0, 1, 2, 3, 4, 5, 6, 7] }),
      expect: { severity: 'error', fix: /nn\.Linear\(in_features, 8\)/ },
    },
  ],
  silent: [
    { name: 'the same mask remapped to {0, 1}', case: mkCase({ loss: 'CrossEntropyLoss', input: zeros([2, 2, 8, 8]), target: discMask(2, 8, 8, 1) }) },
  ],
});

test('the grey-level advice never suggests a 256-class head', () => {
  const c = mkCase({ loss: 'CrossEntropyLoss', input: zeros([2, 2, 8, 8]), target: discMask(2, 8, 8, 255) });
  const [f] = check(targetOutOfRange, c);
  assert.doesNotMatch(`${f.message}\n${f.fix}`, /Linear/);
});

ruleTable(missingIgnoreIndex, {
  severity: 'warning',
  fires: [
    {
      name: '(B, L) targets right-padded with 0',
      case: (() => {
        const r = seeded(7);
        const y = Array.from({ length: 6 }, () => {
          const len = 3 + r.int(8);
          return Array.from({ length: 12 }, (_, l) => (l < len ? 1 + r.int(9) : 0));
        });
        return mkCase({ loss: 'CrossEntropyLoss', input: zeros([6, 10, 12]), target: y });
      })(),
      expect: { severity: 'warning', evidence: { padValue: 0, source: 'trailing runs' } },
    },
  ],
  silent: [
    {
      name: '(B, H, W) text-line masks: background 0 to the right of the ink is a class, not padding',
      case: (() => {
        const r = seeded(8);
        const y = Array.from({ length: 3 }, () => Array.from({ length: 8 }, () => {
          const ink = 2 + r.int(10);
          return Array.from({ length: 16 }, (_, w) => (w < ink ? 1 : 0));
        }));
        return mkCase({ loss: 'CrossEntropyLoss', input: zeros([3, 2, 8, 16]), target: y });
      })(),
    },
    {
      name: '(B, T) frame labels with silence 0 before and after the utterance',
      case: (() => {
        const r = seeded(9);
        const y = Array.from({ length: 6 }, () => {
          const s = 1 + r.int(3), e = 8 + r.int(6);
          return Array.from({ length: 16 }, (_, t) => (t >= s && t < e ? 1 + r.int(4) : 0));
        });
        return mkCase({ loss: 'CrossEntropyLoss', input: zeros([6, 5, 16]), target: y });
      })(),
    },
  ],
});

ruleTable(shapeMismatch, {
  severity: 'error',
  fires: [
    {
      name: '(2, 1, 4, 4) prediction vs (2, 4, 4) masks: each sample meets both masks',
      case: mkCase({ loss: 'MSELoss', input: zeros([2, 1, 4, 4]), target: zeros([2, 4, 4]) }),
      expect: {
        severity: 'error',
        message: /read as \(1, 2, 4, 4\).*targets of all 2 samples/,
        fix: /target\.unsqueeze\(1\)/,
        evidence: { broadcastShape: [2, 2, 4, 4], pairs: 64, expectedPairs: 32 },
      },
    },
    {
      name: '(N, 1) vs (N,): every prediction against every target',
      case: mkCase({ loss: 'MSELoss', input: zeros([5, 1]), target: zeros([5]) }),
      expect: { severity: 'error', message: /every prediction is compared with every one of the 5 target values/ },
    },
  ],
  silent: [{ name: 'unsqueezed masks', case: mkCase({ loss: 'MSELoss', input: zeros([2, 1, 4, 4]), target: zeros([2, 1, 4, 4]) }) }],
});

ruleTable(doubleSoftmax, {
  severity: 'warning',
  fires: [
    {
      name: 'one row, exactly one-hot probabilities: the gradient ratio cannot be estimated',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [[1, 0, 0, 0]], target: [0] }),
      expect: (f) => {
        assert.equal(f.severity, 'warning');
        assert.doesNotMatch(f.message, /NaN|undefined/);
        assert.match(f.message, /cannot be measured/);
        assert.equal(f.evidence.gradientRatio, null);
      },
    },
  ],
  silent: [{ name: 'one row of logits', case: mkCase({ loss: 'CrossEntropyLoss', input: [[3.2, -1, 0.4, 0.1]], target: [0] }) }],
});

ruleTable(nonFiniteValues, {
  severity: 'error',
  fires: [
    {
      name: 'a row with every class at -inf, its target ignored (finite forward, NaN gradient)',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [[1, NEG, 0.5], [NEG, NEG, NEG], [0.2, 0.1, NEG]], target: [0, -100, 1] }),
      expect: { severity: 'error', message: /1 of 3 rows have all 3 classes at −inf.*ignore_index.*gradient there is NaN/, fix: /mask\.any\(dim=1\)/, evidence: { fullyMaskedRows: 1, ignoredAmongThem: 1 } },
    },
    {
      name: 'a fully masked row whose target counts: NaN loss',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [[1, NEG, 0.5], [NEG, NEG, NEG]], target: [0, 2] }),
      expect: { severity: 'error', message: /loss is NaN/, evidence: { fullyMaskedRows: 1, ignoredAmongThem: 0 } },
    },
    {
      name: 'KLDivLoss with -inf padded vocabulary columns where the target is 0',
      case: mkCase({
        loss: { type: 'KLDivLoss', reduction: 'batchmean' },
        input: [[-0.5, -1.2, -2, NEG, NEG], [-0.9, -0.8, -1.9, NEG, NEG]],
        target: [[0.5, 0.3, 0.2, 0, 0], [0.4, 0.4, 0.2, 0, 0]],
      }),
      expect: { severity: 'error', message: /0 · \(−inf\).*NaN.*columns \(3\.\.4\)/, fix: /\[\.\.\., :V\]/, evidence: { negInfWhereTargetZero: 4, paddedColumns: 2 } },
    },
  ],
  silent: [
    { name: '-inf on some classes of every row', case: mkCase({ loss: 'CrossEntropyLoss', input: [[1, NEG, 0.5], [NEG, 2, NEG]], target: [0, 1] }) },
  ],
});

ruleTable(labelSmoothingRisk, {
  severity: 'warning',
  fires: [
    {
      name: '2 % class weighted 49 with label_smoothing=0.1: it takes over the majority samples',
      case: () => {
        const { x, y } = clf(500, 2, 31, [0.98, 0.02]);
        return mkCase({ loss: { type: 'CrossEntropyLoss', label_smoothing: 0.1, weight: [1, 49] }, input: x, target: y });
      },
      expect: { severity: 'warning', message: /class 1 takes over/, fix: /label_smoothing=0/, evidence: { topWeightClass: 1, takeoverRatio: 2.579, weightRatio: 49 } },
    },
  ],
  silent: [
    {
      name: 'mild weights [1, 2] with label_smoothing=0.1',
      case: () => {
        const { x, y } = clf(500, 2, 32, [0.7, 0.3]);
        return mkCase({ loss: { type: 'CrossEntropyLoss', label_smoothing: 0.1, weight: [1, 2] }, input: x, target: y });
      },
    },
  ],
});

/** LM-like (B·L, V) logits with -100 padding per sequence of L tokens. */
function paddedLm(B: number, L: number, V: number, seed: number): { x: number[][]; y: number[] } {
  const r = seeded(seed);
  const x: number[][] = [], y: number[] = [];
  for (let b = 0; b < B; b++) {
    const len = 2 + r.int(L - 1);
    for (let l = 0; l < L; l++) {
      const t = l < len ? r.int(V) : -100;
      y.push(t);
      x.push(Array.from({ length: V }, (_, v) => r.normal() + (v === t ? 2 : 0)));
    }
  }
  return { x, y };
}

/** Mean CE over non-ignored rows (float64), for building reported numbers. */
function ceMean(x: number[][], y: number[]): number {
  let s = 0, n = 0;
  x.forEach((row, i) => {
    if (y[i] === -100) return;
    const m = Math.max(...row);
    s += m + Math.log(row.reduce((a, v) => a + Math.exp(v - m), 0)) - row[y[i]];
    n++;
  });
  return s / n;
}

ruleTable(reportedLossMismatch, {
  severity: 'warning',
  fires: [
    {
      name: 'gradient_accumulation_steps=4 in meta, logged mean of micro-batch means',
      case: () => {
        const { x, y } = paddedLm(8, 6, 7, 41);
        const logged = [0, 1, 2, 3].reduce((a, i) => a + ceMean(x.slice(i * 12, (i + 1) * 12), y.slice(i * 12, (i + 1) * 12)) / 4, 0);
        return mkCase({ loss: 'CrossEntropyLoss', input: x, target: y, meta: { reported_loss: logged, gradient_accumulation_steps: 4 } });
      },
      expect: { severity: 'warning', message: /reproduced by: mean of the micro-batch means \(gradient accumulation over 4 micro-batches/, fix: /n_total/ },
    },
    {
      name: 'no meta: two micro-batch losses added without dividing',
      case: () => {
        const { x, y } = paddedLm(8, 6, 7, 42);
        const logged = ceMean(x.slice(0, 24), y.slice(0, 24)) + ceMean(x.slice(24), y.slice(24));
        return mkCase({ loss: 'CrossEntropyLoss', input: x, target: y, meta: { reported_loss: logged } });
      },
      expect: { severity: 'warning', message: /sum of the micro-batch means \(accumulated over 2 micro-batches/, fix: /\/ 2/ },
    },
  ],
  silent: [
    {
      name: 'the logged loss of the dumped batch',
      case: () => {
        const { x, y } = paddedLm(8, 6, 7, 43);
        return mkCase({ loss: 'CrossEntropyLoss', input: x, target: y, meta: { reported_loss: ceMean(x, y), gradient_accumulation_steps: 4 } });
      },
    },
  ],
});

/** One-hot float rows for labels. */
function oneHot(y: number[], k: number): number[][] {
  return y.map((v) => Array.from({ length: k }, (_, c) => (c === v ? 1 : 0)));
}

ruleTable(weightedProbabilityTargets, {
  severity: 'warning',
  fires: [
    {
      name: 'one-hot targets with weight = max count / count: the loss is ~3× the index-target loss',
      case: () => {
        const { x, y } = clf(200, 3, 51, [0.7, 0.2, 0.1]);
        const counts = [0, 1, 2].map((k) => y.filter((v) => v === k).length);
        const w = counts.map((n) => Math.max(...counts) / n);
        return mkCase({ loss: { type: 'CrossEntropyLoss', weight: w }, input: x, target: oneHot(y, 3) });
      },
      expect: { severity: 'warning', message: /divides the weighted sum by the 200 rows/, fix: /argmax\(dim=1\)/, evidence: { rows: 200, oneHotRows: 200 } },
    },
    {
      name: 'soft (mixup) targets with weights normalised to mean 1 on a skewed set: ~10× smaller',
      case: () => {
        const { x, y } = clf(200, 3, 52, [0.9, 0.08, 0.02]);
        const soft = oneHot(y, 3).map((r) => r.map((v) => 0.9 * v + 0.1 / 3));
        return mkCase({ loss: { type: 'CrossEntropyLoss', weight: [0.05, 0.6, 2.35] }, input: x, target: soft });
      },
      expect: { severity: 'warning', message: /smaller/, fix: /per_row\.sum\(\)/ },
    },
  ],
  silent: [
    {
      name: 'the same weights with class-index targets',
      case: () => {
        const { x, y } = clf(200, 3, 51, [0.7, 0.2, 0.1]);
        return mkCase({ loss: { type: 'CrossEntropyLoss', weight: [1, 3.5, 7] }, input: x, target: y });
      },
    },
    {
      name: 'one-hot targets with weights near 1',
      case: () => {
        const { x, y } = clf(200, 3, 53);
        return mkCase({ loss: { type: 'CrossEntropyLoss', weight: [0.8, 1, 1.3] }, input: x, target: oneHot(y, 3) });
      },
    },
  ],
});

/** (n, k) rows all equal to `row`, with labels cycling through the classes. */
function constantRows(n: number, row: number[]): { x: number[][]; y: number[] } {
  return { x: Array.from({ length: n }, () => [...row]), y: Array.from({ length: n }, (_, i) => i % row.length) };
}

ruleTable(collapsedModel, {
  severity: 'warning',
  fires: [
    {
      name: 'every row equals the last bias (dead ReLUs)',
      case: () => {
        const { x, y } = constantRows(40, [0.14, -0.3, 0.55, 0.1, 0.08]);
        return mkCase({ loss: 'CrossEntropyLoss', input: x, target: y });
      },
      expect: { severity: 'warning', message: /same distribution over the 5 classes/, fix: /std\(dim=0\)/, evidence: { topClass: 2, targetClasses: 5, uniformLogits: false } },
    },
    {
      name: 'all logits zero: info (a zero-initialised head before its first step looks the same)',
      case: () => {
        const { x, y } = constantRows(40, [0, 0, 0, 0]);
        return mkCase({ loss: 'CrossEntropyLoss', input: x, target: y });
      },
      expect: { severity: 'info', message: /ln 4 = 1\.386/, evidence: { uniformLogits: true } },
    },
  ],
  silent: [
    {
      name: 'a partly trained classifier',
      case: () => {
        const { x, y } = clf(100, 5, 61);
        return mkCase({ loss: 'CrossEntropyLoss', input: x, target: y });
      },
    },
    {
      name: 'identical rows but every target is the same class (nothing to tell apart)',
      case: () => mkCase({ loss: 'CrossEntropyLoss', input: constantRows(40, [2, 0, 0]).x, target: new Array(40).fill(0) }),
    },
  ],
});

ruleTable(bceClampedLog, {
  severity: 'warning',
  fires: [
    {
      name: 'saturated sigmoid outputs (exactly 1) on negative targets',
      case: () => {
        const p = Array.from({ length: 100 }, (_, i) => (i < 5 ? 1 : 0.2 + 0.006 * i));
        const y = Array.from({ length: 100 }, (_, i) => (i < 5 ? 0 : i % 3 === 0 ? 1 : 0));
        return mkCase({ loss: 'BCELoss', input: p, target: y });
      },
      expect: { severity: 'warning', message: /5 of 100 BCELoss terms hit/, fix: /BCEWithLogitsLoss/, evidence: { clampedTerms: 5, atOneWithNegativeTarget: 5 } },
    },
  ],
  silent: [
    {
      name: 'probabilities inside (0, 1)',
      case: mkCase({ loss: 'BCELoss', input: [0.9, 0.2, 0.7, 0.05], target: [1, 0, 1, 0] }),
    },
    {
      name: 'exactly 1 on a positive target is no clamped term',
      case: mkCase({ loss: 'BCELoss', input: [1, 0, 0.7, 0.05], target: [1, 0, 1, 0] }),
    },
  ],
});

ruleTable(classImbalance, {
  severity: 'warning',
  fires: [
    {
      name: 'weight = class frequency (80/15/5 %)',
      case: () => {
        const { x, y } = clf(600, 3, 71, [0.8, 0.15, 0.05]);
        const counts = [0, 1, 2].map((k) => y.filter((v) => v === k).length);
        return mkCase({ loss: { type: 'CrossEntropyLoss', weight: counts.map((n) => n / 600) }, input: x, target: y });
      },
      expect: { severity: 'warning', message: /make the imbalance worse/, fix: /inverse frequency/, field: 'loss.weight' },
    },
    {
      name: 'pos_weight = n_pos / n_neg with 4 % positives',
      case: () => {
        const y = Array.from({ length: 500 }, (_, i) => [i % 25 === 0 ? 1 : 0]);
        return mkCase({ loss: { type: 'BCEWithLogitsLoss', pos_weight: [20 / 480] }, input: y.map(([v]) => [v ? 1 : -1]), target: y });
      },
      expect: { severity: 'warning', message: /weights them down instead of up/, edit: { path: ['loss', 'pos_weight'], value: [24] } },
    },
    {
      name: '(B, T) = (8, 100) frames with 3 % events: counted over all 800 positions',
      case: () => {
        const r = seeded(72);
        const y = Array.from({ length: 8 }, () => Array.from({ length: 100 }, () => (r.uniform() < 0.03 ? 1 : 0)));
        return mkCase({ loss: 'BCEWithLogitsLoss', input: y.map((row) => row.map((v) => (v ? 0 : -1) + r.normal())), target: y });
      },
      expect: { severity: 'warning', message: /counted together/, evidence: { totals: [800], labelAxis: null } },
    },
    {
      name: 'meta.label_dim = null pools a (B, 4) layout',
      case: () => {
        const y = Array.from({ length: 50 }, (_, i) => [0, 1, 2, 3].map((j) => ((i * 4 + j) % 40 === 0 ? 1 : 0)));
        return mkCase({ loss: 'BCEWithLogitsLoss', input: y.map((row) => row.map(() => 0)), target: y, meta: { label_dim: null } });
      },
      expect: { severity: 'warning', evidence: { totals: [200], labelAxis: null } },
    },
  ],
  silent: [
    {
      name: 'inverse-frequency weights',
      case: () => {
        const { x, y } = clf(600, 3, 71, [0.8, 0.15, 0.05]);
        return mkCase({ loss: { type: 'CrossEntropyLoss', weight: [0.3, 1.1, 1.6] }, input: x, target: y });
      },
    },
    {
      name: 'pos_weight = n_neg / n_pos',
      case: () => {
        const y = Array.from({ length: 500 }, (_, i) => [i % 25 === 0 ? 1 : 0]);
        return mkCase({ loss: { type: 'BCEWithLogitsLoss', pos_weight: [24] }, input: y.map(([v]) => [v ? 1 : -1]), target: y });
      },
    },
    {
      name: '4 % positives without pos_weight, already separated by the model (PR-AUC 1)',
      case: () => {
        const r = seeded(74);
        const y = Array.from({ length: 500 }, () => (r.uniform() < 0.04 ? 1 : 0));
        return mkCase({ loss: 'BCEWithLogitsLoss', input: y.map((v) => r.normal() + (v ? 3 : -3)), target: y });
      },
    },
    {
      name: 'multilabel (B, 4) with label rates 20-50 %',
      case: () => {
        const r = seeded(73);
        const rates = [0.2, 0.5, 0.3, 0.45];
        const y = Array.from({ length: 100 }, () => rates.map((p) => (r.uniform() < p ? 1 : 0)));
        return mkCase({ loss: 'BCEWithLogitsLoss', input: y.map((row) => row.map((v) => (v ? 1 : -1))), target: y });
      },
    },
  ],
});
