/**
 * missing-ignore-index beyond the in-memory English run: the names of the two detected pad sources are
 * translated (the meta fields stay as written), and a streamed NLLLoss case — whose recomputed loss
 * carries no per-position rows — still quotes the loss without the padding: the rule's request for
 * that loss (InputNeeded) goes back to the stream, which computes it, instead of being swallowed; and a
 * pad id whose class name is a real label is not called padding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setL10n } from '../../../../src/l10n';
import type { L10nBundle } from '../../../../src/shapes/l10n';
import { caseFromObject } from '../../../../src/io';
import { computeLoss } from '../../../../src/engine/losses/index';
import { makeSpec } from '../../../../src/engine/losses/spec';
import { inspectStreamed } from '../../../../src/diagnostics/stream-run';
import { missingIgnoreIndex, padSourceText } from '../../../../src/diagnostics/rules/missing-ignore-index';
import { check, mkCase } from '../harness';
import { tensor } from '../../../../src/engine/tensor';

const KO = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'l10n', 'bundle.l10n.ko.json'), 'utf8')) as L10nBundle;

test('pad sources: the detected ones translated, meta fields as written', () => {
  assert.equal(padSourceText('segment padding'), 'segment padding');
  assert.equal(padSourceText('trailing runs'), 'trailing runs');
  setL10n({ language: 'ko', bundle: KO });
  try {
    assert.equal(padSourceText('segment padding'), '구간 패딩');
    assert.equal(padSourceText('trailing runs'), '행 끝의 연속값');
    assert.equal(padSourceText('meta.pad_token_id'), 'meta.pad_token_id');
  } finally { setL10n(); }
});

test('a streamed NLLLoss case with right-padded rows: the loss without the padding is quoted', async () => {
  const C = 6, L = 8, B = 6;
  const t: number[] = [];
  for (let b = 0; b < B; b++) for (let i = 0; i < L; i++) t.push(i < 3 + b % 4 ? 1 + ((b * 3 + i) % (C - 1)) : 0);
  const N = t.length;
  const x = new Float32Array(N * C);
  for (let r = 0; r < N; r++) {
    let z = 0;
    for (let k = 0; k < C; k++) z += Math.exp(Math.sin(r + 2 * k));
    for (let k = 0; k < C; k++) x[r * C + k] = Math.sin(r + 2 * k) - Math.log(z);
  }
  const full = caseFromObject({ loss: { type: 'NLLLoss' }, input: { shape: [N, C], data: x, dtype: 'float32' }, target: { shape: [N], data: t, dtype: 'int64' }, meta: { pad_token_id: 0 } });
  const streamed = { ...full, input: { shape: [N, C], data: new Float32Array(0), dtype: 'float32' as const } };
  const src = { itemBytes: 4, readValues: (start: number, count: number) => x.subarray(start, start + count) };
  const rep = await inspectStreamed(streamed, src, {}, { chunkBytes: 7 * C * 4 });
  const f = rep.findings.find((g) => g.rule === missingIgnoreIndex.id);
  assert.ok(f, rep.findings.map((g) => g.rule).join(', '));
  const want = computeLoss(makeSpec('NLLLoss', { ignore_index: 0 }), full.input, full.target, { grad: false }).value.data[0];
  assert.ok(Math.abs((f.evidence.lossWithoutPadding as number) - want) < 1e-12, `${String(f.evidence.lossWithoutPadding)} vs ${want}`);
  assert.match(f.message, / without it\.$/);
});

test('a pad id whose class name is a real label (background) is left alone; a pad-like name (<pad>) is not', () => {
  // 6 rows of 10 right-padded with 0 to different lengths; meta.pad_token_id 0
  const V = 5, lens = [4, 6, 5, 8, 3, 7];
  const t = lens.flatMap((n, r) => Array.from({ length: 10 }, (_, i) => (i < n ? 1 + ((r + i) % (V - 1)) : 0)));
  const x = Float64Array.from({ length: 6 * V * 10 }, (_, i) => Math.cos(0.37 * i));
  const mk = (name: string) => mkCase({ loss: 'CrossEntropyLoss', input: tensor(x, [6, V, 10], 'float64'), target: tensor(Float64Array.from(t), [6, 10], 'int64'), meta: { pad_token_id: 0, class_names: [name, 'a', 'b', 'c', 'd'] } });
  assert.deepEqual(check(missingIgnoreIndex, mk('background')), []);
  const [f] = check(missingIgnoreIndex, mk('<pad>'));
  assert.ok(f, 'fires with a pad-like name');
  assert.equal(f.evidence.padCount, 60 - 33);
});

test('isolated pad ids (mean pad run under minPadRun 2): padding while no label is masked yet, a real token once ignore_index is in use', () => {
  // pad 0: runs 1, 1, 1, 3 in row 0 and one trailing 0 in the other rows: 9 pads in 7 runs (mean 1.29)
  const rows = [[5, 0, 6, 0, 7, 0, 8, 0, 0, 0], [1, 2, 3, 4, 5, 6, 7, 8, 9, 0], [2, 3, 4, 5, 6, 7, 8, 9, 1, 0], [3, 4, 5, 6, 7, 8, 9, 1, 2, 0]];
  const V = 10;
  const mk = (t: number[][]) => mkCase({
    loss: 'CrossEntropyLoss',
    input: tensor(Float64Array.from({ length: 4 * V * 10 }, (_, i) => Math.sin(0.29 * i)), [4, V, 10], 'float64'),
    target: tensor(Float64Array.from(t.flat()), [4, 10], 'int64'),
    meta: { pad_token_id: 0 },
  });
  const [f] = check(missingIgnoreIndex, mk(rows));
  assert.ok(f, 'no label masked: reported');
  assert.deepEqual([f.evidence.padCount, f.evidence.meanPadRun], [9, 1.286]); // 9/7 to 4 significant digits
  // one label already -100 (a real token masked): the isolated pad ids are real tokens sharing the id
  const masked = rows.map((r, i) => (i === 1 ? [-100, ...r.slice(1)] : r));
  assert.deepEqual(check(missingIgnoreIndex, mk(masked)), []);
});
