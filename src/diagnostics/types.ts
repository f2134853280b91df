/**
 * A diagnostic rule looks at a loss case (and the recomputed loss, when it could be computed) and
 * returns findings. Rules are pure: no I/O, no vscode.
 */
import type { LossResult } from '../engine/losses/types';
import type { Finding, LossCase, LossType, Severity } from '../shapes/index';
import type { CaseStats } from './stats';

export type { EvidenceValue, Finding, Severity } from '../shapes/index';

export interface RuleContext {
  case: LossCase;
  /** The loss recomputed as PyTorch would, or the error that prevented it. */
  result?: LossResult;
  resultError?: string;
  /** Thresholds and options of this rule (its defaults merged with the user's settings). */
  options: Record<string, number>;
  /** Lazily computed statistics shared by all rules of this case (compute once, never re-scan). */
  stats: CaseStats;
  /** Precision the loss was recomputed in. */
  dtype: 'float64' | 'float32';
}

export interface Rule {
  id: string;
  severity: Severity;
  title: string;
  /**
   * The loss types this rule judges; absent: every loss type. The runner (`runRule`, `ruleFindings`)
   * skips the rule for any other type, so `check` never sees one and needs no type test of its own.
   */
  appliesTo?: readonly LossType[];
  /** Numeric options with their defaults (documented on the rule's page). */
  defaults: Record<string, number>;
  check(ctx: RuleContext): Finding[];
}
