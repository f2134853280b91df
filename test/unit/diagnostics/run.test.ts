/** The runner: a rule's `appliesTo` decides which loss types it judges (runRule, runDiagnostics, ruleFindings). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOSS_TYPES } from '../../../src/shapes/index';
import { finding, ruleApplies } from '../../../src/diagnostics/finding';
import { ruleFindings } from '../../../src/diagnostics/invariants';
import { allRules } from '../../../src/diagnostics/registry';
import { contextFor, prepareCase, runDiagnostics, runRule } from '../../../src/diagnostics/run';
import type { LossType } from '../../../src/shapes/index';
import type { Rule } from '../../../src/diagnostics/types';
import { mkCase } from './harness';

/** A rule that fires on every case it is shown and counts the calls of its check. */
function probe(appliesTo?: readonly LossType[]): Rule & { calls: LossType[] } {
  const calls: LossType[] = [];
  const rule: Rule & { calls: LossType[] } = {
    id: 'probe-rule', severity: 'warning', title: 'Probe rule for the runner', defaults: {}, calls,
    check(ctx) {
      calls.push(ctx.case.loss.type);
      return [finding(rule, { message: 'seen', evidence: { type: ctx.case.loss.type }, fix: 'none' })];
    },
  };
  if (appliesTo) rule.appliesTo = appliesTo;
  return rule;
}

const ce = mkCase({ loss: 'CrossEntropyLoss', input: [[2, 0.5, -1], [0.1, 1.2, 0.3]], target: [0, 1] });
const nll = mkCase({ loss: 'NLLLoss', input: [[-0.2, -1.9, -3.4], [-1.5, -0.4, -2.1]], target: [0, 1] });
const mse = mkCase({ loss: 'MSELoss', input: [0.5, 1.5, 2.5], target: [1, 1, 2] });

describe('appliesTo', () => {
  it('runRule never calls a rule on a loss type outside its appliesTo', () => {
    const r = probe(['NLLLoss']);
    assert.deepEqual(runRule(r, prepareCase(ce)), []);
    assert.deepEqual(runRule(r, prepareCase(mse)), []);
    assert.deepEqual(r.calls, []);
    const fs = runRule(r, prepareCase(nll));
    assert.deepEqual(fs.map((f) => f.rule), ['probe-rule']);
    assert.deepEqual(r.calls, ['NLLLoss']);
  });

  it('a rule without appliesTo judges every loss type', () => {
    const r = probe();
    for (const c of [ce, nll, mse]) assert.equal(runRule(r, prepareCase(c)).length, 1);
    assert.deepEqual(r.calls, ['CrossEntropyLoss', 'NLLLoss', 'MSELoss']);
    for (const t of LOSS_TYPES) assert.equal(ruleApplies(r, t), true, t);
  });

  it('runDiagnostics skips the rule for other loss types', () => {
    const r = probe(['CrossEntropyLoss', 'MSELoss']);
    assert.deepEqual(runDiagnostics(ce, { rules: [r] }).findings.map((f) => f.rule), ['probe-rule']);
    assert.deepEqual(runDiagnostics(nll, { rules: [r] }).findings, []);
    assert.deepEqual(runDiagnostics(mse, { rules: [r] }).findings.map((f) => f.rule), ['probe-rule']);
    assert.deepEqual(r.calls, ['CrossEntropyLoss', 'MSELoss']);
  });

  it('another rule consulted through ruleFindings is skipped outside its appliesTo too', () => {
    const r = probe(['NLLLoss']);
    const host = probe();
    assert.deepEqual(ruleFindings(contextFor(prepareCase(ce), host), r), []);
    assert.equal(ruleFindings(contextFor(prepareCase(nll), host), r).length, 1);
    assert.deepEqual(r.calls, ['NLLLoss']);
  });

  it('the shipped rules declare known loss types, none twice, never an empty list', () => {
    const declared = allRules().filter((r) => r.appliesTo);
    assert.ok(declared.length >= 25, `${declared.length} rules declare appliesTo`);
    for (const r of declared) {
      const a = r.appliesTo ?? [];
      assert.ok(a.length > 0, `${r.id}: empty appliesTo`);
      assert.equal(new Set(a).size, a.length, `${r.id}: a loss type twice`);
      for (const t of a) assert.ok((LOSS_TYPES as readonly string[]).includes(t), `${r.id}: unknown loss type ${t}`);
    }
  });

  it('a shipped rule outside its types stays silent even on a case it flags under its own type', () => {
    // The softmax output that double-softmax flags under CrossEntropyLoss, read as NLLLoss input.
    const probs = { input: [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.6, 0.3, 0.1], [0.2, 0.2, 0.6]], target: [0, 1, 0, 2] };
    const asCe = runDiagnostics(mkCase({ loss: 'CrossEntropyLoss', ...probs })).findings.map((f) => f.rule);
    const asNll = runDiagnostics(mkCase({ loss: 'NLLLoss', ...probs })).findings.map((f) => f.rule);
    assert.ok(asCe.includes('double-softmax'), asCe.join(', '));
    assert.ok(!asNll.includes('double-softmax'), asNll.join(', '));
  });
});
