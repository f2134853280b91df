/**
 * More of the project layer: every Python cell magic keeps its cell (the magic line blanked), other
 * cell magics drop it; a finding in a .py file carries no `cell` key; a file starting with a byte
 * order mark is read without it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { joinCells } from '../../../src/lint/notebook';
import { decode } from '../../../src/lint/project';
import { lintText } from './harness';

test('joinCells: %%time, %%timeit, %%capture, %%prun and %%debug cells are Python (the magic line blanked); %%writefile, %%html are not', () => {
  for (const magic of ['time', 'timeit', 'capture', 'prun', 'debug']) {
    const { text, map } = joinCells([{ index: 0, text: `%%${magic} -q\nloss = f(x)`, language: 'python' }]);
    assert.equal(text, '\nloss = f(x)', magic);
    assert.deepEqual(map.cells, [{ index: 0, start: 0, lines: 2 }], magic);
  }
  for (const magic of ['writefile', 'html', 'sh']) {
    assert.deepEqual(joinCells([{ index: 0, text: `%%${magic} a.py\nloss = f(x)`, language: 'python' }]), { text: '', map: { cells: [] } }, magic);
  }
});

test('a finding of a .py file has no cell key at all (not cell: undefined)', async () => {
  const r = await lintText('import torch.nn.functional as F\ndef f(z, y):\n    return F.cross_entropy(F.softmax(z, dim=1), y)\n');
  assert.equal(r.findings.length, 1);
  assert.ok(!('cell' in r.findings[0]));
  assert.ok(!('cell' in r.findings[0].site));
});

test('decode: a leading byte order mark is dropped once; text without one is unchanged', () => {
  const enc = new TextEncoder();
  assert.equal(decode(new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('x = 1\n')])), 'x = 1\n');
  assert.equal(decode(enc.encode('x = 1\n')), 'x = 1\n');
  assert.equal(decode(new Uint8Array([0xef, 0xbb, 0xbf])), '');
});
