/**
 * Verdicts computed from a scenario's results, for the panel's headline: which metric decides a
 * sweep or a mistake/fix pair, which run is best on it, and the one sentence that says so; and the
 * loss levels that are known in advance (reference lines: ln K, the constant-prediction loss, the
 * double-softmax floor, the label-smoothing floor). Pure: unit-tested in Node.
 */
import { l10n } from '../src/l10n';
import type { RunReport, TrainReport } from '../src/shapes/index';
import { fmt } from './format';

export interface KeyMetric { key: string; label: string; higherIsBetter: boolean }

/** Metrics that decide a comparison, most telling first (the summary's columns choose among them); labels in the page's language. */
const keyMetrics = (): KeyMetric[] => [
  { key: 'val_f1', label: l10n.t('val F1'), higherIsBetter: true },
  { key: 'val_min_class_recall', label: l10n.t('val smallest per-class recall'), higherIsBetter: true },
  { key: 'val_ece', label: l10n.t('val ECE (calibration error)'), higherIsBetter: false },
  { key: 'val_mae', label: l10n.t('val MAE'), higherIsBetter: false },
  { key: 'val_macro_f1', label: l10n.t('val macro F1'), higherIsBetter: true },
  { key: 'val_pr_auc', label: l10n.t('val PR-AUC'), higherIsBetter: true },
  { key: 'val_r2', label: l10n.t('val R²'), higherIsBetter: true },
  { key: 'val_accuracy', label: l10n.t('val accuracy'), higherIsBetter: true },
];

/** When the summary names none of them: by task. */
const BY_TASK: Record<string, string> = {
  binary: 'val_f1', multilabel: 'val_f1', multiclass: 'val_macro_f1', regression: 'val_mae', tagging: 'val_accuracy',
};

function finalOf(r: RunReport, key: string): number | null {
  const v = r.final?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** The metric that decides this comparison (undefined for a single run or no shared metric). */
export function keyMetric(rep: TrainReport): KeyMetric | undefined {
  if (rep.runs.length < 2) return undefined;
  const has = (k: string): boolean => rep.runs.every((r) => finalOf(r, k) !== null);
  const cols = rep.summary?.columns ?? [];
  const KEY_METRICS = keyMetrics();
  const fromSummary = KEY_METRICS.find((m) => cols.includes(m.key) && has(m.key));
  if (fromSummary) return fromSummary;
  if (rep.kind === 'mistake') {
    // a mistake beside its fix: the metric on which the two differ most (relative to its size)
    let bestGap = 0;
    let pick: KeyMetric | undefined;
    for (const m of KEY_METRICS) {
      if (!has(m.key)) continue;
      const v = rep.runs.map((r) => finalOf(r, m.key) as number);
      const scale = Math.max(...v.map(Math.abs));
      const gap = scale > 0 ? (Math.max(...v) - Math.min(...v)) / scale : 0;
      if (gap > bestGap + 1e-12) { bestGap = gap; pick = m; }
    }
    if (pick) return pick;
  }
  const task = rep.runs[0].task;
  const byTask = task ? KEY_METRICS.find((m) => m.key === BY_TASK[task] && has(m.key)) : undefined;
  return byTask ?? KEY_METRICS.find((m) => has(m.key));
}

/** The swept setting of each run as the summary's second column shows it (`pos_weight 4.391`). */
function settingOf(rep: TrainReport, run: string): string | undefined {
  const s = rep.summary;
  if (!s || s.columns.length < 2 || s.columns[0] !== 'run') return undefined;
  const col = s.columns[1];
  if (/fired|^loss$|^val_|^train_|metric/.test(col)) return undefined;
  const row = s.rows.find((r) => r[0] === run);
  if (!row || row[1] === null || row[1] === undefined) return undefined;
  return `${col} ${typeof row[1] === 'number' ? fmt(row[1]) : row[1]}`;
}

export interface Headline {
  text: string;
  metric: KeyMetric;
  best: string;
  worst: string;
}

/** One sentence from the results: the best and the worst run on the key metric, and what accuracy would have picked. */
export function headline(rep: TrainReport): Headline | undefined {
  if (rep.kind !== 'sweep' && rep.kind !== 'mistake') return undefined;
  const m = keyMetric(rep);
  if (!m) return undefined;
  const scored = rep.runs.map((r) => ({ r, v: finalOf(r, m.key) as number }));
  const better = (a: number, b: number): boolean => (m.higherIsBetter ? a > b : a < b);
  let best = scored[0], worst = scored[0];
  for (const s of scored) { if (better(s.v, best.v)) best = s; if (better(worst.v, s.v)) worst = s; }
  const name = (r: RunReport): string => { const set = settingOf(rep, r.name); return set ? `${r.name} (${set})` : r.name; };
  if (best.v === worst.v) {
    return { text: l10n.t('All {0} runs reach the same {1}: {2}.', rep.runs.length, m.label, fmt(best.v, 3)), metric: m, best: best.r.name, worst: worst.r.name };
  }
  let text = l10n.t('Best {0}: {1} {2}; worst: {3} {4}.', m.label, name(best.r), fmt(best.v, 3), name(worst.r), fmt(worst.v, 3));
  if (m.key !== 'val_accuracy') {
    const acc = rep.runs.map((r) => ({ r, a: finalOf(r, 'val_accuracy') }));
    if (acc.every((x) => x.a !== null)) {
      let top = acc[0];
      for (const x of acc) if ((x.a as number) > (top.a as number)) top = x;
      const tied = acc.filter((x) => x.a === top.a).map((x) => x.r.name);
      if (!tied.includes(best.r.name)) text += ` ${l10n.t('Accuracy would pick {0} ({1}): it hides the difference.', top.r.name, fmt(top.a, 3))}`;
    }
  }
  return { text, metric: m, best: best.r.name, worst: worst.r.name };
}

export interface RefLevel { label: string; y: number; run?: string; kind?: 'smoothing-floor' }

function classCounts(r: RunReport): number[] | undefined {
  const c = r.details?.confusion;
  if (Array.isArray(c) && c.length > 1 && c.every((row) => Array.isArray(row) && row.every((x) => typeof x === 'number'))) {
    return (c as number[][]).map((row) => row.reduce((a, b) => a + b, 0));
  }
  if (c && typeof c === 'object' && !Array.isArray(c)) {
    const b = c as Record<string, unknown>;
    if (['tp', 'fp', 'tn', 'fn'].every((k) => typeof b[k] === 'number')) {
      const pos = (b.tp as number) + (b.fn as number), neg = (b.tn as number) + (b.fp as number);
      return [neg, pos];
    }
  }
  return undefined;
}

function entropy(p: number[]): number {
  let h = 0;
  for (const x of p) if (x > 0) h -= x * Math.log(x);
  return h;
}

/** Cross-entropy of a one-hot target under label smoothing ε with K classes, at its minimum (the target's own entropy). */
export function labelSmoothingFloor(eps: number, k: number, convention: 'pytorch' | 'others' = 'pytorch'): number {
  if (!(eps > 0) || k < 2) return 0;
  const q = convention === 'others' ? [1 - eps, ...Array<number>(k - 1).fill(eps / (k - 1))] : [1 - eps + eps / k, ...Array<number>(k - 1).fill(eps / k)];
  return entropy(q);
}

/** The lowest cross-entropy reachable when the model already outputs probabilities: log(1 + (K − 1)/e). */
export function doubleSoftmaxFloor(k: number): number {
  return Math.log(1 + (k - 1) / Math.E);
}

/**
 * Known loss levels for the runs of one loss: ln K (a uniform guess), the constant-prediction loss
 * (predicting the class frequencies; binary: the prevalence), the double-softmax floor for runs it
 * fired on, and each smoothed run's floor (train losses with different ε start from different floors).
 */
export function refLevels(runs: RunReport[]): RefLevel[] {
  const out: RefLevel[] = [];
  const first = runs[0];
  if (!first) return out;
  const type = String(first.loss?.type ?? '');
  const counts = classCounts(first);
  if (type === 'CrossEntropyLoss' && counts && counts.length > 1) {
    const k = counts.length;
    const n = counts.reduce((a, b) => a + b, 0);
    out.push({ label: l10n.t('ln K = {0} (uniform guess, K = {1})', fmt(Math.log(k), 3), k), y: Math.log(k) });
    if (n > 0) {
      const h = entropy(counts.map((c) => c / n));
      if (Math.abs(h - Math.log(k)) > 0.01) out.push({ label: l10n.t('constant prediction {0} (class frequencies)', fmt(h, 3)), y: h });
    }
    const ds = runs.filter((r) => r.findings?.some((f) => f.rule === 'double-softmax'));
    if (ds.length) out.push({ label: l10n.t('double-softmax floor {0}', fmt(doubleSoftmaxFloor(k), 3)), y: doubleSoftmaxFloor(k), run: ds[0].name });
    for (const r of runs) {
      const eps = Number(r.loss?.label_smoothing ?? 0);
      if (eps > 0) {
        const conv = r.loss?.smoothing_mode === 'others' ? 'others' : 'pytorch';
        const y = labelSmoothingFloor(eps, k, conv);
        out.push({ label: conv === 'others' ? l10n.t('floor at ε = {0} (ε/(K−1)): {1}', fmt(eps), fmt(y, 3)) : l10n.t('floor at ε = {0}: {1}', fmt(eps), fmt(y, 3)), y, run: r.name, kind: 'smoothing-floor' });
      }
    }
  } else if (type === 'BCEWithLogitsLoss' || type === 'BCELoss') {
    if (counts && counts.length === 2 && !runs.some((r) => r.loss?.pos_weight !== undefined)) {
      const n = counts[0] + counts[1];
      if (n > 0) {
        const p = counts[1] / n;
        out.push({ label: l10n.t('constant prediction {0} (prevalence {1})', fmt(entropy([p, 1 - p]), 3), fmt(p, 3)), y: entropy([p, 1 - p]) });
      }
    }
  }
  return out;
}
