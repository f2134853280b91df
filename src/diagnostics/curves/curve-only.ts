/**
 * The rule ids that exist only as curve rules, as `Rule` entries of the case registry, so that
 * `lossdbg rules`, `--disable` and the docs checks know them. On a loss case they find nothing:
 * they read logged series (`lossdbg curves`, the training-run panel).
 */
import type { Rule } from '../types';
import { lossSpikes } from './loss-spikes';
import { nonFiniteLoss } from './non-finite-loss';
import { overfitting } from './overfitting';

function caseStub(r: Pick<Rule, 'id' | 'severity' | 'title' | 'defaults'>): Rule {
  return { id: r.id, severity: r.severity, title: r.title, defaults: r.defaults, check: () => [] };
}

export const CURVE_ONLY_RULES: readonly Rule[] = [nonFiniteLoss, overfitting, lossSpikes].map(caseStub);
