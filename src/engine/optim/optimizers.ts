/**
 * Optimizers with torch.optim's exact update rules (the single-tensor, non-foreach path of
 * PyTorch 1.13) and its defaults. Each works on `Param`s (data + grad buffers) in place; state buffers
 * are allocated once, on construction.
 *
 * Parameters may be float64 (the default engine: the exact PyTorch float64 arithmetic below) or
 * float32 (`mlp(…, { dtype: 'float32' })`): float32 parameters keep float32 state and are updated in
 * float32 arithmetic, as torch.optim does for float32 tensors (equal to it within float32 rounding,
 * not bit for bit). AdamW with the default betas updates all float32 parameters in one WebAssembly
 * SIMD call (src/engine/kernels/adamw.ts).
 *
 * Parameters that live in a network's WebAssembly memory (a resident `mlp`, nn/modules.ts) get AdamW's
 * moments in that memory too and are updated there in place, one SIMD call per tensor, nothing copied.
 */
import { type Arena, arenaOf } from '../kernels/arena';
import { AdamWF32Staged, AdamWF64Staged } from '../kernels/adamw';
import type { FloatBuf, Param } from '../nn/modules';

function like(a: FloatBuf, n = a.length): FloatBuf {
  return a instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
}
const f32 = Math.fround;

export interface Optimizer {
  /** One update of every parameter from its current gradient. */
  step(): void;
  /** Sets every gradient to zero (backward already overwrites them; kept for symmetry with PyTorch). */
  zeroGrad(): void;
  /** Steps taken so far. */
  readonly steps: number;
}

export interface AdamWOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weight_decay?: number;
  maximize?: boolean;
}

/**
 * torch.optim.AdamW (amsgrad=False), defaults lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
 * weight_decay=0.01. Per parameter, at step t:
 *   p ← p·(1 − lr·wd)                       (decoupled weight decay, before the Adam step)
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   p ← p − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + eps)
 */
export class AdamW implements Optimizer {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly maximize: boolean;
  private readonly m: FloatBuf[];
  private readonly v: FloatBuf[];
  private t = 0;
  /** The float32 parameters updated by one SIMD call (default betas, not maximize), if any. */
  private readonly staged?: { opt: AdamWF32Staged; index: Set<number>; data: Float32Array[]; grad: Float32Array[] };
  /** The float64 parameters updated by one SIMD call (same bits as the JS loop; not maximize), if any. */
  private readonly staged64?: { opt: AdamWF64Staged; index: Set<number>; data: Float64Array[]; grad: Float64Array[] };
  /** Parameters living in an arena, updated there in place (moments at pm, pv; n padded to whole lanes). */
  /** Whether parameter k is updated by one of the SIMD paths above (else by the JS loops below). */
  private readonly held: boolean[];
  private readonly resident: { k: number; arena: Arena; f32: boolean; pd: number; pg: number; pm: number; pv: number; n: number }[];

  constructor(readonly params: Param<FloatBuf>[], opts: AdamWOptions = {}) {
    this.lr = opts.lr ?? 1e-3;
    [this.beta1, this.beta2] = opts.betas ?? [0.9, 0.999];
    this.eps = opts.eps ?? 1e-8;
    this.weightDecay = opts.weight_decay ?? 1e-2;
    this.maximize = opts.maximize ?? false;
    this.resident = params.flatMap((p, k) => {
      const arena = arenaOf(p.data);
      const f32 = p.data instanceof Float32Array;
      if (!arena || this.maximize || !arena.owns(p.data) || !arena.owns(p.grad) || f32 !== p.grad instanceof Float32Array) return [];
      if (f32 && !(this.beta1 === 0.9 && this.beta2 === 0.999)) return [];
      const n = p.data.length, es = f32 ? 4 : 8;
      return [{ k, arena, f32, pd: p.data.byteOffset, pg: p.grad.byteOffset, pm: arena.alloc(n, es), pv: arena.alloc(n, es), n: Math.ceil(n / (16 / es)) * (16 / es) }];
    });
    const inArena = new Set(this.resident.map((r) => r.k));
    const f32Idx = params.flatMap((p, k) => (p.data instanceof Float32Array && !inArena.has(k) ? [k] : []));
    if (f32Idx.length > 0 && this.beta1 === 0.9 && this.beta2 === 0.999 && !this.maximize) {
      const opt = AdamWF32Staged.create(f32Idx.map((k) => params[k].data.length));
      if (opt) {
        this.staged = {
          opt, index: new Set(f32Idx),
          data: f32Idx.map((k) => params[k].data as Float32Array), grad: f32Idx.map((k) => params[k].grad as Float32Array),
        };
      }
    }
    const f64Idx = params.flatMap((p, k) => (p.data instanceof Float64Array && !inArena.has(k) ? [k] : []));
    if (f64Idx.length > 0 && !this.maximize) {
      const opt = AdamWF64Staged.create(f64Idx.map((k) => params[k].data.length));
      if (opt) {
        this.staged64 = {
          opt, index: new Set(f64Idx),
          data: f64Idx.map((k) => params[k].data as Float64Array), grad: f64Idx.map((k) => params[k].grad as Float64Array),
        };
      }
    }
    const staged = this.staged, staged64 = this.staged64;
    const held = (k: number): boolean => staged?.index.has(k) === true || staged64?.index.has(k) === true || inArena.has(k);
    this.held = params.map((_, k) => held(k));
    this.m = params.map((p, k) => like(p.data, held(k) ? 0 : p.data.length));
    this.v = params.map((p, k) => like(p.data, held(k) ? 0 : p.data.length));
  }

  get steps(): number { return this.t; }

  step(): void {
    const t = ++this.t;
    const { lr, beta1, beta2, eps } = this;
    const decay = 1 - lr * this.weightDecay;
    const bc1 = 1 - Math.pow(beta1, t);
    const bc2 = 1 - Math.pow(beta2, t);
    const stepSize = lr / bc1;
    const bc2Sqrt = Math.sqrt(bc2);
    const a1 = 1 - beta1;
    const a2 = 1 - beta2;
    const sign = this.maximize ? -1 : 1;
    const staged = this.staged;
    if (staged) staged.opt.step(staged.data, staged.grad, decay, stepSize, 1 / bc2Sqrt, eps);
    const staged64 = this.staged64;
    if (staged64) staged64.opt.step(staged64.data, staged64.grad, { decay, negStep: -stepSize, bc2Sqrt, eps, beta1, a1, beta2, a2 });
    // in place (the same kernels as the staged updates: the same bits)
    for (const r of this.resident) {
      if (r.f32) r.arena.w.fn.adamw_f32(r.pd, r.pg, r.pm, r.pv, r.n, decay, stepSize, 1 / bc2Sqrt, eps);
      else r.arena.w.fn.adamw_f64_exact(r.pd, r.pg, r.pm, r.pv, r.n, decay, -stepSize, bc2Sqrt, eps, beta1, a1, beta2, a2);
    }
    for (let k = 0; k < this.params.length; k++) {
      if (this.held[k]) continue;
      if (this.params[k].data instanceof Float32Array) {
        stepF32(this.params[k] as Param<Float32Array>, this.m[k] as Float32Array, this.v[k] as Float32Array, decay, stepSize, bc2Sqrt, this);
        continue;
      }
      const p = this.params[k].data as Float64Array, g = this.params[k].grad as Float64Array;
      const m = this.m[k] as Float64Array, v = this.v[k] as Float64Array;
      const n = p.length;
      for (let i = 0; i < n; i++) {
        const gi = sign * g[i];
        const pi = p[i] * decay;
        // exp_avg.mul_(β1).add_(g, alpha=1−β1); exp_avg_sq.mul_(β2).addcmul_(g, g, value=1−β2)
        const mi = m[i] * beta1 + gi * a1;
        const vi = v[i] * beta2 + gi * gi * a2;
        m[i] = mi;
        v[i] = vi;
        p[i] = pi + -stepSize * (mi / (Math.sqrt(vi) / bc2Sqrt + eps));
      }
    }
  }

  zeroGrad(): void {
    for (const p of this.params) p.grad.fill(0);
  }
}

/** AdamW on one float32 parameter in JS: each operation rounded to float32 as torch's float32 ops. */
function stepF32(
  prm: Param<Float32Array>, m: Float32Array, v: Float32Array, decay: number, stepSize: number, bc2Sqrt: number,
  o: { beta1: number; beta2: number; eps: number; maximize: boolean },
): void {
  const p = prm.data, g = prm.grad, n = p.length;
  const b1 = f32(o.beta1), b2 = f32(o.beta2), a1 = f32(1 - o.beta1), a2 = f32(1 - o.beta2);
  const dec = f32(decay), step = f32(-stepSize), bc = f32(bc2Sqrt), eps = f32(o.eps);
  for (let i = 0; i < n; i++) {
    const gi = o.maximize ? -g[i] : g[i];
    const pi = f32(p[i] * dec);
    const mi = f32(f32(m[i] * b1) + f32(gi * a1));
    const vi = f32(f32(v[i] * b2) + f32(f32(gi * gi) * a2));
    m[i] = mi;
    v[i] = vi;
    const denom = f32(f32(f32(Math.sqrt(vi)) / bc) + eps);
    p[i] = pi + f32(step * f32(mi / denom));
  }
}

export interface SGDOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  weight_decay?: number;
  nesterov?: boolean;
  maximize?: boolean;
}

/**
 * torch.optim.SGD. Per parameter:
 *   d ← g + wd·p                          (when weight_decay ≠ 0)
 *   b ← d on the first step, else b ← μ·b + (1 − dampening)·d   (when momentum ≠ 0)
 *   d ← d + μ·b if nesterov, else d ← b
 *   p ← p − lr·d
 */
export class SGD implements Optimizer {
  readonly lr: number;
  readonly momentum: number;
  readonly dampening: number;
  readonly weightDecay: number;
  readonly nesterov: boolean;
  readonly maximize: boolean;
  private readonly buf: FloatBuf[];
  private t = 0;

  constructor(readonly params: Param<FloatBuf>[], opts: SGDOptions) {
    this.lr = opts.lr;
    this.momentum = opts.momentum ?? 0;
    this.dampening = opts.dampening ?? 0;
    this.weightDecay = opts.weight_decay ?? 0;
    this.nesterov = opts.nesterov ?? false;
    this.maximize = opts.maximize ?? false;
    if (this.nesterov && (this.momentum <= 0 || this.dampening !== 0)) {
      throw new RangeError('SGD: Nesterov momentum requires a momentum and zero dampening');
    }
    this.buf = this.momentum !== 0 ? params.map((p) => like(p.data)) : [];
  }

  get steps(): number { return this.t; }

  step(): void {
    const first = this.t === 0;
    this.t++;
    const { lr, momentum: mu, dampening, weightDecay: wd, nesterov } = this;
    const sign = this.maximize ? -1 : 1;
    for (let k = 0; k < this.params.length; k++) {
      const p = this.params[k].data, g = this.params[k].grad;
      const n = p.length;
      if (mu === 0) {
        for (let i = 0; i < n; i++) {
          const d = wd !== 0 ? sign * g[i] + wd * p[i] : sign * g[i];
          p[i] += -lr * d;
        }
        continue;
      }
      const b = this.buf[k];
      for (let i = 0; i < n; i++) {
        let d = wd !== 0 ? sign * g[i] + wd * p[i] : sign * g[i];
        const bi = first ? d : b[i] * mu + d * (1 - dampening);
        b[i] = bi;
        d = nesterov ? d + mu * bi : bi;
        p[i] += -lr * d;
      }
    }
  }

  zeroGrad(): void {
    for (const p of this.params) p.grad.fill(0);
  }
}
