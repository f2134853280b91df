import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanRuleOptions, fixTitle, ignoreCommentEdit, keyFromState, rulePagePaths } from '../../../src/extension/helpers';

test('a restored panel is keyed by the case file or the scenario it showed', () => {
  assert.deepEqual(keyFromState({ v: 1, mode: 'case', caseView: { file: '/w/a.json', title: 'a' } }), { key: 'case:/w/a.json', file: '/w/a.json' });
  assert.deepEqual(keyFromState({ v: 1, mode: 'error', error: { message: 'x', file: '/w/b.json' } }), { key: 'case:/w/b.json', file: '/w/b.json' });
  assert.deepEqual(keyFromState({ v: 1, mode: 'train', train: { scenario: 'news' } }), { key: 'scenario:news', scenario: 'news' });
  for (const junk of [undefined, null, 3, 'case', [], { caseView: { file: 7 } }, { train: {} }]) assert.equal(keyFromState(junk), undefined);
});

test('rule options keep finite numbers per rule and drop everything else', () => {
  assert.deepEqual(cleanRuleOptions({ 'class-imbalance': { ratio: 20, bad: 'x', inf: Infinity }, 'x': 3, 'y': [1] }), { 'class-imbalance': { ratio: 20 } });
  assert.deepEqual(cleanRuleOptions('nope'), {});
  assert.deepEqual(cleanRuleOptions([{ a: 1 }]), {});
});

test('quick-fix titles name the key, the value and the parent', () => {
  assert.deepEqual(fixTitle({ path: ['loss', 'ignore_index'], value: 0 }), { key: 'ignore_index', value: '0', parent: 'loss' });
  assert.deepEqual(fixTitle({ path: ['loss'], value: { type: 'HuberLoss' } }), { key: 'loss', value: '{"type":"HuberLoss"}', parent: '' });
  assert.deepEqual(fixTitle({ path: ['meta', 'x', 'y'], value: null }), { key: 'y', value: 'null', parent: 'meta.x' });
  const long = fixTitle({ path: ['loss', 'weight'], value: Array.from({ length: 30 }, (_, i) => i / 7) }).value;
  assert.ok(long.length === 38 && long.endsWith('…'), long);
});

test('ignoreCommentEdit: appends an ignore comment, extends one already there, leaves silenced and continued lines', () => {
  const apply = (line: string, rule: string): string | undefined => {
    const e = ignoreCommentEdit(line, rule);
    return e ? line.slice(0, e.start) + e.newText + line.slice(e.end) : undefined;
  };
  assert.equal(apply('    probs = F.softmax(x, dim=1)   ', 'double-softmax'), '    probs = F.softmax(x, dim=1)  # lossdbg: ignore[double-softmax]');
  assert.equal(apply('p = f(x)  # note', 'double-softmax'), 'p = f(x)  # note  # lossdbg: ignore[double-softmax]');
  assert.equal(apply('p = f(x)  # lossdbg: ignore[sum-reduction]', 'double-softmax'), 'p = f(x)  # lossdbg: ignore[sum-reduction, double-softmax]');
  assert.equal(apply('p = f(x)  # lossdbg: ignore[]', 'double-softmax'), 'p = f(x)  # lossdbg: ignore[double-softmax]');
  assert.equal(apply('p = f(x)  # lossdbg: ignore[double-softmax]', 'double-softmax'), undefined);
  assert.equal(apply('p = f(x)  # lossdbg: ignore', 'double-softmax'), undefined);
  assert.equal(apply('loss = crit(F.softmax(x, 1), \\', 'double-softmax'), undefined);
});

test('rulePagePaths: the display language\'s page first, then the English one; English and odd tags get the English page only', () => {
  assert.deepEqual(rulePagePaths('double-softmax', 'ko'), ['docs/ko/rules/double-softmax.md', 'docs/rules/double-softmax.md']);
  assert.deepEqual(rulePagePaths('double-softmax', 'ko-KR'), ['docs/ko/rules/double-softmax.md', 'docs/rules/double-softmax.md']);
  assert.deepEqual(rulePagePaths('x', 'zh-cn'), ['docs/zh/rules/x.md', 'docs/rules/x.md']);
  assert.deepEqual(rulePagePaths('x', 'en'), ['docs/rules/x.md']);
  assert.deepEqual(rulePagePaths('x', 'en-US'), ['docs/rules/x.md']);
  assert.deepEqual(rulePagePaths('x', ''), ['docs/rules/x.md']);
  assert.deepEqual(rulePagePaths('x', '../..'), ['docs/rules/x.md']);
});
