/**
 * Writing the files a command produces (`--html`, `demo --out`) without ever touching an input:
 * the target's real path (symlinks resolved) must differ from every input's, the content goes to a
 * temporary file in the same folder and is renamed over the target (so a symlink at the target is
 * replaced, never followed), and every failure is a clear LossDebuggerError (exit 2), in the CLI's language.
 */
import { closeSync, lstatSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { LossDebuggerError } from '../errors';
import { l10n } from '../l10n';

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
  const why = code === 'EACCES' || code === 'EPERM' ? l10n.t('permission denied')
    : code === 'ENOSPC' ? l10n.t('the disk is full')
      : code === 'EROFS' ? l10n.t('the file system is read-only')
        : code === 'ENOENT' || code === 'ENOTDIR' ? l10n.t('its folder does not exist')
          : code === 'ENAMETOOLONG' ? l10n.t('the file name is too long')
            : code ?? l10n.t('I/O error');
  return new LossDebuggerError('file', l10n.t('cannot write {0} {1}: {2}', what, file, why), { file });
}

/** Refuses an output path that is (or resolves to) one of the inputs, or an existing folder. */
export function checkOutputPath(out: string, inputs: readonly string[], what = l10n.t('output file')): string {
  const abs = resolve(out);
  const target = real(abs);
  if (target !== null) {
    for (const i of inputs) {
      const ri = real(resolve(i));
      if (ri !== null && ri === target) {
        throw new LossDebuggerError('file', l10n.t('refusing to write {0} {1}: it is the input file {2}', what, out, i), { file: out }, l10n.t('choose another output name, e.g. report.html'));
      }
    }
    try {
      if (statSync(target).isDirectory()) throw new LossDebuggerError('file', l10n.t('cannot write {0} {1}: it is a folder', what, out), { file: out }, l10n.t('give a file name, e.g. report.html'));
    } catch (e) {
      if (e instanceof LossDebuggerError) throw e;
    }
  }
  const dir = dirname(abs);
  try {
    if (!statSync(dir).isDirectory()) throw new LossDebuggerError('file', l10n.t('cannot write {0} {1}: {2} is not a folder', what, out, dir), { file: out });
  } catch (e) {
    if (e instanceof LossDebuggerError) throw e;
    throw new LossDebuggerError('file', l10n.t('cannot write {0} {1}: the folder {2} does not exist', what, out, dir), { file: out }, l10n.t('create the folder first or choose another path'));
  }
  return abs;
}

/** Writes `content` to `out` through a temporary file and a rename, after `checkOutputPath`. */
export function writeOutputFile(out: string, content: string | Uint8Array, inputs: readonly string[] = [], what = l10n.t('output file')): void {
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
  const target = real(abs);
  for (const i of inputs) {
    // a folder that does not exist yet is no input (two missing paths both resolve to null)
    if (target !== null && real(resolve(i)) === target) throw new LossDebuggerError('file', l10n.t('refusing to write into {0}: it is an input', dir), { file: dir });
  }
  try {
    const st = lstatSync(abs);
    if (st.isSymbolicLink() ? !statSync(abs).isDirectory() : !st.isDirectory()) {
      throw new LossDebuggerError('file', l10n.t('cannot write into {0}: it is not a folder', dir), { file: dir }, l10n.t('choose another --out folder'));
    }
    return abs;
  } catch (e) {
    if (e instanceof LossDebuggerError) throw e;
  }
  try {
    mkdirSync(abs, { recursive: true });
  } catch (e) {
    throw ioError(e, l10n.t('folder'), dir);
  }
  return abs;
}
