/** Listing the tensors of a `.safetensors` file (for pickers and error messages): reads only the header. */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { LossDebuggerError } from '../errors';
import type { DType } from '../engine/tensor';
import { readFileChecked } from './files';
import { readSafetensorsHeader } from './safetensors';

/** Name, dtype and shape of every tensor in a `.safetensors` file, in data order. */
export function listSafetensors(path: string): { name: string; dtype: DType; shape: number[] }[] {
  let fd: number;
  try {
    fd = openSync(resolve(path), 'r');
  } catch {
    readFileChecked(path, 0, '.safetensors file'); // throws the right 'not found' / permission error
    throw new LossDebuggerError('file', `cannot open ${resolve(path)}`, { file: path });
  }
  try {
    const size = fstatSync(fd).size;
    const head = new Uint8Array(8);
    const got = readSync(fd, head, 0, 8, 0);
    let bytes = head.subarray(0, got);
    if (got === 8) {
      const len = new DataView(head.buffer).getUint32(0, true) + new DataView(head.buffer).getUint32(4, true) * 4294967296;
      if (len <= size - 8 && len <= 100 * 1024 * 1024) {
        bytes = new Uint8Array(8 + len);
        readSync(fd, bytes, 0, 8 + len, 0);
      }
    }
    return readSafetensorsHeader(bytes, path, size)
      .sort((a, b) => a.begin - b.begin)
      .map((e) => ({ name: e.name, dtype: e.dtype, shape: e.shape }));
  } finally {
    closeSync(fd);
  }
}
