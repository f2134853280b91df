/**
 * ignore-index-is-real-class, literally: padded sequences (the real labels inside, the padding
 * trailing), unpadded sequences, flattened targets; the loss with and without the class; the guards
 * (short runs of the other labels, 2+ rows or runs, ignore_index a class with a real name).
 * Counts by hand from the targets below; losses from PyTorch F.cross_entropy (float64) on the logits
 * x[n][c][l] = ((7n + 3c + 5l) mod 7) / 2 − 1.5 (flattened: x[i][c] = ((7i + 3c) mod 7) / 2 − 1.5).
 */
import { ruleTable, mkCase } from '../harness';
import { ignoreIndexIsRealClass } from '../../../../src/diagnostics/rules/ignore-index-is-real-class';
import { literal } from './literal';

const NAMES = ['O', 'B-PER', 'I-PER'];
const X3 = (N: number, C: number, L: number): number[][][] =>
  Array.from({ length: N }, (_, n) => Array.from({ length: C }, (_, c) => Array.from({ length: L }, (_, l) => ((7 * n + 3 * c + 5 * l) % 7) / 2 - 1.5)));
const seq = (t: number[][], args: Record<string, unknown> = {}, names: unknown = NAMES) => mkCase({
  loss: { type: 'CrossEntropyLoss', ignore_index: 0, ...args }, input: X3(t.length, 3, t[0].length), target: t, inputDtype: 'float64', meta: { class_names: names } as never,
});
const flat = (t: number[], args: Record<string, unknown> = {}) => mkCase({
  loss: { type: 'CrossEntropyLoss', ignore_index: 0, ...args },
  input: t.map((_, i) => [0, 1, 2].map((c) => ((7 * i + 3 * c) % 7) / 2 - 1.5)), target: t, inputDtype: 'float64', meta: { class_names: NAMES } as never,
});
// Padded: trailing 0-runs of 3, 2, 1, 0 (6 padded positions); one 'O' inside rows 0, 1, 2; 15 other labels.
const PADDED = [[1, 0, 2, 0, 0, 0], [1, 2, 0, 1, 0, 0], [2, 0, 1, 2, 1, 0], [1, 2, 1, 2, 1, 2]];
// (Counting every 'O', the padding too: PyTorch 1.211482.)
// Unpadded: 4 'O' (rows 0, 1, 2; row 2 also ends with one, the only trailing length): 12 other labels.
const UNPADDED = [[1, 0, 2, 1], [2, 1, 0, 1], [0, 1, 2, 0], [1, 2, 1, 2]];
const FIX = [
  "# pad the labels with -100 (ignored) and keep 'O' (0) a trained class:",
  'labels = labels.masked_fill(attention_mask == 0, -100)',
  'criterion = nn.CrossEntropyLoss()        # ignore_index=-100, the default',
  '# or give padding its own id: label ids start at 1 (num_labels = len(label_list) + 1), pad with 0',
].join('\n');
const PAD_HEAD = "ignore_index=0 is the class 'O' (meta.class_names[0]): 3 'O' labels inside the sequences (in 3 of 4 rows; 16.7% of the real labels) are dropped from the loss together with 6 padded positions, so the model is never trained to predict 'O'.";

ruleTable(ignoreIndexIsRealClass, {
  severity: 'warning',
  fires: [
    {
      name: "padded tag rows: 3 real 'O' labels inside, 6 padded positions",
      case: seq(PADDED),
      expect: literal({
        message: `${PAD_HEAD} The loss is 1.44 without them and 1.36 with the 'O' labels counted (padding still ignored).`,
        evidence: { ignoreIndex: 0, className: 'O', realLabelsIgnored: 3, rowsWithRealLabels: 3, rows: 4, paddingIgnored: 6, labelsCounted: 15, lossNow: 1.4385442705475644, lossCountingClass: 1.3608018672070328 },
        fix: FIX,
        field: 'loss.ignore_index',
      }),
    },
    {
      name: "the same with reduction 'none': no losses quoted",
      case: seq(PADDED, { reduction: 'none' }),
      expect: literal({ message: PAD_HEAD, evidence: { ignoreIndex: 0, className: 'O', realLabelsIgnored: 3, rowsWithRealLabels: 3, rows: 4, paddingIgnored: 6, labelsCounted: 15, lossNow: null, lossCountingClass: null } }),
    },
    {
      name: 'minRowShare 0.75: 2 long trailing runs of 4 rows are not padding (all 9 count as real)',
      case: seq(PADDED), options: { minRowShare: 0.75 },
      expect: literal({ evidence: { ignoreIndex: 0, className: 'O', realLabelsIgnored: 9, rowsWithRealLabels: 3, rows: 4, paddingIgnored: 0, labelsCounted: 15, lossNow: 1.4385442705475644, lossCountingClass: 1.2114822466735706 } }),
    },
    {
      name: "unpadded rows: 4 'O' labels, none padding",
      case: seq(UNPADDED),
      expect: literal({
        message: "ignore_index=0 is the class 'O' (meta.class_names[0]): 4 'O' labels (in 3 of 4 rows; 25.0% of the real labels) are dropped from the loss together with 0 padded positions, so the model is never trained to predict 'O'. The loss is 1.48 without them and 1.57 with the 'O' labels counted (padding still ignored).",
        evidence: { ignoreIndex: 0, className: 'O', realLabelsIgnored: 4, rowsWithRealLabels: 3, rows: 4, paddingIgnored: 0, labelsCounted: 12, lossNow: 1.4772449101893603, lossCountingClass: 1.5709949101893605 },
      }),
    },
    { name: 'other labels in runs of exactly 2 (maxOtherValueRun)', case: seq([[1, 1, 0, 2, 2, 0], [2, 2, 0, 1, 1, 0]]), expect: { evidence: { realLabelsIgnored: 4, rowsWithRealLabels: 2 } } },
    {
      name: "flattened targets: 4 'O' in 3 runs among 6 other labels",
      case: flat([1, 0, 2, 1, 0, 0, 2, 1, 0, 2]),
      expect: literal({
        message: "ignore_index=0 is the class 'O' (meta.class_names[0]): the 4 targets equal to 0 (in 3 separate runs among 6 other labels) are all dropped from the loss, the real 'O' labels with any padding, so the model is never trained to predict 'O'.",
        evidence: { ignoreIndex: 0, className: 'O', realLabelsIgnored: null, ignoredTargets: 4, ignoredRuns: 3, labelsCounted: 6, lossNow: 0.9913112966571571, lossCountingClass: null },
        fix: FIX,
      }),
    },
    { name: 'flattened, starting with the class: 2 runs, other runs of 2 labels on average (exactly maxOtherValueRun)', case: flat([0, 1, 1, 0, 2, 2]), expect: { evidence: { ignoredTargets: 2, ignoredRuns: 2, labelsCounted: 4 } } },
  ],
  silent: [
    { name: 'other labels in runs of 3 (regions, not tags)', case: seq([[1, 1, 1, 0, 2, 2, 2, 0], [2, 2, 2, 0, 1, 1, 1, 0]]) },
    { name: "'O' inside one row only", case: seq([[1, 0, 2, 1], [2, 1, 2, 1], [1, 2, 1, 2]]) },
    { name: 'class 0 named PAD', case: seq(PADDED, {}, ['PAD', 'B-PER', 'I-PER']) },
    { name: 'no class names', case: seq(PADDED, {}, null) },
    { name: 'ignore_index −100', case: seq(PADDED, { ignore_index: -100 }) },
    { name: 'ignore_index 3, beyond the 3 classes (named in meta)', case: seq(PADDED.map((r) => r.map((v) => (v === 0 ? 3 : v))), { ignore_index: 3 }, [...NAMES, 'MISC']) },
    { name: 'flattened: one run of the class', case: flat([1, 2, 0, 0, 1, 2]) },
    { name: 'flattened: other labels in runs of 2.5 on average', case: flat([1, 1, 1, 0, 2, 2, 0]) },
    { name: 'flattened: only the class', case: flat([0, 0, 0]) },
    { name: 'probability targets', case: mkCase({ loss: { type: 'CrossEntropyLoss', ignore_index: 0 }, input: [[0, 1, 2], [2, 1, 0]], target: [[1, 0, 0], [0, 0, 1]], meta: { class_names: NAMES } as never }) },
  ],
});
