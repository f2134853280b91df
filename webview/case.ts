/** The inspected-case view: header, findings, tables and the data charts. */
import { l10n } from '../src/l10n';
import type { BarsView, CaseView, HistogramView, PRView, ReliabilityView, Series, StreamedCaseView } from '../src/shapes/index';
import { makeChart, whenCharts } from './charts';
import { chartCard } from './chart-card';
import { h, table } from './dom';
import { renderFindings } from './findings';
import { fmt, fmtValue, pct } from './format';
import type { Host } from './host';
import type { UiSettings } from '../src/shapes/index';
import { withAlpha } from './theme';

export function figure(title: string, caption: string | null, label: string, cls = ''): { fig: HTMLElement; canvas: HTMLCanvasElement } {
  const canvas = h('canvas', { role: 'img', attrs: { 'aria-label': label } }, label);
  const fig = h('figure', { class: `chart-figure ${cls}` },
    title || caption ? h('figcaption', null, title ? h('span', { class: 'figure-title' }, title) : null, caption ? h('span', { class: 'figure-caption' }, caption) : null) : null,
    h('div', { class: 'chart-box' }, canvas));
  return { fig, canvas };
}

/**
 * Draws a figure's chart once chart.js is loaded (at once when it is; else after the findings are
 * painted, webview/charts.ts); when it cannot be loaded, the figure says so instead.
 */
function chartLater(fig: HTMLElement, draw: () => void): void {
  whenCharts(draw, (e) => {
    fig.querySelector('.chart-box')?.remove();
    fig.appendChild(h('p', { class: 'figure-note chart-error' }, l10n.t('The chart could not be drawn: {0}', e instanceof Error ? e.message : String(e))));
  });
}

/** A titled section; `key` (English, stable) names its heading's id whatever the page's language. */
function section(key: string, title: string, ...children: Array<Node | null>): HTMLElement {
  const id = `sec-${key}`;
  return h('section', { class: 'panel-section', attrs: { 'aria-labelledby': id } }, h('h2', { id }, title), ...children);
}

function histogramChart(hv: HistogramView): HTMLElement {
  const { fig, canvas } = figure(l10n.t('Input values'), hv.interpretation, l10n.t('Histogram of {0} input values from {1} to {2}', hv.total, fmt(hv.min), fmt(hv.max)), 'histogram');
  const centers = hv.counts.map((_, i) => (hv.edges[i] + hv.edges[i + 1]) / 2);
  const inBand = hv.counts.map((_, i) => hv.markUnitInterval === true && hv.edges[i] >= 0 && hv.edges[i + 1] <= 1);
  chartLater(fig, () => makeChart<'bar'>(canvas, {
    type: 'bar',
    data: { labels: centers.map((c) => fmt(c, 3)), datasets: [{ label: l10n.t('values'), data: hv.counts, barPercentage: 1, categoryPercentage: 1 }] },
    options: {
      plugins: { legend: { display: false }, tooltip: { callbacks: { title: (it) => (it.length ? `[${fmt(hv.edges[it[0].dataIndex])}, ${fmt(hv.edges[it[0].dataIndex + 1])})` : '') } } },
      scales: { x: { title: { display: true, text: hv.markUnitInterval ? l10n.t('value (bars inside [0, 1] highlighted)') : l10n.t('value') }, ticks: { maxTicksLimit: 8, maxRotation: 0 } }, y: { title: { display: true, text: l10n.t('count') }, beginAtZero: true } },
    },
  }, (c, p) => {
    const ds = c.data.datasets[0];
    ds.backgroundColor = inBand.map((b) => (b ? p.highlight : p.series[0]));
    ds.borderColor = ds.backgroundColor;
  }));
  const extra: string[] = hv.markUnitInterval ? [l10n.t('{0} of finite values in [0, 1]', pct(hv.inUnitInterval))] : [];
  if (hv.below || hv.above) extra.push(l10n.t('outliers not shown: {0} below {1} (min {2}), {3} above {4} (max {5})', hv.below ?? 0, fmt(hv.edges[0]), fmt(hv.min), hv.above ?? 0, fmt(hv.edges[hv.edges.length - 1]), fmt(hv.max)));
  if (hv.nonFinite) extra.push(l10n.t('{0} NaN/Inf values not shown', hv.nonFinite));
  if (hv.sample) extra.push(l10n.t('bars from a sample of {0} of the {1} values (one in {2})', hv.sample.values, hv.total, hv.sample.every));
  if (extra.length) fig.appendChild(h('p', { class: 'figure-note' }, extra.join(' · ')));
  return fig;
}

function barsChart(b: BarsView, title: string, yTitle: string, label: string, otherLabel = l10n.t('other')): HTMLElement {
  const labels = [...b.labels];
  const values = [...b.values];
  if (b.other !== undefined) { labels.push(`${otherLabel} (${b.otherCount ?? '?'})`); values.push(b.other); }
  const { fig, canvas } = figure(title, b.caption ?? null, label, 'bars');
  const n = labels.length;
  chartLater(fig, () => makeChart<'bar'>(canvas, {
    type: 'bar',
    data: { labels, datasets: [{ label: yTitle, data: values }] },
    options: {
      plugins: { legend: { display: false } },
      scales: { x: { ticks: { autoSkip: true, maxRotation: 60 } }, y: { title: { display: true, text: yTitle }, beginAtZero: true } },
    },
  }, (c, p) => {
    const ds = c.data.datasets[0];
    const colors = values.map((_, i) => (b.other !== undefined && i === n - 1 ? withAlpha(p.muted, 0.6) : p.series[0]));
    ds.backgroundColor = colors;
    ds.borderColor = colors;
  }));
  return fig;
}

function prChart(pr: PRView): HTMLElement {
  const { fig, canvas } = figure(l10n.t('Precision–recall'), l10n.t('average precision {0} · prevalence {1}', fmt(pr.averagePrecision), pct(pr.prevalence)), l10n.t('Precision-recall curve, average precision {0}', fmt(pr.averagePrecision)), 'square');
  chartLater(fig, () => makeChart<'line'>(canvas, {
    type: 'line',
    data: {
      datasets: [
        { label: pr.label ?? l10n.t('precision'), data: pr.points, pointRadius: 0, borderWidth: 2, stepped: false },
        { label: l10n.t('chance (prevalence)'), data: [{ x: 0, y: pr.prevalence }, { x: 1, y: pr.prevalence }], pointRadius: 0, borderWidth: 1, borderDash: [4, 4] },
      ],
    },
    options: {
      parsing: false,
      scales: { x: { type: 'linear', min: 0, max: 1, title: { display: true, text: l10n.t('recall') } }, y: { min: 0, max: 1, title: { display: true, text: l10n.t('precision') } } },
      plugins: { legend: { position: 'bottom' } },
    },
  }, (c, p) => {
    c.data.datasets[0].borderColor = p.series[0];
    c.data.datasets[0].backgroundColor = p.series[0];
    c.data.datasets[1].borderColor = p.muted;
    c.data.datasets[1].backgroundColor = 'transparent';
  }));
  return fig;
}

function reliabilityChart(r: ReliabilityView): HTMLElement {
  const pts = r.bins.filter((b) => b.count > 0 && b.confidence !== null && b.accuracy !== null).map((b) => ({ x: b.confidence as number, y: b.accuracy as number }));
  const { fig, canvas } = figure(l10n.t('Reliability'), `${r.label} · ECE ${fmt(r.ece)}`, l10n.t('Reliability diagram, expected calibration error {0}', fmt(r.ece)), 'square');
  chartLater(fig, () => makeChart<'line'>(canvas, {
    type: 'line',
    data: {
      datasets: [
        { label: l10n.t('observed'), data: pts, pointRadius: 3, borderWidth: 2 },
        { label: l10n.t('perfect calibration'), data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], pointRadius: 0, borderWidth: 1, borderDash: [4, 4] },
      ],
    },
    options: {
      parsing: false,
      scales: { x: { type: 'linear', min: 0, max: 1, title: { display: true, text: l10n.t('predicted confidence') } }, y: { min: 0, max: 1, title: { display: true, text: l10n.t('observed frequency') } } },
      plugins: { legend: { position: 'bottom' } },
    },
  }, (c, p) => {
    c.data.datasets[0].borderColor = p.series[1];
    c.data.datasets[0].backgroundColor = p.series[1];
    c.data.datasets[1].borderColor = p.muted;
    c.data.datasets[1].backgroundColor = 'transparent';
  }));
  return fig;
}

/** A case whose input was read in chunks: how, which rules did not run and which views are left out, with why. */
function streamedSection(s: StreamedCaseView): HTMLElement {
  const asked = s.requests.rows + s.requests.losses + s.requests.passes > 0
    ? h('p', null, l10n.t('Read again for the rules: {0} rows, {1} recomputed losses, {2} more passes over the file.', s.requests.rows, s.requests.losses, s.requests.passes))
    : null;
  const list = (title: string, items: Array<[string, string]>, cls: string): HTMLElement | null => (items.length
    ? h('div', { class: `streamed-list ${cls}` }, h('h3', null, title), h('ul', null, ...items.map(([what, why]) => h('li', null, h('strong', null, what), ` — ${why}`))))
    : null);
  return section('streamed', l10n.t('Read in chunks'),
    h('p', null, l10n.t('The input was read in {0} chunks of rows ({1} rows), not held in memory. The loss and the findings are computed over every row.', s.chunks, s.rows)),
    asked,
    list(l10n.t('Rules not checked (they need the whole input in memory)'), s.notChecked.map((n) => [n.rule, n.needs]), 'not-checked'),
    s.notChecked.length ? null : h('p', { class: 'muted' }, l10n.t('Every rule was checked.')),
    list(l10n.t('Not shown here'), s.unavailable.map((u) => [u.view, u.why]), 'unavailable'));
}

function historyChart(hist: { train?: Series; val?: Series; downsampledFrom?: number }, ui: UiSettings, host: Host): HTMLElement {
  const title = hist.downsampledFrom ? l10n.t('Loss history (from the case file; {0} points shown as bucket minima and maxima)', hist.downsampledFrom) : l10n.t('Loss history (from the case file)');
  const label = l10n.t('Loss history recorded in the case file');
  // Until chart.js is loaded, an empty figure of the same size holds the card's place.
  const { fig } = figure(title, null, label, 'wide curves');
  chartLater(fig, () => fig.replaceWith(chartCard(host, {
    title, label, cls: 'wide curves',
    src: { runs: ['case'], series: (_r, k) => (k === 'train' ? hist.train : hist.val) }, keys: ['train', 'val'], yTitle: l10n.t('loss'),
    options: { smoothing: ui.smoothing, logScale: ui.logScale },
  }).fig));
  return fig;
}

export function renderCase(v: CaseView, host: Host, ui: UiSettings): HTMLElement {
  const root = h('div', { class: 'case-view' });
  const args = Object.entries(v.lossArgs).map(([k, x]) => `${k}=${x === null ? 'None' : typeof x === 'string' ? `'${x}'` : String(x)}`).join(', ');
  const lossLine = v.lossValue !== null ? l10n.t('loss = {0}', fmt(v.lossValue, 6)) : v.lossError ? l10n.t('loss could not be computed: {0}', v.lossError) : l10n.t('per-element loss (reduction=\'none\')');
  root.appendChild(h('header', { class: 'view-header' },
    h('h1', null, v.title),
    h('p', { class: 'loss-spec' }, h('code', null, `nn.${v.lossType}(${args})`)),
    h('p', { class: 'loss-value' }, lossLine, v.reportedLoss !== undefined ? h('span', { class: 'muted' }, ` · ${l10n.t('reported {0}', fmt(v.reportedLoss, 6))}`) : null)));

  root.appendChild(section('findings', l10n.t('Findings'), renderFindings(v.findings, host, v.file, l10n.t('No problems found in this case.'))));
  if (v.streamed) root.appendChild(streamedSection(v.streamed));

  const tables = h('div', { class: 'table-grid' });
  tables.appendChild(table([l10n.t('quantity'), l10n.t('value')], v.summary.map((r) => [r.label, fmtValue(r.value), ...(r.note ? [] : [])]), 'summary', l10n.t('Input and target')));
  if (v.metrics.length) tables.appendChild(table([l10n.t('metric'), l10n.t('value')], v.metrics.map((r) => [r.label, r.note ? `${fmtValue(r.value)} (${r.note})` : fmtValue(r.value)]), 'metrics', l10n.t('Metrics')));
  root.appendChild(section('summary', l10n.t('Summary'), tables));

  const charts = h('div', { class: 'chart-grid' });
  if (v.histogram) charts.appendChild(histogramChart(v.histogram));
  if (v.classFrequency) charts.appendChild(barsChart(v.classFrequency, l10n.t('Class frequency'), l10n.t('count'), l10n.t('Class frequency of {0} classes', v.classFrequency.labels.length)));
  if (v.perClassLoss) charts.appendChild(barsChart(v.perClassLoss, l10n.t('Mean loss per class'), l10n.t('mean loss'), l10n.t('Mean loss per class for {0} classes', v.perClassLoss.labels.length)));
  if (v.pr) charts.appendChild(prChart(v.pr));
  if (v.reliability) charts.appendChild(reliabilityChart(v.reliability));
  if (v.history && (v.history.train?.length || v.history.val?.length)) charts.appendChild(historyChart(v.history, ui, host));
  if (charts.childNodes.length) root.appendChild(section('data', l10n.t('Data'), charts));

  if (v.topSamples?.length) {
    const share = v.topSamplesShare !== undefined ? l10n.t('These {0} elements carry {1} of the total loss.', v.topSamples.length, pct(v.topSamplesShare)) : null;
    root.appendChild(section('largest-loss-contributions', l10n.t('Largest loss contributions'),
      share ? h('p', { class: 'muted' }, share) : null,
      table([l10n.t('position'), l10n.t('target'), l10n.t('predicted'), l10n.t('loss'), l10n.t('share')], v.topSamples.map((s) => [s.position, s.target, s.predicted, fmt(s.loss), pct(s.share)]), 'samples', l10n.t('Samples with the largest loss'))));
  }
  return root;
}
