/** Errors as data: what kind, where (file, JSON path, line, column) and how to fix it. */

export type ErrorCode =
  | 'syntax'        // malformed JSON
  | 'structure'     // wrong JSON type or missing field
  | 'ragged'        // nested arrays of unequal length
  | 'shape'         // shapes that disagree
  | 'value'         // a value out of range (NaN where not allowed, label_smoothing > 1, ...)
  | 'unknown-loss'  // loss type not known
  | 'unknown-arg'   // loss argument not known
  | 'file'          // missing, unreadable, too large
  | 'format'        // npy / safetensors format violations
  | 'unsupported';  // valid but not supported (big-endian npy, Fortran order, ...)

export interface Where {
  file?: string;
  /** JSON path such as `input[3][17]` or `loss.label_smoothing`. */
  path?: string;
  line?: number;
  column?: number;
}

/** A one-line error about a case file: where it is and how to fix it. Never leaves a blank panel. */
export interface CaseErrorView {
  message: string;
  file?: string;
  /** JSON path such as `input[3][17]` or `loss.label_smoothing`. */
  path?: string;
  line?: number;
  column?: number;
  hint?: string;
  /** `LossDebuggerError.code` when known (syntax, shape, value, ...). */
  code?: string;
}

/** An error as it crosses the worker boundary. `kind: 'input'` is a LossDebuggerError (bad input). */
export interface WorkerErrorInfo {
  kind: 'input' | 'cancelled' | 'crashed' | 'internal';
  message: string;
  code?: string;
  detail?: string;
  hint?: string;
  where?: Where;
}
