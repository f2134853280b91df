/**
 * Line charts of per-epoch series (loss curves, metric curves) for one or more runs, overlaid, with
 * the tools people know from TensorBoard: debiased-EMA smoothing with the raw curve drawn faintly
 * behind (the tooltip shows both), drag to zoom (double-click or Reset zoom to undo), a log scale,
 * reference lines (known loss levels), LTTB decimation for long series, PNG and CSV export.
 * Streaming: `refreshRun` recomputes one run's datasets; the caller batches it per animation frame.
 */
import { l10n } from '../src/l10n';
import type { Chart, ChartDataset, TooltipItem } from 'chart.js';
import type { Series, Smoothing } from '../src/shapes/index';
import { makeChart } from './charts';
import { fmt } from './format';
import { smooth, toPoints } from './smoothing';
import { withAlpha, type Palette } from './theme';

export interface CurveSource {
  runs: string[];
  series(run: string, key: string): Series | undefined;
  /** x of each point of a run's series `key` (default: the 1-based epoch). */
  xs?(run: string, key: string): ReadonlyArray<number | null> | undefined;
  /** The run's colour index, the same on every chart of the view (default: its index here). */
  color?(run: string): number;
  /** Whether runs are told apart by colour (and train/validation by dash) even when this chart holds one run. */
  multiRun?: boolean;
  /** Whether a run's curve is dashed (a validation series among training ones). */
  dashed?(run: string): boolean;
}

/** A horizontal line at a known level (ln K, a loss floor), drawn dashed across the chart. */
export interface RefLine { label: string; y: number; note?: string; /** the run it belongs to (drawn in its colour) */ run?: string }

export type DatasetRole = 'raw' | 'smoothed' | 'ref';

/** A run in the HTML legend: its colour and whether its curves are solid, dashed (validation) or both. */
export interface LegendItem { run: string; color: number; hidden: boolean; line: 'solid' | 'dashed' | 'both' }

interface DsMeta { run: string; key: string; color: number; dashed: boolean; role: DatasetRole; ref?: RefLine }

type Pt = { x: number; y: number | null };
/** `name`: the series' name without the '(raw)' mark (CSV columns). */
export type LineDs = ChartDataset<'line', Pt[]> & { role?: DatasetRole; run?: string; key?: string; name?: string };

const KEY_LABEL: Record<string, string> = { train_loss: 'train', val_loss: 'validation', train: 'train', val: 'validation' };

export function keyLabel(key: string): string {
  const k = KEY_LABEL[key];
  return k === undefined ? key : k === 'train' ? l10n.t('train') : l10n.t('validation');
}

export interface CurveOptions {
  smoothing: Smoothing;
  logScale: boolean;
  xTitle?: string;
  /** Fixed x range (the longest run's epochs while runs stream in). */
  xMax?: number;
  /** Left end of the x-axis (default 1, the first epoch; 'auto' for steps from the data). */
  xMin?: number | 'auto';
  /** Whether x counts whole things (epochs, steps: integer ticks, zoom to no less than 1); default true. */
  xWhole?: boolean;
  refLines?: RefLine[];
}

export class CurveChart {
  readonly chart: Chart<'line'>;
  private meta: DsMeta[] = [];
  private style: Palette | undefined;
  private highlighted: string | undefined;
  /** Called after every rebuild (the HTML legend redraws itself). */
  onRebuild: (() => void) | undefined;

  constructor(
    canvas: HTMLCanvasElement,
    private src: CurveSource,
    private keys: string[],
    yTitle: string,
    private opts: CurveOptions,
  ) {
    this.chart = makeChart<'line'>(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        parsing: false,
        normalized: true,
        spanGaps: true,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: { type: 'linear', ...(opts.xMin === 'auto' ? {} : { min: opts.xMin ?? 1 }), ...(opts.xMax !== undefined && opts.xMax > 1 ? { max: opts.xMax } : {}), title: { display: true, text: opts.xTitle ?? l10n.t('epoch') }, ticks: { ...(opts.xWhole === false ? {} : { precision: 0 }), maxRotation: 0 } },
          y: { type: opts.logScale ? 'logarithmic' : 'linear', title: { display: true, text: yTitle }, ticks: { maxTicksLimit: 8, autoSkip: true } },
        },
        plugins: {
          legend: { display: false },
          decimation: { enabled: true, algorithm: 'lttb', samples: 800, threshold: 1600 },
          tooltip: {
            filter: (item) => (item.dataset as LineDs).role !== 'raw',
            callbacks: {
              title: (items) => (items.length ? `${opts.xTitle ?? l10n.t('epoch')} ${fmt(items[0].parsed.x)}` : ''),
              label: (item) => this.tooltipLabel(item),
            },
          },
          zoom: {
            zoom: { drag: { enabled: true, threshold: 8 }, mode: 'x' },
            limits: { x: { minRange: opts.xWhole === false ? 0 : 1 } },
          },
        },
      },
    }, (c, p) => this.recolor(c as unknown as Chart<'line'>, p));
    canvas.addEventListener('dblclick', () => this.resetZoom());
    this.rebuild();
  }

  private tooltipLabel(item: TooltipItem<'line'>): string {
    const ds = item.dataset as LineDs;
    const y = item.parsed.y;
    if (ds.role === 'ref') return `${ds.label ?? ''}`;
    const base = `${ds.label ?? ''}: ${fmt(y)}`;
    if (ds.role !== 'smoothed' || this.opts.smoothing.weight <= 0) return base;
    const raw = this.chart.data.datasets.find((d) => (d as LineDs).role === 'raw' && (d as LineDs).run === ds.run && (d as LineDs).key === ds.key) as LineDs | undefined;
    const rp = raw?.data.find((p) => p.x === item.parsed.x);
    return `${ds.label ?? ''}: ${l10n.t('{0} smoothed · {1} raw', fmt(y), fmt(rp?.y ?? null))}`;
  }

  /**
   * Labels of the runs in this chart, with their colour index and how their curves are drawn (solid,
   * dashed, or both: a run's train curve is solid and its validation curve dashed), for the HTML legend.
   */
  legendItems(): LegendItem[] {
    const seen = new Map<string, LegendItem & { solid: boolean; dashes: boolean }>();
    this.meta.forEach((m, i) => {
      if (m.role === 'ref') return;
      if (!(this.chart.data.datasets[i]?.data as Pt[] | undefined)?.some((p) => p.y !== null)) return; // nothing drawn for it
      const it = seen.get(m.run) ?? { run: m.run, color: m.color, hidden: !this.chart.isDatasetVisible(i), line: 'solid', solid: false, dashes: false };
      if (m.dashed) it.dashes = true; else it.solid = true;
      it.line = it.solid && it.dashes ? 'both' : it.dashes ? 'dashed' : 'solid';
      seen.set(m.run, it);
    });
    return [...seen.values()].map(({ run, color, hidden, line }) => ({ run, color, hidden, line }));
  }

  /** Shows or hides every dataset of a run. */
  toggleRun(run: string): boolean {
    const idx = this.meta.map((m, i) => (m.run === run && m.role !== 'ref' ? i : -1)).filter((i) => i >= 0);
    const visible = idx.some((i) => this.chart.isDatasetVisible(i));
    for (const i of idx) this.chart.setDatasetVisibility(i, !visible);
    this.chart.update('none');
    return !visible;
  }

  /** Draws one run strongly and the others faintly (undefined: all normal). */
  highlight(run: string | undefined): void {
    if (this.highlighted === run) return;
    this.highlighted = run;
    if (this.style) this.recolor(this.chart, this.style);
    this.chart.update('none');
  }

  /** Recreates every dataset (new runs, new smoothing or scale). */
  rebuild(): void {
    this.meta = [];
    const datasets: LineDs[] = [];
    const hidden = new Set(this.legendHidden());
    const runs = this.src.runs;
    const multi = runs.length > 1 || this.src.multiRun === true;
    const smoothing = this.opts.smoothing.weight > 0;
    runs.forEach((run, ri) => {
      this.keys.forEach((key, ki) => {
        const s = this.src.series(run, key);
        if (!s && key !== this.keys[0]) return;
        const dashed = this.src.dashed ? this.src.dashed(run) : ki > 0 && multi;
        const color = multi ? (this.src.color?.(run) ?? ri) : ki;
        const label = multi ? (this.keys.length > 1 ? `${run} · ${keyLabel(key)}` : run) : keyLabel(key);
        const xs = this.src.xs?.(run, key);
        if (smoothing) {
          this.meta.push({ run, key, color, dashed, role: 'raw' });
          datasets.push({ label: l10n.t('{0} (raw)', label), name: label, data: toPoints(s ?? [], this.opts.logScale, xs), borderWidth: 1, pointRadius: 0, tension: 0, order: 2, role: 'raw', run, key });
        }
        this.meta.push({ run, key, color, dashed, role: 'smoothed' });
        datasets.push({ label, data: this.points(s ?? [], xs), borderWidth: 2, pointRadius: 0, tension: 0, order: 1, role: 'smoothed', run, key });
      });
    });
    for (const ref of this.opts.refLines ?? []) {
      const own = ref.run !== undefined && runs.includes(ref.run) ? (this.src.color?.(ref.run) ?? runs.indexOf(ref.run)) : -1;
      this.meta.push({ run: ref.run ?? ref.label, key: 'ref', color: own, dashed: true, role: 'ref', ref });
      datasets.push({ label: ref.label, data: this.refPoints(ref), borderWidth: 1, pointRadius: 0, tension: 0, order: 0, role: 'ref' });
    }
    this.chart.data.datasets = datasets;
    this.meta.forEach((m, i) => { if (hidden.has(m.run) && m.role !== 'ref') this.chart.setDatasetVisibility(i, false); });
    this.applyPointRadius();
    if (this.style) this.recolor(this.chart, this.style);
    this.chart.update('none');
    this.onRebuild?.();
  }

  private legendHidden(): string[] {
    const out: string[] = [];
    this.meta.forEach((m, i) => { if (i < this.chart.data.datasets.length && !this.chart.isDatasetVisible(i)) out.push(m.run); });
    return out;
  }

  private refPoints(ref: RefLine): Pt[] {
    const x = this.chart.options.scales?.x;
    let max = typeof x?.max === 'number' ? x.max : 1;
    for (const ds of this.chart.data.datasets) for (const p of ds.data as Pt[]) if (p.x > max) max = p.x;
    const min = typeof x?.min === 'number' ? x.min : 1;
    return [{ x: min, y: ref.y }, { x: Math.max(max, min + 1), y: ref.y }];
  }

  /** Recomputes one run's datasets after new epochs arrived (no redraw: call `draw`). */
  refreshRun(run: string): void {
    for (const key of this.keys) {
      if (this.src.series(run, key) && !this.meta.some((m) => m.run === run && m.key === key)) { this.rebuild(); return; }
    }
    if (!this.src.runs.every((r) => this.meta.some((m) => m.run === r))) { this.rebuild(); return; }
    this.meta.forEach((m, i) => {
      if (m.run !== run || m.role === 'ref') return;
      const s = this.src.series(run, m.key) ?? [];
      const xs = this.src.xs?.(run, m.key);
      (this.chart.data.datasets[i] as LineDs).data = m.role === 'raw' ? toPoints(s, this.opts.logScale, xs) : this.points(s, xs);
    });
  }

  /** Redraws after `refreshRun`/`setXMax` calls (one update per animation frame). */
  draw(): void {
    this.meta.forEach((m, i) => { if (m.ref) (this.chart.data.datasets[i] as LineDs).data = this.refPoints(m.ref); });
    this.applyPointRadius();
    this.chart.update('none');
  }

  setSmoothing(s: Smoothing): void { this.opts.smoothing = s; this.rebuild(); }

  /** Fixes the x-axis to [1, max] (the longest run) while runs stream in, so curves grow across a stable axis. */
  setXMax(max: number | undefined): void {
    const x = this.chart.options.scales?.x;
    if (!x) return;
    const m = max !== undefined && max > 1 ? max : undefined;
    this.opts.xMax = m;
    if (!this.zoomed()) x.max = m;
  }

  setXAxis(title: string, min: number, max: number | undefined, whole = true): void {
    const x = this.chart.options.scales?.x;
    if (!x) return;
    this.opts.xTitle = title;
    this.opts.xWhole = whole;
    if ('title' in x && x.title) x.title.text = title;
    if (x.ticks) (x.ticks as { precision?: number }).precision = whole ? 0 : undefined;
    const limits = this.chart.options.plugins?.zoom?.limits?.x;
    if (limits) limits.minRange = whole ? 1 : 0;
    x.min = min;
    this.opts.xMax = max;
    x.max = max;
    this.rebuild();
  }

  setLogScale(log: boolean): void {
    this.opts.logScale = log;
    const y = this.chart.options.scales?.y;
    if (y) y.type = log ? 'logarithmic' : 'linear';
    this.rebuild();
  }

  setKeys(keys: string[], yTitle: string): void {
    this.keys = keys;
    const y = this.chart.options.scales?.y;
    if (y && 'title' in y && y.title) y.title.text = yTitle;
    this.rebuild();
  }

  setRefLines(refs: RefLine[]): void {
    this.opts.refLines = refs;
    this.rebuild();
  }

  zoomed(): boolean {
    const c = this.chart as unknown as { isZoomedOrPanned?: () => boolean };
    return c.isZoomedOrPanned?.() ?? false;
  }

  resetZoom(): void {
    const c = this.chart as unknown as { resetZoom?: (mode?: string) => void };
    c.resetZoom?.('none');
    const x = this.chart.options.scales?.x;
    if (x) x.max = this.opts.xMax;
    this.chart.update('none');
  }

  /** The raw values as CSV: one row per x, one column per run and series. */
  csv(): string {
    const cols: Array<{ name: string; byX: Map<number, number | null> }> = [];
    const xsAll = new Set<number>();
    this.meta.forEach((m, i) => {
      if (m.role === 'ref' || (m.role === 'smoothed' && this.opts.smoothing.weight > 0)) return;
      const s = this.src.series(m.run, m.key) ?? [];
      const pts = toPoints(s, false, this.src.xs?.(m.run, m.key));
      const byX = new Map<number, number | null>();
      for (const p of pts) { byX.set(p.x, p.y); xsAll.add(p.x); }
      cols.push({ name: (this.chart.data.datasets[i] as LineDs).name ?? this.chart.data.datasets[i].label ?? m.run, byX });
    });
    const xs = [...xsAll].sort((a, b) => a - b);
    const q = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const lines = [[this.opts.xTitle ?? l10n.t('epoch'), ...cols.map((c) => c.name)].map(q).join(',')];
    for (const x of xs) lines.push([String(x), ...cols.map((c) => { const v = c.byX.get(x); return v === null || v === undefined ? '' : String(v); })].join(','));
    return lines.join('\n') + '\n';
  }

  /** The chart as a PNG data URL, on the panel's background (a transparent PNG is unreadable elsewhere). */
  png(): string {
    const src = this.chart.canvas;
    const c = document.createElement('canvas');
    c.width = src.width;
    c.height = src.height;
    const ctx = c.getContext('2d');
    if (!ctx) return this.chart.toBase64Image('image/png');
    ctx.fillStyle = this.style?.background ?? '#ffffff';
    ctx.fillRect(0, 0, c.width, c.height);
    ctx.drawImage(src, 0, 0);
    return c.toDataURL('image/png');
  }

  private points(s: Series, xs?: ReadonlyArray<number | null>): Pt[] {
    return toPoints(smooth(s, this.opts.smoothing), this.opts.logScale, xs);
  }

  private applyPointRadius(): void {
    // Dots only while they are well apart (a few epochs, or a wide chart).
    const room = Math.max(1, (this.chart.width || 600) / 24);
    for (const ds of this.chart.data.datasets as LineDs[]) {
      const n = ds.data.length;
      ds.pointRadius = ds.role !== 'smoothed' ? 0 : n <= 1 ? 3 : n <= Math.min(40, room) ? 2 : 0;
    }
  }

  private recolor(chart: Chart<'line'>, p: Palette): void {
    this.style = p;
    styleLines(chart, this.meta, p, 2, this.highlighted);
  }
}

/**
 * Colours line datasets from the palette: colour index and dash per dataset (`meta[i]`); raw curves
 * behind smoothed ones are faint, reference lines muted; a highlighted run stays strong while the
 * others fade.
 */
export function styleLines(chart: Chart<'line'>, meta: ReadonlyArray<{ color: number; dashed: boolean; role?: DatasetRole; run?: string } | undefined>, p: Palette, width: number, highlighted?: string): void {
  chart.data.datasets.forEach((ds, i) => {
    const m = meta[i];
    if (!m) return;
    if (m.role === 'ref') {
      ds.borderColor = m.color >= 0 ? withAlpha(p.series[m.color % p.series.length], 0.75) : withAlpha(p.muted, 0.9);
      ds.backgroundColor = 'transparent';
      ds.borderWidth = 1;
      ds.borderDash = [3, 3];
      return;
    }
    const c = p.series[m.color % p.series.length];
    const faded = highlighted !== undefined && m.run !== highlighted;
    const alpha = (m.role === 'raw' ? 0.28 : 1) * (faded ? 0.2 : 1);
    ds.borderColor = alpha < 1 ? withAlpha(c, alpha) : c;
    ds.backgroundColor = withAlpha(c, 0.25);
    ds.pointBackgroundColor = c;
    ds.borderWidth = m.role === 'raw' ? 1 : p.highContrast ? 3 : highlighted !== undefined && !faded ? width + 1 : width;
    ds.borderDash = m.dashed ? [6, 4] : [];
  });
}
