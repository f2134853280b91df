/** The panel's saved state (its shape, PanelState, is in src/shapes/panel-state.ts): fresh, restored, updated. */
import type { PanelState, ScenarioKind, Series, TrainReport, TrainState, UiSettings } from '../src/shapes/index';
import { clampWeight, DEFAULT_SMOOTHING } from './smoothing';

export function initialState(): PanelState {
  return { v: 1, mode: 'empty', ui: { smoothing: { ...DEFAULT_SMOOTHING }, logScale: false } };
}

/** Accepts a restored state only if it looks like ours; otherwise starts fresh. */
export function restoreState(raw: unknown): PanelState {
  const fresh = initialState();
  if (typeof raw !== 'object' || raw === null) return fresh;
  const r = raw as Partial<PanelState>;
  if (r.v !== 1 || typeof r.mode !== 'string' || typeof r.ui !== 'object' || r.ui === null) return fresh;
  const s: unknown = r.ui.smoothing;
  const weight = typeof s === 'object' && s !== null ? (s as { weight?: unknown }).weight : undefined;
  const ui: UiSettings = {
    // (states saved before the TensorBoard slider had {kind, window, alpha}: they start from the default)
    smoothing: typeof weight === 'number' ? { weight: clampWeight(weight) } : { ...DEFAULT_SMOOTHING },
    logScale: r.ui.logScale === true,
    ...(r.ui.xAxis === 'time' || r.ui.xAxis === 'epoch' || r.ui.xAxis === 'step' ? { xAxis: r.ui.xAxis } : {}),
    ...(typeof r.ui.stepSmoothing?.weight === 'number' ? { stepSmoothing: { weight: clampWeight(r.ui.stepSmoothing.weight) } } : {}),
    ...(typeof r.ui.stepLogScale === 'boolean' ? { stepLogScale: r.ui.stepLogScale } : {}),
    ...(r.ui.stepXAxis === 'step' || r.ui.stepXAxis === 'epoch' || r.ui.stepXAxis === 'time' ? { stepXAxis: r.ui.stepXAxis } : {}),
    ...(typeof r.ui.metric === 'string' ? { metric: r.ui.metric } : {}),
  };
  return { ...fresh, ...r, ui } as PanelState;
}

export function emptyTrain(scenario: string, title: string, kind: ScenarioKind, runs: string[]): TrainState {
  const series: Record<string, Record<string, Series>> = {};
  const epochOf: Record<string, number> = {};
  for (const r of runs) { series[r] = { train_loss: [] }; epochOf[r] = 0; }
  return { scenario, title, kind, runs: [...runs], status: 'running', series, epochOf };
}

/** The train state for a finished result (replaces streamed values with the final histories). */
export function trainFromResult(prev: TrainState | undefined, result: TrainReport): TrainState {
  const names = result.runs.map((r) => r.name);
  const t: TrainState = {
    scenario: result.scenario,
    title: result.title ?? prev?.title ?? result.scenario,
    kind: result.kind ?? prev?.kind ?? (result.runs.length > 2 ? 'sweep' : 'tutorial'),
    runs: names,
    status: 'finished',
    series: {},
    epochOf: {},
    result,
  };
  if (prev?.description) t.description = prev.description;
  let epochs = 0;
  t.epochsOfRun = {};
  t.lossOf = {};
  for (const r of result.runs) {
    t.series[r.name] = { ...r.history };
    const n = r.history.train_loss?.length ?? 0;
    t.epochOf[r.name] = n;
    t.epochsOfRun[r.name] = n;
    const loss = r.loss?.type;
    if (typeof loss === 'string') t.lossOf[r.name] = loss;
    epochs = Math.max(epochs, n);
  }
  t.epochs = epochs;
  for (const r of result.runs) {
    if (r.step_history) (t.steps ??= {})[r.name] = { step: [...r.step_history.step], train_loss: [...r.step_history.train_loss] };
    if (r.epoch_end_step) (t.stepOf ??= {})[r.name] = [...r.epoch_end_step];
  }
  // the wall time of each epoch, when the run was watched streaming in (a report has none)
  if (prev?.timeOf) t.timeOf = Object.fromEntries(names.filter((n) => prev.timeOf?.[n]).map((n) => [n, (prev.timeOf?.[n] ?? []).slice(0, t.epochOf[n])]));
  return t;
}
