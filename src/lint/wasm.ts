/**
 * Finds the tree-sitter WebAssembly files: next to the running bundle (dist/, where esbuild.mjs
 * copies them and where the .vsix carries them) or, when running from source, in the installed
 * package's folder (node_modules/@vscode/tree-sitter-wasm/wasm/, where its main file lives).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { WasmBytes } from './parser';

const RUNTIME = 'tree-sitter.wasm';
const PYTHON = 'tree-sitter-python.wasm';

/** Where the grammar is looked for, in order: this module's folder (dist/ in a bundle), then the installed package's. */
export function wasmFolders(): string[] {
  const dirs: string[] = [];
  if (typeof __dirname !== 'undefined') dirs.push(__dirname);
  try {
    const main = require.resolve('@vscode/tree-sitter-wasm');
    dirs.push(path.dirname(main));
  } catch { /* not installed: bundled copy only */ }
  return dirs;
}

/** The runtime and the grammar from the first folder that holds both (`dirs`: where to look, in order). */
export function loadWasm(dirs: readonly string[] = wasmFolders()): WasmBytes {
  for (const dir of dirs) {
    const rt = path.join(dir, RUNTIME), py = path.join(dir, PYTHON);
    if (existsSync(rt) && existsSync(py)) return { runtime: readFileSync(rt), python: readFileSync(py) };
  }
  throw new Error(`the Python grammar (${PYTHON}) was not found next to the program; reinstall Loss Debugger`);
}
