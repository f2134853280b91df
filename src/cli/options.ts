/** Options shared by the commands that read a case file. */
import type { ParsedArgs } from './args';
import { checkRuleIds } from '../diagnostics/registry';
import type { Finding, Severity } from '../diagnostics/types';
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

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** `--fail-on warning|error` (undefined when absent). */
export function failOnFlag(args: ParsedArgs): 'warning' | 'error' | undefined {
  const v = args.flags.get('fail-on');
  if (v === undefined) return undefined;
  if (v !== 'warning' && v !== 'error') throw new UsageError(`--fail-on must be warning or error, got '${String(v)}'`);
  return v;
}

/** Whether a finding at `level` or worse is among `findings`. */
export function failOnMet(findings: readonly Finding[], level: 'warning' | 'error' | undefined): boolean {
  return level !== undefined && findings.some((f) => RANK[f.severity] <= RANK[level]);
}

/** `--disable ID,ID`, checked against the known rule ids. */
export function disabledRules(args: ParsedArgs): string[] {
  const v = args.flags.get('disable');
  if (v === true) throw new UsageError('--disable needs a comma-separated list of rule ids');
  const ids = v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [];
  checkRuleIds(ids);
  return ids;
}
