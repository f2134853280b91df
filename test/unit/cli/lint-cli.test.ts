/** `lossdbg lint` end to end: JSON shape, SARIF 2.1.0, text, exit codes, hostile files, folder walking. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { runCli } from './cli-helpers';
import { FIX } from '../lint/harness';

const tmp = mkdtempSync(path.join(tmpdir(), 'lossdbg-lint-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const BUG = 'import torch.nn.functional as F\n\ndef step(model, x, y):\n    return F.cross_entropy(F.softmax(model(x), dim=1), y)\n';

test('--json: the documented shape, 1-based lines and columns, cell for notebooks', () => {
  const r = runCli(['lint', '--json', path.join(FIX, 'firing', 'notebook.ipynb'), path.join(FIX, 'firing', 'handwritten.py')], { cwd: tmp });
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { files: { path: string; findings: Record<string, unknown>[] }[]; summary: Record<string, number> };
  assert.deepEqual(Object.keys(j).sort(), ['files', 'summary']);
  assert.deepEqual(j.summary, { files: 2, findings: 4, error: 1, warning: 2, info: 1 });
  const nb = j.files[0];
  assert.deepEqual(nb.findings[0], {
    rule: 'double-softmax', severity: 'warning', line: 7, column: 16, endLine: 7, endColumn: 44, cell: 2,
    message: nb.findings[0].message,
  });
  assert.match(String(nb.findings[0].message), /notebook\.ipynb, cell 5:3/);
  for (const f of j.files[1].findings) assert.deepEqual(Object.keys(f).sort(), ['column', 'endColumn', 'endLine', 'line', 'message', 'rule', 'severity']);
});

test('--format sarif: SARIF 2.1.0 with rules, levels, regions and related locations', () => {
  const r = runCli(['lint', '--format', 'sarif', 'firing/binary_functional.py'], { cwd: FIX });
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout) as { version: string; runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[]; relatedLocations?: unknown[] }[] }[] };
  assert.equal(s.version, '2.1.0');
  const run = s.runs[0];
  assert.equal(run.tool.driver.name, 'Loss Debugger');
  assert.ok(run.tool.driver.rules.some((x) => x.id === 'double-sigmoid'));
  assert.deepEqual(run.results.map((x) => [x.ruleId, x.level, x.locations[0].physicalLocation.artifactLocation.uri, x.locations[0].physicalLocation.region.startLine, x.locations[0].physicalLocation.region.startColumn]), [
    ['bce-expects-probabilities', 'error', 'firing/binary_functional.py', 25, 16],
    ['double-sigmoid', 'warning', 'firing/binary_functional.py', 33, 17],
  ]);
  assert.equal(run.results[0].relatedLocations?.length, 2);
});

test('exit codes: 0 linted, 1 --fail-on met, 2 missing path or bad usage', () => {
  const d = path.join(tmp, 'exit');
  mkdirSync(d, { recursive: true });
  writeFileSync(path.join(d, 'a.py'), BUG);
  assert.equal(runCli(['lint', d]).code, 0);
  assert.equal(runCli(['lint', d, '--fail-on', 'warning']).code, 1);
  assert.equal(runCli(['lint', d, '--fail-on', 'error']).code, 0);
  const miss = runCli(['lint', path.join(d, 'nope.py'), d, '--json']);
  assert.equal(miss.code, 2);
  const j = JSON.parse(miss.stdout) as { files: { error?: string }[] };
  assert.equal(j.files[0].error, 'no such file or folder');
  assert.equal(runCli(['lint']).code, 2);
  const bad = runCli(['lint', d, '--format', 'xml']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--format must be text, json or sarif/);
  assert.equal(runCli(['lint', d, '--disable', 'double-softmaxx']).code, 2);
  assert.equal(runCli(['lint', d, '--disable', 'double-softmax', '--fail-on', 'warning']).code, 0);
});

test('hostile files: each gets a clear per-file message and the others are still linted', () => {
  const d = path.join(tmp, 'hostile');
  mkdirSync(d, { recursive: true });
  writeFileSync(path.join(d, 'good.py'), BUG);
  writeFileSync(path.join(d, 'binary.py'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 0xff, 0xfe]));
  writeFileSync(path.join(d, 'latin1.py'), Buffer.from('x = "caf\xe9"\n', 'latin1'));
  writeFileSync(path.join(d, 'syntax.py'), `${BUG}\ndef broken(:\n    return F.cross_entropy(F.softmax(z, dim=1), y\n`);
  writeFileSync(path.join(d, 'py2.py'), 'import torch.nn.functional as F\nprint "loss", 1\ndef f(z, y):\n    return F.cross_entropy(F.softmax(z, dim=1), y)\n');
  writeFileSync(path.join(d, 'generated.py'), 'x = 1\n'.repeat(50_000));
  writeFileSync(path.join(d, 'badjson.ipynb'), '{"cells": [');
  writeFileSync(path.join(d, 'nocells.ipynb'), '{"metadata": {}}');
  writeFileSync(path.join(d, 'r.ipynb'), JSON.stringify({ cells: [{ cell_type: 'code', source: 'x <- 1' }], metadata: { language_info: { name: 'R' } } }));
  writeFileSync(path.join(d, 'nosource.ipynb'), JSON.stringify({ cells: [{ cell_type: 'code', source: 5 }] }));
  writeFileSync(path.join(d, 'junkcell.ipynb'), JSON.stringify({ cells: [null] }));
  writeFileSync(path.join(d, 'empty.py'), '');
  writeFileSync(path.join(d, 'crlf.py'), BUG.replace(/\n/g, '\r\n'));
  writeFileSync(path.join(d, 'bashcells.ipynb'), JSON.stringify({ cells: [
    { cell_type: 'code', source: ['%%bash\n', 'pip install torch\n'] },
    { cell_type: 'raw', source: 'not code' },
    { cell_type: 'code', source: BUG },
  ] }));
  const r = runCli(['lint', '--json', d]);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stderr, '');
  const j = JSON.parse(r.stdout) as { files: { path: string; error?: string; notes?: string[]; findings: { rule: string; line: number }[] }[] };
  const by = new Map(j.files.map((f) => [path.basename(f.path), f]));
  assert.match(by.get('binary.py')!.error!, /binary file/);
  assert.match(by.get('latin1.py')!.error!, /not Python source|UTF-8/);
  assert.match(by.get('generated.py')!.error!, /more than 20000 lines/);
  assert.match(by.get('badjson.ipynb')!.error!, /invalid JSON/);
  assert.match(by.get('nocells.ipynb')!.error!, /no "cells" array/);
  assert.match(by.get('r.ipynb')!.error!, /R notebook, not Python/);
  assert.match(by.get('nosource.ipynb')!.error!, /cell 0 has no text "source"/);
  assert.match(by.get('junkcell.ipynb')!.error!, /cell 0 is not an object/);
  assert.deepEqual([by.get('empty.py')!.findings, by.get('empty.py')!.error], [[], undefined]);
  // Windows line endings: same lines and columns as with \n
  assert.deepEqual(by.get('crlf.py')!.findings.map((f) => [f.rule, f.line]), [['double-softmax', 4]]);
  // a %%bash cell and a raw cell are skipped; the Python cell (index 2) is linted
  assert.deepEqual(by.get('bashcells.ipynb')!.findings.map((f) => [f.rule, (f as { cell?: number }).cell, f.line]), [['double-softmax', 2, 4]]);
  assert.deepEqual(by.get('good.py')!.findings.map((f) => f.rule), ['double-softmax']);
  // syntax error: the healthy part is linted, the broken def is reported
  assert.deepEqual(by.get('syntax.py')!.findings.map((f) => [f.rule, f.line]), [['double-softmax', 4]]);
  assert.match(by.get('syntax.py')!.notes![0], /syntax error at line 6/);
  assert.match(by.get('py2.py')!.notes![0], /Python 2/);
  assert.deepEqual(by.get('py2.py')!.findings.map((f) => f.rule), ['double-softmax']);
  // --max-lines raises the limit
  const big = runCli(['lint', '--json', '--max-lines', '60000', path.join(d, 'generated.py')]);
  assert.equal(big.code, 0);
});

test('folders: .git, virtual environments and node_modules are skipped; text output names file:line:col', () => {
  const d = path.join(tmp, 'walk');
  for (const sub of ['.git', 'node_modules/pkg', 'myenv', 'src']) mkdirSync(path.join(d, sub), { recursive: true });
  writeFileSync(path.join(d, 'myenv', 'pyvenv.cfg'), 'home = /usr/bin\n');
  for (const sub of ['.git', 'node_modules/pkg', 'myenv', 'src']) writeFileSync(path.join(d, sub, 'x.py'), BUG);
  const r = runCli(['lint', d], { cwd: d });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^src\/x\.py:4:28: warning \[double-softmax\]/m);
  assert.match(r.stdout, /1 file linted: 1 finding \(0 error, 1 warning, 0 info\)/);
});
