/**
 * Imbalanced classes trained without class weights (or pos_weight): the model can score well by
 * predicting the majority and the minority class barely contributes to the gradient.
 *
 * Multiclass (CrossEntropyLoss/NLLLoss with 1-D index targets, C ≤ maxClasses, at least minPerClass
 * samples per class on average, no meta.pad_token_id): majority/minority
 * count ratio ≥ minRatio, and the majority exceeds minRatio × (minority + z·√minority), so Poisson
 * noise of small samples does not count. Binary/multilabel (BCE losses): a label's positive rate ≤
 * maxPositiveRate. Token-level targets (2-D+ or many classes) are not judged.
 */
import { finding } from '../finding';
import { fmt, pct, round } from '../stats';
import type { Rule } from '../types';

export const classImbalance: Rule = {
  id: 'class-imbalance',
  severity: 'warning',
  title: 'Imbalanced classes without weight / pos_weight',
  defaults: { minRatio: 5, maxPositiveRate: 0.1, minSamples: 50, minPerClass: 10, maxClasses: 100, noiseSigmas: 2 },
  check(ctx) {
    const c = ctx.case;
    const o = ctx.options;
    const type = c.loss.type;
    if (type === 'CrossEntropyLoss' || type === 'NLLLoss') {
      if (c.loss.weight) return [];
      const cc = ctx.stats.classCounts;
      if (!cc || c.target.shape.length !== 1 || cc.C < 2 || cc.C > o.maxClasses || cc.valid < o.minSamples) return [];
      // Token-level data (a pad id in meta) and too few samples per class to judge a distribution.
      if (typeof c.meta.pad_token_id === 'number' || cc.valid < o.minPerClass * cc.C) return [];
      const K = cc.C;
      const present = cc.counts.filter((n) => n > 0);
      if (present.length < 2) return [];
      const maxC = Math.max(...present);
      const minC = Math.min(...present);
      const ratio = maxC / minC;
      if (ratio < o.minRatio || maxC < o.minRatio * (minC + o.noiseSigmas * Math.sqrt(minC))) return [];
      const N = cc.valid;
      const zero = cc.counts.map((n, k) => (n === 0 ? k : -1)).filter((k) => k >= 0);
      // Inverse frequency N/(K·n_k), normalised to mean 1 over the classes present; absent classes get the largest weight.
      const inv = cc.counts.map((n) => (n > 0 ? N / (K * n) : 0));
      const norm = (w: number[]): number[] => {
        const vals = w.filter((_, k) => cc.counts[k] > 0);
        const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
        const top = Math.max(...vals) / mean;
        return w.map((v, k) => round(cc.counts[k] > 0 ? v / mean : top, 4));
      };
      const weights = norm(inv);
      const sqrtWeights = norm(inv.map((v) => Math.sqrt(v)));
      const majority = cc.counts.indexOf(maxC);
      const minority = cc.counts.indexOf(minC);
      const names = c.meta.class_names;
      const nm = (k: number): string => (names && names[k] !== undefined ? `'${names[k]}'` : `class ${k}`);
      return [finding(classImbalance, {
        message: `The ${N} targets are imbalanced: ${nm(majority)} has ${maxC} samples (${pct(maxC / N)}) and ${nm(minority)} only ${minC} (${pct(minC / N)}), a ratio of ${fmt(ratio)}:1, and ${type} has no weight. The loss is dominated by the frequent classes; a model that ignores the rare ones still looks good.${zero.length ? ` Class${zero.length > 1 ? 'es' : ''} ${zero.slice(0, 10).join(', ')} never occur${zero.length > 1 ? '' : 's'} in this case.` : ''}`,
        evidence: {
          counts: cc.counts,
          total: N,
          numClasses: K,
          majorityClass: majority,
          minorityClass: minority,
          ratio: round(ratio, 4),
          absentClasses: zero,
          suggestedWeight: weights,
          suggestedSqrtWeight: sqrtWeights,
        },
        fix: [
          `counts = torch.bincount(train_targets, minlength=${K}).float()`,
          `weight = counts.sum() / (${K} * counts.clamp_min(1))     # inverse frequency`,
          'weight = weight / weight.mean()                           # mean 1 keeps the loss scale',
          `# here: weight = torch.tensor([${weights.join(', ')}])`,
          `# gentler: weight.sqrt() normalised -> [${sqrtWeights.join(', ')}]`,
          `criterion = nn.${type}(weight=weight)`,
          '# alternatively resample: torch.utils.data.WeightedRandomSampler(1.0 / counts[train_targets], len(train_targets))',
        ].join('\n'),
        field: 'loss',
        edit: { path: ['loss', 'weight'], value: weights },
      })];
    }

    if (type === 'BCELoss' || type === 'BCEWithLogitsLoss') {
      if (c.loss.weight || c.loss.pos_weight) return [];
      const b = ctx.stats.binary;
      if (!b) return [];
      const flagged: number[] = [];
      const rates: number[] = [];
      const posW: number[] = [];
      const sqrtW: number[] = [];
      for (let l = 0; l < b.labels; l++) {
        const n = b.totals[l];
        const p = b.positives[l];
        const rate = n ? p / n : NaN;
        rates.push(round(rate, 4));
        const w = p > 0 ? (n - p) / p : NaN;
        posW.push(Number.isFinite(w) ? round(w, 4) : 1);
        sqrtW.push(Number.isFinite(w) ? round(Math.sqrt(w), 4) : 1);
        if (n >= o.minSamples && rate <= o.maxPositiveRate) flagged.push(l);
      }
      if (flagged.length === 0) return [];
      const noPos = flagged.filter((l) => b.positives[l] === 0);
      const multi = b.labels > 1;
      const l0 = flagged[0];
      const desc = multi
        ? `${flagged.length} of ${b.labels} labels have a positive rate ≤ ${pct(o.maxPositiveRate)} (label ${l0}: ${b.positives[l0]} of ${b.totals[l0]}, ${pct(b.positives[l0] / b.totals[l0])})`
        : `only ${b.positives[0]} of ${b.totals[0]} targets are positive (${pct(b.positives[0] / b.totals[0])})`;
      const pw = multi ? `torch.tensor([${posW.join(', ')}])` : `torch.tensor([${posW[0]}])`;
      return [finding(classImbalance, {
        message: `${desc}, and ${type} has no pos_weight: predicting "negative" everywhere already gives a low loss and high accuracy, so the positives are learned slowly or not at all.${noPos.length ? ` Label${noPos.length > 1 ? 's' : ''} ${noPos.join(', ')} ha${noPos.length > 1 ? 've' : 's'} no positive at all here (no pos_weight can be computed from this batch; use the training-set counts).` : ''}`,
        evidence: {
          positives: b.positives,
          totals: b.totals,
          positiveRate: rates,
          flaggedLabels: flagged,
          suggestedPosWeight: posW,
          suggestedSqrtPosWeight: sqrtW,
        },
        fix: [
          'pos = train_targets.sum(dim=0)                # positives per label',
          'neg = train_targets.shape[0] - pos',
          'pos_weight = neg / pos.clamp_min(1)           # N_neg / N_pos',
          `# here: pos_weight = ${pw}   (gentler: its sqrt, [${sqrtW.join(', ')}])`,
          'criterion = nn.BCEWithLogitsLoss(pos_weight=pos_weight)',
          '# also tune the decision threshold on validation data instead of using 0.5,',
          '# or rebalance batches with torch.utils.data.WeightedRandomSampler',
        ].join('\n'),
        field: 'loss',
        ...(type === 'BCEWithLogitsLoss' ? { edit: { path: ['loss', 'pos_weight'], value: posW } } : {}),
      })];
    }
    return [];
  },
};
