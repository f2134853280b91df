/**
 * Run the built CLI (dist/cli.js) as a user would. The bundles are rebuilt once per test process
 * whenever they are older than any source they are built from (src/, webview/, esbuild.mjs,
 * package.json), so a test never runs yesterday's code. The build goes to a temporary file that is
 * renamed into place, so test files running in parallel never read a half-written bundle.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync, type BuildOptions } from 'esbuild';

export const ROOT = join(__dirname, '..', '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');
export const WEBVIEW = join(ROOT, 'dist', 'webview.js');

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of readdirSync(path)) m = Math.max(m, newestMtime(join(path, e)));
  return m;
}

/** The newest modification time of anything a bundle is built from. */
export function sourcesMtime(): number {
  return Math.max(...['src', 'webview', 'esbuild.mjs', 'package.json']
    .map((p) => join(ROOT, p)).filter((p) => existsSync(p)).map(newestMtime));
}

// Same options as esbuild.mjs's development build (test hooks kept), source map inlined so the
// temporary file name does not leak into a sibling .map file.
const BUNDLES: Record<'cli' | 'webview', BuildOptions & { outfile: string }> = {
  cli: {
    entryPoints: [join(ROOT, 'src/cli/main.ts')], outfile: CLI, bundle: true, platform: 'node', target: 'node18',
    format: 'cjs', sourcemap: 'inline', legalComments: 'none', logLevel: 'warning', banner: { js: '#!/usr/bin/env node' },
  },
  webview: {
    entryPoints: [join(ROOT, 'webview/main.ts')], outfile: WEBVIEW, bundle: true, platform: 'browser', target: 'es2022',
    format: 'iife', sourcemap: 'inline', legalComments: 'none', logLevel: 'warning',
  },
};
/** The webview's second bundle (chart.js, loaded on demand), inlined by the HTML reports beside webview.js. */
const CHARTS_ENTRY = join(ROOT, 'webview/chart-lib.ts');
const CHARTS: BuildOptions & { outfile: string } = { ...BUNDLES.webview, entryPoints: [CHARTS_ENTRY], outfile: join(ROOT, 'dist', 'webview-charts.js') };

const fresh = new Set<string>();
/** Builds dist/<name>.js if it is missing or older than its sources; at most once per process. */
export function ensureFresh(name: 'cli' | 'webview'): string {
  const b = BUNDLES[name];
  if (fresh.has(name)) return b.outfile;
  for (const x of name === 'webview' && existsSync(CHARTS_ENTRY) ? [b, CHARTS] : [b]) {
    if (!existsSync(x.outfile) || statSync(x.outfile).mtimeMs < sourcesMtime()) {
      const tmp = `${x.outfile}.${process.pid}.tmp`;
      buildSync({ ...x, outfile: tmp, absWorkingDir: ROOT });
      renameSync(tmp, x.outfile);
    }
  }
  if (name === 'webview') { // the HTML report inlines the stylesheet beside the bundle
    const css = join(ROOT, 'dist', 'webview.css');
    copyFileSync(join(ROOT, 'webview', 'style.css'), `${css}.${process.pid}.tmp`);
    renameSync(`${css}.${process.pid}.tmp`, css);
  }
  fresh.add(name);
  return b.outfile;
}

/** dist/cli.js (and the webview bundle its HTML reports inline) built from the current sources. */
export function ensureBuilt(): void {
  ensureFresh('cli');
  ensureFresh('webview');
}

export interface CliRun { code: number | null; stdout: string; stderr: string; ms: number }

export function runCli(args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): CliRun {
  ensureBuilt();
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT, encoding: 'utf8', timeout: opts.timeoutMs ?? 60_000, maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}
