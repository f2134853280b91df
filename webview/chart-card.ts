/**
 * A curve chart in its card: title, the canvas in a box of fixed minimum height, a compact HTML
 * legend that wraps (hover highlights a run, a click hides it), and a toolbar (Reset zoom, PNG, CSV).
 * Exports go to the host (a save dialog) or, in the static HTML report, to a download link.
 */
import { l10n } from '../src/l10n';
import type { Series, Smoothing } from '../src/shapes/index';
import { CurveChart, type CurveOptions, type CurveSource } from './curves';
import { button, clear, h } from './dom';
import type { Host } from './host';
import { clampWeight, MAX_SMOOTHING } from './smoothing';
import { readPalette } from './theme';

export interface ChartCard {
  fig: HTMLElement;
  curves: CurveChart;
  /** Redraws the legend (after runs were added). */
  refreshLegend(): void;
}

/** `Loss · MSELoss` → `loss-mseloss`: a plain file name (Hangul syllables kept: `손실 · MSELoss` → `손실-mseloss`). */
export function fileStem(s: string): string {
  return s.toLowerCase().replace(/[^\uac00-\ud7a3]+/g, (part) => part.normalize('NFKD').replace(/[^a-z0-9.=-]+/g, '-'))
    .replace(/^-+|-+$/g, '').slice(0, 80) || 'chart';
}

/** Saves an export: through the host's save dialog, or as a download in the HTML report. */
export function saveExport(host: Host, name: string, content: { text: string } | { dataUrl: string }): void {
  if (!host.report) {
    host.post({ type: 'saveExport', name, ...content });
    return;
  }
  const a = document.createElement('a');
  a.download = name;
  a.href = 'text' in content ? URL.createObjectURL(new Blob([content.text], { type: 'text/csv' })) : content.dataUrl;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function chartCard(
  host: Host,
  o: { title: string; note?: string | null; label: string; cls?: string; src: CurveSource; keys: string[]; yTitle: string; options: CurveOptions },
): ChartCard {
  const canvas = h('canvas', { role: 'img', attrs: { 'aria-label': o.label } }, o.label);
  const legend = h('ul', { class: 'chart-legend', attrs: { 'aria-label': l10n.t('Series of {0}: click one to hide or show it', o.title) } });
  const tools = h('div', { class: 'chart-tools' });
  const fig = h('figure', { class: `chart-figure ${o.cls ?? ''}` },
    h('figcaption', null, h('span', { class: 'figure-title' }, o.title), o.note ? h('span', { class: 'figure-caption' }, o.note) : null, tools),
    h('div', { class: 'chart-box' }, canvas),
    legend);
  const curves = new CurveChart(canvas, o.src, o.keys, o.yTitle, o.options);
  const stem = fileStem(o.title);
  const reset = button(l10n.t('Reset zoom'), () => { curves.resetZoom(); reset.hidden = true; }, 'link-button reset-zoom', l10n.t('Reset the zoom of {0}', o.title));
  reset.hidden = true;
  tools.append(
    reset,
    button('PNG', () => saveExport(host, `${stem}.png`, { dataUrl: curves.png() }), 'link-button export-png', l10n.t('Save {0} as a PNG image', o.title)),
    button('CSV', () => saveExport(host, `${stem}.csv`, { text: curves.csv() }), 'link-button export-csv', l10n.t('Save the data of {0} as CSV', o.title)),
  );
  const zoom = curves.chart.options.plugins?.zoom?.zoom;
  if (zoom) zoom.onZoomComplete = () => { reset.hidden = !curves.zoomed(); };
  canvas.addEventListener('dblclick', () => { reset.hidden = true; });
  canvas.title = l10n.t('Drag across the chart to zoom in; double-click to reset');

  const drawLegend = (): void => {
    clear(legend);
    const p = readPalette();
    const items = curves.legendItems();
    if (items.length < 2) { legend.hidden = true; return; }
    legend.hidden = false;
    for (const it of items) {
      const swatch = (dashed: boolean): HTMLElement => h('span', { class: `legend-swatch c${it.color % p.series.length}${dashed ? ' dashed' : ''}`, attrs: { 'aria-hidden': 'true' } });
      const swatches = it.line === 'both' ? [swatch(false), swatch(true)] : [swatch(it.line === 'dashed')];
      const b = h('button', { class: `legend-item${it.hidden ? ' off' : ''}`, title: legendTip(it.run, !it.hidden), attrs: { type: 'button', 'aria-pressed': String(!it.hidden) } }, ...swatches, h('span', { class: 'legend-label' }, it.run));
      b.addEventListener('click', () => {
        const shown = curves.toggleRun(it.run);
        b.classList.toggle('off', !shown);
        b.setAttribute('aria-pressed', String(shown));
        b.title = legendTip(it.run, shown);
      });
      b.addEventListener('mouseenter', () => curves.highlight(it.run));
      b.addEventListener('mouseleave', () => curves.highlight(undefined));
      b.addEventListener('focus', () => curves.highlight(it.run));
      b.addEventListener('blur', () => curves.highlight(undefined));
      legend.appendChild(h('li', null, b));
    }
  };
  curves.onRebuild = drawLegend;
  drawLegend();
  return { fig, curves, refreshLegend: drawLegend };
}

/** A legend entry's tooltip: what a click does to a shown or hidden run. */
function legendTip(run: string, shown: boolean): string {
  return shown ? l10n.t('{0}: click to hide', run) : l10n.t('{0}: click to show', run);
}

/** TensorBoard's smoothing slider (0–0.99) with its value shown; `onChange` gets the clamped weight. */
export function smoothingControl(id: string, value: Smoothing, onChange: (s: Smoothing) => void): HTMLElement {
  const slider = h('input', { id, attrs: { type: 'range', min: '0', max: String(MAX_SMOOTHING), step: '0.01', 'aria-label': l10n.t('Smoothing (TensorBoard): weight of the past in a debiased moving average') } });
  slider.value = String(value.weight);
  const shown = h('output', { class: 'smoothing-value', attrs: { for: id } }, value.weight.toFixed(2));
  slider.addEventListener('input', () => {
    const s = { weight: clampWeight(Number(slider.value)) };
    shown.textContent = s.weight.toFixed(2);
    onChange(s);
  });
  return h('label', { class: 'control smoothing-control', attrs: { for: id } }, `${l10n.t('Smoothing')} `, slider, shown);
}

/** A source over fixed series (one run per entry). */
export function fixedSource(series: Record<string, Record<string, Series | undefined>>): CurveSource {
  return { runs: Object.keys(series), series: (run, key) => series[run]?.[key] };
}
