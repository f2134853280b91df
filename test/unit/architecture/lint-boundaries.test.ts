/**
 * The import table of docs/architecture.md is enforced by ESLint (eslint.config.mjs): a wrong import
 * fails the lint. Each case lints a small source text as if it were a file of that room.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath });
  return r.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

const cases: Array<[string, string, string, RegExp | null]> = [
  // [what, file, code, expected error (null: allowed)]
  ['engine importing a rule', 'src/engine/losses/bad.ts', "import { runDiagnostics } from '../../diagnostics/run';\nvoid runDiagnostics;\n", /engine may not import diagnostics/],
  ['engine reading files', 'src/engine/losses/bad.ts', "import { readFileSync } from 'node:fs';\nvoid readFileSync;\n", /pure/],
  ['engine importing the shapes', 'src/engine/losses/ok.ts', "import type { LossSpec } from '../../shapes/index';\nexport type X = LossSpec;\n", null],
  ['a rule importing the loaders', 'src/diagnostics/rules/bad.ts', "import { loadCaseFile } from '../../io/index';\nvoid loadCaseFile;\n", /diagnostics may not import io/],
  ['a rule importing vscode', 'src/diagnostics/rules/bad.ts', "import * as vscode from 'vscode';\nvoid vscode;\n", /no vscode/],
  ['the host importing an engine value', 'src/extension/bad.ts', "import { LOSS_ARGS } from '../engine/losses/spec';\nvoid LOSS_ARGS;\n", /extension may not import engine/],
  ['the host importing an engine type', 'src/extension/ok.ts', "import type { LossSpec } from '../engine/losses/spec';\nexport type X = LossSpec;\n", null],
  ['the host importing the worker', 'src/extension/bad.ts', "import '../worker/main';\n", /extension may not import worker/],
  ['the host importing vscode and the shapes', 'src/extension/ok.ts', "import * as vscode from 'vscode';\nimport type { Finding } from '../shapes/index';\nexport type X = [Finding, typeof vscode];\n", null],
  ['the worker importing the host', 'src/worker/bad.ts', "import { WorkerBridge } from '../extension/worker-bridge';\nvoid WorkerBridge;\n", /worker may not import extension/],
  ['the CLI importing the host', 'src/cli/bad.ts', "import { fixTitle } from '../extension/helpers';\nvoid fixTitle;\n", /cli may not import extension/],
  ['the webview importing the engine', 'webview/bad.ts', "import { numel } from '../src/engine/tensor';\nvoid numel;\n", /webview may not import engine/],
  ['the webview importing Node', 'webview/bad.ts', "import { readFileSync } from 'node:fs';\nvoid readFileSync;\n", /browser/],
  ['the webview importing the protocol', 'webview/ok.ts', "import { isHostToWebview } from '../src/protocol';\nvoid isHostToWebview;\n", null],
  ['the shapes importing anything', 'src/shapes/bad.ts', "import type { Tensor } from '../engine/tensor';\nexport type X = Tensor;\n", /bottom layer/],
  ['the shapes importing each other', 'src/shapes/ok.ts', "import type { Finding } from './finding';\nexport type X = Finding;\n", null],
];

describe('ESLint enforces the import table', () => {
  for (const [what, file, code, expected] of cases) {
    it(`${expected ? 'rejects' : 'allows'} ${what}`, async () => {
      const errors = await importErrors(file, code);
      if (expected) assert.ok(errors.some((m) => expected.test(m)), `expected ${expected} for ${file}, got ${JSON.stringify(errors)}`);
      else assert.deepEqual(errors, []);
    });
  }
});
