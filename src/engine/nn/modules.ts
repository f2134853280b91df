/**
 * Training modules: Linear, ReLU, Sigmoid, Softmax and Sequential, with explicit backpropagation.
 *
 * Data layout: a batch is a row-major Float64Array of `rows × features`. Every module owns its output
 * and gradient buffers and reuses them from step to step (they grow when a larger batch arrives, and
 * may therefore be longer than `rows × features`: use the first `rows × features` values). A module's
 * forward output stays valid until its next forward call; backward uses the activations cached by the
 * last forward, so call forward then backward on the same batch.
 *
 * `backward` writes parameter gradients (it does not accumulate): one backward equals PyTorch's
 * `zero_grad()` followed by `loss.backward()`.
 */
import type { Rng } from '../data/rng';
import { colSums, gemmAB, gemmABt, gemmAtB } from './matmul';

export interface Param {
  /** e.g. `0.weight`, `2.bias` (PyTorch's state_dict names inside a Sequential). */
  name: string;
  shape: number[];
  data: Float64Array;
  grad: Float64Array;
}

export interface Module {
  readonly kind: string;
  /** The number of output features for `inFeatures` input features. */
  outFeatures(inFeatures: number): number;
  /** Forward pass on `rows × cols` values of `x`; returns the module's output buffer. */
  forward(x: Float64Array, rows: number, cols: number): Float64Array;
  /**
   * Backward pass for the last forward: `dy` is d(loss)/d(output). Sets parameter gradients and returns
   * d(loss)/d(input) when `needInputGrad` (else null).
   */
  backward(dy: Float64Array, needInputGrad: boolean): Float64Array | null;
  parameters(): Param[];
}

function grow(buf: Float64Array, n: number): Float64Array {
  return buf.length >= n ? buf : new Float64Array(Math.max(n, buf.length * 2));
}

/** y = x·Wᵀ + b, W stored [out, in] as in PyTorch. */
export class Linear implements Module {
  readonly kind = 'Linear';
  readonly weight: Param;
  readonly bias: Param | null;
  private out: Float64Array = new Float64Array(0);
  private dx: Float64Array = new Float64Array(0);
  private x: Float64Array = new Float64Array(0);
  private rows = 0;

  /**
   * PyTorch's default initialisation when `rng` is given: weight ~ kaiming_uniform(a=√5), which is
   * U(−1/√in, 1/√in), and bias ~ U(−1/√in, 1/√in). Without `rng` the parameters are zero.
   */
  constructor(readonly inFeatures: number, readonly outFeatures_: number, rng?: Rng, bias = true) {
    const w = new Float64Array(inFeatures * outFeatures_);
    this.weight = { name: 'weight', shape: [outFeatures_, inFeatures], data: w, grad: new Float64Array(w.length) };
    this.bias = bias ? { name: 'bias', shape: [outFeatures_], data: new Float64Array(outFeatures_), grad: new Float64Array(outFeatures_) } : null;
    if (rng) {
      const bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
      rng.fillUniform(w, -bound, bound);
      if (this.bias) rng.fillUniform(this.bias.data, -bound, bound);
    }
  }

  outFeatures(inFeatures: number): number {
    if (inFeatures !== this.inFeatures) throw new RangeError(`Linear(${this.inFeatures}, ${this.outFeatures_}) got ${inFeatures} input features`);
    return this.outFeatures_;
  }

  forward(x: Float64Array, rows: number, cols: number): Float64Array {
    this.outFeatures(cols);
    this.out = grow(this.out, rows * this.outFeatures_);
    gemmABt(x, this.weight.data, this.out, rows, this.outFeatures_, this.inFeatures, this.bias ? this.bias.data : null);
    this.x = x;
    this.rows = rows;
    return this.out;
  }

  backward(dy: Float64Array, needInputGrad: boolean): Float64Array | null {
    const rows = this.rows, nOut = this.outFeatures_, nIn = this.inFeatures;
    gemmAtB(dy, this.x, this.weight.grad, nOut, nIn, rows, false);
    if (this.bias) colSums(dy, this.bias.grad, rows, nOut, false);
    if (!needInputGrad) return null;
    this.dx = grow(this.dx, rows * nIn);
    gemmAB(dy, this.weight.data, this.dx, rows, nIn, nOut);
    return this.dx;
  }

  parameters(): Param[] {
    return this.bias ? [this.weight, this.bias] : [this.weight];
  }
}

abstract class Elementwise implements Module {
  abstract readonly kind: string;
  protected out: Float64Array = new Float64Array(0);
  protected dx: Float64Array = new Float64Array(0);
  protected n = 0;
  protected x: Float64Array = new Float64Array(0);
  protected rows = 0;
  protected cols = 0;
  outFeatures(inFeatures: number): number { return inFeatures; }
  parameters(): Param[] { return []; }
  forward(x: Float64Array, rows: number, cols: number): Float64Array {
    this.n = rows * cols;
    this.rows = rows;
    this.cols = cols;
    this.x = x;
    this.out = grow(this.out, this.n);
    this.apply(x, this.out, this.n);
    return this.out;
  }
  backward(dy: Float64Array, needInputGrad: boolean): Float64Array | null {
    if (!needInputGrad) return null;
    this.dx = grow(this.dx, this.n);
    this.grad(dy, this.dx);
    return this.dx;
  }
  protected abstract apply(x: Float64Array, y: Float64Array, n: number): void;
  protected abstract grad(dy: Float64Array, dx: Float64Array): void;
}

export class ReLU extends Elementwise {
  readonly kind = 'ReLU';
  // Both loops are branch-free: with random signs a conditional costs a mispredicted branch per
  // element (about 10× slower). (v + |v|)/2 is exact (NaN stays NaN) below |v| ≈ 9e307.
  protected apply(x: Float64Array, y: Float64Array, n: number): void {
    for (let i = 0; i < n; i++) { const v = x[i]; y[i] = (v + Math.abs(v)) * 0.5; }
  }
  protected grad(dy: Float64Array, dx: Float64Array): void {
    const x = this.x, n = this.n;
    // PyTorch's ReLU backward passes the gradient where the input is > 0 (zero at x = 0). A
    // non-finite upstream gradient at a masked position gives NaN here instead of 0.
    for (let i = 0; i < n; i++) dx[i] = dy[i] * +(x[i] > 0);
  }
}

export class Sigmoid extends Elementwise {
  readonly kind = 'Sigmoid';
  protected apply(x: Float64Array, y: Float64Array, n: number): void {
    for (let i = 0; i < n; i++) {
      const v = x[i];
      if (v >= 0) y[i] = 1 / (1 + Math.exp(-v));
      else { const e = Math.exp(v); y[i] = e / (1 + e); }
    }
  }
  protected grad(dy: Float64Array, dx: Float64Array): void {
    const y = this.out, n = this.n;
    for (let i = 0; i < n; i++) dx[i] = dy[i] * y[i] * (1 - y[i]);
  }
}

/** Softmax over the last dimension (each row). */
export class Softmax extends Elementwise {
  readonly kind = 'Softmax';
  protected apply(x: Float64Array, y: Float64Array): void {
    const rows = this.rows, c = this.cols;
    for (let r = 0; r < rows; r++) {
      const o = r * c;
      let m = -Infinity;
      for (let j = 0; j < c; j++) if (x[o + j] > m) m = x[o + j];
      let s = 0;
      for (let j = 0; j < c; j++) { const e = Math.exp(x[o + j] - m); y[o + j] = e; s += e; }
      const inv = 1 / s;
      for (let j = 0; j < c; j++) y[o + j] *= inv;
    }
  }
  protected grad(dy: Float64Array, dx: Float64Array): void {
    const y = this.out, rows = this.rows, c = this.cols;
    for (let r = 0; r < rows; r++) {
      const o = r * c;
      let dot = 0;
      for (let j = 0; j < c; j++) dot += dy[o + j] * y[o + j];
      for (let j = 0; j < c; j++) dx[o + j] = y[o + j] * (dy[o + j] - dot);
    }
  }
}

/** Modules applied in order; parameters named `<index>.<name>` like PyTorch's nn.Sequential. */
export class Sequential implements Module {
  readonly kind = 'Sequential';
  readonly modules: Module[];
  private lastCols = 0;
  private readonly firstWithParams: number;
  constructor(...modules: Module[]) {
    this.modules = modules;
    this.firstWithParams = modules.findIndex((m) => m.parameters().length > 0);
  }
  outFeatures(inFeatures: number): number {
    let c = inFeatures;
    for (const m of this.modules) c = m.outFeatures(c);
    return c;
  }
  forward(x: Float64Array, rows: number, cols: number): Float64Array {
    let h = x, c = cols;
    for (const m of this.modules) {
      h = m.forward(h, rows, c);
      c = m.outFeatures(c);
    }
    this.lastCols = c;
    return h;
  }
  /** Output features of the last forward. */
  get outCols(): number { return this.lastCols; }
  backward(dy: Float64Array, needInputGrad = false): Float64Array | null {
    let g: Float64Array | null = dy;
    for (let i = this.modules.length - 1; i >= 0 && g !== null; i--) {
      // A module's input gradient is needed only when a module before it has parameters.
      const need = needInputGrad || (this.firstWithParams >= 0 && i > this.firstWithParams);
      g = this.modules[i].backward(g, need);
    }
    return needInputGrad ? g : null;
  }
  parameters(): Param[] {
    const out: Param[] = [];
    this.modules.forEach((m, i) => {
      for (const p of m.parameters()) out.push({ ...p, name: `${i}.${p.name}` });
    });
    return out;
  }
}

/** An MLP like `nn.Sequential(nn.Linear(a, b), nn.ReLU(), nn.Linear(b, c), ...)`, PyTorch's init. */
export function mlp(sizes: readonly number[], rng: Rng): Sequential {
  const mods: Module[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    if (i > 0) mods.push(new ReLU());
    mods.push(new Linear(sizes[i], sizes[i + 1], rng));
  }
  return new Sequential(...mods);
}
