/**
 * The panel with real data (bundled scenarios trained by the engine at seed 42, a watched run read
 * from the log fixtures) in headless Chromium: multi-run axes, per-run progress, one chart per loss,
 * incremental streaming, the layout at 1,400 and 400 px in light and dark, the verdict of each sweep,
 * zoom and its reset, CSV and PNG export, the legend. Screenshots: test-results/webview/view-*.png.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { listScenarios } from '../../src/scenarios/index';
import type { HostToWebview, TrainReport, WebviewToHost } from '../../src/shapes/index';
import { CASE_VIEW, FINDING } from './fixtures';
import { runDiagnostics } from '../../src/diagnostics/run';
import { loadCaseFile } from '../../src/io/index';
import { buildCaseView } from '../../src/report/case-view';
import { debugCharts, launch, openPanel, ROOT, SHOTS, type Panel, closeClean } from './harness';
import { trained, watchedRun } from './real';

let browser: Browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function text(p: Panel, selector: string): Promise<string> {
  return (await p.page.locator(selector).allInnerTexts()).join('\n');
}


function finished(r: TrainReport): HostToWebview {
  return { type: 'runFinished', result: r };
}

describe('panel with real scenario results', () => {
  it('streams the mini project: each loss on its own chart, the x-axis spans the longest run, progress per run, drawn once per frame', async () => {
    const { report, progress } = await trained('mini-project');
    const p = await openPanel(browser, { width: 1400 });
    await p.send({ type: 'runStarted', scenario: 'mini-project', title: 'The mini project', runs: [], kind: 'tutorial' });
    const at = progress.findIndex((m) => m.run === 'fraud' && m.epoch === 10);
    for (const m of progress.slice(0, at + 1)) await p.send(m);
    let c = await debugCharts(p);
    const mse = c.find((x) => x.title.startsWith('MSELoss'));
    const bce = c.find((x) => x.title.startsWith('BCEWithLogitsLoss'));
    assert.ok(mse && bce, `charts: ${c.map((x) => x.title).join(' | ')}`);
    assert.equal(mse.x.max, 50, 'regression trained 50 epochs: its axis keeps all 50 while fraud trains');
    assert.equal(bce.x.max, 20, 'fraud trains 20 epochs');
    assert.equal(await text(p, '.run-status'), 'Training… fraud 10/20 · run 2 of 4');
    const bar = await p.page.locator('progress.run-progress').evaluate((e) => (e as HTMLProgressElement).value);
    assert.ok(Math.abs(bar - 1.5 / 4) < 1e-9, `progress bar ${bar}`);

    // incremental: the table is updated in place, and a burst of messages is drawn in one frame
    await p.page.evaluate(() => { (document.querySelector('table.run-metrics') as unknown as { __mark: number }).__mark = 1; });
    const burst = progress.slice(at + 1, at + 11);
    const frames = await p.page.evaluate((ms) => new Promise<number>((resolve) => {
      let n = 0;
      window.addEventListener('lossdbg:rendered', () => { n++; });
      for (const m of ms) window.postMessage(m, '*');
      setTimeout(() => resolve(n), 400);
    }), burst as unknown as Array<Record<string, unknown>>);
    assert.ok(frames >= 1 && frames <= 2, `${burst.length} progress messages drawn in ${frames} frame(s)`);
    assert.equal(await p.page.evaluate(() => (document.querySelector('table.run-metrics') as unknown as { __mark?: number }).__mark), 1, 'same table element');
    assert.match(await text(p, 'table.run-metrics'), /fraud\s+20\/20/);

    for (const m of progress.slice(at + 11)) await p.send(m);
    await p.send(finished(report));
    c = await debugCharts(p);
    const byTitle = (s: string) => c.find((x) => x.title.startsWith(s));
    assert.deepEqual([byTitle('MSELoss')?.x.max, byTitle('BCEWithLogitsLoss')?.x.max, byTitle('CrossEntropyLoss')?.x.max], [50, 30, 40]);
    assert.equal(byTitle('Metric curves')?.x.max, 50);
    assert.match(await text(p, '.loss-note'), /3 different losses/);
    assert.match(await text(p, '.run-status'), /^Finished in [\d.]+ s: 4 runs \(regression 50, fraud 20, tags 30, news 40 epochs\)$/);
    // a scenario has no file: no "Show … in file" and no "Apply fix" on its findings
    assert.ok(await p.page.locator('.findings-box article.finding').count() > 0);
    assert.equal(await p.page.locator('.findings-box button', { hasText: /in file|Apply fix/ }).count(), 0);
    await closeClean(p);
  });

  it('opens every sweep with its verdict: the best run on the key metric, highlighted', async () => {
    // What decides each sweep, stated here independently of the panel's code.
    const expected: Record<string, [string, RegExp, 'max' | 'min']> = {
      'sweep-label-smoothing': ['val_ece', /^Best val ECE/, 'min'],
      'smoothing-noisy-labels': ['val_ece', /^Best val ECE/, 'min'],
      'sweep-pos-weight': ['val_f1', /^Best val F1/, 'max'],
      'sweep-multilabel-pos-weight': ['val_f1', /^Best val F1/, 'max'],
      'accuracy-trap': ['val_f1', /^Best val F1/, 'max'],
      'threshold-tuning': ['val_f1', /^Best val F1/, 'max'],
      'multiclass-imbalance': ['val_min_class_recall', /^Best val smallest per-class recall/, 'max'],
      'outliers-mse-vs-huber': ['val_mae', /^Best val MAE/, 'min'],
      'sweep-target-scale': ['val_r2', /^Best val R²/, 'max'],
    };
    const sweeps = listScenarios().filter((s) => s.kind === 'sweep').map((s) => s.id);
    assert.deepEqual([...sweeps].sort(), Object.keys(expected).sort(), 'every bundled sweep has an expectation here');
    const p = await openPanel(browser, { width: 1400, theme: 'vscode-light' });
    for (const id of sweeps) {
      const { report } = await trained(id);
      await p.send(finished(report));
      const [key, label, dir] = expected[id];
      const vals = report.runs.map((r) => ({ name: r.name, v: r.final[key] as number }));
      const best = vals.reduce((a, b) => ((dir === 'max' ? b.v > a.v : b.v < a.v) ? b : a));
      const head = await text(p, '.headline');
      assert.match(head, label, `${id}: ${head}`);
      if (!vals.every((x) => x.v === best.v)) assert.ok(head.includes(`: ${best.name}`), `${id}: the best run ${best.name} (${best.v}) is named in "${head}"`);
      if (report.runs[0].history[key]) assert.equal(await p.page.inputValue('#metric-select'), key, `${id}: the metric chart shows the key metric`);
      if (report.summary) {
        const rows = await p.page.locator('table.run-summary tbody tr.best th').allInnerTexts();
        assert.deepEqual(rows, [best.name], `${id}: best row highlighted`);
      }
      assert.equal(await p.page.locator('.key-metric canvas').count(), 1, `${id}: the final key metric per run`);
    }
    // the accuracy trap: accuracy would pick the run that misses the positives
    const { report } = await trained('accuracy-trap');
    await p.send(finished(report));
    assert.match(await text(p, '.headline'), /Accuracy would pick plain/);
    await closeClean(p);
  });

  it('draws known loss levels: ln K and each smoothed run\'s floor', async () => {
    const { report } = await trained('sweep-label-smoothing');
    const p = await openPanel(browser, { width: 1400 });
    await p.send(finished(report));
    const loss = (await debugCharts(p))[0];
    const refs = loss.datasets.filter((d) => d.role === 'ref');
    const y = (re: RegExp) => refs.find((d) => re.test(d.label))?.values[0];
    assert.ok(Math.abs((y(/^ln K/) as number) - Math.log(5)) < 1e-12);
    // ε = 0.1, K = 5, PyTorch's convention: target 0.92 on the true class, 0.02 on each other
    const floor = -(0.92 * Math.log(0.92) + 4 * 0.02 * Math.log(0.02));
    assert.ok(Math.abs((y(/^floor at ε = 0\.1:/) as number) - floor) < 1e-12, `floor ${y(/^floor at ε = 0\.1:/)} vs ${floor}`);
    // the tutorial's ε/(K−1): 0.9 and 0.025
    const floorT = -(0.9 * Math.log(0.9) + 4 * 0.025 * Math.log(0.025));
    assert.ok(Math.abs((y(/ε\/\(K−1\)/) as number) - floorT) < 1e-12);
    assert.match(await text(p, '.ref-note'), /different floors/);
    await closeClean(p);
  });

  it('zooms by dragging, resets with the button and with a double-click', async () => {
    const { report } = await trained('sweep-pos-weight');
    const p = await openPanel(browser, { width: 1400 });
    await p.send(finished(report));
    const canvas = p.page.locator('.loss-grid canvas').first();
    const box = await canvas.boundingBox();
    assert.ok(box);
    const drag = async () => {
      await p.page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
      await p.page.mouse.down();
      await p.page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.5, { steps: 5 });
      await p.page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 5 });
      await p.page.mouse.up();
    };
    await drag();
    let x = (await debugCharts(p))[0].x;
    assert.ok(x.min > 3 && x.max < 16 && x.max - x.min < 10, `zoomed to ${JSON.stringify(x)}`);
    const reset = p.page.locator('.loss-grid .reset-zoom').first();
    assert.ok(await reset.isVisible(), 'Reset zoom offered');
    await reset.click();
    x = (await debugCharts(p))[0].x;
    assert.deepEqual(x, { min: 1, max: 20 });
    assert.ok(!(await reset.isVisible()));
    await drag();
    assert.notDeepEqual((await debugCharts(p))[0].x, { min: 1, max: 20 });
    await canvas.dblclick();
    assert.deepEqual((await debugCharts(p))[0].x, { min: 1, max: 20 });
    await closeClean(p);
  });

  it('exports a chart\'s data as CSV and the chart as PNG; the legend hides and highlights runs', async () => {
    const { report } = await trained('sweep-pos-weight');
    const p = await openPanel(browser, { width: 1400 });
    await p.send(finished(report));
    await p.page.locator('.loss-grid .export-csv').first().click();
    await p.page.locator('.loss-grid .export-png').first().click();
    const posted = (await p.posted()).filter((m): m is Extract<WebviewToHost, { type: 'saveExport' }> => m.type === 'saveExport');
    const csv = posted.find((m) => m.name.endsWith('.csv'));
    assert.equal(csv?.name, 'loss-bcewithlogitsloss.csv');
    const lines = (csv?.text ?? '').trim().split('\n');
    assert.equal(lines[0], 'epoch,none · train,none · validation,ratio · train,ratio · validation,sqrt-ratio · train,sqrt-ratio · validation');
    assert.equal(lines.length, 21);
    lines.slice(1).forEach((line, i) => {
      const cells = line.split(',');
      assert.equal(Number(cells[0]), i + 1);
      const want = report.runs.flatMap((r) => [r.history.train_loss[i], r.history.val_loss[i]]);
      assert.deepEqual(cells.slice(1).map(Number), want, `epoch ${i + 1}`);
    });
    const png = posted.find((m) => m.name.endsWith('.png'));
    assert.equal(png?.name, 'loss-bcewithlogitsloss.png');
    const bytes = Buffer.from((png?.dataUrl ?? '').replace(/^data:image\/png;base64,/, ''), 'base64');
    assert.deepEqual([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join(''), 'PNG');
    const width = bytes.readUInt32BE(16);
    const canvasWidth = await p.page.locator('.loss-grid canvas').first().evaluate((c) => (c as HTMLCanvasElement).width);
    assert.equal(width, canvasWidth);

    const legend = p.page.locator('.loss-grid .chart-legend').first();
    await legend.getByRole('button', { name: 'ratio', exact: true }).click();
    let ds = (await debugCharts(p))[0].datasets;
    assert.deepEqual(ds.filter((d) => !d.visible).map((d) => d.label), ['ratio · train', 'ratio · validation']);
    assert.equal(await legend.getByRole('button', { name: 'ratio', exact: true }).getAttribute('aria-pressed'), 'false');
    await legend.getByRole('button', { name: 'sqrt-ratio', exact: true }).hover();
    ds = (await debugCharts(p))[0].datasets;
    const none = ds.find((d) => d.label === 'none · train');
    assert.match(none?.color ?? '', /rgba\(.*0\.2\)$/, `other runs fade while one is hovered (${none?.color})`);
    await closeClean(p);
  });

  it('draws a watched run against its steps with TensorBoard smoothing (0.6 by default for per-step logs) and exports it', async () => {
    const u = watchedRun('run-folder');
    const p = await openPanel(browser, { width: 1400 });
    await p.send({ type: 'runLog', title: 'run-folder', status: 'ended', runs: [u] });
    const c = (await debugCharts(p))[0];
    const loss = u.series.find((s) => s.name === 'loss');
    assert.ok(loss);
    const raw = c.datasets.find((d) => d.role === 'raw' && d.label === 'loss (raw)');
    const sm = c.datasets.find((d) => d.role === 'smoothed' && d.label === 'loss');
    assert.ok(raw && sm, c.datasets.map((d) => d.label).join(', '));
    assert.deepEqual(sm.xs, loss.steps, 'x = the logged steps');
    let last = 0, n = 0;
    loss.values.forEach((v, i) => {
      if (!Number.isFinite(v)) { assert.equal(sm.values[i], null); return; }
      last = last * 0.6 + 0.4 * v;
      n++;
      assert.ok(Math.abs((sm.values[i] as number) - last / (1 - 0.6 ** n)) < 1e-9, `step ${loss.steps[i]}`);
    });
    await p.page.locator('.runlog-curves .export-csv').click();
    const csv = (await p.posted()).find((m): m is Extract<WebviewToHost, { type: 'saveExport' }> => m.type === 'saveExport');
    const lines = (csv?.text ?? '').trim().split('\n');
    assert.equal(lines[0].split(',')[0], 'step');
    assert.deepEqual(lines.slice(1).map((l) => Number(l.split(',')[0])), [...new Set(u.series.filter((s) => /loss/.test(s.name)).flatMap((s) => s.steps))].sort((a, b) => a - b));
    await closeClean(p);
  });

  it('offers Apply fix for a case finding with a JSON edit', async () => {
    const p = await openPanel(browser, { width: 1400 });
    const fixable = { ...FINDING, rule: 'missing-ignore-index', field: 'loss.ignore_index', edit: { path: ['loss', 'ignore_index'], value: 0 } };
    await p.send({ type: 'showCase', view: { ...CASE_VIEW, findings: [fixable] } });
    await p.page.getByRole('button', { name: /Apply the fix/ }).click();
    assert.deepEqual((await p.posted()).find((m) => m.type === 'applyFix'), { type: 'applyFix', rule: 'missing-ignore-index', field: 'loss.ignore_index' });
    await closeClean(p);
  });
});

describe('every view at 1,400 and 400 px, light and dark', () => {
  it('never scrolls the page sideways, keeps charts at least 220 px high (screenshots)', async () => {
    const views: Array<[string, HostToWebview[]]> = [];
    for (const id of ['mini-project', 'sweep-pos-weight', 'sweep-label-smoothing', 'double-softmax']) views.push([id, [finished((await trained(id)).report)]]);
    const mp = await trained('mini-project');
    const at = mp.progress.findIndex((m) => m.run === 'fraud' && m.epoch === 10);
    views.push(['training', [{ type: 'runStarted', scenario: 'mini-project', title: 'The mini project', runs: [], kind: 'tutorial' }, ...mp.progress.slice(0, at + 1)]]);
    views.push(['case', [{ type: 'showCase', view: CASE_VIEW }]]);
    views.push(['inspect', [{ type: 'showCase', view: buildCaseView(runDiagnostics(loadCaseFile(path.join(ROOT, 'examples', 'double-softmax.json')))) }]]);
    views.push(['error', [{ type: 'caseError', error: { message: "Expected ',' or '}' after property value in JSON", file: '/work/cases/broken.json', line: 3, column: 17, hint: 'Fix the JSON syntax at line 3, column 17.', code: 'json' } }]]);
    views.push(['runlog', [{ type: 'runLog', title: 'run-folder', status: 'ended', runs: [watchedRun('run-folder')] }]]);
    for (const [width, theme] of [[1400, 'vscode-dark'], [1400, 'vscode-light'], [400, 'vscode-dark'], [400, 'vscode-light']] as const) {
      const p = await openPanel(browser, { width, theme });
      for (const [name, msgs] of views) {
        for (const m of msgs) await p.send(m);
        const over = await p.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(over <= 0, `${name} at ${width} px overflows by ${over} px`);
        const heights = await p.page.evaluate(() => Array.from(document.querySelectorAll('.chart-box canvas')).map((c) => (c as HTMLCanvasElement).getBoundingClientRect().height));
        for (const hgt of heights) assert.ok(hgt >= 220, `${name} at ${width} px: a chart only ${hgt} px high`);
        await p.page.screenshot({ path: path.join(SHOTS, `view-${name}-${width}-${theme.replace('vscode-', '')}.png`), fullPage: true });
      }
      await closeClean(p);
    }
  });
});
