/**
 * A run of several files (src/logs/run.ts): its format is our run folder's whenever a rank log is
 * there, else the most common file format (the first seen on a tie, CSV when there is nothing);
 * series names get their folder as a prefix only when the files span several folders.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readRunFromBytes, RunReader, type RunData } from '../../../src/logs/run';

const enc = new TextEncoder();
const f = (rel: string, text: string) => ({ rel, shown: rel, bytes: enc.encode(text) });
const CSV = 'step,loss\n1,2\n';
const JSONL = '{"step":1,"loss":2}\n';
const summary = (r: RunData) => [r.format, r.series.map((s) => s.name)];

test('format: the most common, the first seen on a tie, a rank log above all, CSV for nothing', () => {
  assert.deepEqual(summary(readRunFromBytes('run', [f('a.csv', CSV), f('b.jsonl', JSONL)])), ['csv', ['loss']]);
  assert.deepEqual(summary(readRunFromBytes('run', [f('b.jsonl', JSONL), f('a.csv', CSV)])), ['jsonl', ['loss']]);
  assert.deepEqual(summary(readRunFromBytes('run', [f('a.csv', CSV), f('b.jsonl', JSONL), f('c.jsonl', '{"step":1,"acc":2}\n')])), ['jsonl', ['loss', 'acc']]);
  assert.deepEqual(summary(readRunFromBytes('run', [f('x/a.csv', CSV), f('rank0.jsonl', '{"type":"header","format":"lossdbg-run"}\n')])), ['lossdbg-run', ['x/loss']]);
  assert.equal(new RunReader('x', []).format(), 'csv');
});

test('names: a folder prefix only when the files span several folders (the root counts as one, without a prefix)', () => {
  assert.deepEqual(summary(readRunFromBytes('run', [f('log.csv', CSV), f('val/log.csv', 'step,loss\n1,3\n')])), ['csv', ['loss', 'val/loss']]);
  assert.deepEqual(summary(readRunFromBytes('run', [f('train/log.csv', CSV), f('train/b.csv', 'step,acc\n1,3\n')])), ['csv', ['loss', 'acc']]);
  assert.deepEqual(summary(readRunFromBytes('run', [f('a/x/log.csv', CSV), f('a/y/log.csv', CSV)])), ['csv', ['a/x/loss', 'a/y/loss']]);
});

test('RunReader: push and end for a file it does not know are ignored; resetFile of an unknown file says no', () => {
  const r = new RunReader('run', ['a.csv']);
  r.addFile('a.csv', 'a.csv', enc.encode(CSV));
  r.push('zzz.csv', enc.encode('1,2\n'));
  r.end('zzz.csv', true);
  assert.equal(r.resetFile('zzz.csv'), false);
  assert.deepEqual([r.has('a.csv'), r.has('zzz.csv'), r.file('a.csv')?.detected, r.fileList().length], [true, false, { format: 'csv' }, 1]);
  r.push('a.csv', enc.encode(CSV));
  r.end('a.csv', true);
  assert.deepEqual(r.data().series.map((s) => [s.name, Array.from(s.values)]), [['loss', [2]]]);
  // the only file of the run: its series dropped, a new parser
  assert.equal(r.resetFile('a.csv'), true);
  assert.deepEqual(r.data().series, []);
});
