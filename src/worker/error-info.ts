/**
 * What the worker reports for a failed job: cancelled (the host asked), input (a LossDebuggerError,
 * or input too large or too deep for the engine: the RangeErrors of exhausted memory or stack), or
 * internal (a bug; the message only).
 */
import { isLossDebuggerError } from '../errors';
import type { WorkerErrorInfo } from '../shapes/index';

export function errorInfo(e: unknown, cancelled: boolean): WorkerErrorInfo {
  if (cancelled) return { kind: 'cancelled', message: 'cancelled' };
  if (isLossDebuggerError(e)) {
    const info: WorkerErrorInfo = { kind: 'input', message: e.oneLine(), code: e.code, detail: e.detail, where: { ...e.where } };
    if (e.hint !== undefined) info.hint = e.hint;
    return info;
  }
  if (e instanceof RangeError && /call stack|Invalid array length|Array buffer allocation/i.test(e.message)) {
    return { kind: 'input', message: `input too large or too deeply nested to process (${e.message})`, code: 'file' };
  }
  const msg = e instanceof Error ? e.message : String(e);
  return { kind: 'internal', message: `internal error: ${msg}` };
}
