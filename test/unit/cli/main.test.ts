/**
 * The CLI's entry (src/cli/main.ts) in this process: usage, version, unknown commands, and how each
 * kind of failure maps to an exit code (2 bad input or usage, 3 internal error) and one stderr line.
 * Failures are raised by a throw-away command added to the command table for the test. The same
 * without arguments as a user runs it: loss-cli.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main, terminalSafe } from '../../../src/cli/main';
import { COMMANDS } from '../../../src/cli/commands';
import { UsageError } from '../../../src/cli/args';
import type { Io } from '../../../src/cli/command';
import { LossDebuggerError } from '../../../src/errors';
import { VERSION } from '../../../src/version';

function io(): Io & { outs: string[]; errs: string[] } {
  const outs: string[] = [], errs: string[] = [];
  return { outs, errs, out: (s) => outs.push(s), err: (s) => errs.push(s), isTTY: false };
}

/** Runs `lossdbg boom …argv` with a throw-away command `boom` whose run() is `run`. */
async function withCommand(run: () => Promise<number>, argv: string[] = ['x.json']): Promise<{ code: number; io: ReturnType<typeof io> }> {
  const cmd = { name: 'boom', summary: 'a test command', usage: 'lossdbg boom <file>', run };
  COMMANDS.push(cmd);
  try {
    const o = io();
    return { code: await main(['boom', ...argv], o), io: o };
  } finally {
    COMMANDS.splice(COMMANDS.indexOf(cmd), 1);
  }
}
/** Runs `lossdbg boom x.json` where the command throws `thrown`. */
const failing = (thrown: unknown) => withCommand(() => { throw thrown; });

test('no arguments: the help on stdout, exit 2; --help and help exit 0', async () => {
  const o = io();
  assert.equal(await main([], o), 2);
  assert.match(o.outs.join('\n'), /Usage: lossdbg <command> \[options\]/);
  for (const c of COMMANDS) assert.match(o.outs.join('\n'), new RegExp(`\\n  ${c.name} +${c.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  assert.deepEqual(o.errs, []);
  const help = o.outs.join('\n').split('\n');
  assert.equal(help[0], `lossdbg ${VERSION} — find quiet bugs in deep-learning loss functions`);
  assert.deepEqual(help.slice(1, 4), ['', 'Usage: lossdbg <command> [options]', '']);
  assert.equal(help[4], 'Commands:');
  assert.equal(help.length, 5 + COMMANDS.length + 5);
  assert.deepEqual(help.slice(5 + COMMANDS.length), ['', 'Run `lossdbg <command> --help` for a command\'s options.', '  --help       show this help', '  --version    print the version',
    '  --lang LANG  the language of messages (en, ko; default: the locale, LC_ALL/LC_MESSAGES/LANG)']);
  for (const a of ['--help', '-h', 'help']) {
    const h = io();
    assert.equal(await main([a], h), 0, a);
    assert.match(h.outs[0], /Usage: lossdbg/);
  }
});

test('--version, -V and version print the version, exit 0', async () => {
  for (const a of ['--version', '-V', 'version']) {
    const o = io();
    assert.equal(await main([a], o), 0);
    assert.deepEqual(o.outs, [VERSION]);
  }
});

test('an unknown command: exit 2, the commands listed on stderr', async () => {
  const o = io();
  assert.equal(await main(['frobnicate'], o), 2);
  assert.equal(o.errs.length, 1);
  assert.match(o.errs[0], /^lossdbg: unknown command 'frobnicate' \(commands: inspect, /);
  assert.deepEqual(o.outs, []);
});

test('a command\'s --help or -h prints its usage, exit 0, without running it; its exit code passes through', async () => {
  for (const flag of ['--help', '-h']) {
    let ran = false;
    const r = await withCommand(async () => { ran = true; return 1; }, ['x.json', flag]);
    assert.equal(r.code, 0);
    assert.equal(ran, false);
    assert.deepEqual(r.io.outs, ['a test command\n\nUsage: lossdbg boom <file>']);
  }
  const r = await withCommand(async () => 1);
  assert.equal(r.code, 1);
  assert.deepEqual(r.io.errs, []);
});

test('bad input (LossDebuggerError) and usage errors: exit 2, one line', async () => {
  const bad = await failing(new LossDebuggerError('shape', 'ragged array', { file: 'c.json', line: 2, column: 5 }, 'make rows equal'));
  assert.equal(bad.code, 2);
  assert.equal(bad.io.errs.length, 1);
  assert.match(bad.io.errs[0], /^lossdbg: c\.json:2:5: ragged array/);
  const usage = await failing(new UsageError('--fail-on needs a severity'));
  assert.equal(usage.code, 2);
  assert.deepEqual(usage.io.errs, ['lossdbg boom: --fail-on needs a severity']);
});

test('out of memory or stack (RangeError): exit 2, "input too large"', async () => {
  for (const msg of ['Invalid array length', 'Maximum call stack size exceeded', 'Array buffer allocation failed']) {
    const r = await failing(new RangeError(msg));
    assert.equal(r.code, 2, msg);
    assert.deepEqual(r.io.errs, [`lossdbg: input too large or too deeply nested to process (${msg})`]);
  }
});

test('internal errors: exit 3, the message and a request to report it; the stack only with LOSSDBG_DEBUG', async () => {
  const saved = process.env.LOSSDBG_DEBUG;
  delete process.env.LOSSDBG_DEBUG;
  try {
    const other = await failing(new RangeError('Invalid time value'));
    assert.equal(other.code, 3);
    assert.deepEqual(other.io.errs, ['lossdbg: internal error: Invalid time value (please report this with the input file)']);
    const plain = await failing(new TypeError('x is undefined'));
    assert.equal(plain.code, 3);
    assert.equal(plain.io.errs.length, 1);
    // an Error that merely mentions the words is not exhaustion
    assert.equal((await failing(new Error('Invalid array length'))).code, 3);
    const str = await failing('not an Error');
    assert.equal(str.code, 3);
    assert.deepEqual(str.io.errs, ['lossdbg: internal error: not an Error (please report this with the input file)']);
    process.env.LOSSDBG_DEBUG = '1';
    const debug = await failing(new TypeError('x is undefined'));
    assert.equal(debug.code, 3);
    assert.equal(debug.io.errs.length, 2);
    assert.match(debug.io.errs[1], /TypeError: x is undefined\n\s+at /);
  } finally {
    if (saved === undefined) delete process.env.LOSSDBG_DEBUG;
    else process.env.LOSSDBG_DEBUG = saved;
  }
});

test('terminalSafe keeps our colours and line breaks, escapes other control characters', () => {
  assert.equal(terminalSafe('\u001b[31mred\u001b[0m\nnext\tcol'), '\u001b[31mred\u001b[0m\nnext\tcol');
  assert.notEqual(terminalSafe('a\u001b]0;title\u0007b'), 'a\u001b]0;title\u0007b');
  const kept = (s: string): boolean => ['\u0007', '\u001b', '\u202e'].some((c) => s.includes(c));
  assert.equal(kept(terminalSafe('a\u001b]0;title\u0007b\u202e')), false);
  assert.equal(kept(terminalSafe('\u001b[2J\u001b[5m')), false);
});
