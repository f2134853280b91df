/**
 * `lossdbg curves PATH...`: read training logs (our run folders, TensorBoard event files,
 * Lightning/Keras/generic CSV, trainer_state.json, JSONL), summarise their series and run the curve
 * rules (non-finite-loss, loss-divergence, overfitting, loss-plateau, loss-spikes).
 */
import { join } from 'node:path';
import { LossDebuggerError } from '../errors';
import type { Severity } from '../diagnostics/types';
import { planRun, readRunPath } from '../logs/files';
import { judgeRun, type CurvesRunReport } from '../logs/judge';
import { runReference } from '../logs/snapshot-ref';
import { renderCurvesHtml } from '../report/curves-html';
import { checkFlags, intFlag, parseArgs, UsageError } from './args';
import type { Command, Io } from './command';
import { COLOURS, num, renderFinding, RESET } from './cmd-inspect';
import { toJson } from '../report/json-safe';
import { writeOutputFile } from './output-file';
import { caseLoadOptions, disabledRules, failOnFlag, failOnMet } from './options';
import { l10n } from '../l10n';
import { findingCounts, option, padEndW, padStartW } from './text';

export const curvesCommand: Command = {
  name: 'curves',
  get summary() { return l10n.t('read training logs (TensorBoard, Lightning, HF Trainer, Keras, CSV, JSONL, run folders) and diagnose the loss curves'); },
  get usage() {
    return 'lossdbg curves PATH... [--json] [--html FILE] [--classes K] [--fail-on warning|error] [--disable RULE,RULE] [--max-file-size MB]\n\n' +
      option('  PATH               ', l10n.t('a log file or a folder (searched for {0},\n{1}); each PATH is one run', 'rank<k>.jsonl, events.out.tfevents.*, metrics.csv', 'trainer_state.json, *.csv, *.jsonl')) +
      option('  --json             ', '{"runs": [{"source", "format", "series": [{"name", "points", "first", "last", "min", "max"}], "findings": [...]}]}') +
      option('  --html FILE        ', l10n.t('also write a self-contained HTML report with the curves overlaid and the findings')) +
      option('  --classes K        ', l10n.t('number of classes, so a plateau can be named (log K, the double-softmax floor);\nrun folders with snapshots know it already')) +
      option('  --fail-on LEVEL    ', l10n.t('exit 1 when a finding of this severity or worse is found')) +
      option('  --disable IDS      ', l10n.t('comma-separated rule ids not to run')) +
      option('  --max-file-size    ', l10n.t('refuse log files larger than this many MB (default {0})', 512)) + '\n' +
      l10n.t('Exit codes: 0 analysed, 1 --fail-on met, 2 unreadable input or bad usage.');
  },
  async run(argv, io) {
    const args = parseArgs(argv, ['html', 'classes', 'fail-on', 'disable', 'max-file-size']);
    checkFlags(args, ['json', 'html', 'classes', 'fail-on', 'disable', 'max-file-size'], 'curves');
    if (!args.positionals.length) throw new UsageError(l10n.t('expects at least one log file or folder ({0})', 'lossdbg curves PATH...'));
    const html = args.flags.get('html');
    if (html === true) throw new UsageError(l10n.t('--html needs a file name'));
    const classes = intFlag(args, 'classes');
    if (classes !== undefined && (classes < 2 || classes > 10_000_000)) throw new UsageError(l10n.t('--classes must be between 2 and 10000000, got {0}', classes));
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
    if (typeof html === 'string') {
      // never over a log it read: the paths given and, for a folder, every file read in it
      const inputs = args.positionals.flatMap((p) => { const plan = planRun(p); return [p, ...plan.files.map((f) => join(plan.root, ...f.split('/')))]; });
      writeOutputFile(html, renderCurvesHtml(data, runs), inputs, l10n.t('HTML report'));
    }
    if (args.flags.has('json')) io.out(toJson({ runs }));
    else io.out(renderText(runs, io) + (typeof html === 'string' ? `\n${l10n.t('HTML report: {0}', html)}` : ''));
    return failOnMet(runs.flatMap((r) => r.findings), failOn) ? 1 : 0;
  },
};

function renderText(runs: CurvesRunReport[], io: Pick<Io, 'isTTY'>): string {
  const colour = io.isTTY && !process.env.NO_COLOR;
  const paint = (k: keyof typeof COLOURS, s: string): string => (colour ? `${COLOURS[k]}${s}${RESET}` : s);
  const lines: string[] = [];
  for (const r of runs) {
    lines.push(`${paint('bold', r.source)}: ${l10n.t('{0}, {1} series', r.format, r.series.length)}`);
    const w = Math.min(40, Math.max(6, ...r.series.map((s) => s.name.length)));
    const cell = (x: number | null): string => (x === null ? '—' : num(x)).padStart(11);
    lines.push(`  ${padEndW(l10n.t('series'), w)} ${padStartW(l10n.t('points'), 7)} ${padStartW(l10n.t('first'), 11)} ${padStartW(l10n.t('last'), 11)} ${padStartW(l10n.t('min'), 11)} ${padStartW(l10n.t('max'), 11)}`);
    for (const s of r.series.slice(0, 60)) {
      lines.push(`  ${s.name.slice(0, w).padEnd(w)} ${String(s.points).padStart(7)} ${cell(s.first)} ${cell(s.last)} ${cell(s.min)} ${cell(s.max)}`);
    }
    if (r.series.length > 60) lines.push(`  … ${l10n.t('{0} more series (--json lists them all)', r.series.length - 60)}`);
    for (const n of r.notes ?? []) lines.push(`  ${paint('dim', l10n.t('note:'))} ${n.file}${n.where ? ` (${n.where})` : ''}: ${n.message}`);
    lines.push('');
    if (!r.findings.length) lines.push(l10n.t('No problems found in the curves.'), '');
    for (const f of r.findings) lines.push(...renderFinding(f, paint), '');
  }
  const all = runs.flatMap((r) => r.findings);
  const n = (sv: Severity): number => all.filter((f) => f.severity === sv).length;
  const runCount = runs.length === 1 ? l10n.t('1 run') : l10n.t('{0} runs', runs.length);
  lines.push(`${runCount}, ${findingCounts(all.length, n('error'), n('warning'), n('info'))}`);
  return lines.join('\n');
}
