/**
 * detectFormat's edges that detect.test.ts leaves open: which bytes make a file binary (control
 * characters, UTF-8 cut at the end of the sniffed bytes), each condition of the Lightning / Keras /
 * generic CSV decision, and text logs recognised as such wherever their first line starts — a
 * bracketed timestamp (detectron2's `log.txt`: `[04/12 17:27:26] d2.evaluation.evaluator INFO: ...`)
 * or a logging-module line that mentions a loss — instead of "a JSON array" or a CSV with no numbers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectFormat, looksLikeTfRecord } from '../../../src/logs/detect';
import { readRunFromBytes } from '../../../src/logs/run';
import { encodeRecord } from '../../../src/logs/tfrecord';

const enc = new TextEncoder();
const bytes = (...parts: (string | number[])[]): Uint8Array => {
  const b = parts.map((p) => (typeof p === 'string' ? enc.encode(p) : Uint8Array.from(p)));
  const out = new Uint8Array(b.reduce((n, x) => n + x.length, 0));
  let k = 0;
  for (const x of b) { out.set(x, k); k += x.length; }
  return out;
};
const BINARY = { unknown: 'binary content that is not a TensorBoard event file' };
const TEXT_LOG = { unknown: 'a text log (console or logging-module output), not a CSV: its first line is a message, not a header' };
const NEITHER = { unknown: 'a CSV with neither a step column nor a loss column' };
const CSV = { format: 'csv' };

test('control characters: tab, newline, vertical tab, form feed, carriage return and ESC are text; the others are binary', () => {
  const text = [9, 10, 11, 12, 13, 27, 32, 127];
  const binary = [0, 1, 7, 8, 14, 26, 28, 31];
  for (const c of text) assert.deepEqual(detectFormat('x.csv', bytes('step,loss', [c], '\n1,2\n')), CSV, `byte ${c}`);
  for (const c of binary) assert.deepEqual(detectFormat('x.csv', bytes('step,loss', [c], '\n1,2\n')), BINARY, `byte ${c}`);
  // a coloured console log (ANSI escapes) is still text, and said to be a text log
  assert.deepEqual(detectFormat('x.log', bytes([27], '[32m2025-04-24 21:16:20,207', [27], '[0m - INFO - epoch 1\n')), TEXT_LOG);
});

test('UTF-8: a character cut at the end of the sniffed bytes is fine, invalid UTF-8 before it is binary', () => {
  const head = 'step,loss_';
  for (const cut of [[0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xf0, 0x9f, 0x98, 0x80], [0xc0]]) {
    assert.deepEqual(detectFormat('x.csv', bytes(head, cut)), CSV, cut.join(' '));
  }
  // up to four trailing continuation bytes are taken for a cut character; a fifth is invalid UTF-8
  assert.deepEqual(detectFormat('x.csv', bytes(head, [0x80, 0x80, 0x80, 0x80])), CSV);
  assert.deepEqual(detectFormat('x.csv', bytes(head, [0x80, 0x80, 0x80, 0x80, 0x80])), BINARY);
  // a lead byte followed by ASCII, a lone continuation byte inside: invalid
  assert.deepEqual(detectFormat('x.csv', bytes(head, [0xc3], 'x')), BINARY);
  assert.deepEqual(detectFormat('x.csv', bytes('step,', [0x80], 'loss')), BINARY);
  // only continuation bytes (all cut off): nothing left to be invalid
  assert.notDeepEqual(detectFormat('x.csv', bytes([0x80, 0x80, 0x80])), BINARY);
  // real multi-byte names are text
  assert.deepEqual(detectFormat('x.csv', bytes('step,손실\n1,2\n')), CSV);
});

test('looksLikeTfRecord: the 8-byte length and its masked CRC (12 bytes) are enough; one byte less or a wrong CRC is not', () => {
  const rec = encodeRecord(enc.encode('x'));
  assert.equal(looksLikeTfRecord(rec.subarray(0, 12)), true);
  assert.equal(looksLikeTfRecord(rec.subarray(0, 11)), false);
  const bad = rec.slice();
  bad[8] ^= 1;
  assert.equal(looksLikeTfRecord(bad), false);
  // a record inside a larger buffer (a view with an offset) is read from its own start
  const outer = new Uint8Array(rec.length + 3);
  outer.set(rec, 3);
  assert.equal(looksLikeTfRecord(outer.subarray(3)), true);
  assert.deepEqual(detectFormat('renamed.bin', rec.subarray(0, 12)), { format: 'tensorboard' });
  assert.deepEqual(detectFormat('events.out.tfevents.1.host', bad), { unknown: 'named like a TensorBoard event file, but its first record header fails the TFRecord CRC check' });
});

test('Lightning, Keras or generic CSV: each condition', () => {
  const cases: [string, string, unknown][] = [
    // step and epoch with an empty cell (a sparse Lightning row) or a row ending in a comma
    ['m.csv', 'step,epoch,val_loss\n0,0,\n', { format: 'lightning-csv' }],
    ['m.csv', 'step,epoch,val_loss\n0,0, \n1,0,2\n', { format: 'lightning-csv' }],
    ['m.csv', 'Step,Epoch,loss\n0,,1\n', { format: 'lightning-csv' }],
    ['m.csv', 'step,epoch,val_loss\n0,0,1\n', CSV],
    ['metrics.csv', 'Step,loss\n0,1\n', { format: 'lightning-csv' }],
    // Keras: epoch first, no step, a loss column
    ['metrics.csv', 'epoch,loss\n0,1\n', { format: 'keras-csv' }],
    ['training.log', 'epoch,val_loss\n0,1\n', { format: 'keras-csv' }],
    ['training.log', 'Epoch,Loss\n0,1\n', { format: 'keras-csv' }],
    ['training.log', 'epoch,lossy\n0,1\n', CSV],
    ['training.log', 'acc,epoch,loss\n0,1,2\n', CSV],
    ['training.log', 'epoch,Step,loss\n0,1,2\n', CSV],
    // generic: a loss column without a step column is enough, quoted names count
    ['a.csv', 'wall,train_loss_avg\n1,2\n', CSV],
    ['a.csv', '"step","loss"\n1,2\n', CSV],
    ['a.csv', '"wall","acc"\n1,2\n', NEITHER],
    ['x.csv', 'step;loss\n', CSV],
    ['x.csv', 'step\tloss,x\n', CSV],
    // a first row with a non-number is a header (of nothing we read)
    ['x.csv', '1,2,x\n', NEITHER],
    ['x.csv', '1,,2\n', NEITHER],
  ];
  for (const [name, text, want] of cases) assert.deepEqual(detectFormat(name, enc.encode(text)), want, `${name}: ${text}`);
});

test('JSON: lossdbg-run by the first line only, trainer_state by name or log_history anywhere in the head, .json in any case', () => {
  const cases: [string, string, unknown][] = [
    ['log.jsonl', '{"format":"lossdbg-run"}', { format: 'lossdbg-run', rank: 0 }],
    ['log.jsonl', '{"step": 1}\n{"format": "lossdbg-run"}\n', { format: 'jsonl' }],
    ['rank1.jsonl', '{"type" : "header"}\n', { format: 'lossdbg-run', rank: 1 }],
    ['rank1.jsonl', '{"type": "scalars", "step": 1}\n', { format: 'jsonl' }],
    ['x.jsonl', '{"a": 1}\n{"log_history": []}\n', { format: 'hf-trainer-state' }],
    ['CONFIG.JSON', '{"lr": 1}', { unknown: 'a JSON document without "log_history" (not a Hugging Face trainer_state.json)' }],
    ['x.jsonl', '{"lr": 1}', { format: 'jsonl' }],
    ['x.jsonl', '  {"a":1}\n{"b":2}', { format: 'jsonl' }],
    ['x.txt', ' [1,2]', { unknown: 'a JSON array; expected JSON lines (one object per line) or a trainer_state.json' }],
    ['x.txt', '[{"step": 1, "loss": 2}]', { unknown: 'a JSON array; expected JSON lines (one object per line) or a trainer_state.json' }],
  ];
  for (const [name, text, want] of cases) assert.deepEqual(detectFormat(name, enc.encode(text)), want, `${name}: ${text}`);
});

test('text logs: a timestamp or a level word between separators, wherever the first line starts', () => {
  const textLogs = [
    // detectron2's log.txt
    '[04/12 17:27:26] d2.evaluation.evaluator INFO: Total inference time: 0:12:10.168191 (0.146180 s / img per device, on 1 devices)\n',
    '[2025-04-24 21:16:20] epoch 1, loss 2\n',
    '[INFO] epoch 1, done\n',
    // Python's logging module, a line that mentions the loss
    '2025-04-24 21:16:20,207 - INFO - epoch 1: loss=2.3\n2025-04-24 21:16:21,207 - INFO - epoch 2: loss=2.1\n',
    '2025-04-24T21:16 epoch 1, loss 2\n',
    '  2025-04-24 21:16 epoch, done\n',
    'INFO: epoch 1, done\n',
    '-INFO- epoch 1, done\n',
    'main|DEBUG|epoch 1, done\n',
    'name WARN x, y\n',
    'trainer | WARNING | lr, momentum changed\n',
  ];
  for (const t of textLogs) assert.deepEqual(detectFormat('x.log', enc.encode(t)), TEXT_LOG, t);
  // not a timestamp, not a level word on its own: a CSV header (of nothing we read)
  for (const t of ['2025-04-24-21:16 epoch, done\n', '25-04-24 21:16:20 epoch, done\n', 'xINFO: epoch 1, done\n', 'INFOS epoch 1, done\n', 'warn: epoch 1, done\n']) {
    assert.deepEqual(detectFormat('x.log', enc.encode(t)), NEITHER, t);
  }
  // a CSV header with a step column is a CSV even when a column is named like a level
  assert.deepEqual(detectFormat('x.csv', enc.encode('step,loss,ERROR rate\n1,2,3\n')), CSV);
  // the error as the user sees it
  assert.throws(() => readRunFromBytes('log.txt', [{ rel: 'log.txt', shown: 'out/log.txt', bytes: enc.encode(textLogs[0]) }]),
    (e: Error) => e.message === 'out/log.txt: not a training log we read: a text log (console or logging-module output), not a CSV: its first line is a message, not a header (lossdbg reads run folders, TensorBoard event files, Lightning/Keras/generic CSV, trainer_state.json and JSONL (see docs/runs.md))');
});
