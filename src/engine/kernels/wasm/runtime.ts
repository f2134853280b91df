/**
 * The one instance of our WebAssembly kernel module, compiled synchronously on first use, and its
 * linear memory (grown on demand; views must be re-taken after `reserve`, which may move the buffer).
 *
 * `wasmKernels()` returns undefined when WebAssembly SIMD is unavailable (or `LOSSDBG_NO_WASM=1` is
 * set): every caller then uses its plain-JS fallback.
 */
import { kernelModuleBytes, sharedKernelModuleBytes } from './module';

export interface KernelExports {
  memory: WebAssembly.Memory;
  gemm_f32(pA: number, sa: number, sk: number, pB: number, sbk: number, sbp: number, pC: number, mBlocks: number, nPanels: number, K: number, ldcBytes: number): void;
  gemm_f64(pA: number, sa: number, sk: number, pB: number, sbk: number, sbp: number, pC: number, mBlocks: number, nPanels: number, K: number, ldcBytes: number): void;
  row_stats(px: number, n: number, pout: number): void;
  row_stats_w(px: number, pw: number, n: number, pout: number): void;
  exp_sum(px: number, n: number, m: number): number;
  scale_sub(px: number, n: number, a: number, b: number): void;
  scale_sub_w(px: number, pw: number, n: number, a: number, b: number): void;
  bce_pass(pz: number, py: number, pl: number, pg: number, n: number, pw: number, gscale: number): number;
  adamw_f32(pd: number, pg: number, pm: number, pv: number, n: number, decay: number, stepSize: number, invBc2s: number, eps: number): void;
  adamw_f64(pd: number, pg: number, pm: number, pv: number, n: number, decay: number, stepSize: number, invBc2s: number, eps: number): void;
  row_max_f32(px: number, n: number, pmin: number): number;
  row_max_f64(px: number, n: number, pmin: number): number;
  exp_sum64_f32(pin: number, pout: number, n: number, m: number): number;
  exp_sum64_f64(pin: number, pout: number, n: number, m: number): number;
  exp_sum64n_f32(pin: number, pout: number, n: number, m: number): number;
  exp_sum64n_f64(pin: number, pout: number, n: number, m: number): number;
  scale_f64(px: number, n: number, a: number): void;
  summary_f32(px: number, n: number, pout: number): void;
  adamw_f64_exact(pd: number, pg: number, pm: number, pv: number, n: number, decay: number, negStep: number, bc2Sqrt: number, eps: number, beta1: number, a1: number, beta2: number, a2: number): void;
  pack_bt_f64(pSrc: number, N: number, K: number, pDst: number): void;
  pack_bt_f32(pSrc: number, N: number, K: number, pDst: number): void;
  relu_f64(px: number, py: number, n: number): void;
  relu_f32(px: number, py: number, n: number): void;
  relu_grad_f64(px: number, pdy: number, pdx: number, n: number): void;
  relu_grad_f32(px: number, pdy: number, pdx: number, n: number): void;
  add_rows_f64(pC: number, rows: number, n: number, pb: number): void;
  add_rows_f32(pC: number, rows: number, n: number, pb: number): void;
  col_sums_f64(pA: number, rows: number, n: number, pOut: number): void;
  f32_to_f64(ps: number, pd: number, n: number): void;
  col_sums_f32(pA: number, rows: number, n: number, pOut: number): void;
}

export class WasmKernels {
  readonly fn: KernelExports;
  f32!: Float32Array;
  f64!: Float64Array;

  constructor(fn: KernelExports) {
    this.fn = fn;
    this.refresh();
  }

  private refresh(): void {
    this.f32 = new Float32Array(this.fn.memory.buffer);
    this.f64 = new Float64Array(this.fn.memory.buffer);
  }

  /** Makes the memory at least `bytes` long and refreshes the views. */
  reserve(bytes: number): void {
    const have = this.fn.memory.buffer.byteLength;
    if (bytes > have) {
      this.fn.memory.grow(Math.ceil((bytes - have) / 65536));
    }
    if (this.f32.buffer !== this.fn.memory.buffer) this.refresh();
  }
}

let instance: WasmKernels | null | undefined;

function disabled(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.LOSSDBG_NO_WASM === '1';
}

export function wasmKernels(): WasmKernels | undefined {
  if (instance === undefined) {
    instance = null;
    try {
      if (!disabled() && typeof WebAssembly === 'object') {
        const bytes = kernelModuleBytes();
        if (WebAssembly.validate(bytes)) {
          const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
          instance = new WasmKernels(inst.exports as unknown as KernelExports);
        }
      }
    } catch {
      instance = null;
    }
  }
  return instance ?? undefined;
}

/**
 * A private instance (its own memory) for data that must stay put, e.g. parameters and optimizer
 * state living in WebAssembly memory: reserve its size once, take views, and never grow it again
 * (growing detaches the views). Undefined when WebAssembly SIMD is unavailable.
 */
export function createKernelInstance(): WasmKernels | undefined {
  if (wasmKernels() === undefined) return undefined;
  const inst = new WebAssembly.Instance(new WebAssembly.Module(kernelModuleBytes()), {});
  return new WasmKernels(inst.exports as unknown as KernelExports);
}

let sharedModule: WebAssembly.Module | null | undefined;

/**
 * A private instance whose memory is shared (a SharedArrayBuffer): it may grow, and views taken before
 * stay valid (they keep their length; take new views for the new bytes). Undefined when WebAssembly
 * SIMD or shared memory is unavailable.
 */
export function createSharedKernelInstance(): WasmKernels | undefined {
  if (wasmKernels() === undefined) return undefined;
  try {
    if (sharedModule === undefined) {
      sharedModule = null;
      const bytes = sharedKernelModuleBytes();
      if (typeof SharedArrayBuffer === 'function' && WebAssembly.validate(bytes)) sharedModule = new WebAssembly.Module(bytes);
    }
    if (sharedModule === null) return undefined;
    return new WasmKernels(new WebAssembly.Instance(sharedModule, {}).exports as unknown as KernelExports);
  } catch {
    return undefined;
  }
}

/** For tests and benchmarks: force the JS fallback (true) or allow WebAssembly again (false). */
export function setWasmDisabled(off: boolean): void {
  if (off) instance = null;
  else if (instance === null) instance = undefined;
}
