/**
 * Quality bar: realistic cases with exactly one planted mistake yield exactly that rule (among
 * warnings and errors, from ALL registered rules); clean, correct cases yield no warning or error.
 * Add cases to CLEAN_CASES / PLANTED_CASES in ./realistic.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runDiagnostics } from '../../../src/diagnostics/run';
import { CLEAN_CASES, PLANTED_CASES, bigLmCase } from './realistic';

function serious(c: Parameters<typeof runDiagnostics>[0]): string[] {
  const r = runDiagnostics(c);
  return r.findings.filter((f) => f.severity !== 'info').map((f) => f.rule);
}

describe('clean cases yield no warning or error', () => {
  for (const qc of CLEAN_CASES) {
    it(qc.name, () => {
      const r = runDiagnostics(qc.build());
      const bad = r.findings.filter((f) => f.severity !== 'info');
      assert.deepEqual(bad.map((f) => `${f.rule}: ${f.message}`), []);
      assert.equal(r.lossError, undefined, r.lossError);
    });
  }
});

describe('each planted mistake yields exactly its rule', () => {
  for (const qc of PLANTED_CASES) {
    it(`${qc.name} -> ${qc.planted ?? 'nothing'}`, () => {
      assert.deepEqual([...new Set(serious(qc.build()))], [qc.planted]);
    });
  }
});

describe('V = 32000 float32 dumps', () => {
  // Not a timing test: it checks what is found on a full-size dump. Speed belongs in `npm run bench`.
  it('(2048, 32000): softmax before CrossEntropyLoss is found', () => {
    const c = bigLmCase(true);
    const r = runDiagnostics(c);
    assert.deepEqual([...new Set(r.findings.filter((f) => f.severity !== 'info').map((f) => f.rule))], ['double-softmax']);
    const f = r.findings.find((x) => x.rule === 'double-softmax');
    assert.ok(f);
    assert.ok(Math.abs((f.evidence.lossFloor as number) - Math.log(1 + 31999 / Math.E)) < 1e-4);
    assert.ok((f.evidence.gradientRatio as number) < 0.1);
  });
  it('(512, 32000): clean logits stay silent', () => {
    const r = runDiagnostics(bigLmCase(false, 512));
    assert.deepEqual(r.findings.filter((f) => f.severity !== 'info').map((f) => `${f.rule}: ${f.message}`), []);
  });
});
