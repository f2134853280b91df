/**
 * Line charts of per-epoch series (loss curves, metric curves) for one or more runs, overlaid.
 * Streaming: `refreshRun` recomputes one run's datasets and redraws without animation.
 */
import type { Chart, ChartDataset, ScatterDataPoint } from 'chart.js';
import type { Series } from '../src/shapes/index';
import { makeChart } from './charts';
import type { Smoothing } from '../src/shapes/index';
import { smooth, toPoints } from './smoothing';
import { withAlpha, type Palette } from './theme';

export interface CurveSource {
  runs: string[];
  series(run: string, key: string): Series | undefined;
}

interface DsMeta { run: string; key: string; color: number; dashed: boolean }

type LineDs = ChartDataset<'line', Array<ScatterDataPoint | { x: number; y: number | null }>>;

const KEY_LABEL: Record<string, string> = { train_loss: 'train', val_loss: 'validation', train: 'train', val: 'validation' };

export class CurveChart {
  readonly chart: Chart<'line'>;
  private meta: DsMeta[] = [];

  constructor(
    canvas: HTMLCanvasElement,
    private src: CurveSource,
    private keys: string[],
    yTitle: string,
    private smoothing: Smoothing,
    private logScale: boolean,
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
          x: { type: 'linear', min: 1, title: { display: true, text: 'epoch' }, ticks: { precision: 0 } },
          y: { type: logScale ? 'logarithmic' : 'linear', title: { display: true, text: yTitle } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 24, boxHeight: 2 } },
          tooltip: { callbacks: { title: (items) => (items.length ? `epoch ${items[0].parsed.x}` : '') } },
        },
      },
    }, (c, p) => this.recolor(c as unknown as Chart<'line'>, p));
    this.rebuild();
  }

  /** Recreates every dataset (new runs, new smoothing or scale). */
  rebuild(): void {
    this.meta = [];
    const datasets: LineDs[] = [];
    const multi = this.src.runs.length > 1;
    this.src.runs.forEach((run, ri) => {
      this.keys.forEach((key, ki) => {
        const s = this.src.series(run, key);
        if (!s && key !== this.keys[0]) return;
        const dashed = ki > 0 && multi;
        const color = multi ? ri : ki;
        const label = multi ? (this.keys.length > 1 ? `${run} · ${KEY_LABEL[key] ?? key}` : run) : (KEY_LABEL[key] ?? key);
        this.meta.push({ run, key, color, dashed });
        datasets.push({ label, data: this.points(s ?? []), borderWidth: 2, pointRadius: 0, tension: 0 });
      });
    });
    this.chart.data.datasets = datasets;
    this.applyStyle();
    this.chart.update('none');
  }

  /** Recomputes one run's datasets after new epochs arrived. */
  refreshRun(run: string): void {
    let missing = false;
    this.meta.forEach((m, i) => {
      if (m.run !== run) return;
      const s = this.src.series(run, m.key) ?? [];
      (this.chart.data.datasets[i] as LineDs).data = this.points(s);
    });
    for (const key of this.keys) {
      if (this.src.series(run, key) && !this.meta.some((m) => m.run === run && m.key === key)) missing = true;
    }
    if (!this.src.runs.every((r) => this.meta.some((m) => m.run === r))) missing = true;
    if (missing) { this.rebuild(); return; }
    this.applyPointRadius();
    this.chart.update('none');
  }

  setSmoothing(s: Smoothing): void { this.smoothing = s; this.rebuild(); }

  /** Fixes the epoch axis to [1, epochs] while a run streams in, so curves grow across a stable axis. */
  setEpochs(epochs: number | undefined): void {
    const x = this.chart.options.scales?.x;
    if (!x) return;
    const max = epochs !== undefined && epochs > 1 ? epochs : undefined;
    if (x.max === max) return;
    x.max = max;
    this.chart.update('none');
  }

  setLogScale(log: boolean): void {
    this.logScale = log;
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

  private points(s: Series): Array<{ x: number; y: number | null }> {
    return toPoints(smooth(s, this.smoothing), this.logScale);
  }

  private applyPointRadius(): void {
    // Dots only while they are well apart (a few epochs, or a wide chart).
    const room = Math.max(1, (this.chart.width || 600) / 14);
    for (const ds of this.chart.data.datasets) {
      const n = ds.data.length;
      ds.pointRadius = n <= 1 ? 3 : n <= Math.min(40, room) ? 2 : 0;
    }
  }

  private style: Palette | undefined;

  private applyStyle(): void {
    this.applyPointRadius();
    if (this.style) this.recolor(this.chart, this.style);
  }

  private recolor(chart: Chart<'line'>, p: Palette): void {
    this.style = p;
    styleLines(chart, this.meta, p, 2);
  }
}

/** Colours line datasets from the palette: colour index and dash per dataset (`meta[i]`). */
export function styleLines(chart: Chart<'line'>, meta: ReadonlyArray<{ color: number; dashed: boolean } | undefined>, p: Palette, width: number): void {
  chart.data.datasets.forEach((ds, i) => {
      const m = meta[i];
      if (!m) return;
      const c = p.series[m.color % p.series.length];
      ds.borderColor = c;
      ds.backgroundColor = withAlpha(c, 0.25);
      ds.pointBackgroundColor = c;
      ds.borderWidth = p.highContrast ? 3 : width;
      ds.borderDash = m.dashed ? [6, 4] : [];
  });
}
