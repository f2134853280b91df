/**
 * non-finite-values, the whole rule: rows of a class-loss input masked with −inf on every class (the
 * target counted, ignored, or both), KLDivLoss's −inf input against zero / −inf / positive targets
 * (padded vocabulary columns: one, a contiguous run, scattered, more than six), and the generic
 * NaN/±Inf finding beside them. Messages, fixes and evidence literally; the cross-entropy values in
 * the messages are computed here from the logits (logsumexp − logit of the target).
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable } from '../harness';
import { fmt } from '../../../../src/diagnostics/format';
import type { Finding } from '../../../../src/diagnostics/types';
import { nonFiniteValues } from '../../../../src/diagnostics/rules/non-finite-values';

const NI = -Infinity;
const MASKED_FIX = [
  '# every row needs at least one class that is not masked; drop rows that have none:',
  'keep = mask.any(dim=1)                       # mask: True = allowed class',
  'loss = criterion(logits[keep], target[keep])',
  '# or mask with a large finite negative instead of -inf (no NaN, the row just learns nothing):',
  'logits = logits.masked_fill(~mask, torch.finfo(logits.dtype).min)',
].join('\n');
const KL_COLS_FIX = (v: number): string => [
  '# drop the padded vocabulary columns before the (log_)softmax, in the student and the teacher:',
  `V = ${v}   # the real vocabulary size (tokenizer)`,
  'student_logits, teacher_logits = student_logits[..., :V], teacher_logits[..., :V]',
  '# or mask them with a large finite negative instead of -inf:',
  'logits = logits.masked_fill(pad_cols, torch.finfo(logits.dtype).min)',
].join('\n');
const KL_PLAIN_FIX = [
  '# mask with a large finite negative instead of -inf, so that 0 * input stays 0:',
  'logits = logits.masked_fill(~mask, torch.finfo(logits.dtype).min)',
  'loss = nn.KLDivLoss(reduction="batchmean")(F.log_softmax(logits, -1), target)',
].join('\n');
const TAIL = 'One NaN makes the loss and every gradient NaN, and the weights become NaN after the next optimizer step.';
const MASK_HEAD = (k: number, n: number, c: number, first: string): string =>
  `${k} of ${n} rows have all ${c} classes at −inf (a mask that covers every class), first at ${first}. log_softmax of such a row is −inf − (−inf) = NaN.`;
const MASK_END = '−inf on some classes of a row is a fine mask; on every class it is not.';

/** Cross-entropy of one row: logsumexp(row) − row[y]. */
function ce(row: number[], y: number): number {
  const m = Math.max(...row);
  return m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0)) - row[y];
}
const only = (n: number) => (all: Finding[]): void => assert.equal(all.length, n, all.map((f) => f.message).join('\n'));

ruleTable(nonFiniteValues, {
  severity: 'error',
  fires: [
    {
      name: 'one row masked on every class whose target counts: the loss is NaN (one finding)',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [[1, 2, 0], [NI, NI, NI], [0.5, 0, 1]], target: [0, 1, 2] }),
      expect: (f, all) => {
        only(1)(all);
        assert.equal(f.message, `${MASK_HEAD(1, 3, 3, '[1]')} They have a target that counts, so the loss is NaN. ${MASK_END}`);
        assert.deepEqual(f.evidence, { tensor: 'input', fullyMaskedRows: 1, rows: 3, numClasses: 3, firstRows: ['[1]'], ignoredAmongThem: 0, negInf: 3 });
        assert.equal(f.fix, MASKED_FIX);
        assert.equal(f.field, 'input');
      },
    },
    {
      name: 'the masked rows all ignored: a finite forward loss, quoted, and a NaN gradient',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [[1, 2, 0], [NI, NI, NI], [0.5, 0, 1]], target: [0, -100, 2], inputDtype: 'float64' }),
      expect: (f, all) => {
        only(1)(all);
        const loss = (ce([1, 2, 0], 0) + ce([0.5, 0, 1], 2)) / 2;
        assert.equal(f.message, `${MASK_HEAD(1, 3, 3, '[1]')} Their targets are ignore_index (-100), so the forward loss stays finite (${fmt(loss)}), but backward still runs through log_softmax of those rows: PyTorch's gradient there is NaN, and the first optimizer step writes NaN into the weights. ${MASK_END}`);
        assert.equal(f.evidence.ignoredAmongThem, 1);
      },
    },
    {
      name: 'the masked rows all ignored, reduction none: no loss to quote',
      case: mkCase({ loss: { type: 'CrossEntropyLoss', reduction: 'none', ignore_index: 7 }, input: [[1, 2, 0], [NI, NI, NI]], target: [0, 7] }),
      expect: (f) => assert.equal(f.message, `${MASK_HEAD(1, 2, 3, '[1]')} Their targets are ignore_index (7), so the forward loss stays finite, but backward still runs through log_softmax of those rows: PyTorch's gradient there is NaN, and the first optimizer step writes NaN into the weights. ${MASK_END}`),
    },
    {
      name: 'two masked rows, one ignored and one counted',
      case: mkCase({ loss: 'NLLLoss', input: [[NI, NI], [-0.1, -2.4], [NI, NI]], target: [-100, 0, 1] }),
      expect: (f) => {
        assert.equal(f.message, `${MASK_HEAD(2, 3, 2, '[0], [2]')} 1 of them have a target that counts, so the loss is NaN; the other 1, ignored, still give a NaN gradient. ${MASK_END}`);
        assert.equal(f.evidence.ignoredAmongThem, 1);
        assert.equal(f.evidence.negInf, 4);
      },
    },
    {
      name: 'six masked rows of a (N, C, L) input: positions as [n, l], the first five listed',
      case: mkCase({
        loss: 'CrossEntropyLoss',
        // (2, 2, 4): positions (0, 0..3) and (1, 1..2) masked
        input: [[[NI, NI, NI, NI], [NI, NI, NI, NI]], [[0, NI, NI, 1], [2, NI, NI, 0]]],
        target: [[0, 1, 0, 1], [1, 0, 1, 0]],
      }),
      expect: (f) => {
        assert.equal(f.message, `${MASK_HEAD(6, 8, 2, '[0, 0], [0, 1], [0, 2], [0, 3], [1, 1]')} They have a target that counts, so the loss is NaN. ${MASK_END}`);
        assert.deepEqual(f.evidence.firstRows, ['[0, 0]', '[0, 1]', '[0, 2]', '[0, 3]', '[1, 1]']);
        assert.equal(f.evidence.rows, 8);
      },
    },
    {
      name: 'probability targets: a masked row counts (no ignore_index there)',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [[NI, NI], [0, 1]], target: [[0.5, 0.5], [1, 0]], targetDtype: 'float32' }),
      expect: (f) => assert.match(f.message, / They have a target that counts, so the loss is NaN\. /),
    },
    {
      // ignore_index 0 means nothing for probability targets, even where a target value is 0
      name: 'probability targets with ignore_index 0 and a 0 target value: still counted',
      case: mkCase({ loss: { type: 'CrossEntropyLoss', ignore_index: 0 }, input: [[NI, NI], [0, 1]], target: [[0, 1], [1, 0]], targetDtype: 'float32' }),
      expect: (f) => { assert.match(f.message, / They have a target that counts, so the loss is NaN\. /); assert.equal(f.evidence.ignoredAmongThem, 0); },
    },
    {
      // PyTorch broadcasts a (3,) target over the (2, 3) rows: KLDivLoss(reduction='batchmean') gives nan
      // here (torch 1.13, float64), from target 0 under the −inf at [0, 1]
      name: 'KLDivLoss with a (V,) target broadcast over (N, V) rows: the KL finding, the target paired as PyTorch pairs it',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [[-0.7, NI, -0.7], [-1, -1, -1.2]], target: [0.5, 0, 0.5] }),
      expect: (f, all) => {
        only(1)(all);
        assert.equal(f.message, "The KLDivLoss input (log-probabilities) holds 1 −inf value; at 1 of them the target is 0, and KLDivLoss's term target·(log target − input) becomes 0 · (−inf), which is NaN in floating point, not 0: the loss and every gradient are NaN.");
        assert.deepEqual(f.evidence, { tensor: 'input', negInf: 1, negInfWhereTargetZero: 1, negInfWhereTargetPositive: 0, paddedColumns: 0, logTarget: false });
      },
    },
    {
      // PyTorch: KLDivLoss(reduction='none') of this input against [[0.5], [0.0]] is [[0.0034, inf], [0, 0]]
      name: 'KLDivLoss with an (N, 1) target broadcast along the last dim: row 0 (target 0.5) makes +inf, row 1 (target 0) NaN',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'sum' }, input: [[-0.7, NI], [NI, -0.3]], target: [[0.5], [0]] }),
      expect: (f, all) => {
        only(1)(all);
        assert.equal(f.message, "The KLDivLoss input (log-probabilities) holds 2 −inf values; at 1 of them the target is 0, and KLDivLoss's term target·(log target − input) becomes 0 · (−inf), which is NaN in floating point, not 0: the loss and every gradient are NaN; at 1 the target is positive and the term is +inf: the model gives probability 0 to an outcome the target says can happen.");
        assert.equal(f.evidence.negInfWhereTargetZero, 1);
        assert.equal(f.evidence.negInfWhereTargetPositive, 1);
      },
    },
    {
      name: 'KLDivLoss with a 3-d input and a (1, V) target: broadcast over the two leading dims',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'sum' }, input: [[[-0.7, NI, -0.7]], [[-1, -1, NI]]], target: [[0.5, 0, 0.5]] }),
      expect: (f) => {
        // [0, 0, 1] meets target 0; [1, 0, 2] meets target 0.5
        assert.equal(f.evidence.negInfWhereTargetZero, 1);
        assert.equal(f.evidence.negInfWhereTargetPositive, 1);
      },
    },
    {
      name: 'KLDivLoss with a target that does not broadcast (PyTorch refuses (2,) against (2, 3)): the generic finding only',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [[-0.7, NI, -0.7], [-1, -1, -1.2]], target: [0.5, 0.5] }),
      expect: (f, all) => { only(1)(all); assert.equal(f.message, `The input holds 1 non-finite value (1 -Inf; 16.7% of 6), first at [0, 1]. ${TAIL}`); },
    },
    {
      // PyTorch: KLDivLoss(reduction='none') of [-0.7, -inf] against [[0.5, 0]] is [[0.0034, nan]]
      name: 'KLDivLoss with a (1, V) target over a (V,) input: a leading 1 pairs values one to one, the KL finding',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'sum' }, input: [-0.7, NI], target: [[0.5, 0]] }),
      expect: (f, all) => {
        only(1)(all);
        assert.equal(f.message, "The KLDivLoss input (log-probabilities) holds 1 −inf value; at 1 of them the target is 0, and KLDivLoss's term target·(log target − input) becomes 0 · (−inf), which is NaN in floating point, not 0: the loss and every gradient are NaN.");
      },
    },
    {
      // PyTorch broadcasts the input over the target's rows here (each input value meets two targets)
      name: 'KLDivLoss with a target of more dims than the input: the generic finding only',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'sum' }, input: [-0.7, NI], target: [[0.5, 0], [0.5, 0]] }),
      expect: (f, all) => { only(1)(all); assert.equal(f.message, `The input holds 1 non-finite value (1 -Inf; 50.0% of 2), first at [1]. ${TAIL}`); },
    },
    {
      name: 'a NaN logit in a case that does not recompute: still the generic finding',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [[NI, NaN, 1], [0, 1, 2]], target: [2, 5] }),
      expect: (f, all) => { only(1)(all); assert.equal(f.message, `The input holds 2 non-finite values (1 NaN, 1 -Inf; 33.3% of 6), first at [0, 0], [0, 1]. ${TAIL}`); },
    },
    {
      name: 'a row of −inf and NaN is not a mask of every class: the generic finding only, naming the NaN',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [[NI, NaN], [0, 1]], target: [0, 1] }),
      expect: (f, all) => {
        only(1)(all);
        assert.equal(f.message, `The input holds 2 non-finite values (1 NaN, 1 -Inf; 50.0% of 4), first at [0, 0], [0, 1]. ${TAIL}`);
      },
    },
    {
      name: 'a row of NaN then −inf (NaN first): not a mask either',
      case: mkCase({ loss: 'NLLLoss', input: [[-0.5, -1], [NaN, NI], [NI, NI]], target: [0, 1, 0] }),
      expect: (f, all) => {
        only(2)(all);
        assert.match(f.message, /^1 of 3 rows have all 2 classes at −inf \(a mask that covers every class\), first at \[2\]\./);
        assert.equal(all[1].message, `The input holds 4 non-finite values (1 NaN, 3 -Inf; 66.7% of 6), first at [1, 0], [1, 1], [2, 0], [2, 1]. ${TAIL}`);
      },
    },
    {
      name: 'a row of −inf and +inf is not a mask of every class',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [[NI, Infinity], [0, 1]], target: [0, 1] }),
      expect: (f, all) => { only(1)(all); assert.equal(f.message, `The input holds 2 non-finite values (1 +Inf, 1 -Inf; 50.0% of 4), first at [0, 0], [0, 1]. ${TAIL}`); },
    },
    {
      name: 'a masked row and a NaN logit: the mask finding and the generic one',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [[NaN, 1, 0], [NI, NI, NI], [0, 0, 1]], target: [1, 0, 2] }),
      expect: (f, all) => {
        only(2)(all);
        assert.match(f.message, /^1 of 3 rows have all 3 classes at −inf/);
        assert.equal(all[1].message, `The input holds 4 non-finite values (1 NaN, 3 -Inf; 44.4% of 9), first at [0, 0], [1, 0], [1, 1], [1, 2]. ${TAIL}`);
      },
    },
    {
      name: 'a masked row and a NaN target (probabilities): the target is not judged as masked rows',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [[NI, NI], [0, 1]], target: [[0.5, NaN], [1, 0]], targetDtype: 'float32' }),
      expect: (_f, all) => {
        only(2)(all);
        assert.equal(all[1].evidence.tensor, 'target');
        assert.equal(all[1].message, `The target holds 1 non-finite value (1 NaN; 25.0% of 4), first at [0, 1]. ${TAIL}`);
      },
    },
    {
      name: '+Inf logit in cross-entropy: generic, with the evidence of the finite values',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [[0.5, Infinity, -2], [1, 2, 3]], target: [0, 1] }),
      expect: (f, all) => {
        only(1)(all);
        assert.equal(f.message, `The input holds 1 non-finite value (1 +Inf; 16.7% of 6), first at [0, 1]. ${TAIL}`);
        assert.deepEqual({ ...f.evidence, share: Math.round((f.evidence.share as number) * 1e9) / 1e9 }, {
          tensor: 'input', count: 1, nan: 0, posInf: 1, negInf: 0, share: Math.round((1 / 6) * 1e9) / 1e9, firstIndices: ['[0, 1]'], shape: [2, 3], finiteMin: -2, finiteMax: 3,
        });
      },
    },
    {
      name: '−inf logit at the target class with a partial mask: the loss is infinite, generic finding',
      case: mkCase({ loss: 'CrossEntropyLoss', input: [[NI, 0, 1], [0, 1, 2]], target: [0, 1] }),
      expect: (f, all) => {
        only(1)(all);
        assert.equal(f.message, `The input holds 1 non-finite value (1 -Inf; 16.7% of 6), first at [0, 0]. ${TAIL}`);
      },
    },
    {
      name: '−inf in an MSE input: the generic finding',
      case: mkCase({ loss: 'MSELoss', input: [1, NI, 2, 3, 4], target: [1, 2, 2, 3, 4] }),
      expect: (f) => {
        assert.equal(f.message, `The input holds 1 non-finite value (1 -Inf; 20.0% of 5), first at [1]. ${TAIL}`);
        assert.equal(f.evidence.negInf, 1);
      },
    },
    {
      name: 'NaN in the input and in the target: one finding each',
      case: mkCase({ loss: 'MSELoss', input: [NaN, 1], target: [NaN, 1] }),
      expect: (_f, all) => { only(2)(all); assert.deepEqual(all.map((g) => g.evidence.tensor), ['input', 'target']); },
    },
    {
      name: 'KLDivLoss: one −inf input where the target is 0, no full column',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [[-0.7, NI, -0.7], [-1, -1, -1.2]], target: [[0.5, 0, 0.5], [0.3, 0.3, 0.4]] }),
      expect: (f, all) => {
        only(1)(all);
        assert.equal(f.message, "The KLDivLoss input (log-probabilities) holds 1 −inf value; at 1 of them the target is 0, and KLDivLoss's term target·(log target − input) becomes 0 · (−inf), which is NaN in floating point, not 0: the loss and every gradient are NaN.");
        assert.deepEqual(f.evidence, { tensor: 'input', negInf: 1, negInfWhereTargetZero: 1, negInfWhereTargetPositive: 0, paddedColumns: 0, logTarget: false });
        assert.equal(f.fix, KL_PLAIN_FIX);
        assert.equal(f.field, 'input');
      },
    },
    {
      name: 'KLDivLoss log_target: −inf where the log target is −inf, one padded column',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean', log_target: true }, input: [[-0.7, -0.7, NI], [-0.5, -0.9, NI]], target: [[-0.7, -0.7, NI], [-1, -0.5, NI]] }),
      expect: (f, all) => {
        // and the target's own −inf values (exp(−inf)·(…) is NaN too): the generic finding for the target
        only(2)(all);
        assert.equal(all[1].message, `The target holds 2 non-finite values (2 -Inf; 33.3% of 6), first at [0, 2], [1, 2]. ${TAIL}`);
        assert.equal(f.message, "The KLDivLoss input (log-probabilities) holds 2 −inf values; at 2 of them the log target is −inf (probability 0), and KLDivLoss's term exp(t)·(t − input) becomes 0 · (−inf), which is NaN in floating point, not 0: the loss and every gradient are NaN. The same 1 column (2) of the last dim is −inf in every row: padded vocabulary entries masked with −inf.");
        assert.deepEqual(f.evidence, { tensor: 'input', negInf: 2, negInfWhereTargetZero: 2, negInfWhereTargetPositive: 0, paddedColumns: 1, firstPaddedColumn: 2, logTarget: true });
        assert.equal(f.fix, KL_COLS_FIX(2));
      },
    },
    {
      name: 'KLDivLoss log_target: a log target of 0 (probability 1) under −inf is positive',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean', log_target: true }, input: [[NI, -0.1], [-0.2, -0.3]], target: [[0, NI], [-0.7, -0.7]] }),
      expect: (f) => {
        assert.equal(f.message, 'The KLDivLoss input (log-probabilities) holds 1 −inf value; at 1 the target is positive and the term is +inf: the model gives probability 0 to an outcome the target says can happen.');
        assert.equal(f.evidence.negInfWhereTargetPositive, 1);
        assert.equal(f.evidence.negInfWhereTargetZero, 0);
      },
    },
    {
      name: 'KLDivLoss: padded columns 3..5 in every row',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [[-0.5, -1.2, -2, NI, NI, NI], [-0.9, -0.8, -1.9, NI, NI, NI]], target: [[0.5, 0.3, 0.2, 0, 0, 0], [0.4, 0.4, 0.2, 0, 0, 0]] }),
      expect: (f) => {
        assert.match(f.message, / The same 3 columns \(3\.\.5\) of the last dim are −inf in every row: padded vocabulary entries masked with −inf\.$/);
        assert.equal(f.evidence.firstPaddedColumn, 3);
        assert.equal(f.fix, KL_COLS_FIX(3));
      },
    },
    {
      name: 'KLDivLoss: two scattered padded columns are listed one by one',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [[NI, -0.5, NI, -0.9], [NI, -0.2, NI, -1.7]], target: [[0, 0.5, 0, 0.5], [0, 0.7, 0, 0.3]] }),
      expect: (f) => assert.match(f.message, / The same 2 columns \(0, 2\) of the last dim are −inf in every row/),
    },
    {
      name: 'KLDivLoss: six scattered padded columns: all six listed',
      case: () => {
        const row = (o: number): number[] => Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? NI : -2 - o - i / 10));
        const t = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 0 : 1 / 6));
        return mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [row(0), row(1)], target: [t, t] });
      },
      expect: (f) => assert.match(f.message, / The same 6 columns \(0, 2, 4, 6, 8, 10\) of the last dim are −inf in every row/),
    },
    {
      name: 'KLDivLoss: seven scattered padded columns: six listed, then …',
      case: () => {
        const row = (o: number): number[] => Array.from({ length: 14 }, (_, i) => (i % 2 === 0 ? NI : -2 - o - i / 10));
        const t = Array.from({ length: 14 }, (_, i) => (i % 2 === 0 ? 0 : 1 / 7));
        return mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [row(0), row(1)], target: [t, t] });
      },
      expect: (f) => {
        assert.match(f.message, /holds 14 −inf values; at 14 of them the target is 0/);
        assert.match(f.message, / The same 7 columns \(0, 2, 4, 6, 8, 10, …\) of the last dim are −inf in every row/);
      },
    },
    {
      name: 'KLDivLoss: −inf and a NaN: the −inf finding and the generic one',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [[-0.7, NI, NaN], [-1, -1, -1.2]], target: [[0.5, 0, 0.5], [0.3, 0.3, 0.4]] }),
      expect: (f, all) => {
        only(2)(all);
        assert.match(f.message, /^The KLDivLoss input \(log-probabilities\) holds 1 −inf value;/);
        assert.equal(all[1].message, `The input holds 2 non-finite values (1 NaN, 1 -Inf; 33.3% of 6), first at [0, 1], [0, 2]. ${TAIL}`);
      },
    },
  ],
  silent: [
    { name: '−inf masks on some classes, targets elsewhere: a finite loss', case: mkCase({ loss: 'CrossEntropyLoss', input: [[NI, 0, 1], [0, NI, 2]], target: [2, 0] }) },
    { name: 'finite KLDivLoss log-probabilities with zero targets', case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [[-0.7, -5, -0.7]], target: [[0.5, 0, 0.5]] }) },
    { name: 'NLLLoss with −inf on one class of a row, target on the other', case: mkCase({ loss: 'NLLLoss', input: [[NI, -0.1], [-0.1, -2.4]], target: [1, 0] }) },
    { name: 'finite MSE values', case: mkCase({ loss: 'MSELoss', input: [1, 2], target: [1, 3] }) },
    // the engine refuses target 5 of 3 classes (no recomputed loss): the −inf mask is not called a NaN
    { name: 'a partial −inf mask in a case that does not recompute (target out of range)', case: mkCase({ loss: 'CrossEntropyLoss', input: [[NI, 0, 1], [0, NI, 2]], target: [2, 5] }) },
  ],
});
