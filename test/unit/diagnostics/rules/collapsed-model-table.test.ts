/**
 * collapsed-model, literally: balanced and unbalanced priors, with and without a scalar loss, the
 * uniform-logit info, label smoothing with class weights, sampled rows, probability targets on a
 * (N, C, L) input; the maxDeviation boundary (rows at total-variation distance 0.0095 and 0.0105
 * from their mean), minRows, the probability-input hand-off to double-softmax. References: PyTorch
 * (float64) softmax and F.cross_entropy, run by hand with /usr/bin/python3:
 * - logits [1, 2, 0]: softmax [0.244728, 0.665241, 0.090031]; CE over targets i % 3 (16 rows) 1.407606;
 * - logits [0, 1, −1, 2]: softmax [0.087144, 0.236883, 0.032059, 0.643914]; targets 12 × 0, 2 × 1,
 *   2 × 2: CE 2.440190 = the constant-prediction loss; prior entropy 0.735622;
 * - (8, 2, 2) logits 1 / 2 on the classes, targets [0.9, 0.1] at l = 0 and [0.2, 0.8] at l = 1:
 *   CE 0.863262, class prior [0.55, 0.45], entropy 0.688139.
 * Rows at distance d: logits [a, 0] and [−a, 0] in equal numbers with σ(a) = 0.5 + d.
 */
import assert from 'node:assert/strict';
import { ruleTable, mkCase } from '../harness';
import { tensor } from '../../../../src/engine/tensor';
import { collapsedModel } from '../../../../src/diagnostics/rules/collapsed-model';
import type { Finding } from '../../../../src/diagnostics/types';
import { literal } from './literal';

const rows = (n: number, row: (i: number) => number[]): number[][] => Array.from({ length: n }, (_, i) => row(i));
const ce = (x: number[][], y: number[], args: Record<string, unknown> = {}, type: 'CrossEntropyLoss' | 'NLLLoss' = 'CrossEntropyLoss') =>
  mkCase({ loss: { type, ...args }, input: x, target: y, inputDtype: 'float64' });
const cyc = (n: number, k = 3): number[] => Array.from({ length: n }, (_, i) => i % k);
const TV0 = '‹tv›';
/** The message with the (float-noise) distance shown as ‹tv›: that part must read as a number ≤ 1e-12. */
function messageIs(expected: string): (f: Finding) => void {
  return (f) => {
    const [a, b] = expected.split(TV0);
    assert.ok(f.message.startsWith(a), `message start:\n${f.message}\n${a}`);
    assert.ok(f.message.endsWith(b), `message end:\n${f.message}\n${b}`);
    assert.ok(Math.abs(Number(f.message.slice(a.length, f.message.length - b.length))) <= 1e-12, 'distance ≈ 0');
  };
}
function evidenceIs(e: Record<string, unknown>): (f: Finding) => void {
  return (f) => {
    assert.deepEqual(Object.keys(f.evidence).sort(), Object.keys(e).sort());
    for (const [k, v] of Object.entries(e)) {
      if (typeof v === 'number') assert.ok(Math.abs((f.evidence[k] as number) - v) <= 1e-9 * Math.max(1, Math.abs(v)), `${k}: ${String(f.evidence[k])} ≠ ${v}`);
      else assert.deepEqual(f.evidence[k], v, k);
    }
  };
}
const both = (...fs: ((f: Finding) => void)[]) => (f: Finding): void => fs.forEach((g) => g(f));
const HEAD = (n: number, C: number, top: number, share: string, span: number) => `All ${n} rows predict the same distribution over the ${C} classes (mean total-variation distance from the average prediction ${TV0}; the top class is ${top} for every input, ${share}) while the targets span ${span} classes: the model ignores its input.`;
const CAUSES = 'Usual causes: dead ReLUs (every unit ≤ 0 after a too-high learning rate or unnormalised inputs), a forward pass that drops or overwrites the features, or weights blown up and reset by a learning rate that was too high.';
const UNIFORM = 'Every logit is equal, as with a zero-initialised output layer before its first step; after training it means the output no longer depends on the input.';
const SMOOTH = 'Here label_smoothing with class weights pulls every input towards the same distribution (see label-smoothing-risk); otherwise the usual causes are dead ReLUs, unnormalised inputs or a learning rate that was too high.';
const FIX = [
  '# check that the output depends on the input (≈0 for every class means collapsed):',
  'with torch.no_grad():',
  '    print(model(x).std(dim=0))',
  '# dead ReLUs: the share of hidden units active on a batch (0 = dead)',
  'print((hidden_activations > 0).float().mean(dim=0))',
  '# then: normalise the inputs, lower the learning rate (with warm-up), re-initialise the model;',
  '# LeakyReLU/GELU do not die; check that forward() really uses x',
].join('\n');
const tiny = (v: unknown): boolean => typeof v === 'number' && Math.abs(v) <= 1e-12;
const near = (d: number) => { const a = Math.log((0.5 + d) / (0.5 - d)); return rows(16, (i) => (Math.floor(i / 2) % 2 ? [-a, 0] : [a, 0])); };
const UNB = rows(16, () => [0, 1, -1, 2]);
/**
 * 64 rows at σ = 0.6 except the 8 screened ones (every 8th), alternately at 0.6 + d and 0.6 − d: the screen
 * reads a distance d, the full look d / 8 (8 of 64 rows at d from the common 0.6).
 */
const screenAt = (d: number): number[][] => {
  const l = (p: number): number => Math.log(p / (1 - p));
  return rows(64, (i) => [i % 8 ? l(0.6) : (i / 8) % 2 ? l(0.6 - d) : l(0.6 + d), 0]);
};
/** PyTorch F.cross_entropy (float64) of screenAt(0.028) with targets i % 2. */
const LOSS_06 = 0.7136944373565912;
/** Rows [a + 1, a + 2, a], a = `by` on every 4th row (from row `at`), else 0: softmax [1, 2, 0] on every row. */
const shifted = (by: number, at: number): number[][] => rows(16, (i) => { const a = i % 4 === at ? by : 0; return [a + 1, a + 2, a]; });
const UNB_Y = [...new Array<number>(12).fill(0), 1, 1, 2, 2];
const UNB_EV = { rows: 16, sampledRows: 16, numClasses: 4, topClass: 3, topProbability: 0.643914, targetClasses: 3, constantPredictionLoss: 2.44019, priorEntropy: 0.735622, lnK: 1.38629, uniformLogits: false };

ruleTable(collapsedModel, {
  severity: 'warning',
  fires: [
    {
      name: '16 identical rows [1, 2, 0], targets 0, 1, 2, …: balanced prior',
      case: ce(rows(16, () => [1, 2, 0]), cyc(16)),
      expect: both(
        messageIs(`${HEAD(16, 3, 1, '66.5%', 3)} The loss 1.408 is at the constant-prediction level ln 3 = 1.099, the loss of predicting the balanced class prior. ${CAUSES}`),
        (f) => { assert.equal(f.fix, FIX); assert.equal(f.field, 'input'); assert.ok(tiny(f.evidence.meanDeviation)); },
      ),
    },
    {
      name: "the same, reduction 'none': no loss quoted",
      case: ce(rows(16, () => [1, 2, 0]), cyc(16), { reduction: 'none' }),
      expect: messageIs(`${HEAD(16, 3, 1, '66.5%', 3)} The loss is at the constant-prediction level ln 3 = 1.099, the loss of predicting the balanced class prior. ${CAUSES}`),
    },
    {
      name: 'unbalanced prior over 4 classes (class 2 of 4 never a target … class 3 absent)',
      case: ce(UNB, UNB_Y),
      expect: both(
        messageIs(`${HEAD(16, 4, 3, '64.4%', 3)} The loss 2.44 is at the constant-prediction level 2.44, the loss of always predicting this one distribution (the best constant prediction, the class prior, gives its entropy 0.7356; ln 4 = 1.386). ${CAUSES}`),
        (f) => { const { meanDeviation, loss, ...rest } = f.evidence; assert.ok(tiny(meanDeviation)); assert.ok(Math.abs((loss as number) - 2.4401896985611957) < 1e-9); evidenceIs(UNB_EV)({ ...f, evidence: rest }); },
      ),
    },
    {
      name: "unbalanced, reduction 'none'",
      case: ce(UNB, UNB_Y, { reduction: 'none' }),
      expect: both(
        messageIs(`${HEAD(16, 4, 3, '64.4%', 3)} The loss is at the constant-prediction level 2.44, the loss of always predicting this one distribution (the best constant prediction, the class prior, gives its entropy 0.7356; ln 4 = 1.386). ${CAUSES}`),
        (f) => assert.equal(f.evidence.loss, null),
      ),
    },
    {
      name: 'all logits equal (rows of 0 and rows of 5): info',
      case: ce(rows(16, (i) => (i % 2 ? [5, 5, 5] : [0, 0, 0])), cyc(16)),
      severity: 'info',
      expect: both(
        messageIs(`${HEAD(16, 3, 0, '33.3%', 3)} The loss 1.099 is at the constant-prediction level ln 3 = 1.099, the loss of predicting the balanced class prior. ${UNIFORM}`),
        (f) => { assert.equal(f.evidence.uniformLogits, true); assert.equal(f.evidence.topClass, 0); },
      ),
    },
    {
      name: 'logits 100 and 100 − 5e-5: equal within 1e-6 relative (info)',
      case: ce(rows(16, () => [100, 100 - 5e-5, 100]), cyc(16)),
      severity: 'info',
      expect: (f) => assert.equal(f.evidence.uniformLogits, true),
    },
    {
      name: 'logits [0, 0, 2e-6]: not equal (warning)',
      case: ce(rows(16, () => [0, 0, 2e-6]), cyc(16)),
      expect: (f) => assert.equal(f.evidence.uniformLogits, false),
    },
    {
      name: 'logits [0, 1, 2] (the largest last): not equal',
      case: ce(rows(16, () => [0, 1, 2]), cyc(16)),
      expect: (f) => { assert.equal(f.evidence.uniformLogits, false); assert.equal(f.evidence.topClass, 2); },
    },
    {
      name: 'label smoothing with class weights',
      case: ce(rows(16, () => [1, 2, 0]), cyc(16), { label_smoothing: 0.1, weight: [1, 1, 2] }),
      expect: (f) => assert.ok(f.message.endsWith(` ${SMOOTH}`), f.message),
    },
    {
      name: 'class weights without label smoothing: the usual causes',
      case: ce(rows(16, () => [1, 2, 0]), cyc(16), { weight: [1, 1, 2] }),
      expect: (f) => assert.ok(f.message.endsWith(` ${CAUSES}`), f.message),
    },
    {
      name: 'label smoothing without class weights: the usual causes',
      case: ce(rows(16, () => [1, 2, 0]), cyc(16), { label_smoothing: 0.1 }),
      expect: (f) => assert.ok(f.message.endsWith(` ${CAUSES}`), f.message),
    },
    {
      name: '20 rows, sampleRows 16: 16 sampled',
      case: ce(rows(20, () => [1, 2, 0]), cyc(20)),
      options: { sampleRows: 16 },
      expect: (f) => {
        assert.ok(f.message.startsWith('All 16 sampled (of 20) rows predict the same distribution over the 3 classes (mean total-variation distance from the average prediction '), f.message);
        assert.equal(f.evidence.rows, 20); assert.equal(f.evidence.sampledRows, 16);
      },
    },
    {
      name: '18 rows: all 18 looked at (sampleRows 512)',
      case: ce(rows(18, () => [1, 2, 0]), cyc(18)),
      expect: (f) => { assert.equal(f.evidence.sampledRows, 18); assert.ok(f.message.startsWith('All 18 rows predict')); },
    },
    {
      name: 'rows at distance 0.0095 (inside maxDeviation 0.01)',
      case: ce(near(0.0095), cyc(16, 2)),
      expect: (f) => { assert.ok(Math.abs((f.evidence.meanDeviation as number) - 0.0095) < 1e-9); assert.equal(f.evidence.topClass, 0); assert.equal(f.evidence.targetClasses, 2); },
    },
    {
      name: 'probability targets on a (8, 2, 2) input: argmax classes, the prior from the target sums',
      case: () => {
        const x = Float64Array.from({ length: 32 }, (_, i) => (Math.floor(i / 2) % 2 ? 2 : 1));
        const t = Float64Array.from({ length: 32 }, (_, i) => { const c = Math.floor(i / 2) % 2, l = i % 2; return l === 0 ? (c ? 0.1 : 0.9) : (c ? 0.8 : 0.2); });
        return mkCase({ loss: 'CrossEntropyLoss', input: tensor(x, [8, 2, 2], 'float64'), target: tensor(t, [8, 2, 2], 'float64') });
      },
      expect: (f) => {
        const { meanDeviation, ...rest } = f.evidence;
        assert.ok(tiny(meanDeviation));
        evidenceIs({ rows: 16, sampledRows: 16, numClasses: 2, topClass: 1, topProbability: 0.731059, targetClasses: 2, loss: 0.8632616875182227, constantPredictionLoss: 0.863262, priorEntropy: 0.688139, lnK: 0.693147, uniformLogits: false })({ ...f, evidence: rest });
      },
    },
    {
      // all class weights 0: the weighted mean is 0 / 0 = NaN, so no loss is quoted
      name: 'a NaN loss (all class weights 0): the level without a loss',
      case: ce(rows(16, () => [1, 2, 0]), cyc(16), { weight: [0, 0, 0] }),
      expect: both(
        messageIs(`${HEAD(16, 3, 1, '66.5%', 3)} The loss is at the constant-prediction level ln 3 = 1.099, the loss of predicting the balanced class prior. ${CAUSES}`),
        (f) => assert.ok(Number.isNaN(f.evidence.loss as number)),
      ),
    },
    {
      // 8 / 6 / 6 targets: prior entropy 0.4·ln 2.5 + 0.6·ln(1/0.3) = 1.088900, 0.0097 below ln 3 = 1.098612,
      // inside the 1 % (0.010986) that counts as balanced
      name: 'a prior 0.0097 below ln 3 (within 1 % of ln 3): balanced',
      case: ce(rows(20, () => [1, 2, 0]), [...new Array<number>(8).fill(0), ...new Array<number>(6).fill(1), ...new Array<number>(6).fill(2)]),
      expect: (f) => assert.ok(f.message.includes(' is at the constant-prediction level ln 3 = 1.099, the loss of predicting the balanced class prior.'), f.message),
    },
    {
      // logits [400, 401, 399]: the softmax of [1, 2, 0] (shift-invariant), computed after subtracting the row maximum
      name: 'large logits [400, 401, 399]: the same distribution as [1, 2, 0]',
      case: ce(rows(16, () => [400, 401, 399]), cyc(16)),
      expect: (f) => { assert.equal(f.evidence.topClass, 1); assert.ok(Math.abs((f.evidence.topProbability as number) - 0.665241) < 1e-9); },
    },
    {
      // the screen's edge is 3 · maxDeviation = 0.03: its rows at 0.028 pass on to the full look (0.0035)
      name: 'the 8 screened rows of 64 at distance 0.028 (inside the screen\'s 0.03): the full look reads 0.0035',
      case: ce(screenAt(0.028), cyc(64, 2)),
      expect: literal({
        message: 'All 64 rows predict the same distribution over the 2 classes (mean total-variation distance from the average prediction 0.0035; the top class is 0 for every input, 60.0%) while the targets span 2 classes: the model ignores its input. ' +
          `The loss 0.7137 is at the constant-prediction level ln 2 = 0.6931, the loss of predicting the balanced class prior. ${CAUSES}`,
        evidence: { rows: 64, sampledRows: 64, numClasses: 2, meanDeviation: 0.0035, topClass: 0, topProbability: 0.6, targetClasses: 2, loss: LOSS_06, constantPredictionLoss: 0.713558, priorEntropy: 0.693147, lnK: 0.693147, uniformLogits: false },
        fix: FIX,
        field: 'input',
      }),
    },
    ...([[745, 1], [-374, 2]] as const).map(([by, at]) => ({
      // softmax is shift-invariant: a row's softmax is taken after subtracting that row's own maximum (in
      // the screen too); a maximum read from another row, or added instead of subtracted, would take exp()
      // into subnormals (below e^−708) and distort the screened rows' distributions
      name: `rows [1, 2, 0] shifted by ${by} on every 4th row: still the same distribution`,
      case: ce(shifted(by, at), cyc(16)),
      expect: both(
        messageIs(`${HEAD(16, 3, 1, '66.5%', 3)} The loss 1.408 is at the constant-prediction level ln 3 = 1.099, the loss of predicting the balanced class prior. ${CAUSES}`),
        (f: Finding) => { assert.ok(tiny(f.evidence.meanDeviation)); assert.ok(Math.abs((f.evidence.loss as number) - 1.4076059644443801) < 1e-9, String(f.evidence.loss)); },
      ),
    })),
    { name: 'NLLLoss on rows [0.5, 0.3, 0.2] (no hand-off: NLL inputs are log-probabilities)', case: ce(rows(16, () => [0.5, 0.3, 0.2]), cyc(16), {}, 'NLLLoss') },
    { name: 'CrossEntropyLoss on rows summing to 1.0101 (not probabilities)', case: ce(rows(16, () => [0.5, 0.3, 0.2101]), cyc(16)) },
  ],
  silent: [
    { name: '15 rows (below minRows 16)', case: ce(rows(15, () => [1, 2, 0]), cyc(15)) },
    { name: '15 targets for 16 rows (a mismatch)', case: ce(rows(16, () => [1, 2, 0]), cyc(15)) },
    // 48 = 16 × 3 targets (0, 1, 0, 1, …) for 16 rows of 3 classes: not read as probability rows (shape-mismatch's business)
    { name: '48 class indices (0, 1, 0, 1, …) for 16 rows of 3 classes (a mismatch)', case: ce(rows(16, () => [1, 2, 0]), cyc(48, 2)) },
    { name: 'one class', case: ce(rows(16, () => [1]), cyc(16, 1)) },
    { name: 'a NaN logit', case: ce(rows(16, (i) => (i === 3 ? [NaN, 2, 0] : [1, 2, 0])), cyc(16)) },
    { name: 'integer inputs', case: mkCase({ loss: 'CrossEntropyLoss', input: rows(16, () => [1, 2, 0]), target: cyc(16), inputDtype: 'int64' }) },
    { name: 'CrossEntropyLoss on probability rows [0.5, 0.3, 0.2] (double-softmax)', case: ce(rows(16, () => [0.5, 0.3, 0.2]), cyc(16)) },
    { name: 'probability rows with an exact 0: [0, 0.5, 0.5]', case: ce(rows(16, () => [0, 0.5, 0.5]), cyc(16)) },
    { name: 'probability rows with an exact 1: [1, 0, 0]', case: ce(rows(16, () => [1, 0, 0]), cyc(16)) },
    { name: 'rows summing to 1.0099 (within 0.01 of 1)', case: ce(rows(16, () => [0.5, 0.3, 0.2099]), cyc(16)) },
    { name: 'rows at distance 0.0105 (outside maxDeviation 0.01)', case: ce(near(0.0105), cyc(16, 2)) },
    { name: 'rows at distance 0.02 (passes the screen, fails the full look)', case: ce(near(0.02), cyc(16, 2)) },
    { name: 'rows at distance 0.04 (the screen)', case: ce(near(0.04), cyc(16, 2)) },
    { name: 'the 8 screened rows of 64 at distance 0.032 (beyond the screen\'s 0.03; the full look would read 0.004)', case: ce(screenAt(0.032), cyc(64, 2)) },
    {
      // The screen: 512 rows [1, 2, 0] except every 64th (the 8 screened rows), each different: over all
      // rows the distance is 0.0039 (numpy, by hand), inside maxDeviation, but the screened rows alone are
      // 0.207 apart (> 3 · 0.01): rows that clearly differ where the screen looks are not called collapsed.
      name: 'the 8 screened rows (every 64th of 512) differ: not collapsed',
      case: () => {
        const pert = [[2, 2, 0], [1, 3, 0], [1, 2, 1], [0, 2, 0], [1, 1, 0], [1, 2, -1], [2, 1, 0], [0, 3, 0]];
        return ce(rows(512, (i) => (i % 64 ? [1, 2, 0] : pert[i / 64])), cyc(512));
      },
    },
    { name: 'every target the same class', case: ce(rows(16, () => [1, 2, 0]), cyc(16, 1)) },
    { name: 'one real class, the rest ignore_index', case: ce(rows(16, () => [1, 2, 0]), cyc(16).map((v) => (v ? -100 : 0))) },
    {
      name: 'probability targets summing to 0 overall ([1, −1] and [−1, 1])',
      case: mkCase({ loss: 'CrossEntropyLoss', input: rows(16, () => [1, 2]), target: rows(16, (i) => (i % 2 ? [1, -1] : [-1, 1])), inputDtype: 'float64', targetDtype: 'float64' }),
    },
  ],
});
