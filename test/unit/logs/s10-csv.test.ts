/**
 * The CSV reader branch by branch, with every note word for word and its line: the last line without
 * its newline (complete, short, quoted, cut in a quote, blank), a header with a byte-order mark or
 * quotes, rows with a wrong number of fields on both the byte path and the string path, non-ASCII
 * rows, the step column missing on either path (noted once, at the first such row), and time and
 * epoch columns present, absent or unreadable in a row.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CsvParser } from '../../../src/logs/csv';
import { readRunFromBytes, type RunData } from '../../../src/logs/run';
import { RunSink } from '../../../src/logs/sink';

const enc = new TextEncoder();
const read = (text: string, name = 'log.csv'): RunData => readRunFromBytes(name, [{ rel: name, shown: `run/${name}`, bytes: enc.encode(text) }]);
const table = (r: RunData) => r.series.map((s) => [s.name, Array.from(s.steps), Array.from(s.values), s.times && Array.from(s.times), s.epochs && Array.from(s.epochs)]);
const notes = (r: RunData) => r.notes.map((n) => `${n.where ?? '-'}: ${n.message}`);

const STEP_MISSING = "no number in the step column 'step'; rows like this are skipped";
const INCOMPLETE = 'incomplete last line ignored (the job may still be writing it)';

test('the last line without its newline: read when it has every column, with its own line number in any note', () => {
  // complete, its step unreadable: the note names its line (3, after the header and one row)
  let r = read('step,loss\n1,2\nx,1');
  assert.deepEqual(notes(r), [`line 3: ${STEP_MISSING}`]);
  assert.deepEqual(table(r), [['loss', [1], [2], undefined, undefined]]);
  r = read('step,loss\n1,2\n\n\n"x","1"');
  assert.deepEqual(notes(r), [`line 5: ${STEP_MISSING}`], 'blank lines count; a quoted last line too');
  // complete with quotes: read
  assert.deepEqual(table(read('step,loss\n1,2\n"2","1.5"')), [['loss', [1, 2], [2, 1.5], undefined, undefined]]);
  // too few or too many cells: the incomplete-line note with its line
  assert.deepEqual(notes(read('step,loss\n1,2\n2,1,0')), [`line 3: ${INCOMPLETE}`]);
  assert.deepEqual(notes(read('step,loss,acc\n1,2,3\n2,1')), [`line 3: ${INCOMPLETE}`]);
  assert.deepEqual(notes(read('step,loss\n"2,1')), [`line 2: ${INCOMPLETE}`]);
  // a last line of spaces only, or a CR only: nothing to say
  assert.deepEqual([notes(read('step,loss\n1,2\n   ')), notes(read('step,loss\n1,2\n\r'))], [[], []]);
  // only a header without its newline: the header is no row
  assert.deepEqual([notes(read('step,loss')), table(read('step,loss'))], [[`line 1: ${INCOMPLETE}`], []]);
  // a last line without a newline after a CRLF file, ending in CR: read
  assert.deepEqual(table(read('step,loss\r\n1,2\r\n2,1\r')), [['loss', [1, 2], [2, 1], undefined, undefined]]);
});

test('the step column missing in a row: one note at the first such row, on the byte path and the string path alike', () => {
  // byte path (plain ASCII): an empty step, then a word
  assert.deepEqual(notes(read('step,loss\n1,2\n,3\nabc,4\n5,1\n')), [`line 3: ${STEP_MISSING}`]);
  // string path (a quoted cell or non-ASCII): the same note
  assert.deepEqual(notes(read('step,loss\n1,2\n"",3\n5,1\n')), [`line 3: ${STEP_MISSING}`]);
  assert.deepEqual(notes(read('step,loss,note\n1,2,é\nabc,4,é\n5,1,é\n')), [`line 3: ${STEP_MISSING}`]);
  // a step of inf or nan is no step either (both paths)
  for (const text of ['step,loss\n1,2\ninf,3\nnan,4\n', 'step,loss\n1,2\n"inf",3\n"nan",4\n']) {
    const r = read(text);
    assert.deepEqual(notes(r), [`line 3: ${STEP_MISSING}`], text);
    assert.deepEqual(table(r), [['loss', [1], [2], undefined, undefined]], text);
  }
  // the name in the note is the header's, as written
  assert.deepEqual(notes(read('Global_Step,loss\n1,2\n-,3\n')), ["line 3: no number in the step column 'Global_Step'; rows like this are skipped"]);
  // without a step column the row number is the step: rows skipped for their field count do not count
  assert.deepEqual(table(read('loss,acc\n2,0.1\n5\n1,0.2\n')), [['loss', [0, 1], [2, 1], undefined, undefined], ['acc', [0, 1], [0.1, 0.2], undefined, undefined]]);
});

test('rows with the wrong number of fields: a note with both counts and the line, on either path; the header decides', () => {
  const r = read('step,loss\n1,2\n2,1,9\n3\n"4",1,"x"\n5,é\n6,0.5\n');
  assert.deepEqual(notes(r), [
    'line 3: row has 3 fields, the header has 2; skipped', 'line 4: row has 1 fields, the header has 2; skipped',
    'line 5: row has 3 fields, the header has 2; skipped',
  ]);
  assert.deepEqual(table(r), [['loss', [1, 6], [2, 0.5], undefined, undefined]], 'the non-ASCII cell is no number: the row gives nothing');
  // semicolon and tab files count their own delimiter
  assert.deepEqual(notes(read('step;loss\n1;2\n2;1;0\n2,1\n')), ['line 3: row has 3 fields, the header has 2; skipped', 'line 4: row has 1 fields, the header has 2; skipped']);
  assert.deepEqual(notes(read('step\tloss\n1\t2\n2\t1\t0\n')), ['line 3: row has 3 fields, the header has 2; skipped']);
});

test('the header: a byte-order mark and quotes removed, names trimmed; a blank first line is no header', () => {
  for (const text of ['\ufeffstep,loss\n1,2\n', '\ufeff"step","loss"\n1,2\n', '"step"," loss "\n1,2\n', ' step , loss \n1,2\n', '\n\nstep,loss\n1,2\n', '  \nstep,loss\n1,2\n']) {
    assert.deepEqual(table(read(text)), [['loss', [1], [2], undefined, undefined]], JSON.stringify(text));
  }
  // a quoted header with the delimiter inside a name
  assert.deepEqual(table(read('"step","loss, smoothed"\n1,2\n')), [['loss, smoothed', [1], [2], undefined, undefined]]);
  // a semicolon file (decimal commas are not numbers: the cell is skipped)
  assert.deepEqual(table(read('step;loss;acc\n1;2,5;0.5\n')), [['acc', [1], [0.5], undefined, undefined]]);
});

test('time and epoch columns: kept per point where the row has them, NaN where its cell is empty or unreadable, on both paths', () => {
  for (const q of ['', '"']) {
    const c = (s: string): string => `${q}${s}${q}`;
    const r = read(`step,loss,time,epoch\n${[['1', '2', '100', '0'], ['2', '1.5', '', ''], ['3', '1', 'x', 'y'], ['4', '0.5', '103.5', '1']].map((row) => row.map(c).join(',')).join('\n')}\n`);
    assert.deepEqual(table(r), [['loss', [1, 2, 3, 4], [2, 1.5, 1, 0.5], [100, NaN, NaN, 103.5], [0, NaN, NaN, 1]]], `quote ${q}`);
  }
  // the epoch as the step (no other step column): it is not also each point's epoch
  assert.deepEqual(table(read('epoch,loss\n0,2\n1,1\n')), [['loss', [0, 1], [2, 1], undefined, undefined]]);
  assert.deepEqual(table(read('epoch,loss\n"0","2"\n"1","1"\n')), [['loss', [0, 1], [2, 1], undefined, undefined]]);
  // bookkeeping columns are no series, in any case
  assert.deepEqual(read('step,loss,Time,TIMESTAMP,wall_time,walltime,created_at,datetime,date,_timestamp,_runtime,Epoch\n1,2,3,4,5,6,7,8,9,10,11,12\n').series.map((s) => s.name), ['loss']);
});

test('cells: a number after spaces, a sign or a dot, nan/inf spellings and tensor(...) strings; words and hex are no numbers', () => {
  const cells = [' 2', '+3', '.5', '-.25', '1e3', 'nan', 'Inf', '-infinity', 'tensor(0.25)', "tensor(1.5, device='cuda:0')", 'abc', '0x10', '0b1', '-', '1.5.2', '1,5'];
  const text = `step,v\n${cells.map((c, i) => `${i},${c.includes(',') ? `"${c}"` : c}`).join('\n')}\n`;
  const r = read(text);
  assert.deepEqual(table(r), [['v', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [2, 3, 0.5, -0.25, 1000, NaN, Infinity, -Infinity, 0.25, 1.5], undefined, undefined]]);
  assert.deepEqual(r.notes, []);
  // non-ASCII white space around a number (a no-break space, an ideographic space) is trimmed, as
  // the string path decodes the row as UTF-8 first
  assert.deepEqual(table(read('step,v\n1,\u00a02.5\n2,3\u3000\n\u00a03,1\n')), [['v', [1, 2, 3], [2.5, 3, 1], undefined, undefined]]);
  // a step with a leading zero, spaces or an exponent is a step
  assert.deepEqual(table(read('step,v\n007,1\n 8 ,2\n1e1,3\n')), [['v', [7, 8, 10], [1, 2, 3], undefined, undefined]]);
});

test('pushed in pieces: a row split across chunks, a quoted record over chunks, and end(false) reports nothing', () => {
  const sink = new RunSink();
  const p = new CsvParser({ sink, file: 'f.csv', prefix: 'p/' });
  for (const piece of ['st', 'ep,lo', 'ss,note\n1,', '2,"a\nb"\n2,1', ',x\n3,0.5,"cut']) p.push(enc.encode(piece));
  p.end(false);
  assert.deepEqual(sink.notes, []);
  assert.deepEqual(sink.store.series().map((s) => [s.name, Array.from(s.steps), Array.from(s.values)]), [['p/loss', [1, 2], [2, 1]]]);
  p.end(true);
  assert.deepEqual(sink.notes, [{ file: 'f.csv', where: 'line 5', message: INCOMPLETE }]);
});

const jsonl = (text: string, name = 'm.jsonl'): RunData => readRunFromBytes(name, [{ rel: name, shown: `run/${name}`, bytes: enc.encode(text) }]);

test('JSON lines: the last line without its newline gets its own line number; complete JSON that is no object is said to be one', () => {
  assert.deepEqual(notes(jsonl('{"step": 1, "loss": 2}\n\n{"step": "x", "loss": 1}')), ["line 3: no numeric 'step'; line skipped"]);
  assert.deepEqual(notes(jsonl('{"type": "header"}\n{"type": "step", "loss": 1}', 'rank0.jsonl')), ["line 2: 'step' line without a numeric step; skipped"]);
  // a last line that is JSON but no object: not "incomplete"
  for (const last of ['[1, 2]', '5', 'null', '"x"']) {
    assert.deepEqual(notes(jsonl(`{"step": 1, "loss": 2}\n${last}`)), ['line 2: not a JSON object; line skipped'], last);
  }
  assert.deepEqual(notes(jsonl('{"step": 1, "loss": 2}\n{"step": 2, "loss"')), ['line 2: incomplete last line ignored (the job may still be writing it)']);
  assert.deepEqual(notes(jsonl('{"step": 1, "loss": 2}\n \t\r')), []);
  // the same lines with their newline: each its own note
  assert.deepEqual(notes(jsonl('{"step": 1, "loss": 2}\n[1, 2]\n{"step": 2, "loss"\n')), ['line 2: not a JSON object; line skipped', 'line 3: not valid JSON; line skipped']);
});

test('column names: a name seen before gets the first free .k from 2 on, also past a name that already ends in .2', () => {
  const r = read('step,loss,loss,loss,acc.2,acc,acc\n1,1,2,3,4,5,6\n');
  assert.deepEqual(r.series.map((s) => [s.name, Array.from(s.values)]), [['loss', [1]], ['loss.2', [2]], ['loss.3', [3]], ['acc.2', [4]], ['acc', [5]], ['acc.3', [6]]]);
  // a second step-like column is a series; the step column itself is not
  assert.deepEqual(read('step,global_step,loss\n1,10,2\n').series.map((s) => [s.name, Array.from(s.steps), Array.from(s.values)]), [['global_step', [1], [10]], ['loss', [1], [2]]]);
});
