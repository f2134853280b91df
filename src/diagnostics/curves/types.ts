/**
 * Curve rules look at logged scalar series (a run's training and validation losses) instead of a
 * loss case. Same findings, same ids and pages as the case rules where the question is the same
 * (`loss-plateau`, `loss-divergence` also read a case's `history`). Pure: no I/O.
 */
import type { Finding, Severity } from '../types';
import type { SeriesAnalysis } from './analyse';
import type { SeriesRoles } from './roles';

/** A named series (the log's own name), steps ascending, values as logged (NaN/±Inf kept). */
export interface CurveSeries {
  name: string;
  steps: ArrayLike<number>;
  values: ArrayLike<number>;
}

/** Loss levels that name a plateau, when known (from a snapshot case, the run's header, --classes). */
export interface CurveReference {
  /** Number of classes K (class losses). */
  numClasses?: number;
  logK?: number;
  /** Loss of the best constant prediction (the class prior's entropy, the base-rate entropy, the target variance). */
  constant?: number;
  /** What the constant prediction is, for messages ("predicting the class frequencies"). */
  constantText?: string;
  /** log(1 + (K−1)/e): the lowest CrossEntropyLoss reachable on softmax outputs. */
  doubleSoftmaxFloor?: number;
  /** The loss class, when known (`CrossEntropyLoss`). */
  lossType?: string;
  /** Where these levels come from, for messages (`snapshot cases/step_0.losscase.json`, `--classes 10`). */
  source: string;
}

export interface CurveContext {
  series: readonly CurveSeries[];
  roles: SeriesRoles;
  reference?: CurveReference;
  /** This rule's options (defaults merged with the user's). */
  options: Record<string, number>;
  /** Memoised per-series analysis (smoothed level, measured noise). */
  analysis(s: CurveSeries): SeriesAnalysis;
}

export interface CurveRule {
  id: string;
  severity: Severity;
  title: string;
  defaults: Record<string, number>;
  check(ctx: CurveContext): Finding[];
}
