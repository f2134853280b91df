/** `lossdbg train ID`: run a bundled training scenario and print its progress, results and findings. */
import { writeOutputFile } from './output-file';
import { suggestion } from '../didyoumean';
import { renderHtmlReport } from '../report/html';
import { runScenario, SCENARIO_IDS, type ScenarioProgress, type ScenarioResult } from '../scenarios/index';
import { DEFAULT_SEED } from '../shapes/index';
import { checkFlags, intFlag, parseArgs, UsageError } from './args';
import type { Command } from './command';
import { toJson, toTrainReport } from '../report/json-safe';
import { l10n } from '../l10n';
import { option, padEndW, severityWord, displayWidth } from './text';
import { summaryColumnLabel } from '../scenarios/labels';

export const trainCommand: Command = {
  name: 'train',
  get summary() { return l10n.t('train a bundled scenario (tutorial problem, mistake + fix, sweep) and diagnose it'); },
  get usage() {
    return 'lossdbg train ID [--seed N] [--epochs N] [--json] [--html FILE]\n\n' +
      option('  ID             ', l10n.t('a scenario id (see `lossdbg scenarios`)')) +
      option('  --seed N       ', l10n.t('random seed (default {0}); the same seed gives the same numbers', DEFAULT_SEED)) +
      option('  --epochs N     ', l10n.t('override every run\'s epoch count')) +
      option('  --json         ', l10n.t('one JSON object on stdout: {0}', '{scenario, seed, runs: [{name, loss, history, final, findings}], seconds}')) +
      option('  --html FILE    ', l10n.t('also write a self-contained HTML report (loss curves, metrics, findings)')).trimEnd();
  },
  async run(argv, io) {
    const args = parseArgs(argv, ['seed', 'epochs', 'html']);
    checkFlags(args, ['seed', 'epochs', 'json', 'html'], 'train');
    if (args.positionals.length !== 1) throw new UsageError(l10n.t('expects exactly one scenario id (see `lossdbg scenarios`)'));
    const id = args.positionals[0];
    if (!SCENARIO_IDS.includes(id)) {
      throw new UsageError(l10n.t('unknown scenario \'{0}\'{1} (scenarios: {2})', id, suggestion(id, SCENARIO_IDS), SCENARIO_IDS.join(', ')));
    }
    const seed = intFlag(args, 'seed') ?? DEFAULT_SEED;
    const epochs = intFlag(args, 'epochs');
    if (epochs !== undefined && epochs < 1) throw new UsageError(l10n.t('--epochs must be >= 1, got {0}', epochs));
    const html = args.flags.get('html');
    if (html === true) throw new UsageError(l10n.t('--html needs a file name'));
    const json = args.flags.has('json');

    const controller = new AbortController();
    const onSigint = (): void => controller.abort();
    process.once('SIGINT', onSigint);
    const bar = !json && io.isTTY && Boolean(process.stderr.isTTY);
    const onProgress = json ? undefined : bar ? progressBar() : (p: ScenarioProgress): void => io.out(epochLine(p));
    let result: ScenarioResult;
    try {
      result = await runScenario(id, { seed, ...(epochs !== undefined ? { epochs } : {}), signal: controller.signal, ...(onProgress ? { onProgress } : {}) });
    } catch (e) {
      if (controller.signal.aborted) {
        if (bar) process.stderr.write('\n');
        io.err(`lossdbg train: ${l10n.t('cancelled')}`);
        return 130;
      }
      throw e;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
    if (bar) process.stderr.write('\r\x1b[K');

    if (typeof html === 'string') {
      writeOutputFile(html, renderHtmlReport(toTrainReport(result), { title: `Loss Debugger — ${result.title}` }), [], l10n.t('HTML report'));
    }
    if (json) {
      io.out(toJson(result));
    } else {
      io.out(summaryText(result));
      if (typeof html === 'string') io.out(l10n.t('HTML report: {0}', html));
    }
    return 0;
  },
};

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? x.toExponential(3) : Number(x.toFixed(4)).toString();
}

/** One epoch's line on a pipe (a terminal gets the progress bar): losses and the first three val metrics. */
export function epochLine(p: ScenarioProgress): string {
  const ms = Object.entries(p.metrics).slice(0, 3).map(([k, v]) => `${k} ${fmt(v)}`).join('  ');
  return `[${p.run}] ${l10n.t('epoch {0}/{1}', String(p.epoch).padStart(String(p.epochs).length), p.epochs)}  train_loss ${fmt(p.train_loss)}  val_loss ${fmt(p.val_loss)}${ms ? '  ' + ms : ''}`;
}

function progressBar(): (p: ScenarioProgress) => void {
  return (p) => {
    const width = 24;
    const done = Math.round((p.epoch / p.epochs) * width);
    const line = `[${p.run}] ${p.runIndex + 1}/${p.runCount} |${'█'.repeat(done)}${' '.repeat(width - done)}| ${l10n.t('epoch {0}/{1}', p.epoch, p.epochs)}  train_loss ${fmt(p.train_loss)}  val_loss ${fmt(p.val_loss)}`;
    process.stderr.write(`\r\x1b[K${line}`);
  };
}

/** The column the run's row labels (loss, train, val, look) take: the widest label and a space, 6 cells at least. */
const LABEL_WIDTH_OF = (): number => Math.max(6, ...[l10n.t('loss'), l10n.t('train'), l10n.t('val'), l10n.t('look')].map(displayWidth));

export function summaryText(r: ScenarioResult): string {
  const head = r.runs.length > 1
    ? l10n.t('{0} ({1}, seed {2}) — {3} runs in {4} s', r.title, r.scenario, r.seed, r.runs.length, r.seconds.toFixed(2))
    : l10n.t('{0} ({1}, seed {2}) — {3} run in {4} s', r.title, r.scenario, r.seed, r.runs.length, r.seconds.toFixed(2));
  const width = LABEL_WIDTH_OF();
  const label = (s: string): string => padEndW(s, width);
  const lines: string[] = [head, ''];
  for (const run of r.runs) {
    lines.push(`${run.name}: ${run.description}`);
    lines.push(`  ${label(l10n.t('loss'))} ${Object.entries(run.loss).map(([k, v]) => (k === 'type' ? String(v) : `${k}=${Array.isArray(v) ? `[${v.map((x) => fmt(x)).join(', ')}]` : String(v)}`)).join(' ')}`);
    const f = run.final;
    const keys = Object.keys(f);
    const train = keys.filter((k) => !k.startsWith('val_'));
    const val = keys.filter((k) => k.startsWith('val_'));
    lines.push(`  ${label(l10n.t('train'))} ${train.map((k) => `${k} ${fmt(f[k])}`).join('  ')}`);
    lines.push(`  ${label(l10n.t('val'))} ${val.map((k) => `${k.slice(4)} ${fmt(f[k])}`).join('  ')}`);
    if (run.look_for) lines.push(`  ${label(l10n.t('look'))} ${run.look_for}`);
    if (run.findings.length === 0) lines.push(`  ${l10n.t('findings: none')}`);
    for (const x of run.findings) lines.push(`  ${padEndW(severityWord(x.severity), 7)} ${x.rule}: ${x.title}`);
    lines.push('');
  }
  if (r.summary) {
    const rows = [r.summary.columns.map(summaryColumnLabel), ...r.summary.rows.map((row) => row.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
    const widths = r.summary.columns.map((_, i) => Math.max(...rows.map((row) => displayWidth(String(row[i])))));
    for (const row of rows) lines.push('  ' + row.map((c, i) => padEndW(String(c), widths[i])).join('  '));
    lines.push('');
  }
  if (r.verdict) lines.push(l10n.t('Verdict: {0}', r.verdict), '');
  lines.push(l10n.t('Final metrics: unprefixed on the whole training set after training, val_* on a held-out set of the same distribution.'));
  return lines.join('\n');
}
