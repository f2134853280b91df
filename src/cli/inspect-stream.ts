/**
 * Streamed `lossdbg inspect`: which cases are read in chunks (an input `.npy` larger than
 * --max-file-size, or any case with --stream), refused with the CLI's words when they cannot be.
 * The driver itself is `diagnostics/stream-run.ts` (shared with the panel's worker).
 */
import { LossDebuggerError } from '../errors';
import { l10n } from '../l10n';
import { loadCaseFile } from '../io/index';
import { formatBytes } from '../io/limits';
import { loadDeferred, type NpyRows } from '../io/npy-rows';
import { streamRefusal } from '../diagnostics/stream';
import type { LossCase } from '../shapes/index';

/**
 * Loads a case for inspect. Its input `.npy` is left on disk (returned as `reader`) when `force` or
 * when it is larger than `maxFileBytes`; such a case must be one `streamRefusal` accepts.
 */
export function loadForInspect(path: string, opts: { maxFileBytes: number; maxMemoryBytes: number; allowedRoots: string[] }, force: boolean): { c: LossCase; reader?: NpyRows } {
  const { c, reader, size } = loadDeferred((deferInput) => loadCaseFile(path, { ...opts, deferInput }), opts.maxFileBytes, force);
  if (!reader) return { c };
  const why = streamRefusal(c);
  if (why) {
    reader.close();
    if (size > opts.maxFileBytes) {
      throw new LossDebuggerError('file', l10n.t('the input file is {0}, over the {1} limit, and cannot be inspected in chunks: {2}', formatBytes(size), formatBytes(opts.maxFileBytes), why),
        { file: reader.file }, l10n.t('raise the limit with --max-file-size <MB> to load it whole, or dump fewer rows'));
    }
    throw new LossDebuggerError('unsupported', l10n.t('--stream: this case cannot be inspected in chunks: {0}', why), { file: reader.file }, l10n.t('leave out --stream to load it whole'));
  }
  return { c, reader };
}
