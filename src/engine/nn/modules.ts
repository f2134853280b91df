/**
 * Training modules: Linear, ReLU, Sigmoid, Softmax and Sequential, with explicit backpropagation.
 *
 * Precision: float64 by default (Float64Array everywhere, bit-for-bit PyTorch's float64 arithmetic).
 * `mlp(sizes, rng, { dtype: 'float32' })` / `new Linear(…, 'float32')` build a float32 network instead:
 * Float32Array weights, activations and gradients, products on the float32 WebAssembly SIMD kernels
 * (src/engine/kernels/gemm-wasm.ts). The element-wise modules follow the type of their input.
 *
 * Data layout: a batch is a row-major typed array of `rows × features`. Every module owns its output
 * and gradient buffers and reuses them from step to step (they grow when a larger batch arrives, and
 * may therefore be longer than `rows × features`: use the first `rows × features` values). A module's
 * forward output stays valid until its next forward call; backward uses the activations cached by the
 * last forward, so call forward then backward on the same batch.
 *
 * `backward` writes parameter gradients (it does not accumulate): one backward equals PyTorch's
 * `zero_grad()` followed by `loss.backward()`.
 *
 * Resident networks (`mlp`'s default when WebAssembly SIMD is available): the parameters, their
 * gradients, the optimizer's moments (optim/optimizers.ts) and the activations live in the network's
 * own WebAssembly memory (src/engine/kernels/arena.ts), so products, ReLU and AdamW run on them in
 * place. `Param.data` / `.grad` are then views into that memory, valid for the network's life: read
 * them or write them in place between steps (a chart, loading weights) as any typed array. The same
 * operations in the same order as the JS path, so the same bits (tested).
 */
import type { Rng } from '../data/rng';
import { type Arena, ArenaVec, arenaOf, createArena } from '../kernels/arena';
import * as simd from '../kernels/gemm-wasm';
import { colSums, gemmAB, gemmABt, gemmAtB } from './matmul';

/** The buffer types a network computes in: Float64Array (the default) or Float32Array. */
export type FloatBuf = Float32Array | Float64Array;
export type NnDType = 'float32' | 'float64';

export interface Param<A extends FloatBuf = Float64Array> {
  /** e.g. `0.weight`, `2.bias` (PyTorch's state_dict names inside a Sequential). */
  name: string;
  shape: number[];
  /** The values; write them in place (the buffer may live in the network's WebAssembly memory). */
  readonly data: A;
  readonly grad: A;
}

export interface Module<A extends FloatBuf = Float64Array> {
  readonly kind: string;
  /** The number of output features for `inFeatures` input features. */
  outFeatures(inFeatures: number): number;
  /** Forward pass on `rows × cols` values of `x`; returns the module's output buffer. */
  forward(x: A, rows: number, cols: number): A;
  /**
   * Backward pass for the last forward: `dy` is d(loss)/d(output). Sets parameter gradients and returns
   * d(loss)/d(input) when `needInputGrad` (else null).
   */
  backward(dy: A, needInputGrad: boolean): A | null;
  parameters(): Param<A>[];
}

function grow(buf: Float64Array, n: number): Float64Array {
  return buf.length >= n ? buf : new Float64Array(Math.max(n, buf.length * 2));
}

/** `buf` when it has `like`'s type and room for n values, else a new buffer of `like`'s type. */
function growLike<A extends FloatBuf>(buf: A, like: A, n: number): A {
  if (buf.length >= n && buf.constructor === like.constructor) return buf;
  const len = buf.constructor === like.constructor ? Math.max(n, buf.length * 2) : n;
  return (like instanceof Float32Array ? new Float32Array(len) : new Float64Array(len)) as A;
}

function alloc<A extends FloatBuf>(dtype: NnDType, n: number, arena?: Arena): A {
  if (arena) return arena.view(arena.alloc(n, dtype === 'float32' ? 4 : 8), n, dtype === 'float32') as A;
  return (dtype === 'float32' ? new Float32Array(n) : new Float64Array(n)) as A;
}

const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;

/** dst[i·n + j] = src[i·ld + j] (+ bias[j]) for rows × n: a product's padded rows made compact. */
function compactRows(src: FloatBuf, ld: number, dst: FloatBuf, rows: number, n: number, bias: FloatBuf | null): void {
  for (let i = 0; i < rows; i++) {
    const s = i * ld, d = i * n;
    if (bias !== null) for (let j = 0; j < n; j++) dst[d + j] = src[s + j] + bias[j];
    else for (let j = 0; j < n; j++) dst[d + j] = src[s + j];
  }
}

/** The working buffers of a Linear whose parameters live in an arena (all in that arena). */
interface Resident<A extends FloatBuf> {
  arena: Arena;
  f32: boolean;
  /** W packed into the gemm kernel's panels for the forward product (rewritten every forward). */
  packed: number;
  /** The input, when it was not in the arena (kept for the weight gradient). */
  x: ArenaVec<A>;
  /** Forward product, rows padded to 4, row stride `out` rounded up to the panel width. */
  c: ArenaVec<A>;
  /** The compact output when `out` is not a multiple of the panel width. */
  y: ArenaVec<A>;
  /** dy, when it was not in the arena. */
  dy: ArenaVec<A>;
  /** The weight gradient's product, when it cannot be written straight into `weight.grad`. */
  dW: ArenaVec<A>;
  /** Input gradient product (padded as `c`) and its compact form. */
  dx: ArenaVec<A>;
  dxc: ArenaVec<A>;
}

/** out[0..N) = column sums of A[M×N], accumulated in float64 and rounded once (float32 mode). */
function colSums32(A: Float32Array, out: Float32Array, M: number, N: number, acc: Float64Array): void {
  acc.fill(0, 0, N);
  for (let i = 0; i < M; i++) {
    const a = i * N;
    for (let j = 0; j < N; j++) acc[j] += A[a + j];
  }
  for (let j = 0; j < N; j++) out[j] = acc[j];
}

/**
 * y = x·Wᵀ + b, W stored [out, in] as in PyTorch.
 *
 * `dtype` 'float32' (type it `new Linear<Float32Array>(…, 'float32')`): Float32Array parameters,
 * output and gradients; all three products run on gemm-wasm's float32 kernels (WebAssembly SIMD, or
 * its JS fallback), the bias gradient is summed in float64 and rounded once.
 */
export class Linear<A extends FloatBuf = Float64Array> implements Module<A> {
  readonly kind = 'Linear';
  readonly weight: Param<A>;
  readonly bias: Param<A> | null;
  readonly dtype: NnDType;
  private out: A;
  private dx: A;
  private x: A;
  private rows = 0;
  private readonly acc: Float64Array;
  private readonly res: Resident<A> | null;

  /**
   * PyTorch's default initialisation when `rng` is given: weight ~ kaiming_uniform(a=√5), which is
   * U(−1/√in, 1/√in), and bias ~ U(−1/√in, 1/√in). Without `rng` the parameters are zero. In float32
   * the parameters are the float64 draws rounded to float32 (the same draws as a float64 layer).
   * With `arena` the parameters and buffers live in that WebAssembly memory (see the file header).
   */
  constructor(readonly inFeatures: number, readonly outFeatures_: number, rng?: Rng, bias = true, dtype: NnDType = 'float64', arena?: Arena) {
    this.dtype = dtype;
    const w = alloc<A>(dtype, inFeatures * outFeatures_, arena);
    this.weight = { name: 'weight', shape: [outFeatures_, inFeatures], data: w, grad: alloc<A>(dtype, w.length, arena) };
    this.bias = bias ? { name: 'bias', shape: [outFeatures_], data: alloc<A>(dtype, outFeatures_, arena), grad: alloc<A>(dtype, outFeatures_, arena) } : null;
    if (arena) {
      const f32 = dtype === 'float32';
      const vec = (): ArenaVec<A> => new ArenaVec<A>(arena, f32);
      this.res = {
        arena, f32, packed: arena.alloc(roundUp(outFeatures_, simd.panelWidth(f32)) * inFeatures, f32 ? 4 : 8),
        x: vec(), c: vec(), y: vec(), dy: vec(), dW: vec(), dx: vec(), dxc: vec(),
      };
    } else {
      this.res = null;
    }
    this.out = alloc<A>(dtype, 0);
    this.dx = alloc<A>(dtype, 0);
    this.x = alloc<A>(dtype, 0);
    this.acc = new Float64Array(dtype === 'float32' ? outFeatures_ : 0);
    if (rng) {
      const bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
      if (w instanceof Float64Array) {
        rng.fillUniform(w, -bound, bound);
        if (this.bias) rng.fillUniform(this.bias.data as Float64Array, -bound, bound);
      } else {
        w.set(rng.fillUniform(new Float64Array(w.length), -bound, bound));
        if (this.bias) this.bias.data.set(rng.fillUniform(new Float64Array(outFeatures_), -bound, bound));
      }
    }
  }

  outFeatures(inFeatures: number): number {
    if (inFeatures !== this.inFeatures) throw new RangeError(`Linear(${this.inFeatures}, ${this.outFeatures_}) got ${inFeatures} input features`);
    return this.outFeatures_;
  }

  /** The WebAssembly memory the parameters live in (null: ordinary typed arrays). */
  get arena(): Arena | null {
    return this.res ? this.res.arena : null;
  }

  forward(x: A, rows: number, cols: number): A {
    this.outFeatures(cols);
    const bias = this.bias ? this.bias.data : null;
    if (this.dtype === 'float32' && !(x instanceof Float32Array)) throw new TypeError('Linear (float32): the input must be a Float32Array');
    if (this.dtype === 'float64' && !(x instanceof Float64Array)) throw new TypeError('Linear (float64): the input must be a Float64Array');
    if (this.res) {
      this.out = this.forwardResident(this.res, x, rows);
      this.rows = rows;
      return this.out;
    }
    if (this.dtype === 'float32') {
      this.out = growLike(this.out, x, rows * this.outFeatures_);
      simd.gemmABt(x, this.weight.data, this.out, rows, this.outFeatures_, this.inFeatures, bias, 'f32');
    } else {
      const out = grow(this.out as Float64Array, rows * this.outFeatures_);
      this.out = out as A;
      gemmABt(x as Float64Array, this.weight.data as Float64Array, out, rows, this.outFeatures_, this.inFeatures, bias as Float64Array | null);
    }
    this.x = x;
    this.rows = rows;
    return this.out;
  }

  backward(dy: A, needInputGrad: boolean): A | null {
    const rows = this.rows, nOut = this.outFeatures_, nIn = this.inFeatures;
    if (this.res) return this.backwardResident(this.res, dy, needInputGrad);
    if (this.dtype === 'float32') {
      const d = dy as Float32Array;
      simd.gemmAtB(d, this.x, this.weight.grad, nOut, nIn, rows, false, 'f32');
      if (this.bias) colSums32(d, this.bias.grad as Float32Array, rows, nOut, this.acc);
      if (!needInputGrad) return null;
      this.dx = growLike(this.dx, dy, rows * nIn);
      simd.gemmAB(d, this.weight.data, this.dx, rows, nIn, nOut, 'f32');
      return this.dx;
    }
    const d = dy as Float64Array;
    gemmAtB(d, this.x as Float64Array, this.weight.grad as Float64Array, nOut, nIn, rows, false);
    if (this.bias) colSums(d, this.bias.grad as Float64Array, rows, nOut, false);
    if (!needInputGrad) return null;
    const dx = grow(this.dx as Float64Array, rows * nIn);
    this.dx = dx as A;
    gemmAB(d, this.weight.data as Float64Array, dx, rows, nIn, nOut);
    return this.dx;
  }

  /**
   * Y = X·Wᵀ + b in the arena: W packed into panels, X read in place (copied in once when it is not
   * in the arena), the product written where the output lives.
   */
  private forwardResident(r: Resident<A>, x: A, rows: number): A {
    const { arena, f32 } = r;
    const nIn = this.inFeatures, nOut = this.outFeatures_;
    let px = arena.offsetOf(x);
    if (px === undefined) {
      px = r.x.ensure(rows * nIn);
      r.x.view.set(rows * nIn === x.length ? x : x.subarray(0, rows * nIn));
      this.x = r.x.view;
    } else {
      this.x = x;
    }
    const fn = arena.w.fn;
    const pw = this.weight.data.byteOffset;
    if (f32) fn.pack_bt_f32(pw, nOut, nIn, r.packed); else fn.pack_bt_f64(pw, nOut, nIn, r.packed);
    const np = roundUp(nOut, simd.panelWidth(f32));
    const pc = r.c.ensure(roundUp(rows, 4) * np);
    simd.gemmAt(arena, f32, false, px, true, r.packed, pc, rows, nOut, nIn);
    const bias = this.bias ? this.bias.data : null;
    if (np === nOut) {
      if (bias !== null && rows > 0) {
        if (f32) fn.add_rows_f32(pc, rows, nOut, bias.byteOffset); else fn.add_rows_f64(pc, rows, nOut, bias.byteOffset);
      }
      return r.c.view;
    }
    r.y.ensure(rows * nOut);
    compactRows(r.c.view, np, r.y.view, rows, nOut, bias);
    return r.y.view;
  }

  /** The backward products in the arena; dW goes straight into `weight.grad` when its shape allows. */
  private backwardResident(r: Resident<A>, dy: A, needInputGrad: boolean): A | null {
    const { arena, f32 } = r;
    const rows = this.rows, nOut = this.outFeatures_, nIn = this.inFeatures;
    let pdy = arena.offsetOf(dy);
    let d: FloatBuf = dy;
    if (pdy === undefined || dy.BYTES_PER_ELEMENT !== (f32 ? 4 : 8)) {
      pdy = r.dy.ensure(rows * nOut);
      r.dy.view.set(rows * nOut === dy.length ? dy : dy.subarray(0, rows * nOut));
      d = r.dy.view;
    }
    const px = this.x.byteOffset;
    const np = roundUp(nIn, simd.panelWidth(f32));
    const g = this.weight.grad;
    if (nOut % 4 === 0 && np === nIn) {
      simd.gemmAt(arena, f32, true, pdy, false, px, g.byteOffset, nOut, nIn, rows);
    } else {
      const p = r.dW.ensure(roundUp(nOut, 4) * np);
      simd.gemmAt(arena, f32, true, pdy, false, px, p, nOut, nIn, rows);
      if (np === nIn) g.set(r.dW.view.subarray(0, nOut * nIn));
      else compactRows(r.dW.view, np, g, nOut, nIn, null);
    }
    if (this.bias) {
      const gb = this.bias.grad;
      if (f32 && nOut % 4 === 0 && arena.offsetOf(gb) !== undefined) arena.w.fn.col_sums_f32(pdy, rows, nOut, gb.byteOffset);
      else if (f32) colSums32(d as Float32Array, gb as Float32Array, rows, nOut, this.acc);
      else if (nOut % 2 === 0 && arena.offsetOf(gb) !== undefined) arena.w.fn.col_sums_f64(pdy, rows, nOut, gb.byteOffset);
      else colSums(d as Float64Array, gb as Float64Array, rows, nOut, false);
    }
    if (!needInputGrad) return null;
    const pdx = r.dx.ensure(roundUp(rows, 4) * np);
    simd.gemmAt(arena, f32, false, pdy, false, this.weight.data.byteOffset, pdx, rows, nIn, nOut);
    if (np === nIn) {
      this.dx = r.dx.view;
    } else {
      r.dxc.ensure(rows * nIn);
      compactRows(r.dx.view, np, r.dxc.view, rows, nIn, null);
      this.dx = r.dxc.view;
    }
    return this.dx;
  }

  parameters(): Param<A>[] {
    return this.bias ? [this.weight, this.bias] : [this.weight];
  }
}

/**
 * Element-wise modules work in the precision of their input: a Float32Array in gives Float32Array
 * output and gradient buffers (values computed in float64 and rounded once on store). An input that
 * lives in a network's WebAssembly memory gives output and gradient buffers there too (so the next
 * Linear reads them in place); ReLU then runs as a WebAssembly kernel.
 */
abstract class Elementwise<A extends FloatBuf = Float64Array> implements Module<A> {
  abstract readonly kind: string;
  protected out = new Float64Array(0) as FloatBuf as A;
  protected dx = new Float64Array(0) as FloatBuf as A;
  protected n = 0;
  protected x = new Float64Array(0) as FloatBuf as A;
  protected rows = 0;
  protected cols = 0;
  private outVec: ArenaVec<A> | null = null;
  private dxVec: ArenaVec<A> | null = null;
  outFeatures(inFeatures: number): number { return inFeatures; }
  parameters(): Param<A>[] { return []; }
  forward(x: A, rows: number, cols: number): A {
    this.n = rows * cols;
    this.rows = rows;
    this.cols = cols;
    this.x = x;
    const arena = arenaOf(x);
    if (arena) {
      this.outVec = vecIn(this.outVec, arena, x);
      const py = this.outVec.ensure(this.n);
      this.out = this.outVec.view;
      if (!this.applyAt(arena, x.byteOffset, py, this.n)) this.apply(x, this.out, this.n);
      return this.out;
    }
    this.out = growLike(this.out, x, this.n);
    this.apply(x, this.out, this.n);
    return this.out;
  }
  backward(dy: A, needInputGrad: boolean): A | null {
    if (!needInputGrad) return null;
    const arena = arenaOf(this.x);
    if (arena) {
      this.dxVec = vecIn(this.dxVec, arena, dy);
      const pdx = this.dxVec.ensure(this.n);
      this.dx = this.dxVec.view;
      const pdy = arena.offsetOf(dy);
      if (pdy === undefined || !this.gradAt(arena, pdy, pdx, this.n)) this.grad(dy, this.dx);
      return this.dx;
    }
    this.dx = growLike(this.dx, dy, this.n);
    this.grad(dy, this.dx);
    return this.dx;
  }
  protected abstract apply(x: A, y: A, n: number): void;
  protected abstract grad(dy: A, dx: A): void;
  /** `apply` as a WebAssembly kernel on arena offsets (x at px, y at py); false when there is none. */
  protected applyAt(_arena: Arena, _px: number, _py: number, _n: number): boolean { return false; }
  /** `grad` as a WebAssembly kernel on arena offsets; false when there is none. */
  protected gradAt(_arena: Arena, _pdy: number, _pdx: number, _n: number): boolean { return false; }
}

/** `v` when it is a buffer of `like`'s type in `arena`, else a new (empty) one. */
function vecIn<A extends FloatBuf>(v: ArenaVec<A> | null, arena: Arena, like: A): ArenaVec<A> {
  return v !== null && v.arena === arena && v.view.constructor === like.constructor ? v : new ArenaVec<A>(arena, like instanceof Float32Array);
}

export class ReLU<A extends FloatBuf = Float64Array> extends Elementwise<A> {
  readonly kind = 'ReLU';
  // Both loops are branch-free: with random signs a conditional costs a mispredicted branch per
  // element (about 10× slower). (v + |v|)/2 is exact (NaN stays NaN) below |v| ≈ 9e307.
  protected apply(x: A, y: A, n: number, from = 0): void {
    for (let i = from; i < n; i++) { const v = x[i]; y[i] = (v + Math.abs(v)) * 0.5; }
  }
  protected grad(dy: A, dx: A, from = 0): void {
    const x = this.x, n = this.n;
    // PyTorch's ReLU backward passes the gradient where the input is > 0 (zero at x = 0). A
    // non-finite upstream gradient at a masked position gives NaN here instead of 0.
    for (let i = from; i < n; i++) dx[i] = dy[i] * +(x[i] > 0);
  }
  // The same two loops on SIMD lanes (relu_f64 / relu_f32 …: the same operations, so the same bits);
  // the last n mod lanes values in JS.
  protected override applyAt(arena: Arena, px: number, py: number, n: number): boolean {
    const f32 = this.x instanceof Float32Array;
    const whole = n - (n % (f32 ? 4 : 2));
    if (f32) arena.w.fn.relu_f32(px, py, whole); else arena.w.fn.relu_f64(px, py, whole);
    this.apply(this.x, this.out, n, whole);
    return true;
  }
  protected override gradAt(arena: Arena, pdy: number, pdx: number, n: number): boolean {
    const f32 = this.x instanceof Float32Array;
    if ((this.dx instanceof Float32Array) !== f32) return false;
    const whole = n - (n % (f32 ? 4 : 2));
    if (f32) arena.w.fn.relu_grad_f32(this.x.byteOffset, pdy, pdx, whole); else arena.w.fn.relu_grad_f64(this.x.byteOffset, pdy, pdx, whole);
    // the tail reads dy by index: take it from the arena's view of the same bytes
    if (whole < n) this.grad(arena.view(pdy, n, f32) as A, this.dx, whole);
    return true;
  }
}

export class Sigmoid<A extends FloatBuf = Float64Array> extends Elementwise<A> {
  readonly kind = 'Sigmoid';
  protected apply(x: A, y: A, n: number): void {
    for (let i = 0; i < n; i++) {
      const v = x[i];
      if (v >= 0) y[i] = 1 / (1 + Math.exp(-v));
      else { const e = Math.exp(v); y[i] = e / (1 + e); }
    }
  }
  protected grad(dy: A, dx: A): void {
    const y = this.out, n = this.n;
    for (let i = 0; i < n; i++) dx[i] = dy[i] * y[i] * (1 - y[i]);
  }
}

/** Softmax over the last dimension (each row). */
export class Softmax<A extends FloatBuf = Float64Array> extends Elementwise<A> {
  readonly kind = 'Softmax';
  protected apply(x: A, y: A): void {
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
  protected grad(dy: A, dx: A): void {
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
export class Sequential<A extends FloatBuf = Float64Array> implements Module<A> {
  readonly kind = 'Sequential';
  readonly modules: Module<A>[];
  private lastCols = 0;
  private readonly firstWithParams: number;
  constructor(...modules: Module<A>[]) {
    this.modules = modules;
    this.firstWithParams = modules.findIndex((m) => m.parameters().length > 0);
  }
  outFeatures(inFeatures: number): number {
    let c = inFeatures;
    for (const m of this.modules) c = m.outFeatures(c);
    return c;
  }
  forward(x: A, rows: number, cols: number): A {
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
  backward(dy: A, needInputGrad = false): A | null {
    let g: A | null = dy;
    for (let i = this.modules.length - 1; i >= 0 && g !== null; i--) {
      // A module's input gradient is needed only when a module before it has parameters.
      const need = needInputGrad || (this.firstWithParams >= 0 && i > this.firstWithParams);
      g = this.modules[i].backward(g, need);
    }
    return needInputGrad ? g : null;
  }
  /**
   * A buffer for `rows × cols` input values in the network's WebAssembly memory (resident networks;
   * otherwise an ordinary typed array): fill it and pass it to `forward` to save copying the batch in.
   * The same buffer is returned again while it is large enough; it may be longer than asked.
   */
  inputBuffer(rows: number, cols: number): A {
    const n = rows * cols;
    if (this.input !== null && n <= this.input.cap) return this.input.view;
    const lin = this.modules.find((m): m is Linear<A> => m instanceof Linear);
    const f32 = lin !== undefined && lin.dtype === 'float32';
    const arena = lin?.arena ?? null;
    if (arena) {
      if (this.input === null || this.input.arena !== arena) this.input = new ArenaVec<A>(arena, f32);
      this.input.ensure(n);
      return this.input.view;
    }
    if (this.plainInput === null || this.plainInput.length < n) this.plainInput = (f32 ? new Float32Array(n) : new Float64Array(n)) as A;
    return this.plainInput;
  }
  private input: ArenaVec<A> | null = null;
  private plainInput: A | null = null;
  private staging: ArenaVec<Float32Array> | null = null;

  /**
   * `inputBuffer(rows, cols)` filled with rows `index[from]`, …, `index[from + rows − 1]` of the
   * row-major `src` (converted to the network's precision, as `TypedArray.set` does): a shuffled batch
   * gathered straight into the network's memory. A resident float64 network widens float32 rows with
   * one WebAssembly pass.
   */
  gatherInput(src: FloatBuf, index: ArrayLike<number>, from: number, rows: number, cols: number): A {
    const x = this.inputBuffer(rows, cols);
    const arena = this.input?.arena;
    if (arena && src instanceof Float32Array && x instanceof Float64Array && rows * cols >= 4) {
      this.staging = this.staging?.arena === arena ? this.staging : new ArenaVec<Float32Array>(arena, true);
      const ps = this.staging.ensure(rows * cols);
      const st = this.staging.view;
      for (let r = 0; r < rows; r++) { const i = index[from + r] * cols; st.set(src.subarray(i, i + cols), r * cols); }
      const n = rows * cols, whole = n - (n % 4);
      arena.w.fn.f32_to_f64(ps, x.byteOffset, whole);
      for (let k = whole; k < n; k++) x[k] = st[k];
      return x;
    }
    for (let r = 0; r < rows; r++) { const i = index[from + r] * cols; x.set(src.subarray(i, i + cols), r * cols); }
    return x;
  }

  parameters(): Param<A>[] {
    const out: Param<A>[] = [];
    this.modules.forEach((m, i) => {
      for (const p of m.parameters()) out.push({ ...p, name: `${i}.${p.name}` });
    });
    return out;
  }
}

export interface MlpOptions {
  /** 'float64' (default) or 'float32' (Float32Array buffers, float32 WebAssembly SIMD products). */
  dtype?: NnDType;
  /**
   * Parameters, gradients, optimizer moments and activations in the network's own WebAssembly memory
   * (default true; ignored without WebAssembly SIMD or shared memory). false: ordinary typed arrays.
   * Both give the same bits.
   */
  resident?: boolean;
}

/**
 * An MLP like `nn.Sequential(nn.Linear(a, b), nn.ReLU(), nn.Linear(b, c), ...)`, PyTorch's init.
 * `{ dtype: 'float32' }` builds it in float32 (the same initial values, rounded to float32).
 */
export function mlp(sizes: readonly number[], rng: Rng): Sequential;
export function mlp(sizes: readonly number[], rng: Rng, opts: { dtype: 'float32'; resident?: boolean }): Sequential<Float32Array>;
export function mlp(sizes: readonly number[], rng: Rng, opts: { dtype?: 'float64'; resident?: boolean }): Sequential;
export function mlp(sizes: readonly number[], rng: Rng, opts: MlpOptions): Sequential<Float32Array> | Sequential;
export function mlp(sizes: readonly number[], rng: Rng, opts: MlpOptions = {}): Sequential<Float32Array> | Sequential {
  const dtype = opts.dtype ?? 'float64';
  const arena = opts.resident === false ? undefined : createArena();
  const mods: Module<FloatBuf>[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    if (i > 0) mods.push(new ReLU<FloatBuf>());
    mods.push(new Linear<FloatBuf>(sizes[i], sizes[i + 1], rng, true, dtype, arena));
  }
  return new Sequential(...mods) as Sequential<Float32Array> | Sequential;
}
