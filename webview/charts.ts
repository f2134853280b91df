/**
 * The panel's charts: chart.js lives in a second bundle (dist/webview-charts.js, webview/chart-lib.ts)
 * loaded only when a chart is shown — a `<script>` with this page's nonce, next to this bundle — so
 * the first paint (the findings) never waits for it. `whenCharts` queues a chart until then;
 * `makeChart` needs it loaded. Every chart knows how to recolour itself.
 */
import type { Chart, ChartConfiguration, ChartType } from 'chart.js';
import { mark } from './trace';
import { readPalette, type Palette } from './theme';

/** What the charts bundle hands over (as `window.lossdbgChartLib`). */
export interface ChartLib {
  Chart: typeof Chart;
}

/** This bundle's own script element: the charts bundle is loaded beside it, with its nonce. */
const self = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;

function chartLib(): ChartLib | undefined {
  return (window as unknown as { lossdbgChartLib?: ChartLib }).lossdbgChartLib;
}

/** Whether chart.js is there (loaded, or inlined before this bundle as in the HTML report). */
export function chartsLoaded(): boolean {
  return chartLib() !== undefined;
}

let loading: Promise<void> | undefined;

/** Loads the charts bundle once (a failed load may be retried). */
export function loadCharts(): Promise<void> {
  if (chartsLoaded()) return Promise.resolve();
  loading ??= new Promise<void>((resolve, reject) => {
    mark('charts-requested');
    const s = document.createElement('script');
    s.nonce = self?.nonce ?? '';
    s.src = new URL('webview-charts.js', self?.src || document.baseURI).toString();
    s.onload = () => {
      mark('charts-loaded');
      if (chartsLoaded()) resolve();
      else reject(new Error('webview-charts.js did not set up chart.js'));
    };
    s.onerror = () => reject(new Error(`could not load ${s.src}`));
    document.head.appendChild(s);
  }).catch((e: unknown) => {
    loading = undefined;
    throw e;
  });
  return loading;
}

interface Queued { draw: () => void; failed: (e: unknown) => void }

/** Charts waiting for chart.js; emptied by `destroyAll` (the view they belong to is gone). */
let queued: Queued[] = [];
let afterDrawn: Array<() => void> = [];
let scheduled = false;

/**
 * Draws a chart now if chart.js is loaded; otherwise once it is, after the page has painted what
 * it shows without charts (the charts bundle is requested only then). `failed`: the bundle could
 * not be loaded.
 */
export function whenCharts(draw: () => void, failed: (e: unknown) => void): void {
  if (chartsLoaded()) {
    draw();
    return;
  }
  queued.push({ draw, failed });
  if (scheduled) return;
  scheduled = true;
  // A rAF callback runs before the next paint; a task queued from it, after.
  requestAnimationFrame(() => setTimeout(() => {
    loadCharts().then(() => settle(undefined), (e: unknown) => settle(e));
  }, 0));
}

function settle(error: unknown): void {
  scheduled = false;
  const jobs = queued;
  queued = [];
  for (const q of jobs) {
    if (error === undefined) q.draw();
    else q.failed(error);
  }
  if (error === undefined && jobs.length) mark('charts-drawn');
  for (const f of afterDrawn.splice(0)) f();
}

/** Calls `f` once the charts queued so far are drawn (now, when none wait). */
export function afterCharts(f: () => void): void {
  if (queued.length === 0) f();
  else afterDrawn.push(f);
}

export type Recolor = (chart: Chart, p: Palette) => void;

interface Managed { chart: Chart; recolor: Recolor }

const live: Managed[] = [];

export function fontFamily(): string {
  const f = getComputedStyle(document.body).getPropertyValue('--vscode-font-family').trim();
  return f || 'system-ui, -apple-system, "Segoe UI", sans-serif';
}

/** Common axis/legend colours. */
export function applyBaseColors(chart: Chart, p: Palette): void {
  const o = chart.options;
  o.color = p.foreground;
  o.borderColor = p.grid;
  if (o.font) o.font.family = fontFamily();
  for (const s of Object.values(o.scales ?? {})) {
    if (!s) continue;
    if (s.ticks) s.ticks.color = p.foreground;
    if (s.grid) s.grid.color = p.grid;
    if ('border' in s && s.border) s.border.color = p.grid;
    if ('title' in s && s.title) s.title.color = p.foreground;
  }
  const legend = o.plugins?.legend;
  if (legend?.labels) legend.labels.color = p.foreground;
}

/** A chart on `canvas`; chart.js must be loaded (`whenCharts`, `loadCharts`). */
export function makeChart<T extends ChartType>(canvas: HTMLCanvasElement, config: ChartConfiguration<T>, recolor: Recolor): Chart<T> {
  const lib = chartLib();
  if (!lib) throw new Error('chart.js is not loaded yet');
  lib.Chart.defaults.font.family = fontFamily();
  const chart = new lib.Chart(canvas, config);
  const m: Managed = { chart: chart as unknown as Chart, recolor };
  const p = readPalette();
  applyBaseColors(m.chart, p);
  recolor(m.chart, p);
  chart.update('none');
  live.push(m);
  return chart;
}

export function destroyAll(): void {
  for (const m of live.splice(0)) m.chart.destroy();
  // Charts (and the callbacks waiting for them) of the view being replaced are dropped.
  queued = [];
  afterDrawn = [];
}

export function destroyChart(chart: Chart): void {
  const i = live.findIndex((m) => m.chart === chart);
  if (i >= 0) live.splice(i, 1);
  chart.destroy();
}

export function recolorAll(): void {
  const p = readPalette();
  for (const m of live) {
    applyBaseColors(m.chart, p);
    m.recolor(m.chart, p);
    // Element options (points, bars) are cached per controller and, in 'none' mode, kept on the
    // elements: drop the cache and do a full update (animation is off anyway) so new colours apply.
    m.chart.data.datasets.forEach((_, i) => m.chart.getDatasetMeta(i).controller?.configure());
    m.chart.update();
  }
}

export function liveCharts(): Chart[] {
  return live.map((m) => m.chart);
}
