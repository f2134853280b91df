/**
 * The training view: the verdict, loss curves (one chart per loss: MSE and cross-entropy are not on
 * one scale), metric curves, the final key metric per run, a table of the latest values, findings.
 * Streaming is incremental: a progress message only marks its run; once per animation frame the
 * charts get the new points and the table its new numbers (no re-render per epoch).
 */
import { l10n } from '../src/l10n';
import type { Chart } from 'chart.js';
import type { ProgressMessage, RunReport, Series, TrainState, UiSettings, XAxisKind } from '../src/shapes/index';
import { chartCard, smoothingControl, type ChartCard } from './chart-card';
import { destroyChart, makeChart } from './charts';
import type { CurveSource, RefLine } from './curves';
import { button, clear, h, table, compactColumns } from './dom';
import { renderFindings } from './findings';
import { fmt, metricLabel, metricTip } from './format';
import type { Host } from './host';
import { headline, refLevels, type Headline } from './verdicts';

const LOSS_KEYS = ['train_loss', 'val_loss'];

/** The x-axis title and its choice in the menu (at render time: the language is set by then). */
function axisText(axis: XAxisKind): { title: string; option: string } {
  if (axis === 'step') return { title: l10n.t('step (batch)'), option: l10n.t('step (batch)') };
  if (axis === 'time') return { title: l10n.t('seconds since the run started'), option: l10n.t('relative time (s)') };
  return { title: l10n.t('epoch'), option: l10n.t('epoch') };
}

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
  const set = (arr: Array<number | null>, v: number | null | undefined) => {
    if (v === undefined) return;
    while (arr.length < i) arr.push(null);
    arr[i] = v === null || Number.isFinite(v) ? v : null;
  };
  set((s.train_loss ??= []), m.train_loss);
  if (m.val_loss !== undefined) set((s.val_loss ??= []), m.val_loss);
  for (const [k, v] of Object.entries(m.metrics ?? {})) set((s[k] ??= []), v);
  if (m.elapsed !== undefined) set(((t.timeOf ??= {})[m.run] ??= []), m.elapsed);
  if (m.step !== undefined) set(((t.stepOf ??= {})[m.run] ??= []), m.step);
  if (m.batch_steps && m.batch_losses) {
    const st = ((t.steps ??= {})[m.run] ??= { step: [], train_loss: [] });
    m.batch_steps.forEach((x, j) => {
      if (st.step.length && x <= st.step[st.step.length - 1]) return; // already there (a repeated message)
      st.step.push(x);
      st.train_loss.push(m.batch_losses?.[j] ?? null);
    });
  }
  t.epochOf[m.run] = Math.max(t.epochOf[m.run] ?? 0, m.epoch);
  t.current = m.run;
  (t.epochsOfRun ??= {})[m.run] = m.epochs;
  if (m.loss) (t.lossOf ??= {})[m.run] = m.loss;
  t.epochs = Math.max(...t.runs.map((r) => t.epochsOfRun?.[r] ?? t.epochOf[r] ?? 0));
  if (m.runIndex !== undefined && m.runCount !== undefined) { t.runIndex = m.runIndex; t.runCount = m.runCount; }
}

function last(s: Series | undefined): number | null {
  if (!s) return null;
  for (let i = s.length - 1; i >= 0; i--) if (s[i] !== null && s[i] !== undefined) return s[i];
  return null;
}

/** Epochs a run trains for (or has, once finished). */
function epochsOf(t: TrainState, run: string): number {
  return t.epochsOfRun?.[run] ?? t.series[run]?.train_loss?.length ?? t.epochOf[run] ?? 0;
}

/** The runs grouped by their loss (one group when all share it, or when it is unknown). */
export function lossGroups(t: TrainState): Array<{ loss: string; runs: string[] }> {
  const groups = new Map<string, string[]>();
  for (const r of t.runs) {
    const loss = t.lossOf?.[r] ?? '';
    const g = groups.get(loss);
    if (g) g.push(r); else groups.set(loss, [r]);
  }
  if (!groups.size) return [{ loss: '', runs: [] }]; // an empty chart while the first epoch trains
  return [...groups.entries()].map(([loss, runs]) => ({ loss, runs }));
}

/** 'tutorial' / 'mistake' / 'sweep' as the reader's language says it. */
function kindName(kind: string): string {
  return kind === 'tutorial' ? l10n.t('tutorial') : kind === 'mistake' ? l10n.t('mistake') : kind === 'sweep' ? l10n.t('sweep') : kind;
}

export class TrainView {
  readonly root: HTMLElement;
  private status = h('p', { class: 'run-status', role: 'status', attrs: { 'aria-live': 'polite' } });
  private bar = h('progress', { class: 'run-progress', attrs: { max: '1', 'aria-label': l10n.t('Training progress') } });
  private actions = h('div', { class: 'run-actions' });
  private lossGrid = h('div', { class: 'chart-grid loss-grid' });
  private lossNote = h('p', { class: 'muted loss-note' });
  private lossCards: Array<{ loss: string; runs: string[]; card: ChartCard }> = [];
  private groupsKey = '';
  private metricCard: ChartCard | undefined;
  private keyBar: Chart | undefined;
  private tableBox = h('div', { class: 'table-box' });
  private chartBox = h('div', { class: 'metric-chart-box chart-grid' });
  private chartKeys = '';
  private tableSig = '';
  private findingsBox = h('div', { class: 'findings-box' });
  private dirty = new Set<string>();
  private frame: number | undefined;
  private head: Headline | undefined;

  constructor(private t: TrainState, private host: Host, private ui: UiSettings, private saveUi: () => void, private onDrawn: () => void = () => undefined) {
    this.root = h('div', { class: 'train-view' });
    this.head = t.result ? headline({ ...t.result, kind: t.result.kind ?? t.kind }) : undefined;
    this.root.appendChild(h('header', { class: 'view-header' },
      h('h1', null, t.title),
      h('p', { class: 'muted' }, t.result ? l10n.t('{0} · scenario {1} · seed {2}', kindName(t.kind), t.scenario, t.result.seed) : l10n.t('{0} · scenario {1}', kindName(t.kind), t.scenario)),
      t.description ? h('p', null, t.description) : null,
      h('div', { class: 'status-row' }, this.status, this.bar, this.actions)));

    const look = this.lookFor();
    if (look) this.root.appendChild(look);

    this.root.appendChild(h('section', { class: 'panel-section', attrs: { 'aria-labelledby': 'sec-curves' } },
      h('h2', { id: 'sec-curves' }, l10n.t('Loss curves')), this.controls(), this.lossNote, this.lossGrid));

    this.root.appendChild(h('section', { class: 'panel-section', attrs: { 'aria-labelledby': 'sec-metrics' } },
      h('h2', { id: 'sec-metrics' }, l10n.t('Metrics')), this.chartBox, this.tableBox));
    this.root.appendChild(h('section', { class: 'panel-section', attrs: { 'aria-labelledby': 'sec-findings' } },
      h('h2', { id: 'sec-findings' }, l10n.t('Findings')), this.findingsBox));
    this.renderLossCharts();
    this.renderTable();
    this.renderMetricChart();
    this.renderFindings();
    this.renderStatus();
  }

  /** The verdict: a headline computed from the results, the scenario's own words, each run's "what to look for". */
  private lookFor(): HTMLElement | null {
    const res = this.t.result;
    if (!res) return null;
    const runs = res.runs.filter((r) => typeof r.look_for === 'string' && r.look_for);
    if (!res.verdict && !runs.length && !this.head) return null;
    return h('section', { class: 'panel-section look-for', attrs: { 'aria-labelledby': 'sec-look' } },
      h('h2', { id: 'sec-look' }, l10n.t('Verdict')),
      this.head ? h('p', { class: 'headline' }, this.head.text) : null,
      res.verdict ? h('p', { class: 'verdict' }, res.verdict) : null,
      runs.length > 2 && (this.head || res.verdict)
        ? h('details', { class: 'look-for-more' }, h('summary', null, l10n.t('What to look for in each of the {0} runs', runs.length)), this.lookForList(runs))
        : runs.length ? this.lookForList(runs) : null);
  }

  private lookForList(runs: RunReport[]): HTMLElement {
    return h('ul', { class: 'look-for-runs' }, ...runs.map((r) => h('li', null, h('strong', null, r.name), `: ${r.look_for ?? ''}`)));
  }

  private hasTime(): boolean {
    return this.t.runs.some((r) => (this.t.timeOf?.[r]?.length ?? 0) > 0);
  }

  private hasSteps(): boolean {
    return this.t.runs.some((r) => (this.t.steps?.[r]?.step.length ?? 0) > 0);
  }

  private xAxis(): XAxisKind {
    if (this.ui.xAxis === 'time' && this.hasTime()) return 'time';
    if (this.ui.xAxis === 'step' && this.hasSteps()) return 'step';
    return 'epoch';
  }

  private xTitle(): string {
    return axisText(this.xAxis()).title;
  }

  /**
   * Where each run's points sit on the x-axis: epochs; optimizer steps (the train loss per batch,
   * per-epoch values at the step that ended their epoch); or seconds since the run's first epoch.
   */
  private source(runs?: string[]): CurveSource {
    const t = this.t;
    return {
      runs: runs ?? t.runs,
      series: (run, key) => (key === 'train_loss' && this.xAxis() === 'step' && t.steps?.[run] ? t.steps[run].train_loss : t.series[run]?.[key]),
      color: (run) => Math.max(0, t.runs.indexOf(run)),
      get multiRun() { return t.runs.length > 1; },
      xs: (run, key) => {
        const axis = this.xAxis();
        if (axis === 'step') return key === 'train_loss' && t.steps?.[run] ? t.steps[run].step : (t.stepOf?.[run] ?? []);
        if (axis !== 'time') return undefined;
        const ts = t.timeOf?.[run];
        if (!ts) return [];
        const t0 = ts.find((v) => v !== null) ?? 0;
        return ts.map((v) => (v === null ? null : Math.round((v - t0) * 1000) / 1000));
      },
    };
  }

  /** Right end of the x-axis: the longest run's epochs or steps (known from its first epoch on), open for time. */
  private xMax(runs: string[]): number | undefined {
    const axis = this.xAxis();
    if (axis === 'time') return undefined;
    if (axis === 'step') {
      return Math.max(1, ...runs.map((r) => {
        const ends = this.t.stepOf?.[r] ?? [];
        const first = ends.find((v) => v !== null);
        return first ? Math.max(first * epochsOf(this.t, r), ends[ends.length - 1] ?? 0) : (this.t.steps?.[r]?.step.at(-1) ?? 1);
      }));
    }
    return Math.max(1, ...runs.map((r) => epochsOf(this.t, r)));
  }

  private controls(): HTMLElement {
    const ui = this.ui;
    const smoothing = smoothingControl('smoothing', ui.smoothing, (sm) => {
      ui.smoothing = sm;
      for (const c of this.allCards()) c.curves.setSmoothing(sm);
      this.saveUi();
    });
    const log = h('input', { id: 'log-scale', attrs: { type: 'checkbox' } });
    log.checked = ui.logScale;
    log.addEventListener('change', () => {
      ui.logScale = log.checked;
      for (const c of this.lossCards) c.card.curves.setLogScale(ui.logScale);
      this.saveUi();
    });
    const xsel = h('select', { id: 'x-axis', attrs: { 'aria-label': l10n.t('x-axis') } });
    this.xSelect = xsel;
    this.fillXAxis();
    const xLabel = h('label', { class: 'control', attrs: { for: 'x-axis' } }, `${l10n.t('x-axis')} `, xsel);
    this.xLabel = xLabel;
    this.xLabel.hidden = xsel.options.length < 2;
    xsel.addEventListener('change', () => {
      ui.xAxis = xsel.value === 'time' || xsel.value === 'step' ? xsel.value : 'epoch';
      this.applyXAxis();
      this.saveUi();
    });
    return h('div', { class: 'controls', role: 'group', attrs: { 'aria-label': l10n.t('Chart options') } },
      smoothing,
      xLabel,
      h('label', { class: 'control', attrs: { for: 'log-scale' } }, log, ` ${l10n.t('log scale')}`),
      h('span', { class: 'muted control-hint' }, l10n.t('Drag across a chart to zoom; double-click resets.')));
  }

  private xLabel: HTMLElement | undefined;
  private xSelect: HTMLSelectElement | undefined;

  /** The x-axes the data has: epoch always, step once batches were recorded, time once epochs were timed. */
  private fillXAxis(): void {
    const sel = this.xSelect;
    if (!sel) return;
    const want: XAxisKind[] = ['epoch', ...(this.hasSteps() ? ['step' as const] : []), ...(this.hasTime() ? ['time' as const] : [])];
    if ([...sel.options].map((o) => o.value).join() !== want.join()) {
      clear(sel);
      for (const k of want) sel.appendChild(h('option', { attrs: { value: k } }, axisText(k).option));
    }
    sel.value = this.xAxis();
    if (this.xLabel) this.xLabel.hidden = want.length < 2;
  }

  private applyXAxis(): void {
    const time = this.xAxis() === 'time';
    for (const c of this.lossCards) c.card.curves.setXAxis(this.xTitle(), time ? 0 : 1, this.xMax(c.runs), !time);
    this.metricCard?.curves.setXAxis(this.xTitle(), time ? 0 : 1, this.xMax(this.t.runs), !time);
  }

  private allCards(): ChartCard[] {
    return [...this.lossCards.map((c) => c.card), ...(this.metricCard ? [this.metricCard] : [])];
  }

  private refLinesFor(runs: string[]): RefLine[] {
    const res = this.t.result;
    if (!res) return [];
    const reports = runs.map((r) => res.runs.find((x) => x.name === r)).filter((x): x is RunReport => !!x);
    return refLevels(reports).map((l) => ({ label: l.label, y: l.y, ...(l.run !== undefined ? { run: l.run } : {}) }));
  }

  /** Whether some of these runs have a label-smoothing floor among their reference lines. */
  private hasSmoothingFloors(runs: string[]): boolean {
    const res = this.t.result;
    if (!res) return false;
    return refLevels(runs.map((r) => res.runs.find((x) => x.name === r)).filter((x): x is RunReport => !!x)).some((l) => l.kind === 'smoothing-floor');
  }

  /** One chart per loss (runs of MSELoss and CrossEntropyLoss are not on one scale). */
  private renderLossCharts(): void {
    const groups = lossGroups(this.t);
    this.groupsKey = groups.map((g) => g.loss).join('|');
    for (const c of this.lossCards) destroyChart(c.card.curves.chart as unknown as Chart);
    this.lossCards = [];
    clear(this.lossGrid);
    const multi = groups.length > 1;
    this.lossNote.textContent = multi ? l10n.t('These runs train with {0} different losses, whose values are not comparable: one chart per loss.', groups.length) : '';
    this.lossNote.hidden = !multi;
    this.lossGrid.classList.toggle('multi', multi);
    for (const g of groups) {
      const refs = this.refLinesFor(g.runs);
      const title = multi ? `${g.loss || l10n.t('loss')} — ${g.runs.join(', ')}` : g.loss ? l10n.t('Loss ({0})', g.loss) : l10n.t('Loss');
      const card = chartCard(this.host, {
        title,
        note: l10n.t('solid: train · dashed: validation'),
        label: l10n.t('Loss curves for {0}', g.runs.join(', ')),
        cls: multi ? 'curves' : 'wide curves',
        src: this.source(g.runs),
        keys: LOSS_KEYS,
        yTitle: l10n.t('loss'),
        options: { smoothing: this.ui.smoothing, logScale: this.ui.logScale, xTitle: this.xTitle(), ...(this.xAxis() === 'time' ? { xMin: 0, xWhole: false } : {}), xMax: this.xMax(g.runs), refLines: refs },
      });
      if (refs.length) card.fig.appendChild(h('p', { class: 'figure-note ref-note' }, `${l10n.t('Dotted lines: {0}.', refs.map((r) => r.label).join(' · '))}${this.hasSmoothingFloors(g.runs) ? ` ${l10n.t('Train losses with different ε start from different floors: compare each run with its own floor, not with each other.')}` : ''}`));
      card.curves.setXMax(this.xMax(g.runs));
      card.curves.draw();
      this.lossCards.push({ loss: g.loss, runs: g.runs, card });
      this.updateNote(card.fig, g.runs);
      this.lossGrid.appendChild(card.fig);
    }
  }

  /** "solid: train · dashed: validation" once runs are told apart by colour and some have a validation curve. */
  private updateNote(fig: HTMLElement, runs: string[]): void {
    const note = fig.querySelector<HTMLElement>('.figure-caption');
    if (note) note.hidden = !(this.t.runs.length > 1 && runs.some((r) => this.t.series[r]?.val_loss?.length));
  }

  private renderStatus(): void {
    const t = this.t;
    let text: string;
    this.bar.hidden = t.status !== 'running';
    if (t.status === 'running') {
      const cur = t.current ?? t.runs[t.runs.length - 1];
      if (cur === undefined) {
        text = l10n.t('Training… starting');
        this.bar.removeAttribute('value');
      } else {
        const e = t.epochOf[cur] ?? 0, n = epochsOf(t, cur);
        const count = t.runCount ?? t.runs.length;
        const idx = t.runIndex ?? Math.max(0, t.runs.indexOf(cur));
        text = count > 1 ? l10n.t('Training… {0} {1}/{2} · run {3} of {4}', cur, e, n, idx + 1, count) : l10n.t('Training… {0} {1}/{2}', cur, e, n);
        this.bar.value = count > 0 && n > 0 ? (idx + e / n) / count : 0;
      }
    } else if (t.status === 'finished') {
      const ep = t.runs.map((r) => epochsOf(t, r));
      const same = ep.every((x) => x === ep[0]);
      const n = t.runs.length;
      const what = same
        ? (n > 1 ? l10n.t('{0} runs × {1} epochs', n, ep[0] ?? 0) : l10n.t('1 run × {0} epochs', ep[0] ?? 0))
        : l10n.t('{0} runs ({1} epochs)', n, t.runs.map((r, i) => `${r} ${ep[i]}`).join(', '));
      text = t.result ? l10n.t('Finished in {0} s: {1}', fmt(t.result.seconds, 3), what) : l10n.t('Finished: {0}', what);
    } else if (t.status === 'failed') {
      text = l10n.t('Failed: {0}', t.message ?? l10n.t('unknown error'));
    } else {
      text = l10n.t('Cancelled');
    }
    if (this.status.textContent !== text) this.status.textContent = text;
    this.status.className = `run-status status-${t.status}`;
    const want = this.host.report ? '' : t.status === 'running' ? 'cancel' : 'rerun';
    if (this.actions.dataset.kind === want) return;
    this.actions.dataset.kind = want;
    clear(this.actions);
    if (want === 'cancel') this.actions.appendChild(button(l10n.t('Cancel'), () => this.host.post({ type: 'cancelRun', scenario: t.scenario }), 'secondary-button', l10n.t('Cancel the training run')));
    else if (want === 'rerun') this.actions.appendChild(button(l10n.t('Run again'), () => this.host.post({ type: 'rerun', scenario: t.scenario }), 'primary-button', l10n.t('Run the scenario again')));
  }

  /** Latest (or final) values per run; columns empty for every run are left out; numbers updated in place. */
  private renderTable(): void {
    const t = this.t;
    const keys = ['train_loss', 'val_loss', ...metricKeys(t)];
    const rows = t.runs.map((r) => {
      const fin = t.result?.runs.find((x) => x.name === r)?.final;
      const val = (k: string) => fmt(fin && k in fin ? fin[k] : last(t.series[r]?.[k]));
      return [r, `${t.epochOf[r] ?? 0}/${epochsOf(t, r)}`, ...keys.map(val)];
    });
    const { head, rows: kept, keep } = compactColumns([l10n.t('run'), l10n.t('epoch'), ...keys.map(metricLabel)], rows);
    const tips = ['', '', ...keys.map(metricTip)].filter((_, i) => keep[i]);
    const best = this.head?.best;
    const sig = `${head.join('|')}#${t.runs.join('|')}#${best ?? ''}#${t.status}`;
    const body = this.tableBox.querySelector('table.run-metrics tbody');
    if (sig === this.tableSig && body) {
      kept.forEach((r, i) => {
        const tr = body.children[i];
        r.forEach((c, j) => { const cell = tr?.children[j]; if (cell && cell.textContent !== c) cell.textContent = typeof c === 'string' ? c : ''; });
      });
      return;
    }
    this.tableSig = sig;
    clear(this.tableBox);
    const el = table(head, kept, 'run-metrics', t.status === 'finished' ? l10n.t('Final values per run') : l10n.t('Latest values per run'), tips);
    if (best) el.querySelectorAll('tbody tr').forEach((tr, i) => { if (t.runs[i] === best) tr.classList.add('best'); });
    this.tableBox.appendChild(el);
    const sum = t.result?.summary;
    if (sum && sum.columns.length && sum.rows.length) {
      const summary = table(sum.columns.map(metricLabel), sum.rows.map((r) => r.map((v) => (typeof v === 'number' || v === null ? fmt(v) : v))), 'run-summary', l10n.t('Comparison'), sum.columns.map(metricTip));
      if (best) summary.querySelectorAll('tbody tr').forEach((tr, i) => { if (sum.rows[i]?.[0] === best) { tr.classList.add('best'); tr.setAttribute('aria-label', l10n.t('best on {0}', this.head?.metric.label ?? l10n.t('the key metric'))); } });
      this.tableBox.appendChild(summary);
    }
  }

  private renderMetricChart(): void {
    const keys = metricKeys(this.t);
    this.chartKeys = keys.join();
    if (this.metricCard) destroyChart(this.metricCard.curves.chart as unknown as Chart);
    if (this.keyBar) destroyChart(this.keyBar);
    this.metricCard = undefined;
    this.keyBar = undefined;
    clear(this.chartBox);
    if (!keys.length) return;
    const key = this.head?.metric.key;
    const metric = this.ui.metric && keys.includes(this.ui.metric) ? this.ui.metric : key && keys.includes(key) ? key : keys[0];
    const sel = h('select', { id: 'metric-select', attrs: { 'aria-label': l10n.t('Metric to plot') } }, ...keys.map((k) => h('option', { attrs: { value: k } }, metricLabel(k))));
    sel.value = metric;
    const card = chartCard(this.host, {
      title: l10n.t('Metric curves'), label: l10n.t('Curves of {0} per run', metricLabel(metric)), cls: 'curves',
      src: this.source(), keys: [metric], yTitle: metricLabel(metric),
      options: { smoothing: this.ui.smoothing, logScale: false, xTitle: this.xTitle(), ...(this.xAxis() === 'time' ? { xMin: 0, xWhole: false } : {}), xMax: this.xMax(this.t.runs) },
    });
    card.fig.insertBefore(h('div', { class: 'controls' }, h('label', { class: 'control', attrs: { for: 'metric-select' } }, `${l10n.t('Metric')} `, sel)), card.fig.firstChild);
    this.metricCard = card;
    this.chartBox.appendChild(card.fig);
    sel.addEventListener('change', () => {
      this.ui.metric = sel.value;
      this.metricCard?.curves.setKeys([sel.value], metricLabel(sel.value));
      this.saveUi();
    });
    if (this.head && this.t.result) this.chartBox.appendChild(this.keyMetricChart(this.head));
  }

  /**
   * The sweep's answer at a glance: the final key metric against the swept value (a line per group,
   * the best run's point enlarged and highlighted; a log x-axis when the values span a decade or more),
   * or bars per run when the runs differ in kind rather than by a number.
   */
  private keyMetricChart(hd: Headline): HTMLElement {
    const res = this.t.result as NonNullable<TrainState['result']>;
    const swept = res.runs.map((r) => r.swept);
    const param = swept[0]?.param;
    const numeric = res.runs.length > 1 && param !== undefined && swept.every((w) => w?.param === param && Number.isFinite(w.value))
      && new Set(swept.map((w) => w?.value)).size > 1;
    if (!numeric) return this.keyMetricBars(hd);
    const vals = swept.map((w) => (w as NonNullable<typeof w>).value);
    const lo = Math.min(...vals), hi = Math.max(...vals);
    const logX = lo > 0 && hi / lo >= 10;
    const groups = new Map<string, Array<{ x: number; y: number | null; run: string }>>();
    res.runs.forEach((r, i) => {
      const g = r.swept?.group ?? '';
      const pts = groups.get(g) ?? [];
      pts.push({ x: vals[i], y: r.final?.[hd.metric.key] ?? null, run: r.name });
      groups.set(g, pts);
    });
    for (const pts of groups.values()) pts.sort((a, b) => a.x - b.x);
    const named = [...groups.keys()].some((g) => g);
    const canvas = h('canvas', { role: 'img', attrs: { 'aria-label': l10n.t('Final {0} against {1}', hd.metric.label, param) } });
    // which run sits where (the points carry no labels): "none = 1 · sqrt-ratio = 4.39 · ratio = 19.3"
    const all = [...groups.values()].flat();
    // (not needed when every run is named by its value: ls-0.05)
    const where = all.some((p) => !p.run.includes(String(p.x))) ? all.map((p) => `${p.run} = ${fmt(p.x)}`).join(' · ') : '';
    const fig = h('figure', { class: 'chart-figure key-metric key-metric-swept' },
      h('figcaption', null, h('span', { class: 'figure-title' }, l10n.t('Final {0} by {1}', hd.metric.label, param)),
        h('span', { class: 'figure-caption' }, hd.metric.higherIsBetter ? l10n.t('higher is better') : l10n.t('lower is better')),
        hd.best ? h('span', { class: 'figure-caption' }, l10n.t('best: {0}', hd.best)) : null),
      h('div', { class: 'chart-box' }, canvas),
      where ? h('p', { class: 'figure-note swept-runs' }, where) : null);
    const entries = [...groups.entries()];
    this.keyBar = makeChart<'line'>(canvas, {
      type: 'line',
      data: {
        datasets: entries.map(([g, pts]) => ({
          label: g || hd.metric.label,
          data: pts.map((p) => ({ x: p.x, y: p.y })),
          runs: pts.map((p) => p.run),
          pointRadius: pts.map((p) => (p.run === hd.best ? 7 : 4)),
          pointHoverRadius: pts.map((p) => (p.run === hd.best ? 8 : 5)),
          borderWidth: 2, tension: 0,
        })),
      },
      options: {
        parsing: false,
        plugins: {
          legend: { display: named, position: 'bottom', labels: { boxHeight: 2 } },
          tooltip: { callbacks: { label: (item) => l10n.t('{0}: {1} {2} at {3} = {4}', (item.dataset as { runs?: string[] }).runs?.[item.dataIndex] ?? '', hd.metric.label, fmt(item.parsed.y), param, fmt(item.parsed.x)) } },
        },
        scales: {
          x: { type: logX ? 'logarithmic' : 'linear', title: { display: true, text: logX ? l10n.t('{0} (log scale)', param) : param }, ticks: { maxRotation: 0 } },
          // the short name on the axis ("val ECE", not "val ECE (calibration error)": a long title is cut off)
          y: { title: { display: true, text: l10n.t('final {0}', hd.metric.label.replace(/\s*\(.*\)$/, '')) } },
        },
      },
    }, (c, p) => {
      c.data.datasets.forEach((ds, gi) => {
        const runs = (ds as { runs?: string[] }).runs ?? [];
        const color = p.series[gi % p.series.length];
        const line = ds as { borderColor?: string; backgroundColor?: string; pointBackgroundColor?: string[]; pointBorderColor?: string[]; borderDash?: number[] };
        line.borderColor = color;
        line.backgroundColor = color;
        line.pointBackgroundColor = runs.map((r) => (r === hd.best ? p.highlight : color));
        line.pointBorderColor = runs.map((r) => (r === hd.best ? p.foreground : color));
        line.borderDash = gi > 0 ? [6, 4] : [];
      });
    }) as unknown as Chart;
    return fig;
  }

  /** The final key metric of each run, as bars (runs that differ in kind: plain, weighted, sampler). */
  private keyMetricBars(hd: Headline): HTMLElement {
    const res = this.t.result as NonNullable<TrainState['result']>;
    const labels = res.runs.map((r) => r.name);
    const values = res.runs.map((r) => r.final?.[hd.metric.key] ?? null);
    const canvas = h('canvas', { role: 'img', attrs: { 'aria-label': l10n.t('Final {0} per run', hd.metric.label) } });
    const fig = h('figure', { class: 'chart-figure key-metric' },
      h('figcaption', null, h('span', { class: 'figure-title' }, l10n.t('Final {0}', hd.metric.label)), h('span', { class: 'figure-caption' }, hd.metric.higherIsBetter ? l10n.t('higher is better') : l10n.t('lower is better'))),
      h('div', { class: 'chart-box' }, canvas));
    this.keyBar = makeChart<'bar'>(canvas, {
      type: 'bar',
      data: { labels, datasets: [{ label: hd.metric.label, data: values }] },
      options: {
        indexAxis: 'y',
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, title: { display: true, text: hd.metric.label } }, y: { ticks: { autoSkip: false } } },
      },
    }, (c, p) => {
      const ds = c.data.datasets[0];
      const colors = labels.map((l) => (l === hd.best ? p.highlight : p.series[0]));
      ds.backgroundColor = colors;
      ds.borderColor = colors;
    }) as unknown as Chart;
    return fig;
  }

  private renderFindings(): void {
    clear(this.findingsBox);
    const res = this.t.result;
    if (!res) {
      this.findingsBox.appendChild(h('p', { class: 'muted' }, this.t.status === 'running' ? l10n.t('Findings appear when the runs finish.') : l10n.t('No findings.')));
      return;
    }
    const multi = res.runs.length > 1;
    if (multi && res.runs.every((r) => !r.findings?.length)) {
      this.findingsBox.appendChild(h('p', { class: 'no-findings' }, l10n.t('No problems found in any of the {0} runs.', res.runs.length)));
      return;
    }
    for (const r of res.runs) {
      if (multi) this.findingsBox.appendChild(h('h3', { class: 'run-heading' }, r.name));
      this.findingsBox.appendChild(renderFindings(r.findings ?? [], this.host, undefined, multi ? l10n.t('No problems found in {0}.', r.name) : l10n.t('No problems found.')));
    }
  }

  /** New epochs for `run`: drawn at the next animation frame, together with whatever else arrived. */
  progress(run: string): void {
    this.dirty.add(run);
    if (this.frame !== undefined) return;
    const go = (): void => { this.frame = undefined; this.flush(); };
    this.frame = requestAnimationFrame(go);
  }

  /** Draws everything pending now (tests and the end of a run call it too). */
  flush(): void {
    if (this.frame !== undefined) { cancelAnimationFrame(this.frame); this.frame = undefined; }
    const runs = [...this.dirty];
    this.dirty.clear();
    const groups = lossGroups(this.t);
    const gk = groups.map((g) => g.loss).join('|');
    if (gk !== this.groupsKey) {
      this.renderLossCharts();
    } else {
      for (const c of this.lossCards) {
        const g = groups.find((x) => x.loss === c.loss);
        if (g) c.runs.splice(0, c.runs.length, ...g.runs);
        for (const r of runs) if (c.runs.includes(r)) c.card.curves.refreshRun(r);
        this.updateNote(c.card.fig, c.runs);
        c.card.curves.setXMax(this.xMax(c.runs));
        c.card.curves.draw();
      }
    }
    if (metricKeys(this.t).join() !== this.chartKeys) this.renderMetricChart();
    else if (this.metricCard) {
      for (const r of runs) this.metricCard.curves.refreshRun(r);
      this.metricCard.curves.setXMax(this.xMax(this.t.runs));
      this.metricCard.curves.draw();
    }
    this.fillXAxis();
    this.renderStatus();
    this.renderTable();
    this.onDrawn();
  }

  pending(): boolean {
    return this.frame !== undefined;
  }

  setStatus(): void {
    this.flush();
  }
}
