/**
 * missing-ignore-index without meta.pad_token_id: the guards that keep the trailing-runs detector
 * from calling an end-of-sequence token or a class "padding", each with a case just inside (fires)
 * and just outside (silent). Kept apart from the rule's main table (rules/activations-and-targets.test.ts) so rule
 * changes and boundary cases do not collide.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, ruleTable, mkCase } from '../harness';
import { fmt } from '../../../../src/diagnostics/format';
import { tensor } from '../../../../src/engine/tensor';
import type { LossCase } from '../../../../src/io/types';
import { missingIgnoreIndex } from '../../../../src/diagnostics/rules/missing-ignore-index';

const V = 12;
/** CrossEntropyLoss with (B, V, L) logits and the given (B, L) token rows. */
function seqs(rows: number[][], meta: Record<string, number> = {}): LossCase {
  const B = rows.length, L = rows[0].length;
  const x = Float64Array.from({ length: B * V * L }, (_, i) => Math.sin(0.7 * i));
  return mkCase({ loss: 'CrossEntropyLoss', input: tensor(x, [B, V, L], 'float32'), target: tensor(Float64Array.from(rows.flat()), [B, L], 'int64'), meta });
}
/** A row of `len` distinct, non-repeating tokens (never 0 and never 11) followed by `pad` runs of `padValue`. */
function row(len: number, pad: number, seed = 0, padValue = 0): number[] {
  return [...Array.from({ length: len }, (_, i) => 1 + ((i + seed) % 10)), ...new Array<number>(pad).fill(padValue)];
}
const L = 10;
/** CrossEntropyLoss with (N, V) logits over flattened tokens `t` and `meta.pad_token_id = pad`. */
function flat(t: number[], pad: number, loss: Record<string, unknown> = {}): LossCase {
  const x = Float64Array.from({ length: t.length * V }, (_, i) => Math.cos(0.3 * i));
  return mkCase({ loss: { type: 'CrossEntropyLoss', ...loss }, input: tensor(x, [t.length, V], 'float32'), target: tensor(Float64Array.from(t), [t.length], 'int64'), meta: { pad_token_id: pad } });
}
/** Rows right-padded with 0 to L, content lengths as given. */
const padded = (lengths: number[]): number[][] => lengths.map((n, r) => row(n, L - n, r));
/** Four rows with one 0 inside each and 3 + 4 + 4 + 4 = 15 trailing zeros. */
const INNER = [[1, 0, 2, 3, 4, 5, 6, 0, 0, 0], [3, 4, 0, 5, 6, 7, 0, 0, 0, 0], [5, 6, 7, 0, 8, 9, 0, 0, 0, 0], [1, 2, 3, 4, 0, 5, 0, 0, 0, 0]];

ruleTable(missingIgnoreIndex, {
  severity: 'warning',
  fires: [
    { name: 'right padding with two run lengths (1 and 2)', case: seqs(padded([9, 8, 9, 8])), expect: { evidence: { source: 'trailing runs', padValue: 0, rows: 4, rowsEndingWithPad: 4 } } },
    { name: 'exactly minRows (4) rows', case: seqs(padded([5, 7, 6, 4])), expect: { evidence: { rows: 4 } } },
    {
      name: 'exactly half the rows (minRowShare 0.5) end in padding',
      case: seqs([...padded([5, 7, 6, 4]), row(10, 0, 5), row(10, 0, 6), row(10, 0, 7), row(10, 0, 8)]),
      expect: { evidence: { rows: 8, rowsEndingWithPad: 4 } },
    },
    {
      name: 'one row of ten (maxLeadingShare 0.1) is all padding',
      case: seqs([...padded([5, 7, 6, 4, 3, 8, 2, 5, 6]), new Array<number>(L).fill(0)]),
      expect: { evidence: { rows: 10 } },
    },
    {
      // 15 + 1 = 16 trailing zeros and 4 inside rows: 16 / 20 = 0.8 = minTrailingShare
      name: 'exactly 80 % of the pad occurrences are trailing',
      case: seqs([...INNER, [1, 2, 3, 4, 5, 6, 7, 8, 9, 0]]),
      expect: { evidence: { padCount: 20 } },
    },
    {
      // tokens in pairs: mean run of other values exactly maxOtherRun (2)
      name: 'other values repeat in pairs (mean run exactly 2)',
      case: seqs([[1, 1, 2, 2, 3, 3, 0, 0, 0, 0], [4, 4, 5, 5, 0, 0, 0, 0, 0, 0], [6, 6, 7, 7, 8, 8, 9, 9, 0, 0], [2, 2, 3, 3, 4, 4, 0, 0, 0, 0]]),
      expect: { evidence: { meanOtherRun: 2 } },
    },
    { name: 'meta pad id = eos, and two rows padded with it (trailing runs of 3 and 5): padding counted', case: seqs([[...row(L - 3, 0, 0), 11, 11, 11], [...row(L - 5, 0, 1), 11, 11, 11, 11, 11], ...Array.from({ length: 4 }, (_, r) => [...row(L - 1, 0, r), 11])], { pad_token_id: 11 }), expect: { evidence: { source: 'meta.pad_token_id' } } },
    { name: 'a meta pad id that is not an integer (1.5) is not used: trailing runs still found', case: seqs(padded([5, 7, 6, 4]), { pad_token_id: 1.5 }), expect: { evidence: { source: 'trailing runs', padValue: 0 } } },
    // the pad must be a class (0 ≤ pad < V) that occurs
    { name: 'trailing runs of V − 1 (the last class)', case: seqs(padded([5, 7, 6, 4]).map((r) => r.map((v) => (v === 0 ? V - 1 : v)))), expect: { evidence: { padValue: V - 1, source: 'trailing runs' } } },
    { name: 'meta pad id V − 1 (the last class)', case: flat([5, V - 1, V - 1, 3, V - 1, V - 1], V - 1), expect: { evidence: { padValue: V - 1, padCount: 4 } } },
    {
      // flattened tokens with masking in place: pad runs of exactly minPadRun (2) are padding
      name: 'labels already masked (-100), pad runs of exactly 2',
      case: flat([3, 4, 0, 0, -100, 5, 6, 0, 0, -100], 0),
      expect: { evidence: { padCount: 4, meanPadRun: 2, source: 'meta.pad_token_id' } },
    },
    {
      // 1-D: mean pad run 2 ≥ minPadRun and ≥ 2 × the mean other run (1)
      name: '1-D tokens: pad runs of 2 between single tokens',
      case: flat([5, 0, 0, 3, 0, 0, 7, 0, 0], 0),
      expect: { evidence: { padCount: 6, meanPadRun: 2, meanOtherRun: 1 } },
    },
    {
      // a declared pad id is trusted even where the other values come in long runs
      name: 'declared pad id: other values in runs of 3 still reported',
      case: seqs([[1, 1, 1, 2, 2, 2, 0, 0, 0, 0], [4, 4, 4, 5, 5, 5, 6, 6, 0, 0], [6, 6, 6, 7, 7, 7, 0, 0, 0, 0], [2, 2, 2, 3, 3, 3, 4, 4, 4, 0]], { pad_token_id: 0 }),
      expect: { evidence: { source: 'meta.pad_token_id', padCount: 11 } },
    },
  ],
  silent: [
    {
      // 12 trailing zeros and 4 inside one row: 12 / 16 = 0.75 < 0.8 (one row only, so no real-label evidence)
      name: 'a quarter of the occurrences inside one row (below minTrailingShare)',
      case: seqs([[1, 0, 2, 0, 3, 0, 4, 0, 5, 6], ...padded([7, 8, 6, 7]).map((r) => r.map((v, i) => (v === 0 ? 0 : 1 + ((v + i) % 9))))]),
    },
    { name: 'meta pad id = V (not a class: target-out-of-range reports it)', case: flat([3, 4, V, V, 5, V, V], V) },
    { name: 'meta pad id −1 (not a class)', case: flat([3, -1, -1, 4, -1, -1], -1) },
    { name: 'meta pad id that never occurs in the targets (1-D)', case: flat([3, 4, 5, 1, 2, 6, 3, 4], 0) },
    { name: 'meta pad id that never occurs in the targets (unpadded rows)', case: seqs(padded([10, 10, 10, 10]), { pad_token_id: 0 }) },
    {
      // supervised fine-tuning: the prompt masked with -100, pad id = eos id ending every row once
      name: 'prompt masked with -100, the pad id only as the single eos ending each row',
      case: seqs([[-100, -100, 3, 4, 5, 6, 7, 8, 9, 0], [-100, -100, -100, 6, 7, 1, 2, 3, 4, 0], [-100, 1, 2, 3, 4, 5, 6, 7, 8, 0], [-100, -100, 8, 9, 1, 2, 3, 4, 5, 0]], { pad_token_id: 0 }),
    },
    {
      // the same, one row ending in eos eos: pad runs of mean 1.2, below minPadRun 2 — still real eos tokens
      name: 'prompt masked with -100, the pad id as eos ending each row, once twice (mean pad run 1.2 < minPadRun)',
      case: seqs([[-100, -100, 3, 4, 5, 6, 7, 8, 9, 0], [-100, -100, -100, 6, 7, 1, 2, 3, 4, 0], [-100, 1, 2, 3, 4, 5, 6, 7, 8, 0], [-100, -100, 8, 9, 1, 2, 3, 4, 5, 0], [-100, 7, 8, 9, 1, 2, 3, 4, 0, 0]], { pad_token_id: 0 }),
    },

    // GPT-2 style tokenizer.pad_token = tokenizer.eos_token with labels = input_ids and no padding in the
    // batch (fixed-length, truncated or packed rows): each row ends in its one eos, which is a real token.
    { name: 'meta pad id = eos ending every fixed-length row once, nothing masked (no padding in the batch)', case: seqs(Array.from({ length: 6 }, (_, r) => [...row(L - 1, 0, r), 11]), { pad_token_id: 11 }) },
    { name: 'meta pad id = eos, also once inside a row (a packed second document): still a single token everywhere', case: seqs([[1, 2, 11, 3, 4, 5, 6, 7, 8, 11], ...Array.from({ length: 4 }, (_, r) => [...row(L - 1, 0, r), 11])], { pad_token_id: 11 }) },
    { name: 'labels already masked (-100), pad only as isolated tokens (runs of 1)', case: flat([3, 0, 4, -100, 5, 0, 6, -100], 0) },
    { name: '1-D tokens: pad runs of 2 but other values also in runs of 2 (classes, not padding)', case: flat([5, 5, 0, 0, 3, 3, 0, 0, 7, 7], 0) },
    // Without the "at least two distinct run lengths" guard these rows would be reported, with the
    // end-of-sequence token as "padding": every row ends in it exactly once.
    { name: 'fixed-length rows all ending in the same EOS token (one run length: 1)', case: seqs(Array.from({ length: 6 }, (_, r) => [...row(L - 1, 0, r), 11])) },
    {
      // rows that do not end in the value (length 0) are not a second run length
      name: 'five rows ending in EOS once, one truncated row without EOS',
      case: seqs([...Array.from({ length: 5 }, (_, r) => [...row(L - 1, 0, r), 11]), row(L, 0, 7)]),
    },
    { name: 'fixed-length rows all ending in EOS EOS (one run length: 2)', case: seqs(Array.from({ length: 6 }, (_, r) => [...row(L - 2, 0, r), 11, 11])) },
    { name: 'three rows (below minRows 4)', case: seqs(padded([5, 7, 6])) },
    { name: 'three of eight rows end in padding (share below 0.5)', case: seqs([...padded([5, 7, 6]), row(10, 0, 4), row(10, 0, 5), row(10, 0, 6), row(10, 0, 7), row(10, 0, 8)]) },
    { name: 'two rows of ten start with the value (above maxLeadingShare 0.1)', case: seqs([...padded([5, 7, 6, 4, 3, 8, 2, 5]), new Array<number>(L).fill(0), new Array<number>(L).fill(0)]) },
    {
      // 16 trailing and 5 inside: 16 / 21 = 0.76 < 0.8
      name: '76 % of the occurrences trailing (below minTrailingShare 0.8)',
      case: seqs([...INNER, [1, 2, 0, 4, 5, 6, 7, 8, 9, 0]]),
    },
    {
      name: 'other values in runs of 3 (above maxOtherRun 2: regions, not tokens)',
      case: seqs([[1, 1, 1, 2, 2, 2, 0, 0, 0, 0], [4, 4, 4, 5, 5, 5, 6, 6, 6, 0], [6, 6, 6, 7, 7, 7, 0, 0, 0, 0], [2, 2, 2, 3, 3, 3, 4, 4, 4, 0]]),
    },
  ],
});

describe('missing-ignore-index: what the finding says', () => {
  it('trailing runs: rows, losses with and without the padding, the fix, the edit', () => {
    const [f] = check(missingIgnoreIndex, seqs(padded([9, 8, 9, 8])));
    assert.match(f.message, /^6 of 40 targets \(15\.0%\) are the padding value 0 \(from trailing runs\) \(4 of 4 rows end in runs of 0\), but ignore_index is -100: /);
    const withPad = f.evidence.lossWithPadding as number, without = f.evidence.lossWithoutPadding as number;
    assert.ok(Number.isFinite(withPad) && Number.isFinite(without) && withPad !== without);
    assert.match(f.message, new RegExp(`The loss is ${fmt(withPad).replace('.', '\\.')} with the padding and ${fmt(without).replace('.', '\\.')} without it\\.$`));
    assert.equal(f.field, 'loss.ignore_index');
    assert.deepEqual(f.edit, { path: ['loss', 'ignore_index'], value: 0 });
    assert.deepEqual(f.fix.split('\n'), ['PAD = 0', 'criterion = nn.CrossEntropyLoss(ignore_index=PAD)', '# or mask the labels once in the collator (Hugging Face style):', 'labels[labels == PAD] = -100   # -100 is the default ignore_index']);
    assert.deepEqual([f.evidence.rowsEndingWithPad, f.evidence.rows], [4, 4]);
  });
  it('declared pad: no row counts in the message or evidence', () => {
    const [f] = check(missingIgnoreIndex, flat([5, 0, 0, 3, 0, 0, 7, 0, 0], 0));
    assert.match(f.message, /\(from meta\.pad_token_id\), but ignore_index/);
    assert.equal('rowsEndingWithPad' in f.evidence, false);
    assert.equal('rows' in f.evidence, false);
  });
  it('reduction none: no loss values to compare', () => {
    const [f] = check(missingIgnoreIndex, flat([5, 0, 0, 3, 0, 0, 7, 0, 0], 0, { reduction: 'none' }));
    assert.equal(f.evidence.lossWithPadding, null);
    assert.equal(f.evidence.lossWithoutPadding, null);
    assert.doesNotMatch(f.message, /The loss is/);
  });
});
