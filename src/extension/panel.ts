/**
 * The Loss Debugger panels: one webview panel per case file or scenario (keyed), revealed again
 * rather than duplicated, restored after a reload by a WebviewPanelSerializer. Messages from the
 * webview are validated with the protocol's guard; anything else is ignored and logged.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { isWebviewToHost, pageShell, pageSkeleton } from '../protocol';
import type { HostToWebview, L10nSetup, WebviewToHost } from '../shapes/index';
import { keyFromState } from './helpers';
import type { Trace } from './trace';

export const PANEL_VIEW_TYPE = 'lossDebugger.panel';

export interface PanelEntry {
  readonly key: string;
  readonly panel: vscode.WebviewPanel;
  /** The case file shown (for `case:` panels). */
  file?: string;
  /** The scenario shown (for `scenario:` panels). */
  scenario?: string;
  /** The webview said `ready`: messages go straight through. */
  ready: boolean;
  queue: HostToWebview[];
  /** Called once when the webview says `ready`. */
  waiters: Array<() => void>;
  /** How `Rerun` repeats what this panel shows, when it is not a case file or a scenario. */
  rerun?: () => Promise<unknown>;
  /** The job running for this panel (inspection or training), to cancel. */
  job?: AbortController;
  /** The last message posted to the webview (what the panel shows now; tests read it). */
  lastPosted?: HostToWebview;
  /** The debug trace of the job whose result this panel waits for (ended when the result is posted). */
  trace?: Trace;
}

export type MessageHandler = (entry: PanelEntry, msg: WebviewToHost) => void | Promise<void>;

export { caseKey, keyFromState, scenarioKey } from './helpers';

/**
 * The panel's HTML: our bundle only, under a strict content security policy; `l10n`: the display
 * language for the webview; `skeleton`: what it shows before the script runs (`pageSkeleton`). The
 * charts bundle (dist/webview-charts.js) is not in it: the webview loads it when it shows a chart.
 */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce: string, l10n?: L10nSetup, skeleton?: { title: string; status: string }): string {
  const dist = vscode.Uri.joinPath(extensionUri, 'dist');
  const js = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js'));
  const css = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css'));
  const src = webview.cspSource;
  const csp = `default-src 'none'; img-src ${src} data:; style-src ${src}; font-src ${src}; script-src 'nonce-${nonce}';`;
  return pageShell({
    mode: 'vscode', title: 'Loss Debugger', csp, nonce, styles: [{ href: css.toString() }], scripts: [{ src: js.toString() }],
    ...(l10n ? { l10n } : {}), ...(skeleton ? { placeholder: pageSkeleton(skeleton) } : {}),
  });
}

export class Panels implements vscode.Disposable, vscode.WebviewPanelSerializer {
  private readonly entries = new Map<string, PanelEntry>();
  private anonymous = 0;
  /** Messages from webviews that failed validation (for tests and the log). */
  ignoredMessages = 0;

  /** Called after a panel was restored, with the state its webview had saved. */
  onRestored: ((entry: PanelEntry, state: unknown) => void) | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.OutputChannel,
    private readonly onMessage: MessageHandler,
    /** Remembers panel title → key, for panels restored before their webview saved any state. */
    private readonly memento?: vscode.Memento,
    /** The display language the webviews render in (docs/l10n.md). */
    private readonly l10n?: L10nSetup,
  ) {}

  private static readonly TITLES = 'lossDebugger.panelTitles';

  private rememberTitle(title: string, key: string): void {
    if (!this.memento) return;
    const m = { ...this.memento.get<Record<string, string>>(Panels.TITLES, {}), [title]: key };
    const keys = Object.keys(m);
    for (const k of keys.slice(0, Math.max(0, keys.length - 50))) delete m[k]; // keep it small
    void this.memento.update(Panels.TITLES, m);
  }

  private keyFromTitle(title: string): { key: string; file?: string; scenario?: string } | undefined {
    const key = this.memento?.get<Record<string, string>>(Panels.TITLES, {})[title];
    if (typeof key !== 'string') return undefined;
    if (key.startsWith('case:')) return { key, file: key.slice(5).replace(/#.*$/, '') };
    if (key.startsWith('scenario:')) return { key, scenario: key.slice(9) };
    return undefined;
  }

  get(key: string): PanelEntry | undefined {
    return this.entries.get(key);
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  /** The panel for `key`, created if needed; an existing one is revealed (unless `reveal` is false). */
  open(key: string, title: string, opts: { reveal?: boolean; preserveFocus?: boolean; file?: string; scenario?: string; skeleton?: { title: string; status: string } } = {}): PanelEntry {
    const existing = this.entries.get(key);
    if (existing) {
      existing.panel.title = title;
      if (opts.reveal !== false) existing.panel.reveal(undefined, opts.preserveFocus ?? false);
      return existing;
    }
    // New panels join the column of the other Loss Debugger panels (as tabs) instead of opening
    // one more column each time; the first one opens beside the editor.
    const column = this.panelColumn();
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE, title,
      { viewColumn: column ?? vscode.ViewColumn.Beside, preserveFocus: opts.preserveFocus ?? false },
      this.webviewOptions(),
    );
    const entry = this.adopt(panel, key, opts.skeleton);
    this.rememberTitle(title, key);
    if (opts.file !== undefined) entry.file = opts.file;
    if (opts.scenario !== undefined) entry.scenario = opts.scenario;
    return entry;
  }

  /** The editor column showing our panels (the most recently active one), if any. */
  private panelColumn(): vscode.ViewColumn | undefined {
    let best: vscode.ViewColumn | undefined;
    for (const e of this.entries.values()) {
      const c = e.panel.viewColumn;
      if (c === undefined) continue;
      if (e.panel.active) return c;
      best ??= c;
    }
    return best;
  }

  /** Sends a message now, or when the webview is ready. */
  post(entry: PanelEntry, msg: HostToWebview): void {
    if (!this.entries.has(entry.key)) return; // disposed
    entry.lastPosted = msg;
    const outcome = msg.type === 'showCase' || msg.type === 'caseError';
    if (!entry.ready) {
      if (outcome) entry.trace?.mark('result-queued');
      entry.queue.push(msg);
      return;
    }
    if (outcome && entry.trace) {
      entry.trace.end('posted');
      delete entry.trace;
    }
    void entry.panel.webview.postMessage(msg).then(undefined, (e: unknown) => this.log.appendLine(`could not post to ${entry.key}: ${String(e)}`));
  }

  /**
   * Handles one raw message from a webview: validated with `isWebviewToHost`, then passed on.
   * Returns whether it was accepted.
   */
  receive(entry: PanelEntry, raw: unknown): boolean {
    if (!isWebviewToHost(raw)) {
      this.ignoredMessages++;
      let shown: string;
      try {
        shown = JSON.stringify(raw) ?? String(raw);
      } catch {
        shown = String(raw);
      }
      this.log.appendLine(`ignored a malformed message from panel ${entry.key}: ${shown.slice(0, 200)}`);
      return false;
    }
    if (raw.type === 'ready') {
      entry.trace?.mark('webview-ready');
      entry.ready = true;
      const queued = entry.queue.splice(0);
      for (const m of queued) this.post(entry, m);
      for (const w of entry.waiters.splice(0)) w();
    }
    try {
      const r = this.onMessage(entry, raw);
      if (r) r.catch((e: unknown) => this.log.appendLine(`handling '${raw.type}' failed: ${String(e)}`));
    } catch (e) {
      this.log.appendLine(`handling '${raw.type}' failed: ${String(e)}`);
    }
    return true;
  }

  /** Resolves when the webview has loaded (or after `timeoutMs`, so a broken webview never blocks). */
  whenReady(entry: PanelEntry, timeoutMs = 5000, signal?: AbortSignal): Promise<void> {
    if (entry.ready || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal?.addEventListener('abort', done, { once: true });
      entry.waiters.push(done);
    });
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const k = keyFromState(state) ?? this.keyFromTitle(panel.title);
    const key = k && !this.entries.has(k.key) ? k.key : `restored:${++this.anonymous}`;
    panel.webview.options = this.webviewOptions();
    const entry = this.adopt(panel, key);
    if (k?.file !== undefined) entry.file = k.file;
    if (k?.scenario !== undefined) entry.scenario = k.scenario;
    this.log.appendLine(`restored panel ${key}`);
    try {
      this.onRestored?.(entry, state);
    } catch (e) {
      this.log.appendLine(`restoring ${key} failed: ${String(e)}`);
    }
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')],
    };
  }

  private adopt(panel: vscode.WebviewPanel, key: string, skeleton?: { title: string; status: string }): PanelEntry {
    const entry: PanelEntry = { key, panel, ready: false, queue: [], waiters: [] };
    this.entries.set(key, entry);
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    panel.webview.html = panelHtml(panel.webview, this.extensionUri, randomBytes(16).toString('base64'), this.l10n, skeleton);
    panel.webview.onDidReceiveMessage((m: unknown) => this.receive(entry, m));
    panel.onDidDispose(() => {
      entry.job?.abort();
      for (const w of entry.waiters.splice(0)) w();
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry;
  }

  dispose(): void {
    for (const e of [...this.entries.values()]) e.panel.dispose();
    this.entries.clear();
  }
}
