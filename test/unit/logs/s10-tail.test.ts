/**
 * What a watched file's kept start covers, byte by byte (tail.ts headOf / sameHead): the whole first
 * line with its newline, at least the first 64 bytes, at most MAX_HEAD_BYTES; a first line still being
 * written is kept as far as it was read and kept again, longer, once more of it is there. A byte
 * changed inside that start (the file longer than what was read) is a rewrite in place; a byte changed
 * past it is not looked at. And a trainer_state.json caught half-written while watched is not an
 * error and not a note (the next save brings the whole file), unlike a finished read; a later save
 * caught half-written keeps the last complete reading (its curves used to vanish from the live
 * panel until the save had finished).
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { MAX_HEAD_BYTES, RunTailer } from '../../../src/logs/tail';
import { planRun, readRunPath } from '../../../src/logs/files';

const dirs: string[] = [];
const tmp = (): string => { const d = mkdtempSync(join(tmpdir(), 'lossdbg-s10-tail-')); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

/** A file whose first line is `first` (a CSV header of that many bytes, without its newline). */
const header = (bytes: number): string => {
  let h = 'step,loss';
  for (let k = 0; h.length < bytes; k++) h += `,m${k}`;
  return h.slice(0, bytes);
};

/**
 * Writes `text`, watches it and reads it all; then writes it again with the byte at `pos` changed
 * (and a row appended, so the file is longer than what was read): whether the tailer saw a rewrite.
 * `grow` is written and read between the two (a first line completed, rows appended).
 */
function noticed(text: string, pos: number, grow = ''): boolean {
  const f = join(tmp(), 'log.csv');
  writeFileSync(f, text);
  const t = new RunTailer(f);
  t.poll();
  if (grow) { appendFileSync(f, grow); t.poll(); }
  assert.equal(t.resets, 0, 'reading and appending are no rewrite');
  const b = Buffer.from(readFileSync(f));
  assert.ok(pos < b.length);
  b[pos] = b[pos] === 0x5a ? 0x59 : 0x5a; // 'Z' (or 'Y' where it was a 'Z')
  writeFileSync(f, Buffer.concat([b, Buffer.from('\n7,1\n')]));
  t.poll();
  const resets: number = t.resets;
  return resets === 1;
}

test('a short first line: the first 64 bytes are compared (byte 63 noticed, byte 64 not), or the whole file when it is shorter', () => {
  const rows = Array.from({ length: 12 }, (_, i) => `${i},2.${i}\n`).join('');
  const text = `step,loss\n${rows}`;
  assert.ok(text.length > 70);
  assert.deepEqual([0, 9, 10, 63, 64, 65, 70].map((p) => noticed(text, p)), [true, true, true, true, false, false, false]);
  // a file of 16 bytes: all of it (its second row too); once it has grown, its first 64 bytes (it
  // was kept again, longer, while shorter than 64: a run restarted into the same file with the same
  // first row is still noticed)
  assert.deepEqual([0, 14, 15].map((p) => noticed('step,loss\n1,2.5\n', p)), [true, true, true]);
  assert.deepEqual([15, 16, 40, 63, 64].map((p) => noticed('step,loss\n1,2.5\n', p, rows)), [true, true, true, true, false]);
  // a blank first line is a short first line like any other
  const blank = `\n${text}`;
  assert.deepEqual([0, 1, 63, 64].map((p) => noticed(blank, p)), [true, true, true, false]);
});

test('a first line over 64 bytes: the whole line and its newline are compared, the next byte is not', () => {
  const h = header(90);
  const text = `${h}\n1,2\n2,1\n`;
  // bytes 0, 64, 88 (the last of the line), 89 (its last name's end) and 90 (the newline); 91 is the next row
  assert.deepEqual([0, 64, 88, 89, 90, 91, 92].map((p) => noticed(text, p)), [true, true, true, true, true, false, false]);
});

test('a first line still being written: what was read of it is compared, and once it is complete the whole line', () => {
  const h = header(90);
  // 70 bytes of the header, no newline yet: all 70 are kept (not only 64)
  assert.deepEqual([0, 63, 64, 66, 69].map((p) => noticed(h.slice(0, 70), p)), [true, true, true, true, true]);
  // the line completed and rows written later: the start is kept again with the whole line
  const rest = `${h.slice(70)}\n1,2\n2,1\n`;
  assert.deepEqual([69, 75, 89, 90, 91, 95].map((p) => noticed(h.slice(0, 70), p, rest)), [true, true, true, true, false, false]);
  // a short line still being written, completed later: 64 bytes then
  const short = `${'1,2\n'.repeat(20)}`;
  assert.deepEqual([5, 40, 63, 64].map((p) => noticed('step,lo', p, `ss\n${short}`)), [true, true, true, false]);
});

test('a first line longer than MAX_HEAD_BYTES: only its first MAX_HEAD_BYTES are compared', () => {
  assert.equal(MAX_HEAD_BYTES, 64 * 1024);
  const h = header(MAX_HEAD_BYTES + 500);
  const text = `${h}\n${'1,2\n'.repeat(3)}`;
  assert.deepEqual([MAX_HEAD_BYTES - 1, MAX_HEAD_BYTES, MAX_HEAD_BYTES + 300].map((p) => noticed(text, p)), [true, false, false]);
  // the same line first seen cut (no newline yet) and kept again when more is there: capped too
  const cut = h.slice(0, 1000);
  assert.deepEqual([999, MAX_HEAD_BYTES - 1, MAX_HEAD_BYTES].map((p) => noticed(cut, p, `${h.slice(1000)}\n1,2\n`)), [true, true, false]);
});

const STATE = JSON.stringify({
  global_step: 20,
  log_history: [{ epoch: 1, loss: 2.5, step: 10 }, { epoch: 2, loss: 2.25, step: 20 }, { epoch: 2, eval_loss: 2.4, step: 20 }],
}, null, 2);

test('trainer_state.json caught half-written while watched: no error, no note, nothing read; the finished save is read whole', () => {
  for (const cut of [STATE.indexOf('"step": 20'), STATE.indexOf('"loss": 2.5'), 1]) {
    const d = tmp();
    const f = join(d, 'trainer_state.json');
    writeFileSync(f, STATE.slice(0, cut));
    const t = new RunTailer(d);
    assert.deepEqual(t.poll(), { changed: true, reset: false, bytes: 0 }, `cut at ${cut}`);
    assert.deepEqual([t.data().series, t.data().notes], [[], []]);
    writeFileSync(f, STATE);
    t.poll();
    assert.deepEqual(t.data().notes, []);
    assert.deepEqual(t.data().series.map((s) => [s.name, Array.from(s.steps), Array.from(s.values)]), [['loss', [10, 20], [2.5, 2.25]], ['eval_loss', [20], [2.4]]]);
    // a later save caught half-written again: the last complete reading stays until the next one
    writeFileSync(f, STATE.slice(0, cut) + ' ');
    t.poll();
    assert.deepEqual(t.data().notes, []);
    assert.deepEqual(t.data().series.map((s) => [s.name, Array.from(s.values)]), [['loss', [2.5, 2.25]], ['eval_loss', [2.4]]], 'the last complete reading is kept');
    writeFileSync(f, STATE.replace('2.25', '2.125') + '\n');
    t.poll();
    assert.deepEqual(t.data().series.map((s) => [s.name, Array.from(s.values)]), [['loss', [2.5, 2.125]], ['eval_loss', [2.4]]]);
    assert.equal(t.resets, 0);
  }
  // the same half-written file read as finished (the CLI): salvaged with a note, or an error
  const d = tmp();
  writeFileSync(join(d, 'trainer_state.json'), STATE.slice(0, STATE.indexOf('"step": 20')));
  const r = readRunPath(d);
  assert.deepEqual(r.notes.map((n) => n.message), ['incomplete file (the Trainer may be rewriting it): read the 1 complete log_history entries']);
});

test('trainer_state.json is read again when its size, its time or its inode changed, and only then', () => {
  const d = tmp();
  const f = join(d, 'trainer_state.json');
  const doc = (loss: string): string => `{"log_history": [{"loss": ${loss}, "step": 10}]}`;
  const T0 = 1_700_000_000; // whole seconds: the times set are read back exactly
  writeFileSync(f, doc('2.50'));
  utimesSync(f, T0, T0);
  const t = new RunTailer(d);
  t.poll();
  const loss = (): number[] => Array.from(t.data().series[0].values);
  assert.deepEqual(loss(), [2.5]);
  // the same size and time (the bytes changed behind our back): not read again
  writeFileSync(f, doc('2.40'));
  utimesSync(f, T0, T0);
  assert.deepEqual([t.poll().changed, loss()], [false, [2.5]]);
  // the same size, a later time: read again
  utimesSync(f, T0, T0 + 5);
  assert.deepEqual([t.poll().changed, loss()], [true, [2.4]]);
  // the same size and time on a new inode (saved to a temporary file and renamed): read again
  writeFileSync(join(d, 'tmp.json'), doc('2.30'));
  utimesSync(join(d, 'tmp.json'), T0, T0 + 5);
  renameSync(join(d, 'tmp.json'), f);
  assert.equal(statSync(f).mtimeMs, (T0 + 5) * 1000);
  assert.deepEqual([t.poll().changed, loss()], [true, [2.3]]);
  // another size at the same time on the same inode: read again
  writeFileSync(f, doc('2.2'));
  utimesSync(f, T0, T0 + 5);
  assert.deepEqual([t.poll().changed, loss()], [true, [2.2]]);
  assert.equal(t.resets, 0);
});

test('a restart counts the bytes read before it was noticed and those of the fresh reading; a folder gone is waited for', () => {
  const d = tmp();
  for (const k of ['a', 'b']) { mkdirSync(join(d, k)); writeFileSync(join(d, k, 'log.csv'), 'step,loss\n1,2\n'); } // 14 bytes each
  const t = new RunTailer(d);
  assert.deepEqual(t.poll(), { changed: true, reset: false, bytes: 28 });
  appendFileSync(join(d, 'a', 'log.csv'), '2,1\n');
  writeFileSync(join(d, 'b', 'new.csv'), 'step,loss\n1,3\n');
  renameSync(join(d, 'b', 'new.csv'), join(d, 'b', 'log.csv'));
  // a's 4 new bytes, then b found replaced: the run read again, 18 + 14 bytes
  assert.deepEqual(t.poll(), { changed: true, reset: true, bytes: 4 + 18 + 14 });
  assert.deepEqual(t.data().series.map((s) => [s.name, Array.from(s.values)]), [['a/loss', [2, 1]], ['b/loss', [3]]]);
  // the whole folder removed: polls and rescans wait, what was read stays
  rmSync(d, { recursive: true, force: true });
  t.rescan();
  assert.deepEqual(t.poll(), { changed: false, reset: false, bytes: 0 });
  assert.equal(t.data().series.length, 2);
});

test('a folder\'s trainer_state.json files: one alone is read wherever it is, beside logs in numbered checkpoint folders', () => {
  const d = tmp();
  for (const [rel, text] of [['checkpoint-900/trainer_state.json', '{"log_history": []}'], ['checkpoint-1000/eval.csv', 'step,loss\n1,2\n'], ['checkpoint-1000/more/x.csv', 'step,loss\n1,2\n']]) {
    mkdirSync(join(d, rel, '..'), { recursive: true });
    writeFileSync(join(d, rel), text);
  }
  assert.deepEqual(planRun(d).files, ['checkpoint-1000/eval.csv', 'checkpoint-1000/more/x.csv', 'checkpoint-900/trainer_state.json']);
});
