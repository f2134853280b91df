import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launch, openPanel, type Panel } from './harness';
import { CASE_VIEW, FINDING, report, run } from './fixtures';

let browser: Browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function clean(p: Panel): Promise<void> {
  assert.deepEqual(await p.cspViolations(), [], 'CSP violations');
  assert.deepEqual(p.problems, [], 'console errors');
}

describe('webview in Chromium', () => {
  it('draws finished training curves and findings', async () => {
    const p = await openPanel(browser);
    await p.send({ type: 'runFinished', result: report([run('ε=0', 30, 0, [FINDING]), run('ε=0.1', 30, 1), run('ε=0.2', 30, 2)]) });
    const ink = await p.canvasInk();
    assert.ok(ink.length >= 2, 'loss and metric charts');
    assert.ok(ink[0] > 2000, `loss chart has ink: ${ink[0]}`);
    await p.shot('train-finished');
    await clean(p);
    await p.page.context().close();
  });

  it('renders a case view', async () => {
    const p = await openPanel(browser);
    await p.send({ type: 'showCase', view: CASE_VIEW });
    await p.shot('case-view');
    await clean(p);
    await p.page.context().close();
  });
});
