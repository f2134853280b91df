/**
 * In-host tests of the first run: the walkthrough (every command button of every step runs, as
 * linked, and does what the step says), Open Examples (copies, never replaces a changed file without
 * asking), and inspecting what the editor shows (an untitled buffer, unsaved edits) rather than the
 * file on disk.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { LossDebuggerApi } from '../../../src/extension/extension';
import { FIXTURES } from '../fixtures';
import { commandLinks, type CommandLink } from '../walkthrough-links';
import { folder, out, quickFixes, ruleOf, waitFor } from './helpers';

const EXTENSION_ID = 'loss-debugger.loss-debugger';
const SUBFOLDER = 'loss-debugger-examples';

interface Step { id: string; description: string }
interface Contributes { walkthroughs: Array<{ id: string; steps: Step[] }>; viewsWelcome: Array<{ contents: string }> }

function contributes(): Contributes {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext);
  return (ext.packageJSON as { contributes: Contributes }).contributes;
}

function activePath(): string | undefined {
  return vscode.window.activeTextEditor?.document.uri.fsPath;
}

/** Runs a command that opens a picker or a file dialog, then dismisses it as a user pressing Escape would. */
async function dismissed(command: string, ...args: unknown[]): Promise<void> {
  let done = false;
  const running = Promise.resolve(vscode.commands.executeCommand(command, ...args)).finally(() => { done = true; });
  // the picker may open only after a list is fetched from the engine: dismiss until the command returns
  for (let i = 0; i < 30 && !done; i++) {
    await new Promise((r) => setTimeout(r, 500));
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  }
  assert.ok(done, `${command} did not return after its picker was dismissed`);
  await running;
}

export function firstRunTests(getApi: () => LossDebuggerApi): Array<[string, () => Promise<void>]> {
  const parent = (): string => join(folder().fsPath, 'first-run');
  const examples = (): string => join(parent(), SUBFOLDER);

  /** What each button of the walkthrough does, checked after it ran. */
  async function press(link: CommandLink): Promise<string> {
    const api = getApi();
    const { command, args } = link;
    switch (command) {
      case 'lossDebugger.openExamples': {
        if (args.length === 0) {
          // the button asks for a folder: the test gives it
          mkdirSync(parent(), { recursive: true });
          await vscode.commands.executeCommand(command, undefined, parent());
          await waitFor('the default example in the editor', () => activePath()?.endsWith(join(SUBFOLDER, 'double-softmax.json')) || undefined);
          return `copied to ${examples()}`;
        }
        await vscode.commands.executeCommand(command, ...args);
        const rel = String(args[0]);
        await waitFor(`${rel} in the editor`, () => activePath() === join(examples(), rel) || undefined);
        return `opened ${rel} from the copy`;
      }
      case 'lossDebugger.inspectFile': {
        const file = activePath();
        assert.ok(file, 'no file in the editor to inspect');
        await vscode.commands.executeCommand(command);
        const uri = vscode.Uri.file(file);
        const diags = await waitFor('findings in the Problems panel', () => { const d = vscode.languages.getDiagnostics(uri); return d.length ? d : undefined; });
        assert.ok(api.panelKeys().includes(`case:${file}`));
        return `findings ${diags.map(ruleOf).join(', ')}`;
      }
      case 'lossDebugger.runScenario':
      case 'lossDebugger.runSweep': {
        if (args.length === 0) {
          await dismissed(command);
          return 'picker shown and dismissed';
        }
        await vscode.commands.executeCommand(command, ...args);
        const last = api.test!.lastPosted(`scenario:${String(args[0])}`);
        assert.equal(last?.type, 'runFinished');
        return `${String(args[0])} finished`;
      }
      case 'lossDebugger.watchRun':
      case 'lossDebugger.openTrainingLog': {
        await dismissed(command);
        // and on the examples' curves folder, as the step suggests
        const csv = join(examples(), 'curves', 'non-finite-loss.csv');
        const key = command === 'lossDebugger.watchRun' ? `run:${csv}` : `runs:${csv}`;
        const running = vscode.commands.executeCommand(command, vscode.Uri.file(csv));
        const m = await waitFor('the log in the panel', () => { const x = api.test!.lastPosted(key); return x?.type === 'runLog' && x.runs[0]?.findings.length ? x : undefined; }, 30_000);
        if (m.type !== 'runLog') throw new Error('unreachable');
        assert.ok(m.runs[0].findings.some((f) => f.rule === 'non-finite-loss'), m.runs[0].findings.map((f) => f.rule).join(', '));
        if (command === 'lossDebugger.watchRun') api.cancel(key);
        await running;
        return 'dialog dismissed; the example log shows non-finite-loss';
      }
      case 'lossDebugger.installPythonHelper': {
        await vscode.commands.executeCommand(command);
        const t = await waitFor('the terminal', () => vscode.window.terminals.find((x) => x.name === 'Loss Debugger: Python helper'));
        assert.ok(existsSync(join(examples(), 'python', 'pyproject.toml')) && existsSync(join(examples(), 'python', 'lossdbg', '__init__.py')));
        assert.ok(!existsSync(join(examples(), 'python', 'tests')), 'the package\'s tests are not copied');
        t.dispose();
        return 'terminal opened in the examples folder';
      }
      case 'lossDebugger.newCase': {
        await vscode.commands.executeCommand(command);
        await waitFor('an untitled case', () => (vscode.window.activeTextEditor?.document.isUntitled ? true : undefined));
        return 'untitled case opened';
      }
      default:
        await vscode.commands.executeCommand(command, ...args);
        return 'ran';
    }
  }

  return [
    ['the walkthrough: every command button of every step runs and does what the step says', async () => {
      const all = new Set(await vscode.commands.getCommands(true));
      const { walkthroughs, viewsWelcome } = contributes();
      assert.equal(walkthroughs.length, 1);
      for (const step of walkthroughs[0].steps) {
        const links = commandLinks(step.description);
        assert.ok(links.length > 0, `step ${step.id} has no button`);
        for (const link of links) {
          assert.ok(all.has(link.command), `step ${step.id}: ${link.command} is not a command here`);
          const what = await press(link);
          out(`# walkthrough ${step.id}: [${link.label}] ${link.command} → ${what}`);
        }
        // the quick-fix step: its example's finding offers the fix in the editor
        if (step.id === 'quick-fix') {
          const uri = vscode.Uri.file(join(examples(), 'missing-ignore-index.json'));
          const d = vscode.languages.getDiagnostics(uri).find((x) => ruleOf(x) === 'missing-ignore-index');
          assert.ok(d, 'missing-ignore-index expected on the padding example');
          const fixes = await quickFixes(uri, d.range);
          assert.ok(fixes.some((a) => a.title.includes('ignore_index')), fixes.map((a) => a.title).join(' | '));
        }
      }
      for (const link of viewsWelcome.flatMap((v) => commandLinks(v.contents))) {
        assert.ok(all.has(link.command), `welcome view: ${link.command}`);
        if (link.command === 'workbench.action.openWalkthrough') await vscode.commands.executeCommand(link.command, ...link.args);
      }
    }],

    ['Open Examples never replaces a changed file without asking', async () => {
      const mine = join(examples(), 'double-softmax.json');
      assert.ok(existsSync(mine), 'the walkthrough test copied the examples');
      writeFileSync(mine, '{"my": "edits"}\n');
      const untouched = readFileSync(join(examples(), 'class-imbalance.json'), 'utf8');
      let asked = getApi().test!.answerExamplesPrompt('Keep Mine');
      await vscode.commands.executeCommand('lossDebugger.openExamples', undefined, parent());
      assert.equal(asked.length, 1, 'asked once');
      assert.match(asked[0], /1 example file\(s\).*double-softmax\.json/);
      assert.equal(readFileSync(mine, 'utf8'), '{"my": "edits"}\n', 'kept');
      assert.equal(readFileSync(join(examples(), 'class-imbalance.json'), 'utf8'), untouched);
      asked = getApi().test!.answerExamplesPrompt(undefined); // dismissed: nothing written
      await vscode.commands.executeCommand('lossDebugger.openExamples', undefined, parent());
      assert.equal(asked.length, 1);
      assert.equal(readFileSync(mine, 'utf8'), '{"my": "edits"}\n');
      asked = getApi().test!.answerExamplesPrompt('Replace');
      await vscode.commands.executeCommand('lossDebugger.openExamples', undefined, parent());
      assert.equal(asked.length, 1);
      assert.ok(JSON.parse(readFileSync(mine, 'utf8')).loss, 'replaced by the bundled example');
      asked = getApi().test!.answerExamplesPrompt('Replace');
      await vscode.commands.executeCommand('lossDebugger.openExamples', undefined, parent());
      assert.equal(asked.length, 0, 'identical files: nothing to ask');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }],

    ['an untitled editor is inspected from its text (and a newer inspection cancels the older)', async () => {
      const doc = await vscode.workspace.openTextDocument({ language: 'json', content: FIXTURES['softmax.losscase.json'] });
      await vscode.window.showTextDocument(doc);
      const [first, second] = await Promise.all([getApi().inspect(doc.uri), getApi().inspect(doc.uri)]);
      assert.equal(first.error?.kind, 'cancelled');
      assert.ok(second.ok, second.error?.message);
      assert.ok(second.result?.view.findings.some((f) => f.rule === 'double-softmax'));
      assert.ok(getApi().panelKeys().includes(`case:${doc.uri.path}`), getApi().panelKeys().join(', '));
      await waitFor('double-softmax on the untitled document', () => vscode.languages.getDiagnostics(doc.uri).some((d) => ruleOf(d) === 'double-softmax') || undefined);
      // the command on the active untitled editor
      await vscode.commands.executeCommand('lossDebugger.inspectFile');
      assert.ok(doc.isUntitled && doc.isDirty);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }],

    ['unsaved edits are inspected as the editor shows them; the file on disk is not saved', async () => {
      const file = join(folder().fsPath, `unsaved-${Date.now()}.losscase.json`);
      writeFileSync(file, FIXTURES['softmax.losscase.json']);
      const uri = vscode.Uri.file(file);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), FIXTURES['padding.losscase.json']);
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(doc.isDirty);
      const r = await getApi().inspect(uri);
      assert.ok(r.ok, r.error?.message);
      const rules = r.result!.view.findings.map((f) => f.rule);
      assert.ok(rules.includes('missing-ignore-index') && !rules.includes('double-softmax'), `the editor's text was not the one inspected: ${rules.join(', ')}`);
      assert.ok(doc.isDirty, 'the editor was saved');
      assert.equal(readFileSync(file, 'utf8'), FIXTURES['softmax.losscase.json'], 'the file on disk changed');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }],
  ];
}
