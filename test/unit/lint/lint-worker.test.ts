/**
 * The editor's lint worker (src/lint/worker.ts, dist/lint-worker.js) under plain Node through the
 * host's WorkerBridge: unsaved documents and notebook cells from the request, other project files
 * from disk (reported when the flow reaches them and they have findings), edits re-linted
 * incrementally, closed documents forgotten, disabled rules and suppressions, a too-long document
 * refused on its own. Bundled from source into a temp folder with the .wasm files beside it, as in dist/.
 */
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as esbuild from 'esbuild';
import { WorkerBridge, WorkerJobError } from '../../../src/extension/worker-bridge';
import type { L10nBundle, LintRequest, NotebookCell } from '../../../src/shapes/index';
import { FIX } from './harness';

let dir = '';
let proj = '';
let bridge: WorkerBridge;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lossdbg-lintw-'));
  await esbuild.build({
    entryPoints: ['src/lint/worker.ts'], outfile: path.join(dir, 'lint-worker.js'), bundle: true, platform: 'node',
    format: 'cjs', target: 'node18', logLevel: 'warning',
  });
  for (const f of ['tree-sitter.wasm', 'tree-sitter-python.wasm']) copyFileSync(path.join('node_modules/@vscode/tree-sitter-wasm/wasm', f), path.join(dir, f));
  proj = path.join(dir, 'proj');
  cpSync(path.join(FIX, 'project'), proj, { recursive: true });
  bridge = new WorkerBridge({ script: path.join(dir, 'lint-worker.js') });
});

after(async () => {
  await bridge.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const rules = (fs: { rule: string; site: { span: { line: number } }; cell?: number }[]): string[] =>
  fs.map((f) => `${f.cell !== undefined ? `cell${f.cell}:` : ''}${f.rule}@${f.site.span.line + 1}`);

function req(docs: LintRequest['docs'], disabled: string[] = []): Promise<{ files: { path: string; findings: Parameters<typeof rules>[0] & { related?: { site: { file: string; cell?: number; span: { line: number } } }[] }[]; error?: string }[] }> {
  return bridge.request('lint', { docs, roots: [proj], disabled });
}

const SCRIPT = [
  'import torch.nn as nn',
  'import torch.nn.functional as F',
  'from models import Tagger',
  '',
  'class Head(nn.Module):',
  '    def __init__(self):',
  '        super().__init__()',
  '        self.fc = nn.Linear(8, 3)',
  '',
  '    def forward(self, x):',
  '        return F.softmax(self.fc(x), dim=1)',
  '',
  'def train(loader):',
  '    model = Head()',
  '    crit = nn.CrossEntropyLoss()',
  '    for x, y in loader:',
  '        loss = crit(model(x), y)',
  '        loss.backward()',
  '',
].join('\n');

test('an unsaved document: its text from the request, findings with places; an edit that removes the bug clears them', async () => {
  const file = path.join(proj, 'scratch.py');
  let r = await req([{ file, text: SCRIPT }]);
  assert.deepEqual(r.files.map((f) => path.basename(f.path)), ['scratch.py']);
  assert.deepEqual(rules(r.files[0].findings), ['double-softmax@11']);
  assert.equal(r.files[0].findings[0].related?.[0].site.span.line, 16);
  r = await req([{ file, text: SCRIPT.replace('F.softmax(self.fc(x), dim=1)', 'self.fc(x)') }]);
  assert.deepEqual(rules(r.files[0].findings), []);
  r = await req([{ file, text: SCRIPT.replace('crit(model(x), y)', 'crit(model(x), y)  # lossdbg: ignore[double-softmax]').replace('F.softmax(self.fc(x), dim=1)', 'F.softmax(self.fc(x), dim=1)  # lossdbg: ignore[double-softmax]') }]);
  assert.deepEqual(rules(r.files[0].findings), [], 'suppressed inline');
  r = await req([{ file, text: SCRIPT }], ['double-softmax']);
  assert.deepEqual(rules(r.files[0].findings), [], 'disabled rule');
  await bridge.request('lintClose', { files: [file] });
  r = await req([{ file, text: SCRIPT }]);
  assert.deepEqual(rules(r.files[0].findings), ['double-softmax@11'], 'a closed then reopened document starts afresh');
});

test('project files on disk: the softmax in an unopened models.py that reaches the open train.py is reported there', async () => {
  const train = path.join(proj, 'train.py');
  const r = await req([{ file: train, text: readFileSync(train, 'utf8') }]);
  const by = new Map(r.files.map((f) => [path.basename(f.path), f]));
  assert.deepEqual([...by.keys()].sort(), ['models.py', 'train.py']);
  assert.deepEqual(rules(by.get('models.py')!.findings), ['double-softmax@12']);
  assert.equal(by.get('models.py')!.findings[0].related?.[0].site.file, train);
  assert.deepEqual(rules(by.get('train.py')!.findings), []);
  // The open document wins over the disk: with the import removed, nothing is reached.
  const r2 = await req([{ file: train, text: readFileSync(train, 'utf8').replace('from models import ImageClassifier, Tagger', '') }]);
  assert.deepEqual(r2.files.map((f) => path.basename(f.path)), ['train.py']);
});

test('a notebook: cells from the request are one flow (model in one cell, loss in another), places per cell', async () => {
  const nb = JSON.parse(readFileSync(path.join(FIX, 'firing', 'notebook.ipynb'), 'utf8')) as { cells: { cell_type: string; source: string[] }[] };
  const cells: NotebookCell[] = nb.cells.map((c, index) => ({ index, text: c.source.join(''), language: c.cell_type === 'code' ? 'python' : 'markdown' }));
  const file = path.join(proj, 'nb.ipynb');
  let r = await req([{ file, cells }]);
  assert.deepEqual(rules(r.files[0].findings), ['cell2:double-softmax@7']);
  const rel = r.files[0].findings[0].related![0].site;
  assert.deepEqual([rel.cell, rel.span.line], [5, 2]);
  // Edit the cell with the loss so the softmax no longer reaches it: silent.
  const edited = cells.map((c) => (c.index === 5 ? { ...c, text: c.text.replace('criterion(model(x), y)', 'criterion(model.fc(x), y)') } : c));
  r = await req([{ file, cells: edited }]);
  assert.deepEqual(rules(r.files[0].findings), []);
});

test('a document too long to lint gets its own error; the others are still linted', async () => {
  const big = path.join(proj, 'generated.py');
  const r = await req([{ file: big, text: 'x = 1\n'.repeat(25_000) }, { file: path.join(proj, 'scratch.py'), text: SCRIPT }]);
  assert.match(r.files[0].error ?? '', /more than 20000 lines/);
  assert.deepEqual(rules(r.files[1].findings), ['double-softmax@11']);
});

test('a method the lint worker does not answer fails that request only', async () => {
  await assert.rejects(bridge.request('listRules', {}), (e: unknown) => e instanceof WorkerJobError && /does not answer 'listRules'/.test(e.message));
  const r = await req([{ file: path.join(proj, 'scratch.py'), text: SCRIPT }]);
  assert.equal(r.files.length, 1);
});

test('the host\'s language reaches the lint worker at start: Korean titles and Korean rule pages, rule ids unchanged', async () => {
  const ko = JSON.parse(readFileSync('l10n/bundle.l10n.ko.json', 'utf8')) as L10nBundle;
  const kb = new WorkerBridge({ script: path.join(dir, 'lint-worker.js'), init: { l10n: { language: 'ko', bundle: ko } } });
  try {
    const file = path.join(proj, 'scratch.py');
    const r = await kb.request('lint', { docs: [{ file, text: SCRIPT }], roots: [proj], disabled: [] });
    const [f] = r.files[0].findings;
    assert.equal(f.rule, 'double-softmax');
    assert.equal(f.title, 'CrossEntropyLoss 앞에 소프트맥스가 적용됨');
    assert.equal(f.docs, 'docs/ko/rules/double-softmax.md');
  } finally {
    await kb.dispose();
  }
  const en = await req([{ file: path.join(proj, 'scratch.py'), text: SCRIPT }]);
  assert.equal((en.files[0].findings[0] as unknown as { title: string }).title, 'Softmax applied before CrossEntropyLoss', 'a worker started without a language speaks English');
});
