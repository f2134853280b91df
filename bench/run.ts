/**
 * `npm run bench`: our implementation side by side with PyTorch (1 thread) on the same data.
 *
 *   npm run --silent bench -- [--json] [--only id,id] [--rounds n] [--no-torch] [--no-memory]
 *
 * Each workload: data generated here with a fixed seed and written to a temp folder (.npy) that the
 * long-lived Python helper (tools/bench_torch.py) loads; both sides warm up; then rounds alternate
 * ours, PyTorch, ours, PyTorch… Each round's figure is the median of several calls (enough calls for
 * ~100 ms); a workload's figure is the median over rounds. `import torch` is never timed.
 * A part that is missing or broken is reported as 'not available' and the run goes on.
 * `--json` prints one JSON object as the LAST line: {"workloads": [{id, ours_ms, pytorch_1t_ms, ratio, ...}], ...}.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Rng } from '../src/engine/data/rng';
import { writeNpy, writeSafetensors } from './files';
import { startTorch, type TorchClient, type TorchInfo } from './torch';
import { curves200k } from './curves-200k';
import { watchOverhead } from './watch-overhead';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');

type Fn = () => unknown;

export interface Variant {
  id: string;
  run: Fn;
  /** A cheaper warm-up than `run` (e.g. a few batches of an epoch). */
  warm?: Fn;
  note?: string;
}

interface Prepared {
  /** Ours: the first is the workload's id; others are extra rows compared with the same PyTorch figure. */
  ours: Variant[];
  /** Node-side baselines reported on the main row (e.g. JSON.parse for load-json). */
  baselines?: { key: string; run: Fn }[];
  torch?: Record<string, unknown>;
  /** More PyTorch variants, reported on the main row as pytorch_<key>_ms. */
  torchExtra?: { key: string; params: Record<string, unknown> }[];
  cleanup?: () => void;
}

export interface Workload {
  id: string;
  title: string;
  goal: string;
  rounds?: number;
  /** Skip warm-up calls of `run` itself (heavy workloads use `warm`). */
  heavy?: boolean;
  prepare(dir: string): Promise<Prepared>;
  /** A workload that times itself (e.g. a whole Python training loop) and returns its rows. */
  measure?(rounds: number | null): Row[];
}

export interface Row {
  id: string;
  title: string;
  ours_ms: number | null;
  pytorch_1t_ms: number | null;
  ratio: number | null;
  goal: string;
  status: 'ok' | 'not available';
  note?: string;
  [extra: string]: unknown;
}

// ---------------------------------------------------------------- data

const SEED = 20261129;
const CE_N = 40;
const CE_K = 30522;

function ceData(): { x: Float32Array; t: Int32Array; w: Float32Array } {
  const rng = new Rng(SEED, 'ce');
  const x = new Float32Array(CE_N * CE_K);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal() * 2;
  const t = new Int32Array(CE_N);
  for (let i = 0; i < CE_N; i++) t[i] = i === 7 || i === 23 ? -100 : rng.int(CE_K); // 2 of 40 = 5 % ignored
  const w = new Float32Array(CE_K);
  for (let c = 0; c < CE_K; c++) w[c] = 0.5 + rng.uniform();
  return { x, t, w };
}

let ceCache: ReturnType<typeof ceData> | undefined;
function ce(): ReturnType<typeof ceData> {
  ceCache ??= ceData();
  return ceCache;
}

// ---------------------------------------------------------------- workloads

function ceWorkload(id: string, smoothWeight: boolean, goal: string, title: string): Workload {
  return {
    id, title, goal,
    async prepare(dir) {
      const { x, t, w } = ce();
      writeNpy(join(dir, 'ce_x.npy'), x, [CE_N, CE_K]);
      writeNpy(join(dir, 'ce_t.npy'), BigInt64Array.from(t, (v) => BigInt(v)), [CE_N]);
      writeNpy(join(dir, 'ce_w.npy'), w, [CE_K]);
      const ours: Variant[] = [];
      const opts = smoothWeight ? { weight: w, labelSmoothing: 0.1 } : {};
      try {
        const { crossEntropyF32, ceUsesWasm } = await import('../src/engine/kernels/ce-row');
        ours.push({ id, run: () => crossEntropyF32(x, t, CE_N, CE_K, opts), note: `kernels/ce-row (${ceUsesWasm() ? 'WebAssembly SIMD' : 'JS'})` });
      } catch (e) {
        ours.push(unavailable(id, e));
      }
      let cleanup: (() => void) | undefined;
      try {
        const { CeParallel } = await import('./parallel/ce-parallel');
        const pool = await CeParallel.create(join(ROOT, 'bench', 'parallel', 'ce-worker.ts'));
        if (pool === undefined) throw new Error('worker_threads unavailable');
        cleanup = () => { void pool.close(); };
        ours.push({ id: `${id}/2-threads`, run: () => pool.run(x, t, CE_N, CE_K, opts), note: 'bench/parallel/ce-parallel: rows split with one persistent worker (SharedArrayBuffer)' });
      } catch (e) {
        ours.push(unavailable(`${id}/2-threads`, e));
      }
      try {
        const { computeLoss } = await import('../src/engine/losses/index');
        const { makeSpec } = await import('../src/engine/losses/spec');
        const spec = makeSpec('CrossEntropyLoss', smoothWeight ? { label_smoothing: 0.1, weight: { shape: [CE_K], data: w, dtype: 'float32' } } : {});
        const input = { shape: [CE_N, CE_K], data: x, dtype: 'float32' as const };
        const target = { shape: [CE_N], data: Float64Array.from(t), dtype: 'int64' as const };
        computeLoss(spec, input, target, { dtype: 'float32' });
        ours.push({ id: `${id}/computeLoss`, run: () => computeLoss(spec, input, target, { dtype: 'float32' }), note: 'engine computeLoss, dtype float32 (the reference path)' });
      } catch (e) {
        ours.push(unavailable(`${id}/computeLoss`, e));
      }
      return { ours, torch: { kind: 'ce', smooth_weight: smoothWeight }, ...(cleanup ? { cleanup } : {}) };
    },
  };
}

function bceWorkload(id: string, shape: number[], goal: string, title: string): Workload {
  return {
    id, title, goal,
    async prepare(dir) {
      const rng = new Rng(SEED, id);
      const n = shape.reduce((a, b) => a * b, 1);
      const z = new Float32Array(n);
      const y = new Float32Array(n);
      const labels = shape.length > 1 ? shape[shape.length - 1] : 1;
      for (let i = 0; i < n; i++) {
        z[i] = rng.normal() * 2;
        y[i] = rng.uniform() < (labels > 1 ? 0.1 + 0.15 * (i % labels) : 0.05) ? 1 : 0;
      }
      const pw = new Float32Array(labels);
      for (let j = 0; j < labels; j++) pw[j] = labels > 1 ? 1 + 2 * j : 19;
      const prefix = id.replace(/-/g, '_');
      writeNpy(join(dir, `${prefix}_z.npy`), z, shape);
      writeNpy(join(dir, `${prefix}_y.npy`), y, shape);
      writeNpy(join(dir, `${prefix}_pw.npy`), pw, [labels]);
      const ours: Variant[] = [];
      try {
        const { bceWithLogitsF32 } = await import('../src/engine/kernels/bce-row');
        ours.push({ id, run: () => bceWithLogitsF32(z, y, n, labels, { posWeight: pw }), note: labels === 1 || pw.length === 1 ? 'kernels/bce-row (WebAssembly SIMD, float32)' : 'kernels/bce-row (fused JS pass, float64; per-label pos_weight)' });
      } catch (e) {
        ours.push(unavailable(id, e));
      }
      try {
        const { computeLoss } = await import('../src/engine/losses/index');
        const { makeSpec } = await import('../src/engine/losses/spec');
        const spec = makeSpec('BCEWithLogitsLoss', { pos_weight: { shape: [labels], data: pw, dtype: 'float32' } });
        const input = { shape, data: z, dtype: 'float32' as const };
        const target = { shape, data: y, dtype: 'float32' as const };
        computeLoss(spec, input, target, { dtype: 'float32' });
        ours.push({ id: `${id}/computeLoss`, run: () => computeLoss(spec, input, target, { dtype: 'float32' }), note: 'engine computeLoss, dtype float32 (the reference path)' });
      } catch (e) {
        ours.push(unavailable(`${id}/computeLoss`, e));
      }
      return { ours, torch: { kind: 'bce', prefix } };
    },
  };
}

const miniProject: Workload = {
  id: 'mini-project', title: "tutorial mini project: four scenarios trained as specified", goal: '≤ 1.0 (≤ 0.5 of the DataLoader version)',
  rounds: 3, heavy: true,
  async prepare() {
    try {
      const { runScenario } = await import('../src/scenarios/index');
      return {
        ours: [{ id: 'mini-project', run: () => runScenario('mini-project'), note: "runScenario('mini-project')" }],
        torch: { kind: 'mini' },
        torchExtra: [{ key: 'dataloader', params: { kind: 'mini', dataloader: true } }],
      };
    } catch (e) {
      return { ours: [unavailable('mini-project', e)], torch: { kind: 'mini' }, torchExtra: [{ key: 'dataloader', params: { kind: 'mini', dataloader: true } }] };
    }
  },
};

const MLP_N = 60000;
const mlp784: Workload = {
  id: 'mlp-784', title: 'one epoch, MLP 784-256-10, batch 128, 60000×784, AdamW, CrossEntropy', goal: '≤ 3.0',
  rounds: 1, heavy: true,
  async prepare() {
    const rng = new Rng(SEED, 'mlp');
    const X = new Float32Array(MLP_N * 784);
    for (let i = 0; i < X.length; i++) X[i] = rng.normal();
    const Y = new Int32Array(MLP_N);
    for (let i = 0; i < MLP_N; i++) Y[i] = rng.int(10);
    const B = 128;
    const ours: Variant[] = [];
    // (a) the training engine in float32: mlp(…, { dtype: 'float32' }) + optim.AdamW + CrossEntropyLossF32
    try {
      const { mlp } = await import('../src/engine/nn/modules');
      const { AdamW } = await import('../src/engine/optim/optimizers');
      const { CrossEntropyLossF32 } = await import('../src/engine/nn/criterion');
      const { makeSpec } = await import('../src/engine/losses/spec');
      const { gemmUsesWasm } = await import('../src/engine/kernels/gemm-wasm');
      const model = mlp([784, 256, 10], new Rng(1), { dtype: 'float32' });
      const opt = new AdamW(model.parameters(), { lr: 1e-3 });
      const criterion = new CrossEntropyLossF32(makeSpec('CrossEntropyLoss'));
      const xb = new Float32Array(B * 784);
      const yb = new Int32Array(B);
      const epoch = (batches: number): void => {
        const perm = rng.permutation(MLP_N);
        for (let s = 0, b = 0; s < MLP_N && b < batches; s += B, b++) {
          const n = Math.min(B, MLP_N - s);
          for (let r = 0; r < n; r++) {
            xb.set(X.subarray(perm[s + r] * 784, perm[s + r] * 784 + 784), r * 784);
            yb[r] = Y[perm[s + r]];
          }
          const out = model.forward(xb, n, 784);
          model.backward(criterion.forward(out, yb, n, 10).grad, false);
          opt.step();
        }
      };
      ours.push({ id: 'mlp-784', run: () => epoch(Infinity), warm: () => epoch(40), note: `engine float32: nn.mlp(dtype float32, gemm-wasm f32 ${gemmUsesWasm() ? 'WebAssembly SIMD' : 'JS fallback'}) + optim.AdamW + nn.CrossEntropyLossF32` });
    } catch (e) {
      ours.push(unavailable('mlp-784', e));
    }
    // (b) the training engine in its default float64: src/engine/nn modules + AdamW + computeLoss
    try {
      const { mlp } = await import('../src/engine/nn/modules');
      const { AdamW } = await import('../src/engine/optim/optimizers');
      const { computeLoss, float64Grad } = await import('../src/engine/losses/index');
      const { makeSpec } = await import('../src/engine/losses/spec');
      const model = mlp([784, 256, 10], new Rng(1));
      const opt = new AdamW(model.parameters(), { lr: 1e-3 });
      const spec = makeSpec('CrossEntropyLoss');
      const xb = new Float64Array(B * 784);
      const yb = new Float64Array(B);
      const epoch = (batches: number): void => {
        const perm = rng.permutation(MLP_N);
        for (let s = 0, b = 0; s < MLP_N && b < batches; s += B, b++) {
          const n = Math.min(B, MLP_N - s);
          for (let r = 0; r < n; r++) {
            const src = perm[s + r] * 784;
            for (let k = 0; k < 784; k++) xb[r * 784 + k] = X[src + k];
            yb[r] = Y[perm[s + r]];
          }
          const out = model.forward(xb, n, 784);
          const logits = { shape: [n, 10], data: out.subarray(0, n * 10), dtype: 'float64' as const };
          const res = computeLoss(spec, logits, { shape: [n], data: yb.subarray(0, n), dtype: 'int64' }, {});
          model.backward(float64Grad(res), false);
          opt.step();
        }
      };
      ours.push({ id: 'mlp-784/engine-f64', run: () => epoch(Infinity), warm: () => epoch(20), note: 'engine float64 (default): nn.mlp (f64 gemm-wasm / JS matmul) + optim.AdamW + computeLoss' });
    } catch (e) {
      ours.push(unavailable('mlp-784/engine-f64', e));
    }
    // (c) the same network on the kernels directly (bench-only trainer): gemm-wasm f32 + fused CE + AdamWF32
    try {
      const { KernelMlp } = await import('./mlp-kernels');
      const { gemmUsesWasm } = await import('../src/engine/kernels/gemm-wasm');
      const net = new KernelMlp(784, 256, 10, B, new Rng(1));
      const xb = new Float32Array(B * 784);
      const yb = new Int32Array(B);
      const epoch = (batches: number): void => {
        const perm = rng.permutation(MLP_N);
        for (let s = 0, b = 0; s < MLP_N && b < batches; s += B, b++) {
          const n = Math.min(B, MLP_N - s);
          for (let r = 0; r < n; r++) {
            xb.set(X.subarray(perm[s + r] * 784, perm[s + r] * 784 + 784), r * 784);
            yb[r] = Y[perm[s + r]];
          }
          net.step(xb, yb, n);
        }
      };
      ours.push({ id: 'mlp-784/kernels-f32', run: () => epoch(Infinity), warm: () => epoch(40), note: `kernels: gemm-wasm f32 (${gemmUsesWasm() ? 'WebAssembly SIMD' : 'JS fallback'}) + ce-row + AdamWF32 (bench/mlp-kernels.ts)` });
    } catch (e) {
      ours.push(unavailable('mlp-784/kernels-f32', e));
    }
    return { ours, torch: { kind: 'mlp', n: MLP_N } };
  },
};

const loadJson: Workload = {
  id: 'load-json', title: '(40, 30522) floats from a nested-JSON loss case (~25 MB)', goal: '≥ 2.5× faster than read + JSON.parse + flatten',
  async prepare(dir) {
    const { x, t } = ce();
    const rows: string[] = [];
    for (let i = 0; i < CE_N; i++) rows.push('[' + Array.from(x.subarray(i * CE_K, (i + 1) * CE_K), String).join(', ') + ']');
    const text = `{"loss": {"type": "CrossEntropyLoss"},\n "input": [${rows.join(',\n  ')}],\n "target": [${Array.from(t).join(', ')}]}\n`;
    const file = join(dir, 'case.json');
    writeFileSync(file, text);
    const baseline = (): Float64Array => {
      const obj = JSON.parse(readFileSync(file, 'utf8')) as { input: number[][] };
      const out = new Float64Array(CE_N * CE_K);
      let p = 0;
      for (const row of obj.input) for (const v of row) out[p++] = v;
      return out;
    };
    const ours: Variant[] = [];
    try {
      const { loadCaseFile } = await import('../src/io/case');
      loadCaseFile(file);
      ours.push({ id: 'load-json', run: () => loadCaseFile(file), note: `io loadCaseFile; file ${(text.length / 1e6).toFixed(1)} MB` });
    } catch (e) {
      ours.push(unavailable('load-json', e));
    }
    return { ours, baselines: [{ key: 'json_parse', run: baseline }] };
  },
};

const loadNpy: Workload = {
  id: 'load-npy', title: '(40, 30522) float32 from .npy (and .safetensors)', goal: '≤ 2 ms',
  async prepare(dir) {
    const { x } = ce();
    const npy = join(dir, 'load.npy');
    const st = join(dir, 'load.safetensors');
    writeNpy(npy, x, [CE_N, CE_K]);
    writeSafetensors(st, 'logits', x, [CE_N, CE_K]);
    const ours: Variant[] = [];
    try {
      const { loadTensorFile } = await import('../src/io/case');
      loadTensorFile(npy);
      ours.push({ id: 'load-npy', run: () => loadTensorFile(npy), note: 'io loadTensorFile (.npy): read + parse' });
      loadTensorFile(st);
      ours.push({ id: 'load-npy/safetensors', run: () => loadTensorFile(st), note: 'io loadTensorFile (.safetensors)' });
    } catch (e) {
      ours.push(unavailable('load-npy', e));
    }
    return { ours, torch: { kind: 'npy', file: 'load.npy' } };
  },
};

const WORKLOADS: Workload[] = [
  ceWorkload('ce-plain', false, '≤ 1.0', 'CrossEntropy fwd+grad, logits (40, 30522) f32, 5 % ignored, mean'),
  ceWorkload('ce-smooth-weight', true, '≤ 1.0', 'same + label_smoothing 0.1 + class weights'),
  bceWorkload('bce-5000', [5000], '≤ 1.0', 'BCEWithLogits + pos_weight fwd+grad, 5000 logits'),
  bceWorkload('bce-64x5', [64, 5], '≤ 1.0', 'BCEWithLogits + per-label pos_weight, (64, 5)'),
  miniProject,
  mlp784,
  loadJson,
  loadNpy,
  curves200k,
  { ...watchOverhead, prepare: () => Promise.resolve({ ours: [] }) },
];

function unavailable(id: string, e: unknown): Variant {
  const msg = e instanceof Error ? e.message : String(e);
  return { id, run: () => { throw new Error(msg); }, note: `not available: ${msg.split('\n')[0].slice(0, 160)}` };
}

// ---------------------------------------------------------------- timing

function median(a: number[]): number {
  const s = [...a].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function callOnce(f: Fn): Promise<number> {
  const t0 = performance.now();
  const r = f();
  if (r instanceof Promise) await r;
  return performance.now() - t0;
}

/** Mean wall-clock and CPU (whole process) milliseconds per call over `reps` calls in a row. */
async function batch(f: Fn, reps: number): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) {
    const r = f();
    if (r instanceof Promise) await r;
  }
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall: wall / reps, cpu: (c.user + c.system) / 1000 / reps };
}

const TARGET_ROUND_MS = 100;
function repsFor(ms: number): number {
  return Math.max(1, Math.min(2000, Math.ceil(TARGET_ROUND_MS / Math.max(ms, 1e-3))));
}

interface Options {
  clock: 'wall' | 'cpu';
  json: boolean;
  only: Set<string> | null;
  rounds: number | null;
  torch: boolean;
  memory: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { clock: 'wall', json: false, only: null, rounds: null, torch: true, memory: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') o.json = true;
    else if (a === '--only') o.only = new Set((argv[++i] ?? '').split(',').map((s) => s.trim()).filter(Boolean));
    else if (a.startsWith('--only=')) o.only = new Set(a.slice(7).split(',').map((s) => s.trim()).filter(Boolean));
    else if (a === '--rounds') o.rounds = Math.max(1, Number(argv[++i]) | 0);
    else if (a === '--no-torch') o.torch = false;
    else if (a === '--clock' || a.startsWith('--clock=')) {
      const v = a === '--clock' ? argv[++i] : a.slice(8);
      if (v !== 'wall' && v !== 'cpu') { process.stderr.write('bench: --clock wall|cpu\n'); process.exit(2); }
      o.clock = v;
    }
    else if (a === '--no-memory') o.memory = false;
    else if (a === '--help' || a === '-h') {
      process.stdout.write('npm run --silent bench -- [--json] [--only id,id] [--rounds n] [--clock wall|cpu] [--no-torch] [--no-memory]\n');
      process.stdout.write(`workloads: ${WORKLOADS.map((w) => w.id).join(', ')}\n`);
      process.exit(0);
    } else {
      process.stderr.write(`bench: unknown argument ${a}\n`);
      process.exit(2);
    }
  }
  return o;
}

async function runWorkload(w: Workload, dir: string, torch: TorchClient | undefined, o: Options, log: (s: string) => void): Promise<Row[]> {
  if (w.measure) return w.measure(o.rounds);
  const rows: Row[] = [];
  let prep: Prepared;
  try {
    prep = await w.prepare(dir);
  } catch (e) {
    return [{ id: w.id, title: w.title, ours_ms: null, pytorch_1t_ms: null, ratio: null, goal: w.goal, status: 'not available', note: `setup failed: ${String(e)}` }];
  }
  const rounds = o.rounds ?? w.rounds ?? 5;
  // which of ours work at all
  const live: Variant[] = [];
  const dead: Variant[] = [];
  for (const v of prep.ours) {
    try {
      if (!v.note?.startsWith('not available')) {
        const warm = v.warm ?? v.run;
        const n = w.heavy ? 1 : 3;
        for (let i = 0; i < n; i++) {
          const r = warm();
          if (r instanceof Promise) await r;
        }
        live.push(v);
      } else dead.push(v);
    } catch (e) {
      dead.push({ ...v, note: `not available: ${String(e).split('\n')[0].slice(0, 160)}` });
    }
  }
  // PyTorch setup and warm-up
  const torchIds: { key: string; id: string }[] = [];
  let torchNote: string | undefined;
  if (torch && prep.torch) {
    const specs = [{ key: 'main', params: prep.torch }, ...(prep.torchExtra ?? [])];
    for (const s of specs) {
      const id = `${w.id}:${s.key}`;
      const err = await torch.setup(id, dir, s.params);
      if (err) { torchNote = `PyTorch setup failed: ${err}`; continue; }
      try {
        await torch.time(id, w.heavy ? 1 : 3);
        torchIds.push({ key: s.key, id });
      } catch (e) {
        torchNote = `PyTorch failed: ${String(e)}`;
      }
    }
  }
  // calibrate calls per round
  const reps = new Map<string, number>();
  // A part failing after warm-up is dropped from the rest of the workload with its reason.
  const failed = new Map<string, string>();
  const attempt = async (key: string, f: () => Promise<void>): Promise<void> => {
    if (failed.has(key)) return;
    try { await f(); } catch (e) { failed.set(key, String(e).split('\n')[0].slice(0, 160)); }
  };
  for (const v of live) await attempt(v.id, async () => { reps.set(v.id, w.heavy ? 1 : repsFor(await callOnce(v.run))); });
  for (const b of prep.baselines ?? []) await attempt(`b:${b.key}`, async () => { reps.set(`b:${b.key}`, repsFor(await callOnce(b.run))); });
  for (const t of torchIds) await attempt(`t:${t.key}`, async () => { reps.set(`t:${t.key}`, w.heavy ? 1 : repsFor(median(await torch!.time(t.id, 3)))); });
  // interleaved rounds: each figure is the mean per call over a batch of calls
  const results = new Map<string, { wall: number; cpu: number }[]>();
  const push = (k: string, v: { wall: number; cpu: number }): void => { const a = results.get(k) ?? []; a.push(v); results.set(k, a); };
  const torchRound = async (): Promise<void> => {
    for (const t of torchIds) await attempt(`t:${t.key}`, async () => { push(`t:${t.key}`, await torch!.batch(t.id, reps.get(`t:${t.key}`) ?? 1)); });
  };
  for (let r = 0; r < rounds; r++) {
    for (const v of live) {
      await attempt(v.id, async () => { push(v.id, await batch(v.run, reps.get(v.id) ?? 1)); });
      await torchRound();
    }
    if (live.length === 0) await torchRound();
    for (const b of prep.baselines ?? []) await attempt(`b:${b.key}`, async () => { push(`b:${b.key}`, await batch(b.run, reps.get(`b:${b.key}`) ?? 1)); });
    log(`  ${w.id}: round ${r + 1}/${rounds}`);
  }
  for (const [k, why] of failed) {
    if (k.startsWith('t:')) { results.delete(k); torchNote = `PyTorch failed: ${why}`; }
  }
  for (const v of live) {
    const why = failed.get(v.id);
    if (why !== undefined) { results.delete(v.id); v.note = `not available: ${why}`; }
  }
  const fig = (k: string, clock: 'wall' | 'cpu' = o.clock): number | null => {
    const a = results.get(k);
    return a && a.length ? median(a.map((x) => x[clock])) : null;
  };
  prep.cleanup?.();
  const tMain = fig('t:main');
  const round3 = (v: number | null): number | null => (v === null ? null : Number(v.toPrecision(4)));
  for (const v of [...live, ...dead]) {
    const oursMs = fig(v.id);
    const row: Row = {
      id: v.id,
      title: v.id === w.id ? w.title : `${w.title} — ${v.id.split('/')[1]}`,
      ours_ms: round3(oursMs),
      pytorch_1t_ms: round3(tMain),
      ratio: oursMs !== null && tMain !== null ? round3(oursMs / tMain) : null,
      goal: v.id === w.id ? w.goal : '(extra row)',
      status: oursMs === null ? 'not available' : 'ok',
    };
    const other = o.clock === 'wall' ? 'cpu' : 'wall';
    const oo = fig(v.id, other);
    const to = fig('t:main', other);
    row[`ours_${other}_ms`] = round3(oo);
    row[`pytorch_${other}_ms`] = round3(to);
    row[`ratio_${other}`] = oo !== null && to !== null ? round3(oo / to) : null;
    if (v.note) row.note = v.note;
    if (torchNote && !row.note?.startsWith('not available')) row.note = `${row.note ?? ''}${row.note ? '; ' : ''}${torchNote}`;
    if (v.id === w.id) {
      for (const t of torchIds) {
        if (t.key === 'main') continue;
        const ms = fig(`t:${t.key}`) ?? NaN;
        row[`pytorch_${t.key}_ms`] = round3(ms);
        row[`ratio_vs_${t.key}`] = oursMs !== null ? round3(oursMs / ms) : null;
      }
      for (const b of prep.baselines ?? []) {
        const ms = fig(`b:${b.key}`) ?? NaN;
        row[`baseline_${b.key}_ms`] = round3(ms);
        row[`speedup_vs_${b.key}`] = oursMs !== null ? round3(ms / oursMs) : null;
      }
      row.rounds = rounds;
    }
    rows.push(row);
  }
  return rows;
}

function memoryProbe(path: 'kernel' | 'engine'): Record<string, unknown> {
  try {
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(ROOT, 'bench', 'mem-ce.ts'), path], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    const last = out.trim().split('\n').pop() ?? '{}';
    return JSON.parse(last) as Record<string, unknown>;
  } catch (e) {
    return { path, status: 'not available', note: String(e).split('\n')[0] };
  }
}

function machine(torchInfo: TorchInfo | undefined, torchError: string | undefined): Record<string, unknown> {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const m = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpu = m[1].trim();
  } catch { /* not Linux */ }
  return {
    cpu, cores: cpus().length, node: process.version, v8: process.versions.v8,
    torch: torchInfo?.torch ?? null, numpy: torchInfo?.numpy ?? null, blas: torchInfo?.blas ?? null,
    torch_threads: torchInfo?.threads ?? null, python: torchInfo?.python ?? null,
    ...(torchError ? { torch_error: torchError } : {}),
    loadavg: (() => { try { return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '); } catch { return null; } })(),
    date: new Date().toISOString(),
  };
}

function fmt(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toPrecision(3);
  return String(v);
}

function table(rows: Row[], clock: 'wall' | 'cpu'): string {
  const other = clock === 'wall' ? 'cpu' : 'wall';
  const head = ['id', 'ours ms', 'PyTorch 1t ms', 'ratio', `ratio (${other} time)`, 'goal', 'notes'];
  const body = rows.map((r) => {
    const extras: string[] = [];
    for (const [k, v] of Object.entries(r)) {
      if (/^pytorch_(?!1t_|cpu_|wall_)/.test(k) || k.startsWith('ratio_vs_') || k.startsWith('baseline_') || k.startsWith('speedup_')) extras.push(`${k}=${fmt(v)}`);
    }
    return [r.id, r.status === 'ok' ? fmt(r.ours_ms) : 'not available', fmt(r.pytorch_1t_ms), fmt(r.ratio), fmt(r[`ratio_${other}`]), r.goal, [...extras, r.note ?? ''].filter(Boolean).join('; ')];
  });
  const widths = head.map((h, i) => Math.min(i === 6 ? 200 : 40, Math.max(h.length, ...body.map((b) => b[i].length))));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [line(head), line(widths.map((n) => '-'.repeat(n))), ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const log = (s: string): void => { if (!o.json) process.stderr.write(s + '\n'); };
  const selected = WORKLOADS.filter((w) => o.only === null || o.only.has(w.id));
  if (o.only) for (const id of o.only) if (!WORKLOADS.some((w) => w.id === id)) process.stderr.write(`bench: no workload '${id}' (have ${WORKLOADS.map((w) => w.id).join(', ')})\n`);
  let torch: TorchClient | undefined;
  let torchInfo: TorchInfo | undefined;
  let torchError: string | undefined;
  if (o.torch) {
    const t = await startTorch(ROOT);
    if ('client' in t) { torch = t.client; torchInfo = t.info; } else torchError = t.error;
    log(torch ? `PyTorch ${torchInfo?.torch} (1 thread, BLAS ${torchInfo?.blas})` : `PyTorch not available: ${torchError}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'lossdbg-bench-'));
  const rows: Row[] = [];
  try {
    for (const w of selected) {
      log(`${w.id}: ${w.title}`);
      rows.push(...(await runWorkload(w, dir, torch, o, log)));
    }
  } finally {
    torch?.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const memory = o.memory && (o.only === null || o.only.has('ce-plain')) ? [memoryProbe('kernel'), memoryProbe('engine')] : [];
  const report = { workloads: rows, memory_ce_plain: memory, clock: o.clock, machine: machine(torchInfo, torchError) };
  if (o.json) {
    process.stdout.write(JSON.stringify(report) + '\n');
  } else {
    process.stdout.write(`Times are ${o.clock === 'wall' ? 'wall-clock' : 'CPU'} ms per call (median over rounds).\n` + table(rows, o.clock) + '\n');
    if (memory.length) {
      process.stdout.write('\nPeak memory for ce-plain (fresh process; goal ≤ 3× the input bytes):\n');
      for (const m of memory) process.stdout.write(`  ${JSON.stringify(m)}\n`);
    }
    process.stdout.write(`\nMachine: ${JSON.stringify(report.machine)}\n`);
  }
}

void main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
