/** `lossdbg inspect CASE`: recompute the loss and run every diagnostic rule on a loss case. */
import path from 'node:path';
import { toNested, shapeStr } from '../engine/tensor';
import { buildCaseView } from '../report/case-view';
import { renderHtmlReport } from '../report/html';
import { loadForInspect } from './inspect-stream';
import { streamRefusal } from '../diagnostics/stream';
import { inspectStreamed } from '../diagnostics/stream-run';
import type { StreamInfo } from '../shapes/index';
import { runDiagnostics, type DiagnosticsReport } from '../diagnostics/run';
import type { EvidenceValue, Finding, Severity } from '../diagnostics/types';
import { checkFlags, parseArgs, UsageError } from './args';
import type { Command, Io } from './command';
import { toJson } from '../report/json-safe';
import { CASE_LOAD_FLAGS, caseLoadOptions, caseLoadUsage, disabledRules, dtypeFlag, failOnFlag, failOnMet } from './options';
import { writeOutputFile } from './output-file';
import { escapeControls } from '../io/limits';
import { scalarLoss } from '../engine/losses/result';
import { l10n } from '../l10n';
import { displayWidth, findingCounts, option, padEndW, severityWord } from './text';


export const inspectCommand: Command = {
  name: 'inspect',
  get summary() { return l10n.t('diagnose a loss case: double softmax, missing ignore_index, imbalance, shapes, ...'); },
  get usage() {
    return 'lossdbg inspect CASE.json [--json] [--html FILE] [--fail-on warning|error] [--disable RULE,RULE] [--dtype float64|float32] [--stream] [--max-file-size MB] [--max-memory MB] [--allow-path DIR]\n\n' +
      option('  --json             ', l10n.t('one JSON object: {0}', '{"loss", "findings": [{rule, severity, title, message, evidence, fix, docs}], "summary"}')) +
      option('  --html FILE        ', l10n.t('also write a self-contained HTML report (findings, input histogram, class views)')) +
      option('  --fail-on LEVEL    ', l10n.t('exit 1 when a finding of this severity or worse is found (warning or error)')) +
      option('  --disable IDS      ', l10n.t('comma-separated rule ids not to run (see `lossdbg rules`)')) +
      option('  --dtype            ', l10n.t('precision of the recomputed loss (default float64)')) +
      option('  --stream           ', l10n.t('read the input .npy in chunks of rows (automatic when it is larger than --max-file-size;\nCrossEntropyLoss/NLLLoss with class-index targets on an (N, C) input, or on (B, L, V)\nlogits with (B, L) or (B·L,) targets)')) +
      caseLoadUsage() + '\n' +
      l10n.t('Exit codes: 0 analysed, 1 --fail-on met, 2 unreadable input or bad usage.');
  },
  async run(argv, io) {
    const args = parseArgs(argv, ['fail-on', 'disable', 'dtype', 'html', ...CASE_LOAD_FLAGS]);
    checkFlags(args, ['json', 'html', 'fail-on', 'disable', 'dtype', 'stream', ...CASE_LOAD_FLAGS], 'inspect');
    const html = args.flags.get('html');
    if (html === true) throw new UsageError(l10n.t('--html needs a file name'));
    if (args.positionals.length !== 1) throw new UsageError(l10n.t('expects exactly one case file ({0})', 'lossdbg inspect CASE.json'));
    const failOn = failOnFlag(args);
    const disabled = disabledRules(args);
    const dtype = dtypeFlag(args);
    const { c, reader } = loadForInspect(args.positionals[0], caseLoadOptions(args), args.flags.has('stream'));
    let report: DiagnosticsReport & { streamed?: StreamInfo };
    if (reader) {
      try {
        const why = streamRefusal(c, dtype);
        if (why) throw new UsageError(why);
        report = await inspectStreamed(c, reader, { disabled, dtype });
      } finally {
        reader.close();
      }
    } else {
      report = runDiagnostics(c, { disabled, dtype });
    }

    if (typeof html === 'string') {
      const title = `Loss Debugger — ${path.basename(args.positionals[0])}`;
      writeOutputFile(html, renderHtmlReport({ caseView: buildCaseView(report) }, { title }), [args.positionals[0], ...c.sideFiles ?? []], l10n.t('HTML report'));
    }
    if (args.flags.has('json')) io.out(toJson({ ...reportJson(report), ...(report.streamed ? { streamed: report.streamed } : {}) }));
    else io.out(renderText(args.positionals[0], report, io) + (typeof html === 'string' ? `\n${l10n.t('HTML report: {0}', html)}` : '') + (report.streamed ? `\n${streamedText(report.streamed)}` : ''));

    return failOnMet(report.findings, failOn) ? 1 : 0;
  },
};

/** The line a streamed inspection adds to the text report. */
function streamedText(s: StreamInfo): string {
  const head = l10n.t('Input read in {0} chunks of rows ({1} rows).', s.chunks, s.rows);
  if (s.notChecked.length === 0) return head;
  return `${head} ${l10n.t('Not checked (they need the whole input in memory): {0}.', s.notChecked.map((n) => `${n.rule} (${n.needs})`).join(', '))}`;
}

/** The `--json` object (also used by other front ends that want the same shape). */
export function reportJson(r: DiagnosticsReport): Record<string, unknown> {
  let loss: unknown = null;
  if (r.loss) loss = scalarLoss(r.loss) ?? toNested(r.loss.value.data, r.loss.value.shape);
  const out: Record<string, unknown> = {
    loss,
    findings: r.findings.map((f) => {
      const o: Record<string, unknown> = {
        rule: f.rule, severity: f.severity, title: f.title, message: f.message, evidence: f.evidence, fix: f.fix, docs: f.docs,
      };
      if (f.field !== undefined) o.field = f.field;
      if (f.edit !== undefined) o.edit = f.edit;
      return o;
    }),
    summary: r.summary,
  };
  if (r.lossError !== undefined) out.lossError = r.lossError;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Text report

export const COLOURS: Record<Severity | 'dim' | 'bold', string> = {
  error: '\u001b[31m', warning: '\u001b[33m', info: '\u001b[36m', dim: '\u001b[2m', bold: '\u001b[1m',
};
export const RESET = '\u001b[0m';

export function num(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  // 0 and every other whole number returned above
  return a >= 1e6 || a < 1e-4 ? x.toExponential(3) : String(Number(x.toPrecision(6)));
}

function evidenceValue(v: EvidenceValue): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return num(v);
  if (typeof v === 'string') return escapeControls(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    const items = (v as Array<number | string>).slice(0, 12).map((x) => (typeof x === 'number' ? num(x) : escapeControls(String(x))));
    return `[${items.join(', ')}${v.length > 12 ? `, … (${v.length})` : ''}]`;
  }
  const entries = Object.entries(v).slice(0, 12).map(([k, x]) => `${escapeControls(k)}: ${typeof x === 'number' ? num(x) : escapeControls(String(x))}`);
  return `{${entries.join(', ')}}`;
}

export function renderFinding(f: Finding, paint: (k: keyof typeof COLOURS, s: string) => string): string[] {
  const lines: string[] = [];
  lines.push(`${paint(f.severity, padEndW(severityWord(f.severity).toUpperCase(), 7))} ${paint('bold', f.rule)}  ${escapeControls(f.title)}`);
  lines.push(...wrap(f.message, 96).map((l) => `  ${l}`));
  const ev = Object.entries(f.evidence).map(([k, v]) => `${k}=${evidenceValue(v)}`);
  if (ev.length) {
    lines.push(`  ${paint('dim', l10n.t('evidence:'))}`);
    for (const e of ev) lines.push(`    ${e}`);
  }
  lines.push(`  ${paint('dim', l10n.t('fix:'))}`);
  for (const l of f.fix.split('\n')) lines.push(`    ${l}`);
  lines.push(`  ${paint('dim', l10n.t('docs:'))} ${f.docs}`);
  return lines;
}

function wrap(text: string, width: number): string[] {
  const words = text.split(/\s+/);
  const out: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && displayWidth(line) + 1 + displayWidth(w) > width) { out.push(line); line = w; } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(line);
  return out;
}

export function renderText(file: string, r: DiagnosticsReport, io: Pick<Io, 'isTTY'>): string {
  const colour = io.isTTY && !process.env.NO_COLOR;
  const paint = (k: keyof typeof COLOURS, s: string): string => (colour ? `${COLOURS[k]}${s}${RESET}` : s);
  const s = r.summary;
  const args = Object.entries(s.loss.args)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? evidenceValue(v as number[]) : typeof v === 'string' ? `'${escapeControls(v)}'` : String(v)}`);
  const lines: string[] = [];
  lines.push(`${paint('bold', escapeControls(file))}: ${s.loss.type}(${args.join(', ')})`);
  lines.push(`  ${l10n.t('input {0} {1}, range [{2}, {3}], mean {4}; target {5} {6}', shapeStr(s.input.shape), s.input.dtype, num(s.input.min), num(s.input.max), num(s.input.mean), shapeStr(s.target.shape), s.target.dtype)}`);
  if (s.classCounts) {
    const cc = s.classCounts.length > 20 ? l10n.t('{0} of {1} classes present', s.classCounts.filter((n) => n > 0).length, s.classCounts.length) : l10n.t('class counts [{0}]', s.classCounts.join(', '));
    lines.push(`  ${s.ignored ? l10n.t('{0}; ignored {1} ({2}%)', cc, s.ignored, num((s.ignoredShare ?? 0) * 100)) : cc}`);
  }
  if (s.positivesPerLabel) lines.push(`  ${l10n.t('positives per label [{0}] of {1}', `${s.positivesPerLabel.slice(0, 20).join(', ')}${s.positivesPerLabel.length > 20 ? ', …' : ''}`, s.totalsPerLabel?.[0] ?? '?')}`);
  if (s.nonFinite) lines.push(`  ${l10n.t('non-finite values: {0}', s.nonFinite)}`);
  if (s.lossValue !== null) lines.push(`  ${l10n.t('loss = {0}', num(s.lossValue))}`);
  else if (s.lossShape) lines.push(`  ${l10n.t('loss: per-element, shape {0}', shapeStr(s.lossShape))}`);
  else if (r.lossError !== undefined) lines.push(`  ${l10n.t('loss could not be computed: {0}', r.lossError)}`);
  lines.push('');
  if (r.findings.length === 0) {
    lines.push(l10n.t('No problems found.'));
  } else {
    for (const f of r.findings) { lines.push(...renderFinding(f, paint), ''); }
    const n = (sv: Severity): number => r.findings.filter((f) => f.severity === sv).length;
    lines.push(findingCounts(r.findings.length, n('error'), n('warning'), n('info')));
  }
  return lines.join('\n');
}
