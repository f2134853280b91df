/**
 * Parser boundaries: the exact edges of the `.npy` preamble and data, `{shape, data}` value
 * counts on both sides, and dtype inference from literals that are not integers (NaN, ±Infinity).
 * Each case sits exactly on an edge, so an off-by-one in the comparison fails it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LossDebuggerError } from '../../../src/errors';
import { caseFromObject, parseCase, readNpy, readNpyHeader } from '../../../src/io';

function refuse(f: () => unknown, re: RegExp): void {
  assert.throws(f, (e: unknown) => e instanceof LossDebuggerError && re.test(e.message), `expected an error matching ${re}`);
}

/** A .npy file: signature, version, header length (2 bytes for 1.0, 4 for 2.0), header, data. */
function npy(header: string, data: Uint8Array = new Uint8Array(0), major = 1, headerLen?: number): Uint8Array {
  const pre = major === 1 ? 10 : 12;
  const hb = new TextEncoder().encode(header);
  headerLen ??= hb.length;
  const out = new Uint8Array(pre + hb.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  out[8] = headerLen & 0xff;
  out[9] = (headerLen >> 8) & 0xff;
  if (major !== 1) { out[10] = (headerLen >> 16) & 0xff; out[11] = (headerLen >>> 24) & 0xff; }
  out.set(hb, pre);
  out.set(data, pre + hb.length);
  return out;
}
const EMPTY = "{'descr': '<f4', 'fortran_order': False, 'shape': (0,), }";
const TWO_F4 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
const f4 = (...v: number[]): Uint8Array => new Uint8Array(Float32Array.from(v).buffer);

test('.npy: a header that ends exactly at the end of the file is read (empty array)', () => {
  for (const major of [1, 2]) {
    const bytes = npy(EMPTY, undefined, major);
    const h = readNpyHeader(bytes);
    assert.equal(h.dataOffset, bytes.length);
    const t = readNpy(bytes);
    assert.deepEqual(t.shape, [0]);
    assert.equal(t.data.length, 0);
  }
});

test('.npy: a header length one byte past the end of the file is refused', () => {
  for (const major of [1, 2]) refuse(() => readNpy(npy(EMPTY, undefined, major, EMPTY.length + 1)), /header length runs past the end of the file/);
});

test('.npy: the preamble is exactly 10 bytes (1.0) or 12 bytes (2.0); one byte less is refused', () => {
  // a complete preamble with an empty header reaches the header parser
  refuse(() => readNpy(npy('')), /bad \.npy header/);
  refuse(() => readNpy(npy('', undefined, 2)), /bad \.npy header/);
  // one byte short of the preamble
  refuse(() => readNpy(npy('').subarray(0, 9)), /not a \.npy file/);
  refuse(() => readNpy(npy('', undefined, 2).subarray(0, 11)), /the header length is cut off/);
});

test('.npy: data exactly the size the header promises; one byte less or more is refused', () => {
  assert.deepEqual(Array.from(readNpy(npy(TWO_F4, f4(1.5, -2))).data), [1.5, -2]);
  refuse(() => readNpy(npy(TWO_F4, f4(1.5, -2).subarray(0, 7))), /8 bytes of data\) but the file has only 7 bytes/);
  refuse(() => readNpy(npy(TWO_F4, Uint8Array.of(...f4(1.5, -2), 0))), /has 1 bytes more than/);
});

test('{shape, data}: one value too many or too few is refused, from JSON and from objects', () => {
  const json = (data: string): string => `{"loss": "MSELoss", "input": {"shape": [2, 2], "data": ${data}}, "target": [[1, 2], [3, 4]]}`;
  assert.equal(parseCase(json('[1, 2, 3, 4]')).input.data.length, 4);
  refuse(() => parseCase(json('[1, 2, 3, 4, 5]'), { file: 'c.json' }), /input: shape \(2, 2\) holds 4 values but "data" has 5/);
  refuse(() => parseCase(json('[1, 2, 3]')), /holds 4 values but "data" has 3/);
  const obj = (data: number[]): object => ({ loss: 'MSELoss', input: { shape: [2, 2], data }, target: [[1, 2], [3, 4]] });
  assert.equal(caseFromObject(obj([1, 2, 3, 4])).input.data.length, 4);
  refuse(() => caseFromObject(obj([1, 2, 3, 4, 5])), /holds 4 values but "data" has 5/);
  refuse(() => caseFromObject(obj([1, 2, 3])), /holds 4 values but "data" has 3/);
  refuse(() => parseCase('{"loss": "MSELoss", "input": {"shape": [], "data": [1, 2]}, "target": 1}'), /shape \(\) holds 1 value but "data" has 2/);
});

test('inferred dtype: [1, 2, NaN] and [1, 2, Infinity] are float, [1, 2, 3] is int', () => {
  for (const lit of ['NaN', 'Infinity', '-Infinity']) {
    const nested = parseCase(`{"loss": "MSELoss", "input": [0.5, 0.5, 0.5], "target": [1, 2, ${lit}]}`);
    assert.equal(nested.target.dtype, 'float64', `nested [1, 2, ${lit}]`);
    const flat = parseCase(`{"loss": "MSELoss", "input": [0.5, 0.5, 0.5], "target": {"shape": [3], "data": [1, 2, ${lit}]}}`);
    assert.equal(flat.target.dtype, 'float64', `{shape, data} [1, 2, ${lit}]`);
  }
  assert.ok(Number.isNaN(parseCase('{"loss": "MSELoss", "input": [0.5, 0.5, 0.5], "target": [1, 2, NaN]}').target.data[2]));
  for (const v of [NaN, Infinity]) {
    assert.equal(caseFromObject({ loss: 'MSELoss', input: [0.5, 0.5, 0.5], target: [1, 2, v] }).target.dtype, 'float64', `object [1, 2, ${v}]`);
    assert.equal(caseFromObject({ loss: 'MSELoss', input: [0.5, 0.5, 0.5], target: { shape: [3], data: [1, 2, v] } }).target.dtype, 'float64');
  }
  // the control: whole numbers infer an integer dtype, so the cases above test the non-integer literal
  assert.equal(parseCase('{"loss": "CrossEntropyLoss", "input": [[0.5, 0.5, 0.5]], "target": [1]}').target.dtype, 'int64');
  assert.equal(caseFromObject({ loss: 'CrossEntropyLoss', input: [[0.5, 0.5, 0.5]], target: [1] }).target.dtype, 'int64');
  assert.equal(parseCase('{"loss": "CrossEntropyLoss", "input": [[0.5, 0.5, 0.5]], "target": {"shape": [1], "data": [1]}}').target.dtype, 'int64');
});

test('.npy header: each malformation is refused with what is wrong and how to fix it', () => {
  const hinted = (bytes: Uint8Array, re: RegExp, hint: RegExp): void => {
    assert.throws(() => readNpy(bytes), (e: unknown) => e instanceof LossDebuggerError && re.test(e.message) && hint.test(e.hint ?? ''), `${re}`);
  };
  const sig = npy(TWO_F4, f4(1, 2));
  for (let b = 0; b < 6; b++) {
    const bad = sig.slice();
    bad[b] ^= 0x20;
    hinted(bad, /does not start with the \.npy signature/, /numpy\.save/);
  }
  hinted(new Uint8Array(0), /the file is empty/, /numpy\.save/);
  hinted(npy(EMPTY, undefined, 1, EMPTY.length + 1), /runs past the end/, /truncated or corrupt/);
  hinted(npy("{'descr': '<f4, }"), /unterminated string/, /numpy\.save/);
  hinted(npy(`{'descr': ${'['.repeat(25)}${']'.repeat(25)}}`), /nesting too deep/, /numpy\.save/);
  hinted(npy(`${TWO_F4} x`, f4(1, 2)), /unexpected text after the dictionary/, /numpy\.save/);
  hinted(npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", f4(1, 2)), /Fortran order/, /ascontiguousarray/);
  hinted(npy("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", f4(1, 2)), /big-endian/, /newbyteorder/);
  hinted(npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", f4(1, 2)), /structured/, /one field per file/);
  hinted(npy(TWO_F4, f4(1)), /has only 4 bytes/, /truncated or its header is wrong/);
  hinted(npy(TWO_F4, Uint8Array.of(...f4(1, 2), 0)), /bytes more than/, /corrupt/);
  for (const [descr, name] of [['<u8', 'uint64'], ['<c8', 'complex64'], ['<c16', 'complex128'], ['<f16', 'float128'], ['<U3', 'string/bytes'], ['<M8', 'datetime']]) {
    hinted(npy(`{'descr': '${descr}', 'fortran_order': False, 'shape': (1,), }`, new Uint8Array(16)), new RegExp(`'${descr}' \\(${name}\\) is not supported`), /./);
  }
});

test('.npy header: Python 2 long integers, 1-byte types in any byte order, 2.0 lengths past 16 MB, 3.0 UTF-8', () => {
  assert.deepEqual(readNpy(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2L,), }", f4(1, 2))).shape, [2]);
  for (const order of ['|', '>', '<', '=']) assert.deepEqual(Array.from(readNpy(npy(`{'descr': '${order}u1', 'fortran_order': False, 'shape': (2,), }`, Uint8Array.of(7, 9))).data), [7, 9]);
  const v2 = npy(TWO_F4, f4(1, 2), 2);
  v2[11] = 1; // header length + 2^24: past the end of the file
  refuse(() => readNpy(v2), /runs past the end of the file/);
  const utf8 = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'note': 'é', }", f4(1, 2), 3);
  assert.equal(readNpy(utf8).data.length, 2);
  const badUtf8 = npy(TWO_F4, f4(1, 2), 3);
  badUtf8[12 + 3] = 0xff;
  refuse(() => readNpy(badUtf8), /not valid text/);
});

test('.npy header: None values parse; errors give the character position and the file', () => {
  // numpy never writes None, but a header dict may carry extra keys; a None shape is "not a tuple"
  assert.deepEqual(Array.from(readNpy(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': None, }", f4(1, 2))).data), [1, 2]);
  const err = (bytes: Uint8Array): LossDebuggerError => {
    try { readNpy(bytes, 'a.npy'); } catch (e) { assert.ok(e instanceof LossDebuggerError); return e; }
    assert.fail('expected an error');
  };
  assert.match(err(npy("{'descr': '<f4', 'fortran_order': False, 'shape': None, }")).detail, /^bad \.npy header: 'shape' is missing or not a tuple$/);
  // `{'descr': '<f4' 'x'}`: the second string starts at character 17 where ',' or '}' was expected
  const e = err(npy("{'descr': '<f4' 'x'}"));
  assert.equal(e.detail, "bad .npy header: expected ',' or '}' at character 17 of the header");
  assert.equal(e.where.file, 'a.npy');
  assert.equal(err(npy("{'descr': '<f4', 'shape': (2,) ]")).detail, "bad .npy header: expected ',' or '}' at character 32 of the header");
  assert.equal(err(npy("{'descr' '<f4'}")).detail, "bad .npy header: expected ':' at character 10 of the header");
  assert.equal(err(npy("{1: '<f4'}")).detail, 'bad .npy header: dictionary key is not a string at character 4 of the header');
  assert.equal(err(npy("{'descr': @}")).detail, 'bad .npy header: unexpected token at character 11 of the header');
  assert.equal(err(npy(EMPTY, undefined, 1, EMPTY.length + 1)).where.file, 'a.npy');
  assert.equal(err(npy(TWO_F4, f4(1))).where.file, 'a.npy');
});

test('.npy: more than 2³¹ − 1 elements are refused even when the file holds their bytes', () => {
  // readNpyHeader checks against the whole file's size (a file read in chunks): a u1 array of
  // 2³¹ elements in a file of exactly that much data is still more than a typed array holds.
  const big = npy("{'descr': '|u1', 'fortran_order': False, 'shape': (2147483648,), }");
  assert.throws(() => readNpyHeader(big, 'big.npy', big.length + 2 ** 31), (e: unknown) => e instanceof LossDebuggerError &&
    e.code === 'unsupported' && e.where.file === 'big.npy' && e.hint === 'split it into smaller arrays' &&
    e.detail === '.npy header says shape (2147483648,) of uint8, more than the 2147483647 elements an array can hold');
  const most = npy("{'descr': '|u1', 'fortran_order': False, 'shape': (2147483647,), }");
  assert.deepEqual(readNpyHeader(most, 'most.npy', most.length + 2 ** 31 - 1).shape, [2 ** 31 - 1]);
});
