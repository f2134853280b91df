/**
 * missing-ignore-index reports "the loss without the padding" by re-reducing the recomputed
 * per-position losses (no second pass over the logits). It must be exactly what computeLoss with
 * ignore_index = pad gives, for weights, label smoothing, 'sum', (N, C) and (B, C, L) inputs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runDiagnostics } from '../../../../src/diagnostics/run';
import { computeLoss } from '../../../../src/engine/losses/index';
import { makeSpec } from '../../../../src/engine/losses/spec';
import { Rng } from '../../../../src/engine/data/rng';
import { tensor } from '../../../../src/engine/tensor';
import { mkCase } from '../harness';

function lmCase(seed: number, opts: { weight?: boolean; smoothing?: number; reduction?: 'mean' | 'sum'; layout: 'NC' | 'BCL' }) {
  const r = new Rng(seed, 'mii-loss');
  const B = 6, L = 24, V = 50;
  const tgt = new Float64Array(B * L);
  for (let b = 0; b < B; b++) {
    const len = 6 + r.int(L - 8);
    for (let l = 0; l < L; l++) tgt[b * L + l] = l < len ? 1 + r.int(V - 1) : 0;
  }
  const x = new Float32Array(B * L * V);
  for (let i = 0; i < x.length; i++) x[i] = r.normal() * 2;
  const weight = opts.weight ? Array.from({ length: V }, () => 0.5 + r.uniform()) : undefined;
  return mkCase({
    loss: { type: 'CrossEntropyLoss', ...(weight ? { weight } : {}), label_smoothing: opts.smoothing ?? 0, reduction: opts.reduction ?? 'mean' },
    input: opts.layout === 'NC' ? tensor(x, [B * L, V], 'float32') : tensor(x, [B, V, L], 'float32'),
    target: opts.layout === 'NC' ? tensor(tgt, [B * L], 'int64') : tensor(tgt, [B, L], 'int64'),
    meta: { pad_token_id: 0 },
  });
}

test('lossWithoutPadding equals computeLoss with ignore_index = pad, bit for bit', () => {
  let n = 0;
  for (const layout of ['NC', 'BCL'] as const) {
    for (const o of [{}, { weight: true }, { smoothing: 0.1 }, { weight: true, smoothing: 0.2 }, { reduction: 'sum' as const }]) {
      const c = lmCase(n++, { layout, ...o });
      const f = runDiagnostics(c).findings.find((x) => x.rule === 'missing-ignore-index');
      assert.ok(f, `${layout} ${JSON.stringify(o)}: no finding`);
      const want = computeLoss(makeSpec('CrossEntropyLoss', { ...c.loss, ignore_index: 0 }), c.input, c.target).value.data[0];
      assert.equal(f.evidence.lossWithoutPadding, want, `${layout} ${JSON.stringify(o)}`);
    }
  }
});
