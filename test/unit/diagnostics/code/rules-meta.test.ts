/** Code rules share ids, severities, titles and pages with the value rules; code-only rules have their own pages. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CODE_ONLY_RULE_IDS, CODE_RULES } from '../../../../src/diagnostics/code/index';
import { findRule } from '../../../../src/diagnostics/registry';

const DOCS = path.join(__dirname, '..', '..', '..', '..', 'docs', 'rules');

test('each code rule: same severity as the value rule of that id, or code-only with its own page', () => {
  for (const r of CODE_RULES) {
    const page = path.join(DOCS, `${r.id}.md`);
    assert.ok(existsSync(page), `${r.id} has a page`);
    const text = readFileSync(page, 'utf8');
    const value = findRule(r.id);
    if ((CODE_ONLY_RULE_IDS as readonly string[]).includes(r.id)) {
      assert.equal(value, undefined, `${r.id} is code-only`);
      assert.match(text, /code only/);
    } else {
      assert.ok(value, `${r.id} is a value rule too`);
      assert.equal(r.severity, value.severity, r.id);
      assert.match(text, /^## In code$/m, `${r.id} page has an "In code" section`);
    }
    assert.match(readFileSync(path.join(DOCS, 'README.md'), 'utf8'), new RegExp(`\\[${r.id}\\]\\(${r.id}\\.md\\)`));
  }
});
