/**
 * The resource limits every front end shares (CLI flags, VS Code settings, the worker): how large a
 * file may be, how much memory a case may need, how much of a user's text is quoted back. Pure.
 */
import { LossDebuggerError } from '../errors';
import { isClassLoss, type LossType } from '../engine/losses/spec';

import { DEFAULT_MAX_FILE_MB, DEFAULT_MAX_MEMORY_MB } from '../shapes/limits';

export { DEFAULT_MAX_FILE_MB, DEFAULT_MAX_MEMORY_MB };
export const DEFAULT_MAX_FILE_BYTES = DEFAULT_MAX_FILE_MB * 1024 * 1024;
export const DEFAULT_MAX_MEMORY_BYTES = DEFAULT_MAX_MEMORY_MB * 1024 * 1024;

/**
 * Largest size of any one dimension of a tensor that holds no values. A non-empty tensor's dimensions
 * are bounded by its data; an empty one could otherwise claim any class count (`[0, 100000000]`) and
 * have it size per-class tables. 2^22 (4M) is far above any real vocabulary.
 */
export const MAX_EMPTY_DIM = 1 << 22;

/** Largest value (in source bytes) kept under a `meta` key; larger ones are skipped unparsed. */
export const MAX_VALUE_BYTES = 1024 * 1024;

/** Longest piece of user text quoted back in a message. */
export const MAX_QUOTED_CHARS = 80;

/** A human size (bytes, KB, MB, GB) to three significant digits (or whole units from 100 on). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const units: Array<[number, string]> = [[1024 ** 3, 'GB'], [1024 ** 2, 'MB'], [1024, 'KB']];
  const [div, unit] = units.find(([d]) => n >= d) ?? [1024, 'KB'];
  const v = n / div;
  return `${v >= 100 ? Math.round(v) : Number(v.toPrecision(3))} ${unit}`;
}

/**
 * Two sizes compared in one message ("needs X, more than the Y budget"): as `formatBytes` prints them,
 * or in exact bytes when they would print alike (1,440 and 1,439 bytes are both "1.41 KB").
 */
export function formatBytesApart(a: number, b: number): [string, string] {
  const fa = formatBytes(a);
  const fb = formatBytes(b);
  return fa === fb && a !== b ? [`${a} bytes`, `${b} bytes`] : [fa, fb];
}

/** User text for a message: control characters made visible, at most `max` characters. */
export function quoteUserText(s: string, max: number = MAX_QUOTED_CHARS): string {
  const cut = s.length > max ? `${s.slice(0, max)}… (${s.length} characters)` : s;
  return escapeControls(cut);
}

/** Control characters (C0, DEL, C1, and the bidi overrides) as visible `\xNN` / `\uNNNN` escapes. */
export function escapeControls(s: string, keep: string = ''): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    if (keep.includes(c)) return c;
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * What a command does with a loaded case, for the memory estimate: `inspect` (the CLI's inspect,
 * the panel, the demo) recomputes the loss without a gradient and runs the rules; `gradient`
 * (`lossdbg loss`) also computes d loss / d input.
 */
export type CaseWork = 'inspect' | 'gradient';

/** The sizes the memory estimate needs (element counts; `classes` = C for class losses). */
export interface CaseSize {
  lossType?: LossType;
  /** Input elements, and the bytes each is held in (8 for float64 storage, 4 for a float32 view). */
  input: number;
  inputBytes?: number;
  target: number;
  /** Elements of weight / pos_weight. */
  extra?: number;
  /** C: the class count of a CrossEntropyLoss/NLLLoss input (its rows are input / C). */
  classes?: number;
}

/**
 * The memory the exact (float64) path allocates for a case, counted per buffer (docs/performance.md):
 * - the tensors as held: the input at `inputBytes` per element (a float32 `.npy` stays a float32 view
 *   over the file's bytes; JSON and other dtypes are float64), target and weights in float64;
 * - CrossEntropyLoss/NLLLoss: per row (input / C rows) about ten float64 values (per-position loss,
 *   log-sum-exp, Σx, the rules' row sums/min/max and per-row loss, the recomputed variants); no
 *   N·C buffer when no gradient is wanted — except NLLLoss, whose engine always writes one — and a
 *   float64 gradient (8 per element) for `gradient`;
 * - the element-wise losses: the engine writes a float64 loss and gradient per element on every call,
 *   and a rule's recomputation (the per-element loss view, a variant) holds another pair: 32 per element.
 */
export function estimateCaseBytes(s: CaseSize, work: CaseWork = 'inspect'): number {
  const held = (s.inputBytes ?? 8) * s.input + 8 * (s.target + (s.extra ?? 0));
  if (s.lossType !== undefined && isClassLoss(s.lossType)) {
    const rows = s.classes ? Math.ceil(s.input / s.classes) : s.input;
    const fullCopy = work === 'gradient' || s.lossType === 'NLLLoss' ? 8 * s.input : 0;
    return held + 80 * rows + fullCopy;
  }
  return held + 32 * s.input;
}

/** Refuses a case whose estimated working set exceeds the budget, saying how much and what to do. */
export function checkMemoryBudget(needBytes: number, budgetBytes: number, where: { file?: string } = {}): void {
  if (needBytes <= budgetBytes) return;
  const [need, budget] = formatBytesApart(needBytes, budgetBytes);
  throw new LossDebuggerError('file',
    `this case needs about ${need} of memory to analyse exactly, more than the ${budget} budget`,
    where,
    'raise the budget with --max-memory <MB> (CLI) or the lossDebugger.maxMemoryMB setting, use --dtype float32, or dump a smaller slice of rows (the rules need a few thousand rows, not the whole batch)');
}
