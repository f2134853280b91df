/**
 * Batching like torch.utils.data.DataLoader over in-memory row-major arrays: batch_size, shuffle,
 * drop_last, or an explicit sampler (e.g. WeightedRandomSampler). Batches are gathered into buffers
 * owned by the loader and reused: a batch stays valid until the next one is produced.
 */
import type { Rng } from './rng';

/** A dataset: `n` rows of `xCols` input features and `yCols` target values (both row-major). */
export interface Dataset {
  x: Float64Array;
  y: Float64Array;
  n: number;
  xCols: number;
  yCols: number;
}

export interface Batch {
  x: Float64Array;
  y: Float64Array;
  /** Rows in this batch (the buffers may be longer). */
  rows: number;
  /** The dataset rows it holds. */
  indices: Int32Array;
}

/** Produces the row order of one epoch. */
export interface Sampler {
  /** Rows drawn per epoch. */
  readonly length: number;
  /** Writes one epoch of row indices into `out` (length `this.length`). */
  epoch(out: Int32Array): void;
}

export class SequentialSampler implements Sampler {
  constructor(readonly length: number) {}
  epoch(out: Int32Array): void { for (let i = 0; i < this.length; i++) out[i] = i; }
}

export class RandomSampler implements Sampler {
  constructor(readonly length: number, private readonly rng: Rng) {}
  epoch(out: Int32Array): void { this.rng.permutation(this.length, out); }
}

/**
 * torch.utils.data.WeightedRandomSampler with replacement: `numSamples` rows drawn independently,
 * row i with probability weights[i] / Σ weights (inverse-CDF lookup by binary search).
 */
export class WeightedRandomSampler implements Sampler {
  private readonly cdf: Float64Array;
  constructor(weights: ArrayLike<number>, readonly length: number, private readonly rng: Rng) {
    this.cdf = new Float64Array(weights.length);
    let s = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i];
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`WeightedRandomSampler: weight ${i} is ${w}; weights must be finite and >= 0`);
      s += w;
      this.cdf[i] = s;
    }
    if (!(s > 0)) throw new RangeError('WeightedRandomSampler: the weights sum to zero');
  }
  epoch(out: Int32Array): void {
    const cdf = this.cdf, n = cdf.length, total = cdf[n - 1];
    for (let k = 0; k < this.length; k++) {
      const u = this.rng.uniform() * total;
      let lo = 0, hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cdf[mid] > u) hi = mid; else lo = mid + 1;
      }
      out[k] = lo;
    }
  }
}

export interface LoaderOptions {
  batchSize: number;
  shuffle?: boolean;
  dropLast?: boolean;
  /** Replaces shuffle/sequential order. */
  sampler?: Sampler;
  /** Needed for shuffle. */
  rng?: Rng;
}

export class DataLoader {
  readonly batchSize: number;
  readonly dropLast: boolean;
  private readonly sampler: Sampler;
  private readonly order: Int32Array;
  private readonly bx: Float64Array;
  private readonly by: Float64Array;

  constructor(readonly data: Dataset, opts: LoaderOptions) {
    if (!(opts.batchSize >= 1)) throw new RangeError('DataLoader: batchSize must be >= 1');
    this.batchSize = opts.batchSize;
    this.dropLast = opts.dropLast ?? false;
    if (opts.sampler) this.sampler = opts.sampler;
    else if (opts.shuffle) {
      if (!opts.rng) throw new RangeError('DataLoader: shuffle needs an rng');
      this.sampler = new RandomSampler(data.n, opts.rng);
    } else this.sampler = new SequentialSampler(data.n);
    this.order = new Int32Array(this.sampler.length);
    this.bx = new Float64Array(this.batchSize * data.xCols);
    this.by = new Float64Array(this.batchSize * data.yCols);
  }

  /** Batches per epoch (like len(loader)). */
  get length(): number {
    const n = this.sampler.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** One epoch of batches (draws a new order from the sampler). */
  *epoch(): Generator<Batch> {
    this.sampler.epoch(this.order);
    const { x, y, xCols, yCols } = this.data;
    const n = this.order.length, bs = this.batchSize;
    for (let start = 0; start < n; start += bs) {
      const rows = Math.min(bs, n - start);
      if (rows < bs && this.dropLast) break;
      const bx = this.bx, by = this.by;
      for (let r = 0; r < rows; r++) {
        const i = this.order[start + r];
        const src = i * xCols, dst = r * xCols;
        for (let c = 0; c < xCols; c++) bx[dst + c] = x[src + c];
        const ys = i * yCols, yd = r * yCols;
        for (let c = 0; c < yCols; c++) by[yd + c] = y[ys + c];
      }
      yield { x: bx, y: by, rows, indices: this.order.subarray(start, start + rows) };
    }
  }
}

/** Splits rows into a shuffled training part and a held-out part of `fraction` × n rows. */
export function trainValSplit(data: Dataset, fraction: number, rng: Rng): { train: Dataset; val: Dataset } {
  const nVal = Math.round(data.n * fraction);
  const perm = rng.permutation(data.n);
  const take = (idx: Int32Array): Dataset => subset(data, idx);
  return { val: take(perm.subarray(0, nVal)), train: take(perm.subarray(nVal)) };
}

/** The rows `idx` of a dataset, copied. */
export function subset(data: Dataset, idx: ArrayLike<number>): Dataset {
  const { xCols, yCols } = data;
  const x = new Float64Array(idx.length * xCols);
  const y = new Float64Array(idx.length * yCols);
  for (let r = 0; r < idx.length; r++) {
    const i = idx[r];
    x.set(data.x.subarray(i * xCols, (i + 1) * xCols), r * xCols);
    y.set(data.y.subarray(i * yCols, (i + 1) * yCols), r * yCols);
  }
  return { x, y, n: idx.length, xCols, yCols };
}
