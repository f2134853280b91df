/**
 * Drives the real workbench in Chromium like a user: opens a case file, runs commands from the
 * palette, reads the panel's webview, watches a training curve grow, and saves screenshots.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Frame, type FrameLocator, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

export async function launch(): Promise<{ ctx: BrowserContext; page: Page; close: () => Promise<void> }> {
  const userData = mkdtempSync(join(tmpdir(), 'lossdbg-chromium-'));
  const ctx = await chromium.launchPersistentContext(userData, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: CHROMIUM_ARGS,
  });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  return {
    ctx,
    page,
    close: async () => {
      await ctx.close().catch(() => undefined);
      rmSync(userData, { recursive: true, force: true });
    },
  };
}

export async function openWorkbench(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.statusbar').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(2000); // the extension host finishes starting
}

/**
 * F1 and `filter` typed, until a row containing `text` is listed. The palette lists the commands known
 * when it opens: while the extension host is still registering ours (slow under load) it says "No
 * matching commands" and does not refresh, so it is closed and opened again until `timeout`.
 */
export async function openPaletteWith(page: Page, filter: string, text: string, timeout = 60_000): Promise<void> {
  const until = Date.now() + timeout;
  for (;;) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 15_000 });
    await input.fill(filter);
    const left = until - Date.now();
    const found = await page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first()
      .waitFor({ timeout: Math.max(1000, Math.min(8000, left)) }).then(() => true, () => false);
    if (found) return;
    if (Date.now() >= until) throw new Error(`the command palette lists no row with '${text}' after ${timeout / 1000} s`);
    await page.waitForTimeout(1000);
  }
}

/** F1, type the command's title, Enter. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await openPaletteWith(page, '>' + title, title);
  await page.keyboard.press('Enter');
}

/** View: Close All Editors (panels too); unsaved untitled editors are closed without saving. */
export async function closeAllEditors(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  const dontSave = page.locator('.monaco-dialog-box .monaco-button', { hasText: "Don't Save" }).first();
  for (let i = 0; i < 5; i++) { // one question per unsaved editor
    if (!(await dontSave.waitFor({ state: 'visible', timeout: 1500 }).then(() => true, () => false))) break;
    await dontSave.click();
  }
  await page.locator('.editor-group-container .tabs-container .tab').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  await page.waitForTimeout(300);
}

/** Quick Open (Ctrl+P) a workspace file by name. */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15_000 });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab', { hasText: name }).first().waitFor({ timeout: 15_000 });
  // The editor's text rendered: the extension host has heard of the editor by then.
  await page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line').first().waitFor({ timeout: 15_000 });
  await page.waitForTimeout(300);
}

/** Picks the quick-pick row containing `text` (after typing it as a filter). */
export async function pick(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15_000 });
  await input.fill(text);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** The inner frame of whichever webview holds `selector` (panels are `iframe.webview` > `iframe#active-frame`). */
export async function webviewWith(page: Page, selector: string, timeout = 30_000): Promise<FrameLocator> {
  const until = Date.now() + timeout;
  for (;;) {
    const frames = page.locator('iframe.webview');
    const n = await frames.count();
    for (let i = n - 1; i >= 0; i--) {
      const inner = frames.nth(i).contentFrame().frameLocator('iframe#active-frame');
      if ((await inner.locator(selector).count().catch(() => 0)) > 0) return inner;
    }
    if (Date.now() > until) throw new Error(`no webview shows ${selector}`);
    await page.waitForTimeout(200);
  }
}

/** The frame (for `evaluate`) of the webview content that holds `selector`. */
export async function webviewFrame(page: Page, selector: string, timeout = 30_000): Promise<Frame> {
  const until = Date.now() + timeout;
  for (;;) {
    for (const f of page.frames()) {
      if (f === page.mainFrame()) continue;
      if ((await f.locator(selector).count().catch(() => 0)) > 0) return f;
    }
    if (Date.now() > until) throw new Error(`no frame shows ${selector}`);
    await page.waitForTimeout(100);
  }
}
