/** A parsed, validated loss case. Pure data: no I/O here, so diagnostics can import it. */
import type { LossSpec } from '../engine/losses/spec';
import type { Tensor } from '../engine/tensor';

export interface CaseMeta {
  pad_token_id?: number;
  class_names?: string[];
  reported_loss?: number;
  task?: string;
  /** Any other keys the user put in `meta`, kept as given. */
  [key: string]: unknown;
}

export interface CaseHistory {
  train?: number[];
  val?: number[];
}

/** Where a top-level field (or any JSON path we recorded) sits in the source file, 1-based. */
export interface SourceSpan {
  line: number;
  column: number;
  /** Byte offsets of the value, [start, end). */
  start: number;
  end: number;
}

export interface LossCase {
  /** The file it came from, if any. */
  file?: string;
  loss: LossSpec;
  input: Tensor;
  target: Tensor;
  meta: CaseMeta;
  history?: CaseHistory;
  /** Source positions keyed by JSON path: at least `loss`, `input`, `target`, `meta`, `history` and each `loss.<arg>` present. */
  spans: Record<string, SourceSpan>;
}
