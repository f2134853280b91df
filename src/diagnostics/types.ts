/**
 * A diagnostic rule looks at a loss case (and the recomputed loss, when it could be computed) and
 * returns findings. Rules are pure: no I/O, no vscode.
 */
import type { LossResult } from '../engine/losses/types';
import type { LossCase } from '../io/types';
import type { CaseStats } from './stats';

export type Severity = 'error' | 'warning' | 'info';

export type EvidenceValue = number | string | boolean | null | number[] | string[] | Record<string, number | string | null>;

export interface Finding {
  rule: string;
  severity: Severity;
  title: string;
  /** One or two sentences: what is wrong here and why it matters, with the key numbers. */
  message: string;
  /** The numbers behind the message, by name. */
  evidence: Record<string, EvidenceValue>;
  /** The fix: PyTorch code (may be several lines). */
  fix: string;
  /** Relative path of the rule's doc page, e.g. `docs/rules/double-softmax.md`. */
  docs: string;
  /** The JSON field the finding concerns (for editor placement): `loss`, `loss.ignore_index`, `input`, `target`, `history`, `meta.reported_loss`... */
  field?: string;
  /** A JSON edit that fixes the case file, when the fix is one (for code actions). */
  edit?: { path: string[]; value: unknown };
}

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
  /** Numeric options with their defaults (documented on the rule's page). */
  defaults: Record<string, number>;
  check(ctx: RuleContext): Finding[];
}
