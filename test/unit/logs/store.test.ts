/**
 * The series store (src/logs/series-store.ts) and the drawing decimation (src/logs/decimate.ts),
 * worked out by hand: restarts cut at the first point at or after the new step, arrays grow past
 * their first 64 slots with times and epochs kept, and min/max buckets keep the first lowest and
 * highest finite point of each bucket, in step order.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decimate, decimateIndex } from '../../../src/logs/decimate';
import { Growable, SeriesStore, summarise } from '../../../src/logs/series-store';

test('decimateIndex: at most max points, a bucket\'s first lowest and first highest finite value in order', () => {
  assert.deepEqual(decimateIndex([1, NaN, 2], 3), [0, 2], 'n ≤ max: every finite point');
  assert.deepEqual(decimateIndex([5, 1, 9, 9, 1, NaN, NaN, NaN, NaN, NaN, 3, 3], 4), [1, 2, 10], 'buckets of ⌈2·12/4⌉ = 6; a bucket with one value gives it once');
  assert.deepEqual(decimateIndex([4, 3, 2, 1, 0], 4), [0, 2, 3, 4], 'buckets of 3: the high point before the low one');
  assert.deepEqual(decimateIndex([4, 3, 2, 1, 0], 1), [0, 4], 'max below 2 counts as 2');
  assert.deepEqual(decimateIndex([4, 3, 2, 1, 0], 0), [0, 4]);
  assert.deepEqual(decimateIndex([NaN, NaN, NaN, 7, Infinity, -Infinity], 2), [3], 'non-finite values are never kept');
  assert.deepEqual(decimateIndex([], 3), []);
  assert.deepEqual(decimate([10, 20, 30, 40, 50], [4, 3, 2, 1, 0], 4), { steps: [10, 30, 40, 50], values: [4, 2, 1, 0] });
});

test('Growable: a lower step cuts at the first point at or after it (binary search), equal steps append', () => {
  const g = new Growable();
  for (const s of [0, 10, 20, 30, 40]) g.push(s, s / 10);
  g.push(20, 9);
  assert.deepEqual([Array.from(g.steps.subarray(0, g.length)), Array.from(g.values.subarray(0, g.length)), g.purges], [[0, 10, 20], [0, 1, 9], 1]);
  g.push(15, 8);
  assert.deepEqual(Array.from(g.steps.subarray(0, g.length)), [0, 10, 15]);
  g.push(15, 7);
  assert.deepEqual(Array.from(g.values.subarray(0, g.length)), [0, 1, 8, 7]);
  g.push(-1, 6);
  assert.deepEqual([Array.from(g.steps.subarray(0, g.length)), g.purges], [[-1], 3]);
  const h = new Growable();
  for (const s of [0, 1, 2, 3, 4, 5, 6]) h.push(s, s);
  h.push(6.5, 1);
  h.push(0, 1);
  assert.deepEqual(Array.from(h.steps.subarray(0, h.length)), [0], 'cut at index 0');
});

test('Growable: grows past 64 points; times and epochs start NaN-filled at their first value and grow along', () => {
  const g = new Growable();
  for (let i = 0; i < 200; i++) g.push(i, 2 * i, i >= 100 ? 1000 + i : NaN, i >= 150 ? i / 10 : NaN);
  assert.equal(g.length, 200);
  assert.deepEqual([g.steps[199], g.values[199], g.steps[63], g.values[64]], [199, 398, 63, 128]);
  assert.ok(g.times && g.epochs);
  assert.ok(g.times.length >= 200 && g.epochs.length >= 200);
  assert.deepEqual([g.times[99], g.times[100], g.times[199]], [NaN, 1100, 1199]);
  assert.deepEqual([g.epochs[149], g.epochs[150], g.epochs[199]], [NaN, 15, 19.9]);
  const n = new Growable();
  n.push(0, 1);
  assert.equal(n.times, undefined, 'no times logged: none allocated');
  assert.equal(n.epochs, undefined);
});

test('SeriesStore: series views in insertion order with their times and epochs, slices, prefixes, restarts, clear', () => {
  const s = new SeriesStore();
  s.add('b/loss', 1, 2, 100);
  s.add('a/loss', 1, 3, NaN, 0.5);
  s.add('b/loss', 2, 1.5, 101);
  const h = s.handle('c');
  h.push(5, 1);
  assert.deepEqual(s.names(), ['b/loss', 'a/loss', 'c']);
  assert.deepEqual([s.has('c'), s.has('d'), s.size, s.length('b/loss'), s.length('zz')], [true, false, 3, 2, 0]);
  const [b, a, c] = s.series();
  assert.deepEqual([b.name, Array.from(b.steps), Array.from(b.values), Array.from(b.times ?? []), b.epochs], ['b/loss', [1, 2], [2, 1.5], [100, 101], undefined]);
  assert.deepEqual([a.name, a.times, Array.from(a.epochs ?? [])], ['a/loss', undefined, [0.5]]);
  assert.deepEqual([c.name, Array.from(c.values)], ['c', [1]]);
  assert.deepEqual(s.slice('b/loss', 1), { steps: [2], values: [1.5] });
  assert.deepEqual(s.slice('b/loss', 0), { steps: [1, 2], values: [2, 1.5] });
  assert.deepEqual(s.slice('b/loss', 2), { steps: [], values: [] });
  assert.deepEqual(s.slice('nope', 0), { steps: [], values: [] });
  assert.equal(s.restarts(), 0);
  s.add('a/loss', 0, 9);
  s.add('a/loss', 0, 8);
  s.add('c', 1, 0);
  assert.equal(s.restarts(), 1, 'the most restarts of any series');
  s.add('a/loss', -5, 8);
  assert.equal(s.restarts(), 2);
  s.dropPrefix('b/');
  assert.deepEqual(s.names(), ['a/loss', 'c']);
  s.clear();
  assert.deepEqual([s.size, s.names(), s.series()], [0, [], []]);
});

const f64 = (a: number[]): Float64Array => Float64Array.from(a);

test('summarise: points, first, last, min and max (NaN not a min or max); an empty series has nulls', () => {
  assert.deepEqual(summarise({ name: 'x', steps: f64([1, 2, 3, 4]), values: f64([NaN, 3, -1, 2]) }), { name: 'x', points: 4, first: NaN, last: 2, min: -1, max: 3 });
  assert.deepEqual(summarise({ name: 'x', steps: f64([]), values: f64([]) }), { name: 'x', points: 0, first: null, last: null, min: null, max: null });
  assert.deepEqual(summarise({ name: 'x', steps: f64([1]), values: f64([NaN]) }), { name: 'x', points: 1, first: NaN, last: NaN, min: null, max: null });
});
