/**
 * Step-level points of a scenario run (a step x-axis in the panel): one point per optimizer step,
 * whose batch-size-weighted mean over an epoch is that epoch's train_loss; the step at each epoch's
 * end; the same points streamed per epoch; and a bounded size however long the run.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runScenario, type ScenarioProgress } from '../../../src/scenarios/index';
import { MAX_STEP_POINTS, MAX_STEP_POINTS_PER_EPOCH } from '../../../src/shapes/index';

test('one point per batch: the weighted mean of an epoch\'s batch losses is its train_loss; the epoch ends sit at multiples of the batches per epoch', async () => {
  const progress: ScenarioProgress[] = [];
  const r = await runScenario('news', { onProgress: (p) => progress.push(p) });
  const run = r.runs[0];
  const { batch_size: bs, train_rows: rows, epochs } = run.recipe;
  const perEpoch = Math.ceil(rows / bs);
  assert.ok(run.step_history && run.epoch_end_step);
  assert.deepEqual(run.epoch_end_step, Array.from({ length: epochs }, (_, i) => (i + 1) * perEpoch));
  assert.ok(perEpoch * epochs <= MAX_STEP_POINTS, 'not thinned');
  assert.deepEqual(run.step_history.step, Array.from({ length: perEpoch * epochs }, (_, i) => i + 1));
  const sizes = Array.from({ length: perEpoch }, (_, b) => Math.min(bs, rows - b * bs));
  for (let e = 0; e < epochs; e++) {
    const losses = run.step_history.train_loss.slice(e * perEpoch, (e + 1) * perEpoch);
    const mean = losses.reduce((s, l, b) => s + l * sizes[b], 0) / rows;
    assert.ok(Math.abs(mean - run.history.train_loss[e]) < 1e-12, `epoch ${e + 1}: ${mean} vs ${run.history.train_loss[e]}`);
    // streamed: the same points, epoch by epoch
    const p = progress[e];
    assert.equal(p.step, (e + 1) * perEpoch);
    assert.deepEqual(p.batch_steps, run.step_history.step.slice(e * perEpoch, (e + 1) * perEpoch));
    assert.deepEqual(p.batch_losses, losses);
  }
});

test('a long run is thinned evenly to MAX_STEP_POINTS, its first and last step kept; per epoch to MAX_STEP_POINTS_PER_EPOCH', async () => {
  const progress: ScenarioProgress[] = [];
  const r = await runScenario('smoothing-noisy-labels', { epochs: 200, onProgress: (p) => { if (p.runIndex === 0) progress.push(p); } });
  const run = r.runs[0];
  const total = run.epoch_end_step?.[run.epoch_end_step.length - 1] ?? 0;
  assert.ok(total > MAX_STEP_POINTS, `${total} steps`);
  const st = run.step_history?.step ?? [];
  assert.equal(st.length, MAX_STEP_POINTS);
  assert.equal(st[0], 1);
  assert.equal(st[st.length - 1], total);
  const gaps = st.slice(1).map((s, i) => s - st[i]);
  assert.ok(Math.max(...gaps) - Math.min(...gaps) <= 1, 'evenly spread');
  assert.ok(progress.every((p) => (p.batch_steps?.length ?? 0) <= MAX_STEP_POINTS_PER_EPOCH));
  assert.ok(JSON.stringify(r).length < 600_000, `report size ${JSON.stringify(r).length}`);
});
