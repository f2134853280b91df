/** Every class target equals ignore_index: 'mean' divides 0 by 0 (NaN) and nothing is learned. */
import { finding } from '../finding';
import { l10n } from '../../l10n';
import { fmt } from '../format';
import type { Rule } from '../types';
import { scalarLoss } from '../../engine/losses/result';
import { CLASS_LOSSES } from '../../engine/losses/spec';

export const allTargetsIgnored: Rule = {
  id: 'all-targets-ignored',
  severity: 'warning',
  title: 'Every target is ignore_index',
  defaults: {},
  appliesTo: CLASS_LOSSES,
  check(ctx) {
    const cc = ctx.stats.classCounts;
    if (!cc || cc.total === 0 || cc.ignored !== cc.total) return [];
    const spec = ctx.case.loss;
    const lossNow = scalarLoss(ctx.result) ?? null;
    const consequence = spec.reduction === 'mean'
      ? lossNow !== null
        ? l10n.t("reduction='mean' divides by zero valid targets, so the loss is NaN (recomputed: {0}) and a NaN step can poison the weights", fmt(lossNow))
        : l10n.t("reduction='mean' divides by zero valid targets, so the loss is NaN and a NaN step can poison the weights")
      : spec.reduction === 'sum'
        ? l10n.t('the loss is 0 and no gradient flows')
        : l10n.t('the loss is all zeros and no gradient flows');
    return [finding(allTargetsIgnored, {
      message: l10n.t('All {0} targets equal ignore_index ({1}): {2}. Usually the label masking is wrong (labels shifted or masked twice, prompt masking covering the whole sequence) or the batch holds only padding.', cc.total, String(spec.ignore_index), consequence),
      evidence: { total: cc.total, ignored: cc.ignored, ignoreIndex: spec.ignore_index, reduction: spec.reduction, loss: lossNow },
      fix: [
        `assert (target != ${spec.ignore_index}).any(), "batch has no supervised targets"`,
        `# ${l10n.t('check the collator / label masking, or skip such batches:')}`,
        `if (target != ${spec.ignore_index}).sum() == 0: continue`,
      ].join('\n'),
      field: 'target',
    })];
  },
};
