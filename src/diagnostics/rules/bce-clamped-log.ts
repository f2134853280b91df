/**
 * bce-clamped-log: BCELoss on saturated probabilities. PyTorch clamps log(p) and log(1 − p) at −100
 * so that an input of exactly 0 or 1 gives a finite loss; a float32 sigmoid is exactly 1 for
 * logits above ~16.6 (and 0 far below −100). Where such an input is on the wrong side of its
 * target, the term is the clamp's 100 (times the weight) whatever the logit was, and the backward
 * divides by max(p·(1 − p), 1e−12): a gradient of ±1e12. Fires when the clamped terms make up at
 * least `minShare` of the loss.
 */
import { broadcastTo } from '../../engine/losses/common';
import { finding } from '../finding';
import { l10n } from '../../l10n';
import { fmt, pct, round } from '../format';
import type { Finding, Rule, RuleContext } from '../types';
import { scalarLoss } from '../../engine/losses/result';

const CLAMP = -100;

export const bceClampedLog: Rule = {
  id: 'bce-clamped-log',
  severity: 'warning',
  title: 'BCELoss terms clamped at log = −100 (saturated sigmoid)',
  defaults: { minShare: 0.1 },
  appliesTo: ['BCELoss'],
  check(ctx: RuleContext): Finding[] {
    const c = ctx.case;
    const x = c.input.data, t = c.target.data;
    if (x.length !== t.length) return []; // (an empty input has no clamped term below)
    let wb: ArrayLike<number> | undefined;
    if (c.loss.weight) {
      try {
        wb = broadcastTo(c.loss.weight, c.input.shape, 'loss.weight', 'weight', false);
      } catch {
        return [];
      }
    }
    const wAt = (i: number): number => (wb ? wb[i] : 1);
    let total = 0, clamped = 0, count = 0, atOne = 0, atZero = 0;
    for (let i = 0; i < x.length; i++) {
      const p = x[i], y = t[i];
      const lp = Math.log(p), lq = Math.log1p(-p);
      const wi = wAt(i);
      const cp = lp < CLAMP, cq = lq < CLAMP;
      const term = -wi * (y * (cp ? CLAMP : lp) + (1 - y) * (cq ? CLAMP : lq));
      total += term;
      let cl = 0;
      if (cp && y > 0) { cl += -wi * y * CLAMP; atZero++; }
      if (cq && y < 1) { cl += -wi * (1 - y) * CLAMP; atOne++; }
      if (cl > 0) { clamped += cl; count++; }
    }
    // An input outside [0, 1] or NaN makes its term NaN (log of a negative) and the total with it: then
    // nothing is said here (bce-expects-probabilities' business: PyTorch raises).
    if (count === 0 || !(total > 0)) return [];
    const share = clamped / total;
    if (share < ctx.options.minShare) return [];
    const red = c.loss.reduction;
    const perElement = red === 'mean' ? clamped / x.length : clamped;
    const loss = scalarLoss(ctx.result);
    const where = atOne && atZero
      ? l10n.t('{0} at exactly 1 with target < 1, {1} at exactly 0 with target > 0', atOne, atZero)
      : atOne
        ? l10n.t('{0} at exactly 1 with target < 1', atOne)
        : l10n.t('{0} at exactly 0 with target > 0', atZero);
    const cost = loss !== undefined && red !== 'none'
      ? l10n.t('Each such term costs exactly 100 whatever the logit was, and together they make up {0} of the loss ({1} of {2}); their gradient is (p − y) / max(p·(1 − p), 1e−12) = ±1e12, a meaningless step.', pct(share), fmt(perElement), fmt(loss))
      : l10n.t('Each such term costs exactly 100 whatever the logit was, and together they make up {0} of the loss; their gradient is (p − y) / max(p·(1 − p), 1e−12) = ±1e12, a meaningless step.', pct(share));
    return [finding(bceClampedLog, {
      message: [
        l10n.t("{0} of {1} BCELoss terms hit PyTorch's clamp of log(p) and log(1 − p) at −100 ({2}): the probabilities are saturated, as a float32 sigmoid is exactly 1 for logits above ~16.6.", count, x.length, where),
        cost,
        l10n.t('The loss no longer measures how wrong those predictions are.'),
      ].join(' '),
      evidence: {
        clampedTerms: count,
        elements: x.length,
        atOneWithNegativeTarget: atOne,
        atZeroWithPositiveTarget: atZero,
        clampedShareOfLoss: round(share, 6),
        clampedContribution: round(perElement, 6),
        loss: loss ?? null,
        minShare: ctx.options.minShare,
      },
      fix: [
        `# ${l10n.t('drop the sigmoid from the model and give the logits to BCEWithLogitsLoss:')}`,
        `# ${l10n.t('it computes log-sigmoid exactly (no clamp, finite gradients at any logit)')}`,
        'criterion = nn.BCEWithLogitsLoss()',
        'loss = criterion(logits, target)',
        `probs = torch.sigmoid(logits)   # ${l10n.t('only for metrics and inference')}`,
      ].join('\n'),
      field: 'input',
    })];
  },
};
