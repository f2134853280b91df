/**
 * CSV rows take a byte fast path when they are plain ASCII without quotes, and csv-parse otherwise.
 * Both must read every cell the same: the same file with every cell quoted (string path) gives the
 * same series as unquoted (fast path), for any mix of number spellings, empty cells and bad cells.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { readRunFromBytes, type RunData } from '../../../src/logs/run';

const enc = new TextEncoder();
const read = (text: string, rel = 'log.csv'): RunData => readRunFromBytes('x', [{ rel, shown: rel, bytes: enc.encode(text) }]);
const dump = (r: RunData): Array<[string, number[], number[]]> => r.series.map((s) => [s.name, Array.from(s.steps), Array.from(s.values)]);

const CELL = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => String(x)),
  fc.double({ min: 1e-30, max: 1e30, noNaN: true }).map((x) => x.toExponential(4)),
  fc.constantFrom('', 'nan', 'NaN', 'inf', '-inf', 'Infinity', '+1.5', '.5', '-.25', ' 2.5 ', '1e3', '1E-3', 'abc', '0x10', '-', '1.5.2', '12abc', '007'),
);

test('CSV: quoted cells (string path) and plain cells (byte fast path) read the same', () => {
  fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 10_000 }), CELL, CELL), { minLength: 1, maxLength: 30 }), (rows) => {
    const plain = ['step,loss,lr', ...rows.map(([s, a, b]) => `${s},${a},${b}`)].join('\n') + '\n';
    const quoted = ['"step","loss","lr"', ...rows.map(([s, a, b]) => `"${s}","${a}","${b}"`)].join('\n') + '\n';
    assert.deepEqual(dump(read(plain)), dump(read(quoted)));
  }), { numRuns: 200, seed: 7 });
});

test('CSV: cell values, steps and skipped cells, read literally', () => {
  const r = read('step,loss,lr,note,epoch\n0,2.5,1e-3,warmup,0\n10,-1.25,,x,0\n20,nan,.5,,1\n30, 7 ,+2,,1\n,9,9,,1\nabc,9,9,,1\n40,0x10,-inf,,2\n');
  assert.deepEqual(dump(r), [
    ['loss', [0, 10, 20, 30], [2.5, -1.25, NaN, 7]],
    ['lr', [0, 20, 30, 40], [1e-3, 0.5, 2, -Infinity]],
  ]);
  assert.deepEqual(r.notes.map((n) => [n.message, n.where]), [["no number in the step column 'step'; rows like this are skipped", 'line 6']]);
});
