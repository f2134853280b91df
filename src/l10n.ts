/**
 * Translations for every face but the extension host (which uses `vscode.l10n.t`): the rules, the
 * scenarios, the worker, the CLI and the webview call `l10n.t('English text with {0}', value)`.
 * The strings are `@vscode/l10n`'s (the bundles use the `vscode.l10n` key format, so one bundle
 * serves the host and everything else); the bundles bind it to its browser build, which does no I/O.
 * English is the default and needs no bundle. docs/l10n.md says how to add a string or a language.
 */
import * as lib from '@vscode/l10n';
import type { L10nSetup } from './shapes/l10n';

let currentSetup: L10nSetup | undefined;
/** Bumped by every `setL10n`: what `perLanguage` caches is stale once it moves. */
let generation = 0;

/** Use `setup`'s language and bundle from now on (no argument: back to English). */
export function setL10n(setup?: L10nSetup): void {
  currentSetup = setup?.bundle ? setup : undefined;
  generation++;
  const contents: Record<string, string | { message: string; comment: string[] }> = {};
  for (const [k, v] of Object.entries(setup?.bundle ?? {})) contents[k] = typeof v === 'string' ? v : { message: v.message, comment: [...(v.comment ?? [])] };
  lib.config({ contents });
}

/** The language strings are being translated to ('en' when no bundle is in use). */
export function currentLanguage(): string {
  return currentSetup ? baseLanguage(currentSetup.language) : 'en';
}

/** `build()` once per language: for tables of translated labels read many times per page. */
export function perLanguage<T>(build: () => T): () => T {
  let built = -1;
  let value: T;
  return () => {
    if (built !== generation) {
      value = build();
      built = generation;
    }
    return value;
  };
}

/** The setup in use (undefined for English): what a page rendered from here (the HTML report) hands to its webview. */
export function currentL10nSetup(): L10nSetup | undefined {
  return currentSetup;
}

/** 'ko' from 'ko', 'ko-KR', 'ko_KR.UTF-8'; 'en' for 'C', 'POSIX' or nothing. */
export function baseLanguage(locale: string | undefined): string {
  const m = /^([a-zA-Z]{2,3})(?:[-_.@]|$)/.exec(locale ?? '');
  if (!m) return 'en';
  return m[1].toLowerCase();
}

/** `l10n.t(message, ...args)`, `l10n.t(message, { name: value })`, `l10n.t({ message, args, comment })`. */
export const l10n: { t: typeof lib.t } = { t: lib.t };
