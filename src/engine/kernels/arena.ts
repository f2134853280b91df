/**
 * A network's own WebAssembly memory: its parameters, gradients, optimizer moments and activations
 * live here across steps, so the kernels (gemm, ReLU, AdamW) read and write them in place, with no
 * copies in and out per call.
 *
 * The memory is shared (a SharedArrayBuffer), so growing it for a larger batch never detaches a view
 * taken before: a parameter's `data` stays the same Float64Array (or Float32Array) for the network's
 * life, and whatever JS writes into it between steps (loading weights, a reset) is what the next step
 * reads. Allocation is a bump pointer that never frees: buffers that grow are replaced and the old
 * bytes are left unused (at most about as many again as the largest batch's buffers).
 *
 * `createArena()` is undefined without WebAssembly SIMD or shared memory (or with LOSSDBG_NO_WASM=1):
 * callers then keep their JS arrays.
 */
import { createSharedKernelInstance, type WasmKernels } from './wasm/runtime';

export type ArenaBuf = Float32Array | Float64Array;

/** Which arena a buffer belongs to (every SharedArrayBuffer an arena's memory has had). */
const owners = new WeakMap<ArrayBufferLike, Arena>();

/** Bytes past the last allocation that stay addressable: kernels may read (never write) a little past their operands. */
const TAIL = 256;

export class Arena {
  private top = 64;
  /** Start offset → allocated bytes, for `owns`. */
  private readonly sizes = new Map<number, number>();

  constructor(readonly w: WasmKernels) {
    owners.set(w.fn.memory.buffer, this);
  }

  /**
   * Zeroed room for n elements of `bytesPer` bytes, 16-byte aligned, rounded up to 16 bytes (the
   * padding stays zero unless a kernel writes it); returns the byte offset.
   */
  alloc(n: number, bytesPer: 4 | 8): number {
    const off = this.top;
    const bytes = (Math.max(n * bytesPer, 16) + 15) & ~15;
    this.top = off + bytes;
    this.reserve(this.top + TAIL);
    this.sizes.set(off, bytes);
    return off;
  }

  /** Makes `bytes` addressable (growing the memory; earlier views stay valid). */
  reserve(bytes: number): void {
    if (bytes <= this.w.fn.memory.buffer.byteLength) return;
    this.w.reserve(bytes);
    owners.set(this.w.fn.memory.buffer, this);
  }

  /** A view of n elements at byte offset `off`. */
  view(off: number, n: number, f32: true): Float32Array;
  view(off: number, n: number, f32: false): Float64Array;
  view(off: number, n: number, f32: boolean): ArenaBuf;
  view(off: number, n: number, f32: boolean): ArenaBuf {
    const buf = this.w.fn.memory.buffer;
    owners.set(buf, this);
    return f32 ? new Float32Array(buf, off, n) : new Float64Array(buf, off, n);
  }

  /** The byte offset of `a` when it is a view into this arena's memory, else undefined. */
  offsetOf(a: ArenaBuf): number | undefined {
    return owners.get(a.buffer) === this ? a.byteOffset : undefined;
  }

  /**
   * Whether `a` starts an allocation of this arena that holds `a` rounded up to 16 bytes (so a kernel
   * working on whole 16-byte vectors touches only its own padding).
   */
  owns(a: ArenaBuf): boolean {
    if (owners.get(a.buffer) !== this) return false;
    const bytes = this.sizes.get(a.byteOffset);
    return bytes !== undefined && bytes >= ((a.byteLength + 15) & ~15);
  }
}

/** The arena `a` lives in, if any. */
export function arenaOf(a: ArenaBuf): Arena | undefined {
  return owners.get(a.buffer);
}

export function createArena(): Arena | undefined {
  const w = createSharedKernelInstance();
  return w ? new Arena(w) : undefined;
}

/**
 * A buffer in an arena that grows (to at least twice its size) when more room is asked for. `view`
 * may be longer than asked; use the first n values.
 */
export class ArenaVec<A extends ArenaBuf> {
  off = 0;
  cap = 0;
  view: A;

  constructor(readonly arena: Arena, private readonly f32: boolean) {
    this.view = (f32 ? new Float32Array(0) : new Float64Array(0)) as A;
  }

  /** Room for n values; returns the byte offset. */
  ensure(n: number): number {
    if (n > this.cap) {
      const cap = Math.max(n, this.cap * 2);
      this.off = this.arena.alloc(cap, this.f32 ? 4 : 8);
      this.cap = cap;
      this.view = this.arena.view(this.off, cap, this.f32) as A;
    }
    return this.off;
  }
}
