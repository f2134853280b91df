/**
 * The training-run view (Watch Training Run… / Open Training Log…): the loss curves of one or more
 * runs overlaid against the log's steps, the curve rules' findings, the captured snapshots (click:
 * the existing case view) and notes. Live updates replace the data and redraw without animation.
 * Reuses the panel's chart setup (charts.ts: theme colours, recolouring) and finding cards.
 */
import type { Chart, ChartDataset } from 'chart.js';
import type { LiveUpdate, RunLogMessage } from '../src/shapes/index';
import { destroyChart, makeChart } from './charts';
import { button, clear, h, table } from './dom';
import { renderFindings } from './findings';
import { fmt } from './format';
import type { Host } from './host';
import { styleLines } from './curves';
import type { Palette } from './theme';

const LOSS = /loss|nll|xent|cross_?entropy|perplexity/i;
const NOT_LOSS = /loss[_/ .-]?(scale|scaler|weight|coef|coeff|multiplier)|scaler/i;
const VAL = /(^|[/_.\- ])(val|valid|validation|eval|evaluation|test|dev|holdout)(?=$|[/_.\- ])/i;

interface DsMeta { color: number; dashed: boolean }
type LineDs = ChartDataset<'line', Array<{ x: number; y: number }>>;

function baseName(p: string): string {
  const parts = p.split(/[\\/]/).filter(Boolean);
  return parts.slice(-2).join('/') || p;
}

export class RunLogView {
  readonly root = h('div', { class: 'runlog-view' });
  private header = h('div', { class: 'runlog-head' });
  private chartBox = h('div', { class: 'chart-box runlog-chart' });
  private canvas = h('canvas', { attrs: { role: 'img', 'aria-label': 'loss curves by step' } });
  private summaryBox = h('div', { class: 'table-box' });
  private findingsBox = h('section', { class: 'panel-section', attrs: { 'aria-label': 'Findings' } });
  private snapshotsBox = h('section', { class: 'panel-section', attrs: { 'aria-label': 'Snapshots' } });
  private notesBox = h('section', { class: 'panel-section notes' });
  private chart: Chart<'line'> | undefined;
  private meta: DsMeta[] = [];
  private palette: Palette | undefined;

  constructor(private msg: RunLogMessage, private host: Host) {
    this.chartBox.appendChild(this.canvas);
    this.root.append(this.header, this.chartBox, this.findingsBox, this.snapshotsBox, this.summaryBox, this.notesBox);
    this.render();
  }

  update(msg: RunLogMessage): void {
    this.msg = msg;
    this.render();
  }

  destroy(): void {
    if (this.chart) destroyChart(this.chart);
    this.chart = undefined;
  }

  private render(): void {
    const m = this.msg;
    const multi = m.runs.length > 1;
    clear(this.header);
    const status = m.status === 'live' ? 'live — following the files as the job writes them' : m.status === 'error' ? `stopped: ${m.message ?? 'error'}` : 'finished logs';
    const first = m.runs[0];
    this.header.append(
      h('h2', null, m.title),
      h('p', { class: 'runlog-status', attrs: { 'data-status': m.status } },
        `${status}${first && first.lastStep !== null ? ` · step ${fmt(first.lastStep)}` : ''}${first && first.lastLoss !== null ? ` · loss ${fmt(first.lastLoss)}` : ''}`),
    );
    this.drawChart(multi);
    const findings = m.runs.flatMap((r) => r.findings);
    clear(this.findingsBox);
    this.findingsBox.append(h('h3', null, `Findings (${findings.length})`), renderFindings(findings, this.host, undefined, 'No problems found in the curves.'));
    this.renderSnapshots();
    clear(this.summaryBox);
    const rows = m.runs.flatMap((r) => r.series.map((s) => [
      multi ? `${baseName(r.source)} · ${s.name}` : s.name, String(s.summary.points),
      s.summary.last === null ? '—' : fmt(s.summary.last), s.summary.min === null ? '—' : fmt(s.summary.min), s.summary.max === null ? '—' : fmt(s.summary.max),
    ]));
    this.summaryBox.append(table(['series', 'points', 'last', 'min', 'max'], rows, 'runlog-series', 'Series in the logs'));
    clear(this.notesBox);
    const notes = m.runs.flatMap((r) => r.notes);
    if (notes.length) {
      this.notesBox.append(h('h3', null, 'Notes'), h('ul', null, ...notes.slice(0, 30).map((n) => h('li', null, `${baseName(n.file)}${n.where ? ` (${n.where})` : ''}: ${n.message}`))));
    }
  }

  private renderSnapshots(): void {
    clear(this.snapshotsBox);
    const snaps = this.msg.runs.flatMap((r) => r.snapshots);
    if (!snaps.length) return;
    this.snapshotsBox.append(
      h('h3', null, `Snapshots (${snaps.length})`),
      h('ul', { class: 'snapshot-list' }, ...snaps.slice(-200).map((s) =>
        h('li', null, button(`Inspect step ${s.step}`, () => this.host.post({ type: 'openSnapshot', file: s.file }), 'snapshot', `Inspect the loss case captured at step ${s.step}`),
          ` ${s.reason}${s.rank ? ` · rank ${s.rank}` : ''}`))),
    );
  }

  private lossSeries(r: LiveUpdate): LiveUpdate['series'] {
    const loss = r.series.filter((s) => LOSS.test(s.name) && !NOT_LOSS.test(s.name));
    return loss.length ? loss : r.series.slice(0, 4);
  }

  private drawChart(multi: boolean): void {
    const datasets: LineDs[] = [];
    this.meta = [];
    let positive = true;
    this.msg.runs.forEach((r, ri) => {
      this.lossSeries(r).forEach((s, si) => {
        const data = s.steps.map((x, i) => ({ x, y: s.values[i] }));
        if (data.some((p) => !(p.y > 0))) positive = false;
        datasets.push({ label: multi ? `${baseName(r.source)} · ${s.name}` : s.name, data, borderWidth: 1.5, pointRadius: data.length <= 40 ? 2 : 0, tension: 0 });
        this.meta.push({ color: multi ? ri : si, dashed: VAL.test(s.name) });
      });
    });
    if (!this.chart) {
      this.chart = makeChart<'line'>(this.canvas, {
        type: 'line',
        data: { datasets },
        options: {
          parsing: false, normalized: true, spanGaps: true,
          interaction: { mode: 'nearest', axis: 'x', intersect: false },
          scales: {
            x: { type: 'linear', title: { display: true, text: 'step' } },
            y: { type: positive ? 'logarithmic' : 'linear', title: { display: true, text: 'loss' } },
          },
          plugins: { legend: { position: 'bottom', labels: { boxWidth: 24, boxHeight: 2 } } },
        },
      }, (c, p) => this.recolor(c as unknown as Chart<'line'>, p));
    } else {
      this.chart.data.datasets = datasets;
      const y = this.chart.options.scales?.y;
      if (y) y.type = positive ? 'logarithmic' : 'linear';
      if (this.palette) this.recolor(this.chart, this.palette);
      this.chart.update('none');
    }
  }

  private recolor(chart: Chart<'line'>, p: Palette): void {
    this.palette = p;
    styleLines(chart, this.meta, p, 1.5);
  }
}
