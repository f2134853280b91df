/**
 * Whole-document logs (the HF Trainer's trainer_state.json) are rewritten at every save; the tailer
 * reads them again whole. What was read before must go: a training restarted into the same output
 * folder writes a shorter log_history, and the old, later steps must not survive it. A file whose
 * series can be dropped alone is re-read alone (no reset); one that shares its series' names with
 * other files of the run makes the whole run be read again (one reset), and only then.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { RunTailer } from '../../../src/logs/tail';

const dirs: string[] = [];
const tmp = (): string => { const d = mkdtempSync(join(tmpdir(), 'lossdbg-tail-')); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

/** trainer_state.json with `losses` logged every 10 steps from step 10, and an eval_loss at step 10·k for each [k, value] of `evals`. */
const state = (losses: number[], evals: Array<[number, number]> = []): string => JSON.stringify({
  log_history: [...losses.map((loss, i) => ({ loss, step: (i + 1) * 10 })), ...evals.map(([k, eval_loss]) => ({ eval_loss, step: 10 * k }))].sort((a, b) => a.step - b.step),
}, null, 2);
const seriesOf = (t: RunTailer): Array<[string, number[], number[]]> =>
  t.data().series.map((s): [string, number[], number[]] => [s.name, Array.from(s.steps), Array.from(s.values)]).sort((a, b) => a[0].localeCompare(b[0]));

test('trainer_state.json rewritten with a shorter history (training restarted): only the new steps and metrics remain, no reset', () => {
  const d = tmp();
  const f = join(d, 'trainer_state.json');
  writeFileSync(f, state([2, 1.9, 1.8, 1.7, 1.6], [[5, 2.1]]));
  const t = new RunTailer(d);
  assert.deepEqual(t.poll(), { changed: true, reset: false, bytes: 0 });
  assert.deepEqual(seriesOf(t), [['eval_loss', [50], [2.1]], ['loss', [10, 20, 30, 40, 50], [2, 1.9, 1.8, 1.7, 1.6]]]);
  assert.equal(t.poll().changed, false, 'unchanged: not read again');
  writeFileSync(f, state([2.5, 2.4]) + '\n');
  const r = t.poll();
  assert.equal(r.changed, true);
  assert.equal(r.reset, false);
  assert.deepEqual(seriesOf(t), [['loss', [10, 20], [2.5, 2.4]]], 'steps 30–50 of the old history and its eval_loss are gone');
  assert.equal(t.resets, 0);
});

test('an HF run beside a CSV run in sibling folders: rewriting trainer_state.json drops only its own series, no reset', () => {
  const d = tmp();
  mkdirSync(join(d, 'hf'));
  mkdirSync(join(d, 'pl'));
  writeFileSync(join(d, 'hf', 'trainer_state.json'), state([2, 1.5, 1.2], [[3, 1.4]]));
  writeFileSync(join(d, 'pl', 'metrics.csv'), 'step,loss\n10,3\n20,2.5\n30,2.2\n');
  const t = new RunTailer(d);
  t.poll();
  assert.deepEqual(seriesOf(t), [['hf/eval_loss', [30], [1.4]], ['hf/loss', [10, 20, 30], [2, 1.5, 1.2]], ['pl/loss', [10, 20, 30], [3, 2.5, 2.2]]]);
  writeFileSync(join(d, 'hf', 'trainer_state.json'), state([0.9]) + '\n');
  const r = t.poll();
  assert.deepEqual([r.changed, r.reset, t.resets], [true, false, 0]);
  assert.deepEqual(seriesOf(t), [['hf/loss', [10], [0.9]], ['pl/loss', [10, 20, 30], [3, 2.5, 2.2]]]);
});

test('trainer_state.json beside another log of the same folder: first read without a reset, a rewrite reads the whole run again once', () => {
  const d = tmp();
  writeFileSync(join(d, 'trainer_state.json'), state([2, 1.9, 1.8, 1.7]));
  writeFileSync(join(d, 'metrics.csv'), 'step,val_loss\n10,2.2\n20,2.1\n');
  const t = new RunTailer(d);
  const first = t.poll();
  assert.deepEqual([first.changed, first.reset, t.resets], [true, false, 0]);
  const before = seriesOf(t);
  assert.deepEqual(before.find(([n]) => n.endsWith('loss') && !n.includes('val')), ['loss', [10, 20, 30, 40], [2, 1.9, 1.8, 1.7]]);
  assert.equal(t.poll().changed, false);
  assert.equal(t.resets, 0, 'polling an unchanged run never resets it');
  writeFileSync(join(d, 'trainer_state.json'), state([2.6, 2.5]) + '\n');
  const r = t.poll();
  assert.deepEqual([r.changed, r.reset, t.resets], [true, true, 1]);
  const after = seriesOf(t);
  assert.deepEqual(after.find(([n]) => n === 'loss'), ['loss', [10, 20], [2.6, 2.5]]);
  assert.deepEqual(after.find(([n]) => n.includes('val_loss')), before.find(([n]) => n.includes('val_loss')), 'the CSV read again, the same');
  assert.equal(t.poll().changed, false);
  assert.equal(t.resets, 1);
});
