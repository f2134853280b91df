/** The code rules' helpers and their runner: places in messages, finding fields, order and de-duplication. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseName, codeFinding, fixOf, resolvePlaces, siteKey, where } from '../../../../src/diagnostics/code/helpers';
import { CODE_RULES, runCodeRules } from '../../../../src/diagnostics/code/index';
import type { ActFact, CodeFacts, LossUse, Site } from '../../../../src/diagnostics/code/types';

const site = (file: string, line: number, column = 0, endLine = line, endColumn = column + 1): Site => ({ file, span: { line, column, endLine, endColumn } });

test('where/resolvePlaces: a place token per site, resolved by the caller (0-based line given), text around kept', () => {
  const msg = `a ${where(site('/x/m.py', 4))} b ${where(site('C:\\p\\n.py', 0))} c`;
  assert.equal(msg, 'a ⟦4@/x/m.py⟧ b ⟦0@C:\\p\\n.py⟧ c');
  assert.equal(resolvePlaces(msg, (f, l) => `${baseName(f)}:${l + 1}`), 'a m.py:5 b n.py:1 c');
  assert.equal(resolvePlaces('no places', () => 'x'), 'no places');
});

test('baseName: both separators; a bare name is itself', () => {
  assert.equal(baseName('/a/b/c.py'), 'c.py');
  assert.equal(baseName('C:\\a\\b.ipynb'), 'b.ipynb');
  assert.equal(baseName('c.py'), 'c.py');
});

test('siteKey: every coordinate and the file tell sites apart', () => {
  const base = site('/a.py', 1, 2, 3, 4);
  const keys = new Set([base, site('/b.py', 1, 2, 3, 4), site('/a.py', 9, 2, 3, 4), site('/a.py', 1, 9, 3, 4), site('/a.py', 1, 2, 9, 4), site('/a.py', 1, 2, 3, 9)].map(siteKey));
  assert.equal(keys.size, 6);
  assert.equal(siteKey(base), siteKey(site('/a.py', 1, 2, 3, 4)));
});

test('codeFinding: the rule\'s id, severity, title and page; related places and code actions only when there are some', () => {
  const rule = { id: 'double-softmax', severity: 'warning' as const, title: 'Softmax applied before CrossEntropyLoss' };
  const bare = codeFinding(rule, { site: site('/a.py', 1), message: 'm', fix: 'f', related: [], fixes: [] });
  assert.deepEqual(bare, { rule: 'double-softmax', severity: 'warning', title: 'Softmax applied before CrossEntropyLoss', message: 'm', fix: 'f', docs: 'docs/rules/double-softmax.md', site: site('/a.py', 1) });
  const edit = { file: '/a.py', span: site('/a.py', 1).span, newText: 'x' };
  const full = codeFinding(rule, { site: site('/a.py', 1), message: 'm', fix: 'f', related: [{ site: site('/a.py', 2), message: 'r' }], fixes: fixOf('t', [edit]) });
  assert.deepEqual(full.related, [{ site: site('/a.py', 2), message: 'r' }]);
  assert.deepEqual(full.fixes, [{ title: 't', edits: [edit] }]);
  assert.deepEqual(fixOf('t', []), []);
  assert.deepEqual(fixOf('t', undefined), []);
});

const act = (s: Site, kind: ActFact['kind'] = 'softmax'): ActFact => ({ kind, dim: 1, form: 'F.softmax(…)', site: s, batched: true });
const use = (call: Site, input: ActFact, extra: Partial<LossUse> = {}): LossUse => ({
  loss: 'CrossEntropyLoss', form: 'functional', name: 'F.cross_entropy', call, ctor: call, args: {}, input: { act: input }, target: {},
  inputSite: call, divided: false, backward: false, ...extra,
});

test('runCodeRules: sorted by file, line, column; one finding per rule and place; disabled rules skipped', () => {
  const a = site('/b.py', 3, 4), b = site('/a.py', 7, 2), c = site('/a.py', 7, 1), d = site('/a.py', 2, 9);
  const facts: CodeFacts = {
    losses: [use(site('/b.py', 9), act(a)), use(site('/a.py', 9), act(b)), use(site('/a.py', 10), act(b)), use(site('/a.py', 11), act(c)),
      use(site('/a.py', 12), act(d, 'log_softmax'), { loss: 'NLLLoss', name: 'F.nll_loss' })],
    ops: [{ op: 'softmax-no-dim', site: c, act: { ...act(c), dim: null } }],
  };
  const got = runCodeRules(facts).map((f) => `${f.site.file}:${f.site.span.line}:${f.site.span.column} ${f.rule} ${f.severity}`);
  assert.deepEqual(got, [
    '/a.py:7:1 double-softmax warning',
    '/a.py:7:1 softmax-implicit-dim info',
    '/a.py:7:2 double-softmax warning',
    '/b.py:3:4 double-softmax warning',
  ]);
  assert.deepEqual(runCodeRules(facts, ['double-softmax']).map((f) => f.rule), ['softmax-implicit-dim']);
  assert.deepEqual(runCodeRules(facts, CODE_RULES.map((r) => r.id)), []);
});
