/** The self-contained HTML report, opened from disk in headless Chromium with no network. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { runDiagnostics } from '../../src/diagnostics/run';
import { loadCaseFile } from '../../src/io/index';
import { buildCaseView } from '../../src/report/case-view';
import { renderHtmlReport } from '../../src/report/html';
import { DIST, ROOT, SHOTS, launch } from './harness';
import { CASE_VIEW, FINDING, report, run } from './fixtures';

let browser: Browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function openReport(html: string, name: string, colorScheme: 'light' | 'dark' = 'light', width = 1000): Promise<{ page: Page; problems: string[] }> {
  const file = path.join(SHOTS, `${name}.html`);
  writeFileSync(file, html);
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => { if (!/willReadFrequently/.test(m.text()) && (m.type() === 'error' || m.type() === 'warning')) problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`network request: ${r.url()}`); });
  await page.addInitScript(() => {
    (window as unknown as { __csp: string[] }).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('canvas');
  return { page, problems };
}

async function ink(page: Page): Promise<number[]> {
  return page.evaluate(() => Array.from(document.querySelectorAll('canvas')).map((c) => {
    const d = (c.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  }));
}

describe('HTML report in Chromium', () => {
  it('draws the loss curves, metrics and findings of a training result offline', async () => {
    const result = report([run('baseline', 50, 0, [{ ...FINDING, message: 'tricky </script><script>alert(1)</script> text' }]), run('fixed', 50, 1)]);
    const html = renderHtmlReport(result, { assetsDir: DIST });
    assert.ok(!/<script[^>]*src=/i.test(html), 'no external scripts');
    assert.ok(!/<link[^>]*stylesheet/i.test(html), 'no external stylesheets');
    const { page, problems } = await openReport(html, 'report-train', 'dark');
    assert.equal(await page.evaluate(() => document.body.classList.contains('vscode-dark')), true, 'prefers-color-scheme: dark');
    const n = await ink(page);
    assert.ok(n[0] > 2000, `loss curves drawn (${n[0]} pixels)`);
    const body = await page.locator('body').innerText();
    assert.match(body, /Label smoothing sweep/);
    assert.match(body, /Final values per run/);
    assert.match(body, /tricky <\/script><script>alert\(1\)<\/script> text/, 'the message is text, not markup');
    assert.equal(await page.getByRole('button', { name: /Run the scenario again/ }).count(), 0, 'no host-only buttons');
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp), []);
    assert.deepEqual(problems, []);
    await page.screenshot({ path: path.join(SHOTS, 'report-train.png'), fullPage: true });
    await page.context().close();
  });

  it('renders a case view report in the light theme', async () => {
    const html = renderHtmlReport({ caseView: CASE_VIEW }, { assetsDir: DIST });
    const { page, problems } = await openReport(html, 'report-case', 'light');
    assert.equal(await page.evaluate(() => document.body.classList.contains('vscode-light')), true);
    const n = await ink(page);
    assert.equal(n.length, 4);
    for (const x of n) assert.ok(x > 300);
    assert.match(await page.title(), /double-softmax\.json/);
    assert.match(await page.locator('body').innerText(), /Rule documentation: docs\/rules\/double-softmax\.md/);
    await page.locator('.copy-button').first().click();
    assert.deepEqual(problems, []);
    await page.screenshot({ path: path.join(SHOTS, 'report-case.png'), fullPage: true });
    await page.context().close();
  });

  it('renders a real example case end to end (loader, diagnostics, view model, report)', async () => {
    const c = loadCaseFile(path.join(ROOT, 'examples', 'clean-fraud-weighted.json'));
    const view = buildCaseView(runDiagnostics(c));
    assert.ok(view.pr && view.reliability, 'binary case has PR and reliability');
    const html = renderHtmlReport({ caseView: view }, { assetsDir: DIST, theme: 'dark' });
    const { page, problems } = await openReport(html, 'report-example', 'light', 700);
    const n = await ink(page);
    assert.equal(n.length, 5, 'histogram, class frequency, per-class loss, PR, reliability');
    for (const x of n) assert.ok(x > 300);
    assert.match(await page.locator('body').innerText(), /Precision–recall/);
    assert.deepEqual(problems, []);
    await page.screenshot({ path: path.join(SHOTS, 'report-example.png'), fullPage: true });
    await page.context().close();
  });
});
