/**
 * extreme-logits, literally: the three reasons (saturated share, largest margin, largest |logit|)
 * for CrossEntropyLoss rows and BCEWithLogitsLoss elements, the half-precision sentence, evidence,
 * fixes; the boundaries of saturationMargin (a margin of exactly 30 is not saturated; a row gap above
 * 30 with an exact margin below it is not either), saturatedShare, extremeMargin, maxAbsLogit and
 * ln(1e6). Margins by hand: a row [z, 0, 0] has margin z − ln 2 (40 → 39.306853, 10 → 9.306853,
 * 5 → 4.306853, 150 → 149.306853, 30.5 → 29.806853, 2 → 1.306853); a BCE element's margin is |z|.
 * e^−30 = 9.3576e−14; float16 spacing at 40 is 2^(5 − 10) = 0.03125, at 1000 2^(9 − 10) = 0.5,
 * bfloat16 spacing at 1000 is 2^(9 − 7) = 4.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ruleTable, mkCase } from '../harness';
import { extremeLogits, float16Spacing } from '../../../../src/diagnostics/rules/extreme-logits';
import { literal } from './literal';
import type { DType } from '../../../../src/engine/tensor';

const LN_1E6 = Math.log(1e6);
const bce = (x: number[], dtype: DType = 'float32') => mkCase({ loss: 'BCEWithLogitsLoss', input: x, target: x.map((_, i) => i % 2), inputDtype: dtype });
const ce = (x: number[][], dtype: DType = 'float32') => mkCase({ loss: 'CrossEntropyLoss', input: x, target: x.map((_, i) => i % x[0].length), inputDtype: dtype });
const SIG = 'Saturated sigmoid outputs are over-confident: correct samples give no gradient, wrong ones give huge losses and gradient spikes.';
const SOFT = 'Saturated softmax outputs are over-confident: correct samples give no gradient, wrong ones give huge losses and gradient spikes.';
const half = (kind: string, dt: string) => `Saturated ${kind} outputs are over-confident: correct samples give no gradient, wrong ones give huge losses and gradient spikes, and in ${dt} the logits lose the precision to express probabilities.`;
const HEAD = [
  '# find what inflates the logits: a scale factor (1/temperature, logit_scale), missing normalisation,',
  '# or exploding weights; then regularise the output:',
];
const TAIL = [
  'optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)',
  'torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)',
  '# with mixed precision, compute the loss in float32:',
  'loss = criterion(logits.float(), target)',
];
const CE1 = [[40, 0, 0], [0, 40, 0], [10, 0, 0], [5, 0, 0]];

ruleTable(extremeLogits, {
  severity: 'warning',
  fires: [
    {
      name: 'BCE: 3 of 4 logits beyond 30 (40, −40, 35), one exactly ln(1e6)',
      case: bce([40, -40, 35, LN_1E6]),
      expect: literal({
        message: `The BCEWithLogitsLoss logits are extreme: 75.0% of the logits have a margin above 30 (runner-up probability < 9.36e-14). ${SIG}`,
        evidence: { units: 4, sampled: false, saturatedShare: 0.75, shareTopProbAbove1e6: 0.75, maxMargin: 40, medianMargin: null, maxAbsLogit: 40, worstIndex: 0, float16SpacingAtMax: 0.03125, dtype: 'float32' },
        fix: [...HEAD, 'logits = logits.clamp(-30, 30)                          # or fix the scale at its source', ...TAIL].join('\n'),
        field: 'input',
      }),
    },
    { name: 'BCE: exactly half beyond 30 (31, −31, 5, 5)', case: bce([31, -31, 5, 5]), expect: literal({ evidence: { units: 4, sampled: false, saturatedShare: 0.5, shareTopProbAbove1e6: 0.5, maxMargin: 31, medianMargin: null, maxAbsLogit: 31, worstIndex: 0, float16SpacingAtMax: 0.015625, dtype: 'float32' } }) },
    { name: 'BCE float16: the precision sentence', case: bce([40, -40, 35, 5], 'float16'), expect: literal({ message: `The BCEWithLogitsLoss logits are extreme: 75.0% of the logits have a margin above 30 (runner-up probability < 9.36e-14). ${half('sigmoid', 'float16')}` }) },
    { name: 'BCE bfloat16: the precision sentence', case: bce([40, -40, 35, 5], 'bfloat16'), expect: literal({ message: `The BCEWithLogitsLoss logits are extreme: 75.0% of the logits have a margin above 30 (runner-up probability < 9.36e-14). ${half('sigmoid', 'bfloat16')}` }) },
    {
      name: 'BCE: one logit of exactly 100 (extremeMargin), the rest small',
      case: bce([1, 100, -2, 3]),
      expect: literal({
        message: `The BCEWithLogitsLoss logits are extreme: the largest margin is 100 (a mistake there costs ~100 nats). ${SIG}`,
        evidence: { units: 4, sampled: false, saturatedShare: 0.25, shareTopProbAbove1e6: 0.25, maxMargin: 100, medianMargin: null, maxAbsLogit: 100, worstIndex: 1, float16SpacingAtMax: 0.0625, dtype: 'float32' },
      }),
    },
    {
      name: 'BCE: a logit of −1000 (margin and |logit| reasons)',
      case: bce([1, -2, -1000, NaN]),
      expect: literal({
        message: `The BCEWithLogitsLoss logits are extreme: the largest margin is 1000 (a mistake there costs ~1000 nats); |logit| reaches 1000, where float16 steps are 0.5 and bfloat16 steps 4. ${SIG}`,
        evidence: { units: 3, sampled: false, saturatedShare: 0.3333, shareTopProbAbove1e6: 0.3333, maxMargin: 1000, medianMargin: null, maxAbsLogit: 1000, worstIndex: 2, float16SpacingAtMax: 0.5, dtype: 'float32' },
      }),
    },
    { name: 'BCE: |logit| exactly maxAbsLogit (extremeMargin out of reach)', case: bce([1, -2, 1000, 3]), options: { extremeMargin: 1e9 }, expect: literal({ message: `The BCEWithLogitsLoss logits are extreme: |logit| reaches 1000, where float16 steps are 0.5 and bfloat16 steps 4. ${SIG}` }) },
    { name: 'BCE: one value −0.1 below [0, 1] makes them logits (saturationMargin 0.5)', case: bce([-0.1, 1, 0.9, 0.8]), options: { saturationMargin: 0.5 }, expect: { evidence: { saturatedShare: 0.75 } } },
    {
      name: 'CE: 2 of 4 rows with margin 39.3 (ties in the largest gap keep the first row)',
      case: ce(CE1),
      expect: literal({
        message: `The CrossEntropyLoss logits are extreme: 50.0% of the rows have a margin above 30 (runner-up probability < 9.36e-14). ${SOFT}`,
        evidence: { units: 4, sampled: false, saturatedShare: 0.5, shareTopProbAbove1e6: 0.5, maxMargin: 39.31, medianMargin: 9.307, maxAbsLogit: 40, worstIndex: 0, float16SpacingAtMax: 0.03125, dtype: 'float32' },
        fix: [...HEAD, 'criterion = nn.CrossEntropyLoss(label_smoothing=0.1)   # discourages unbounded margins', ...TAIL].join('\n'),
        field: 'input',
      }),
    },
    {
      // the gap is top − runner-up: 10 − (−30) = 40, margin 40 − ln 2 (logits mostly negative, as a trained head's are)
      name: 'CE: rows [10, −30, −30] (gap 40 from negative logits) beside [5, 0, 0]: 3 of 4 saturated',
      case: ce([[10, -30, -30], [-30, 10, -30], [-30, -30, 10], [5, 0, 0]]),
      expect: literal({
        message: `The CrossEntropyLoss logits are extreme: 75.0% of the rows have a margin above 30 (runner-up probability < 9.36e-14). ${SOFT}`,
        evidence: { units: 4, sampled: false, saturatedShare: 0.75, shareTopProbAbove1e6: 0.75, maxMargin: 39.31, medianMargin: 39.31, maxAbsLogit: 10, worstIndex: 0, float16SpacingAtMax: 0.0078125, dtype: 'float32' },
      }),
    },
    {
      // the worst row is the one with the largest gap (row 1: 40), not the largest top + runner-up (row 0: 35 + 30)
      name: 'CE: the worst row has the largest gap: [40, 0, 0] after [35, 30, 30]',
      case: ce([[35, 30, 30], [40, 0, 0], [0, 40, 0], [1, 0, 0]]),
      expect: literal({ evidence: { units: 4, sampled: false, saturatedShare: 0.5, shareTopProbAbove1e6: 0.5, maxMargin: 39.31, medianMargin: 4.307, maxAbsLogit: 40, worstIndex: 1, float16SpacingAtMax: 0.03125, dtype: 'float32' } }),
    },
    { name: 'CE float16', case: ce(CE1, 'float16'), expect: literal({ message: `The CrossEntropyLoss logits are extreme: 50.0% of the rows have a margin above 30 (runner-up probability < 9.36e-14). ${half('softmax', 'float16')}` }) },
    {
      name: 'CE: rows left with one class by −inf masks, a NaN row and a +inf row are not counted (nor in the median)',
      case: ce([...CE1, [-Infinity, 50, -Infinity], [NaN, 1, 0], [Infinity, 0, 0]]),
      expect: { evidence: { units: 4, saturatedShare: 0.5, shareTopProbAbove1e6: 0.5, maxMargin: 39.31, medianMargin: 9.307, worstIndex: 0 } },
    },
    {
      // gap exactly 30 (margin 29.3): not a candidate; 2 of 5 rows saturated = saturatedShare 0.4
      name: 'CE: a row with gap exactly 30 beside CE1, saturatedShare 0.4',
      case: ce([...CE1, [30, 0, 0]]),
      options: { saturatedShare: 0.4 },
      expect: { evidence: { units: 5, sampled: false, saturatedShare: 0.4 } },
    },
    {
      name: 'CE: one candidate row sampled of two (sampleRows 1)',
      case: ce(CE1),
      options: { sampleRows: 1 },
      expect: { evidence: { units: 4, sampled: true, saturatedShare: 0.5 } },
    },
    { name: 'CE: sampleRows 0.5 still samples one row', case: ce(CE1), options: { sampleRows: 0.5 }, expect: { evidence: { sampled: true, saturatedShare: 0.5 } } },
    {
      name: 'CE: one row [150, 0, 0] (margin 149.3 ≥ 100)',
      case: ce([[150, 0, 0], [0, 1, 0], [2, 0, 0], [0, 0, 3]]),
      expect: literal({
        message: `The CrossEntropyLoss logits are extreme: the largest margin is 149 (a mistake there costs ~149 nats). ${SOFT}`,
        evidence: { units: 4, sampled: false, saturatedShare: 0.25, shareTopProbAbove1e6: 0.25, maxMargin: 149.3, medianMargin: 1.307, maxAbsLogit: 150, worstIndex: 0, float16SpacingAtMax: 0.125, dtype: 'float32' },
      }),
    },
    {
      name: 'CE: rows [1000, 999, 0] (top logit at maxAbsLogit, margin 1)',
      case: ce([[1000, 999, 0], [1000, 999, 0], [0, 1000, 999], [999, 0, 1000]]),
      expect: literal({
        message: `The CrossEntropyLoss logits are extreme: the top logit of a row reaches 1000, where float16 steps are 0.5 and bfloat16 steps 4. ${SOFT}`,
        // margins 1000 − log(e^999 + 1) = 1 − log(1 + e^−999) = 1 for every row; no candidate row: share 0
        evidence: { units: 4, sampled: false, saturatedShare: 0, shareTopProbAbove1e6: 0, maxMargin: 1, medianMargin: 1, maxAbsLogit: 1000, worstIndex: 0, float16SpacingAtMax: 0.5, dtype: 'float32' },
      }),
    },
    {
      name: 'CE: a row [800, 0, 0] whose other classes underflow: infinite margin',
      case: ce([[800, 0, 0], [0, 1, 0], [2, 0, 0], [0, 0, 3]]),
      expect: (f) => { assert.match(f.message, /: the largest margin is Infinity \(a mistake there costs ~Infinity nats\)\. /); assert.equal(f.evidence.maxMargin, Infinity); assert.equal(f.evidence.worstIndex, 0); },
    },
  ],
  silent: [
    // every row keeps one class only (the others −inf): no row has a logit scale, nothing to judge
    { name: 'CE: every row masked down to one class by −inf', case: ce([[50, -Infinity, -Infinity], [-Infinity, 60, -Infinity], [-Infinity, -Infinity, 70]]) },
    { name: 'BCE: margins of exactly 30 are not saturated', case: bce([30, -30, 30, 5]) },
    { name: 'BCE: one of 4 beyond 30 (share 0.25)', case: bce([31, 5, 5, 5]) },
    { name: 'BCE: largest logit 99.9 (below extremeMargin)', case: bce([1, 99.9, -2, 3]) },
    { name: 'BCE: |logit| 999.9 with extremeMargin out of reach', case: bce([1, -2, 999.9, 3]), options: { extremeMargin: 1e9 } },
    { name: 'BCE: probabilities with exact 0 and 1 (double-sigmoid), saturationMargin 0.5', case: bce([0, 1, 0.9, 0.8]), options: { saturationMargin: 0.5 } },
    { name: 'BCE: all NaN', case: bce([NaN, NaN]) },
    { name: 'CE: all NaN', case: ce([[NaN, NaN], [NaN, NaN]]) },
    { name: 'CE: row gaps 30.5 but exact margins 29.8', case: ce([[30.5, 0, 0], [0, 30.5, 0], [1, 0, 0], [0, 0, 1]]) },
    { name: 'CE: −1e9 masks beside ordinary logits', case: ce([[-1e9, 5, 0], [-1e9, 0, 5], [5, -1e9, 0], [0, 5, -1e9]]) },
    { name: 'CE: CE1 and a row with gap exactly 30: 2 of 5 saturated (below 0.5)', case: ce([...CE1, [30, 0, 0]]) },
    { name: 'CE: empty', case: mkCase({ loss: 'CrossEntropyLoss', input: [[]] as unknown as number[][], target: [] as number[] }) },
    { name: 'CE: top logits 999 (below maxAbsLogit)', case: ce([[999, 998, 0], [999, 998, 0], [0, 999, 998], [998, 0, 999]]) },
    { name: 'CE: one class', case: ce([[50], [-50]]) },
    { name: 'CE: a target that matches no layout', case: mkCase({ loss: 'CrossEntropyLoss', input: CE1, target: [0, 1, 2] }) },
  ],
});

describe('extreme-logits: float16Spacing', () => {
  it('is 2^(e − 10) above the subnormals, 2^−24 below, 0 at 0', () => {
    assert.equal(float16Spacing(1), 2 ** -10);
    assert.equal(float16Spacing(-1000), 0.5);
    assert.equal(float16Spacing(2 ** -20), 2 ** -24);
    assert.equal(float16Spacing(0), 0);
    assert.equal(float16Spacing(NaN), 0);
  });
});
