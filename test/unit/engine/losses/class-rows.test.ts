/**
 * Class-loss rows from per-row statistics (src/engine/losses/class-rows.ts) agree with the reference
 * implementations (cross-entropy.ts, nll.ts, themselves checked against PyTorch): per-row losses equal
 * reduction='none', the denominator gives reduction='mean', for (N, C) and (N, C, d) layouts, weights,
 * ignore_index, both smoothing conventions; a target out of range gives undefined; one row's loss with
 * rounded inputs equals the reference on the rounded input.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classLossRows, classRows, rowLoss, rowOffset, type ClassVariant, type RowGeometry } from '../../../../src/engine/losses/class-rows';
import { computeLoss } from '../../../../src/engine/losses/index';
import { ints, rng, spec, t, uniform } from './helpers';
import type { Tensor } from '../../../../src/engine/tensor';

const close = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

const r = rng(2112);
const C = 5;
const layouts: Array<{ name: string; x: Tensor; y: Tensor; geo: RowGeometry }> = [];
{
  const N = 7;
  const y = ints(r, N, C);
  y[1] = -100;
  y[4] = 2;
  layouts.push({ name: '(N, C)', x: t(uniform(r, N * C, -4, 4), [N, C]), y: t(y, [N], 'int64'), geo: { C, rows: N, stride: 1 } });
  const d = 3;
  const yk = ints(r, 2 * d, C);
  yk[4] = -100;
  layouts.push({ name: '(N, C, d)', x: t(uniform(r, 2 * C * d, -4, 4), [2, C, d]), y: t(yk, [2, d], 'int64'), geo: { C, rows: 2 * d, stride: d } });
}
const weight = [0.5, 2, 1, 3, 0.25];

const variants: ClassVariant[] = [];
for (const type of ['CrossEntropyLoss', 'NLLLoss'] as const) {
  for (const w of [undefined, weight]) {
    for (const eps of type === 'NLLLoss' ? [0] : [0, 0.1, 0.3]) {
      for (const mode of eps === 0 ? ['pytorch'] as const : ['pytorch', 'others'] as const) {
        variants.push({ type, weight: w ? Float64Array.from(w) : undefined, ignore: -100, eps, mode });
      }
    }
  }
}

function specOf(v: ClassVariant, reduction: 'none' | 'mean' | 'sum') {
  return spec(v.type, { reduction, ignore_index: v.ignore, weight: v.weight ? t(Array.from(v.weight), [C]) : undefined, label_smoothing: v.eps, smoothing_mode: v.mode });
}

test('rowOffset: row r\'s class 0 in (N, C) and (N, C, d) layouts', () => {
  assert.deepEqual([0, 1, 6].map((i) => rowOffset({ C: 5, rows: 7, stride: 1 }, i)), [0, 5, 30]);
  // (2, 5, 3): row r = n·3 + s starts at n·15 + s
  assert.deepEqual([0, 1, 2, 3, 5].map((i) => rowOffset({ C: 5, rows: 6, stride: 3 }, i)), [0, 1, 2, 15, 17]);
});

test('classRows: log-sum-exp, Σx and Σw·x per row', () => {
  for (const L of layouts) {
    const st = classRows(L.x.data, L.geo, Float64Array.from(weight));
    for (let row = 0; row < L.geo.rows; row++) {
      const vals = Array.from({ length: C }, (_, k) => L.x.data[rowOffset(L.geo, row) + k * L.geo.stride]);
      const m = Math.max(...vals);
      close(st.lse[row], m + Math.log(vals.reduce((s, v) => s + Math.exp(v - m), 0)), `${L.name} lse[${row}]`);
      close(st.sumX[row], vals.reduce((s, v) => s + v, 0), `${L.name} sumX[${row}]`);
      close(st.sumWX?.[row] ?? NaN, vals.reduce((s, v, k) => s + weight[k] * v, 0), `${L.name} sumWX[${row}]`);
    }
    assert.equal(classRows(L.x.data, L.geo, undefined).sumWX, undefined);
  }
});

test('classLossRows and rowLoss agree with reduction=\'none\' and \'mean\' of the reference losses', () => {
  let checked = 0;
  for (const L of layouts) {
    const st = classRows(L.x.data, L.geo, Float64Array.from(weight));
    const stNoW = classRows(L.x.data, L.geo, undefined);
    for (const v of variants) {
      const what = `${L.name} ${v.type} w=${Boolean(v.weight)} eps=${v.eps} ${v.mode}`;
      const got = classLossRows(L.x.data, L.y.data, L.geo, v, v.weight ? st : stNoW);
      assert.ok(got, what);
      const none = computeLoss(specOf(v, 'none'), L.x, L.y).value.data;
      const mean = computeLoss(specOf(v, 'mean'), L.x, L.y).value.data[0];
      let sum = 0;
      for (let row = 0; row < L.geo.rows; row++) {
        const ignored = L.y.data[row] === -100;
        assert.equal(got.valid[row], ignored ? 0 : 1, `${what} valid[${row}]`);
        close(got.perRow[row], none[row], `${what} row ${row}`);
        sum += got.perRow[row];
        const one = rowLoss(L.x.data, L.y.data, L.geo, v, row, (q) => q);
        if (ignored) assert.equal(one, undefined, `${what} rowLoss of an ignored row`);
        else close(one ?? NaN, none[row], `${what} rowLoss ${row}`);
        checked++;
      }
      close(sum / got.denom, mean, `${what} mean`);
    }
  }
  assert.equal(checked, variants.length * (7 + 6));
  assert.equal(variants.length, 12);
});

test('rowLoss with rounded inputs is the reference loss of the rounded input', () => {
  const round = (q: number): number => Math.round(q * 4) / 4;
  for (const L of layouts) {
    const xr = t(Array.from(L.x.data, round), [...L.x.shape]);
    for (const v of variants) {
      const none = computeLoss(specOf(v, 'none'), xr, L.y).value.data;
      for (let row = 0; row < L.geo.rows; row++) {
        if (L.y.data[row] === -100) continue;
        close(rowLoss(L.x.data, L.y.data, L.geo, v, row, round) ?? NaN, none[row], `${L.name} ${v.type} eps=${v.eps} ${v.mode} row ${row}`);
      }
    }
  }
});

test('a target out of range or not an integer: undefined, as PyTorch would raise', () => {
  const L = layouts[0];
  const v = variants[0];
  const st = classRows(L.x.data, L.geo, undefined);
  for (const bad of [C, -1, 1.5, NaN]) {
    const y = Float64Array.from(L.y.data);
    y[3] = bad;
    assert.equal(classLossRows(L.x.data, y, L.geo, v, st), undefined, String(bad));
    assert.equal(rowLoss(L.x.data, y, L.geo, v, 3, (q) => q), undefined, String(bad));
  }
  const edge = Float64Array.from(L.y.data);
  edge[3] = C - 1;
  edge[5] = 0;
  assert.ok(classLossRows(L.x.data, edge, L.geo, v, st));
  assert.notEqual(rowLoss(L.x.data, edge, L.geo, v, 3, (q) => q), undefined);
  assert.notEqual(rowLoss(L.x.data, edge, L.geo, v, 5, (q) => q), undefined);
  // CrossEntropyLoss needs the row statistics; NLLLoss does not
  assert.equal(classLossRows(L.x.data, L.y.data, L.geo, v, undefined), undefined);
  const nll = variants.find((x) => x.type === 'NLLLoss');
  assert.ok(nll && classLossRows(L.x.data, L.y.data, L.geo, nll, undefined));
});

test('each row\'s maximum is its own: a huge value in the next row does not underflow this one', () => {
  const geo = { C: 3, rows: 2, stride: 1 };
  const x = Float64Array.of(0.5, -1, 2, 900, 0, 0);
  const st = classRows(x, geo, undefined);
  close(st.lse[0], 2 + Math.log(Math.exp(-1.5) + Math.exp(-3) + 1), 'row 0');
  close(st.lse[1], 900, 'row 1');
  const strided = classRows(Float64Array.of(0.5, 900, -1, 0, 2, 0), { C: 3, rows: 2, stride: 2 }, undefined);
  close(strided.lse[0], st.lse[0], 'strided row 0');
});

test('an ignore_index that is a class: rows with it are skipped, not scored', () => {
  const L = layouts[0];
  const v: ClassVariant = { type: 'CrossEntropyLoss', ignore: 2, eps: 0, mode: 'pytorch' };
  const st = classRows(L.x.data, L.geo, undefined);
  const got = classLossRows(L.x.data, L.y.data, L.geo, { ...v, ignore: 2 }, st);
  const none = computeLoss(spec('CrossEntropyLoss', { reduction: 'none', ignore_index: 2 }), L.x, t(Array.from(L.y.data, (y) => (y === -100 ? 0 : y)), [7], 'int64')).value.data;
  assert.ok(got === undefined, 'the -100 target is then out of range');
  const y = Float64Array.from(L.y.data, (q) => (q === -100 ? 0 : q));
  const ok = classLossRows(L.x.data, y, L.geo, v, st);
  assert.ok(ok);
  assert.equal(y[4], 2);
  assert.equal(ok.valid[4], 0);
  assert.equal(rowLoss(L.x.data, y, L.geo, v, 4, (q) => q), undefined);
  for (let row = 0; row < 7; row++) close(ok.perRow[row], none[row], `row ${row}`);
});
