/**
 * `Open Examples…`: copies the bundled examples (loss cases with planted mistakes, training-log
 * curves, a training script, and the Python helper's sources) into a `loss-debugger-examples`
 * folder inside a folder the user picks, and opens one of them. A file that already exists there
 * with other content is never overwritten without asking. The folder is remembered, so the
 * walkthrough's later steps open their example without asking again.
 *
 * `Install the Python Helper…`: a terminal in that folder with `pip install ./python` typed in, not
 * run (the user presses Enter in the Python environment they train in).
 */
import * as vscode from 'vscode';
import type { Services } from '../services';

const SUBFOLDER = 'loss-debugger-examples';
const STATE_KEY = 'lossDebugger.examplesFolder';
/** What is copied: extension folder → folder in the copy. The Python helper without its tests. */
const SOURCES: ReadonlyArray<{ from: string; to: string; skip?: RegExp }> = [
  { from: 'examples', to: '' },
  { from: 'python', to: 'python', skip: /^(tests|build|dist|__pycache__|.*\.egg-info|\.pytest_cache)$/ },
];
export const DEFAULT_EXAMPLE = 'double-softmax.json';

/** The buttons of the question asked before replacing changed files, in the display language. */
export function replaceButtons(): { replace: string; keep: string } {
  return { replace: vscode.l10n.t('Replace'), keep: vscode.l10n.t('Keep Mine') };
}

/** The question asked before replacing changed files (the in-host tests answer it through a test hook). */
export const prompts = {
  replace: (message: string): Thenable<string | undefined> => {
    const b = replaceButtons();
    return vscode.window.showWarningMessage(message, { modal: true }, b.replace, b.keep);
  },
};

interface Entry { rel: string; src: vscode.Uri }

async function listFiles(dir: vscode.Uri, prefix: string, skip: RegExp | undefined, out: Entry[]): Promise<void> {
  for (const [name, type] of await vscode.workspace.fs.readDirectory(dir)) {
    if (skip?.test(name)) continue;
    const src = vscode.Uri.joinPath(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    if (type & vscode.FileType.Directory) await listFiles(src, rel, skip, out);
    else if (type & vscode.FileType.File) out.push({ rel, src });
  }
}

async function bundled(svc: Services): Promise<Entry[]> {
  const out: Entry[] = [];
  for (const s of SOURCES) await listFiles(vscode.Uri.joinPath(svc.extensionUri, s.from), s.to, s.skip, out);
  return out;
}

async function readOrUndefined(uri: vscode.Uri): Promise<Uint8Array | undefined> {
  try {
    return await vscode.workspace.fs.readFile(uri);
  } catch {
    return undefined;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function toUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg) return vscode.Uri.file(arg);
  return undefined;
}

/** The remembered copy, if it still holds the examples. */
async function remembered(state: vscode.Memento): Promise<vscode.Uri | undefined> {
  const s = state.get<string>(STATE_KEY);
  if (!s) return undefined;
  const uri = vscode.Uri.parse(s);
  return (await readOrUndefined(vscode.Uri.joinPath(uri, DEFAULT_EXAMPLE))) ? uri : undefined;
}

/**
 * Copies the examples into `<parent>/loss-debugger-examples` (asks for the parent when not given)
 * and returns that folder, or undefined when the user cancelled.
 */
export async function copyExamples(svc: Services, state: vscode.Memento, parentArg?: unknown): Promise<vscode.Uri | undefined> {
  let parent = toUri(parentArg);
  if (!parent) {
    const picked = await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Copy the Loss Debugger examples into a new "{0}" folder in…', SUBFOLDER),
      canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: vscode.l10n.t('Copy Examples Here'),
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    parent = picked?.[0];
    if (!parent) return undefined;
  }
  const target = vscode.Uri.joinPath(parent, SUBFOLDER);
  const files = await bundled(svc);
  const fresh: Array<Entry & { bytes: Uint8Array }> = [];
  const differ: Array<Entry & { bytes: Uint8Array }> = [];
  for (const f of files) {
    const bytes = await vscode.workspace.fs.readFile(f.src);
    const there = await readOrUndefined(vscode.Uri.joinPath(target, f.rel));
    if (there === undefined) fresh.push({ ...f, bytes });
    else if (!sameBytes(there, bytes)) differ.push({ ...f, bytes });
  }
  let write = fresh;
  if (differ.length) {
    const names = differ.slice(0, 3).map((f) => f.rel).join(', ') + (differ.length > 3 ? vscode.l10n.t(', … ({0} files)', differ.length) : '');
    const choice = await prompts.replace(vscode.l10n.t('{0} example file(s) in {1} differ from the bundled ones: {2}. Replace them?', differ.length, target.fsPath, names));
    if (choice === undefined) return undefined;
    if (choice === replaceButtons().replace) write = [...fresh, ...differ];
  }
  for (const f of write) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(target, f.rel), f.bytes);
  svc.log.appendLine(`examples: ${write.length} file(s) written to ${target.fsPath} (${files.length - fresh.length - differ.length} already there${differ.length && write === fresh ? `, ${differ.length} kept as they were` : ''})`);
  await state.update(STATE_KEY, target.toString());
  return target;
}

/**
 * The command: `open` names the example to open afterwards (a path inside the examples folder,
 * default double-softmax.json); `parent` skips the folder dialog. With an example named and the
 * examples already copied, nothing is asked.
 */
export async function openExamples(svc: Services, state: vscode.Memento, open?: unknown, parent?: unknown): Promise<vscode.Uri | undefined> {
  const rel = typeof open === 'string' && open ? open : DEFAULT_EXAMPLE;
  if (rel.split(/[\\/]/).some((p) => p === '..' || p === '') || /^[\\/]|^[a-zA-Z]:/.test(rel)) throw new Error(vscode.l10n.t('not an example: {0}', rel));
  const folder = (parent === undefined && typeof open === 'string' ? await remembered(state) : undefined) ?? await copyExamples(svc, state, parent);
  if (!folder) return undefined;
  const file = vscode.Uri.joinPath(folder, rel);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file), { preview: false });
  if (!vscode.workspace.getWorkspaceFolder(folder)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The examples are in {0}.', folder.fsPath), vscode.l10n.t('Add Folder to Workspace')).then((c) => {
      if (c) vscode.workspace.updateWorkspaceFolders(vscode.workspace.workspaceFolders?.length ?? 0, 0, { uri: folder });
    });
  }
  return file;
}

/** `Install the Python Helper…`: pip install typed (not run) in a terminal in the examples folder. */
export async function installPythonHelper(svc: Services, state: vscode.Memento, parent?: unknown): Promise<vscode.Terminal | undefined> {
  const folder = (parent === undefined ? await remembered(state) : undefined) ?? await copyExamples(svc, state, parent);
  if (!folder) return undefined;
  const terminal = vscode.window.createTerminal({ name: vscode.l10n.t('Loss Debugger: Python helper'), cwd: folder });
  terminal.show();
  // Typed, not run: the user checks it is the environment they train in (torch must be installed there).
  terminal.sendText('python3 -m pip install ./python', false);
  return terminal;
}
