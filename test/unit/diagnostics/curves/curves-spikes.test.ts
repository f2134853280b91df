/**
 * loss-spikes' isolation windows, point by point: a spike is isolated when the 5 points on each
 * side sit at the level (median residual within 2 σ) and its top stands minRatio above the median
 * of the 5 raw values on each side. Bumps of 1.5× (or 1.9×: high, but under minRatio, so never
 * spikes themselves) placed just inside and just outside those windows, before and after one-point
 * and three-point spikes, and spikes in the last points of the log. A flat loss of 1 with ±2 %
 * deterministic noise, 2000 points (as in curve-evidence.test.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCurveRules } from '../../../../src/diagnostics/curves/index';
import type { CurveSeries } from '../../../../src/diagnostics/curves/types';

const flat = (spikes: Record<number, number>, n = 2000): CurveSeries => ({ name: 'loss', steps: Array.from({ length: n }, (_, i) => i), values: Array.from({ length: n }, (_, i) => (1 + 0.02 * Math.sin(i * 1.7)) * (spikes[i] ?? 1)) });
const at = (steps: number[], factor: number): Record<number, number> => Object.fromEntries(steps.map((s) => [s, factor]));
const spikeSteps = (s: CurveSeries): number[][] => runCurveRules([s]).filter((f) => f.rule === 'loss-spikes').map((f) => f.evidence.steps as number[]);

test('after a one-point spike: three bumps within the next 5 points make it a level change; two, or three reaching past 5, do not', () => {
  assert.deepEqual(spikeSteps(flat({ 1200: 5, ...at([1201, 1202], 1.5) })), [[1200]]);
  assert.deepEqual(spikeSteps(flat({ 1200: 5, ...at([1201, 1202, 1203], 1.5) })), []);
  assert.deepEqual(spikeSteps(flat({ 1200: 5, ...at([1203, 1204, 1205], 1.5) })), []);
  assert.deepEqual(spikeSteps(flat({ 1200: 5, ...at([1204, 1205, 1206], 1.5) })), [[1200]]);
});

test('before a one-point spike: the same 5-point window', () => {
  assert.deepEqual(spikeSteps(flat({ 1200: 5, ...at([1198, 1199], 1.5) })), [[1200]]);
  assert.deepEqual(spikeSteps(flat({ 1200: 5, ...at([1195, 1196, 1197], 1.5) })), []);
  assert.deepEqual(spikeSteps(flat({ 1200: 5, ...at([1194, 1195, 1196], 1.5) })), [[1200]]);
});

test('a three-point spike: the windows start after its last point and before its first', () => {
  const three = at([1200, 1201, 1202], 3);
  // the highest of the three is reported (the sine puts it at 1202)
  assert.deepEqual(spikeSteps(flat(three)), [[1202]]);
  // two 1.9× points right after it: the 5 after the spike hold 2 bumps (isolated), and its 3× top
  // stands 2× above their median 1; a window that took in the spike's own points would see neither
  assert.deepEqual(spikeSteps(flat({ ...three, ...at([1203, 1204], 1.9) })), [[1202]]);
  assert.deepEqual(spikeSteps(flat({ ...three, ...at([1197, 1198], 1.9) })), [[1202]]);
  assert.deepEqual(spikeSteps(flat({ ...three, ...at([1203, 1204, 1205], 1.5) })), []);
  assert.deepEqual(spikeSteps(flat({ ...three, ...at([1195, 1196, 1197], 1.5) })), []);
});

test('spikes in the last points of the log: fewer than 5 points after them are enough', () => {
  for (const i of [1995, 1997, 1998, 1999]) assert.deepEqual(spikeSteps(flat({ [i]: 5 })), [[i]], String(i));
  // …and those few points still count: two of the three after 1996 bumped
  assert.deepEqual(spikeSteps(flat({ 1996: 5, ...at([1997, 1998], 1.5) })), []);
  assert.deepEqual(spikeSteps(flat({ 1996: 5, 1998: 1.5 })), [[1996]]);
});

test('on a steeply falling loss a spike must stand minRatio above the points before it, not only above its own level', () => {
  // e^(−0.02 t) with ±0.1 % noise: the median of the 5 points before step 200 is the value at 197, 6.2 % higher
  const fall = (factor: number): CurveSeries => ({ name: 'loss', steps: Array.from({ length: 300 }, (_, i) => i), values: Array.from({ length: 300 }, (_, i) => Math.exp(-0.02 * i) * (1 + 0.001 * Math.sin(i * 1.7)) * (i === 200 ? factor : 1)) });
  // 2.1× its level, but 2.1 / e^0.06 = 1.98× the points before it: no spike
  assert.deepEqual(spikeSteps(fall(2.1)), []);
  assert.deepEqual(runCurveRules([fall(2.1)]).map((f) => f.rule), [], 'and nothing else on this curve');
  const [f] = runCurveRules([fall(2.3)]).filter((x) => x.rule === 'loss-spikes');
  assert.deepEqual([f.evidence.steps, f.evidence.ratios], [[200], [2.302]]);
});

const spikesOf = (s: CurveSeries, options: Record<string, number> = {}) => runCurveRules([s], { options: { 'loss-spikes': options } }).filter((f) => f.rule === 'loss-spikes');
const TAIL = ' One batch with a far larger loss means an unusual batch (corrupt sample, wrong label) or an update that jumped too far (learning rate, Adam epsilon, float16).';

test('the first smoothing block (51 points of 2000) is not judged: a spike at index 50 is not looked at, at 51 it is', () => {
  assert.deepEqual(spikeSteps(flat({ 50: 5 })), []);
  const [f] = spikesOf(flat({ 51: 5 }));
  assert.equal(f.message, `'loss' has 1 isolated spike far above its measured noise: step 51 (4.9× the level). Typical point-to-point noise is ±2.1%; the largest spike is 78.1 σ above the smoothed curve.${TAIL}`);
  assert.deepEqual([f.severity, f.evidence.ratios, f.evidence.maxZ, f.evidence.noise, f.evidence.noiseSpace], ['info', [4.899], 78.06, 0.02111, 'log']);
});

test('a short log needs three smoothing blocks: 10 points (two blocks of 5) give nothing, 11 (three) can', () => {
  assert.deepEqual(spikeSteps(flat({ 6: 5 }, 10)), [], 'under minPoints anyway');
  assert.deepEqual(spikesOf(flat({ 6: 5 }, 10), { minPoints: 5 }), []);
  assert.deepEqual(spikesOf(flat({ 7: 5 }, 11), { minPoints: 5 }).map((f) => f.evidence.steps), [[7]]);
});

test('two spikes: the plural sentence, each step with its ratio, the largest ratio\'s σ; info below warnCount and severeRatio', () => {
  const [f] = spikesOf(flat({ 500: 4, 1500: 6 }));
  assert.equal(f.message, `'loss' has 2 isolated spikes far above its measured noise: step 500 (4.08× the level), step 1500 (5.89× the level). Typical point-to-point noise is ±2.1%; the largest spike is 84.1 σ above the smoothed curve.${TAIL}`);
  assert.deepEqual([f.severity, f.evidence.spikes, f.evidence.ratios, f.evidence.maxZ], ['info', 2, [4.077, 5.895], 84.09]);
  assert.equal(spikesOf(flat({ 500: 4, 1500: 6 }), { warnCount: 2 })[0].severity, 'warning');
});

const linear = (adds: Record<number, number>): CurveSeries => ({ name: 'loss', steps: Array.from({ length: 2000 }, (_, i) => i), values: Array.from({ length: 2000 }, (_, i) => -1 + 0.02 * Math.sin(i * 1.7) + (adds[i] ?? 0)) });

test('values ≤ 0 (linear space): a spike must exceed the level by (minRatio − 1) × |level|; the excess is reported, no ratios', () => {
  assert.deepEqual(spikeSteps(linear({ 1200: 0.9 })), [], '+0.9 on a level of −1: under 1 × |−1|');
  const [f] = spikesOf(linear({ 1200: 1.2 }));
  assert.equal(f.message, `'loss' has 1 isolated spike far above its measured noise: step 1200 (+1.18). Typical point-to-point noise is ±0.0213; the largest spike is 55.5 σ above the smoothed curve.${TAIL}`);
  assert.deepEqual([f.severity, f.evidence.ratios, f.evidence.noiseSpace], ['info', [], 'linear']);
  // three spikes: a warning; the largest by σ (the +3.5 one) gives maxZ
  const [g] = spikesOf(linear({ 500: 3, 1000: 3.5, 1500: 2 }));
  assert.equal(g.message, `'loss' has 3 isolated spikes far above its measured noise: step 500 (+3.02), step 1000 (+3.49), step 1500 (+1.98). Typical point-to-point noise is ±0.0211; the largest spike is 168 σ above the smoothed curve.${TAIL}`);
  assert.deepEqual([g.severity, g.evidence.maxZ], ['warning', 168.3]);
  // severeRatio has no ratio to compare in linear space: two spikes stay info whatever their size
  assert.equal(spikesOf(linear({ 500: 30, 1500: 30 }))[0].severity, 'info');
});

test('each spike is judged against the noise of its own stretch: 2.2× is lost in ±15 % noise, stands out of ±1 %', () => {
  const mixed = (spikes: Record<number, number>): CurveSeries => ({ name: 'loss', steps: Array.from({ length: 2000 }, (_, i) => i), values: Array.from({ length: 2000 }, (_, i) => (1 + (i < 800 ? 0.15 : 0.01) * Math.sin(i * 1.7)) * (spikes[i] ?? 1)) });
  assert.deepEqual(runCurveRules([mixed({})]), [], 'the curve itself is healthy');
  assert.deepEqual(spikeSteps(mixed({ 400: 2.2 })), []);
  assert.deepEqual(spikeSteps(mixed({ 700: 2.2 })), []);
  assert.deepEqual(spikeSteps(mixed({ 1000: 2.2 })), [[1000]]);
  assert.deepEqual(spikeSteps(mixed({ 1400: 2.2 })), [[1400]]);
  // a larger spike in the noisy stretch: found, with its z against that stretch's noise (8 σ, not 70)
  const [f] = spikesOf(mixed({ 400: 3 }));
  assert.deepEqual([f.evidence.steps, f.evidence.ratios, f.evidence.maxZ], [[400], [3.447], 7.978]);
});

test('adjacent points make one spike reported at its highest point; a gap of one level point makes two', () => {
  assert.deepEqual(spikesOf(flat({ 1200: 5, 1201: 6 })).map((f) => [f.evidence.steps, f.evidence.spikes, f.evidence.ratios]), [[[1201], 1, [5.952]]]);
  assert.deepEqual(spikesOf(flat({ 1200: 4, 1201: 6, 1202: 5 })).map((f) => [f.evidence.steps, f.evidence.spikes]), [[[1201], 1]]);
  assert.deepEqual(spikesOf(flat({ 1200: 5, 1202: 5 })).map((f) => [f.evidence.steps, f.evidence.spikes, f.evidence.ratios]), [[[1200, 1202], 2, [4.908, 5.095]]]);
  assert.deepEqual(spikesOf(flat({ 1200: 5, 1201: 5, 1203: 5 })).map((f) => [f.evidence.steps, f.evidence.spikes]), [[[1201, 1203], 2]]);
});
