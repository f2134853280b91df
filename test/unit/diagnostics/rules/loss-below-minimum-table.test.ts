/**
 * loss-below-minimum, the whole rule: a recomputed loss below its floor (NLLLoss on shifted
 * log-probabilities, per element or reduced; KLDivLoss on an input whose exp sums to 1.05, total or
 * per-batch; cross-entropy on targets summing to 0.9, below the targets' entropy), the printed loss
 * (meta.reported_loss and the history, on the −1e-6 edge), the case that does not recompute, the
 * silence when a dedicated rule owns the cause, and the fix lines per loss. The losses in the messages
 * are derived here: NLL = −mean(x[y]), KL = Σ t·(log t − x), CE = logsumexp − x[y].
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable } from '../harness';
import { fmt } from '../../../../src/diagnostics/format';
import type { CaseMeta, CaseHistory } from '../../../../src/io/types';
import { lossBelowMinimum } from '../../../../src/diagnostics/rules/loss-below-minimum';

const lp = (p: number[], shift = 0): number[] => p.map((v) => Math.log(v) + shift);
const TAIL = 'Training on such a loss drives it further down without limit instead of towards the targets.';
const FIX = (...lines: string[]): string => ['# check the preconditions of the loss before training:', ...lines, 'assert loss.item() >= 0, loss.item()'].join('\n');
const LOGP = 'log_probs = F.log_softmax(logits, dim=1)   # the input must be log-probabilities';
const DIST = 'assert (target >= 0).all() and torch.allclose(target.sum(dim=1), torch.ones(1), atol=1e-4)';
const BCE = 'assert ((target >= 0) & (target <= 1)).all(), "BCE targets must be in [0, 1]"';
const W = 'assert (weight >= 0).all()';
const PRINTED_TAIL = (v: string, type: string): string => `This batch recomputes to ${v}, so the printed loss does not come from ${type} on data like this: look for a sign error, a term subtracted from the loss, or targets that differ in other batches (masks loaded as 0/255, unnormalised soft labels).`;
const NOT_FINITE = 'This batch does not recompute to a finite loss, so it cannot show where the printed value comes from: look for a sign error, a term subtracted from the loss, or targets that differ in other batches (masks loaded as 0/255, unnormalised soft labels).';

// NLLLoss on log-probabilities shifted by +0.05 (row logsumexp 0.05, under nll-expects-log-probabilities' 0.1)
const NLL_IN = [lp([0.99, 0.005, 0.005], 0.05), lp([0.005, 0.99, 0.005], 0.05)];
const NLL_LOSS = -(Math.log(0.99) + 0.05);
// KLDivLoss: input log(1.05·p): each row's KL is −log 1.05
const KL = (reduction: string) => mkCase({ loss: { type: 'KLDivLoss', reduction }, input: [lp([0.525, 0.525]), lp([0.21, 0.84])], target: [[0.5, 0.5], [0.2, 0.8]], inputDtype: 'float64', targetDtype: 'float64' });
const KL_PRE = `an input that is not log-probabilities (2 rows whose exp sums to more than 1, max ${fmt(Math.log(0.84))})`;
/** A healthy cross-entropy case (loss log(e² + 2) − 2 per row) with what the training printed. */
const ce = (meta: CaseMeta, history?: CaseHistory, loss: Record<string, unknown> = {}) => mkCase({ loss: { type: 'CrossEntropyLoss', ...loss }, input: [[2, 0, 0], [0, 2, 0]], target: [0, 1], inputDtype: 'float64', meta, ...(history ? { history } : {}) });
const CE_LOSS = Math.log(Math.exp(2) + 2) - 2;

ruleTable(lossBelowMinimum, {
  severity: 'error',
  fires: [
    {
      name: 'NLLLoss on shifted log-probabilities: below 0, the precondition named',
      case: mkCase({ loss: 'NLLLoss', input: NLL_IN, target: [0, 1], inputDtype: 'float64' }),
      expect: (f, all) => {
        assert.equal(all.length, 1);
        const pre = `an input that is not log-probabilities (2 values ≥ 0, max ${fmt(Math.log(0.99) + 0.05)}; log-probabilities are ≤ 0)`;
        assert.equal(f.message, `NLLLoss cannot go below 0 when its preconditions hold, but the recomputed loss is ${fmt(NLL_LOSS)}, below its floor 0 (0). The precondition that fails: ${pre}. ${TAIL}`);
        assert.deepEqual({ ...f.evidence, loss: 0 }, { loss: 0, floor: 0, floorIs: '0', tolerance: 1e-6, elementsBelow: null, printedBelow: [], failedPreconditions: [pre] });
        assert.ok(Math.abs((f.evidence.loss as number) - NLL_LOSS) < 1e-6);
        assert.equal(f.fix, FIX(LOGP));
        assert.equal(f.field, 'target');
      },
    },
    {
      name: 'NLLLoss per element: 1 of 2 below',
      case: mkCase({ loss: { type: 'NLLLoss', reduction: 'none' }, input: [NLL_IN[0], lp([0.3, 0.4, 0.3])], target: [0, 1], inputDtype: 'float64' }),
      expect: (f) => {
        assert.equal(f.message, `NLLLoss cannot go below 0 when its preconditions hold, but 1 of 2 per-element losses are below their floor (worst ${fmt(NLL_LOSS)} against 0, 0). The precondition that fails: an input that is not log-probabilities (1 values ≥ 0, max ${fmt(Math.log(0.99) + 0.05)}; log-probabilities are ≤ 0). ${TAIL}`);
        assert.equal(f.evidence.elementsBelow, 1);
      },
    },
    {
      name: 'KLDivLoss batchmean on an input whose exp sums to 1.05: −log 1.05',
      case: KL('batchmean'),
      expect: (f) => {
        assert.equal(f.message, `KLDivLoss cannot go below 0 when its preconditions hold, but the recomputed loss is ${fmt(-Math.log(1.05))}, below its floor 0 (KL(target ‖ input) ≥ 0). The precondition that fails: ${KL_PRE}. ${TAIL}`);
        assert.equal(f.evidence.floorIs, 'KL(target ‖ input) ≥ 0');
        assert.equal(f.fix, FIX(DIST, LOGP));
      },
    },
    {
      name: 'KLDivLoss reduction none: the total of the terms',
      case: KL('none'),
      expect: (f) => assert.equal(f.message, `KLDivLoss cannot go below 0 when its preconditions hold, but 1 of 1 totals are below their floor (worst ${fmt(-2 * Math.log(1.05))} against 0, KL(target ‖ input) ≥ 0). The precondition that fails: ${KL_PRE}. ${TAIL}`),
    },
    {
      // rows [0.9, 0, 0]: CE = 0.9·(log(e⁵ + 2) − 5), entropy floor −0.9·log 0.9
      name: 'cross-entropy below the targets\' entropy, no failed precondition visible',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [[5, 0, 0], [0, 5, 0]], target: [[0.9, 0, 0], [0, 0.9, 0]], inputDtype: 'float64', targetDtype: 'float64' }),
      expect: (f) => {
        const floor = -0.9 * Math.log(0.9);
        const loss = 0.9 * (Math.log(Math.exp(5) + 2) - 5);
        assert.equal(f.message, `CrossEntropyLoss cannot go below ${fmt(floor)} here (the targets' entropy) when its preconditions hold, but the recomputed loss is ${fmt(loss)}, below its floor ${fmt(floor)} (the targets' entropy). None of the usual preconditions fails visibly in this batch. ${TAIL}`);
        assert.equal(f.evidence.floorIs, "the targets' entropy");
        assert.ok(Math.abs((f.evidence.floor as number) - floor) < 1e-6);
        assert.equal(f.fix, FIX(DIST));
      },
    },
    {
      name: 'cross-entropy below the targets\' entropy and a negative printed loss: both, joined by "; "',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [[5, 0, 0], [0, 5, 0]], target: [[0.9, 0, 0], [0, 0.9, 0]], inputDtype: 'float64', targetDtype: 'float64', meta: { reported_loss: -0.25 } }),
      expect: (f) => {
        const floor = -0.9 * Math.log(0.9);
        const loss = 0.9 * (Math.log(Math.exp(5) + 2) - 5);
        assert.equal(f.message, `CrossEntropyLoss cannot go below ${fmt(floor)} here (the targets' entropy) when its preconditions hold, but the recomputed loss is ${fmt(loss)}, below its floor ${fmt(floor)} (the targets' entropy); meta.reported_loss reaches -0.25, below 0. None of the usual preconditions fails visibly in this batch. ${TAIL}`);
        assert.equal(f.field, 'target');
      },
    },
    {
      name: 'printed only: meta.reported_loss and both histories, a warning',
      case: ce({ reported_loss: -0.5 }, { train: [1, -0.5, -0.2, -1e-6, -Infinity, 2], val: [-3] }),
      severity: 'warning',
      expect: (f) => {
        assert.equal(f.message, `CrossEntropyLoss cannot go below 0 when its preconditions hold, but meta.reported_loss reaches -0.5, below 0; history.train (2 of 6 values) reaches -0.5, below 0; history.val (1 of 1 values) reaches -3, below 0. ${PRINTED_TAIL(fmt(CE_LOSS), 'CrossEntropyLoss')} ${TAIL}`);
        assert.deepEqual(f.evidence.printedBelow, ['meta.reported_loss: -0.5', 'history.train (2 of 6 values): -0.5', 'history.val (1 of 1 values): -3']);
        assert.equal(f.field, 'meta.reported_loss');
        assert.equal(f.fix, FIX(DIST));
      },
    },
    { name: 'a reported loss just below −1e-6', case: ce({ reported_loss: -1.1e-6 }), severity: 'warning', expect: { evidence: { printedBelow: ['meta.reported_loss: -1.10e-6'] }, field: 'meta.reported_loss' } },
    {
      name: 'printed in the validation history only: the history field; class weights add their check',
      case: ce({}, { val: [0.4, -0.25] }, { weight: [1, 2, 1] }),
      severity: 'warning',
      expect: (f) => {
        assert.match(f.message, /^CrossEntropyLoss cannot go below 0 when its preconditions hold, but history\.val \(1 of 2 values\) reaches -0\.25, below 0\. /);
        assert.equal(f.field, 'history');
        assert.equal(f.fix, FIX(DIST, W));
      },
    },
    {
      name: 'a case that does not recompute (target 5 of 3 classes): no recomputed value to quote',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [[2, 0, 0], [0, 2, 0]], target: [0, 5], meta: { reported_loss: -0.5 } }),
      severity: 'warning',
      expect: (f) => {
        assert.equal(f.message, `CrossEntropyLoss cannot go below 0 when its preconditions hold, but meta.reported_loss reaches -0.5, below 0. ${NOT_FINITE} ${TAIL}`);
        assert.deepEqual(f.evidence, { loss: null, floor: 0, floorIs: '0', tolerance: null, elementsBelow: null, printedBelow: ['meta.reported_loss: -0.5'], failedPreconditions: [] });
      },
    },
    {
      name: 'a batch that recomputes to NaN (a NaN logit): not called valid, no value to quote',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [[NaN, 0, 0], [0, 2, 0]], target: [0, 1], meta: { reported_loss: -0.5 } }),
      severity: 'warning',
      expect: (f) => {
        assert.equal(f.message, `CrossEntropyLoss cannot go below 0 when its preconditions hold, but meta.reported_loss reaches -0.5, below 0. ${NOT_FINITE} ${TAIL}`);
        assert.equal(f.evidence.loss, null);
        assert.equal(f.field, 'meta.reported_loss');
      },
    },
    {
      name: 'reduction none, every element NaN: no value to quote either',
      case: mkCase({ loss: { type: 'NLLLoss', reduction: 'none' }, input: [[NaN, -1], [NaN, -0.5]], target: [0, 0], history: { train: [0.3, -0.1] } }),
      severity: 'warning',
      expect: (f) => {
        assert.equal(f.message, `NLLLoss cannot go below 0 when its preconditions hold, but history.train (1 of 2 values) reaches -0.1, below 0. ${NOT_FINITE} ${TAIL}`);
        assert.equal(f.field, 'history');
      },
    },
    {
      // 1 + 5e-7 is within float64's term slack (1e-6): no failed precondition, bce-target-out-of-range silent too
      name: 'BCE target 1 + 5e-7 (rounding) printed below 0: no precondition named',
      case: mkCase({ loss: 'BCEWithLogitsLoss', input: [2, -1], target: [1 + 5e-7, 0], targetDtype: 'float64', meta: { reported_loss: -0.5 } }),
      severity: 'warning',
      expect: (f) => {
        const y = 1 + 5e-7;
        const bce = (y * Math.log1p(Math.exp(-2)) + (1 - y) * (2 + Math.log1p(Math.exp(-2))) + Math.log1p(Math.exp(-1))) / 2;
        assert.equal(f.message, `BCEWithLogitsLoss cannot go below 0 when its preconditions hold, but meta.reported_loss reaches -0.5, below 0. ${PRINTED_TAIL(fmt(bce), 'BCEWithLogitsLoss')} ${TAIL}`);
        assert.deepEqual(f.evidence.failedPreconditions, []);
      },
    },
    {
      name: 'BCE target −5e-7 (rounding) printed below 0: no precondition named either',
      case: mkCase({ loss: 'BCEWithLogitsLoss', input: [2, -1], target: [1, -5e-7], targetDtype: 'float64', meta: { reported_loss: -0.5 } }),
      severity: 'warning',
      expect: (f) => assert.deepEqual(f.evidence.failedPreconditions, []),
    },
    {
      name: 'BCEWithLogitsLoss with pos_weight, printed below 0: the BCE and weight checks',
      case: mkCase({ loss: { type: 'BCEWithLogitsLoss', pos_weight: [2] }, input: [1, -1], target: [1, 0], meta: { reported_loss: -0.1 } }),
      severity: 'warning',
      expect: (f) => assert.equal(f.fix, FIX(BCE, W)),
    },
    {
      name: 'NLLLoss printed below 0 with a healthy batch',
      case: mkCase({ loss: 'NLLLoss', input: [lp([0.5, 0.5]), lp([0.25, 0.75])], target: [0, 1], inputDtype: 'float64', history: { train: [-0.2] } }),
      severity: 'warning',
      expect: (f) => {
        assert.equal(f.message, `NLLLoss cannot go below 0 when its preconditions hold, but history.train (1 of 1 values) reaches -0.2, below 0. ${PRINTED_TAIL(fmt(-(Math.log(0.5) + Math.log(0.75)) / 2), 'NLLLoss')} ${TAIL}`);
        assert.equal(f.fix, FIX(LOGP));
      },
    },
  ],
  silent: [
    { name: 'a healthy cross-entropy case', case: ce({}) },
    { name: 'a reported loss of exactly −1e-6', case: ce({ reported_loss: -1e-6 }) },
    { name: 'a reported loss of −Infinity (not a number to judge)', case: ce({ reported_loss: -Infinity }) },
    { name: 'history values of −1e-6 and non-finite ones', case: ce({}, { train: [1, -1e-6, NaN, -Infinity], val: [0.5, -1e-6] }) },
    { name: 'NLLLoss on logits shifted by +1: nll-expects-log-probabilities owns it', case: mkCase({ loss: 'NLLLoss', input: NLL_IN.map((r) => r.map((v) => v + 1)), target: [0, 1], inputDtype: 'float64' }) },
    { name: 'a negative class weight: invalid-loss-weight owns it', case: mkCase({ loss: { type: 'CrossEntropyLoss', weight: [1, -1, 1] }, input: [[2, 0, 0], [0, 2, 0]], target: [0, 1], meta: { reported_loss: -0.5 } }) },
    { name: 'BCE target 1 + 2e-6 (past the slack): bce-target-out-of-range owns it', case: mkCase({ loss: 'BCEWithLogitsLoss', input: [2, -1], target: [1 + 2e-6, 0], targetDtype: 'float64', meta: { reported_loss: -0.5 } }) },
    { name: 'BCE target −2e-6 (past the slack): bce-target-out-of-range owns it', case: mkCase({ loss: 'BCEWithLogitsLoss', input: [2, -1], target: [1, -2e-6], targetDtype: 'float64', meta: { reported_loss: -0.5 } }) },
    { name: 'BCE targets outside [0, 1]: bce-target-out-of-range owns it', case: mkCase({ loss: 'BCEWithLogitsLoss', input: [3, 3], target: [2, 1], meta: { reported_loss: -0.1 } }) },
  ],
});
