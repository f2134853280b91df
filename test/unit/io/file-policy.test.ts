/**
 * The file-access policy (docs/security.md): open first and check the descriptor, read at most the
 * limit whatever `stat` says, refuse pipes/devices/folders without hanging, and keep side files
 * inside the case's folder unless a folder is allowed explicitly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LossDebuggerError } from '../../../src/errors';
import { readFileChecked, resolveSideFile } from '../../../src/io/files';
import { didYouMean } from '../../../src/didyoumean';
import { escapeControls, estimateCaseBytes, checkMemoryBudget, quoteUserText } from '../../../src/io/limits';

function caught(f: () => unknown): LossDebuggerError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof LossDebuggerError, `expected a LossDebuggerError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected an error');
}

const dir = mkdtempSync(join(tmpdir(), 'lossdbg-policy-'));

test('a named pipe is refused at once instead of hanging the read', () => {
  const fifo = join(dir, 'x.npy');
  execFileSync('mkfifo', [fifo]);
  const t0 = Date.now();
  const e = caught(() => readFileChecked(fifo, 1024, '.npy file'));
  assert.match(e.message, /not a regular file \(a device, pipe or socket\)/);
  assert.ok(Date.now() - t0 < 5000);
});

test('devices and folders are refused', () => {
  assert.match(caught(() => readFileChecked('/dev/zero', 1024)).message, /not a regular file/);
  assert.match(caught(() => readFileChecked(dir, 1024)).message, /is a directory/);
});

test('a file whose reported size is 0 (/proc) is still read no further than the limit', () => {
  // /proc/self/maps reports size 0 but holds kilobytes.
  const e = caught(() => readFileChecked('/proc/self/maps', 64, 'case file'));
  assert.match(e.message, /more than 64 bytes, larger than the 64 bytes limit/);
  const whole = readFileChecked('/proc/self/maps', 16 * 1024 * 1024);
  assert.ok(whole.length > 64);
});

test('the limit is exact: a file of exactly the limit is read, one byte more is refused', () => {
  const f = join(dir, 'exact.bin');
  writeFileSync(f, Buffer.alloc(1000, 7));
  assert.equal(readFileChecked(f, 1000).length, 1000);
  assert.match(caught(() => readFileChecked(f, 999)).message, /larger than the 999 bytes limit/);
});

test('side files must stay inside the case folder (symlinks resolved)', () => {
  const cases = join(dir, 'cases');
  const outside = join(dir, 'outside');
  mkdirSync(join(cases, 'sub'), { recursive: true });
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(cases, 'sub', 'in.npy'), 'x');
  writeFileSync(join(outside, 'secret.npy'), 'x');
  symlinkSync(join(outside, 'secret.npy'), join(cases, 'link.npy'));
  symlinkSync(outside, join(cases, 'linkdir'));

  assert.equal(resolveSideFile('sub/in.npy', cases), join(cases, 'sub', 'in.npy'));
  for (const ref of ['../outside/secret.npy', join(outside, 'secret.npy'), 'link.npy', 'linkdir/secret.npy', '/etc/passwd', 'sub/../../outside/secret.npy']) {
    const e = caught(() => resolveSideFile(ref, cases));
    assert.match(e.message, /outside the case file's folder/, ref);
    assert.match(e.message, /--allow-path DIR/, ref);
  }
  // an explicitly allowed folder
  assert.equal(resolveSideFile('../outside/secret.npy', cases, [outside]), join(outside, 'secret.npy'));
  assert.equal(resolveSideFile('link.npy', cases, [outside]), join(outside, 'secret.npy'));
  // a missing file inside is left for the reader to report as not found
  assert.equal(resolveSideFile('missing.npy', cases), join(cases, 'missing.npy'));
  assert.match(caught(() => resolveSideFile('../missing.npy', cases)).message, /outside/);
});

test('suggestions skip long words (a 2 MB "loss" string must not take seconds)', () => {
  const long = 'CrossEntropyLos'.repeat(140_000);
  const t0 = Date.now();
  assert.equal(didYouMean(long, ['CrossEntropyLoss', 'MSELoss']), undefined);
  assert.ok(Date.now() - t0 < 1000, 'no quadratic edit distance on a long word');
  assert.equal(didYouMean('CrossEntropyLos', ['CrossEntropyLoss', 'MSELoss']), 'CrossEntropyLoss');
});

test('user text in messages is cut and its control characters shown escaped', () => {
  assert.equal(escapeControls('a\u001b]0;x\u0007b\nc'), 'a\\x1b]0;x\\x07b\\x0ac');
  assert.equal(escapeControls('a\nb\tc', '\n\t'), 'a\nb\tc');
  assert.equal(escapeControls('\u202eevil'), '\\u202eevil');
  const q = quoteUserText('x'.repeat(1000));
  assert.ok(q.length < 120 && q.endsWith('(1000 characters)'), q);
});

test('the memory budget refuses a case beyond it with the amount and the ways out', () => {
  const need = estimateCaseBytes({ lossType: 'MSELoss', input: 50_000_000, target: 50_000_000 });
  assert.ok(need > 2 * 1024 ** 3);
  const e = caught(() => checkMemoryBudget(need, 2048 * 1024 * 1024, { file: 'big.json' }));
  assert.match(e.message, /needs about 2\.\d+ GB of memory .* more than the 2 GB budget/);
  assert.match(e.message, /--max-memory/);
  assert.match(e.message, /float32/);
  checkMemoryBudget(estimateCaseBytes({ input: 1000, target: 1000 }), 2048 * 1024 * 1024);
});

test('the memory estimate counts what each command allocates', () => {
  // (8192, 32000) float32 logits held as a view over the .npy, 8192 int64 targets.
  const lm = { lossType: 'CrossEntropyLoss' as const, input: 8192 * 32000, inputBytes: 4, target: 8192, classes: 32000 };
  const held = 4 * lm.input + 8 * lm.target;
  const inspect = estimateCaseBytes(lm);
  // inspect: no N·C gradient; only per-row float64 values on top of the held tensors
  assert.ok(inspect > held && inspect < held + 100 * 8192, String(inspect - held));
  // gradient (`lossdbg loss`): a float64 gradient per element on top
  assert.equal(estimateCaseBytes(lm, 'gradient'), inspect + 8 * lm.input);
  // NLLLoss's engine writes its N·C gradient on every call, so inspect counts it too
  assert.equal(estimateCaseBytes({ ...lm, lossType: 'NLLLoss' }), inspect + 8 * lm.input);
  // element-wise losses: loss and gradient per element on every call, and a rule's recomputation
  assert.equal(estimateCaseBytes({ lossType: 'MSELoss', input: 1000, target: 1000 }), 8 * 1000 + 8 * 1000 + 32 * 1000);
  // the old flat 32 B/element for the input would have been 4× the inspect figure here
  assert.ok(8 * (4 * lm.input + 2 * lm.target) > 3.9 * inspect);
});
