/**
 * End-to-end check of python/lossdbg_dump.py: PyTorch builds criteria, the helper dumps each case,
 * and `lossdbg loss CASE --json` must reproduce PyTorch's value to 1e-9 relative.
 *
 * Needs /usr/bin/python3 with torch (Debian's python3-torch) and skips with a message without it.
 * The CLI is built from the current sources first; if it cannot build or run, the test fails.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { CLI, ensureBuilt } from './cli-helpers';

const ROOT = resolve(__dirname, '..', '..', '..');
const PY = '/usr/bin/python3';

function torchMissing(): string | undefined {
  if (!existsSync(PY)) return `${PY} not found`;
  const r = spawnSync(PY, ['-c', 'import torch'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `${PY} cannot import torch (install python3-torch)`;
}

/** The loss value from `lossdbg loss --json` output. */
function lossValue(out: unknown): number {
  if (typeof out === 'number') return out;
  if (out && typeof out === 'object') {
    const o = out as Record<string, unknown>;
    for (const k of ['loss', 'value']) {
      const v = o[k];
      if (typeof v === 'number') return v;
      if (v && typeof v === 'object') {
        const inner = lossValue(v);
        if (Number.isFinite(inner)) return inner;
      }
    }
  }
  return NaN;
}

interface Dumped { name: string; case: string; expected: number }

const noTorch = torchMissing();

function npyHeader(file: string): { descr: string; shape: string } {
  const b = readFileSync(file);
  assert.equal(b.subarray(0, 6).toString('latin1'), '\x93NUMPY');
  const len = b.readUInt16LE(8);
  assert.equal((10 + len) % 64, 0, 'npy header not padded to 64 bytes');
  const h = b.subarray(10, 10 + len).toString('latin1');
  const descr = /'descr': '([^']+)'/.exec(h)?.[1] ?? '';
  const shape = /'shape': (\([^)]*\))/.exec(h)?.[1] ?? '';
  return { descr, shape };
}

test('python dump helper: the case files carry the criterion arguments, side files and history', { skip: noTorch ?? false, timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'lossdbg-pydump-'));
  try {
    const py = spawnSync(PY, [join(ROOT, 'test', 'python', 'dump_cases.py'), dir], { encoding: 'utf8', timeout: 90_000 });
    assert.equal(py.status, 0, `dump_cases.py failed: ${py.stderr}`);
    const read = (n: string): Record<string, unknown> => JSON.parse(readFileSync(join(dir, n), 'utf8')) as Record<string, unknown>;
    const ce = read('ce_weight_ignore_smoothing.json');
    assert.deepEqual(ce.loss, {
      type: 'CrossEntropyLoss', reduction: 'mean', weight: [1, 2, 0.5, 1.5, 3], ignore_index: 3, label_smoothing: 0.1,
    });
    assert.deepEqual(ce.history, { train: [1.6, 1.2, 0.9] });
    assert.equal((ce.meta as Record<string, unknown>).reported_loss, 1.234);
    assert.deepEqual(read('bce_logits_pos_weight.json').loss, { type: 'BCEWithLogitsLoss', reduction: 'mean', pos_weight: [4, 1, 2.5, 8] });
    assert.deepEqual(read('huber_delta.json').loss, { type: 'HuberLoss', reduction: 'mean', delta: 0.5 });
    assert.deepEqual(read('smoothl1_beta_sum.json').loss, { type: 'SmoothL1Loss', reduction: 'sum', beta: 2 });
    assert.deepEqual(read('kldiv_batchmean_log_target.json').loss, { type: 'KLDivLoss', reduction: 'batchmean', log_target: true });
    const big = read('nll_big_npy.json');
    assert.deepEqual(big.input, { npy: 'nll_big_npy.input.npy' });
    assert.ok(Array.isArray(big.target), 'small target stays inline');
    assert.deepEqual(npyHeader(join(dir, 'nll_big_npy.input.npy')), { descr: '<f4', shape: '(300, 400)' });
    assert.deepEqual(npyHeader(join(dir, 'ce_fp16_npy_no_numpy.input.npy')), { descr: '<f2', shape: '(50, 6)' });
    assert.deepEqual(npyHeader(join(dir, 'ce_fp16_npy_no_numpy.target.npy')), { descr: '<i8', shape: '(50,)' });
    assert.deepEqual(npyHeader(join(dir, 'ce_bf16_npy.input.npy')), { descr: '<f4', shape: '(50, 6)' });
    assert.deepEqual((read('ce_bf16_npy.json').meta as Record<string, unknown>).original_dtypes, { input: 'bfloat16' });
    const f32 = read('ce_f32_inline.json').input as { shape: number[]; dtype: string; data: number[][] };
    assert.deepEqual([f32.shape, f32.dtype, f32.data.length, f32.data[0].length], [[16, 4], 'float32', 16, 4]);
    assert.equal((read('bce_f16_inline.json').target as { dtype: string }).dtype, 'float16');
    assert.deepEqual(read('mse_scalar_f32.json').input, { shape: [], dtype: 'float32', data: [1.5] });
    assert.ok(Array.isArray(ce.input) && Array.isArray(ce.target), 'float64 input and int64 target are plain nested lists');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('python dump helper: cases recompute to PyTorch\'s value (1e-9 relative)', { skip: noTorch ?? false, timeout: 120_000 }, () => {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'lossdbg-pydump-'));
  try {
    const py = spawnSync(PY, [join(ROOT, 'test', 'python', 'dump_cases.py'), dir], { encoding: 'utf8', timeout: 90_000 });
    assert.equal(py.status, 0, `dump_cases.py failed: ${py.stderr}`);
    const cases = JSON.parse(py.stdout) as Dumped[];
    assert.ok(cases.length >= 10, 'expected at least 10 dumped cases');
    // The big case must have gone to an .npy side file.
    assert.ok(existsSync(join(dir, 'nll_big_npy.input.npy')), 'large input was not written as .npy');
    for (const c of cases) {
      const r = spawnSync(process.execPath, [CLI, 'loss', c.case, '--json'], { encoding: 'utf8' });
      assert.equal(r.status, 0, `${c.name}: lossdbg loss exited ${r.status}: ${r.stderr}`);
      const got = lossValue(JSON.parse(r.stdout));
      const rel = Math.abs(got - c.expected) / Math.max(Math.abs(c.expected), 1e-300);
      assert.ok(rel <= 1e-9, `${c.name}: lossdbg ${got} vs torch ${c.expected} (rel ${rel})`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
