/**
 * Run Training Scenario… ends its status-bar progress before it posts the outcome to the panel. The
 * workbench handles the extension host's messages in order and the finished result is a large one the
 * panel takes a moment to draw: posted first, the status bar kept saying "Training …" after the panel
 * said Finished. A stand-in for the `vscode` module records the order of what the command does.
 */
import assert from 'node:assert/strict';
import Module, { createRequire } from 'node:module';
import { test } from 'node:test';

const events: string[] = [];
const fakeVscode = {
  ProgressLocation: { Window: 10, Notification: 15 },
  l10n: { t: (s: string, ...a: unknown[]) => s.replace(/\{(\d+)\}/g, (_m, i: string) => String(a[Number(i)])) },
  window: {
    withProgress: async <T>(_o: unknown, task: (p: { report(v: unknown): void }) => Promise<T>): Promise<T> => {
      events.push('progress start');
      try {
        return await task({ report: () => events.push('progress report') });
      } finally {
        events.push('progress end');
      }
    },
    showInformationMessage: () => Promise.resolve(undefined),
  },
};
const M = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string; _cache: Record<string, unknown> };
const resolve = M._resolveFilename;
M._resolveFilename = function (request: string, ...rest: unknown[]) { return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest); };
M._cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: fakeVscode };
const { runScenario } = createRequire(__filename)('../../../src/extension/commands/run-scenario') as typeof import('../../../src/extension/commands/run-scenario');

function services(outcome: 'finished' | 'failed' | 'cancelled') {
  const entry: { job?: AbortController } = {};
  return {
    cache: { scenarios: [{ id: 's', title: 'S', description: 'd', kind: 'sweep' as const }] },
    log: { appendLine: () => undefined },
    panels: {
      open: () => entry,
      whenReady: () => Promise.resolve(),
      post: (_e: unknown, m: { type: string }) => { events.push(`post ${m.type}`); },
    },
    bridge: {
      request: async (_m: string, _p: unknown, o: { onProgress(p: unknown): void; signal: AbortSignal }) => {
        o.onProgress({ runIndex: 0, runCount: 1, message: { type: 'progress', run: 'a', epoch: 1, epochs: 1, train_loss: 1 } });
        if (outcome === 'failed') throw new Error('boom');
        if (outcome === 'cancelled') { entry.job?.abort(); throw new Error('cancelled'); }
        return { scenario: 's', seed: 42, runs: [], seconds: 0.5 };
      },
    },
  };
}

for (const outcome of ['finished', 'failed', 'cancelled'] as const) {
  test(`the status bar's progress ends before the panel hears the run ${outcome}`, async () => {
    events.length = 0;
    const got = await runScenario(services(outcome) as never, 's');
    assert.equal(got, outcome);
    const post = { finished: 'post runFinished', failed: 'post runFailed', cancelled: 'post runCancelled' }[outcome];
    assert.deepEqual(events, ['post runStarted', 'progress start', 'post progress', 'progress report', 'progress end', post]);
  });
}
