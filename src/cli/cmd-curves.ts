/**
 * `lossdbg curves PATH...`: read training logs (our run folders, TensorBoard event files,
 * Lightning/Keras/generic CSV, trainer_state.json, JSONL), summarise their series and run the curve
 * rules (non-finite-loss, loss-divergence, overfitting, loss-plateau, loss-spikes).
 */
import { writeFileSync } from 'node:fs';
import { LossDebuggerError } from '../errors';
import type { Severity } from '../diagnostics/types';
import { readRunPath } from '../logs/files';
import { judgeRun, type CurvesRunReport } from '../logs/judge';
import { runReference } from '../logs/snapshot-ref';
import { renderCurvesHtml } from '../report/curves-html';
import { checkFlags, intFlag, parseArgs, UsageError } from './args';
import type { Command, Io } from './command';
import { COLOURS, num, renderFinding, RESET } from './cmd-inspect';
import { toJson } from '../report/json-safe';
import { caseLoadOptions, disabledRules, failOnFlag, failOnMet } from './options';

export const curvesCommand: Command = {
  name: 'curves',
  summary: 'read training logs (TensorBoard, Lightning, HF Trainer, Keras, CSV, JSONL, run folders) and diagnose the loss curves',
  usage: 'lossdbg curves PATH... [--json] [--html FILE] [--classes K] [--fail-on warning|error] [--disable RULE,RULE] [--max-file-size MB]\n\n' +
    '  PATH               a log file or a folder (searched for rank<k>.jsonl, events.out.tfevents.*, metrics.csv,\n' +
    '                     trainer_state.json, *.csv, *.jsonl); each PATH is one run\n' +
    '  --json             {"runs": [{"source", "format", "series": [{"name", "points", "first", "last", "min", "max"}], "findings": [...]}]}\n' +
    '  --html FILE        also write a self-contained HTML report with the curves overlaid and the findings\n' +
    '  --classes K        number of classes, so a plateau can be named (log K, the double-softmax floor);\n' +
    '                     run folders with snapshots know it already\n' +
    '  --fail-on LEVEL    exit 1 when a finding of this severity or worse is found\n' +
    '  --disable IDS      comma-separated rule ids not to run\n' +
    '  --max-file-size    refuse log files larger than this many MB (default 512)\n\n' +
    'Exit codes: 0 analysed, 1 --fail-on met, 2 unreadable input or bad usage.',
  async run(argv, io) {
    const args = parseArgs(argv, ['html', 'classes', 'fail-on', 'disable', 'max-file-size']);
    checkFlags(args, ['json', 'html', 'classes', 'fail-on', 'disable', 'max-file-size'], 'curves');
    if (!args.positionals.length) throw new UsageError('expects at least one log file or folder (lossdbg curves PATH...)');
    const html = args.flags.get('html');
    if (html === true) throw new UsageError('--html needs a file name');
    const classes = intFlag(args, 'classes');
    if (classes !== undefined && (classes < 2 || classes > 10_000_000)) throw new UsageError(`--classes must be between 2 and 10000000, got ${classes}`);
    const failOn = failOnFlag(args);
    const disabled = disabledRules(args);
    const { maxFileBytes } = caseLoadOptions(args);

    const runs: CurvesRunReport[] = [];
    const data = [];
    for (const p of args.positionals) {
      const run = readRunPath(p, { maxFileBytes });
      const reference = runReference(run, run.root, classes);
      const report = judgeRun(run, { disabled, ...(reference ? { reference } : {}) });
      if (!run.series.length) {
        const why = run.notes.length ? `: ${run.notes.slice(0, 3).map((n) => `${n.where ? `${n.where}: ` : ''}${n.message}`).join('; ')}` : '';
        throw new LossDebuggerError('format', `no scalar series found${why}`, { file: p },
          'the file was recognised but holds no numeric values with steps');
      }
      runs.push(report);
      data.push(run);
    }
    if (typeof html === 'string') writeFileSync(html, renderCurvesHtml(data, runs));
    if (args.flags.has('json')) io.out(toJson({ runs }));
    else io.out(renderText(runs, io) + (typeof html === 'string' ? `\nHTML report: ${html}` : ''));
    return failOnMet(runs.flatMap((r) => r.findings), failOn) ? 1 : 0;
  },
};

function renderText(runs: CurvesRunReport[], io: Pick<Io, 'isTTY'>): string {
  const colour = io.isTTY && !process.env.NO_COLOR;
  const paint = (k: keyof typeof COLOURS, s: string): string => (colour ? `${COLOURS[k]}${s}${RESET}` : s);
  const lines: string[] = [];
  for (const r of runs) {
    lines.push(`${paint('bold', r.source)}: ${r.format}, ${r.series.length} series`);
    const w = Math.min(40, Math.max(6, ...r.series.map((s) => s.name.length)));
    const cell = (x: number | null): string => (x === null ? '—' : num(x)).padStart(11);
    lines.push(`  ${'series'.padEnd(w)} ${'points'.padStart(7)} ${'first'.padStart(11)} ${'last'.padStart(11)} ${'min'.padStart(11)} ${'max'.padStart(11)}`);
    for (const s of r.series.slice(0, 60)) {
      lines.push(`  ${s.name.slice(0, w).padEnd(w)} ${String(s.points).padStart(7)} ${cell(s.first)} ${cell(s.last)} ${cell(s.min)} ${cell(s.max)}`);
    }
    if (r.series.length > 60) lines.push(`  … ${r.series.length - 60} more series (--json lists them all)`);
    for (const n of r.notes ?? []) lines.push(`  ${paint('dim', 'note:')} ${n.file}${n.where ? ` (${n.where})` : ''}: ${n.message}`);
    lines.push('');
    if (!r.findings.length) lines.push('No problems found in the curves.', '');
    for (const f of r.findings) lines.push(...renderFinding(f, paint), '');
  }
  const all = runs.flatMap((r) => r.findings);
  const n = (sv: Severity): number => all.filter((f) => f.severity === sv).length;
  lines.push(`${runs.length} run${runs.length === 1 ? '' : 's'}, ${all.length} finding${all.length === 1 ? '' : 's'}: ${n('error')} error, ${n('warning')} warning, ${n('info')} info`);
  return lines.join('\n');
}
