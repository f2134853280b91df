/**
 * chart.js setup: only the components we use are registered (keeps the bundle small), animation is
 * off (streaming updates use `update('none')`), and every chart knows how to recolour itself.
 */
import {
  BarController, BarElement, CategoryScale, Chart, Decimation, Filler, Legend, LinearScale, LineController,
  LineElement, LogarithmicScale, PointElement, Tooltip,
  type ChartConfiguration, type ChartType,
} from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';
import { readPalette, type Palette } from './theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, CategoryScale,
  BarController, BarElement, Legend, Tooltip, Filler, Decimation, zoomPlugin);

Chart.defaults.animation = false;
Chart.defaults.responsive = true;
Chart.defaults.maintainAspectRatio = false;

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

export function makeChart<T extends ChartType>(canvas: HTMLCanvasElement, config: ChartConfiguration<T>, recolor: Recolor): Chart<T> {
  Chart.defaults.font.family = fontFamily();
  const chart = new Chart(canvas, config);
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
