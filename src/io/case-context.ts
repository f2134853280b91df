/**
 * What parsing one loss case carries along (the caller's options, the side files read so far, the
 * memory budget) and the helpers every part of the parse raises its errors with: `err` (a
 * `LossDebuggerError` with file and JSON path), `kindOf` (what was found instead), `withPath` (an error
 * from a side file, re-anchored at the case's JSON path).
 */
import { LossDebuggerError, type ErrorCode } from '../errors';
import type { LossType } from '../engine/losses/spec';
import type { DType } from '../engine/tensor';
import { DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_MEMORY_BYTES, escapeControls, type CaseWork } from './limits';
import { type Node, PackedArray } from './json';

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
  /**
   * Streamed inspection: called with the real path of an `{"npy": ...}` input; when it returns the
   * file's shape and dtype, the input is not read (the case's input then has that shape and no
   * values: `LossCase.input.data` is empty) and the caller reads it in chunks (`NpyRows`).
   */
  deferInput?: (file: string) => { shape: number[]; dtype: DType } | undefined;
}

/** The state of one case's parse, passed to every part of it. */
export interface CaseContext {
  file: string | undefined;
  baseDir: string;
  maxFileBytes: number;
  allowedRoots: readonly string[];
  maxMemoryBytes: number;
  work: CaseWork;
  /** The case's loss, once parsed (side tensors are checked against the budget from their headers). */
  lossType?: LossType;
  deferInput?: CaseOptions['deferInput'];
  /** The input was deferred (streamed): it has a shape and no values. */
  deferred?: boolean;
  /** Side files read so far (real paths). */
  sideFiles: string[];
}

export function makeCtx(opts: CaseOptions, baseDir: string): CaseContext {
  return {
    file: opts.file,
    baseDir: opts.baseDir ?? baseDir,
    maxFileBytes: opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    allowedRoots: opts.allowedRoots ?? [],
    maxMemoryBytes: opts.maxMemoryBytes ?? DEFAULT_MAX_MEMORY_BYTES,
    work: opts.work ?? 'inspect',
    deferInput: opts.deferInput,
    sideFiles: [],
  };
}

export function err(code: ErrorCode, detail: string, path: string, ctx: { file?: string }, hint?: string): LossDebuggerError {
  return new LossDebuggerError(code, detail, { file: ctx.file, path: path || undefined }, hint);
}

export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (v instanceof PackedArray) return 'an array';
  if (Array.isArray(v)) return 'an array';
  // JSON.stringify escapes C0 controls; escapeControls also the C1 ones and the bidi overrides
  if (typeof v === 'string') return `a string ${escapeControls(JSON.stringify(v.length > 30 ? v.slice(0, 30) + '...' : v))}`;
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return String(v);
  if (ArrayBuffer.isView(v)) return 'a typed array';
  if (v === undefined) return 'nothing (undefined)';
  if (typeof v !== 'object') return `a ${typeof v}`;
  return 'an object';
}

export function isObj(v: unknown): v is { [k: string]: Node } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof PackedArray) && !ArrayBuffer.isView(v);
}

export function withPath(e: unknown, path: string, ctx: CaseContext): unknown {
  if (e instanceof LossDebuggerError) {
    const side = e.where.file && e.where.file !== ctx.file && !e.detail.includes(e.where.file);
    return new LossDebuggerError(e.code, side ? `${e.where.file}: ${e.detail}` : e.detail,
      { file: ctx.file, path: e.where.path ? `${path} (${e.where.path})` : path }, e.hint);
  }
  return e;
}
