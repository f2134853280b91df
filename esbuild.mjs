// Builds every bundle: the extension host, its worker, the CLI (Node) and the webview (browser).
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, existsSync, mkdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// Test-only hooks (statements labelled `TEST_BUILD:`): in development builds and test packages, dropped
// from a release bundle.
const testBuild = !production || process.env.LOSSDBG_TEST_BUILD === '1';

const node = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  dropLabels: testBuild ? [] : ['TEST_BUILD'],
  // src/l10n.ts uses @vscode/l10n's browser build everywhere: the same `t`, and no file reading in it.
  alias: { '@vscode/l10n': './node_modules/@vscode/l10n/dist/browser.js' },
};

const browser = {
  bundle: true, platform: 'browser', target: 'es2022', format: 'iife', sourcemap: !production, minify: production,
  logLevel: 'warning', legalComments: 'none', alias: node.alias,
};

const builds = [
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...node, entryPoints: ['src/worker/main.ts'], outfile: 'dist/worker.js' },
  { ...node, entryPoints: ['src/lint/worker.ts'], outfile: 'dist/lint-worker.js' },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...browser, entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js' },
  // chart.js and its zoom plugin: loaded by the panel only when it shows a chart (webview/charts.ts)
  { ...browser, entryPoints: ['webview/chart-lib.ts'], outfile: 'dist/webview-charts.js' },
].filter((b) => existsSync(b.entryPoints[0]));

mkdirSync('dist', { recursive: true });
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
  if (existsSync('webview/style.css')) copyFileSync('webview/style.css', 'dist/webview.css');
  // The source linter's parser: tree-sitter's runtime and Python grammar (WebAssembly), next to the bundles.
  for (const f of ['tree-sitter.wasm', 'tree-sitter-python.wasm']) copyFileSync(`node_modules/@vscode/tree-sitter-wasm/wasm/${f}`, `dist/${f}`);
}
