/**
 * `.safetensors` boundaries: every check of the header (length field, JSON, entries, dtypes, shapes,
 * data offsets, overlaps) with a case exactly on its edge and one just past it, and the values read.
 * Each refusal is checked for its message and its hint, so an emptied or swapped message fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LossDebuggerError } from '../../../src/errors';
import { readSafetensors, readSafetensorsHeader } from '../../../src/io';

const AGAIN = /the file is truncated or corrupt; write it again with safetensors\.torch\.save_file/;

/** A file from a header (object or raw text), an optional length-field override and data bytes. */
function st(header: unknown, data: Uint8Array = new Uint8Array(0), opts: { len?: number; hi?: number } = {}): Uint8Array {
  const hb = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + hb.length + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, opts.len ?? hb.length, true);
  dv.setUint32(4, opts.hi ?? 0, true);
  out.set(hb, 8);
  out.set(data, 8 + hb.length);
  return out;
}
const f32 = (...v: number[]): Uint8Array => new Uint8Array(Float32Array.from(v).buffer);

function refuse(f: () => unknown, re: RegExp, hint?: RegExp | null, code = 'format'): LossDebuggerError {
  let err: unknown;
  try { f(); } catch (e) { err = e; }
  assert.ok(err instanceof LossDebuggerError, `expected a LossDebuggerError matching ${re}, got ${String(err)}`);
  assert.match(err.detail, re);
  assert.equal(err.code, code);
  if (hint === null) assert.equal(err.hint, undefined);
  else if (hint) assert.match(err.hint ?? '', hint);
  assert.equal(err.where.file, 'x.safetensors');
  return err;
}
const header = (bytes: Uint8Array, size?: number) => readSafetensorsHeader(bytes, 'x.safetensors', size);
const one = (entry: Record<string, unknown>, data: Uint8Array = new Uint8Array(0)): Uint8Array => st({ t: entry }, data);

test('.safetensors: the 8-byte length field — 7 bytes refused, 8 bytes reach the header checks', () => {
  refuse(() => header(new Uint8Array(7)), /only 7 bytes, too short for the 8-byte header length/, AGAIN);
  refuse(() => header(new Uint8Array(0)), /only 0 bytes/, AGAIN);
  // 8 zero bytes: a header of length 0 — past the length check, refused as not starting with '{'
  refuse(() => header(new Uint8Array(8)), /the header does not start with '\{'/, AGAIN);
});

test('.safetensors: a header length exactly up to the end of the file is read; one byte more is refused', () => {
  assert.deepEqual(header(st('{}')), []);
  const bytes = st('{}', new Uint8Array(0), { len: 3 });
  refuse(() => header(bytes), /header length runs past the end of the file \(2 bytes follow the length field\)/, AGAIN);
  // A JSON file given as .safetensors: its first 8 bytes read as a huge length; the hint says what it is
  const json = new TextEncoder().encode('{"loss": "MSELoss", "input": [1], "target": [2]}');
  refuse(() => header(json), /runs past the end of the file/, /this looks like a JSON file, not a \.safetensors file/);
});

test('.safetensors: the high word of the length counts 2^32 (a length over 4 GiB is refused)', () => {
  const ok = st({ t: { dtype: 'U8', shape: [1], data_offsets: [0, 1] } }, new Uint8Array([5]));
  assert.equal(header(ok).length, 1);
  const hb = ok.length - 9;
  refuse(() => header(st({ t: { dtype: 'U8', shape: [1], data_offsets: [0, 1] } }, new Uint8Array([5]), { len: hb, hi: 1 })), /runs past the end of the file/);
});

test('.safetensors: header length cap (100 MB) and a header not read completely', () => {
  const MB100 = 100 * 1024 * 1024;
  const start = (len: number): Uint8Array => { const b = new Uint8Array(16); new DataView(b.buffer).setUint32(0, len, true); b[8] = 0x7b; return b; };
  refuse(() => header(start(MB100 + 1), MB100 + 100), /header length is larger than the 104857600-byte limit/, null);
  // exactly at the cap: past that check, then refused because only 16 bytes were read
  refuse(() => header(start(MB100), MB100 + 100), /\.safetensors header of 104857600 bytes was not read completely/, null);
  // a short read of a small header
  const full = st('{"a": {"dtype": "U8", "shape": [0], "data_offsets": [0, 0]}}');
  refuse(() => header(full.subarray(0, full.length - 1), full.length), /header of \d+ bytes was not read completely/);
  assert.equal(header(full, full.length).length, 1);
});

test('.safetensors: a header must start with { and be at least 2 bytes; broken JSON names the byte', () => {
  refuse(() => header(st('{')), /does not start with '\{'/, AGAIN);
  refuse(() => header(st(' {}')), /does not start with '\{'/, AGAIN);
  refuse(() => header(st('[]')), /does not start with '\{'/, AGAIN);
  assert.deepEqual(header(st('{} ')), []);
  const e = refuse(() => header(st('{"a": x}')), /bad \.safetensors header: not valid JSON \(byte 14 of the file\)/, AGAIN);
  assert.doesNotMatch(e.message, /"a"|x}/, 'the bytes of a file that failed its check are not echoed');
});

test('.safetensors: __metadata__ is skipped; entries are numbered by their position', () => {
  const h = header(st({ __metadata__: { format: 'pt' }, a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'U8', shape: [], data_offsets: [8, 9] } }, new Uint8Array(9)));
  const hl = st({ __metadata__: { format: 'pt' }, a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'U8', shape: [], data_offsets: [8, 9] } }).length - 8;
  assert.deepEqual(h, [
    { name: 'a', dtype: 'float32', shape: [2], begin: 8 + hl, end: 16 + hl, index: 1 },
    { name: 'b', dtype: 'uint8', shape: [], begin: 16 + hl, end: 17 + hl, index: 2 },
  ]);
  refuse(() => header(st({ __metadata__: {}, a: { dtype: 'U8', shape: [0], data_offsets: [0, 0] }, b: 3 })), /tensor #2 of the header is not an object/, AGAIN);
});

test('.safetensors: each malformed entry is refused by position, without quoting it', () => {
  for (const v of [3, null, [1], 'F32']) refuse(() => header(st({ secret: v })), /^bad \.safetensors header: tensor #1 of the header is not an object$/, AGAIN);
  refuse(() => header(one({ shape: [1], data_offsets: [0, 1] })), /tensor #1 of the header has no dtype/, AGAIN);
  refuse(() => header(one({ dtype: 7, shape: [1], data_offsets: [0, 1] })), /has no dtype/, AGAIN);
  refuse(() => header(one({ dtype: 'U8', data_offsets: [0, 1] })), /tensor #1 of the header has no shape/, AGAIN);
  refuse(() => header(one({ dtype: 'U8', shape: 1, data_offsets: [0, 1] })), /has no shape/, AGAIN);
  for (const d of [-1, 1.5, '1', null, 2 ** 53]) {
    refuse(() => header(one({ dtype: 'U8', shape: [d], data_offsets: [0, 1] })), /tensor #1 of the header has a dimension that is not a non-negative integer/, AGAIN);
  }
  for (const off of [undefined, [0], [0, 1, 2], [-1, 0], [0, 0.5], ['0', '1'], [0, 2 ** 53], 5]) {
    refuse(() => header(one({ dtype: 'U8', shape: [0], data_offsets: off })), /tensor #1 of the header needs data_offsets \[begin, end\] of non-negative integers/, AGAIN);
  }
});

test('.safetensors: an unsupported dtype is named, with the supported list', () => {
  const e = refuse(() => header(one({ dtype: 'F8_E4M3', shape: [1], data_offsets: [0, 1] })), /\.safetensors tensor 't' has dtype F8_E4M3, which is not supported/,
    /supported: F16, BF16, F32, F64, I8, I16, I32, I64, U8, BOOL; convert the tensor before saving/, 'unsupported');
  assert.ok(e);
  for (const [dt, want] of [['F16', 'float16'], ['BF16', 'bfloat16'], ['F32', 'float32'], ['F64', 'float64'], ['I8', 'int8'], ['I16', 'int16'], ['I32', 'int32'], ['I64', 'int64'], ['U8', 'uint8'], ['BOOL', 'bool']]) {
    assert.equal(header(one({ dtype: dt, shape: [0], data_offsets: [0, 0] }))[0].dtype, want, dt);
  }
});

test('.safetensors: data offsets — begin = end is an empty tensor, begin after end refused', () => {
  assert.deepEqual(header(one({ dtype: 'F32', shape: [0, 3], data_offsets: [0, 0] })).map((e) => e.shape), [[0, 3]]);
  refuse(() => header(one({ dtype: 'U8', shape: [0], data_offsets: [1, 0] }, new Uint8Array(1))), /tensor #1 of the header has data_offsets with begin after end/, AGAIN);
});

test('.safetensors: data offsets ending exactly at the end of the data are read; one byte past is refused', () => {
  const t = readSafetensors(one({ dtype: 'F32', shape: [2], data_offsets: [0, 8] }, f32(1.5, -2)), undefined, 'x.safetensors');
  assert.deepEqual(Array.from(t.data), [1.5, -2]);
  assert.deepEqual(t.shape, [2]);
  assert.equal(t.dtype, 'float32');
  refuse(() => header(one({ dtype: 'F32', shape: [2], data_offsets: [0, 8] }, f32(1.5))), /tensor #1 of the header has data_offsets past the end of the data \(4 bytes\)/, AGAIN);
  refuse(() => header(one({ dtype: 'U8', shape: [2], data_offsets: [1, 3] }, new Uint8Array(2))), /past the end of the data \(2 bytes\)/);
});

test('.safetensors: the span must equal shape × item size exactly', () => {
  refuse(() => header(one({ dtype: 'F32', shape: [2], data_offsets: [0, 7] }, new Uint8Array(9))), /tensor #1 of the header has a shape and dtype that need 8 bytes but its data_offsets span 7/, AGAIN);
  refuse(() => header(one({ dtype: 'F32', shape: [2], data_offsets: [0, 9] }, new Uint8Array(9))), /need 8 bytes but its data_offsets span 9/);
  refuse(() => header(one({ dtype: 'F64', shape: [3, 2], data_offsets: [0, 47] }, new Uint8Array(48))), /need 48 bytes but its data_offsets span 47/);
  assert.equal(header(one({ dtype: 'F64', shape: [3, 2], data_offsets: [0, 48] }, new Uint8Array(48))).length, 1);
  assert.equal(header(one({ dtype: 'I16', shape: [], data_offsets: [0, 2] }, new Uint8Array(2))).length, 1, 'a scalar holds one value');
});

test('.safetensors: at most 2^31 − 1 elements per tensor (checked from the header, nothing allocated)', () => {
  const big = (n: number): Uint8Array => one({ dtype: 'U8', shape: [n], data_offsets: [0, n] });
  const limit = 2 ** 31 - 1;
  const atLimit = big(limit);
  assert.deepEqual(readSafetensorsHeader(atLimit, 'x.safetensors', atLimit.length + limit).map((e) => e.shape), [[limit]]);
  const past = big(limit + 1);
  assert.throws(() => readSafetensorsHeader(past, 'x.safetensors', past.length + limit + 1), (e: unknown) => e instanceof LossDebuggerError &&
    e.code === 'unsupported' && e.where.file === 'x.safetensors' && e.hint === 'split it into smaller tensors' &&
    e.detail === '.safetensors: tensor #1 of the header has shape (2147483648,), more than the 2147483647 elements an array can hold');
});

test('.safetensors: overlapping data offsets are refused (in any header order); touching ones are not', () => {
  const two = (a: [number, number], b: [number, number]): Uint8Array => st({ a: { dtype: 'U8', shape: [a[1] - a[0]], data_offsets: a }, b: { dtype: 'U8', shape: [b[1] - b[0]], data_offsets: b } }, new Uint8Array(8));
  assert.equal(header(two([0, 4], [4, 8])).length, 2);
  assert.equal(header(two([4, 8], [0, 4])).length, 2);
  refuse(() => header(two([0, 4], [3, 8])), /tensors #1 and #2 of the header have overlapping data_offsets/, AGAIN);
  refuse(() => header(two([3, 8], [0, 4])), /tensors #2 and #1 of the header have overlapping data_offsets/, AGAIN);
  const three = st({ a: { dtype: 'U8', shape: [2], data_offsets: [0, 2] }, b: { dtype: 'U8', shape: [2], data_offsets: [6, 8] }, c: { dtype: 'U8', shape: [5], data_offsets: [1, 6] } }, new Uint8Array(8));
  refuse(() => header(three), /tensors #1 and #3 of the header have overlapping/);
});

test('.safetensors: reading one tensor — by name, the only one, or a clear error listing the names', () => {
  const bytes = st({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, f32(7, 8, 9));
  assert.deepEqual(Array.from(readSafetensors(bytes, 'b', 'x.safetensors').data), [8, 9]);
  assert.deepEqual(Array.from(readSafetensors(bytes, 'a', 'x.safetensors').data), [7]);
  refuse(() => readSafetensors(bytes, undefined, 'x.safetensors'), /^the \.safetensors file holds 2 tensors; say which one with "name"$/, /^tensors in the file: a, b$/, 'structure');
  refuse(() => readSafetensors(st('{}'), undefined, 'x.safetensors'), /holds 0 tensors/, /^the file holds no tensors$/, 'structure');
  refuse(() => readSafetensors(st('{}'), 'a', 'x.safetensors'), /^no tensor named 'a' in the \.safetensors file$/, /^the file holds no tensors$/, 'structure');
  refuse(() => readSafetensors(bytes, 'bb', 'x.safetensors'), /^no tensor named 'bb' in the \.safetensors file \(did you mean 'b'\?\)$/, /^tensors in the file: a, b$/, 'structure');
  refuse(() => readSafetensors(bytes, 'zzzzzz', 'x.safetensors'), /^no tensor named 'zzzzzz' in the \.safetensors file$/, /^tensors in the file: a, b$/, 'structure');
  const names = Array.from({ length: 13 }, (_, i) => `t${String(i).padStart(2, '0')}`);
  const many = st(Object.fromEntries(names.map((n, i) => [n, { dtype: 'U8', shape: [1], data_offsets: [i, i + 1] }])), new Uint8Array(13));
  refuse(() => readSafetensors(many, undefined, 'x.safetensors'), /holds 13 tensors/, /^tensors in the file: t00, t01, t02, t03, t04, t05, t06, t07, t08, t09, t10, t11, \.\.\. \(13 in all\)$/, 'structure');
  const twelve = st(Object.fromEntries(names.slice(0, 12).map((n, i) => [n, { dtype: 'U8', shape: [1], data_offsets: [i, i + 1] }])), new Uint8Array(12));
  refuse(() => readSafetensors(twelve, undefined, 'x.safetensors'), /holds 12 tensors/, /^tensors in the file: t00, t01, t02, t03, t04, t05, t06, t07, t08, t09, t10, t11$/, 'structure');
});
