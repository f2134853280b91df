/**
 * The scenario texts that live in data (titles, descriptions) and are translated where they are
 * shown with `l10n.t(text)`: listed here so tools/l10n/bundles.ts puts them in the English bundle.
 */
import { listScenarios } from './index';

export function scenarioL10nKeys(): string[] {
  return listScenarios().flatMap((s) => [s.title, s.description]);
}
