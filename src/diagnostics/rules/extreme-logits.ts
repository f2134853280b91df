/**
 * extreme-logits: logits so large that softmax/sigmoid saturate.
 *
 * Softmax is shift-invariant, so for CrossEntropyLoss we measure the margin of each row,
 * m = z_top − log Σ_{k≠top} exp(z_k) (the top class has probability 1/(1 + e^−m)), not the raw
 * values (language models routinely emit logits around −100 that are harmless). For
 * BCEWithLogitsLoss the margin of an element is |z|. Fires when
 *  - at least `saturatedShare` of the rows/elements have a margin above `saturationMargin` (30:
 *    the runner-up probability is below e^−30 ≈ 1e−13), or
 *  - some margin exceeds `extremeMargin` (100: a mistake there costs ~100 nats and its gradient
 *    saturates at ±1), or
 *  - some |logit| exceeds `maxAbsLogit` (1000) — for CrossEntropyLoss the row maxima only, so
 *    deliberate masking with −1e9 is not counted: float16 represents such values only in steps of
 *    0.5 (bfloat16: 4), so the logits can no longer express small probability differences, and
 *    65504 (the float16 maximum) is within a factor 65.
 * Normal trained models (|z| up to 15–20, margins below ~25) do not fire.
 *
 * About exp overflow: exp(z) overflows float16 for z > ln(65504) ≈ 11.09 and float32 for
 * z > ln(3.4e38) ≈ 88.72. PyTorch's softmax, log_softmax, CrossEntropyLoss and BCEWithLogitsLoss
 * subtract the maximum first (and autocast runs them in float32), so this only bites hand-written
 * `exp(z) / exp(z).sum()`; the saturation above affects every implementation.
 */
import { exp64 } from '../../engine/kernels/exp';
import { finding } from '../finding';
import { l10n } from '../../l10n';
import { spreadIndices } from '../../engine/numeric';
import { fmt, pct, pyComment, round } from '../format';
import type { Finding, Rule, RuleContext } from '../types';

/** Spacing between adjacent float16 values at magnitude |x| (0 for 0). */
export function float16Spacing(x: number): number {
  const a = Math.abs(x);
  if (!(a > 0)) return 0;
  const e = Math.max(Math.floor(Math.log2(a)), -14);
  return 2 ** (e - 10);
}

function bfloat16Spacing(x: number): number {
  const a = Math.abs(x);
  if (!(a > 0)) return 0; // (2^(log2 0 − 7) would be 0 as well; NaN is kept out)
  return 2 ** (Math.floor(Math.log2(a)) - 7);
}

interface MarginStats {
  units: number;
  saturated: number;
  /** Rows/elements whose top probability exceeds 1 − 1e−6 (margin > ln(1e6) ≈ 13.8). */
  over1e6: number;
  maxMargin: number;
  medianMargin: number;
  maxAbs: number;
  /** Flat row (or element) index with the largest margin. */
  worst: number;
  sampled: boolean;
}

const LN_1E6 = Math.log(1e6);

export const extremeLogits: Rule = {
  id: 'extreme-logits',
  severity: 'warning',
  title: 'Extreme logits: softmax/sigmoid saturate',
  defaults: { saturationMargin: 30, saturatedShare: 0.5, extremeMargin: 100, maxAbsLogit: 1000, sampleRows: 256 },
  appliesTo: ['CrossEntropyLoss', 'BCEWithLogitsLoss'],
  check(ctx: RuleContext): Finding[] {
    const c = ctx.case;
    const type = c.loss.type;
    const inp = ctx.stats.input;
    // Probabilities passed as logits are other rules' business (double-softmax, double-sigmoid).
    // (Without any finite value min and max are NaN: no units are counted below.)
    if (inp.min >= 0 && inp.max <= 1) return [];
    const opt = ctx.options;
    const satM = opt.saturationMargin;
    let s: MarginStats | undefined;
    if (type === 'CrossEntropyLoss') {
      const layout = ctx.stats.layout;
      if (!layout || layout.targetKind === 'mismatch' || layout.C < 2) return []; // (no rows: none used below)
      // Pass 1 (every row, compares only): top and runner-up. The margin lies in
      // [gap − log(C−1), gap] with gap = top − runner-up, so rows with gap ≤ saturationMargin are
      // not saturated and need no exp. Pass 2 computes the exact margin for the other rows only
      // (at most `sampleRows` of them, evenly spread, plus the row with the largest gap).
      const { C, rows: R } = layout;
      const tops0 = ctx.stats.rowTops;
      if (!tops0) return [];
      const gaps = new Float64Array(R);
      const tops = tops0.arg;
      let used = 0, candidates = 0, bestGap = -Infinity, bestRow = -1, maxTopAbs = 0;
      for (let r = 0; r < R; r++) {
        const top = tops0.top[r], second = tops0.second[r];
        // A row with one class left by a −inf mask has an infinite margin by construction: not a logit scale.
        if (tops0.bad[r] || !Number.isFinite(top) || !Number.isFinite(second)) { gaps[r] = NaN; continue; }
        used++;
        if (Math.abs(top) > maxTopAbs) maxTopAbs = Math.abs(top);
        const gap = top - second;
        gaps[r] = gap;
        if (gap > satM) candidates++;
        if (gap > bestGap) { bestGap = gap; bestRow = r; }
      }
      if (used === 0) return [];
      // From here on bestRow ≥ 0 (a used row has a finite gap) and medRows holds it.
      const candRows: number[] = [];
      for (let r = 0; r < R; r++) if (gaps[r] > satM) candRows.push(r);
      const sample = spreadIndices(candRows.length, Math.max(1, Math.floor(opt.sampleRows))).map((j) => candRows[j]);
      const medRows = spreadIndices(R, 128).filter((r) => !Number.isNaN(gaps[r]));
      // The rows whose exact margin is needed (read back on a streamed case).
      const view = ctx.stats.inputRows([...sample, bestRow, ...medRows]);
      const exact = (r: number): number => {
        const { data: x, off, stride } = view.at(r);
        const top = x[off + tops[r] * stride];
        let others = 0;
        for (let k = 0, i = off; k < C; k++, i += stride) if (k !== tops[r]) others += exp64(x[i] - top);
        return others > 0 ? -Math.log(others) : Infinity;
      };
      let satSampled = 0;
      for (const r of sample) if (exact(r) > satM) satSampled++;
      // Saturated rows: candidates × the share of sampled candidates that really are saturated.
      const saturated = sample.length ? Math.round((candidates * satSampled) / sample.length) : 0;
      const maxMargin = exact(bestRow);
      // Median margin and the share above ln(1e6): exact margins of an evenly spread sample of rows.
      const med = medRows.map(exact).sort((a, b) => a - b);
      const overShare = med.filter((m) => m > LN_1E6).length / med.length;
      s = {
        units: used, saturated, over1e6: Math.round(overShare * used), maxMargin, medianMargin: med[Math.floor((med.length - 1) / 2)],
        maxAbs: maxTopAbs, worst: bestRow, sampled: sample.length < candRows.length,
      };
    } else {
      s = ctx.stats.memoise('b:absLogits', () => {
        const x = c.input.data;
        let saturated = 0, over = 0, maxA = 0, worst = 0, units = 0;
        for (let i = 0; i < x.length; i++) {
          const a = Math.abs(x[i]);
          if (!Number.isFinite(a)) continue;
          units++;
          if (a > satM) saturated++;
          if (a > LN_1E6) over++;
          if (a > maxA) { maxA = a; worst = i; }
        }
        return { units, saturated, over1e6: over, maxMargin: maxA, medianMargin: NaN, maxAbs: maxA, worst, sampled: false };
      });
    }
    if (s.units === 0) return [];
    const share = s.saturated / s.units;
    const ce = type === 'CrossEntropyLoss';
    const reasons: string[] = [];
    if (share >= opt.saturatedShare) {
      reasons.push(ce
        ? l10n.t('{0} of the rows have a margin above {1} (runner-up probability < {2})', pct(share), fmt(satM), fmt(Math.exp(-satM)))
        : l10n.t('{0} of the logits have a margin above {1} (runner-up probability < {2})', pct(share), fmt(satM), fmt(Math.exp(-satM))));
    }
    if (s.maxMargin >= opt.extremeMargin) reasons.push(l10n.t('the largest margin is {0} (a mistake there costs ~{0} nats)', fmt(s.maxMargin)));
    if (s.maxAbs >= opt.maxAbsLogit) {
      const steps = [fmt(s.maxAbs), fmt(float16Spacing(s.maxAbs)), fmt(bfloat16Spacing(s.maxAbs))];
      reasons.push(ce
        ? l10n.t('the top logit of a row reaches {0}, where float16 steps are {1} and bfloat16 steps {2}', ...steps)
        : l10n.t('|logit| reaches {0}, where float16 steps are {1} and bfloat16 steps {2}', ...steps));
    }
    if (reasons.length === 0) return [];
    const half = c.input.dtype === 'float16' || c.input.dtype === 'bfloat16';
    const fix = [
      pyComment(l10n.t('find what inflates the logits: a scale factor (1/temperature, logit_scale), missing normalisation,\nor exploding weights; then regularise the output:')),
      type === 'CrossEntropyLoss'
        ? `criterion = nn.CrossEntropyLoss(label_smoothing=0.1)   # ${l10n.t('discourages unbounded margins')}`
        : `logits = logits.clamp(-30, 30)                          # ${l10n.t('or fix the scale at its source')}`,
      'optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)',
      'torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)',
      `# ${l10n.t('with mixed precision, compute the loss in float32:')}`,
      'loss = criterion(logits.float(), target)',
    ].join('\n');
    return [finding(extremeLogits, {
      message: `${l10n.t('The {0} logits are extreme: {1}.', type, reasons.join('; '))} ${ce
        ? half
          ? l10n.t('Saturated softmax outputs are over-confident: correct samples give no gradient, wrong ones give huge losses and gradient spikes, and in {0} the logits lose the precision to express probabilities.', c.input.dtype)
          : l10n.t('Saturated softmax outputs are over-confident: correct samples give no gradient, wrong ones give huge losses and gradient spikes.')
        : half
          ? l10n.t('Saturated sigmoid outputs are over-confident: correct samples give no gradient, wrong ones give huge losses and gradient spikes, and in {0} the logits lose the precision to express probabilities.', c.input.dtype)
          : l10n.t('Saturated sigmoid outputs are over-confident: correct samples give no gradient, wrong ones give huge losses and gradient spikes.')}`,
      evidence: {
        units: s.units,
        sampled: s.sampled,
        saturatedShare: round(share, 4),
        shareTopProbAbove1e6: round(s.over1e6 / s.units, 4),
        maxMargin: round(s.maxMargin, 4),
        medianMargin: Number.isFinite(s.medianMargin) ? round(s.medianMargin, 4) : null,
        maxAbsLogit: round(s.maxAbs, 6),
        worstIndex: s.worst,
        float16SpacingAtMax: float16Spacing(s.maxAbs),
        dtype: c.input.dtype,
      },
      fix,
      field: 'input',
    })];
  },
};
