/**
 * File access edges: side files whose names start with two dots are inside the case folder (only
 * `..` as a whole path segment leaves it), the folder itself and folders next to it with a common
 * prefix; allowed roots on both sides; a file that reports size 0 (/proc) read whole past the first
 * 64 KiB buffer, and refused one byte under its real size; the size message on both sides of the
 * limit; loading a case from disk with its side files.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LossDebuggerError } from '../../../src/errors';
import { readFileChecked, resolveSideFile } from '../../../src/io/files';
import { loadCaseFile } from '../../../src/io';
import { NpyRows } from '../../../src/io/npy-rows';
import { errorMessage } from './error-message';

const dir = mkdtempSync(join(tmpdir(), 'lossdbg-io-files-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const OUTSIDE_HINT = 'a loss case may only refer to files in its own folder or below; move the file next to the case, or allow its folder with --allow-path DIR (CLI) or the lossDebugger.allowedPaths setting (VS Code, trusted workspaces only)';

test('side files named with two leading dots are inside the case folder; only a whole ".." segment leaves it', () => {
  const cases = join(dir, 'cases');
  mkdirSync(join(cases, '..sub'), { recursive: true });
  for (const f of ['..data.npy', '...npy', '..', '..sub/x.npy']) if (f !== '..') writeFileSync(join(cases, f), 'x');
  assert.equal(resolveSideFile('..data.npy', cases), join(cases, '..data.npy'));
  assert.equal(resolveSideFile('...npy', cases), join(cases, '...npy'));
  assert.equal(resolveSideFile('..sub/x.npy', cases), join(cases, '..sub', 'x.npy'));
  assert.equal(resolveSideFile('..sub/../..data.npy', cases), join(cases, '..data.npy'));
  // a missing one too (resolved lexically, then reported as not found by the reader)
  assert.equal(resolveSideFile('..missing.npy', cases), join(cases, '..missing.npy'));
  // the folder itself is inside (the reader then says it is a folder)
  assert.equal(resolveSideFile('.', cases), cases);
  assert.equal(resolveSideFile('../cases', cases), cases);
  for (const ref of ['..', '../x.npy', '../..data.npy', '../cases/../x.npy']) {
    const real = join(cases, ref);
    assert.equal(errorMessage(() => resolveSideFile(ref, cases)),
      `side file '${ref}' resolves to ${real}, outside the case file's folder ${cases} (${OUTSIDE_HINT})`, ref);
  }
  // a folder next to the case folder whose name starts like it is outside
  mkdirSync(join(dir, 'cases2'), { recursive: true });
  writeFileSync(join(dir, 'cases2', 'y.npy'), 'x');
  assert.equal(errorMessage(() => resolveSideFile('../cases2/y.npy', cases, [], 'input file')),
    `input file '../cases2/y.npy' resolves to ${join(dir, 'cases2', 'y.npy')}, outside the case file's folder ${cases} (${OUTSIDE_HINT})`);
  assert.equal(resolveSideFile('../cases2/y.npy', cases, [join(dir, 'cases2')]), join(dir, 'cases2', 'y.npy'));
  // an allowed root given through a symlink is resolved like the file
  symlinkSync(join(dir, 'cases2'), join(dir, 'link2'));
  assert.equal(resolveSideFile('../cases2/y.npy', cases, [join(dir, 'link2')]), join(dir, 'cases2', 'y.npy'));
  assert.equal(resolveSideFile('../link2/y.npy', cases, [join(dir, 'cases2')]), join(dir, 'cases2', 'y.npy'));
});

test('a case whose .npy side file is named ..input.npy loads', () => {
  const d = join(dir, 'dots');
  mkdirSync(d, { recursive: true });
  const h = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";
  const pad = 64 - ((10 + h.length + 1) % 64);
  const header = `${h}${' '.repeat(pad % 64)}\n`;
  const npy = Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]), Buffer.from(header, 'latin1'), Buffer.from(Float64Array.of(0.25, -1.5).buffer)]);
  writeFileSync(join(d, '..input.npy'), npy);
  writeFileSync(join(d, 'case.json'), '{"loss": "MSELoss", "input": {"npy": "..input.npy"}, "target": [0, 1]}');
  const c = loadCaseFile(join(d, 'case.json'));
  assert.deepEqual(Array.from(c.input.data), [0.25, -1.5]);
  assert.deepEqual(c.sideFiles, [join(d, '..input.npy')]);
});

test('a file that reports size 0 is read whole past the first buffer, and refused one byte under its real size', (t) => {
  // /proc/kallsyms reports size 0 and holds megabytes (the first buffer is 64 KiB): the buffer must grow
  if (!existsSync('/proc/kallsyms')) { t.skip('no /proc/kallsyms on this system'); return; }
  const want = readFileSync('/proc/kallsyms');
  assert.ok(want.length > 256 * 1024, 'kallsyms is large');
  const got = readFileChecked('/proc/kallsyms', want.length + 1, 'case file');
  assert.equal(got.length, want.length);
  assert.equal(Buffer.compare(Buffer.from(got.buffer, got.byteOffset, got.length), want), 0);
  assert.equal(readFileChecked('/proc/kallsyms', want.length).length, want.length);
  const e = (() => { try { readFileChecked('/proc/kallsyms', want.length - 1, 'case file'); } catch (x) { return x; } return undefined; })();
  assert.ok(e instanceof LossDebuggerError);
  assert.match(e.detail, /^case file \/proc\/kallsyms is more than [\d.]+ MB, larger than the [\d.]+ MB limit$/);
});

test('a regular file: exactly the limit is read, one byte over refused with both sizes, an empty file is empty', () => {
  const f = join(dir, 'k.bin');
  writeFileSync(f, Buffer.alloc(2048, 1));
  assert.equal(readFileChecked(f, 2048).length, 2048);
  assert.equal(errorMessage(() => readFileChecked(f, 2047, 'side file', 'k.bin')),
    `k.bin: side file ${f} is 2048 bytes, larger than the 2047 bytes limit (raise the limit with --max-file-size <MB> on the command line or the lossDebugger.maxFileSizeMB setting in VS Code)`);
  assert.equal(errorMessage(() => readFileChecked(f, 1000)),
    `${f}: file ${f} is 2 KB, larger than the 1000 bytes limit (raise the limit with --max-file-size <MB> on the command line or the lossDebugger.maxFileSizeMB setting in VS Code)`);
  const e0 = join(dir, 'empty.bin');
  writeFileSync(e0, '');
  assert.equal(readFileChecked(e0, 10).length, 0);
  assert.equal(readFileChecked(e0, 0).length, 0);
  const big = join(dir, 'big.bin');
  const data = Buffer.alloc(200 * 1024);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7919) & 0xff;
  writeFileSync(big, data);
  assert.equal(Buffer.compare(Buffer.from(readFileChecked(big)), data), 0);
});

test('a case file is read under the limit given for it: its own size on both sides of the limit, named as the case file', () => {
  const f = join(dir, 'limit.json');
  const text = '{"loss": "MSELoss", "input": [1, 2], "target": [1, 2]}';
  writeFileSync(f, text);
  const n = Buffer.byteLength(text);
  assert.deepEqual(Array.from(loadCaseFile(f, { maxFileBytes: n }).input.data), [1, 2]);
  assert.equal(errorMessage(() => loadCaseFile(f, { maxFileBytes: n - 1 })),
    `${f}: case file ${f} is ${n} bytes, larger than the ${n - 1} bytes limit (raise the limit with --max-file-size <MB> on the command line or the lossDebugger.maxFileSizeMB setting in VS Code)`);
  assert.equal(errorMessage(() => loadCaseFile(join(dir, 'nope.json'))), `${join(dir, 'nope.json')}: case file not found: ${join(dir, 'nope.json')}`);
});

test('the streamed .npy reader names why a file could not be opened: not found, or the system\'s code', () => {
  const f = join(dir, 'plain.npy');
  writeFileSync(f, 'x');
  assert.equal(errorMessage(() => new NpyRows(join(dir, 'missing.npy'))), `${join(dir, 'missing.npy')}: .npy file not found: ${join(dir, 'missing.npy')}`);
  // a path through a file (ENOTDIR) and a symbolic link loop (ELOOP) are not "not found"
  assert.equal(errorMessage(() => new NpyRows(join(f, 'x.npy'))), `${join(f, 'x.npy')}: cannot read .npy file ${join(f, 'x.npy')} (ENOTDIR)`);
  symlinkSync(join(dir, 'loop-b.npy'), join(dir, 'loop-a.npy'));
  symlinkSync(join(dir, 'loop-a.npy'), join(dir, 'loop-b.npy'));
  assert.equal(errorMessage(() => new NpyRows(join(dir, 'loop-a.npy'))), `${join(dir, 'loop-a.npy')}: cannot read .npy file ${join(dir, 'loop-a.npy')} (ELOOP)`);
});
