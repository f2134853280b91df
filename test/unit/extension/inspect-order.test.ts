/**
 * Inspect starts the engine on the case before it creates the panel (the webview loads while the
 * worker computes: docs/performance.md, panel-first-findings), and the command starts the worker
 * before anything else. A stand-in for the `vscode` module; the order of what the command does is
 * recorded.
 */
import assert from 'node:assert/strict';
import Module, { createRequire } from 'node:module';
import { test } from 'node:test';
import { Tracer, type TraceRecord } from '../../../src/extension/trace';

const progressSeen: string[] = [];

class Uri {
  constructor(readonly scheme: string, readonly fsPath: string) {}
  get path(): string { return this.fsPath; }
  toString(): string { return `${this.scheme}://${this.fsPath}`; }
}
const fakeVscode = {
  Uri,
  ProgressLocation: { Window: 10, Notification: 15 },
  l10n: { t: (s: string, ...a: unknown[]) => s.replace(/\{(\d+)\}/g, (_m, i: string) => String(a[Number(i)])) },
  workspace: {
    textDocuments: [],
    workspaceFolders: undefined,
    isTrusted: true,
    getWorkspaceFolder: () => undefined,
    getConfiguration: () => ({ get: () => undefined }),
  },
  window: {
    withProgress: async <T>(_o: unknown, task: (p: { report(v: { message?: string }): void }) => Promise<T>): Promise<T> =>
      task({ report: (v) => progressSeen.push(v.message ?? '') }),
  },
};
const M = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string; _cache: Record<string, unknown> };
const resolve = M._resolveFilename;
M._resolveFilename = function (request: string, ...rest: unknown[]) { return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest); };
M._cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: fakeVscode };
const { inspectCase, inspectCommand } = createRequire(__filename)('../../../src/extension/commands/inspect') as typeof import('../../../src/extension/commands/inspect');

type OnProgress = (p: { stage: 'read'; rows: number; of: number }) => void;

function services(events: string[], traces: TraceRecord[], progress: Array<{ rows: number; of: number }> = []) {
  const entry: Record<string, unknown> = { key: 'case:/nowhere/double-softmax.json', ready: false };
  const view = { findings: [{ rule: 'double-softmax' }] };
  return {
    entry,
    svc: {
      tracer: new Tracer((t) => traces.push(t)),
      log: { appendLine: () => undefined },
      diagnostics: { setResult: () => events.push('problems'), setError: () => events.push('problems error') },
      panels: {
        get: () => undefined,
        open: (_key: string, _title: string, opts: { skeleton?: { title: string } }) => {
          events.push(`panel (skeleton: ${opts.skeleton?.title ?? 'none'})`);
          return entry;
        },
        post: (_e: unknown, m: { type: string }) => {
          events.push(`post ${m.type}`);
          (entry.trace as { end(n: string): void } | undefined)?.end('posted');
        },
      },
      bridge: {
        workerTimes: undefined,
        prewarm: () => events.push('prewarm'),
        request: (method: string, _params: unknown, o: { onProgress?: OnProgress }) => {
          events.push(`request ${method}`);
          // progress may come before the status bar's progress exists (the request leaves first)
          for (const p of progress.slice(0, 1)) o.onProgress?.({ stage: 'read', ...p });
          return new Promise((r) => setTimeout(() => {
            for (const p of progress.slice(1)) o.onProgress?.({ stage: 'read', ...p });
            events.push('result');
            r({ view, ms: 3 });
          }, 20));
        },
      },
    },
  };
}

test('Inspect asks the engine for the case before it creates the panel; the result goes to the Problems panel and the panel', async () => {
  const events: string[] = [];
  const traces: TraceRecord[] = [];
  const { svc } = services(events, traces);
  const out = await inspectCase(svc as never, new Uri('file', '/nowhere/double-softmax.json') as never);
  assert.equal(out.ok, true);
  assert.deepEqual(events, ['request inspect', 'panel (skeleton: double-softmax.json)', 'result', 'problems', 'post showCase']);
  assert.equal(traces.length, 1);
  const names = traces[0].marks.map((m) => m.name);
  assert.deepEqual(names.slice(0, 4), ['command', 'request', 'panel-open', 'panel-created']);
  assert.ok(names.indexOf('result') < names.indexOf('posted'));
});

test('the Inspect command starts the worker before anything else', async () => {
  const events: string[] = [];
  const { svc } = services(events, []);
  await inspectCommand(svc as never, new Uri('file', '/nowhere/double-softmax.json'));
  assert.deepEqual(events.slice(0, 3), ['prewarm', 'request inspect', 'panel (skeleton: double-softmax.json)']);
});

test("a streamed case's progress reaches the status bar, also what came before it existed", async () => {
  progressSeen.length = 0;
  const { svc } = services([], [], [{ rows: 100, of: 400 }, { rows: 400, of: 400 }]);
  await inspectCase(svc as never, new Uri('file', '/nowhere/double-softmax.json') as never);
  assert.deepEqual(progressSeen, ['100 of 400 rows read (25%)', '400 of 400 rows read (100%)']);
});
