/**
 * A translation bundle, as VS Code's `vscode.l10n.bundle` and `@vscode/l10n` know it: the English
 * message (or `message/comment` when the call gave a comment) → the translated message. The host
 * passes it to the worker and the webview; the CLI reads it from `l10n/bundle.l10n.<lang>.json`.
 */
export type L10nBundle = { readonly [key: string]: string | { readonly message: string; readonly comment?: readonly string[] } };

/** What the host hands to the worker and the webview: the display language and its bundle (none for English). */
export interface L10nSetup {
  readonly language: string;
  readonly bundle?: L10nBundle;
}
