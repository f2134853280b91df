/**
 * mse-outliers, the whole rule on exact (dyadic) residuals: the share of the squared error carried by
 * the top 1 % (k = ⌈topShare·n⌉, at least 1), maxTopContribution exactly on the share and just above it,
 * minSamples on its edge, non-finite residuals left out (positions kept), the five largest (ties by
 * position, multi-dim indices), the quantiles (linear interpolation), the excess kurtosis about the
 * mean, the Huber delta, message, fix and edit. Every number is derived here from the residuals.
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable } from '../harness';
import { fmt, pct } from '../../../../src/diagnostics/format';
import { tensor } from '../../../../src/engine/tensor';
import { mseOutliers } from '../../../../src/diagnostics/rules/mse-outliers';

/** n residuals of ∓0.125 (even positions −, odd +) with `big` at the given positions. */
function residuals(n: number, big: Record<number, number>): number[] {
  return Array.from({ length: n }, (_, i) => big[i] ?? (i % 2 ? 0.125 : -0.125));
}
function mse(r: number[], shape?: number[], nanAt?: number) {
  const y = r.map((_, i) => i % 7);
  const x = r.map((v, i) => (i === nanAt ? NaN : y[i] + v));
  return mkCase({ loss: 'MSELoss', input: tensor(Float64Array.from(x), shape ?? [r.length], 'float64'), target: tensor(Float64Array.from(y), shape ?? [r.length], 'float64') });
}
/** The share of Σr² carried by the k largest |r| (summed in data order, as the rule does). */
function share(r: number[], k: number): number {
  let total = 0;
  for (const v of r) total += v * v;
  const a = r.map(Math.abs).sort((p, q) => p - q);
  let top = 0;
  for (let j = a.length - k; j < a.length; j++) top += a[j] * a[j];
  return top / total;
}
function kurtosis(r: number[]): number {
  const m = r.reduce((s, v) => s + v, 0) / r.length;
  const m2 = r.reduce((s, v) => s + (v - m) ** 2, 0) / r.length;
  const m4 = r.reduce((s, v) => s + (v - m) ** 4, 0) / r.length;
  return m4 / (m2 * m2) - 3;
}
const R100 = residuals(100, { 37: 3 });
const FIX = (q: string, d: string): string => [
  `# quadratic for ${q} of the residuals, linear (bounded gradient) for the largest`,
  `criterion = nn.HuberLoss(delta=${d})        # or nn.SmoothL1Loss(beta=${d})`,
  '# and look at the worst samples: outliers are often label or unit errors',
  'res = (pred - y).abs().flatten()',
  'print(res.topk(10))',
].join('\n');

ruleTable(mseOutliers, {
  severity: 'warning',
  fires: [
    {
      name: 'one residual of 3 among 99 of 0.125: message, evidence, fix and edit',
      case: mse(R100),
      expect: (f) => {
        const s = 9 / (99 / 64 + 9);
        assert.equal(f.message, `The largest 1% of the residuals (1 of 100) carry ${pct(s)} of the squared error (about 8.5% for Gaussian residuals; excess kurtosis ${fmt(kurtosis(R100))}). MSE lets these few samples dominate the loss and the gradient. Largest: [37] (3), [0] (-0.125), [1] (0.125), [2] (-0.125), [3] (0.125); median |residual| is 0.125.`);
        assert.deepEqual({ ...f.evidence, excessKurtosis: 0, topContribution: 0, p99AbsResidual: 0 }, {
          samples: 100, topCount: 1, topContribution: 0, excessKurtosis: 0, medianAbsResidual: 0.125, p90AbsResidual: 0.125, p99AbsResidual: 0,
          maxAbsResidual: 3, suggestedDelta: 0.125, worstIndices: ['[37]', '[0]', '[1]', '[2]', '[3]'], worstResiduals: [3, -0.125, 0.125, -0.125, 0.125],
        });
        assert.equal(f.evidence.topContribution, Number(s.toPrecision(4)));
        assert.equal(f.evidence.excessKurtosis, Number(kurtosis(R100).toPrecision(4)));
        // p99: 0.99·99 = 98.01 between the 99th (0.125) and the 100th (3) value
        assert.ok(Math.abs((f.evidence.p99AbsResidual as number) - (0.125 + 0.01 * 2.875)) < 1e-9);
        assert.equal(f.fix, FIX('90.0%', '0.125'));
        assert.equal(f.field, 'target');
        assert.deepEqual(f.edit, { path: ['loss'], value: { type: 'HuberLoss', reduction: 'mean', delta: 0.125 } });
      },
    },
    {
      name: 'a (10, 10) tensor: multi-dim indices; sum reduction kept in the edit',
      case: () => { const c = mse(R100, [10, 10]); c.loss = { ...c.loss, reduction: 'sum' }; return c; },
      expect: (f) => {
        assert.deepEqual(f.evidence.worstIndices, ['[3, 7]', '[0, 0]', '[0, 1]', '[0, 2]', '[0, 3]']);
        assert.match(f.message, /Largest: \[3, 7\] \(3\), \[0, 0\] \(-0\.125\), /);
        assert.deepEqual(f.edit, { path: ['loss'], value: { type: 'HuberLoss', reduction: 'sum', delta: 0.125 } });
      },
    },
    {
      name: '150 residuals: the top ⌈1.5⌉ = 2, two outliers, the largest first',
      case: mse(residuals(150, { 10: -2, 120: 4 })),
      expect: (f) => {
        assert.match(f.message, /^The largest 1\.3% of the residuals \(2 of 150\) carry /);
        assert.deepEqual([f.evidence.topCount, f.evidence.worstIndices, f.evidence.worstResiduals], [2, ['[120]', '[10]', '[0]', '[1]', '[2]'], [4, -2, -0.125, 0.125, -0.125]]);
        assert.equal(f.evidence.topContribution, Number(share(residuals(150, { 10: -2, 120: 4 }), 2).toPrecision(4)));
      },
    },
    { name: 'the share exactly on maxTopContribution', case: mse(R100), options: { maxTopContribution: share(R100, 1) }, expect: { evidence: { topCount: 1 } } },
    { name: 'exactly minSamples (50) residuals', case: mse(residuals(50, { 7: 3 })), expect: { evidence: { samples: 50, worstIndices: ['[7]', '[0]', '[1]', '[2]', '[3]'] } } },
    {
      name: 'a NaN input left out; the positions stay those of the tensor',
      case: mse(R100, undefined, 0),
      expect: (f) => {
        assert.deepEqual([f.evidence.samples, f.evidence.worstIndices], [99, ['[37]', '[1]', '[2]', '[3]', '[4]']]);
        assert.match(f.message, /\(1 of 99\)/);
      },
    },
    {
      name: 'topShare 0.02 and huberQuantile 0.5: k = 2, the median as delta',
      case: mse(residuals(100, { 37: 3, 38: 2 })),
      options: { topShare: 0.02, huberQuantile: 0.5 },
      expect: (f) => {
        assert.equal(f.evidence.topCount, 2);
        assert.equal(f.fix, FIX('50.0%', '0.125'));
      },
    },
    { name: 'huberQuantile 1: the delta is the largest |residual|', case: mse(R100), options: { huberQuantile: 1 }, expect: (f) => { assert.equal(f.evidence.suggestedDelta, 3); assert.equal(f.fix, FIX('100.0%', '3')); } },
    {
      // 4 values: the median |r| interpolates between the 2nd and 3rd
      name: 'minSamples 4: median |r| between two values, delta at the 0.9 quantile',
      case: mse([0.5, -1, 0.25, 8]),
      options: { minSamples: 4 },
      expect: (f) => {
        // |r| sorted 0.25, 0.5, 1, 8: median 0.75; q(0.9) at 2.7: 1 + 0.7·7 = 5.9
        assert.deepEqual([f.evidence.medianAbsResidual, f.evidence.suggestedDelta, f.evidence.worstIndices], [0.75, 5.9, ['[3]', '[1]', '[0]', '[2]']]);
      },
    },
  ],
  silent: [
    { name: 'the share just below maxTopContribution', case: mse(R100), options: { maxTopContribution: share(R100, 1) * (1 + 1e-12) } },
    { name: '49 residuals (below minSamples 50)', case: mse(residuals(49, { 7: 3 })) },
    { name: '50 values, one NaN: 49 residuals', case: mse(residuals(50, { 7: 3 }), undefined, 3) },
    { name: 'no outlier', case: mse(residuals(100, {})) },
    { name: 'every residual 0', case: mse(new Array<number>(100).fill(0)) },
    { name: 'shapes differ', case: mkCase({ loss: 'MSELoss', input: R100.map((v) => [v]), target: R100.map(() => 0) }) },
  ],
});
