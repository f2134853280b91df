/**
 * Helpers for rule files: build a `Finding` with the rule's id, severity, title and doc link filled in;
 * whether a rule judges a loss type (its `appliesTo`).
 */
import type { LossType } from '../shapes/index';
import type { EvidenceValue, Finding, Rule } from './types';
import { currentLanguage, l10n } from '../l10n';

/** Whether `rule` judges cases of this loss type (a rule without `appliesTo` judges every type). */
export function ruleApplies(rule: Pick<Rule, 'appliesTo'>, type: LossType): boolean {
  return rule.appliesTo === undefined || rule.appliesTo.includes(type);
}

/** The rule's page, in the language messages are in (docs/<lang>/rules/<id>.md; English: docs/rules/). */
export function docsPath(id: string): string {
  const lang = currentLanguage();
  return lang === 'en' ? `docs/rules/${id}.md` : `docs/${lang}/rules/${id}.md`;
}

export interface FindingBody {
  message: string;
  evidence: Record<string, EvidenceValue>;
  fix: string;
  field?: string;
  edit?: { path: string[]; value: unknown };
  /** Override the rule's severity for this finding (rare). */
  severity?: Finding['severity'];
}

export function finding(rule: Pick<Rule, 'id' | 'severity' | 'title'>, body: FindingBody): Finding {
  const f: Finding = {
    rule: rule.id,
    severity: body.severity ?? rule.severity,
    title: l10n.t(rule.title),
    message: body.message,
    evidence: body.evidence,
    fix: body.fix,
    docs: docsPath(rule.id),
  };
  if (body.field !== undefined) f.field = body.field;
  if (body.edit !== undefined) f.edit = body.edit;
  return f;
}
