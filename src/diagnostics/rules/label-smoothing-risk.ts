/**
 * label-smoothing-risk: CrossEntropyLoss(label_smoothing=ε) where smoothing is likely to hurt:
 * ε above `maxEpsilon` (the targets become mostly uniform noise), or a rare class (under
 * `minorityShare` of the targets and well under the uniform share 1/K) whose recall suffers.
 *
 * Why rare classes: smoothing caps the target probability of the true class at 1 − ε + ε/K and
 * spreads ε over every class at every sample. For a majority class the many positive samples
 * dominate; for a rare class the ε/K mass it receives from all the other samples is comparable to
 * what its few true samples give it, and the model is explicitly trained not to be confident —
 * exactly what a rare class needs to cross the argmax. Only checked for ≤ `maxClasses` classes (a
 * 32k-token vocabulary is always "imbalanced" and smoothing there is standard practice).
 *
 * With class weights the direction reverses. PyTorch weights the smoothing term per class too: a
 * sample of class j has target mass (1 − ε + ε/K)·w_j on j and ε/K·w_k on every other class k, and
 * its loss is lowest at p_k/p_j = ε/K·w_k / ((1 − ε + ε/K)·w_j). A heavily weighted rare class k
 * therefore takes probability from (or even the argmax of) the majority samples: it is predicted
 * everywhere, it does not lose recall. Fires when that ratio reaches `minTakeoverRatio` for a
 * class present in the batch.
 */
import { finding } from '../finding';
import { l10n } from '../../l10n';
import { fmt, pct, round } from '../format';
import type { Finding, Rule, RuleContext } from '../types';

/** The heavily weighted class that the weighted smoothing term pushes onto other classes' samples. */
function weightedTakeover(ctx: RuleContext, K: number, eps: number, trueMass: number): Finding | undefined {
  const spec = ctx.case.loss;
  const cc = ctx.stats.classCounts;
  const w = spec.weight?.data;
  if (!cc || !w) return undefined;
  const off = spec.smoothing_mode === 'others' ? eps / (K - 1) : eps / K;
  let kTop = -1;
  for (let k = 0; k < K; k++) if (kTop < 0 || w[k] > w[kTop]) kTop = k;
  if (!(w[kTop] > 0)) return undefined;
  // Classes present in the batch whose samples the top-weighted class pulls towards itself.
  const ratio = (j: number): number => (off * w[kTop]) / (trueMass * w[j]);
  const victims: number[] = [];
  let worst = -1;
  for (let j = 0; j < K; j++) {
    if (j === kTop || cc.counts[j] === 0 || !(w[j] > 0)) continue;
    if (ratio(j) >= ctx.options.minTakeoverRatio) victims.push(j);
    if (worst < 0 || ratio(j) > ratio(worst)) worst = j;
  }
  if (victims.length === 0) return undefined; // a victim is a candidate for `worst` too: worst ≥ 0
  const R = ratio(worst);
  const over = victims.filter((j) => ratio(j) >= 1);
  const share = (js: number[]): number => js.reduce((a, j) => a + cc.counts[j], 0) / cc.valid;
  // What the model in this case already does: victims' samples whose argmax is the top-weighted class.
  const layout = ctx.stats.layout;
  let predicted = 0, victimRows = 0;
  const tops = layout && layout.targetKind === 'index' ? ctx.stats.rowTops : undefined;
  if (layout && tops) {
    const t = ctx.case.target.data;
    const isVictim = new Uint8Array(K);
    for (const j of victims) isVictim[j] = 1;
    for (let r = 0; r < layout.rows; r++) {
      const y = t[r];
      if (!(y >= 0 && y < K) || !isVictim[y]) continue;
      victimRows++;
      if (tops.argmax[r] === kTop) predicted++;
    }
  }
  const names = ctx.case.meta.class_names;
  const nm = (k: number): string => (Array.isArray(names) && typeof names[k] === 'string' ? l10n.t('class {0} ({1})', k, names[k]) : l10n.t('class {0}', k));
  const vList = victims.slice(0, 4).map(nm).join(', ') + (victims.length > 4 ? ', …' : '');
  const oList = over.slice(0, 4).map(nm).join(', ') + (over.length > 4 ? ', …' : '');
  const intro = [fmt(eps), fmt(w[worst]), nm(worst), fmt(w[kTop]), nm(kTop), spec.smoothing_mode === 'others' ? 'K−1' : 'K', fmt(off)] as const;
  const sentences = [over.length
    ? l10n.t("label_smoothing={0} with class weights from {1} ({2}) to {3} ({4}): PyTorch multiplies the smoothing mass ε/{5} = {6} given to every class by that class's weight, so {4} takes over the prediction on the samples of {7} ({8} of the targets): the optimum there gives it {9}× the probability of the true class. The weighted rare class is predicted on majority samples; it does not lose recall, precision collapses instead.", ...intro, oList, pct(share(over)), fmt(R))
    : l10n.t("label_smoothing={0} with class weights from {1} ({2}) to {3} ({4}): PyTorch multiplies the smoothing mass ε/{5} = {6} given to every class by that class's weight, so on the samples of {7} ({8} of the targets) the optimum gives {4} {9}× the probability of the true class: the majority class barely keeps the argmax, a small shift of the features hands it to {4}, and the probabilities are badly calibrated.", ...intro, vList, pct(share(victims)), fmt(R))];
  if (victimRows > 0) sentences.push(l10n.t('In this batch {0} of those {1} samples are already predicted as {2}.', predicted, victimRows, nm(kTop)));
  return finding(labelSmoothingRisk, {
    message: sentences.join(' '),
    evidence: {
      labelSmoothing: eps,
      numClasses: K,
      topWeightClass: kTop,
      topWeight: w[kTop],
      weightRatio: round(w[kTop] / w[worst], 4),
      takeoverRatio: round(R, 4),
      affectedClasses: victims,
      affectedShare: round(share(victims), 4),
      predictedAsTopClass: predicted,
      affectedSamples: victimRows,
      minTakeoverRatio: ctx.options.minTakeoverRatio,
    },
    fix: [
      `criterion = nn.CrossEntropyLoss(weight=class_weights)   # ${l10n.t('label_smoothing=0: class weights and smoothing do not mix')}`,
      `# ${l10n.t('or keep smoothing but weight each sample by its own class only (the smoothed target is not reweighted):')}`,
      `per_sample = F.cross_entropy(logits, target, label_smoothing=${fmt(eps)}, reduction='none')`,
      'loss = (per_sample * class_weights[target]).sum() / class_weights[target].sum()',
    ].join('\n'),
    field: 'loss.label_smoothing',
    edit: { path: ['loss', 'label_smoothing'], value: 0 },
  });
}

export const labelSmoothingRisk: Rule = {
  id: 'label-smoothing-risk',
  severity: 'warning',
  title: 'Label smoothing may hurt here',
  defaults: { maxEpsilon: 0.3, minorityShare: 0.05, maxClasses: 100, minTargets: 50, minTakeoverRatio: 0.5 },
  appliesTo: ['CrossEntropyLoss'],
  check(ctx: RuleContext): Finding[] {
    const spec = ctx.case.loss;
    const eps = spec.label_smoothing;
    if (!(eps > 0)) return [];
    const layout = ctx.stats.layout;
    const K = layout?.C ?? 0;
    const names = ctx.case.meta.class_names;
    const name = (k: number): string => (Array.isArray(names) && typeof names[k] === 'string' ? `${k} (${names[k]})` : String(k));
    const trueMass = spec.smoothing_mode === 'others' ? 1 - eps : 1 - eps + (K > 0 ? eps / K : 0);
    const out: Finding[] = [];

    if (eps > ctx.options.maxEpsilon) {
      out.push(finding(labelSmoothingRisk, {
        message: `${K
          ? l10n.t('label_smoothing={0} is large: each target keeps only {1} on its true class and spreads {0} over all {2} classes.', fmt(eps), fmt(trueMass), K)
          : l10n.t('label_smoothing={0} is large: each target keeps only {1} on its true class and spreads {0} over all the classes.', fmt(eps), fmt(trueMass))} ${l10n.t("Above ~0.3 the model is trained towards flat, under-confident predictions, accuracy and calibration usually get worse, and the loss cannot go below the smoothed targets' entropy.")}`,
        evidence: { labelSmoothing: eps, numClasses: K || null, trueClassTarget: round(trueMass, 6), maxEpsilon: ctx.options.maxEpsilon },
        fix: `criterion = nn.CrossEntropyLoss(label_smoothing=0.1)  # ${l10n.t('typical values: {0} to {1}', 0.05, 0.2)}`,
        field: 'loss.label_smoothing',
        edit: { path: ['loss', 'label_smoothing'], value: 0.1 },
      }));
    }

    const cc = ctx.stats.classCounts;
    if (cc && K >= 2 && spec.weight && spec.weight.data.length === K && cc.valid >= ctx.options.minTargets) {
      const f = weightedTakeover(ctx, K, eps, trueMass);
      if (f) out.push(f);
    } else if (cc && K <= ctx.options.maxClasses && cc.valid >= ctx.options.minTargets) {
      // (one class, K = 1, holds every valid target: never rare; K = 0 has no class to list)
      const limit = Math.min(ctx.options.minorityShare, 0.5 / K);
      const rare: number[] = [];
      for (let k = 0; k < K; k++) if (cc.counts[k] / cc.valid < limit) rare.push(k);
      // Only classes present in the batch are reported (an absent class may simply not be in this batch); absent ones show share 0 in the evidence.
      const present = rare.filter((k) => cc.counts[k] > 0);
      if (present.length > 0) {
        const shares: Record<string, number> = {};
        for (const k of rare) shares[String(k)] = round(cc.counts[k] / cc.valid, 4);
        const list = present.slice(0, 8).map((k) => l10n.t('{0}: {1} of {2} ({3})', name(k), cc.counts[k], cc.valid, pct(cc.counts[k] / cc.valid))).join(', ') + (present.length > 8 ? ', …' : '');
        const suggested = Math.min(eps, 0.05);
        const weighted = spec.weight !== undefined;
        out.push(finding(labelSmoothingRisk, {
          message: `${l10n.t('label_smoothing={0} with rare classes: {1}.', fmt(eps), list)} ${weighted
            ? l10n.t('Smoothing trains the model to be less confident everywhere; a rare class, whose logit rarely wins the argmax anyway, loses recall first (class weights do not undo this: they rescale the smoothed terms too).')
            : l10n.t('Smoothing trains the model to be less confident everywhere; a rare class, whose logit rarely wins the argmax anyway, loses recall first.')}`,
          evidence: {
            labelSmoothing: eps,
            numClasses: K,
            rareClasses: present,
            rareShares: shares,
            minorityShare: limit,
            targets: cc.valid,
            classWeights: weighted,
          },
          fix: [
            `criterion = nn.CrossEntropyLoss(label_smoothing=${fmt(suggested)}${weighted ? ', weight=class_weights' : ''})  # ${l10n.t('or 0.0 for rare-class detection')}`,
            `# ${l10n.t('compare per-class recall with and without smoothing on the validation set')}`,
            'from sklearn.metrics import classification_report',
            'print(classification_report(y_val, logits_val.argmax(1)))',
          ].join('\n'),
          field: 'loss.label_smoothing',
        }));
      }
    }
    return out;
  },
};
