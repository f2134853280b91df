/**
 * Which reader a file gets (src/logs/detect.ts), from its name and first bytes — and, for a file we
 * do not read, the reason given, word for word; then the errors of the readers themselves as the
 * user sees them (file, line and column, the hint).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LossDebuggerError } from '../../../src/errors';
import { detectFormat, rankOfName } from '../../../src/logs/detect';
import { readRunFromBytes } from '../../../src/logs/run';
import { encodeEvent } from '../../../src/logs/tb-proto';
import { encodeRecord } from '../../../src/logs/tfrecord';

const enc = new TextEncoder();
const detect = (name: string, text: string | Uint8Array): unknown => detectFormat(name, typeof text === 'string' ? enc.encode(text) : text);

test('formats by content and name', () => {
  const tb = encodeRecord(encodeEvent({ wall_time: 1, file_version: 'brain.Event:2' }));
  const cases: [string, string | Uint8Array, unknown][] = [
    ['whatever.bin', tb, { format: 'tensorboard' }],
    ['events.out.tfevents.1.host', new Uint8Array(0), { format: 'tensorboard' }],
    ['rank0.jsonl', '{"type": "header", "rank": 0}\n', { format: 'lossdbg-run', rank: 0 }],
    ['rank12.jsonl', '{"type":"step","step":1,"loss":2}\n', { format: 'lossdbg-run', rank: 12 }],
    ['log.jsonl', '{"format": "lossdbg-run", "type": "header"}\n', { format: 'lossdbg-run', rank: 0 }],
    ['rank3.jsonl', '\ufeff  {"type": "scalars", "step": 1}\n', { format: 'jsonl' }],
    ['rank123456.jsonl', '{"type": "step", "step": 1}\n', { format: 'jsonl' }],
    ['trainer_state.json', '{"best_metric": null}', { format: 'hf-trainer-state' }],
    ['state.json', '{"x": 1, "log_history": []}', { format: 'hf-trainer-state' }],
    ['state.json', '{"x": 1, "log_history" : []}', { format: 'hf-trainer-state' }],
    ['out/run1/trainer_state.json', '{"best_metric": null}', { format: 'hf-trainer-state' }],
    ['C:\\runs\\trainer_state.json', '{"best_metric": null}', { format: 'hf-trainer-state' }],
    ['lightning_logs/version_0/metrics.csv', 'step,loss\n0,2.5\n', { format: 'lightning-csv' }],
    ['/metrics.csv', 'step,loss\n0,2.5\n', { format: 'lightning-csv' }],
    ['logs/rank1.jsonl', '{"type": "step", "step": 1}\n', { format: 'lossdbg-run', rank: 1 }],
    ['metrics.jsonl', '{"step": 1, "loss": 2}\n', { format: 'jsonl' }],
    ['metrics.txt', '{"step": 1,\n "loss": 2}\n', { format: 'jsonl' }],
    ['metrics.csv', 'epoch,step,train_loss\n0,0,2.5\n', { format: 'lightning-csv' }],
    ['m.csv', 'step,epoch,loss\n0,,2.5\n', { format: 'lightning-csv' }],
    ['m.csv', 'step,epoch,loss\n0,0,2.5\n', { format: 'csv' }],
    ['metrics.csv', 'step,loss\n0,2.5\n', { format: 'lightning-csv' }],
    ['metrics.csv', 'iter,loss\n0,2.5\n', { format: 'csv' }],
    ['training.log', 'epoch,loss,val_loss\n0,2.5,2.6\n', { format: 'keras-csv' }],
    ['training.log', 'epoch;acc;train_loss\n0;0.5;2.5\n', { format: 'keras-csv' }],
    ['training.log', 'epoch,step,loss\n0,1,2.5\n', { format: 'csv' }],
    ['training.log', 'epoch,acc\n0,0.5\n', { format: 'csv' }],
    ['a.csv', 'time\tval_loss\n1\t2\n', { format: 'csv' }],
    ['a.csv', 'wall,acc\n1,2\n', { unknown: 'a CSV with neither a step column nor a loss column' }],
  ];
  for (const [name, text, want] of cases) assert.deepEqual(detect(name, text), want, `${name}: ${typeof text === 'string' ? text : 'bytes'}`);
});

test('files we do not read: each reason', () => {
  const cases: [string, string | Uint8Array, string][] = [
    ['events.out.tfevents.1.host', 'step,loss\n1,2\n', 'named like a TensorBoard event file, but its first record header fails the TFRecord CRC check'],
    ['x.csv', new Uint8Array([0x73, 0x00, 0x01, 0x02]), 'binary content that is not a TensorBoard event file'],
    ['x.csv', '', 'the file is empty'],
    ['x.csv', ' \n\t\n', 'the file is empty'],
    ['x.csv', '\ufeff', 'the file is empty'],
    ['config.json', '{"lr": 0.1}', 'a JSON document without "log_history" (not a Hugging Face trainer_state.json)'],
    ['x.jsonl', '[{"step": 1}]', 'a JSON array; expected JSON lines (one object per line) or a trainer_state.json'],
    ['x.csv', 'step loss\n1 2\n', 'no CSV header with a comma, semicolon or tab delimiter, no JSON lines and no TensorBoard records'],
    ['x.csv', '1,2.5,3\n2,2.4,3\n', 'a CSV without a header row (the first row is all numbers); add a header such as step,loss'],
    ['x.csv', '"1";"2"\n', 'a CSV without a header row (the first row is all numbers); add a header such as step,loss'],
    ['x.log', '2025-04-24 21:16:20,207 - INFO - epoch 1 done\n', 'a text log (console or logging-module output), not a CSV: its first line is a message, not a header'],
    ['x.log', 'trainer | WARNING | lr, momentum changed\n', 'a text log (console or logging-module output), not a CSV: its first line is a message, not a header'],
    ['x.log', 'name,value\nlr,0.1\n', 'a CSV with neither a step column nor a loss column'],
  ];
  for (const [name, text, why] of cases) assert.deepEqual(detect(name, text), { unknown: why }, `${name}: ${String(text)}`);
});

test('rankOfName: rank<k>.jsonl with up to five digits', () => {
  assert.deepEqual(['rank0.jsonl', 'rank7.jsonl', 'rank99999.jsonl', 'rank100000.jsonl', 'rank.jsonl', 'xrank1.jsonl', 'rank1.json', 'rank1.jsonl.bak'].map(rankOfName), [0, 7, 99999, undefined, undefined, undefined, undefined, undefined]);
});

function err(files: { rel: string; text: string }[]): LossDebuggerError {
  try {
    readRunFromBytes('run', files.map((f) => ({ rel: f.rel, shown: `shown/${f.rel}`, bytes: enc.encode(f.text) })));
  } catch (e) {
    assert.ok(e instanceof LossDebuggerError, String(e));
    return e;
  }
  assert.fail('no error');
}

test('errors of a single file, as printed: file, line and column, the hint', () => {
  assert.equal(err([{ rel: 'x.csv', text: 'step loss\n' }]).message,
    'shown/x.csv: not a training log we read: no CSV header with a comma, semicolon or tab delimiter, no JSON lines and no TensorBoard records (lossdbg reads run folders, TensorBoard event files, Lightning/Keras/generic CSV, trainer_state.json and JSONL (see docs/runs.md))');
  const bad = err([{ rel: 'trainer_state.json', text: '{\n  "log_history": 5,\n  "x": }' }]);
  assert.equal(bad.code, 'syntax');
  assert.deepEqual([bad.where.file, bad.where.line, bad.where.column], ['shown/trainer_state.json', 3, 8]);
  assert.equal(bad.detail, 'trainer_state.json is not valid JSON');
  assert.equal(bad.hint, 'the Trainer may have been writing it; read it again when the save has finished');
  const empty = err([{ rel: 'trainer_state.json', text: '' }]);
  assert.match(empty.message, /the file is empty/);
  const noHist = err([{ rel: 'trainer_state.json', text: '{"log_history": {"step": 1}}' }]);
  assert.equal(noHist.message, 'shown/trainer_state.json: log_history: no log_history array: not a Hugging Face trainer_state.json (point lossdbg at the trainer_state.json the Trainer saves in output_dir or a checkpoint-*/ folder)');
  assert.equal(err([{ rel: 'trainer_state.json', text: '{"best_metric": 0.5}' }]).detail, 'no log_history array: not a Hugging Face trainer_state.json');
});

test('several files: a file we do not read is a note; the others are read', () => {
  const r = readRunFromBytes('run', [
    { rel: 'a/log.csv', shown: 'a/log.csv', bytes: enc.encode('step,loss\n1,2\n') },
    { rel: 'b/notes.csv', shown: 'b/notes.csv', bytes: enc.encode('just text\n') },
    { rel: 'b/trainer_state.json', shown: 'b/trainer_state.json', bytes: enc.encode('{"log_history": 5}') },
  ]);
  assert.deepEqual(r.notes, [
    { file: 'b/notes.csv', message: 'not a training log we read: no CSV header with a comma, semicolon or tab delimiter, no JSON lines and no TensorBoard records' },
    { file: 'b/trainer_state.json', message: 'no log_history array: not a Hugging Face trainer_state.json' },
  ]);
  assert.deepEqual(r.series.map((s) => s.name), ['a/loss']);
  assert.throws(() => readRunFromBytes('run', [
    { rel: 'log.csv', shown: 'log.csv', bytes: enc.encode('step,loss\n1,2\n') },
    { rel: 'notes.csv', shown: 'notes.csv', bytes: enc.encode('just text\n') },
  ], { strict: true }), /notes\.csv: not a training log we read/);
});
