/**
 * A loss that cannot teach: the input is the target itself (a distillation term comparing the
 * teacher with itself, a reconstruction loss against its own input, a tensor passed twice). The
 * loss sits exactly at its minimum and the gradient reaching the model is zero for every element,
 * so the term trains nothing however long it runs — while looking "perfectly converged".
 *
 * Identity is judged on values, not on evidence of training: every element of input and target
 * equal (MSE, L1, Huber, SmoothL1, BCELoss, KLDivLoss with log_target=True), or input = log(target)
 * to float rounding (KLDivLoss with log_target=False). At least `minElements` elements and two
 * distinct values, so an all-zero toy tensor does not count.
 */
import { sameShape } from '../../engine/tensor';
import { finding } from '../finding';
import { l10n } from '../../l10n';
import { fmt, round } from '../format';
import type { Rule } from '../types';
import { scalarLoss } from '../../engine/losses/result';
import { type LossType } from '../../engine/losses/spec';

const ELEMENTWISE: readonly LossType[] = ['MSELoss', 'L1Loss', 'HuberLoss', 'SmoothL1Loss', 'BCELoss', 'KLDivLoss'];

export const lossCannotTeach: Rule = {
  id: 'loss-cannot-teach',
  severity: 'warning',
  title: 'Input identical to target: the loss is at its minimum and its gradient is zero',
  defaults: { minElements: 8 },
  appliesTo: ELEMENTWISE,
  check(ctx) {
    const c = ctx.case;
    const type = c.loss.type;
    if (!sameShape(c.input.shape, c.target.shape)) return [];
    const x = c.input.data, t = c.target.data;
    const n = x.length;
    if (n < ctx.options.minElements) return [];
    const logSpace = type === 'KLDivLoss' && !c.loss.log_target;
    // exp(log t) round trip in float32: relative error of a few ulps; absolute slack for tiny t.
    const relTol = logSpace ? 1e-5 : 0;
    let first = NaN, distinct = false, finite = 0;
    for (let i = 0; i < n; i++) {
      const a = x[i], b = t[i];
      if (a - a !== 0 || b - b !== 0) {
        // log(0) = −inf over a zero target is no identity for PyTorch: 0 · (−inf) makes the loss NaN
        // (non-finite-values reports it), so it is not "at its minimum".
        if (a === b) continue;
        return [];
      }
      finite++;
      if (logSpace) {
        const e = Math.exp(a);
        if (Math.abs(e - b) > relTol * Math.max(e, b) + 1e-12) return [];
      } else if (a !== b) {
        return [];
      }
      if (Number.isNaN(first)) first = b;
      else if (b !== first) distinct = true;
    }
    if (!distinct || finite === 0) return [];
    const loss = scalarLoss(ctx.result) ?? null;
    const what = type === 'KLDivLoss'
      ? (logSpace ? l10n.t('the input is exactly log(target): the distribution is compared with itself') : l10n.t('input and target are the same log-probabilities: the distribution is compared with itself'))
      : l10n.t('every prediction equals its target');
    const minimum = type === 'BCELoss' ? l10n.t("the target's own binary entropy") : '0';
    return [finding(lossCannotTeach, {
      message: [
        l10n.t('{0}: {1} ({2} elements, all identical).', type, what, n),
        loss !== null
          ? l10n.t('The loss ({0}) is exactly at its minimum ({1}) and the gradient reaching the model is zero everywhere, so this term trains nothing.', fmt(loss), minimum)
          : l10n.t('The loss is exactly at its minimum ({0}) and the gradient reaching the model is zero everywhere, so this term trains nothing.', minimum),
        l10n.t("Typical causes: a distillation term given the teacher's output twice, a reconstruction loss given its own input, or a variable reused by mistake."),
      ].join(' '),
      evidence: {
        elements: n,
        identical: finite,
        logSpace,
        loss: loss === null ? null : round(loss, 6),
        lossType: type,
      },
      fix: type === 'KLDivLoss'
        ? [
          `# ${l10n.t('compare the STUDENT with the teacher:')}`,
          "kd = nn.KLDivLoss(reduction='batchmean', log_target=True)",
          'loss = kd(F.log_softmax(student_logits / T, dim=-1), F.log_softmax(teacher_logits / T, dim=-1).detach()) * T * T',
        ].join('\n')
        : [
          `# ${l10n.t('the prediction must come from the model, the target from the data:')}`,
          'pred = model(x)',
          `loss = nn.${type}()(pred, target)   # ${l10n.t('not {0} or {1}', '(target, target)', '(x, x)')}`,
        ].join('\n'),
      field: 'input',
    })];
  },
};
