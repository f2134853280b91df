/**
 * A self-contained HTML report: the webview bundles (dist/webview-charts.js, chart.js, before
 * dist/webview.js) and their stylesheet inlined, the data embedded as JSON, a light/dark theme from prefers-color-scheme that
 * provides the --vscode-* variables, and a stub `acquireVsCodeApi`. No network: opens from disk.
 *
 * Used by `lossdbg train --html FILE` and `lossdbg inspect --html FILE`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LossDebuggerError } from '../errors';
import { pageShell, scriptJson } from '../protocol';
import type { CaseErrorView, CaseView, HostToWebview, L10nSetup, TrainReport } from '../shapes/index';
import { THEME_CSS } from './theme';
import { currentL10nSetup, l10n } from '../l10n';

export type ReportInput =
  | TrainReport
  | { caseView: CaseView }
  | { caseError: CaseErrorView }
  | { messages: HostToWebview[] };

export interface HtmlReportOptions {
  /** Page title (default: from the data). */
  title?: string;
  /** Folder holding webview.js, webview-charts.js and webview.css (default: next to this bundle, i.e. dist/). */
  assetsDir?: string;
  /** The page's language (default: the one this process translates into, e.g. the CLI's --lang). */
  l10n?: L10nSetup;
  /** Force a theme instead of following the system's prefers-color-scheme. */
  theme?: 'auto' | 'light' | 'dark' | 'high-contrast';
}

const ASSETS = ['webview.js', 'webview-charts.js', 'webview.css'];

/** Where the webview's bundles and stylesheet are: next to the running bundle (dist/), or dist/ from the sources. */
export function findAssetsDir(): string {
  const candidates = [__dirname, path.join(__dirname, '..', '..', 'dist'), path.join(__dirname, '..', 'dist')];
  for (const d of candidates) {
    if (ASSETS.every((f) => existsSync(path.join(d, f)))) return d;
  }
  throw new LossDebuggerError('file', `the webview bundle (${ASSETS.join(', ')}) was not found next to ${__dirname}`, {}, 'run `npm run build` first');
}

function toMessages(input: ReportInput): HostToWebview[] {
  if ('messages' in input) return input.messages;
  if ('caseView' in input) return [{ type: 'showCase', view: input.caseView }];
  if ('caseError' in input) return [{ type: 'caseError', error: input.caseError }];
  return [{ type: 'runFinished', result: input }];
}

function defaultTitle(input: ReportInput): string {
  if ('messages' in input) return l10n.t('Loss Debugger report');
  if ('caseView' in input) return `${input.caseView.title} — Loss Debugger`;
  if ('caseError' in input) return l10n.t('Loss case error — Loss Debugger');
  return `${input.title ?? input.scenario} — Loss Debugger`;
}

export { scriptJson };

/** JavaScript made safe to inline: no `</script`, no `<!--`, no source-map comment. */
export function inlineJs(js: string): string {
  return js
    .replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n')
    .replace(/<\/(script)/gi, '<\\/$1')
    .replace(/<!--/g, '<\\!--');
}

/** The boot script: a stub acquireVsCodeApi (state in memory) and the theme from prefers-color-scheme. */
function bootScript(theme: NonNullable<HtmlReportOptions['theme']>): string {
  return `(function () {
  var state;
  window.acquireVsCodeApi = function () {
    return {
      postMessage: function (m) {
        if (m && m.type === 'copy' && navigator.clipboard) navigator.clipboard.writeText(m.text).catch(function () {});
        if (m && m.type === 'webviewError') console.warn('lossdbg report:', m.message);
      },
      getState: function () { return state; },
      setState: function (s) { state = s; return s; }
    };
  };
  var forced = ${JSON.stringify(theme)};
  function apply() {
    var cls = forced !== 'auto' ? forced
      : (window.matchMedia && window.matchMedia('(prefers-contrast: more)').matches ? 'high-contrast'
      : (window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
    document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast');
    document.body.classList.add('vscode-' + cls);
  }
  apply();
  if (forced === 'auto' && window.matchMedia) {
    var mq = window.matchMedia('(prefers-color-scheme: dark)');
    if (mq.addEventListener) mq.addEventListener('change', apply);
  }
})();`;
}

export function renderHtmlReport(input: ReportInput, opts: HtmlReportOptions = {}): string {
  const dir = opts.assetsDir ?? findAssetsDir();
  let js: string, charts: string, css: string;
  try {
    js = readFileSync(path.join(dir, 'webview.js'), 'utf8');
    charts = readFileSync(path.join(dir, 'webview-charts.js'), 'utf8');
    css = readFileSync(path.join(dir, 'webview.css'), 'utf8');
  } catch (e) {
    throw new LossDebuggerError('file', `cannot read the webview bundle in ${dir}: ${e instanceof Error ? e.message : String(e)}`, {}, 'run `npm run build` first');
  }
  const nonce = randomBytes(18).toString('base64').replace(/[+/=]/g, '');
  const csp = `default-src 'none'; img-src data:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; font-src data:`;
  const l10nSetup = opts.l10n ?? currentL10nSetup();
  const safeCss = (THEME_CSS + '\n' + css).replace(/<\/(style)/gi, '<\\/$1');
  return pageShell({
    mode: 'report', title: opts.title ?? defaultTitle(input), csp, nonce, ...(l10nSetup ? { l10n: l10nSetup } : {}),
    styles: [{ css: safeCss }],
    placeholder: `<noscript>${l10n.t('This report draws its charts with JavaScript; please allow scripts for this file.')}</noscript>`,
    scripts: [
      { json: scriptJson(toMessages(input)), id: 'lossdbg-data' },
      { js: bootScript(opts.theme ?? 'auto') },
      // chart.js first: the report draws its charts at once (no second bundle to fetch from disk)
      { js: inlineJs(charts) },
      { js: inlineJs(js) },
    ],
  }) + '\n';
}
