/**
 * What a CLI user reads, pinned word for word in this process (so mutation testing sees it): the
 * curves table (a series without finite values, a name cut at 40 columns, colours on a terminal, a
 * finding without the "no problems" line), a message whose first word is wider than the wrap, lint's
 * JSON finding objects (the notebook cell only on notebooks) and SARIF rule entries, the language
 * chosen for machine output (only a real `--format json|sarif` keeps English), the streamed inspection
 * refusing --dtype float32, a write error of `train --html`, a cancelled `train`, the curves table past
 * 60 series, a demo row's case id; output-file errors in Korean; the bash script's last lines; a
 * per-element loss in inspect --json; notebook cells in lint's text; SARIF's tool; --lang's value;
 * ensureOutputDir beside inputs.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { COLOURS, RESET, renderFinding } from '../../../src/cli/cmd-inspect';
import { exampleRow } from '../../../src/cli/cmd-demo';
import { lintJson } from '../../../src/cli/cmd-lint';
import { Linter } from '../../../src/lint/index';
import { cliLanguage, useLanguage } from '../../../src/cli/language';
import { ensureOutputDir, ioError } from '../../../src/cli/output-file';
import { bashScript } from '../../../src/cli/cmd-completion';
import { COMMANDS } from '../../../src/cli/commands';
import { VERSION } from '../../../src/version';
import { l10n, setL10n } from '../../../src/l10n';
import { CODE_RULES } from '../../../src/diagnostics/code/index';
import type { Finding } from '../../../src/shapes/finding';
import type { DiagnosticsReport } from '../../../src/diagnostics/run';
import { npyBytes } from '../../lm-dump';
import { ensureFresh } from './cli-helpers';

const tmp = mkdtempSync(join(tmpdir(), 'lossdbg-output-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
// train --html renders its page (the webview bundles inlined) before the write fails
before(() => { ensureFresh('webview'); });

async function run(argv: string[], isTTY = false, LANG = 'C'): Promise<{ code: number; out: string; err: string }> {
  const outs: string[] = [], errs: string[] = [];
  const code = await main(argv, { out: (s) => outs.push(s), err: (s) => errs.push(s), isTTY }, { LANG });
  return { code, out: outs.join('\n'), err: errs.join('\n') };
}

/** Runs `f` with NO_COLOR unset (a terminal that takes colours). */
async function withColour<T>(f: () => Promise<T>): Promise<T> {
  const saved = process.env.NO_COLOR;
  delete process.env.NO_COLOR;
  try {
    return await f();
  } finally {
    if (saved !== undefined) process.env.NO_COLOR = saved;
  }
}

const LONG = 'a_series_name_that_is_longer_than_forty_columns';

test('curves: the whole text of a clean log: a series of NaN only shows "—" for its min and max, a long name is cut at 40 columns', async () => {
  const csv = join(tmp, 'a.csv');
  writeFileSync(csv, `step,loss,acc,${LONG}\n0,2.5,nan,1\n1,2.0,nan,2\n2,1.5,nan,3\n`);
  const r = await run(['curves', csv]);
  assert.equal(r.code, 0, r.err);
  const name = LONG.slice(0, 40);
  assert.equal(r.out, [
    `${csv}: csv, 3 series`,
    `  ${'series'.padEnd(40)}  points       first        last         min         max`,
    `  ${'loss'.padEnd(40)}       3         2.5         1.5         1.5         2.5`,
    `  ${'acc'.padEnd(40)}       3         NaN         NaN           —           —`,
    `  ${name}       3           1           3           1           3`,
    '',
    'No problems found in the curves.',
    '',
    '1 run, 0 findings: 0 error, 0 warning, 0 info',
  ].join('\n'));
});

test('curves: a run with a finding shows it, then a blank line, and never "No problems found"', async () => {
  const csv = join(__dirname, '..', '..', '..', 'examples', 'curves', 'overfitting.csv');
  const r = await run(['curves', csv]);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.split('\n');
  assert.deepEqual(lines.slice(1, 5), [
    '  series    points       first        last         min         max',
    '  loss          30       2.272     0.15324     0.15324       2.272',
    '  val_loss      30     2.31797     0.89275     0.54423     2.31797',
    '',
  ]);
  assert.equal(lines[5], 'WARNING overfitting  Validation loss rising while training loss falls');
  assert.ok(!lines.includes('No problems found in the curves.'), r.out);
  assert.deepEqual(lines.slice(-3), ['  docs: docs/rules/overfitting.md', '', '1 run, 1 finding: 0 error, 1 warning, 0 info']);
});

test('curves on a terminal: the source in bold, the severity in its colour, the rule in bold', async () => {
  const csv = join(__dirname, '..', '..', '..', 'examples', 'curves', 'overfitting.csv');
  const r = await withColour(() => run(['curves', csv], true));
  assert.equal(r.code, 0, r.err);
  const lines = r.out.split('\n');
  assert.equal(lines[0], `${COLOURS.bold}${csv}${RESET}: keras-csv, 2 series`);
  assert.equal(lines[5], `${COLOURS.warning}WARNING${RESET} ${COLOURS.bold}overfitting${RESET}  Validation loss rising while training loss falls`);
  assert.ok(lines.includes(`  ${COLOURS.dim}evidence:${RESET}`));
  // a pipe gets no escape codes at all
  assert.ok(!(await withColour(() => run(['curves', csv]))).out.includes('\u001b'));
});

test('a message whose first word is wider than the wrap starts on the first line (no empty line before it); an empty message takes no line', () => {
  const f = { rule: 'r', severity: 'info', title: 'T', message: `${'x'.repeat(100)} tail`, evidence: {}, fix: 'f', docs: 'd' } as unknown as Finding;
  const lines = renderFinding(f, (_k, s) => s);
  assert.deepEqual(lines.slice(0, 3), ['INFO    r  T', `  ${'x'.repeat(100)}`, '  tail']);
  // an empty message takes no line at all
  assert.deepEqual(renderFinding({ ...f, message: '' }, (_k, s) => s), ['INFO    r  T', '  fix:', '    f', '  docs: d']);
});

test('lint --json: each finding with its rule, severity, 1-based span and message; "cell" only for a notebook', async () => {
  const src = ['import torch.nn.functional as F\n', '\n', 'def step(model, x, y):\n', '    return F.cross_entropy(F.softmax(model(x), dim=1), y)\n'];
  const py = join(tmp, 'step.py');
  writeFileSync(py, src.join(''));
  const nb = join(tmp, 'step.ipynb');
  writeFileSync(nb, JSON.stringify({ cells: [{ cell_type: 'markdown', metadata: {}, source: ['# notes'] }, { cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: src }], metadata: {}, nbformat: 4, nbformat_minor: 5 }));
  const r = await run(['lint', py, nb, '--json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as { files: Array<{ path: string; findings: Array<Record<string, unknown>> }> };
  const finding = { rule: 'double-softmax', severity: 'warning', line: 4, column: 28, endLine: 4, endColumn: 54 };
  assert.equal(j.files.length, 2);
  const [a, b] = j.files;
  assert.equal(a.findings.length, 1);
  assert.deepEqual({ ...a.findings[0], message: undefined }, { ...finding, message: undefined });
  assert.ok(!('cell' in a.findings[0]), 'a .py finding has no cell');
  assert.match(String(a.findings[0].message), /^F\.softmax\(…\) turns the logits into probabilities/);
  assert.deepEqual(b.findings, [{ ...finding, message: String(a.findings[0].message).replace('at step.py:4', 'at step.ipynb, cell 1:4'), cell: 1 }]);
  // the object itself (for front ends that do not go through JSON text): no "cell" key on a .py finding
  const direct = lintJson((await Linter.create()).lint([py], [py]));
  assert.deepEqual(Object.keys((direct.files as Array<{ findings: object[] }>)[0].findings[0]), ['rule', 'severity', 'line', 'column', 'endLine', 'endColumn', 'message']);
});

test('lint --format sarif: one rule entry per code rule, with its name, title, page and level', async () => {
  const py = join(tmp, 'empty.py');
  writeFileSync(py, 'x = 1\n');
  const r = await run(['lint', py, '--format', 'sarif']);
  assert.equal(r.code, 0, r.err);
  const rules = (JSON.parse(r.out) as { runs: Array<{ tool: { driver: { rules: unknown[] } } }> }).runs[0].tool.driver.rules;
  assert.equal(rules.length, CODE_RULES.length);
  assert.deepEqual(rules[CODE_RULES.findIndex((x) => x.id === 'double-softmax')], {
    id: 'double-softmax',
    name: 'DoubleSoftmax',
    shortDescription: { text: CODE_RULES.find((x) => x.id === 'double-softmax')?.title },
    helpUri: 'https://example.invalid/loss-debugger/docs/rules/double-softmax.md',
    defaultConfiguration: { level: 'warning' },
  });
});

test('machine output stays English only for --json, --format json|sarif or --format=json|sarif, nothing that merely looks like it', () => {
  const ko = { LANG: 'ko_KR.UTF-8' };
  for (const argv of [['lint', 'x.py', '--format', 'json'], ['lint', 'x.py', '--format', 'sarif'], ['lint', '--format=sarif', 'x.py'], ['inspect', 'a.json', '--json']]) {
    assert.equal(cliLanguage(argv, ko).language, 'en', argv.join(' '));
  }
  for (const argv of [
    ['lint', 'json'], // a folder named json
    ['lint', '.', '--format', 'text'],
    ['lint', '.', '--format', 'nojson'],
    ['lint', '.', '--format', 'jsonx'],
    ['lint', '.', '--format=jsonx'],
    ['lint', 'x--format=json'],
    ['lint', '.', '--format'],
  ]) {
    assert.equal(cliLanguage(argv, ko).language, 'ko', argv.join(' '));
  }
});

test('inspect --stream --dtype float32 is refused (streaming runs in float64): exit 2, one line', async () => {
  const N = 8, C = 3;
  const x = new Float32Array(N * C).map((_, i) => Math.sin(i));
  writeFileSync(join(tmp, 'sx.npy'), npyBytes([N, C], '<f4', new Uint8Array(x.buffer)));
  writeFileSync(join(tmp, 'st.npy'), npyBytes([N], '<i8', new Uint8Array(BigInt64Array.from({ length: N }, (_, i) => BigInt(i % C)).buffer)));
  const file = join(tmp, 'sc.json');
  writeFileSync(file, JSON.stringify({ loss: 'CrossEntropyLoss', input: { npy: 'sx.npy' }, target: { npy: 'st.npy' } }));
  assert.equal((await run(['inspect', file, '--stream'])).code, 0);
  const r = await run(['inspect', file, '--stream', '--dtype', 'float32']);
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  assert.equal(r.err, 'lossdbg inspect: streamed inspection runs in float64 (leave --dtype at its default)');
});

test('train --html into a missing folder: exit 2, the HTML report named in the error', async () => {
  const html = join(tmp, 'missing', 'r.html');
  const r = await run(['train', 'regression', '--epochs', '1', '--html', html]);
  assert.equal(r.code, 2);
  assert.equal(r.err, `lossdbg: ${html}: cannot write HTML report ${html}: the folder ${join(tmp, 'missing')} does not exist (create the folder first or choose another path)`);
});

test('an output that cannot be written is said in the reader\'s language, whole (not "cannot write HTML 보고서")', async () => {
  const html = join(tmp, 'missing', 'r.html');
  const r = await run(['train', 'regression', '--epochs', '1', '--html', html], false, 'ko_KR.UTF-8');
  assert.equal(r.code, 2);
  assert.equal(r.err, `lossdbg: ${html}: HTML 보고서 ${html}을(를) 쓸 수 없습니다: 폴더 ${join(tmp, 'missing')}이(가) 없습니다 (먼저 폴더를 만들거나 다른 경로를 고르세요)`);
  const csv = join(tmp, 'ko.csv');
  writeFileSync(csv, 'step,loss\n0,1\n1,0.5\n');
  const self = await run(['curves', csv, '--html', csv], false, 'ko_KR.UTF-8');
  assert.equal(self.code, 2);
  assert.equal(self.err, `lossdbg: ${csv}: HTML 보고서 ${csv}을(를) 쓰지 않습니다: 입력 파일 ${csv}입니다 (다른 출력 이름을 고르세요. 예: report.html)`);
  // and in English as before, word for word
  assert.equal((await run(['curves', csv, '--html', csv])).err, `lossdbg: ${csv}: refusing to write HTML report ${csv}: it is the input file ${csv} (choose another output name, e.g. report.html)`);
});

test('demo row: the case id is the file name without its final .json only', () => {
  const report = { loss: null, findings: [], summary: {} } as unknown as DiagnosticsReport;
  const row = exampleRow('v2.json-notes.json', () => report);
  assert.equal(row.line, `${'v2.json-notes'.padEnd(34)} ${'n/a'.padStart(10)}  — clean`);
  assert.deepEqual({ planted: row.planted, found: row.found }, { planted: true, found: false });
});

test('curves: 60 series are all listed; from 61 on, the first 60 and a line saying how many more', async () => {
  const table = async (n: number): Promise<string[]> => {
    const csv = join(tmp, `wide${n}.csv`);
    const names = Array.from({ length: n }, (_, i) => `m${String(i).padStart(2, '0')}`);
    writeFileSync(csv, `step,${names.join(',')}\n0,${names.map(() => 1).join(',')}\n1,${names.map(() => 2).join(',')}\n`);
    const r = await run(['curves', csv]);
    assert.equal(r.code, 0, r.err);
    return r.out.split('\n');
  };
  const sixty = await table(60);
  assert.equal(sixty[61], `  ${'m59'.padEnd(6)}       2           1           2           1           2`);
  assert.equal(sixty[62], '');
  const more = await table(62);
  assert.equal(more[61], `  ${'m59'.padEnd(6)}       2           1           2           1           2`);
  assert.equal(more[62], '  … 2 more series (--json lists them all)');
  assert.equal(more[63], '');
});

test('train cancelled (Ctrl-C): exit 130, "cancelled" on stderr, no summary, the handler removed', async () => {
  const before = process.listeners('SIGINT');
  const outs: string[] = [], errs: string[] = [];
  const p = main(['train', 'regression'], { out: (s) => outs.push(s), err: (s) => errs.push(s), isTTY: false }, { LANG: 'C' });
  const added = process.listeners('SIGINT').filter((l) => !before.includes(l));
  assert.equal(added.length, 1);
  (added[0] as () => void)();
  assert.equal(await p, 130);
  assert.deepEqual(errs, ['lossdbg train: cancelled']);
  assert.ok(!outs.some((l) => l.includes('Final metrics')), outs.join('\n'));
  assert.equal(process.listenerCount('SIGINT'), before.length);
});

test('a failed write in Korean: each system error in words, the default "output file" and "folder" translated', () => {
  useLanguage({ language: 'ko', explicit: true, rest: [] });
  try {
    const says = (code: string | undefined, what?: string): string => ioError(code === undefined ? new Error('x') : { code }, what ?? l10n.t('output file'), 'o').message;
    assert.equal(says('EACCES'), 'o: 출력 파일 o을(를) 쓸 수 없습니다: 권한이 없습니다');
    assert.equal(says('EPERM', l10n.t('folder')), 'o: 폴더 o을(를) 쓸 수 없습니다: 권한이 없습니다');
    assert.equal(says('ENOSPC'), 'o: 출력 파일 o을(를) 쓸 수 없습니다: 디스크가 가득 찼습니다');
    assert.equal(says('EROFS'), 'o: 출력 파일 o을(를) 쓸 수 없습니다: 파일 시스템이 읽기 전용입니다');
    assert.equal(says('ENOENT'), 'o: 출력 파일 o을(를) 쓸 수 없습니다: 그 폴더가 없습니다');
    assert.equal(says('ENAMETOOLONG'), 'o: 출력 파일 o을(를) 쓸 수 없습니다: 파일 이름이 너무 깁니다');
    assert.equal(says('EIO'), 'o: 출력 파일 o을(를) 쓸 수 없습니다: EIO');
    assert.equal(says(undefined), 'o: 출력 파일 o을(를) 쓸 수 없습니다: 입출력 오류');
  } finally {
    setL10n();
  }
});

test('the bash script ends by leaving everything else to file names', () => {
  const lines = bashScript(COMMANDS).split('\n');
  assert.deepEqual(lines.slice(-5), ['  esac', '  # anything else: file names (complete -o default)', '}', 'complete -o default -F _lossdbg lossdbg', '']);
});

test('inspect --json of a per-element loss (reduction none): "loss" is the nested array of values', async () => {
  const file = join(tmp, 'none.json');
  writeFileSync(file, JSON.stringify({ loss: { type: 'MSELoss', reduction: 'none' }, input: [[1, 2], [3, 4]], target: [[1, 0], [0, 4]] }));
  const r = await run(['inspect', file, '--json']);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual((JSON.parse(r.out) as { loss: unknown }).loss, [[0, 4], [9, 0]]);
  const mean = join(tmp, 'mean.json');
  writeFileSync(mean, JSON.stringify({ loss: 'MSELoss', input: [[1, 2], [3, 4]], target: [[1, 0], [0, 4]] }));
  assert.equal((JSON.parse((await run(['inspect', mean, '--json'])).out) as { loss: unknown }).loss, 3.25);
});

test('lint text on a notebook: each finding\'s place names its cell (file[cell N]:line:column)', async () => {
  const src = ['import torch.nn.functional as F\n', '\n', 'def step(model, x, y):\n', '    return F.cross_entropy(F.softmax(model(x), dim=1), y)\n'];
  const d = mkdtempSync(join(tmp, 'nbtext-'));
  const nb = join(d, 'n.ipynb');
  writeFileSync(nb, JSON.stringify({ cells: [{ cell_type: 'markdown', metadata: {}, source: ['# notes'] }, { cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: src }], metadata: {}, nbformat: 4, nbformat_minor: 5 }));
  const r = await run(['lint', nb]);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.split('\n');
  assert.match(lines[0], new RegExp(`^${nb.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\[cell 1\\]:4:28: warning \\[double-softmax\\] F\\.softmax`));
  assert.match(lines[1], /^ {4}see .*n\.ipynb\[cell 1\]:4:12: F\.cross_entropy applies log_softmax itself$/);
});

test('lint --format sarif names the tool: Loss Debugger, its version and its home page', async () => {
  const py = join(tmp, 'one.py');
  writeFileSync(py, 'x = 1\n');
  const driver = (JSON.parse((await run(['lint', py, '--format', 'sarif'])).out) as { runs: Array<{ tool: { driver: Record<string, unknown> } }> }).runs[0].tool.driver;
  assert.deepEqual({ ...driver, rules: undefined }, { name: 'Loss Debugger', version: VERSION, informationUri: 'https://example.invalid/loss-debugger', rules: undefined });
});

test('--lang followed by an option is "needs a language"; a code with a trailing part is a language', () => {
  assert.throws(() => cliLanguage(['rules', '--lang', '--json'], {}), { message: '--lang needs a language, e.g. --lang ko (or --lang en)' });
  assert.throws(() => cliLanguage(['rules', '--lang', '-x'], {}), { message: '--lang needs a language, e.g. --lang ko (or --lang en)' });
  assert.deepEqual(cliLanguage(['rules', '--lang', 'ko-'], {}), { language: 'ko', explicit: true, rest: ['rules'] });
});

test('ensureOutputDir: an input elsewhere does not stop it; a missing input does not make a new folder "an input"', () => {
  const other = join(tmp, 'input.json');
  writeFileSync(other, '{}');
  const out = join(tmp, 'out-a');
  assert.equal(ensureOutputDir(out, [other]), out);
  const fresh = join(tmp, 'out-b');
  assert.equal(ensureOutputDir(fresh, [join(tmp, 'no-such-input.json')]), fresh);
  assert.throws(() => ensureOutputDir(out, [other, out]), { message: `${out}: refusing to write into ${out}: it is an input` });
});
