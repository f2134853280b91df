/**
 * A `.npy` file read in chunks of whole rows, for inputs too large to hold (streamed `inspect`): the
 * header is read and checked as for a whole file (against the file's real size), then rows are read
 * on demand with positioned reads into one reusable buffer. Same file policy as `readFileChecked`:
 * opened non-blocking, a regular file checked on the descriptor.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { LossDebuggerError } from '../errors';
import type { Data, DType } from '../engine/tensor';
import { DEFAULT_CHUNK_BYTES, type LossCase } from '../shapes/index';
import { ITEM_SIZE, decodeLE } from './binary';
import type { CaseOptions } from './case-context';
import { readNpyHeader } from './npy';

export { DEFAULT_CHUNK_BYTES };

export class NpyRows {
  readonly shape: number[];
  readonly dtype: DType;
  /** Rows (dim 0) and values per row (the product of the other dimensions). */
  readonly rows: number;
  readonly rowValues: number;
  readonly rowBytes: number;
  /** Bytes per value. */
  readonly itemBytes: number;
  private readonly dataOffset: number;
  private fd: number | undefined;

  constructor(readonly file: string) {
    const abs = resolve(file);
    let fd: number;
    try {
      fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new LossDebuggerError('file', code === 'ENOENT' ? `.npy file not found: ${abs}` : `cannot read .npy file ${abs} (${code ?? 'I/O error'})`, { file });
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) throw new LossDebuggerError('file', `.npy file ${abs} is not a regular file`, { file }, 'save the data to a file first');
      const head = new Uint8Array(Math.min(st.size, 12));
      readSync(fd, head, 0, head.length, 0);
      let headerBytes = head.length;
      if (head.length >= 10 && head[6] === 1) headerBytes = 10 + (head[8] | (head[9] << 8));
      else if (head.length >= 12 && (head[6] === 2 || head[6] === 3)) headerBytes = 12 + (head[8] | (head[9] << 8) | (head[10] << 16)) + head[11] * 16777216;
      const bytes = new Uint8Array(Math.min(headerBytes, st.size, 1 << 20));
      readSync(fd, bytes, 0, bytes.length, 0);
      const h = readNpyHeader(bytes, file, st.size);
      this.shape = h.shape;
      this.dtype = h.dtype;
      this.dataOffset = h.dataOffset;
      this.rows = h.shape.length ? h.shape[0] : 1;
      this.rowValues = h.shape.slice(1).reduce((a, b) => a * b, 1);
      this.itemBytes = ITEM_SIZE[h.dtype];
      this.rowBytes = this.rowValues * this.itemBytes;
      this.fd = fd;
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  /** Rows r0 … r0 + n − 1 as numbers (float32 stays Float32Array; other dtypes as for `readNpy`). */
  readRows(r0: number, n: number): Data {
    if (!(r0 >= 0 && n >= 0 && r0 + n <= this.rows)) throw new RangeError(`rows ${r0}..${r0 + n} outside 0..${this.rows}`);
    return this.readValues(r0 * this.rowValues, n * this.rowValues);
  }

  /** Values start … start + count − 1 in C order (any stretch, not only whole rows). */
  readValues(start: number, count: number): Data {
    if (this.fd === undefined) throw new Error('NpyRows: closed');
    if (!(start >= 0 && count >= 0 && start + count <= this.rows * this.rowValues)) throw new RangeError(`values ${start}..${start + count} outside 0..${this.rows * this.rowValues}`);
    const bytes = new Uint8Array(count * this.itemBytes);
    let got = 0;
    while (got < bytes.length) {
      const k = readSync(this.fd, bytes, got, bytes.length - got, this.dataOffset + start * this.itemBytes + got);
      if (k === 0) throw new LossDebuggerError('file', `.npy file ${this.file} ended early (it changed while being read?)`, { file: this.file });
      got += k;
    }
    return decodeLE(bytes, 0, count, this.dtype);
  }

  /** Every row in order, in chunks of about `chunkBytes` of file (whole rows, at least one). */
  forEachChunk(f: (r0: number, chunk: Data) => void, chunkBytes = DEFAULT_CHUNK_BYTES): void {
    const per = Math.max(1, Math.floor(chunkBytes / Math.max(1, this.rowBytes)));
    for (let r0 = 0; r0 < this.rows; r0 += per) f(r0, this.readRows(r0, Math.min(per, this.rows - r0)));
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/**
 * A case loaded with its input `.npy` left on disk (`reader`, and that file's `size`) when `force` or
 * when the file is larger than `maxFileBytes`; `load` parses the case with the given `deferInput`
 * hook (from a file, or from an editor's text). The reader is closed if loading fails.
 */
export function loadDeferred(load: (deferInput: NonNullable<CaseOptions['deferInput']>) => LossCase, maxFileBytes: number, force: boolean): { c: LossCase; reader?: NpyRows; size: number } {
  let reader: NpyRows | undefined;
  let size = 0;
  try {
    const c = load((file) => {
      try { size = statSync(file).size; } catch { return undefined; }
      if (!force && size <= maxFileBytes) return undefined;
      reader = new NpyRows(file);
      return { shape: reader.shape, dtype: reader.dtype };
    });
    return reader ? { c, reader, size } : { c, size };
  } catch (e) {
    reader?.close();
    throw e;
  }
}
