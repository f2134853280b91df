/**
 * limits.ts on every edge: sizes in bytes/KB/MB/GB at each unit's boundary and at 100 (where rounding
 * changes), user text cut at 80 characters, each end of every escaped control range, the memory
 * estimate of every loss family and work kind, and the budget on its exact edge with the message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOSS_TYPES } from '../../../src/engine/losses/spec';
import { LossDebuggerError } from '../../../src/errors';
import {
  DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_MEMORY_BYTES, DEFAULT_MAX_FILE_MB, DEFAULT_MAX_MEMORY_MB, MAX_EMPTY_DIM, MAX_QUOTED_CHARS, MAX_VALUE_BYTES,
  checkMemoryBudget, escapeControls, estimateCaseBytes, formatBytes, formatBytesApart, quoteUserText,
} from '../../../src/io/limits';

test('formatBytes: bytes below 1 KiB, then KB/MB/GB with 3 significant digits below 100 and whole numbers from 100', () => {
  const table: Array<[number, string]> = [
    [0, '0 bytes'], [1, '1 bytes'], [1023, '1023 bytes'], [1024, '1 KB'], [1025, '1 KB'], [1536, '1.5 KB'], [1100, '1.07 KB'],
    [10 * 1024 + 512, '10.5 KB'], [99 * 1024, '99 KB'], [99.5 * 1024, '99.5 KB'], [99.99 * 1024, '100 KB'], [100 * 1024, '100 KB'],
    [100.6 * 1024, '101 KB'], [1023 * 1024, '1023 KB'], [1024 ** 2 - 1, '1024 KB'], [1024 ** 2, '1 MB'], [1.25 * 1024 ** 2, '1.25 MB'],
    [512 * 1024 ** 2, '512 MB'], [1024 ** 3 - 1, '1024 MB'], [1024 ** 3, '1 GB'], [2.5 * 1024 ** 3, '2.5 GB'], [5 * 1024 ** 4, '5120 GB'],
  ];
  for (const [n, s] of table) assert.equal(formatBytes(n), s, String(n));
});

test('formatBytesApart: two sizes as formatBytes prints them, in exact bytes when they would print alike', () => {
  assert.deepEqual(formatBytesApart(3 * 1024 ** 3, 2 * 1024 ** 3), ['3 GB', '2 GB']);
  assert.deepEqual(formatBytesApart(1440, 1439), ['1440 bytes', '1439 bytes']);
  assert.deepEqual(formatBytesApart(1025 * 1024, 1024 * 1024), ['1049600 bytes', '1048576 bytes']);
  assert.deepEqual(formatBytesApart(2048, 1000), ['2 KB', '1000 bytes']);
  assert.deepEqual(formatBytesApart(5000, 5000), ['4.88 KB', '4.88 KB']);
  assert.deepEqual(formatBytesApart(1000, 999), ['1000 bytes', '999 bytes']);
});

test('the defaults and caps', () => {
  assert.equal(DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_FILE_MB * 1024 * 1024);
  assert.equal(DEFAULT_MAX_MEMORY_BYTES, DEFAULT_MAX_MEMORY_MB * 1024 * 1024);
  assert.equal(MAX_EMPTY_DIM, 4194304);
  assert.equal(MAX_VALUE_BYTES, 1048576);
  assert.equal(MAX_QUOTED_CHARS, 80);
});

test('quoteUserText: up to 80 characters as they are, longer ones cut with their length; a chosen maximum', () => {
  assert.equal(quoteUserText('a'.repeat(80)), 'a'.repeat(80));
  assert.equal(quoteUserText('a'.repeat(81)), `${'a'.repeat(80)}… (81 characters)`);
  assert.equal(quoteUserText(''), '');
  assert.equal(quoteUserText('abcdef', 5), 'abcde… (6 characters)');
  assert.equal(quoteUserText('abcde', 5), 'abcde');
  // controls are escaped after the cut (the escape does not count against the maximum)
  assert.equal(quoteUserText('\u0001'.repeat(3), 2), '\\x01\\x01… (3 characters)');
});

test('escapeControls: each end of C0, DEL..C1, the bidi embeddings/overrides and isolates; neighbours kept; kept characters stay raw', () => {
  const escaped: Array<[number, string]> = [
    [0x00, '\\x00'], [0x09, '\\x09'], [0x1f, '\\x1f'], [0x7f, '\\x7f'], [0x80, '\\x80'], [0x9f, '\\x9f'],
    [0x202a, '\\u202a'], [0x202e, '\\u202e'], [0x2066, '\\u2066'], [0x2069, '\\u2069'],
  ];
  for (const [c, s] of escaped) assert.equal(escapeControls(`a${String.fromCharCode(c)}b`), `a${s}b`, c.toString(16));
  for (const c of [0x20, 0x7e, 0xa0, 0xff, 0x2029, 0x202f, 0x2065, 0x206a, 0x200f]) {
    const s = `a${String.fromCharCode(c)}b`;
    assert.equal(escapeControls(s), s, c.toString(16));
  }
  assert.equal(escapeControls('\n\t\r', '\n'), '\n\\x09\\x0d');
  assert.equal(escapeControls('\u202e\u0085', '\u202e'), '\u202e\\x85');
});

test('the memory estimate: held tensors, plus per row for class losses (a full copy for gradients and NLLLoss), plus 32 per element otherwise', () => {
  for (const t of LOSS_TYPES) {
    const s = { lossType: t, input: 1200, target: 100, extra: 10, classes: 12 };
    const held = 8 * 1200 + 8 * (100 + 10);
    if (t === 'CrossEntropyLoss' || t === 'NLLLoss') {
      const full = t === 'NLLLoss' ? 8 * 1200 : 0;
      assert.equal(estimateCaseBytes(s), held + 80 * 100 + full, t);
      assert.equal(estimateCaseBytes(s, 'inspect'), held + 80 * 100 + full, t);
      assert.equal(estimateCaseBytes(s, 'gradient'), held + 80 * 100 + 8 * 1200, t);
      // rows round up; without a class count every value is a row
      assert.equal(estimateCaseBytes({ ...s, classes: 7 }, 'gradient'), held + 80 * 172 + 8 * 1200, t);
      assert.equal(estimateCaseBytes({ ...s, classes: undefined }, 'gradient'), held + 80 * 1200 + 8 * 1200, t);
      assert.equal(estimateCaseBytes({ ...s, classes: 0 }, 'gradient'), held + 80 * 1200 + 8 * 1200, t);
    } else {
      assert.equal(estimateCaseBytes(s), held + 32 * 1200, t);
      assert.equal(estimateCaseBytes(s, 'gradient'), held + 32 * 1200, t);
    }
  }
  // no loss yet (a side tensor's share), float32 input held at 4 bytes, no extra
  assert.equal(estimateCaseBytes({ input: 10, target: 3 }), 80 + 24 + 320);
  assert.equal(estimateCaseBytes({ input: 10, inputBytes: 4, target: 0 }), 40 + 320);
  assert.equal(estimateCaseBytes({ lossType: 'CrossEntropyLoss', input: 10, inputBytes: 4, target: 5, classes: 2 }), 40 + 40 + 80 * 5);
});

test('the memory budget: equal passes, one byte over is refused with both sizes, the file and the ways out', () => {
  checkMemoryBudget(1000, 1000);
  checkMemoryBudget(0, 0);
  const e = (() => { try { checkMemoryBudget(2 * 1024 ** 3 + 1, 2 * 1024 ** 3, { file: 'c.json' }); } catch (x) { return x; } return undefined; })();
  assert.ok(e instanceof LossDebuggerError);
  assert.equal(e.code, 'file');
  assert.equal(e.message, 'c.json: this case needs about 2147483649 bytes of memory to analyse exactly, more than the 2147483648 bytes budget (raise the budget with --max-memory <MB> (CLI) or the lossDebugger.maxMemoryMB setting, use --dtype float32, or dump a smaller slice of rows (the rules need a few thousand rows, not the whole batch))');
  assert.throws(() => checkMemoryBudget(1001, 1000), { message: /^this case needs about 1001 bytes of memory to analyse exactly, more than the 1000 bytes budget \(/ });
  // sizes that print apart stay short
  assert.throws(() => checkMemoryBudget(3 * 1024 ** 3, 2 * 1024 ** 3), { message: /^this case needs about 3 GB of memory to analyse exactly, more than the 2 GB budget \(/ });
  assert.throws(() => checkMemoryBudget(1025 * 1024, 1024 * 1024), { message: /^this case needs about 1049600 bytes of memory to analyse exactly, more than the 1048576 bytes budget \(/ });
});
