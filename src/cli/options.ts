/** Options shared by the commands that read a case file: size and memory limits, allowed folders. */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ParsedArgs } from './args';
import { checkRuleIds } from '../diagnostics/registry';
import type { Finding, Severity } from '../diagnostics/types';
import { UsageError } from './args';
import { l10n } from '../l10n';
import { option } from './text';
import { DEFAULT_MAX_FILE_MB, DEFAULT_MAX_MEMORY_MB } from '../io/limits';

/** The flags `caseLoadOptions` reads, for `parseArgs`' list of valued flags and `checkFlags`. */
export const CASE_LOAD_FLAGS = ['max-file-size', 'max-memory', 'allow-path'] as const;

export function caseLoadUsage(): string {
  return option('  --max-file-size MB ', l10n.t('refuse files larger than this (default {0})', DEFAULT_MAX_FILE_MB)) +
    option('  --max-memory MB    ', l10n.t('refuse cases that need more memory than this to analyse (default {0})', DEFAULT_MAX_MEMORY_MB)) +
    option('  --allow-path DIR   ', l10n.t('let the case refer to side files in DIR (repeatable; by default only the case\'s own folder)'));
}

function megabytes(args: ParsedArgs, flag: string, dflt: number): number {
  const v = args.flags.get(flag);
  if (v === undefined) return dflt * 1024 * 1024;
  const mb = typeof v === 'string' ? Number(v) : NaN;
  if (!Number.isFinite(mb) || mb <= 0) throw new UsageError(l10n.t('--{0} expects a positive number of megabytes, got \'{1}\'', flag, String(v)));
  return Math.floor(mb * 1024 * 1024);
}

export function caseLoadOptions(args: ParsedArgs): { maxFileBytes: number; maxMemoryBytes: number; allowedRoots: string[] } {
  const allowedRoots = (args.all.get('allow-path') ?? []).map((d) => {
    if (!existsSync(d) || !statSync(d).isDirectory()) throw new UsageError(l10n.t('--allow-path expects a folder, got \'{0}\'', d));
    return resolve(d);
  });
  return {
    maxFileBytes: megabytes(args, 'max-file-size', DEFAULT_MAX_FILE_MB),
    maxMemoryBytes: megabytes(args, 'max-memory', DEFAULT_MAX_MEMORY_MB),
    allowedRoots,
  };
}

export function dtypeFlag(args: ParsedArgs): 'float64' | 'float32' {
  const v = args.flags.get('dtype');
  if (v === undefined) return 'float64';
  if (v === 'float64' || v === 'float32') return v;
  throw new UsageError(l10n.t('--dtype must be float64 or float32, got \'{0}\'', String(v)));
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** `--fail-on warning|error` (undefined when absent). */
export function failOnFlag(args: ParsedArgs): 'warning' | 'error' | undefined {
  const v = args.flags.get('fail-on');
  if (v === undefined) return undefined;
  if (v !== 'warning' && v !== 'error') throw new UsageError(l10n.t('--fail-on must be warning or error, got \'{0}\'', String(v)));
  return v;
}

/** Whether a finding at `level` or worse is among `findings`. */
export function failOnMet(findings: readonly Finding[], level: 'warning' | 'error' | undefined): boolean {
  return level !== undefined && findings.some((f) => RANK[f.severity] <= RANK[level]);
}

/** `--disable ID,ID`, checked against the known rule ids. */
export function disabledRules(args: ParsedArgs): string[] {
  const v = args.flags.get('disable');
  if (v === true) throw new UsageError(l10n.t('--disable needs a comma-separated list of rule ids'));
  const ids = v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [];
  checkRuleIds(ids);
  return ids;
}
