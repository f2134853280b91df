/**
 * `New Loss Case…`: an untitled `case.losscase.json` to start from (Inspect reads it as it is, unsaved),
 * and how to dump a real one from PyTorch: the `lossdbg` package shipped with the extension, which
 * the user can copy into the workspace (never over an existing folder).
 */
import { existsSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { Services } from '../services';

export const DUMP_ONE_LINER = 'from lossdbg import dump_case; dump_case("case.losscase.json", criterion, logits, target)';

/** The example: four samples of a 3-class classifier (logits, not probabilities; class-index targets). */
export const NEW_CASE_TEXT = [
  '{',
  '  "loss": {"type": "CrossEntropyLoss", "reduction": "mean", "ignore_index": -100},',
  '  "input": [',
  '    [2.1, 0.3, -1.2],',
  '    [0.2, 1.7, 0.1],',
  '    [-0.5, 0.4, 2.6],',
  '    [1.3, 1.1, -0.2]',
  '  ],',
  '  "target": [0, 1, 2, 1],',
  '  "meta": {"class_names": ["cat", "dog", "bird"], "reported_loss": 0.42}',
  '}',
  '',
].join('\n');

/** An untitled document named `case.losscase.json` (in the first workspace folder, so Save As starts there): the schema applies by its name. */
function untitledUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const taken = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
  for (let i = 1; ; i++) {
    const name = i === 1 ? 'case.losscase.json' : `case-${i}.losscase.json`;
    const uri = folder && folder.scheme === 'file' ? vscode.Uri.joinPath(folder, name).with({ scheme: 'untitled' }) : vscode.Uri.parse(`untitled:${name}`);
    if (!taken.has(uri.toString()) && !(folder && existsSync(vscode.Uri.joinPath(folder, name).fsPath))) return uri;
  }
}

export async function newCase(svc: Services): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(untitledUri());
  const editor = await vscode.window.showTextDocument(doc);
  await editor.edit((e) => e.insert(new vscode.Position(0, 0), NEW_CASE_TEXT));
  if (doc.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(doc, 'json');
  const copyLine = vscode.l10n.t('Copy the line');
  const copyHelperLabel = vscode.l10n.t('Copy the Python helper into the workspace');
  void vscode.window
    .showInformationMessage(vscode.l10n.t('Inspect this example (Loss Debugger: Inspect Loss Case…), or dump a real case from PyTorch with the lossdbg package shipped with the extension: {0}', DUMP_ONE_LINER), copyLine, copyHelperLabel)
    .then(async (choice) => {
      if (choice === copyLine) await vscode.env.clipboard.writeText(DUMP_ONE_LINER);
      else if (choice === copyHelperLabel) await copyHelper(svc);
    });
  return doc;
}

/** Copies the shipped `python/lossdbg` package into the workspace root as `lossdbg/` (refuses to overwrite). */
export async function copyHelper(svc: Services, folder = vscode.workspace.workspaceFolders?.[0]?.uri): Promise<vscode.Uri | undefined> {
  if (!folder || folder.scheme !== 'file') {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open a folder first: the Python helper is copied into the workspace folder. It is also installable with `pip install <extension folder>/python`.'));
    return undefined;
  }
  const from = vscode.Uri.joinPath(svc.extensionUri, 'python', 'lossdbg');
  const to = vscode.Uri.joinPath(folder, 'lossdbg');
  if (existsSync(to.fsPath)) {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} already exists; Loss Debugger does not overwrite it.', to.fsPath));
    return undefined;
  }
  await cp(from.fsPath, to.fsPath, { recursive: true, errorOnExist: true, force: false, filter: (src) => !/__pycache__|\.pyc$/.test(src) });
  svc.log.appendLine(`copied the Python helper to ${to.fsPath}`);
  void vscode.window.showInformationMessage(vscode.l10n.t('Copied the lossdbg package to {0}. In a script run from the workspace folder: {1}', to.fsPath, DUMP_ONE_LINER));
  return to;
}
