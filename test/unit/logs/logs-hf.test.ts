/**
 * trainer_state.json as the Trainer writes it (json.dumps(indent=2, sort_keys=True): the run's
 * fields around log_history, each entry's epoch / grad_norm / learning_rate / loss / step, the
 * closing entry's train_runtime / total_flos): every numeric key a series at the entry's step, the
 * epoch as the point's epoch, other values left out; a file cut mid-write salvaged entry by entry,
 * and one with no complete entry at all an error with its place rather than "0 entries read".
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LossDebuggerError } from '../../../src/errors';
import { salvageLogHistory } from '../../../src/logs/hf';
import { readRunFromBytes, RunReader, type RunData } from '../../../src/logs/run';

const enc = new TextEncoder();
const read = (text: string): RunData => readRunFromBytes('trainer_state.json', [{ rel: 'trainer_state.json', shown: 'out/trainer_state.json', bytes: enc.encode(text) }]);
const table = (r: RunData) => r.series.map((s) => [s.name, Array.from(s.steps), Array.from(s.values), s.epochs && Array.from(s.epochs)]);
const DOC = {
  best_metric: null, epoch: 2.0, global_step: 20,
  log_history: [
    { epoch: 1.0, grad_norm: 3.5, learning_rate: 5e-5, loss: 2.5, step: 10 },
    { epoch: 'one', loss: 2.25, step: '20', note: 'x', flag: true, n: null, arr: [1], obj: { a: 1 } },
    { epoch: 2.0, step: 20, total_flos: 1.2e15, train_loss: 2.4, train_runtime: 12.5 },
  ],
  max_steps: 20,
};
const PRETTY = JSON.stringify(DOC, null, 2);

test('each numeric key at its entry\'s step (a step written as a string too), the epoch when it is a number', () => {
  const r = read(PRETTY);
  assert.deepEqual(r.notes, []);
  assert.equal(r.format, 'hf-trainer-state');
  assert.deepEqual(table(r), [
    ['grad_norm', [10], [3.5], [1]], ['learning_rate', [10], [5e-5], [1]], ['loss', [10, 20], [2.5, 2.25], [1, NaN]],
    ['total_flos', [20], [1.2e15], [2]], ['train_loss', [20], [2.4], [2]], ['train_runtime', [20], [12.5], [2]],
  ]);
});

test('cut mid-write (pretty-printed): the complete entries before the cut, with a note', () => {
  const r = read(PRETTY.slice(0, PRETTY.indexOf('"step": "20"')));
  assert.deepEqual(r.notes, [{ file: 'out/trainer_state.json', message: 'incomplete file (the Trainer may be rewriting it): read the 1 complete log_history entries' }]);
  assert.deepEqual(table(r), [['grad_norm', [10], [3.5], [1]], ['learning_rate', [10], [5e-5], [1]], ['loss', [10], [2.5], [1]]]);
});

test('cut before its first complete entry, or broken before it: the JSON error with its line and column', () => {
  for (const [text, line, column] of [['{\n  "log_history": [\n    {"step": 1, "lo', 3, 20], ['{"a": 1,\n"log_history": [1, 2,,]}', 2, 22]] as const) {
    assert.throws(() => read(text), (e: unknown) => {
      assert.ok(e instanceof LossDebuggerError);
      assert.deepEqual([e.code, e.detail, e.where.file, e.where.line, e.where.column], ['syntax', 'trainer_state.json is not valid JSON', 'out/trainer_state.json', line, column]);
      return true;
    }, text);
  }
});

test('salvageLogHistory: entries with nested arrays and objects, separators and spaces, bare NaN, escaped backslashes; stops at the first non-object', () => {
  assert.deepEqual(salvageLogHistory('{"log_history" : [ {"step": 1, "x": [1, {"a": 2}]} ,\n {"step": 2}, 5, {"step": 3}]'), [{ step: 1, x: [1, { a: 2 }] }, { step: 2 }]);
  assert.deepEqual(salvageLogHistory('{"log_history": [{"step": 1, "x": NaN}, {"step": 2, "s": "\\\\"}, {"step": 3,}]'), [{ step: 1, x: NaN }, { step: 2, s: '\\' }]);
  assert.equal(salvageLogHistory('{"history": []}'), undefined);
  assert.deepEqual(salvageLogHistory('{"log_history": []'), []);
  assert.deepEqual(salvageLogHistory('{"log_history": ['), []);
});

test('being rewritten (not final): nothing read, nothing noted, until the next read', () => {
  const r = new RunReader('run', ['trainer_state.json']);
  r.addFile('trainer_state.json', 'ts', enc.encode('{"log_history": ['));
  r.push('trainer_state.json', enc.encode('{"log_history": [{"step": 1, "loss": 2}'));
  r.end('trainer_state.json', false);
  assert.deepEqual([r.data().notes, r.data().series], [[], []]);
});
