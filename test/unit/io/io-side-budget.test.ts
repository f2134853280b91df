/**
 * Side tensors and the memory budget, on exact edges: a (N, C) class-loss input counted as N rows of C
 * (at its header, before decoding, and for the whole case after); an unnamed single-tensor
 * .safetensors input refused from its header with the input's own share; a streamed (deferred) input
 * may claim any dimension (it has no values here, but its file has them); loss specs read side files
 * relative to the file they came from (or the working directory); bare tensor files named by role.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadCaseFile, loadTensorFile, parseCase, parseLossSpec } from '../../../src/io';
import { NpyRows } from '../../../src/io/npy-rows';
import { errorMessage } from './error-message';

const dir = mkdtempSync(join(tmpdir(), 'lossdbg-side-budget-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function npy(descr: string, shape: number[], data: Uint8Array): Buffer {
  let h = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  h += ' '.repeat((64 - ((10 + h.length + 1) % 64)) % 64) + '\n';
  return Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, h.length & 0xff, h.length >> 8]), Buffer.from(h, 'latin1'), Buffer.from(data)]);
}

function safetensors(name: string, dtype: string, shape: number[], data: Uint8Array): Buffer {
  const hb = Buffer.from(JSON.stringify({ [name]: { dtype, shape, data_offsets: [0, data.length] } }));
  const len = Buffer.alloc(8);
  len.writeUInt32LE(hb.length, 0);
  return Buffer.concat([len, hb, Buffer.from(data)]);
}

const BUDGET_HINT = 'raise the budget with --max-memory <MB> (CLI) or the lossDebugger.maxMemoryMB setting, use --dtype float32, or dump a smaller slice of rows (the rules need a few thousand rows, not the whole batch)';

test('a (3, 50) float32 class-loss input from .npy: 3 rows of 50, 840 bytes at its header, 864 for the whole case', () => {
  writeFileSync(join(dir, 'ce.npy'), npy('<f4', [3, 50], new Uint8Array(600)));
  const file = join(dir, 'ce.json');
  writeFileSync(file, '{"loss": "CrossEntropyLoss", "input": {"npy": "ce.npy"}, "target": [0, 1, 2]}');
  // held: 4·150 (float32 view) + 8·3 (target); per row: 80·3
  assert.deepEqual(loadCaseFile(file, { maxMemoryBytes: 864 }).input.shape, [3, 50]);
  assert.equal(errorMessage(() => loadCaseFile(file, { maxMemoryBytes: 863 })),
    `${file}:1:1: this case needs about 864 bytes of memory to analyse exactly, more than the 863 bytes budget (${BUDGET_HINT})`);
  // the input alone (from its header): 4·150 + 80·3
  assert.equal(errorMessage(() => loadCaseFile(file, { maxMemoryBytes: 839 })),
    `${file}:1:47: input.npy: this case needs about 840 bytes of memory to analyse exactly, more than the 839 bytes budget (${BUDGET_HINT})`);
  // float64: 8 bytes a value (1200 + 240 at the header, + 24 for the case)
  writeFileSync(join(dir, 'ce8.npy'), npy('<f8', [3, 50], new Uint8Array(1200)));
  const f8 = join(dir, 'ce8.json');
  writeFileSync(f8, '{"loss": "CrossEntropyLoss", "input": {"npy": "ce8.npy"}, "target": [0, 1, 2]}');
  assert.deepEqual(loadCaseFile(f8, { maxMemoryBytes: 1464 }).input.shape, [3, 50]);
  assert.equal(errorMessage(() => loadCaseFile(f8, { maxMemoryBytes: 1439 })),
    `${f8}:1:47: input.npy: this case needs about 1440 bytes of memory to analyse exactly, more than the 1439 bytes budget (${BUDGET_HINT})`);
});

test('an unnamed single-tensor .safetensors input is refused from its header with its own share', () => {
  writeFileSync(join(dir, 'ce.safetensors'), safetensors('logits', 'F32', [3, 50], new Uint8Array(600)));
  const file = join(dir, 'st.json');
  writeFileSync(file, '{"loss": "CrossEntropyLoss", "input": {"safetensors": "ce.safetensors"}, "target": [0, 1, 2]}');
  assert.deepEqual(loadCaseFile(file, { maxMemoryBytes: 864 }).input.shape, [3, 50]);
  assert.equal(errorMessage(() => loadCaseFile(file, { maxMemoryBytes: 839 })),
    `${file}:1:55: input.safetensors: this case needs about 840 bytes of memory to analyse exactly, more than the 839 bytes budget (${BUDGET_HINT})`);
});

test('a streamed (deferred) input may claim a dimension above the empty-tensor cap: its file holds the values', () => {
  const c = parseCase('{"loss": "CrossEntropyLoss", "input": {"npy": "big.npy"}, "target": [1, 2]}', {
    baseDir: dir, deferInput: () => ({ shape: [2, 5_000_000], dtype: 'float32' }),
  });
  assert.deepEqual([c.input.shape, c.input.data.length, c.input.dtype], [[2, 5_000_000], 0, 'float32']);
  // a target with no values is still held to the cap
  assert.match(errorMessage(() => parseCase('{"loss": "CrossEntropyLoss", "input": {"npy": "big.npy"}, "target": {"shape": [0, 5000000], "data": []}}', {
    baseDir: dir, deferInput: () => ({ shape: [2, 5_000_000], dtype: 'float32' }),
  })), /^line 1:69: target: the tensor holds no values but claims a dimension of 5000000 /);
});

test('parseLossSpec reads side files relative to the file it came from, else the working directory, and names that file', () => {
  const sub = join(dir, 'spec');
  writeFileSync(join(dir, 'w.npy'), npy('<f8', [2], new Uint8Array(Float64Array.of(0.5, 2).buffer)));
  const spec = parseLossSpec({ type: 'CrossEntropyLoss', weight: { npy: 'w.npy' } }, 'loss', join(dir, 'case.json'));
  assert.deepEqual(Array.from(spec.weight?.data ?? []), [0.5, 2]);
  assert.equal(errorMessage(() => parseLossSpec({ type: 'CrossEntropyLoss', weight: { npy: 'w.npy' } }, 'loss', join(sub, 'case.json'))),
    `${join(sub, 'case.json')}: loss.weight.npy: .npy file not found: ${join(sub, 'w.npy')} (paths in a loss case are relative to the case file's folder)`);
  // no file: relative to the working directory
  const rel = 'test/fixtures/io/float64.npy';
  const w = parseLossSpec({ type: 'NLLLoss', weight: { npy: rel } }, 'loss');
  assert.equal(w.weight?.dtype, 'float64');
  assert.equal(errorMessage(() => parseLossSpec({ type: 'NLLLoss', weight: { npy: 'no-such.npy' } }, 'loss')),
    `loss.weight.npy: .npy file not found: ${resolve('no-such.npy')} (paths in a loss case are relative to the case file's folder)`);
});

test('bare tensor files and the streamed reader name the file by its role', () => {
  const f = join(dir, 't.npy');
  writeFileSync(f, npy('<f4', [4], new Uint8Array(16)));
  assert.equal(errorMessage(() => loadTensorFile(f, { maxFileBytes: 100 })),
    `${f}: tensor file ${f} is 144 bytes, larger than the 100 bytes limit (raise the limit with --max-file-size <MB> on the command line or the lossDebugger.maxFileSizeMB setting in VS Code)`);
  assert.deepEqual(loadTensorFile(f, { maxFileBytes: 144 }).shape, [4]);
  assert.equal(errorMessage(() => loadTensorFile(join(dir, 'none.npy'))), `${join(dir, 'none.npy')}: tensor file not found: ${join(dir, 'none.npy')}`);
  assert.equal(errorMessage(() => new NpyRows(dir)), `${dir}: .npy file ${dir} is not a regular file (save the data to a file first)`);
});

test('a 1-D class-loss input from .npy is one row of C; tensor keys misspelt next to nothing else are suggested', () => {
  writeFileSync(join(dir, 'c1.npy'), npy('<f4', [50], new Uint8Array(200)));
  const file = join(dir, 'c1.json');
  writeFileSync(file, '{"loss": "CrossEntropyLoss", "input": {"npy": "c1.npy"}, "target": 3}');
  // 4·50 + 8·1 + 80·1
  assert.deepEqual(loadCaseFile(file, { maxMemoryBytes: 288 }).input.shape, [50]);
  const FORMS = 'a tensor is nested arrays of numbers, {"shape": [...], "data": [...]}, {"npy": "file.npy"} or {"safetensors": "file.safetensors", "name": "..."}';
  for (const [k, s] of [['dta', 'data'], ['safetensor', 'safetensors'], ['shap', 'shape'], ['npz', 'npy']]) {
    assert.equal(errorMessage(() => parseCase(`{"loss": "MSELoss", "input": {"${k}": 1}, "target": [1]}`)),
      `line 1:30: input: expected a tensor, found an object with key '${k}' (did you mean '${s}'?) (${FORMS})`);
  }
});
