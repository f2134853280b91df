/**
 * File access for the loaders. The policy (docs/security.md):
 * - a file is opened first and checked on the open descriptor (a regular file, not a directory, pipe,
 *   socket or device), so what is read is what was checked;
 * - at most the size limit is read, whatever `stat` says (files under /proc report size 0);
 * - files that a loss case points to (side files) must resolve, symlinks followed, inside the case
 *   file's folder or a folder the user allowed explicitly.
 */
import { type Stats, closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { LossDebuggerError } from '../errors';


import { DEFAULT_MAX_FILE_BYTES, formatBytes, formatBytesApart } from './limits';

export { DEFAULT_MAX_FILE_BYTES };

/** How the loaders may touch the file system. */
export interface FilePolicy {
  /** Largest file read, in bytes. */
  maxFileBytes: number;
  /**
   * Folders (besides the case file's own folder) that side files may resolve into. Empty by default;
   * the CLI's `--allow-path DIR` and the `lossDebugger.allowedPaths` setting (trusted workspaces only)
   * add to it.
   */
  allowedRoots?: readonly string[];
}

const HINT_LIMIT = 'raise the limit with --max-file-size <MB> on the command line or the lossDebugger.maxFileSizeMB setting in VS Code';

/** The error for a file that could not be opened, by its system error code (exported for tests: root opens anything). */
export function openError(e: unknown, what: string, abs: string, shown: string): LossDebuggerError {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new LossDebuggerError('file', `${what} not found: ${abs}`, { file: shown },
      what === 'file' || what === 'case file' || what === 'tensor file' ? undefined : 'paths in a loss case are relative to the case file\'s folder');
  }
  if (code === 'EACCES' || code === 'EPERM') return new LossDebuggerError('file', `${what} ${abs} is not readable (permission denied)`, { file: shown });
  if (code === 'EISDIR') return new LossDebuggerError('file', `${what} ${abs} is a directory, not a file`, { file: shown });
  if (code === 'ELOOP') return new LossDebuggerError('file', `${what} ${abs} is a symbolic link loop`, { file: shown });
  return new LossDebuggerError('file', `cannot read ${what} ${abs} (${code ?? 'I/O error'})`, { file: shown });
}

/**
 * Opens a file for reading, non-blocking (a named pipe cannot hang the open), and checks on the
 * descriptor that it is a regular file; the caller closes `fd`. Errors name the file by its role `what`.
 */
export function openRegularFile(path: string, what: string, shown: string = path): { fd: number; st: Stats } {
  const abs = resolve(path);
  let fd: number;
  try {
    fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw openError(e, what, abs, shown);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new LossDebuggerError('file', `${what} ${abs} is a directory, not a file`, { file: shown });
    if (!st.isFile()) throw new LossDebuggerError('file', `${what} ${abs} is not a regular file (a device, pipe or socket)`, { file: shown }, 'save the data to a file first');
    return { fd, st };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/**
 * Reads a whole file: opens it (non-blocking, so a named pipe cannot hang the open), checks on the
 * descriptor that it is a regular file, and reads at most `maxFileBytes` (one byte more tells that the
 * file is larger, whatever its reported size). Returns a Uint8Array over the file's own bytes.
 * `what` names the file's role in messages ("case file", "side file", ...).
 */
export function readFileChecked(path: string, maxFileBytes: number = DEFAULT_MAX_FILE_BYTES, what = 'file', shown: string = path): Uint8Array {
  const abs = resolve(path);
  const { fd, st } = openRegularFile(path, what, shown);
  try {
    const tooLarge = (): LossDebuggerError => {
      // a reported size within the limit (or none: /proc) that the read ran past is not known
      const [size, limit] = st.size > maxFileBytes ? formatBytesApart(st.size, maxFileBytes) : [`more than ${formatBytes(maxFileBytes)}`, formatBytes(maxFileBytes)];
      return new LossDebuggerError('file', `${what} ${abs} is ${size}, larger than the ${limit} limit`, { file: shown }, HINT_LIMIT);
    };
    if (st.size > maxFileBytes) throw tooLarge();
    // The reported size is a hint, not a bound: read until EOF, never past the limit.
    let buf = Buffer.allocUnsafe(Math.min(maxFileBytes, st.size > 0 ? st.size : 64 * 1024) + 1);
    let n = 0;
    for (;;) {
      // (a full buffer is at most the limit here: one byte more was refused after the read)
      if (n === buf.length) {
        const bigger = Buffer.allocUnsafe(Math.min(maxFileBytes + 1, buf.length * 2));
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      let got: number;
      try {
        got = readSync(fd, buf, n, buf.length - n, null);
      } catch (e) {
        throw openError(e, what, abs, shown);
      }
      if (got === 0) break;
      n += got;
      if (n > maxFileBytes) throw tooLarge();
    }
    return new Uint8Array(buf.buffer, buf.byteOffset, n);
  } finally {
    closeSync(fd);
  }
}

/** Whether path `p` is `root` or lies under it: only a whole '..' segment leaves the root. */
export function isInside(root: string, p: string): boolean {
  const rel = relative(root, p);
  // only a whole '..' segment leaves the root: '..data.npy' is a file inside it
  return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

function realOrNull(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}

/**
 * The absolute path of a file a loss case refers to (`{"npy": ref}`), resolved relative to the case's
 * folder. Its real path (symlinks resolved) must lie inside the case's folder or one of the allowed
 * roots; anything else is refused with an error that says how to allow it. A missing file resolves
 * lexically (the reader then reports it as not found), after the same containment check.
 */
export function resolveSideFile(ref: string, baseDir: string, allowedRoots: readonly string[] = [], what = 'side file'): string {
  const lexical = resolve(baseDir, ref);
  const real = realOrNull(lexical) ?? lexical;
  const roots = [baseDir, ...allowedRoots].map((r) => realOrNull(resolve(r)) ?? resolve(r));
  if (roots.some((r) => isInside(r, real))) return real;
  const shownRef = ref.length > 200 ? `${ref.slice(0, 200)}…` : ref;
  throw new LossDebuggerError('file',
    `${what} '${shownRef}' resolves to ${real}, outside the case file's folder ${roots[0]}`,
    {},
    'a loss case may only refer to files in its own folder or below; move the file next to the case, or allow its folder with --allow-path DIR (CLI) or the lossDebugger.allowedPaths setting (VS Code, trusted workspaces only)');
}
