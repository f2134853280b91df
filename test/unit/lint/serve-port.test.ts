/**
 * The lint worker's message loop (src/lint/serve.ts `serve`), on a fake port in-process: `ready`
 * before anything else, non-requests ignored, requests answered one at a time in the order they came
 * (a quick answer never overtakes a lint still running). Also where the grammar files are looked for
 * (src/lint/wasm.ts).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { serve, type Port } from '../../../src/lint/serve';
import { loadWasm } from '../../../src/lint/wasm';
import type { HostToWorker, WorkerToHost } from '../../../src/shapes/index';
import { getLinter } from './harness';

function fakePort(): Port & { posted: WorkerToHost[]; send(m: unknown): void } {
  const listeners = new Map<string, (m: HostToWorker) => void>();
  const posted: WorkerToHost[] = [];
  return {
    posted,
    on: (e, l) => { listeners.set(e, l); },
    postMessage: (m) => { posted.push(m); },
    send: (m) => listeners.get('message')?.(m as HostToWorker),
  };
}
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 50));
const BUGGY = 'import torch.nn.functional as F\ndef f(z, y):\n    return F.cross_entropy(F.softmax(z, dim=1), y)\n';

test('serve: ready first; messages that are not requests get no answer; requests are answered in the order they came', async () => {
  const port = fakePort();
  const disk = { read: (f: string) => (f === '/p/bug.py' ? new TextEncoder().encode(BUGGY) : undefined) };
  serve(port, getLinter(), disk);
  assert.deepEqual(port.posted, [{ kind: 'ready' }]);
  for (const m of [null, 'lint', 42, { kind: 'cancel', id: 1 }, { kind: 'requests', id: 2, method: 'lint', params: {} }]) port.send(m);
  await settle();
  assert.deepEqual(port.posted, [{ kind: 'ready' }], 'nothing answered but requests');
  // a lint (slow: it waits for the linter and parses) then an unknown method (answered at once)
  port.send({ kind: 'request', id: 10, method: 'lint', params: { docs: [{ file: '/p/bug.py' }], roots: ['/p'], disabled: [] } });
  port.send({ kind: 'request', id: 11, method: 'listRules', params: {} });
  port.send({ kind: 'request', id: 12, method: 'lintClose', params: { files: ['/p/bug.py'] } });
  await settle();
  await getLinter();
  await settle();
  assert.deepEqual(port.posted.map((m) => [m.kind, (m as { id?: number }).id]), [['ready', undefined], ['result', 10], ['error', 11], ['result', 12]]);
  const lint = port.posted[1] as unknown as { result: { files: { path: string; findings: { rule: string }[] }[] } };
  assert.deepEqual(lint.result.files.map((f) => [f.path, f.findings.map((x) => x.rule)]), [['/p/bug.py', ['double-softmax']]]);
  assert.deepEqual(port.posted[2], { kind: 'error', id: 11, error: { kind: 'internal', message: "the lint worker does not answer 'listRules'" } });
  assert.deepEqual(port.posted[3], { kind: 'result', id: 12, result: null });
});

test('loadWasm: the first folder holding both the runtime and the Python grammar; a folder with only one of them is passed over; none is a clear error', () => {
  const real = path.join('node_modules', '@vscode', 'tree-sitter-wasm', 'wasm');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'lossdbg-wasm-'));
  try {
    const onlyRuntime = path.join(tmp, 'a'), onlyGrammar = path.join(tmp, 'b'), both = path.join(tmp, 'c');
    for (const [d, files] of [[onlyRuntime, ['tree-sitter.wasm']], [onlyGrammar, ['tree-sitter-python.wasm']], [both, ['tree-sitter.wasm', 'tree-sitter-python.wasm']]] as const) {
      mkdirSync(d);
      for (const f of files) writeFileSync(path.join(d, f), `${path.basename(d)}:${f}`);
    }
    const got = loadWasm([onlyRuntime, onlyGrammar, both, real]);
    assert.equal(Buffer.from(got.runtime).toString(), 'c:tree-sitter.wasm');
    assert.equal(Buffer.from(got.python).toString(), 'c:tree-sitter-python.wasm');
    assert.throws(() => loadWasm([onlyRuntime, onlyGrammar, path.join(tmp, 'missing')]), {
      message: 'the Python grammar (tree-sitter-python.wasm) was not found next to the program; reinstall Loss Debugger',
    });
    // the default places (next to the module, the installed package) hold the real grammar
    const def = loadWasm();
    assert.ok(def.runtime.length > 10_000 && def.python.length > 10_000);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
