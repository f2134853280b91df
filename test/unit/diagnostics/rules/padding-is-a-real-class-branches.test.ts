/**
 * padding-is-a-real-class, branch by branch, each message word for word: flattened (B·L,) targets
 * read back as (B, L) rows; a declared meta.pad_value (padding without the right-padding signature:
 * no rows sentence, no losses; and a pad value inside the sequences that pads 87 % of its
 * occurrences — real for a declared pad, stray tokens without meta); a declared pad value that
 * never occurs; a 1-D target with a declared pad value; an ignore_index other than -100 in the fix;
 * rows made only of padding left out of the trailing positions.
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable } from '../harness';
import { computeLoss } from '../../../../src/engine/losses/index';
import { tensor } from '../../../../src/engine/tensor';
import { fmt } from '../../../../src/diagnostics/format';
import type { LossCase } from '../../../../src/io/types';
import { paddingIsARealClass } from '../../../../src/diagnostics/rules/padding-is-a-real-class';

const V = 12;
/** Rows with 0 inside (a real class) and padded with 0; the last row ends in a single 0. */
const ROWS = [[1, 0, 2, 3, 4, 5, 6, 0, 0, 0], [3, 4, 0, 5, 6, 7, 0, 0, 0, 0], [5, 6, 7, 0, 8, 9, 0, 0, 0, 0], [1, 2, 3, 4, 0, 5, 0, 0, 0, 0], [1, 2, 0, 4, 5, 6, 7, 8, 9, 0]];
const NAMES = ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC', 'B-ORG', 'I-ORG', 'B-MISC', 'I-MISC', 'X', 'Y', 'Z'];
/** every row's trailing run of 0 labelled `ign` */
const masked = (rows: number[][], ign = -100): number[][] => rows.map((r) => r.map((v, l) => (v === 0 && r.slice(l).every((u) => u === 0) ? ign : v)));

/** (B·L,) targets and (B·L, V) logits */
function flat(rows: number[][], meta: Record<string, unknown>, loss: Record<string, unknown> = {}): LossCase {
  const n = rows.length * rows[0].length;
  return mkCase({ loss: { type: 'CrossEntropyLoss', ...loss }, input: tensor(Float64Array.from({ length: n * V }, (_, i) => Math.sin(0.7 * i)), [n, V], 'float64'), target: tensor(Float64Array.from(rows.flat()), [n], 'int64'), meta });
}
/** (B, L) targets and (B, V, L) logits */
function seqs(rows: number[][], meta: Record<string, unknown> = {}, loss: Record<string, unknown> = {}): LossCase {
  const B = rows.length, L = rows[0].length;
  return mkCase({ loss: { type: 'CrossEntropyLoss', ...loss }, input: tensor(Float64Array.from({ length: B * V * L }, (_, i) => Math.sin(0.7 * i)), [B, V, L], 'float64'), target: tensor(Float64Array.from(rows.flat()), [B, L], 'int64'), meta });
}
const lossOf = (c: LossCase): number => computeLoss(c.loss, c.input, c.target).value.data[0];
const FIX = (label: string, ign: string): string => `# keep ${label} a class; label the padded positions ${ign} instead:\nlabels = labels.masked_fill(attention_mask == 0, ${ign})      # token classification\nlabels = pad_sequence(label_list, batch_first=True, padding_value=${ign})\n# segmentation: pad the mask with the ignore value, not with a class:\n#   mask = F.pad(mask, (0, pad_w, 0, pad_h), value=255); nn.CrossEntropyLoss(ignore_index=255)`;
const TRAINS = (label: string): string => `The loss trains every padded position as ${label}: the model learns to predict ${label} on padding, and ${label} is over-counted in the loss and its gradient.`;
const NOT_FIX = (label: string): string => `ignore_index=0 is not the fix: it would drop the real ${label} labels too.`;
/** Two rows, 0 inside each once (columns 1 and 2) and trailing runs of 7 and 6: 13 of 15 zeros trailing (87 %). */
const MOSTLY_TRAILING = [[1, 0, 2, 0, 0, 0, 0, 0, 0, 0], [2, 3, 0, 4, 0, 0, 0, 0, 0, 0]];
const ZEROS = Array.from({ length: 10 }, () => 0);

ruleTable(paddingIsARealClass, {
  severity: 'warning',
  fires: [
    {
      name: "flattened (50,) targets, meta.pad_token_id 0 = 'O': rows read as (5, 10), both losses",
      case: () => flat(ROWS, { pad_token_id: 0, class_names: NAMES }),
      expect: (f, all) => {
        assert.equal(all.length, 1);
        const w = lossOf(flat(ROWS, {})), wo = lossOf(flat(masked(ROWS), {}));
        assert.equal(f.message, `21 of 50 targets (42.0%) are 0, the padding value (from meta.pad_token_id), and 0 is also a real class: meta.class_names[0] is 'O'. ${TRAINS("'O'")} 4 of 5 rows (read as (5, 10)) end in runs of 0 longer than any run of 0 inside a sequence (16 positions). The loss is ${fmt(w)} with the padded positions trained as 'O' and ${fmt(wo)} with them labelled -100. ${NOT_FIX("'O'")}`);
        assert.equal(f.fix, FIX("'O'", '-100'));
        assert.equal(f.field, 'target');
        assert.deepEqual(Object.keys(f.evidence).sort(), ['className', 'flattenedRowLength', 'ignoreIndex', 'insideCount', 'lossWithPadding', 'lossWithoutPadding', 'padCount', 'padShare', 'padValue', 'realBy', 'rows', 'rowsInside', 'rowsLongTrail', 'source', 'trailingPositions']);
        assert.deepEqual([f.evidence.padCount, f.evidence.padShare, f.evidence.flattenedRowLength, f.evidence.rows, f.evidence.rowsLongTrail, f.evidence.trailingPositions, f.evidence.insideCount, f.evidence.rowsInside], [21, 0.42, 10, 5, 4, 16, 5, 5]);
        assert.ok(Math.abs((f.evidence.lossWithPadding as number) - w) < 1e-12 && Math.abs((f.evidence.lossWithoutPadding as number) - wo) < 1e-12);
      },
    },
    {
      name: 'meta.pad_value 0 without the right-padding signature (one padded row): no rows sentence, no losses',
      case: () => seqs([[1, 0, 2, 0, 3, 0, 0, 0], [2, 0, 3, 4, 0, 1, 2, 3]], { pad_value: 0 }),
      expect: (f) => {
        assert.equal(f.message, `7 of 16 targets (43.8%) are 0, the padding value (from meta.pad_value), and 0 is also a real class: 4 class 0 labels sit inside the sequences of 2 rows. ${TRAINS('class 0')} ${NOT_FIX('class 0')}`);
        assert.deepEqual([f.evidence.source, f.evidence.realBy, f.evidence.rowsLongTrail, f.evidence.trailingPositions, f.evidence.lossWithoutPadding], ['meta.pad_value', 'inside sequences', 1, 3, null]);
      },
    },
    {
      name: 'meta.pad_value 0 padding 87 % of its occurrences (above maxTrailingShare 0.8): a declared pad inside the sequences is real',
      case: () => seqs(MOSTLY_TRAILING, { pad_value: 0 }),
      expect: (f) => {
        const w = lossOf(seqs(MOSTLY_TRAILING)), wo = lossOf(seqs(masked(MOSTLY_TRAILING)));
        assert.equal(f.message, `15 of 20 targets (75.0%) are 0, the padding value (from meta.pad_value), and 0 is also a real class: 2 class 0 labels sit inside the sequences of 2 rows. ${TRAINS('class 0')} 2 of 2 rows end in runs of 0 longer than any run of 0 inside a sequence (13 positions). The loss is ${fmt(w)} with the padded positions trained as class 0 and ${fmt(wo)} with them labelled -100. ${NOT_FIX('class 0')}`);
      },
    },
    {
      name: "a 1-D target with meta.pad_value 0 = 'O': no rows, no losses",
      case: () => flat([[1, 0, 2, 3], [4, 5, 0, 0]], { pad_value: 0, class_names: NAMES }),
      expect: (f) => {
        assert.equal(f.message, `3 of 8 targets (37.5%) are 0, the padding value (from meta.pad_value), and 0 is also a real class: meta.class_names[0] is 'O'. ${TRAINS("'O'")} ${NOT_FIX("'O'")}`);
        assert.deepEqual(Object.keys(f.evidence).sort(), ['className', 'ignoreIndex', 'lossWithPadding', 'lossWithoutPadding', 'padCount', 'padShare', 'padValue', 'realBy', 'source']);
      },
    },
    {
      name: 'ignore_index 255: the fix labels the padding 255, the loss without padding with 255',
      case: () => seqs(ROWS, {}, { ignore_index: 255 }),
      expect: (f) => {
        const wo = lossOf(seqs(masked(ROWS, 255), {}, { ignore_index: 255 }));
        assert.ok(f.message.endsWith(` with them labelled 255. ${NOT_FIX('class 0')}`), f.message);
        assert.equal(f.fix, FIX('class 0', '255'));
        assert.deepEqual([f.evidence.ignoreIndex, f.evidence.lossWithoutPadding], [255, wo]);
      },
    },
    {
      name: "a row of padding only: counted in the 31 targets, not in the 16 trailing positions of the padded rows",
      case: () => seqs([...ROWS, ZEROS], { pad_token_id: 0, class_names: NAMES }),
      expect: (f) => {
        assert.ok(f.message.startsWith('31 of 60 targets (51.7%) are 0, the padding value (from meta.pad_token_id)'), f.message);
        assert.ok(f.message.includes(' 4 of 6 rows end in runs of 0 longer than any run of 0 inside a sequence (16 positions). '), f.message);
      },
    },
    {
      name: "flattened (8,) targets read as (2, 4): the shortest row length tried (4) and the longest (N / 2)",
      case: () => flat([[1, 2, 0, 0], [3, 0, 0, 0]], { pad_token_id: 0, class_names: NAMES }),
      expect: (f) => {
        assert.ok(f.message.includes(" 2 of 2 rows (read as (2, 4)) end in runs of 0 longer than any run of 0 inside a sequence (5 positions). "), f.message);
        assert.equal(f.evidence.flattenedRowLength, 4);
      },
    },
  ],
  silent: [
    { name: 'rows padded with 12 for 12 classes (0..11): out of range, target-out-of-range\'s', case: () => seqs(ROWS.map((r) => r.map((v) => (v === 0 ? 12 : v)))) },
    { name: 'the 87 % trailing rows without meta: stray zeros in padding (missing-ignore-index\'s)', case: () => seqs(MOSTLY_TRAILING) },
    { name: "meta.pad_value 0 = 'O' that never occurs", case: () => seqs([[1, 2, 3, 4], [5, 6, 7, 8]], { pad_value: 0, class_names: NAMES }) },
    { name: 'meta.pad_token_id 12, not a class of the 12 (0..11)', case: () => seqs(ROWS.map((r) => r.map((v) => (v === 0 ? 11 : v))), { pad_token_id: 12, class_names: NAMES }) },
    { name: 'flattened targets whose pad id 0 has no class name', case: () => flat(ROWS, { pad_token_id: 0 }) },
    { name: 'flattened targets without meta (no trailing runs to read a pad value from)', case: () => flat(ROWS, {}) },
    { name: "a 1-D target with meta.pad_value 0 = 'O' = ignore_index", case: () => flat([[1, 0, 2, 3], [4, 5, 0, 0]], { pad_value: 0, class_names: NAMES }, { ignore_index: 0 }) },
    {
      // rows 1-2 padded with -100; rows 3-4 are sentences ending in 'O' tags (0 0, 0 0 0), a pad id 0 in meta
      name: "labels already padded with -100 in half the rows, meta.pad_token_id 0 = 'O': real 'O' tags at the ends of the others",
      case: () => seqs([[1, 2, 0, 3, -100, -100, -100, -100], [2, 0, 1, -100, -100, -100, -100, -100], [1, 2, 3, 4, 5, 6, 0, 0], [1, 3, 2, 4, 1, 0, 0, 0]], { pad_token_id: 0, class_names: NAMES }),
    },
    { name: 'probability targets (no class indices)', case: () => mkCase({ loss: 'CrossEntropyLoss', input: [[1, 2, 0], [0, 1, 2]], target: [[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]], inputDtype: 'float64', targetDtype: 'float64' }) },
  ],
});
