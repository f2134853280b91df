/**
 * The training-run view (Watch Training Run… / Open Training Log…): the loss curves of one or more
 * runs overlaid against the log's steps — or its epochs, or the wall time since the run started,
 * where the log records them — with the chart tools of the training view (TensorBoard smoothing,
 * which suits per-step logs; zoom; log scale; PNG/CSV; the HTML legend), the curve rules' findings,
 * the captured snapshots (click: the existing case view) and notes. Live updates replace the data
 * and redraw without animation. Smoothing, log scale and x-axis are kept in the saved state.
 */
import { l10n } from '../src/l10n';
import type { Chart } from 'chart.js';
import type { LiveUpdate, RunLogMessage, RunXAxisKind, Smoothing, UiSettings } from '../src/shapes/index';
import { chartCard, smoothingControl, type ChartCard } from './chart-card';
import { destroyChart } from './charts';
import type { CurveSource } from './curves';
import { button, clear, h, table } from './dom';
import { renderFindings } from './findings';
import { fmt } from './format';
import type { Host } from './host';

const LOSS = /loss|nll|xent|cross_?entropy|perplexity/i;
const NOT_LOSS = /loss[_/ .-]?(scale|scaler|weight|coef|coeff|multiplier)|scaler/i;
const VAL = /(^|[/_.\- ])(val|valid|validation|eval|evaluation|test|dev|holdout)(?=$|[/_.\- ])/i;

/** TensorBoard's default: per-step losses are noisy. */
export const STEP_SMOOTHING: Smoothing = { weight: 0.6 };

function baseName(p: string): string {
  const parts = p.split(/[\\/]/).filter(Boolean);
  return parts.slice(-2).join('/') || p;
}

interface Curve { label: string; run: number; series: LiveUpdate['series'][number]; dashed: boolean }

/** The x-axis title, the chart title and its label for each axis (at render time: the language is set by then). */
function axisText(axis: RunXAxisKind): { x: string; title: string; label: string; option: string } {
  switch (axis) {
    case 'time': return { x: l10n.t('seconds since the run started'), title: l10n.t('Loss by wall time'), label: l10n.t('Loss curves by wall time'), option: l10n.t('relative time (s)') };
    case 'epoch': return { x: l10n.t('epoch'), title: l10n.t('Loss by epoch'), label: l10n.t('Loss curves by epoch'), option: l10n.t('epoch') };
    default: return { x: l10n.t('step'), title: l10n.t('Loss by step'), label: l10n.t('Loss curves by step'), option: l10n.t('step') };
  }
}

/** Whether some curve has a logged value of `key` (wall time or epoch) to draw against. */
function has(curves: readonly Curve[], key: 'times' | 'epochs'): boolean {
  return curves.some((c) => c.series[key]?.some((v) => v !== null));
}

export class RunLogView {
  readonly root = h('div', { class: 'runlog-view' });
  private header = h('div', { class: 'runlog-head' });
  private chartSection = h('section', { class: 'panel-section', attrs: { 'aria-label': 'Loss curves' } });
  private summaryBox = h('div', { class: 'table-box' });
  private findingsBox = h('section', { class: 'panel-section', attrs: { 'aria-label': 'Findings' } });
  private snapshotsBox = h('section', { class: 'panel-section', attrs: { 'aria-label': 'Snapshots' } });
  private notesBox = h('section', { class: 'panel-section notes' });
  private card: ChartCard | undefined;
  private curves: Curve[] = [];
  private curveKey = '';

  /** `ui` holds the view's smoothing, log scale and x-axis (`stepSmoothing`, …); `save` is called when they change. */
  constructor(private msg: RunLogMessage, private host: Host, private ui: UiSettings, private save: () => void = () => undefined) {
    this.root.append(this.header, this.chartSection, this.findingsBox, this.snapshotsBox, this.summaryBox, this.notesBox);
    this.render();
  }

  private get smoothing(): Smoothing { return this.ui.stepSmoothing ?? STEP_SMOOTHING; }

  /** The x-axis chosen, if the data has it (step otherwise). */
  private axis(): RunXAxisKind {
    const want = this.ui.stepXAxis ?? 'step';
    if (want === 'time' && has(this.curves, 'times')) return 'time';
    if (want === 'epoch' && has(this.curves, 'epochs')) return 'epoch';
    return 'step';
  }

  update(msg: RunLogMessage): void {
    this.msg = msg;
    this.render();
  }

  destroy(): void {
    if (this.card) destroyChart(this.card.curves.chart as unknown as Chart);
    this.card = undefined;
  }

  private render(): void {
    const m = this.msg;
    const multi = m.runs.length > 1;
    clear(this.header);
    const status = m.status === 'live' ? l10n.t('live — following the files as the job writes them') : m.status === 'error' ? l10n.t('stopped: {0}', m.message ?? l10n.t('error')) : l10n.t('finished logs');
    const first = m.runs[0];
    this.header.append(
      h('h2', null, m.title),
      h('p', { class: 'runlog-status', attrs: { 'data-status': m.status } },
        `${status}${first && first.lastStep !== null ? ` · ${l10n.t('step {0}', fmt(first.lastStep))}` : ''}${first && first.lastLoss !== null ? ` · ${l10n.t('loss {0}', fmt(first.lastLoss))}` : ''}`),
    );
    this.drawChart(multi);
    const findings = m.runs.flatMap((r) => r.findings);
    clear(this.findingsBox);
    this.findingsBox.append(h('h3', null, l10n.t('Findings ({0})', findings.length)), renderFindings(findings, this.host, undefined, l10n.t('No problems found in the curves.')));
    this.renderSnapshots();
    clear(this.summaryBox);
    const rows = m.runs.flatMap((r) => r.series.map((s) => [
      multi ? `${baseName(r.source)} · ${s.name}` : s.name, String(s.summary.points),
      s.summary.last === null ? '—' : fmt(s.summary.last), s.summary.min === null ? '—' : fmt(s.summary.min), s.summary.max === null ? '—' : fmt(s.summary.max),
    ]));
    this.summaryBox.append(table([l10n.t('series'), l10n.t('points'), l10n.t('last'), l10n.t('min'), l10n.t('max')], rows, 'runlog-series', l10n.t('Series in the logs')));
    clear(this.notesBox);
    const notes = m.runs.flatMap((r) => r.notes);
    if (notes.length) {
      this.notesBox.append(h('h3', null, l10n.t('Notes')), h('ul', null, ...notes.slice(0, 30).map((n) => h('li', null, `${baseName(n.file)}${n.where ? ` (${n.where})` : ''}: ${n.message}`))));
    }
  }

  private renderSnapshots(): void {
    clear(this.snapshotsBox);
    const snaps = this.msg.runs.flatMap((r) => r.snapshots);
    if (!snaps.length) return;
    this.snapshotsBox.append(
      h('h3', null, l10n.t('Snapshots ({0})', snaps.length)),
      h('ul', { class: 'snapshot-list' }, ...snaps.slice(-200).map((s) =>
        h('li', null, button(l10n.t('Inspect step {0}', s.step), () => this.host.post({ type: 'openSnapshot', file: s.file }), 'snapshot', l10n.t('Inspect the loss case captured at step {0}', s.step)),
          ` ${s.reason}${s.rank ? ` · ${l10n.t('rank {0}', s.rank)}` : ''}`))),
    );
  }

  private lossSeries(r: LiveUpdate): LiveUpdate['series'] {
    const loss = r.series.filter((s) => LOSS.test(s.name) && !NOT_LOSS.test(s.name));
    return loss.length ? loss : r.series.slice(0, 4);
  }

  private drawChart(multi: boolean): void {
    const curves: Curve[] = [];
    this.msg.runs.forEach((r, ri) => {
      for (const s of this.lossSeries(r)) curves.push({ label: multi ? `${baseName(r.source)} · ${s.name}` : s.name, run: ri, series: s, dashed: VAL.test(s.name) });
    });
    this.curves = curves;
    const positive = curves.every((c) => c.series.values.every((v) => v > 0));
    let lo = Infinity, hi = -Infinity;
    for (const c of curves) for (const v of c.series.values) { if (v < lo) lo = v; if (v > hi) hi = v; }
    const axis = this.axis();
    const key = `${axis}#${curves.map((c) => c.label).join('|')}`;
    if (this.card && key === this.curveKey) {
      this.card.curves.rebuild();
      return;
    }
    this.curveKey = key;
    if (this.card) destroyChart(this.card.curves.chart as unknown as Chart);
    clear(this.chartSection);
    const byLabel = (l: string): Curve | undefined => this.curves.find((c) => c.label === l);
    const src: CurveSource = {
      get runs() { return curves.map((c) => c.label); },
      series: (l) => byLabel(l)?.series.values,
      xs: (l) => { const s = byLabel(l)?.series; return axis === 'time' ? (s?.times ?? []) : axis === 'epoch' ? (s?.epochs ?? []) : s?.steps; },
      color: (l) => { const c = byLabel(l); return c ? (multi ? c.run : Math.max(0, curves.indexOf(c))) : 0; },
      dashed: (l) => byLabel(l)?.dashed ?? false,
      multiRun: true,
    };
    // a log axis by default only when the loss falls by more than an order of magnitude
    const log = (this.ui.stepLogScale ?? (curves.length > 0 && hi / lo > 20)) && positive;
    this.card = chartCard(this.host, {
      title: axisText(axis).title, label: axisText(axis).label, cls: 'wide curves runlog-curves',
      src, keys: ['v'], yTitle: l10n.t('loss'),
      options: { smoothing: this.smoothing, logScale: log, xTitle: axisText(axis).x, xMin: 'auto', xWhole: axis !== 'time' },
    });
    this.chartSection.append(this.controls(positive, log, axis), this.card.fig);
  }

  private controls(positive: boolean, logScale: boolean, axis: RunXAxisKind): HTMLElement {
    const smoothing = smoothingControl('runlog-smoothing', this.smoothing, (sm) => {
      this.ui.stepSmoothing = sm;
      this.card?.curves.setSmoothing(sm);
      this.save();
    });
    const log = h('input', { id: 'runlog-log', attrs: { type: 'checkbox' } });
    log.checked = logScale;
    log.disabled = !positive;
    log.addEventListener('change', () => { this.ui.stepLogScale = log.checked; this.card?.curves.setLogScale(log.checked); this.save(); });
    const choices: RunXAxisKind[] = ['step', ...(has(this.curves, 'epochs') ? ['epoch' as const] : []), ...(has(this.curves, 'times') ? ['time' as const] : [])];
    const xsel = h('select', { id: 'runlog-x-axis', attrs: { 'aria-label': l10n.t('x-axis') } },
      ...choices.map((c) => h('option', { attrs: { value: c } }, axisText(c).option)));
    xsel.value = axis;
    xsel.addEventListener('change', () => {
      this.ui.stepXAxis = xsel.value === 'time' || xsel.value === 'epoch' ? xsel.value : 'step';
      this.save();
      this.drawChart(this.msg.runs.length > 1);
    });
    const xLabel = h('label', { class: 'control', attrs: { for: 'runlog-x-axis' } }, `${l10n.t('x-axis')} `, xsel);
    xLabel.hidden = choices.length < 2;
    return h('div', { class: 'controls', role: 'group', attrs: { 'aria-label': l10n.t('Chart options') } },
      smoothing,
      xLabel,
      h('label', { class: 'control', attrs: { for: 'runlog-log' }, title: positive ? '' : l10n.t('a value ≤ 0 is logged: no log scale') }, log, ` ${l10n.t('log scale')}`),
      h('span', { class: 'muted control-hint' }, l10n.t('Drag across the chart to zoom; double-click resets.')));
  }
}
