/**
 * Writing the files a command produces (`--html`, `demo --out`) without ever touching an input:
 * the target's real path (symlinks resolved) must differ from every input's, the content goes to a
 * temporary file in the same folder and is renamed over the target (so a symlink at the target is
 * replaced, never followed), and every failure is a clear LossDebuggerError (exit 2).
 */
import { closeSync, lstatSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { LossDebuggerError } from '../errors';

function real(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}

/** The error for a failed write, by its system error code (exported for tests: root writes almost anywhere). */
export function ioError(e: unknown, what: string, file: string): LossDebuggerError {
  const code = (e as { code?: string }).code;
  const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'ENOSPC' ? 'the disk is full'
      : code === 'EROFS' ? 'the file system is read-only'
        : code === 'ENOENT' || code === 'ENOTDIR' ? 'its folder does not exist'
          : code === 'ENAMETOOLONG' ? 'the file name is too long'
            : code ?? 'I/O error';
  return new LossDebuggerError('file', `cannot write ${what} ${file}: ${why}`, { file });
}

/** Refuses an output path that is (or resolves to) one of the inputs, or an existing folder. */
export function checkOutputPath(out: string, inputs: readonly string[], what = 'output file'): string {
  const abs = resolve(out);
  const target = real(abs);
  if (target !== null) {
    for (const i of inputs) {
      const ri = real(resolve(i));
      if (ri !== null && ri === target) {
        throw new LossDebuggerError('file', `refusing to write ${what} ${out}: it is the input file ${i}`, { file: out }, 'choose another output name, e.g. report.html');
      }
    }
    try {
      if (statSync(target).isDirectory()) throw new LossDebuggerError('file', `cannot write ${what} ${out}: it is a folder`, { file: out }, 'give a file name, e.g. report.html');
    } catch (e) {
      if (e instanceof LossDebuggerError) throw e;
    }
  }
  const dir = dirname(abs);
  try {
    if (!statSync(dir).isDirectory()) throw new LossDebuggerError('file', `cannot write ${what} ${out}: ${dir} is not a folder`, { file: out });
  } catch (e) {
    if (e instanceof LossDebuggerError) throw e;
    throw new LossDebuggerError('file', `cannot write ${what} ${out}: the folder ${dir} does not exist`, { file: out }, 'create the folder first or choose another path');
  }
  return abs;
}

/** Writes `content` to `out` through a temporary file and a rename, after `checkOutputPath`. */
export function writeOutputFile(out: string, content: string | Uint8Array, inputs: readonly string[] = [], what = 'output file'): void {
  const abs = checkOutputPath(out, inputs, what);
  // at most 64 characters of the name: a name the file system accepts must not fail for its temporary twin
  const tmp = join(dirname(abs), `.${basename(abs).slice(0, 64)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, abs);
  } catch (e) {
    if (fd !== undefined) try { closeSync(fd); } catch { /* already failing */ }
    try { rmSync(tmp, { force: true }); } catch { /* best effort */ }
    throw ioError(e, what, out);
  }
}

/** Creates an output folder (and its parents); an existing file at that path is an error. */
export function ensureOutputDir(dir: string, inputs: readonly string[] = []): string {
  const abs = resolve(dir);
  for (const i of inputs) {
    if (real(resolve(i)) === real(abs)) throw new LossDebuggerError('file', `refusing to write into ${dir}: it is an input`, { file: dir });
  }
  try {
    const st = lstatSync(abs);
    if (st.isSymbolicLink() ? !statSync(abs).isDirectory() : !st.isDirectory()) {
      throw new LossDebuggerError('file', `cannot write into ${dir}: it is not a folder`, { file: dir }, 'choose another --out folder');
    }
    return abs;
  } catch (e) {
    if (e instanceof LossDebuggerError) throw e;
  }
  try {
    mkdirSync(abs, { recursive: true });
  } catch (e) {
    throw ioError(e, 'folder', dir);
  }
  return abs;
}
