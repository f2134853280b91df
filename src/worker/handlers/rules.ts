/** `listRules`: the rules with their severities, titles and default options. */
import { l10n } from '../../l10n';
import { RULES } from '../../diagnostics/rules/index';
import type { Handler } from '../handler';

export const listRules: Handler<'listRules'> = () =>
  RULES.map((r) => ({ id: r.id, severity: r.severity, title: l10n.t(r.title), defaults: { ...r.defaults } }));
