/**
 * The resource limits every front end shares (CLI flags, VS Code settings, the worker): how large a
 * file may be, how much memory a case may need, how much of a user's text is quoted back. Pure.
 */
import { LossDebuggerError } from '../errors';

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

/** A human size (bytes, KB, MB, GB) precise enough that two different sizes never print alike. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const units: Array<[number, string]> = [[1024 ** 3, 'GB'], [1024 ** 2, 'MB'], [1024, 'KB']];
  const [div, unit] = units.find(([d]) => n >= d) ?? [1024, 'KB'];
  const v = n / div;
  return `${v >= 100 ? Math.round(v) : Number(v.toPrecision(3))} ${unit}`;
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
 * The memory the exact (float64) path needs for a case whose tensors hold these element counts:
 * the float64 input, its gradient and per-element loss, the float64 target, the rules' per-row
 * statistics (one more float64 copy of the input at most), plus the file bytes already held.
 */
export function estimateCaseBytes(inputElements: number, targetElements: number, extraElements = 0, fileBytes = 0): number {
  return 8 * (4 * inputElements + 2 * targetElements + extraElements) + fileBytes;
}

/** Refuses a case whose estimated working set exceeds the budget, saying how much and what to do. */
export function checkMemoryBudget(needBytes: number, budgetBytes: number, where: { file?: string } = {}): void {
  if (needBytes <= budgetBytes) return;
  throw new LossDebuggerError('file',
    `this case needs about ${formatBytes(needBytes)} of memory to analyse exactly, more than the ${formatBytes(budgetBytes)} budget`,
    where,
    'raise the budget with --max-memory <MB> (CLI) or the lossDebugger.maxMemoryMB setting, use --dtype float32, or dump a smaller slice of rows (the rules need a few thousand rows, not the whole batch)');
}
