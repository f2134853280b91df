/** `lossdbg lint PATH...`: the source linter over .py files, notebooks and folders. */
import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { CODE_RULES } from '../diagnostics/code/index';
import type { CodeFinding, CodeSeverity } from '../diagnostics/code/types';
import { checkRuleIds } from '../diagnostics/registry';
import { isInside } from '../io/files';
import { Linter, type FileReport } from '../lint/index';
import { VERSION } from '../version';
import { checkFlags, intFlag, parseArgs, UsageError } from './args';
import type { Command, Io } from './command';
import { toJson } from '../report/json-safe';
import { l10n } from '../l10n';
import { option, severityWord } from './text';

const RANK: Record<CodeSeverity, number> = { error: 0, warning: 1, info: 2 };

/** Folders never walked into: VCS, virtual environments, caches, dependencies. */
const SKIP_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__', 'site-packages', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ipynb_checkpoints', 'venv', '.venv', 'env', '.env', 'virtualenv', 'build', 'dist', '.eggs']);
const EXTS = ['.py', '.ipynb'];

function isVenv(dir: string): boolean {
  try {
    return lstatSync(path.join(dir, 'pyvenv.cfg')).isFile();
  } catch {
    return false;
  }
}

/** The .py/.ipynb files under `abs` (no symlinks followed), sorted. */
function walk(abs: string, out: string[]): void {
  let entries: string[];
  try {
    entries = readdirSync(abs).sort();
  } catch {
    return;
  }
  for (const name of entries) {
    const p = path.join(abs, name);
    let st;
    // lstat: a symlink is neither a folder nor a file here, so links are never followed
    try { st = lstatSync(p); } catch { continue; }
    if (st.isDirectory()) {
      if (SKIP_DIRS.has(name) || name.endsWith('.egg-info') || isVenv(p)) continue;
      walk(p, out);
    } else if (st.isFile() && EXTS.some((e) => name.toLowerCase().endsWith(e))) {
      out.push(p);
    }
  }
}

export const lintCommand: Command = {
  name: 'lint',
  get summary() { return l10n.t('find loss bugs in PyTorch source: .py files, notebooks, folders'); },
  get usage() {
    return 'lossdbg lint PATH... [--json] [--format text|json|sarif] [--fail-on warning|error] [--disable RULE,RULE] [--max-lines N]\n\n' +
      option('  PATH               ', l10n.t('.py and .ipynb files, or folders (walked; .git, virtual environments, node_modules skipped).\nImports between files resolve inside the folders given.')) +
      option('  --json             ', l10n.t('same as --format json: {0}', '{"files": [{"path", "findings": [{rule, severity, line, column, endLine, endColumn, message, cell?}]}], "summary"}')) +
      option('  --format sarif     ', l10n.t('SARIF 2.1.0 (GitHub code scanning)')) +
      option('  --fail-on LEVEL    ', l10n.t('exit 1 when a finding of this severity or worse is found (warning or error)')) +
      option('  --disable IDS      ', l10n.t('comma-separated rule ids not to run (see `lossdbg rules`)')) +
      option('  --max-lines N      ', l10n.t('skip files longer than N lines (default 20000: generated code)')) + '\n' +
      l10n.t('Silence one finding with a comment on its line: {0}', '# lossdbg: ignore[rule-id]') + '\n' +
      l10n.t('Exit codes: 0 linted, 1 --fail-on met, 2 a path that cannot be read or bad usage.');
  },
  async run(argv, io) {
    const args = parseArgs(argv, ['format', 'fail-on', 'disable', 'max-lines']);
    checkFlags(args, ['json', 'format', 'fail-on', 'disable', 'max-lines'], 'lint');
    let format = args.flags.get('format') ?? (args.flags.has('json') ? 'json' : 'text');
    if (format === true) throw new UsageError(l10n.t('--format needs a value: text, json or sarif'));
    if (args.flags.has('json')) {
      if (args.flags.has('format') && format !== 'json') throw new UsageError(l10n.t('--json and --format disagree'));
      format = 'json';
    }
    if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(l10n.t('--format must be text, json or sarif, got \'{0}\'', format));
    const failOn = args.flags.get('fail-on');
    if (failOn !== undefined && failOn !== 'warning' && failOn !== 'error') throw new UsageError(l10n.t('--fail-on must be warning or error, got \'{0}\'', String(failOn)));
    const disableFlag = args.flags.get('disable');
    if (disableFlag === true) throw new UsageError(l10n.t('--disable needs a comma-separated list of rule ids'));
    const disabled = disableFlag ? disableFlag.split(',').map((s) => s.trim()).filter(Boolean) : [];
    checkRuleIds(disabled.filter((d) => !CODE_RULES.some((r) => r.id === d)));
    const maxLines = intFlag(args, 'max-lines');
    if (maxLines !== undefined && maxLines < 1) throw new UsageError(l10n.t('--max-lines must be a positive integer'));
    if (args.positionals.length === 0) throw new UsageError(l10n.t('expects at least one file or folder ({0})', 'lossdbg lint PATH...'));

    const files: string[] = [];
    const roots: string[] = [];
    const missing: FileReport[] = [];
    for (const p of args.positionals) {
      const abs = path.resolve(p);
      let st;
      try { st = lstatSync(abs); } catch { missing.push({ path: abs, findings: [], error: 'no such file or folder', notes: [] }); continue; }
      if (st.isDirectory()) {
        roots.push(abs);
        walk(abs, files);
      } else if (st.isFile()) {
        if (!EXTS.some((e) => abs.toLowerCase().endsWith(e))) { missing.push({ path: abs, findings: [], error: 'not a .py or .ipynb file', notes: [] }); continue; }
        roots.push(abs);
        files.push(abs);
      } else {
        missing.push({ path: abs, findings: [], error: 'not a regular file or folder', notes: [] });
      }
    }
    const unique = [...new Set(files)];
    const linter = await Linter.create();
    const reports = [...missing, ...linter.lint(unique, roots, { disabled, maxLines })];
    const display = (abs: string): string => {
      const rel = path.relative(process.cwd(), abs);
      return rel && isInside(process.cwd(), abs) ? rel : abs;
    };

    if (format === 'json') io.out(toJson(lintJson(reports, display)));
    else if (format === 'sarif') io.out(toJson(sarif(reports, display), 2));
    else io.out(renderText(reports, display, io));

    if (reports.some((r) => r.error !== undefined)) return 2;
    if (failOn === 'warning' || failOn === 'error') {
      const limit = RANK[failOn];
      if (reports.some((r) => r.findings.some((f) => RANK[f.severity] <= limit))) return 1;
    }
    return 0;
  },
};

function counts(reports: FileReport[]): { files: number; findings: number; error: number; warning: number; info: number } {
  const all = reports.flatMap((r) => r.findings);
  return {
    files: reports.length,
    findings: all.length,
    error: all.filter((f) => f.severity === 'error').length,
    warning: all.filter((f) => f.severity === 'warning').length,
    info: all.filter((f) => f.severity === 'info').length,
  };
}

/** The `--json` object: lines and columns 1-based; `cell` 0-based for notebooks. */
export function lintJson(reports: FileReport[], display: (p: string) => string = (p) => p): Record<string, unknown> {
  return {
    files: reports.map((r) => {
      const o: Record<string, unknown> = {
        path: display(r.path),
        findings: r.findings.map((f) => {
          const s = f.site.span;
          const x: Record<string, unknown> = {
            rule: f.rule, severity: f.severity, line: s.line + 1, column: s.column + 1, endLine: s.endLine + 1, endColumn: s.endColumn + 1, message: f.message,
          };
          if (f.cell !== undefined) x.cell = f.cell;
          return x;
        }),
      };
      if (r.error !== undefined) o.error = r.error;
      if (r.notes.length) o.notes = r.notes;
      return o;
    }),
    summary: counts(reports),
  };
}

function loc(display: (p: string) => string, file: string, line: number, col: number, cell?: number): string {
  return `${display(file)}${cell !== undefined ? `[cell ${cell}]` : ''}:${line + 1}:${col + 1}`;
}

const COLOURS: Record<CodeSeverity | 'dim' | 'bold', string> = {
  error: '\u001b[31m', warning: '\u001b[33m', info: '\u001b[36m', dim: '\u001b[2m', bold: '\u001b[1m',
};

function renderText(reports: FileReport[], display: (p: string) => string, io: Pick<Io, 'isTTY'>): string {
  const colour = io.isTTY && !process.env.NO_COLOR;
  const paint = (k: keyof typeof COLOURS, s: string): string => (colour ? `${COLOURS[k]}${s}\u001b[0m` : s);
  const lines: string[] = [];
  for (const r of reports) {
    if (r.error !== undefined) lines.push(`${display(r.path)}: ${paint('error', l10n.t('cannot lint'))}: ${r.error}`);
    for (const n of r.notes) lines.push(`${display(r.path)}: ${paint('dim', l10n.t('note'))}: ${n}`);
    for (const f of r.findings) {
      lines.push(`${loc(display, r.path, f.site.span.line, f.site.span.column, f.cell)}: ${paint(f.severity, severityWord(f.severity))} ${paint('bold', `[${f.rule}]`)} ${f.message}`);
      for (const rel of f.related ?? []) lines.push(`    ${paint('dim', l10n.t('see'))} ${loc(display, rel.site.file, rel.site.span.line, rel.site.span.column, rel.site.cell)}: ${rel.message}`);
      lines.push(`    ${paint('dim', l10n.t('docs:'))} ${f.docs}`);
    }
  }
  const c = counts(reports);
  const unreadable = reports.filter((r) => r.error !== undefined).length;
  const linted = c.files === 1 ? l10n.t('1 file linted') : l10n.t('{0} files linted', c.files);
  const which = unreadable ? l10n.t('{0} ({1} could not be)', linted, unreadable) : linted;
  const found = c.findings === 0 ? l10n.t('no loss bugs found')
    : c.findings === 1 ? l10n.t('1 finding ({0} error, {1} warning, {2} info)', c.error, c.warning, c.info)
      : l10n.t('{0} findings ({1} error, {2} warning, {3} info)', c.findings, c.error, c.warning, c.info);
  lines.push(`${which}: ${found}`);
  return lines.join('\n');
}

const SARIF_LEVEL: Record<CodeSeverity, string> = { error: 'error', warning: 'warning', info: 'note' };

function sarifLocation(display: (p: string) => string, file: string, f: { span: CodeFinding['site']['span']; cell?: number }, message?: string): Record<string, unknown> {
  const o: Record<string, unknown> = {
    physicalLocation: {
      artifactLocation: { uri: display(file).split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' },
      region: { startLine: f.span.line + 1, startColumn: f.span.column + 1, endLine: f.span.endLine + 1, endColumn: f.span.endColumn + 1 },
    },
  };
  if (message !== undefined) o.message = { text: message };
  if (f.cell !== undefined) o.properties = { cell: f.cell };
  return o;
}

/** SARIF 2.1.0 for GitHub code scanning. */
export function sarif(reports: FileReport[], display: (p: string) => string = (p) => p): Record<string, unknown> {
  const rules = CODE_RULES.map((r) => ({
    id: r.id,
    name: r.id.replace(/(^|-)(\w)/g, (_m, _d: string, c: string) => c.toUpperCase()),
    shortDescription: { text: r.title },
    helpUri: `https://example.invalid/loss-debugger/docs/rules/${r.id}.md`,
    defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
  }));
  const results = reports.flatMap((r) => r.findings.map((f) => {
    const res: Record<string, unknown> = {
      ruleId: f.rule,
      ruleIndex: rules.findIndex((x) => x.id === f.rule),
      level: SARIF_LEVEL[f.severity],
      message: { text: f.cell !== undefined ? `(cell ${f.cell}) ${f.message}` : f.message },
      locations: [sarifLocation(display, r.path, { span: f.site.span, cell: f.cell })],
    };
    if (f.related?.length) res.relatedLocations = f.related.map((x, i) => ({ id: i + 1, ...sarifLocation(display, x.site.file, { span: x.site.span, cell: x.site.cell }, x.message) }));
    return res;
  }));
  const notifications = reports.filter((r) => r.error !== undefined || r.notes.length).flatMap((r) => [
    ...(r.error !== undefined ? [{ level: 'error', message: { text: `${display(r.path)}: ${r.error}` } }] : []),
    ...r.notes.map((n) => ({ level: 'note', message: { text: `${display(r.path)}: ${n}` } })),
  ]);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'Loss Debugger', version: VERSION, informationUri: 'https://example.invalid/loss-debugger', rules } },
      columnKind: 'utf16CodeUnits',
      results,
      invocations: [{ executionSuccessful: !reports.some((r) => r.error !== undefined), toolExecutionNotifications: notifications }],
    }],
  };
}
