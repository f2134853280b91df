/**
 * Loss cases: parsing, tensor forms and validation. Every problem is a `LossDebuggerError` with the
 * file, the JSON path, line and column (when the case came from text) and a hint.
 */
import { dirname, resolve } from 'node:path';
import { LossDebuggerError, type ErrorCode } from '../errors';
import { DTYPES, type DType, type Data, type Tensor, isFloatDType, shapeStr } from '../engine/tensor';
import {
  DEPRECATED_ARGS, LOSS_ARGS, LOSS_TYPES, type LossSpec, type LossType, type Reduction, type SmoothingMode, isBinaryLoss, isClassLoss, makeSpec,
} from '../engine/losses/spec';
import { MAX_ELEMENTS } from './binary';
import { didYouMean } from '../didyoumean';
import { readFileChecked, resolveSideFile } from './files';
import { DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_MEMORY_BYTES, MAX_EMPTY_DIM, MAX_VALUE_BYTES, checkMemoryBudget, estimateCaseBytes, quoteUserText, type CaseWork } from './limits';
import { roundToBfloat16, roundToFloat16 } from '../engine/halfs';
import { JsonParser, MAX_TENSOR_DIMS, SKIPPED, type JsonValue, type Node, PackedArray, joinPath } from './json';
import { readNpy, readNpyHeader } from './npy';
import { readSafetensors, readSafetensorsHeader } from './safetensors';
import { spanOf } from './spans';
import type { CaseHistory, CaseMeta, LossCase, SourceSpan } from './types';

export interface CaseOptions {
  /** Shown in messages and stored as `LossCase.file`. */
  file?: string;
  /** Folder that side-file paths (`{"npy": ...}`) are relative to. Default: the case file's folder, else the working directory. */
  baseDir?: string;
  /** Largest side file read (bytes). Default 512 MiB. */
  maxFileBytes?: number;
  /** Folders besides `baseDir` that side files may resolve into (docs/security.md). */
  allowedRoots?: readonly string[];
  /** Memory the case may need to be analysed exactly (bytes). Default 2 GiB. */
  maxMemoryBytes?: number;
  /** What the caller will do with the case, for the memory estimate (default 'inspect': no gradient). */
  work?: CaseWork;
}

interface Ctx {
  file: string | undefined;
  baseDir: string;
  maxFileBytes: number;
  allowedRoots: readonly string[];
  maxMemoryBytes: number;
  work: CaseWork;
  /** The case's loss, once parsed (side tensors are checked against the budget from their headers). */
  lossType?: LossType;
  /** Side files read so far (real paths). */
  sideFiles: string[];
}

function makeCtx(opts: CaseOptions, baseDir: string): Ctx {
  return {
    file: opts.file,
    baseDir: opts.baseDir ?? baseDir,
    maxFileBytes: opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    allowedRoots: opts.allowedRoots ?? [],
    maxMemoryBytes: opts.maxMemoryBytes ?? DEFAULT_MAX_MEMORY_BYTES,
    work: opts.work ?? 'inspect',
    sideFiles: [],
  };
}

/** Top-level fields a case may have besides the five of the format (ignored, for tools and editors). */
const EXTRA_TOP = ['$schema', 'name', 'description', 'version', 'comment'];
const TOP = ['loss', 'input', 'target', 'meta', 'history'];
const KNOWN_LOSS_LIST = LOSS_TYPES.join(', ');

function err(code: ErrorCode, detail: string, path: string, ctx: { file?: string }, hint?: string): LossDebuggerError {
  return new LossDebuggerError(code, detail, { file: ctx.file, path: path || undefined }, hint);
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (v instanceof PackedArray) return 'an array';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `a string ${JSON.stringify(v.length > 30 ? v.slice(0, 30) + '...' : v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return String(v);
  if (ArrayBuffer.isView(v)) return 'a typed array';
  if (v === undefined) return 'nothing (undefined)';
  if (typeof v !== 'object') return `a ${typeof v}`;
  return 'an object';
}

function isObj(v: unknown): v is { [k: string]: Node } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof PackedArray) && !ArrayBuffer.isView(v);
}

// ---- nested JS arrays (programmatic cases and arrays the byte parser did not pack) ----------------

/** Packs nested JS arrays of numbers/booleans, iteratively, with the same checks as the byte parser. */
export function packJs(value: unknown, path: string, ctx: { file?: string }): PackedArray {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const arr = value as unknown as ArrayLike<number>;
    const data = Float64Array.from(arr as ArrayLike<number>, Number);
    let kind: 'int' | 'float' = 'int';
    for (let i = 0; i < data.length; i++) if (!Number.isInteger(data[i])) { kind = 'float'; break; }
    if (value instanceof Float32Array || value instanceof Float64Array) kind = 'float';
    return new PackedArray([data.length], data, kind);
  }
  // shape from the first elements
  const shape: number[] = [];
  let probe: unknown = value;
  while (Array.isArray(probe)) {
    if (shape.length >= MAX_TENSOR_DIMS) throw err('shape', `array nests more than ${MAX_TENSOR_DIMS} levels deep; that is not a tensor`, path, ctx);
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  let total = 1;
  for (const d of shape) total *= d;
  if (total > MAX_ELEMENTS) throw err('shape', `array of shape ${shapeStr(shape)} is too large`, path, ctx);
  const data = new Float64Array(total);
  let n = 0;
  let sawFloat = false;
  let sawNum = false;
  let sawBool = false;
  const D = shape.length;
  // explicit stack of (array, next index)
  const arrs: unknown[][] = [value as unknown[]];
  const idx: number[] = [0];
  const pathOf = (depth: number): string => {
    let p = path;
    for (let i = 0; i <= depth; i++) p += `[${idx[i]}]`;
    return p;
  };
  if (arrs[0].length !== shape[0]) throw err('shape', 'internal: shape probe mismatch', path, ctx);
  while (arrs.length) {
    const depth = arrs.length - 1;
    const a = arrs[depth];
    const i = idx[depth];
    if (i >= a.length) { arrs.pop(); idx.pop(); if (idx.length) idx[idx.length - 1]++; continue; }
    const v = a[i];
    if (depth < D - 1) {
      if (!Array.isArray(v)) {
        throw err('shape', `expected an array but found ${kindOf(v)} (the first row nests ${D} levels deep)`, pathOf(depth), ctx,
          'every row of a tensor must have the same depth');
      }
      if (v.length !== shape[depth + 1]) {
        const first = depth === 0 ? 'row 0' : path + '[0]'.repeat(depth + 1);
        throw err('ragged', `ragged array: row has ${v.length} value${v.length === 1 ? '' : 's'}, ${first} had ${shape[depth + 1]}`, pathOf(depth), ctx,
          'every row of a tensor must have the same length');
      }
      arrs.push(v);
      idx.push(0);
      continue;
    }
    if (typeof v === 'number') {
      if (!Number.isInteger(v)) sawFloat = true;
      sawNum = true;
      data[n++] = v;
    } else if (typeof v === 'boolean') {
      sawBool = true;
      data[n++] = v ? 1 : 0;
    } else if (Array.isArray(v)) {
      throw err('shape', `expected a number but found an array (the first row nests ${D} levels deep)`, pathOf(depth), ctx,
        'every row of a tensor must have the same depth');
    } else {
      throw err('structure', `expected a number, found ${kindOf(v)}`, pathOf(depth), ctx,
        v === null ? 'use NaN for a missing value' : typeof v === 'string' ? 'tensor values must be numbers, not strings' : undefined);
    }
    if (sawBool && sawNum) throw err('structure', 'array mixes booleans and numbers', pathOf(depth), ctx, 'write all values as numbers, or all as true/false');
    idx[depth]++;
  }
  return new PackedArray(shape, data, sawBool && !sawNum ? 'bool' : sawFloat || n === 0 ? 'float' : 'int');
}

// ---- tensors -------------------------------------------------------------------------------------

const INT_RANGE: Partial<Record<DType, [number, number]>> = {
  int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], int32: [-2147483648, 2147483647],
  int64: [-(2 ** 63), 2 ** 63], bool: [0, 1],
};

function parseDType(v: Node, path: string, ctx: Ctx): DType {
  if (typeof v !== 'string') throw err('structure', `dtype must be a string, found ${kindOf(v)}`, path, ctx, `one of: ${DTYPES.join(', ')}`);
  const s = v.replace(/^(torch|np|numpy)\./, '');
  if ((DTYPES as readonly string[]).includes(s)) return s as DType;
  const alias: Record<string, DType> = { float: 'float32', double: 'float64', half: 'float16', long: 'int64', int: 'int32', bool_: 'bool' };
  const sug = alias[s] ?? didYouMean(s, DTYPES);
  throw err('value', `unknown dtype '${quoteUserText(String(v))}'${sug ? ` (did you mean '${sug}'?)` : ''}`, path, ctx, `one of: ${DTYPES.join(', ')}`);
}

/** Converts values to `dtype`, checking integer dtypes hold integers in range. */
function withDType(p: PackedArray, dtype: DType, path: string, ctx: Ctx): Tensor {
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
          dtype === 'bool' ? 'bool values are true/false or 0/1' : 'use a float dtype for non-integer values');
      }
    }
  }
  return { shape: p.shape, data, dtype };
}

function inferredDType(p: PackedArray): DType {
  return p.kind === 'bool' ? 'bool' : p.kind === 'int' ? 'int64' : 'float64';
}

const TENSOR_FORMS = 'a tensor is nested arrays of numbers, {"shape": [...], "data": [...]}, {"npy": "file.npy"} or {"safetensors": "file.safetensors", "name": "..."}';

function sidePath(v: Node, path: string, ctx: Ctx): string {
  if (typeof v !== 'string' || v === '') throw err('structure', `expected a file path (a string), found ${kindOf(v)}`, path, ctx);
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
function preflight(shape: readonly number[], dtype: DType, path: string, ctx: Ctx): void {
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
function checkClaimedDims(t: { shape: readonly number[]; data: { length: number } }, path: string, ctx: Ctx): void {
  if (t.data.length > 0) return;
  const i = t.shape.findIndex((d) => d > MAX_EMPTY_DIM);
  if (i >= 0) {
    throw err('shape', `the tensor holds no values but claims a dimension of ${t.shape[i]} (shape ${shapeStr(t.shape)})`, path, ctx,
      `an empty tensor's other dimensions may be at most ${MAX_EMPTY_DIM}; dump at least one row, or fix the shape`);
  }
}

function withPath(e: unknown, path: string, ctx: Ctx): unknown {
  if (e instanceof LossDebuggerError) {
    const side = e.where.file && e.where.file !== ctx.file && !e.detail.includes(e.where.file);
    return new LossDebuggerError(e.code, side ? `${e.where.file}: ${e.detail}` : e.detail,
      { file: ctx.file, path: e.where.path ? `${path} (${e.where.path})` : path }, e.hint);
  }
  return e;
}

/** Any tensor form at `path` → Tensor. */
export function toTensor(v: Node | unknown, path: string, ctx: Ctx): Tensor {
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
    if (name !== undefined && typeof name !== 'string') throw err('structure', `"name" must be a string, found ${kindOf(name)}`, joinPath(path, 'name'), ctx);
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
    if (!('shape' in v)) throw err('structure', 'missing "shape" next to "data"', path, ctx, 'write {"shape": [N, C], "data": [...]} with the values flat in C order');
    if (!('data' in v)) throw err('structure', 'missing "data" next to "shape"', path, ctx, 'write {"shape": [N, C], "data": [...]} with the values flat in C order');
    const shape = parseShape(v.shape, joinPath(path, 'shape'), ctx);
    let count = 1;
    for (const d of shape) count *= d;
    const dataPath = joinPath(path, 'data');
    const dv = v.data;
    if (!(dv instanceof PackedArray) && !Array.isArray(dv) && !(ArrayBuffer.isView(dv) && !(dv instanceof DataView))) {
      throw err('structure', `"data" must be an array of numbers, found ${kindOf(dv)}`, dataPath, ctx);
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

function parseShape(v: Node | unknown, path: string, ctx: Ctx): number[] {
  let arr: ArrayLike<number> | unknown[];
  if (v instanceof PackedArray) {
    if (v.shape.length !== 1) throw err('structure', 'shape must be a flat list of integers', path, ctx);
    arr = v.data;
  } else if (Array.isArray(v)) {
    arr = v;
  } else {
    throw err('structure', `shape must be a list of integers, found ${kindOf(v)}`, path, ctx, 'e.g. "shape": [40, 30522]; [] for a scalar');
  }
  if (arr.length > MAX_TENSOR_DIMS) throw err('shape', `shape has ${arr.length} dimensions; at most ${MAX_TENSOR_DIMS} are supported`, path, ctx);
  const out: number[] = [];
  let count = 1;
  for (let i = 0; i < arr.length; i++) {
    const d = arr[i];
    if (typeof d !== 'number' || !Number.isInteger(d)) throw err('structure', `shape entries must be integers, found ${kindOf(d)}`, `${path}[${i}]`, ctx);
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

// ---- the loss spec -------------------------------------------------------------------------------

/** torch.nn.functional names, to suggest the module a case must name. */
const FUNCTIONAL: Record<string, LossType> = {
  mse_loss: 'MSELoss', l1_loss: 'L1Loss', huber_loss: 'HuberLoss', smooth_l1_loss: 'SmoothL1Loss',
  binary_cross_entropy: 'BCELoss', binary_cross_entropy_with_logits: 'BCEWithLogitsLoss', cross_entropy: 'CrossEntropyLoss',
  nll_loss: 'NLLLoss', kl_div: 'KLDivLoss', bce: 'BCELoss', bce_with_logits: 'BCEWithLogitsLoss', bcewithlogits: 'BCEWithLogitsLoss', mse: 'MSELoss',
};

function unknownLoss(name: string, path: string, ctx: { file?: string }): LossDebuggerError {
  const stripped = name.replace(/^(torch\.)?(nn\.)?(functional\.|F\.)?/, '');
  const s = FUNCTIONAL[stripped.toLowerCase()] ?? didYouMean(stripped, LOSS_TYPES) ?? didYouMean(stripped + 'Loss', LOSS_TYPES) ?? didYouMean(name, LOSS_TYPES);
  return err('unknown-loss', `unknown loss type '${quoteUserText(String(name))}'${s ? ` (did you mean '${s}'?)` : ''}`, path, ctx, `known losses: ${KNOWN_LOSS_LIST}`);
}

function lossType(v: Node | unknown, path: string, ctx: { file?: string }): LossType {
  if (typeof v !== 'string') {
    throw err('structure', `loss type must be a string, found ${kindOf(v)}`, path, ctx, `one of: ${KNOWN_LOSS_LIST}`);
  }
  if ((LOSS_TYPES as readonly string[]).includes(v)) return v as LossType;
  throw unknownLoss(v, path, ctx);
}

/**
 * The loss at `path` (`"CrossEntropyLoss"` or `{"type": ..., <arguments>}`) as a fully defaulted
 * LossSpec. Tensor arguments may use any tensor form; side files are read relative to `opts.baseDir`.
 */
export function parseLossSpec(value: JsonValue, path: string, file?: string, opts: Omit<CaseOptions, 'file'> = {}): LossSpec {
  const ctx = makeCtx({ ...opts, file }, file ? dirname(resolve(file)) : process.cwd());
  return lossSpecOf(value, path, ctx);
}

function lossSpecOf(value: Node | unknown, path: string, ctx: Ctx): LossSpec {
  if (typeof value === 'string') return makeSpec(lossType(value, path, ctx));
  if (!isObj(value)) {
    throw err('structure', `"loss" must be a loss name or an object with "type", found ${kindOf(value)}`, path, ctx,
      'e.g. "loss": "CrossEntropyLoss" or "loss": {"type": "CrossEntropyLoss", "ignore_index": 0}');
  }
  if (!('type' in value)) {
    throw err('structure', 'the loss object has no "type"', path, ctx, `add "type": one of ${KNOWN_LOSS_LIST}`);
  }
  const type = lossType(value.type, joinPath(path, 'type'), ctx);
  const allowed = LOSS_ARGS[type];
  const names = Object.keys(allowed);
  const args: Partial<Omit<LossSpec, 'type'>> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'type') continue;
    const p = joinPath(path, k);
    if ((DEPRECATED_ARGS as readonly string[]).includes(k)) {
      if (v === null) continue; // PyTorch's own default (None): written by dumpers that copy every attribute
      throw err('unknown-arg', `'${quoteUserText(String(k))}' is deprecated in PyTorch and not supported`, p, ctx,
        "use \"reduction\": 'none' | 'mean' | 'sum' instead (size_average=False means 'sum'; reduce=False means 'none')");
    }
    // own properties only: 'constructor', 'toString' or '__proto__' are not loss arguments
    const info = Object.hasOwn(allowed, k) ? allowed[k] : undefined;
    if (!info) {
      const s = didYouMean(k, names);
      const elsewhere = LOSS_TYPES.filter((t) => t !== type && Object.hasOwn(LOSS_ARGS[t], k));
      const hint = `${type} takes: ${names.join(', ')}` + (elsewhere.length ? `; '${quoteUserText(String(k))}' belongs to ${elsewhere.join(', ')}` : '');
      throw err('unknown-arg', `${type} has no argument '${quoteUserText(k)}'${s ? ` (did you mean '${s}'?)` : ''}`, p, ctx, hint);
    }
    const rec = args as Record<string, unknown>;
    switch (info.kind) {
      case 'reduction': {
        const ok = type === 'KLDivLoss' ? ['none', 'mean', 'sum', 'batchmean'] : ['none', 'mean', 'sum'];
        if (v === 'batchmean' && type !== 'KLDivLoss') {
          throw err('value', `reduction 'batchmean' is only for KLDivLoss`, p, ctx, "use 'mean', 'sum' or 'none'");
        }
        if (typeof v !== 'string' || !ok.includes(v)) {
          const s = typeof v === 'string' ? didYouMean(v, ok) : undefined;
          throw err('value', `reduction must be one of ${ok.map((x) => `'${x}'`).join(', ')}, found ${kindOf(v)}${s ? ` (did you mean '${s}'?)` : ''}`, p, ctx);
        }
        rec.reduction = v as Reduction;
        break;
      }
      case 'tensor':
        if (v === null) break; // PyTorch's None
        {
          // weights are float tensors in PyTorch; integer literals like [1, 2, 3] mean the same numbers
          const w = toTensor(v, p, ctx);
          rec[k] = isFloatDType(w.dtype) ? w : { shape: w.shape, data: w.data, dtype: 'float64' };
        }
        break;
      case 'int':
        if (typeof v !== 'number' || !Number.isInteger(v)) {
          throw err('value', `${k} must be an integer, found ${kindOf(v)}`, p, ctx, k === 'ignore_index' ? 'e.g. -100 (the default) or your padding id' : undefined);
        }
        rec[k] = v;
        break;
      case 'number': {
        if (typeof v !== 'number' || !Number.isFinite(v)) throw err('value', `${k} must be a finite number, found ${kindOf(v)}`, p, ctx, info.doc);
        const below = info.min !== undefined && (info.minExclusive ? v <= info.min : v < info.min);
        const above = info.max !== undefined && v > info.max;
        if (below || above) {
          const range = info.min !== undefined && info.max !== undefined ? `in [${info.min}, ${info.max}]`
            : info.min !== undefined ? (info.minExclusive ? `> ${info.min}` : `>= ${info.min}`) : `<= ${String(info.max)}`;
          throw err('value', `${k} must be ${range}, found ${v}`, p, ctx, info.doc);
        }
        rec[k] = v;
        break;
      }
      case 'boolean':
        if (typeof v !== 'boolean') throw err('value', `${k} must be true or false, found ${kindOf(v)}`, p, ctx);
        rec[k] = v;
        break;
      case 'smoothing_mode':
        if (v !== 'pytorch' && v !== 'others') {
          throw err('value', `smoothing_mode must be 'pytorch' or 'others', found ${kindOf(v)}`, p, ctx, info.doc);
        }
        rec[k] = v as SmoothingMode;
        break;
      default:
        break;
    }
  }
  return makeSpec(type, args);
}

// ---- meta and history ----------------------------------------------------------------------------

function parseMeta(v: Node | unknown, ctx: Ctx): CaseMeta {
  if (v === undefined) return {};
  if (!isObj(v)) throw err('structure', `"meta" must be an object, found ${kindOf(v)}`, 'meta', ctx);
  const out: CaseMeta = {};
  for (const [k, x] of Object.entries(v)) {
    const p = joinPath('meta', k);
    switch (k) {
      case 'pad_token_id':
        if (typeof x !== 'number' || !Number.isInteger(x)) throw err('value', `pad_token_id must be an integer, found ${kindOf(x)}`, p, ctx);
        out.pad_token_id = x;
        break;
      case 'reported_loss':
        if (typeof x !== 'number') throw err('value', `reported_loss must be a number, found ${kindOf(x)}`, p, ctx, 'the loss value your training printed, e.g. loss.item()');
        out.reported_loss = x;
        break;
      case 'class_names': {
        const arr = x instanceof PackedArray ? null : x;
        if (!Array.isArray(arr)) throw err('value', `class_names must be a list of strings, found ${kindOf(x)}`, p, ctx);
        arr.forEach((s, i) => { if (typeof s !== 'string') throw err('value', `class names must be strings, found ${kindOf(s)}`, `${p}[${i}]`, ctx); });
        out.class_names = arr as string[];
        break;
      }
      case 'task':
        if (typeof x !== 'string') throw err('value', `task must be a string, found ${kindOf(x)}`, p, ctx);
        out.task = x;
        break;
      default:
        // too large to keep (left unparsed by the parser) — not needed by any rule
        if (x === (SKIPPED as unknown)) break;
        // defined, not assigned: a key '__proto__' must stay a plain key, never the object's prototype
        Object.defineProperty(out, k, { value: x instanceof PackedArray ? Array.from(x.data) : x, enumerable: true, writable: true, configurable: true });
    }
  }
  return out;
}

function numberList(x: Node | unknown, p: string, ctx: Ctx): number[] {
  const packed = x instanceof PackedArray ? x : Array.isArray(x) ? packJs(x, p, ctx) : undefined;
  if (!packed) throw err('value', `expected a list of numbers, found ${kindOf(x)}`, p, ctx, 'one loss value per step or epoch; NaN for a missing one');
  if (packed.shape.length !== 1) throw err('value', `expected a flat list of numbers, found nested arrays of shape ${shapeStr(packed.shape)}`, p, ctx);
  if (packed.kind === 'bool') throw err('value', 'expected numbers, found true/false', p, ctx);
  return Array.from(packed.data);
}

function parseHistory(v: Node | unknown, ctx: Ctx): CaseHistory | undefined {
  if (v === undefined) return undefined;
  if (!isObj(v)) throw err('structure', `"history" must be an object like {"train": [...], "val": [...]}, found ${kindOf(v)}`, 'history', ctx);
  const out: CaseHistory = {};
  for (const [k, x] of Object.entries(v)) {
    const p = joinPath('history', k);
    if (k === 'train' || k === 'val') {
      out[k] = numberList(x, p, ctx);
    } else {
      const s = didYouMean(k, ['train', 'val']);
      throw err('structure', `unknown history series '${quoteUserText(String(k))}'${s ? ` (did you mean '${s}'?)` : ''}`, p, ctx, 'history has "train" and "val": lists of losses per step or epoch');
    }
  }
  return out;
}

// ---- semantic checks (what PyTorch itself would refuse) -------------------------------------------

function broadcastable(small: readonly number[], big: readonly number[]): boolean {
  for (let i = 1; i <= small.length; i++) {
    const a = small[small.length - i];
    const b = i <= big.length ? big[big.length - i] : 1;
    if (a !== 1 && b !== 1 && a !== b) return false;
  }
  return true;
}

/** Whether `small` expands to exactly `target` (leading extra dimensions must be 1). */
function intoBroadcastable(small: readonly number[], target: readonly number[]): boolean {
  const extra = small.length - target.length;
  for (let i = 0; i < small.length; i++) {
    const a = small[i];
    const j = i - extra;
    if (j < 0) {
      if (a !== 1) return false;
    } else if (a !== 1 && a !== target[j]) {
      return false;
    }
  }
  return true;
}

function multiIndex(flat: number, shape: readonly number[]): string {
  const idx: number[] = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return idx.map((i) => `[${i}]`).join('');
}

function semanticChecks(spec: LossSpec, input: Tensor, target: Tensor, ctx: Ctx): void {
  const t = spec.type;
  if (isClassLoss(t)) {
    const C = input.shape.length >= 2 ? input.shape[1] : input.shape.length === 1 ? input.shape[0] : undefined;
    const where = input.shape.length >= 2 ? 'input.shape[1]' : 'input.shape[0]';
    if (spec.weight && C !== undefined) {
      const w = spec.weight;
      if (w.shape.length !== 1 || w.shape[0] !== C) {
        throw err('shape', `weight has shape ${shapeStr(w.shape)} but the input has C = ${C} classes (${where})`, 'loss.weight', ctx,
          `${t} takes one weight per class: a list of ${C} numbers`);
      }
    }
    const probTarget = t === 'CrossEntropyLoss' && target.shape.length === input.shape.length && target.shape.every((d, i) => d === input.shape[i]) && isFloatDType(target.dtype);
    if (!probTarget && isFloatDType(target.dtype)) {
      const d = target.data;
      for (let i = 0; i < d.length; i++) {
        const v = d[i];
        if (Number.isFinite(v) && !Number.isInteger(v)) {
          throw err('value', `target${multiIndex(i, target.shape)} is ${v}, but ${t} class targets must be integer class indices`, 'target', ctx,
            t === 'CrossEntropyLoss'
              ? 'pass class indices (target.long()), or class probabilities with the same shape as the input'
              : 'pass class indices (target.long()); NLLLoss has no probability targets');
        }
      }
    }
  } else if (isBinaryLoss(t)) {
    for (const k of ['weight', 'pos_weight'] as const) {
      const w = spec[k];
      if (w && !intoBroadcastable(w.shape, input.shape)) {
        throw err('shape', `${k} of shape ${shapeStr(w.shape)} does not broadcast to the input's shape ${shapeStr(input.shape)}`, `loss.${k}`, ctx,
          k === 'pos_weight' ? 'pos_weight has one value per class (the last dimension of the input), or a single value' : 'weight must broadcast to the input shape');
      }
    }
  } else if (t === 'KLDivLoss') {
    if (!broadcastable(target.shape, input.shape)) {
      throw err('shape', `target shape ${shapeStr(target.shape)} does not broadcast with the input's shape ${shapeStr(input.shape)}`, 'target', ctx,
        'KLDivLoss compares distributions element by element: give the target the input\'s shape');
    }
  }
}

// ---- the case ------------------------------------------------------------------------------------

function buildCase(root: Node | unknown, spans: Record<string, SourceSpan>, ctx: Ctx): LossCase {
  if (!isObj(root)) {
    throw err('structure', `a loss case must be a JSON object, found ${kindOf(root)}`, '', ctx,
      'e.g. {"loss": "CrossEntropyLoss", "input": [[2.0, 0.5]], "target": [0]}');
  }
  for (const k of Object.keys(root)) {
    if (!TOP.includes(k) && !EXTRA_TOP.includes(k)) {
      const s = didYouMean(k, TOP);
      throw err('structure', `unknown field '${quoteUserText(String(k))}'${s ? ` (did you mean '${s}'?)` : ''}`, joinPath('', k), ctx,
        `a loss case has: ${TOP.join(', ')}`);
    }
  }
  for (const k of ['loss', 'input', 'target'] as const) {
    if (!(k in root)) {
      const hints = { loss: 'add e.g. "loss": "CrossEntropyLoss"', input: 'add "input": the model output (logits, probabilities or predictions)', target: 'add "target": the labels or regression targets' };
      throw err('structure', `missing "${k}"`, '', ctx, hints[k]);
    }
  }
  const loss = lossSpecOf(root.loss, 'loss', ctx);
  ctx.lossType = loss.type;
  const input = toTensor(root.input, 'input', ctx);
  const target = toTensor(root.target, 'target', ctx);
  checkClaimedDims(input, 'input', ctx);
  checkClaimedDims(target, 'target', ctx);
  const extra = (loss.weight?.data.length ?? 0) + (loss.pos_weight?.data.length ?? 0);
  checkMemoryBudget(estimateCaseBytes({
    lossType: loss.type, input: input.data.length, inputBytes: input.data instanceof Float32Array ? 4 : 8, target: target.data.length, extra,
    classes: input.shape.length >= 2 ? input.shape[1] : input.shape[0],
  }, ctx.work), ctx.maxMemoryBytes, { file: ctx.file });
  const meta = parseMeta(root.meta, ctx);
  const history = parseHistory(root.history, ctx);
  semanticChecks(loss, input, target, ctx);
  const c: LossCase = { loss, input, target, meta, spans };
  if (ctx.file !== undefined) c.file = ctx.file;
  if (ctx.sideFiles.length) c.sideFiles = [...new Set(ctx.sideFiles)];
  if (history) c.history = history;
  return c;
}

/** Fills in line and column from the recorded spans for errors raised after parsing. */
function locate(e: unknown, spans: Record<string, SourceSpan>): unknown {
  if (!(e instanceof LossDebuggerError) || e.where.line !== undefined) return e;
  const s = spanOf(spans, (e.where.path ?? '').replace(/ \(.*\)$/, ''));
  return s ? e.withWhere({ line: s.line, column: s.column }) : e;
}

const PACK = new Set(['input', 'target', 'input.data', 'target.data', 'loss.weight', 'loss.pos_weight', 'loss.weight.data', 'loss.pos_weight.data', 'history.train', 'history.val']);

/**
 * Parses and validates a loss case from JSON text. Synchronous; side files (`{"npy": ...}`) are read
 * relative to `opts.baseDir` (default: the folder of `opts.file`, else the working directory).
 */
export function parseCase(src: Uint8Array | string, opts: CaseOptions = {}): LossCase {
  const ctx = makeCtx(opts, opts.file ? dirname(resolve(opts.file)) : process.cwd());
  const bytes = typeof src === 'string' ? src : ArrayBuffer.isView(src) && !(src.constructor === Uint8Array) ? new Uint8Array(src.buffer, src.byteOffset, src.byteLength) : src;
  const parser = new JsonParser(bytes, opts.file);
  const { value, spans } = parser.parseDocument({ pack: (p) => PACK.has(p), spanDepth: 2, maxValueBytesAt: (p) => ((p.startsWith('meta.') || p.startsWith('meta[')) && p !== 'meta.class_names' ? MAX_VALUE_BYTES : undefined) });
  try {
    return buildCase(value, spans, ctx);
  } catch (e) {
    throw locate(e, spans);
  }
}

/** A case file from disk (size-limited). The CLI and the worker use this. */
export function loadCaseFile(path: string, opts: Omit<CaseOptions, 'file' | 'baseDir'> = {}): LossCase {
  const bytes = readFileChecked(path, opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, 'case file');
  return parseCase(bytes, { ...opts, file: path, baseDir: dirname(resolve(path)) });
}

/**
 * A loss case from plain JS values (tests, scenarios): same forms and validation as the JSON format;
 * NaN and ±Infinity are plain numbers here. Typed arrays are accepted where arrays are.
 */
export function caseFromObject(obj: unknown, opts: CaseOptions = {}): LossCase {
  const ctx = makeCtx(opts, process.cwd());
  return buildCase(obj, {}, ctx);
}

/**
 * The checks PyTorch itself would refuse (class-weight length, weight/pos_weight broadcasting, float
 * class targets with fractions, KLDivLoss broadcasting) for a case assembled from parts, e.g. a loss
 * spec plus tensors loaded with `loadTensorFile`. `parseCase`/`caseFromObject` already run them.
 */
export function validateCase(c: Pick<LossCase, 'loss' | 'input' | 'target' | 'file'>): void {
  semanticChecks(c.loss, c.input, c.target, makeCtx({ file: c.file }, process.cwd()));
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
