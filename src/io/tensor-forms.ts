/**
 * A tensor at a JSON path, in any of its forms: nested arrays, `{"shape", "data", "dtype"}`,
 * `{"npy": file}`, `{"safetensors": file, "name"}`; dtypes checked and applied; side files resolved
 * inside the allowed roots and refused from their headers when they would not fit the memory budget.
 */
import { DTYPES, type DType, type Data, type Tensor, isFloatDType, shapeStr } from '../engine/tensor';
import { roundToBfloat16, roundToFloat16 } from '../engine/halfs';
import { didYouMean } from '../didyoumean';
import { MAX_ELEMENTS } from './binary';
import { err, isObj, kindOf, withPath, type CaseContext } from './case-context';
import { readFileChecked, resolveSideFile } from './files';
import { packJs } from './js-arrays';
import { MAX_TENSOR_DIMS, type Node, PackedArray, joinPath } from './json';
import { MAX_EMPTY_DIM, checkMemoryBudget, estimateCaseBytes, quoteUserText } from './limits';
import { readNpy, readNpyHeader } from './npy';
import { readSafetensors, readSafetensorsHeader } from './safetensors';

const INT_RANGE: Partial<Record<DType, [number, number]>> = {
  int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], int32: [-2147483648, 2147483647],
  int64: [-(2 ** 63), 2 ** 63], bool: [0, 1],
};

function parseDType(v: Node, path: string, ctx: CaseContext): DType {
  if (typeof v !== 'string') throw err('structure', `dtype must be a string, found ${kindOf(v)}`, path, ctx, `one of: ${DTYPES.join(', ')}`);
  const s = v.replace(/^(torch|np|numpy)\./, '');
  if ((DTYPES as readonly string[]).includes(s)) return s as DType;
  const alias: Record<string, DType> = { float: 'float32', double: 'float64', half: 'float16', long: 'int64', int: 'int32', bool_: 'bool' };
  const sug = alias[s] ?? didYouMean(s, DTYPES);
  throw err('value', `unknown dtype '${quoteUserText(String(v))}'${sug ? ` (did you mean '${sug}'?)` : ''}`, path, ctx, `one of: ${DTYPES.join(', ')}`);
}

/** Converts values to `dtype`, checking integer dtypes hold integers in range. */
function withDType(p: PackedArray, dtype: DType, path: string, ctx: CaseContext): Tensor {
  const src = p.data;
  let data: Data = src;
  if (dtype === 'float32') {
    data = Float32Array.from(src);
  } else if (dtype === 'float16') {
    data = src.map(roundToFloat16);
  } else if (dtype === 'bfloat16') {
    data = src.map(roundToBfloat16);
  } else if (!isFloatDType(dtype)) {
    const [lo, hi] = INT_RANGE[dtype] ?? [-Infinity, Infinity];
    for (let i = 0; i < src.length; i++) {
      const v = src[i];
      if (!Number.isInteger(v) || v < lo || v > hi) {
        const what = !Number.isInteger(v) ? `${v} is not an integer` : `${v} is outside the ${dtype} range [${lo}, ${hi}]`;
        throw err('value', `${what}, but the dtype is ${dtype}`, `${path}[${i}]`, ctx,
          dtype === 'bool' ? 'bool values are true/false or 0/1'
            : !Number.isInteger(v) ? 'use a float dtype for non-integer values' : 'use a dtype whose range holds it (int64, or a float dtype)');
      }
    }
  }
  return { shape: p.shape, data, dtype };
}

function inferredDType(p: PackedArray): DType {
  return p.kind === 'bool' ? 'bool' : p.kind === 'int' ? 'int64' : 'float64';
}

const SHAPE_EG = 'e.g. "shape": [40, 30522]; [] for a scalar';
const DATA_FLAT = 'write {"shape": [N, C], "data": [...]} with the values flat in C order';
const TENSOR_FORMS = 'a tensor is nested arrays of numbers, {"shape": [...], "data": [...]}, {"npy": "file.npy"} or {"safetensors": "file.safetensors", "name": "..."}';

function sidePath(v: Node, path: string, ctx: CaseContext): string {
  if (typeof v !== 'string' || v === '') {
    throw err('structure', `expected a file path (a string), found ${kindOf(v)}`, path, ctx, 'the file\'s path relative to the case file\'s folder, e.g. "input.npy"');
  }
  try {
    const file = resolveSideFile(v, ctx.baseDir, ctx.allowedRoots);
    ctx.sideFiles.push(file);
    return file;
  } catch (e) {
    throw withPath(e, path, ctx);
  }
}

/**
 * Refuses, from its header alone, a side tensor whose share of the working set (as the input: held,
 * plus what the loss and rules allocate per element; as the target: held) would not fit the budget.
 */
export function preflight(shape: readonly number[], dtype: DType, path: string, ctx: CaseContext): void {
  let count = 1;
  for (const d of shape) count *= d;
  const asInput = path === 'input' || path === '';
  checkMemoryBudget(estimateCaseBytes(asInput
    ? { lossType: ctx.lossType, input: count, inputBytes: dtype === 'float32' ? 4 : 8, target: 0, classes: shape.length >= 2 ? shape[1] : shape[0] }
    : { input: 0, target: count }, ctx.work), ctx.maxMemoryBytes, { file: ctx.file });
  checkClaimedDims({ shape, data: { length: count } }, path, ctx);
}

/**
 * A tensor that holds no values may not claim a huge dimension (`[0, 100000000]`): rules and views
 * size per-class tables by the class dimension. A non-empty tensor's dimensions are bounded by its data.
 */
export function checkClaimedDims(t: { shape: readonly number[]; data: { length: number } }, path: string, ctx: CaseContext): void {
  if (t.data.length > 0) return;
  const i = t.shape.findIndex((d) => d > MAX_EMPTY_DIM);
  if (i >= 0) {
    throw err('shape', `the tensor holds no values but claims a dimension of ${t.shape[i]} (shape ${shapeStr(t.shape)})`, path, ctx,
      `an empty tensor's other dimensions may be at most ${MAX_EMPTY_DIM}; dump at least one row, or fix the shape`);
  }
}

/** Any tensor form at `path` → Tensor. */
export function toTensor(v: Node | unknown, path: string, ctx: CaseContext): Tensor {
  if (v instanceof PackedArray) return { shape: v.shape, data: v.data, dtype: inferredDType(v) };
  if (v instanceof Float32Array) return { shape: [v.length], data: v, dtype: 'float32' };
  if (Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))) {
    const p = packJs(v, path, ctx);
    return { shape: p.shape, data: p.data, dtype: inferredDType(p) };
  }
  if (typeof v === 'number') return { shape: [], data: Float64Array.of(v), dtype: Number.isInteger(v) ? 'int64' : 'float64' };
  if (typeof v === 'boolean') return { shape: [], data: Float64Array.of(v ? 1 : 0), dtype: 'bool' };
  if (!isObj(v)) throw err('structure', `expected a tensor, found ${kindOf(v)}`, path, ctx, TENSOR_FORMS);
  const keys = Object.keys(v);
  if ('npy' in v) {
    const extra = keys.filter((k) => k !== 'npy');
    if (extra.length) throw err('structure', `unexpected key '${quoteUserText(String(extra[0]))}' next to "npy"`, joinPath(path, extra[0]), ctx, TENSOR_FORMS);
    const file = sidePath(v.npy, joinPath(path, 'npy'), ctx);
    const deferred = path === 'input' ? ctx.deferInput?.(file) : undefined;
    if (deferred) {
      ctx.deferred = true;
      return { shape: deferred.shape, data: new Float64Array(0), dtype: deferred.dtype };
    }
    try {
      const bytes = readFileChecked(file, ctx.maxFileBytes, '.npy file');
      const h = readNpyHeader(bytes, file);
      preflight(h.shape, h.dtype, path, ctx);
      return readNpy(bytes, file);
    } catch (e) { throw withPath(e, joinPath(path, 'npy'), ctx); }
  }
  if ('safetensors' in v) {
    const extra = keys.filter((k) => k !== 'safetensors' && k !== 'name');
    if (extra.length) throw err('structure', `unexpected key '${quoteUserText(String(extra[0]))}' next to "safetensors"`, joinPath(path, extra[0]), ctx, TENSOR_FORMS);
    const file = sidePath(v.safetensors, joinPath(path, 'safetensors'), ctx);
    const name = v.name;
    if (name !== undefined && typeof name !== 'string') {
      throw err('structure', `"name" must be a string, found ${kindOf(name)}`, joinPath(path, 'name'), ctx, 'the name of one tensor in the file, e.g. "logits"');
    }
    try {
      const bytes = readFileChecked(file, ctx.maxFileBytes, '.safetensors file');
      for (const e of readSafetensorsHeader(bytes, file)) if (name === undefined || e.name === name) preflight(e.shape, e.dtype, path, ctx);
      return readSafetensors(bytes, name, file);
    } catch (e) { throw withPath(e, joinPath(path, name === undefined ? 'safetensors' : 'name'), ctx); }
  }
  if ('shape' in v || 'data' in v) {
    for (const k of keys) {
      if (k !== 'shape' && k !== 'data' && k !== 'dtype') {
        const s = didYouMean(k, ['shape', 'data', 'dtype']);
        throw err('structure', `unexpected key '${quoteUserText(String(k))}' in a {shape, data} tensor${s ? ` (did you mean '${s}'?)` : ''}`, joinPath(path, k), ctx, TENSOR_FORMS);
      }
    }
    if (!('shape' in v)) throw err('structure', 'missing "shape" next to "data"', path, ctx, DATA_FLAT);
    if (!('data' in v)) throw err('structure', 'missing "data" next to "shape"', path, ctx, DATA_FLAT);
    const shape = parseShape(v.shape, joinPath(path, 'shape'), ctx);
    let count = 1;
    for (const d of shape) count *= d;
    const dataPath = joinPath(path, 'data');
    const dv = v.data;
    if (!(dv instanceof PackedArray) && !Array.isArray(dv) && !(ArrayBuffer.isView(dv) && !(dv instanceof DataView))) {
      throw err('structure', `"data" must be an array of numbers, found ${kindOf(dv)}`, dataPath, ctx, DATA_FLAT);
    }
    if (count > MAX_ELEMENTS) {
      throw err('shape', `shape ${shapeStr(shape)} holds ${count} values, more than the ${MAX_ELEMENTS} a tensor may have`, joinPath(path, 'shape'), ctx,
        'check the shape; large tensors belong in .npy files');
    }
    const p = dv instanceof PackedArray ? dv : packJs(dv, dataPath, ctx);
    if (p.data.length !== count) {
      throw err('shape', `shape ${shapeStr(shape)} holds ${count} value${count === 1 ? '' : 's'} but "data" has ${p.data.length}`, path, ctx,
        'data must list every value of the tensor, flat, in C (row-major) order');
    }
    const dtype = v.dtype === undefined ? inferredDType(p) : parseDType(v.dtype, joinPath(path, 'dtype'), ctx);
    const t = withDType(new PackedArray(shape, p.data, p.kind), dtype, dataPath, ctx);
    return t;
  }
  if (keys.length === 0) throw err('structure', 'expected a tensor, found an empty object', path, ctx, TENSOR_FORMS);
  const s = didYouMean(keys[0], ['shape', 'data', 'npy', 'safetensors']);
  throw err('structure', `expected a tensor, found an object with key '${quoteUserText(String(keys[0]))}'${s ? ` (did you mean '${s}'?)` : ''}`, path, ctx, TENSOR_FORMS);
}

function parseShape(v: Node | unknown, path: string, ctx: CaseContext): number[] {
  let arr: ArrayLike<number> | unknown[];
  if (v instanceof PackedArray) {
    if (v.shape.length !== 1) throw err('structure', 'shape must be a flat list of integers', path, ctx);
    arr = v.data;
  } else if (Array.isArray(v)) {
    arr = v;
  } else {
    throw err('structure', `shape must be a list of integers, found ${kindOf(v)}`, path, ctx, SHAPE_EG);
  }
  if (arr.length > MAX_TENSOR_DIMS) throw err('shape', `shape has ${arr.length} dimensions; at most ${MAX_TENSOR_DIMS} are supported`, path, ctx, 'check the shape');
  const out: number[] = [];
  let count = 1;
  for (let i = 0; i < arr.length; i++) {
    const d = arr[i];
    if (typeof d !== 'number' || !Number.isInteger(d)) throw err('structure', `shape entries must be integers, found ${kindOf(d)}`, `${path}[${i}]`, ctx, SHAPE_EG);
    if (d < 0) throw err('shape', `dimension ${d} is negative`, `${path}[${i}]`, ctx, 'dimensions must be non-negative integers');
    if (!Number.isSafeInteger(d)) throw err('shape', `dimension ${d} is too large`, `${path}[${i}]`, ctx, 'check the shape');
    out.push(d);
    count *= d;
  }
  if (!Number.isSafeInteger(count)) {
    throw err('shape', `shape ${shapeStr(out)} holds more than 2^53 values`, path, ctx, 'check the shape');
  }
  return out;
}
