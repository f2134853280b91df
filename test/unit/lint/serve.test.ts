/**
 * What the lint worker answers (src/lint/serve.ts), in-process: open documents' text and notebook
 * cells from the request win over the disk, the other project files come from the disk and are
 * reported when the flow reaches them with findings, disabled rules, lintClose, an unknown method
 * and a failing linter each answered for that request only. (test/unit/lint/lint-worker.test.ts runs
 * the bundled worker thread itself.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Linter } from '../../../src/lint/index';
import { answer, requestSource } from '../../../src/lint/serve';
import type { FileSource } from '../../../src/lint/project';
import type { LintResult, NotebookCell, WorkerToHost } from '../../../src/shapes/index';
import { getLinter } from './harness';

const MODELS = 'import torch.nn as nn\nimport torch.nn.functional as F\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(8, 3)\n    def forward(self, x):\n        return F.softmax(self.fc(x), dim=1)\n';
const TRAIN = 'import torch.nn as nn\nfrom models import Net\nnet = Net()\ncrit = nn.CrossEntropyLoss()\ndef step(x, y):\n    return crit(net(x), y)\n';
const BUGGY = 'import torch.nn.functional as F\ndef f(z, y):\n    return F.cross_entropy(F.softmax(z, dim=1), y)\n';

const enc = new TextEncoder();
function disk(files: Record<string, string>): FileSource & { reads: string[] } {
  const reads: string[] = [];
  return { reads, read: (f) => { reads.push(f); return f in files ? enc.encode(files[f]) : undefined; } };
}

type Req = Extract<Parameters<typeof answer>[2], { kind: 'request' }>;
const req = (id: number, method: string, params: unknown): Req => ({ kind: 'request', id, method, params } as unknown as Req);

function result(m: WorkerToHost, id: number): LintResult {
  assert.equal(m.kind, 'result', JSON.stringify(m));
  assert.equal((m as { id: number }).id, id);
  return (m as unknown as { result: LintResult }).result;
}
const rules = (r: LintResult): string[] => r.files.flatMap((f) => [`${f.path}:`, ...f.findings.map((x) => `${x.cell !== undefined ? `cell${x.cell}:` : ''}${x.rule}@${x.site.span.line + 1}`)]);

test('requestSource: text and cells from the documents, bytes from the disk; an empty text is still the document\'s', () => {
  const cells: NotebookCell[] = [{ index: 0, text: 'x = 1', language: 'python' }];
  const d = disk({ '/p/a.py': 'on disk' });
  const s = requestSource([{ file: '/p/a.py', text: '' }, { file: '/p/nb.ipynb', cells }, { file: '/p/c.py' }], d);
  assert.equal(s.text!('/p/a.py'), '');
  assert.equal(s.text!('/p/nb.ipynb'), undefined);
  assert.equal(s.text!('/p/c.py'), undefined);
  assert.equal(s.notebookCells!('/p/nb.ipynb'), cells);
  assert.equal(s.notebookCells!('/p/a.py'), undefined);
  assert.deepEqual(s.read('/p/a.py'), enc.encode('on disk'));
  assert.equal(s.read('/p/b.py'), undefined);
});

test('lint: the open document is linted from its text, the imported file from the disk and reported where the bug is', async () => {
  const linter = getLinter();
  const d = disk({ '/p/models.py': MODELS, '/p/train.py': 'print("stale text on disk")\n' });
  const r = result(await answer(linter, d, req(7, 'lint', { docs: [{ file: '/p/train.py', text: TRAIN }], roots: ['/p'], disabled: [] })), 7);
  assert.deepEqual(rules(r), ['/p/train.py:', '/p/models.py:', 'double-softmax@8']);
  assert.ok(!d.reads.includes('/p/train.py'), 'the open document is not read from the disk');
  assert.ok(r.ms >= 0 && Number.isFinite(r.ms));
  // a document given without text or cells is read from the disk
  const d2 = disk({ '/p/bug.py': BUGGY });
  assert.deepEqual(rules(result(await answer(linter, d2, req(8, 'lint', { docs: [{ file: '/p/bug.py' }], roots: ['/p'], disabled: [] })), 8)), ['/p/bug.py:', 'double-softmax@3']);
  // an empty unsaved text wins over the buggy file on disk
  assert.deepEqual(rules(result(await answer(linter, d2, req(9, 'lint', { docs: [{ file: '/p/bug.py', text: '' }], roots: ['/p'], disabled: [] })), 9)), ['/p/bug.py:']);
  // disabled rules are not run
  assert.deepEqual(rules(result(await answer(linter, d, req(10, 'lint', { docs: [{ file: '/p/train.py', text: TRAIN }], roots: ['/p'], disabled: ['double-softmax'] })), 10)), ['/p/train.py:']);
  await answer(linter, d, req(11, 'lintClose', { files: ['/p/train.py', '/p/bug.py'] }));
});

test('lint: a notebook\'s cells come from the request (the file on disk is not read)', async () => {
  const cells: NotebookCell[] = [
    { index: 0, text: 'import torch.nn.functional as F', language: 'python' },
    { index: 1, text: '# notes', language: 'markdown' },
    { index: 2, text: 'def f(z, y):\n    return F.cross_entropy(F.softmax(z, dim=1), y)', language: 'python' },
  ];
  const d = disk({});
  const r = result(await answer(getLinter(), d, req(3, 'lint', { docs: [{ file: '/p/nb.ipynb', cells }], roots: ['/p'], disabled: [] })), 3);
  assert.deepEqual(rules(r), ['/p/nb.ipynb:', 'cell2:double-softmax@2']);
  assert.deepEqual(d.reads, []);
  await answer(getLinter(), d, req(4, 'lintClose', { files: ['/p/nb.ipynb'] }));
});

test('lintClose answers null; an unknown method and a failing linter are errors of that request', async () => {
  const linter = getLinter();
  const d = disk({});
  assert.deepEqual(await answer(linter, d, req(1, 'lintClose', { files: ['/p/never-opened.py'] })), { kind: 'result', id: 1, result: null });
  assert.deepEqual(await answer(linter, d, req(2, 'listRules', {})), { kind: 'error', id: 2, error: { kind: 'internal', message: "the lint worker does not answer 'listRules'" } });
  const failing = Promise.reject(new Error('grammar missing'));
  failing.catch(() => undefined);
  assert.deepEqual(await answer(failing as Promise<Linter>, d, req(3, 'lint', { docs: [], roots: [], disabled: [] })), { kind: 'error', id: 3, error: { kind: 'internal', message: 'internal error in the linter: grammar missing' } });
  const odd = Promise.reject('not an Error');
  odd.catch(() => undefined);
  assert.deepEqual(await answer(odd as Promise<Linter>, d, req(4, 'lintClose', { files: [] })), { kind: 'error', id: 4, error: { kind: 'internal', message: 'internal error in the linter: not an Error' } });
  // a request the linter fails on (no docs array) is answered as an error, not thrown
  const bad = await answer(linter, d, req(5, 'lint', { roots: [], disabled: [] }));
  assert.equal(bad.kind, 'error');
  assert.match((bad as { error: { message: string } }).error.message, /^internal error in the linter: /);
});
