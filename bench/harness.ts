/**
 * The bench harness: workload and row types, interleaved timing of ours against PyTorch, the memory
 * probe, machine facts and the table. Workloads live in bench/workloads/ (one file per id, listed in
 * bench/workloads/index.ts); bench/run.ts is the command line.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { TorchClient, TorchInfo } from './torch';

export const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');

export type Fn = () => unknown;

export interface Variant {
  id: string;
  run: Fn;
  /** A cheaper warm-up than `run` (e.g. a few batches of an epoch). */
  warm?: Fn;
  note?: string;
  /** The goal of an extra row that has its own (e.g. `mlp-784/engine-f64`); default '(extra row)'. */
  goal?: string;
  /** More fields for the row, read after the timing (e.g. peak memory of the last call). */
  extra?: () => Record<string, unknown>;
}

export interface Prepared {
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

/** A variant that could not be set up: reported as 'not available' with the reason. */
export function unavailable(id: string, e: unknown): Variant {
  const msg = e instanceof Error ? e.message : String(e);
  return { id, run: () => { throw new Error(msg); }, note: `not available: ${msg.split('\n')[0].slice(0, 160)}` };
}

// ---------------------------------------------------------------- timing

export function median(a: number[]): number {
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

export interface Options {
  clock: 'wall' | 'cpu';
  json: boolean;
  only: Set<string> | null;
  rounds: number | null;
  torch: boolean;
  memory: boolean;
}

export async function runWorkload(w: Workload, dir: string, torch: TorchClient | undefined, o: Options, log: (s: string) => void): Promise<Row[]> {
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
      goal: v.id === w.id ? w.goal : v.goal ?? '(extra row)',
      status: oursMs === null ? 'not available' : 'ok',
    };
    const other = o.clock === 'wall' ? 'cpu' : 'wall';
    const oo = fig(v.id, other);
    const to = fig('t:main', other);
    row[`ours_${other}_ms`] = round3(oo);
    row[`pytorch_${other}_ms`] = round3(to);
    row[`ratio_${other}`] = oo !== null && to !== null ? round3(oo / to) : null;
    if (v.extra) Object.assign(row, v.extra());
    // A variant timing a child process: the CPU clock of this process does not see the child's work.
    const childCpu = row.ours_child_cpu_ms;
    if (typeof childCpu === 'number' && o.clock === 'wall') {
      row.ours_cpu_ms = childCpu;
      const tc = row.pytorch_cpu_ms;
      row.ratio_cpu = typeof tc === 'number' ? round3(childCpu / tc) : null;
    }
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

export function memoryProbe(path: 'kernel' | 'engine'): Record<string, unknown> {
  try {
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(ROOT, 'bench', 'mem-ce.ts'), path], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    const last = out.trim().split('\n').pop() ?? '{}';
    return JSON.parse(last) as Record<string, unknown>;
  } catch (e) {
    return { path, status: 'not available', note: String(e).split('\n')[0] };
  }
}

export function machine(torchInfo: TorchInfo | undefined, torchError: string | undefined): Record<string, unknown> {
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

export function fmt(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toPrecision(3);
  return String(v);
}

export function table(rows: Row[], clock: 'wall' | 'cpu'): string {
  const other = clock === 'wall' ? 'cpu' : 'wall';
  const head = ['id', 'ours ms', 'PyTorch 1t ms', 'ratio', `ratio (${other} time)`, 'goal', 'notes'];
  const body = rows.map((r) => {
    const extras: string[] = [];
    for (const [k, v] of Object.entries(r)) {
      if (/^pytorch_(?!1t_|cpu_|wall_)/.test(k) || k.startsWith('ratio_vs_') || k.startsWith('baseline_') || k.startsWith('speedup_') || k === 'peak_rss_mb' || k === 'rss_over_file' || k === 'findings') extras.push(`${k}=${fmt(v)}`);
    }
    return [r.id, r.status === 'ok' ? fmt(r.ours_ms) : 'not available', fmt(r.pytorch_1t_ms), fmt(r.ratio), fmt(r[`ratio_${other}`]), r.goal, [...extras, r.note ?? ''].filter(Boolean).join('; ')];
  });
  const widths = head.map((h, i) => Math.min(i === 6 ? 200 : 40, Math.max(h.length, ...body.map((b) => b[i].length))));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [line(head), line(widths.map((n) => '-'.repeat(n))), ...body.map(line)].join('\n');
}
