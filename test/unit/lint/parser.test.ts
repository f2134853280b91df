/** The parser: incremental re-parse gives the same tree as a fresh parse, for random edits of a real-looking file. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
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
    }
    doc.dispose();
  }), { numRuns: 40, seed: 42 });
});
