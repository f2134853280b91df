/** Helpers of the in-host tests: results file, the workspace's fixtures, waiting, quick fixes. */
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { FIXTURES } from '../fixtures';

export const resultsFile = join(__dirname, 'results.txt');
export function out(line: string): void {
  console.log(line);
  try {
    appendFileSync(resultsFile, line + '\n');
  } catch {
    // logging only
  }
}

export function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the tests need a workspace folder holding the fixtures');
  return f.uri;
}

export function fixture(name: keyof typeof FIXTURES): vscode.Uri {
  return vscode.Uri.joinPath(folder(), name);
}

export async function waitFor<T>(what: string, f: () => T | undefined | Promise<T | undefined>, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Quick fixes at a range (the document must be open); retried once if VS Code cancels the request. */
/** The quick fixes at a range; asks again for a few seconds while the answer is empty or cancelled (the workbench's markers can lag a fresh inspection). */
export async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  let last: vscode.CodeAction[] = [];
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      last = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value, 1)) ?? [];
      if (last.length > 0) return last;
    } catch (e) {
      if (!/Canceled/.test(String(e))) throw e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return last;
}

export function ruleOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code);
}
