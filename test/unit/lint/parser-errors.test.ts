/**
 * A file with several syntax errors in different top-level statements: the parse (fresh or
 * incremental) and the file's note name the first one, whichever statement kinds hold the later ones.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initParser, PythonParser } from '../../../src/lint/parser';
import { loadWasm } from '../../../src/lint/wasm';
import { lintText } from './harness';

const FILES: [string, { line: number; column: number }][] = [
  ['a = 1\nb = ]\nc = 2\nd = )\n', { line: 1, column: 4 }],
  ['def f(:\n    pass\nx = 1\ny = [\n', { line: 0, column: 6 }],
  ['a = 1 +\nb = 2\nc = 3\nd = *\n', { line: 0, column: 4 }],
  ['a = 1\nb = 2 $\nc = 3\nd = 4 $\ne = 5 $\n', { line: 1, column: 4 }],
];

test('several syntax errors: the first is the one reported, by a fresh parse and by an incremental one', async () => {
  const p = new PythonParser(await initParser(loadWasm));
  for (const [text, first] of FILES) {
    assert.deepEqual(p.parse(text).syntaxError, first, JSON.stringify(text));
    const doc = p.document();
    try {
      doc.update(`z = 0\n${text}`);
      assert.deepEqual(doc.update(text).syntaxError, first, `incremental ${JSON.stringify(text)}`);
    } finally {
      doc.dispose();
    }
  }
  p.dispose();
});

test('several syntax errors: the note names the first, 1-based', async () => {
  assert.deepEqual((await lintText('a = 1\nb = ]\nc = 2\nd = )\n')).notes, ['syntax error at line 2, column 5; linted the rest']);
});

test('an update with the same text reuses every top-level statement as it is, the last one ending at the end of the text included', async () => {
  const p = new PythonParser(await initParser(loadWasm));
  for (const text of ['a = 1\nb = 2\nc = 3', 'a = 1\nb = 2\nc = 3\n', 'x = 1']) {
    const doc = p.document();
    try {
      const first = doc.update(text).root.children;
      const again = doc.update(text).root.children;
      assert.equal(again.length, first.length);
      again.forEach((s, i) => assert.equal(s, first[i], `${JSON.stringify(text)} statement ${i}`));
    } finally {
      doc.dispose();
    }
  }
  p.dispose();
});

test('a text tree-sitter cannot read as a module at all (its root is an ERROR node) is a syntax error at its start', async () => {
  const p = new PythonParser(await initParser(loadWasm));
  for (const text of [',#', '@((def 1:,']) {
    const parsed = p.parse(text);
    assert.equal(parsed.root.type, 'ERROR', JSON.stringify(text));
    assert.deepEqual(parsed.syntaxError, { line: 0, column: 0 }, JSON.stringify(text));
  }
  p.dispose();
  assert.deepEqual((await lintText(',#\n')).notes, ['syntax error at line 1, column 1; linted the rest']);
});
