/**
 * Bugs real people reported, reproduced with PyTorch by tools/make_realbugs.py and dumped with the
 * dump helper (test/realbugs/, listed in its README and manifest.json), each next to a clean
 * counterpart. Each bug case must yield its rule at its severity with the right advice; each clean
 * case must yield no warning or error. The loss PyTorch computed is in the case's meta and must
 * agree with ours.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadCaseFile } from '../../../src/io/index';
import { runDiagnostics } from '../../../src/diagnostics/run';

const DIR = join(__dirname, '..', '..', 'realbugs');

interface Entry {
  file: string;
  expect: Array<[string, string]>;
  forbid?: string[];
  fix?: string;
  message?: string;
  no_text?: string;
  source: string;
  note: string;
}

const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as { cases: Entry[] };

/** Words a message must never contain: numbers that could not be computed. */
const UNPRINTABLE = /\bNaN×|about NaN|\bundefined\b|NaN%|of NaN\b/;

describe('real bug reports reproduced with PyTorch (test/realbugs)', () => {
  it('the manifest lists cases with a source and a clean counterpart for every bug', () => {
    assert.ok(manifest.cases.length >= 20);
    for (const e of manifest.cases) assert.ok(e.source.length > 10 && e.note.length > 10, e.file);
    const clean = manifest.cases.filter((e) => e.expect.length === 0 && e.file.startsWith('clean-'));
    assert.ok(clean.length >= 10, 'clean counterparts');
  });

  for (const e of manifest.cases) {
    const label = e.expect.length ? e.expect.map(([r, s]) => `${s} ${r}`).join(', ') : 'no warning or error';
    it(`${e.file}: ${label}`, () => {
      const c = loadCaseFile(join(DIR, e.file));
      const r = runDiagnostics(c);
      const serious = r.findings.filter((f) => f.severity !== 'info');
      for (const f of r.findings) assert.doesNotMatch(f.message, UNPRINTABLE, `${f.rule}: ${f.message}`);
      const torchLoss = c.meta.torch_loss;
      if (typeof torchLoss === 'number' && Number.isFinite(torchLoss) && r.loss && r.loss.value.shape.length === 0) {
        const ours = r.loss.value.data[0];
        assert.ok(Math.abs(ours - torchLoss) <= 1e-4 * Math.max(1, Math.abs(torchLoss)), `loss ${ours} vs PyTorch ${torchLoss}`);
      }
      if (e.expect.length === 0 && e.file.startsWith('clean-')) {
        assert.deepEqual(serious.map((f) => `${f.rule}: ${f.message}`), []);
      }
      for (const [rule, severity] of e.expect) {
        const f = serious.find((x) => x.rule === rule);
        assert.ok(f, `expected ${rule}, got: ${serious.map((x) => x.rule).join(', ') || 'nothing'}`);
        assert.equal(f.severity, severity, `${rule} severity`);
      }
      for (const rule of e.forbid ?? []) {
        const f = serious.find((x) => x.rule === rule);
        assert.equal(f, undefined, f ? `${rule} must not fire: ${f.message}` : '');
      }
      const first = e.expect.length ? r.findings.find((x) => x.rule === e.expect[0][0]) : undefined;
      if (e.fix) assert.match(first?.fix ?? '', new RegExp(e.fix), 'fix');
      if (e.message) assert.match(first?.message ?? '', new RegExp(e.message), 'message');
      if (e.no_text) for (const f of r.findings) assert.doesNotMatch(`${f.message}\n${f.fix}`, new RegExp(e.no_text), f.rule);
    });
  }
});
