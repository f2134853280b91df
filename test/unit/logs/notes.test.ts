/**
 * What each log reader says about the lines, entries and records it cannot use: the exact note,
 * the file it names and where (line, log_history index, record and byte), on small hand-made logs
 * — and the values it reads around them, so a skipped line is skipped and nothing else.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readRunFromBytes, RunReader, type RunData } from '../../../src/logs/run';
import { MAX_NOTES_PER_FILE } from '../../../src/logs/sink';
import { encodeEvent } from '../../../src/logs/tb-proto';
import { encodeRecord } from '../../../src/logs/tfrecord';

const enc = new TextEncoder();
const read = (rel: string, text: string | Uint8Array): RunData => readRunFromBytes('run', [{ rel, shown: `shown/${rel}`, bytes: typeof text === 'string' ? enc.encode(text) : text }]);
const notes = (r: RunData): string[] => r.notes.map((n) => `${n.file} | ${n.where ?? '-'} | ${n.message}`);
const values = (r: RunData, name: string): [number, number][] => {
  const s = r.series.find((x) => x.name === name);
  assert.ok(s, `no series ${name} in ${r.series.map((x) => x.name).join()}`);
  return Array.from(s.steps, (st, i) => [st, s.values[i]]);
};

test('CSV: a row with the wrong number of fields, a step that is no number (said once), each with its line', () => {
  const r = read('log.csv', 'step,loss,acc\n1,2.5,0.1\n2,2.4\n3,2.3,0.2,9\nx,2.2,0.3\n"y",2.1,0.4\n5,2.0,0.5\n');
  assert.deepEqual(notes(r), [
    'shown/log.csv | line 3 | row has 2 fields, the header has 3; skipped',
    'shown/log.csv | line 4 | row has 4 fields, the header has 3; skipped',
    "shown/log.csv | line 5 | no number in the step column 'step'; rows like this are skipped",
  ]);
  assert.deepEqual(values(r, 'loss'), [[1, 2.5], [5, 2]]);
  assert.deepEqual(values(r, 'acc'), [[1, 0.1], [5, 0.5]]);
});

test('CSV: the step column read from quoted rows too; its note names the column as written', () => {
  const r = read('log.csv', 'Global_Step;"loss"\n"1";"2.5"\n"n/a";"2.4"\n"3";"2.3"\n');
  assert.deepEqual(notes(r), ["shown/log.csv | line 3 | no number in the step column 'Global_Step'; rows like this are skipped"]);
  assert.deepEqual(values(r, 'loss'), [[1, 2.5], [3, 2.3]]);
});

test('CSV: a last line without its newline is read when it has every column, else noted at its line', () => {
  assert.deepEqual(notes(read('log.csv', 'step,loss\n1,2.5\n2,2.4')), []);
  assert.deepEqual(values(read('log.csv', 'step,loss\n1,2.5\n2,2.4'), 'loss'), [[1, 2.5], [2, 2.4]]);
  assert.deepEqual(values(read('log.csv', 'step,loss\n1,2.5\n"2","2.4"'), 'loss'), [[1, 2.5], [2, 2.4]]);
  const cut = read('log.csv', 'step,loss,acc\n1,2.5,0.1\n2,2.4');
  assert.deepEqual(notes(cut), ['shown/log.csv | line 3 | incomplete last line ignored (the job may still be writing it)']);
  assert.deepEqual(values(cut, 'loss'), [[1, 2.5]]);
  assert.deepEqual(notes(read('log.csv', 'step,loss\n1,2.5\n  ')), [], 'trailing blanks are no line');
});

test('CSV: a quoted field spanning lines is one record; one never closed is noted where it opened', () => {
  const ok = read('log.csv', 'step,loss,tag\n1,2.5,"a\nb"\n2,2.4,c\n');
  assert.deepEqual(notes(ok), []);
  assert.deepEqual(values(ok, 'loss'), [[1, 2.5], [2, 2.4]]);
  const open = read('log.csv', 'step,loss,tag\n1,2.5,x\n2,2.4,"a\nb\n');
  assert.deepEqual(notes(open), ['shown/log.csv | line 3 | unterminated quoted field at the end of the file ignored']);
  assert.deepEqual(values(open, 'loss'), [[1, 2.5]]);
});

test(`notes per file: at most ${MAX_NOTES_PER_FILE}, then one note counting the rest`, () => {
  const rows = (bad: number): string => `step,loss\n${Array.from({ length: bad }, (_, i) => `${i},1,1\n`).join('')}`;
  const at = (bad: number): RunData => read('log.csv', rows(bad));
  assert.equal(at(MAX_NOTES_PER_FILE).notes.length, MAX_NOTES_PER_FILE);
  assert.deepEqual(at(MAX_NOTES_PER_FILE + 1).notes.slice(MAX_NOTES_PER_FILE), [{ file: 'shown/log.csv', message: '1 more problems of the same kind not listed' }]);
  const many = at(25);
  assert.equal(many.notes.length, MAX_NOTES_PER_FILE + 1);
  assert.equal(many.notes[MAX_NOTES_PER_FILE - 1].where, `line ${MAX_NOTES_PER_FILE + 1}`);
  assert.equal(many.notes[MAX_NOTES_PER_FILE].message, '5 more problems of the same kind not listed');
});

test('JSONL: invalid JSON, a line that is not an object, a missing step, an incomplete last line; the rest read', () => {
  const r = read('metrics.jsonl', '{"step": 1, "loss": 2.5}\n{"step": 2, "loss": \n[1, 2]\n{"step": "x", "loss": 2.3}\n{"step": 4, "loss": 2.2, "eval": {"loss": 2.9, "name": "a"}}\n{"step": 5, "lo');
  assert.deepEqual(notes(r), [
    'shown/metrics.jsonl | line 2 | not valid JSON; line skipped',
    'shown/metrics.jsonl | line 3 | not a JSON object; line skipped',
    "shown/metrics.jsonl | line 4 | no numeric 'step'; line skipped",
    'shown/metrics.jsonl | line 6 | incomplete last line ignored (the job may still be writing it)',
  ]);
  assert.deepEqual(values(r, 'loss'), [[1, 2.5], [4, 2.2]]);
  assert.deepEqual(values(r, 'eval/loss'), [[4, 2.9]]);
  assert.deepEqual(values(read('metrics.jsonl', '{"step": 1, "loss": 2.5}\n{"step": 2, "loss": 2.4}'), 'loss'), [[1, 2.5], [2, 2.4]], 'a complete last line without its newline');
});

test('our run folder: a foreign header format, step/scalars/snapshot lines without a step, a snapshot without a usable path', () => {
  const long = 'x'.repeat(60);
  const lines = [
    { type: 'header', format: long, rank: 0, loss: 'CrossEntropyLoss' },
    { type: 'step', step: 0, loss: 2.5, scalars: { lr: 0.1 } },
    { type: 'step', loss: 2.4 },
    { type: 'scalars', step: 'one', scalars: { lr: 0.2 } },
    { type: 'snapshot', path: 'cases/a.json' },
    { type: 'snapshot', step: 1, reason: 'r'.repeat(50) },
    { type: 'snapshot', step: 2, path: 'p'.repeat(4096) },
    { type: 'snapshot', step: 3, path: 'cases/step_3.losscase.json', reason: 'nonfinite', time: 12.5 },
    { type: 'future-kind' },
    { type: 'scalars', step: 4, scalars: { lr: 0.05, name: 'x' } },
  ];
  const r = read('rank0.jsonl', lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  assert.deepEqual(notes(r), [
    `shown/rank0.jsonl | line 1 | header names format '${'x'.repeat(40)}', not lossdbg-run`,
    "shown/rank0.jsonl | line 3 | 'step' line without a numeric step; skipped",
    "shown/rank0.jsonl | line 4 | 'scalars' line without a numeric step; skipped",
    "shown/rank0.jsonl | line 5 | 'snapshot' line without a numeric step; skipped",
    'shown/rank0.jsonl | line 6 | snapshot line without a path; skipped',
    'shown/rank0.jsonl | line 7 | snapshot line without a path; skipped',
  ]);
  assert.deepEqual(values(r, 'loss'), [[0, 2.5]]);
  assert.deepEqual(values(r, 'lr'), [[0, 0.1], [4, 0.05]]);
  assert.deepEqual(r.snapshots, [{ step: 3, path: 'cases/step_3.losscase.json', reason: 'nonfinite', rank: 0, time: 12.5 }]);
  assert.equal(r.header?.loss, 'CrossEntropyLoss');
});

test('HF trainer_state.json: an entry that is no object, entries without a step naming what is lost (three, then …; long keys cut)', () => {
  const key = `k${'e'.repeat(45)}`;
  const doc = {
    log_history: [
      { step: 10, loss: 2.5, epoch: 0.5 },
      [1, 2],
      { predict_loss: 1.2, epoch: 1 },
      { a: 1, b: 2, c: 3, d: 4 },
      { [key]: 1, note: 'text' },
      { note: 'text' },
      { step: 20, loss: 2.4, eval_loss: 2.6 },
    ],
  };
  const r = read('trainer_state.json', JSON.stringify(doc));
  assert.deepEqual(notes(r), [
    'shown/trainer_state.json | log_history[1] | entry is not an object; skipped',
    'shown/trainer_state.json | log_history[2] | entry without a numeric step; skipped (predict_loss)',
    'shown/trainer_state.json | log_history[3] | entry without a numeric step; skipped (a, b, c, …)',
    `shown/trainer_state.json | log_history[4] | entry without a numeric step; skipped (${key.slice(0, 40)}…)`,
    'shown/trainer_state.json | log_history[5] | entry without a numeric step; skipped',
  ]);
  assert.deepEqual(values(r, 'loss'), [[10, 2.5], [20, 2.4]]);
  assert.deepEqual(values(r, 'eval_loss'), [[20, 2.6]]);
  assert.deepEqual(r.series.map((s) => s.name).sort(), ['eval_loss', 'loss']);
});

test('HF trainer_state.json cut mid-write: the complete entries are read, the note says how many', () => {
  const r = read('trainer_state.json', '{"best_metric": null, "log_history": [{"step": 5, "loss": 3.0}, {"step": 10, "loss": 2.5}, {"step": 15, "lo');
  assert.deepEqual(notes(r), ['shown/trainer_state.json | - | incomplete file (the Trainer may be rewriting it): read the 2 complete log_history entries']);
  assert.deepEqual(values(r, 'loss'), [[5, 3], [10, 2.5]]);
});

test('TensorBoard: a record that is not an Event is skipped with its record number and byte; a cut last record is noted at its byte', () => {
  const ev = (step: number, v: number): Uint8Array => encodeRecord(encodeEvent({ wall_time: 100 + step, step, summary: { value: [{ tag: 'loss', simple_value: v }] } }));
  const version = encodeRecord(encodeEvent({ wall_time: 99, file_version: 'brain.Event:2' }));
  const junk = encodeRecord(new Uint8Array([0xff, 0xff, 0xff]));
  const a = ev(1, 2.5), b = ev(2, 2.25);
  const whole = new Uint8Array([...version, ...a, ...junk, ...b]);
  const r = read('events.out.tfevents.1.host', whole);
  const junkAt = version.length + a.length;
  assert.deepEqual(notes(r), [`shown/events.out.tfevents.1.host | record 2 (byte ${junkAt}) | record is not a TensorBoard Event; skipped`]);
  assert.deepEqual(values(r, 'loss'), [[1, 2.5], [2, 2.25]]);
  const cut = read('events.out.tfevents.1.host', whole.subarray(0, whole.length - 5));
  assert.deepEqual(notes(cut), [notes(r)[0], `shown/events.out.tfevents.1.host | byte ${junkAt + junk.length} | incomplete last record (${b.length - 5} bytes) ignored (the job may still be writing it)`]);
  assert.deepEqual(values(cut, 'loss'), [[1, 2.5]]);
});

test('CSV: time and bookkeeping columns are no series; the time column gives each point its time', () => {
  const r = read('log.csv', 'step,loss,time,timestamp,walltime,created_at,_timestamp,_runtime,datetime,date,wall_time\n1,2.5,10,11,12,13,14,15,16,17,18\n');
  assert.deepEqual(r.series.map((s) => s.name), ['loss']);
  assert.deepEqual(Array.from(r.series[0].times ?? []), [18], 'wall_time first');
});

test('HF trainer_state.json: entries that are numbers or null are no objects; a cut file salvaged past braces inside strings', () => {
  const r = read('trainer_state.json', JSON.stringify({ log_history: [7, null, { step: 1, loss: 2 }] }));
  assert.deepEqual(notes(r), ['shown/trainer_state.json | log_history[0] | entry is not an object; skipped', 'shown/trainer_state.json | log_history[1] | entry is not an object; skipped']);
  const cut = read('trainer_state.json', '{"log_history": [{"step": 1, "loss": 2, "note": "a}b{\\"c"}, {"step": 2, "loss": 1.5}, {"step": 3, "lo');
  assert.deepEqual(values(cut, 'loss'), [[1, 2], [2, 1.5]]);
  assert.match(notes(cut)[0], /read the 2 complete log_history entries$/);
});

test('our run folder: rank 0\'s header is the run\'s header whichever file is read first; another rank\'s only stands in until then', () => {
  const h = (rank: number, loss: string): string => `${JSON.stringify({ type: 'header', format: 'lossdbg-run', rank, loss })}\n`;
  const r = readRunFromBytes('run', [
    { rel: 'rank1.jsonl', shown: 'rank1.jsonl', bytes: enc.encode(h(1, 'one')) },
    { rel: 'rank0.jsonl', shown: 'rank0.jsonl', bytes: enc.encode(h(0, 'zero')) },
    { rel: 'rank2.jsonl', shown: 'rank2.jsonl', bytes: enc.encode(h(2, 'two')) },
  ]);
  assert.deepEqual([r.header?.rank, r.header?.loss, r.ranks], [0, 'zero', [0, 1, 2]]);
  const only1 = readRunFromBytes('run', [{ rel: 'rank1.jsonl', shown: 'rank1.jsonl', bytes: enc.encode(h(1, 'one') + h(3, 'three')) }]);
  assert.deepEqual([only1.header?.rank, only1.header?.loss], [1, 'one']);
});

test('JSONL and CSV being written: an unfinished last line waits (no note) until the file is final', () => {
  for (const [rel, head, part, rest] of [['m.jsonl', '{"step": 1, "loss": 2}\n', '{"step": 2, "lo', 'ss": 1.5}\n'], ['m.csv', 'step,loss\n1,2\n', '2,1', '.5\n']] as const) {
    const r = new RunReader('run', [rel]);
    r.addFile(rel, rel, enc.encode(head));
    r.push(rel, enc.encode(head + part));
    r.end(rel, false);
    assert.deepEqual([r.data().notes, values(r.data(), 'loss')], [[], [[1, 2]]], `${rel}: waiting`);
    r.push(rel, enc.encode(rest));
    r.end(rel, true);
    assert.deepEqual([r.data().notes, values(r.data(), 'loss')], [[], [[1, 2], [2, 1.5]]], `${rel}: completed`);
  }
});
