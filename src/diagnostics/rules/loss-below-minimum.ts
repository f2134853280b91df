/**
 * The loss is below the lowest value it can take: binary cross-entropy, NLL and cross-entropy with
 * class targets are ≥ 0, cross-entropy with probability targets is ≥ the targets' entropy, and a KL
 * divergence is ≥ 0 — when their preconditions hold (targets in the loss's domain, log-probabilities
 * where log-probabilities are expected, non-negative weights). A value below the floor is always a
 * bug; the rule names the precondition that failed. It looks at the recomputed loss, and at the
 * loss the training printed (`meta.reported_loss`, `history`).
 *
 * When the failed precondition is one a dedicated rule reports (and that rule fires on this case),
 * that rule carries the finding, with the loss value in its message; this one stays silent, so the
 * user sees one finding per cause. What remains is the fallback: a value below the floor whose
 * cause is not visible in the batch, or one no dedicated rule covers.
 */
import { isBinaryLoss, type LossType } from '../../engine/losses/spec';
import { finding } from '../finding';
import { l10n } from '../../l10n';
import { lossFloor, ruleFires, sumsAlong, termSlack } from '../invariants';
import { fmt, round } from '../format';
import type { Rule, RuleContext } from '../types';
import { bceTargetOutOfRange } from './bce-target-out-of-range';
import { invalidLossWeight } from './invalid-loss-weight';
import { klDivExpectsLogProbabilities } from './kl-div-expects-log-probabilities';
import { nllExpectsLogProbabilities } from './nll-expects-log-probabilities';
import { normalizedAlongWrongAxis, wrongNormalisationAxis } from './normalized-along-wrong-axis';
import { judgedTargetRows, targetNotADistribution } from './target-not-a-distribution';

interface Precondition {
  /** English, for the evidence. */
  what: string;
  /** The same in the language of the messages. */
  text: string;
  /** The rules that report this precondition, when there are any (one of them firing explains it). */
  owners: readonly Rule[];
}

const FLOOR_TYPES: readonly LossType[] = ['BCELoss', 'BCEWithLogitsLoss', 'NLLLoss', 'CrossEntropyLoss', 'KLDivLoss'];

/** The preconditions of the loss's floor that fail on this case. */
function failedPreconditions(ctx: RuleContext): Precondition[] {
  const c = ctx.case;
  const type = c.loss.type;
  const out: Precondition[] = [];
  for (const k of ['weight', 'pos_weight'] as const) {
    const w = c.loss[k];
    if (!w) continue;
    let neg = 0;
    for (let i = 0; i < w.data.length; i++) if (w.data[i] < 0) neg++;
    if (neg > 0) {
      out.push({
        what: `${neg} of the ${w.data.length} values of \`${k}\` are negative (a negative weight turns its terms into rewards)`,
        text: l10n.t('{0} of the {1} values of `{2}` are negative (a negative weight turns its terms into rewards)', neg, w.data.length, k),
        owners: [invalidLossWeight],
      });
    }
  }
  if (isBinaryLoss(type)) {
    // Outside [0, 1] by more than the dtype's rounding (bce-target-out-of-range's slack): a target
    // stored as 1.0000001 changes a BCE term by far less than the floor's tolerance.
    const t = ctx.stats.target;
    const slack = termSlack(c.target.dtype);
    if (t.min < -slack || t.max > 1 + slack) {
      out.push({
        what: `targets outside [0, 1] (range [${fmt(t.min)}, ${fmt(t.max)}])`,
        text: l10n.t('targets outside [0, 1] (range [{0}, {1}])', fmt(t.min), fmt(t.max)),
        owners: [bceTargetOutOfRange],
      });
    }
  }
  if (type === 'CrossEntropyLoss' || type === 'KLDivLoss') {
    const r = judgedTargetRows(ctx);
    if (r && (r.badRows > 0 || r.negatives > 0)) {
      out.push({
        what: `target rows that are not probability distributions (${r.badRows} of ${r.checked} rows)`,
        text: l10n.t('target rows that are not probability distributions ({0} of {1} rows)', r.badRows, r.checked),
        // log-probabilities without log_target=True (or probabilities with it) are
        // kl-div-expects-log-probabilities' target finding: target-not-a-distribution leaves them to it
        owners: type === 'KLDivLoss' ? [targetNotADistribution, klDivExpectsLogProbabilities] : [targetNotADistribution],
      });
    }
  }
  if (type === 'NLLLoss') {
    const inp = ctx.stats.input;
    if (inp.max > 0) {
      const n = inp.size - inp.negatives - inp.nonFinite;
      out.push({
        what: `an input that is not log-probabilities (${n} values ≥ 0, max ${fmt(inp.max)}; log-probabilities are ≤ 0)`,
        text: l10n.t('an input that is not log-probabilities ({0} values ≥ 0, max {1}; log-probabilities are ≤ 0)', n, fmt(inp.max)),
        owners: [nllExpectsLogProbabilities],
      });
    }
  }
  const wrong = wrongNormalisationAxis(ctx);
  if (wrong) {
    out.push({
      what: `an input normalised along dim ${wrong.dim} instead of the class axis dim ${wrong.classDim}`,
      text: l10n.t('an input normalised along dim {0} instead of the class axis dim {1}', wrong.dim, wrong.classDim),
      owners: [normalizedAlongWrongAxis],
    });
  }
  if (type === 'KLDivLoss') {
    const inp = ctx.stats.input;
    const n = c.input.shape.length;
    if (n >= 1 && inp.nonFinite === 0) {
      const s = ctx.stats.memoise('loss-below-minimum:input-lse', () => sumsAlong(c.input, n - 1));
      let over = 0;
      for (let i = 0; i < s.lse.length; i++) if (s.lse[i] > 1e-4 * s.g.K) over++;
      if (over > 0 || inp.max > 0) {
        out.push({
          what: `an input that is not log-probabilities (${over} rows whose exp sums to more than 1, max ${fmt(inp.max)})`,
          text: l10n.t('an input that is not log-probabilities ({0} rows whose exp sums to more than 1, max {1})', over, fmt(inp.max)),
          owners: [klDivExpectsLogProbabilities],
        });
      }
    }
  }
  return out;
}

export const lossBelowMinimum: Rule = {
  id: 'loss-below-minimum',
  severity: 'error',
  title: 'The loss is below its minimum (a precondition of the loss failed)',
  defaults: {},
  appliesTo: FLOOR_TYPES,
  check(ctx) {
    const c = ctx.case;
    const type = c.loss.type;
    const f = lossFloor(ctx);
    // What the training printed: a negative value is impossible for these losses whatever the batch.
    // source: English (evidence); text: in the language of the messages.
    const printed: { source: string; text: string; value: number }[] = [];
    const rep = c.meta.reported_loss;
    if (typeof rep === 'number' && Number.isFinite(rep) && rep < -1e-6) printed.push({ source: 'meta.reported_loss', text: 'meta.reported_loss', value: rep });
    for (const k of ['train', 'val'] as const) {
      const h = c.history?.[k];
      if (!h) continue;
      let worst = Infinity, count = 0;
      for (const v of h) if (Number.isFinite(v) && v < -1e-6) { count++; if (v < worst) worst = v; }
      if (count > 0) printed.push({ source: `history.${k} (${count} of ${h.length} values)`, text: l10n.t('history.{0} ({1} of {2} values)', k, count, h.length), value: worst });
    }
    const recomputedBelow = f !== undefined && f.below;
    if (!recomputedBelow && printed.length === 0) return [];
    const failed = failedPreconditions(ctx);
    // One finding per cause: a dedicated rule that fires here explains it (and quotes the value).
    if (failed.some((p) => p.owners.some((o) => ruleFires(ctx, o)))) return [];

    const parts: string[] = [];
    if (recomputedBelow && f) {
      const below = [f.elementsBelow ?? 0, f.elements ?? 0, fmt(f.value), fmt(f.floor), f.floorText] as const;
      parts.push(f.elementsBelow !== undefined
        ? type === 'KLDivLoss'
          ? l10n.t('{0} of {1} totals are below their floor (worst {2} against {3}, {4})', ...below)
          : l10n.t('{0} of {1} per-element losses are below their floor (worst {2} against {3}, {4})', ...below)
        : l10n.t('the recomputed loss is {0}, below its floor {1} ({2})', fmt(f.value), fmt(f.floor), f.floorText));
    }
    for (const p of printed) parts.push(l10n.t('{0} reaches {1}, below 0', p.text, fmt(p.value)));
    const why = failed.length
      ? l10n.t('The precondition that fails: {0}.', failed.map((p) => p.text).join('; '))
      : recomputedBelow
        ? l10n.t('None of the usual preconditions fails visibly in this batch.')
        : f
          ? l10n.t('This batch recomputes to {0}, so the printed loss does not come from {1} on data like this: look for a sign error, a term subtracted from the loss, or targets that differ in other batches (masks loaded as 0/255, unnormalised soft labels).', fmt(f.value), type)
          : l10n.t('This batch does not recompute to a finite loss, so it cannot show where the printed value comes from: look for a sign error, a term subtracted from the loss, or targets that differ in other batches (masks loaded as 0/255, unnormalised soft labels).');
    const severity = recomputedBelow ? 'error' : 'warning';
    const head = f && f.floor !== 0
      ? l10n.t('{0} cannot go below {1} here ({2}) when its preconditions hold, but {3}.', type, fmt(f.floor), f.floorText, parts.join('; '))
      : l10n.t('{0} cannot go below 0 when its preconditions hold, but {1}.', type, parts.join('; '));
    return [finding(lossBelowMinimum, {
      severity,
      message: `${head} ${why} ${l10n.t('Training on such a loss drives it further down without limit instead of towards the targets.')}`,
      evidence: {
        loss: f ? round(f.value, 6) : null,
        floor: f ? round(f.floor, 6) : 0,
        floorIs: f ? f.floorWhat : '0',
        tolerance: f ? f.tolerance : null,
        elementsBelow: f?.elementsBelow ?? null,
        printedBelow: printed.map((p) => `${p.source}: ${fmt(p.value)}`),
        failedPreconditions: failed.map((p) => p.what),
      },
      fix: [
        `# ${l10n.t('check the preconditions of the loss before training:')}`,
        ...(isBinaryLoss(type) ? ['assert ((target >= 0) & (target <= 1)).all(), "BCE targets must be in [0, 1]"'] : []),
        ...(type === 'CrossEntropyLoss' || type === 'KLDivLoss' ? ['assert (target >= 0).all() and torch.allclose(target.sum(dim=1), torch.ones(1), atol=1e-4)'] : []),
        ...(type === 'NLLLoss' || type === 'KLDivLoss' ? [`log_probs = F.log_softmax(logits, dim=1)   # ${l10n.t('the input must be log-probabilities')}`] : []),
        ...(c.loss.weight || c.loss.pos_weight ? ['assert (weight >= 0).all()'] : []),
        'assert loss.item() >= 0, loss.item()',
      ].join('\n'),
      field: recomputedBelow ? 'target' : printed[0]?.source.startsWith('meta') ? 'meta.reported_loss' : 'history',
    })];
  },
};
