/**
 * Streamed inspect (src/diagnostics/stream-run.ts + src/diagnostics/stream.ts, src/cli/inspect-stream.ts): the same small cases
 * diagnosed in memory and read from a `.npy` in several chunks of rows must give the same loss (bit
 * for bit), the same findings, and the same evidence numbers (the input's mean/std, summed per chunk,
 * within 1e-12 relative). Each case plants a mistake so that the rules that read the input's values
 * (row samples, per-row statistics, recomputed losses) have something to find.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseFromObject } from '../../../src/io';
import { NpyRows } from '../../../src/io/npy-rows';
import { runDiagnostics } from '../../../src/diagnostics/run';
import { loadForInspect } from '../../../src/cli/inspect-stream';
import { inspectStreamed } from '../../../src/diagnostics/stream-run';
import { streamRefusal } from '../../../src/diagnostics/stream';
import { Rng } from '../../../src/engine/data/rng';
import type { LossCase } from '../../../src/shapes/index';
import { runCli } from '../cli/cli-helpers';
import { npyBytes } from '../../lm-dump';

const dir = mkdtempSync(join(tmpdir(), 'lossdbg-stream-'));

const npy = npyBytes;

interface Planted { name: string; loss: Record<string, unknown>; x: Float32Array; t: number[]; C: number; meta?: Record<string, unknown>; fires: string[]; notChecked?: string[] }

function logits(rng: Rng, N: number, C: number, t: number[], margin: number, scale = 1): Float32Array {
  const x = new Float32Array(N * C);
  for (let i = 0; i < N * C; i++) x[i] = (rng.uniform() * 4 - 2) * scale;
  for (let r = 0; r < N; r++) if (t[r] >= 0) x[r * C + t[r]] += margin * scale;
  return x;
}

function planted(): Planted[] {
  const rng = new Rng(20261202);
  const N = 320, C = 24, L = 32;
  const out: Planted[] = [];
  // 1. LM rows right-padded with token 0, no ignore_index: missing-ignore-index (and its loss without the padding)
  {
    const t: number[] = [];
    for (let s = 0; s < N / L; s++) { const len = 12 + ((s * 7) % 18); for (let i = 0; i < L; i++) t.push(i < len ? 1 + Math.floor(rng.uniform() * (C - 1)) : 0); }
    // a few positions already ignored: the loss without the padding is recomputed (a loss request)
    for (const r of [3, 40, 41]) t[r] = -100;
    out.push({ name: 'padded sequences', loss: { type: 'CrossEntropyLoss' }, x: logits(rng, N, C, t, 2), t, C, meta: { pad_token_id: 0 }, fires: ['missing-ignore-index'] });
  }
  // 2. softmax before CrossEntropyLoss: double-softmax (its rows sampled back from the file)
  {
    const t = Array.from({ length: N }, () => Math.floor(rng.uniform() * C));
    const z = logits(rng, N, C, t, 3);
    for (let r = 0; r < N; r++) {
      let m = -Infinity, s = 0;
      for (let k = 0; k < C; k++) m = Math.max(m, z[r * C + k]);
      for (let k = 0; k < C; k++) { z[r * C + k] = Math.exp(z[r * C + k] - m); s += z[r * C + k]; }
      for (let k = 0; k < C; k++) z[r * C + k] /= s;
    }
    out.push({ name: 'probabilities', loss: { type: 'CrossEntropyLoss' }, x: z, t, C, fires: ['double-softmax'] });
  }
  // 3. logits ×60: extreme-logits (per-row top/runner-up, exact margins of sampled rows)
  {
    const t = Array.from({ length: N }, () => Math.floor(rng.uniform() * C));
    out.push({ name: 'extreme logits', loss: { type: 'CrossEntropyLoss' }, x: logits(rng, N, C, t, 3, 60), t, C, fires: ['extreme-logits'] });
  }
  // 4. every row the same prediction: collapsed-model
  {
    const t = Array.from({ length: N }, () => Math.floor(rng.uniform() * C));
    const x = new Float32Array(N * C);
    const row = Array.from({ length: C }, () => rng.uniform() * 2);
    for (let r = 0; r < N; r++) for (let k = 0; k < C; k++) x[r * C + k] = row[k];
    out.push({ name: 'collapsed', loss: { type: 'CrossEntropyLoss' }, x, t, C, fires: ['collapsed-model'] });
  }
  // 5. label smoothing with a heavy class weight: label-smoothing-risk (per-row argmax)
  {
    const t = Array.from({ length: N }, (_, i) => (i % 10 === 0 ? 1 : 0));
    const weight = Array.from({ length: C }, (_, k) => (k === 1 ? 200 : 1));
    out.push({ name: 'smoothing with weights', loss: { type: 'CrossEntropyLoss', label_smoothing: 0.2, weight }, x: logits(rng, N, C, t, 2), t, C, fires: ['label-smoothing-risk'] });
  }
  // 6. rows masked with −inf on every class, ignored: non-finite-values (per-row min/max)
  {
    const t = Array.from({ length: N }, (_, i) => (i % 50 === 7 ? -100 : Math.floor(rng.uniform() * C)));
    const x = logits(rng, N, C, t, 2);
    for (let r = 0; r < N; r++) if (t[r] === -100) for (let k = 0; k < C; k++) x[r * C + k] = -Infinity;
    out.push({ name: 'masked rows', loss: { type: 'CrossEntropyLoss' }, x, t, C, fires: ['non-finite-values'] });
  }
  // 7. ignore_index=0 although 0 is the most common real class: recomputed losses with another ignore_index
  {
    const t: number[] = [];
    for (let s = 0; s < N / L; s++) { const len = 10 + ((s * 5) % 20); for (let i = 0; i < L; i++) t.push(i < len ? Math.floor(rng.uniform() * 3) : C - 1); }
    out.push({ name: 'padding as a class', loss: { type: 'CrossEntropyLoss' }, x: logits(rng, N, C, t, 2), t, C, meta: { pad_token_id: C - 1 }, fires: [] });
  }
  // 8. a confident model and a few flipped labels: suspect-labels (per-row logsumexp: one more pass)
  {
    const t = Array.from({ length: N }, () => Math.floor(rng.uniform() * C));
    const x = logits(rng, N, C, t, 12);
    for (const r of [5, 77, 150, 151, 300]) t[r] = (t[r] + 3) % C;
    out.push({ name: 'flipped labels', loss: { type: 'CrossEntropyLoss' }, x, t, C, fires: ['suspect-labels'] });
  }
  // 9. softmax over the batch (dim 0) instead of the classes: normalized-along-wrong-axis (a column pass)
  {
    const t = Array.from({ length: N }, () => Math.floor(rng.uniform() * C));
    const z = logits(rng, N, C, t, 2);
    for (let k = 0; k < C; k++) {
      let m = -Infinity, s = 0;
      for (let r = 0; r < N; r++) m = Math.max(m, z[r * C + k]);
      for (let r = 0; r < N; r++) { z[r * C + k] = Math.exp(z[r * C + k] - m); s += z[r * C + k]; }
      for (let r = 0; r < N; r++) z[r * C + k] /= s;
    }
    out.push({ name: 'softmax over the batch', loss: { type: 'CrossEntropyLoss' }, x: z, t, C, fires: ['normalized-along-wrong-axis'] });
  }
  // 10. NLLLoss fed raw logits: nll-expects-log-probabilities (per-row Σ/min/max and logsumexp passes)
  {
    const t = Array.from({ length: N }, (_, i) => (i % 9 === 4 ? -100 : Math.floor(rng.uniform() * C)));
    out.push({ name: 'NLLLoss on logits', loss: { type: 'NLLLoss', weight: Array.from({ length: C }, (_, k) => 1 + (k % 3)) }, x: logits(rng, N, C, t, 2), t, C, fires: ['nll-expects-log-probabilities'] });
  }
  return out;
}

/** The case in memory, or as a streamed case has it: the input's shape and dtype, no values. */
function asCase(p: Planted, streamed: boolean): LossCase {
  const N = p.t.length;
  const c = caseFromObject({
    loss: p.loss,
    input: { shape: [N, p.C], data: p.x, dtype: 'float32' },
    target: { shape: [N], data: p.t, dtype: 'int64' },
    ...(p.meta ? { meta: p.meta } : {}),
  });
  return streamed ? { ...c, input: { shape: [N, p.C], data: new Float32Array(0), dtype: 'float32' } } : c;
}

/** Equal, numbers bit for bit except where a per-chunk sum may differ in the last bits. */
function same(a: unknown, b: unknown, where: string): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Object.is(a, b)) return;
    assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b)), `${where}: ${a} vs ${b}`);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) { assert.equal(a.length, b.length, where); a.forEach((v, i) => same(v, b[i], `${where}[${i}]`)); return; }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort(), where);
    for (const k of Object.keys(a)) same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${where}.${k}`);
    return;
  }
  assert.equal(a, b, where);
}

const asked = { rows: 0, losses: 0, passes: 0 };
for (const p of planted()) {
  test(`streamed in chunks = in memory: ${p.name}`, async () => {
    const mem = runDiagnostics(asCase(p, false));
    const fired = mem.findings.map((f) => f.rule);
    for (const id of p.fires) assert.ok(fired.includes(id), `${p.name}: ${id} should fire in memory (got ${fired.join(', ')})`);
    const file = join(dir, `${p.name.replace(/\W+/g, '-')}.npy`);
    writeFileSync(file, npy([p.t.length, p.C], '<f4', new Uint8Array(p.x.buffer)));
    const reader = new NpyRows(file);
    try {
      // 7 rows per chunk: chunk edges fall inside sequences, rows are read back across chunks
      const st = await inspectStreamed(asCase(p, true), reader, {}, { chunkBytes: 7 * p.C * 4 });
      assert.ok(st.streamed.chunks >= 40, String(st.streamed.chunks));
      // what is not checked streamed is said, and would have found nothing here
      assert.deepEqual(st.streamed.notChecked.map((n) => n.rule), p.notChecked ?? []);
      for (const id of p.notChecked ?? []) assert.ok(!fired.includes(id));
      assert.equal(st.loss?.value.data[0], mem.loss?.value.data[0], 'the loss, bit for bit');
      assert.deepEqual(st.findings.map((f) => f.rule), fired);
      same(st.findings, mem.findings, 'findings');
      same(st.summary, mem.summary, 'summary');
      for (const k of ['rows', 'losses', 'passes'] as const) asked[k] += st.streamed.requests[k];
    } finally {
      reader.close();
    }
  });
}

test('the planted cases exercised every kind of request: rows read back, losses recomputed, extra passes', () => {
  assert.ok(asked.rows > 0 && asked.losses > 0 && asked.passes > 0, JSON.stringify(asked));
});

test('a rule that needs the whole input is reported as not checked, the others agree', async () => {
  const p = planted()[2];
  const mem = runDiagnostics(asCase(p, false));
  const loss = mem.loss?.value.data[0] ?? NaN;
  const withReported = { ...p, meta: { reported_loss: loss * 3 } };
  const memR = runDiagnostics(asCase(withReported, false));
  assert.ok(memR.findings.some((f) => f.rule === 'reported-loss-mismatch'));
  const file = join(dir, 'reported.npy');
  writeFileSync(file, npy([p.t.length, p.C], '<f4', new Uint8Array(p.x.buffer)));
  const reader = new NpyRows(file);
  try {
    const st = await inspectStreamed(asCase(withReported, true), reader, {}, { chunkBytes: 50 * p.C * 4 });
    assert.deepEqual(st.streamed.notChecked.map((n) => n.rule), ['reported-loss-mismatch']);
    same(st.findings, memR.findings.filter((f) => f.rule !== 'reported-loss-mismatch'), 'findings');
  } finally {
    reader.close();
  }
});

test('lossdbg inspect: a case over --max-file-size is streamed, with the findings of the in-memory run', () => {
  const p = planted()[0];
  writeFileSync(join(dir, 'lm-x.npy'), npy([p.t.length, p.C], '<f4', new Uint8Array(p.x.buffer)));
  writeFileSync(join(dir, 'lm-t.npy'), npy([p.t.length], '<i8', new Uint8Array(BigInt64Array.from(p.t.map(BigInt)).buffer)));
  const file = join(dir, 'lm.json');
  writeFileSync(file, JSON.stringify({ loss: 'CrossEntropyLoss', input: { npy: 'lm-x.npy' }, target: { npy: 'lm-t.npy' }, meta: p.meta }));
  const whole = runCli(['inspect', file, '--json']);
  assert.equal(whole.code, 0, whole.stderr);
  // the input is 30 KB: a 0.02 MB limit makes it "too large", so it is read in chunks
  const streamed = runCli(['inspect', file, '--json', '--max-file-size', '0.02']);
  assert.equal(streamed.code, 0, streamed.stderr);
  const a = JSON.parse(whole.stdout), b = JSON.parse(streamed.stdout);
  assert.equal(a.streamed, undefined);
  assert.equal(b.streamed.rows, p.t.length);
  assert.equal(b.loss, a.loss);
  same(b.findings, a.findings, 'findings');
  assert.ok(a.findings.some((f: { rule: string }) => f.rule === 'missing-ignore-index'));
  // not every case can be streamed: the refusal says why and how to load it whole
  writeFileSync(join(dir, 'bce.json'), JSON.stringify({ loss: 'BCEWithLogitsLoss', input: { npy: 'lm-x.npy' }, target: { shape: [1], data: [1] } }));
  const bce = runCli(['inspect', join(dir, 'bce.json'), '--max-file-size', '0.02']);
  assert.equal(bce.code, 2);
  assert.match(bce.stderr, /lm-x\.npy.*cannot be inspected in chunks: streamed inspection supports CrossEntropyLoss and NLLLoss, not BCEWithLogitsLoss.*--max-file-size/);
  // a loaded-whole case is unchanged by loadForInspect
  const { c, reader } = loadForInspect(file, { maxFileBytes: 4 << 20, maxMemoryBytes: 1 << 30, allowedRoots: [] }, false);
  assert.equal(reader, undefined);
  assert.equal(c.input.data.length, p.x.length);
});

test('edge shapes: an input of 0 rows streams like in memory; C = 0 and 3-D inputs are refused with the reason', async () => {
  const empty: Planted = { name: 'empty', loss: { type: 'CrossEntropyLoss' }, x: new Float32Array(0), t: [], C: 5, fires: [] };
  const mem = runDiagnostics(asCase(empty, false));
  const file = join(dir, 'empty.npy');
  writeFileSync(file, npy([0, 5], '<f4', new Uint8Array(0)));
  const reader = new NpyRows(file);
  try {
    const st = await inspectStreamed(asCase(empty, true), reader);
    assert.equal(st.streamed.chunks, 0);
    same(st.findings, mem.findings, 'findings');
    same(st.summary, mem.summary, 'summary');
    assert.ok(Object.is(st.loss?.value.data[0], mem.loss?.value.data[0]));
  } finally {
    reader.close();
  }
  writeFileSync(join(dir, 'c0.npy'), npy([4, 0], '<f4', new Uint8Array(0)));
  writeFileSync(join(dir, 'x3.npy'), npy([2, 3, 4], '<f4', new Uint8Array(96)));
  writeFileSync(join(dir, 't4.npy'), npy([4], '<i8', new Uint8Array(32)));
  writeFileSync(join(dir, 't24.npy'), npy([2, 4], '<i8', new Uint8Array(64)));
  for (const [x, t, re] of [['c0.npy', 't4.npy', /with C ≥ 1, not shape \(4, 0\)/], ['x3.npy', 't24.npy', /with C ≥ 1, not shape \(2, 3, 4\)/]] as const) {
    writeFileSync(join(dir, 'edge.json'), JSON.stringify({ loss: 'CrossEntropyLoss', input: { npy: x }, target: { npy: t } }));
    const r = runCli(['inspect', join(dir, 'edge.json'), '--stream']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, re);
    assert.match(r.stderr, /--stream: this case cannot be inspected in chunks: .*leave out --stream/);
  }
});

test('classes last — (B, L, V) logits with (B, L) or (B·L,) targets: streamed with the in-memory findings (class-dim-misplaced), summary and loss error', async () => {
  const ex = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'examples', 'class-dim-misplaced.json'), 'utf8')) as { input: { shape: number[]; data: number[] }; target: { shape: number[]; data: number[] }; meta: Record<string, unknown> };
  const rng = new Rng(31);
  const [B, L, V] = [4, 64, 500];
  const big = Float32Array.from({ length: B * L * V }, () => rng.uniform() * 6 - 3);
  const lm = Array.from({ length: B * L }, (_, i) => (i % L < 40 + (i % 7) ? 1 + (i * 13) % (V - 1) : 0));
  const cases: Array<{ name: string; loss: Record<string, unknown>; shape: number[]; x: Float32Array; tShape: number[]; t: number[]; meta?: Record<string, unknown> }> = [
    { name: 'the example', loss: { type: 'CrossEntropyLoss' }, shape: ex.input.shape, x: Float32Array.from(ex.input.data), tShape: ex.target.shape, t: ex.target.data, meta: ex.meta },
    { name: 'LM (B, L, V), (B, L)', loss: { type: 'CrossEntropyLoss' }, shape: [B, L, V], x: big, tShape: [B, L], t: lm, meta: { pad_token_id: 0 } },
    { name: 'LM (B, L, V), (B·L,)', loss: { type: 'CrossEntropyLoss', ignore_index: 0 }, shape: [B, L, V], x: big, tShape: [B * L], t: lm },
    { name: 'NLLLoss (B, L, V)', loss: { type: 'NLLLoss' }, shape: [B, L, V], x: big, tShape: [B, L], t: lm },
  ];
  for (const k of cases) {
    const c = caseFromObject({ loss: k.loss, input: { shape: k.shape, data: k.x, dtype: 'float32' }, target: { shape: k.tShape, data: k.t, dtype: 'int64' }, ...(k.meta ? { meta: k.meta } : {}) });
    const mem = runDiagnostics(c);
    assert.ok(mem.findings.some((f) => f.rule === 'class-dim-misplaced'), `${k.name}: ${mem.findings.map((f) => f.rule).join()}`);
    assert.ok(mem.lossError, `${k.name}: PyTorch refuses the shapes`);
    const file = join(dir, `last-${k.name.replace(/\W+/g, '-')}.npy`);
    writeFileSync(file, npy(k.shape, '<f4', new Uint8Array(k.x.buffer, k.x.byteOffset, k.x.byteLength)));
    const streamedCase = { ...c, input: { shape: k.shape, data: new Float32Array(0), dtype: 'float32' as const } };
    assert.equal(streamRefusal(streamedCase), undefined, k.name);
    const reader = new NpyRows(file);
    try {
      // chunks of 5 rows of V values: chunk edges fall inside the (L, V) slices
      const st = await inspectStreamed(streamedCase, reader, {}, { chunkBytes: 5 * k.shape[2] * 4 });
      assert.equal(st.streamed.rows, k.shape[0] * k.shape[1]);
      assert.equal(st.streamed.chunks, Math.ceil(k.shape[0] * k.shape[1] / 5));
      assert.deepEqual(st.streamed.notChecked, []);
      assert.equal(st.loss, undefined);
      assert.equal(st.lossError, mem.lossError, k.name);
      assert.deepEqual(st.findings.map((f) => f.rule), mem.findings.map((f) => f.rule), k.name);
      same(st.findings, mem.findings, `${k.name}: findings`);
      same(st.summary, mem.summary, `${k.name}: summary`);
    } finally {
      reader.close();
    }
  }
  // other 3-D layouts are still refused: a valid (N, C, d) input with (N, d) targets, probabilities
  const ok3 = caseFromObject({ loss: 'CrossEntropyLoss', input: { shape: [2, 3, 4], data: new Float32Array(24), dtype: 'float32' }, target: { shape: [2, 4], data: new Array(8).fill(0), dtype: 'int64' } });
  assert.match(streamRefusal(ok3) ?? '', /needs an \(N, C\) input with C ≥ 1, not shape \(2, 3, 4\)/);
});
