/**
 * The worker bridge against the real engine worker, under plain Node: inspect, errors with
 * positions, progress and cancel, and crash → restart. The worker is bundled from source into a
 * temp folder (the same esbuild settings as dist/worker.js), so the test never runs a stale build.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { WorkerBridge, WorkerJobError, type CrashInfo } from '../../../src/extension/worker-bridge';
import type { InspectSettings, L10nBundle } from '../../../src/shapes/index';
import { RULES } from '../../../src/diagnostics/rules/index';

const RULE_TITLE = RULES.find((r) => r.id === 'missing-ignore-index')!.title;

let dir = '';
let script = '';
const settings: InspectSettings = { options: {}, disabled: [], dtype: 'float64', maxFileBytes: 1 << 20, maxMemoryBytes: 1 << 30, allowedRoots: [] };

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lossdbg-bridge-'));
  script = join(dir, 'worker.js');
  await esbuild.build({
    entryPoints: ['src/worker/main.ts'], outfile: script, bundle: true, platform: 'node', format: 'cjs',
    target: 'node18', logLevel: 'warning',
  });
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

function bridge(extra: Partial<ConstructorParameters<typeof WorkerBridge>[0]> = {}): WorkerBridge {
  return new WorkerBridge({ script, ...extra });
}

async function rejection(p: Promise<unknown>): Promise<WorkerJobError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof WorkerJobError, `expected a WorkerJobError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the request to fail');
}

const CASE = `{
  "loss": {"type": "CrossEntropyLoss", "reduction": "mean"},
  "input": [[0.2, 2.0, 0.1], [0.3, 0.2, 1.6], [1.0, 0.0, 0.0], [0.9, 0.1, 0.0],
            [1.2, -0.3, 0.2], [0.1, 0.3, 1.9], [1.1, 0.0, 0.2], [0.8, 0.2, 0.1]],
  "target": [1, 2, 0, 0, 0, 2, 0, 0],
  "meta": {"pad_token_id": 0}
}
`;

function crossEntropy(rows: number[][], target: number[]): number {
  let s = 0;
  rows.forEach((r, i) => {
    const m = Math.max(...r);
    const lse = m + Math.log(r.reduce((a, x) => a + Math.exp(x - m), 0));
    s += lse - r[target[i]];
  });
  return s / rows.length;
}

test('inspect: the loss, the view and findings placed on the JSON field', async () => {
  const file = join(dir, 'case.json');
  writeFileSync(file, CASE);
  const b = bridge();
  try {
    const r = await b.request('inspect', { file, settings });
    const parsed = JSON.parse(CASE) as { input: number[][]; target: number[] };
    assert.ok(r.view.lossValue !== null && Math.abs(r.view.lossValue - crossEntropy(parsed.input, parsed.target)) < 1e-12);
    assert.equal(r.view.lossType, 'CrossEntropyLoss');
    assert.equal(r.file, file);
    assert.equal(r.view.file, file);
    // One range per finding, in the findings' order.
    assert.equal(r.ranges.length, r.view.findings.length);
    const i = r.view.findings.findIndex((x) => x.rule === 'missing-ignore-index');
    assert.ok(i >= 0, `missing-ignore-index expected, got ${r.view.findings.map((x) => x.rule).join(', ')}`);
    const f = { ...r.view.findings[i], range: r.ranges[i] };
    assert.deepEqual(f.edit, { path: ['loss', 'ignore_index'], value: 0 });
    // No `ignore_index` key in the file: the finding sits on the `loss` object (line 2, 0-based 1).
    const lossLine = CASE.split('\n')[1];
    assert.deepEqual(f.range, {
      start: { line: 1, character: lossLine.indexOf('{') },
      end: { line: 1, character: lossLine.lastIndexOf('}') + 1 },
    });
    assert.deepEqual(r.lossRange, f.range);
    // Settings reach the rules: a disabled rule is not run.
    const r2 = await b.request('inspect', { file, settings: { ...settings, disabled: ['missing-ignore-index'] } });
    assert.equal(r2.view.findings.some((x) => x.rule === 'missing-ignore-index'), false);
  } finally {
    await b.dispose();
  }
});

test('the host\'s language reaches the engine worker at start (and after a restart): Korean titles and pages, ids unchanged', async () => {
  const file = join(dir, 'case-ko.json');
  writeFileSync(file, CASE);
  const ko = JSON.parse(readFileSync('l10n/bundle.l10n.ko.json', 'utf8')) as L10nBundle;
  const b = bridge({ init: { l10n: { language: 'ko-KR', bundle: ko } } });
  const check = async (): Promise<void> => {
    const rules = await b.request('listRules', {});
    assert.equal(rules.find((r) => r.id === 'double-softmax')?.title, 'CrossEntropyLoss 앞에 소프트맥스가 적용됨');
    const r = await b.request('inspect', { file, settings });
    const f = r.view.findings.find((x) => x.rule === 'missing-ignore-index');
    assert.ok(f, 'missing-ignore-index fires');
    assert.equal(f.docs, 'docs/ko/rules/missing-ignore-index.md');
    assert.equal(f.title, ko[RULE_TITLE] as string);
  };
  try {
    await check();
    await rejection(b.request('crash', { how: 'throw' }));
    assert.equal(b.crashes, 1);
    await check();
  } finally {
    await b.dispose();
  }
  const en = bridge();
  try {
    assert.equal((await en.request('listRules', {})).find((r) => r.id === 'double-softmax')?.title, 'Softmax applied before CrossEntropyLoss');
  } finally {
    await en.dispose();
  }
});

test('a malformed file fails with kind input and the error position', async () => {
  const file = join(dir, 'bad.json');
  writeFileSync(file, '{\n  "loss": "CrossEntropyLoss",\n  "input": [[1, 2], [3,, 4]],\n  "target": [0, 1]\n}\n');
  const b = bridge();
  try {
    const e = await rejection(b.request('inspect', { file, settings }));
    assert.equal(e.kind, 'input');
    assert.equal(e.info.where?.line, 3);
    assert.equal(typeof e.info.where?.column, 'number');
    const missing = await rejection(b.request('inspect', { file: join(dir, 'nope.json'), settings }));
    assert.equal(missing.kind, 'input');
    // The worker is still fine after bad input.
    assert.equal(typeof (await b.request('ping', {})).threadId, 'number');
    assert.equal(b.crashes, 0);
  } finally {
    await b.dispose();
  }
});

test('scenario progress streams, and cancel stops the run promptly', async () => {
  const b = bridge();
  try {
    const ac = new AbortController();
    const epochs: number[] = [];
    let cancelledAt = 0;
    const p = b.request('runScenario', { id: 'news', seed: 1 }, {
      signal: ac.signal,
      onProgress: (pr) => {
        epochs.push(pr.message.epoch);
        if (epochs.length === 2) {
          cancelledAt = Date.now();
          ac.abort();
        }
      },
    });
    const e = await rejection(p);
    assert.equal(e.kind, 'cancelled');
    assert.ok(Date.now() - cancelledAt < 2000, 'cancel took too long');
    assert.deepEqual(epochs.slice(0, 2), [1, 2]);
    assert.equal(b.crashes, 0);
    assert.ok((await b.request('listScenarios', {})).some((s) => s.id === 'news'));
  } finally {
    await b.dispose();
  }
});

test('a worker stuck in synchronous work is replaced when its job is cancelled', async () => {
  const crashes: CrashInfo[] = [];
  const b = bridge({ cancelGraceMs: 100, onCrash: (c) => crashes.push(c) });
  try {
    await b.request('ping', {});
    const ac = new AbortController();
    const p = b.request('crash', { how: 'hang' }, { signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    const t0 = Date.now();
    const e = await rejection(p);
    assert.equal(e.kind, 'cancelled');
    assert.ok(Date.now() - t0 < 1500);
    await b.request('ping', {});
    assert.equal(b.starts, 2);
    assert.equal(crashes.length, 0, 'a cancel is not a crash');
  } finally {
    await b.dispose();
  }
});

for (const how of ['throw', 'exit', 'oom'] as const) {
  test(`a crash (${how}) fails the pending job, is reported, and the next request restarts the worker`, async () => {
    const crashes: CrashInfo[] = [];
    const b = bridge({ onCrash: (c) => crashes.push(c), resourceLimits: { maxOldGenerationSizeMb: 48 } });
    try {
      const first = await b.request('ping', {});
      const e = await rejection(b.request('crash', { how }));
      assert.equal(e.kind, 'crashed');
      assert.match(e.message, how === 'oom' ? /out of memory/ : how === 'exit' ? /exited with code 7/ : /deliberate crash/);
      assert.equal(crashes.length, 1);
      assert.deepEqual(crashes[0].failed, ['crash']);
      const second = await b.request('ping', {});
      assert.notEqual(second.threadId, first.threadId);
      assert.equal(b.starts, 2);
      assert.equal(b.crashes, 1);
    } finally {
      await b.dispose();
    }
  });
}

test('a job that finishes after its cancel arrived posts no result: the request fails as cancelled', async () => {
  // watchRun returns normally ({ polls, resets }) once cancelled; the worker must answer "cancelled",
  // not that result, or the host would treat a cancelled watch as a finished one.
  const log = join(dir, 'watched.csv');
  writeFileSync(log, 'step,loss\n1,2.30\n2,2.10\n3,1.95\n');
  const b = bridge();
  try {
    const ac = new AbortController();
    let updates = 0;
    const p = b.request('watchRun', { path: log, settings, intervalMs: 100 }, {
      signal: ac.signal,
      onProgress: () => { if (++updates === 1) ac.abort(); },
    });
    const e = await rejection(p);
    assert.equal(e.kind, 'cancelled');
    assert.equal(updates, 1);
    assert.equal(b.crashes, 0);
    // the worker is still usable
    assert.equal(typeof (await b.request('ping', {})).threadId, 'number');
  } finally {
    await b.dispose();
  }
});

test('requests after dispose fail cleanly', async () => {
  const b = bridge();
  await b.request('ping', {});
  await b.dispose();
  const e = await rejection(b.request('ping', {}));
  assert.equal(e.kind, 'internal');
});

/** A little-endian .npy file (format 1.0). */
function npy(descr: '<f8' | '<i8', shape: number[], values: number[]): Buffer {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const pre = Buffer.alloc(10);
  pre.write('\x93NUMPY', 0, 'latin1');
  pre[6] = 1;
  pre[7] = 0;
  pre.writeUInt16LE(header.length, 8);
  const data = Buffer.alloc(values.length * 8);
  values.forEach((v, i) => (descr === '<f8' ? data.writeDoubleLE(v, i * 8) : data.writeBigInt64LE(BigInt(v), i * 8)));
  return Buffer.concat([pre, Buffer.from(header, 'latin1'), data]);
}

/** A .safetensors file holding float64 `logits` and int64 `labels`. */
function safetensors(logits: number[][], labels: number[]): Buffer {
  const a = Buffer.alloc(logits.flat().length * 8);
  logits.flat().forEach((v, i) => a.writeDoubleLE(v, i * 8));
  const b = Buffer.alloc(labels.length * 8);
  labels.forEach((v, i) => b.writeBigInt64LE(BigInt(v), i * 8));
  const header = JSON.stringify({
    logits: { dtype: 'F64', shape: [logits.length, logits[0].length], data_offsets: [0, a.length] },
    labels: { dtype: 'I64', shape: [labels.length], data_offsets: [a.length, a.length + b.length] },
  });
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([len, Buffer.from(header), a, b]);
}

test('tensor files: .npy pairs and .safetensors names become a case', async () => {
  const logits = [[2.0, 0.5, -1.0], [0.1, 0.2, 3.0], [1.0, 1.0, 1.0], [-0.5, 2.5, 0.0]];
  const labels = [0, 2, 1, 1];
  writeFileSync(join(dir, 'logits.npy'), npy('<f8', [4, 3], logits.flat()));
  writeFileSync(join(dir, 'labels.npy'), npy('<i8', [4], labels));
  writeFileSync(join(dir, 'batch.safetensors'), safetensors(logits, labels));
  const b = bridge();
  try {
    const fromNpy = await b.request('inspectTensors', { inputFile: join(dir, 'logits.npy'), targetFile: join(dir, 'labels.npy'), loss: 'CrossEntropyLoss', settings });
    assert.ok(fromNpy.view.lossValue !== null && Math.abs(fromNpy.view.lossValue - crossEntropy(logits, labels)) < 1e-12);
    assert.equal(fromNpy.view.lossType, 'CrossEntropyLoss');
    assert.deepEqual((await b.request('listTensors', { file: join(dir, 'batch.safetensors') })).map((t) => [t.name, t.shape]).sort(),
      [['labels', [4]], ['logits', [4, 3]]]);
    const st = join(dir, 'batch.safetensors');
    const fromSafe = await b.request('inspectTensors', {
      inputFile: st, inputName: 'logits', targetFile: st, targetName: 'labels', loss: { type: 'CrossEntropyLoss', label_smoothing: 0.1 }, settings,
    });
    assert.equal(fromSafe.title, 'batch.safetensors:logits');
    // PyTorch's label smoothing: (1 − ε)·NLL + ε·mean over classes of −log p.
    const eps = 0.1;
    const smoothed = logits.reduce((acc, r, i) => {
      const m = Math.max(...r);
      const lse = m + Math.log(r.reduce((a, x) => a + Math.exp(x - m), 0));
      const logp = r.map((x) => x - lse);
      return acc + (1 - eps) * -logp[labels[i]] + eps * -logp.reduce((a, x) => a + x, 0) / r.length;
    }, 0) / logits.length;
    assert.ok(fromSafe.view.lossValue !== null && Math.abs(fromSafe.view.lossValue - smoothed) < 1e-12, `${fromSafe.view.lossValue} vs ${smoothed}`);
    const wrong = await rejection(b.request('inspectTensors', { inputFile: st, inputName: 'nope', targetFile: st, targetName: 'labels', loss: 'CrossEntropyLoss', settings }));
    assert.equal(wrong.kind, 'input');
  } finally {
    await b.dispose();
  }
});

test('prewarm starts the worker before any request, which then uses it; its start and ready times are kept for traces', async () => {
  const b = bridge();
  try {
    assert.equal(b.starts, 0);
    const times = (): WorkerBridge['workerTimes'] => b.workerTimes;
    assert.equal(times(), undefined);
    const before = performance.timeOrigin + performance.now();
    b.prewarm();
    assert.equal(b.starts, 1, 'prewarm starts the worker at once');
    b.prewarm();
    assert.equal(b.starts, 1, 'a running worker is not started twice');
    await b.request('ping', {});
    assert.equal(b.starts, 1, 'the request used the prewarmed worker');
    const w = times();
    assert.ok(w, 'times of the running worker');
    assert.ok(w.started >= before && w.ready !== undefined && w.ready >= w.started, JSON.stringify(w));
  } finally {
    await b.dispose();
  }
  assert.equal(b.workerTimes, undefined, 'no times once the worker is gone');
  b.prewarm();
  assert.equal(b.starts, 1, 'a disposed bridge starts nothing');
});

test('a case over the file-size setting streams in the worker: progress per chunk, the streamed view, Cancel without a restart', async () => {
  const N = 256, C = 1024;
  const x: number[] = [];
  for (let i = 0; i < N * C; i++) x.push(Math.sin(i * 0.7) * 2);
  writeFileSync(join(dir, 'big-x.npy'), npy('<f8', [N, C], x));
  writeFileSync(join(dir, 'big-t.npy'), npy('<i8', [N], Array.from({ length: N }, (_, i) => (i * 7) % C)));
  const file = join(dir, 'big.json');
  writeFileSync(file, JSON.stringify({ loss: 'CrossEntropyLoss', input: { npy: 'big-x.npy' }, target: { npy: 'big-t.npy' } }));
  const b = bridge();
  try {
    // 2 MB input, 1 MB setting: read in chunks
    const seen: number[] = [];
    const r = await b.request('inspect', { file, settings }, { onProgress: (p) => { if (p.stage === 'read') seen.push(p.rows); } });
    assert.equal(r.view.streamed?.rows, N);
    assert.equal(seen.length, r.view.streamed?.chunks);
    assert.equal(seen[seen.length - 1], N);
    assert.ok(r.view.lossValue !== null && Number.isFinite(r.view.lossValue));
    // Cancel during the stream: handled between two chunks, the same worker goes on
    const ac = new AbortController();
    let cancelledAt = 0;
    const e = await rejection(b.request('inspect', { file, settings }, {
      signal: ac.signal,
      onProgress: () => { if (!cancelledAt) { cancelledAt = Date.now(); ac.abort(); } },
    }));
    assert.equal(e.kind, 'cancelled');
    assert.ok(Date.now() - cancelledAt < 2000, 'cancel took too long');
    await b.request('ping', {});
    assert.equal(b.starts, 1, 'the worker was not replaced: the stream stopped when asked');
    assert.equal(b.crashes, 0);
  } finally {
    await b.dispose();
  }
});
