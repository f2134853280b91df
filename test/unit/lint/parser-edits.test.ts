/**
 * The incremental parser's pieces: the text diff handed to tree-sitter as the edit, index → row/column,
 * and which top-level statements an update reuses unconverted (the same objects as before the edit).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diff, initParser, point, PythonParser } from '../../../src/lint/parser';
import { loadWasm } from '../../../src/lint/wasm';

test('diff: the common prefix, then the common tail that does not overlap it', () => {
  assert.deepEqual(diff('abc', 'abc'), { start: 3, oldEnd: 3, newEnd: 3 });
  assert.deepEqual(diff('xay', 'xby'), { start: 1, oldEnd: 2, newEnd: 2 });
  assert.deepEqual(diff('', 'a'), { start: 0, oldEnd: 0, newEnd: 1 });
  assert.deepEqual(diff('a', ''), { start: 0, oldEnd: 1, newEnd: 0 });
  // an insertion that repeats the text before it: the tail stops at the prefix, never before it
  assert.deepEqual(diff('ab', 'abab'), { start: 2, oldEnd: 2, newEnd: 4 });
  assert.deepEqual(diff('abab', 'ab'), { start: 2, oldEnd: 4, newEnd: 2 });
  assert.deepEqual(diff('aaa', 'aa'), { start: 2, oldEnd: 3, newEnd: 2 });
  assert.deepEqual(diff('x = 1\ny = 2\n', 'x = 1\nz = 0\ny = 2\n'), { start: 6, oldEnd: 6, newEnd: 12 });
  assert.deepEqual(diff('f(a)\n', 'f(ab)\n'), { start: 3, oldEnd: 3, newEnd: 4 });
  assert.deepEqual(diff('pq', 'rs'), { start: 0, oldEnd: 2, newEnd: 2 });
});

test('point: rows count the newlines before the index; a newline itself ends its row', () => {
  const t = 'ab\ncd\n';
  assert.deepEqual(point(t, 0), { row: 0, column: 0 });
  assert.deepEqual(point(t, 2), { row: 0, column: 2 });
  assert.deepEqual(point(t, 3), { row: 1, column: 0 });
  assert.deepEqual(point(t, 5), { row: 1, column: 2 });
  assert.deepEqual(point(t, 6), { row: 2, column: 0 });
  assert.deepEqual(point('\n\nx', 2), { row: 2, column: 0 });
  assert.deepEqual(point('abc', 3), { row: 0, column: 3 });
});

const TEXT = 'import torch\n\ndef f(x):\n    return x + 1  # one\n\nclass A:\n    pass\n\ny = f(2)\n';

test('Document.update reuses the statements an edit did not touch, as the same objects', async () => {
  const parser = new PythonParser(await initParser(loadWasm));
  const doc = parser.document();
  const p0 = doc.update(TEXT);
  const tops0 = p0.root.children;
  assert.equal(tops0.length, 4);
  // the same text again: every statement reused
  const p1 = doc.update(TEXT);
  p1.root.children.forEach((c, i) => assert.equal(c, tops0[i], `statement ${i} reused`));
  assert.deepEqual([...p1.comments], [[3, '# one']]);
  // an edit of the same length in the class: the statements before and after are reused, the class is not
  const t2 = TEXT.replace('class A', 'class B');
  const p2 = doc.update(t2);
  assert.equal(p2.root.children[0], tops0[0]);
  assert.equal(p2.root.children[1], tops0[1]);
  assert.notEqual(p2.root.children[2], tops0[2]);
  assert.equal(p2.root.children[3], tops0[3]);
  // a line inserted in the function: the import stays the same object; the statements after it are
  // shifted copies with the fresh parse's places
  const t3 = t2.replace('    return x + 1', '    x = x * 2\n    return x + 1');
  const p3 = doc.update(t3);
  const fresh = parser.parse(t3);
  assert.equal(p3.root.children[0], tops0[0]);
  assert.notEqual(p3.root.children[3], tops0[3]);
  assert.deepEqual(p3.root, fresh.root);
  assert.deepEqual([...p3.comments], [[4, '# one']]);
  assert.equal(p3.root.children[3].sr, 9);
  doc.dispose();
  parser.dispose();
});
