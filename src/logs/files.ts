/**
 * The file layer of the log readers (Node I/O; the parsers stay pure): which files of a folder
 * make up a run, and whole-file reads with the size limit. Never reads outside the path given,
 * never follows a symlink out of it, never writes.
 */
import { closeSync, openSync, readdirSync, readSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { LossDebuggerError } from '../errors';
import { readFileChecked } from '../io/files';
import { rankOfName, SNIFF_BYTES } from './detect';
import { readRunFromBytes, type RunData } from './run';

/** At most this many files per run folder. */
export const MAX_RUN_FILES = 256;
/** How deep inside a folder log files are looked for. */
export const MAX_DEPTH = 4;

const SKIP_DIRS = new Set(['node_modules', '.git', '__pycache__', 'cases', 'wandb', '.ipynb_checkpoints']);

export interface RunPlan {
  /** Absolute root folder (or the file's folder for a single file). */
  root: string;
  /** Files to read, relative to root, '/' separated, in reading order. */
  files: string[];
  /** Whether root is a folder the user named (snapshots live in root/cases/). */
  isDir: boolean;
}

function isLogName(name: string): boolean {
  return /tfevents/.test(name) || name === 'trainer_state.json' || name === 'metrics.json' || /\.(csv|tsv|jsonl|ndjson|log)$/i.test(name) || rankOfName(name) !== undefined;
}

function safeReaddir(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new LossDebuggerError('file', `cannot list folder ${dir}: ${(e as Error).message}`, { file: dir });
  }
}

/** Which files of `path` to read. A file is read alone; a folder is searched (see docs/runs.md). */
export function planRun(path: string): RunPlan {
  const abs = resolve(path);
  let st;
  try {
    st = statSync(abs);
  } catch {
    throw new LossDebuggerError('file', `not found: ${abs}`, { file: path });
  }
  if (st.isFile()) {
    const i = abs.lastIndexOf(sep);
    return { root: abs.slice(0, i), files: [abs.slice(i + 1)], isDir: false };
  }
  if (!st.isDirectory()) throw new LossDebuggerError('file', `${abs} is neither a file nor a folder`, { file: path });
  const rootReal = realpathSync(abs);
  // Our run folder: rank<k>.jsonl in the root.
  const top = safeReaddir(abs);
  const ranks = top.filter((d) => d.isFile() && rankOfName(d.name) !== undefined).map((d) => d.name)
    .sort((a, b) => (rankOfName(a) ?? 0) - (rankOfName(b) ?? 0));
  if (ranks.length) return { root: abs, files: ranks, isDir: true };

  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    const entries = safeReaddir(dir).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of entries) {
      if (found.length >= MAX_RUN_FILES) return;
      if (d.name.startsWith('.')) continue;
      const p = join(dir, d.name);
      if (d.isDirectory()) {
        if (depth < MAX_DEPTH && !SKIP_DIRS.has(d.name)) walk(p, depth + 1);
      } else if (d.isFile() && isLogName(d.name)) {
        found.push(relative(abs, p).split(sep).join('/'));
      } else if (d.isSymbolicLink() && isLogName(d.name)) {
        try {
          const real = realpathSync(p);
          if (real.startsWith(rootReal + sep) && statSync(real).isFile()) found.push(relative(abs, p).split(sep).join('/'));
        } catch { /* dangling link: ignored */ }
      }
    }
  };
  walk(abs, 0);
  // Hugging Face: output_dir/trainer_state.json, else the newest checkpoint-N/trainer_state.json only.
  const states = found.filter((f) => f.endsWith('trainer_state.json'));
  let files = found;
  if (states.length > 1) {
    const keep = states.includes('trainer_state.json') ? 'trainer_state.json'
      : states.slice().sort((a, b) => ckpt(b) - ckpt(a))[0];
    files = found.filter((f) => !f.endsWith('trainer_state.json') || f === keep);
  }
  // TensorBoard event files beside other logs: the event files are the run.
  if (files.some((f) => /tfevents/.test(f))) files = files.filter((f) => /tfevents/.test(f) || f.endsWith('trainer_state.json'));
  if (!files.length) {
    throw new LossDebuggerError('file', `no training log found in ${abs}`, { file: path },
      'expected rank<k>.jsonl, events.out.tfevents.*, metrics.csv, trainer_state.json, *.csv or *.jsonl (see docs/runs.md)');
  }
  // Event files of one folder in name order (their names start with the creation time).
  return { root: abs, files, isDir: true };
}

function ckpt(rel: string): number {
  const m = /checkpoint-(\d+)/.exec(rel);
  return m ? Number(m[1]) : -1;
}

/** Reads the first bytes of a file (for format detection). */
export function readHead(file: string, n = SNIFF_BYTES): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const buf = new Uint8Array(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** Reads a finished run from a path (file or folder): the CLI's entry point. */
export function readRunPath(path: string, opts: { maxFileBytes?: number } = {}): RunData {
  const plan = planRun(path);
  const files = plan.files.map((rel) => {
    const abs = join(plan.root, ...rel.split('/'));
    const shown = plan.isDir ? join(path, ...rel.split('/')) : path;
    return { rel, shown, bytes: readFileChecked(abs, opts.maxFileBytes, 'log file', shown) };
  });
  const run = readRunFromBytes(path, files);
  if (plan.isDir) run.root = plan.root;
  return run;
}
