/**
 * collapsed-model: every row of a CrossEntropyLoss/NLLLoss input predicts (nearly) the same
 * distribution over the classes while the targets vary: the network ignores its input (dead ReLUs,
 * a forward pass that drops the features, a learning rate that blew the weights up). The loss then
 * sits at the constant-prediction level: the cross-entropy of the class prior with that one
 * distribution, at best the prior's entropy (ln K for balanced classes). Needs no history.
 *
 * Detection on up to `sampleRows` evenly spread rows: the mean total-variation distance between
 * each row's softmax and the average softmax is at most `maxDeviation`, with at least `minRows`
 * rows and two distinct target classes. A freshly initialised network (PyTorch's default init)
 * stays around 0.05 or more; a collapsed one is at 0 to 1e-3. When the common prediction is
 * exactly uniform (all logits equal, e.g. a zero-initialised head before its first step) the
 * finding is only info.
 */
import { isFloatDType } from '../../engine/tensor';
import { finding } from '../finding';
import { l10n } from '../../l10n';
import { rowOffset } from '../../engine/losses/class-rows';
import { spreadIndices } from '../../engine/numeric';
import { fmt, pct, pyComment, round } from '../format';
import type { RowRef } from '../stats';
import type { Finding, Rule, RuleContext } from '../types';
import { scalarLoss } from '../../engine/losses/result';
import { CLASS_LOSSES } from '../../engine/losses/spec';

/** Mean total-variation distance between each listed row's softmax and their average softmax. */
function meanDeviation(view: { at(r: number): RowRef }, C: number, rows: number[]): number {
  const p = new Float64Array(rows.length * C), mean = new Float64Array(C);
  rows.forEach((r, j) => {
    const { data: x, off, stride } = view.at(r);
    let m = -Infinity, z = 0;
    for (let k = 0, i = off; k < C; k++, i += stride) if (x[i] > m) m = x[i];
    for (let k = 0, i = off; k < C; k++, i += stride) { const e = Math.exp(x[i] - m); p[j * C + k] = e; z += e; }
    for (let k = 0; k < C; k++) { p[j * C + k] /= z; mean[k] += p[j * C + k] / rows.length; }
  });
  let tv = 0;
  for (let j = 0; j < rows.length; j++) for (let k = 0; k < C; k++) tv += Math.abs(p[j * C + k] - mean[k]) / 2;
  return tv / rows.length;
}

export const collapsedModel: Rule = {
  id: 'collapsed-model',
  severity: 'warning',
  title: 'Collapsed model: every input gets the same prediction',
  defaults: { maxDeviation: 0.01, minRows: 16, sampleRows: 512 },
  appliesTo: CLASS_LOSSES,
  check(ctx: RuleContext): Finding[] {
    const c = ctx.case;
    const type = c.loss.type;
    const layout = ctx.stats.layout;
    if (!layout || layout.targetKind === 'mismatch' || layout.C < 2 || layout.rows < ctx.options.minRows) return [];
    const inp = ctx.stats.input;
    if (!isFloatDType(c.input.dtype) || inp.nonFinite > 0) return [];
    // Probabilities passed as logits are double-softmax's business (their softmax is near uniform).
    const rs = type === 'CrossEntropyLoss' && inp.min >= 0 && inp.max <= 1 ? ctx.stats.rows : undefined;
    if (rs) { // (finite values in [0, 1]: at least minRows rows)
      let s = 0;
      for (let r = 0; r < rs.rows; r++) s += rs.sum[r];
      if (Math.abs(s / rs.rows - 1) < 0.01) return [];
    }
    const { C, stride } = layout;
    const t = c.target.data;
    // Cheap screen on 8 spread rows: a model whose rows clearly differ needs no full look.
    const screen = spreadIndices(layout.rows, 8);
    if (meanDeviation(ctx.stats.inputRows(screen), C, screen) > 3 * ctx.options.maxDeviation) return [];
    const rows = spreadIndices(layout.rows, Math.max(ctx.options.minRows, Math.floor(ctx.options.sampleRows)));
    const view = ctx.stats.inputRows(rows);
    // Softmax of each sampled row (NLLLoss inputs are log-probabilities: softmax is exp then).
    const probs = new Float64Array(rows.length * C);
    const mean = new Float64Array(C);
    let uniform = true;
    const targets = new Set<number>();
    for (let j = 0; j < rows.length; j++) {
      const { data: x, off, stride: xs } = view.at(rows[j]);
      let m = -Infinity, lo = Infinity;
      for (let k = 0, i = off; k < C; k++, i += xs) { if (x[i] > m) m = x[i]; if (x[i] < lo) lo = x[i]; }
      if (m - lo > 1e-6 * Math.max(1, Math.abs(m))) uniform = false;
      let z = 0;
      for (let k = 0, i = off; k < C; k++, i += xs) { const e = Math.exp(x[i] - m); probs[j * C + k] = e; z += e; }
      for (let k = 0; k < C; k++) { probs[j * C + k] /= z; mean[k] += probs[j * C + k] / rows.length; }
      if (layout.targetKind === 'index') {
        const y = t[rows[j]];
        if (y !== c.loss.ignore_index) targets.add(y);
      } else {
        const off = rowOffset(layout, rows[j]);
        let arg = 0;
        for (let k = 1, i = off + stride; k < C; k++, i += stride) if (t[i] > t[off + arg * stride]) arg = k;
        targets.add(arg);
      }
    }
    if (targets.size < 2) return [];
    let tv = 0;
    for (let j = 0; j < rows.length; j++) {
      let d = 0;
      for (let k = 0; k < C; k++) d += Math.abs(probs[j * C + k] - mean[k]);
      tv += d / 2;
    }
    tv /= rows.length;
    if (tv > ctx.options.maxDeviation) return [];

    // The class prior of the targets and the constant-prediction loss levels.
    const prior = new Float64Array(C);
    let n = 0;
    if (layout.targetKind === 'index') {
      const cc = ctx.stats.classCounts;
      if (cc) { cc.counts.forEach((v, k) => { prior[k] = v; }); n = cc.valid; }
    } else {
      for (let r = 0; r < layout.rows; r++) {
        const off = rowOffset(layout, r);
        for (let k = 0, i = off; k < C; k++, i += stride) prior[k] += t[i];
      }
      n = prior.reduce((a, b) => a + b, 0);
    }
    if (!(n > 0)) return [];
    let hPrior = 0, crossConst = 0;
    for (let k = 0; k < C; k++) {
      const q = prior[k] / n;
      if (q > 0) { hPrior -= q * Math.log(q); crossConst -= q * Math.log(Math.max(mean[k], 1e-300)); }
    }
    let top = 0;
    for (let k = 1; k < C; k++) if (mean[k] > mean[top]) top = k;
    const lnK = Math.log(C);
    const loss = scalarLoss(ctx.result);
    const knownLoss = loss !== undefined && Number.isFinite(loss);
    const balanced = Math.abs(hPrior - lnK) < 0.01 * lnK;
    const same = [fmt(tv), top, pct(mean[top]), targets.size] as const;
    const level = balanced
      ? knownLoss
        ? l10n.t('The loss {0} is at the constant-prediction level ln {1} = {2}, the loss of predicting the balanced class prior.', fmt(loss, 4), C, fmt(lnK, 4))
        : l10n.t('The loss is at the constant-prediction level ln {0} = {1}, the loss of predicting the balanced class prior.', C, fmt(lnK, 4))
      : knownLoss
        ? l10n.t('The loss {0} is at the constant-prediction level {1}, the loss of always predicting this one distribution (the best constant prediction, the class prior, gives its entropy {2}; ln {3} = {4}).', fmt(loss, 4), fmt(crossConst, 4), fmt(hPrior, 4), C, fmt(lnK, 4))
        : l10n.t('The loss is at the constant-prediction level {0}, the loss of always predicting this one distribution (the best constant prediction, the class prior, gives its entropy {1}; ln {2} = {3}).', fmt(crossConst, 4), fmt(hPrior, 4), C, fmt(lnK, 4));
    return [finding(collapsedModel, {
      severity: uniform ? 'info' : 'warning',
      message: [
        rows.length < layout.rows
          ? l10n.t('All {0} sampled (of {1}) rows predict the same distribution over the {2} classes (mean total-variation distance from the average prediction {3}; the top class is {4} for every input, {5}) while the targets span {6} classes: the model ignores its input.', rows.length, layout.rows, C, ...same)
          : l10n.t('All {0} rows predict the same distribution over the {1} classes (mean total-variation distance from the average prediction {2}; the top class is {3} for every input, {4}) while the targets span {5} classes: the model ignores its input.', rows.length, C, ...same),
        level,
        c.loss.label_smoothing > 0 && c.loss.weight
          ? l10n.t('Here label_smoothing with class weights pulls every input towards the same distribution (see label-smoothing-risk); otherwise the usual causes are dead ReLUs, unnormalised inputs or a learning rate that was too high.')
          : uniform
            ? l10n.t('Every logit is equal, as with a zero-initialised output layer before its first step; after training it means the output no longer depends on the input.')
            : l10n.t('Usual causes: dead ReLUs (every unit ≤ 0 after a too-high learning rate or unnormalised inputs), a forward pass that drops or overwrites the features, or weights blown up and reset by a learning rate that was too high.'),
      ].join(' '),
      evidence: {
        rows: layout.rows,
        sampledRows: rows.length,
        numClasses: C,
        meanDeviation: round(tv, 6),
        topClass: top,
        topProbability: round(mean[top], 6),
        targetClasses: targets.size,
        loss: loss ?? null,
        constantPredictionLoss: round(crossConst, 6),
        priorEntropy: round(hPrior, 6),
        lnK: round(lnK, 6),
        uniformLogits: uniform,
      },
      fix: [
        `# ${l10n.t('check that the output depends on the input (≈0 for every class means collapsed):')}`,
        'with torch.no_grad():',
        '    print(model(x).std(dim=0))',
        `# ${l10n.t('dead ReLUs: the share of hidden units active on a batch (0 = dead)')}`,
        'print((hidden_activations > 0).float().mean(dim=0))',
        pyComment(l10n.t('then: normalise the inputs, lower the learning rate (with warm-up), re-initialise the model;\nLeakyReLU/GELU do not die; check that forward() really uses x')),
      ].join('\n'),
      field: 'input',
    })];
  },
};
