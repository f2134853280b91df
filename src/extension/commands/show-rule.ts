/** `Explain Rule…`: the rule's page (docs/rules/<id>.md, or docs/ko/rules/<id>.md in a Korean VS Code) in the markdown preview. */
import * as vscode from 'vscode';
import type { RuleInfo, Severity } from '../../shapes/index';
import { asWorkerError } from '../jobs';
import { rulePage } from '../language';
import type { Services } from '../services';

export async function rules(svc: Services): Promise<RuleInfo[]> {
  svc.cache.rules ??= await svc.bridge.request('listRules', {});
  return svc.cache.rules;
}

function severityLabel(s: Severity): string {
  switch (s) {
    case 'error': return vscode.l10n.t('error');
    case 'warning': return vscode.l10n.t('warning');
    case 'info': return vscode.l10n.t('info');
    default: return s;
  }
}

export async function showRule(svc: Services, arg?: unknown): Promise<vscode.Uri | undefined> {
  let id = typeof arg === 'string' ? arg : undefined;
  if (!id) {
    let list: RuleInfo[] = [];
    try {
      list = await rules(svc);
    } catch (e) {
      svc.log.appendLine(`could not list the rules: ${asWorkerError(e).message}`);
    }
    const pick = await vscode.window.showQuickPick(
      list.map((r) => ({ label: r.id, description: severityLabel(r.severity), detail: r.title })),
      { title: vscode.l10n.t('Explain a Loss Debugger rule'), matchOnDetail: true },
    );
    id = pick?.label;
  }
  if (!id) return undefined;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) {
    void vscode.window.showErrorMessage(vscode.l10n.t("Loss Debugger: no rule '{0}'.", id));
    return undefined;
  }
  const doc = rulePage(svc.extensionUri, id);
  if (!doc) {
    void vscode.window.showErrorMessage(vscode.l10n.t("Loss Debugger: no documentation page for rule '{0}'.", id));
    return undefined;
  }
  try {
    await vscode.commands.executeCommand('markdown.showPreview', doc);
  } catch {
    await vscode.window.showTextDocument(doc, { preview: true });
  }
  return doc;
}
