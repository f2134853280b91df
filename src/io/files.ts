/** File access for the loaders: size-limited, with clear errors naming the resolved path. */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { LossDebuggerError } from '../errors';

/** Default `maxFileBytes`: 512 MiB. */
export const DEFAULT_MAX_FILE_BYTES = 512 * 1024 * 1024;

/** A human size (bytes, KB, MB) precise enough that two different sizes never print alike. */
function mb(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const [v, unit] = n < 1024 * 1024 ? [n / 1024, 'KB'] : [n / (1024 * 1024), 'MB'];
  return `${v >= 100 ? Math.round(v) : Number(v.toPrecision(3))} ${unit}`;
}

/**
 * Reads a whole file after checking (with `fs.stat`, before reading) that it exists, is a regular
 * file and is not larger than `maxFileBytes`. Returns a Uint8Array whose buffer is the file's own.
 * `what` names the file's role in messages ("case file", "side file", ...).
 */
export function readFileChecked(path: string, maxFileBytes: number = DEFAULT_MAX_FILE_BYTES, what = 'file', shown: string = path): Uint8Array {
  const abs = resolve(path);
  let size: number;
  try {
    const st = statSync(abs);
    if (st.isDirectory()) throw new LossDebuggerError('file', `${what} ${abs} is a directory, not a file`, { file: shown });
    if (!st.isFile()) throw new LossDebuggerError('file', `${what} ${abs} is not a regular file (a device, pipe or socket)`, { file: shown }, 'save the data to a file first');
    size = st.size;
  } catch (e) {
    if (e instanceof LossDebuggerError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new LossDebuggerError('file', `${what} not found: ${abs}`, { file: shown },
        what === 'file' || what === 'case file' ? undefined : 'paths in a loss case are relative to the case file\'s folder');
    }
    if (code === 'EACCES' || code === 'EPERM') throw new LossDebuggerError('file', `${what} ${abs} is not readable (permission denied)`, { file: shown });
    throw new LossDebuggerError('file', `cannot read ${what} ${abs}: ${(e as Error).message}`, { file: shown });
  }
  if (size > maxFileBytes) {
    throw new LossDebuggerError('file', `${what} ${abs} is ${mb(size)}, larger than the ${mb(maxFileBytes)} limit`, { file: shown },
      'raise the limit with --max-file-size <MB> on the command line or the lossDebugger.maxFileSizeMB setting in VS Code');
  }
  try {
    const buf = readFileSync(abs);
    // a plain Uint8Array view: one element type for the parser's hot loops
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  } catch (e) {
    throw new LossDebuggerError('file', `cannot read ${what} ${abs}: ${(e as Error).message}`, { file: shown });
  }
}
