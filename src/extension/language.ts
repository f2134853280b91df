/**
 * VS Code's display language for the faces that cannot call `vscode.l10n.t` themselves: the engine
 * worker, the lint worker and the webview get `{ language, bundle }` (docs/l10n.md).
 */
import * as vscode from 'vscode';
import type { L10nSetup } from '../shapes/index';

/** The display language and the extension's bundle for it (no bundle: English). */
export function hostL10n(): L10nSetup {
  const bundle = vscode.l10n.bundle;
  return bundle ? { language: vscode.env.language, bundle } : { language: vscode.env.language };
}
