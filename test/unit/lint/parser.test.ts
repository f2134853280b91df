/** The parser: incremental re-parse gives the same tree as a fresh parse, for random edits of a real-looking file. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import TreeSitter from '@vscode/tree-sitter-wasm';
import fc from 'fast-check';
import type { Ast } from '../../../src/lint/ast';
import { initParser, PythonParser } from '../../../src/lint/parser';
import { loadWasm } from '../../../src/lint/wasm';
import { FIX } from './harness';

function plain(a: Ast): unknown {
  return [a.type, a.field, a.start, a.end, a.sr, a.sc, a.er, a.ec, a.hasError, a.children.map(plain)];
}

test('Document.update: after any edit, the converted tree equals a fresh parse (reused statements shifted right)', async () => {
  const parser = new PythonParser(await initParser(loadWasm));
  const base = readFileSync(path.join(FIX, 'project', 'train.py'), 'utf8');
  const edit = fc.record({ at: fc.nat(base.length), del: fc.nat(40), ins: fc.constantFrom('', 'x', '\n', '\n\n# c\n', 'def g():\n    pass\n', '(', 'é😀', '    ') });
  await fc.assert(fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), async (edits) => {
    const doc = parser.document();
    let text = base;
    doc.update(text);
    for (const e of edits) {
      const at = Math.min(e.at, text.length);
      text = text.slice(0, at) + e.ins + text.slice(Math.min(text.length, at + e.del));
      const inc = doc.update(text);
      const fresh = parser.parse(text);
      assert.deepEqual(plain(inc.root), plain(fresh.root));
      assert.deepEqual([...inc.comments], [...fresh.comments]);
      assert.deepEqual(inc.python2, fresh.python2);
      assert.deepEqual(inc.syntaxError, fresh.syntaxError);
    }
    doc.dispose();
  }), { numRuns: 40, seed: 42 });
});

/** The obvious conversion through tree-sitter's Node API (slow: many calls per node), as the reference. */
function reference(node: TreeSitter.Node, field: string | null, x: { comments: [number, string][]; py2: number[]; err?: [number, number] }): Ast {
  if ((node.type === 'ERROR' || node.isMissing) && !x.err) x.err = [node.startPosition.row, node.startPosition.column];
  if (node.type === 'print_statement' || node.type === 'exec_statement') x.py2.push(node.startPosition.row);
  const out: Ast = {
    type: node.type, field, start: node.startIndex, end: node.endIndex, sr: node.startPosition.row, sc: node.startPosition.column,
    er: node.endPosition.row, ec: node.endPosition.column, children: [], hasError: node.hasError || node.isMissing,
  };
  for (let i = 0; i < node.childCount; i++) {
    const c = node.child(i)!;
    if (c.type === 'comment') { x.comments.push([c.startPosition.row, c.text]); continue; }
    if (!c.isNamed && !c.isMissing) continue;
    out.children.push(reference(c, node.fieldNameForChild(i), x));
  }
  return out;
}

test('the cursor conversion equals a plain Node-API conversion: fixtures, syntax errors, Python 2, comments', async () => {
  const lang = await initParser(loadWasm);
  const parser = new PythonParser(lang);
  const ts = new TreeSitter.Parser();
  ts.setLanguage(lang);
  const texts: string[] = [];
  for (const d of ['firing', 'silent', 'project']) {
    for (const f of readdirSync(path.join(FIX, d))) if (f.endsWith('.py')) texts.push(readFileSync(path.join(FIX, d, f), 'utf8'));
  }
  texts.push(
    'def broken(:\n    return F.cross_entropy(F.softmax(z, dim=1), y\n# trailing\n',
    'print "loss", 1  # py2\nexec code\nx = (1,\n',
    'class A:\n    def f(self):\n        # inner comment\n        return [1, 2\n\ny = 3 +\n',
  );
  for (const t of texts) {
    const tree = ts.parse(t)!;
    const x: { comments: [number, string][]; py2: number[]; err?: [number, number] } = { comments: [], py2: [] };
    const ref = reference(tree.rootNode, null, x);
    tree.delete();
    const got = parser.parse(t);
    assert.deepEqual(plain(got.root), plain(ref));
    assert.deepEqual([...got.comments], x.comments);
    assert.deepEqual(got.python2, x.py2);
    assert.deepEqual(got.syntaxError ? [got.syntaxError.line, got.syntaxError.column] : undefined, x.err);
  }
});
