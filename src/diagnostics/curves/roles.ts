/**
 * Which logged series are losses, which are validation curves, and which training curve a
 * validation curve belongs to — from the names logs use (`loss`, `train_loss`, `train/loss`,
 * `Loss/train`, `val_loss`, `eval_loss`, `validation/epoch_loss`, `rank1/loss`).
 *
 * Totals and terms: a multi-term objective logs its total (`loss`, `train_loss_epoch`,
 * `mean_loss`, `total_loss`) next to its terms (`dynamics_loss`, `train_domain_loss`,
 * `loss_temporal_512`). Terms trade off against each other by design (an adversarial term rises,
 * a boundary term is sacrificed while the total falls), so when a total is logged, the rules that
 * judge the shape of the training curve (divergence, spikes, plateau) judge the total only.
 * `train_loss_step` and `train_loss_epoch` are one quantity at two granularities: one group.
 */
import { l10n } from '../../l10n';
import type { Finding } from '../types';
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

/** Words that say how a loss was aggregated or when it was logged, not what it measures. */
const AGGREGATE = new Set(['step', 'steps', 'epoch', 'epochs', 'iter', 'iteration', 'batch', 'total', 'mean', 'avg', 'average', 'overall', 'sum', 'combined', 'full', 'all']);

/**
 * What a loss series measures, without split, rank, aggregation and logging-period words:
 * `train_loss_step`, `train_loss_epoch`, `mean_loss`, `Loss/train` → `loss` (a total);
 * `dynamics_loss_epoch` → `dynamics_loss` (a term).
 */
export function lossGroup(name: string): string {
  let s = name.replace(RANK, '');
  for (let i = 0; i < 3; i++) s = s.replace(VAL, '$1').replace(TRAIN, '$1');
  return s.toLowerCase().split(/[/_.\- ]+/).filter((t) => t && !AGGREGATE.has(t)).join('_');
}

/** A total loss (not one term of a multi-term objective). */
export function isTotalLoss(name: string): boolean {
  return lossGroup(name) === 'loss';
}

export interface SeriesRoles {
  /** Loss series of training (every rank). */
  train: CurveSeries[];
  /** Validation/evaluation loss series. */
  val: CurveSeries[];
  /** The main training loss (rank 0, a total when one is logged, most points). */
  primaryTrain?: CurveSeries;
  /**
   * The training curves whose shape is judged (divergence, spikes): rank 0 (or every rank when no
   * rank 0 is logged), the totals only when a total is logged, most points first.
   */
  judgedTrain: CurveSeries[];
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
  const totals = pool.filter((s) => isTotalLoss(s.name));
  const judgedTrain = (totals.length ? totals : pool).slice().sort((a, b) => b.values.length - a.values.length);
  const primaryTrain = judgedTrain[0];
  return {
    train, val, primaryTrain, judgedTrain,
    partnerOf(v) {
      const key = canonicalName(v.name);
      const same = pool.filter((t) => canonicalName(t.name) === key);
      if (same.length) return same.reduce((a, b) => (b.values.length > a.values.length ? b : a));
      return primaryTrain;
    },
    isRankCopy: (s) => RANK.test(s.name) && rank0.length > 0,
  };
}

/**
 * One finding per loss group: `train_loss_step` and `train_loss_epoch` diverging (or spiking) are
 * one problem. Keeps the first finding of each group (callers order series most points first) and
 * names the other series of the group in its evidence (`alsoIn`) and message.
 */
export function foldByGroup(findings: Finding[]): Finding[] {
  const kept = new Map<string, Finding>();
  for (const f of findings) {
    const name = typeof f.evidence.series === 'string' ? f.evidence.series : '';
    const key = lossGroup(name);
    const first = kept.get(key);
    if (!first) { kept.set(key, f); continue; }
    const also = Array.isArray(first.evidence.alsoIn) ? (first.evidence.alsoIn as string[]) : [];
    first.evidence.alsoIn = [...also, name];
  }
  const out = [...kept.values()];
  for (const f of out) {
    const also = f.evidence.alsoIn;
    if (Array.isArray(also) && also.length) f.message += ` ${l10n.t('The same shows in {0}.', also.map((n) => `'${String(n)}'`).join(', '))}`;
  }
  return out;
}
