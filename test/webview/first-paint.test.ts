/**
 * The panel's first paint does not wait for chart.js (docs/performance.md, panel-first-findings):
 * the host's HTML shows a skeleton before the script runs, the case view paints its findings with
 * the charts bundle (dist/webview-charts.js) not loaded, and loads it only when a chart is shown.
 * Real headless Chromium under the panel's CSP; the charts bundle is held back by the test's server.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { debugCharts, launch, openPanel, type Panel } from './harness';
import { CASE_VIEW, report, run } from './fixtures';

let browser: Browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const open: Panel[] = [];
async function panel(opts: Parameters<typeof openPanel>[1]): Promise<Panel> {
  const p = await openPanel(browser, opts);
  open.push(p);
  return p;
}
after(async () => { for (const p of open) await p.page.context().close().catch(() => undefined); });

/** Posts a message as the host would, without waiting for 'lossdbg:rendered' (which waits for the charts). */
async function post(p: Panel, msg: unknown): Promise<void> {
  await p.page.evaluate((m) => window.postMessage(m, '*'), msg as Record<string, unknown>);
}

function chartLibLoaded(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { lossdbgChartLib?: unknown }).lossdbgChartLib !== undefined);
}

function marks(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { lossdbgDebug: { trace(): { marks: Array<{ name: string }> } } }).lossdbgDebug.trace().marks.map((m) => m.name));
}

describe('first paint', () => {
  it('shows the skeleton from the HTML until the host answers, then the case view', async () => {
    const p = await panel({ skeleton: { title: 'double-softmax.json', status: 'Computing the findings…' }, holdCharts: true, theme: 'vscode-light' });
    // booted and said ready: the skeleton is still there (not "Waiting for data…")
    assert.equal(await p.page.locator('.skeleton h1').innerText(), 'double-softmax.json');
    assert.equal(await p.page.locator('.skeleton .skeleton-status').innerText(), 'Computing the findings…');
    assert.equal(await p.page.locator('.placeholder').count(), 0);
    await post(p, { type: 'showCase', view: CASE_VIEW });
    await p.page.locator('.case-view .finding').first().waitFor();
    assert.equal(await p.page.locator('.skeleton').count(), 0, 'the case view replaced the skeleton');
    p.releaseCharts();
  });

  it('paints the findings with chart.js not loaded, then loads it and draws the charts', async () => {
    const p = await panel({ holdCharts: true });
    await post(p, { type: 'showCase', view: CASE_VIEW });
    await p.page.locator('.case-view .finding .rule-id', { hasText: FIRST_RULE }).waitFor();
    await p.page.waitForFunction(() => (window as unknown as { lossdbgDebug: { trace(): { marks: Array<{ name: string }> } } }).lossdbgDebug.trace().marks.some((m) => m.name === 'case-painted'));
    // Painted, every section laid out, no chart yet: chart.js is not in the main bundle.
    assert.equal(await chartLibLoaded(p.page), false, 'chart.js is not loaded with the main bundle');
    assert.equal((await debugCharts(p)).length, 0);
    assert.ok(await p.page.locator('.case-view figure canvas').count() >= 4, 'the figures hold their place');
    await p.page.waitForFunction(() => document.querySelectorAll('script[src$="webview-charts.js"]').length === 1);
    assert.equal(p.chartsRequests(), 1, 'the charts bundle was asked for once, after the paint');
    const rendered = p.page.evaluate(() => new Promise<void>((r) => window.addEventListener('lossdbg:rendered', () => r(), { once: true })));
    p.releaseCharts();
    await rendered; // 'lossdbg:rendered' waits for the charts
    assert.equal(await chartLibLoaded(p.page), true);
    const charts = await debugCharts(p);
    assert.deepEqual(charts.map((c) => c.title), ['Input values', 'Class frequency', 'Mean loss per class', 'Reliability']);
    assert.ok((await p.canvasInk()).every((n) => n > 0), 'every chart is drawn');
    const names = await marks(p.page);
    assert.ok(names.indexOf('case-painted') < names.indexOf('charts-loaded'), names.join(' '));
    assert.ok(names.indexOf('charts-loaded') < names.indexOf('charts-drawn'), names.join(' '));
    assert.deepEqual(await p.cspViolations(), [], 'the charts bundle loads under the CSP (its nonce)');
    assert.deepEqual(p.problems, []);
    // A second case in the same panel draws its charts at once (nothing more to load).
    await p.send({ type: 'showCase', view: { ...CASE_VIEW, title: 'again.json' } });
    assert.equal((await debugCharts(p)).length, 4);
    assert.equal(p.chartsRequests(), 1);
  });

  it('a training view waits for chart.js (saying so), then shows its curves', async () => {
    const p = await panel({ holdCharts: true });
    await post(p, { type: 'runFinished', result: report([run('a', 6, 1), run('b', 6, 2)]) });
    await p.page.locator('.placeholder').first().waitFor();
    assert.match(await p.page.locator('.placeholder').first().innerText(), /Loading the charts/);
    const rendered = p.page.evaluate(() => new Promise<void>((r) => window.addEventListener('lossdbg:rendered', () => r(), { once: true })));
    p.releaseCharts();
    await rendered;
    assert.ok(await p.page.locator('.train-view').count() === 1);
    assert.ok((await debugCharts(p)).length >= 1);
    assert.deepEqual(p.problems, []);
  });

  it('a charts bundle that cannot be loaded leaves the findings and says so in each figure', async () => {
    const p = await panel({ holdCharts: 'fail' });
    await post(p, { type: 'showCase', view: CASE_VIEW });
    await p.page.locator('.case-view .finding').first().waitFor();
    p.releaseCharts();
    await p.page.locator('.chart-error').first().waitFor();
    assert.equal(await p.page.locator('.chart-error').count(), 4);
    assert.match(await p.page.locator('.chart-error').first().innerText(), /^The chart could not be drawn: could not load .*webview-charts\.js$/);
    assert.equal(await p.page.locator('.case-view .finding').count(), CASE_VIEW.findings.length);
    assert.ok(p.problems.every((m) => /404|requestfailed: .*webview-charts\.js$/.test(m)), p.problems.join('\n'));
  });
});

const FIRST_RULE = CASE_VIEW.findings[0].rule;
