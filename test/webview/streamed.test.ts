/**
 * The case view of a case whose input was read in chunks (over the file-size setting), in headless
 * Chromium: built by the worker's inspect job on a generated LM dump with a reported loss (so one
 * rule is not checked), in English and Korean. The panel shows the findings, the loss, the tables and
 * charts it could build, a "Read in chunks" section naming the rule not checked and the views left
 * out with why, and the histogram's note that its bars come from a sample; nothing scrolls sideways
 * at 400 px. Screenshots: test-results/webview/streamed-*.png.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { setL10n } from '../../src/l10n';
import type { CaseView, InspectSettings, L10nBundle, L10nSetup } from '../../src/shapes/index';
import { inspect } from '../../src/worker/handlers/inspect';
import { ROOT, closeClean, launch, openPanel, sideScroll } from './harness';
import { writeLmDump } from '../lm-dump';

const KO: L10nSetup = { language: 'ko', bundle: JSON.parse(readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.ko.json'), 'utf8')) as L10nBundle };

/** (512, 4096) f32 logits (8 MB), sequences of 64 right-padded with token 0, no ignore_index, a reported loss. */
function lmCase(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lossdbg-streamed-view-'));
  return writeLmDump(dir, 'lm-step-1200', { N: 512, C: 4096, L: 64, seed: 7, vocab: 60, loss: { type: 'CrossEntropyLoss' }, meta: { reported_loss: 2.9 } }).file;
}

/** 4 MB: the 8 MB input is over it. */
const SETTINGS: InspectSettings = { options: {}, disabled: [], dtype: 'float64', maxFileBytes: 4 << 20, maxMemoryBytes: 1 << 30, allowedRoots: [] };

let browser: Browser;
let view: CaseView;
let viewKo: CaseView;
before(async () => {
  browser = await launch();
  const file = lmCase();
  const never = new AbortController().signal;
  view = (await inspect({ file, settings: SETTINGS }, never, () => undefined)).view;
  setL10n(KO);
  try {
    viewKo = (await inspect({ file, settings: SETTINGS }, never, () => undefined)).view;
  } finally {
    setL10n();
  }
});
after(async () => { await browser?.close(); });



describe('the case view of an input read in chunks', () => {
  it('shows the findings, the loss, what was not checked and what is not shown, with why', async () => {
    assert.ok(view.streamed, 'the worker streamed the case');
    const p = await openPanel(browser, { width: 1400, theme: 'vscode-light' });
    await p.send({ type: 'showCase', view });
    assert.deepEqual((await p.page.locator('h2').allInnerTexts()).slice(0, 3), ['Findings', 'Read in chunks', 'Summary']);
    const findings = await p.page.locator('#sec-findings').locator('..').innerText();
    assert.match(findings, /missing-ignore-index/);
    assert.match(await p.page.locator('.loss-value').innerText(), /^loss = \d/);
    const sec = p.page.locator('section[aria-labelledby="sec-streamed"]');
    const streamed = await sec.innerText();
    assert.match(streamed, new RegExp(`read in ${view.streamed.chunks} chunks of rows \\(512 rows\\), not held in memory`));
    assert.ok(view.streamed.requests.rows > 0);
    assert.ok(streamed.includes(`Read again for the rules: ${view.streamed.requests.rows} rows, 0 recomputed losses, 0 more passes over the file.`));
    assert.match(await sec.locator('.not-checked li').innerText(), /^reported-loss-mismatch — the loss variants that could explain a reported loss$/);
    assert.deepEqual(await sec.locator('.unavailable li strong').allInnerTexts(), ['top-5 accuracy']);
    assert.doesNotMatch(streamed, /Every rule was checked/);
    // the metrics the stream could give, top-5 accuracy not among them
    const metrics = await p.page.locator('table.metrics').innerText();
    assert.match(metrics, /accuracy/);
    assert.match(metrics, /mean confidence/);
    assert.doesNotMatch(metrics, /top-5/);
    // the histogram says where its bars come from; every chart drew something
    assert.match(await p.page.locator('figure.histogram .figure-note').innerText(), /bars from a sample of 65536 of the 2097152 values \(one in 32\)/);
    const ink = await p.canvasInk();
    assert.ok(ink.length >= 4 && ink.every((n) => n > 100), `canvas ink: ${ink.join(', ')}`);
    await closeClean(p);
  });

  it('reads well at 1,400 and 400 px, light and dark, in English and Korean (no sideways scroll)', async () => {
    for (const [lang, v, l10n] of [['en', view, undefined], ['ko', viewKo, KO]] as const) {
      for (const width of [1400, 400]) {
        for (const theme of ['vscode-light', 'vscode-dark']) {
          const p = await openPanel(browser, { width, theme, ...(l10n ? { l10n } : {}) });
          await p.send({ type: 'showCase', view: v });
          assert.ok(await sideScroll(p) <= 0, `${lang} ${width} ${theme}: the page scrolls sideways`);
          if (lang === 'ko') assert.match(await p.page.locator('section[aria-labelledby="sec-streamed"]').innerText(), /청크 단위로 읽음[\s\S]*검사하지 않은 규칙\(입력 전체가 메모리에 있어야 함\)[\s\S]*reported-loss-mismatch/);
          if (lang === 'en' || width === 1400) await p.shot(`streamed-${lang}-${width}-${theme.replace('vscode-', '')}`);
          await closeClean(p);
        }
      }
    }
  });
});
