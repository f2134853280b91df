/**
 * Seams of the log readers that real files cross: a hand-written CSV header with spaces after the
 * commas, Excel's "CSV UTF-8" byte-order mark (CSV and JSON lines), the epoch a generic JSONL logs
 * beside its step, a log symlinked inside a subfolder of the run, a blank line at the start of a
 * chunk, a TensorBoard record of a few MB (a graph), and the reading budget of one poll shared by
 * the files of a run (a job that wrote a lot since the last poll is read over several polls).
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { detectFormat } from '../../../src/logs/detect';
import { planRun } from '../../../src/logs/files';
import { readRunFromBytes, type RunData } from '../../../src/logs/run';
import { RunTailer } from '../../../src/logs/tail';
import { LineSplitter } from '../../../src/logs/text';
import { encodeRecord, MAX_RECORD_BYTES, TFRecordReader } from '../../../src/logs/tfrecord';

const enc = new TextEncoder();
const dirs: string[] = [];
const tmp = (): string => { const d = mkdtempSync(join(tmpdir(), 'lossdbg-seams-')); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const read = (files: Record<string, string>): RunData =>
  readRunFromBytes('run', Object.entries(files).map(([rel, text]) => ({ rel, shown: rel, bytes: enc.encode(text) })));
const table = (r: RunData): Array<[string, number[], number[]]> =>
  r.series.map((s): [string, number[], number[]] => [s.name, Array.from(s.steps), Array.from(s.values)]).sort((a, b) => a[0].localeCompare(b[0]));

test('CSV: a header with spaces around its names (written by hand) names the series without them and finds the step', () => {
  for (const text of ['step, train_loss , val_loss\n1, 2.5, 2.7\n2, 2.4, 2.6\n', ' step,train_loss,\tval_loss\n1,2.5,2.7\n2,2.4,2.6\n']) {
    const r = read({ 'log.csv': text });
    assert.deepEqual(table(r), [['train_loss', [1, 2], [2.5, 2.4]], ['val_loss', [1, 2], [2.7, 2.6]]], text);
  }
});

test('a byte-order mark (Excel "CSV UTF-8") in front of a CSV or JSON lines: the same format and series as without it', () => {
  const csv = 'step,loss\n1,2.5\n2,2.4\n';
  const jsonl = '{"step": 1, "loss": 2.5}\n{"step": 2, "loss": 2.4}\n';
  for (const [name, text, format] of [['log.csv', csv, 'csv'], ['metrics.csv', 'epoch,step,loss\n0,1,2.5\n0,2,2.4\n', 'lightning-csv'], ['log.jsonl', jsonl, 'jsonl']] as const) {
    const plain = detectFormat(name, enc.encode(text));
    assert.deepEqual(plain, { format });
    assert.deepEqual(detectFormat(name, enc.encode('\ufeff' + text)), plain, name);
    assert.deepEqual(table(read({ [name]: '\ufeff' + text })), table(read({ [name]: text })), name);
    assert.deepEqual(table(read({ [name]: '\ufeff' + text }))[0].slice(1), [[1, 2], [2.5, 2.4]], name);
  }
  assert.deepEqual(detectFormat('log.csv', enc.encode('\ufeff')), { unknown: 'the file is empty' });
});

test('generic JSON lines: an epoch key gives each point its epoch, wherever it stands; without one there are no epochs', () => {
  for (const text of ['{"step": 1, "loss": 2.5, "epoch": 0}\n{"step": 2, "loss": 2.4, "epoch": 1}\n', '{"epoch": 0, "step": 1, "loss": 2.5}\n{"epoch": 1, "step": 2, "loss": 2.4}\n']) {
    const s = read({ 'log.jsonl': text }).series;
    assert.deepEqual(s.map((x) => x.name), ['loss'], text);
    assert.deepEqual(Array.from(s[0].epochs ?? []), [0, 1], text);
  }
  const none = read({ 'log.jsonl': '{"step": 1, "loss": 2.5}\n{"step": 2, "loss": 2.4}\n' }).series;
  assert.equal(none[0].epochs, undefined);
});

test('a log symlinked inside a subfolder of the run is listed by its path in the run, with its folder', () => {
  const d = tmp();
  mkdirSync(join(d, 'data'));
  mkdirSync(join(d, 'sub'));
  writeFileSync(join(d, 'data', 'real.csv'), 'step,loss\n1,2.5\n');
  symlinkSync(join(d, 'data', 'real.csv'), join(d, 'sub', 'metrics.csv'));
  assert.deepEqual(planRun(d).files.slice().sort(), ['data/real.csv', 'sub/metrics.csv']);
});

test('LineSplitter: a chunk that starts with a blank line yields the blank line, then the next, with their numbers', () => {
  const lines: Array<[string, number]> = [];
  const sp = new LineSplitter('log.csv');
  const on = (l: string, n: number): void => { lines.push([l, n]); };
  sp.push(enc.encode('a\n'), on);
  sp.push(enc.encode('\nb\n'), on);
  sp.push(enc.encode('\n\nc\r\n'), on);
  assert.deepEqual(lines, [['a', 1], ['', 2], ['b', 3], ['', 4], ['', 5], ['c', 6]]);
  const first = new LineSplitter('x');
  const got: string[] = [];
  first.push(enc.encode('\nstep,loss\n'), (l) => got.push(l));
  assert.deepEqual(got, ['', 'step,loss']);
});

test('TFRecord: a record of a few MB (a graph or an image summary) is a record, not corrupt framing; the limit is 64 MiB', () => {
  assert.equal(MAX_RECORD_BYTES, 64 * 1024 * 1024);
  const big = new Uint8Array(3 * 1024 * 1024).fill(0x61);
  const records: number[] = [];
  const notes: string[] = [];
  const r = new TFRecordReader({ record: (data) => records.push(data.length), note: (m) => notes.push(m) });
  const a = encodeRecord(big), b = encodeRecord(enc.encode('after'));
  const all = new Uint8Array(a.length + b.length);
  all.set(a);
  all.set(b, a.length);
  r.push(all);
  assert.deepEqual(records, [big.length, 5]);
  assert.deepEqual(notes, []);
});

test('one poll reads at most its budget, shared by the files of the run; the rest comes at the next polls', () => {
  const d = tmp();
  const rows = (from: number, n: number): string => Array.from({ length: n }, (_, i) => `${from + i},${(2 - (from + i) / 1000).toFixed(3)}\n`).join('');
  // two CSVs of 200 bytes each beside their headers
  const a = 'step,loss\n' + rows(0, 20), b = 'step,loss\n' + rows(100, 20);
  mkdirSync(join(d, 'a'));
  mkdirSync(join(d, 'b'));
  writeFileSync(join(d, 'a', 'log.csv'), a);
  writeFileSync(join(d, 'b', 'log.csv'), b);
  const t = new RunTailer(d, { maxBytesPerPoll: 300 });
  const p1 = t.poll();
  assert.deepEqual([p1.changed, p1.bytes], [true, 300]);
  assert.deepEqual(t.offsets, { 'a/log.csv': a.length, 'b/log.csv': 300 - a.length });
  const p2 = t.poll();
  assert.deepEqual([p2.changed, p2.bytes], [true, a.length + b.length - 300]);
  assert.deepEqual(t.offsets, { 'a/log.csv': a.length, 'b/log.csv': b.length });
  assert.deepEqual(table(t.data()).map(([n, s]) => [n, s.length]), [['a/loss', 20], ['b/loss', 20]]);
  assert.deepEqual(t.poll(), { changed: false, reset: false, bytes: 0 });
  const more = rows(20, 40); // 40 rows of 9 bytes
  assert.equal(more.length, 360);
  appendFileSync(join(d, 'a', 'log.csv'), more);
  const chunks: number[] = [];
  for (let i = 0; i < 4; i++) chunks.push(t.poll().bytes);
  assert.deepEqual(chunks, [300, 60, 0, 0]);
  assert.equal(t.data().series.find((s) => s.name === 'a/loss')?.values.length, 60);
  // the default budget reads it all at once
  const whole = new RunTailer(d);
  assert.equal(whole.poll().bytes, a.length + more.length + b.length);
});

test('a run of several files: one that fails to parse is a note and the others are read; alone, or with strict, it is the error', () => {
  const files = { 'metrics.csv': 'step,loss\n1,2.5\n2,2.4\n', 'out/trainer_state.json': '{"log_history": 5}' };
  const r = read(files);
  assert.deepEqual(table(r), [['loss', [1, 2], [2.5, 2.4]]]);
  assert.deepEqual(r.notes, [{ file: 'out/trainer_state.json', message: 'no log_history array: not a Hugging Face trainer_state.json' }]);
  const strict = (): RunData => readRunFromBytes('run', Object.entries(files).map(([rel, text]) => ({ rel, shown: rel, bytes: enc.encode(text) })), { strict: true });
  assert.throws(strict, /out\/trainer_state\.json.*no log_history array/);
  assert.throws(() => read({ 'out/trainer_state.json': '{"log_history": 5}' }), /no log_history array/);
});

test('generic JSON lines: a time key holding text (an ISO date) gives no times; a number does', () => {
  const text = read({ 'log.jsonl': '{"step": 1, "loss": 2.5, "time": "2025-01-01T10:00:00"}\n{"step": 2, "loss": 2.4, "time": "2025-01-01T10:01:00"}\n' }).series;
  assert.deepEqual(text.map((s) => s.name), ['loss']);
  assert.equal(text[0].times, undefined);
  const num = read({ 'log.jsonl': '{"step": 1, "loss": 2.5, "time": 100}\n{"step": 2, "loss": 2.4, "time": 160}\n' }).series;
  assert.deepEqual(Array.from(num[0].times ?? []), [100, 160]);
});
