/**
 * loss-plateau, the whole file: the curve helpers (pickCurve, segmentMean, movingAverage), every
 * reference level of lossReference derived by hand here (cross-entropy: log K, the entropy of the class
 * frequencies plus the Miller–Madow term (m − 1)/2n, label smoothing, class weights, probability
 * targets; BCE: ln 2 and the base-rate entropy per label with pos_weight; MSE / L1 / Huber / SmoothL1
 * at 0 and at the mean or median), and the rule on noise-free curves whose quarters, drop and plateau
 * start are computed here: each level named, flat from the start or after a fall, every threshold
 * just inside and just outside, the short-history path and its guards.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkCase, ruleTable } from '../harness';
import { fmt, pct } from '../../../../src/diagnostics/format';
import { tensor } from '../../../../src/engine/tensor';
import { CaseStats } from '../../../../src/diagnostics/stats';
import type { CaseHistory, LossCase } from '../../../../src/io/types';
import { lossPlateau, lossReference, movingAverage, pickCurve, segmentMean } from '../../../../src/diagnostics/rules/loss-plateau';

const close = (a: number | undefined, b: number, what: string): void => assert.ok(a !== undefined && Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
const H = (p: number[]): number => p.reduce((s, v) => (v > 0 ? s - v * Math.log(v) : s), 0);
const ref = (c: LossCase): ReturnType<typeof lossReference> => lossReference(c, new CaseStats(c));

/** Cross-entropy over K = counts.length classes with counts[k] targets of class k; logits 0. */
function ce(counts: number[], loss: Record<string, unknown> = {}, history?: CaseHistory): LossCase {
  const labels: number[] = [];
  counts.forEach((n, k) => { for (let i = 0; i < n; i++) labels.push(k); });
  return mkCase({ loss: { type: 'CrossEntropyLoss', ...loss }, input: tensor(new Float32Array(labels.length * counts.length), [labels.length, counts.length]), target: tensor(Float64Array.from(labels), [labels.length], 'int64'), ...(history ? { history } : {}) });
}

describe('loss-plateau helpers', () => {
  it('pickCurve: train, else val, else nothing', () => {
    assert.deepEqual(pickCurve(ce([1, 1], {}, { train: [1, 2], val: [3] })), { name: 'train', values: [1, 2] });
    assert.deepEqual(pickCurve(ce([1, 1], {}, { train: [], val: [3] })), { name: 'val', values: [3] });
    assert.equal(pickCurve(ce([1, 1], {}, { train: [], val: [] })), undefined);
    assert.equal(pickCurve(ce([1, 1])), undefined);
  });
  it('segmentMean of [from, to); NaN when empty', () => {
    assert.equal(segmentMean([1, 2, 4, 8], 1, 3), 3);
    assert.equal(segmentMean([1, 2, 4, 8], 0, 4), 3.75);
    assert.ok(Number.isNaN(segmentMean([1, 2], 1, 1)));
  });
  it('movingAverage over the last w values (fewer at the start)', () => {
    assert.deepEqual(movingAverage([1, 2, 3, 4, 5], 2), [1, 1.5, 2.5, 3.5, 4.5]);
    assert.deepEqual(movingAverage([3, 6, 9, 12], 3), [3, 4.5, 6, 9]);
    assert.deepEqual(movingAverage([2, 4], 1), [2, 4]);
  });
});

describe('lossReference by hand', () => {
  it('CrossEntropyLoss with class targets: log K, the frequencies\' entropy + (m − 1)/2n, the double-softmax floor', () => {
    const r = ref(ce([50, 30, 20]));
    assert.ok(r);
    close(r.init, Math.log(3), 'init');
    close(r.logK, Math.log(3), 'logK');
    assert.equal(r.K, 3);
    close(r.constant, H([0.5, 0.3, 0.2]) + 2 / 200, 'constant');
    close(r.doubleSoftmaxFloor, Math.log(1 + 2 / Math.E), 'floor');
    assert.equal(r.initText, 'log K = log 3 (uniform probabilities)');
    assert.equal(r.constantText, 'predicting the class frequencies');
  });
  it('an absent class adds nothing to the Miller–Madow term; the constant never exceeds log K', () => {
    close(ref(ce([60, 40, 0]))?.constant, H([0.6, 0.4]) + 1 / 200, 'absent class');
    // 4 targets over 3 classes: H + 2/8 is above log 3
    close(ref(ce([2, 1, 1]))?.constant, Math.log(3), 'capped');
  });
  it('label smoothing mixes ε/K into the prior and drops the double-softmax floor', () => {
    const r = ref(ce([50, 30, 20], { label_smoothing: 0.3 }));
    close(r?.constant, H([0.5, 0.3, 0.2].map((p) => 0.7 * p + 0.1)) + 2 / 200, 'smoothed');
    assert.equal(r?.doubleSoftmaxFloor, undefined);
  });
  it('class weights: the weighted prior w·π normalised; all-zero weights leave the prior', () => {
    const w = [1, 2, 4];
    const pi = [0.5, 0.3, 0.2];
    const z = pi.reduce((s, p, k) => s + p * w[k], 0);
    close(ref(ce([50, 30, 20], { weight: w }))?.constant, H(pi.map((p, k) => (p * w[k]) / z)) + 2 / 200, 'weighted');
    close(ref(ce([50, 30, 20], { weight: [0, 0, 0] }))?.constant, H(pi) + 2 / 200, 'zero weights');
  });
  it('NLLLoss has no double-softmax floor', () => {
    const c = mkCase({ loss: 'NLLLoss', input: [[-1, -1], [-1, -1], [-1, -1], [-1, -1]], target: [0, 0, 0, 1] });
    const r = ref(c);
    close(r?.constant, H([0.75, 0.25]) + 1 / 8, 'nll');
    assert.equal(r?.doubleSoftmaxFloor, undefined);
  });
  it('probability targets: the mean target distribution (also over positions), no Miller–Madow term, smoothed as PyTorch does', () => {
    const c = mkCase({ loss: 'CrossEntropyLoss', input: [[0, 0, 0], [0, 0, 0]], target: [[0.6, 0.4, 0], [0.2, 0.2, 0.6]], targetDtype: 'float64' });
    close(ref(c)?.constant, H([0.4, 0.3, 0.3]), 'mean distribution');
    // PyTorch: F.cross_entropy(log(mix).expand(2, 3), t, label_smoothing=0.2) = 1.092363940171662 = H(mix)
    const s = mkCase({ loss: { type: 'CrossEntropyLoss', label_smoothing: 0.2 }, input: [[0, 0, 0], [0, 0, 0]], target: [[0.6, 0.4, 0], [0.2, 0.2, 0.6]], targetDtype: 'float64' });
    close(ref(s)?.constant, 1.092363940171662, 'smoothed probability targets');
    assert.equal(ref(s)?.doubleSoftmaxFloor, undefined);
    // (N, C, L) = (1, 2, 2): positions [0.9, 0.1] and [0.3, 0.7]; a second sample [0.5, 0.5] twice
    const d = mkCase({ loss: 'CrossEntropyLoss', input: tensor(new Float64Array(8), [2, 2, 2], 'float64'), target: tensor(Float64Array.from([0.9, 0.3, 0.1, 0.7, 0.5, 0.5, 0.5, 0.5]), [2, 2, 2], 'float64') });
    close(ref(d)?.constant, H([0.55, 0.45]), 'over positions');
    close(ref(d)?.doubleSoftmaxFloor, Math.log(1 + 1 / Math.E), 'probability-target floor');
    // targets that do not sum to 1: normalised by their total
    const e = mkCase({ loss: 'CrossEntropyLoss', input: [[0, 0], [0, 0]], target: [[2, 0], [1, 1]], targetDtype: 'float64' });
    close(ref(e)?.constant, H([0.75, 0.25]), 'normalised');
  });
  it('no reference: sum or none reduction, one class, no counted target, a target that fits no layout', () => {
    assert.equal(ref(ce([5, 5], { reduction: 'sum' })), undefined);
    assert.equal(ref(ce([5, 5], { reduction: 'none' })), undefined);
    assert.equal(ref(ce([5])), undefined);
    assert.equal(ref(mkCase({ loss: 'CrossEntropyLoss', input: [[0, 0], [0, 0]], target: [-100, -100] })), undefined);
    assert.equal(ref(mkCase({ loss: 'CrossEntropyLoss', input: [[0, 0], [0, 0]], target: [0, 1, 1] })), undefined);
    assert.equal(ref(mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [[-1, -1]], target: [[0.5, 0.5]] })), undefined);
  });
  it('BCE: ln 2 and the base-rate entropy per label; pos_weight w scales the positive term', () => {
    const b = mkCase({ loss: 'BCEWithLogitsLoss', input: [0, 0, 0, 0], target: [1, 0, 0, 0] });
    const rb = ref(b);
    close(rb?.init, Math.LN2, 'init');
    close(rb?.constant, H([0.25, 0.75]), 'constant');
    assert.equal(rb?.initText, 'a probability of 0.5 everywhere (zero logits)');
    assert.equal(rb?.constantText, 'predicting the base rate');
    assert.equal(rb?.K, undefined);
    // one pos_weight for both labels (w = 3): a = wπ, b = 1 − π, p* = a/(a + b)
    const lab = (pi: number, w: number): { init: number; constant: number } => {
      const a = w * pi, bb = 1 - pi, p = a + bb > 0 ? a / (a + bb) : 0.5;
      return { init: (a + bb) * Math.LN2, constant: (a > 0 ? -a * Math.log(p) : 0) + (bb > 0 ? -bb * Math.log(1 - p) : 0) };
    };
    const y = [[1, 0], [0, 0], [1, 1], [0, 0]]; // label 0: π = 0.5; label 1: π = 0.25
    const m = ref(mkCase({ loss: { type: 'BCEWithLogitsLoss', pos_weight: [3] }, input: y.map(() => [0, 0]), target: y }));
    close(m?.init, (lab(0.5, 3).init + lab(0.25, 3).init) / 2, 'pos_weight init');
    close(m?.constant, (lab(0.5, 3).constant + lab(0.25, 3).constant) / 2, 'pos_weight constant');
    const per = ref(mkCase({ loss: { type: 'BCEWithLogitsLoss', pos_weight: [3, 0.5] }, input: y.map(() => [0, 0]), target: y }));
    close(per?.constant, (lab(0.5, 3).constant + lab(0.25, 0.5).constant) / 2, 'pos_weight per label');
    close(per?.init, (lab(0.5, 3).init + lab(0.25, 0.5).init) / 2, 'pos_weight per label, init');
    // BCELoss has no pos_weight; a label that is always 1 and one that is always 0 cost nothing constant
    const sure = ref(mkCase({ loss: 'BCELoss', input: [[0.5, 0.5], [0.5, 0.5]], target: [[1, 0], [1, 0]] }));
    close(sure?.constant, 0, 'certain labels');
    close(sure?.init, Math.LN2, 'certain labels, init');
    // pos_weight 0 on an always-positive label: a = b = 0, p* = 0.5, no cost
    close(ref(mkCase({ loss: { type: 'BCEWithLogitsLoss', pos_weight: [0] }, input: [0, 0], target: [1, 1] }))?.constant, 0, 'a + b = 0');
    assert.equal(ref(mkCase({ loss: 'BCEWithLogitsLoss', input: [0, 0], target: [1, 2] })), undefined);
  });
  it('regression: at 0 and at the mean (MSE) or the median (L1, Huber, SmoothL1)', () => {
    const t = [1, 2, 4, 9]; // mean 4, median 3
    const reg = (loss: Record<string, unknown> & { type: 'MSELoss' | 'L1Loss' | 'HuberLoss' | 'SmoothL1Loss' }, tt = t): ReturnType<typeof lossReference> =>
      ref(mkCase({ loss, input: tt.map(() => 0), target: tt }));
    const mse = reg({ type: 'MSELoss' });
    close(mse?.init, (1 + 4 + 16 + 81) / 4, 'mse init');
    close(mse?.constant, (9 + 4 + 0 + 25) / 4, 'mse constant');
    assert.equal(mse?.initText, 'predicting 0');
    assert.equal(mse?.constantText, 'predicting the target mean (the target variance)');
    const l1 = reg({ type: 'L1Loss' });
    close(l1?.init, 4, 'l1 init');
    close(l1?.constant, (2 + 1 + 1 + 6) / 4, 'l1 constant');
    assert.equal(l1?.constantText, 'predicting the target median');
    close(reg({ type: 'L1Loss' }, [1, 2, 7])?.constant, (1 + 0 + 5) / 3, 'odd count median');
    // Huber δ = 1.5: 0.5 r² below δ, δ(|r| − δ/2) above
    const hub = (r: number): number => (Math.abs(r) < 1.5 ? 0.5 * r * r : 1.5 * (Math.abs(r) - 0.75));
    const h = reg({ type: 'HuberLoss', delta: 1.5 });
    close(h?.init, t.reduce((s, v) => s + hub(v), 0) / 4, 'huber init');
    close(h?.constant, t.reduce((s, v) => s + hub(v - 3), 0) / 4, 'huber constant');
    // SmoothL1 β = 2: 0.5 r²/β below β, |r| − β/2 above; β = 0 is L1
    const sl = (r: number): number => (Math.abs(r) < 2 ? (0.5 * r * r) / 2 : Math.abs(r) - 1);
    const s = reg({ type: 'SmoothL1Loss', beta: 2 });
    close(s?.init, t.reduce((a, v) => a + sl(v), 0) / 4, 'smoothl1 init');
    close(s?.constant, t.reduce((a, v) => a + sl(v - 3), 0) / 4, 'smoothl1 constant');
    close(reg({ type: 'SmoothL1Loss', beta: 0 })?.constant, 2.5, 'beta 0');
    assert.equal(ref(mkCase({ loss: 'MSELoss', input: [0, 0], target: [1, NaN] })), undefined);
    assert.equal(ref(mkCase({ loss: 'MSELoss', input: tensor(new Float64Array(0), [0], 'float64'), target: tensor(new Float64Array(0), [0], 'float64') })), undefined);
  });
});

// ---------------------------------------------------------------------------------------------
// The rule on noise-free curves. K = 4, counts [70, 10, 10, 10]: constant C = H + 3/200.
const COUNTS = [70, 10, 10, 10];
const C = H([0.7, 0.1, 0.1, 0.1]) + 3 / 200;
const LOGK = Math.log(4);
const FLOOR = Math.log(1 + 3 / Math.E);
const at = (train: number[], loss: Record<string, unknown> = {}): LossCase => ce(COUNTS, loss, { train });
const flat = (n: number, v: number): number[] => new Array<number>(n).fill(v);
/** 5 steps at `hi`, then 15 at `lo` (20 steps): the plateau starts at step 6 (moving average over 2). */
const fall = (hi: number, lo: number): number[] => [...flat(5, hi), ...flat(15, lo)];
const FLAT_FIX_HEAD = '# 1) can the model overfit one small batch? If not, the wiring (model/loss/optimizer) is broken';
const SOFTMAX_FIX = '# CrossEntropyLoss applies log_softmax itself: feed it raw logits\nlogits = model(x)            # remove the final nn.Softmax / torch.softmax\nloss = criterion(logits, y)';
const constantText = (level: number): string => `at ${fmt(level, 4)} ≈ ${fmt(C, 4)}, the loss of predicting the class frequencies: the model has learned the label frequencies and nothing from the inputs`;
const nearText = (level: number): string => `at ${fmt(level, 4)}, ${pct(level / C)} of the ${fmt(C, 4)} a constant model gets (predicting the class frequencies)`;

ruleTable(lossPlateau, {
  severity: 'warning',
  fires: [
    {
      name: 'flat from the start at log K: chance; the evidence',
      case: at(flat(20, LOGK)),
      expect: (f) => {
        assert.equal(f.message, `The train loss is flat from the start (20 steps), at ${fmt(LOGK, 4)} ≈ log K = ${fmt(LOGK, 4)} (K = 4): the model predicts uniform probabilities, i.e. chance.`);
        assert.equal(f.fix.split('\n')[0], FLAT_FIX_HEAD);
        assert.equal(f.field, 'history');
        const e = f.evidence;
        assert.deepEqual([e.curve, e.steps, e.first, e.plateauStart, e.dropBeforePlateau, e.numClasses], ['train', 20, LOGK, 0, 0, 4]);
        close(e.last as number, Number(LOGK.toPrecision(6)), 'last');
        close(e.constantModelLoss as number, Number(C.toPrecision(6)), 'constant');
        close(e.levelVsConstant as number, Number((LOGK / C).toPrecision(4)), 'level vs constant');
        close(e.logK as number, Number(LOGK.toPrecision(6)), 'logK');
        close(e.doubleSoftmaxFloor as number, Number(FLOOR.toPrecision(6)), 'floor');
      },
    },
    { name: 'flat from the start at 1.04·log K (inside 5 %)', case: at(flat(20, 1.04 * LOGK)), expect: (f) => assert.match(f.message, /≈ log K = /) },
    { name: 'flat from the start at the constant model\'s loss', case: at(flat(20, C)), expect: (f) => assert.equal(f.message, `The train loss is flat from the start (20 steps), ${constantText(C)}.`) },
    { name: 'flat from the start at 0.62·C (highLevel 0.6): near the constant', case: at(flat(20, 0.62 * C)), expect: (f) => assert.equal(f.message, `The train loss is flat from the start (20 steps), ${nearText(0.62 * C)}.`) },
    {
      // head = 1.4 (first 5 % = 1 step), q4 = 0.96: drop 31.4 %; moving average over 2: step 5 is (1.4 + 0.96)/2
      name: 'falls 31 %, then flat at the constant from step 6',
      case: at(fall(1.4, 0.96)),
      expect: (f) => {
        assert.equal(f.message, `The train loss is flat since step 6 of 20 (after falling ${pct((1.4 - 0.96) / 1.4)}), ${constantText(0.96)}.`);
        assert.equal(f.evidence.plateauStart, 6);
        close(f.evidence.dropBeforePlateau as number, Number(((1.4 - 0.96) / 1.4).toPrecision(4)), 'drop');
        assert.equal(f.fix.split('\n')[0], FLAT_FIX_HEAD);
      },
    },
    {
      // 40 steps: the head is the mean of the first round(40/20) = 2 values (1.8); moving average over 4
      name: '40 steps: the drop from the first 5 % (two values), the plateau from step 5',
      case: at([2, 1.6, ...flat(38, 0.96)]),
      expect: (f) => {
        assert.equal(f.message, `The train loss is flat since step 5 of 40 (after falling ${pct((1.8 - 0.96) / 1.8)}), ${constantText(0.96)}.`);
        assert.equal(f.evidence.plateauStart, 5);
      },
    },
    { name: 'falls, then flat at 0.86·C (nearConstant 0.85)', case: at(fall(1.4, 0.86 * C)), expect: (f) => assert.equal(f.message, `The train loss is flat since step 6 of 20 (after falling ${pct((1.4 - 0.86 * C) / 1.4)}), ${nearText(0.86 * C)}.`) },
    { name: 'falls, then flat at 0.94·C (outside the 5 % of the constant)', case: at(fall(1.4, 0.94 * C)), expect: (f) => assert.match(f.message, / a constant model gets \(predicting the class frequencies\)\.$/) },
    {
      name: 'falls, then flat on the double-softmax floor: the floor named, the softmax fix',
      case: at(fall(1.4, FLOOR)),
      expect: (f) => {
        assert.equal(f.message, `The train loss is flat since step 6 of 20 (after falling ${pct((1.4 - FLOOR) / 1.4)}), at ${fmt(FLOOR, 4)}, which is log(1 + (K−1)/e) = ${fmt(FLOOR, 4)} for K = 4: the lowest value CrossEntropyLoss can reach when it is given softmax probabilities instead of logits (double softmax).`);
        assert.equal(f.fix, SOFTMAX_FIX);
      },
    },
    { name: 'flat 2.9 % above the floor (floorTolerance 3 %)', case: at(fall(1.4, 1.029 * FLOOR)), expect: { evidence: { plateauStart: 6 } } },
    { name: 'flat 2.9 % below the floor', case: at(fall(1.4, 0.971 * FLOOR)), expect: (f) => assert.equal(f.fix, SOFTMAX_FIX) },
    { name: 'the val curve when there is no train curve', case: ce(COUNTS, {}, { val: flat(12, LOGK) }), expect: (f) => assert.match(f.message, /^The val loss is flat from the start \(12 steps\), at /) },
    {
      // the moving average at step 0 is 10 % above the plateau (outside 2·3 %): flat from the start all the same
      name: 'a drop of 9 % counts as flat from the start (plateau start 0)',
      case: at([1.1 * C, ...flat(19, C)]),
      expect: (f) => { assert.match(f.message, /^The train loss is flat from the start \(20 steps\)/); assert.equal(f.evidence.plateauStart, 0); },
    },
    {
      // the drop exactly on minDrop (computed as the rule does: head v[0], q4 the mean of the last 5): not "from the start"
      name: 'the drop exactly on minDrop',
      case: at([1.1 * C, ...flat(19, C)]),
      options: { minDrop: (1.1 * C - [C, C, C, C, C].reduce((s, v) => s + v, 0) / 5) / (1.1 * C) },
      expect: (f) => assert.match(f.message, /^The train loss is flat since step 1 of 20 \(after falling 9\.1%\)/),
    },
    {
      // a negative first value: no drop is computed from it (flat from the start)
      name: 'a negative first value: flat from the start',
      case: at([-1, 3, 3, 3, 3, ...flat(15, LOGK)]),
      expect: (f) => assert.match(f.message, /^The train loss is flat from the start \(20 steps\), at /),
    },
    { name: 'flat at 1.1·log K: not chance (5 %), near the constant', case: at(flat(20, 1.1 * LOGK)), expect: (f) => assert.equal(f.message, `The train loss is flat from the start (20 steps), ${nearText(1.1 * LOGK)}.`) },
    { name: 'short: the last exactly shortTolerance below the first', case: at([LOGK, LOGK, LOGK, LOGK, LOGK, LOGK * (1 - 0.05)]), expect: { evidence: { steps: 6, levelKind: 'logK' } } },
    { name: 'flat exactly on the floor with floorTolerance 0', case: at(fall(1.4, FLOOR)), options: { floorTolerance: 0 }, expect: (f) => assert.equal(f.fix, SOFTMAX_FIX) },
    { name: 'exactly minSteps (option 12) points: the quarters path', case: at(flat(12, LOGK)), options: { minSteps: 12 }, expect: (f) => assert.match(f.message, /flat from the start \(12 steps\)/) },
    {
      // quarters of 20: q3 = mean(v[10..15)), q4 = mean(v[15..20)); 2.9 % apart is flat
      name: 'third and fourth quarters 2.9 % apart',
      case: at([...flat(10, LOGK), ...flat(5, 1.029 * LOGK), ...flat(5, LOGK)]),
      expect: (f) => assert.match(f.message, /≈ log K/),
    },
    {
      name: 'MSE flat at the target variance',
      case: mkCase({ loss: 'MSELoss', input: [0, 0, 0, 0], target: [1, 2, 4, 9], history: { train: flat(16, 9.5) } }),
      expect: (f) => {
        assert.equal(f.message, 'The train loss is flat from the start (16 steps), at 9.5 ≈ 9.5, the loss of predicting the target mean (the target variance): the model predicts the same value for every input and has learned nothing from the inputs.');
        assert.deepEqual([f.evidence.logK, f.evidence.doubleSoftmaxFloor, f.evidence.numClasses], [null, null, null]);
      },
    },
    // short histories (shortMinSteps 5 ≤ n < minSteps 10)
    {
      name: 'short: 6 points at log K, the message and evidence',
      case: at([LOGK, LOGK, LOGK, LOGK, LOGK, LOGK]),
      expect: (f) => {
        assert.equal(f.message, `The train loss is flat over all 6 points of the history (within 5% of ${fmt(LOGK, 4)}), at ${fmt(LOGK, 4)} ≈ log K = ${fmt(LOGK, 4)} (K = 4): the model predicts uniform probabilities, i.e. chance. A few points are enough when they sit exactly at this level: nothing is being learned.`);
        const e = f.evidence;
        assert.deepEqual([e.curve, e.steps, e.first, e.plateauStart, e.dropBeforePlateau, e.levelKind, e.numClasses], ['train', 6, LOGK, 0, 0, 'logK', 4]);
        close(e.levelVsConstant as number, Number((LOGK / C).toPrecision(4)), 'level vs constant');
        close(e.doubleSoftmaxFloor as number, Number(FLOOR.toPrecision(6)), 'floor');
      },
    },
    { name: 'short: exactly 5 points (shortMinSteps)', case: at(flat(5, C)), expect: (f) => assert.match(f.message, /^The train loss is flat over all 5 points of the history \(within 5% of .*the loss of predicting the class frequencies/) },
    // 9 points, one at (1 + x)·C: it is within 5 % of the mean while x·8/9 ≤ 0.05·(1 + x/9), x ≤ 0.0566
    { name: 'short: 9 points, one 5.6 % above the others', case: at([...flat(8, C), 1.056 * C]), expect: { evidence: { steps: 9 } } },
    { name: 'short val curve', case: ce(COUNTS, {}, { val: flat(7, LOGK) }), expect: (f) => assert.match(f.message, /^The val loss is flat over all 7 points of the history/) },
    { name: 'short: last 4.9 % below the first', case: at([C * 1.025, C, C, C, C, C * 0.975]), expect: { evidence: { steps: 6 } } },
  ],
  silent: [
    { name: 'no history', case: ce(COUNTS) },
    { name: 'a NaN in the curve', case: at([...flat(19, LOGK), NaN]) },
    { name: '4 points (below shortMinSteps)', case: at(flat(4, LOGK)) },
    { name: 'short: all zero', case: at(flat(6, 0)) },
    { name: 'short: 9 points, one 5.8 % above the others', case: at([...flat(8, C), 1.058 * C]) },
    { name: 'short: the last 6 % below the first, all within 5 % of the mean', case: at([C * 1.03, C, C, C, C, C * 0.97]) },
    { name: 'short: flat at no named level', case: at(flat(6, 0.7 * C)) },
    { name: 'short: one class only (no reference)', case: ce([40], {}, { train: flat(6, 1) }) },
    { name: 'short: every target one class (constant 0)', case: ce([40, 0, 0, 0], {}, { train: flat(6, LOGK) }) },
    { name: 'long: every target one class (constant 0)', case: ce([40, 0, 0, 0], {}, { train: flat(20, LOGK) }) },
    { name: 'long: all zero', case: at(flat(20, 0)) },
    { name: 'long: sum reduction (no reference)', case: at(flat(20, LOGK), { reduction: 'sum' }) },
    { name: 'flat from the start at 0.58·C (below highLevel 0.6)', case: at(flat(20, 0.58 * C)) },
    { name: 'falls, then flat at 0.84·C (below nearConstant 0.85)', case: at(fall(1.4, 0.84 * C)) },
    { name: 'falls, then flat 3.2 % above the floor', case: at(fall(1.4, 1.032 * FLOOR)) },
    { name: 'falls, then flat 3.2 % below the floor', case: at(fall(1.4, 0.968 * FLOOR)) },
    { name: 'third and fourth quarters 3.2 % apart', case: at([...flat(10, LOGK), ...flat(5, 1.032 * LOGK), ...flat(5, LOGK)]) },
    // drop from 1.1·log K to 1.032·log K is 6 %: flat from the start, and high
    { name: 'third and fourth quarters 3.2 % apart, the fourth above', case: at([...flat(5, 1.1 * LOGK), ...flat(10, LOGK), ...flat(5, 1.032 * LOGK)]) },
    { name: 'rising: the last quarter 5 % above the first, the last two flat', case: at([...flat(5, LOGK), ...flat(5, 1.02 * LOGK), ...flat(10, 1.05 * LOGK)]) },
    { name: 'flat at log K with label smoothing but low (no floor when ε > 0)', case: at(fall(1.4, FLOOR), { label_smoothing: 0.1 }) },
  ],
});
