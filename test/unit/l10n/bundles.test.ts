/**
 * The translation bundles (tools/l10n/bundles.ts, docs/l10n.md): up to date with the sources, every
 * English string translated in every language, placeholders kept.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildBundles, checkTranslation, languages } from '../../../tools/l10n/bundles';

test('the committed bundles are what `npm run l10n` writes, and every translation is complete', async () => {
  const { files, problems } = await buildBundles();
  for (const f of files) {
    assert.equal(readFileSync(f.path, 'utf8'), f.contents, `${f.path} is stale: run \`npm run l10n\``);
  }
  assert.deepEqual(problems, []);
  assert.ok(languages().includes('ko'), 'Korean is shipped');
});

test('the English bundle holds the l10n.t literals of the sources and the rule and scenario titles', async () => {
  const { files } = await buildBundles();
  const en = JSON.parse(files[0].contents) as Record<string, unknown>;
  assert.ok('Softmax applied before CrossEntropyLoss' in en, 'a value rule title');
  assert.ok('Loss diverges' in en, 'a curve rule title');
  assert.ok('softmax without dim' in en, 'a code-only rule title');
  assert.ok('Regression with MSE' in en, 'a scenario title');
});

test('checkTranslation reports missing, stale, empty and placeholder-mismatched translations', () => {
  const en = { 'a {0} b': 'a {0} b', 'c {name}': 'c {name}', plain: 'plain', gone: 'gone' };
  const problems = checkTranslation(en, { 'a {0} b': 'A B', 'c {name}': 'C {name}', plain: ' ', extra: 'x' }, 'ko');
  assert.deepEqual(problems, [
    'ko: "a {0} b" has placeholders {0} but its translation has {}',
    'ko: "plain" is translated to an empty string',
    'ko: missing translation of "gone"',
    'ko: "extra" is no longer in the English bundle (remove it from l10n/ko/)',
  ]);
  assert.deepEqual(checkTranslation({ 'x {0} {1}': 'x {0} {1}' }, { 'x {0} {1}': '{1} 다음 {0}' }, 'ko'), [], 'order may change');
});
