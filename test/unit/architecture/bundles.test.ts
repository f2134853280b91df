/**
 * The two rooms of the extension: dist/extension.js (the host) holds no engine code — no module of
 * src/engine, src/io, src/diagnostics, src/scenarios, src/report or src/worker is bundled into it — and
 * the release bundles hold no test hooks. Built from source here with esbuild.mjs's settings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as esbuild from 'esbuild';

async function bundle(entry: string, production: boolean): Promise<{ inputs: string[]; text: string }> {
  const r = await esbuild.build({
    entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node18', write: false,
    metafile: true, external: ['vscode'], logLevel: 'silent', minify: production,
    dropLabels: production ? ['TEST_BUILD'] : [],
  });
  return { inputs: Object.keys(r.metafile.inputs), text: r.outputFiles.map((f) => f.text).join('\n') };
}

const ENGINE_ROOMS = /^src\/(engine|io|diagnostics|scenarios|report|worker|lint)\//;

test('dist/extension.js: the host bundle contains no engine, io, rules, scenarios, report, worker or linter code', async () => {
  const { inputs } = await bundle('src/extension/extension.ts', true);
  const heavy = inputs.filter((f) => ENGINE_ROOMS.test(f));
  assert.deepEqual(heavy, [], `host bundle pulls in: ${heavy.join(', ')}`);
  assert.ok(inputs.includes('src/extension/extension.ts'));
  assert.ok(inputs.includes('src/protocol.ts'));
});

test('the check sees engine code when a value is imported from the engine', async () => {
  // The worker bundle is the engine's room: the same check lists what it holds.
  const { inputs } = await bundle('src/worker/main.ts', true);
  assert.ok(inputs.some((f) => f.startsWith('src/engine/losses/')), 'the worker bundles the losses');
  assert.ok(inputs.some((f) => f.startsWith('src/diagnostics/rules/')), 'the worker bundles the rules');
});

test('release bundles carry no test hooks; test builds do', async () => {
  for (const entry of ['src/extension/extension.ts', 'src/worker/main.ts']) {
    const release = await bundle(entry, true);
    assert.doesNotMatch(release.text, /deliberate crash|simulateWebviewMessage|crashWorker/, `${entry} (release)`);
  }
  assert.match((await bundle('src/worker/main.ts', false)).text, /deliberate crash/);
  assert.match((await bundle('src/extension/extension.ts', false)).text, /simulateWebviewMessage/);
});
