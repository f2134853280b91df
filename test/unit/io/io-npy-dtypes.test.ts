/**
 * .npy dtypes by their descr: every supported type code under every byte-order mark (big-endian only
 * refused for multi-byte types), and unsupported ones named by NumPy's name, or by kind from the type
 * code's first letter only (string/bytes, datetime), else quoted as written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LossDebuggerError } from '../../../src/errors';
import { readNpy } from '../../../src/io/npy';

function npy(descr: string, shape: number[], data: Uint8Array): Uint8Array {
  let h = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  h += ' '.repeat((64 - ((10 + h.length + 1) % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + h.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, h.length & 0xff, h.length >> 8]);
  for (let i = 0; i < h.length; i++) out[10 + i] = h.charCodeAt(i);
  out.set(data, 10 + h.length);
  return out;
}

function refusal(f: () => unknown): [string, string, string | undefined] {
  try { f(); } catch (e) { assert.ok(e instanceof LossDebuggerError); return [e.code, e.detail, e.hint]; }
  assert.fail('no error');
}

test('every supported type code under <, =, | and > (big-endian refused only for multi-byte types)', () => {
  const codes: Array<[string, string, number]> = [
    ['f2', 'float16', 2], ['f4', 'float32', 4], ['f8', 'float64', 8], ['i1', 'int8', 1], ['i2', 'int16', 2], ['i4', 'int32', 4], ['i8', 'int64', 8], ['u1', 'uint8', 1], ['b1', 'bool', 1],
  ];
  for (const [code, dtype, size] of codes) {
    for (const order of ['<', '=', '|', '>']) {
      const bytes = npy(`${order}${code}`, [2], new Uint8Array(2 * size));
      if (order === '>' && size > 1) {
        assert.deepEqual(refusal(() => readNpy(bytes, 'x.npy')), ['unsupported', `.npy array is big-endian ('>${code}')`, "convert it with array.astype(array.dtype.newbyteorder('<'))"]);
      } else {
        const t = readNpy(bytes, 'x.npy');
        assert.deepEqual([t.dtype, t.shape, Array.from(t.data)], [dtype, [2], [0, 0]], `${order}${code}`);
      }
    }
  }
});

test('unsupported dtypes: NumPy names, kinds from the first letter of the type code only, else as written', () => {
  const CONVERT = 'supported: float16/32/64, int8/16/32/64, uint8, bool; convert with array.astype(numpy.float32) or .astype(numpy.int64)';
  const named: Array<[string, string]> = [
    ['<u2', 'uint16'], ['<u4', 'uint32'], ['<u8', 'uint64'], ['<c8', 'complex64'], ['<c16', 'complex128'], ['<f16', 'float128'], ['|O', 'object'],
    ['|S5', 'string/bytes'], ['<U3', 'string/bytes'], ['|a4', 'string/bytes'], ['|V8', 'string/bytes'], ['<M8', 'datetime'], ['<m8', 'datetime'],
    ['<M8[ns]', 'datetime'], ['<m8[D]', 'datetime'],
    // the kind letters elsewhere than first say nothing: quoted as written
    ['<xa', '<xa'], ['<xS', '<xS'], ['<xU', '<xU'], ['<xV', '<xV'], ['<xm', '<xm'], ['<xM', '<xM'], ['<f4a', '<f4a'], ['<i8m', '<i8m'], ['<q', '<q'], ['<f3', '<f3'],
  ];
  for (const [descr, name] of named) {
    assert.deepEqual(refusal(() => readNpy(npy(descr, [1], new Uint8Array(16)), 'x.npy')), ['unsupported', `.npy dtype '${descr}' (${name}) is not supported`, CONVERT], descr);
  }
});
