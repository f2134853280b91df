/** Writers for the benchmark's data files: .npy (v1.0) and .safetensors, little-endian. */
import { writeFileSync } from 'node:fs';

type Arr = Float32Array | Float64Array | Int32Array | BigInt64Array;

function descr(a: Arr): { npy: string; st: string } {
  if (a instanceof Float32Array) return { npy: '<f4', st: 'F32' };
  if (a instanceof Float64Array) return { npy: '<f8', st: 'F64' };
  if (a instanceof Int32Array) return { npy: '<i4', st: 'I32' };
  return { npy: '<i8', st: 'I64' };
}

function bytesOf(a: Arr): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

export function writeNpy(path: string, a: Arr, shape: readonly number[]): void {
  const shp = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr(a).npy}', 'fortran_order': False, 'shape': ${shp}, }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const pre = new Uint8Array(10);
  pre.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(pre.buffer).setUint16(8, header.length, true);
  const h = new TextEncoder().encode(header);
  const out = new Uint8Array(10 + h.length + a.byteLength);
  out.set(pre, 0);
  out.set(h, 10);
  out.set(bytesOf(a), 10 + h.length);
  writeFileSync(path, out);
}

export function writeSafetensors(path: string, name: string, a: Arr, shape: readonly number[]): void {
  let json = JSON.stringify({ [name]: { dtype: descr(a).st, shape, data_offsets: [0, a.byteLength] } });
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const h = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + h.length + a.byteLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(bytesOf(a), 8 + h.length);
  writeFileSync(path, out);
}
