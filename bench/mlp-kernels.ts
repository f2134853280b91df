/**
 * A minimal float32 MLP trainer built only from src/engine/kernels (gemm on WebAssembly SIMD, the
 * fused cross-entropy kernel) plus a JS AdamW: what the training engine would reach if it routed its
 * Linear layers through the kernels. Used by the `mlp-784/kernels-f32` benchmark row.
 * Layers: Linear(inF, hidden) → ReLU → Linear(hidden, classes); PyTorch's init and AdamW defaults.
 */
import { gemmAB, gemmABt, gemmAtB } from '../src/engine/kernels/gemm-wasm';
import { crossEntropyF32 } from '../src/engine/kernels/ce-row';
import type { Rng } from '../src/engine/data/rng';

class AdamW32 {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private t = 0;
  constructor(private readonly params: { data: Float32Array; grad: Float32Array }[], private readonly lr = 1e-3, private readonly wd = 1e-2) {
    this.m = params.map((p) => new Float32Array(p.data.length));
    this.v = params.map((p) => new Float32Array(p.data.length));
  }
  step(): void {
    const t = ++this.t;
    const b1 = 0.9, b2 = 0.999, eps = 1e-8, lr = this.lr;
    const bc1 = 1 - Math.pow(b1, t);
    const bc2s = Math.sqrt(1 - Math.pow(b2, t));
    const stepSize = lr / bc1;
    const decay = 1 - lr * this.wd;
    this.params.forEach((p, i) => {
      const d = p.data, g = p.grad, m = this.m[i], v = this.v[i];
      for (let j = 0; j < d.length; j++) {
        const gj = g[j];
        const mj = b1 * m[j] + (1 - b1) * gj;
        const vj = b2 * v[j] + (1 - b2) * gj * gj;
        m[j] = mj;
        v[j] = vj;
        d[j] = d[j] * decay - stepSize * mj / (Math.sqrt(vj) / bc2s + eps);
      }
    });
  }
}

export class KernelMlp {
  readonly W1: Float32Array; readonly b1: Float32Array; readonly W2: Float32Array; readonly b2: Float32Array;
  private readonly gW1: Float32Array; private readonly gb1: Float32Array; private readonly gW2: Float32Array; private readonly gb2: Float32Array;
  private readonly H: Float32Array; private readonly Z: Float32Array; private readonly dH: Float32Array; private readonly dZ: Float32Array;
  private readonly opt: AdamW32;

  constructor(readonly inF: number, readonly hidden: number, readonly classes: number, readonly maxBatch: number, rng: Rng) {
    const u = (n: number, fan: number): Float32Array => {
      const a = new Float32Array(n);
      const bound = 1 / Math.sqrt(fan);
      for (let i = 0; i < n; i++) a[i] = (2 * rng.uniform() - 1) * bound;
      return a;
    };
    this.W1 = u(hidden * inF, inF); this.b1 = u(hidden, inF);
    this.W2 = u(classes * hidden, hidden); this.b2 = u(classes, hidden);
    this.gW1 = new Float32Array(this.W1.length); this.gb1 = new Float32Array(hidden);
    this.gW2 = new Float32Array(this.W2.length); this.gb2 = new Float32Array(classes);
    this.H = new Float32Array(maxBatch * hidden); this.dH = new Float32Array(maxBatch * hidden);
    this.Z = new Float32Array(maxBatch * classes); this.dZ = new Float32Array(maxBatch * classes);
    this.opt = new AdamW32([
      { data: this.W1, grad: this.gW1 }, { data: this.b1, grad: this.gb1 },
      { data: this.W2, grad: this.gW2 }, { data: this.b2, grad: this.gb2 },
    ]);
  }

  /** One AdamW step on a batch (x: B × inF, y: B class indices); returns the mean loss. */
  step(x: Float32Array, y: Int32Array, B: number): number {
    const { inF, hidden: Hn, classes: C, H, Z, dH } = this;
    gemmABt(x, this.W1, H, B, Hn, inF, this.b1, 'f32');
    for (let i = 0; i < B * Hn; i++) if (H[i] < 0) H[i] = 0;
    gemmABt(H, this.W2, Z, B, C, Hn, this.b2, 'f32');
    const ce = crossEntropyF32(Z, y, B, C, {}, this.dZ);
    const dZ = ce.grad;
    gemmAtB(dZ, H, this.gW2, C, Hn, B, false, 'f32');
    colSums(dZ, this.gb2, B, C);
    gemmAB(dZ, this.W2, dH, B, Hn, C, 'f32');
    for (let i = 0; i < B * Hn; i++) if (H[i] === 0) dH[i] = 0;
    gemmAtB(dH, x, this.gW1, Hn, inF, B, false, 'f32');
    colSums(dH, this.gb1, B, Hn);
    this.opt.step();
    return ce.loss;
  }
}

function colSums(a: Float32Array, out: Float32Array, rows: number, cols: number): void {
  out.fill(0);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j] += a[i * cols + j];
}
