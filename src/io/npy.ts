/**
 * NumPy `.npy` reader (format versions 1.0, 2.0 and 3.0). Little-endian, C-order arrays of
 * float16/32/64, int8..int64, uint8 and bool. Everything is checked against the real byte count
 * before anything is allocated.
 */
import { LossDebuggerError } from '../errors';
import { type DType, type Tensor, shapeStr } from '../engine/tensor';
import { ITEM_SIZE, MAX_ELEMENTS, decodeLE } from './binary';
import { quoteUserText } from './limits';

const DESCR: Record<string, DType> = {
  f2: 'float16', f4: 'float32', f8: 'float64', i1: 'int8', i2: 'int16', i4: 'int32', i8: 'int64', u1: 'uint8', b1: 'bool',
};

const NUMPY_NAMES: Record<string, string> = {
  u2: 'uint16', u4: 'uint32', u8: 'uint64', c8: 'complex64', c16: 'complex128', f16: 'float128', O: 'object',
};

export interface NpyHeader {
  dtype: DType;
  shape: number[];
  dataOffset: number;
}

/** The hint of a header that numpy.save would never write. */
const REWRITE = 'the file is not a valid .npy file; write it again with numpy.save';

function fmt(file: string | undefined, detail: string, hint: string = REWRITE): LossDebuggerError {
  return new LossDebuggerError('format', detail, { file }, hint);
}

function unsupported(file: string | undefined, detail: string, hint?: string): LossDebuggerError {
  return new LossDebuggerError('unsupported', detail, { file }, hint);
}

type PyVal = string | boolean | number | PyVal[] | null | { [k: string]: PyVal };

/** A tiny parser for the Python literal dict in the header. */
function parsePyLiteral(text: string, file: string | undefined): PyVal {
  let i = 0;
  const bad = (what: string): LossDebuggerError => fmt(file, `bad .npy header: ${what} at character ${i + 1} of the header`);
  const ws = (): void => { while (i < text.length && /\s/.test(text[i])) i++; };
  // explicit stack: values nest only a few levels in real headers, but a hostile one could nest deeply
  const value = (depth: number): PyVal => {
    if (depth > 20) throw bad('nesting too deep');
    ws();
    const c = text[i];
    if (c === "'" || c === '"') {
      const q = c;
      const j = text.indexOf(q, i + 1);
      if (j < 0) throw bad('unterminated string');
      const s = text.slice(i + 1, j);
      i = j + 1;
      return s;
    }
    if (c === '{' || c === '(' || c === '[') {
      const close = c === '{' ? '}' : c === '(' ? ')' : ']';
      i++;
      const items: PyVal[] = [];
      const obj: { [k: string]: PyVal } = {};
      for (;;) {
        ws();
        if (text[i] === close) { i++; break; }
        const v = value(depth + 1);
        if (c === '{') {
          ws();
          if (text[i] !== ':') throw bad("expected ':'");
          i++;
          if (typeof v !== 'string') throw bad('dictionary key is not a string');
          obj[v] = value(depth + 1);
        } else {
          items.push(v);
        }
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === close) { i++; break; }
        throw bad(`expected ',' or '${close}'`);
      }
      return c === '{' ? obj : items;
    }
    const m = /^(True|False|None|-?\d+L?)/.exec(text.slice(i, i + 40));
    if (!m) throw bad('unexpected token');
    i += m[0].length;
    if (m[0] === 'True') return true;
    if (m[0] === 'False') return false;
    if (m[0] === 'None') return null;
    return Number(m[0].replace('L', ''));
  };
  const v = value(0);
  ws();
  if (i < text.length) throw bad('unexpected text after the dictionary');
  return v;
}

/**
 * Reads and checks the header; does not touch the data. `fileSize`: the whole file's size when
 * `bytes` holds only its beginning (a file read in chunks, `npy-rows.ts`).
 */
export function readNpyHeader(bytes: Uint8Array, file?: string, fileSize: number = bytes.length): NpyHeader {
  const n = bytes.length;
  if (n < 10 || bytes[0] !== 0x93 || bytes[1] !== 0x4e || bytes[2] !== 0x55 || bytes[3] !== 0x4d || bytes[4] !== 0x50 || bytes[5] !== 0x59) {
    throw fmt(file, n === 0 ? 'not a .npy file: the file is empty' : 'not a .npy file: it does not start with the .npy signature (\\x93NUMPY)',
      'write the array with numpy.save(path, array)');
  }
  const major = bytes[6];
  let headerLen: number;
  let headerStart: number;
  if (major === 1) {
    headerLen = bytes[8] | (bytes[9] << 8);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (n < 12) throw fmt(file, 'truncated .npy file: the header length is cut off', 'the file is truncated; write it again with numpy.save');
    headerLen = (bytes[8] | (bytes[9] << 8) | (bytes[10] << 16)) + bytes[11] * 16777216;
    headerStart = 12;
  } else {
    throw unsupported(file, `.npy format version ${major}.${bytes[7]} is not supported (1.0, 2.0 and 3.0 are)`);
  }
  if (headerStart + headerLen > fileSize) {
    throw fmt(file, `.npy header length runs past the end of the file (${fileSize - headerStart} bytes follow the signature)`,
      'the file is truncated or corrupt; write it again with numpy.save');
  }
  // only the start of the file was read (a file read in chunks) and the header is longer than that
  if (headerStart + headerLen > n) {
    throw fmt(file, `.npy header of ${headerLen} bytes is longer than the ${n - headerStart} bytes read for it`,
      'numpy.save writes headers of a few hundred bytes; write the file again with numpy.save');
  }
  let text: string;
  try {
    text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1', { fatal: true }).decode(bytes.subarray(headerStart, headerStart + headerLen));
  } catch {
    throw fmt(file, 'bad .npy header: not valid text');
  }
  const h = parsePyLiteral(text.trim(), file);
  if (h === null || typeof h !== 'object' || Array.isArray(h)) throw fmt(file, 'bad .npy header: not a dictionary');
  const descr = h.descr;
  const fortran = h.fortran_order;
  const shapeV = h.shape;
  if (Array.isArray(descr)) {
    throw unsupported(file, '.npy structured (record) dtypes are not supported', 'save a plain numeric array, one field per file');
  }
  if (typeof descr !== 'string') throw fmt(file, "bad .npy header: 'descr' is missing or not a string");
  if (fortran === true) {
    throw unsupported(file, '.npy array is in Fortran order', 'save it C-contiguous: numpy.save(path, numpy.ascontiguousarray(array))');
  }
  if (fortran !== false) throw fmt(file, "bad .npy header: 'fortran_order' is missing or not True/False");
  if (!Array.isArray(shapeV)) throw fmt(file, "bad .npy header: 'shape' is missing or not a tuple");
  const m = /^([<>=|])([a-zA-Z]\d*)$/.exec(descr);
  // the type code without its byte order: 'f4', or 'M8[ns]' (a datetime64, which the pattern leaves out)
  const code = m ? m[2] : descr.replace(/^[<>=|]/, '');
  const dtype = m ? DESCR[code] : undefined;
  if (!m || dtype === undefined) {
    // a descr we do not know is quoted like any user text: cut, control characters escaped
    const shown = quoteUserText(descr, 40);
    const name = NUMPY_NAMES[code] ?? (/^[SUaV]/.test(code) ? 'string/bytes' : /^[mM]/.test(code) ? 'datetime' : shown);
    throw unsupported(file, `.npy dtype '${shown}' (${name}) is not supported`,
      'supported: float16/32/64, int8/16/32/64, uint8, bool; convert with array.astype(numpy.float32) or .astype(numpy.int64)');
  }
  const order = m[1];
  if (order === '>' && ITEM_SIZE[dtype] > 1) {
    throw unsupported(file, `.npy array is big-endian ('${descr}')`, "convert it with array.astype(array.dtype.newbyteorder('<'))");
  }
  const shape: number[] = [];
  let count = 1;
  for (const d of shapeV) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      throw fmt(file, 'bad .npy header: the shape has a dimension that is not a non-negative integer');
    }
    shape.push(d);
    count *= d;
  }
  if (count > MAX_ELEMENTS) {
    throw unsupported(file, `.npy header says shape ${shapeStr(shape)} of ${dtype}, more than the ${MAX_ELEMENTS} elements an array can hold`,
      'split it into smaller arrays');
  }
  const dataOffset = headerStart + headerLen;
  const need = count * ITEM_SIZE[dtype];
  const have = fileSize - dataOffset;
  if (need > have) {
    throw fmt(file, `.npy header says shape ${shapeStr(shape)} of ${dtype} (${need} bytes of data) but the file has only ${have} bytes after the header`,
      'the file is truncated or its header is wrong; write it again with numpy.save');
  }
  if (need < have) {
    throw fmt(file, `.npy file has ${have - need} bytes more than its header's shape ${shapeStr(shape)} of ${dtype} needs`,
      'the file is corrupt; write it again with numpy.save');
  }
  return { dtype, shape, dataOffset };
}

/** Decodes a whole `.npy` file. */
export function readNpy(bytes: Uint8Array, file?: string): Tensor {
  const h = readNpyHeader(bytes, file);
  let count = 1;
  for (const d of h.shape) count *= d;
  return { shape: h.shape, data: decodeLE(bytes, h.dataOffset, count, h.dtype), dtype: h.dtype };
}
