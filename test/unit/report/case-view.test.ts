import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeSpec, type LossSpec } from '../../../src/engine/losses/spec';
import { averagePrecision } from '../../../src/engine/metrics/binary';
import { tensor, type DType } from '../../../src/engine/tensor';
import type { Finding } from '../../../src/diagnostics/types';
import type { LossCase } from '../../../src/io/types';
import { prepareCase } from '../../../src/diagnostics/run';
import { buildCaseView, histogram } from '../../../src/report/case-view';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 4294967296; };
}

function makeCase(spec: LossSpec, input: number[], inShape: number[], target: number[], tShape: number[], tDtype: DType = 'int64', meta: LossCase['meta'] = {}): LossCase {
  return { file: '/tmp/cases/example.json', loss: spec, input: tensor(input, inShape, 'float32'), target: tensor(target, tShape, tDtype), meta, spans: {} };
}

function diag(c: LossCase, findings: Finding[] = []) {
  return { prepared: prepareCase(c), findings };
}

/** −log softmax(row)[y], computed independently. */
function ce(row: number[], y: number): number {
  const m = Math.max(...row);
  const z = row.reduce((s, v) => s + Math.exp(v - m), 0);
  return -(row[y] - m - Math.log(z));
}

describe('buildCaseView', () => {
  it('flags probabilities fed to CrossEntropyLoss in the histogram and keeps counts', () => {
    const r = rng(1);
    const N = 40, C = 5;
    const input: number[] = [];
    for (let i = 0; i < N; i++) {
      const row = Array.from({ length: C }, () => r() * 3);
      const z = row.reduce((s, v) => s + Math.exp(v), 0);
      input.push(...row.map((v) => Math.exp(v) / z));
    }
    const target = Array.from({ length: N }, (_, i) => i % C);
    const c = makeCase(makeSpec('CrossEntropyLoss'), input, [N, C], target, [N]);
    const v = buildCaseView(diag(c));
    assert.ok(v.histogram);
    assert.equal(v.histogram.counts.length, 60);
    assert.equal(v.histogram.edges.length, 61);
    assert.equal(v.histogram.counts.reduce((a, b) => a + b, 0), N * C);
    assert.equal(v.histogram.inUnitInterval, 1);
    assert.match(v.histogram.interpretation, /probabilities/);
    assert.equal(v.title, 'example.json');
    assert.equal(v.lossType, 'CrossEntropyLoss');
    assert.equal(v.lossArgs.reduction, 'mean');
  });

  it('says logits look right for real logits', () => {
    const c = makeCase(makeSpec('CrossEntropyLoss'), [2, -1, 0.5, -3, 4, 1], [2, 3], [0, 1], [2]);
    const v = buildCaseView(diag(c));
    assert.match(v.histogram?.interpretation ?? '', /raw logits, as CrossEntropyLoss expects/);
    assert.ok((v.histogram?.inUnitInterval ?? 1) < 1);
  });

  it('computes class frequency, per-class mean loss, accuracy and the top samples', () => {
    const r = rng(7);
    const N = 60, C = 4;
    const input = Array.from({ length: N * C }, () => r() * 4 - 2);
    const target = Array.from({ length: N }, (_, i) => (i < 30 ? 0 : i % C));
    target[5] = -100;
    // One sample with a very confident wrong answer dominates the loss.
    input.splice(9 * C, C, 20, -20, -20, -20);
    target[9] = 3;
    const c = makeCase(makeSpec('CrossEntropyLoss'), input, [N, C], target, [N]);
    const v = buildCaseView(diag(c));

    const counts = new Array(C).fill(0);
    const sums = new Array(C).fill(0);
    let hits = 0, valid = 0;
    const losses: number[] = [];
    for (let i = 0; i < N; i++) {
      const row = input.slice(i * C, i * C + C);
      if (target[i] === -100) { losses.push(0); continue; }
      const l = ce(row, target[i]);
      losses.push(l);
      counts[target[i]]++;
      sums[target[i]] += l;
      valid++;
      if (row.indexOf(Math.max(...row)) === target[i]) hits++;
    }
    assert.deepEqual(v.classFrequency?.values, counts);
    v.perClassLoss?.values.forEach((m, k) => assert.ok(Math.abs(m - sums[k] / counts[k]) < 1e-5, `class ${k}: ${m} vs ${sums[k] / counts[k]}`));
    const acc = v.metrics.find((m) => m.label === 'accuracy');
    assert.ok(acc && typeof acc.value === 'number' && Math.abs(acc.value - hits / valid) < 1e-12);
    assert.ok(v.summary.some((s) => s.label === 'ignored targets' && s.value === 1));

    const top = v.topSamples ?? [];
    assert.equal(top.length, 20);
    assert.equal(top[0].index, 9);
    assert.equal(top[0].position, '[9]');
    assert.equal(top[0].target, '3');
    assert.equal(top[0].predicted, '0');
    const total = losses.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(top[0].share - losses[9] / total) < 1e-5);
    for (let i = 1; i < top.length; i++) assert.ok(top[i - 1].loss >= top[i].loss);
    assert.ok(v.reliability && v.reliability.bins.length === 15);
    assert.equal(v.reliability.bins.reduce((s, b) => s + b.count, 0), valid);
  });

  it('keeps big vocabularies small: top 50 classes plus "other"', () => {
    const r = rng(3);
    const N = 300, C = 400;
    const input = Array.from({ length: N * C }, () => r());
    const target = Array.from({ length: N }, (_, i) => (i * 7) % C);
    const c = makeCase(makeSpec('CrossEntropyLoss'), input, [N, C], target, [N], 'int64', { class_names: Array.from({ length: C }, (_, k) => `tok${k}`) });
    const v = buildCaseView(diag(c));
    const f = v.classFrequency;
    assert.ok(f);
    assert.equal(f.labels.length, 50);
    assert.equal(f.otherCount, C - 50);
    assert.equal(f.values.reduce((a, b) => a + b, 0) + (f.other ?? 0), N);
    assert.match(f.labels[0], /^tok\d+ \(\d+\)$/);
    const json = JSON.stringify(v);
    assert.ok(json.length < 40_000, `view is ${json.length} bytes`);
  });

  it('lists only the classes that occur when the vocabulary is big, and averages loss over non-ignored targets', () => {
    const r = rng(9);
    const N = 100, C = 60;
    const input = Array.from({ length: N * C }, () => r() * 2);
    const target = Array.from({ length: N }, (_, i) => (i % 4 === 0 ? -100 : i % 25));
    const c = makeCase(makeSpec('CrossEntropyLoss'), input, [N, C], target, [N]);
    const d = diag(c);
    const v = buildCaseView(d);
    assert.equal(v.classFrequency?.labels.length, 25, 'classes present among non-ignored targets');
    assert.equal(v.classFrequency?.otherCount, C - 25);
    assert.equal(v.classFrequency?.other, 0);
    const mean = v.metrics.find((m) => m.label === 'mean per-element loss')?.value;
    assert.ok(typeof mean === 'number' && v.lossValue !== null && Math.abs(mean - v.lossValue) < 1e-9, `${mean} vs ${v.lossValue}`);
    assert.equal(v.histogram?.markUnitInterval, true);
  });

  it('handles (N, C, d) inputs with positions', () => {
    const r = rng(5);
    const N = 2, C = 3, D = 4;
    const input = Array.from({ length: N * C * D }, () => r() * 2 - 1);
    const target = Array.from({ length: N * D }, (_, i) => i % C);
    const c = makeCase(makeSpec('CrossEntropyLoss'), input, [N, C, D], target, [N, D]);
    const v = buildCaseView(diag(c));
    assert.equal(v.classFrequency?.values.reduce((a, b) => a + b, 0), N * D);
    const top = v.topSamples ?? [];
    assert.equal(top.length, N * D);
    // Recompute the top one independently.
    const i = top[0].index;
    const n = Math.floor(i / D), d = i % D;
    const row = Array.from({ length: C }, (_, k) => input[n * C * D + k * D + d]);
    assert.ok(Math.abs(top[0].loss - ce(row, target[i])) < 1e-5);
    assert.equal(top[0].position, `[${n}, ${d}]`);
  });

  it('gives binary cases a PR curve, AP and a reliability diagram', () => {
    const r = rng(11);
    const n = 500;
    const target = Array.from({ length: n }, () => (r() < 0.2 ? 1 : 0));
    const input = target.map((y) => (y ? 1 : -1) + (r() - 0.5) * 4);
    const c = makeCase(makeSpec('BCEWithLogitsLoss'), input, [n], target, [n], 'float32');
    const v = buildCaseView(diag(c));
    assert.ok(v.pr);
    const probs = input.map((x) => 1 / (1 + Math.exp(-Math.fround(x))));
    const ap = averagePrecision(probs, target);
    assert.ok(Math.abs((v.pr.averagePrecision ?? 0) - ap) < 1e-9);
    assert.ok(v.pr.points.length <= 300);
    for (const p of v.pr.points) assert.ok(p.x >= 0 && p.x <= 1 && p.y >= 0 && p.y <= 1);
    assert.equal(v.reliability?.bins.reduce((s, b) => s + b.count, 0), n);
    const pos = target.reduce((a: number, b) => a + b, 0);
    assert.deepEqual(v.classFrequency?.values, [n - pos, pos]);
    assert.ok(v.metrics.some((m) => m.label === 'ROC-AUC' && typeof m.value === 'number' && m.value > 0.5));
    assert.match(v.topSamples?.[0].predicted ?? '', /^p=/);
  });

  it('treats the last dimension of a multi-label BCE input as labels', () => {
    const N = 10, L = 3;
    const target = Array.from({ length: N * L }, (_, i) => (i % L === 0 ? 1 : 0));
    const input = target.map((y) => (y ? 0.9 : 0.1));
    const c = makeCase(makeSpec('BCELoss'), input, [N, L], target, [N, L], 'float32');
    const v = buildCaseView(diag(c));
    assert.deepEqual(v.classFrequency?.values, [N, 0, 0]);
    assert.equal(v.perClassLoss?.values.length, L);
  });

  it('reports regression errors', () => {
    const input = [1, 2, 3, 4];
    const target = [1, 2, 3, 8];
    const c = makeCase(makeSpec('MSELoss'), input, [4], target, [4], 'float32');
    const v = buildCaseView(diag(c));
    const get = (l: string) => v.metrics.find((m) => m.label === l)?.value;
    assert.equal(get('MAE'), 1);
    assert.equal(get('RMSE'), 2);
    assert.equal(v.topSamples?.[0].index, 3);
    assert.equal(v.topSamples?.[0].share, 1);
    assert.equal(v.pr, undefined);
    assert.equal(v.histogram?.markUnitInterval, undefined, 'no [0, 1] band for regression');
  });

  it('reads the per-element loss and the input range from the prepared case instead of recomputing them', () => {
    const c = makeCase(makeSpec('CrossEntropyLoss'), [2, 0, 0, 0, 3, 0, 1, 1, 0], [3, 3], [0, 1, 2], [3]);
    const prepared = prepareCase(c);
    // Stand-ins for what the rules computed: the view must show these, not values of its own.
    const per = tensor([0.5, 7, 0.25], [3], 'float64');
    Object.defineProperty(prepared.stats, 'perElementLoss', { get: () => per });
    Object.defineProperty(prepared.stats, 'input', { value: { ...prepared.stats.input, min: -40, max: 40 } });
    const v = buildCaseView({ prepared, findings: [] });
    assert.equal(v.topSamples?.[0].index, 1);
    assert.equal(v.topSamples?.[0].loss, 7);
    assert.equal(v.summary.find((r) => r.label === 'input min')?.value, -40);
    assert.equal(v.summary.find((r) => r.label === 'input max')?.value, 40);
    assert.equal(v.lossValue, prepared.result?.value.data[0]);
  });

  it('survives a loss that cannot be computed and non-finite inputs', () => {
    const c = makeCase(makeSpec('CrossEntropyLoss'), [NaN, 1, 2, Infinity], [2, 2], [0, 5], [2]);
    const d = diag(c);
    const v = buildCaseView(d);
    assert.equal(v.histogram?.nonFinite, 2);
    assert.equal(v.histogram?.counts.reduce((a, b) => a + b, 0), 2);
    assert.ok(v.summary.some((s) => s.label === 'targets out of range'));
    JSON.parse(JSON.stringify(v));
  });
});

describe('histogram', () => {
  it('puts every finite value in exactly one bin, the max in the last', () => {
    const d = Float64Array.from([0, 0.1, 0.5, 0.99, 1, NaN, -Infinity]);
    const h = histogram(d, 4);
    assert.deepEqual(h.counts, [2, 0, 1, 2]);
    assert.equal(h.nonFinite, 2);
    assert.equal(h.edges[0], 0);
    assert.equal(h.edges[4], 1);
  });
  it('widens a constant input to a unit range', () => {
    const h = histogram(Float64Array.from([3, 3, 3]), 10);
    assert.equal(h.counts.reduce((a, b) => a + b, 0), 3);
    assert.ok(h.edges[0] < 3 && h.edges[10] > 3);
  });
  it('zooms to the 0.1%–99.9% range when a few outliers would squeeze the rest', () => {
    const d = new Float64Array(5000);
    for (let i = 0; i < d.length; i++) d[i] = (i % 100) / 100;
    d[0] = 1e6; d[1] = -1e6;
    const h = histogram(d, 10);
    assert.equal(h.below, 1);
    assert.equal(h.above, 1);
    assert.equal(h.counts.reduce((a, b) => a + b, 0), 4998);
    assert.ok(h.edges[0] >= 0 && h.edges[10] <= 1);
    assert.equal(h.min, -1e6);
    assert.equal(histogram(Float64Array.from({ length: 5000 }, (_, i) => i), 10).below, undefined, 'no zoom without outliers');
  });
});

it('a history of millions of points reaches the panel downsampled, spikes kept', async () => {
  const { downsampleSeries, MAX_HISTORY_POINTS } = await import('../../../src/report/case-view');
  const n = 2_000_000;
  const xs = Array.from({ length: n }, (_, i) => 2 - i / n);
  xs[1_234_567] = 50; // one spike
  xs[777] = Number.NaN;
  const every = Math.ceil(n / MAX_HISTORY_POINTS);
  const out = downsampleSeries(xs, every);
  assert.ok(out.length <= 2 * MAX_HISTORY_POINTS + 1, `${out.length} points`);
  assert.ok(out.includes(50), 'the spike survives');
  assert.ok(out.includes(null), 'a non-finite value stays visible as a gap');
  assert.deepEqual(downsampleSeries([1, Number.POSITIVE_INFINITY, 3], 1), [1, null, 3]);
});
