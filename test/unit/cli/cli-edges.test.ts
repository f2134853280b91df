/**
 * CLI parts on their edges, in this process: loading the CLI module does not run it, the message
 * wrap on its exact width, epoch lines and the train summary in each form, the SIGINT handler of
 * `train` removed after the run, option values offered by the completion script, and lint's JSON and
 * SARIF keys (present only when they hold something; notebook cells in SARIF).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { COMMANDS } from '../../../src/cli/commands';
import { bashScript } from '../../../src/cli/cmd-completion';
import { renderFinding } from '../../../src/cli/cmd-inspect';
import { epochLine, summaryText } from '../../../src/cli/cmd-train';
import { lintJson } from '../../../src/cli/cmd-lint';
import type { Finding } from '../../../src/shapes/finding';
import type { RunResult, ScenarioProgress, ScenarioResult } from '../../../src/shapes/train';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const outs: string[] = [], errs: string[] = [];
  const code = await main(argv, { out: (s) => outs.push(s), err: (s) => errs.push(s), isTTY: false }, { LANG: 'C' });
  return { code, out: outs.join('\n'), err: errs.join('\n') };
}

test('loading the CLI module does not run it (only `node dist/cli.js` does): no exit code set', async () => {
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(process.exitCode, undefined);
});

test('a finding\'s message wraps at 96 columns exactly: 96 fit on a line, 97 do not', () => {
  const f = { rule: 'r', severity: 'warning', title: 'T', message: '', evidence: {}, fix: 'fix it', docs: 'docs/rules/r.md' } as unknown as Finding;
  const msg = (m: string): string[] => {
    const lines = renderFinding({ ...f, message: m }, (_k, s) => s);
    return lines.slice(1, lines.indexOf('  fix:'));
  };
  const a = 'a'.repeat(50);
  assert.deepEqual(msg(`${a} ${'b'.repeat(45)}`), [`  ${a} ${'b'.repeat(45)}`]);
  assert.deepEqual(msg(`${a} ${'b'.repeat(46)}`), [`  ${a}`, `  ${'b'.repeat(46)}`]);
  // wide characters count two columns: 48 Hangul syllables are 96 columns
  assert.deepEqual(msg(`${'가'.repeat(24)} ${'나'.repeat(23)}`), [`  ${'가'.repeat(24)} ${'나'.repeat(23)}`]);
  assert.deepEqual(msg(`${'가'.repeat(24)} ${'나'.repeat(24)}`), [`  ${'가'.repeat(24)}`, `  ${'나'.repeat(24)}`]);
});

test('epoch line: the epoch padded to the count\'s width, both losses, the first three validation metrics', () => {
  const p: ScenarioProgress = {
    scenario: 's', run: 'r', runIndex: 0, runCount: 1, epoch: 7, epochs: 120, train_loss: 0.5, val_loss: 1234567, elapsed: 1,
    metrics: { val_a: 0.25, val_b: 0.00012, val_c: NaN, val_d: 9 },
  };
  assert.equal(epochLine(p), '[r] epoch   7/120  train_loss 0.5  val_loss 1.235e+6  val_a 0.25  val_b 1.200e-4  val_c NaN');
  assert.equal(epochLine({ ...p, metrics: {}, epoch: 120 }), '[r] epoch 120/120  train_loss 0.5  val_loss 1.235e+6');
});

test('train summary: "findings: none" only for a run without findings; the sweep table, a blank line, the verdict', () => {
  const run = { name: 'a', description: 'first', task: 'regression', loss: { type: 'MSELoss' }, final: { loss: 0.5, val_loss: 0.75 }, findings: [] } as unknown as RunResult;
  const warned = { ...run, name: 'b', description: 'second', findings: [{ rule: 'x-rule', severity: 'warning', title: 'Something off' }] } as unknown as RunResult;
  const r = { scenario: 's', title: 'T', kind: 'sweep', seed: 3, runs: [run, warned], seconds: 1.5, summary: { columns: ['run', 'val_loss'], rows: [['a', 0.75], ['b', 12]] }, verdict: 'b is worse.' } as unknown as ScenarioResult;
  assert.equal(summaryText(r), [
    'T (s, seed 3) — 2 runs in 1.50 s', '',
    'a: first', '  loss   MSELoss', '  train  loss 0.5', '  val    loss 0.75', '  findings: none', '',
    'b: second', '  loss   MSELoss', '  train  loss 0.5', '  val    loss 0.75', '  warning x-rule: Something off', '',
    '  run  val_loss', '  a    0.75    ', '  b    12      ', '',
    'Verdict: b is worse.', '',
    'Final metrics: unprefixed on the whole training set after training, val_* on a held-out set of the same distribution.',
  ].join('\n'));
});

test('train removes its Ctrl-C handler when the run ends', async () => {
  const before = process.listenerCount('SIGINT');
  const r = await run('train', 'regression', '--epochs', '1', '--json');
  assert.equal(r.code, 0, r.err);
  assert.equal(process.listenerCount('SIGINT'), before);
});

test('completion offers every value an option lists (three or more too)', () => {
  const lines = bashScript(COMMANDS).split('\n');
  assert.ok(lines.includes('    "lint --format") COMPREPLY=($(compgen -W "text json sarif" -- "$cur")); return ;;'));
  assert.ok(lines.includes('    "inspect --dtype") COMPREPLY=($(compgen -W "float64 float32" -- "$cur")); return ;;'));
});

test('lint --json: "error" and "notes" only on the files that have them', () => {
  const j = lintJson([
    { path: 'ok.py', findings: [], notes: [] },
    { path: 'gone.py', findings: [], notes: [], error: 'no such file or folder' },
    { path: 'big.py', findings: [], notes: ['skipped: 30000 lines (--max-lines 20000)'] },
  ]);
  assert.deepEqual(j.files, [
    { path: 'ok.py', findings: [] },
    { path: 'gone.py', findings: [], error: 'no such file or folder' },
    { path: 'big.py', findings: [], notes: ['skipped: 30000 lines (--max-lines 20000)'] },
  ]);
  assert.deepEqual(j.summary, { files: 3, findings: 0, error: 0, warning: 0, info: 0 });
});

test('lint --format sarif on a notebook: the cell in each location\'s properties and in the message; a message only on related locations', async () => {
  const d = mkdtempSync(join(tmpdir(), 'lossdbg-edges-'));
  try {
    const src = ['import torch.nn.functional as F\n', '\n', 'def step(model, x, y):\n', '    return F.cross_entropy(F.softmax(model(x), dim=1), y)\n'];
    const nb = { cells: [{ cell_type: 'markdown', metadata: {}, source: ['# notes'] }, { cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: src }], metadata: {}, nbformat: 4, nbformat_minor: 5 };
    const file = join(d, 'n.ipynb');
    writeFileSync(file, JSON.stringify(nb));
    const r = await run('lint', '--format', 'sarif', file);
    assert.equal(r.code, 0, r.err);
    const res = (JSON.parse(r.out) as { runs: Array<{ results: Array<{ ruleId: string; message: { text: string }; locations: unknown[]; relatedLocations: unknown[] }> }> }).runs[0].results;
    assert.equal(res.length, 1);
    assert.equal(res[0].ruleId, 'double-softmax');
    assert.match(res[0].message.text, /^\(cell 1\) F\.softmax\(…\) turns the logits into probabilities/);
    const uri = file.split('/').map(encodeURIComponent).join('/');
    assert.deepEqual(res[0].locations, [{
      physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, region: { startLine: 4, startColumn: 28, endLine: 4, endColumn: 54 } },
      properties: { cell: 1 },
    }]);
    assert.deepEqual(res[0].relatedLocations, [{
      id: 1,
      physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, region: { startLine: 4, startColumn: 12, endLine: 4, endColumn: 58 } },
      message: { text: 'F.cross_entropy applies log_softmax itself' },
      properties: { cell: 1 },
    }]);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});
