/**
 * The curve-rule runner (src/diagnostics/curves/index.ts): findings sorted error → warning → info,
 * rules disabled or given options, the key that identifies a finding across live updates (a spike
 * finding by its steps, the others by rule and series), and the monitor announcing each key once,
 * again after reset(), with reference levels set and cleared.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CurveMonitor, findingKey, runCurveRules, type CurveSeries } from '../../../../src/diagnostics/curves/index';
import type { EvidenceValue, Finding } from '../../../../src/diagnostics/types';

const flat = (spikes: Record<number, number>, extra: Record<number, number> = {}): CurveSeries => ({
  name: 'loss', steps: Array.from({ length: 2000 }, (_, i) => i),
  values: Array.from({ length: 2000 }, (_, i) => (i in extra ? extra[i] : (1 + 0.02 * Math.sin(i * 1.7)) * (spikes[i] ?? 1))),
});
const mk = (rule: string, evidence: Record<string, EvidenceValue>): Finding => ({ rule, severity: 'info', title: 't', message: 'm', evidence, fix: '', docs: '' });

test('findings sorted by severity: the NaN error first, then the spike (info)', () => {
  const f = runCurveRules([flat({ 1200: 5 }, { 1900: NaN })]);
  assert.deepEqual(f.map((x) => [x.rule, x.severity]), [['non-finite-loss', 'error'], ['loss-spikes', 'info']]);
});

test('a disabled rule is not run; options override a rule\'s defaults and leave the others', () => {
  const s = flat({ 1200: 5 }, { 1900: NaN });
  assert.deepEqual(runCurveRules([s], { disabled: ['non-finite-loss'] }).map((x) => x.rule), ['loss-spikes']);
  assert.deepEqual(runCurveRules([s], { disabled: ['loss-spikes', 'non-finite-loss'] }), []);
  assert.deepEqual(runCurveRules([s], { options: { 'loss-spikes': { minPoints: 5000 } } }).map((x) => x.rule), ['non-finite-loss']);
  assert.deepEqual(runCurveRules([s], { options: { overfitting: { minPoints: 5000 } } }).map((x) => x.rule), ['non-finite-loss', 'loss-spikes']);
});

test('findingKey: a spike finding by its steps, the others by rule and series', () => {
  assert.equal(findingKey(mk('loss-spikes', { series: 'loss', steps: [5, 9] })), 'loss-spikes|loss|5,9');
  assert.equal(findingKey(mk('loss-spikes', { series: 'loss' })), 'loss-spikes|loss|');
  assert.equal(findingKey(mk('overfitting', { series: 'val_loss', steps: [5] })), 'overfitting|val_loss');
  assert.equal(findingKey(mk('overfitting', { series: 3 })), 'overfitting|');
  assert.equal(findingKey(mk('loss-spikes', { steps: [1] })), 'loss-spikes||1');
});

test('CurveMonitor: each key once, a new spike step is new, reset() announces everything again', () => {
  const m = new CurveMonitor();
  const added = (s: CurveSeries): string[] => m.update([s]).added.map((f) => findingKey(f));
  assert.deepEqual(added(flat({ 1200: 5 })), ['loss-spikes|loss|1200']);
  assert.deepEqual(added(flat({ 1200: 5 })), []);
  const both = m.update([flat({ 1200: 5, 1500: 5 })]);
  assert.deepEqual([both.findings.map((f) => findingKey(f)), both.added.map((f) => findingKey(f))], [['loss-spikes|loss|1200,1500'], ['loss-spikes|loss|1200,1500']]);
  m.reset();
  assert.deepEqual(added(flat({ 1200: 5 })), ['loss-spikes|loss|1200']);
});

test('CurveMonitor: reference levels set, then cleared', () => {
  const atLogK = { name: 'loss', steps: Array.from({ length: 40 }, (_, i) => i), values: Array.from({ length: 40 }, () => 2) };
  const m = new CurveMonitor();
  assert.deepEqual(m.update([atLogK]).findings, [], 'no class count: 2 is 2.8 % from log 7, too far to infer K');
  m.setReference({ numClasses: 7, logK: Math.log(7), source: '--classes 7' });
  const [f] = m.update([atLogK]).findings;
  assert.deepEqual([f.rule, f.evidence.referenceFrom, f.evidence.numClasses], ['loss-plateau', '--classes 7', 7]);
  m.setReference(undefined);
  assert.deepEqual(m.update([atLogK]).findings, []);
});
