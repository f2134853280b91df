/**
 * `.safetensors` reader: an 8-byte little-endian header length, a JSON header
 * `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}`, then the data.
 * Every offset is checked against the real file size before anything is decoded.
 */
import { LossDebuggerError } from '../errors';
import { type DType, type Tensor, shapeStr } from '../engine/tensor';
import { ITEM_SIZE, MAX_ELEMENTS, decodeLE } from './binary';
import { didYouMean } from '../didyoumean';
import { quoteUserText } from './limits';
import { JsonParser, type JsonValue } from './json';

const DTYPE: Record<string, DType> = {
  F16: 'float16', BF16: 'bfloat16', F32: 'float32', F64: 'float64',
  I8: 'int8', I16: 'int16', I32: 'int32', I64: 'int64', U8: 'uint8', BOOL: 'bool',
};

export interface SafetensorsEntry {
  name: string;
  dtype: DType;
  shape: number[];
  /** Absolute byte range of the data in the file. */
  begin: number;
  end: number;
  /** 1-based position in the header (messages name a tensor of a bad header by position). */
  index: number;
}

/** Header length is capped (the format's own readers use 100 MB). */
const MAX_HEADER = 100 * 1024 * 1024;

function fmt(file: string | undefined, detail: string, hint?: string, path?: string): LossDebuggerError {
  return new LossDebuggerError('format', detail, { file, path }, hint);
}

/** The byte offset of a 1-based line and column (columns count characters, as the JSON parser's do). */
function byteAt(b: Uint8Array, line: number, column: number): number {
  let p = 0;
  for (let l = 1; l < line && p < b.length; p++) if (b[p] === 0x0a) l++;
  for (let c = 1; c < column && p < b.length; c++) {
    p++;
    while (p < b.length && (b[p] & 0xc0) === 0x80) p++;
  }
  return p;
}

/**
 * Parses and checks the header of a `.safetensors` file (entries in header order). `bytes` may be
 * just the start of the file (at least the header) when `fileSize` gives the real size.
 */
export function readSafetensorsHeader(bytes: Uint8Array, file?: string, fileSize: number = bytes.length): SafetensorsEntry[] {
  const n = fileSize;
  const again = 'the file is truncated or corrupt; write it again with safetensors.torch.save_file';
  if (n < 8) throw fmt(file, `not a .safetensors file: only ${n} bytes, too short for the 8-byte header length`, again);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, 8);
  const lo = dv.getUint32(0, true);
  const hi = dv.getUint32(4, true);
  const headerLen = hi * 4294967296 + lo;
  if (headerLen > n - 8) {
    throw fmt(file, `not a .safetensors file: its 8-byte header length runs past the end of the file (${n - 8} bytes follow the length field)`,
      bytes[0] === 0x7b ? 'this looks like a JSON file, not a .safetensors file' : again);
  }
  if (headerLen > MAX_HEADER) throw fmt(file, `not a .safetensors file: its header length is larger than the ${MAX_HEADER}-byte limit`);
  if (8 + headerLen > bytes.length) throw fmt(file, `.safetensors header of ${headerLen} bytes was not read completely`);
  if (headerLen < 2 || bytes[8] !== 0x7b) {
    throw fmt(file, 'not a .safetensors file: the header does not start with \'{\'', again);
  }
  let header: JsonValue;
  try {
    header = new JsonParser(bytes.subarray(8, 8 + headerLen), file).parseDocument({ spanDepth: -1 }).value as JsonValue;
  } catch (e) {
    if (e instanceof LossDebuggerError) throw fmt(file, `bad .safetensors header: not valid JSON${e.where.column !== undefined ? ` (byte ${8 + byteAt(bytes.subarray(8, 8 + headerLen), e.where.line ?? 1, e.where.column)} of the file)` : ''}`, again);
    throw e;
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw fmt(file, 'bad .safetensors header: not a JSON object', again);
  const dataStart = 8 + headerLen;
  const dataLen = n - dataStart;
  const entries: SafetensorsEntry[] = [];
  let index = 0;
  for (const [name, v] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    // Named by position: a header that fails its checks is not quoted back.
    const label = `tensor #${++index} of the header`;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw fmt(file, `bad .safetensors header: ${label} is not an object`, again);
    const dt = v.dtype;
    const shapeV = v.shape;
    const off = v.data_offsets;
    if (typeof dt !== 'string') throw fmt(file, `bad .safetensors header: ${label} has no dtype`, again);
    const dtype = DTYPE[dt];
    if (dtype === undefined) {
      throw new LossDebuggerError('unsupported', `.safetensors tensor '${quoteUserText(name)}' has dtype ${quoteUserText(dt, 16)}, which is not supported`, { file },
        'supported: F16, BF16, F32, F64, I8, I16, I32, I64, U8, BOOL; convert the tensor before saving (e.g. tensor.float())');
    }
    if (!Array.isArray(shapeV)) throw fmt(file, `bad .safetensors header: ${label} has no shape`, again);
    const shape: number[] = [];
    let count = 1;
    for (const d of shapeV) {
      if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
        throw fmt(file, `bad .safetensors header: ${label} has a dimension that is not a non-negative integer`, again);
      }
      shape.push(d);
      count *= d;
    }
    if (!Array.isArray(off) || off.length !== 2 || !off.every((x) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0)) {
      throw fmt(file, `bad .safetensors header: ${label} needs data_offsets [begin, end] of non-negative integers`, again);
    }
    const [b, e] = off as number[];
    if (b > e) throw fmt(file, `bad .safetensors header: ${label} has data_offsets with begin after end`, again);
    if (e > dataLen) {
      throw fmt(file, `bad .safetensors file: ${label} has data_offsets past the end of the data (${dataLen} bytes)`, again);
    }
    if (count > MAX_ELEMENTS) {
      throw new LossDebuggerError('unsupported', `.safetensors: ${label} has shape ${shapeStr(shape)}, more than the ${MAX_ELEMENTS} elements an array can hold`, { file }, 'split it into smaller tensors');
    }
    const need = count * ITEM_SIZE[dtype];
    if (e - b !== need) {
      throw fmt(file, `bad .safetensors file: ${label} has a shape and dtype that need ${need} bytes but its data_offsets span ${e - b}`, again);
    }
    entries.push({ name, dtype, shape, begin: dataStart + b, end: dataStart + e, index });
  }
  // by begin, then end: an empty tensor [b, b] sorts before one that starts at b (they do not overlap)
  const sorted = [...entries].sort((x, y) => x.begin - y.begin || x.end - y.end);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].begin < sorted[i - 1].end) {
      throw fmt(file, `bad .safetensors file: tensors #${sorted[i - 1].index} and #${sorted[i].index} of the header have overlapping data_offsets`, again);
    }
  }
  return entries;
}

/**
 * One tensor of a `.safetensors` file. Without a name the file must hold exactly one tensor.
 * A missing name lists the names that exist, with a did-you-mean.
 */
export function readSafetensors(bytes: Uint8Array, name: string | undefined, file?: string): Tensor {
  const entries = readSafetensorsHeader(bytes, file);
  const names = entries.map((e) => e.name);
  const shown = names.map((n) => quoteUserText(n));
  const list = names.length > 12 ? `${shown.slice(0, 12).join(', ')}, ... (${names.length} in all)` : shown.join(', ');
  let entry: SafetensorsEntry | undefined;
  if (name === undefined) {
    if (entries.length !== 1) {
      throw new LossDebuggerError('structure', `the .safetensors file holds ${entries.length} tensors; say which one with "name"`, { file },
        entries.length ? `tensors in the file: ${list}` : 'the file holds no tensors');
    }
    entry = entries[0];
  } else {
    entry = entries.find((e) => e.name === name);
    if (!entry) {
      const s = didYouMean(name, names);
      throw new LossDebuggerError('structure', `no tensor named '${quoteUserText(name)}' in the .safetensors file${s ? ` (did you mean '${quoteUserText(s)}'?)` : ''}`, { file },
        entries.length ? `tensors in the file: ${list}` : 'the file holds no tensors');
    }
  }
  const count = (entry.end - entry.begin) / ITEM_SIZE[entry.dtype];
  return { shape: entry.shape, data: decodeLE(bytes, entry.begin, count, entry.dtype), dtype: entry.dtype };
}
