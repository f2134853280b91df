/**
 * bench `lint-corpus`: `lossdbg lint` (the built CLI, a whole process as a user runs it) over a few
 * hundred files of real research code, against Debian's `flake8` (5.x, default options) on the same
 * files; rounds alternate the two. Ratio = ours / flake8, goal ≤ 0.5.
 *
 * The corpus is real public code, not committed: pytorch/examples (BSD-3-Clause) and
 * huggingface/pytorch-image-models (Apache-2.0) at pinned commits, 408 .py files (~5.6 MB), extracted
 * at bench time from local clones. Where the clones are: LOSSDBG_LINT_CORPUS_REPOS (folders separated
 * by ':', each a clone or bare repository holding the pinned commit), else /work/.mirror/<owner>+<name>/repo.
 * Or LOSSDBG_LINT_CORPUS=<folder> lints any folder of .py files instead. Without either the row says
 * how to get them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { median, ROOT, type Row, type Workload } from '../harness';

export const CORPUS = [
  { repo: 'pytorch/examples', commit: '77f55b912142e11fcfdf5b530231fb9c52f181e8' },
  { repo: 'huggingface/pytorch-image-models', commit: 'aa4b5850c1543fa488abf260f18390eda46cf85d' },
];

function git(dir: string, args: string[], input?: string): Buffer {
  return execFileSync('git', ['--git-dir', dir, ...args], { input, maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'ignore'] });
}

/** A git directory holding `commit` among the candidate folders, or undefined. */
function findRepo(repo: string, commit: string): string | undefined {
  const env = process.env.LOSSDBG_LINT_CORPUS_REPOS?.split(':').filter(Boolean) ?? [];
  const cands = [...env, join('/work/.mirror', repo.replace('/', '+'), 'repo')];
  for (const c of cands) {
    for (const g of [join(c, '.git'), c]) {
      if (!existsSync(g)) continue;
      try {
        git(g, ['cat-file', '-e', `${commit}^{commit}`]);
        return g;
      } catch { /* not this one */ }
    }
  }
  return undefined;
}

/** Writes the .py files of `commit` under `out`; returns how many (blobs missing from a partial clone are skipped). */
function extract(gitDir: string, commit: string, out: string): number {
  const list = git(gitDir, ['ls-tree', '-r', '-z', commit]).toString('utf8').split('\0').filter(Boolean)
    .map((l) => { const [meta, path] = l.split('\t'); const [mode, type, sha] = meta.split(' '); return { mode, type, sha, path }; })
    .filter((e) => e.type === 'blob' && e.mode !== '120000' && e.path.endsWith('.py'));
  const batch = git(gitDir, ['cat-file', '--batch'], list.map((e) => e.sha).join('\n') + '\n');
  let p = 0, n = 0;
  for (const e of list) {
    const nl = batch.indexOf(0x0a, p);
    const head = batch.subarray(p, nl).toString('latin1').split(' ');
    p = nl + 1;
    if (head[1] === 'missing') continue;
    const size = Number(head[2]);
    const file = join(out, e.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, batch.subarray(p, p + size));
    p += size + 1;
    n++;
  }
  return n;
}

function countPy(dir: string): { files: number; bytes: number } {
  let files = 0, bytes = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) { const c = countPy(p); files += c.files; bytes += c.bytes; } else if (e.name.endsWith('.py')) { files++; bytes += statSync(p).size; }
  }
  return { files, bytes };
}

/** Wall and CPU (user + system of the process tree) seconds of one command, through bash's `time`. */
function timed(cmd: string[]): { wall: number; cpu: number; code: number } {
  const script = `TIMEFORMAT='%3R %3U %3S'; time "$@" >/dev/null 2>&1`;
  const r = spawnSync('bash', ['-c', script, 'bash', ...cmd], { cwd: ROOT, encoding: 'utf8' });
  const m = /([\d.]+) ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  if (!m) throw new Error(`could not time ${cmd[0]}: ${r.stderr.slice(-200)}`);
  return { wall: Number(m[1]) * 1000, cpu: (Number(m[2]) + Number(m[3])) * 1000, code: r.status ?? -1 };
}

export const lintCorpus: Workload = {
  id: 'lint-corpus',
  title: 'lossdbg lint over real research code (pytorch/examples + timm, 408 .py files) vs flake8 on the same files',
  goal: 'ratio ≤ 0.5 (ours / flake8)',
  prepare: () => Promise.resolve({ ours: [] }),
  measure(rounds: number | null): Row[] {
    const base = { id: lintCorpus.id, title: lintCorpus.title, goal: lintCorpus.goal };
    const na = (why: string): Row[] => [{ ...base, ours_ms: null, pytorch_1t_ms: null, ratio: null, status: 'not available', note: `not available: ${why}` }];
    let tmp: string | undefined;
    try {
      let dir = process.env.LOSSDBG_LINT_CORPUS;
      let source = dir ? `LOSSDBG_LINT_CORPUS=${dir}` : '';
      if (!dir) {
        tmp = mkdtempSync(join(tmpdir(), 'lossdbg-lint-corpus-'));
        const parts: string[] = [];
        for (const c of CORPUS) {
          const g = findRepo(c.repo, c.commit);
          if (!g) return na(`no clone of ${c.repo} holding ${c.commit.slice(0, 12)}; git clone https://github.com/${c.repo} and set LOSSDBG_LINT_CORPUS_REPOS (see bench/workloads/lint-corpus.ts)`);
          const n = extract(g, c.commit, join(tmp, c.repo.replace('/', '+')));
          parts.push(`${c.repo}@${c.commit.slice(0, 10)} (${n})`);
        }
        dir = tmp;
        source = parts.join(', ');
      }
      if (spawnSync('flake8', ['--version']).status !== 0) return na('flake8 is not installed (apt-get install flake8)');
      execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'ignore' });
      const size = countPy(dir);
      const ours = [process.execPath, join(ROOT, 'dist', 'cli.js'), 'lint', '--json', dir];
      const flake8 = ['flake8', dir];
      const flake8j1 = ['flake8', '-j', '1', dir];
      const o: { wall: number; cpu: number }[] = [], f: { wall: number; cpu: number }[] = [], f1: { wall: number; cpu: number }[] = [];
      timed(ours); // warm the disk cache
      timed(flake8);
      const n = rounds ?? 3;
      for (let r = 0; r < n; r++) {
        const a = timed(ours);
        if (a.code !== 0) return na(`lossdbg lint exited with ${a.code}`);
        o.push(a);
        f.push(timed(flake8));
        f1.push(timed(flake8j1));
      }
      const med = (a: { wall: number; cpu: number }[], k: 'wall' | 'cpu'): number => Number(median(a.map((x) => x[k])).toPrecision(4));
      const findings = JSON.parse(execFileSync(ours[0], ours.slice(1), { cwd: ROOT, maxBuffer: 1 << 28 }).toString('utf8')) as { summary: Record<string, number> };
      return [{
        ...base, status: 'ok',
        ours_ms: med(o, 'wall'), pytorch_1t_ms: null,
        ratio: Number((med(o, 'wall') / med(f, 'wall')).toPrecision(3)),
        flake8_ms: med(f, 'wall'), flake8_j1_ms: med(f1, 'wall'),
        ours_cpu_ms: med(o, 'cpu'), flake8_cpu_ms: med(f, 'cpu'),
        ratio_cpu: Number((med(o, 'cpu') / med(f, 'cpu')).toPrecision(3)),
        ratio_vs_flake8_j1: Number((med(o, 'wall') / med(f1, 'wall')).toPrecision(3)),
        files: size.files, megabytes: Number((size.bytes / 1e6).toFixed(2)), findings: findings.summary.findings, rounds: n,
        note: `whole processes (node dist/cli.js lint --json vs flake8, default jobs = all cores; flake8 -j 1 as flake8_j1_ms); PyTorch column unused; corpus ${source}`,
      }];
    } catch (e) {
      return na(String(e).split('\n')[0].slice(0, 160));
    } finally {
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    }
  },
};
