/** .npy and .safetensors readers against values numpy wrote (tools/make_hostile_fixtures.py). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LossDebuggerError } from '../../../src/errors';
import {
  listSafetensors, loadCaseFile, loadTensorFile, readNpy,
} from '../../../src/io';

const dir = join(__dirname, '../../fixtures/io');
type Expect = { dtype: string; shape: number[]; values: (number | string)[] };
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, Expect | Record<string, Expect>>;

function num(v: number | string): number {
  return typeof v === 'number' ? v : Number(v); // 'NaN', 'Infinity', '-Infinity'
}

function same(actual: ArrayLike<number>, values: (number | string)[], what: string): void {
  assert.equal(actual.length, values.length, `${what}: length`);
  for (let i = 0; i < values.length; i++) {
    assert.ok(Object.is(actual[i], num(values[i])) || (actual[i] === 0 && num(values[i]) === 0), `${what}[${i}]: ${actual[i]} vs ${values[i]}`);
  }
}

for (const [file, exp] of Object.entries(expected)) {
  if (!file.endsWith('.npy')) continue;
  const e = exp as Expect;
  test(`npy ${file}: dtype, shape and exact values`, () => {
    const t = loadTensorFile(join(dir, file));
    assert.equal(t.dtype, e.dtype);
    assert.deepEqual([...t.shape], e.shape);
    same(t.data, e.values, file);
    if (e.dtype === 'float32') assert.ok(t.data instanceof Float32Array, 'float32 stays Float32Array');
    else assert.ok(t.data instanceof Float64Array, 'others are Float64Array');
  });
}

test('safetensors: every dtype, exact values, listing', () => {
  const all = expected['all.safetensors'] as Record<string, Expect>;
  for (const [name, e] of Object.entries(all)) {
    const t = loadTensorFile(join(dir, 'all.safetensors'), { name });
    assert.equal(t.dtype, e.dtype, name);
    assert.deepEqual([...t.shape], e.shape, name);
    same(t.data, e.values, name);
  }
  const list = listSafetensors(join(dir, 'all.safetensors'));
  assert.deepEqual(list.map((x) => x.name).sort(), Object.keys(all).sort());
  const f32 = list.find((x) => x.name === 't_float32');
  assert.deepEqual(f32, { name: 't_float32', dtype: 'float32', shape: [2, 3, 4] });
});

test('safetensors: a single-tensor file needs no name; a multi-tensor file does', () => {
  const t = loadTensorFile(join(dir, 'single.safetensors'));
  assert.deepEqual([...t.shape], [2, 3, 4]);
  assert.throws(() => loadTensorFile(join(dir, 'all.safetensors')), (e: unknown) => e instanceof LossDebuggerError && /say which one with "name"/.test(e.message));
});

test('a case with side files resolves paths relative to the case file', () => {
  const c = loadCaseFile(join(dir, 'side.losscase.json'));
  assert.deepEqual([...c.input.shape], [4, 3]);
  assert.equal(c.input.dtype, 'float32');
  assert.deepEqual(Array.from(c.target.data), [0, 2, 1, 2]);
  assert.equal(c.target.dtype, 'int64');
  assert.deepEqual(Array.from(c.loss.weight?.data ?? []), [1, 2, 0.5]);
  assert.ok(c.spans['loss.weight'] && c.spans.input && c.spans.target);
});

test('npy float32 data at an unaligned offset is copied, not viewed', () => {
  const bytes = readFileSync(join(dir, 'float32.npy'));
  const shifted = new Uint8Array(bytes.length + 1);
  shifted.set(bytes, 1);
  const t = readNpy(shifted.subarray(1), 'x.npy');
  const ref = readNpy(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), 'x.npy');
  assert.ok(t.data instanceof Float32Array);
  assert.deepEqual(Array.from(t.data), Array.from(ref.data));
});

test('size limit: checked before reading, names the limit and how to raise it', () => {
  assert.throws(() => loadTensorFile(join(dir, 'float32.npy'), { maxFileBytes: 10 }), (e: unknown) =>
    e instanceof LossDebuggerError && e.code === 'file' && /larger than the 10 bytes limit/.test(e.message) && /--max-file-size/.test(e.message) && /lossDebugger\.maxFileSizeMB/.test(e.message));
  assert.throws(() => loadCaseFile(join(dir, 'side.losscase.json'), { maxFileBytes: 100 }), /larger than the .* limit/);
});

test('directories and devices are refused before reading', () => {
  assert.throws(() => loadCaseFile(dir), /is a directory, not a file/);
  assert.throws(() => loadCaseFile('/dev/zero'), /is not a regular file/);
});

test('missing tensor file names the resolved path', () => {
  assert.throws(() => loadTensorFile('no/such/file.npy'), (e: unknown) => e instanceof LossDebuggerError && e.code === 'file' && e.message.includes(join(process.cwd(), 'no/such/file.npy')));
});
