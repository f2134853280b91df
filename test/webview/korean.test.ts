/**
 * The panel and the HTML report in Korean (#17), in headless Chromium: the page gets the Korean
 * L10nSetup as the host hands it over (pageShell's #lossdbg-l10n script), the results come from the
 * engine translated the same way (as the worker does under a Korean VS Code). One finding (the
 * double-softmax case view), one scenario result (double-softmax beside its fix), the error view;
 * Korean strings are wider, so the page must still never scroll sideways at 400 px.
 * Screenshots: test-results/webview/ko-*.png.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { runDiagnostics } from '../../src/diagnostics/run';
import { loadCaseFile } from '../../src/io/index';
import { setL10n } from '../../src/l10n';
import { buildCaseView } from '../../src/report/case-view';
import { renderHtmlReport } from '../../src/report/html';
import { toTrainReport } from '../../src/report/json-safe';
import { runScenario } from '../../src/scenarios/index';
import type { CaseView, L10nBundle, L10nSetup, TrainReport } from '../../src/shapes/index';
import { DIST, ROOT, SHOTS, launch, openPanel, closeClean, sideScroll, type Panel } from './harness';

const KO: L10nSetup = { language: 'ko', bundle: JSON.parse(readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.ko.json'), 'utf8')) as L10nBundle };
const HANGUL = /[\uac00-\ud7a3]/;

let browser: Browser;
let caseView: CaseView;
let result: TrainReport;
before(async () => {
  browser = await launch();
  // what the engine worker produces under a Korean VS Code
  setL10n(KO);
  try {
    caseView = buildCaseView(runDiagnostics(loadCaseFile(path.join(ROOT, 'examples', 'double-softmax.json'))));
    result = toTrainReport(await runScenario('double-softmax', { seed: 42, epochs: 12 }));
  } finally {
    setL10n();
  }
});
after(async () => { await browser?.close(); });



describe('the panel in Korean', () => {
  it('a finding: the double-softmax case view with Korean headings, labels, buttons and rule text', async () => {
    const p = await openPanel(browser, { width: 1400, l10n: KO });
    assert.equal(await p.page.evaluate(() => document.documentElement.lang), 'ko');
    await p.send({ type: 'showCase', view: caseView });
    const heads = await p.page.locator('h2').allInnerTexts();
    assert.deepEqual(heads.slice(0, 3), ['진단 결과', '요약', '데이터']);
    const card = p.page.locator('article.finding').first();
    assert.equal(await card.locator('.finding-title').innerText(), 'CrossEntropyLoss 앞에 소프트맥스가 적용됨');
    assert.match(await card.locator('.finding-message').innerText(), HANGUL, 'the rule message is Korean');
    assert.equal(await card.locator('.fix-label').innerText(), '수정 방법');
    assert.equal(await card.locator('.copy-button').innerText(), '복사');
    const main = card.locator('table.evidence').first();
    assert.deepEqual(await main.locator('thead th').allInnerTexts(), ['근거', '값']);
    const evidence = await main.locator('tbody th').allInnerTexts();
    assert.ok(evidence.includes('합이 1인 행') && evidence.includes('도달 가능한 최저 손실'), evidence.join(' | '));
    assert.equal(await card.getByRole('button', { name: /규칙 double-softmax의 문서 열기/ }).innerText(), '규칙 문서');
    assert.match(await p.page.locator('.loss-value').innerText(), /^손실 = 2\.1079/);
    assert.match(await p.page.locator('.finding-counts').innerText(), /^경고 1개$/);
    const titles = await p.page.locator('.figure-title').allInnerTexts();
    assert.ok(titles.includes('입력값') && titles.includes('클래스 빈도'), titles.join(' | '));
    // the button posts the same message as in English
    await card.locator('.copy-button').click();
    assert.equal(await card.locator('.copy-button').innerText(), '복사됨');
    assert.ok((await p.posted()).some((m) => m.type === 'copy'));
    await p.shot('ko-case-1400-dark');
    await closeClean(p);
  });

  it('a scenario result: the mistake beside its fix with a Korean verdict, run texts, table headers and chart labels', async () => {
    const p = await openPanel(browser, { width: 1400, l10n: KO });
    await p.send({ type: 'runFinished', result });
    const heads = await p.page.locator('h2').allInnerTexts();
    assert.deepEqual(heads, ['판정', '손실 곡선', '지표', '진단 결과']);
    assert.match(await p.page.locator('.headline').innerText(), /^검증 \S.* 최고: double-softmax-fixed [\d.]+; 최저: double-softmax [\d.]+\./);
    const look = await p.page.locator('.look-for-runs li').allInnerTexts();
    assert.match(look[0], /^double-softmax: 학습 손실이 1\.0 근처에서 정체합니다/);
    assert.match(look[1], /^double-softmax-fixed: 손실이 계속 내려가고/);
    assert.match(await p.page.locator('.run-status').innerText(), /^[\d.]+초 만에 완료: 실행 2개 × 12 에포크$/);
    assert.deepEqual((await p.page.locator('table.run-summary thead th').allInnerTexts()).slice(0, 2), ['실행', 'double-softmax 발동']);
    assert.deepEqual(await p.page.locator('table.run-summary tbody td:nth-child(2)').allInnerTexts(), ['예', '아니요']);
    assert.equal(await p.page.getByRole('button', { name: '시나리오 다시 실행' }).innerText(), '다시 실행');
    const charts = await p.page.evaluate(() => (window as unknown as { lossdbgDebug: { charts(): Array<{ title: string; datasets: Array<{ label: string }> }> } }).lossdbgDebug.charts());
    const loss = charts.find((c) => c.title === '손실 (CrossEntropyLoss)');
    assert.ok(loss, charts.map((c) => c.title).join(' | '));
    assert.ok(loss.datasets.some((d) => d.label === 'double-softmax · 검증'), loss.datasets.map((d) => d.label).join(' | '));
    assert.ok(loss.datasets.some((d) => /^이중 소프트맥스 하한 /.test(d.label)), 'the reference line is labelled in Korean');
    await p.shot('ko-scenario-1400-dark');
    await closeClean(p);
  });

  it('never scrolls sideways at 1,400 and 400 px in Korean: case, scenario, error (light and dark)', async () => {
    for (const [width, theme] of [[1400, 'vscode-light'], [400, 'vscode-dark'], [400, 'vscode-light']] as const) {
      const p = await openPanel(browser, { width, theme, l10n: KO });
      const views: Array<[string, Parameters<Panel['send']>[0]]> = [
        ['case', { type: 'showCase', view: caseView }],
        ['scenario', { type: 'runFinished', result }],
        ['error', { type: 'caseError', error: { message: "Expected ',' or '}' after property value in JSON", file: '/work/cases/broken.json', line: 3, column: 17, hint: 'Fix the JSON syntax at line 3, column 17.', code: 'json' } }],
      ];
      for (const [name, msg] of views) {
        await p.send(msg);
        assert.match(await p.page.locator('#app').innerText(), HANGUL, name);
        const over = await sideScroll(p);
        assert.ok(over <= 0, `${name} at ${width} px (${theme}) overflows by ${over} px`);
        await p.page.screenshot({ path: path.join(SHOTS, `ko-${name}-${width}-${theme.replace('vscode-', '')}.png`), fullPage: true });
      }
      assert.equal(await p.page.locator('.error-view h1').innerText(), '이 손실 케이스를 읽을 수 없습니다');
      await closeClean(p);
    }
  });
});

describe('the HTML report in Korean', () => {
  it('renders a Korean training report from the setup it embeds (what lossdbg train --html --lang ko writes)', async () => {
    const html = renderHtmlReport(result, { assetsDir: DIST, l10n: KO });
    const file = path.join(SHOTS, 'ko-report.html');
    writeFileSync(file, html);
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('canvas');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
    const body = await page.locator('body').innerText();
    for (const s of ['판정', '손실 곡선', '실행별 최종 값', '비교']) assert.ok(body.includes(s), s);
    assert.equal(await page.getByRole('button', { name: '시나리오 다시 실행' }).count(), 0, 'no host-only buttons in a report');
    assert.deepEqual(problems, []);
    await page.screenshot({ path: path.join(SHOTS, 'ko-report.png'), fullPage: true });
    await context.close();
  });
});
