/**
 * NLLLoss fed something other than log-probabilities. NLLLoss only picks −input[y]; it does not
 * normalise, so logits or probabilities give a meaningless (often negative) loss.
 * Detection: log-probability rows have logsumexp = 0; we look at the median |logsumexp| of the rows.
 */
import { l10n } from '../../l10n';
import { finding } from '../finding';
import { quantiles } from '../../engine/numeric';
import { fmt, round } from '../format';
import type { Rule } from '../types';
import { wrongNormalisationAxis } from './normalized-along-wrong-axis';
import { scalarLoss } from '../../engine/losses/result';

export const nllExpectsLogProbabilities: Rule = {
  id: 'nll-expects-log-probabilities',
  severity: 'warning',
  title: 'NLLLoss input is not log-probabilities',
  defaults: { lseTolerance: 0.1, sampleRows: 4096 },
  appliesTo: ['NLLLoss'],
  check(ctx) {
    const layout = ctx.stats.layout;
    if (!layout || layout.C < 2) return [];
    // undefined for a target that fits no layout; no rows give a NaN median below
    const lse = ctx.stats.rowLse(Math.max(1, Math.floor(ctx.options.sampleRows)));
    if (!lse) return [];
    const abs = Array.from(lse.lse, (v) => Math.abs(v));
    const [medAbs, maxAbs] = quantiles(abs, [0.5, 1]);
    if (!(medAbs > ctx.options.lseTolerance)) return [];
    // Log-probabilities along another axis (log_softmax(dim=0)): normalized-along-wrong-axis says which.
    if (wrongNormalisationAxis(ctx)) return [];
    const inp = ctx.stats.input;
    const [medLse] = quantiles(lse.lse, [0.5]);
    const rows = ctx.stats.rows;
    let sumsToOne = 0;
    if (rows) for (let r = 0; r < rows.rows; r++) if (Math.abs(rows.sum[r] - 1) <= 0.01) sumsToOne++;
    const looksProbs = inp.min >= 0 && inp.max <= 1 && rows !== undefined && sumsToOne >= 0.9 * rows.rows;
    const what = looksProbs ? l10n.t('probabilities (softmax output without the log)') : l10n.t('raw logits (no log_softmax)');
    const lossNow = scalarLoss(ctx.result) ?? null;
    const positives = inp.size - inp.nonFinite - inp.negatives;
    return [finding(nllExpectsLogProbabilities, {
      message: lossNow === null
        ? l10n.t("NLLLoss expects log-probabilities (each row's logsumexp is 0), but the median row logsumexp is {0} over {1} rows of {2} classes; the input looks like {3}. NLLLoss just takes −input[target], so the loss is not a cross-entropy and the other classes get no gradient.", fmt(medLse), String(lse.rows.length), String(layout.C), what)
        : lossNow < 0
          ? l10n.t("NLLLoss expects log-probabilities (each row's logsumexp is 0), but the median row logsumexp is {0} over {1} rows of {2} classes; the input looks like {3}. NLLLoss just takes −input[target], so the loss ({4}, negative) is not a cross-entropy and the other classes get no gradient.", fmt(medLse), String(lse.rows.length), String(layout.C), what, fmt(lossNow))
          : l10n.t("NLLLoss expects log-probabilities (each row's logsumexp is 0), but the median row logsumexp is {0} over {1} rows of {2} classes; the input looks like {3}. NLLLoss just takes −input[target], so the loss ({4}) is not a cross-entropy and the other classes get no gradient.", fmt(medLse), String(lse.rows.length), String(layout.C), what, fmt(lossNow)),
      evidence: {
        rowsChecked: lse.rows.length,
        numClasses: layout.C,
        medianRowLogsumexp: round(medLse, 6),
        maxAbsRowLogsumexp: round(maxAbs, 6),
        nonNegativeValues: positives,
        nonNegativeShare: round(positives / Math.max(inp.size, 1), 6),
        inputMin: inp.min,
        inputMax: inp.max,
        looksLike: looksProbs ? 'probabilities' : 'logits',
        loss: lossNow,
      },
      fix: looksProbs
        ? [
          `log_probs = torch.log(probs.clamp_min(1e-12))    # ${l10n.t('better: keep logits and use log_softmax')}`,
          'loss = nn.NLLLoss()(log_probs, target)',
          `# ${l10n.t('best: drop the softmax and use nn.CrossEntropyLoss()(logits, target)')}`,
        ].join('\n')
        : [
          'loss = nn.NLLLoss()(torch.log_softmax(logits, dim=1), target)',
          `# ${l10n.t('or, equivalently: nn.CrossEntropyLoss()(logits, target)')}`,
        ].join('\n'),
      field: 'input',
      ...(looksProbs ? {} : { edit: { path: ['loss', 'type'], value: 'CrossEntropyLoss' } }),
    })];
  },
};
