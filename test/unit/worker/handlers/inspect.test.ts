/**
 * The worker's inspect jobs on a case whose input `.npy` is over the file-size setting: it is read in
 * chunks (diagnostics/stream-run.ts) instead of refused, and the panel's view has the findings, loss,
 * tables and charts of the in-memory view of the same case — except what needs every value (top-5
 * accuracy, a histogram of every value), which the view lists as not shown, with why. Progress is
 * reported per chunk and Cancel stops the stream between two reads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect, inspectTensors, workerChunkBytes } from '../../../../src/worker/handlers/inspect';
import { StreamCancelled } from '../../../../src/diagnostics/stream-run';
import type { CaseView, InspectProgress, InspectResult, InspectSettings } from '../../../../src/shapes/index';
import { npyBytes, writeLmDump, type LmDump } from '../../../lm-dump';

const dir = mkdtempSync(join(tmpdir(), 'lossdbg-worker-stream-'));

/** An LM dump: (320, 2048) f32 logits (2.6 MB), sequences of 32 right-padded with token 0, no ignore_index. */
function lmCase(name: string, loss: Record<string, unknown>): LmDump {
  return writeLmDump(dir, name, { N: 320, C: 2048, L: 32, seed: 18_2026, loss });
}

const settings = (maxFileBytes: number): InspectSettings => ({ options: {}, disabled: [], dtype: 'float64', maxFileBytes, maxMemoryBytes: 1 << 30, allowedRoots: [] });
const WHOLE = settings(64 << 20);
/** 1 MB: the 2.6 MB input is over it, so it is read in chunks. */
const SMALL = settings(1 << 20);

/** Equal, numbers bit for bit unless `tol` allows a relative difference. */
function same(a: unknown, b: unknown, where: string, tol = 0): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Object.is(a, b)) return;
    assert.ok(Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b)), `${where}: ${a} vs ${b}`);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) { assert.equal(a.length, b.length, where); a.forEach((v, i) => same(v, b[i], `${where}[${i}]`, tol)); return; }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort(), where);
    for (const k of Object.keys(a)) same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${where}.${k}`, tol);
    return;
  }
  assert.equal(a, b, where);
}

const never = new AbortController().signal;

async function both(file: string): Promise<{ mem: InspectResult; st: InspectResult; progress: InspectProgress[] }> {
  const mem = await inspect({ file, settings: WHOLE }, never, () => assert.fail('no progress for a case loaded whole'));
  const progress: InspectProgress[] = [];
  const st = await inspect({ file, settings: SMALL }, never, (p) => progress.push(p));
  return { mem, st, progress };
}

/** The parts of the view both paths build the same way (the histogram and the confidence metrics are checked apart). */
function comparable(v: CaseView): Partial<CaseView> {
  const { histogram: _h, streamed: _s, metrics: _m, reliability: _r, ...rest } = v;
  return rest;
}

test('a case over the file-size setting: the streamed view has the in-memory findings, loss, tables and charts', async () => {
  const { file, N } = lmCase('lm', { type: 'CrossEntropyLoss' });
  const { mem, st, progress } = await both(file);
  assert.equal(mem.view.streamed, undefined);
  const s = st.view.streamed;
  assert.ok(s, 'the view says the input was read in chunks');
  assert.equal(s.rows, N);
  assert.ok(s.chunks >= 32, `chunks: ${s.chunks}`);
  assert.deepEqual(s.notChecked, []);
  // the findings (missing-ignore-index among them), their places in the file, and the loss
  assert.ok(mem.view.findings.some((f) => f.rule === 'missing-ignore-index'), mem.view.findings.map((f) => f.rule).join());
  same(st.view.findings, mem.view.findings, 'findings', 1e-12);
  assert.deepEqual(st.ranges, mem.ranges);
  assert.ok(Object.is(st.view.lossValue, mem.view.lossValue), `${st.view.lossValue} vs ${mem.view.lossValue}`);
  // summary table, class frequency, per-class loss, largest contributions: the same (input mean: per-chunk sums)
  same(comparable(st.view), comparable(mem.view), 'view', 1e-12);
  // metrics: all but top-5 accuracy, which is listed as not shown; confidence from each row's loss
  const memM = mem.view.metrics.filter((m) => m.label !== 'top-5 accuracy');
  same(st.view.metrics, memM, 'metrics', 1e-9);
  assert.ok(mem.view.metrics.some((m) => m.label === 'top-5 accuracy'));
  assert.deepEqual(s.unavailable.map((u) => u.view), ['top-5 accuracy']);
  assert.match(s.unavailable[0].why, /rank of the target/);
  same(st.view.reliability, mem.view.reliability, 'reliability', 1e-9);
  // the histogram: the bars from a stride sample, the extremes and counts of every value
  const hs = st.view.histogram!, hm = mem.view.histogram!;
  assert.deepEqual(hs.sample, { values: hs.counts.reduce((a, b) => a + b, 0) + (hs.below ?? 0) + (hs.above ?? 0), every: Math.floor(N * 2048 / 65_536) });
  for (const k of ['min', 'max', 'total', 'nonFinite', 'inUnitInterval', 'interpretation', 'markUnitInterval'] as const) same(hs[k], hm[k], `histogram.${k}`);
  // progress: the first pass, chunk by chunk up to every row
  const reads = progress.filter((p) => p.stage === 'read');
  assert.equal(reads.length, s.chunks);
  assert.deepEqual(reads.map((p) => p.of), reads.map(() => N));
  assert.ok(reads.every((p, i) => i === 0 || p.rows > reads[i - 1].rows));
  assert.equal(reads[reads.length - 1].rows, N);
});

test('label smoothing: the confidence views need each row logsumexp and are listed as not shown', async () => {
  const { file } = lmCase('smooth', { type: 'CrossEntropyLoss', label_smoothing: 0.1 });
  const { mem, st } = await both(file);
  same(st.view.findings, mem.view.findings, 'findings', 1e-12);
  assert.ok(Object.is(st.view.lossValue, mem.view.lossValue));
  assert.equal(st.view.reliability, undefined);
  assert.ok(mem.view.reliability);
  assert.deepEqual(st.view.metrics.map((m) => m.label), mem.view.metrics.map((m) => m.label).filter((l) => !['top-5 accuracy', 'mean confidence', 'ECE'].includes(l)));
  assert.deepEqual(st.view.streamed!.unavailable.map((u) => u.view), ['top-5 accuracy', 'mean confidence, ECE and the reliability diagram']);
});

test('a bare .npy over the setting (Inspect on the tensor file): streamed too, same findings', async () => {
  const { input, target } = lmCase('bare', { type: 'CrossEntropyLoss' });
  const p = { inputFile: input, targetFile: target, loss: 'CrossEntropyLoss' };
  const mem = await inspectTensors({ ...p, settings: WHOLE }, never, () => assert.fail('no progress'));
  const st = await inspectTensors({ ...p, settings: SMALL }, never, () => undefined);
  assert.ok(st.view.streamed && !mem.view.streamed);
  same(st.view.findings, mem.view.findings, 'findings', 1e-12);
  assert.ok(Object.is(st.view.lossValue, mem.view.lossValue));
});

test('a case that cannot be streamed is refused with the setting to raise; float32 too', async () => {
  const lm = lmCase('f32', { type: 'CrossEntropyLoss' });
  const file = join(dir, 'bce.json');
  writeFileSync(file, JSON.stringify({ loss: 'BCEWithLogitsLoss', input: { npy: 'f32-x.npy' }, target: { shape: [1], data: [1] } }));
  await assert.rejects(async () => inspect({ file, settings: SMALL }, never, () => undefined),
    (e: Error) => /over the 1 MB limit, and cannot be inspected in chunks: streamed inspection supports CrossEntropyLoss and NLLLoss, not BCEWithLogitsLoss/.test(e.message) && /lossDebugger\.maxFileSizeMB/.test(e.message));
  await assert.rejects(async () => inspect({ file: lm.file, settings: { ...SMALL, dtype: 'float32' } }, never, () => undefined), /runs in float64 \(set lossDebugger\.dtype to float64\)/);
});

test('Cancel stops the stream between two reads', async () => {
  const { file } = lmCase('cancel', { type: 'CrossEntropyLoss' });
  const ac = new AbortController();
  let seen = 0;
  await assert.rejects(async () => inspect({ file, settings: SMALL }, ac.signal, () => { if (++seen === 3) ac.abort(); }), StreamCancelled);
  assert.equal(seen, 3, 'no chunk is read after the abort');
});

test('chunk size: 1/64 of the file, at most 16 MiB', () => {
  assert.equal(workerChunkBytes(2_621_568), 40_962);
  assert.equal(workerChunkBytes(4.2e9), 16 * 1024 * 1024);
  assert.equal(workerChunkBytes(10), 1);
});

test('classes last: an LM (B, L, V) dump with (B, L) labels streams too; the view has the in-memory findings (class-dim-misplaced) and loss error', async () => {
  const lm = lmCase('blv', { type: 'CrossEntropyLoss' });
  // the same values as (8, 40, 2048) with the labels as (8, 40)
  const file = join(dir, 'blv3.json');
  const x = readFileSync(lm.input);
  const head = x.indexOf(0x0a) + 1;
  writeFileSync(join(dir, 'blv3-x.npy'), npyBytes([8, 40, 2048], '<f4', x.subarray(head)));
  writeFileSync(join(dir, 'blv3-t.npy'), npyBytes([8, 40], '<i8', readFileSync(lm.target).subarray(readFileSync(lm.target).indexOf(0x0a) + 1)));
  writeFileSync(file, JSON.stringify({ loss: 'CrossEntropyLoss', input: { npy: 'blv3-x.npy' }, target: { npy: 'blv3-t.npy' }, meta: { pad_token_id: 0 } }));
  const { mem, st } = await both(file);
  assert.ok(mem.view.findings.some((f) => f.rule === 'class-dim-misplaced'));
  // rows of V values: chunks never hold a whole (L, V) slice
  assert.equal(st.view.streamed?.rows, 320);
  assert.ok((st.view.streamed?.chunks ?? 0) >= 32);
  same(st.view.findings, mem.view.findings, 'findings', 1e-12);
  assert.equal(st.view.lossValue, null);
  assert.equal(st.view.lossError, mem.view.lossError);
  same(st.view.summary, mem.view.summary, 'summary', 1e-12);
});
