/**
 * A minimal float32 MLP trainer built only from src/engine/kernels (gemm on WebAssembly SIMD, the
 * fused cross-entropy kernel, the SIMD AdamW): what the training engine would reach if it routed its
 * Linear layers and optimizer through the kernels. Used by the `mlp-784/kernels-f32` benchmark row.
 * Layers: Linear(inF, hidden) → ReLU → Linear(hidden, classes); PyTorch's init and AdamW defaults.
 */
import { gemmAB, gemmABt, gemmAtB } from '../src/engine/kernels/gemm-wasm';
import { crossEntropyF32 } from '../src/engine/kernels/ce-row';
import { AdamWF32 } from '../src/engine/kernels/adamw';
import type { Rng } from '../src/engine/data/rng';

export class KernelMlp {
  readonly W1: Float32Array; readonly b1: Float32Array; readonly W2: Float32Array; readonly b2: Float32Array;
  private readonly gW1: Float32Array; private readonly gb1: Float32Array; private readonly gW2: Float32Array; private readonly gb2: Float32Array;
  private readonly H: Float32Array; private readonly Z: Float32Array; private readonly dH: Float32Array; private readonly dZ: Float32Array;
  private readonly opt: AdamWF32;

  constructor(readonly inF: number, readonly hidden: number, readonly classes: number, readonly maxBatch: number, rng: Rng) {
    // parameters, gradients and AdamW state live in WebAssembly memory (one SIMD update per step)
    this.opt = new AdamWF32([hidden * inF, hidden, classes * hidden, classes], { lr: 1e-3, weightDecay: 1e-2 });
    const [w1, bias1, w2, bias2] = this.opt.params;
    const u = (a: Float32Array, fan: number): Float32Array => {
      const bound = 1 / Math.sqrt(fan);
      for (let i = 0; i < a.length; i++) a[i] = (2 * rng.uniform() - 1) * bound;
      return a;
    };
    this.W1 = u(w1.data, inF); this.b1 = u(bias1.data, inF);
    this.W2 = u(w2.data, hidden); this.b2 = u(bias2.data, hidden);
    this.gW1 = w1.grad; this.gb1 = bias1.grad; this.gW2 = w2.grad; this.gb2 = bias2.grad;
    this.H = new Float32Array(maxBatch * hidden); this.dH = new Float32Array(maxBatch * hidden);
    this.Z = new Float32Array(maxBatch * classes); this.dZ = new Float32Array(maxBatch * classes);
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
