/** What a bundled scenario is made of, and small helpers the scenario files share. */
import type { Dataset } from '../engine/data/loader';
import { Rng } from '../engine/data/rng';
import type { RunSpec } from './train';
import type { RunResult, ScenarioInfo } from './types';

export interface ScenarioDef extends ScenarioInfo {
  build(seed: number): RunSpec[];
  /** Columns of the comparison table and how to read them from a run. */
  summary?: { columns: string[]; row(r: RunResult): (string | number)[] };
  /** Mistakes: the diagnostics rule that must fire on the mistake run and not on the fixed run. */
  rule?: string;
  /** The comparison in words from this seed's numbers (ScenarioResult.verdict). */
  verdict?(runs: RunResult[]): string;
}

/** The named random stream of a scenario's data or training (same seed and name → same numbers). */
export const rngFor = (seed: number, name: string): Rng => new Rng(seed, name);

/** Rows whose (first) target is positive. */
export function positives(d: Dataset): number {
  let p = 0;
  for (let i = 0; i < d.y.length; i++) if (d.y[i] >= 0.5) p++;
  return p;
}

/** Rounded to 3 decimals for tables (non-finite values pass through). */
export const f3 = (x: number | undefined): number => (x === undefined || !Number.isFinite(x) ? Number(x) : Math.round(x * 1000) / 1000);

/** A number for prose: 3 significant decimals, or "n/a" when missing or not finite. */
export const say = (x: number | undefined, digits = 3): string => (x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(digits));

/** The run with the largest value of `key` in its final metrics (first on ties). */
export function best(runs: RunResult[], key: string): RunResult {
  let b = runs[0];
  for (const r of runs) if ((r.final[key] ?? -Infinity) > (b.final[key] ?? -Infinity)) b = r;
  return b;
}

/** A run by name (throws if the scenario has no such run: a programming error). */
export function run(runs: RunResult[], name: string): RunResult {
  const r = runs.find((x) => x.name === name);
  if (!r) throw new Error(`scenario has no run '${name}'`);
  return r;
}

/** The recall of class k on the held-out set (details.per_class), NaN when absent. */
export function classRecall(r: RunResult, k: number): number {
  const pc = r.details.per_class as { recall: number }[] | undefined;
  return pc?.[k]?.recall ?? NaN;
}

/** Class counts of a class-index data set. */
export function classCounts(d: Dataset, k: number): number[] {
  const c = new Array<number>(k).fill(0);
  for (let i = 0; i < d.n; i++) c[d.y[i]]++;
  return c;
}
