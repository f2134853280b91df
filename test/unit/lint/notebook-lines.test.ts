/**
 * Which lines of a Python notebook cell joinCells (src/lint/notebook.ts) blanks: IPython line magics
 * and shell escapes (`%…`, `!…`, after any indentation) and whole-line help requests (`name?`,
 * `name??`, spaces around them allowed). Python code that merely contains `%`, `!` or a `?` is kept
 * as written: blanking it would hide its findings, and a line IPython itself cannot run stays a
 * syntax error the linter reports.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { joinCells } from '../../../src/lint/notebook';
import { lintFiles, rows } from './harness';

const BLANKED = [
  '%matplotlib inline',
  '    %time x = 1',
  '!pip install torch',
  '\t!ls -la',
  'model?',
  'model??',
  'torch.nn.functional.cross_entropy?',
  '  model.fc?',
  'model.fc??   ',
  '\tF.softmax?\t',
];
const KEPT = [
  'x = 7 % 3',
  's = "100%"',
  'ok = a != b',
  'if not x: y = 1  # !',
  'print(f"{n}%")',
  'len? x',
  'model?.fc',
  'y = model?',
  'a = b ? c',
  'x = 1  # model?',
];

test('joinCells: magics, shell escapes and whole-line help requests are blanked; code holding %, ! or ? elsewhere is kept as written', () => {
  for (const l of BLANKED) assert.equal(joinCells([{ index: 0, text: `a = 1\n${l}\nb = 2`, language: 'python' }]).text, 'a = 1\n\nb = 2', JSON.stringify(l));
  for (const l of KEPT) assert.equal(joinCells([{ index: 0, text: `a = 1\n${l}\nb = 2`, language: 'python' }]).text, `a = 1\n${l}\nb = 2`, JSON.stringify(l));
});

const BUG = 'loss = F.cross_entropy(F.softmax(z, dim=1), y) if n != 0 else None';

test('a notebook: a finding on a line holding != is kept; a help request with trailing text is a syntax error in its cell, a whole-line one is not', async () => {
  const cells = [
    { index: 0, text: 'import torch.nn.functional as F\nF.softmax?  ', language: 'python' },
    { index: 1, text: `  !nvidia-smi\n${BUG}`, language: 'python' },
  ];
  const src = { read: () => undefined, notebookCells: (f: string) => (f === '/nb/a.ipynb' ? cells : undefined) };
  const [r] = await lintFiles(['/nb/a.ipynb'], ['/nb'], src);
  assert.deepEqual(rows(r), ['cell1:double-softmax@2:24 warning']);
  assert.deepEqual(r.notes, []);
  const bad = [cells[0], { index: 1, text: `F.softmax? z\n${BUG}`, language: 'python' }];
  const [r2] = await lintFiles(['/nb/a.ipynb'], ['/nb'], { read: () => undefined, notebookCells: () => bad });
  assert.deepEqual(r2.notes, ['syntax error in cell 1 at line 1, column 1; linted the rest']);
  assert.deepEqual(rows(r2), ['cell1:double-softmax@2:24 warning']);
});
