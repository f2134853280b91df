/**
 * Non-finite numbers (NaN, ±Infinity), which JSON cannot carry, in one place for the CLI, the HTML
 * report and the panel: the CLI's JSON spells them as strings, reports and panel messages as null.
 */
import type { ProgressMessage, ScenarioProgress, ScenarioResult, TrainReport } from '../shapes/index';

/** JSON.stringify replacer: non-finite numbers become "NaN", "Infinity", "-Infinity"; typed arrays plain arrays. */
export function finiteReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  }
  if (value instanceof Float64Array || value instanceof Float32Array) return Array.from(value);
  return value;
}

/** The CLI's JSON: non-finite numbers as strings (see finiteReplacer). */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, finiteReplacer, indent);
}

/** A finite number, or null. */
export function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** A scenario result as JSON carries it: non-finite numbers become null. */
export function toTrainReport(r: ScenarioResult): TrainReport {
  return JSON.parse(JSON.stringify(r, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))) as TrainReport;
}

/** One epoch's progress as the panel receives it: non-finite numbers become null. */
export function toProgressMessage(p: ScenarioProgress): ProgressMessage {
  return {
    type: 'progress', run: p.run, epoch: p.epoch, epochs: p.epochs,
    train_loss: finiteOrNull(p.train_loss),
    val_loss: finiteOrNull(p.val_loss),
    metrics: Object.fromEntries(Object.entries(p.metrics ?? {}).map(([k, v]) => [k, finiteOrNull(v)])),
    ...(p.loss !== undefined ? { loss: p.loss } : {}),
    ...(Number.isFinite(p.elapsed) ? { elapsed: p.elapsed } : {}),
    runIndex: p.runIndex, runCount: p.runCount,
    ...(p.step !== undefined ? { step: p.step } : {}),
    ...(p.batch_steps && p.batch_losses ? { batch_steps: [...p.batch_steps], batch_losses: p.batch_losses.map(finiteOrNull) } : {}),
  };
}
