/**
 * CrossEntropyLoss fed probabilities (softmax output) instead of logits: CE applies softmax again.
 *
 * Detection: every input value in [0, 1] and (nearly) every row summing to 1 over the class dim.
 * Genuine logits essentially never do both; log-probabilities are ≤ 0 and do not sum to 1.
 */
import { finding } from '../finding';
import { l10n } from '../../l10n';
import { rowOffset } from '../../engine/losses/class-rows';
import { softmaxRow, spreadIndices } from '../../engine/numeric';
import { fmt, pct, round } from '../format';
import type { Rule } from '../types';
import { scalarLoss } from '../../engine/losses/result';

export const doubleSoftmax: Rule = {
  id: 'double-softmax',
  severity: 'warning',
  title: 'Softmax applied before CrossEntropyLoss',
  defaults: { sumTolerance: 0.01, minRowShare: 0.9, sampleRows: 512 },
  appliesTo: ['CrossEntropyLoss'],
  check(ctx) {
    const c = ctx.case;
    const layout = ctx.stats.layout;
    if (!layout || layout.targetKind === 'mismatch' || layout.C < 2 || layout.rows === 0) return [];
    const inp = ctx.stats.input;
    if (!(inp.size - inp.nonFinite > 0 && inp.min >= -1e-6 && inp.max <= 1 + 1e-6)) return [];
    const rows = ctx.stats.rows;
    if (!rows) return [];
    const tol = ctx.options.sumTolerance;
    let near = 0, sMin = Infinity, sMax = -Infinity, sSum = 0;
    for (let r = 0; r < rows.rows; r++) {
      const s = rows.sum[r];
      if (Math.abs(s - 1) <= tol) near++;
      if (s < sMin) sMin = s;
      if (s > sMax) sMax = s;
      sSum += s;
    }
    const share = near / rows.rows;
    if (share < ctx.options.minRowShare) return [];

    const K = layout.C;
    const floor = Math.log(1 + (K - 1) / Math.E);
    // Gradient w.r.t. the real logits z (p = softmax(z) is what was passed):
    //   with the bug:   J_softmax(z)ᵀ (softmax(p) − y) = p∘v − p·(p·v), v = softmax(p) − y
    //   without it:     p − y  (CrossEntropyLoss on z)
    const sample = spreadIndices(layout.rows, Math.max(1, Math.floor(ctx.options.sampleRows)));
    const view = ctx.stats.inputRows(sample);
    const q = new Float64Array(K), p = new Float64Array(K), y = new Float64Array(K);
    let nBug = 0, nOk = 0, lossLogits = 0, used = 0;
    const t = c.target.data;
    for (const r of sample) {
      const { data: x, off, stride } = view.at(r);
      y.fill(0);
      if (layout.targetKind === 'index') {
        const cls = t[r];
        if (!(cls >= 0 && cls < K && Number.isInteger(cls))) continue;
        y[cls] = 1;
      } else {
        const to = rowOffset(layout, r);
        for (let k = 0, i = to; k < K; k++, i += layout.stride) y[k] = t[i];
      }
      for (let k = 0, i = off; k < K; k++, i += stride) p[k] = x[i];
      softmaxRow(x, off, K, stride, q);
      let pv = 0;
      for (let k = 0; k < K; k++) pv += p[k] * (q[k] - y[k]);
      let gb = 0, go = 0, ce = 0;
      for (let k = 0; k < K; k++) {
        const g = p[k] * (q[k] - y[k]) - p[k] * pv;
        gb += g * g;
        const g2 = p[k] - y[k];
        go += g2 * g2;
        // every entry, as PyTorch sums them: a negative probability target adds its term too (0 · log p = 0)
        ce -= y[k] * Math.log(Math.max(p[k], 1e-45));
      }
      nBug += Math.sqrt(gb);
      nOk += Math.sqrt(go);
      lossLogits += ce;
      used++;
    }
    const gradRatio = nOk > 0 ? nBug / nOk : NaN;
    const lossNow = scalarLoss(ctx.result) ?? null;
    const lossAsLogits = used ? lossLogits / used : NaN;
    const gradText = Number.isFinite(gradRatio)
      ? l10n.t('the gradient reaching the logits is about {0}× of what it should be.', fmt(gradRatio))
      : used === 0
        ? l10n.t('it shrinks the gradient reaching the logits (no row here has a valid target to measure by how much).')
        : used === 1
          ? l10n.t("it shrinks the gradient reaching the logits (by how much cannot be measured here: the row's probabilities equal its target exactly, so the correct gradient is 0).")
          : l10n.t("it shrinks the gradient reaching the logits (by how much cannot be measured here: the {0} rows' probabilities equal their targets exactly, so the correct gradient is 0).", used);
    return [finding(doubleSoftmax, {
      message: l10n.t('The CrossEntropyLoss input looks like probabilities, not logits: every value is in [0, 1] and {0} of the {1} rows sum to 1 over the {2} classes (row sums {3}…{4}). CrossEntropyLoss applies log_softmax itself, so softmax runs twice: the loss can never go below log(1 + (K−1)/e) = {5} even for perfect predictions, and {6}', pct(share), rows.rows, K, fmt(sMin, 4), fmt(sMax, 4), fmt(floor), gradText),
      evidence: {
        rows: rows.rows,
        numClasses: K,
        rowsSummingToOne: near,
        rowSumMean: sSum / rows.rows,
        rowSumMin: sMin,
        rowSumMax: sMax,
        inputMin: inp.min,
        inputMax: inp.max,
        lossFloor: round(floor, 6),
        loss: lossNow,
        lossIfLogitsWereUsed: Number.isFinite(lossAsLogits) ? round(lossAsLogits, 6) : null,
        gradientRatio: Number.isFinite(gradRatio) ? round(gradRatio, 4) : null,
        sampledRows: used,
      },
      fix: [
        `# ${l10n.t('give CrossEntropyLoss the raw logits: remove the softmax from the forward pass')}`,
        `logits = model(x)                      # ${l10n.t('no torch.softmax / nn.Softmax at the end')}`,
        'loss = nn.CrossEntropyLoss()(logits, target)',
        `probs = torch.softmax(logits, dim=1)   # ${l10n.t('only where you need probabilities (inference, metrics)')}`,
      ].join('\n'),
      field: 'input',
    })];
  },
};
