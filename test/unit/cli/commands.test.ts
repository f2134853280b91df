/**
 * The CLI's commands in this process (main() with a captured Io), so mutation testing sees which
 * lines they run (the end-to-end tests run dist/cli.js in another process, invisible to Stryker).
 * Expected numbers come from the engine and registries the commands print, never from the command.
 * The HTML reports (--html, demo) need the built webview bundle and stay in the end-to-end tests.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { main } from '../../../src/cli/main';
import { COMMANDS } from '../../../src/cli/commands';
import { bashScript } from '../../../src/cli/cmd-completion';
import { allRules, ALL_RULE_IDS } from '../../../src/diagnostics/registry';
import { CODE_ONLY_RULE_IDS } from '../../../src/diagnostics/code/index';
import { listScenarios, SCENARIO_IDS } from '../../../src/scenarios/index';
import { computeLoss } from '../../../src/engine/losses/index';
import { loadCaseFile } from '../../../src/io/index';
import { runDiagnostics } from '../../../src/diagnostics/run';
import { COLOURS, RESET, renderFinding, renderText, reportJson } from '../../../src/cli/cmd-inspect';
import { summaryText } from '../../../src/cli/cmd-train';
import { runScenario } from '../../../src/scenarios/index';

const ROOT = join(__dirname, '..', '..', '..');
const EX = (f: string): string => join(ROOT, 'examples', f);
const tmp = mkdtempSync(join(tmpdir(), 'lossdbg-cmds-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

interface Run { code: number; out: string; err: string; outs: string[] }
async function run(...argv: string[]): Promise<Run> {
  const outs: string[] = [], errs: string[] = [];
  const code = await main(argv, { out: (s) => outs.push(s), err: (s) => errs.push(s), isTTY: false }, { LANG: 'C' });
  return { code, out: outs.join('\n'), err: errs.join('\n'), outs };
}

/** A usage or input error: exit 2, nothing on stdout, exactly `line` on stderr. */
async function refused(argv: string[], line: string | RegExp): Promise<void> {
  const r = await run(...argv);
  assert.equal(r.code, 2, `${argv.join(' ')}: ${r.out}`);
  assert.equal(r.out, '', argv.join(' '));
  if (typeof line === 'string') assert.equal(r.err, line);
  else assert.match(r.err, line);
  assert.equal(r.err.split('\n').length, 1, r.err);
}

test('rules: one line per rule (id, severity, title, loss types), then the count', async () => {
  const r = await run('rules');
  assert.equal(r.code, 0);
  const rules = allRules();
  const ids = [...rules.map((x) => x.id), ...CODE_ONLY_RULE_IDS];
  const w = Math.max(...ids.map((id) => id.length));
  const lines = r.out.split('\n');
  assert.equal(lines.length, ids.length + 2);
  rules.forEach((rule, i) => {
    const types = rule.appliesTo ? `  [${rule.appliesTo.join(', ')}]` : '';
    assert.equal(lines[i], `${rule.id.padEnd(w)}  ${rule.severity.padEnd(7)}  ${rule.title}${types}`);
  });
  assert.ok(lines.some((l) => l.startsWith(`${'double-softmax'.padEnd(w)}  warning  `) && l.endsWith('  [CrossEntropyLoss]')), 'a rule limited to a loss type says so');
  assert.ok(lines.some((l) => /^initial-loss +\w+ +.+[^\]]$/.test(l)), 'a rule for every loss type lists none');
  assert.equal(lines[ids.length], '');
  assert.equal(lines[ids.length + 1], `${ids.length} rules. \`lossdbg rules ID\` shows one; \`lossdbg inspect --disable ID,ID\` turns rules off.`);
});

test('rules --json: every rule with its defaults, loss types and docs path; one rule by id', async () => {
  const r = await run('rules', '--json');
  assert.equal(r.code, 0);
  const list = JSON.parse(r.out) as Array<Record<string, unknown>>;
  assert.deepEqual(list.map((x) => x.id), [...allRules().map((x) => x.id), ...CODE_ONLY_RULE_IDS]);
  const ds = list.find((x) => x.id === 'double-softmax');
  const rule = allRules().find((x) => x.id === 'double-softmax');
  assert.deepEqual(ds, { id: 'double-softmax', severity: 'warning', title: rule?.title, defaults: rule?.defaults, appliesTo: ['CrossEntropyLoss'], docs: 'docs/rules/double-softmax.md' });
  const codeOnly = list.find((x) => x.id === CODE_ONLY_RULE_IDS[0]);
  assert.deepEqual(codeOnly?.defaults, {});
  assert.equal(list.find((x) => x.id === 'initial-loss')?.appliesTo, null);
  const one = await run('rules', 'double-softmax', '--json');
  assert.equal(one.code, 0);
  assert.deepEqual(JSON.parse(one.out), ds);
  const code = await run('rules', CODE_ONLY_RULE_IDS[0], '--json');
  assert.equal(code.code, 0);
  assert.deepEqual(JSON.parse(code.out), codeOnly);
});

test('rules ID: the rule\'s page; a code-only rule\'s page; bad ids and extra arguments refused', async () => {
  const r = await run('rules', 'double-softmax');
  assert.equal(r.code, 0);
  assert.equal(r.out, readFileSync(join(ROOT, 'docs', 'rules', 'double-softmax.md'), 'utf8').trimEnd());
  const id = CODE_ONLY_RULE_IDS[0];
  const c = await run('rules', id);
  assert.equal(c.code, 0);
  assert.equal(c.out, readFileSync(join(ROOT, 'docs', 'rules', `${id}.md`), 'utf8').trimEnd());
  await refused(['rules', 'double-softmax', 'class-imbalance'], 'lossdbg rules: expects at most one rule id');
  await refused(['rules', 'double-softmx'], /^lossdbg: .*'double-softmx'.*double-softmax/);
  await refused(['rules', '--frobnicate'], 'lossdbg rules: unknown option --frobnicate for \'rules\' (try: lossdbg rules --help)');
});

test('scenarios: three groups of id, title and description, then how to run one; --json is the list', async () => {
  const r = await run('scenarios');
  assert.equal(r.code, 0);
  const list = listScenarios();
  const w = Math.max(...list.map((s) => s.id.length));
  const expected: string[] = [];
  const heads = { tutorial: 'Tutorial problems:', mistake: 'Mistakes (each beside its fixed twin):', sweep: 'Sweeps and comparisons (the tutorial\'s exercises and lessons):' };
  for (const kind of ['tutorial', 'mistake', 'sweep'] as const) {
    expected.push(heads[kind]);
    for (const s of list.filter((x) => x.kind === kind)) expected.push(`  ${s.id.padEnd(w)}  ${s.title}`, `  ${' '.repeat(w)}  ${s.description}`);
    expected.push('');
  }
  expected.push('Run one: lossdbg train ID [--seed N] [--epochs N] [--json] [--html FILE]');
  assert.deepEqual(r.out.split('\n'), expected);
  assert.ok(list.some((s) => s.kind === 'mistake') && list.some((s) => s.kind === 'sweep'));
  const j = await run('scenarios', '--json');
  assert.deepEqual(JSON.parse(j.out), JSON.parse(JSON.stringify(list)));
  await refused(['scenarios', 'x'], 'lossdbg scenarios: takes no arguments');
});

function fmt10(x: number): string {
  return x.toPrecision(10).replace(/\.?0+(e|$)/, '$1');
}

test('loss: the loss, the gradient\'s L2 norm and largest entry, as computeLoss gives them', async () => {
  const file = EX('double-softmax.json');
  const c = loadCaseFile(file);
  const want = computeLoss(c.loss, c.input, c.target);
  let n2 = 0, mx = 0;
  for (const g of want.grad) { n2 += g * g; mx = Math.max(mx, Math.abs(g)); }
  const r = await run('loss', file);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(r.out.split('\n'), [
    'CrossEntropyLoss (reduction=\'mean\') on input (64, 10), target (64,)',
    `loss = ${fmt10(want.value.data[0])}`,
    `gradient of the summed loss w.r.t. input: L2 norm ${fmt10(Math.sqrt(n2))}, max |g| ${fmt10(mx)}`,
  ]);
  assert.equal(fmt10(2.5), '2.5');
  assert.equal(fmt10(3), '3');
  const j = JSON.parse((await run('loss', file, '--json')).out) as { loss: number; grad: number[][]; shape: number[] };
  assert.equal(j.loss, want.value.data[0]);
  assert.deepEqual(j.shape, []);
  assert.equal(j.grad.length, 64);
  assert.equal(j.grad[3][7], want.grad[37]);
  const f32 = JSON.parse((await run('loss', file, '--json', '--dtype', 'float32')).out) as { loss: number };
  assert.equal(f32.loss, computeLoss(c.loss, c.input, c.target, { dtype: 'float32' }).value.data[0]);
  assert.notEqual(f32.loss, j.loss);
});

test('loss: a per-element loss prints its shape and sum; non-finite values as NaN', async () => {
  const file = join(tmp, 'none.json');
  writeFileSync(file, JSON.stringify({ loss: { type: 'MSELoss', reduction: 'none' }, input: [[1, 2], [3, 4.5]], target: [[0, 0], [0, 0]] }));
  const r = await run('loss', file);
  assert.equal(r.code, 0, r.err);
  // squares 1, 4, 9, 20.25; gradient 2(x − y) = 2, 4, 6, 9
  assert.deepEqual(r.out.split('\n'), [
    'MSELoss (reduction=\'none\') on input (2, 2), target (2, 2)',
    'loss: shape (2, 2), sum = 34.25',
    `gradient of the summed loss w.r.t. input: L2 norm ${fmt10(Math.sqrt(4 + 16 + 36 + 81))}, max |g| 9`,
  ]);
  const j = JSON.parse((await run('loss', file, '--json')).out) as unknown;
  assert.deepEqual(j, { loss: [[1, 4], [9, 20.25]], grad: [[2, 4], [6, 9]], shape: [2, 2] });
  const nan = join(tmp, 'nan.json');
  writeFileSync(nan, JSON.stringify({ loss: { type: 'CrossEntropyLoss', ignore_index: 1 }, input: [[0.5, 1.5]], target: [1] }));
  const t = await run('loss', nan);
  assert.equal(t.out.split('\n')[1], 'loss = NaN');
  assert.equal(t.out.split('\n')[2], 'gradient of the summed loss w.r.t. input: L2 norm 0, max |g| 0');
});

test('loss: usage and limits refused with one line', async () => {
  const file = EX('double-softmax.json');
  await refused(['loss'], 'lossdbg loss: expects exactly one case file (lossdbg loss CASE.json)');
  await refused(['loss', file, file], 'lossdbg loss: expects exactly one case file (lossdbg loss CASE.json)');
  await refused(['loss', file, '--dtype', 'float16'], 'lossdbg loss: --dtype must be float64 or float32, got \'float16\'');
  await refused(['loss', file, '--max-file-size', '0'], 'lossdbg loss: --max-file-size expects a positive number of megabytes, got \'0\'');
  await refused(['loss', file, '--max-memory', 'lots'], 'lossdbg loss: --max-memory expects a positive number of megabytes, got \'lots\'');
  await refused(['loss', file, '--allow-path', join(tmp, 'nowhere')], `lossdbg loss: --allow-path expects a folder, got '${join(tmp, 'nowhere')}'`);
  await refused(['loss', file, '--max-file-size', '0.001'], /^lossdbg: .*double-softmax\.json.*(larger|exceeds|limit)/i);
  await refused(['loss', join(tmp, 'missing.json')], /^lossdbg: .*missing\.json/);
  // a limit just above the file's size reads it
  const size = readFileSync(file).length;
  const ok = await run('loss', file, '--max-file-size', String((size + 1) / 1024 / 1024));
  assert.equal(ok.code, 0, ok.err);
});

test('inspect: the text report of an example case (header, summary, finding, count)', async () => {
  const file = EX('double-softmax.json');
  const r = await run('inspect', file);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.split('\n');
  assert.equal(lines[0], `${file}: CrossEntropyLoss(reduction='mean', ignore_index=-100, label_smoothing=0, smoothing_mode='pytorch')`);
  assert.equal(lines[1], '  input (64, 10) float32, range [0.0002, 0.9537], mean 0.1; target (64,) int64');
  assert.equal(lines[2], '  class counts [4, 9, 3, 6, 8, 8, 7, 7, 7, 5]');
  assert.equal(lines[3], '  loss = 2.1079');
  assert.equal(lines[4], '');
  assert.equal(lines[5], 'WARNING double-softmax  Softmax applied before CrossEntropyLoss');
  assert.ok(lines.slice(6, 12).every((l) => l.startsWith('  ') && l.length <= 98), 'the message wraps at 96 columns, indented');
  assert.ok(lines.includes('  evidence:') && lines.includes('    rows=64') && lines.includes('    gradientRatio=0.1887'));
  assert.ok(lines.includes('  fix:') && lines.includes('  docs: docs/rules/double-softmax.md'));
  assert.equal(lines.at(-1), '1 finding: 0 error, 1 warning, 0 info');
  assert.equal(lines.at(-2), '');
  const clean = await run('inspect', EX('clean-classifier.json'));
  assert.equal(clean.code, 0);
  assert.equal(clean.out.split('\n').at(-1), 'No problems found.');
});

test('inspect --json, --fail-on, --disable', async () => {
  const file = EX('double-softmax.json');
  const j = JSON.parse((await run('inspect', file, '--json')).out) as { loss: number; findings: Array<Record<string, unknown>>; summary: Record<string, unknown> };
  const c = loadCaseFile(file);
  assert.equal(j.loss, computeLoss(c.loss, c.input, c.target).value.data[0]);
  assert.deepEqual(j.findings.map((f) => Object.keys(f)), [['rule', 'severity', 'title', 'message', 'evidence', 'fix', 'docs', 'field']]);
  const m = JSON.parse((await run('inspect', EX('missing-ignore-index.json'), '--json')).out) as typeof j;
  assert.deepEqual(m.findings.map((f) => Object.keys(f)), [['rule', 'severity', 'title', 'message', 'evidence', 'fix', 'docs', 'field', 'edit']]);
  assert.deepEqual(m.findings[0].edit, { path: ['loss', 'ignore_index'], value: (m.findings[0].edit as { value: unknown }).value });
  assert.deepEqual(Object.keys(j).sort(), ['findings', 'loss', 'summary']);
  assert.equal((await run('inspect', file, '--fail-on', 'warning')).code, 1);
  assert.equal((await run('inspect', file, '--fail-on', 'error')).code, 0);
  assert.equal((await run('inspect', EX('clean-classifier.json'), '--fail-on', 'warning')).code, 0);
  const off = await run('inspect', file, '--disable', 'double-softmax', '--fail-on', 'warning');
  assert.equal(off.code, 0);
  assert.equal(off.out.split('\n').at(-1), 'No problems found.');
  await refused(['inspect', file, '--fail-on', 'info'], 'lossdbg inspect: --fail-on must be warning or error, got \'info\'');
  await refused(['inspect', file, '--disable'], 'lossdbg inspect: --disable needs a value');
  // a single dash sets a flag without a value
  await refused(['inspect', file, '-disable'], 'lossdbg inspect: --disable needs a comma-separated list of rule ids');
  await refused(['inspect', file, '--html'], 'lossdbg inspect: --html needs a value');
  await refused(['inspect', file, '-html'], 'lossdbg inspect: --html needs a file name');
  await refused(['inspect'], 'lossdbg inspect: expects exactly one case file (lossdbg inspect CASE.json)');
});

test('inspect: a loss that cannot be computed is reported in the text and the JSON', async () => {
  const file = join(tmp, 'bad-target.json');
  writeFileSync(file, JSON.stringify({ loss: 'CrossEntropyLoss', input: [[0.1, 0.2, 0.3], [0.3, 0.2, 0.1]], target: [0, 5] }));
  const r = await run('inspect', file);
  assert.equal(r.code, 0, r.err);
  assert.ok(r.out.split('\n').some((l) => /^ {2}loss could not be computed: .*5/.test(l)), r.out);
  const j = JSON.parse((await run('inspect', file, '--json')).out) as { loss: unknown; lossError?: string };
  assert.equal(j.loss, null);
  assert.match(j.lossError ?? '', /5/);
});

test('curves: the series table, the finding and the run count; --json; --classes bounds', async () => {
  const csv = join(ROOT, 'examples', 'curves', 'overfitting.csv');
  const r = await run('curves', csv);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.split('\n');
  assert.match(lines[0], /overfitting\.csv: [a-z-]+, \d+ series$/);
  assert.match(lines[1], /^ {2}series +points +first +last +min +max$/);
  assert.ok(lines.some((l) => l.startsWith('WARNING overfitting')));
  assert.equal(lines.at(-1), '1 run, 1 finding: 0 error, 1 warning, 0 info');
  const j = JSON.parse((await run('curves', csv, csv, '--json')).out) as { runs: Array<{ findings: Array<{ rule: string }> }> };
  assert.equal(j.runs.length, 2);
  assert.deepEqual(j.runs[0].findings.map((f) => f.rule), ['overfitting']);
  const two = await run('curves', csv, csv);
  assert.equal(two.out.split('\n').at(-1), '2 runs, 2 findings: 0 error, 2 warning, 0 info');
  assert.equal((await run('curves', csv, '--fail-on', 'warning')).code, 1);
  assert.equal((await run('curves', csv, '--fail-on', 'error')).code, 0);
  assert.equal((await run('curves', csv, '--classes', '2')).code, 0);
  assert.equal((await run('curves', csv, '--classes', '10000000')).code, 0);
  await refused(['curves', csv, '--classes', '1'], 'lossdbg curves: --classes must be between 2 and 10000000, got 1');
  await refused(['curves', csv, '--classes', '10000001'], 'lossdbg curves: --classes must be between 2 and 10000000, got 10000001');
  await refused(['curves'], 'lossdbg curves: expects at least one log file or folder (lossdbg curves PATH...)');
  await refused(['curves', csv, '--html'], 'lossdbg curves: --html needs a value');
  await refused(['curves', csv, '-html'], 'lossdbg curves: --html needs a file name');
  const clean = join(tmp, 'clean.csv');
  writeFileSync(clean, 'step,loss\n' + Array.from({ length: 50 }, (_, i) => `${i},${(2 / (1 + i / 10)).toFixed(4)}`).join('\n') + '\n');
  const c = await run('curves', clean);
  assert.equal(c.code, 0, c.err);
  assert.ok(c.out.split('\n').includes('No problems found in the curves.'), c.out);
  assert.equal(c.out.split('\n').at(-1), '1 run, 0 findings: 0 error, 0 warning, 0 info');
});

test('curves: a log with no numeric series is refused with the file named', async () => {
  const empty = join(tmp, 'words.csv');
  writeFileSync(empty, 'step,loss\na,b\nc,d\n');
  const r = await run('curves', empty);
  assert.equal(r.code, 2);
  assert.match(r.err, /^lossdbg: .*words\.csv.*no scalar series found/);
});

test('completion: bash and zsh scripts from the command table; other shells refused', async () => {
  const b = await run('completion', 'bash');
  assert.equal(b.code, 0);
  assert.equal(b.out, bashScript(COMMANDS).trimEnd());
  const lines = b.out.split('\n');
  assert.ok(lines.includes(`    COMPREPLY=($(compgen -W "${COMMANDS.map((c) => c.name).join(' ')} --help --version" -- "$cur"))`));
  assert.ok(lines.includes('    "inspect --fail-on") COMPREPLY=($(compgen -W "warning error" -- "$cur")); return ;;'));
  assert.ok(lines.includes('    "loss --dtype") COMPREPLY=($(compgen -W "float64 float32" -- "$cur")); return ;;'));
  assert.ok(lines.includes(`    rules) COMPREPLY=($(compgen -W "${[...ALL_RULE_IDS, ...CODE_ONLY_RULE_IDS].join(' ')}" -- "$cur")) ;;`));
  assert.ok(lines.includes(`    train) COMPREPLY=($(compgen -W "${SCENARIO_IDS.join(' ')}" -- "$cur")) ;;`));
  assert.ok(lines.includes('    completion) COMPREPLY=($(compgen -W "bash zsh" -- "$cur")) ;;'));
  assert.ok(lines.some((l) => l.startsWith('      scenarios) COMPREPLY=($(compgen -W "--json --help"')));
  assert.equal(lines.filter((l) => /^ {4}\w+\) COMPREPLY/.test(l)).length, 3, 'positional words only for rules, train and completion');
  const z = await run('completion', 'zsh');
  assert.equal(z.code, 0);
  const zl = z.out.split('\n');
  assert.equal(zl[0], '# lossdbg completion (zsh). Load it with:  eval "$(lossdbg completion zsh)"  (after compinit)');
  assert.equal(zl[2], 'autoload -U +X bashcompinit && bashcompinit');
  assert.equal(zl.filter((l) => l.startsWith('# ')).length, 1, 'the bash comments are left out');
  assert.ok(zl.includes('complete -o default -F _lossdbg lossdbg'));
  await refused(['completion', 'fish'], 'lossdbg completion: expects one shell: bash or zsh');
  await refused(['completion'], 'lossdbg completion: expects one shell: bash or zsh');
  await refused(['completion', 'bash', 'zsh'], 'lossdbg completion: expects one shell: bash or zsh');
});

test('completion drops words a shell would read as code', () => {
  const odd = { name: 'odd', summary: '', usage: 'lossdbg odd [--ok] [--mode a|b$(x)|c]', run: async () => 0 };
  const s = bashScript([odd]);
  assert.ok(s.includes('      odd) COMPREPLY=($(compgen -W "--ok --mode --help" -- "$cur")) ;;'), s);
  assert.ok(!s.includes('$(x)'));
});

test('every command\'s --help, word for word (test/fixtures/cli/help.txt; a changed help text changes it)', async () => {
  const golden = readFileSync(join(ROOT, 'test', 'fixtures', 'cli', 'help.txt'), 'utf8');
  const parts: string[] = [];
  for (const c of COMMANDS) {
    const r = await run(c.name, '--help');
    assert.equal(r.code, 0);
    assert.equal(r.err, '');
    parts.push(`==> lossdbg ${c.name} --help\n${r.out}\n`);
  }
  assert.equal(parts.join('\n'), golden);
  assert.equal((await run('loss', '-h')).out, (await run('loss', '--help')).out);
});

const BUG = 'import torch.nn.functional as F\n\ndef step(model, x, y):\n    return F.cross_entropy(F.softmax(model(x), dim=1), y)\n';

/** Runs `lossdbg lint …` with `dir` as the working directory (paths are shown relative to it). */
async function lintIn(dir: string, ...argv: string[]): Promise<Run> {
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    return await run('lint', ...argv);
  } finally {
    process.chdir(cwd);
  }
}

test('lint: folders walked (VCS, virtual environments, node_modules skipped), file:line:col, counts', async () => {
  const d = join(tmp, 'walk');
  for (const sub of ['.git', 'node_modules/pkg', 'myenv', 'src', 'pkg.egg-info', 'build']) mkdirSync(join(d, sub), { recursive: true });
  writeFileSync(join(d, 'myenv', 'pyvenv.cfg'), 'home = /usr/bin\n');
  for (const sub of ['.git', 'node_modules/pkg', 'myenv', 'src', 'pkg.egg-info', 'build']) writeFileSync(join(d, sub, 'x.py'), BUG);
  writeFileSync(join(d, 'src', 'notes.txt'), BUG);
  writeFileSync(join(d, 'src', 'ok.PY'), 'x = 1\n');
  const r = await lintIn(d, '.');
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(r.out.split('\n'), [
    join('src', 'x.py') + ':4:28: warning [double-softmax] ' + r.out.split('\n')[0].split('[double-softmax] ')[1],
    `    see ${join('src', 'x.py')}:4:12: F.cross_entropy applies log_softmax itself`,
    '    docs: docs/rules/double-softmax.md',
    '2 files linted: 1 finding (0 error, 1 warning, 0 info)',
  ]);
  const one = await lintIn(d, join('src', 'ok.PY'));
  assert.equal(one.out, '1 file linted: no loss bugs found');
  const two = await lintIn(d, join('src', 'x.py'), join('myenv', 'x.py'));
  assert.equal(two.out.split('\n').at(-1), '2 files linted: 2 findings (0 error, 2 warning, 0 info)');
  const json = JSON.parse((await lintIn(d, '--json', 'src')).out) as { files: Array<{ path: string; findings: Array<Record<string, unknown>> }>; summary: unknown };
  assert.deepEqual(json.files.map((f) => f.path), [join('src', 'ok.PY'), join('src', 'x.py')]);
  assert.deepEqual(json.summary, { files: 2, findings: 1, error: 0, warning: 1, info: 0 });
  assert.deepEqual({ ...json.files[1].findings[0], message: '' }, { rule: 'double-softmax', severity: 'warning', line: 4, column: 28, endLine: 4, endColumn: 54, message: '' });
  // a path outside the working directory is shown absolute
  const abs = await lintIn(join(d, 'src'), join(d, 'myenv', 'x.py'));
  assert.ok(abs.out.startsWith(`${join(d, 'myenv', 'x.py')}:4:28: warning`), abs.out);
});

test('lint: exit codes, unreadable paths, usage errors', async () => {
  const d = join(tmp, 'exit');
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'a.py'), BUG);
  writeFileSync(join(d, 'a.txt'), BUG);
  assert.equal((await lintIn(d, '.')).code, 0);
  assert.equal((await lintIn(d, '.', '--fail-on', 'warning')).code, 1);
  assert.equal((await lintIn(d, '.', '--fail-on', 'error')).code, 0);
  assert.equal((await lintIn(d, '.', '--disable', 'double-softmax', '--fail-on', 'warning')).code, 0);
  const miss = await lintIn(d, 'nope.py', 'a.txt', 'a.py');
  assert.equal(miss.code, 2);
  const lines = miss.out.split('\n');
  assert.equal(lines[0], 'nope.py: cannot lint: no such file or folder');
  assert.equal(lines[1], 'a.txt: cannot lint: not a .py or .ipynb file');
  assert.equal(lines.at(-1), '3 files linted (2 could not be): 1 finding (0 error, 1 warning, 0 info)');
  const j = JSON.parse((await lintIn(d, '--json', 'nope.py')).out) as { files: Array<{ error?: string }> };
  assert.equal(j.files[0].error, 'no such file or folder');
  const usage: Array<[string[], string]> = [
    [[], 'lossdbg lint: expects at least one file or folder (lossdbg lint PATH...)'],
    [['.', '--format', 'xml'], 'lossdbg lint: --format must be text, json or sarif, got \'xml\''],
    [['.', '-format'], 'lossdbg lint: --format needs a value: text, json or sarif'],
    [['.', '--json', '--format', 'sarif'], 'lossdbg lint: --json and --format disagree'],
    [['.', '--fail-on', 'info'], 'lossdbg lint: --fail-on must be warning or error, got \'info\''],
    [['.', '-disable'], 'lossdbg lint: --disable needs a comma-separated list of rule ids'],
    [['.', '--max-lines', '0'], 'lossdbg lint: --max-lines must be a positive integer'],
  ];
  for (const [argv, line] of usage) {
    const r = await lintIn(d, ...argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.equal(r.err, line);
  }
  assert.equal((await lintIn(d, '.', '--json', '--format', 'json')).code, 0);
  assert.equal((await lintIn(d, '.', '--max-lines', '1')).out.split('\n')[0], 'a.py: cannot lint: ' + (await lintIn(d, '--json', '.', '--max-lines', '1')).out.match(/"error":"([^"]*)"/)?.[1]);
  const bad = await lintIn(d, '.', '--disable', 'double-softmaxx');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /^lossdbg: .*'double-softmaxx'.*double-softmax/);
});

test('lint --format sarif: rules, levels, regions, related locations and notifications', async () => {
  const d = join(tmp, 'sarif');
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'a b.py'), BUG);
  const r = await lintIn(d, '--format', 'sarif', 'a b.py', 'gone.py');
  assert.equal(r.code, 2);
  const s = JSON.parse(r.out) as { version: string; $schema: string; runs: Array<{ tool: { driver: { name: string; rules: Array<{ id: string; name: string; defaultConfiguration: { level: string } }> } }; columnKind: string; results: Array<Record<string, unknown>>; invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: Array<{ level: string; message: { text: string } }> }> }> };
  assert.equal(s.version, '2.1.0');
  assert.equal(s.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  const run0 = s.runs[0];
  assert.equal(run0.columnKind, 'utf16CodeUnits');
  const ds = run0.tool.driver.rules.find((x) => x.id === 'double-softmax');
  assert.deepEqual({ name: ds?.name, level: ds?.defaultConfiguration.level }, { name: 'DoubleSoftmax', level: 'warning' });
  assert.ok(run0.tool.driver.rules.some((x) => x.defaultConfiguration.level === 'note'), 'info is a SARIF note');
  assert.equal(run0.results.length, 1);
  const res = run0.results[0] as { ruleId: string; ruleIndex: number; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }> };
  assert.equal(res.ruleId, 'double-softmax');
  assert.equal(run0.tool.driver.rules[res.ruleIndex].id, 'double-softmax');
  assert.equal(res.level, 'warning');
  assert.deepEqual(res.locations[0].physicalLocation, { artifactLocation: { uri: 'a%20b.py', uriBaseId: '%SRCROOT%' }, region: { startLine: 4, startColumn: 28, endLine: 4, endColumn: 54 } });
  assert.deepEqual((res as unknown as { relatedLocations: unknown[] }).relatedLocations, [{ id: 1, physicalLocation: { artifactLocation: { uri: 'a%20b.py', uriBaseId: '%SRCROOT%' }, region: { startLine: 4, startColumn: 12, endLine: 4, endColumn: 58 } }, message: { text: 'F.cross_entropy applies log_softmax itself' } }]);
  assert.deepEqual(run0.invocations, [{ executionSuccessful: false, toolExecutionNotifications: [{ level: 'error', message: { text: 'gone.py: no such file or folder' } }] }]);
  const ok = JSON.parse((await lintIn(d, '--format', 'sarif', 'a b.py')).out) as typeof s;
  assert.deepEqual(ok.runs[0].invocations, [{ executionSuccessful: true, toolExecutionNotifications: [] }]);
});

test('train: one line per epoch, then the run\'s loss, metrics and findings; --json is the scenario\'s result', async () => {
  const r = await run('train', 'news', '--epochs', '2', '--seed', '7');
  assert.equal(r.code, 0, r.err);
  const lines = r.out.split('\n');
  assert.match(lines[0], /^\[news\] epoch 1\/2 {2}train_loss \d\.\d+ {2}val_loss \d\.\d+ {2}val_accuracy [\d.]+ {2}val_ece [\d.]+/);
  assert.match(lines[1], /^\[news\] epoch 2\/2 /);
  assert.match(lines[2], /^Multi-class news topics with label smoothing \(news, seed 7\) — 1 run in \d+\.\d\d s$/);
  assert.equal(lines[3], '');
  assert.match(lines[4], /^news: .*2 epochs \(overridden; the recipe has 40\)\.$/);
  assert.equal(lines[5], '  loss   CrossEntropyLoss label_smoothing=0.1');
  assert.match(lines[6], /^ {2}train {2}train_loss [\d.]+ {2}accuracy [\d.]+ {2}ece /);
  assert.match(lines[7], /^ {2}val {4}loss [\d.]+ {2}accuracy [\d.]+ {2}ece /);
  assert.match(lines[8], /^ {2}look {3}With ε = 0\.1 /);
  assert.equal(lines.at(-1), 'Final metrics: unprefixed on the whole training set after training, val_* on a held-out set of the same distribution.');
  const json = JSON.parse((await run('train', 'news', '--epochs', '1', '--seed', '7', '--json')).out) as Record<string, unknown>;
  const again = JSON.parse((await run('train', 'news', '--epochs', '1', '--seed', '7', '--json')).out) as Record<string, unknown>;
  assert.deepEqual({ ...json, seconds: 0 }, { ...again, seconds: 0 }, 'the same seed gives the same numbers');
  assert.equal(json.scenario, 'news');
  assert.equal(json.seed, 7);
  const runs = json.runs as Array<{ name: string; epochs_run: number }>;
  assert.deepEqual(runs.map((x) => [x.name, x.epochs_run]), [['news', 1]]);
});

test('train: a sweep prints its runs and the summary table, columns aligned', async () => {
  const r = await run('train', 'sweep-pos-weight', '--epochs', '1');
  assert.equal(r.code, 0, r.err);
  const lines = r.out.split('\n');
  const head = lines.find((l) => / — 3 runs in \d+\.\d\d s$/.test(l));
  assert.ok(head, r.out);
  const t = lines.findIndex((l) => /^ {2}run +pos_weight +val_precision/.test(l));
  assert.ok(t > 0, r.out);
  const rows = lines.slice(t, t + 4);
  assert.deepEqual(rows.map((l) => l.split(/ {2,}/)[1]), ['run', 'none', 'ratio', 'sqrt-ratio']);
  const col = rows[0].indexOf('val_precision');
  for (const l of rows.slice(1)) assert.match(l.slice(col), /^\d\.\d+ +/, 'numbers start under their heading');
  assert.ok(lines.includes('  warning class-imbalance: Class imbalance not compensated (no weight, or weights that favour the majority)'), 'findings by severity and title');
});

test('train: usage errors', async () => {
  await refused(['train'], 'lossdbg train: expects exactly one scenario id (see `lossdbg scenarios`)');
  await refused(['train', 'newz'], /^lossdbg train: unknown scenario 'newz'.*'news'.*\(scenarios: regression, fraud, /);
  await refused(['train', 'news', '--epochs', '0'], 'lossdbg train: --epochs must be >= 1, got 0');
  await refused(['train', 'news', '--seed', 'x'], 'lossdbg train: --seed expects an integer, got \'x\'');
  await refused(['train', 'news', '-html'], 'lossdbg train: --html needs a file name');
});

test('--lang errors are usage errors with one line', async () => {
  await refused(['--lang'], 'lossdbg: --lang needs a language, e.g. --lang ko (or --lang en)');
  await refused(['rules', '--lang', 'xx'], 'lossdbg: no translation for \'xx\' (languages: en, ko)');
});

test('each command names itself in an unknown-option error', async () => {
  const file = EX('double-softmax.json');
  const csv = join(ROOT, 'examples', 'curves', 'overfitting.csv');
  for (const [argv, cmd] of [[['loss', file], 'loss'], [['scenarios'], 'scenarios'], [['curves', csv], 'curves'], [['inspect', file], 'inspect'], [['train', 'news'], 'train'], [['completion', 'bash'], 'completion']] as Array<[string[], string]>) {
    await refused([...argv, '--frobnicate'], `lossdbg ${cmd}: unknown option --frobnicate for '${cmd}' (try: lossdbg ${cmd} --help)`);
  }
});

test('curves: --disable and --max-file-size are accepted; notes of a run folder are listed; an empty log names its hint', async () => {
  const csv = join(ROOT, 'examples', 'curves', 'overfitting.csv');
  const off = await run('curves', csv, '--disable', 'overfitting', '--max-file-size', '1');
  assert.equal(off.code, 0, off.err);
  assert.equal(off.out.split('\n').at(-1), '1 run, 0 findings: 0 error, 0 warning, 0 info');
  await refused(['curves', csv, '--max-file-size', '0.000001'], /^lossdbg: .*overfitting\.csv/);
  const folder = join(ROOT, 'test', 'fixtures', 'logs', 'run-folder');
  const r = await run('curves', folder);
  assert.equal(r.code, 0, r.err);
  const note = r.out.split('\n').filter((l) => l.startsWith('  note: '));
  assert.equal(note.length, 1, r.out);
  assert.equal(note[0], `  note: ${join(folder, 'rank1.jsonl')} (line 61): incomplete last line ignored (the job may still be writing it)`);
  const empty = join(tmp, 'words2.csv');
  writeFileSync(empty, 'step,loss\na,b\nc,d\n');
  const e = await run('curves', empty);
  assert.equal(e.code, 2);
  assert.ok(e.err.endsWith('(the file was recognised but holds no numeric values with steps)'), e.err);
});

test('lint: --fail-on error meets an error finding; one file with a finding among clean ones is enough; info counted; notes shown', async () => {
  const d = join(tmp, 'lint2');
  mkdirSync(join(d, 'pkg'), { recursive: true });
  writeFileSync(join(d, 'pkg', 'bin.py'), readFileSync(join(ROOT, 'test', 'fixtures', 'lint', 'firing', 'binary_functional.py')));
  writeFileSync(join(d, 'clean.py'), 'x = 1\n');
  const r = await lintIn(d, 'clean.py', 'pkg', '--fail-on', 'error');
  assert.equal(r.code, 1, r.out);
  assert.equal(r.out.split('\n').at(-1), '2 files linted: 2 findings (1 error, 1 warning, 0 info)');
  assert.equal((await lintIn(d, 'pkg', 'clean.py', '--fail-on', 'warning')).code, 1);
  assert.equal((await lintIn(d, 'clean.py', '--fail-on', 'error')).code, 0);
  const sarif = JSON.parse((await lintIn(d, '--format', 'sarif', 'pkg')).out) as { runs: Array<{ results: Array<{ level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
  assert.deepEqual(sarif.runs[0].results.map((x) => [x.level, x.locations[0].physicalLocation.artifactLocation.uri]), [['error', 'pkg/bin.py'], ['warning', 'pkg/bin.py']]);
  writeFileSync(join(d, 'info.py'), 'import torch\n\ndef f(z):\n    return torch.softmax(z)\n');
  const info = await lintIn(d, 'info.py');
  assert.equal(info.out.split('\n').at(-1), '1 file linted: 1 finding (0 error, 0 warning, 1 info)');
  assert.match(info.out.split('\n')[0], /^info\.py:4:\d+: info \[softmax-implicit-dim\] /);
  writeFileSync(join(d, 'broken.py'), `${BUG}\ndef broken(:\n    pass\n`);
  const b = await lintIn(d, 'broken.py');
  assert.match(b.out.split('\n')[0], /^broken\.py: note: .*syntax error at line 6/);
  const dev = await lintIn(d, '/dev/null');
  assert.equal(dev.code, 2);
  assert.equal(dev.out.split('\n')[0], '/dev/null: cannot lint: not a regular file or folder');
});

test('inspect: colours on a terminal (never with NO_COLOR), greedy wrapping at 96 columns', async () => {
  const file = EX('double-softmax.json');
  const c = loadCaseFile(file);
  const report = runDiagnostics(c);
  const saved = process.env.NO_COLOR;
  delete process.env.NO_COLOR;
  try {
    const text = renderText('f.json', report, { isTTY: true });
    const lines = text.split('\n');
    assert.equal(lines[0], '\u001b[1mf.json\u001b[0m: CrossEntropyLoss(reduction=\'mean\', ignore_index=-100, label_smoothing=0, smoothing_mode=\'pytorch\')');
    assert.ok(lines.includes('\u001b[33mWARNING\u001b[0m \u001b[1mdouble-softmax\u001b[0m  Softmax applied before CrossEntropyLoss'), text);
    assert.ok(lines.includes('  \u001b[2mevidence:\u001b[0m'));
    const f = report.findings[0];
    assert.equal(renderFinding({ ...f, severity: 'error' }, (k, s) => `${COLOURS[k]}${s}${RESET}`)[0].slice(0, 5), '\u001b[31m');
    assert.equal(renderFinding({ ...f, severity: 'info' }, (k, s) => `${COLOURS[k]}${s}${RESET}`)[0].slice(0, 5), '\u001b[36m');
    process.env.NO_COLOR = '1';
    assert.ok(!renderText('f.json', report, { isTTY: true }).includes('\u001b['));
  } finally {
    if (saved === undefined) delete process.env.NO_COLOR; else process.env.NO_COLOR = saved;
  }
  // the message: every word once, in order; each line as full as the next word allows
  const f = report.findings[0];
  const lines = renderFinding(f, (_k, s) => s);
  const msg = lines.slice(1, lines.indexOf('  evidence:')).map((l) => l.slice(2));
  assert.deepEqual(msg.join(' ').split(' '), f.message.split(/\s+/));
  for (let i = 0; i < msg.length; i++) {
    assert.ok(msg[i].length <= 96, msg[i]);
    if (i + 1 < msg.length) assert.ok(msg[i].length + 1 + msg[i + 1].split(' ')[0].length > 96, `line ${i} could take the next word`);
  }
  assert.ok(msg.length >= 3);
});

test('inspect: labels of a binary case, at most 20 listed; the JSON keeps field and lossError only when set', async () => {
  const r = await run('inspect', EX('bce-weight-not-pos-weight.json'));
  const lines = r.out.split('\n');
  assert.equal(lines[0], `${EX('bce-weight-not-pos-weight.json')}: BCEWithLogitsLoss(reduction='mean', weight=[0.566, 1.0345, 3.3333, 4.2857])`);
  assert.equal(lines[2], '  positives per label [53, 29, 9, 7] of 120');
  const many = join(tmp, 'labels.json');
  const L = 25;
  const target = Array.from({ length: 8 }, (_, i) => Array.from({ length: L }, (_, k) => ((i + k) % 4 === 0 ? 1 : 0)));
  writeFileSync(many, JSON.stringify({ loss: 'BCEWithLogitsLoss', input: target.map((row) => row.map((v) => (v ? 2 : -2))), target }));
  const m = await run('inspect', many);
  assert.equal(m.code, 0, m.err);
  const counts = Array.from({ length: L }, (_, k) => target.filter((row) => row[k] === 1).length);
  assert.equal(m.out.split('\n')[2], `  positives per label [${counts.slice(0, 20).join(', ')}, …] of 8`);
  const j = reportJson(runDiagnostics(loadCaseFile(EX('double-softmax.json'))));
  const keys = (j.findings as Array<Record<string, unknown>>).map((f) => Object.keys(f));
  assert.deepEqual(keys, [['rule', 'severity', 'title', 'message', 'evidence', 'fix', 'docs', 'field']]);
  assert.ok(!('lossError' in j));
  const noField = reportJson({ ...runDiagnostics(loadCaseFile(EX('double-softmax.json'))), findings: [{ ...runDiagnostics(loadCaseFile(EX('double-softmax.json'))).findings[0], field: undefined }] });
  assert.ok(!('field' in (noField.findings as Array<Record<string, unknown>>)[0]));
});

test('completion: command names that are not plain words are left out of the script', () => {
  const cmd = (name: string) => ({ name, summary: '', usage: `lossdbg ${name}`, run: async () => 0 });
  const s = bashScript([cmd('ok'), cmd('a$b'), cmd('x;rm'), cmd('$(x)y')]);
  assert.ok(s.includes('    COMPREPLY=($(compgen -W "ok --help --version" -- "$cur"))'), s);
});

test('train: numbers in the summary (non-finite, missing, large, small)', async () => {
  const r = await runScenario('news', { seed: 7, epochs: 1 });
  const run0 = r.runs[0];
  const final = { ...run0.final, accuracy: NaN, ece: Infinity, macro_f1: 123456, min_class_recall: 0.0001234, val_loss: -Infinity };
  const text = summaryText({ ...r, runs: [{ ...run0, final }] });
  const line = text.split('\n').find((l) => l.startsWith('  train '));
  assert.match(line ?? '', / accuracy NaN {2}ece Infinity {2}macro_f1 1\.235e\+5 {2}min_class_recall 1\.234e-4 /);
  assert.match(text.split('\n').find((l) => l.startsWith('  val ')) ?? '', /^ {2}val {4}loss -Infinity /);
});

test('train on a terminal: a progress bar on stderr, cleared at the end, instead of epoch lines', async () => {
  const writes: string[] = [];
  const stderr = process.stderr as unknown as { isTTY?: boolean; write: (s: string) => boolean };
  const saved = { isTTY: stderr.isTTY, write: stderr.write };
  Object.defineProperty(stderr, 'isTTY', { value: true, configurable: true, writable: true });
  stderr.write = (s: string) => { writes.push(String(s)); return true; };
  let code: number;
  const outs: string[] = [];
  try {
    code = await main(['train', 'news', '--epochs', '2'], { out: (s) => outs.push(s), err: (s) => outs.push(`ERR ${s}`), isTTY: true }, { LANG: 'C' });
  } finally {
    stderr.write = saved.write;
    Object.defineProperty(stderr, 'isTTY', { value: saved.isTTY, configurable: true, writable: true });
  }
  assert.equal(code, 0);
  assert.ok(!outs.some((l) => l.startsWith('[news] epoch')), 'no epoch lines on stdout');
  // eslint-disable-next-line no-control-regex
  assert.match(writes[0], /^\r\u001b\[K\[news\] 1\/1 \|█{12} {12}\| epoch 1\/2 {2}train_loss [\d.]+ {2}val_loss [\d.]+$/);
  // eslint-disable-next-line no-control-regex
  assert.match(writes[1], /^\r\u001b\[K\[news\] 1\/1 \|█{24}\| epoch 2\/2 /);
  assert.equal(writes.at(-1), '\r\u001b[K');
  assert.equal(writes.length, 3);
});

test('rules ID in Korean: the Korean page', async () => {
  const r = await run('rules', 'double-softmax', '--lang', 'ko');
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, readFileSync(join(ROOT, 'docs', 'ko', 'rules', 'double-softmax.md'), 'utf8').trimEnd());
  assert.notEqual(r.out, readFileSync(join(ROOT, 'docs', 'rules', 'double-softmax.md'), 'utf8').trimEnd());
  await run('rules', '--lang', 'en');
});
