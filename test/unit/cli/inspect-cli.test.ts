/** `lossdbg inspect` and `lossdbg rules` through the built CLI (node dist/cli.js). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { ensureBuilt } from './cli-helpers';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function run(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface JsonReport {
  loss: unknown;
  lossError?: string;
  findings: Array<{ rule: string; severity: string; title: string; message: string; evidence: Record<string, unknown>; fix: string; docs: string; edit?: { path: string[]; value: unknown } }>;
  summary: Record<string, unknown>;
}

describe('lossdbg inspect / rules', () => {
  before(() => {
    ensureBuilt();
  });

  it('--json: one object with loss, findings and summary', () => {
    const r = run('inspect', 'examples/double-softmax.json', '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as JsonReport;
    assert.equal(typeof j.loss, 'number');
    const f = j.findings.find((x) => x.rule === 'double-softmax');
    assert.ok(f);
    assert.equal(f.severity, 'warning');
    assert.equal(f.docs, 'docs/rules/double-softmax.md');
    for (const k of ['rule', 'severity', 'title', 'message', 'evidence', 'fix', 'docs']) assert.ok(k in f, k);
    assert.deepEqual((j.summary.input as { shape: number[] }).shape, [64, 10]);
    assert.equal((j.summary.loss as { type: string }).type, 'CrossEntropyLoss');
    assert.equal((j.summary.classCounts as number[]).length, 10);
  });

  it('non-finite numbers become strings; errors sort first', () => {
    const r = run('inspect', 'examples/non-finite-values.json', '--json');
    assert.equal(r.code, 0);
    const j = JSON.parse(r.out) as JsonReport;
    assert.equal(j.loss, 'NaN');
    assert.equal(j.findings[0].severity, 'error');
    assert.equal(j.findings[0].rule, 'non-finite-values');
  });

  it('a case the loss cannot be computed for: loss null, lossError, findings kept', () => {
    const j = JSON.parse(run('inspect', 'examples/target-out-of-range.json', '--json').out) as JsonReport;
    assert.equal(j.loss, null);
    assert.ok(j.lossError);
    assert.deepEqual(j.findings.find((f) => f.rule === 'target-out-of-range')?.edit, { path: ['loss', 'ignore_index'], value: -100 });
  });

  it('--fail-on: exit 1 when met, 0 otherwise', () => {
    assert.equal(run('inspect', 'examples/double-softmax.json', '--fail-on', 'warning').code, 1);
    assert.equal(run('inspect', 'examples/double-softmax.json', '--fail-on', 'error').code, 0);
    assert.equal(run('inspect', 'examples/shape-mismatch.json', '--fail-on=error').code, 1);
    assert.equal(run('inspect', 'examples/clean-classifier.json', '--fail-on', 'warning').code, 0);
  });

  it('--disable turns a rule off; unknown ids are usage errors with a suggestion', () => {
    const j = JSON.parse(run('inspect', 'examples/double-softmax.json', '--json', '--disable', 'double-softmax').out) as JsonReport;
    assert.equal(j.findings.some((f) => f.rule === 'double-softmax'), false);
    const bad = run('inspect', 'examples/double-softmax.json', '--disable', 'double-softmx');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /unknown rule 'double-softmx'.*double-softmax/);
    assert.equal(bad.err.trim().split('\n').length, 1);
  });

  it('text report: rule, severity, message, evidence, fix, docs; no colours off a TTY', () => {
    const r = run('inspect', 'examples/missing-ignore-index.json');
    assert.equal(r.code, 0);
    assert.match(r.out, /WARNING\s+missing-ignore-index/);
    assert.match(r.out, /evidence:[\s\S]*padCount=/);
    assert.match(r.out, /fix:[\s\S]*ignore_index=PAD/);
    assert.match(r.out, /docs: docs\/rules\/missing-ignore-index\.md/);
    assert.equal(r.out.includes(String.fromCharCode(27)), false, "no ANSI escapes");
    assert.match(run('inspect', 'examples/clean-classifier.json').out, /No problems found/);
  });

  it('--dtype float32 works; bad flags and unreadable input exit 2 with one line', () => {
    assert.equal(run('inspect', 'examples/clean-regression.json', '--dtype', 'float32', '--json').code, 0);
    const missing = run('inspect', 'examples/does-not-exist.json');
    assert.equal(missing.code, 2);
    assert.equal(missing.err.trim().split('\n').length, 1);
    const dir = mkdtempSync(join(tmpdir(), 'lossdbg-'));
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"loss": "CrossEntropyLoss", "input": [[1, 2], [3]], "target": [0, 1]}');
    const r = run('inspect', broken);
    assert.equal(r.code, 2);
    assert.match(r.err, /ragged/);
    assert.equal(run('inspect', 'examples/clean-regression.json', '--fail-on', 'sometimes').code, 2);
    assert.equal(run('inspect').code, 2);
    assert.equal(run('inspect', 'examples/clean-regression.json', '--bogus').code, 2);
  });

  it('lossdbg rules lists every rule and prints a page', () => {
    const list = run('rules');
    assert.equal(list.code, 0);
    assert.match(list.out, /double-softmax\s+warning\s+Softmax applied before CrossEntropyLoss/);
    assert.match(list.out, /double-softmax\s+warning\s+Softmax applied before CrossEntropyLoss {2}\[CrossEntropyLoss\]\n/);
    assert.match(list.out, /shape-mismatch\s+error\s+Input and target shapes disagree\n/);
    const json = JSON.parse(run('rules', '--json').out) as Array<{ id: string; severity: string; defaults: Record<string, number>; appliesTo: string[] | null }>;
    assert.ok(json.find((r) => r.id === 'class-imbalance')?.defaults.minRatio === 5);
    assert.deepEqual(json.find((r) => r.id === 'suspect-labels')?.appliesTo, ['CrossEntropyLoss', 'NLLLoss']);
    assert.equal(json.find((r) => r.id === 'sum-reduction')?.appliesTo, null);
    const page = run('rules', 'double-softmax');
    assert.equal(page.code, 0);
    assert.match(page.out, /## Why is this bad\?/);
    const bad = run('rules', 'doubel-softmax');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /did you mean 'double-softmax'/);
  });
});
