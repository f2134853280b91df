/** A small argv parser: positionals plus `--flag`, `--key value` and `--key=value`. */
import { l10n } from '../l10n';

export interface ParsedArgs {
  positionals: string[];
  /** The last value of each flag. */
  flags: Map<string, string | true>;
  /** Every value of each valued flag, in order (for repeatable flags such as --allow-path). */
  all: Map<string, string[]>;
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[], valued: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  const all = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { positionals.push(...argv.slice(i + 1)); break; }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const key = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      if (valued.includes(key)) {
        const v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
        if (v === undefined) throw new UsageError(l10n.t('--{0} needs a value', key));
        flags.set(key, v);
        all.set(key, [...(all.get(key) ?? []), v]);
      } else {
        if (eq >= 0) throw new UsageError(l10n.t('--{0} takes no value', key));
        flags.set(key, true);
      }
    } else if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      flags.set(a.slice(1), true);
    } else {
      positionals.push(a);
    }
  }
  return { positionals, flags, all };
}

export function checkFlags(args: ParsedArgs, allowed: readonly string[], command: string): void {
  for (const k of args.flags.keys()) {
    if (!allowed.includes(k)) throw new UsageError(l10n.t('unknown option --{0} for \'{1}\' (try: lossdbg {1} --help)', k, command));
  }
}

export function intFlag(args: ParsedArgs, key: string): number | undefined {
  const v = args.flags.get(key);
  if (v === undefined) return undefined;
  // past 2^53 the number read is not the one typed (99999999999999999999 reads as 1e20)
  if (v === true || !/^-?\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new UsageError(l10n.t('--{0} expects an integer, got \'{1}\'', key, String(v)));
  return Number(v);
}
