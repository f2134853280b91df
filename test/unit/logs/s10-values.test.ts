/**
 * Values and documents at the edges of their readers: a trainer_state.json whose document is null,
 * an array or a number when read again (an error that says so, not a TypeError); JSON lines of a type
 * a newer lossdbg writes (ignored, even with a step and a path); epoch and time fields written as
 * strings (no epoch, no time: as in trainer_state.json), other fields as strings (values); every
 * spelling of infinity in a cell; a TensorBoard shape of unknown rank as TensorFlow encodes it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LossDebuggerError } from '../../../src/errors';
import { TrainerStateParser } from '../../../src/logs/hf';
import { readRunFromBytes, type RunData } from '../../../src/logs/run';
import { RunSink } from '../../../src/logs/sink';
import { decodeEvent, DT, encodeEvent } from '../../../src/logs/tb-proto';
import { tensorScalar } from '../../../src/logs/tensorboard';
import { parseNumberCell, toNumber } from '../../../src/logs/text';
import { encodeRecord } from '../../../src/logs/tfrecord';

const enc = new TextEncoder();
const read = (name: string, text: string): RunData => readRunFromBytes(name, [{ rel: name, shown: `run/${name}`, bytes: enc.encode(text) }]);
const table = (r: RunData) => r.series.map((s) => [s.name, Array.from(s.steps), Array.from(s.values), s.times && Array.from(s.times), s.epochs && Array.from(s.epochs)]);

test('trainer_state.json whose document is null, an array, a number or a string: no log_history, said so', () => {
  for (const doc of ['null', '[{"step": 1, "loss": 2}]', '5', '"log_history"', '{"log_history": null}']) {
    for (const final of [true, false]) {
      const sink = new RunSink();
      const p = new TrainerStateParser({ sink, file: 'out/trainer_state.json', prefix: '' });
      p.push(enc.encode(doc));
      assert.throws(() => p.end(final), (e: unknown) => e instanceof LossDebuggerError && e.code === 'structure'
        && e.message === 'out/trainer_state.json: log_history: no log_history array: not a Hugging Face trainer_state.json (point lossdbg at the trainer_state.json the Trainer saves in output_dir or a checkpoint-*/ folder)', `${doc} ${final}`);
      assert.deepEqual(sink.store.series(), []);
    }
  }
});

test('our run folder: a line of a type a newer lossdbg writes is ignored, with a step, a path or scalars', () => {
  const lines = [
    { type: 'header', rank: 0 },
    { type: 'step', step: 1, loss: 2 },
    { type: 'gradients', step: 2, path: 'cases/g.json', scalars: { x: 1 }, loss: 9 },
    { step: 3, loss: 9, path: 'cases/x.json' },
    { type: 'Snapshot', step: 4, path: 'cases/y.json' },
  ];
  const r = read('rank0.jsonl', lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  assert.deepEqual([r.notes, r.snapshots, table(r)], [[], [], [['loss', [1], [2], undefined, undefined]]]);
});

test('generic JSON lines: epoch and time must be numbers (a string is neither, as in trainer_state.json); other strings are values', () => {
  const r = read('m.jsonl', '{"step": 1, "loss": "2.5", "epoch": "1", "time": "100", "flag": true, "none": null, "acc": "nan"}\n{"step": 2, "loss": 2, "epoch": 1, "time": 101}\n');
  assert.deepEqual(table(r), [['loss', [1, 2], [2.5, 2], [NaN, 101], [NaN, 1]], ['acc', [1], [NaN], undefined, undefined]]);
  // toNumber: numbers as they are (NaN too), strings parsed, nothing else
  assert.deepEqual([toNumber(2), toNumber('3'), toNumber(true), toNumber(null), toNumber({}), toNumber([1]), toNumber(undefined)], [2, 3, undefined, undefined, undefined, undefined, undefined]);
  assert.ok(Number.isNaN(toNumber(NaN)));
});

test('cells: every spelling of infinity, with or without a sign, in any case', () => {
  const cases: [string, number][] = [
    ['inf', Infinity], ['+inf', Infinity], ['infinity', Infinity], ['+infinity', Infinity], ['INFINITY', Infinity], ['+Infinity', Infinity],
    ['Infinity', Infinity], ['-inf', -Infinity], ['-infinity', -Infinity], ['-INF', -Infinity], [' +Inf ', Infinity],
  ];
  for (const [s, want] of cases) assert.equal(parseNumberCell(s), want, s);
  for (const s of ['infinite', '++inf', 'inf.', 'in f']) assert.equal(parseNumberCell(s), undefined, s);
  assert.deepEqual(table(read('a.csv', 'step,loss\n1,infinity\n2,+INFINITY\n3,-infinity\n')), [['loss', [1, 2, 3], [Infinity, Infinity, -Infinity], undefined, undefined]]);
});

test('TensorBoard: a tensor shape of unknown rank (field 3, a bool) decodes; its single value is read', () => {
  // Event { step 1, summary { value { tag 'x', tensor { dtype 1, tensor_shape { unknown_rank true }, float_val [0.5] } } } }
  const bytes = Uint8Array.from(Buffer.from('10012a130a110a0178420c0801120218012a040000003f', 'hex'));
  const ev = decodeEvent(bytes);
  const t = ev.summary?.value?.[0].tensor;
  assert.deepEqual(t, { dtype: DT.FLOAT, tensor_shape: { unknown_rank: true }, float_val: [0.5] });
  assert.equal(t && tensorScalar(t), 0.5);
});

test('our run folder: scalars that are no object give nothing; a step line without a loss still gives its scalars; rank k\'s names', () => {
  const lines = [
    { type: 'header', rank: 2 },
    { type: 'step', step: 1, scalars: { lr: 0.1 } },
    { type: 'scalars', step: 2, scalars: [1, 2] },
    { type: 'scalars', step: 3, scalars: 5 },
    { type: 'step', step: 4, loss: null, scalars: null },
    { type: 'step', step: 5, loss: 'tensor(0.5)', time: 7 },
  ];
  const r = read('rank2.jsonl', lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  assert.deepEqual([r.notes, r.ranks], [[], [2]]);
  assert.deepEqual(table(r), [['rank2/lr', [1], [0.1], undefined, undefined], ['rank2/loss', [5], [0.5], [7], undefined]]);
});

test('TensorBoard: summary metadata with a display name (TF1 writes one) decodes, and the scalar is read', () => {
  const bytes = encodeEvent({ step: 4, wall_time: 2, summary: { value: [{ tag: 'loss', tensor: { dtype: DT.FLOAT, float_val: [0.25] }, metadata: { display_name: 'Training loss', plugin_data: { plugin_name: 'scalars' } } }] } });
  assert.deepEqual(decodeEvent(bytes).summary?.value?.[0].metadata, { display_name: 'Training loss', plugin_data: { plugin_name: 'scalars' } });
  const r = readRunFromBytes('run', [{ rel: 'events.out.tfevents.1.h', shown: 'e', bytes: encodeRecord(bytes) }]);
  assert.deepEqual(table(r), [['loss', [4], [0.25], [2], undefined]]);
});
