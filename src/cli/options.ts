/** Options shared by the commands that read a case file. */
import type { ParsedArgs } from './args';
import { UsageError } from './args';

export const DEFAULT_MAX_FILE_MB = 512;

export function caseLoadOptions(args: ParsedArgs): { maxFileBytes: number } {
  const v = args.flags.get('max-file-size');
  if (v === undefined) return { maxFileBytes: DEFAULT_MAX_FILE_MB * 1024 * 1024 };
  const mb = typeof v === 'string' ? Number(v) : NaN;
  if (!Number.isFinite(mb) || mb <= 0) throw new UsageError(`--max-file-size expects a positive number of megabytes, got '${String(v)}'`);
  return { maxFileBytes: Math.floor(mb * 1024 * 1024) };
}

export function dtypeFlag(args: ParsedArgs): 'float64' | 'float32' {
  const v = args.flags.get('dtype');
  if (v === undefined) return 'float64';
  if (v === 'float64' || v === 'float32') return v;
  throw new UsageError(`--dtype must be float64 or float32, got '${String(v)}'`);
}
