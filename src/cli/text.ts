/**
 * Terminal text in any language: column widths that count East Asian wide characters (Hangul, CJK)
 * as two cells, so Korean headings line up; the severity words; usage blocks whose option texts are
 * translated while the option names stay as typed.
 */
import { l10n } from '../l10n';

/** Cells a string takes in a terminal: wide (Hangul, CJK, full-width) characters count two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) ? 2 : 1;
  }
  return w;
}

export const padEndW = (s: string, width: number): string => s + ' '.repeat(Math.max(0, width - displayWidth(s)));
export const padStartW = (s: string, width: number): string => ' '.repeat(Math.max(0, width - displayWidth(s))) + s;

/** 'error' / 'warning' / 'info' as the reader's language says it. */
export function severityWord(s: 'error' | 'warning' | 'info'): string {
  return s === 'error' ? l10n.t('error') : s === 'warning' ? l10n.t('warning') : l10n.t('info');
}

/** The closing count: "3 findings: 1 error, 2 warning, 0 info". */
export function findingCounts(total: number, error: number, warning: number, info: number): string {
  return total === 1
    ? l10n.t('1 finding: {0} error, {1} warning, {2} info', error, warning, info)
    : l10n.t('{0} findings: {1} error, {2} warning, {3} info', total, error, warning, info);
}

/**
 * One option line of a usage block: `prefix` (the option as typed, padded) and its translated text;
 * a text of several lines continues under its first line.
 */
export function option(prefix: string, text: string): string {
  return prefix + text.split('\n').join('\n' + ' '.repeat(prefix.length)) + '\n';
}
