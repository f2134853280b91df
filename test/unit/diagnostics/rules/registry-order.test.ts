/**
 * The rule registry (src/diagnostics/rules/index.ts): every rule file of the folder is registered
 * once, in report order — errors, then warnings, then info — and the curve-only rules come last.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../../../src/diagnostics/rules/index';
import { CURVE_ONLY_RULES } from '../../../../src/diagnostics/curves/curve-only';
import type { Rule } from '../../../../src/diagnostics/types';

const isRule = (x: unknown): x is Rule => typeof x === 'object' && x !== null && typeof (x as Rule).id === 'string' && typeof (x as Rule).check === 'function';

describe('RULES', () => {
  it('holds every Rule exported by a file of src/diagnostics/rules/, once each', async () => {
    const dir = join(__dirname, '..', '..', '..', '..', 'src', 'diagnostics', 'rules');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
    const exported = new Set<string>();
    for (const f of files) {
      const mod = (await import(join(dir, f))) as Record<string, unknown>;
      for (const v of Object.values(mod)) if (isRule(v)) exported.add(v.id);
    }
    const ids = RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'no rule twice');
    const curve = new Set(CURVE_ONLY_RULES.map((r) => r.id));
    assert.deepEqual(ids.filter((id) => !curve.has(id)).sort(), [...exported].sort());
    assert.ok(exported.size >= 35, `${exported.size} rules`);
  });

  it('lists errors, then warnings, then info, then the curve-only rules', () => {
    const rank = { error: 0, warning: 1, info: 2 } as const;
    const n = RULES.length - CURVE_ONLY_RULES.length;
    const caseRules = RULES.slice(0, n);
    for (let i = 1; i < caseRules.length; i++) {
      assert.ok(rank[caseRules[i - 1].severity] <= rank[caseRules[i].severity], `${caseRules[i - 1].id} (${caseRules[i - 1].severity}) before ${caseRules[i].id} (${caseRules[i].severity})`);
    }
    assert.deepEqual(RULES.slice(n).map((r) => r.id), CURVE_ONLY_RULES.map((r) => r.id));
    assert.deepEqual([caseRules[0].id, caseRules[caseRules.length - 1].id], ['non-finite-values', 'suspect-labels']);
  });
});
