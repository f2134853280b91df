/**
 * The headers of a scenario's comparison table as a reader sees them. The columns stay English in
 * the results (`ScenarioResult.summary.columns` are keys: the panel picks the deciding metric by
 * them); metric names such as `val_f1` are shown as they are, prose headers are translated.
 */
import { l10n } from '../l10n';

/** A column named by a metric or argument key (`val_pr_auc`, `label_smoothing`: snake_case with an underscore): shown as is. */
export const isMetricColumn = (c: string): boolean => /^[a-z0-9]+(_[a-z0-9]+)+$/.test(c);

export function summaryColumnLabel(c: string): string {
  if (c === 'run') return l10n.t('run');
  if (c === 'loss') return l10n.t('loss');
  const fired = /^(\S+) fired$/.exec(c);
  if (fired) return l10n.t('{0} fired', fired[1]);
  return isMetricColumn(c) ? c : l10n.t(c);
}
