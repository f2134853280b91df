/** Lint fixture files in-process and reduce findings to comparable rows. */
import path from 'node:path';
import { Linter, type FileReport, type FileSource } from '../../../src/lint/index';

export const FIX = path.join(__dirname, '..', '..', 'fixtures', 'lint');

let linter: Promise<Linter> | undefined;
export function getLinter(): Promise<Linter> {
  linter ??= Linter.create();
  return linter;
}

/** `rule@line:col severity` rows (1-based), cell-prefixed for notebooks. */
export function rows(r: FileReport): string[] {
  return r.findings.map((f) => `${f.cell !== undefined ? `cell${f.cell}:` : ''}${f.rule}@${f.site.span.line + 1}:${f.site.span.column + 1} ${f.severity}`);
}

export async function lintFiles(files: string[], roots: string[] = files, source?: FileSource, disabled: string[] = []): Promise<FileReport[]> {
  const l = await getLinter();
  return l.lint(files, roots, { disabled }, source);
}

/** Lint Python sources given as text (virtual files under /virtual/). */
export async function lintTexts(texts: Record<string, string>, disabled: string[] = []): Promise<Map<string, FileReport>> {
  const enc = new TextEncoder();
  const files = Object.keys(texts).map((k) => path.join('/virtual', k));
  const source: FileSource = {
    read: (f) => {
      const k = path.relative('/virtual', f);
      return k in texts ? enc.encode(texts[k]) : undefined;
    },
  };
  const reports = await lintFiles(files, ['/virtual'], source, disabled);
  return new Map(reports.map((r) => [path.relative('/virtual', r.path), r]));
}

export async function lintText(text: string, disabled: string[] = []): Promise<FileReport> {
  return (await lintTexts({ 'main.py': text }, disabled)).get('main.py')!;
}

/** Apply a finding's first fix to its file's text. */
export function applyFix(text: string, edits: { span: { line: number; column: number; endLine: number; endColumn: number }; newText: string }[]): string {
  const lines = text.split('\n');
  const off = (l: number, c: number): number => lines.slice(0, l).reduce((a, s) => a + s.length + 1, 0) + c;
  const sorted = [...edits].sort((a, b) => off(b.span.line, b.span.column) - off(a.span.line, a.span.column));
  let out = text;
  for (const e of sorted) out = out.slice(0, off(e.span.line, e.span.column)) + e.newText + out.slice(off(e.span.endLine, e.span.endColumn));
  return out;
}

type Sp = { line: number; column: number; endLine: number; endColumn: number };
const at = (s: Sp): string => `${s.line + 1}:${s.column + 1}-${s.endLine + 1}:${s.endColumn + 1}`;

/**
 * A report written out in full, one line per field: every finding's rule, severity, place, title,
 * page, message, fix text, related places and code actions with their edits, then notes and error.
 * Files are named by their base name.
 */
export function render(r: FileReport): string[] {
  const out: string[] = [];
  const cell = (c: number | undefined): string => (c !== undefined ? `cell${c}:` : '');
  for (const f of r.findings) {
    out.push(`${cell(f.cell)}${f.rule} ${f.severity} @${at(f.site.span)} "${f.title}" ${f.docs}`);
    out.push(`  message: ${f.message}`);
    out.push(`  fix: ${JSON.stringify(f.fix)}`);
    for (const x of f.related ?? []) out.push(`  related ${cell(x.site.cell)}${path.basename(x.site.file)}@${at(x.site.span)}: ${x.message}`);
    for (const x of f.fixes ?? []) {
      out.push(`  action: ${x.title}`);
      for (const e of x.edits) out.push(`    ${path.basename(e.file)}@${at(e.span)} → ${JSON.stringify(e.newText)}`);
    }
  }
  for (const n of r.notes) out.push(`note: ${n}`);
  if (r.error !== undefined) out.push(`error: ${r.error}`);
  return out;
}
