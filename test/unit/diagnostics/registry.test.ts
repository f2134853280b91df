/** Keeps the registry, the doc pages and the case tables in step. */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CODE_RULES } from '../../../src/diagnostics/code/index';
import { closest } from '../../../src/didyoumean';
import { ALL_RULE_IDS, KEBAB_CASE, allRules, checkRuleIds, findRule, ruleOptions } from '../../../src/diagnostics/registry';

const ROOT = join(__dirname, '..', '..', '..');
const DOCS = join(ROOT, 'docs', 'rules');
const TESTS = join(ROOT, 'test', 'unit', 'diagnostics');
const SECTIONS = ['## What it does', '## Why is this bad?', '## Example', '## How to fix', '## Evidence', '## Options'];

function section(md: string, heading: string): string {
  const start = md.indexOf(heading);
  if (start < 0) return '';
  const rest = md.slice(start + heading.length);
  const next = rest.search(/\n## /);
  return next < 0 ? rest : rest.slice(0, next);
}

test('rule ids are unique kebab-case with a severity, title and finite defaults', () => {
  const ids = allRules().map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, `duplicate ids: ${ids.join(', ')}`);
  for (const r of allRules()) {
    assert.match(r.id, KEBAB_CASE, r.id);
    assert.ok(['error', 'warning', 'info'].includes(r.severity), `${r.id}: severity`);
    assert.ok(r.title.length > 5, `${r.id}: title`);
    for (const [k, v] of Object.entries(r.defaults)) assert.ok(Number.isFinite(v), `${r.id}.${k} default`);
  }
});

test('every product rule id is registered', () => {
  const missing = ALL_RULE_IDS.filter((id) => !findRule(id));
  assert.deepEqual(missing, [], `not registered yet: ${missing.join(', ')}`);
});

test('every registered rule has a doc page with the required sections and its options', () => {
  for (const r of allRules()) {
    const p = join(DOCS, `${r.id}.md`);
    assert.ok(existsSync(p), `missing docs/rules/${r.id}.md`);
    const md = readFileSync(p, 'utf8');
    for (const s of SECTIONS) assert.ok(md.includes(`\n${s}`), `docs/rules/${r.id}.md lacks "${s}"`);
    const opts = section(md, '## Options');
    for (const [k, v] of Object.entries(r.defaults)) {
      const row = opts.split('\n').find((l) => l.includes(`\`${k}\``));
      assert.ok(row, `docs/rules/${r.id}.md: option \`${k}\` not listed under ## Options`);
      assert.ok(row.includes(String(v)), `docs/rules/${r.id}.md: option ${k} should show its default ${v}: ${row}`);
    }
  }
});

test('every doc page belongs to a registered rule, and the README lists every rule', () => {
  const pages = readdirSync(DOCS).filter((f) => f.endsWith('.md') && f !== 'README.md');
  // code-only rules (src/diagnostics/code/) have pages too
  const orphans = pages.filter((f) => !findRule(f.slice(0, -3)) && !CODE_RULES.some((r) => r.id === f.slice(0, -3)));
  assert.deepEqual(orphans, [], `doc pages without a rule: ${orphans.join(', ')}`);
  const readme = readFileSync(join(DOCS, 'README.md'), 'utf8');
  for (const r of allRules()) assert.ok(readme.includes(`(${r.id}.md)`), `docs/rules/README.md does not link ${r.id}`);
});

test('every registered rule has a case table (ruleTable with fires and silent)', () => {
  const files = readdirSync(TESTS, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.test.ts'));
  const sources = files.map((f) => readFileSync(join(TESTS, f), 'utf8'));
  for (const r of allRules()) {
    const has = sources.some((s) => s.includes('ruleTable(') && s.includes('fires:') && s.includes('silent:')
      && (s.includes(`rules/${r.id}'`) || s.includes(`'${r.id}'`) || s.includes(`"${r.id}"`)))
      // curve rules: a curveRuleTable of firing and silent rows (curves-rules.test.ts)
      || sources.some((s) => s.includes(`curveRuleTable('${r.id}'`));
    assert.ok(has, `no ruleTable for ${r.id} in test/unit/diagnostics/**/*.test.ts`);
  }
});

test('option merging and rule id checks', () => {
  const r = findRule('class-imbalance');
  assert.ok(r);
  const o = ruleOptions(r, { minRatio: 3, bogus: 1, maxClasses: NaN });
  assert.equal(o.minRatio, 3);
  assert.equal(o.maxClasses, r.defaults.maxClasses);
  assert.equal('bogus' in o, false);
  assert.throws(() => checkRuleIds(['double-softmx']), /unknown rule 'double-softmx'.*double-softmax/);
  assert.doesNotThrow(() => checkRuleIds(['double-softmax']));
  assert.deepEqual(closest('softmax', ['double-softmax', 'class-imbalance']), ['double-softmax']);
});
