/** The CLI's argument parsing (src/cli/args.ts) and shared options (src/cli/options.ts), in process. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkFlags, intFlag, parseArgs, UsageError } from '../../../src/cli/args';
import { CASE_LOAD_FLAGS, caseLoadOptions, caseLoadUsage, disabledRules, dtypeFlag, failOnFlag, failOnMet } from '../../../src/cli/options';
import { LossDebuggerError } from '../../../src/errors';
import { DEFAULT_MAX_FILE_MB, DEFAULT_MAX_MEMORY_MB } from '../../../src/io/limits';
import type { Finding } from '../../../src/diagnostics/types';

const usage = (f: () => unknown, re: RegExp): void => {
  assert.throws(f, (e: unknown) => e instanceof UsageError && re.test(e.message), `expected a UsageError matching ${re}`);
};

test('positionals, boolean flags, --key value, --key=value, and -- ends the options', () => {
  const a = parseArgs(['case.json', '--json', '--fail-on', 'error', '--dtype=float32', 'more', '--', '--not-a-flag', '-x'], ['fail-on', 'dtype']);
  assert.deepEqual(a.positionals, ['case.json', 'more', '--not-a-flag', '-x']);
  assert.deepEqual([...a.flags], [['json', true], ['fail-on', 'error'], ['dtype', 'float32']]);
  assert.deepEqual([...a.all], [['fail-on', ['error']], ['dtype', ['float32']]]);
});

test('short flags, but negative numbers and a lone dash are positionals', () => {
  const a = parseArgs(['-h', '-3', '-0.5', '-', 'x', '-v-2'], []);
  assert.deepEqual(a.positionals, ['-3', '-0.5', '-', 'x']);
  assert.deepEqual([...a.flags], [['h', true], ['v-2', true]]);
});

test('repeated valued flags: the last wins, all are kept in order; a value may start with --', () => {
  const a = parseArgs(['--allow-path', 'a', '--allow-path=b', '--allow-path', '--c'], ['allow-path']);
  assert.equal(a.flags.get('allow-path'), '--c');
  assert.deepEqual(a.all.get('allow-path'), ['a', 'b', '--c']);
  assert.equal(parseArgs(['--dtype='], ['dtype']).flags.get('dtype'), '');
});

test('a valued flag without its value, or a boolean flag given one, is a usage error', () => {
  usage(() => parseArgs(['x', '--fail-on'], ['fail-on']), /^--fail-on needs a value$/);
  usage(() => parseArgs(['--json=yes'], []), /^--json takes no value$/);
});

test('checkFlags names the unknown option and the command', () => {
  checkFlags(parseArgs(['--json'], []), ['json'], 'inspect');
  usage(() => checkFlags(parseArgs(['--json', '--jsno'], []), ['json'], 'inspect'), /^unknown option --jsno for 'inspect' \(try: lossdbg inspect --help\)$/);
});

test('intFlag: integers (also negative), else a usage error', () => {
  const a = (v: string): ReturnType<typeof parseArgs> => parseArgs(['--epochs', v], ['epochs']);
  assert.equal(intFlag(parseArgs([], ['epochs']), 'epochs'), undefined);
  assert.equal(intFlag(a('12'), 'epochs'), 12);
  assert.equal(intFlag(a('-3'), 'epochs'), -3);
  // the largest integers a double holds exactly, and one past them (read as another number)
  assert.equal(intFlag(a('9007199254740991'), 'epochs'), 9007199254740991);
  assert.equal(intFlag(a('-9007199254740991'), 'epochs'), -9007199254740991);
  for (const bad of ['1.5', '1e3', '12x', '', ' 3', '9007199254740992', '-9007199254740992', '99999999999999999999']) usage(() => intFlag(a(bad), 'epochs'), /^--epochs expects an integer, got '/);
  usage(() => intFlag(parseArgs(['-epochs'], []), 'epochs'), /got 'true'/);
});

test('size limits in megabytes: defaults, fractions, and refusals', () => {
  const d = caseLoadOptions(parseArgs([], []));
  assert.equal(d.maxFileBytes, DEFAULT_MAX_FILE_MB * 1024 * 1024);
  assert.equal(d.maxMemoryBytes, DEFAULT_MAX_MEMORY_MB * 1024 * 1024);
  assert.deepEqual(d.allowedRoots, []);
  const o = caseLoadOptions(parseArgs(['--max-file-size', '0.5', '--max-memory=3'], ['max-file-size', 'max-memory']));
  assert.equal(o.maxFileBytes, 524288);
  assert.equal(o.maxMemoryBytes, 3 * 1024 * 1024);
  assert.equal(caseLoadOptions(parseArgs(['--max-file-size', '0.0000001'], ['max-file-size'])).maxFileBytes, 0);
  for (const bad of ['0', '-1', 'abc', 'Infinity']) {
    usage(() => caseLoadOptions(parseArgs(['--max-memory', bad], ['max-memory'])), new RegExp(`^--max-memory expects a positive number of megabytes, got '${bad}'$`));
  }
  usage(() => caseLoadOptions(parseArgs(['-max-file-size'], [])), /--max-file-size expects a positive number of megabytes, got 'true'/);
});

test('--allow-path: existing folders, resolved; a file or a missing path is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lossdbg-args-'));
  writeFileSync(join(dir, 'f.txt'), 'x');
  const o = caseLoadOptions(parseArgs(['--allow-path', dir, '--allow-path', '.'], ['allow-path']));
  assert.deepEqual(o.allowedRoots, [resolve(dir), resolve('.')]);
  usage(() => caseLoadOptions(parseArgs(['--allow-path', join(dir, 'f.txt')], ['allow-path'])), /^--allow-path expects a folder, got '.*f\.txt'$/);
  usage(() => caseLoadOptions(parseArgs(['--allow-path', join(dir, 'nope')], ['allow-path'])), /expects a folder/);
});

test('--dtype and --fail-on take their listed values only', () => {
  assert.equal(dtypeFlag(parseArgs([], ['dtype'])), 'float64');
  assert.equal(dtypeFlag(parseArgs(['--dtype', 'float32'], ['dtype'])), 'float32');
  assert.equal(dtypeFlag(parseArgs(['--dtype', 'float64'], ['dtype'])), 'float64');
  usage(() => dtypeFlag(parseArgs(['--dtype', 'float16'], ['dtype'])), /^--dtype must be float64 or float32, got 'float16'$/);
  assert.equal(failOnFlag(parseArgs([], ['fail-on'])), undefined);
  assert.equal(failOnFlag(parseArgs(['--fail-on', 'warning'], ['fail-on'])), 'warning');
  assert.equal(failOnFlag(parseArgs(['--fail-on', 'error'], ['fail-on'])), 'error');
  usage(() => failOnFlag(parseArgs(['--fail-on', 'info'], ['fail-on'])), /^--fail-on must be warning or error, got 'info'$/);
});

test('failOnMet: a finding at the level or worse', () => {
  const f = (severity: Finding['severity']): Finding => ({ rule: 'r', severity, title: 't', message: 'm', evidence: {}, fix: 'f', docs: 'd' });
  assert.equal(failOnMet([f('warning')], undefined), false);
  assert.equal(failOnMet([], 'warning'), false);
  assert.equal(failOnMet([f('info')], 'warning'), false);
  assert.equal(failOnMet([f('info'), f('warning')], 'warning'), true);
  assert.equal(failOnMet([f('error')], 'warning'), true);
  assert.equal(failOnMet([f('warning')], 'error'), false);
  assert.equal(failOnMet([f('error')], 'error'), true);
});

test('--disable: known rule ids, trimmed; an unknown id suggests the closest', () => {
  assert.deepEqual(disabledRules(parseArgs([], ['disable'])), []);
  assert.deepEqual(disabledRules(parseArgs(['--disable', ' double-softmax, class-imbalance ,'], ['disable'])), ['double-softmax', 'class-imbalance']);
  usage(() => disabledRules(parseArgs(['-disable'], [])), /^--disable needs a comma-separated list of rule ids$/);
  assert.throws(() => disabledRules(parseArgs(['--disable', 'double-sofmax'], ['disable'])),
    (e: unknown) => e instanceof LossDebuggerError && /unknown rule 'double-sofmax'/.test(e.message) && /double-softmax/.test(e.hint ?? ''));
});

test('the case-loading options are documented one per line, with their defaults', () => {
  const lines = caseLoadUsage().split('\n');
  assert.equal(lines.pop(), '', 'ends with a line break');
  assert.deepEqual(lines.map((l) => /^ {2}--([a-z-]+) /.exec(l)?.[1]), [...CASE_LOAD_FLAGS]);
  assert.match(lines[0], new RegExp(`\\(default ${DEFAULT_MAX_FILE_MB}\\)$`));
  assert.match(lines[1], new RegExp(`\\(default ${DEFAULT_MAX_MEMORY_MB}\\)$`));
  assert.match(lines[2], /repeatable/);
});
