/**
 * Which logged series are losses, which are validation curves, and which training curve a
 * validation curve belongs to — from the names logs use (`loss`, `train_loss`, `train/loss`,
 * `Loss/train`, `val_loss`, `eval_loss`, `validation/epoch_loss`, `rank1/loss`).
 */
import type { CurveSeries } from './types';

const LOSS = /loss|nll|xent|cross_?entropy|perplexity/i;
/** Not losses although named so: AMP's loss scale, loss weights/coefficients. */
const NOT_LOSS = /loss[_/ .-]?(scale|scaler|weight|coef|coeff|multiplier)|scaler/i;
const VAL = /(^|[/_.\- ])(val|valid|validation|eval|evaluation|test|dev|holdout)(?=$|[/_.\- ])/i;
const TRAIN = /(^|[/_.\- ])(train|training)(?=$|[/_.\- ])/i;
const RANK = /^rank(\d+)\//;

export function isLossName(name: string): boolean {
  return LOSS.test(name) && !NOT_LOSS.test(name);
}

export function isValidationName(name: string): boolean {
  return VAL.test(name);
}

/** The name without train/val words, rank prefix and separators (`val_loss` and `train/loss` → `loss`). */
export function canonicalName(name: string): string {
  let s = name.replace(RANK, '');
  for (let i = 0; i < 3; i++) s = s.replace(VAL, '$1').replace(TRAIN, '$1');
  return s.toLowerCase().replace(/[/_.\- ]+/g, '');
}

export interface SeriesRoles {
  /** Loss series of training (every rank). */
  train: CurveSeries[];
  /** Validation/evaluation loss series. */
  val: CurveSeries[];
  /** The main training loss (rank 0, most points). */
  primaryTrain?: CurveSeries;
  /** The training curve a validation curve is compared with. */
  partnerOf(val: CurveSeries): CurveSeries | undefined;
  isRankCopy(s: CurveSeries): boolean;
}

export function assignRoles(series: readonly CurveSeries[]): SeriesRoles {
  const train: CurveSeries[] = [];
  const val: CurveSeries[] = [];
  for (const s of series) {
    if (!isLossName(s.name)) continue;
    (isValidationName(s.name) ? val : train).push(s);
  }
  const rank0 = train.filter((s) => !RANK.test(s.name));
  const pool = rank0.length ? rank0 : train;
  let primaryTrain: CurveSeries | undefined;
  for (const s of pool) if (!primaryTrain || s.values.length > primaryTrain.values.length) primaryTrain = s;
  return {
    train, val, primaryTrain,
    partnerOf(v) {
      const key = canonicalName(v.name);
      const same = pool.filter((t) => canonicalName(t.name) === key);
      if (same.length) return same.reduce((a, b) => (b.values.length > a.values.length ? b : a));
      return primaryTrain;
    },
    isRankCopy: (s) => RANK.test(s.name) && rank0.length > 0,
  };
}
