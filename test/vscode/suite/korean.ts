/**
 * In-host checks with VS Code's display language Korean (the runner's Korean pass: `--locale ko`
 * and a language pack): what `vscode.env.language` is, the manifest VS Code read, and the extension
 * host, the engine worker, the lint worker and the rule pages speaking Korean.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { LossDebuggerApi } from '../../../src/extension/extension';
import { fixture, folder, out, quickFixes, ruleOf, waitFor } from './helpers';

const HANGUL = /[\uac00-\ud7a3]/;

export function koreanTests(getApi: () => LossDebuggerApi, extensionId: string): Array<[string, () => Promise<void>]> {
  const ext = (): vscode.Extension<LossDebuggerApi> => {
    const e = vscode.extensions.getExtension<LossDebuggerApi>(extensionId);
    assert.ok(e);
    return e;
  };
  const koPage = (id: string): boolean => existsSync(vscode.Uri.joinPath(ext().extensionUri, 'docs', 'ko', 'rules', `${id}.md`).fsPath);
  return [
    ['ko: vscode.env.language is Korean and VS Code read the Korean manifest (package.nls.ko.json)', async () => {
      out(`# vscode.env.language = ${vscode.env.language}`);
      assert.equal(vscode.env.language, 'ko');
      // VS Code keeps the English title beside the translation ({ value, original }) for the palette's English alias.
      type Title = string | { value: string; original: string };
      const cmds = (ext().packageJSON as { contributes: { commands: Array<{ command: string; title: Title }> } }).contributes.commands;
      const shown = (t: Title): string => (typeof t === 'string' ? t : t.value);
      assert.equal(shown(cmds.find((c) => c.command === 'lossDebugger.inspectFile')!.title), '손실 케이스 검사…');
      for (const c of cmds) assert.match(shown(c.title), HANGUL, `${c.command}: ${JSON.stringify(c.title)}`);
    }],

    ['ko: Inspect of examples/double-softmax.json: Korean in the Problems panel and the panel, rule id and numbers unchanged', async () => {
      const uri = vscode.Uri.joinPath(folder(), 'examples', 'double-softmax.json');
      const r = await getApi().inspect(uri);
      assert.ok(r.ok, `inspect failed: ${r.error?.message}`);
      const f = r.result?.view.findings.find((x) => x.rule === 'double-softmax');
      assert.ok(f, 'double-softmax fires');
      out(`# ko finding: ${f.title} — ${f.message.slice(0, 160)}`);
      assert.match(f.title, HANGUL, 'the worker translated the title');
      assert.equal(f.docs, 'docs/ko/rules/double-softmax.md');
      const d = await waitFor('the diagnostic', () => vscode.languages.getDiagnostics(uri).find((x) => ruleOf(x) === 'double-softmax'));
      assert.equal(d.message, `${f.title}: ${f.message}`);
      assert.match(d.message, HANGUL);
      const target = (d.code as { target: vscode.Uri }).target.path;
      assert.match(target, koPage('double-softmax') ? /\/docs\/ko\/rules\/double-softmax\.md$/ : /\/docs\/rules\/double-softmax\.md$/,
        'the Korean page when the extension has it, else the English one');
      const shown = getApi().test!.lastPosted(`case:${uri.fsPath}`);
      assert.equal(shown?.type, 'showCase');
    }],

    ['ko: quick-fix titles are Korean', async () => {
      const uri = fixture('padding.losscase.json');
      const r = await getApi().inspect(uri);
      assert.ok(r.ok);
      const d = await waitFor('missing-ignore-index', () => vscode.languages.getDiagnostics(uri).find((x) => ruleOf(x) === 'missing-ignore-index'));
      const titles = (await quickFixes(uri, d.range)).map((a) => a.title);
      out(`# ko quick fixes: ${titles.join(' | ')}`);
      assert.ok(titles.some((t) => t.includes('ignore_index') && t.includes('설정')), titles.join(' | '));
    }],

    ['ko: the Python linter (its own worker) reports in Korean, with Korean code actions', async () => {
      const uri = fixture('lint_softmax.py');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const d = await waitFor('the double-softmax diagnostic', () => vscode.languages.getDiagnostics(uri).find((x) => ruleOf(x) === 'double-softmax'), 30_000);
      out(`# ko lint: ${d.message.slice(0, 160)}`);
      assert.match(d.message, HANGUL);
      const titles = (await quickFixes(uri, d.range)).map((a) => a.title);
      assert.ok(titles.includes('이 줄에서 double-softmax 무시'), titles.join(' | '));
      assert.ok(titles.includes('규칙 double-softmax 설명'), titles.join(' | '));
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }],

    ['ko: Explain Rule… opens the Korean page of the rule when there is one', async () => {
      const id = 'double-softmax';
      const want = koPage(id) ? `/docs/ko/rules/${id}.md` : `/docs/rules/${id}.md`;
      await vscode.commands.executeCommand('lossDebugger.showRule', id);
      const doc = await waitFor('the rule page opened for the preview', () => vscode.workspace.textDocuments.find((t) => t.uri.path.endsWith(`/rules/${id}.md`)));
      out(`# ko Explain Rule: ${doc.uri.path.replace(/^.*\/docs\//, 'docs/')}${koPage(id) ? '' : ' (no Korean page in this build)'}`);
      assert.ok(doc.uri.path.endsWith(want), `${doc.uri.path} instead of …${want}`);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }],

    ['ko: a training scenario runs with its Korean title', async () => {
      const outcome = await getApi().runScenario('double-softmax', { epochs: 1 });
      assert.equal(outcome, 'finished');
      const m = getApi().test!.lastPosted('scenario:double-softmax');
      assert.equal(m?.type, 'runFinished');
      if (m?.type === 'runFinished') {
        out(`# ko scenario: ${m.result.title ?? ''}`);
        assert.match(m.result.title ?? '', HANGUL);
      }
    }],
  ];
}
