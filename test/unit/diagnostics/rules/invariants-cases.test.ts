/**
 * Realistic cases for the invariant rules, built with PyTorch by tools/gen_invariant_cases.py from
 * the reports cited in each case's meta.source (controls: "control"). The warnings and errors raised
 * by ALL rules must be exactly meta.expect (rule id -> severity), decided from the report and the
 * maths when the case was written; controls expect none.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadCaseFile } from '../../../../src/io/index';
import { runDiagnostics } from '../../../../src/diagnostics/run';

const DIR = join(__dirname, '..', '..', '..', 'fixtures', 'invariants');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

describe('invariant cases built with PyTorch', () => {
  it('has reports and controls', () => {
    assert.ok(files.filter((f) => f.startsWith('clean-')).length >= 5, 'controls');
    assert.ok(files.filter((f) => !f.startsWith('clean-')).length >= 8, 'reports');
  });
  for (const f of files) {
    it(f, () => {
      const c = loadCaseFile(join(DIR, f));
      const expect = c.meta.expect as Record<string, string> | undefined;
      assert.ok(expect && typeof expect === 'object', 'meta.expect');
      assert.ok(typeof c.meta.source === 'string' && c.meta.source.length > 0, 'meta.source');
      const r = runDiagnostics(c);
      const got: Record<string, string> = {};
      for (const x of r.findings) if (x.severity !== 'info') got[x.rule] = x.severity;
      assert.deepEqual(got, expect, r.findings.map((x) => `${x.severity} ${x.rule}: ${x.message}`).join('\n'));
      if (f.startsWith('clean-')) assert.equal(r.lossError, undefined);
    });
  }
});
