/**
 * Drives the real webview bundle (dist/webview.js + dist/webview.css) in headless Chromium under the
 * same CSP as the extension's panel. A stub `acquireVsCodeApi` records posted messages and keeps the
 * state in sessionStorage so that a reload restores it, as VS Code does.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import assert from 'node:assert/strict';
import type { HostToWebview, L10nSetup, WebviewToHost } from '../../src/shapes/index';
import { THEME_CSS } from '../../src/report/theme';
import { pageShell, pageSkeleton } from '../../src/protocol';

export const ROOT = path.resolve(__dirname, '..', '..');
export const DIST = path.join(ROOT, 'dist');
export const SHOTS = path.join(ROOT, 'test-results', 'webview');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ORIGIN = 'https://webview.test';
const NONCE = 'dGVzdC1ub25jZS0xMjM0NTY3OA';

export function requireBuild(): void {
  for (const f of ['webview.js', 'webview-charts.js', 'webview.css']) {
    if (!existsSync(path.join(DIST, f))) throw new Error(`dist/${f} is missing: run \`npm run build\` first (npm run test:webview does)`);
  }
}

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install chromium\` (or set CHROMIUM_PATH)`);
  }
  requireBuild();
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

export const CSP = `default-src 'none'; img-src ${ORIGIN} data:; style-src ${ORIGIN}; script-src 'nonce-${NONCE}'; font-src ${ORIGIN}`;

/** The stub mimics VS Code: acquireVsCodeApi once, postMessage recorded, state persisted. */
const STUB = `
  window.__posted = [];
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber);
  });
  let acquired = false;
  window.acquireVsCodeApi = function () {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return {
      postMessage: (m) => { window.__posted.push(JSON.parse(JSON.stringify(m))); },
      getState: () => { const s = sessionStorage.getItem('vscode-state'); return s ? JSON.parse(s) : undefined; },
      setState: (s) => { sessionStorage.setItem('vscode-state', JSON.stringify(s)); return s; },
    };
  };`;

/** The panel's own page (the shell the extension serves, `pageShell`), with the theme VS Code would inject and the stub API. */
function pageHtml(bodyClass: string, l10n?: L10nSetup, skeleton?: { title: string; status: string }): string {
  return pageShell({
    mode: 'vscode', title: 'Loss Debugger', csp: CSP, nonce: NONCE, bodyClass, ...(l10n ? { l10n } : {}),
    ...(skeleton ? { placeholder: pageSkeleton(skeleton) } : {}),
    styles: [{ href: `${ORIGIN}/theme.css` }, { href: `${ORIGIN}/webview.css` }],
    scripts: [{ js: STUB }, { src: `${ORIGIN}/webview.js` }],
  });
}

export interface Panel {
  page: Page;
  /** Console errors, page errors and failed requests seen so far. */
  problems: string[];
  send(msg: HostToWebview | Record<string, unknown>): Promise<void>;
  posted(): Promise<WebviewToHost[]>;
  cspViolations(): Promise<string[]>;
  /** Non-transparent pixels of each canvas, in DOM order. */
  canvasInk(): Promise<number[]>;
  /** Pixels within `tol` of `hex` on every canvas together. */
  colorPixels(hex: string, tol?: number): Promise<number>;
  shot(name: string): Promise<void>;
  /** With `holdCharts`: serves the charts bundle (dist/webview-charts.js), held back until now. */
  releaseCharts(): void;
  /** How many times the page asked for the charts bundle. */
  chartsRequests(): number;
}

/**
 * `l10n`: the display language the host would hand the page (docs/l10n.md); English without it.
 * `skeleton`: what the host's HTML shows before the script runs. `holdCharts`: the charts bundle is
 * answered only after `releaseCharts()` ('fail': with a 404).
 */
export async function openPanel(browser: Browser, opts: { width?: number; height?: number; theme?: string; l10n?: L10nSetup; skeleton?: { title: string; status: string }; holdCharts?: boolean | 'fail'; waitReady?: boolean } = {}): Promise<Panel> {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1000, height: opts.height ?? 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    // The pixel checks of these tests read canvases back; Chromium warns about that. Not the panel's doing.
    if (/willReadFrequently/.test(m.text())) return;
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));
  const html = pageHtml(opts.theme ?? 'vscode-dark', opts.l10n, opts.skeleton);
  let release: () => void = () => undefined;
  const released = new Promise<void>((r) => { release = r; });
  if (!opts.holdCharts) release();
  let chartsRequests = 0;
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    const file = url.pathname;
    if (file === '/webview-charts.js') {
      chartsRequests++;
      await released;
      if (opts.holdCharts === 'fail') return route.fulfill({ status: 404, body: 'not found' });
    }
    if (file === '/' || file === '/index.html') return route.fulfill({ contentType: 'text/html', body: html });
    if (file === '/theme.css') return route.fulfill({ contentType: 'text/css', body: THEME_CSS });
    if (file === '/webview.js' || file === '/webview-charts.js' || file === '/webview.css') {
      return route.fulfill({ contentType: file.endsWith('.js') ? 'text/javascript' : 'text/css', body: readFileSync(path.join(DIST, file.slice(1))) });
    }
    if (file === '/webview.js.map') return route.fulfill({ status: 404, body: '' });
    return route.fulfill({ status: 404, body: 'not found' });
  });
  await page.goto(`${ORIGIN}/index.html`);
  if (opts.waitReady !== false) await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'ready'));
  const panel: Panel = {
    page,
    problems,
    async send(msg) {
      await page.evaluate((m) => new Promise<void>((resolve) => {
        window.addEventListener('lossdbg:rendered', () => resolve(), { once: true });
        window.postMessage(m, '*');
      }), msg as unknown as Record<string, unknown>);
    },
    posted: () => page.evaluate(() => (window as unknown as { __posted: WebviewToHost[] }).__posted),
    cspViolations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp),
    canvasInk: () => page.evaluate(() => Array.from(document.querySelectorAll('canvas')).map((c) => {
      const ctx = c.getContext('2d');
      if (!ctx || !c.width || !c.height) return 0;
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    })),
    colorPixels: (hex, tol = 24) => page.evaluate(([hx, t]) => {
      const r = parseInt(hx.slice(1, 3), 16), g = parseInt(hx.slice(3, 5), 16), b = parseInt(hx.slice(5, 7), 16);
      let n = 0;
      for (const c of Array.from(document.querySelectorAll('canvas'))) {
        const ctx = c.getContext('2d');
        if (!ctx || !c.width || !c.height) continue;
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        for (let i = 0; i < d.length; i += 4) {
          if (d[i + 3] > 200 && Math.abs(d[i] - r) <= t && Math.abs(d[i + 1] - g) <= t && Math.abs(d[i + 2] - b) <= t) n++;
        }
      }
      return n;
    }, [hex, tol] as [string, number]),
    shot: async (name) => { await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true }); },
    releaseCharts: () => release(),
    chartsRequests: () => chartsRequests,
  };
  return panel;
}

/** What the panel's `lossdbgDebug.charts()` reports of each live chart, in page order. */
export interface DebugChart {
  title: string;
  type: string;
  yScale: string;
  xScale: string;
  gridColor: string;
  x: { min: number; max: number };
  height: number;
  datasets: Array<{ label: string; role?: string; visible: boolean; points: number; color: string; dashed: boolean; radius: number | number[]; xs: Array<number | null>; values: Array<number | null> }>;
}

export function debugCharts(p: Panel): Promise<DebugChart[]> {
  return p.page.evaluate(() => (window as unknown as { lossdbgDebug: { charts(): unknown } }).lossdbgDebug.charts()) as Promise<DebugChart[]>;
}

/** How far the page scrolls sideways (0 when nothing overflows the viewport's width). */
export function sideScroll(p: Panel): Promise<number> {
  return p.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Closes a panel after checking it ran clean: no CSP violation, console error, page error or failed request. */
export async function closeClean(p: Panel): Promise<void> {
  assert.deepEqual(await p.cspViolations(), [], 'no CSP violations');
  assert.deepEqual(p.problems, [], 'no console errors, page errors or failed requests');
  await p.page.context().close();
}
