/** When the editor's linter runs: one run per burst of edits, never two at once, one more after edits during a run. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LintSchedule } from '../../../src/extension/lint-schedule';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('a burst of pokes is one run, after the quiet period', async () => {
  let runs = 0;
  const s = new LintSchedule(async () => { runs++; }, 30);
  for (let i = 0; i < 10; i++) { s.poke(); await sleep(5); }
  assert.equal(runs, 0, 'still typing');
  await s.idle();
  assert.equal(runs, 1);
  assert.equal(s.runs, 1);
  s.dispose();
});

test('pokes during a run: no second run at the same time, exactly one more after it', async () => {
  let active = 0, maxActive = 0, runs = 0;
  let release!: () => void;
  const s = new LintSchedule(async () => {
    runs++; active++; maxActive = Math.max(maxActive, active);
    if (runs === 1) await new Promise<void>((r) => { release = r; });
    active--;
  }, 5);
  s.poke();
  await sleep(30);
  assert.equal(runs, 1);
  s.poke(); s.poke(); s.poke();
  await sleep(30);
  assert.equal(runs, 1, 'waits for the run in flight');
  release();
  await s.idle();
  assert.equal(runs, 2);
  assert.equal(maxActive, 1);
  s.dispose();
});

test('a failing run is reported and does not stop later runs; dispose cancels a due run', async () => {
  const errors: unknown[] = [];
  let runs = 0;
  const s = new LintSchedule(async () => { runs++; if (runs === 1) throw new Error('boom'); }, 5, (e) => errors.push(e));
  s.poke();
  await s.idle();
  s.poke();
  await s.idle();
  assert.equal(runs, 2);
  assert.equal(errors.length, 1);
  s.poke();
  s.dispose();
  await s.idle();
  await sleep(20);
  assert.equal(runs, 2);
});
