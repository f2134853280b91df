/** Helpers for the code rules: build a `CodeFinding` with the rule's id, severity, title and page filled in. */
import { l10n } from '../../l10n';
import { docsPath } from '../finding';
import type { CodeFinding, CodeFix, CodeRule, Site, TextEdit } from './types';

/**
 * A place named in a message. Rules write a token; `resolvePlaces` turns it into `file.py:12` (or
 * `nb.ipynb, cell 3:4` once the linter knows the notebook's cells).
 */
export function where(site: Site): string {
  return `⟦${site.span.line}@${site.file}⟧`;
}

export function resolvePlaces(message: string, place: (file: string, line: number) => string): string {
  return message.replace(/⟦(\d+)@([^⟧]*)⟧/g, (_m, line: string, file: string) => place(file, Number(line)));
}

export function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

export function codeFinding(
  rule: Pick<CodeRule, 'id' | 'severity' | 'title'>,
  body: { site: Site; message: string; fix: string; related?: { site: Site; message: string }[]; fixes?: CodeFix[] },
): CodeFinding {
  const f: CodeFinding = {
    rule: rule.id, severity: rule.severity, title: l10n.t(rule.title), message: body.message, fix: body.fix,
    docs: docsPath(rule.id), site: body.site,
  };
  if (body.related && body.related.length) f.related = body.related;
  if (body.fixes && body.fixes.length) f.fixes = body.fixes;
  return f;
}

export function fixOf(title: string, edits: TextEdit[] | undefined): CodeFix[] {
  return edits && edits.length ? [{ title, edits }] : [];
}

export function siteKey(s: Site): string {
  return `${s.file}\u0000${s.span.line}:${s.span.column}-${s.span.endLine}:${s.span.endColumn}`;
}
