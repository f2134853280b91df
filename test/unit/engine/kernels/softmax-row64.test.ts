/**
 * softmaxRow64 (the float64 cross-entropy's row pass): max, exp(x − m) and Σ, on the WebAssembly SIMD
 * path (rows of 64 or more float32/float64 values) and the JS path (shorter rows), against exp64 and
 * Math.exp element by element, including the edges (NaN, ±Infinity, results that underflow).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exp64 } from '../../../../src/engine/kernels/exp';
import { softmaxRow64, softmaxRowScratch } from '../../../../src/engine/kernels/softmax-row64';
import { wasmKernels } from '../../../../src/engine/kernels/wasm/runtime';
import { Rng } from '../../../../src/engine/data/rng';

const MIN_NORMAL = 2.2250738585072014e-308;

function jsMax(x: ArrayLike<number>, base: number, C: number): number {
  let m = -Infinity;
  for (let c = 0; c < C; c++) if (x[base + c] > m) m = x[base + c];
  return m;
}

/** Checks one row against exp64 (same bits above 2^−1022) and Math.exp (within 4.5e-16 relative). */
function check(x: Float32Array | Float64Array, base: number, C: number, what: string): void {
  const row = softmaxRowScratch();
  softmaxRow64(x, base, C, row);
  const m = jsMax(x, base, C);
  assert.ok(Object.is(row.m, m), `${what}: max ${row.m}, expected ${m}`);
  let S = 0;
  for (let c = 0; c < C; c++) {
    const d = x[base + c] - m;
    const want = exp64(d);
    const got = row.e[row.off + c];
    S += want;
    if (Number.isNaN(want)) { assert.ok(Number.isNaN(got), `${what}: e[${c}] = ${got}, expected NaN`); continue; }
    if (want >= MIN_NORMAL) assert.equal(got, want, `${what}: e[${c}] (d = ${d})`);
    else assert.ok(Math.abs(got - want) <= 5e-324 && Math.abs(got - Math.exp(d)) <= 5e-324, `${what}: e[${c}] = ${got}, exp64 ${want} (d = ${d})`);
    const ref = Math.exp(d);
    if (ref >= MIN_NORMAL) assert.ok(Math.abs(got - ref) <= 4.5e-16 * ref, `${what}: e[${c}] = ${got} vs Math.exp ${ref}`);
  }
  if (Number.isNaN(S)) assert.ok(Number.isNaN(row.S), `${what}: Σ ${row.S}, expected NaN`);
  // both sums of C positive terms are within (C − 1)·2^−53·Σ of the exact one (different orders)
  else assert.ok(Math.abs(row.S - S) <= 2 * C * 1.12e-16 * S, `${what}: Σ ${row.S} vs ${S}`);
}

test('the SIMD path is in use where WebAssembly is (so the tests below cover it)', () => {
  if (wasmKernels() === undefined) return; // LOSSDBG_NO_WASM=1 runs cover the JS path only
  assert.equal(typeof wasmKernels()?.fn.exp_sum64_f32, 'function');
});

test('random rows of every length mod 4, float32 and float64 storage, at an offset', () => {
  const rng = new Rng(7, 'softmax-row64');
  for (const C of [1, 3, 5, 63, 64, 65, 66, 67, 200, 1001, 30522]) {
    for (const spread of [0.1, 3, 40, 800]) {
      const base = 5;
      const x64 = new Float64Array(base + C + 3);
      for (let i = 0; i < x64.length; i++) x64[i] = rng.normal() * spread;
      check(x64, base, C, `f64 C=${C} spread ${spread}`);
      check(Float32Array.from(x64), base, C, `f32 C=${C} spread ${spread}`);
    }
  }
});

test('edges: NaN never becomes the max, −Infinity gives 0, +Infinity and all −Infinity rows give NaN', () => {
  for (const C of [7, 100]) {
    const make = (f: (x: Float64Array) => void): Float64Array => {
      const x = new Float64Array(C);
      for (let c = 0; c < C; c++) x[c] = Math.sin(c) * 5;
      f(x);
      return x;
    };
    const rows: [string, Float64Array][] = [
      ['NaN', make((x) => { x[3] = NaN; })],
      ['−Infinity', make((x) => { x[2] = -Infinity; })],
      ['+Infinity', make((x) => { x[4] = Infinity; })],
      ['all −Infinity', make((x) => x.fill(-Infinity))],
      ['underflow band', make((x) => { for (let c = 0; c < C; c++) x[c] = -(c * 11) % 760; })],
      ['at the max', make((x) => x.fill(2.5))],
    ];
    for (const [name, x] of rows) {
      check(x, 0, C, `${name} C=${C}`);
      check(Float32Array.from(x), 0, C, `${name} f32 C=${C}`);
    }
  }
});
