/**
 * VS Code's display language for the faces that cannot call `vscode.l10n.t` themselves: the engine
 * worker, the lint worker and the webview get `{ language, bundle }` (docs/l10n.md). Rule pages in
 * the display language where one is written.
 */
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { L10nSetup } from '../shapes/index';
import { rulePagePaths } from './helpers';
import type { BridgeMessages } from './worker-bridge';

/** The display language and the extension's bundle for it (no bundle: English). */
export function hostL10n(): L10nSetup {
  const bundle = vscode.l10n.bundle;
  return bundle ? { language: vscode.env.language, bundle } : { language: vscode.env.language };
}

/** What the worker bridge says itself (a crash, a restart, a shut-down worker), in the display language. */
export const workerMessages: BridgeMessages = {
  shutDown: () => vscode.l10n.t('the engine worker was shut down'),
  restartedStuck: () => vscode.l10n.t('the engine was restarted (a cancelled request did not stop in time); please run it again'),
  crashed: (reason) => vscode.l10n.t('The Loss Debugger engine crashed ({0}). It restarts with the next command; run it again.', reason),
};

const pages = new Map<string, vscode.Uri | undefined>();

/**
 * The page explaining rule `id` in the display language (`docs/ko/rules/<id>.md` in a Korean VS Code)
 * when the extension has it, else the English page; undefined when there is neither (no such rule).
 */
export function rulePage(extensionUri: vscode.Uri, id: string): vscode.Uri | undefined {
  const key = `${extensionUri.toString()}|${id}`;
  if (!pages.has(key)) {
    const found = rulePagePaths(id, vscode.env.language)
      .map((p) => vscode.Uri.joinPath(extensionUri, p))
      .find((u) => existsSync(u.fsPath));
    pages.set(key, found);
  }
  return pages.get(key);
}
