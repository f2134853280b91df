/**
 * `lossdbg demo`: the main job on bundled data. Inspects every example case shipped in `examples/`
 * (one planted mistake each, plus clean ones), prints one full report, trains the tutorial's mini
 * project, and writes both as self-contained HTML reports.
 */
import { existsSync, readdirSync } from 'node:fs';
import { ensureOutputDir, writeOutputFile } from './output-file';
import path from 'node:path';
import { runDiagnostics, type DiagnosticsReport } from '../diagnostics/run';
import { loadCaseFile } from '../io/index';
import { isLossDebuggerError } from '../errors';
import { buildCaseView } from '../report/case-view';
import { renderHtmlReport } from '../report/html';
import { runScenario } from '../scenarios/index';
import { checkFlags, parseArgs, UsageError } from './args';
import type { Command } from './command';
import { shippedPath } from './shipped';
import { renderText } from './cmd-inspect';
import { toTrainReport } from '../report/json-safe';
import { DEFAULT_SEED } from '../shapes/index';
import { summaryText } from './cmd-train';
import { scalarLoss } from '../engine/losses/result';
import { l10n } from '../l10n';
import { option, padEndW, padStartW } from './text';

/**
 * One example case's row of the demo table: its loss and findings (or the error that stopped it), and
 * whether it plants a mistake (every example but clean-*) that the rule named after it found.
 */
export function exampleRow(file: string, inspect: () => DiagnosticsReport): { line: string; planted: boolean; found: boolean } {
  const id = file.replace(/\.json$/, '');
  const planted = !id.startsWith('clean-');
  try {
    const r = inspect();
    const rules = r.findings.map((x) => `${x.severity === 'error' ? '✗' : x.severity === 'warning' ? '!' : 'i'} ${x.rule}`);
    const loss = scalarLoss(r.loss)?.toPrecision(5) ?? (r.loss ? l10n.t('per-elem') : l10n.t('n/a'));
    return {
      line: `${id.padEnd(34)} ${padStartW(loss, 10)}  ${rules.length ? rules.join(', ') : `— ${l10n.t('clean')}`}`,
      planted, found: planted && r.findings.some((x) => x.rule === id),
    };
  } catch (e) {
    return { line: `${file.padEnd(34)} ${padStartW(l10n.t('error'), 10)}  ${isLossDebuggerError(e) ? e.oneLine() : String(e)}`, planted: false, found: false };
  }
}

export const demoCommand: Command = {
  name: 'demo',
  get summary() { return l10n.t('inspect the bundled example cases and train the tutorial mini project'); },
  get usage() {
    return 'lossdbg demo [--out DIR] [--skip-training]\n\n' +
      option('  --out DIR          ', l10n.t('where to write the HTML reports (default {0})', './lossdbg-demo')) +
      option('  --skip-training    ', l10n.t('only inspect the example cases')).trimEnd();
  },
  async run(argv, io) {
    const args = parseArgs(argv, ['out']);
    checkFlags(args, ['out', 'skip-training'], 'demo');
    if (args.positionals.length) throw new UsageError(l10n.t('takes no positional arguments'));
    const out = typeof args.flags.get('out') === 'string' ? String(args.flags.get('out')) : 'lossdbg-demo';
    const dir = shippedPath('examples');
    if (!dir) throw new UsageError(l10n.t('cannot find the bundled examples/ folder next to the CLI'));
    ensureOutputDir(out);

    const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort((a, b) => Number(b.startsWith('clean-')) - Number(a.startsWith('clean-')) || a.localeCompare(b));
    io.out(`${l10n.t('Inspecting {0} example loss cases from {1}', files.length, path.relative(process.cwd(), dir) || dir)}\n`);
    io.out(`${padEndW(l10n.t('case'), 34)} ${padStartW(l10n.t('loss'), 10)}  ${l10n.t('findings (error / warning / info)')}`);
    let expectedHits = 0;
    let planted = 0;
    for (const f of files) {
      const row = exampleRow(f, () => runDiagnostics(loadCaseFile(path.join(dir, f))));
      if (row.planted) { planted++; if (row.found) expectedHits++; }
      io.out(row.line);
    }
    io.out(`\n${l10n.t('{0} of {1} planted mistakes found by the rule named after them.', expectedHits, planted)}\n`);

    // One case in full, as `lossdbg inspect` shows it, and as an HTML report.
    const showcase = path.join(dir, 'double-softmax.json');
    if (existsSync(showcase)) {
      const c = loadCaseFile(showcase);
      const r = runDiagnostics(c);
      io.out('─'.repeat(72));
      io.out(renderText(path.relative(process.cwd(), showcase), r, io));
      const html = path.join(out, 'double-softmax.html');
      writeOutputFile(html, renderHtmlReport({ caseView: buildCaseView(r) }, { title: 'Loss Debugger — double-softmax.json' }), [showcase], l10n.t('HTML report'));
      io.out(`\n${l10n.t('HTML report: {0}', html)}`);
    }

    if (!args.flags.has('skip-training')) {
      io.out('─'.repeat(72));
      io.out(`${l10n.t('Training the tutorial mini project (regression, fraud, tags, news) in the embedded engine…')}\n`);
      const result = await runScenario('mini-project', { seed: DEFAULT_SEED });
      io.out(summaryText(result));
      const html = path.join(out, 'mini-project.html');
      writeOutputFile(html, renderHtmlReport(toTrainReport(result), { title: `Loss Debugger — ${result.title}` }), [], l10n.t('HTML report'));
      io.out(`\n${l10n.t('HTML report: {0}', html)}`);
    }
    return 0;
  },
};
