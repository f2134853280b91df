/** Everything the panel and the HTML report show for an inspected loss case: small plain data. */
import type { Finding } from './finding';

/** A curve; `null` stands for a value JSON could not carry (NaN, ±Inf). */
export type Series = Array<number | null>;

/** A label and a value for summary and metrics tables. */
export interface StatRow {
  label: string;
  value: number | string | null;
  /** A short explanation shown next to the value. */
  note?: string;
}

export interface HistogramView {
  /** bins + 1 edges, increasing. */
  edges: number[];
  counts: number[];
  min: number;
  max: number;
  /** Values that are NaN or ±Inf (not in any bin). */
  nonFinite: number;
  total: number;
  /** Share of finite values inside [0, 1]. */
  inUnitInterval: number;
  /** One sentence: "looks like probabilities" / "looks like logits" / ... */
  interpretation: string;
  /** Outliers left out when the bins cover a robust range (0.1%–99.9% quantiles) instead of [min, max]. */
  below?: number;
  above?: number;
  /** Highlight the bins inside [0, 1] (where probabilities live): set for classification losses. */
  markUnitInterval?: boolean;
  /**
   * The counts are of a sample, not of every value (an input read in chunks): `values` values taken
   * every `every`-th of the `total`. min, max, nonFinite and inUnitInterval are still of every value.
   */
  sample?: { values: number; every: number };
}

export interface BarsView {
  labels: string[];
  values: number[];
  /** The sum over the classes not listed (big vocabularies), when any. */
  other?: number;
  otherCount?: number;
  /** Optional counts behind each bar (e.g. samples per class for a mean). */
  counts?: number[];
  caption?: string;
}

export interface CurvePoint { x: number; y: number }

export interface PRView {
  /** Points ordered by recall. */
  points: CurvePoint[];
  averagePrecision: number | null;
  prevalence: number;
  label?: string;
}

/** One bin of a reliability diagram. `null` confidence/accuracy: an empty bin. */
export interface ReliabilityBin {
  lo: number;
  hi: number;
  count: number;
  /** Mean predicted confidence of the samples in the bin. */
  confidence: number | null;
  /** Observed frequency of being right (positive) in the bin. */
  accuracy: number | null;
}

export interface ReliabilityView {
  bins: ReliabilityBin[];
  /** Expected calibration error. */
  ece: number | null;
  label: string;
}

export interface SampleRow {
  /** Flat index into the per-element loss, and its multi-index as text (`[3, 17]`). */
  index: number;
  position: string;
  target: string;
  predicted: string;
  loss: number;
  /** Share of the total loss (0..1). */
  share: number;
}

/**
 * A case whose input was read in chunks of rows instead of held (larger than the file-size limit, or
 * `lossdbg inspect --stream`): how it was read, and the rules that could not run on it.
 */
export interface StreamInfo {
  rows: number;
  chunks: number;
  /** Rules that could not run on the streamed input, with what they needed. */
  notChecked: { rule: string; needs: string }[];
  /** What the rules asked for: rows read back, losses recomputed and extra passes over the file. */
  requests: { rows: number; losses: number; passes: number };
}

/** What the case view says of a streamed case: `StreamInfo` and the views it could not build, with why. */
export interface StreamedCaseView extends StreamInfo {
  unavailable: { view: string; why: string }[];
}

/**
 * Everything the panel shows for an inspected loss case. Small: never the raw tensors. The findings,
 * the recomputed loss and the file travel once, here (the worker's InspectResult carries this view).
 */
export interface CaseView {
  file?: string;
  title: string;
  lossType: string;
  lossArgs: Record<string, string | number | boolean | null>;
  /** The recomputed loss (null for reduction 'none' or when it failed). */
  lossValue: number | null;
  lossError?: string;
  reportedLoss?: number;
  summary: StatRow[];
  metrics: StatRow[];
  histogram?: HistogramView;
  classFrequency?: BarsView;
  perClassLoss?: BarsView;
  pr?: PRView;
  reliability?: ReliabilityView;
  topSamples?: SampleRow[];
  /** Share of the total loss carried by the listed top samples. */
  topSamplesShare?: number;
  /** Loss history from the case file, when it has one. */
  history?: { train?: Series; val?: Series; downsampledFrom?: number };
  findings: Finding[];
  /** Set when the input was read in chunks (not held): the panel says so and what it could not show. */
  streamed?: StreamedCaseView;
}
