/** The training view: live loss curves (overlaid runs), smoothing and log-scale controls, metrics, findings. */
import type { Chart } from 'chart.js';
import type { ProgressMessage, Series } from '../src/shapes/index';
import { destroyChart } from './charts';
import { CurveChart, type CurveSource } from './curves';
import { button, clear, h, table } from './dom';
import { renderFindings } from './findings';
import { fmt, humanize } from './format';
import type { Host } from './host';
import { figure } from './case';
import type { TrainState, UiSettings } from '../src/shapes/index';

const LOSS_KEYS = ['train_loss', 'val_loss'];

export function metricKeys(t: TrainState): string[] {
  const keys = new Set<string>();
  for (const r of t.runs) for (const k of Object.keys(t.series[r] ?? {})) if (!LOSS_KEYS.includes(k)) keys.add(k);
  return [...keys].sort();
}

/** Applies one progress message to the state (pure apart from mutating `t`). */
export function applyProgress(t: TrainState, m: ProgressMessage): void {
  if (!t.runs.includes(m.run)) t.runs.push(m.run);
  const s = (t.series[m.run] ??= { train_loss: [] });
  const i = Math.max(0, Math.floor(m.epoch) - 1);
  const set = (k: string, v: number | null | undefined) => {
    if (v === undefined) return;
    const arr = (s[k] ??= []);
    while (arr.length < i) arr.push(null);
    arr[i] = v === null || Number.isFinite(v) ? v : null;
  };
  set('train_loss', m.train_loss);
  set('val_loss', m.val_loss);
  for (const [k, v] of Object.entries(m.metrics ?? {})) set(k, v);
  t.epochOf[m.run] = Math.max(t.epochOf[m.run] ?? 0, m.epoch);
  t.epochs = m.epochs;
}

function last(s: Series | undefined): number | null {
  if (!s) return null;
  for (let i = s.length - 1; i >= 0; i--) if (s[i] !== null && s[i] !== undefined) return s[i];
  return null;
}

export class TrainView {
  readonly root: HTMLElement;
  private status: HTMLElement;
  private actions: HTMLElement;
  private lossChart: CurveChart;
  private metricChart: CurveChart | undefined;
  private metricsBox: HTMLElement;
  private tableBox = h('div', { class: 'table-box' });
  private chartBox = h('div', { class: 'metric-chart-box' });
  private chartKeys = '';
  private findingsBox: HTMLElement;
  private src: CurveSource;

  constructor(private t: TrainState, private host: Host, private ui: UiSettings, private saveUi: () => void) {
    this.src = { runs: t.runs, series: (run, key) => this.t.series[run]?.[key] };
    this.root = h('div', { class: 'train-view' });
    this.status = h('p', { class: 'run-status', role: 'status', attrs: { 'aria-live': 'polite' } });
    this.actions = h('div', { class: 'run-actions' });
    this.root.appendChild(h('header', { class: 'view-header' },
      h('h1', null, t.title),
      h('p', { class: 'muted' }, `${t.kind} · scenario ${t.scenario}${t.result ? ` · seed ${t.result.seed}` : ''}`),
      t.description ? h('p', null, t.description) : null,
      h('div', { class: 'status-row' }, this.status, this.actions)));

    const look = this.lookFor();
    if (look) this.root.appendChild(look);

    const { fig, canvas } = figure('', t.runs.length > 1 ? 'solid: train · dashed: validation' : null, `Loss curves for ${t.runs.join(', ')}`, 'wide curves');
    this.lossChart = new CurveChart(canvas, this.src, LOSS_KEYS, 'loss', ui.smoothing, ui.logScale);
    this.lossChart.setEpochs(t.epochs);
    this.root.appendChild(h('section', { class: 'panel-section', attrs: { 'aria-labelledby': 'sec-curves' } },
      h('h2', { id: 'sec-curves' }, 'Loss curves'), this.controls(), fig));

    this.metricsBox = h('div', { class: 'metrics-box' }, this.tableBox, this.chartBox);
    this.root.appendChild(h('section', { class: 'panel-section', attrs: { 'aria-labelledby': 'sec-metrics' } },
      h('h2', { id: 'sec-metrics' }, 'Metrics'), this.metricsBox));
    this.findingsBox = h('div', { class: 'findings-box' });
    this.root.appendChild(h('section', { class: 'panel-section', attrs: { 'aria-labelledby': 'sec-findings' } },
      h('h2', { id: 'sec-findings' }, 'Findings'), this.findingsBox));
    this.renderTable();
    this.renderMetricChart();
    this.renderFindings();
    this.renderStatus();
  }

  /** The scenario's verdict and each run's "what to look for", once the result is in (none before). */
  private lookFor(): HTMLElement | null {
    const res = this.t.result;
    if (!res) return null;
    const runs = res.runs.filter((r) => typeof r.look_for === 'string' && r.look_for);
    if (!res.verdict && !runs.length) return null;
    return h('section', { class: 'panel-section look-for', attrs: { 'aria-labelledby': 'sec-look' } },
      h('h2', { id: 'sec-look' }, 'What to look for'),
      res.verdict ? h('p', { class: 'verdict' }, res.verdict) : null,
      runs.length ? h('ul', { class: 'look-for-runs' }, ...runs.map((r) => h('li', null, h('strong', null, r.name), `: ${r.look_for ?? ''}`))) : null);
  }

  private controls(): HTMLElement {
    const ui = this.ui;
    const sel = h('select', { id: 'smoothing-kind', attrs: { 'aria-label': 'Smoothing' } },
      h('option', { attrs: { value: 'none' } }, 'none'),
      h('option', { attrs: { value: 'ma' } }, 'moving average'),
      h('option', { attrs: { value: 'ema' } }, 'exponential (EMA)'));
    sel.value = ui.smoothing.kind;
    const win = h('input', { id: 'smoothing-window', attrs: { type: 'number', min: '1', max: '500', step: '1', 'aria-label': 'Moving-average window (epochs)' } });
    win.value = String(ui.smoothing.window);
    const alpha = h('input', { id: 'smoothing-alpha', attrs: { type: 'number', min: '0.01', max: '1', step: '0.05', 'aria-label': 'EMA alpha: weight of the newest point' } });
    alpha.value = String(ui.smoothing.alpha);
    const winLabel = h('label', { class: 'control', attrs: { for: 'smoothing-window' } }, 'window ', win);
    const alphaLabel = h('label', { class: 'control', attrs: { for: 'smoothing-alpha' } }, 'α ', alpha);
    const log = h('input', { id: 'log-scale', attrs: { type: 'checkbox' } });
    log.checked = ui.logScale;
    const sync = () => { winLabel.hidden = sel.value !== 'ma'; alphaLabel.hidden = sel.value !== 'ema'; };
    sync();
    const applySmoothing = () => {
      const kind = sel.value === 'ma' || sel.value === 'ema' ? sel.value : 'none';
      const w = Math.min(500, Math.max(1, Math.round(Number(win.value) || 1)));
      const a = Math.min(1, Math.max(0.01, Number(alpha.value) || 0.3));
      ui.smoothing = { kind, window: w, alpha: a };
      sync();
      this.lossChart.setSmoothing(ui.smoothing);
      this.metricChart?.setSmoothing(ui.smoothing);
      this.saveUi();
    };
    sel.addEventListener('change', applySmoothing);
    win.addEventListener('change', applySmoothing);
    alpha.addEventListener('change', applySmoothing);
    log.addEventListener('change', () => {
      ui.logScale = log.checked;
      this.lossChart.setLogScale(ui.logScale);
      this.saveUi();
    });
    return h('div', { class: 'controls', role: 'group', attrs: { 'aria-label': 'Chart options' } },
      h('label', { class: 'control', attrs: { for: 'smoothing-kind' } }, 'Smoothing ', sel), winLabel, alphaLabel,
      h('label', { class: 'control', attrs: { for: 'log-scale' } }, log, ' log scale'));
  }

  private renderStatus(): void {
    const t = this.t;
    const epochs = t.epochs ?? 0;
    let text: string;
    if (t.status === 'running') {
      const done = t.runs.map((r) => t.epochOf[r] ?? 0);
      const total = epochs * t.runs.length;
      text = total > 0 ? `Training… ${done.reduce((a, b) => a + b, 0)} of ${total} epochs (${t.runs.length} run${t.runs.length > 1 ? 's' : ''})` : 'Training…';
    } else if (t.status === 'finished') {
      text = `Finished${t.result ? ` in ${fmt(t.result.seconds, 3)} s` : ''}: ${t.runs.length} run${t.runs.length > 1 ? 's' : ''} × ${epochs} epochs`;
    } else if (t.status === 'failed') {
      text = `Failed: ${t.message ?? 'unknown error'}`;
    } else {
      text = 'Cancelled';
    }
    this.status.textContent = text;
    this.status.className = `run-status status-${t.status}`;
    clear(this.actions);
    if (this.host.report) return;
    if (t.status === 'running') {
      this.actions.appendChild(button('Cancel', () => this.host.post({ type: 'cancelRun', scenario: t.scenario }), 'secondary-button', 'Cancel the training run'));
    } else {
      this.actions.appendChild(button('Run again', () => this.host.post({ type: 'rerun', scenario: t.scenario }), 'primary-button', 'Run the scenario again'));
    }
  }

  private renderTable(): void {
    const t = this.t;
    clear(this.tableBox);
    const keys = metricKeys(t);
    const head = ['run', 'epoch', 'train loss', 'val loss', ...keys.map(humanize)];
    const rows = t.runs.map((r) => {
      const fin = t.result?.runs.find((x) => x.name === r)?.final;
      const val = (k: string) => fmt(fin && k in fin ? fin[k] : last(t.series[r]?.[k]));
      return [r, String(t.epochOf[r] ?? 0), val('train_loss'), val('val_loss'), ...keys.map(val)];
    });
    this.tableBox.appendChild(table(head, rows, 'run-metrics', t.status === 'finished' ? 'Final values per run' : 'Latest values per run'));
    const sum = t.result?.summary;
    if (sum && sum.columns.length && sum.rows.length) {
      this.tableBox.appendChild(table(sum.columns.map(humanize), sum.rows.map((r) => r.map((v) => (typeof v === 'number' || v === null ? fmt(v) : v))), 'run-summary', 'Comparison'));
    }
  }

  private renderMetricChart(): void {
    const keys = metricKeys(this.t);
    this.chartKeys = keys.join();
    if (this.metricChart) destroyChart(this.metricChart.chart as unknown as Chart);
    this.metricChart = undefined;
    clear(this.chartBox);
    if (!keys.length) return;
    const metric = this.ui.metric && keys.includes(this.ui.metric) ? this.ui.metric : keys[0];
    const sel = h('select', { id: 'metric-select', attrs: { 'aria-label': 'Metric to plot' } }, ...keys.map((k) => h('option', { attrs: { value: k } }, humanize(k))));
    sel.value = metric;
    const { fig, canvas } = figure('Metric curves', null, `Curves of ${humanize(metric)} per run`, 'wide');
    this.chartBox.append(h('div', { class: 'controls' }, h('label', { class: 'control', attrs: { for: 'metric-select' } }, 'Metric ', sel)), fig);
    this.metricChart = new CurveChart(canvas, this.src, [metric], humanize(metric), this.ui.smoothing, false);
    this.metricChart.setEpochs(this.t.epochs);
    sel.addEventListener('change', () => {
      this.ui.metric = sel.value;
      this.metricChart?.setKeys([sel.value], humanize(sel.value));
      this.saveUi();
    });
  }

  private renderFindings(): void {
    clear(this.findingsBox);
    const res = this.t.result;
    if (!res) {
      this.findingsBox.appendChild(h('p', { class: 'muted' }, this.t.status === 'running' ? 'Findings appear when the runs finish.' : 'No findings.'));
      return;
    }
    const multi = res.runs.length > 1;
    if (multi && res.runs.every((r) => !r.findings?.length)) {
      this.findingsBox.appendChild(h('p', { class: 'no-findings' }, `No problems found in any of the ${res.runs.length} runs.`));
      return;
    }
    for (const r of res.runs) {
      if (multi) this.findingsBox.appendChild(h('h3', { class: 'run-heading' }, r.name));
      this.findingsBox.appendChild(renderFindings(r.findings ?? [], this.host, undefined, multi ? `No problems found in ${r.name}.` : 'No problems found.'));
    }
  }

  /** New epochs for `run`: append points and refresh the tables. */
  progress(run: string): void {
    this.lossChart.setEpochs(this.t.epochs);
    this.lossChart.refreshRun(run);
    if (metricKeys(this.t).join() !== this.chartKeys) this.renderMetricChart();
    else { this.metricChart?.setEpochs(this.t.epochs); this.metricChart?.refreshRun(run); }
    this.renderStatus();
    this.renderTable();
  }

  setStatus(): void {
    this.renderStatus();
  }
}
