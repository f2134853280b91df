/**
 * The one error type every loader and validator throws for bad input. It carries where the problem is
 * (file, JSON path, line and column) and how to fix it, and renders as one line for the CLI.
 */
import type { ErrorCode, Where } from './shapes/index';

export type { ErrorCode, Where } from './shapes/index';

export class LossDebuggerError extends Error {
  override readonly name = 'LossDebuggerError';
  constructor(
    readonly code: ErrorCode,
    /** What is wrong, without location (it is added by `oneLine`). */
    readonly detail: string,
    readonly where: Where = {},
    /** How to fix it. */
    readonly hint?: string,
  ) {
    super(formatOneLine(detail, where, hint));
  }

  /** A copy with more location information filled in (keeps what is already known). */
  withWhere(extra: Where): LossDebuggerError {
    return new LossDebuggerError(this.code, this.detail, { ...extra, ...definedOnly(this.where) }, this.hint);
  }

  oneLine(): string {
    return this.message;
  }
}

function definedOnly(w: Where): Where {
  const out: Where = {};
  if (w.file !== undefined) out.file = w.file;
  if (w.path !== undefined) out.path = w.path;
  if (w.line !== undefined) out.line = w.line;
  if (w.column !== undefined) out.column = w.column;
  return out;
}

function formatOneLine(detail: string, where: Where, hint?: string): string {
  let loc = where.file ?? '';
  if (where.line !== undefined) loc += `${loc ? ':' : 'line '}${where.line}${where.column !== undefined ? ':' + where.column : ''}`;
  const parts: string[] = [];
  if (loc) parts.push(loc);
  // a path can hold a user's key: never let it make the line huge
  if (where.path) parts.push(where.path.length > 200 ? `${where.path.slice(0, 200)}…` : where.path);
  let msg = parts.length ? `${parts.join(': ')}: ${detail}` : detail;
  if (hint) msg += ` (${hint})`;
  return msg.replace(/\s*\n\s*/g, ' ');
}

export function isLossDebuggerError(e: unknown): e is LossDebuggerError {
  return e instanceof LossDebuggerError;
}
