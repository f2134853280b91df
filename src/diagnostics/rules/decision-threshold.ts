/**
 * decision-threshold [info]: for binary and multilabel cases (BCEWithLogitsLoss on logits, BCELoss
 * on probabilities) with hard 0/1 targets, reports how well the scores rank (PR-AUC, ROC-AUC), F1
 * at the default threshold 0.5 and the threshold that maximises F1, as a probability and a logit.
 * With imbalanced data the best threshold is rarely 0.5 (and pos_weight shifts it further).
 */
import { averagePrecision, atThreshold, bestF1, rocAuc } from '../../engine/metrics/binary';
import { finding } from '../finding';
import { l10n } from '../../l10n';
import { sigmoid, spreadIndices } from '../../engine/numeric';
import { fmt, round } from '../format';
import type { Finding, Rule, RuleContext } from '../types';
import { BINARY_LOSSES } from '../../engine/losses/spec';

/** Analyse at most this many scores (evenly spread sample above it). */
const MAX_SCORES = 200_000;

const logit = (p: number): number => Math.log(p) - Math.log1p(-p);

export const decisionThreshold: Rule = {
  id: 'decision-threshold',
  severity: 'info',
  title: 'Decision threshold: PR-AUC and the best-F1 threshold',
  defaults: { minSamples: 20, maxLabels: 20 },
  appliesTo: BINARY_LOSSES,
  check(ctx: RuleContext): Finding[] {
    const c = ctx.case;
    const type = c.loss.type;
    const b = ctx.stats.binary;
    if (!b || b.invalid > 0 || b.soft > 0) return [];
    const inp = ctx.stats.input;
    if (inp.nonFinite > 0) return []; // (an empty input: no positive below)
    const probIn = inp.min >= 0 && inp.max <= 1;
    // BCEWithLogitsLoss on probabilities is double-sigmoid's finding; BCELoss needs probabilities.
    if (type === 'BCEWithLogitsLoss' && probIn) return [];
    if (type === 'BCELoss' && !probIn) return [];
    if (c.input.data.length !== c.target.data.length) return [];
    const pos = b.positives.reduce((s, v) => s + v, 0);
    const total = b.totals.reduce((s, v) => s + v, 0);
    if (total < ctx.options.minSamples || pos === 0 || pos === total) return [];

    const logits = type === 'BCEWithLogitsLoss';
    const x = c.input.data;
    const y = c.target.data;
    const idx = x.length > MAX_SCORES ? spreadIndices(x.length, MAX_SCORES) : undefined;
    const scores = idx ? Float64Array.from(idx, (i) => x[i]) : x;
    const labels = idx ? Float64Array.from(idx, (i) => y[i]) : y;
    const thr05 = logits ? 0 : 0.5;
    const ap = averagePrecision(scores, labels);
    const auc = rocAuc(scores, labels);
    const at = atThreshold(scores, labels, thr05);
    const best = bestF1(scores, labels);
    const bestProb = logits ? sigmoid(best.threshold) : best.threshold;
    const bestLogit = logits ? best.threshold : logit(best.threshold);
    const prevalence = pos / total;

    const evidence: Record<string, number | string | boolean | null | number[]> = {
      samples: total,
      positives: pos,
      prevalence: round(prevalence, 4),
      prAuc: round(ap, 4),
      rocAuc: round(auc, 4),
      f1At05: round(at.f1, 4),
      precisionAt05: round(at.precision, 4),
      recallAt05: round(at.recall, 4),
      bestF1: round(best.f1, 4),
      bestThresholdProb: round(bestProb, 4),
      bestThresholdLogit: round(bestLogit, 4),
      precisionAtBest: round(best.precision, 4),
      recallAtBest: round(best.recall, 4),
      sampled: idx !== undefined,
    };
    // Multilabel: per-label best thresholds (a few labels only).
    const L = b.labels;
    let perLabel = '';
    if (L > 1 && L <= ctx.options.maxLabels && !idx) {
      const thr: number[] = [];
      const aps: number[] = [];
      for (let l = 0; l < L; l++) {
        const s: number[] = [];
        const t: number[] = [];
        for (let i = l; i < x.length; i += L) { s.push(x[i]); t.push(y[i]); }
        const bl = bestF1(s, t);
        thr.push(Number.isFinite(bl.threshold) ? round(logits ? sigmoid(bl.threshold) : bl.threshold, 4) : NaN);
        aps.push(round(averagePrecision(s, t), 4));
      }
      evidence.perLabelBestThresholdProb = thr.map((v) => (Number.isFinite(v) ? v : -1));
      evidence.perLabelPrAuc = aps.map((v) => (Number.isFinite(v) ? v : -1));
      perLabel = l10n.t('Per label, the best thresholds are {0} (−1 in the evidence: no positives).', thr.map((v) => (Number.isFinite(v) ? fmt(v) : '–')).join(', '));
    }
    const pw = type === 'BCEWithLogitsLoss' && c.loss.pos_weight !== undefined;
    const gain = best.f1 - at.f1;
    const f1 = [fmt(at.f1), fmt(at.precision), fmt(at.recall), fmt(best.f1), fmt(bestProb), fmt(bestLogit)] as const;
    const message = [
      l10n.t('PR-AUC {0} (prevalence {1}, the PR-AUC of random scores), ROC-AUC {2}.', fmt(ap), fmt(prevalence), fmt(auc)),
      gain > 0.02
        ? l10n.t('At the default threshold 0.5 F1 is {0} (precision {1}, recall {2}); the best F1 on this batch is {3} at probability {4} (logit {5}), {6} better.', ...f1, fmt(gain))
        : l10n.t('At the default threshold 0.5 F1 is {0} (precision {1}, recall {2}); the best F1 on this batch is {3} at probability {4} (logit {5}), so 0.5 is about right here.', ...f1),
      ...pw ? [l10n.t('pos_weight shifts the predicted probabilities (up for pos_weight > 1), which moves the best threshold away from 0.5.')] : [],
      ...perLabel ? [perLabel] : [],
      l10n.t('Choose the threshold on validation data, not on the training batch.'),
    ].join(' ');
    return [finding(decisionThreshold, {
      message,
      evidence,
      fix: [
        `# ${l10n.t('pick the threshold on validation data by F1 (or the precision/recall your use case needs)')}`,
        'from sklearn.metrics import precision_recall_curve, average_precision_score',
        `probs = ${logits ? 'torch.sigmoid(val_logits)' : 'val_probs'}.flatten().cpu().numpy()`,
        'prec, rec, thr = precision_recall_curve(y_val.flatten().cpu().numpy(), probs)',
        'f1 = 2 * prec * rec / (prec + rec + 1e-12)',
        `threshold = thr[f1[:-1].argmax()]   # ${l10n.t('on this batch: {0} (logit {1})', fmt(bestProb), fmt(bestLogit))}`,
        'preds = probs >= threshold',
      ].join('\n'),
      field: 'input',
    })];
  },
};
