/**
 * Realistic loss curves for the curve-rule tables (seeded). A logged training loss is the mean of
 * B per-sample cross-entropies; a sample's CE is log(1 + (K−1)·e^(−margin)) with its margin drawn
 * around the model's current mean margin μ(t). That gives the noise real small-batch curves have:
 * skewed, heavy on the upside, shrinking in absolute terms as the loss falls, larger for small B.
 * Options add an LR-warmup bump, an epoch-boundary sawtooth and a held-out curve.
 */
import { seeded } from '../harness';
import type { CurveSeries } from '../../../../src/diagnostics/curves/types';

export interface CurveGen {
  steps: number;
  batch: number;
  seed: number;
  K?: number;
  /** Final mean margin and its time constant (in steps). */
  muMax?: number;
  tau?: number;
  /** Spread of per-sample margins. */
  spread?: number;
  /** LR warmup: the loss rises by this much (in margin units) around step warmupAt. */
  warmupBump?: number;
  warmupAt?: number;
  /** Epoch length in steps and the sawtooth amplitude (margin units). */
  epoch?: number;
  sawtooth?: number;
  /** Log every `every` steps (a logger that records every N-th batch). */
  every?: number;
}

export function marginAt(g: CurveGen, t: number): number {
  const muMax = g.muMax ?? 5, tau = g.tau ?? g.steps / 5;
  let mu = muMax * (1 - Math.exp(-t / tau));
  if (g.warmupBump) {
    const at = g.warmupAt ?? g.steps / 20;
    mu -= g.warmupBump * Math.exp(-(((t - at) / (at / 2)) ** 2));
  }
  if (g.epoch && g.sawtooth) mu += g.sawtooth * (1 - (t % g.epoch) / g.epoch);
  return mu;
}

export function ceOfMargin(m: number, K: number): number {
  // log(1 + (K−1)·e^(−m)), computed stably
  const x = Math.log(K - 1) - m;
  return x > 30 ? x : Math.log1p(Math.exp(x));
}

/** A training-loss series named `name` (steps 0.., every `every`). */
export function trainCurve(g: CurveGen, name = 'train_loss'): CurveSeries & { steps: number[]; values: number[] } {
  const r = seeded(g.seed);
  const K = g.K ?? 10, spread = g.spread ?? 2, every = g.every ?? 1;
  const steps: number[] = [], values: number[] = [];
  for (let t = 0; t < g.steps; t += every) {
    const mu = marginAt(g, t);
    let s = 0;
    for (let b = 0; b < g.batch; b++) s += ceOfMargin(mu + spread * r.normal(), K);
    steps.push(t);
    values.push(s / g.batch);
  }
  return { name, steps, values };
}

/**
 * A validation curve evaluated every `every` steps on `n` held-out samples: the generalisation gap
 * grows by `gapGrowth` margin units per 1000 steps after `overfitFrom` (0 = no overfitting).
 */
export function valCurve(g: CurveGen, o: { every: number; n?: number; gap?: number; overfitFrom?: number; gapGrowth?: number; seed?: number }, name = 'val_loss'): CurveSeries & { steps: number[]; values: number[] } {
  const r = seeded(o.seed ?? g.seed + 1000);
  const K = g.K ?? 10, spread = g.spread ?? 2, n = o.n ?? 500;
  const steps: number[] = [], values: number[] = [];
  for (let t = o.every; t <= g.steps; t += o.every) {
    let mu = marginAt({ ...g, epoch: 0, sawtooth: 0 }, t) - (o.gap ?? 0.3);
    if (o.overfitFrom && t > o.overfitFrom) mu -= ((t - o.overfitFrom) / 1000) * (o.gapGrowth ?? 1);
    let s = 0;
    for (let i = 0; i < n; i++) s += ceOfMargin(mu + spread * 1.2 * r.normal(), K);
    steps.push(t);
    values.push(s / n);
  }
  return { name, steps, values };
}
