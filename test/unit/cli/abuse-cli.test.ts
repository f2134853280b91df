/**
 * The CLI against abuse: it never writes over an input (directly or through a symlink), reports a
 * missing output folder as bad input (exit 2) instead of an internal error, and never lets a case's
 * text drive the terminal (escape sequences, a fake "No problems found" on a line of its own).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdtempSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli-helpers';

const dir = mkdtempSync(join(tmpdir(), 'lossdbg-abuse-'));
const CASE = JSON.stringify({ loss: 'CrossEntropyLoss', input: [[2, 1, 0], [0, 2, 1]], target: [0, 1] });

function freshCase(name: string): string {
  const p = join(dir, name);
  writeFileSync(p, CASE);
  return p;
}

test('--html over the case file itself is refused and the case is untouched', () => {
  const c = freshCase('a.json');
  const r = runCli(['inspect', c, '--html', c]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /refusing to write HTML report .*a\.json: it is the input file/);
  assert.equal(readFileSync(c, 'utf8'), CASE);
});

test('--html through a symlink to the case is refused too', () => {
  const c = freshCase('b.json');
  const link = join(dir, 'b-report.html');
  symlinkSync(c, link);
  const r = runCli(['inspect', c, '--html', link]);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(readFileSync(c, 'utf8'), CASE);
});

test('--html onto a symlink to another file replaces the link, never writes through it', () => {
  const c = freshCase('c.json');
  const victim = join(dir, 'victim.txt');
  writeFileSync(victim, 'precious');
  const link = join(dir, 'c-report.html');
  symlinkSync(victim, link);
  const r = runCli(['inspect', c, '--html', link]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(victim, 'utf8'), 'precious');
  assert.ok(!lstatSync(link).isSymbolicLink());
  assert.match(readFileSync(link, 'utf8'), /<html/i);
  assert.throws(() => readlinkSync(link));
});

test('a missing output folder is bad input (exit 2, one clear line), not an internal error', () => {
  const c = freshCase('d.json');
  const r = runCli(['inspect', c, '--html', join(dir, 'no', 'such', 'r.html')]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /the folder .*no\/such does not exist/);
  assert.doesNotMatch(r.stderr, /internal error/);
  const t = runCli(['train', 'regression', '--epochs', '1', '--html', join(dir, 'nope', 'r.html')]);
  assert.equal(t.code, 2, t.stderr);
  assert.doesNotMatch(t.stderr, /internal error/);
});

test('demo --out onto a file is refused', () => {
  const f = join(dir, 'not-a-folder');
  writeFileSync(f, 'x');
  const r = runCli(['demo', '--skip-training', '--out', f]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /not a folder/);
  assert.equal(readFileSync(f, 'utf8'), 'x');
});

test('control characters from a case never reach the terminal raw', () => {
  const evil = '\u001b]0;pwned\u0007\u001b[2J\r\nNo problems found.\n';
  const p = join(dir, `x${'\u001b[31m'}.json`);
  writeFileSync(p, JSON.stringify({
    loss: 'CrossEntropyLoss',
    input: [[5, 0, 0], [0, 5, 0], [0, 0, 5], [5, 0, 0]],
    target: [0, 1, 2, 0],
    meta: { class_names: [evil, 'b', 'c'], task: evil },
  }));
  for (const args of [['inspect', p], ['loss', p], ['inspect', join(dir, `missing${evil}.json`)]]) {
    const r = runCli(args);
    for (const out of [r.stdout, r.stderr]) {
      // no escape sequence but our own colours (none here: not a TTY), no carriage return, no BEL
      // eslint-disable-next-line no-control-regex
      assert.doesNotMatch(out, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/, JSON.stringify(out));
      // the case's text cannot print a line of its own (at most the tool's one verdict line)
      assert.ok(out.split('\n').filter((l) => l.trim() === 'No problems found.').length <= 1, out);
    }
  }
});

test('the output sink keeps our colours and line breaks and escapes everything else', async () => {
  const { terminalSafe } = await import('../../../src/cli/main');
  assert.equal(terminalSafe('\u001b[31mERROR\u001b[0m a\tb\nc'), '\u001b[31mERROR\u001b[0m a\tb\nc');
  assert.equal(terminalSafe('x\u001b]0;t\u0007\u001b[2J\ry'), 'x\\x1b]0;t\\x07\\x1b[2J\\x0dy');
  assert.equal(terminalSafe('\u009b31m'), '\\x9b31m');
});
