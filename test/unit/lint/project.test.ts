/**
 * The project layer around the dataflow (src/lint/project.ts, notebook.ts, suppress.ts, index.ts):
 * what a file that cannot be linted says and why, the notes of a file linted with a caveat, where
 * imports are looked for (and that nothing outside the roots is read), notebook cells joined and
 * mapped back, suppressions, the order of findings, and reading from disk.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { diskSource, type FileReport, type FileSource } from '../../../src/lint/index';
import { cellOf, joinCells, readNotebook } from '../../../src/lint/notebook';
import { decode } from '../../../src/lint/project';
import type { NotebookCell } from '../../../src/shapes/code';
import { getLinter, rows } from './harness';

const enc = new TextEncoder();
const BUG = 'import torch.nn.functional as F\ndef f(z, y):\n    return F.cross_entropy(F.softmax(z, dim=1), y)\n';

/** A source of files given as text or bytes under /p/, recording every path read. */
function files(map: Record<string, string | Uint8Array>, extra: Partial<FileSource> = {}): { source: FileSource; reads: string[] } {
  const reads: string[] = [];
  const source: FileSource = {
    read: (f) => {
      reads.push(f);
      const k = path.relative('/p', f);
      const v = map[k];
      return v === undefined ? undefined : typeof v === 'string' ? enc.encode(v) : v;
    },
    ...extra,
  };
  return { source, reads };
}

async function lint(names: string[], map: Record<string, string | Uint8Array>, opts: { roots?: string[]; maxLines?: number; reportReached?: boolean; extra?: Partial<FileSource> } = {}): Promise<{ reports: FileReport[]; reads: string[] }> {
  const l = await getLinter();
  const { source, reads } = files(map, opts.extra);
  const reports = l.lint(names.map((n) => path.join('/p', n)), opts.roots ?? ['/p'], { maxLines: opts.maxLines, reportReached: opts.reportReached }, source);
  return { reports, reads };
}

const summary = (r: FileReport): { path: string; rows: string[]; notes: string[]; error?: string } => {
  const s: { path: string; rows: string[]; notes: string[]; error?: string } = { path: r.path, rows: rows(r), notes: r.notes };
  if (r.error !== undefined) s.error = r.error;
  return s;
};

test('files that cannot be linted: missing, binary (NUL bytes, invalid UTF-8), each with its reason; the others are linted', async () => {
  const { reports } = await lint(['gone.py', 'nul.py', 'latin1.py', 'ok.py'], {
    'nul.py': new Uint8Array([0x78, 0x3d, 0x31, 0x00, 0x0a]),
    'latin1.py': new Uint8Array([0x23, 0x20, 0xe9, 0x0a, 0x78, 0x3d, 0x31, 0x0a]),
    'ok.py': BUG,
  });
  assert.deepEqual(reports.map(summary), [
    { path: '/p/gone.py', rows: [], notes: [], error: 'cannot be read' },
    { path: '/p/nul.py', rows: [], notes: [], error: 'binary file, not Python source (NUL bytes or invalid UTF-8)' },
    { path: '/p/latin1.py', rows: [], notes: [], error: 'binary file, not Python source (NUL bytes or invalid UTF-8)' },
    { path: '/p/ok.py', rows: ['double-softmax@3:28 warning'], notes: [] },
  ]);
});

test('decode: NUL bytes are looked for in the first 8 KiB only; a UTF-8 byte order mark is dropped', () => {
  const at = (i: number): Uint8Array => { const b = new Uint8Array(9000).fill(0x20); b[i] = 0; return b; };
  assert.equal(decode(at(8191)), undefined);
  assert.equal(decode(at(8192))?.length, 9000);
  assert.equal(decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x78])), 'x');
  assert.equal(decode(new Uint8Array([0x78, 0xef, 0xbb, 0xbf])), 'x\ufeff', 'only a leading mark');
  assert.equal(decode(new Uint8Array([0xc3])), undefined, 'a cut-off UTF-8 sequence');
});

test('a byte order mark does not shift the finding\'s column', async () => {
  const { reports } = await lint(['bom.py'], { 'bom.py': new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode(BUG)]) });
  assert.deepEqual(rows(reports[0]), ['double-softmax@3:28 warning']);
});

test('the line limit: exactly maxLines lines are linted, one more is refused with the limit named', async () => {
  const body = (n: number): string => `${BUG}${'x = 1\n'.repeat(n - 4)}`; // BUG is 3 lines + the line after the last newline
  assert.equal(body(10).split('\n').length, 10);
  const { reports } = await lint(['ten.py', 'eleven.py'], { 'ten.py': body(10), 'eleven.py': body(11) }, { maxLines: 10 });
  assert.deepEqual(reports.map(summary), [
    { path: '/p/ten.py', rows: ['double-softmax@3:28 warning'], notes: [] },
    { path: '/p/eleven.py', rows: [], notes: [], error: 'more than 10 lines (generated code?): not linted; raise the limit with --max-lines' },
  ]);
});

test('notes: Python 2 (its first print/exec line), else the first syntax error (line and column, 1-based); linted all the same', async () => {
  const { reports } = await lint(['py2.py', 'broken.py', 'both.py'], {
    'py2.py': `x = 1\nprint "loss"\nexec "y = 2"\n${BUG}`,
    'broken.py': `${BUG}def g(:\n    pass\n`,
    'both.py': 'def g(:\n    pass\nprint "x"\n',
  });
  assert.deepEqual(reports.map(summary), [
    { path: '/p/py2.py', rows: ['double-softmax@6:28 warning'], notes: ['looks like Python 2 (print/exec statement at line 2); linted as far as the Python 3 grammar reads it'] },
    { path: '/p/broken.py', rows: ['double-softmax@3:28 warning'], notes: ['syntax error at line 4, column 7; linted the rest'] },
    { path: '/p/both.py', rows: [], notes: ['looks like Python 2 (print/exec statement at line 3); linted as far as the Python 3 grammar reads it'] },
  ]);
});

const NB = (cells: { cell_type: string; source: string | string[] }[], meta: unknown = { language_info: { name: 'python' } }): string => JSON.stringify({ cells, metadata: meta, nbformat: 4 });

test('notebooks: cells joined into one flow, findings and related places given per cell; a syntax error named by cell', async () => {
  const nb = NB([
    { cell_type: 'markdown', source: '# Training' },
    { cell_type: 'code', source: ['import torch.nn.functional as F\n', '%matplotlib inline\n', 'p = F.softmax(z, dim=1)'] },
    { cell_type: 'code', source: '!pip install torch\nloss = F.cross_entropy(p, y)' },
    { cell_type: 'code', source: 'def g(:\n    pass' },
  ]);
  const { reports } = await lint(['nb.ipynb'], { 'nb.ipynb': nb });
  assert.deepEqual(reports.map(summary), [{ path: '/p/nb.ipynb', rows: ['cell1:double-softmax@3:5 warning'], notes: ['syntax error in cell 3 at line 1, column 7; linted the rest'] }]);
  const f = reports[0].findings[0];
  assert.deepEqual([f.related?.[0].site.cell, f.related?.[0].site.span.line], [2, 1]);
  assert.match(f.message, / at nb\.ipynb, cell 2:2 applies log_softmax/);
  assert.deepEqual(f.fixes?.[0].edits.map((e) => [e.cell, e.span.line, e.span.column, e.span.endLine, e.span.endColumn, e.newText]), [[1, 2, 4, 2, 23, 'z']]);
});

test('notebooks that cannot be linted: each malformation named', async () => {
  const { reports } = await lint(['a.ipynb', 'b.IPYNB', 'c.ipynb', 'd.ipynb', 'e.ipynb', 'f.ipynb', 'g.ipynb', 'h.ipynb'], {
    'a.ipynb': '{"cells": [',
    'b.IPYNB': '{"cells": {}}',
    'c.ipynb': NB([], { kernelspec: { language: 'R' } }),
    'd.ipynb': NB([], { language_info: { name: 'julia' }, kernelspec: { language: 'python' } }),
    'e.ipynb': JSON.stringify({ cells: [{ cell_type: 'code', source: 'x = 1' }, 7] }),
    'f.ipynb': JSON.stringify({ cells: [{ cell_type: 'code', source: ['x', 1] }] }),
    'g.ipynb': new Uint8Array([0x7b, 0x00, 0x7d]),
    'h.ipynb': JSON.stringify({ cells: [{ cell_type: 'raw', source: 7 }, { cell_type: 'code', source: BUG }], metadata: { kernelspec: { language: 'Python' } } }),
  });
  assert.deepEqual(reports.map((r) => r.error ?? rows(r).join()), [
    `not a valid notebook: invalid JSON (${jsonError('{"cells": [')})`,
    'not a valid notebook: no "cells" array (nbformat 4 expected)',
    'a R notebook, not Python: nothing to lint',
    'a julia notebook, not Python: nothing to lint',
    'not a valid notebook: cell 1 is not an object',
    'not a valid notebook: cell 0 has no text "source"',
    'binary file, not a notebook (not UTF-8 text)',
    'cell1:double-softmax@3:28 warning',
  ]);
  const { reports: gone } = await lint(['gone.ipynb'], {});
  assert.equal(gone[0].error, 'cannot be read');
});

function jsonError(s: string): string {
  try { JSON.parse(s); } catch (e) { return (e as Error).message; }
  return '';
}

test('readNotebook: null is not a notebook; a null cell is not an object; no metadata is Python', () => {
  assert.deepEqual(readNotebook('null'), { error: 'not a valid notebook: no "cells" array (nbformat 4 expected)' });
  assert.deepEqual(readNotebook('{"cells": [null]}'), { error: 'not a valid notebook: cell 0 is not an object' });
  assert.deepEqual(readNotebook('{"cells": [{"cell_type": "code", "source": "a"}, {"cell_type": "markdown", "source": "b"}, {"cell_type": "code", "source": ["c\\n", "d"]}]}'),
    { cells: [{ index: 0, text: 'a', language: 'python' }, { index: 2, text: 'c\nd', language: 'python' }] });
});

test('joinCells: magics and help lines blanked, Python cell magics kept without their first line, other cells and languages left out; cellOf maps back', () => {
  const cells: NotebookCell[] = [
    { index: 0, text: 'import torch\r\n%time x = 1\r\nmodel?\r\n  !ls', language: 'python' },
    { index: 1, text: '%%bash\necho hi', language: 'python' },
    { index: 2, text: 'print(1)', language: 'markdown' },
    { index: 3, text: '%%timeit\ny = model.fc??\nz = 2', language: 'python' },
    { index: 4, text: 'torch.nn.Softmax?', language: 'python' },
    { index: 5, text: 'a = b ? c', language: 'python' },
  ];
  const { text, map } = joinCells(cells);
  assert.equal(text, 'import torch\n\n\n\n\ny = model.fc??\nz = 2\n\na = b ? c');
  assert.deepEqual(map.cells, [{ index: 0, start: 0, lines: 4 }, { index: 3, start: 4, lines: 3 }, { index: 4, start: 7, lines: 1 }, { index: 5, start: 8, lines: 1 }]);
  assert.deepEqual([0, 3, 4, 6, 7, 8].map((l) => cellOf(map, l)), [{ cell: 0, line: 0 }, { cell: 0, line: 3 }, { cell: 3, line: 0 }, { cell: 3, line: 2 }, { cell: 4, line: 0 }, { cell: 5, line: 0 }]);
  assert.equal(cellOf(map, 9), undefined);
  assert.equal(cellOf(map, -1), undefined);
});

test('a notebook from the editor (its cells, unsaved) is linted without reading the file', async () => {
  const cells: NotebookCell[] = [{ index: 0, text: BUG, language: 'python' }];
  const { reports, reads } = await lint(['open.ipynb'], {}, { extra: { notebookCells: (f) => (f === '/p/open.ipynb' ? cells : undefined) } });
  assert.deepEqual(rows(reports[0]), ['cell0:double-softmax@3:28 warning']);
  assert.deepEqual(reads, []);
});

const MODEL = 'import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 3)\n    def forward(self, x):\n        return self.fc(x).softmax(dim=1)\n';
const use = (imp: string): string => `import torch.nn as nn\n${imp}\nnet = Net()\ncrit = nn.CrossEntropyLoss()\ndef step(x, y):\n    return crit(net(x), y)\n`;

test('imports: relative (one and two levels up, `from . import mod`), absolute from the script\'s folder or a root; found in the model\'s file', async () => {
  const cases: [string, Record<string, string>, string][] = [
    ['pkg/train.py', { 'pkg/models.py': MODEL, 'pkg/train.py': use('from .models import Net') }, 'pkg/models.py'],
    ['pkg/sub/train.py', { 'pkg/models.py': MODEL, 'pkg/sub/train.py': use('from ..models import Net') }, 'pkg/models.py'],
    ['pkg/train.py', { 'pkg/models.py': MODEL, 'pkg/train.py': use('from . import models\nNet = models.Net') }, 'pkg/models.py'],
    ['pkg/train.py', { 'pkg/__init__.py': MODEL, 'pkg/train.py': use('from . import Net') }, 'pkg/__init__.py'],
    ['pkg/train.py', { 'pkg/models/__init__.py': MODEL, 'pkg/train.py': use('from .models import Net') }, 'pkg/models/__init__.py'],
    ['scripts/train.py', { 'scripts/models.py': MODEL, 'scripts/train.py': use('from models import Net') }, 'scripts/models.py'],
    ['scripts/train.py', { 'lib/models.py': MODEL, 'scripts/train.py': use('from lib.models import Net') }, 'lib/models.py'],
    ['scripts/train.py', { 'lib/models.py': MODEL, 'scripts/train.py': use('import lib.models as lm\nNet = lm.Net') }, 'lib/models.py'],
    ['scripts/train.py', { 'lib/models.py': MODEL, 'scripts/train.py': use('from lib.models import *') }, 'lib/models.py'],
  ];
  for (const [main, map, where] of cases) {
    const { reports } = await lint([main], map, { reportReached: true });
    assert.deepEqual(reports.map((r) => [path.relative('/p', r.path), rows(r)]), [[main, []], [where, ['double-softmax@7:16 warning']]], `${main}: ${map[main].split('\n')[1]}`);
    const lossLine = map[main].split('\n').findIndex((x) => x.includes('crit(net(x), y)')) + 1;
    assert.match(reports[1].findings[0].message, new RegExp(`at ${path.basename(main).replace('.', '\\.')}:${lossLine} applies`));
  }
});

test('imports are resolved inside the roots only: nothing outside them is read; a file importing its own name is not read twice', async () => {
  const map = { 'proj/train.py': use('from models import Net\nfrom ..secret import Net2\nimport models'), 'proj/models.py': `from models import Net\n${MODEL}`, 'secret.py': MODEL, 'models.py': MODEL };
  const { reports, reads } = await lint(['proj/train.py'], map, { roots: ['/p/proj'], reportReached: true });
  assert.deepEqual(reports.map((r) => [path.relative('/p', r.path), rows(r)]), [['proj/train.py', []], ['proj/models.py', ['double-softmax@8:16 warning']]]);
  assert.ok(reads.every((r) => r.startsWith('/p/proj/')), reads.join());
  assert.ok(reads.includes('/p/proj/models.py'));
  assert.equal(reads.filter((r) => r === '/p/proj/models.py').length, 1, 'each file read once');
  // Without reportReached the reached file is analysed but not reported.
  const { reports: asked } = await lint(['proj/train.py'], map, { roots: ['/p/proj'] });
  assert.deepEqual(asked.map((r) => path.relative('/p', r.path)), ['proj/train.py']);
  // A reached file without findings is not reported either.
  const { reports: clean } = await lint(['proj/train.py'], { ...map, 'proj/models.py': MODEL.replace('.softmax(dim=1)', '') }, { roots: ['/p/proj'], reportReached: true });
  assert.deepEqual(clean.map((r) => path.relative('/p', r.path)), ['proj/train.py']);
});

test('suppressions: spacing variants, ids trimmed, on the last line of a finding spanning lines; other comments do not suppress', async () => {
  const code = [
    'import torch.nn.functional as F',
    'def f(z, y):',
    '    a = F.cross_entropy(z.softmax(1), y)  #lossdbg:ignore[double-softmax]',
    '    b = F.cross_entropy(z.softmax(1), y)  # lossdbg:   ignore[ sum-reduction ,  double-softmax ]',
    '    c = F.cross_entropy(F.softmax(z,',
    '        dim=1), y)  # lossdbg: ignore',
    '    d = F.cross_entropy(z.softmax(1), y)  # noqa: lossdbg',
    '    e = F.cross_entropy(z.softmax(1), y)  # lossdbg: ignore[]',
    '    g = F.cross_entropy(z.softmax(1), y)  # lossdbg: ignore[double-softmax-x]',
    '    return a + b + c + d + e + g',
    '',
  ].join('\n');
  const l = await getLinter();
  const [r] = l.lint(['/p/s.py'], ['/p'], {}, files({ 's.py': code }).source);
  assert.deepEqual(rows(r), ['double-softmax@7:25 warning', 'double-softmax@8:25 warning', 'double-softmax@9:25 warning']);
});

test('findings are ordered by file, line, column, then severity; one per rule and place', async () => {
  const code = [
    'import torch',
    'import torch.nn as nn',
    'import torch.nn.functional as F',
    'crit = nn.CrossEntropyLoss(reduction="sum")',
    'def f(z, y):',
    '    p = F.softmax(z)',
    '    loss = crit(p, y) + crit(p, y)',
    '    loss.backward()',
    '    return torch.log(F.softmax(z, 1)), F.softmax(F.softmax(z, dim=1), dim=1)',
    '',
  ].join('\n');
  const l = await getLinter();
  const [r] = l.lint(['/p/o.py'], ['/p'], {}, files({ 'o.py': code }).source);
  assert.deepEqual(rows(r), [
    'sum-reduction@4:8 info',
    'double-softmax@6:9 warning',
    'softmax-implicit-dim@6:9 info',
    'log-of-softmax@9:12 warning',
    'double-softmax@9:50 warning',
  ]);
  const [r2] = l.lint(['/p/b.py', '/p/a.py'], ['/p'], {}, files({ 'a.py': BUG, 'b.py': BUG }).source);
  assert.deepEqual(r2.path, '/p/b.py', 'reports follow the order asked');
});

test('diskSource: a regular file up to maxBytes is read; larger files, folders and missing paths are not', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lossdbg-disk-'));
  try {
    writeFileSync(path.join(dir, 'ten.py'), '0123456789');
    mkdirSync(path.join(dir, 'folder.py'));
    assert.equal(new TextDecoder().decode(diskSource(10).read(path.join(dir, 'ten.py'))), '0123456789');
    assert.equal(diskSource(9).read(path.join(dir, 'ten.py')), undefined);
    assert.equal(diskSource().read(path.join(dir, 'folder.py')), undefined);
    assert.equal(diskSource().read(path.join(dir, 'missing.py')), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('editor runs: a document edited between runs and a project file changed on disk are both re-read; close forgets the document', async () => {
  const l = await getLinter();
  const train = use('from models import Net');
  const map: Record<string, string> = { 'models.py': MODEL, 'train.py': train };
  const source = (): FileSource => files(map, { text: (f) => (f === '/p/train.py' ? map['train.py'] : undefined) }).source;
  const run = (): string[] => l.lint(['/p/train.py'], ['/p'], { reportReached: true }, source(), new Set(['/p/train.py'])).map((r) => `${path.basename(r.path)} ${rows(r).join()}`);
  assert.deepEqual(run(), ['train.py ', 'models.py double-softmax@7:16 warning']);
  assert.deepEqual(run(), ['train.py ', 'models.py double-softmax@7:16 warning'], 'same texts, same answer');
  map['models.py'] = `# moved\n${MODEL}`;
  assert.deepEqual(run(), ['train.py ', 'models.py double-softmax@8:16 warning'], 'the changed project file re-parsed');
  map['models.py'] = MODEL.replace('.softmax(dim=1)', '');
  assert.deepEqual(run(), ['train.py '], 'nothing reached');
  map['models.py'] = MODEL;
  map['train.py'] = `${train}crit2 = nn.CrossEntropyLoss()\n`;
  assert.deepEqual(run(), ['train.py ', 'models.py double-softmax@7:16 warning']);
  map['train.py'] = train.replace('crit(net(x), y)', 'crit(net.fc(x), y)');
  assert.deepEqual(run(), ['train.py '], 'the edited document re-parsed');
  l.close('/p/train.py');
  map['train.py'] = train;
  assert.deepEqual(run(), ['train.py ', 'models.py double-softmax@7:16 warning']);
});
