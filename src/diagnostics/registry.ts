/**
 * The rule registry: every rule with its id, severity, title and default options, plus lookups.
 * The rules themselves are listed in `./rules/index.ts` (one line per rule).
 */
import { l10n } from '../l10n';
import { closest } from '../didyoumean';
import { LossDebuggerError } from '../errors';
import { RULES } from './rules/index';
import type { Rule } from './types';
export { docsPath } from './finding';

/** Every rule id the product ships (the registry test checks each one is registered). */
export const ALL_RULE_IDS = [
  // errors
  'non-finite-values', 'target-out-of-range', 'class-dim-misplaced', 'shape-mismatch', 'bce-expects-probabilities',
  // warnings: activations, targets, imbalance
  'double-softmax', 'double-sigmoid', 'nll-expects-log-probabilities', 'missing-ignore-index', 'all-targets-ignored',
  'class-imbalance', 'kl-div-expects-log-probabilities',
  // loss configuration, loss history, model outputs
  'label-smoothing-risk', 'extreme-logits', 'regression-target-scale', 'mse-outliers', 'mse-on-class-labels',
  'reported-loss-mismatch', 'loss-plateau', 'loss-divergence', 'decision-threshold', 'sum-reduction', 'initial-loss',
  'suspect-labels',
  // invariants (#20)
  'bce-target-out-of-range', 'loss-below-minimum', 'target-not-a-distribution', 'kl-div-mean-reduction',
  'invalid-loss-weight', 'loss-cannot-teach', 'bce-weight-not-pos-weight',
  'normalized-along-wrong-axis',
  // curve rules (logged series)
  'non-finite-loss', 'overfitting', 'loss-spikes',
  // real users' bugs (issue 12)
  'weighted-probability-targets', 'collapsed-model', 'bce-clamped-log',
] as const;

export const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function allRules(): readonly Rule[] {
  return RULES;
}

export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}

/** Throws a LossDebuggerError naming the unknown rule id (with a suggestion). */
export function checkRuleIds(ids: readonly string[]): void {
  const known = RULES.map((r) => r.id);
  for (const id of ids) {
    if (!known.includes(id)) {
      const [a, b, c] = closest(id, known);
      const hint = c !== undefined
        ? l10n.t("did you mean '{0}' or '{1}' or '{2}'? See `lossdbg rules`", a, b, c)
        : b !== undefined
          ? l10n.t("did you mean '{0}' or '{1}'? See `lossdbg rules`", a, b)
          : a !== undefined
            ? l10n.t("did you mean '{0}'? See `lossdbg rules`", a)
            : l10n.t('see `lossdbg rules` for the list');
      throw new LossDebuggerError('value', l10n.t("unknown rule '{0}'", id), {}, hint);
    }
  }
}

/** A rule's defaults merged with user options (unknown keys are ignored; non-finite values too). */
export function ruleOptions(rule: Rule, user?: Record<string, number>): Record<string, number> {
  const out = { ...rule.defaults };
  if (user) {
    for (const [k, v] of Object.entries(user)) {
      if (k in rule.defaults && typeof v === 'number' && Number.isFinite(v)) out[k] = v;
    }
  }
  return out;
}
