/**
 * Validators of the messages between the extension host and the webview (their shapes are in
 * src/shapes/messages.ts).
 *
 * Messages from the webview are untrusted input for the host: it must check each one with
 * `isWebviewToHost` and ignore (and log) anything that does not pass. `isHostToWebview` is the
 * webview's lighter check of what it receives.
 */

import type { CaseErrorView, CaseView, HostToWebview, L10nBundle, L10nSetup, TrainReport, WebviewToHost } from './shapes/index';

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

/** Limits for untrusted strings from the webview. */
export const MAX_COPY_CHARS = 1_000_000;
export const MAX_ID_CHARS = 200;
export const MAX_MESSAGE_CHARS = 10_000;
export const MAX_PATH_CHARS = 4096;
// eslint-disable-next-line no-control-regex
const NO_CONTROL = /^[^\u0000-\u001f\u007f]+$/;

/** Rule ids: `double-softmax`, `missing-ignore-index`. */
const RULE_ID = /^[a-z0-9][a-z0-9._-]*$/;
/** Doc paths: relative, no `..`, no scheme. */
const DOC_PATH = /^(?!.*\.\.)(?![a-zA-Z][a-zA-Z0-9+.-]*:)[A-Za-z0-9._/-]+$/;
/** JSON fields: `loss.ignore_index`, `input[3][17]`, `meta.class_names`. */
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*$/;
/** Scenario ids. */
const SCENARIO_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;

/** Export file names the webview proposes: a plain name, `.csv` or `.png`. */
const EXPORT_NAME = /^[A-Za-z0-9][A-Za-z0-9._ =-]*\.(csv|png)$/;
const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/;
/** A chart's PNG or CSV: a few megabytes at most. */
export const MAX_EXPORT_CHARS = 20_000_000;

function optPosInt(o: Record<string, unknown>, key: string): boolean {
  const v = o[key];
  return v === undefined || (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 1e9);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasOnly(o: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(o).every((k) => keys.includes(k));
}

function str(v: unknown, max: number, re?: RegExp): boolean {
  return typeof v === 'string' && v.length > 0 && v.length <= max && (re === undefined || re.test(v));
}

function optStr(o: Record<string, unknown>, key: string, max: number, re?: RegExp): boolean {
  return !(key in o) || o[key] === undefined || str(o[key], max, re);
}

/**
 * Full validation of a message from the webview: known `type`, required fields of the right type
 * and size, no unknown keys. Anything else (junk, prototype tricks, huge strings) is rejected.
 */
export function isWebviewToHost(msg: unknown): msg is WebviewToHost {
  if (!isRecord(msg)) return false;
  const proto: unknown = Object.getPrototypeOf(msg);
  if (proto !== Object.prototype && proto !== null) return false;
  switch (msg.type) {
    case 'ready':
      return hasOnly(msg, ['type']);
    case 'copy':
      return hasOnly(msg, ['type', 'text']) && typeof msg.text === 'string' && msg.text.length <= MAX_COPY_CHARS;
    case 'openRule':
      return hasOnly(msg, ['type', 'rule', 'docs']) && str(msg.rule, MAX_ID_CHARS, RULE_ID)
        && optStr(msg, 'docs', MAX_ID_CHARS, DOC_PATH);
    case 'revealField':
      return hasOnly(msg, ['type', 'field', 'file', 'line', 'column']) && optStr(msg, 'field', MAX_ID_CHARS, FIELD)
        && optStr(msg, 'file', 4096) && optPosInt(msg, 'line') && optPosInt(msg, 'column')
        && (msg.field !== undefined || msg.line !== undefined);
    case 'saveExport':
      return hasOnly(msg, ['type', 'name', 'text', 'dataUrl']) && str(msg.name, MAX_ID_CHARS, EXPORT_NAME)
        && (msg.text === undefined ? str(msg.dataUrl, MAX_EXPORT_CHARS, PNG_DATA_URL) && String(msg.name).endsWith('.png')
          : msg.dataUrl === undefined && typeof msg.text === 'string' && msg.text.length <= MAX_EXPORT_CHARS && String(msg.name).endsWith('.csv'));
    case 'applyFix':
      return hasOnly(msg, ['type', 'rule', 'field']) && str(msg.rule, MAX_ID_CHARS, RULE_ID) && optStr(msg, 'field', MAX_ID_CHARS, FIELD);
    case 'cancelRun':
    case 'rerun':
      return hasOnly(msg, ['type', 'scenario']) && optStr(msg, 'scenario', MAX_ID_CHARS, SCENARIO_ID);
    case 'webviewError':
      return hasOnly(msg, ['type', 'message']) && str(msg.message, MAX_MESSAGE_CHARS);
    case 'openSnapshot':
      // a path the host listed for this panel (it checks the list too); no control characters
      return hasOnly(msg, ['type', 'file']) && str(msg.file, MAX_PATH_CHARS, NO_CONTROL);
    default:
      return false;
  }
}

function isNumOrNull(v: unknown): boolean {
  return v === null || typeof v === 'number';
}

function isNumRecord(v: unknown): boolean {
  return isRecord(v) && Object.values(v).every(isNumOrNull);
}

function isStringArray(v: unknown): boolean {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

const RUN_KINDS: readonly string[] = ['tutorial', 'mistake', 'sweep'];

/** A structural check that a TrainReport can be rendered (runs with names and histories). */
export function isTrainReport(v: unknown): v is TrainReport {
  if (!isRecord(v) || typeof v.scenario !== 'string' || !Array.isArray(v.runs)) return false;
  if (v.verdict !== undefined && typeof v.verdict !== 'string') return false;
  return v.runs.every((r) => isRecord(r) && typeof r.name === 'string' && isRecord(r.history)
    && Object.values(r.history).every((s) => Array.isArray(s) && s.every(isNumOrNull))
    && (r.final === undefined || isNumRecord(r.final))
    && (r.findings === undefined || Array.isArray(r.findings))
    && (r.look_for === undefined || typeof r.look_for === 'string'));
}

/** A structural check of a CaseView (the fields the webview relies on). */
export function isCaseView(v: unknown): v is CaseView {
  return isRecord(v) && typeof v.title === 'string' && typeof v.lossType === 'string'
    && Array.isArray(v.summary) && Array.isArray(v.metrics) && Array.isArray(v.findings);
}

/** A watched run's update: the fields the run view dereferences. */
function isLiveUpdate(v: unknown): boolean {
  return isRecord(v) && typeof v.source === 'string' && Array.isArray(v.series) && Array.isArray(v.findings)
    && Array.isArray(v.snapshots) && Array.isArray(v.notes)
    && v.series.every((s) => isRecord(s) && typeof s.name === 'string' && Array.isArray(s.steps) && Array.isArray(s.values) && isRecord(s.summary)
      && (s.times === undefined || Array.isArray(s.times)) && (s.epochs === undefined || Array.isArray(s.epochs)));
}

/** The webview's check of what the host sends: the tag and the fields it dereferences. */
export function isHostToWebview(msg: unknown): msg is HostToWebview {
  if (!isRecord(msg)) return false;
  switch (msg.type) {
    case 'showCase':
      return isCaseView(msg.view);
    case 'caseError':
      return isRecord(msg.error) && typeof msg.error.message === 'string';
    case 'runStarted':
      return typeof msg.scenario === 'string' && typeof msg.title === 'string' && isStringArray(msg.runs)
        && typeof msg.kind === 'string' && RUN_KINDS.includes(msg.kind);
    case 'progress':
      return typeof msg.run === 'string' && typeof msg.epoch === 'number' && typeof msg.epochs === 'number'
        && isNumOrNull(msg.train_loss) && (msg.val_loss === undefined || isNumOrNull(msg.val_loss))
        && (msg.metrics === undefined || isNumRecord(msg.metrics))
        && (msg.loss === undefined || typeof msg.loss === 'string') && (msg.elapsed === undefined || typeof msg.elapsed === 'number')
        && (msg.runIndex === undefined || typeof msg.runIndex === 'number') && (msg.runCount === undefined || typeof msg.runCount === 'number')
        && (msg.step === undefined || typeof msg.step === 'number')
        && (msg.batch_steps === undefined || (Array.isArray(msg.batch_steps) && msg.batch_steps.every((x) => typeof x === 'number')))
        && (msg.batch_losses === undefined || (Array.isArray(msg.batch_losses) && msg.batch_losses.every(isNumOrNull)));
    case 'runFinished':
      return isTrainReport(msg.result);
    case 'runFailed':
      return typeof msg.scenario === 'string' && typeof msg.message === 'string';
    case 'runCancelled':
      return typeof msg.scenario === 'string';
    case 'runLog':
      return typeof msg.title === 'string' && typeof msg.status === 'string' && ['live', 'ended', 'error'].includes(msg.status)
        && Array.isArray(msg.runs) && msg.runs.every(isLiveUpdate);
    default:
      return false;
  }
}

/** A CaseErrorView from anything thrown (a LossDebuggerError's fields are used when present). */
export function toCaseErrorView(e: unknown, file?: string): CaseErrorView {
  const out: CaseErrorView = { message: 'unknown error' };
  if (isRecord(e) || e instanceof Error) {
    const r = e as unknown as Record<string, unknown>;
    const detail = typeof r.detail === 'string' ? r.detail : typeof r.message === 'string' ? r.message : String(e);
    out.message = detail.replace(/\s*\n\s*/g, ' ');
    const where = isRecord(r.where) ? r.where : {};
    if (typeof where.file === 'string') out.file = where.file;
    if (typeof where.path === 'string') out.path = where.path;
    if (typeof where.line === 'number') out.line = where.line;
    if (typeof where.column === 'number') out.column = where.column;
    if (typeof r.hint === 'string') out.hint = r.hint;
    if (typeof r.code === 'string') out.code = r.code;
  } else if (e !== undefined) {
    out.message = String(e);
  }
  if (out.file === undefined && file !== undefined) out.file = file;
  return out;
}

// ---------------------------------------------------------------------------------------------
// The page the webview runs in
// ---------------------------------------------------------------------------------------------

/** Where the page runs: `vscode` (the panel), `report` (a static HTML file: no host behind it), `test`. */
export type PageMode = 'vscode' | 'report' | 'test';

export interface PageShellOptions {
  mode: PageMode;
  title: string;
  /** The Content-Security-Policy (scripts must be allowed by `nonce`). */
  csp: string;
  nonce: string;
  /** Stylesheets: linked (`href`) or inlined (`css`, allowed by the nonce). */
  styles: Array<{ href: string } | { css: string }>;
  /** Scripts in order: from a URL, inlined, or JSON data (`id`, read by the webview). */
  scripts: Array<{ src: string } | { js: string } | { json: string; id: string }>;
  /** Classes of <body> (the theme: `vscode-dark`…); VS Code sets them itself. */
  bodyClass?: string;
  /** Markup inside <main id="app"> before the webview renders (a <noscript> note). */
  placeholder?: string;
  /**
   * The page's language: `<html lang>` and, with a bundle, a JSON script `#lossdbg-l10n` the webview
   * reads (`readL10nSetup`) and passes to `setL10n` before it renders anything.
   */
  l10n?: L10nSetup;
}

/** The id of the page's JSON script that carries its `L10nSetup`. */
export const L10N_SCRIPT_ID = 'lossdbg-l10n';

/** JSON made safe inside a `<script type="application/json">` element (no `</script`, no `<!--`). */
export function scriptJson(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function isL10nBundle(v: unknown): v is L10nBundle {
  if (!isRecord(v)) return false;
  return Object.values(v).every((m) => typeof m === 'string'
    || (isRecord(m) && typeof m.message === 'string' && (m.comment === undefined || isStringArray(m.comment))));
}

/** The page's `L10nSetup` from the text of its `#lossdbg-l10n` script; undefined (English) when missing or malformed. */
export function readL10nSetup(text: string | null | undefined): L10nSetup | undefined {
  if (!text) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(v) || typeof v.language !== 'string' || v.language.length > 64) return undefined;
  if (v.bundle === undefined) return { language: v.language };
  return isL10nBundle(v.bundle) ? { language: v.language, bundle: v.bundle } : undefined;
}

/** Text for a double-quoted attribute or an element's content (single quotes stay: the CSP has them). */
function attr(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}

/**
 * What a panel shows from its HTML alone, before its script runs and the engine answers: the title
 * (the file's name) and what is under way, with a few empty blocks where the findings will be. The
 * webview keeps it until it has something to show (webview/main.ts).
 */
export function pageSkeleton(o: { title: string; status: string }): string {
  return `<div class="skeleton" aria-busy="true"><header class="view-header"><h1>${attr(o.title)}</h1><p class="skeleton-status">${attr(o.status)}</p></header>`
    + '<div class="skeleton-block"></div><div class="skeleton-block"></div></div>';
}

/**
 * The one HTML page of the webview, shared by the VS Code panel, the static HTML report and the
 * Chromium tests (which therefore render the real panel's page): the CSP, `lossdbg-mode`, the
 * stylesheets, `<main id="app">` and the live region the webview announces into, then the scripts.
 * Inline text must already be safe inside its element (see `inlineJs` / `scriptJson` in
 * src/report/html.ts).
 */
export function pageShell(o: PageShellOptions): string {
  const n = attr(o.nonce);
  const styles = o.styles.map((s) => ('href' in s ? `<link rel="stylesheet" href="${attr(s.href)}">` : `<style nonce="${n}">\n${s.css}\n</style>`)).join('\n');
  const lang = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(o.l10n?.language ?? '') ? o.l10n!.language : 'en';
  const l10nScript = o.l10n?.bundle ? [{ json: scriptJson(o.l10n), id: L10N_SCRIPT_ID }] : [];
  const scripts = [...l10nScript, ...o.scripts].map((s) => ('src' in s ? `<script nonce="${n}" src="${attr(s.src)}"></script>`
    : 'json' in s ? `<script type="application/json" id="${attr(s.id)}">${s.json}</script>`
      : `<script nonce="${n}">\n${s.js}\n</script>`)).join('\n');
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(o.csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="lossdbg-mode" content="${o.mode}">
<meta name="generator" content="Loss Debugger">
${styles}
<title>${attr(o.title)}</title>
</head>
<body${o.bodyClass ? ` class="${attr(o.bodyClass)}"` : ''}>
<main id="app">${o.placeholder ?? ''}</main>
<div id="live" class="visually-hidden" aria-live="polite"></div>
${scripts}
</body>
</html>`;
}
