/**
 * Webview entry: restores the last state and renders it at once, then tells the host it is ready and
 * renders whatever the host sends (src/protocol.ts). Also runs inside the static HTML report, where
 * the messages come from an embedded `<script type="application/json" id="lossdbg-data">`.
 */
import { mark, markPainted, traceSnapshot } from './trace'; // first: its clock starts with the script
import './language'; // the page's language is set before any module builds a string
import { l10n } from '../src/l10n';
import { isHostToWebview } from '../src/protocol';
import type { HostToWebview, PanelState } from '../src/shapes/index';
import { renderCase } from './case';
import { afterCharts, chartsLoaded, destroyAll, liveCharts, loadCharts, recolorAll } from './charts';
import { clear, h } from './dom';
import { renderError } from './error-view';
import { connect } from './host';
import { emptyTrain, restoreState, trainFromResult } from './state';
import { observeTheme } from './theme';
import { applyProgress, TrainView } from './train';
import { RunLogView } from './runlog';

const host = connect();
let state: PanelState = restoreState(host.getState());
let trainView: TrainView | undefined;
let runLogView: RunLogView | undefined;

function app(): HTMLElement {
  let el = document.getElementById('app');
  if (!el) {
    el = h('main', { id: 'app' });
    document.body.appendChild(el);
  }
  if (!document.getElementById('live')) {
    document.body.appendChild(h('div', { id: 'live', class: 'visually-hidden', attrs: { 'aria-live': 'polite' } }));
  }
  return el;
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;
function saveNow(): void {
  if (saveTimer !== undefined) { clearTimeout(saveTimer); saveTimer = undefined; }
  try { host.setState(state); } catch (e) { reportError(e); }
}
function saveSoon(): void {
  if (saveTimer === undefined) saveTimer = setTimeout(saveNow, 250);
}

function reportError(e: unknown): void {
  const message = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
  try { host.post({ type: 'webviewError', message: message.slice(0, 10_000) || 'error' }); } catch { /* nothing left to do */ }
}

/** Tells the page (tests, the trace) that the view is drawn; a case view's charts may follow later. */
function rendered(): void {
  if (state.mode === 'case' && state.caseView) {
    mark('case-rendered');
    markPainted('case-painted');
  }
  // 'lossdbg:rendered' means everything, charts included, is drawn.
  const mode = state.mode;
  afterCharts(() => window.dispatchEvent(new CustomEvent('lossdbg:rendered', { detail: { mode } })));
}

let waitingForCharts = false;

/** Training and log views are charts first: they are built once chart.js is loaded (render again then). */
function needCharts(root: HTMLElement): boolean {
  if (chartsLoaded()) return false;
  root.appendChild(h('p', { class: 'placeholder' }, l10n.t('Loading the charts…')));
  if (!waitingForCharts) {
    waitingForCharts = true;
    loadCharts().then(() => { waitingForCharts = false; render(); }, (e: unknown) => {
      waitingForCharts = false;
      reportError(e);
      clear(root);
      root.appendChild(renderError({ message: l10n.t('The panel could not load its charts: {0}', e instanceof Error ? e.message : String(e)), hint: l10n.t('Please report this with the input file.') }, host));
      rendered();
    });
  }
  return true;
}

function render(): void {
  const root = app();
  destroyAll();
  trainView = undefined;
  runLogView = undefined;
  clear(root);
  try {
    switch (state.mode) {
      case 'case':
        if (state.caseView) root.appendChild(renderCase(state.caseView, host, state.ui));
        break;
      case 'error':
        if (state.error) root.appendChild(renderError(state.error, host));
        break;
      case 'train':
        if (state.train && !needCharts(root)) {
          trainView = new TrainView(state.train, host, state.ui, saveSoon, rendered);
          root.appendChild(trainView.root);
        }
        break;
      case 'runlog':
        if (state.runLog && !needCharts(root)) {
          runLogView = new RunLogView(state.runLog, host, state.ui, saveSoon);
          root.appendChild(runLogView.root);
        }
        break;
      default:
        break;
    }
    if (!root.childNodes.length) {
      root.appendChild(h('p', { class: 'placeholder' }, host.report ? l10n.t('This report holds no data.') : l10n.t('Waiting for data… Inspect a loss case or run a scenario to see it here.')));
    }
  } catch (e) {
    reportError(e);
    clear(root);
    root.appendChild(renderError({ message: l10n.t('The panel could not show this data: {0}', e instanceof Error ? e.message : String(e)), hint: l10n.t('Please report this with the input file.') }, host));
  }
  if (!waitingForCharts) rendered();
}

export function handle(msg: HostToWebview): void {
  mark(`message:${msg.type}`);
  switch (msg.type) {
    case 'showCase':
      state = { ...state, mode: 'case', caseView: msg.view, error: undefined, train: undefined, runLog: undefined };
      break;
    case 'caseError':
      state = { ...state, mode: 'error', error: msg.error, caseView: undefined, train: undefined, runLog: undefined };
      break;
    case 'runStarted': {
      const t = emptyTrain(msg.scenario, msg.title, msg.kind, msg.runs);
      if (msg.epochs !== undefined) t.epochs = msg.epochs;
      if (msg.description) t.description = msg.description;
      state = { ...state, mode: 'train', train: t, caseView: undefined, error: undefined };
      break;
    }
    case 'progress': {
      if (!state.train || state.mode !== 'train') {
        state = { ...state, mode: 'train', train: emptyTrain('scenario', l10n.t('Training'), 'tutorial', []), caseView: undefined, error: undefined };
        applyProgress(state.train as NonNullable<PanelState['train']>, msg);
        break;
      }
      applyProgress(state.train, msg);
      if (trainView) {
        // drawn at the next animation frame with whatever else arrived (which then says 'rendered')
        try { trainView.progress(msg.run); } catch (e) { reportError(e); render(); }
        saveSoon();
        return;
      }
      break;
    }
    case 'runFinished':
      state = { ...state, mode: 'train', train: trainFromResult(state.train, msg.result), caseView: undefined, error: undefined };
      break;
    case 'runFailed':
    case 'runCancelled':
      if (state.train) {
        state.train.status = msg.type === 'runFailed' ? 'failed' : 'cancelled';
        if (msg.type === 'runFailed') state.train.message = msg.message;
      } else if (msg.type === 'runFailed') {
        state = { ...state, mode: 'error', error: { message: l10n.t('Training failed: {0}', msg.message) } };
      }
      if (trainView && state.mode === 'train') { trainView.setStatus(); saveNow(); return; }
      break;
    case 'runLog':
      if (state.mode === 'runlog' && runLogView) {
        state = { ...state, runLog: msg };
        try { runLogView.update(msg); } catch (e) { reportError(e); render(); }
        saveSoon();
        rendered();
        return;
      }
      state = { ...state, mode: 'runlog', runLog: msg, caseView: undefined, error: undefined, train: undefined };
      break;
  }
  render();
  saveNow();
}

function onMessage(ev: MessageEvent): void {
  const msg: unknown = ev.data;
  if (!isHostToWebview(msg)) {
    const t = typeof msg === 'object' && msg !== null ? String((msg as { type?: unknown }).type) : typeof msg;
    reportError(`ignored a malformed message from the host (type ${t})`);
    return;
  }
  handle(msg);
}

function embeddedMessages(): HostToWebview[] {
  const el = document.getElementById('lossdbg-data');
  if (!el?.textContent) return [];
  try {
    const data: unknown = JSON.parse(el.textContent);
    return Array.isArray(data) ? data.filter(isHostToWebview) : [];
  } catch (e) {
    reportError(e);
    return [];
  }
}

/** A read-only summary of the live charts, for tests and bug reports (no data beyond what is drawn). */
function debugCharts(): unknown {
  // in the order they appear on the page
  const charts = liveCharts().sort((a, b) => (a.canvas.compareDocumentPosition(b.canvas) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  return charts.map((c) => ({
    title: c.canvas.closest('figure')?.querySelector('.figure-title')?.textContent ?? '',
    type: (c.config as { type?: string }).type,
    yScale: c.options.scales?.y?.type,
    xScale: c.options.scales?.x?.type,
    x: { min: c.scales.x?.min, max: c.scales.x?.max },
    height: c.height,
    datasets: c.data.datasets.map((d, i) => ({
      label: d.label,
      role: (d as { role?: string }).role,
      visible: c.isDatasetVisible(i),
      points: d.data.length,
      color: d.borderColor,
      dashed: ((d as { borderDash?: unknown }).borderDash as unknown[] | undefined ?? []).length > 0,
      radius: (d as { pointRadius?: unknown }).pointRadius,
      xs: (d.data as unknown[]).map((p) => (typeof p === 'object' && p !== null ? (p as { x: number }).x : null)),
      values: (d.data as unknown[]).map((p) => (typeof p === 'object' && p !== null ? (p as { y: number | null }).y : p)),
    })),
    gridColor: c.options.scales?.x?.grid?.color,
  }));
}

function boot(): void {
  mark('boot');
  (window as unknown as { lossdbgDebug: unknown }).lossdbgDebug = { charts: debugCharts, trace: traceSnapshot };
  window.addEventListener('message', onMessage);
  window.addEventListener('error', (ev) => reportError(ev.error ?? ev.message));
  observeTheme(() => { try { recolorAll(); rendered(); } catch (e) { reportError(e); } });
  // Nothing restored: the host's skeleton (the file's name, what is under way) stays until its message.
  if (state.mode !== 'empty' || !document.querySelector('#app .skeleton')) render();
  const embedded = embeddedMessages();
  for (const m of embedded) handle(m);
  host.post({ type: 'ready' });
  mark('ready-posted');
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
