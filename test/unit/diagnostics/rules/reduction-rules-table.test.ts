/**
 * kl-div-mean-reduction, sum-reduction and weighted-probability-targets: firing/silent tables whose
 * firing cases state message, fix and evidence literally. The losses in the expectations are
 * recomputed here from their formulas (KL: Σ t·(log t − x); cross-entropy with probability targets
 * and class weights: −Σ_n Σ_c w_c·t_nc·log_softmax(x)_nc / N), not read from the engine.
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable } from '../harness';
import type { Finding } from '../../../../src/diagnostics/types';
import { fmt } from '../../../../src/diagnostics/format';
import { klDivMeanReduction } from '../../../../src/diagnostics/rules/kl-div-mean-reduction';
import { sumReduction } from '../../../../src/diagnostics/rules/sum-reduction';
import { weightedProbabilityTargets } from '../../../../src/diagnostics/rules/weighted-probability-targets';

const lse = (r: number[]): number => Math.log(r.reduce((a, v) => a + Math.exp(v), 0));
const logSoftmax = (x: number[][]): number[][] => x.map((r) => r.map((v) => v - lse(r)));
const r6 = (x: number): number => Number(x.toPrecision(6));
const f64 = { inputDtype: 'float64', targetDtype: 'float64' } as const;

// ---- kl-div-mean-reduction -------------------------------------------------------------------
const XL = logSoftmax([[1, 2, 0.5], [0.3, 0.1, 2]]);
const TL = [[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]];
const klSum = XL.reduce((a, r, i) => a + r.reduce((b, x, k) => b + TL[i][k] * (Math.log(TL[i][k]) - x), 0), 0);
const KL_TAIL = "PyTorch prints a UserWarning for this on every call and will change 'mean' to mean 'batchmean'.";
const KL_FIX = (factor: string): string => [
  "criterion = nn.KLDivLoss(reduction='batchmean')   # sum over classes, mean over the batch",
  "# if the weight of this term was tuned with 'mean', divide it by the support size to keep the same scale:",
  `# loss = alpha / ${factor} * criterion(log_probs, target)`,
].join('\n');

ruleTable(klDivMeanReduction, {
  severity: 'warning',
  fires: [
    {
      name: "(2, 3) with 'mean': 6 elements, batch 2, factor 3; batchmean = 3 × the loss",
      case: mkCase({ loss: 'KLDivLoss', input: XL, target: TL, ...f64 }),
      expect: (f: Finding) => {
        const mean = klSum / 6;
        assert.equal(f.message, `KLDivLoss(reduction='mean') divides the summed divergence by all 6 elements of the (2, 3) input, not by the batch size 2: the loss (${fmt(mean)}) and its gradient are the KL divergence divided by 3; reduction='batchmean' gives ${fmt(klSum / 2)}, the true KL per sample. ${KL_TAIL}`);
        assert.deepEqual(f.evidence, { inputShape: [2, 3], elements: 6, batchSize: 2, factor: 3, loss: r6(mean), lossBatchmean: r6(klSum / 2) });
        assert.equal(f.fix, KL_FIX('3'));
        assert.equal(f.field, 'loss.reduction');
        assert.deepEqual(f.edit, { path: ['loss', 'reduction'], value: 'batchmean' });
      },
    },
    {
      name: '(2, 3) input against a (2, 2) target: no loss to quote (the shapes are another finding)',
      case: mkCase({ loss: 'KLDivLoss', input: XL, target: [[0.5, 0.5], [0.5, 0.5]], ...f64 }),
      expect: (f) => {
        assert.equal(f.message, `KLDivLoss(reduction='mean') divides the summed divergence by all 6 elements of the (2, 3) input, not by the batch size 2: the loss and its gradient are the KL divergence divided by 3. ${KL_TAIL}`);
        assert.deepEqual(f.evidence, { inputShape: [2, 3], elements: 6, batchSize: 2, factor: 3, loss: null, lossBatchmean: null });
      },
    },
    {
      name: '(1, 4): batch 1, factor 4',
      case: mkCase({ loss: 'KLDivLoss', input: [[-1.4, -1.4, -1.4, -1.4]], target: [[0.25, 0.25, 0.25, 0.25]], ...f64 }),
      expect: { evidence: { elements: 4, batchSize: 1, factor: 4 }, fix: /alpha \/ 4 \*/ },
    },
  ],
  silent: [
    { name: "'batchmean'", case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: XL, target: TL, ...f64 }) },
    { name: "'sum'", case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'sum' }, input: XL, target: TL, ...f64 }) },
    { name: "'none'", case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'none' }, input: XL, target: TL, ...f64 }) },
    { name: "a 1-D input (one distribution): 'mean' and 'batchmean' divide by the same 3", case: mkCase({ loss: 'KLDivLoss', input: XL[0], target: TL[0], ...f64 }) },
    { name: 'a scalar input', case: mkCase({ loss: 'KLDivLoss', input: -1, target: 0.5, ...f64 }) },
    { name: 'an empty (0, 3) batch', case: mkCase({ loss: 'KLDivLoss', input: { data: new Float64Array(0), shape: [0, 3], dtype: 'float64' }, target: { data: new Float64Array(0), shape: [0, 3], dtype: 'float64' } }) },
  ],
});

// ---- sum-reduction ---------------------------------------------------------------------------
const XC = [[1, 2, 0.5], [0.3, 0.1, 2], [2, -1, 0], [0, 1, 1]];
/** −Σ log_softmax(x)[y] over the rows whose label is not ignored */
const ceSum = (y: number[]): number => logSoftmax(XC).reduce((a, r, i) => (y[i] < 0 ? a : a - r[y[i]]), 0);
const SUM_MSG = (type: string, terms: number, what: string, tail: string): string =>
  `${type}(reduction='sum') adds up ${terms} ${what}${tail}: the loss and every gradient are ×${terms} what the mean would give, so the right learning rate depends on the batch size (and sequence length), and a change of batch size silently changes the step size.`;
const MEAN_FIX = (type: string, terms: number): string => `criterion = nn.${type}(reduction='mean')  # other arguments unchanged\n# or keep 'sum' on purpose and scale the learning rate: lr = base_lr / ${terms}`;
const KL_SUM_FIX = (batch: number): string => `criterion = nn.KLDivLoss(reduction='batchmean')  # the true KL divergence per sample\n# or keep 'sum' and divide the learning rate by the batch size (${batch})`;

ruleTable(sumReduction, {
  severity: 'info',
  fires: [
    {
      name: 'CrossEntropyLoss over 4 rows, one ignored: 3 non-ignored targets',
      case: mkCase({ loss: { type: 'CrossEntropyLoss', reduction: 'sum' }, input: XC, target: [0, 2, -100, 1], inputDtype: 'float64' }),
      expect: (f: Finding) => {
        const v = ceSum([0, 2, -100, 1]);
        assert.equal(f.message, SUM_MSG('CrossEntropyLoss', 3, 'non-ignored targets', ` (loss ${fmt(v)}, ${fmt(v / 3)} per term)`));
        assert.equal(f.fix, MEAN_FIX('CrossEntropyLoss', 3));
        assert.equal(Object.keys(f.evidence).length, 4);
        assert.deepEqual([f.evidence.terms, f.evidence.batchSize], [3, 4]);
        assert.ok(Math.abs((f.evidence.loss as number) - v) < 1e-12 && Math.abs((f.evidence.lossPerTerm as number) - v / 3) < 1e-12);
        assert.equal(f.field, 'loss.reduction');
        assert.deepEqual(f.edit, { path: ['loss', 'reduction'], value: 'mean' });
      },
    },
    {
      name: 'CrossEntropyLoss with probability targets: 4 positions',
      case: mkCase({ loss: { type: 'CrossEntropyLoss', reduction: 'sum' }, input: XC, target: [[1, 0, 0], [0, 0, 1], [0.5, 0.5, 0], [0, 1, 0]], ...f64 }),
      expect: (f) => {
        assert.ok(f.message.startsWith("CrossEntropyLoss(reduction='sum') adds up 4 positions (loss "), f.message);
        assert.equal(f.evidence.terms, 4);
      },
    },
    {
      name: 'MSELoss (2, 3): 6 elements, loss 6 × 1² = 6, 1 per term',
      case: mkCase({ loss: { type: 'MSELoss', reduction: 'sum' }, input: [[1, 2, 3], [4, 5, 6]], target: [[0, 1, 2], [3, 4, 5]], ...f64 }),
      expect: (f) => {
        assert.equal(f.message, SUM_MSG('MSELoss', 6, 'elements', ' (loss 6, 1 per term)'));
        assert.equal(f.fix, MEAN_FIX('MSELoss', 6));
        assert.deepEqual(f.evidence, { terms: 6, batchSize: 2, loss: 6, lossPerTerm: 1 });
      },
    },
    {
      name: 'KLDivLoss (2, 3): batchmean fix with the batch size 2',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'sum' }, input: XL, target: TL, ...f64 }),
      expect: (f) => {
        assert.equal(f.fix, KL_SUM_FIX(2));
        assert.deepEqual(f.edit, { path: ['loss', 'reduction'], value: 'batchmean' });
        assert.ok(Math.abs((f.evidence.loss as number) - klSum) < 1e-12);
      },
    },
    {
      name: 'a scalar KLDivLoss: batch size 1, 1 element',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'sum' }, input: -1, target: 0.5, ...f64 }),
      expect: (f) => {
        assert.equal(f.fix, KL_SUM_FIX(1));
        assert.deepEqual([f.evidence.terms, f.evidence.batchSize], [1, 1]);
      },
    },
    {
      name: 'a NaN loss: no numbers quoted, evidence null',
      case: mkCase({ loss: { type: 'MSELoss', reduction: 'sum' }, input: [1, NaN, 3], target: [0, 1, 2], ...f64 }),
      expect: (f) => {
        assert.equal(f.message, SUM_MSG('MSELoss', 3, 'elements', ''));
        assert.deepEqual(f.evidence, { terms: 3, batchSize: 3, loss: null, lossPerTerm: null });
      },
    },
    {
      name: 'no recomputed loss (shapes that do not broadcast): no numbers',
      case: mkCase({ loss: { type: 'MSELoss', reduction: 'sum' }, input: [1, 2, 3], target: [0, 1], ...f64 }),
      expect: { evidence: { terms: 3, loss: null, lossPerTerm: null } },
    },
  ],
  silent: [
    { name: "'mean'", case: mkCase({ loss: 'MSELoss', input: [1, 2], target: [0, 1], ...f64 }) },
    { name: "'none'", case: mkCase({ loss: { type: 'MSELoss', reduction: 'none' }, input: [1, 2], target: [0, 1], ...f64 }) },
    { name: "KLDivLoss 'batchmean'", case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: XL, target: TL, ...f64 }) },
  ],
});

// ---- weighted-probability-targets ------------------------------------------------------------
const XW = [[1, 2], [0.5, -1], [0, 0.3]];
/** −Σ_n Σ_c w_c·t_nc·log_softmax(x)_nc / N */
const ceWeighted = (w: number[], t: number[][]): number => logSoftmax(XW).reduce((a, r, n) => a - r.reduce((b, v, c) => b + w[c] * t[n][c] * v, 0), 0) / XW.length;
const wp = (w: number[], t: number[][], extra: Record<string, unknown> = {}) => mkCase({ loss: { type: 'CrossEntropyLoss', weight: w, ...extra }, input: XW, target: t, ...f64 });
const ONE_HOT_FIX = 'target = target.argmax(dim=1)   # one-hot -> class indices: the mean is then divided by the summed weights\nloss = nn.CrossEntropyLoss(weight=class_weights)(logits, target)';
const SOFT_FIX = [
  '# normalise by the summed target weights by hand (what index targets do):',
  "per_row = F.cross_entropy(logits, target, weight=class_weights, reduction='none')",
  'loss = per_row.sum() / (target * class_weights.view(1, -1)).sum()',
  '# or normalise the weights so that their mean over your targets is 1',
].join('\n');
const WP_MSG = (kind: string, rows: number, W: string, factor: string, dir: string, s: string): string =>
  `CrossEntropyLoss(weight=…, reduction='mean') with ${kind} targets divides the weighted sum by the ${rows} rows, not by the summed target weights Σ w·target = ${W} as it does for class-index targets. The loss and its gradient are ${factor}× ${dir} than the same data with index targets (mean weight per row ${s}), so learning rates, loss curves and comparisons with index-target runs are off by that factor.`;
const allOne = [[0, 1], [0, 1], [0, 1]];
const allZero = [[1, 0], [1, 0], [1, 0]];

ruleTable(weightedProbabilityTargets, {
  severity: 'warning',
  fires: [
    {
      name: 'weight [1, 3], every row one-hot on class 1: Σ w·t = 9 over 3 rows, 3× larger',
      case: wp([1, 3], allOne),
      expect: (f: Finding) => {
        const loss = ceWeighted([1, 3], allOne);
        assert.equal(f.message, `${WP_MSG('one-hot', 3, '9', '3', 'larger', '3')} Here the loss is ${fmt(loss)}; normalised by the weights (what class-index targets give for these one-hot rows) it is ${fmt(loss / 3)}.`);
        assert.equal(f.fix, ONE_HOT_FIX);
        assert.equal(f.field, 'loss.weight');
        assert.deepEqual(Object.keys(f.evidence), ['rows', 'numClasses', 'summedTargetWeight', 'meanWeightPerRow', 'oneHotRows', 'loss', 'lossNormalisedByWeights', 'maxScale']);
        assert.deepEqual([f.evidence.rows, f.evidence.numClasses, f.evidence.summedTargetWeight, f.evidence.meanWeightPerRow, f.evidence.oneHotRows, f.evidence.maxScale], [3, 2, 9, 3, 3, 2]);
        assert.ok(Math.abs((f.evidence.loss as number) - loss) < 1e-9 && Math.abs((f.evidence.lossNormalisedByWeights as number) - loss / 3) < 1e-9);
      },
    },
    { name: 'mean weight per row exactly maxScale (weight [1, 2] on class 1: s = 2)', case: wp([1, 2], allOne), expect: { evidence: { meanWeightPerRow: 2 } } },
    {
      name: 'weight [0.5, 1] on class 0: s = 0.5 = 1/maxScale, 2× smaller',
      case: wp([0.5, 1], allZero),
      expect: (f) => {
        assert.ok(f.message.startsWith(WP_MSG('one-hot', 3, '1.5', '2', 'smaller', '0.5')), f.message);
        assert.equal(f.evidence.meanWeightPerRow, 0.5);
      },
    },
    {
      name: 'one soft row among three: "probability (2 of 3 rows one-hot)", the by-hand fix',
      case: wp([1, 4], [[0, 1], [0.5, 0.5], [0, 1]]),
      expect: (f) => {
        // Σ w·t = 4 + 2.5 + 4 = 10.5, s = 3.5
        const loss = ceWeighted([1, 4], [[0, 1], [0.5, 0.5], [0, 1]]);
        assert.equal(f.message, `${WP_MSG('probability (2 of 3 rows one-hot)', 3, '10.5', '3.5', 'larger', '3.5')} Here the loss is ${fmt(loss)}; normalised by the weights (what class-index targets give) it is ${fmt(loss / 3.5)}.`);
        assert.equal(f.fix, SOFT_FIX);
        assert.equal(f.evidence.oneHotRows, 2);
      },
    },
    {
      name: 'no row one-hot: "probability"',
      case: wp([1, 6], [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]]),
      expect: (f) => { assert.ok(f.message.includes(' with probability targets divides'), f.message); assert.equal(f.evidence.oneHotRows, 0); },
    },
    {
      name: 'entries exactly oneHotTolerance (2^-20) from 0 and 1 count as one-hot',
      case: wp([1, 3], [[2 ** -20, 1 - 2 ** -20], [0, 1], [0, 1]]),
      options: { oneHotTolerance: 2 ** -20 },
      expect: { evidence: { oneHotRows: 3 } },
    },
    {
      name: 'entries 2^-19 away from 0 and 1 do not (tolerance 2^-20)',
      case: wp([1, 3], [[2 ** -19, 1 - 2 ** -19], [0, 1], [0, 1]]),
      options: { oneHotTolerance: 2 ** -20 },
      expect: { evidence: { oneHotRows: 2 } },
    },
  ],
  silent: [
    { name: 'mean weight per row 1.99, inside maxScale 2', case: wp([1, 1.99], allOne) },
    { name: 'mean weight per row 0.51, inside 1/maxScale', case: wp([0.51, 1], allZero) },
    { name: "reduction='sum' (nothing is divided)", case: wp([1, 3], allOne, { reduction: 'sum' }) },
    { name: 'no weight', case: mkCase({ loss: 'CrossEntropyLoss', input: XW, target: allOne, ...f64 }) },
    { name: 'index targets', case: mkCase({ loss: { type: 'CrossEntropyLoss', weight: [1, 3] }, input: XW, target: [1, 1, 1], inputDtype: 'float64' }) },
    { name: 'a weight of the wrong length', case: wp([1, 3, 5], allOne) },
    { name: 'every target on a class of weight 0 (Σ w·t = 0)', case: wp([0, 3], allZero) },
    { name: 'an infinite weight', case: wp([1, Infinity], allOne) },
    { name: 'an empty batch', case: mkCase({ loss: { type: 'CrossEntropyLoss', weight: [1, 3] }, input: { data: new Float64Array(0), shape: [0, 2], dtype: 'float64' }, target: { data: new Float64Array(0), shape: [0, 2], dtype: 'float64' } }) },
  ],
});
