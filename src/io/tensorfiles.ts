/**
 * Tensor files opened directly: a bare `.npy` or `.safetensors` file as a tensor (`loadTensorFile`);
 * the tensors of a `.safetensors` file, listed from its header alone (for pickers and error messages).
 */
import { closeSync, readSync } from 'node:fs';
import { LossDebuggerError } from '../errors';
import type { DType, Tensor } from '../engine/tensor';
import { makeCtx } from './case-context';
import { openRegularFile, readFileChecked } from './files';
import { DEFAULT_MAX_FILE_BYTES } from './limits';
import { readNpy, readNpyHeader } from './npy';
import { readSafetensors, readSafetensorsHeader } from './safetensors';
import { preflight } from './tensor-forms';

/** Name, dtype and shape of every tensor in a `.safetensors` file, in data order. */
export function listSafetensors(path: string): { name: string; dtype: DType; shape: number[] }[] {
  const { fd, st } = openRegularFile(path, '.safetensors file');
  try {
    const size = st.size;
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

/** A bare `.npy` or `.safetensors` file as a tensor (when the user opens a tensor file directly). */
export function loadTensorFile(path: string, opts: { name?: string; maxFileBytes?: number; maxMemoryBytes?: number } = {}): Tensor {
  const bytes = readFileChecked(path, opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, 'tensor file');
  const ctx = makeCtx({ file: path, maxMemoryBytes: opts.maxMemoryBytes }, process.cwd());
  if (/\.safetensors$/i.test(path)) {
    for (const e of readSafetensorsHeader(bytes, path)) if (opts.name === undefined || e.name === opts.name) preflight(e.shape, e.dtype, '', ctx);
    return readSafetensors(bytes, opts.name, path);
  }
  if (/\.npy$/i.test(path) || (bytes.length >= 6 && bytes[0] === 0x93 && bytes[1] === 0x4e)) {
    const h = readNpyHeader(bytes, path);
    preflight(h.shape, h.dtype, '', ctx);
    return readNpy(bytes, path);
  }
  throw new LossDebuggerError('unsupported', 'not a tensor file: expected a .npy or .safetensors file', { file: path });
}
