/**
 * AdamW (torch.optim.AdamW's single-tensor update, betas (0.9, 0.999)) over float32 parameters that
 * live in WebAssembly memory, updated with f32x4 SIMD in one call per step. The parameters, their
 * gradients and the optimizer state are views into a private module instance that never grows, so
 * the views stay valid; the model reads and writes them like any Float32Array.
 *
 *   const opt = new AdamWF32([256 * 784, 256, 10 * 256, 10], { lr: 1e-3 });
 *   const [W1, b1] = opt.params;   // { data, grad } Float32Array pairs
 *   … fill the gradients …; opt.step();
 *
 * Without WebAssembly SIMD the same update runs in a JS loop on ordinary Float32Arrays.
 */
import { createKernelInstance, type WasmKernels } from './wasm/runtime';

export interface AdamWF32Options {
  lr?: number;
  weightDecay?: number;
  eps?: number;
}

export class AdamWF32 {
  readonly params: { data: Float32Array; grad: Float32Array }[];
  readonly lr: number;
  readonly weightDecay: number;
  readonly eps: number;
  private t = 0;
  private readonly w: WasmKernels | undefined;
  private readonly total: number;
  private readonly region: { d: number; g: number; m: number; v: number };
  private readonly js?: { d: Float32Array; g: Float32Array; m: Float32Array; v: Float32Array };

  constructor(sizes: readonly number[], opts: AdamWF32Options = {}) {
    this.lr = opts.lr ?? 1e-3;
    this.weightDecay = opts.weightDecay ?? 1e-2;
    this.eps = opts.eps ?? 1e-8;
    // each tensor padded to a multiple of 4 values (16 bytes); padding stays 0 under the update
    const offsets: number[] = [];
    let total = 0;
    for (const n of sizes) {
      offsets.push(total);
      total += (n + 3) & ~3;
    }
    this.total = total;
    const bytes = total * 4;
    this.region = { d: 0, g: bytes, m: 2 * bytes, v: 3 * bytes };
    this.w = createKernelInstance();
    let d: Float32Array, g: Float32Array;
    if (this.w) {
      this.w.reserve(4 * bytes + 16);
      d = new Float32Array(this.w.fn.memory.buffer, 0, total);
      g = new Float32Array(this.w.fn.memory.buffer, bytes, total);
    } else {
      d = new Float32Array(total);
      g = new Float32Array(total);
      this.js = { d, g, m: new Float32Array(total), v: new Float32Array(total) };
    }
    this.params = sizes.map((n, i) => ({ data: d.subarray(offsets[i], offsets[i] + n), grad: g.subarray(offsets[i], offsets[i] + n) }));
  }

  get steps(): number {
    return this.t;
  }

  step(): void {
    const t = ++this.t;
    const stepSize = this.lr / (1 - Math.pow(0.9, t));
    const invBc2s = 1 / Math.sqrt(1 - Math.pow(0.999, t));
    const decay = 1 - this.lr * this.weightDecay;
    if (this.w) {
      const r = this.region;
      this.w.fn.adamw_f32(r.d, r.g, r.m, r.v, this.total, decay, stepSize, invBc2s, this.eps);
      return;
    }
    const { d, g, m, v } = this.js!;
    for (let j = 0; j < this.total; j++) {
      const gj = g[j];
      const mj = 0.9 * m[j] + 0.1 * gj;
      const vj = 0.999 * v[j] + 0.001 * gj * gj;
      m[j] = mj;
      v[j] = vj;
      d[j] = d[j] * decay - (stepSize * mj) / (Math.sqrt(vj) * invBc2s + this.eps);
    }
  }
}

/**
 * Parameters that live elsewhere, staged through a private WebAssembly memory for one SIMD update per
 * step: parameters and gradients are copied in (one contiguous region each, every tensor padded to
 * `lanes` values whose padding stays 0), the moments stay there between steps, and the parameters are
 * copied back after `update(T)` (T = padded total; regions at 0, T, 2T, 3T elements).
 */
class Staged<A extends Float32Array | Float64Array> {
  private readonly offsets: number[] = [];
  readonly total: number;

  constructor(readonly w: WasmKernels, readonly sizes: readonly number[], lanes: number, private readonly view: () => A) {
    let total = 0;
    for (const n of sizes) {
      this.offsets.push(total);
      total += Math.ceil(n / lanes) * lanes;
    }
    this.total = total;
    const bytes = view().BYTES_PER_ELEMENT;
    w.reserve(total * 4 * bytes + 16);
    view().fill(0, 0, total * 4); // parameters, gradients, m and v
  }

  step(data: readonly A[], grad: readonly A[], update: (T: number) => void): void {
    const mem = this.view();
    const T = this.total;
    for (let i = 0; i < data.length; i++) {
      const n = this.sizes[i];
      mem.set(n === data[i].length ? data[i] : data[i].subarray(0, n), this.offsets[i]);
      mem.set(n === grad[i].length ? grad[i] : grad[i].subarray(0, n), T + this.offsets[i]);
    }
    update(T);
    for (let i = 0; i < data.length; i++) {
      const o = this.offsets[i];
      data[i].set(mem.subarray(o, o + this.sizes[i]));
    }
  }
}

/** AdamW's float32 SIMD update (betas (0.9, 0.999)) for Float32Array parameters that live elsewhere (e.g. a float32 `nn.Linear`). */
export class AdamWF32Staged {
  private constructor(private readonly s: Staged<Float32Array>) {}

  static create(sizes: readonly number[]): AdamWF32Staged | undefined {
    const w = createKernelInstance();
    return w ? new AdamWF32Staged(new Staged(w, sizes, 4, () => w.f32)) : undefined;
  }

  /** One update of `data[i]` (length sizes[i]) from `grad[i]`; the scalars as in AdamWF32.step. */
  step(data: readonly Float32Array[], grad: readonly Float32Array[], decay: number, stepSize: number, invBc2s: number, eps: number): void {
    const f = this.s.w.fn;
    this.s.step(data, grad, (T) => f.adamw_f32(0, T * 4, T * 8, T * 12, T, decay, stepSize, invBc2s, eps));
  }
}

/**
 * The float64 AdamW update of optim/optimizers.ts (any betas, not maximize) for Float64Array
 * parameters that live elsewhere (the default float64 `nn` modules), on f64x2 SIMD with the same
 * operations in the same order, so the same bits as its JS loop.
 */
export class AdamWF64Staged {
  private constructor(private readonly s: Staged<Float64Array>) {}

  static create(sizes: readonly number[]): AdamWF64Staged | undefined {
    const w = createKernelInstance();
    return w ? new AdamWF64Staged(new Staged(w, sizes, 2, () => w.f64)) : undefined;
  }

  /** One update of `data[i]` (length sizes[i]) from `grad[i]`. */
  step(data: readonly Float64Array[], grad: readonly Float64Array[], s: { decay: number; negStep: number; bc2Sqrt: number; eps: number; beta1: number; a1: number; beta2: number; a2: number }): void {
    const f = this.s.w.fn;
    this.s.step(data, grad, (T) => f.adamw_f64_exact(0, T * 8, T * 16, T * 24, T, s.decay, s.negStep, s.bc2Sqrt, s.eps, s.beta1, s.a1, s.beta2, s.a2));
  }
}
