/**
 * The chunk-wise statistics of diagnostics/stats.ts (what a streamed input is diagnosed from): each
 * per-row pass computed chunk by chunk equals the pass over the whole input, the summary's parts
 * merge to the whole summary, and `rowTops` agrees with the plain loops the rules used to run.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  columnExpInto, columnSumMaxInto, emptyRowTops, finishSummary, mergeSummaryParts, rowLseInto, rowStatsInto, rowTopsInto, summarize, summaryPart,
  columnsOf, type RowStats,
} from '../../../src/diagnostics/stats';
import { sumsAlong } from '../../../src/diagnostics/invariants';

const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 1];

/** Rows of C values with NaN/±Infinity sprinkled in (fixed by the seed). */
const rowsArb = fc.record({ N: fc.integer({ min: 1, max: 12 }), C: fc.integer({ min: 1, max: 9 }), seed: fc.integer(), special: fc.double({ min: 0, max: 0.4, noNaN: true }) })
  .map(({ N, C, seed, special }) => {
    let s = seed >>> 0 || 1;
    const u = (): number => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296; };
    const x = new Float64Array(N * C).map(() => (u() < special ? SPECIAL[Math.floor(u() * SPECIAL.length)] : Math.round((u() * 8 - 4) * 4) / 4));
    return { N, C, x, chunk: 1 + Math.floor(u() * N) };
  });

function chunks(N: number, per: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let r0 = 0; r0 < N; r0 += per) out.push([r0, Math.min(N, r0 + per)]);
  return out;
}

test('row passes chunk by chunk equal the whole-input pass, bit for bit', () => {
  fc.assert(fc.property(rowsArb, ({ N, C, x, chunk }) => {
    const g = { C, rows: N, stride: 1 };
    const mk = (): RowStats => ({ rows: N, C, sum: new Float64Array(N), min: new Float64Array(N), max: new Float64Array(N) });
    const whole = mk(), parts = mk();
    const tw = emptyRowTops(N), tp = emptyRowTops(N);
    const lw = new Float64Array(N), lp = new Float64Array(N);
    rowStatsInto(x, g, 0, N, 0, whole); rowTopsInto(x, g, 0, N, 0, tw); rowLseInto(x, g, 0, N, 0, lw);
    for (const [r0, r1] of chunks(N, chunk)) {
      const c = x.subarray(r0 * C, r1 * C);
      rowStatsInto(c, g, r0, r1, r0 * C, parts); rowTopsInto(c, g, r0, r1, r0 * C, tp); rowLseInto(c, g, r0, r1, r0 * C, lp);
    }
    assert.deepEqual(parts, whole);
    assert.deepEqual(tp, tw);
    assert.deepEqual(lp, lw);
  }));
});

test('rowTops: top/runner-up/arg as extreme-logits scanned them, argmax as label-smoothing-risk did', () => {
  fc.assert(fc.property(rowsArb, ({ N, C, x }) => {
    const t = emptyRowTops(N);
    rowTopsInto(x, { C, rows: N, stride: 1 }, 0, N, 0, t);
    for (let r = 0; r < N; r++) {
      const o = r * C;
      let top = -Infinity, second = -Infinity, arg = -1, bad = 0;
      for (let k = 0; k < C; k++) {
        const v = x[o + k];
        if (v > top) { second = top; top = v; arg = k; } else if (v > second) second = v; else if (v !== v) bad = 1;
      }
      let am = 0;
      for (let k = 1; k < C; k++) if (x[o + k] > x[o + am]) am = k;
      assert.deepEqual([t.top[r], t.second[r], t.arg[r], t.bad[r], t.argmax[r]], [top, second, arg, bad, am], `row ${r}: ${Array.from(x.subarray(o, o + C)).join(',')}`);
    }
  }));
});

test('summary parts merge to the whole summary (counts, extremes, flags exactly; Σ to rounding)', () => {
  fc.assert(fc.property(rowsArb, ({ N, C, x, chunk }) => {
    const whole = summarize({ shape: [N, C], data: x, dtype: 'float64' });
    let part = summaryPart(new Float64Array(0));
    for (const [r0, r1] of chunks(N, chunk)) part = mergeSummaryParts(part, summaryPart(x.subarray(r0 * C, r1 * C), r0 * C));
    const merged = finishSummary(part, [N, C], 'float64');
    for (const k of ['size', 'min', 'max', 'nan', 'posInf', 'negInf', 'nonFinite', 'negatives', 'inUnit', 'allInteger', 'distinct'] as const) assert.ok(Object.is(merged[k], whole[k]), k);
    assert.deepEqual(merged.firstNonFinite, whole.firstNonFinite);
    for (const k of ['mean', 'std'] as const) assert.ok(Object.is(merged[k], whole[k]) || Math.abs(merged[k] - whole[k]) <= 1e-12 * Math.max(1, Math.abs(whole[k])), k);
  }));
});

test('summary merge keeps the sign of a zero extreme as the one-pass scan does (0 then -0 in another chunk)', () => {
  const x = Float64Array.from([0, Number.POSITIVE_INFINITY, 2.5, 1.5, 0.5, Number.POSITIVE_INFINITY, -0, 0.5, 1.25]);
  const whole = summarize({ shape: [3, 3], data: x, dtype: 'float64' });
  let part = summaryPart(new Float64Array(0));
  for (const [r0, r1] of chunks(3, 2)) part = mergeSummaryParts(part, summaryPart(x.subarray(r0 * 3, r1 * 3), r0 * 3));
  const merged = finishSummary(part, [3, 3], 'float64');
  assert.ok(Object.is(whole.min, 0) && Object.is(merged.min, 0), `min ${String(merged.min)}`);
});

test('column sums and logsumexp chunk by chunk equal sumsAlong(input, 0)', () => {
  fc.assert(fc.property(rowsArb, ({ N, C, x, chunk }) => {
    const ref = sumsAlong({ shape: [N, C], data: x, dtype: 'float64' }, 0);
    const sum = new Float64Array(C), max = new Float64Array(C).fill(-Infinity), e = new Float64Array(C);
    for (const [r0, r1] of chunks(N, chunk)) columnSumMaxInto(x.subarray(r0 * C, r1 * C), C, sum, max);
    for (const [r0, r1] of chunks(N, chunk)) columnExpInto(x.subarray(r0 * C, r1 * C), C, max, e);
    const got = columnsOf(sum, max, e);
    assert.deepEqual(got.sum, ref.sum);
    assert.deepEqual(got.lse, ref.lse);
  }));
});
