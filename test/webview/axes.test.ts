/**
 * The run view's x-axes (step, epoch, wall time) and its saved settings, and legend swatches that are
 * drawn like their curves (validation dashed), in headless Chromium with real data (log fixtures read
 * by the live reader, scenarios trained by the engine at seed 42).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { debugCharts, launch, openPanel, type Panel, closeClean } from './harness';
import { trained, watchedRun } from './real';

let browser: Browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });


/** Per legend entry: its label and whether each of its swatches is dashed. */
async function legend(p: Panel, scope: string): Promise<Array<{ label: string; dashed: boolean[]; image: string[] }>> {
  return p.page.locator(`${scope} .chart-legend .legend-item`).evaluateAll((items) => items.map((b) => ({
    label: b.querySelector('.legend-label')?.textContent ?? '',
    dashed: Array.from(b.querySelectorAll('.legend-swatch')).map((s) => s.classList.contains('dashed')),
    image: Array.from(b.querySelectorAll('.legend-swatch')).map((s) => getComputedStyle(s).backgroundImage),
  })));
}

describe('the run view\'s x-axis and saved settings', () => {
  it('draws a run folder against wall time: x = seconds since the run started, the axis spans them', async () => {
    const u = watchedRun('run-folder');
    const p = await openPanel(browser, { width: 1400 });
    await p.send({ type: 'runLog', title: 'run-folder', status: 'ended', runs: [u] });
    assert.deepEqual(await p.page.locator('#runlog-x-axis option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value)), ['step', 'time'], 'no epochs in a run folder');
    await p.page.selectOption('#runlog-x-axis', 'time');
    const c = (await debugCharts(p))[0];
    assert.equal(c.title, 'Loss by wall time');
    const loss = u.series.find((s) => s.name === 'loss');
    assert.ok(loss?.times);
    const sm = c.datasets.find((d) => d.role === 'smoothed' && d.label === 'loss');
    assert.deepEqual(sm?.xs, loss.times.filter((t) => t !== null));
    const all = u.series.filter((s) => /loss/.test(s.name)).flatMap((s) => (s.times ?? []).filter((t): t is number => t !== null));
    const lo = Math.min(...all), hi = Math.max(...all);
    assert.equal(lo, 0, 'relative to the first logged time');
    assert.ok(c.x.min <= lo && c.x.min > lo - 0.1 * hi, `x from ${c.x.min} (data from ${lo})`);
    assert.ok(c.x.max >= hi && c.x.max < hi * 1.25, `x to ${c.x.max} (data to ${hi})`);
    assert.equal(await p.page.locator('.runlog-curves .chart-box canvas').getAttribute('aria-label'), 'Loss curves by wall time');
    await p.page.selectOption('#runlog-x-axis', 'step');
    assert.deepEqual((await debugCharts(p))[0].datasets.find((d) => d.role === 'smoothed' && d.label === 'loss')?.xs, loss.steps);
    await closeClean(p);
  });

  it('offers the epoch axis where the log has epochs (Lightning): x = the epoch of each step', async () => {
    const u = watchedRun('lightning/version_0/metrics.csv');
    const p = await openPanel(browser, { width: 1400 });
    await p.send({ type: 'runLog', title: 'metrics.csv', status: 'ended', runs: [u] });
    assert.deepEqual(await p.page.locator('#runlog-x-axis option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value)), ['step', 'epoch']);
    await p.page.selectOption('#runlog-x-axis', 'epoch');
    const c = (await debugCharts(p))[0];
    const train = u.series.find((s) => s.name === 'train_loss');
    assert.deepEqual(c.datasets.find((d) => d.role === 'smoothed' && d.label === 'train_loss')?.xs, train?.epochs);
    await closeClean(p);
  });

  it('keeps its smoothing, log scale and x-axis across a reload', async () => {
    const u = watchedRun('run-folder');
    const p = await openPanel(browser, { width: 1400 });
    await p.send({ type: 'runLog', title: 'run-folder', status: 'ended', runs: [u] });
    const logDefault = await p.page.isChecked('#runlog-log');
    await p.page.locator('#runlog-smoothing').fill('0.3');
    if (logDefault) await p.page.uncheck('#runlog-log'); else await p.page.check('#runlog-log');
    await p.page.selectOption('#runlog-x-axis', 'time');
    await p.page.waitForTimeout(400); // the state is saved 250 ms after a change
    await p.page.reload();
    await p.page.waitForSelector('.runlog-view canvas');
    assert.equal(await p.page.inputValue('#runlog-smoothing'), '0.3');
    assert.equal(await p.page.isChecked('#runlog-log'), !logDefault);
    assert.equal(await p.page.inputValue('#runlog-x-axis'), 'time');
    const c = (await debugCharts(p))[0];
    assert.equal(c.yScale, logDefault ? 'linear' : 'logarithmic');
    assert.equal(c.title, 'Loss by wall time');
    // a later update keeps them
    await p.send({ type: 'runLog', title: 'run-folder', status: 'live', runs: [u] });
    assert.equal((await debugCharts(p))[0].yScale, logDefault ? 'linear' : 'logarithmic');
    assert.equal(await p.page.inputValue('#runlog-x-axis'), 'time');
    await closeClean(p);
  });
});

describe('legend swatches are drawn like their curves', () => {
  it('a validation series is dashed in the chart and in the legend; a run with both shows both', async () => {
    const u = watchedRun('run-folder');
    const p = await openPanel(browser, { width: 1400 });
    await p.send({ type: 'runLog', title: 'run-folder', status: 'ended', runs: [u] });
    const c = (await debugCharts(p))[0];
    const items = await legend(p, '.runlog-curves');
    assert.ok(items.some((i) => i.label === 'val_loss'), items.map((i) => i.label).join(', '));
    for (const it of items) {
      const ds = c.datasets.find((d) => d.role === 'smoothed' && d.label === it.label);
      assert.ok(ds, it.label);
      assert.deepEqual(it.dashed, [ds.dashed], `${it.label}: swatch like the curve`);
      assert.equal(/repeating-linear-gradient/.test(it.image[0]), ds.dashed, `${it.label}: ${it.image[0]}`);
    }
    assert.deepEqual(items.find((i) => i.label === 'val_loss')?.dashed, [true]);

    const { report } = await trained('sweep-pos-weight');
    await p.send({ type: 'runFinished', result: report });
    const runs = await legend(p, '.loss-grid');
    assert.deepEqual(runs.map((r) => r.label), report.runs.map((r) => r.name));
    for (const r of runs) assert.deepEqual(r.dashed, [false, true], `${r.label}: solid train and dashed validation`);
    const lossChart = (await debugCharts(p))[0];
    for (const r of report.runs) {
      assert.equal(lossChart.datasets.find((d) => d.label === `${r.name} · train` && d.role === 'smoothed')?.dashed, false);
      assert.equal(lossChart.datasets.find((d) => d.label === `${r.name} · validation` && d.role === 'smoothed')?.dashed, true);
    }
    await closeClean(p);
  });
});

describe('a sweep\'s final key metric against the swept value', () => {
  it('draws pos_weight on a log x-axis, ε on a linear one (the tutorial\'s convention apart), the best point enlarged; runs of different kinds as bars', async () => {
    const p = await openPanel(browser, { width: 1400 });
    const keyChart = async () => (await debugCharts(p)).find((c) => c.title.startsWith('Final'));

    const pw = await trained('sweep-pos-weight');
    await p.send({ type: 'runFinished', result: pw.report });
    let c = await keyChart();
    assert.ok(c, 'a key-metric chart');
    assert.equal(c.type, 'line');
    assert.equal(c.xScale, 'logarithmic', 'pos_weight from 1 to N_neg/N_pos ≈ 19 spans more than a decade');
    // the swept value from the loss each run trained with (no pos_weight weighs positives as 1 does)
    const runs = pw.report.runs.map((r) => ({ name: r.name, x: Array.isArray(r.loss.pos_weight) ? (r.loss.pos_weight as number[])[0] : 1, y: r.final.val_f1 as number }))
      .sort((a, b) => a.x - b.x);
    assert.equal(c.datasets.length, 1);
    assert.deepEqual(c.datasets[0].xs.map((x) => Math.round((x as number) * 1e4) / 1e4), runs.map((r) => Math.round(r.x * 1e4) / 1e4));
    assert.deepEqual(c.datasets[0].values, runs.map((r) => r.y));
    const best = runs.reduce((a, b) => (b.y > a.y ? b : a));
    assert.deepEqual(c.datasets[0].radius, runs.map((r) => (r.name === best.name ? 7 : 4)), `best F1: ${best.name}`);
    assert.ok(c.x.min <= runs[0].x && c.x.max >= runs[runs.length - 1].x, JSON.stringify(c.x));
    // the points carry no labels: a note says which run sits where ('none' is not named by its value)
    assert.match(await p.page.locator('.key-metric-swept .swept-runs').innerText(), /^none = 1 · sqrt-ratio = [\d.]+ · ratio = [\d.]+$/);

    const ls = await trained('sweep-label-smoothing');
    await p.send({ type: 'runFinished', result: ls.report });
    c = await keyChart();
    assert.ok(c);
    assert.equal(c.xScale, 'linear', 'ε from 0: no log axis');
    assert.equal(await p.page.locator('.key-metric-swept .swept-runs').count(), 0, 'runs named by their ε need no note');
    const pt = ls.report.runs.filter((r) => r.loss.smoothing_mode !== 'others');
    assert.deepEqual(c.datasets.map((d) => d.xs), [pt.map((r) => r.loss.label_smoothing ?? 0), [0.1]], 'ε (a default 0 is not written in the loss)');
    assert.deepEqual(c.datasets[0].values, pt.map((r) => r.final.val_ece));
    const bestEce = ls.report.runs.reduce((a, b) => ((b.final.val_ece as number) < (a.final.val_ece as number) ? b : a));
    const radii = c.datasets.flatMap((d) => d.radius as number[]);
    assert.deepEqual(radii, [...pt, ...ls.report.runs.filter((r) => r.loss.smoothing_mode === 'others')].map((r) => (r.name === bestEce.name ? 7 : 4)));

    const mi = await trained('multiclass-imbalance');
    await p.send({ type: 'runFinished', result: mi.report });
    c = await keyChart();
    assert.equal(c?.type, 'bar', 'plain / weighted / sampler differ in kind: bars');
    await p.shot('key-metric-swept');
    await closeClean(p);
  });
});

describe('the training view\'s step axis', () => {
  it('draws the train loss per batch and per-epoch values at the step that ended their epoch; the axis spans the longest run\'s steps, also while streaming', async () => {
    const { report, progress } = await trained('sweep-pos-weight');
    const p = await openPanel(browser, { width: 1400 });
    await p.send({ type: 'runStarted', scenario: 'sweep-pos-weight', title: 'pos_weight', runs: [], kind: 'sweep' });
    for (const m of progress.slice(0, 5)) await p.send(m);
    await p.page.selectOption('#x-axis', 'step');
    const first = report.runs[0];
    const ends = first.epoch_end_step ?? [];
    const perEpoch = ends[0];
    let c = (await debugCharts(p))[0];
    assert.equal(c.x.max, perEpoch * 20, 'while streaming: the recipe\'s 20 epochs of steps');
    // no smoothing by default on epoch charts: the drawn curve is the raw one
    const tr = c.datasets.find((d) => d.label === 'train' && d.role === 'smoothed'); // one run so far: labelled by series
    assert.deepEqual(tr?.xs, first.step_history?.step.slice(0, 5 * perEpoch));

    for (const m of progress.slice(5)) await p.send(m);
    await p.send({ type: 'runFinished', result: report });
    assert.equal(await p.page.inputValue('#x-axis'), 'step', 'the choice survives the end of the run');
    c = (await debugCharts(p))[0];
    for (const r of report.runs) {
      const raw = c.datasets.find((d) => d.label === `${r.name} · train` && d.role === 'smoothed');
      assert.deepEqual(raw?.xs, r.step_history?.step, r.name);
      assert.deepEqual(raw?.values, r.step_history?.train_loss, r.name);
      const val = c.datasets.find((d) => d.label === `${r.name} · validation` && d.role === 'smoothed');
      assert.deepEqual(val?.xs, r.epoch_end_step, r.name);
    }
    assert.equal(c.x.max, Math.max(...report.runs.map((r) => r.epoch_end_step?.at(-1) ?? 0)));
    assert.equal(c.x.min, 1);
    const metric = (await debugCharts(p)).find((x) => x.title === 'Metric curves');
    assert.deepEqual(metric?.datasets.find((d) => d.role === 'smoothed')?.xs, first.epoch_end_step);
    await closeClean(p);
  });
});
