/**
 * Output files (src/cli/output-file.ts) in this process: an output that is (or resolves to) an input
 * is refused, a symlink at the target is replaced and never written through, folders and missing
 * folders are clear errors, nothing is left behind on failure, and output folders are created.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LossDebuggerError } from '../../../src/errors';
import { checkOutputPath, ensureOutputDir, ioError, writeOutputFile } from '../../../src/cli/output-file';

const dir = mkdtempSync(join(tmpdir(), 'lossdbg-out-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function refused(f: () => unknown, detail: string, hint?: string): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof LossDebuggerError, String(e));
    assert.equal(e.code, 'file');
    assert.equal(e.detail, detail);
    assert.equal(e.hint, hint);
    return true;
  });
}

test('writing a new file and replacing an existing one; no temporary file left', () => {
  const out = join(dir, 'w', 'r.html');
  mkdirSync(join(dir, 'w'));
  writeOutputFile(out, 'first');
  assert.equal(readFileSync(out, 'utf8'), 'first');
  writeOutputFile(out, Uint8Array.of(104, 105), [], 'HTML report');
  assert.equal(readFileSync(out, 'utf8'), 'hi');
  const big = 'x'.repeat(3 * 1024 * 1024 + 7);
  writeOutputFile(out, big);
  assert.equal(readFileSync(out, 'utf8').length, big.length);
  assert.deepEqual(readdirSync(join(dir, 'w')), ['r.html']);
  assert.equal(checkOutputPath(join(dir, 'w', 'new.html'), []), resolve(dir, 'w', 'new.html'));
});

test('an output that is an input, directly or through a symlink, is refused', () => {
  const input = join(dir, 'case.json');
  writeFileSync(input, '{}');
  refused(() => writeOutputFile(input, 'x', [join(dir, 'other.json'), input], 'HTML report'),
    `refusing to write HTML report ${input}: it is the input file ${input}`, 'choose another output name, e.g. report.html');
  const link = join(dir, 'link.html');
  symlinkSync(input, link);
  refused(() => checkOutputPath(link, [input]), `refusing to write output file ${link}: it is the input file ${input}`, 'choose another output name, e.g. report.html');
  assert.equal(readFileSync(input, 'utf8'), '{}');
  // the same name given another way (relative) is the same file
  const rel = join(dir, '.', 'case.json');
  refused(() => checkOutputPath(rel, [input]), `refusing to write output file ${rel}: it is the input file ${input}`, 'choose another output name, e.g. report.html');
});

test('a symlink at the target to another file is replaced, the file it pointed to untouched', () => {
  const victim = join(dir, 'victim.txt');
  writeFileSync(victim, 'precious');
  const link = join(dir, 'report.html');
  symlinkSync(victim, link);
  writeOutputFile(link, '<html>', [join(dir, 'case.json')]);
  assert.equal(readFileSync(victim, 'utf8'), 'precious');
  assert.ok(!lstatSync(link).isSymbolicLink());
  assert.equal(readFileSync(link, 'utf8'), '<html>');
});

test('folders: an existing folder as the output, a missing folder, a file as the folder', () => {
  refused(() => writeOutputFile(dir, 'x'), `cannot write output file ${dir}: it is a folder`, 'give a file name, e.g. report.html');
  const missing = join(dir, 'no', 'such', 'r.html');
  refused(() => writeOutputFile(missing, 'x', [], 'HTML report'), `cannot write HTML report ${missing}: the folder ${join(dir, 'no', 'such')} does not exist`, 'create the folder first or choose another path');
  const file = join(dir, 'plain');
  writeFileSync(file, '');
  refused(() => checkOutputPath(join(file, 'r.html'), []), `cannot write output file ${join(file, 'r.html')}: ${file} is not a folder`);
});

test('ensureOutputDir: creates missing folders, accepts existing ones and symlinks to them, refuses files and inputs', () => {
  const deep = join(dir, 'out', 'a', 'b');
  assert.equal(ensureOutputDir(deep), resolve(deep));
  assert.ok(lstatSync(deep).isDirectory());
  assert.equal(ensureOutputDir(deep), resolve(deep));
  const link = join(dir, 'out-link');
  symlinkSync(deep, link);
  assert.equal(ensureOutputDir(link), resolve(link));
  const file = join(dir, 'f');
  writeFileSync(file, '');
  refused(() => ensureOutputDir(file), `cannot write into ${file}: it is not a folder`, 'choose another --out folder');
  const fileLink = join(dir, 'f-link');
  symlinkSync(file, fileLink);
  refused(() => ensureOutputDir(fileLink), `cannot write into ${fileLink}: it is not a folder`, 'choose another --out folder');
  refused(() => ensureOutputDir(deep, [join(dir, 'x.json'), deep]), `refusing to write into ${deep}: it is an input`);
  assert.throws(() => ensureOutputDir(deep, [deep]), (e: unknown) => e instanceof LossDebuggerError && e.where.file === deep);
  refused(() => ensureOutputDir(join(file, 'sub')), `cannot write folder ${join(file, 'sub')}: its folder does not exist`);
});

test('a folder the system refuses to write into: a clear reason, not an error code', () => {
  // /sys refuses new files even to root (EACCES; EROFS where it is mounted read-only); /proc says ENOENT
  assert.throws(() => writeOutputFile('/sys/r.html', 'x'), (e: unknown) => {
    assert.ok(e instanceof LossDebuggerError, String(e));
    assert.ok(['cannot write output file /sys/r.html: permission denied', 'cannot write output file /sys/r.html: the file system is read-only'].includes(e.detail), e.detail);
    assert.equal(e.where.file, '/sys/r.html');
    return true;
  });
  refused(() => writeOutputFile('/proc/r.html', 'x', [], 'HTML report'), 'cannot write HTML report /proc/r.html: its folder does not exist');
});

test('a long file name: written when the file system takes it, a clear reason when it does not', () => {
  // 250 bytes is a legal name (the limit is 255); its temporary twin must not add past the limit
  const long = join(dir, `${'n'.repeat(245)}.html`);
  writeOutputFile(long, 'long');
  assert.equal(readFileSync(long, 'utf8'), 'long');
  const korean = join(dir, `${'가'.repeat(80)}.html`); // 245 bytes in UTF-8
  writeOutputFile(korean, 'ko');
  assert.equal(readFileSync(korean, 'utf8'), 'ko');
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
  const tooLong = join(dir, `${'n'.repeat(256)}.html`);
  refused(() => writeOutputFile(tooLong, 'x', [], 'HTML report'), `cannot write HTML report ${tooLong}: the file name is too long`);
});

test('each system error of a write, in words (the codes root never meets here included)', () => {
  const cases: Array<[unknown, string]> = [
    [{ code: 'EACCES' }, 'permission denied'], [{ code: 'EPERM' }, 'permission denied'],
    [{ code: 'ENOSPC' }, 'the disk is full'], [{ code: 'EROFS' }, 'the file system is read-only'],
    [{ code: 'ENOENT' }, 'its folder does not exist'], [{ code: 'ENOTDIR' }, 'its folder does not exist'],
    [{ code: 'ENAMETOOLONG' }, 'the file name is too long'],
    [{ code: 'EIO' }, 'EIO'], [new Error('no code'), 'I/O error'], [{}, 'I/O error'],
  ];
  for (const [e, why] of cases) {
    const got = ioError(e, 'HTML report', 'out/r.html');
    assert.deepEqual([got.code, got.detail, got.where.file, got.hint], ['file', `cannot write HTML report out/r.html: ${why}`, 'out/r.html', undefined], why);
  }
});

test('a write that fails midway closes its file and leaves no temporary file behind', { skip: process.platform !== 'linux' && '/proc/self/fd' }, () => {
  const out = join(dir, 'fails', 'r.html');
  mkdirSync(join(dir, 'fails'));
  const bytes = new Uint8Array(10);
  Object.defineProperty(bytes, 'length', { value: 1e6 }); // more than it holds: the write itself throws
  const open = readdirSync('/proc/self/fd').length;
  assert.throws(() => writeOutputFile(out, bytes, [], 'HTML report'), (e: unknown) => e instanceof LossDebuggerError && e.detail.startsWith(`cannot write HTML report ${out}: `));
  assert.equal(readdirSync('/proc/self/fd').length, open, 'no descriptor left open');
  assert.deepEqual(readdirSync(join(dir, 'fails')), []);
});
