/**
 * Edges of the log readers that the format tests do not pin: a CSV time column wherever it stands,
 * JSONL keys that are no series whatever their case, names of files at a run folder's top level
 * beside files in subfolders, a Hugging Face checkpoint's trainer_state.json kept beside TensorBoard
 * event files, a trainer_state.json re-read on its own (RunReader.resetFile), the source named by a
 * snapshot's reference levels, decimation at exactly `max` points, and a watched folder's files
 * that are empty at first, are no log, or sit in a subfolder.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { decimateIndex } from '../../../src/logs/decimate';
import { planRun, readRunPath } from '../../../src/logs/files';
import { readRunFromBytes, RunReader, type RunData } from '../../../src/logs/run';
import { runReference } from '../../../src/logs/snapshot-ref';
import { RunTailer } from '../../../src/logs/tail';

const enc = new TextEncoder();
const FIX = join(__dirname, '..', '..', 'fixtures', 'logs');
const dirs: string[] = [];
const tmp = (): string => { const d = mkdtempSync(join(tmpdir(), 'lossdbg-edges-')); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const read = (files: Record<string, string>): RunData =>
  readRunFromBytes('run', Object.entries(files).map(([rel, text]) => ({ rel, shown: `shown/${rel}`, bytes: enc.encode(text) })));
const series = (r: RunData, name: string) => {
  const s = r.series.find((x) => x.name === name);
  assert.ok(s, `no series ${name} in ${r.series.map((x) => x.name).join()}`);
  return s;
};

test('CSV: the wall-time column gives each point its time, as the first column or a later one, quoted or not', () => {
  for (const text of ['wall_time,step,loss\n100,1,2.5\n160.5,2,2.4\n', 'step,loss,Timestamp\n1,2.5,100\n2,2.4,160.5\n',
    '"wall_time","step","loss"\n"100","1","2.5"\n"160.5","2","2.4"\n', 'step;loss;"Timestamp"\n"1";"2.5";"100"\n"2";"2.4";"160.5"\n']) {
    const r = read({ 'log.csv': text });
    assert.deepEqual(r.series.map((s) => s.name), ['loss'], text);
    const s = series(r, 'loss');
    assert.deepEqual(Array.from(s.steps), [1, 2]);
    assert.deepEqual(Array.from(s.times ?? []), [100, 160.5], text);
  }
  // without a time column no times are kept
  assert.equal(series(read({ 'log.csv': 'step,loss\n1,2.5\n' }), 'loss').times, undefined);
});

test('JSONL: epoch, time, rank and type keys are no series in any case; a step key with spaces is the step', () => {
  const r = read({ 'log.jsonl': '{"Step": 1, "loss": 2.5, "Epoch": 0, "TIME": 5, "Rank": 0, "Type": 1, "_Runtime": 3}\n{"Step": 2, "loss": 2.4, "Epoch": 0, "TIME": 6, "Rank": 0, "Type": 1, "_Runtime": 4}\n' });
  assert.deepEqual(r.series.map((s) => s.name), ['loss']);
  assert.deepEqual(Array.from(series(r, 'loss').steps), [1, 2]);
  const spaced = read({ 'log.jsonl': '{" step ": 7, "loss": 2.5}\n{" step ": 9, "loss": 2.4}\n' });
  assert.deepEqual(spaced.series.map((s) => s.name), ['loss']);
  assert.deepEqual(Array.from(series(spaced, 'loss').steps), [7, 9]);
});

test('a folder run: a top-level file\'s series keep their names, a subfolder\'s get its path', () => {
  const r = read({ 'metrics.csv': 'step,loss\n1,2.5\n', 'sub/metrics.csv': 'step,loss\n1,1.5\n', 'a/b/log.jsonl': '{"step": 1, "loss": 0.5}\n' });
  assert.deepEqual(r.series.map((s) => s.name).sort(), ['a/b/loss', 'loss', 'sub/loss']);
  assert.deepEqual(Array.from(series(r, 'loss').values), [2.5]);
  assert.deepEqual(Array.from(series(r, 'sub/loss').values), [1.5]);
  // one folder only: no prefixes
  const one = read({ 'sub/a.csv': 'step,loss\n1,2.5\n', 'sub/b.csv': 'step,acc\n1,0.5\n' });
  assert.deepEqual(one.series.map((s) => s.name).sort(), ['acc', 'loss']);
});

const state = (losses: number[]): string => JSON.stringify({ log_history: losses.map((loss, i) => ({ step: (i + 1) * 10, loss })) });

test('Hugging Face output folder: TensorBoard event files and the newest checkpoint\'s trainer_state.json are the run', () => {
  const d = tmp();
  mkdirSync(join(d, 'runs', 'Jan01'), { recursive: true });
  mkdirSync(join(d, 'checkpoint-500'));
  mkdirSync(join(d, 'checkpoint-1000'));
  writeFileSync(join(d, 'runs', 'Jan01', 'events.out.tfevents.1.host'), '');
  writeFileSync(join(d, 'checkpoint-500', 'trainer_state.json'), state([2]));
  writeFileSync(join(d, 'checkpoint-1000', 'trainer_state.json'), state([2, 1]));
  writeFileSync(join(d, 'metrics.csv'), 'step,loss\n1,2\n');
  assert.deepEqual(planRun(d).files, ['checkpoint-1000/trainer_state.json', 'runs/Jan01/events.out.tfevents.1.host']);
});

test('RunReader.resetFile: a trainer_state.json alone in its folder is dropped and re-read; sharing a folder, the caller reads everything again', () => {
  const feed = (r: RunReader, rel: string, text: string): void => { r.addFile(rel, rel, enc.encode(text)); r.push(rel, enc.encode(text)); r.end(rel, false); };
  // alone in the run
  const single = new RunReader('run', ['trainer_state.json']);
  feed(single, 'trainer_state.json', state([3, 2]));
  assert.equal(single.resetFile('trainer_state.json'), true);
  assert.deepEqual(Array.from(series(single.data(), 'loss').values), [3, 2], 'kept until the new document has parsed');
  single.push('trainer_state.json', enc.encode(state([3, 2, 1]).slice(0, 30)));
  single.end('trainer_state.json', false);
  assert.deepEqual(Array.from(series(single.data(), 'loss').values), [3, 2], 'a save caught half-written keeps them');
  assert.equal(single.resetFile('trainer_state.json'), true);
  single.push('trainer_state.json', enc.encode(state([3, 2, 1])));
  single.end('trainer_state.json', false);
  assert.deepEqual(Array.from(series(single.data(), 'loss').values), [3, 2, 1]);
  // alone in its subfolder: only its series go
  const two = new RunReader('run', ['a/trainer_state.json', 'b/metrics.csv']);
  feed(two, 'a/trainer_state.json', state([3, 2]));
  feed(two, 'b/metrics.csv', 'step,loss\n1,5\n');
  assert.equal(two.resetFile('a/trainer_state.json'), true);
  two.push('a/trainer_state.json', enc.encode('{"log_history": [{"eval_loss": 4, "step": 1}]}'));
  two.end('a/trainer_state.json', false);
  assert.deepEqual(two.data().series.map((s) => s.name), ['b/loss', 'a/eval_loss'], 'its old series dropped, the other folder\'s kept');
  assert.equal(two.resetFile('a/trainer_state.json'), true);
  two.push('a/trainer_state.json', enc.encode(state([3, 2, 1])));
  two.end('a/trainer_state.json', false);
  assert.deepEqual(Array.from(series(two.data(), 'a/loss').values), [3, 2, 1]);
  assert.deepEqual(Array.from(series(two.data(), 'b/loss').values), [5]);
  // beside another file of its folder, or in one folder with others: not told apart
  const shared = new RunReader('run', ['a/trainer_state.json', 'a/metrics.csv', 'b/metrics.csv']);
  feed(shared, 'a/trainer_state.json', state([3, 2]));
  feed(shared, 'a/metrics.csv', 'step,acc\n1,0.5\n');
  feed(shared, 'b/metrics.csv', 'step,loss\n1,5\n');
  assert.equal(shared.resetFile('a/trainer_state.json'), false);
  assert.deepEqual(shared.data().series.map((s) => s.name).sort(), ['a/acc', 'a/loss', 'b/loss'], 'nothing dropped');
  const flat = new RunReader('run', ['trainer_state.json', 'metrics.csv']);
  feed(flat, 'trainer_state.json', state([3, 2]));
  feed(flat, 'metrics.csv', 'step,acc\n1,0.5\n');
  assert.equal(flat.resetFile('trainer_state.json'), false);
  assert.equal(flat.resetFile('missing.json'), false);
});

test('reference levels from a run folder name the snapshot they come from; --classes K that disagrees wins', () => {
  const run = readRunPath(join(FIX, 'run-folder'));
  const ref = runReference(run, run.root);
  assert.equal(ref?.source, 'snapshot cases/step_0.losscase.json');
  assert.equal(ref?.numClasses, 10);
  assert.equal(runReference(run, run.root, 10)?.source, 'snapshot cases/step_0.losscase.json');
  assert.equal(runReference(run, run.root, 7)?.source, '--classes 7', 'named like --classes without a snapshot');
  assert.equal(runReference(run, undefined, 7)?.source, '--classes 7');
  assert.equal(runReference(run, undefined), undefined);
});

test('decimateIndex: exactly max points are all kept (equal neighbours too); one more is decimated', () => {
  assert.deepEqual(decimateIndex([1, 1, 1, 1], 4), [0, 1, 2, 3]);
  assert.deepEqual(decimateIndex([1, 1, 1, 1, 1], 4), [0, 3], 'buckets of ⌈2·5/4⌉ = 3: one point each for equal values');
});

test('watching a folder: a file empty at first is read once it has bytes; a file that is no log is noted once; notes name subfolder files by their path', () => {
  const d = tmp();
  mkdirSync(join(d, 'sub'));
  writeFileSync(join(d, 'sub', 'metrics.csv'), '');
  writeFileSync(join(d, 'other.csv'), 'step,loss\n1,2.5\n');
  writeFileSync(join(d, 'notes.jsonl'), 'hello there\n');
  const t = new RunTailer(d);
  t.poll();
  const notesOf = (): string[] => t.data().notes.map((n) => `${n.file} | ${n.where ?? '-'} | ${n.message}`);
  const before = [`${join(d, 'notes.jsonl')} | - | not a training log we read: no CSV header with a comma, semicolon or tab delimiter, no JSON lines and no TensorBoard records`];
  assert.deepEqual(notesOf(), before);
  assert.deepEqual(t.data().series.map((s) => s.name), ['loss'], 'the empty file is not read yet');
  writeFileSync(join(d, 'sub', 'metrics.csv'), 'step,loss,acc\n1,1.5,0.5\n2,1.4\n');
  t.rescan();
  t.rescan();
  t.poll();
  const r = t.data();
  assert.deepEqual(r.series.map((s) => s.name).sort(), ['loss', 'sub/acc', 'sub/loss']);
  assert.deepEqual(Array.from(series(r, 'sub/loss').values), [1.5]);
  assert.deepEqual(notesOf(), [...before, `${join(d, 'sub', 'metrics.csv')} | line 3 | row has 2 fields, the header has 3; skipped`]);
});

// Lightning's CSVLogger rewrites metrics.csv in place (same file, longer) when a metric appears: the
// header gains a column at its end, which for a header over 64 bytes lies past the first 64 bytes.
const LONG_HEADER = 'epoch,step,train_loss_epoch,train_loss_step,train_accuracy_step,lr-AdamW';
const lightningRows = '0,0,,2.3,0.1,0.001\n0,1,,2.2,0.12,0.001\n';
const rewritten = `${LONG_HEADER},val_loss\n0,0,,2.3,0.1,0.001,\n0,1,,2.2,0.12,0.001,\n0,1,,,,,2.25\n0,2,,2.1,0.15,0.001,\n`;
const pointsOf = (r: RunData): string[] => r.series.map((x) => `${x.name} ${Array.from(x.steps).join(' ')}`).sort();

test('watching: a CSV rewritten in place with a new column past byte 64 of its header is read again from the start', () => {
  assert.ok(LONG_HEADER.length > 64);
  const d = tmp();
  const f = join(d, 'metrics.csv');
  writeFileSync(f, `${LONG_HEADER}\n${lightningRows}`);
  const t = new RunTailer(f);
  t.poll();
  writeFileSync(f, rewritten);
  const p = t.poll();
  assert.equal(p.reset, true);
  assert.equal(t.resets, 1);
  const r = t.data();
  assert.deepEqual(r.notes, []);
  assert.deepEqual(pointsOf(r), ['lr-AdamW 0 1 2', 'train_accuracy_step 0 1 2', 'train_loss_step 0 1 2', 'val_loss 1']);
});

test('watching: a header first seen half-written is compared whole once complete; appended rows alone are no rewrite', () => {
  const d = tmp();
  const f = join(d, 'metrics.csv');
  writeFileSync(f, LONG_HEADER.slice(0, 70));
  const t = new RunTailer(f);
  t.poll();
  writeFileSync(f, `${LONG_HEADER}\n${lightningRows}`);
  t.poll();
  appendFileSync(f, '0,2,,2.1,0.15,0.001\n');
  t.poll();
  assert.equal(t.resets, 0, 'appending is no rewrite');
  assert.deepEqual(pointsOf(t.data()), ['lr-AdamW 0 1 2', 'train_accuracy_step 0 1 2', 'train_loss_step 0 1 2']);
  writeFileSync(f, rewritten);
  t.poll();
  assert.equal(t.resets, 1);
  assert.deepEqual(pointsOf(t.data()), ['lr-AdamW 0 1 2', 'train_accuracy_step 0 1 2', 'train_loss_step 0 1 2', 'val_loss 1']);
});

test('watching: a short first line does not shrink what is compared: a rewrite within the first 64 bytes is noticed', () => {
  const d = tmp();
  const f = join(d, 'log.csv');
  writeFileSync(f, 'step,loss\n1,2.5\n');
  const t = new RunTailer(f);
  t.poll();
  writeFileSync(f, 'step,loss\n1,9.5\n2,2.4\n');
  t.poll();
  assert.equal(t.resets, 1);
  assert.deepEqual(pointsOf(t.data()), ['loss 1 2']);
  assert.deepEqual(Array.from(series(t.data(), 'loss').values), [9.5, 2.4]);
});
