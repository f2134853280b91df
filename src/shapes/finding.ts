/** What a rule reports: one finding, with its numbers, its fix and where it belongs in the case file. */

export type Severity = 'error' | 'warning' | 'info';

export type EvidenceValue =
  | number | string | boolean | null | number[] | string[] | Record<string, number | string | null>;

/** A JSON edit that fixes the case file (for code actions): set `path` to `value`. */
export interface JsonEdit { path: string[]; value: unknown }

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
  edit?: JsonEdit;
}
