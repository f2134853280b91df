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
 */
import { finding } from '../finding';
import { fmt, pct, round } from '../stats';
import type { Finding, Rule, RuleContext } from '../types';

export const labelSmoothingRisk: Rule = {
  id: 'label-smoothing-risk',
  severity: 'warning',
  title: 'Label smoothing may hurt here',
  defaults: { maxEpsilon: 0.3, minorityShare: 0.05, maxClasses: 100, minTargets: 50 },
  check(ctx: RuleContext): Finding[] {
    const spec = ctx.case.loss;
    if (spec.type !== 'CrossEntropyLoss') return [];
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
        message: `label_smoothing=${fmt(eps)} is large: each target keeps only ${fmt(trueMass)} on its true class and spreads ${fmt(eps)} over all ${K || 'the'} classes. ` +
          'Above ~0.3 the model is trained towards flat, under-confident predictions, accuracy and calibration usually get worse, and the loss cannot go below the smoothed targets\' entropy.',
        evidence: { labelSmoothing: eps, numClasses: K || null, trueClassTarget: round(trueMass, 6), maxEpsilon: ctx.options.maxEpsilon },
        fix: 'criterion = nn.CrossEntropyLoss(label_smoothing=0.1)  # typical values: 0.05 to 0.2',
        field: 'loss.label_smoothing',
        edit: { path: ['loss', 'label_smoothing'], value: 0.1 },
      }));
    }

    const cc = ctx.stats.classCounts;
    if (cc && K >= 2 && K <= ctx.options.maxClasses && cc.valid >= ctx.options.minTargets) {
      const limit = Math.min(ctx.options.minorityShare, 0.5 / K);
      const rare: number[] = [];
      for (let k = 0; k < K; k++) if (cc.counts[k] / cc.valid < limit) rare.push(k);
      // Only classes present in the batch are reported (an absent class may simply not be in this batch); absent ones show share 0 in the evidence.
      const present = rare.filter((k) => cc.counts[k] > 0);
      if (present.length > 0) {
        const shares: Record<string, number> = {};
        for (const k of rare) shares[String(k)] = round(cc.counts[k] / cc.valid, 4);
        const list = present.slice(0, 8).map((k) => `${name(k)}: ${cc.counts[k]} of ${cc.valid} (${pct(cc.counts[k] / cc.valid)})`).join(', ');
        const suggested = Math.min(eps, 0.05);
        const weighted = spec.weight !== undefined;
        out.push(finding(labelSmoothingRisk, {
          message: `label_smoothing=${fmt(eps)} with rare classes: ${list}${present.length > 8 ? ', …' : ''}. ` +
            'Smoothing trains the model to be less confident everywhere; a rare class, whose logit rarely wins the argmax anyway, loses recall first' +
            (weighted ? ' (class weights do not undo this: they rescale the smoothed terms too).' : '.'),
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
            `criterion = nn.CrossEntropyLoss(label_smoothing=${fmt(suggested)}${weighted ? ', weight=class_weights' : ''})  # or 0.0 for rare-class detection`,
            '# compare per-class recall with and without smoothing on the validation set',
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
