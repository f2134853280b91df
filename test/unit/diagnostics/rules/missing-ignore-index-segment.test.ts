/**
 * missing-ignore-index on a padded first segment (text padded to a fixed length, then image tokens —
 * DALL-E style labels, where no row ends with the pad): the exact message and evidence, and the
 * leading-rows guard of that path on its edge. The trailing-runs path's guards are in
 * missing-ignore-index-guards.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, ruleTable, mkCase } from '../harness';
import { tensor } from '../../../../src/engine/tensor';
import type { LossCase } from '../../../../src/io/types';
import { missingIgnoreIndex } from '../../../../src/diagnostics/rules/missing-ignore-index';

const T = 10, I = 8, V = 30;
/**
 * One row per text length: `n` text tokens (1..19, never repeating), the pad (0) up to T, then I
 * image tokens (20..29, never repeating). A length of 0 makes a row whose text is all pad: it opens
 * with the pad.
 */
function textImage(lengths: number[], loss: Record<string, unknown> = {}): LossCase {
  const rows = lengths.map((n, r) => [
    ...Array.from({ length: T }, (_, l) => (l < n ? 1 + ((l + 3 * r) % 19) : 0)),
    ...Array.from({ length: I }, (_, l) => 20 + ((l + r) % 10)),
  ]);
  const B = rows.length;
  const x = Float64Array.from({ length: B * V * (T + I) }, (_, i) => Math.sin(0.37 * i) * 2);
  return mkCase({ loss: { type: 'CrossEntropyLoss', ...loss }, input: tensor(x, [B, V, T + I], 'float64'), target: tensor(Float64Array.from(rows.flat()), [B, T + I], 'int64') });
}
const SIX = [3, 5, 7, 4, 6, 8];
/** `n` rows with text of 1 and 2 tokens in turn (pad runs of 9 and 8). */
const alt = (n: number): number[] => Array.from({ length: n }, (_, i) => 1 + (i % 2));

ruleTable(missingIgnoreIndex, {
  severity: 'warning',
  fires: [
    {
      name: 'six rows, pad runs of 7, 5, 3, 6, 4, 2 ending at position 9: message and evidence',
      case: textImage(SIX),
      expect: (f) => {
        // 27 pad positions of 108 in 6 runs (mean 4.5); the 81 other tokens never repeat (mean run 1)
        const e = f.evidence;
        assert.deepEqual(Object.keys(e).sort(), ['ignoreIndex', 'lossWithPadding', 'lossWithoutPadding', 'meanOtherRun', 'meanPadRun', 'padCount', 'padShare', 'padValue', 'segmentEnd', 'source']);
        assert.deepEqual({ ...e, lossWithPadding: 0, lossWithoutPadding: 0 }, {
          padValue: 0, source: 'segment padding', padCount: 27, padShare: 0.25, meanPadRun: 4.5, meanOtherRun: 1,
          ignoreIndex: -100, lossWithPadding: 0, lossWithoutPadding: 0, segmentEnd: 9,
        });
        const m = /^27 of 108 targets \(25\.0%\) are the padding value 0 \(from segment padding\) \(runs of 0 of varying length ending at position 9 in most rows: a fixed-length segment padded before the next one\), but ignore_index is -100: the model is trained to predict padding and the loss is averaged over pad positions\. The loss is (\S+) with the padding and (\S+) without it\.$/.exec(f.message);
        assert.ok(m, f.message);
        const [withPad, withoutPad] = [Number(m[1]), Number(m[2])];
        assert.ok(Math.abs(withPad - (e.lossWithPadding as number)) < 0.01 && Math.abs(withoutPad - (e.lossWithoutPadding as number)) < 0.01, f.message);
        assert.equal(f.fix, 'PAD = 0\ncriterion = nn.CrossEntropyLoss(ignore_index=PAD)\n# or mask the labels once in the collator (Hugging Face style):\nlabels[labels == PAD] = -100   # -100 is the default ignore_index');
        assert.equal(f.field, 'loss.ignore_index');
        assert.deepEqual(f.edit, { path: ['loss', 'ignore_index'], value: 0 });
      },
    },
    {
      name: 'two rows of twenty open with the pad (2 = maxLeadingShare 0.1 × 20 rows)',
      case: textImage([...alt(18), 0, 0]),
      expect: { evidence: { source: 'segment padding', segmentEnd: 9 } },
    },
    {
      name: 'ignore_index set to another value (-1): still reported, and named',
      case: textImage(SIX, { ignore_index: -1 }),
      expect: { message: /but ignore_index is -1:/, evidence: { ignoreIndex: -1 } },
    },
  ],
  silent: [
    // 145 of the 165 pad tokens are in the padded segments (above minTrailingShare): only the leading rows silence it
    { name: 'two rows of nineteen open with the pad (2 > 0.1 × 19)', case: textImage([...alt(17), 0, 0]) },
    { name: 'the pad already ignored (ignore_index = 0)', case: textImage(SIX, { ignore_index: 0 }) },
  ],
});

/**
 * Right-padded rows (lengths 5, 7, 6, 4 of L = 10, pad 0) with uniform logits except ε on class 0 at
 * the pad positions: every token costs log 12, each pad position log(11 + e^ε) − ε, so the two
 * losses differ only in their 4th to 6th significant digit.
 */
function nearlyEqualLosses(eps: number): LossCase {
  const B = 4, L = 10, V = 12;
  const rows = [5, 7, 6, 4].map((n, r) => Array.from({ length: L }, (_, l) => (l < n ? 1 + ((l + r) % 10) : 0)));
  const x = new Float64Array(B * V * L);
  rows.forEach((row, b) => row.forEach((t, l) => { if (t === 0) x[b * V * L + l] = eps; }));
  return mkCase({ loss: 'CrossEntropyLoss', input: tensor(x, [B, V, L], 'float64'), target: tensor(Float64Array.from(rows.flat()), [B, L], 'int64') });
}

test('missing-ignore-index: the two losses are printed with as many digits as it takes to tell them apart', () => {
  const sayings = (eps: number): [string, string, number, number] => {
    const [f] = check(missingIgnoreIndex, nearlyEqualLosses(eps));
    assert.ok(f, 'fires');
    const m = / The loss is (\S+) with the padding and (\S+) without it\.$/.exec(f.message);
    assert.ok(m, f.message);
    return [m[1], m[2], f.evidence.lossWithPadding as number, f.evidence.lossWithoutPadding as number];
  };
  // ε = 0: the same loss with and without the padding (log 12 = 2.4849…): three digits, the same text
  const [a0, b0, w0, wo0] = sayings(0);
  assert.equal(w0, wo0);
  assert.deepEqual([a0, b0], ['2.48', '2.48']);
  for (const eps of [1e-2, 1e-3, 1e-4]) {
    const [a, b, w, wo] = sayings(eps);
    assert.notEqual(w, wo);
    assert.notEqual(a, b, `ε = ${eps}: '${a}' and '${b}' must differ`);
    assert.equal(a.replace(/^-|\./g, '').length, b.replace(/^-|\./g, '').length, 'both with the same digits');
    const digits = a.replace(/^-|\./g, '').length;
    assert.ok(digits >= 4 && digits <= 8, a);
    // the fewest digits that tell them apart: one digit fewer would print them the same
    assert.equal(Number(w.toPrecision(digits - 1)), Number(wo.toPrecision(digits - 1)), `${a} vs ${b}: ${digits - 1} digits would do`);
    // and each is its loss rounded to that many significant digits
    assert.deepEqual([Number(a), Number(b)], [Number(w.toPrecision(digits)), Number(wo.toPrecision(digits))]);
  }
});
