/** Small deterministic helpers for the engine tests. */
import assert from 'node:assert/strict';
import { LossDebuggerError } from '../../../../src/errors';
import { Rng } from '../../../../src/engine/data/rng';
import { makeSpec, type LossSpec, type LossType } from '../../../../src/engine/losses/spec';
import { tensor, type Tensor } from '../../../../src/engine/tensor';

/** Uniform numbers in [0, 1) from the engine's seeded generator. */
export function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.uniform();
}

export function uniform(r: () => number, n: number, lo: number, hi: number): number[] {
  return Array.from({ length: n }, () => lo + (hi - lo) * r());
}

export function ints(r: () => number, n: number, C: number): number[] {
  return Array.from({ length: n }, () => Math.floor(r() * C));
}

export function softmaxRows(v: number[], rows: number, C: number): number[] {
  const out = v.slice();
  for (let i = 0; i < rows; i++) {
    let m = -Infinity;
    for (let c = 0; c < C; c++) m = Math.max(m, v[i * C + c]);
    let s = 0;
    for (let c = 0; c < C; c++) s += Math.exp(v[i * C + c] - m);
    for (let c = 0; c < C; c++) out[i * C + c] = Math.exp(v[i * C + c] - m) / s;
  }
  return out;
}

export function spec(type: LossType, args: Partial<Omit<LossSpec, 'type'>> = {}): LossSpec {
  return makeSpec(type, args);
}

export function t(data: number[], shape: number[], dtype: 'float64' | 'int64' = 'float64'): Tensor {
  return tensor(data, shape, dtype);
}

export function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

/** Asserts that fn throws a LossDebuggerError with exactly this detail, hint and path. */
export function refused(fn: () => unknown, detail: string, hint: string, path: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof LossDebuggerError, String(e));
    assert.equal(e.detail, detail);
    assert.equal(e.hint, hint);
    assert.equal(e.where.path, path);
    return true;
  });
}
