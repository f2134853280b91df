/**
 * `Watch Training Run…` (a run folder or log file being written: the panel follows it, the curve
 * rules run on each update in the worker, errors such as a non-finite loss raise a rate-limited
 * notification, a status-bar item shows step, loss and findings while the run is live) and
 * `Open Training Log…` (finished logs, several overlaid). The worker does all reading and judging
 * (src/worker/handlers/runs.ts); this file only moves messages and owns the UI bits.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { LiveUpdate, RunLogMessage } from '../../shapes/index';
import { asWorkerError } from '../jobs';
import type { PanelEntry } from '../panel';
import type { Services } from '../services';
import { readSettings } from '../settings';

/** At most one notification per this many ms for a watched run. */
export const NOTIFY_EVERY_MS = 30_000;

/** Snapshot files each run panel may open (the webview can only ask for these). */
const snapshotFiles = new WeakMap<PanelEntry, Set<string>>();

export function allowedSnapshot(entry: PanelEntry, file: string): boolean {
  return snapshotFiles.get(entry)?.has(file) ?? false;
}

function remember(entry: PanelEntry, runs: LiveUpdate[]): void {
  const set = snapshotFiles.get(entry) ?? new Set<string>();
  for (const r of runs) for (const s of r.snapshots) set.add(s.file);
  snapshotFiles.set(entry, set);
}

function toUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg) return vscode.Uri.file(arg);
  return undefined;
}

async function pick(title: string, many: boolean): Promise<vscode.Uri[] | undefined> {
  return vscode.window.showOpenDialog({
    title, canSelectFiles: true, canSelectFolders: true, canSelectMany: many, openLabel: many ? vscode.l10n.t('Open') : vscode.l10n.t('Watch'),
    ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
  });
}

/** The status-bar item of the watched run shown last. */
class RunStatus implements vscode.Disposable {
  private item: vscode.StatusBarItem | undefined;
  private owner: string | undefined;

  show(key: string, title: string, u: LiveUpdate): void {
    this.item ??= vscode.window.createStatusBarItem('lossDebugger.runStatus', vscode.StatusBarAlignment.Left, 50);
    this.owner = key;
    const errors = u.findings.filter((f) => f.severity === 'error').length;
    const n = u.findings.length;
    const loss = u.lastLoss === null ? '—' : Number.isFinite(u.lastLoss) ? Number(u.lastLoss.toPrecision(4)).toString() : String(u.lastLoss);
    const step = u.lastStep ?? '—';
    this.item.name = vscode.l10n.t('Loss Debugger: watched run');
    this.item.text = `$(${errors ? 'error' : n ? 'warning' : 'pulse'}) ${n === 1
      ? vscode.l10n.t('{0}: step {1} · loss {2} · 1 finding', title, step, loss)
      : vscode.l10n.t('{0}: step {1} · loss {2} · {3} findings', title, step, loss, n)}`;
    this.item.tooltip = vscode.l10n.t('Loss Debugger is watching {0}. Click to show the panel.', u.source);
    this.item.command = { title: vscode.l10n.t('Show'), command: 'lossDebugger.watchRun', arguments: [u.source] };
    this.item.show();
  }

  hide(key: string): void {
    if (this.owner === key) { this.item?.hide(); this.owner = undefined; }
  }

  get text(): string | undefined {
    return this.owner ? this.item?.text : undefined;
  }

  dispose(): void {
    this.item?.dispose();
  }
}

export const runStatus = new RunStatus();

/** Follows a run until its panel closes. Resolves when the watch ends. */
export async function watchRun(svc: Services, arg?: unknown): Promise<'ended' | 'cancelled' | 'failed' | 'busy' | 'no-path'> {
  const uri = toUri(arg) ?? (await pick(vscode.l10n.t('Watch a training run (a run folder, TensorBoard folder or log file)'), false))?.[0];
  if (!uri) return 'no-path';
  const path = uri.fsPath;
  const key = `run:${path}`;
  const title = basename(path) || path;
  const entry = svc.panels.open(key, vscode.l10n.t('Run: {0}', title));
  if (entry.job) return 'busy'; // already watched: the panel was revealed
  const job = new AbortController();
  entry.job = job;
  entry.rerun = () => watchRun(svc, path);
  const settings = readSettings(uri);
  let lastNotice = 0;
  const notify = (u: LiveUpdate): void => {
    const errors = u.added.filter((f) => f.severity === 'error');
    if (!errors.length || Date.now() - lastNotice < NOTIFY_EVERY_MS) return;
    lastNotice = Date.now();
    const showRun = vscode.l10n.t('Show Run');
    void vscode.window.showErrorMessage(vscode.l10n.t('Loss Debugger ({0}): {1}', title, errors[0].message), showRun).then((c) => {
      if (c === showRun) entry.panel.reveal();
    });
  };
  const post = (u: LiveUpdate, status: RunLogMessage['status'], message?: string): void => {
    remember(entry, [u]);
    const msg: RunLogMessage = { type: 'runLog', title, status, runs: [u] };
    if (message !== undefined) msg.message = message;
    svc.panels.post(entry, msg);
  };
  let last: LiveUpdate | undefined;
  try {
    await svc.bridge.request('watchRun', { path, settings }, {
      signal: job.signal,
      onProgress: (u) => {
        last = u;
        post(u, 'live');
        runStatus.show(key, title, u);
        notify(u);
      },
    });
    return 'ended';
  } catch (e) {
    const err = asWorkerError(e);
    if (err.kind === 'cancelled' || job.signal.aborted) {
      if (last) post(last, 'ended');
      return 'cancelled';
    }
    svc.log.appendLine(`watch ${path} failed: ${err.message}`);
    if (last) post(last, 'error', err.message);
    else svc.panels.post(entry, { type: 'caseError', error: { message: err.message, ...(err.hint ? { hint: err.hint } : {}), file: path } });
    return 'failed';
  } finally {
    runStatus.hide(key);
    if (entry.job === job) delete entry.job;
  }
}

/** Reads finished logs (one or several paths) and shows them overlaid. */
export async function openTrainingLog(svc: Services, arg?: unknown, more?: unknown): Promise<'shown' | 'failed' | 'no-path'> {
  let uris: vscode.Uri[] | undefined;
  if (Array.isArray(more) && more.length > 1) uris = more.map(toUri).filter((u): u is vscode.Uri => u !== undefined);
  else if (toUri(arg)) uris = [toUri(arg) as vscode.Uri];
  else uris = await pick(vscode.l10n.t('Open training logs (several are overlaid)'), true);
  if (!uris?.length) return 'no-path';
  const paths = uris.map((u) => u.fsPath);
  const title = paths.length === 1 ? basename(paths[0]) : vscode.l10n.t('{0} runs', paths.length);
  const entry = svc.panels.open(`runs:${paths.join('|')}`, vscode.l10n.t('Log: {0}', title));
  entry.rerun = () => openTrainingLog(svc, undefined, uris);
  try {
    const runs = await svc.bridge.request('readRuns', { paths, settings: readSettings(uris[0]) });
    remember(entry, runs);
    svc.panels.post(entry, { type: 'runLog', title, status: 'ended', runs });
    return 'shown';
  } catch (e) {
    const err = asWorkerError(e);
    svc.panels.post(entry, { type: 'caseError', error: { message: err.message, ...(err.hint ? { hint: err.hint } : {}), file: paths[0] } });
    return 'failed';
  }
}
