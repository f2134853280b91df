/**
 * padding-is-a-real-class, the finding in words: the class named by meta.class_names or by its index,
 * the rows and positions of the long trailing runs, and the two losses — with the padding trained as
 * the class, and with those trailing runs labelled ignore_index — or none when there is no scalar loss.
 * And the converse, ignore-index-is-real-class: ignore_index set to that class drops its real labels.
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable } from '../harness';
import { computeLoss } from '../../../../src/engine/losses/index';
import { tensor } from '../../../../src/engine/tensor';
import { fmt } from '../../../../src/diagnostics/format';
import type { LossCase } from '../../../../src/io/types';
import { paddingIsARealClass } from '../../../../src/diagnostics/rules/padding-is-a-real-class';
import { ignoreIndexIsRealClass } from '../../../../src/diagnostics/rules/ignore-index-is-real-class';

/** Rows with 0 inside (a real class) and padded with 0; the last row ends in a single 0. */
const ROWS = [[1, 0, 2, 3, 4, 5, 6, 0, 0, 0], [3, 4, 0, 5, 6, 7, 0, 0, 0, 0], [5, 6, 7, 0, 8, 9, 0, 0, 0, 0], [1, 2, 3, 4, 0, 5, 0, 0, 0, 0], [1, 2, 0, 4, 5, 6, 7, 8, 9, 0]];
function seqs(rows: number[][], loss: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): LossCase {
  const B = rows.length, L = rows[0].length, V = 12;
  return mkCase({ loss: { type: 'CrossEntropyLoss', ...loss }, input: tensor(Float64Array.from({ length: B * V * L }, (_, i) => Math.sin(0.7 * i)), [B, V, L], 'float64'), target: tensor(Float64Array.from(rows.flat()), [B, L], 'int64'), meta });
}
/** Every row's trailing run of 0 (3, 4, 4, 4 and 1: the 16 positions) labelled -100. */
const MASKED = ROWS.map((r) => r.map((v, l) => (v === 0 && r.slice(l).every((u) => u === 0) ? -100 : v)));
const loss = (rows: number[][]): number => { const c = seqs(rows); return computeLoss(c.loss, c.input, c.target).value.data[0]; };
const HEAD = '21 of 50 targets (42.0%) are 0, the padding value';
const NAMES = ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC', 'B-ORG', 'I-ORG', 'B-MISC', 'I-MISC', 'X', 'Y', 'Z'];

ruleTable(paddingIsARealClass, {
  severity: 'warning',
  fires: [
    {
      name: 'no meta: "class 0", inside the sequences, both losses; the fix labels the padding -100',
      case: seqs(ROWS),
      expect: (f) => {
        assert.equal(f.fix, "# keep class 0 a class; label the padded positions -100 instead:\nlabels = labels.masked_fill(attention_mask == 0, -100)      # token classification\nlabels = pad_sequence(label_list, batch_first=True, padding_value=-100)\n# segmentation: pad the mask with the ignore value, not with a class:\n#   mask = F.pad(mask, (0, pad_w, 0, pad_h), value=255); nn.CrossEntropyLoss(ignore_index=255)");
        const [w, wo] = [loss(ROWS), loss(MASKED)];
        assert.ok(Math.abs((f.evidence.lossWithPadding as number) - w) < 1e-12 && Math.abs((f.evidence.lossWithoutPadding as number) - wo) < 1e-12, `${f.evidence.lossWithPadding}/${w} ${f.evidence.lossWithoutPadding}/${wo}`);
        assert.equal(f.message, `${HEAD} (from trailing runs), and 0 is also a real class: 5 class 0 labels sit inside the sequences of 5 rows. The loss trains every padded position as class 0: the model learns to predict class 0 on padding, and class 0 is over-counted in the loss and its gradient. 4 of 5 rows end in runs of 0 longer than any run of 0 inside a sequence (16 positions). The loss is ${fmt(w)} with the padded positions trained as class 0 and ${fmt(wo)} with them labelled -100. ignore_index=0 is not the fix: it would drop the real class 0 labels too.`);
      },
    },
    {
      name: "meta.class_names[0] = 'O': the class by its name",
      case: seqs(ROWS, {}, { pad_token_id: 0, class_names: NAMES }),
      expect: (f) => assert.match(f.message, /\(from meta\.pad_token_id\), and 0 is also a real class: meta\.class_names\[0\] is 'O'\. The loss trains every padded position as 'O': the model learns to predict 'O' on padding, .* with the padded positions trained as 'O' and .* it would drop the real 'O' labels too\.$/),
    },
    {
      name: "reduction='none': no losses to compare",
      case: seqs(ROWS, { reduction: 'none' }),
      expect: (f) => {
        assert.equal(f.evidence.lossWithPadding, null);
        assert.ok(f.message.endsWith('4 of 5 rows end in runs of 0 longer than any run of 0 inside a sequence (16 positions). ignore_index=0 is not the fix: it would drop the real class 0 labels too.'), f.message);
      },
    },
  ],
  silent: [{ name: 'no 0 inside the rows', case: seqs(ROWS.map((r) => r.map((v, l) => (v === 0 && r.slice(l).some((u) => u !== 0) ? 9 : v)))) }],
});


ruleTable(ignoreIndexIsRealClass, {
  severity: 'warning',
  fires: [
    {
      // ignore_index = 0 = 'O': the 'O' labels inside the rows are dropped with the padding
      name: "ignore_index=0 is 'O': the loss with the 'O' labels counted (padding still ignored), and the fix",
      case: seqs(ROWS, { ignore_index: 0 }, { class_names: NAMES }),
      expect: (f) => {
        const c = seqs(ROWS, { ignore_index: 0 });
        const now = computeLoss(c.loss, c.input, c.target).value.data[0];
        const m = seqs(MASKED);
        const counted = computeLoss(m.loss, m.input, m.target).value.data[0];
        assert.ok(f.message.endsWith(` The loss is ${fmt(now)} without them and ${fmt(counted)} with the 'O' labels counted (padding still ignored).`), f.message);
        assert.equal(f.fix, "# pad the labels with -100 (ignored) and keep 'O' (0) a trained class:\nlabels = labels.masked_fill(attention_mask == 0, -100)\ncriterion = nn.CrossEntropyLoss()        # ignore_index=-100, the default\n# or give padding its own id: label ids start at 1 (num_labels = len(label_list) + 1), pad with 0");
      },
    },
  ],
  silent: [{ name: 'ignore_index=0 without class names', case: seqs(ROWS, { ignore_index: 0 }) }],
});
