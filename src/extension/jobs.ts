/** Running worker jobs from a command: progress in the status bar and a Cancel button, failures in the panel. */
import * as vscode from 'vscode';
import { toCaseErrorView } from '../protocol';
import type { WorkerErrorInfo } from '../shapes/index';
import type { PanelEntry } from './panel';
import type { Services } from './services';
import { WorkerJobError } from './worker-bridge';

/** Jobs still running after this long get a cancellable notification. */
export const SLOW_JOB_MS = 800;

export function asWorkerError(e: unknown): WorkerErrorInfo {
  if (e instanceof WorkerJobError) return e.info;
  return { kind: 'internal', message: e instanceof Error ? e.message : String(e) };
}

/**
 * Runs `work` with a status-bar progress; a cancellable notification appears at once (`delayMs`
 * 0: big files) or once the job has taken `delayMs` (side files, slow disks). Cancel aborts `job`.
 * `work` may report how far it is (`report(message)`): shown in the status bar and the notification.
 */
export async function withCancellableProgress<T>(title: string, job: AbortController, delayMs: number, work: (report: (message: string) => void) => Promise<T>): Promise<T> {
  const shown: Array<vscode.Progress<{ message?: string }>> = [];
  let last: string | undefined;
  const report = (message: string): void => {
    last = message;
    for (const s of shown) s.report({ message });
  };
  const p = vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, (pr) => {
    shown.push(pr);
    return work(report);
  });
  let settled = false;
  void p.then(() => { settled = true; }, () => { settled = true; });
  if (delayMs > 0) {
    await Promise.race([p.then(() => undefined, () => undefined), new Promise((r) => setTimeout(r, delayMs))]);
  }
  if (!settled) {
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (pr, token) => {
      shown.push(pr);
      if (last !== undefined) pr.report({ message: last });
      token.onCancellationRequested(() => job.abort());
      return p.then(() => undefined, () => undefined);
    });
  }
  return p;
}

/** A failed or cancelled job: one error view in the panel (and a log line). */
export function showFailure(svc: Services, entry: PanelEntry, info: WorkerErrorInfo, file: string | undefined, what: 'inspection'): void {
  if (info.kind === 'cancelled') {
    const message = vscode.l10n.t('The inspection was cancelled.');
    svc.panels.post(entry, { type: 'caseError', error: { message, hint: vscode.l10n.t('Run it again from the command palette or with Rerun.'), ...(file ? { file } : {}) } });
    return;
  }
  svc.log.appendLine(`${what} failed (${info.kind}): ${info.message}`);
  svc.panels.post(entry, { type: 'caseError', error: toCaseErrorView(info, file) });
}
