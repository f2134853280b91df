/**
 * The CLI's language: `--lang ko` (anywhere on the command line), else the locale (`LC_ALL`, then
 * `LC_MESSAGES`, then `LANG`, as POSIX orders them). Machine-readable output (`--json`, `--format
 * json|sarif`) stays English unless `--lang` asks otherwise: scripts should not change with the
 * terminal. Bundles are the extension's own, shipped in `l10n/` beside the CLI.
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { L10nBundle } from '../shapes/l10n';
import { baseLanguage, setL10n } from '../l10n';
import { UsageError } from './args';
import { shippedPath } from './shipped';

export interface CliLanguage {
  /** The language asked for ('en' when none). */
  language: string;
  /** Whether `--lang` named it (rather than the locale). */
  explicit: boolean;
  /** The arguments without `--lang`. */
  rest: string[];
}

const MACHINE_OUTPUT = (argv: readonly string[]): boolean =>
  argv.some((a, i) => a === '--json' || ((a === '--format' && /^(json|sarif)$/.test(argv[i + 1] ?? '')) || /^--format=(json|sarif)$/.test(a)));

export function cliLanguage(argv: readonly string[], env: NodeJS.ProcessEnv): CliLanguage {
  const rest: string[] = [];
  let asked: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--lang') {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('-')) throw new UsageError('--lang needs a language, e.g. --lang ko (or --lang en)');
      asked = v;
      i++;
    } else if (a.startsWith('--lang=')) asked = a.slice('--lang='.length);
    else rest.push(a);
  }
  if (asked !== undefined) {
    const language = baseLanguage(asked);
    if (!/^[a-zA-Z]{2,3}(?:[-_.@].*)?$/.test(asked)) {
      throw new UsageError(`--lang expects a language code such as ko or en, got '${asked}'`);
    }
    return { language, explicit: true, rest };
  }
  if (MACHINE_OUTPUT(rest)) return { language: 'en', explicit: false, rest };
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG;
  return { language: baseLanguage(locale), explicit: false, rest };
}

/** The languages the CLI has bundles for (English always). */
export function availableLanguages(): string[] {
  const dir = shippedPath('l10n');
  const found = dir ? readdirSync(dir).map((n) => /^bundle\.l10n\.([a-z]{2,3})\.json$/.exec(n)?.[1]).filter((x): x is string => !!x) : [];
  return ['en', ...found.sort()];
}

/**
 * Translate from now on into `lang.language`. A language asked for with `--lang` must exist; one
 * that only comes from the locale falls back to English quietly (most terminals say en_US or C).
 */
export function useLanguage(lang: CliLanguage): void {
  if (lang.language === 'en') {
    setL10n();
    return;
  }
  const path = shippedPath('l10n', `bundle.l10n.${lang.language}.json`);
  if (!path) {
    if (lang.explicit) throw new UsageError(`no translation for '${lang.language}' (languages: ${availableLanguages().join(', ')})`);
    setL10n();
    return;
  }
  const bundle = JSON.parse(readFileSync(path, 'utf8')) as L10nBundle;
  setL10n({ language: lang.language, bundle });
}
