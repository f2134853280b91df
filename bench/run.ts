/**
 * `npm run bench`: our implementation side by side with PyTorch (1 thread) on the same data.
 *
 *   npm run --silent bench -- [--json] [--only id,id] [--rounds n] [--no-torch] [--no-memory]
 *
 * Each workload (bench/workloads/, one file per id): data generated here with a fixed seed and written
 * to a temp folder (.npy) that the long-lived Python helper (tools/bench_torch.py) loads; both sides
 * warm up; then rounds alternate ours, PyTorch, ours, PyTorch… Each round's figure is the median of
 * several calls (enough calls for ~100 ms); a workload's figure is the median over rounds. `import
 * torch` is never timed. A part that is missing or broken is reported as 'not available' and the run
 * goes on. The timing itself is bench/harness.ts.
 * `--json` prints one JSON object as the LAST line: {"workloads": [{id, ours_ms, pytorch_1t_ms, ratio, ...}], ...}.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, machine, memoryProbe, runWorkload, table, type Options, type Row } from './harness';
import { startTorch, type TorchClient, type TorchInfo } from './torch';
import { WORKLOADS } from './workloads/index';

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
