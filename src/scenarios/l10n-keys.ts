/**
 * The scenario texts that live in data (titles, descriptions, the prose headers of comparison tables) and are translated where they are
 * shown with `l10n.t(text)`: listed here so tools/l10n/bundles.ts puts them in the English bundle.
 */
import { listScenarios, summaryColumns } from './index';
import { isMetricColumn } from './labels';

export function scenarioL10nKeys(): string[] {
  const prose = summaryColumns().filter((c) => !isMetricColumn(c) && c !== 'run' && c !== 'loss');
  return [...listScenarios().flatMap((s) => [s.title, s.description]), ...prose];
}
