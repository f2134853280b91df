/**
 * Imbalanced classes trained without class weights (or pos_weight): the model can score well by
 * predicting the majority and the minority class barely contributes to the gradient.
 *
 * Multiclass (CrossEntropyLoss/NLLLoss with 1-D index targets, C ≤ maxClasses, at least minPerClass
 * samples per class on average, no meta.pad_token_id): majority/minority
 * count ratio ≥ minRatio, and the majority exceeds minRatio × (minority + z·√minority), so Poisson
 * noise of small samples does not count. Binary/multilabel (BCE losses): a label's positive rate ≤
 * maxPositiveRate. Token-level targets (2-D+, many classes, or flattened padded sequences: the ignored
 * label in runs of varying length) are not judged.
 */
import { finding } from '../finding';
import { l10n } from '../../l10n';
import type { Tensor } from '../../engine/tensor';
import { broadcastTo } from '../../engine/losses/common';
import { averagePrecision } from '../../engine/metrics/binary';
import { fmt, pct, pyComment, round } from '../format';
import type { BinaryCounts } from '../stats';
import type { Finding, Rule, RuleContext } from '../types';
import { CLASS_LOSSES, BINARY_LOSSES } from '../../engine/losses/spec';

/** Binary targets counted per label, with the label axis chosen from meta or from the data. */
interface BinaryLabels {
  counts: BinaryCounts;
  /** The target dim that indexes labels; undefined when all positions share one label. */
  axis?: number;
  /** Why the positions were pooled into one label (for the message), when they were. */
  pooled?: string;
}

/** Positives and totals per index of `axis` (targets ≥ 0.5 positive; values outside [0, 1] skipped). */
function countAlong(t: Tensor, axis: number | undefined): BinaryCounts {
  const s = t.shape;
  const L = axis === undefined ? 1 : s[axis];
  const inner = axis === undefined ? 1 : s.slice(axis + 1).reduce((a, b) => a * b, 1);
  const positives = new Array<number>(L).fill(0), totals = new Array<number>(L).fill(0);
  let soft = 0, invalid = 0;
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (!(v >= 0 && v <= 1)) { invalid++; continue; }
    const l = L === 1 ? 0 : Math.floor(i / inner) % L;
    totals[l]++;
    if (v >= 0.5) positives[l]++;
    if (v > 0 && v < 1) soft++;
  }
  return { labels: L, positives, totals, soft, invalid };
}

/** χ² of "every index of the axis has the same positive rate", with its degrees of freedom. */
function heterogeneity(b: BinaryCounts): { chi2: number; df: number } {
  const P = b.positives.reduce((a, x) => a + x, 0), N = b.totals.reduce((a, x) => a + x, 0);
  const p = N ? P / N : 0;
  if (!(p > 0 && p < 1)) return { chi2: 0, df: Math.max(b.labels - 1, 0) };
  let chi2 = 0, df = -1;
  for (let l = 0; l < b.labels; l++) {
    const n = b.totals[l];
    if (!n) continue;
    chi2 += (b.positives[l] - n * p) ** 2 / (n * p * (1 - p));
    df++;
  }
  return { chi2, df: Math.max(df, 0) };
}

/**
 * Which dim holds separate labels. `meta.label_dim` decides when given (an integer, negative
 * counted from the end, or null: every position shares one label). Otherwise the candidates are
 * dim 1 and, for 2-D and 3-D targets, the last dim (a (B, T) or (B, 1, H, W) layout shares one
 * label across positions, (B, K) and (B, T, K) have K labels, (B, C, H, W) has C; spatial dims of
 * 4-D and larger targets are never labels): the most heterogeneous candidate whose
 * positive rates differ by more than `sigmas` standard deviations of χ² is the label axis; if
 * none differs, all positions are pooled into one label.
 */
function binaryLabels(t: Tensor, metaDim: unknown, sigmas: number): BinaryLabels | undefined {
  const n = t.shape.length;
  if (n === 0 || t.data.length === 0) return undefined;
  if (metaDim === null) return { counts: countAlong(t, undefined), pooled: l10n.t('meta.label_dim is null') };
  if (typeof metaDim === 'number' && Number.isInteger(metaDim) && metaDim >= -n && metaDim < n) {
    const axis = metaDim < 0 ? n + metaDim : metaDim;
    return { counts: countAlong(t, axis), axis };
  }
  if (n < 2) return { counts: countAlong(t, undefined) };
  // Images and volumes ((B, C, H, W), (B, C, D, H, W)): only the channel dim can hold labels.
  const candidates = [...new Set(n >= 4 ? [1] : [1, n - 1])].filter((a) => t.shape[a] > 1);
  if (candidates.length === 0) return { counts: countAlong(t, undefined) };
  let best: { axis: number; counts: BinaryCounts; z: number } | undefined;
  for (const axis of candidates) {
    const counts = countAlong(t, axis);
    const { chi2, df } = heterogeneity(counts);
    const z = df > 0 ? (chi2 - df) / Math.sqrt(2 * df) : 0;
    if (z > sigmas && (!best || z > best.z)) best = { axis, counts, z };
  }
  if (best) return { counts: best.counts, axis: best.axis };
  const [a0, a1] = candidates;
  const pooled = a1 === undefined
    ? l10n.t('the positive rate is the same along dim {0} ({1}), so those positions share one label', a0, t.shape[a0])
    : l10n.t('the positive rate is the same along dim {0} ({1}) and dim {2} ({3}), so those positions share one label', a0, t.shape[a0], a1, t.shape[a1]);
  return { counts: countAlong(t, undefined), pooled };
}

/**
 * Average precision (PR-AUC) of the input scores over the elements of the flagged labels, on up to
 * 200k evenly spread elements; undefined when there is no positive or the shapes differ.
 */
function flaggedPrecision(input: Tensor, target: Tensor, lb: BinaryLabels, flagged: number[]): number | undefined {
  if (input.data.length !== target.data.length) return undefined;
  const s = target.shape;
  const axis = lb.axis;
  const L = axis === undefined ? 1 : s[axis];
  const inner = axis === undefined ? 1 : s.slice(axis + 1).reduce((a, b) => a * b, 1);
  const keep = new Uint8Array(L);
  for (const l of flagged) keep[l] = 1;
  const n = target.data.length;
  const step = Math.max(1, Math.floor(n / 200_000));
  const scores: number[] = [], labels: number[] = [];
  for (let i = 0; i < n; i += step) {
    const l = L === 1 ? 0 : Math.floor(i / inner) % L;
    const t = target.data[i], x = input.data[i];
    if (!keep[l] || !(t >= 0 && t <= 1) || !Number.isFinite(x)) continue;
    scores.push(x);
    labels.push(t >= 0.5 ? 1 : 0);
  }
  if (!labels.some((v) => v === 1)) return undefined;
  const ap = averagePrecision(scores, labels);
  return Number.isFinite(ap) ? ap : undefined;
}

/**
 * BCE with pos_weight or weight: fires when the weights make the positives count less, although
 * they are already the minority (pos_weight < 1, e.g. n_pos / n_neg instead of n_neg / n_pos; or a
 * per-element weight lower on positives than on negatives).
 */
function worseBinaryWeights(ctx: RuleContext, lb: BinaryLabels): Finding[] {
  const c = ctx.case;
  const o = ctx.options;
  const b = lb.counts;
  const P = b.positives.reduce((a, x) => a + x, 0), N = b.totals.reduce((a, x) => a + x, 0);
  if (N < o.minSamples || P === 0 || P / N > o.maxPositiveRate) return [];
  const rate = P / N;
  const ideal = (N - P) / P;
  const fixLines = [
    'pos = train_targets.sum()',
    `pos_weight = (train_targets.numel() - pos) / pos.clamp_min(1)   # ${l10n.t('{0}, not {1}', 'N_neg / N_pos', 'N_pos / N_neg')}`,
    `# ${l10n.t('here: {0}', `pos_weight = torch.tensor([${round(ideal, 4)}])`)}`,
    'criterion = nn.BCEWithLogitsLoss(pos_weight=pos_weight)',
  ];
  const pwt = c.loss.pos_weight;
  if (pwt && pwt.data.length > 0) {
    let maxPw = -Infinity;
    for (let i = 0; i < pwt.data.length; i++) maxPw = Math.max(maxPw, pwt.data[i]);
    if (!(maxPw < 1 / o.minWorseFactor)) return [];
    const eff = (P * maxPw) / (N - P);
    return [finding(classImbalance, {
      message: pwt.data.length > 1
        ? l10n.t('Only {0} of {1} targets are positive ({2}), and pos_weight = {3} at most weights them down instead of up: the positives carry {4} of the weighted loss instead of {2} ({5} would balance them). This is n_pos / n_neg where n_neg / n_pos was meant.', P, N, pct(rate), fmt(maxPw), pct(eff / (1 + eff)), fmt(ideal))
        : l10n.t('Only {0} of {1} targets are positive ({2}), and pos_weight = {3} weights them down instead of up: the positives carry {4} of the weighted loss instead of {2} ({5} would balance them). This is n_pos / n_neg where n_neg / n_pos was meant.', P, N, pct(rate), fmt(maxPw), pct(eff / (1 + eff)), fmt(ideal)),
      evidence: { positives: P, total: N, positiveRate: round(rate, 6), posWeight: Array.from(pwt.data, (v) => round(v, 6)), suggestedPosWeight: round(ideal, 4) },
      fix: fixLines.join('\n'),
      field: 'loss.pos_weight',
      ...(c.loss.type === 'BCEWithLogitsLoss' ? { edit: { path: ['loss', 'pos_weight'], value: [round(ideal, 4)] } } : {}),
    })];
  }
  const wt = c.loss.weight;
  if (!wt) return [];
  let wb: ArrayLike<number>;
  try {
    wb = broadcastTo(wt, c.input.shape, 'loss.weight', 'weight', false);
  } catch {
    return [];
  }
  const t = c.target.data;
  if (wb.length !== t.length) return [];
  let wPos = 0, wNeg = 0, nPos = 0, nNeg = 0;
  for (let i = 0; i < t.length; i++) {
    if (!(t[i] >= 0 && t[i] <= 1)) continue;
    if (t[i] >= 0.5) { wPos += wb[i]; nPos++; } else { wNeg += wb[i]; nNeg++; }
  }
  if (!nPos || !nNeg) return [];
  const mPos = wPos / nPos, mNeg = wNeg / nNeg;
  if (!(mPos > 0) || mNeg < o.minWorseFactor * mPos) return [];
  return [finding(classImbalance, {
    message: l10n.t("Only {0} of {1} targets are positive ({2}), and the per-element weight is lower on them (mean {3}) than on the negatives (mean {4}): the positives carry {5} of the weighted loss. The weight was probably looked up with the wrong index (the frequency of the sample's class instead of its inverse).", nPos, nPos + nNeg, pct(nPos / (nPos + nNeg)), fmt(mPos), fmt(mNeg), pct(wPos / (wPos + wNeg))),
    evidence: { positives: nPos, total: nPos + nNeg, meanWeightPositives: round(mPos, 6), meanWeightNegatives: round(mNeg, 6), weightedPositiveShare: round(wPos / (wPos + wNeg), 6), suggestedPosWeight: round(ideal, 4) },
    fix: [
      `# ${l10n.t('weight each sample by the inverse frequency of its own class:')}`,
      'sample_weight = torch.where(target > 0.5, n_neg / n_pos, 1.0)',
      `# ${l10n.t('or drop the weight and use {0} with BCEWithLogitsLoss', `pos_weight = torch.tensor([${round(ideal, 4)}])`)}`,
    ].join('\n'),
    field: 'loss.weight',
  })];
}

/**
 * 1-D targets that are padded sequences flattened with `.view(-1)`: the ignored label comes in runs of
 * 3 or more, at least twice, with at least two different run lengths (padding to the batch's longest
 * sequence). Ignored examples of a classification batch come alone, not in varying runs.
 */
function flattenedSequences(d: ArrayLike<number>, ignoreIndex: unknown): boolean {
  if (typeof ignoreIndex !== 'number') return false;
  let runs = 0;
  const lengths = new Set<number>();
  for (let i = 0; i < d.length; ) {
    if (d[i] !== ignoreIndex) { i++; continue; }
    let j = i;
    while (j < d.length && d[j] === ignoreIndex) j++;
    if (j - i >= 3) { runs++; lengths.add(j - i); }
    i = j;
  }
  return runs >= 2 && lengths.size >= 2;
}

export const classImbalance: Rule = {
  id: 'class-imbalance',
  severity: 'warning',
  title: 'Class imbalance not compensated (no weight, or weights that favour the majority)',
  defaults: { minRatio: 5, maxPositiveRate: 0.1, minSamples: 50, minPerClass: 10, maxClasses: 100, noiseSigmas: 2, minWorseFactor: 1.5, homogeneitySigmas: 3, separatedPrAuc: 0.9 },
  appliesTo: [...CLASS_LOSSES, ...BINARY_LOSSES],
  check(ctx) {
    const c = ctx.case;
    const o = ctx.options;
    const type = c.loss.type;
    if (type === 'CrossEntropyLoss' || type === 'NLLLoss') {
      const cc = ctx.stats.classCounts;
      if (!cc || c.target.shape.length !== 1 || cc.C < 2 || cc.C > o.maxClasses || cc.valid < o.minSamples) return [];
      // Token-level data (a pad id in meta) and too few samples per class to judge a distribution.
      if (typeof c.meta.pad_token_id === 'number' || cc.valid < o.minPerClass * cc.C) return [];
      // Flattened padded sequences (B·L,) are token tags too: their rarest tags are not a class balance.
      if (flattenedSequences(c.target.data, c.loss.ignore_index)) return [];
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
      const nm = (k: number): string => (names && names[k] !== undefined ? `'${names[k]}'` : l10n.t('class {0}', k));
      const baseEvidence = { counts: cc.counts, total: N, numClasses: K, majorityClass: majority, minorityClass: minority, ratio: round(ratio, 4) };
      if (c.loss.weight) {
        // Weights that up-weight the majority (weight = frequency instead of its inverse) make the imbalance worse.
        const w = c.loss.weight.data;
        if (w.length !== K || !(w[minority] > 0) || w[majority] < o.minWorseFactor * w[minority]) return [];
        const mass = cc.counts.map((n, k) => n * w[k]);
        const totalMass = mass.reduce((a, b) => a + b, 0);
        const effRatio = mass[majority] / mass[minority];
        return [finding(classImbalance, {
          message: l10n.t('The class weights make the imbalance worse: {0} ({1} of the {2} targets) has weight {3} and {4} ({5}) only {6}, so their shares of the weighted loss are {7} and {8}: the {9}:1 count ratio becomes {10}:1 in the loss. The weights follow the class frequencies instead of their inverse (e.g. weight = counts / counts.sum(), or a lookup by the wrong index).', nm(majority), pct(maxC / N), N, fmt(w[majority]), nm(minority), pct(minC / N), fmt(w[minority]), pct(mass[majority] / totalMass), pct(mass[minority] / totalMass), fmt(ratio), fmt(effRatio)),
          evidence: {
            ...baseEvidence,
            weight: Array.from(w, (v) => round(v, 6)),
            weightedShare: mass.map((m) => round(m / totalMass, 6)),
            weightedRatio: round(effRatio, 4),
            suggestedWeight: weights,
          },
          fix: [
            `counts = torch.bincount(train_targets, minlength=${K}).float()`,
            `weight = counts.sum() / (${K} * counts.clamp_min(1))     # ${l10n.t('the inverse frequency, not the frequency')}`,
            'weight = weight / weight.mean()',
            `# ${l10n.t('here: {0}', `weight = torch.tensor([${weights.join(', ')}])`)}`,
            `criterion = nn.${type}(weight=weight)`,
          ].join('\n'),
          field: 'loss.weight',
          edit: { path: ['loss', 'weight'], value: weights },
        })];
      }
      return [finding(classImbalance, {
        message: [
          l10n.t('The {0} targets are imbalanced: {1} has {2} samples ({3}) and {4} only {5} ({6}), a ratio of {7}:1, and {8} has no weight. The loss is dominated by the frequent classes; a model that ignores the rare ones still looks good.', N, nm(majority), maxC, pct(maxC / N), nm(minority), minC, pct(minC / N), fmt(ratio), type),
          ...zero.length === 0 ? [] : [zero.length > 1
            ? l10n.t('Classes {0} never occur in this case.', zero.slice(0, 10).join(', '))
            : l10n.t('Class {0} never occurs in this case.', zero[0])],
        ].join(' '),
        evidence: {
          ...baseEvidence,
          absentClasses: zero,
          suggestedWeight: weights,
          suggestedSqrtWeight: sqrtWeights,
        },
        fix: [
          `counts = torch.bincount(train_targets, minlength=${K}).float()`,
          `weight = counts.sum() / (${K} * counts.clamp_min(1))     # ${l10n.t('inverse frequency')}`,
          `weight = weight / weight.mean()                           # ${l10n.t('mean 1 keeps the loss scale')}`,
          `# ${l10n.t('here: {0}', `weight = torch.tensor([${weights.join(', ')}])`)}`,
          `# ${l10n.t('gentler: {0} normalised -> {1}', 'weight.sqrt()', `[${sqrtWeights.join(', ')}]`)}`,
          `criterion = nn.${type}(weight=weight)`,
          `# ${l10n.t('alternatively resample: {0}', 'torch.utils.data.WeightedRandomSampler(1.0 / counts[train_targets], len(train_targets))')}`,
        ].join('\n'),
        field: 'loss',
        edit: { path: ['loss', 'weight'], value: weights },
      })];
    }

    if (type === 'BCELoss' || type === 'BCEWithLogitsLoss') {
      let lb = ctx.stats.memoise('class-imbalance:labels', () => binaryLabels(c.target, c.meta.label_dim, o.homogeneitySigmas));
      // Targets outside [0, 1] ({0, 255} masks) are bce-target-out-of-range's business: no rate to judge.
      if (!lb || lb.counts.invalid > 0) return [];
      if (c.loss.pos_weight || c.loss.weight) return worseBinaryWeights(ctx, lb);
      // Many labels, each with too few targets here to be judged alone (a batch of 16 documents
      // over 600 tags): judge them together when that is enough evidence.
      if (lb.counts.labels > 1 && lb.counts.totals.every((n) => n < o.minSamples)) {
        const pooled = countAlong(c.target, undefined);
        const P = pooled.positives[0], N = pooled.totals[0];
        if (N >= o.minSamples && P / N <= o.maxPositiveRate) {
          lb = { counts: pooled, pooled: l10n.t('each of the {0} labels has at most {1} targets here, too few to judge one by one, so they are counted together', lb.counts.labels, Math.max(...lb.counts.totals)) };
        }
      }
      const b = lb.counts;
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
      // The model already separates the rare positives (a trained model, e.g. a transcription
      // network with sparse notes): the imbalance is not hurting here.
      const lbFinal = lb;
      const ap = ctx.stats.memoise('class-imbalance:ap', () => flaggedPrecision(c.input, c.target, lbFinal, flagged));
      if (ap !== undefined && ap >= o.separatedPrAuc) return [];
      const noPos = flagged.filter((l) => b.positives[l] === 0);
      // several labels only ever come from counting along a label axis, lb.axis (countAlong without
      // one, and the pooled counts, hold a single label)
      const multi = b.labels > 1;
      const l0 = flagged[0];
      const desc = multi
        ? l10n.t('{0} of {1} labels (dim {2}) have a positive rate ≤ {3} (label {4}: {5} of {6}, {7})', flagged.length, b.labels, String(lb.axis), pct(o.maxPositiveRate), l0, b.positives[l0], b.totals[l0], pct(b.positives[l0] / b.totals[l0]))
        : lb.pooled
          ? l10n.t('only {0} of {1} targets are positive ({2}), counted together: {3}', b.positives[0], b.totals[0], pct(b.positives[0] / b.totals[0]), lb.pooled)
          : l10n.t('only {0} of {1} targets are positive ({2})', b.positives[0], b.totals[0], pct(b.positives[0] / b.totals[0]));
      const pw = multi ? `torch.tensor([${posW.join(', ')}])` : `torch.tensor([${posW[0]}])`;
      // pos_weight broadcasts over the last dim: one value per label there, a single value when pooled.
      const editable = type === 'BCEWithLogitsLoss' && (!multi || lb.axis === c.target.shape.length - 1);
      return [finding(classImbalance, {
        message: [
          l10n.t('{0}, and {1} has no pos_weight: predicting "negative" everywhere already gives a low loss and high accuracy, so the positives are learned slowly or not at all.', desc, type),
          ...noPos.length === 0 ? [] : [noPos.length > 1
            ? l10n.t('Labels {0} have no positive at all here (no pos_weight can be computed from this batch; use the training-set counts).', noPos.join(', '))
            : l10n.t('Label {0} has no positive at all here (no pos_weight can be computed from this batch; use the training-set counts).', noPos[0])],
        ].join(' '),
        evidence: {
          positives: b.positives,
          totals: b.totals,
          positiveRate: rates,
          flaggedLabels: flagged,
          labelAxis: lb.axis ?? null,
          suggestedPosWeight: posW,
          suggestedSqrtPosWeight: sqrtW,
        },
        fix: [
          lb.pooled ? `pos = train_targets.sum()                    # ${l10n.t('positives over all positions')}` : `pos = train_targets.sum(dim=0)                # ${l10n.t('positives per label')}`,
          lb.pooled ? 'neg = train_targets.numel() - pos' : 'neg = train_targets.shape[0] - pos',
          'pos_weight = neg / pos.clamp_min(1)           # N_neg / N_pos',
          `# ${l10n.t('here: {0}   (gentler: its sqrt, {1})', `pos_weight = ${pw}`, `[${sqrtW.join(', ')}]`)}`,
          'criterion = nn.BCEWithLogitsLoss(pos_weight=pos_weight)',
          pyComment(l10n.t('also tune the decision threshold on validation data instead of using 0.5,\nor rebalance batches with {0}', 'torch.utils.data.WeightedRandomSampler')),
        ].join('\n'),
        field: 'loss',
        ...(editable ? { edit: { path: ['loss', 'pos_weight'], value: posW } } : {}),
      })];
    }
    return [];
  },
};
