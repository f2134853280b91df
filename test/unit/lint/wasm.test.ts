/**
 * Where the tree-sitter grammar is looked for by default (src/lint/wasm.ts): first the folder of the
 * running module — dist/ in the bundles, where esbuild.mjs copies the .wasm files and where the .vsix
 * carries them (lint-worker.test.ts runs the real bundle) — then the installed package's folder, the
 * only one that holds them when running from source.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { wasmFolders } from '../../../src/lint/wasm';

test('wasmFolders: the module\'s own folder first (dist/ in a bundle), then @vscode/tree-sitter-wasm\'s folder, which holds both files', () => {
  const dirs = wasmFolders();
  assert.equal(dirs.length, 2);
  assert.equal(dirs[0], path.resolve(__dirname, '..', '..', '..', 'src', 'lint'));
  assert.equal(path.basename(dirs[1]), 'wasm');
  assert.equal(path.basename(path.dirname(dirs[1])), 'tree-sitter-wasm');
  for (const f of ['tree-sitter.wasm', 'tree-sitter-python.wasm']) assert.ok(existsSync(path.join(dirs[1], f)), f);
  // running from source, the module's folder holds no grammar: the package's is the one used
  assert.ok(!existsSync(path.join(dirs[0], 'tree-sitter-python.wasm')));
});
