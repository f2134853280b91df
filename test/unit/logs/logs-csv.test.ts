/**
 * CSV reading, column by column and at the end of the file: duplicate and blank column names,
 * the bookkeeping columns (time, epoch) kept as the points' time and epoch, the delimiter on ties,
 * cells with spaces and signs, rows without a step, CRLF — and a file that ends inside a quoted
 * field without its last newline (a job writing a quoted note), which used to escape as csv-parse's
 * own "Quote Not Closed" error instead of a note about the incomplete last line.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pickEpochColumn, pickStepColumn, pickTimeColumn, sniffDelimiter } from '../../../src/logs/csv';
import { readRunFromBytes, type RunData } from '../../../src/logs/run';

const enc = new TextEncoder();
const read = (text: string, name = 'a.csv'): RunData => readRunFromBytes(name, [{ rel: name, shown: `shown/${name}`, bytes: enc.encode(text) }]);
const table = (r: RunData) => r.series.map((s) => [s.name, Array.from(s.steps), Array.from(s.values), s.times && Array.from(s.times), s.epochs && Array.from(s.epochs)]);
const notes = (r: RunData) => r.notes.map((n) => `${n.file} | ${n.where ?? '-'} | ${n.message}`);

test('a last line cut inside a quoted field: a note, the rows before it read', () => {
  const r = read('step,loss,note\n1,2,x\n2,1,"still writ');
  assert.deepEqual(notes(r), ['shown/a.csv | line 3 | incomplete last line ignored (the job may still be writing it)']);
  assert.deepEqual(table(r), [['loss', [1], [2], undefined, undefined]]);
  const two = read('step,loss\n1,2\n"2,1');
  assert.deepEqual(notes(two), ['shown/a.csv | line 3 | incomplete last line ignored (the job may still be writing it)']);
});

test('a quoted field over several lines that ends the file without a newline: the record is complete', () => {
  const r = read('step,loss,note\n1,2,"multi\nline"');
  assert.deepEqual([notes(r), table(r)], [[], [['loss', [1], [2], undefined, undefined]]]);
  // still open at the end: one note, at the line where the record starts
  const open = read('step,loss,note\n1,2,x\n2,1,"multi\nline');
  assert.deepEqual(notes(open), ['shown/a.csv | line 3 | unterminated quoted field at the end of the file ignored']);
  assert.deepEqual(table(open), [['loss', [1], [2], undefined, undefined]]);
  // with its newline the same record is read as it comes
  assert.deepEqual(table(read('step,loss,note\n1,2,"multi\nline"\n')), [['loss', [1], [2], undefined, undefined]]);
});

test('columns: duplicates numbered from .2, case kept, a blank name skipped; time and epoch columns are the points\' time and epoch', () => {
  const r = read('step,loss,loss,Loss,,time,Epoch\n1,2,3,4,5,100,0\n2,1,2,3,4,101,1\n');
  assert.equal(r.format, 'lightning-csv');
  assert.deepEqual(table(r), [
    ['loss', [1, 2], [2, 1], [100, 101], [0, 1]], ['loss.2', [1, 2], [3, 2], [100, 101], [0, 1]], ['Loss', [1, 2], [4, 3], [100, 101], [0, 1]],
  ]);
  assert.deepEqual(table(read('wall_time,step,loss\n100.5,1,2\n101.5,2,1\n')), [['loss', [1, 2], [2, 1], [100.5, 101.5], undefined]]);
  // W&B's export: _step is the step, _runtime the time
  assert.deepEqual(table(read('_runtime,_step,loss\n1,0,2\n2,1,1\n')), [['loss', [0, 1], [2, 1], [1, 2], undefined]]);
});

test('rows: no step column counts accepted rows only; a row without a step number is skipped (noted once); spaces, signs, CRLF', () => {
  assert.deepEqual(table(read('loss,acc\n2,0.1\nx,y\n1,0.2\n')), [['loss', [0, 2], [2, 1], undefined, undefined], ['acc', [0, 2], [0.1, 0.2], undefined, undefined]]);
  const r = read('step,loss\n1,2\n,3\n3,1\nabc,1\n');
  assert.deepEqual(notes(r), ["shown/a.csv | line 3 | no number in the step column 'step'; rows like this are skipped"]);
  assert.deepEqual(table(r), [['loss', [1, 3], [2, 1], undefined, undefined]]);
  assert.deepEqual(table(read('step,loss\n1,2\n 2 , 1.5 \n+3,1e-1\n')), [['loss', [1, 2, 3], [2, 1.5, 0.1], undefined, undefined]]);
  assert.deepEqual(table(read('step,loss\r\n1,2\r\n2,1\r\n')), [['loss', [1, 2], [2, 1], undefined, undefined]]);
  assert.deepEqual(table(read('iter;loss;val loss\n1;2;\n2;1;3\n')), [['loss', [1, 2], [2, 1], undefined, undefined], ['val loss', [2], [3], undefined, undefined]]);
  // a complete last row without its newline is read; one with too few cells is noted
  assert.deepEqual(table(read('step,loss\n1,2\n2,1')), [['loss', [1, 2], [2, 1], undefined, undefined]]);
  assert.deepEqual(notes(read('step,loss\n1,2\n2')), ['shown/a.csv | line 3 | incomplete last line ignored (the job may still be writing it)']);
});

test('the delimiter: the most frequent of , tab ;, a comma on ties; step, time and epoch columns by name, trimmed, any case', () => {
  assert.deepEqual(['a,b;c;d', 'a\tb;c', 'a;b,c', 'a\tb\tc;d;e', 'abc', 'a;b\tc,d'].map(sniffDelimiter), [';', '\t', ',', '\t', ',', ',']);
  assert.equal(pickStepColumn(['epoch', 'Step ']), 1);
  assert.equal(pickStepColumn(['epoch', 'iter', 'global_step']), 2, 'global_step before iter before epoch');
  assert.equal(pickStepColumn(['loss']), -1);
  assert.equal(pickEpochColumn(['Epoch', 'step'], 1), 0);
  assert.equal(pickEpochColumn(['epoch'], 0), -1, 'the epoch column is the step');
  assert.equal(pickEpochColumn(['step', ' EPOCH '], 0), 1, 'trimmed, any case');
  assert.equal(pickEpochColumn(['step', 'epochs'], 0), -1);
  assert.equal(pickTimeColumn(['time', 'wall_time']), 1, 'wall_time first');
  assert.equal(pickTimeColumn(['loss']), -1);
});

test('every step column name, each found alone and in order of preference; epoch last', () => {
  const names = ['step', 'global_step', 'globalstep', 'steps', 'iteration', 'iter', 'it', 'batch', 'trainer/global_step', '_step', 'epoch'];
  for (const n of names) assert.equal(pickStepColumn(['loss', n.toUpperCase()]), 1, n);
  // each one before all those after it, whatever the column order
  for (let k = 0; k < names.length; k++) assert.equal(pickStepColumn([...names.slice(k + 1), names[k]].reverse()), 0, names[k]);
  for (const n of ['stepsize', 'iters', 'batch_size', 'epochs', 'global-step', 'time']) assert.equal(pickStepColumn(['loss', n]), -1, n);
  // read: the step of each row from that column
  assert.deepEqual(table(read('trainer/global_step,loss\n10,2\n20,1\n')), [['loss', [10, 20], [2, 1], undefined, undefined]]);
});
