/**
 * examples/<rule-id>.json must yield rule <rule-id>; examples/clean-*.json must yield no warning or
 * error. Regenerate the files with `/usr/bin/python3 tools/make_examples.py`.
 */
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadCaseFile } from '../../../src/io/index';
import { runDiagnostics } from '../../../src/diagnostics/run';
import { allRules, findRule } from '../../../src/diagnostics/registry';
import { CURVE_ONLY_RULES } from '../../../src/diagnostics/curves/curve-only';

const DIR = join(__dirname, '..', '..', '..', 'examples');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

describe('examples', () => {
  it('every registered rule has an example, every example names a rule or is clean-*', () => {
    const names = new Set(files.map((f) => f.slice(0, -5)));
    // Curve-only rules read logs: their examples are examples/curves/<id>.csv (test/unit/cli/curves-cli.test.ts).
    const curveOnly = new Set(CURVE_ONLY_RULES.map((r) => r.id));
    const missing = allRules().map((r) => r.id).filter((id) => !names.has(id) && !curveOnly.has(id));
    assert.deepEqual(missing, [], `rules without examples/<id>.json: ${missing.join(', ')}`);
    for (const n of names) assert.ok(n.startsWith('clean-') || findRule(n), `examples/${n}.json: no rule '${n}'`);
    assert.ok([...names].filter((n) => n.startsWith('clean-')).length >= 4, 'at least four clean examples');
  });

  for (const f of files) {
    const name = f.slice(0, -5);
    it(`${f} ${name.startsWith('clean-') ? 'is clean' : `yields ${name}`}`, () => {
      assert.ok(statSync(join(DIR, f)).size < 200_000, 'examples stay under 200 KB');
      const r = runDiagnostics(loadCaseFile(join(DIR, f)));
      const serious = r.findings.filter((x) => x.severity !== 'info').map((x) => `${x.rule}: ${x.message}`);
      if (name.startsWith('clean-')) {
        assert.deepEqual(serious, []);
        assert.equal(r.lossError, undefined);
      } else if (findRule(name)) {
        assert.ok(r.findings.some((x) => x.rule === name), `expected ${name}, got: ${r.findings.map((x) => x.rule).join(', ') || 'nothing'}`);
        const applies = findRule(name)?.appliesTo;
        const type = r.prepared.case.loss.type;
        if (applies) assert.ok(applies.includes(type), `${name} fires on its ${type} example but its appliesTo is ${applies.join(', ')}`);
      }
    });
  }
});
