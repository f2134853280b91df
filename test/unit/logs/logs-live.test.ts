/**
 * A watched run that the job restarts from scratch (its log rewritten shorter): what was announced
 * before is forgotten, so the same problem in the new run is announced again; the reference levels
 * are looked up again; lastStep and lastLoss follow the primary training curve.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { drawable, LiveRun } from '../../../src/logs/live';

const dirs: string[] = [];
const tmp = (): string => { const d = mkdtempSync(join(tmpdir(), 'lossdbg-live2-')); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const rows = (from: number, to: number, nanFrom: number): string => {
  let s = '';
  for (let i = from; i < to; i++) s += `${i},${i >= nanFrom ? 'nan' : (2 * Math.exp(-i / 30)).toFixed(4)}\n`;
  return s;
};

test('a NaN announced, the log rewritten from scratch, a NaN again: announced again after the restart', () => {
  const d = tmp();
  const f = join(d, 'log.csv');
  writeFileSync(f, 'step,loss\n' + rows(0, 20, 15));
  const live = new LiveRun(d);
  const first = live.poll(true);
  assert.ok(first);
  assert.deepEqual(first.added.map((x) => [x.rule, x.evidence.step]), [['non-finite-loss', 15]]);
  assert.deepEqual([first.lastStep, first.lastLoss], [19, NaN]);
  appendFileSync(f, rows(20, 22, 0));
  const more = live.poll();
  assert.ok(more);
  assert.deepEqual(more.added, [], 'the same NaN: not announced twice');
  assert.equal(more.findings.length, 1);
  // the job restarts from scratch and rewrites its log (shorter than what was read)
  writeFileSync(f, 'step,loss\n' + rows(0, 10, 8));
  const again = live.poll();
  assert.ok(again);
  assert.equal(again.resets, 1);
  assert.deepEqual(again.added.map((x) => [x.rule, x.evidence.step]), [['non-finite-loss', 8]]);
  assert.deepEqual([again.lastStep, again.lastLoss], [9, NaN]);
  // nothing new afterwards: nothing announced
  appendFileSync(f, rows(10, 11, 0));
  assert.deepEqual(live.poll()?.added, []);
});

test('--classes: the reference levels are set on the first update and again after a restart', () => {
  const d = tmp();
  const f = join(d, 'log.csv');
  const flat = (n: number): string => Array.from({ length: n }, (_, i) => `${i},${Math.log(10).toFixed(6)}\n`).join('');
  writeFileSync(f, 'step,loss\n' + flat(40));
  const live = new LiveRun(d, { classes: 10 });
  const u = live.poll(true);
  assert.ok(u);
  const p = u.findings.find((x) => x.rule === 'loss-plateau');
  assert.ok(p, u.findings.map((x) => x.rule).join());
  assert.equal(p.evidence.referenceFrom, '--classes 10');
  writeFileSync(f, 'step,loss\n' + flat(30));
  const v = live.poll();
  assert.ok(v);
  assert.equal(v.resets, 1);
  const q = v.findings.find((x) => x.rule === 'loss-plateau');
  assert.equal(q?.evidence.referenceFrom, '--classes 10');
  assert.deepEqual(v.added.map((x) => x.rule), ['loss-plateau'], 'announced again after the restart');
});

test('drawable: times in seconds since the run\'s first logged time (over all series), to the millisecond; NaN times and epochs are null', () => {
  const F = (a: number[]): Float64Array => Float64Array.from(a);
  const out = drawable([
    { name: 'a', steps: F([1, 2, 3]), values: F([3, NaN, 1]), times: F([100.0004, 101.0006, 102.00049]), epochs: F([0, NaN, 1]) },
    { name: 'b', steps: F([1]), values: F([2]), times: F([99.5]) },
    { name: 'c', steps: F([1, 2]), values: F([5, 4]), times: F([NaN, NaN]) },
  ], 10);
  assert.deepEqual(out, [
    { name: 'a', steps: [1, 3], values: [3, 1], summary: { name: 'a', points: 3, first: 3, last: 1, min: 1, max: 3 }, times: [0.5, 2.5], epochs: [0, 1] },
    { name: 'b', steps: [1], values: [2], summary: { name: 'b', points: 1, first: 2, last: 2, min: 2, max: 2 }, times: [0] },
    { name: 'c', steps: [1, 2], values: [5, 4], summary: { name: 'c', points: 2, first: 5, last: 4, min: 4, max: 5 }, times: [null, null] },
  ]);
  // no finite time anywhere: no times at all
  assert.equal(drawable([{ name: 'c', steps: F([1, 2]), values: F([5, 4]), times: F([NaN, NaN]) }], 10)[0].times, undefined);
  // decimated to 2 points: the bucket's high then low, in step order
  assert.deepEqual(drawable([{ name: 'd', steps: F([1, 2, 3, 4, 5]), values: F([5, 1, 4, 2, 3]) }], 2)[0], { name: 'd', steps: [1, 2], values: [5, 1], summary: { name: 'd', points: 5, first: 5, last: 3, min: 1, max: 5 } });
});

test('new files of a folder are looked for at every fourth poll: the first, the fifth, the ninth', () => {
  const d = tmp();
  writeFileSync(join(d, 'rank0.jsonl'), '{"type": "header", "rank": 0}\n{"type": "step", "step": 0, "loss": 2}\n');
  const live = new LiveRun(d);
  live.poll(true); // poll 1: rescanned (nothing new)
  writeFileSync(join(d, 'rank1.jsonl'), '{"type": "header", "rank": 1}\n{"type": "step", "step": 0, "loss": 3}\n');
  const seen: boolean[] = [];
  for (let i = 2; i <= 9; i++) seen.push(live.poll(true)?.series.some((s) => s.name === 'rank1/loss') ?? false);
  // polls 2, 3, 4 do not look; poll 5 finds the file and reads it
  assert.deepEqual(seen, [false, false, false, true, true, true, true, true]);
});
