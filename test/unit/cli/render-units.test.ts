/**
 * The CLI's text in this process, part by part: numbers in reports (num), evidence values, the case
 * summary lines of `inspect` for every kind of summary, and the bash completion script run in a real
 * bash (each completion position, COMPREPLY reset between calls, the script silent when sourced).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LossDebuggerError } from '../../../src/errors';
import { VERSION } from '../../../src/version';
import { currentLanguage } from '../../../src/l10n';
import { main, processIo, runProcess, type CliProcess } from '../../../src/cli/main';
import { summaryText } from '../../../src/cli/cmd-train';
import type { RunResult, ScenarioResult } from '../../../src/shapes/train';
import { ruleWithoutPage } from '../../../src/cli/cmd-rules';
import { cliLanguage, useLanguage } from '../../../src/cli/language';
import { ensureOutputDir, writeOutputFile } from '../../../src/cli/output-file';
import { loadForInspect } from '../../../src/cli/inspect-stream';
import { exampleRow } from '../../../src/cli/cmd-demo';
import { num, renderFinding, renderText } from '../../../src/cli/cmd-inspect';
import { bashScript, zshScript } from '../../../src/cli/cmd-completion';
import { COMMANDS } from '../../../src/cli/commands';
import { allRules, ALL_RULE_IDS } from '../../../src/diagnostics/registry';
import { CODE_ONLY_RULE_IDS } from '../../../src/diagnostics/code/index';
import type { DiagnosticsReport } from '../../../src/diagnostics/run';
import type { Finding } from '../../../src/shapes/finding';

test('num: integers as they are, exponents below 1e-4 and from 1e6, six significant digits between', () => {
  const cases: Array<[number, string]> = [
    [NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity'], [0, '0'], [-0, '0'], [3, '3'], [-12, '-12'], [1e21, '1e+21'],
    [0.5, '0.5'], [-0.25, '-0.25'], [123456.7, '123457'], [999999.5, '1000000'], [1000000.5, '1.000e+6'], [-2500000.25, '-2.500e+6'],
    [1e-4, '0.0001'], [-1e-4, '-0.0001'], [0.00009999, '9.999e-5'], [-5e-7, '-5.000e-7'], [0.1 + 0.2, '0.3'], [2 / 3, '0.666667'],
  ];
  for (const [x, s] of cases) assert.equal(num(x), s, String(x));
});

const finding = (evidence: Finding['evidence']): Finding => ({
  rule: 'some-rule', severity: 'warning', title: 'A title\u0007', message: 'one two', evidence, fix: 'a = 1\nb = 2', docs: 'docs/rules/some-rule.md',
});

test('evidence values: null, booleans, strings with control characters, long arrays, objects', () => {
  const lines = renderFinding(finding({
    none: null, yes: true, no: false, text: 'a\u001b[31mb', n: 0.00001234,
    few: [1, 0.5], words: ['x\u0000', 'y'], many: Array.from({ length: 13 }, (_, i) => i), twelve: Array.from({ length: 12 }, (_, i) => i * 2),
    obj: { a: 1.5, 'k\u0001': 'v\u0002' },
  }), (_k, s) => s);
  assert.deepEqual(lines, [
    'WARNING some-rule  A title\\x07',
    '  one two',
    '  evidence:',
    '    none=null',
    '    yes=true',
    '    no=false',
    '    text=a\\x1b[31mb',
    '    n=1.234e-5',
    '    few=[1, 0.5]',
    '    words=[x\\x00, y]',
    '    many=[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, … (13)]',
    '    twelve=[0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22]',
    '    obj={a: 1.5, k\\x01: v\\x02}',
    '  fix:',
    '    a = 1',
    '    b = 2',
    '  docs: docs/rules/some-rule.md',
  ]);
  assert.deepEqual(renderFinding(finding({}), (_k, s) => s).slice(0, 3), ['WARNING some-rule  A title\\x07', '  one two', '  fix:']);
});

/** A report with only what renderText reads. */
function report(summary: Partial<DiagnosticsReport['summary']>, extra: Partial<DiagnosticsReport> = {}): DiagnosticsReport {
  return {
    findings: [],
    summary: {
      loss: { type: 'CrossEntropyLoss', args: { reduction: 'mean', weight: [1, 2], label_smoothing: 0, unset: undefined } },
      input: { shape: [4, 3], dtype: 'float64', min: -1.5, max: 2, mean: 0.125 },
      target: { shape: [4], dtype: 'int64' },
      nonFinite: 0,
      lossValue: 1.25,
      ...summary,
    },
    prepared: undefined as never,
    ...extra,
  };
}
const lines = (r: DiagnosticsReport): string[] => renderText('c\u0007.json', r, { isTTY: false }).split('\n');

test('inspect text: the case line, counts, ignored share, non-finite values, the loss in each form', () => {
  assert.deepEqual(lines(report({ classCounts: [2, 1, 0] })), [
    'c\\x07.json: CrossEntropyLoss(reduction=\'mean\', weight=[1, 2], label_smoothing=0)',
    '  input (4, 3) float64, range [-1.5, 2], mean 0.125; target (4,) int64',
    '  class counts [2, 1, 0]',
    '  loss = 1.25',
    '',
    'No problems found.',
  ]);
  assert.deepEqual(lines(report({ classCounts: [2, 1, 0], ignored: 1, ignoredShare: 0.25, nonFinite: 3, lossValue: null, lossShape: [4] })).slice(2, 5), [
    '  class counts [2, 1, 0]; ignored 1 (25%)',
    '  non-finite values: 3',
    '  loss: per-element, shape (4,)',
  ]);
  const twenty = Array.from({ length: 20 }, (_, i) => i % 3);
  assert.equal(lines(report({ classCounts: twenty }))[2], `  class counts [${twenty.join(', ')}]`);
  const many = Array.from({ length: 21 }, (_, i) => i % 3);
  assert.equal(lines(report({ classCounts: many }))[2], '  14 of 21 classes present');
  assert.deepEqual(lines(report({ lossValue: null }, { lossError: 'CrossEntropyLoss: bad target' })).slice(2, 4), ['  loss could not be computed: CrossEntropyLoss: bad target', '']);
  assert.deepEqual(lines(report({ lossValue: null })).slice(2, 4), ['', 'No problems found.']);
  assert.equal(lines(report({ positivesPerLabel: [3, 1], totalsPerLabel: [8, 8] }))[2], '  positives per label [3, 1] of 8');
  assert.equal(lines(report({ positivesPerLabel: [3, 1] }))[2], '  positives per label [3, 1] of ?');
});

test('inspect text: findings and their count line', () => {
  const f = finding({ k: 1 });
  const out = lines(report({}, { findings: [f, { ...f, severity: 'error' }] }));
  assert.equal(out.filter((l) => l === '').length, 3);
  assert.equal(out.at(-1), '2 findings: 1 error, 1 warning, 0 info');
});

// ---------------------------------------------------------------------------------------------
// bash completion, run in bash

const bash = spawnSync('bash', ['--version']).status === 0;

/** COMPREPLY after each completion request (words of the line, index of the word completed), in one shell. */
function complete(script: string, requests: Array<[string[], number]>): { replies: string[][]; stderr: string } {
  const calls = requests.map(([words, cword]) =>
    `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${cword}; _lossdbg; echo "[\${COMPREPLY[*]}]"`).join('\n');
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', `${script}\n${calls}`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return { replies: r.stdout.trim().split('\n').map((l) => l.slice(1, -1).split(' ').filter(Boolean)), stderr: r.stderr };
}

test('bash completion: commands, option values, options, rule ids, then file names', { skip: !bash && 'no bash on this machine' }, () => {
  const script = bashScript(COMMANDS);
  assert.ok(script.endsWith('\ncomplete -o default -F _lossdbg lossdbg\n'));
  const { replies, stderr } = complete(script, [
    [['lossdbg', ''], 1],
    [['lossdbg', 'ins'], 1],
    [['lossdbg', 'inspect', '--dtype', 'f'], 3],
    [['lossdbg', 'rules', ''], 2],
    [['lossdbg', 'inspect', 'a.json'], 2],
    [['lossdbg', 'inspect', '--js'], 2],
    [['lossdbg', 'rules', '--'], 2],
    [['lossdbg', 'completion', ''], 2],
    [['lossdbg', 'completion', 'z'], 2],
    [['lossdbg', 'completion'], 1],
  ]);
  assert.equal(stderr, '');
  assert.deepEqual(replies[0], [...COMMANDS.map((c) => c.name), '--help', '--version']);
  assert.deepEqual(replies[1], ['inspect']);
  assert.deepEqual(replies[2], ['float64', 'float32']);
  assert.deepEqual(replies[3].sort(), [...ALL_RULE_IDS, ...CODE_ONLY_RULE_IDS].sort());
  assert.deepEqual(replies[4], [], 'a file name is left to bash: the rule ids of the request before are gone');
  assert.deepEqual(replies[5], ['--json']);
  assert.ok(replies[6].includes('--help') && replies[6].every((w) => w.startsWith('--')), replies[6].join(' '));
  assert.deepEqual(replies[7], ['bash', 'zsh']);
  assert.deepEqual(replies[8], ['zsh']);
  assert.deepEqual(replies[9], ['completion'], 'the command word itself: not completed as that command\'s argument');
});

test('zsh completion: the bash function without its comment lines, behind bashcompinit', () => {
  const z = zshScript(COMMANDS).split('\n');
  const b = bashScript(COMMANDS).split('\n');
  assert.deepEqual(z.slice(0, 3), [
    '# lossdbg completion (zsh). Load it with:  eval "$(lossdbg completion zsh)"  (after compinit)',
    '(( $+functions[compdef] )) || { autoload -U +X compinit && compinit; }',
    'autoload -U +X bashcompinit && bashcompinit',
  ]);
  assert.deepEqual(z.slice(3), b.filter((l) => !l.startsWith('# ')));
  assert.equal(b.filter((l) => l.startsWith('# ')).length, 2);
});

// ---------------------------------------------------------------------------------------------
// the process around main(), a rule without its page, the language, where output errors point

class FakeStream extends EventEmitter {
  written: string[] = [];
  constructor(readonly isTTY?: boolean, private readonly fail?: Error) { super(); }
  write(s: string): boolean {
    if (this.fail) throw this.fail;
    this.written.push(s);
    return true;
  }
}
function fakeProcess(argv: string[], stdout = new FakeStream()): CliProcess & { stdout: FakeStream; stderr: FakeStream; exits: Array<number | string> } {
  const exits: Array<number | string> = [];
  return { argv: ['node', 'lossdbg', ...argv], env: { LANG: 'C' }, stdout, stderr: new FakeStream(), exitCode: undefined, exits, exit: (c) => { exits.push(c); } };
}

test('the process: lines made terminal-safe, the exit code set, EPIPE ends quietly with it, other stream errors thrown', async () => {
  const p = fakeProcess(['--version']);
  await runProcess(p);
  assert.deepEqual([p.stdout.written, p.stderr.written, p.exitCode], [[`${VERSION}\n`], [], 0]);
  const bad = fakeProcess(['nope\u0007']);
  await runProcess(bad);
  assert.equal(bad.exitCode, 2);
  assert.deepEqual(bad.stderr.written, [`lossdbg: unknown command 'nope\\x07' (commands: ${COMMANDS.map((c) => c.name).join(', ')})\n`]);
  assert.deepEqual(bad.stdout.written, []);
  const none = fakeProcess([]);
  await runProcess(none);
  assert.equal(none.exitCode, 2);
  const io = processIo(fakeProcess([]));
  assert.equal(io.isTTY, false);
  const tty = fakeProcess([], new FakeStream(true));
  assert.equal(processIo(tty).isTTY, true);
  tty.exitCode = 1;
  tty.stdout.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
  assert.deepEqual(tty.exits, [1]);
  const quiet = fakeProcess([]);
  processIo(quiet);
  quiet.stdout.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
  assert.deepEqual(quiet.exits, [0]);
  const other = fakeProcess([]);
  processIo(other);
  assert.throws(() => other.stdout.emit('error', Object.assign(new Error('write EIO'), { code: 'EIO' })), /write EIO/);
  assert.deepEqual(other.exits, []);
  // main() itself failing (its stdout throws): exit 3 and one line, no stack
  const broken = fakeProcess(['--help'], new FakeStream(false, new Error('stdout is gone')));
  await runProcess(broken);
  assert.deepEqual([broken.exitCode, broken.stderr.written], [3, ['lossdbg: internal error: Error: stdout is gone\n']]);
});

test('rules ID without an installed page: the rule\'s line, its options if any, where the page belongs', () => {
  const rule = allRules().find((r) => r.id === 'double-softmax');
  assert.ok(rule);
  const defaults = Object.entries(rule.defaults);
  assert.ok(defaults.length >= 2);
  assert.deepEqual(ruleWithoutPage(rule), [
    `double-softmax (warning): ${rule.title}  [${rule.appliesTo?.join(', ')}]`,
    `options: ${defaults.map(([k, v]) => `${k}=${v}`).join(', ')}`,
    '(documentation page docs/rules/double-softmax.md not found next to this installation)',
  ]);
  assert.deepEqual(ruleWithoutPage({ id: 'x-rule', severity: 'info', title: 'Some title', defaults: {} }), [
    'x-rule (info): Some title',
    '(documentation page docs/rules/x-rule.md not found next to this installation)',
  ]);
});

test('the language: a locale without a bundle is not explicit and falls back to English; English needs no bundle', () => {
  const fr = cliLanguage(['rules'], { LANG: 'fr_FR.UTF-8' });
  assert.deepEqual(fr, { language: 'fr', explicit: false, rest: ['rules'] });
  useLanguage(fr);
  assert.equal(currentLanguage(), 'en');
  useLanguage({ language: 'en', explicit: true, rest: [] });
  assert.equal(currentLanguage(), 'en');
  assert.deepEqual(cliLanguage(['x', '--json'], { LANG: 'ko_KR' }), { language: 'en', explicit: false, rest: ['x', '--json'] });
});

test('output errors name the output file', () => {
  const d = mkdtempSync(join(tmpdir(), 'lossdbg-where-'));
  try {
    const file = join(d, 'plain');
    writeFileSync(file, 'x');
    const where = (f: () => unknown): string | undefined => {
      try { f(); } catch (e) { assert.ok(e instanceof LossDebuggerError, String(e)); return `${e.where.file} | ${e.message}`; }
      return undefined;
    };
    const under = join(file, 'r.html');
    assert.equal(where(() => writeOutputFile(under, 'x')), `${under} | ${under}: cannot write output file ${under}: ${file} is not a folder`);
    assert.equal(where(() => ensureOutputDir(d, [d])), `${d} | ${d}: refusing to write into ${d}: it is an input`);
    assert.equal(where(() => ensureOutputDir(file)), `${file} | ${file}: cannot write into ${file}: it is not a folder (choose another --out folder)`);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('train summary: list-valued loss arguments in brackets, each number formatted', () => {
  const run = {
    name: 'weighted', description: 'class weights', task: 'multiclass', loss: { type: 'CrossEntropyLoss', weight: [1, 0.123456789, 2.5e-7], label_smoothing: 0.1 },
    final: { loss: 0.5, val_loss: 0.75 }, findings: [],
  } as unknown as RunResult;
  const text = summaryText({ scenario: 's', title: 'T', kind: 'sweep', seed: 3, runs: [run], seconds: 1.5 } as ScenarioResult);
  assert.ok(text.split('\n').includes('  loss   CrossEntropyLoss weight=[1, 0.1235, 2.500e-7] label_smoothing=0.1'), text);
});

test('demo and completion name themselves in their usage errors', async () => {
  for (const [cmd, msg] of [['demo', "lossdbg demo: unknown option --bogus for 'demo' (try: lossdbg demo --help)"], ['completion', "lossdbg completion: unknown option --bogus for 'completion' (try: lossdbg completion --help)"]]) {
    const errs: string[] = [];
    const code = await main([cmd, '--bogus'], { out: () => undefined, err: (s) => errs.push(s), isTTY: false }, { LANG: 'C' });
    assert.deepEqual([code, errs], [2, [msg]]);
  }
});

test('lint walks a folder without following symlinks (to files or folders outside it)', { skip: process.platform === 'win32' && 'symlinks' }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'lossdbg-walk-'));
  try {
    mkdirSync(join(root, 'd'));
    mkdirSync(join(root, 'outside'));
    writeFileSync(join(root, 'd', 'a.py'), 'import torch\nx = 1\n');
    writeFileSync(join(root, 'outside', 'bug.py'), 'import torch.nn as nn\nimport torch\nloss = nn.CrossEntropyLoss()(torch.softmax(torch.randn(4, 3), dim=1), torch.tensor([0, 1, 2, 0]))\n');
    symlinkSync(join(root, 'outside', 'bug.py'), join(root, 'd', 'link.py'));
    symlinkSync(join(root, 'outside'), join(root, 'd', 'linkdir'));
    const lint = async (d: string): Promise<string[]> => {
      const outs: string[] = [];
      assert.equal(await main(['lint', d], { out: (s) => outs.push(s), err: (s) => outs.push(s), isTTY: false }, { LANG: 'C' }), 0);
      return outs;
    };
    assert.deepEqual(await lint(join(root, 'd')), ['1 file linted: no loss bugs found']);
    assert.match((await lint(join(root, 'outside'))).join('\n'), /\[double-softmax\][\s\S]*\n1 file linted: 1 finding \(0 error, 1 warning, 0 info\)$/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('inspect: an input .npy over --max-file-size that cannot be streamed is refused, naming the .npy, its size and the limit', () => {
  const d = mkdtempSync(join(tmpdir(), 'lossdbg-big-'));
  try {
    let h = "{'descr': '<f8', 'fortran_order': False, 'shape': (64,), }";
    while ((10 + h.length + 1) % 64) h += ' ';
    h += '\n';
    const bytes = new Uint8Array(10 + h.length + 64 * 8);
    bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, h.length, 0]);
    bytes.set(new TextEncoder().encode(h), 10);
    writeFileSync(join(d, 'x.npy'), bytes);
    const file = join(d, 'mse.json');
    writeFileSync(file, JSON.stringify({ loss: 'MSELoss', input: { npy: 'x.npy' }, target: { shape: [64], data: new Array(64).fill(0) } }));
    const opts = { maxFileBytes: 400, maxMemoryBytes: 1 << 30, allowedRoots: [] };
    let e: unknown;
    try { loadForInspect(file, opts, false); } catch (x) { e = x; }
    assert.ok(e instanceof LossDebuggerError, String(e));
    assert.deepEqual([e.code, e.where.file, e.detail, e.hint], ['file', join(d, 'x.npy'),
      'the input file is 640 bytes, over the 400 bytes limit, and cannot be inspected in chunks: streamed inspection supports CrossEntropyLoss and NLLLoss, not MSELoss',
      'raise the limit with --max-file-size <MB> to load it whole, or dump fewer rows']);
    assert.equal(loadForInspect(file, { ...opts, maxFileBytes: 640 }, false).reader, undefined);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('demo: one example\'s row (loss, findings by severity, clean, per-element, no loss, errors) and whether its planted mistake was found', () => {
  const f = finding({});
  const withLoss = (loss: unknown, findings: Finding[]): (() => DiagnosticsReport) => () => report({}, { loss: loss as DiagnosticsReport['loss'], findings });
  const scalar = { value: { shape: [], data: new Float64Array([1.23456789]), dtype: 'float64' } };
  const perElem = { value: { shape: [2], data: new Float64Array([1, 2]), dtype: 'float64' } };
  const three = [{ ...f, severity: 'error', rule: 'double-softmax' }, { ...f, rule: 'b' }, { ...f, severity: 'info', rule: 'c' }] as Finding[];
  assert.deepEqual(exampleRow('double-softmax.json', withLoss(scalar, three)),
    { line: `${'double-softmax'.padEnd(34)}     1.2346  ✗ double-softmax, ! b, i c`, planted: true, found: true });
  assert.deepEqual(exampleRow('sigmoid.json', withLoss(perElem, [{ ...f, rule: 'other' }])),
    { line: `${'sigmoid'.padEnd(34)}   per-elem  ! other`, planted: true, found: false });
  assert.deepEqual(exampleRow('clean-ce.json', withLoss(undefined, [])), { line: `${'clean-ce'.padEnd(34)}        n/a  — clean`, planted: false, found: false });
  assert.deepEqual(exampleRow('clean-x.json', withLoss(scalar, [{ ...f, rule: 'clean-x' }])).found, false);
  assert.deepEqual(exampleRow('bad.json', () => { throw new LossDebuggerError('value', 'broken', { file: 'bad.json' }, 'fix it'); }),
    { line: `${'bad.json'.padEnd(34)}      error  bad.json: broken (fix it)`, planted: false, found: false });
  assert.deepEqual(exampleRow('odd.json', () => { throw new TypeError('boom'); }).line, `${'odd.json'.padEnd(34)}      error  TypeError: boom`);
});
