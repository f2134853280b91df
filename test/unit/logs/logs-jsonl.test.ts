/**
 * JSON lines, field by field: our run folder's header (rank 0's wins whenever it is read; each
 * field taken only with its type), steps and losses written as strings, NaN losses, times only when
 * numbers; generic JSONL's step key chosen (case-insensitively) from the first object, the
 * bookkeeping keys left out, one level of nesting, strings that are numbers, lines without a step.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readRunFromBytes, type RunData } from '../../../src/logs/run';

const enc = new TextEncoder();
const lines = (o: unknown[]): Uint8Array => enc.encode(o.map((x) => JSON.stringify(x)).join('\n') + '\n');
const table = (r: RunData) => r.series.map((s) => [s.name, Array.from(s.steps), Array.from(s.values), s.times && Array.from(s.times), s.epochs && Array.from(s.epochs)]);

test('run folder: rank 0\'s header wins though read second; string steps and losses, a NaN loss, a time that is no number', () => {
  const r = readRunFromBytes('run', [
    { rel: 'rank1.jsonl', shown: 'rank1.jsonl', bytes: lines([{ type: 'header', rank: 1, loss: 'MSELoss', world_size: 2 }, { type: 'step', step: 0, loss: 3, time: 5 }]) },
    { rel: 'rank0.jsonl', shown: 'rank0.jsonl', bytes: lines([
      { type: 'header', rank: 0, loss: 'CrossEntropyLoss', args: { lr: 0.1 }, world_size: 2, torch: '2.6', lossdbg: '0.3', start_time: 7 },
      { type: 'step', step: '1', loss: '2.5', time: 'x' },
      { type: 'step', step: 2, loss: 'nan', scalars: { lr: '0.1', ok: true, n: null } },
    ]) },
  ]);
  assert.deepEqual(r.header, { loss: 'CrossEntropyLoss', args: { lr: 0.1 }, rank: 0, worldSize: 2, torch: '2.6', lossdbg: '0.3', startTime: 7 });
  assert.deepEqual(r.ranks, [0, 1]);
  assert.deepEqual(r.notes, []);
  assert.deepEqual(table(r), [['rank1/loss', [0], [3], [5], undefined], ['loss', [1, 2], [2.5, NaN], undefined, undefined], ['lr', [2], [0.1], undefined, undefined]]);
});

test('run folder: a header\'s fields only with their types; without rank 0, the first header read stays', () => {
  const r = readRunFromBytes('run', [
    { rel: 'rank1.jsonl', shown: 'rank1.jsonl', bytes: lines([{ type: 'header', loss: 5, args: [1], world_size: '2', torch: 2, lossdbg: 1, start_time: '7' }, { type: 'scalars', step: 0, scalars: { val_loss: 1 } }]) },
    { rel: 'rank2.jsonl', shown: 'rank2.jsonl', bytes: lines([{ type: 'header', rank: 2, loss: 'L1Loss' }]) },
  ]);
  assert.deepEqual(r.header, { loss: undefined, args: undefined, rank: 1, worldSize: undefined, torch: undefined, lossdbg: undefined, startTime: undefined });
  assert.deepEqual(r.ranks, [1, 2]);
  assert.deepEqual(table(r), [['rank1/val_loss', [0], [1], undefined, undefined]]);
});

test('generic JSONL: the step key of the first object (any case); epoch, time, type, rank are no series; one level of nesting', () => {
  const r = readRunFromBytes('m.jsonl', [{ rel: 'm.jsonl', shown: 'm.jsonl', bytes: lines([
    { Step: 1, loss: 2, epoch: 0, time: 100, type: 'train', rank: 0, acc: '0.5', flag: true, nested: { a: 1, b: 'x', c: { d: 1 } }, list: [1] },
    { Step: 2, loss: '1.5', epoch: 'e', time: 'late' },
    { loss: 1 },
    { Step: 'nan', loss: 1 },
  ]) }]);
  assert.deepEqual(r.notes, [
    { file: 'm.jsonl', where: 'line 3', message: "no numeric 'Step'; line skipped" },
    { file: 'm.jsonl', where: 'line 4', message: "no numeric 'Step'; line skipped" },
  ]);
  assert.deepEqual(table(r), [['loss', [1, 2], [2, 1.5], [100, NaN], [0, NaN]], ['acc', [1], [0.5], [100], [0]], ['nested/a', [1], [1], [100], [0]]]);
  assert.equal(r.format, 'jsonl');
});

test('generic JSONL without a step key in its first object: the line index is the step (a later "step" is a series)', () => {
  const r = readRunFromBytes('m.jsonl', [{ rel: 'm.jsonl', shown: 'm.jsonl', bytes: lines([{ loss: 2, wall_time: 3 }, { loss: 1, step: 9 }]) }]);
  assert.deepEqual(table(r), [['loss', [0, 1], [2, 1], [3, NaN], undefined], ['step', [1], [9], undefined, undefined]]);
});
