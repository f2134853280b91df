/**
 * missing-ignore-index, what the other missing-ignore-index tests leave open: 1-D tokens whose last
 * token is not the pad (the per-row "single token" guard is for sequence targets only), minPadRun as
 * an option on 1-D tokens, and the loss without the padding under float32 (computed by the loss with
 * ignore_index = pad in float32, not by re-reducing the float64 per-position losses).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkCase, ruleTable } from '../harness';
import { tensor } from '../../../../src/engine/tensor';
import { computeLoss } from '../../../../src/engine/losses/index';
import { makeSpec } from '../../../../src/engine/losses/spec';
import { prepareCase, runRule } from '../../../../src/diagnostics/run';
import type { LossCase } from '../../../../src/io/types';
import { missingIgnoreIndex } from '../../../../src/diagnostics/rules/missing-ignore-index';

const V = 8;
/** CrossEntropyLoss over flattened tokens `t` (N, V) with meta.pad_token_id = 0. */
function flat(t: number[]): LossCase {
  const x = Float64Array.from({ length: t.length * V }, (_, i) => Math.cos(0.3 * i));
  return mkCase({ loss: 'CrossEntropyLoss', input: tensor(x, [t.length, V], 'float32'), target: tensor(Float64Array.from(t), [t.length], 'int64'), meta: { pad_token_id: 0 } });
}
// pad runs of 2 between single tokens, the last token not the pad: mean pad run 2 ≥ 2 × mean other run 1
const ONE_D = [3, 0, 0, 4, 0, 0, 5, 0, 0, 6];

ruleTable(missingIgnoreIndex, {
  severity: 'warning',
  fires: [{ name: '1-D tokens ending with a real token', case: flat(ONE_D), expect: { evidence: { padCount: 6, meanPadRun: 2, meanOtherRun: 1, source: 'meta.pad_token_id' } } }],
  silent: [{ name: '1-D tokens with minPadRun 3 (mean pad run 2)', case: flat(ONE_D), options: { minPadRun: 3 } }],
});

describe('missing-ignore-index under float32', () => {
  it('the loss without the padding is the float32 loss with ignore_index = pad', () => {
    // 6 rows of 10 right-padded with 0 to different lengths; logits (6, V, 10)
    const lens = [4, 6, 5, 8, 3, 7];
    const t = lens.flatMap((n, r) => Array.from({ length: 10 }, (_, i) => (i < n ? 1 + ((i + r) % 7) : 0)));
    const x = Float64Array.from({ length: 6 * V * 10 }, (_, i) => Math.sin(0.7 * i) * 3);
    const c = mkCase({ loss: 'CrossEntropyLoss', input: tensor(x, [6, V, 10], 'float32'), target: tensor(Float64Array.from(t), [6, 10], 'int64') });
    const f = runRule(missingIgnoreIndex, prepareCase(c, 'float32'));
    assert.equal(f.length, 1);
    const want = computeLoss(makeSpec('CrossEntropyLoss', { ignore_index: 0 }), c.input, c.target, { dtype: 'float32', grad: false }).value.data[0];
    const have = computeLoss(makeSpec('CrossEntropyLoss', {}), c.input, c.target, { dtype: 'float32', grad: false }).value.data[0];
    assert.equal(f[0].evidence.lossWithoutPadding, want);
    assert.equal(f[0].evidence.lossWithPadding, have);
  });
});
