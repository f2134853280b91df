/** io/npy-rows.ts: a `.npy` read in chunks of whole rows gives the values `readNpy` gives, and bad files fail as clearly. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LossDebuggerError } from '../../../src/errors';
import { NpyRows } from '../../../src/io/npy-rows';
import { readNpy } from '../../../src/io/npy';

const dir = mkdtempSync(join(tmpdir(), 'lossdbg-npyrows-'));

function npy(shape: number[], descr: string, data: Uint8Array, extra = ''): Buffer {
  let header = `{'descr': '${descr}', 'fortran_order': ${extra === 'fortran' ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  return Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]), Buffer.from(header, 'latin1'), Buffer.from(data)]);
}

for (const [descr, Arr] of [['<f4', Float32Array], ['<f8', Float64Array], ['<i2', Int16Array]] as const) {
  test(`rows and chunks of a ${descr} file equal the whole file's values`, () => {
    const N = 37, C = 11;
    const vals = new Arr(N * C).map((_, i) => ((i * 7919) % 201) - 100);
    const file = join(dir, `x${descr.slice(1)}.npy`);
    writeFileSync(file, npy([N, C], descr, new Uint8Array(vals.buffer)));
    const whole = readNpy(new Uint8Array(readFileSync(file)), file).data;
    const r = new NpyRows(file);
    try {
      assert.deepEqual([r.rows, r.rowValues, r.shape], [N, C, [N, C]]);
      assert.deepEqual(Array.from(r.readRows(5, 3)), Array.from(whole.subarray(5 * C, 8 * C)));
      const seen: number[] = [];
      const starts: number[] = [];
      r.forEachChunk((r0, chunk) => { starts.push(r0); seen.push(...Array.from(chunk)); }, 4 * C * vals.BYTES_PER_ELEMENT);
      assert.deepEqual(starts, Array.from({ length: Math.ceil(N / 4) }, (_, i) => 4 * i));
      assert.deepEqual(seen, Array.from(whole));
      // a chunk smaller than a row still reads whole rows, one at a time
      let n = 0;
      r.forEachChunk((_r0, chunk) => { assert.equal(chunk.length, C); n++; }, 1);
      assert.equal(n, N);
      assert.throws(() => r.readRows(N - 1, 2), RangeError);
      // any stretch of values, across row edges (streamed classes-last inputs read rows of the last dim)
      assert.deepEqual(Array.from(r.readValues(3 * C + 4, 2 * C + 5)), Array.from(whole.subarray(3 * C + 4, 5 * C + 9)));
      assert.equal(r.itemBytes, vals.BYTES_PER_ELEMENT);
      assert.throws(() => r.readValues(N * C - 3, 4), RangeError);
      assert.equal(r.readValues(N * C, 0).length, 0);
    } finally {
      r.close();
    }
  });
}

test('a truncated or Fortran-order file is refused from its header, a missing one named', () => {
  const file = join(dir, 'short.npy');
  writeFileSync(file, npy([100, 10], '<f4', new Uint8Array(4000)));
  truncateSync(file, 2000);
  assert.throws(() => new NpyRows(file), (e: unknown) => e instanceof LossDebuggerError && /header says shape \(100, 10\) of float32 .* but the file has only/.test(e.message));
  const fortran = join(dir, 'f.npy');
  writeFileSync(fortran, npy([2, 2], '<f4', new Uint8Array(16), 'fortran'));
  assert.throws(() => new NpyRows(fortran), (e: unknown) => e instanceof LossDebuggerError && /Fortran order/.test(e.message));
  assert.throws(() => new NpyRows(join(dir, 'nope.npy')), (e: unknown) => e instanceof LossDebuggerError && /not found/.test(e.message));
  assert.throws(() => new NpyRows(dir), (e: unknown) => e instanceof LossDebuggerError && /not a regular file/.test(e.message));
});

/** The same file with a 2.0 preamble (4-byte header length). */
function npy2(shape: number[], descr: string, data: Uint8Array): Buffer {
  const v1 = npy(shape, descr, data);
  const hlen = v1[8] | (v1[9] << 8);
  const header = v1.subarray(10, 10 + hlen);
  return Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0, hlen & 0xff, hlen >> 8, 0, 0]), header, Buffer.from(data)]);
}

test('2.0 headers, 3-D and 1-D arrays; edges of readRows; a closed reader', () => {
  const vals = Float64Array.from({ length: 4 * 3 * 2 }, (_, i) => i * 0.5 - 3);
  const file = join(dir, 'v2.npy');
  writeFileSync(file, npy2([4, 3, 2], '<f8', new Uint8Array(vals.buffer)));
  const r = new NpyRows(file);
  try {
    assert.deepEqual([r.rows, r.rowValues, r.shape, r.dtype], [4, 6, [4, 3, 2], 'float64']);
    assert.deepEqual(Array.from(r.readRows(3, 1)), Array.from(vals.subarray(18)));
    assert.deepEqual(Array.from(r.readRows(0, 0)), []);
    assert.deepEqual(Array.from(r.readRows(4, 0)), []);
    assert.throws(() => r.readRows(-1, 1), RangeError);
    assert.throws(() => r.readRows(0, -1), RangeError);
    assert.throws(() => r.readRows(NaN, 1), RangeError);
    assert.throws(() => r.readRows(4, 1), { name: 'RangeError', message: 'rows 4..5 outside 0..4' });
  } finally {
    r.close();
  }
  assert.throws(() => r.readRows(0, 1), { message: 'NpyRows: closed' });
  r.close(); // twice is harmless
  const one = join(dir, 'one-d.npy');
  writeFileSync(one, npy([5], '<i2', new Uint8Array(Int16Array.of(1, -2, 3, -4, 5).buffer)));
  const r1 = new NpyRows(one);
  try {
    assert.deepEqual([r1.rows, r1.rowValues], [5, 1]);
    assert.deepEqual(Array.from(r1.readRows(1, 3)), [-2, 3, -4]);
  } finally {
    r1.close();
  }
});

test('a file cut short after it was opened: a clear error naming it', () => {
  const vals = new Float32Array(20 * 4).map((_, i) => i);
  const file = join(dir, 'shrinks.npy');
  writeFileSync(file, npy([20, 4], '<f4', new Uint8Array(vals.buffer)));
  const r = new NpyRows(file);
  try {
    truncateSync(file, readFileSync(file).length - 16 * 10);
    assert.deepEqual(Array.from(r.readRows(0, 2)), Array.from(vals.subarray(0, 8)));
    assert.throws(() => r.readRows(15, 5), (e: unknown) => e instanceof LossDebuggerError && e.detail === `.npy file ${file} ended early (it changed while being read?)` && e.where.file === file);
  } finally {
    r.close();
  }
});

test('the errors of a missing file and a folder name the absolute path', () => {
  const missing = join(dir, 'nope2.npy');
  assert.throws(() => new NpyRows(missing), (e: unknown) => e instanceof LossDebuggerError && e.code === 'file' && e.detail === `.npy file not found: ${missing}` && e.where.file === missing);
  assert.throws(() => new NpyRows(dir), (e: unknown) => e instanceof LossDebuggerError && e.detail === `.npy file ${dir} is not a regular file` && e.hint === 'save the data to a file first');
});
