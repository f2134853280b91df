/**
 * The webview bundle in real headless Chromium, under the extension's CSP. Screenshots go to
 * test-results/webview/*.png.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { ProgressMessage } from '../../src/shapes/index';
import { THEME_BLUE } from '../../src/report/theme';
import { debugCharts, launch, openPanel, type Panel } from './harness';
import { CASE_VIEW, FINDING, WARNING, curve, report, run } from './fixtures';


let browser: Browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const open: Panel[] = [];
async function panel(opts?: Parameters<typeof openPanel>[1]): Promise<Panel> {
  const p = await openPanel(browser, opts);
  open.push(p);
  return p;
}
async function done(p: Panel): Promise<void> {
  assert.deepEqual(await p.cspViolations(), [], 'no CSP violations');
  assert.deepEqual(p.problems, [], 'no console errors, page errors or failed requests');
  await p.page.context().close();
}
after(async () => { for (const p of open) await p.page.context().close().catch(() => undefined); });

const charts = debugCharts;

function progress(runName: string, epoch: number, epochs: number, seed: number): ProgressMessage {
  const tl = curve(epochs, 2.3, 0.2, seed)[epoch - 1];
  return { type: 'progress', run: runName, epoch, epochs, train_loss: tl, val_loss: tl * 1.1, metrics: { accuracy: 1 - tl / 2.5 } };
}

async function text(p: Panel, selector: string): Promise<string> {
  return (await p.page.locator(selector).allInnerTexts()).join('\n');
}

describe('webview in Chromium', () => {
  it('streams progress into live curves and finishes with findings', async () => {
    const p = await panel();
    await p.send({ type: 'runStarted', scenario: 'tutorial-ce', title: 'Cross-entropy tutorial', runs: ['correct', 'double softmax'], kind: 'mistake', epochs: 20 });
    assert.match(await text(p, '.run-status'), /Training/);
    assert.ok(await p.page.getByRole('button', { name: 'Cancel the training run' }).isVisible());
    for (let e = 1; e <= 5; e++) {
      await p.send(progress('correct', e, 20, 1));
      await p.send(progress('double softmax', e, 20, 2));
    }
    let c = await charts(p);
    assert.equal(c[0].datasets.length, 4, 'train + validation for two runs');
    assert.deepEqual(c[0].datasets.map((d) => d.points), [5, 5, 5, 5]);
    const ink5 = (await p.canvasInk())[0];
    assert.ok(ink5 > 500, `curves drawn after 5 epochs (${ink5} pixels)`);
    for (let e = 6; e <= 12; e++) await p.send(progress('correct', e, 20, 1));
    c = await charts(p);
    assert.deepEqual(c[0].datasets.map((d) => d.points), [12, 12, 5, 5], 'streaming appends points');
    // progress per run: the run training now, its epoch of its own total, which run of how many
    assert.match(await text(p, '.run-status'), /correct 12\/20/);
    assert.match(await text(p, '.run-metrics'), /correct\s+12\/20/);
    assert.match(await text(p, '.run-metrics'), /double softmax\s+5\/20/);
    await p.shot('train-streaming');

    await p.page.getByRole('button', { name: 'Cancel the training run' }).click();
    assert.ok((await p.posted()).some((m) => m.type === 'cancelRun' && m.scenario === 'tutorial-ce'));

    const verdict = 'Rare class recall: 0.54 without smoothing, 0.29 with it.';
    const finished = report([{ ...run('correct', 20, 0), look_for: 'The loss keeps falling.' }, { ...run('double softmax', 20, 1, [FINDING]), look_for: 'The loss plateaus near 1.0.' }], 'tutorial-ce');
    await p.send({ type: 'runFinished', result: { ...finished, kind: 'mistake', title: 'Cross-entropy tutorial', verdict } });
    assert.match(await text(p, '.run-status'), /Finished/);
    assert.equal(await text(p, '.look-for .verdict'), verdict);
    assert.match(await text(p, '.look-for-runs'), /correct: The loss keeps falling\.\s*double softmax: The loss plateaus near 1\.0\./);
    assert.match(await text(p, '.findings-box'), /Softmax applied before CrossEntropyLoss/);
    await p.page.getByRole('button', { name: 'Run the scenario again' }).click();
    assert.ok((await p.posted()).some((m) => m.type === 'rerun' && m.scenario === 'tutorial-ce'));
    await done(p);
  });

  it('overlays a sweep with distinct colours, TensorBoard smoothing and a log scale', async () => {
    const p = await panel({ theme: 'vscode-light' });
    await p.send({ type: 'runFinished', result: report([0, 1, 2, 3, 4].map((i) => run(`ε=${i / 10}`, 40, i))) });
    let c = await charts(p);
    const trainColors = c[0].datasets.filter((_, i) => i % 2 === 0).map((d) => d.color);
    assert.equal(new Set(trainColors).size, 5, `distinct colours: ${trainColors.join(' ')}`);
    const raw = c[0].datasets[0].values as number[];
    // the slider: 0.8 → the smoothed curve is TensorBoard's debiased EMA, the raw one drawn faintly behind
    await p.page.locator('#smoothing').fill('0.8');
    c = await charts(p);
    const rawDs = c[0].datasets.find((d) => d.role === 'raw' && d.label === 'ε=0 · train (raw)');
    const smDs = c[0].datasets.find((d) => d.role === 'smoothed' && d.label === 'ε=0 · train');
    assert.ok(rawDs && smDs, c[0].datasets.map((d) => `${d.label}/${d.role}`).join(', '));
    assert.deepEqual(rawDs.values, raw, 'raw values unchanged');
    let last = 0;
    raw.forEach((x, i) => {
      last = last * 0.8 + 0.2 * x;
      const want = last / (1 - 0.8 ** (i + 1));
      assert.ok(Math.abs((smDs.values[i] as number) - want) < 1e-9, `epoch ${i + 1}: ${smDs.values[i]} vs ${want}`);
    });
    assert.match(rawDs.color, /rgba\(.*0\.28\)/, 'raw curve faint');
    assert.equal(await p.page.locator('.smoothing-value').innerText(), '0.80');
    await p.page.check('#log-scale');
    c = await charts(p);
    assert.equal(c[0].yScale, 'logarithmic');
    assert.ok((await p.canvasInk())[0] > 2000);
    await p.shot('sweep-light-smoothed-log');
    await done(p);
  });

  it('renders findings with evidence and a fix; Copy, docs and show-in-file post messages', async () => {
    const p = await panel();
    await p.send({ type: 'showCase', view: CASE_VIEW });
    const card = p.page.locator('article.finding').first();
    assert.match(await card.innerText(), /Softmax applied before CrossEntropyLoss/);
    assert.match(await card.locator('.evidence').innerText(), /rows summing to one\s+1/);
    assert.equal(await card.locator('pre.code').innerText(), FINDING.fix);
    await card.getByRole('button', { name: /Copy the fix/ }).click();
    await card.getByRole('button', { name: /Open the documentation/ }).click();
    await p.page.locator('article.finding').nth(1).getByRole('button', { name: 'Show loss.ignore_index in file' }).click();
    const posted = await p.posted();
    assert.deepEqual(posted.find((m) => m.type === 'copy'), { type: 'copy', text: FINDING.fix });
    assert.deepEqual(posted.find((m) => m.type === 'openRule'), { type: 'openRule', rule: 'double-softmax', docs: FINDING.docs });
    assert.deepEqual(posted.find((m) => m.type === 'revealField'), { type: 'revealField', field: WARNING.field, file: CASE_VIEW.file });
    assert.equal(await p.page.locator('.sev-icon.sev-error').count() >= 1, true);
    const ink = await p.canvasInk();
    assert.equal(ink.length, 4, 'histogram, class frequency, per-class loss, reliability');
    for (const [i, n] of ink.entries()) assert.ok(n > 300, `chart ${i} drawn (${n} pixels)`);
    await p.shot('case-dark');
    await done(p);
  });

  it('is keyboard accessible: Tab reaches Copy and Enter activates it', async () => {
    const p = await panel();
    await p.send({ type: 'showCase', view: CASE_VIEW });
    let found = false;
    for (let i = 0; i < 40 && !found; i++) {
      await p.page.keyboard.press('Tab');
      found = await p.page.evaluate(() => document.activeElement?.classList.contains('copy-button') ?? false);
    }
    assert.ok(found, 'Copy button reachable with Tab');
    const outline = await p.page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    assert.notEqual(outline, 'none', 'focused button shows an outline');
    await p.page.keyboard.press('Enter');
    assert.ok((await p.posted()).some((m) => m.type === 'copy' && m.text === FINDING.fix));
    assert.equal(await p.page.evaluate(() => document.activeElement?.textContent), 'Copied');
    await done(p);
  });

  it('recolours the charts when the theme class changes', async () => {
    const p = await panel({ theme: 'vscode-light' });
    await p.send({ type: 'runFinished', result: report([run('only', 30, 0)]) });
    const light = await p.colorPixels(THEME_BLUE.light, 2);
    assert.ok(light > 100, `light blue drawn (${light})`);
    const setTheme = (cls: string) => p.page.evaluate((k) => new Promise<void>((resolve) => {
      window.addEventListener('lossdbg:rendered', () => resolve(), { once: true });
      document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast');
      document.body.classList.add(k);
    }), cls);
    await setTheme('vscode-dark');
    const darkBlue = await p.colorPixels(THEME_BLUE.dark, 2);
    assert.ok(darkBlue > 100, `dark blue drawn (${darkBlue})`);
    const lightAfter = await p.colorPixels(THEME_BLUE.light, 2);
    assert.ok(lightAfter < light / 10, `light-theme blue gone (${lightAfter} of ${light} pixels left)`);
    assert.equal((await charts(p))[0].datasets[0].color, THEME_BLUE.dark);
    await p.shot('theme-dark');
    await setTheme('vscode-high-contrast');
    const hc = await charts(p);
    assert.equal(hc[0].gridColor, '#6fc3df', 'high-contrast grid uses the contrast border');
    await p.shot('theme-high-contrast');
    await done(p);
  });

  it('fits 320px: no horizontal overflow of the page', async () => {
    const p = await panel({ width: 320, height: 800 });
    await p.send({ type: 'showCase', view: CASE_VIEW });
    const overflow = () => p.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(await overflow() <= 0, `case view overflows by ${await overflow()}px`);
    await p.shot('narrow-case');
    await p.send({ type: 'runFinished', result: report([run('a', 30, 0, [FINDING]), run('b', 30, 1)]) });
    assert.ok(await overflow() <= 0, `train view overflows by ${await overflow()}px`);
    await p.shot('narrow-train');
    await done(p);
  });

  it('restores from saved state after a reload', async () => {
    const p = await panel();
    await p.send({ type: 'runStarted', scenario: 's', title: 'Restored run', runs: ['r1'], kind: 'tutorial', epochs: 10 });
    for (let e = 1; e <= 6; e++) await p.send(progress('r1', e, 10, 3));
    await p.page.locator('#smoothing').fill('0.45');
    await p.page.check('#log-scale');
    await p.page.waitForTimeout(300);
    await p.page.reload();
    await p.page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'ready'));
    assert.match(await text(p, 'h1'), /Restored run/);
    assert.equal(await p.page.inputValue('#smoothing'), '0.45');
    assert.ok(await p.page.isChecked('#log-scale'));
    const c = await charts(p);
    assert.equal(c[0].datasets.find((d) => d.role === 'smoothed')?.points, 6);
    assert.equal(c[0].yScale, 'logarithmic');
    assert.ok((await p.canvasInk())[0] > 300);
    // A later progress message continues the restored run.
    await p.send(progress('r1', 7, 10, 3));
    assert.equal((await charts(p))[0].datasets.find((d) => d.role === 'smoothed')?.points, 7);

    await p.send({ type: 'showCase', view: CASE_VIEW });
    await p.page.reload();
    await p.page.waitForSelector('article.finding');
    assert.match(await text(p, 'h1'), /double-softmax\.json/);
    await done(p);
  });

  it('shows a prominent error view for caseError, never a blank panel', async () => {
    const p = await panel();
    assert.match(await text(p, '#app'), /Waiting for data/);
    await p.send({ type: 'caseError', error: { message: 'expected a number, found "abc"', file: '/work/cases/broken.json', path: 'input[3][17]', line: 12, column: 7, hint: 'write numbers without quotes', code: 'structure' } });
    const alert = p.page.getByRole('alert');
    const t = await alert.innerText();
    for (const s of ['expected a number, found "abc"', '/work/cases/broken.json', 'line 12, column 7', 'input[3][17]', 'write numbers without quotes']) assert.ok(t.includes(s), `error view shows ${s}`);
    await alert.getByRole('button', { name: 'Show line 12, column 7 in file' }).click();
    assert.deepEqual((await p.posted()).find((m) => m.type === 'revealField'), { type: 'revealField', field: 'input[3][17]', line: 12, column: 7, file: '/work/cases/broken.json' });
    await p.shot('case-error');
    await done(p);
  });

  it('ignores malformed messages and reports them to the host', async () => {
    const p = await panel();
    await p.send({ type: 'showCase', view: CASE_VIEW });
    await p.page.evaluate(() => {
      window.postMessage({ type: 'showCase', view: 5 }, '*');
      window.postMessage('junk', '*');
      window.postMessage({ type: 'progress', run: 'x' }, '*');
    });
    await p.page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.filter((m) => m.type === 'webviewError').length >= 3);
    assert.match(await text(p, 'h1'), /double-softmax\.json/, 'the view is still there');
    await done(p);
  });

  it('draws 4 curves × 1000 points quickly (measured)', async () => {
    const p = await panel();
    const result = report([run('a', 1000, 0), run('b', 1000, 1)]);
    const ms = await p.page.evaluate((r) => new Promise<number>((resolve) => {
      const t0 = performance.now();
      window.addEventListener('lossdbg:rendered', () => resolve(performance.now() - t0), { once: true });
      window.postMessage({ type: 'runFinished', result: r }, '*');
    }), result as unknown as Record<string, unknown>);
    const c = await charts(p);
    assert.deepEqual(c[0].datasets.map((d) => d.points), [1000, 1000, 1000, 1000]);
    assert.deepEqual(c[0].x, { min: 1, max: 1000 });
    assert.ok((await p.canvasInk())[0] > 2000);
    console.log(`# first render of 4 curves × 1000 points (plus a metric chart): ${ms.toFixed(1)} ms`);
    await done(p);
  });
});

describe('webview in Chromium: runs named by progress', () => {
  it('picks up runs from progress when runStarted lists none', async () => {
    const p = await panel();
    await p.send({ type: 'runStarted', scenario: 'double-softmax', title: 'Softmax before CE', runs: [], kind: 'mistake', epochs: 4 });
    for (let e = 1; e <= 3; e++) await p.send(progress('double-softmax', e, 4, 1));
    await p.send(progress('double-softmax-fixed', 1, 4, 2));
    const c = await charts(p);
    assert.deepEqual(c[0].datasets.map((d) => d.label), ['double-softmax · train', 'double-softmax · validation', 'double-softmax-fixed · train', 'double-softmax-fixed · validation']);
    assert.deepEqual(c[0].datasets.map((d) => d.points), [3, 3, 1, 1]);
    await p.send({ type: 'runFailed', scenario: 'double-softmax', message: 'worker crashed' });
    assert.match(await text(p, '.run-status'), /Failed: worker crashed/);
    assert.ok((await p.canvasInk())[0] > 300, 'curves stay after a failure');
    await done(p);
  });
});
