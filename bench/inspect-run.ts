/**
 * Running `lossdbg inspect` as a user does, for the inspect-lm-* workloads: a fresh `node dist/cli.js`
 * per call (built once here from the current sources), its peak RSS read from bench/maxrss-hook.cjs,
 * and the findings it printed kept for the row.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, type Variant } from './harness';

let built = false;
function buildOnce(): void {
  if (built) return;
  execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'ignore' });
  built = true;
}

export interface InspectOutcome { maxRssKb: number; cpuMs: number; findings: string[]; loss: unknown }

/** One `lossdbg inspect CASE --json` run (throws with the CLI's stderr when it fails). */
export function runInspect(casePath: string, extraArgs: string[] = []): InspectOutcome {
  buildOnce();
  const r = spawnSync(process.execPath, ['-r', join(ROOT, 'bench', 'maxrss-hook.cjs'), join(ROOT, 'dist', 'cli.js'), 'inspect', casePath, '--json', ...extraArgs], {
    encoding: 'utf8', maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`lossdbg inspect exited ${String(r.status)}: ${(r.stderr || String(r.error)).trim().split('\n').slice(-3).join(' | ')}`);
  const m = /LOSSDBG_BENCH_MAXRSS_KB=(\d+) LOSSDBG_BENCH_CPU_MS=(\d+)/.exec(r.stderr);
  const out = JSON.parse(r.stdout) as { loss: unknown; findings: { rule: string; severity: string }[] };
  return { maxRssKb: m ? Number(m[1]) : NaN, cpuMs: m ? Number(m[2]) : NaN, findings: out.findings.map((f) => `${f.severity}:${f.rule}`), loss: out.loss };
}

/**
 * The variant: each call is one command; the row reports the last call's peak RSS, CPU time (the
 * harness's own CPU clock sees only the parent) and findings.
 */
export function inspectVariant(id: string, casePath: string, fileBytes: number, extraArgs: string[] = []): Variant {
  let last: InspectOutcome | undefined;
  return {
    id,
    run: () => { last = runInspect(casePath, extraArgs); },
    note: `node dist/cli.js inspect --json ${extraArgs.join(' ')}`.trim(),
    extra: () => (last ? {
      peak_rss_mb: Math.round(last.maxRssKb / 1024),
      ours_child_cpu_ms: last.cpuMs,
      file_mb: Math.round(fileBytes / 2 ** 20),
      rss_over_file: Number((last.maxRssKb * 1024 / fileBytes).toFixed(2)),
      findings: last.findings.join(','),
      loss: last.loss,
    } : {}),
  };
}
