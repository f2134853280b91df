/**
 * The bottom layer: every plain-data shape that crosses a boundary (engine ↔ rules ↔ worker ↔ host ↔
 * webview ↔ CLI ↔ HTML report) is declared once, in the files of this folder, and imported by every
 * side. These files import nothing outside this folder; they hold types and a few constant lists.
 */
export * from './case';
export * from './case-view';
export * from './error';
export * from './finding';
export * from './l10n';
export * from './limits';
export * from './logs';
export * from './messages';
export * from './panel-state';
export * from './train';
export * from './worker';
export * from './code';
