/**
 * src/lint/parser.ts `initParser`, in a process of its own (the grammar is loaded once per process):
 * a load that failed is retried by the next call, a load that succeeded is kept (mutation: own process —
 * tools/mutation/run.mjs --one-process leaves this file out of the shared process).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initParser, PythonParser } from '../../../src/lint/parser';
import { loadWasm } from '../../../src/lint/wasm';

test('initParser: a grammar that failed to load is loaded again on the next call (not the failure kept for the process)', async () => {
  await assert.rejects(initParser(() => { throw new Error('grammar not found'); }), { message: 'grammar not found' });
  const lang = await initParser(loadWasm);
  const parsed = new PythonParser(lang).parse('x = 1\n');
  assert.equal(parsed.root.type, 'module');
  // once loaded, the language is kept: a later loader is not called
  assert.equal(await initParser(() => { throw new Error('not called'); }), lang);
});
