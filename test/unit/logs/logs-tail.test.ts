/**
 * RunTailer's bookkeeping that live.test.ts leaves open: the per-poll reading budget shared by the
 * files of a folder (and the poll result it gives), files that are no log (a note once, never
 * retried), a file created empty and filled later, a single file that is no log (an error at once),
 * a file gone between polls, and the note a restart adds only when the run already had notes.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { RunTailer } from '../../../src/logs/tail';

const dirs: string[] = [];
const tmp = (): string => { const d = mkdtempSync(join(tmpdir(), 'lossdbg-tail-')); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const points = (t: RunTailer): [string, number[]][] => t.data().series.map((s) => [s.name, Array.from(s.values)]);

test('a single file read 10 bytes per poll: each poll says what it read, then nothing is changed', () => {
  const d = tmp();
  const f = join(d, 'log.csv');
  writeFileSync(f, 'step,loss\n1,2\n2,1.5\n'); // 20 bytes
  const t = new RunTailer(f, { maxBytesPerPoll: 10 });
  assert.deepEqual(t.poll(), { changed: true, reset: false, bytes: 10 });
  assert.deepEqual(t.offsets, { 'log.csv': 10 });
  assert.deepEqual(points(t), [], 'only the header so far');
  assert.deepEqual(t.poll(), { changed: true, reset: false, bytes: 10 });
  assert.deepEqual(points(t), [['loss', [2, 1.5]]]);
  assert.deepEqual(t.poll(), { changed: false, reset: false, bytes: 0 });
  appendFileSync(f, '3,1\n');
  assert.deepEqual(t.poll(), { changed: true, reset: false, bytes: 4 });
  assert.deepEqual(points(t), [['loss', [2, 1.5, 1]]]);
  assert.equal(t.data().root, undefined, 'a single file: no run folder');
});

test('the budget is shared by the files of a folder: the second file waits for the next poll', () => {
  const d = tmp();
  mkdirSync(join(d, 'a'));
  mkdirSync(join(d, 'b'));
  writeFileSync(join(d, 'a', 'log.csv'), 'step,loss\n1,2\n'); // 14 bytes
  writeFileSync(join(d, 'b', 'log.csv'), 'step,loss\n1,3\n');
  const t = new RunTailer(d, { maxBytesPerPoll: 14 });
  assert.deepEqual(t.poll(), { changed: true, reset: false, bytes: 14 });
  assert.deepEqual(t.offsets, { 'a/log.csv': 14, 'b/log.csv': 0 });
  assert.deepEqual(t.poll(), { changed: true, reset: false, bytes: 14 });
  assert.deepEqual(t.offsets, { 'a/log.csv': 14, 'b/log.csv': 14 });
  assert.deepEqual(points(t), [['a/loss', [2]], ['b/loss', [3]]]);
  assert.equal(t.data().root, d);
});

test('a file of the folder that is no log: one note, not retried by later rescans; an empty file waits for its bytes', () => {
  const d = tmp();
  writeFileSync(join(d, 'log.csv'), 'step,loss\n1,2\n');
  writeFileSync(join(d, 'notes.csv'), 'just text\n');
  writeFileSync(join(d, 'later.csv'), '');
  const t = new RunTailer(d);
  t.poll();
  const note = { file: join(d, 'notes.csv'), message: 'not a training log we read: no CSV header with a comma, semicolon or tab delimiter, no JSON lines and no TensorBoard records' };
  assert.deepEqual(t.data().notes, [note]);
  assert.deepEqual(Object.keys(t.offsets), ['log.csv'], 'the empty file is not added yet');
  writeFileSync(join(d, 'later.csv'), 'step,val_loss\n1,4\n');
  t.rescan();
  t.rescan();
  assert.deepEqual(t.data().notes, [note], 'the file that is no log is not noted again');
  assert.deepEqual(Object.keys(t.offsets).sort(), ['later.csv', 'log.csv']);
  t.poll();
  assert.deepEqual(points(t), [['loss', [2]], ['val_loss', [4]]]);
});

test('a single file that is no log is an error at once; rescan of a single file does nothing', () => {
  const d = tmp();
  const f = join(d, 'notes.csv');
  writeFileSync(f, 'just text\n');
  assert.throws(() => new RunTailer(f), /notes\.csv: not a training log we read: no CSV header/);
  const g = join(d, 'log.csv');
  writeFileSync(g, 'step,loss\n1,2\n');
  const t = new RunTailer(g);
  writeFileSync(join(d, 'other.csv'), 'step,loss\n1,2\n');
  t.rescan();
  assert.deepEqual(Object.keys(t.offsets), ['log.csv']);
});

test('a file gone between polls is waited for; back under a new inode it is read again from the start', () => {
  const d = tmp();
  const f = join(d, 'log.csv');
  writeFileSync(f, 'step,loss\n1,2\n');
  const t = new RunTailer(d);
  t.poll();
  renameSync(f, join(d, 'log.csv.1'));
  assert.deepEqual(t.poll(), { changed: false, reset: false, bytes: 0 });
  writeFileSync(f, 'step,loss\n5,1\n');
  const r = t.poll();
  assert.deepEqual([r.changed, r.reset], [true, true]);
  assert.equal(t.resets, 1);
  assert.deepEqual(points(t), [['loss', [1]]]);
  assert.deepEqual(t.data().notes, [], 'no notes before the restart: no note about it');
});

test('a restart of a run that had notes says so (the notes before it are gone with the old reading)', () => {
  const d = tmp();
  const f = join(d, 'log.csv');
  writeFileSync(f, 'step,loss\n1,2\n2\n');
  const t = new RunTailer(d);
  t.poll();
  assert.equal(t.data().notes.length, 1, 'the short row');
  writeFileSync(f, 'step,loss\n'); // truncated: shorter than what was read
  t.poll();
  assert.deepEqual(t.data().notes, [{ file: d, message: 'a log file was replaced or rewritten: the run was read again from the start' }]);
});

test('a file the budget has not reached yet, replaced meanwhile, is simply read: no restart', () => {
  const d = tmp();
  mkdirSync(join(d, 'a'));
  mkdirSync(join(d, 'b'));
  writeFileSync(join(d, 'a', 'log.csv'), 'step,loss\n1,2\n'); // 14 bytes: the whole budget
  writeFileSync(join(d, 'b', 'log.csv'), 'step,loss\n1,3\n');
  const t = new RunTailer(d, { maxBytesPerPoll: 14 });
  t.poll();
  assert.deepEqual(t.offsets, { 'a/log.csv': 14, 'b/log.csv': 0 });
  // b/log.csv replaced by a new file (a new inode) before any of it was read
  writeFileSync(join(d, 'b', 'new.tmp'), 'step,loss\n1,4\n');
  renameSync(join(d, 'b', 'new.tmp'), join(d, 'b', 'log.csv'));
  assert.deepEqual(t.poll(), { changed: true, reset: false, bytes: 14 });
  assert.equal(t.resets, 0);
  assert.deepEqual(points(t), [['a/loss', [2]], ['b/loss', [4]]]);
});
