/** src/l10n.ts: English by default, a bundle translates with placeholders, and back to English. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseLanguage, currentLanguage, l10n, perLanguage, setL10n } from '../../../src/l10n';
import { finding } from '../../../src/diagnostics/finding';
import type { L10nBundle } from '../../../src/shapes/l10n';

const ko = JSON.parse(readFileSync(join(__dirname, '../../../l10n/bundle.l10n.ko.json'), 'utf8')) as L10nBundle;

test('English without a bundle; placeholders by position and by name', () => {
  setL10n();
  assert.equal(currentLanguage(), 'en');
  assert.equal(l10n.t('{0} of {1} rows', 3, 10), '3 of 10 rows');
  assert.equal(l10n.t('{n} rows', { n: 4 }), '4 rows');
});

test('a bundle translates, keeps placeholders, and falls back to English for keys it lacks', () => {
  setL10n({ language: 'ko-KR', bundle: { '{0} of {1} rows': '{1}행 중 {0}행', 'a/why': 'ㄱ' } });
  try {
    assert.equal(currentLanguage(), 'ko');
    assert.equal(l10n.t('{0} of {1} rows', 3, 10), '10행 중 3행');
    assert.equal(l10n.t({ message: 'a', comment: ['why'] }), 'ㄱ');
    assert.equal(l10n.t('not translated {0}', 1), 'not translated 1');
  } finally {
    setL10n();
  }
  assert.equal(l10n.t('{0} of {1} rows', 3, 10), '3 of 10 rows', 'back to English');
});

test('findings take the translated rule title and the language\'s page; the rule id never changes', () => {
  const rule = { id: 'double-softmax', severity: 'warning' as const, title: 'Softmax applied before CrossEntropyLoss' };
  const body = { message: 'm', evidence: {}, fix: 'f' };
  setL10n({ language: 'ko', bundle: ko });
  try {
    const f = finding(rule, body);
    assert.equal(f.rule, 'double-softmax');
    assert.equal(f.title, 'CrossEntropyLoss 앞에 소프트맥스가 적용됨');
    assert.equal(f.docs, 'docs/ko/rules/double-softmax.md');
  } finally {
    setL10n();
  }
  const en = finding(rule, body);
  assert.equal(en.title, rule.title);
  assert.equal(en.docs, 'docs/rules/double-softmax.md');
});

test('baseLanguage reads locales as the environment writes them', () => {
  assert.equal(baseLanguage('ko_KR.UTF-8'), 'ko');
  assert.equal(baseLanguage('ko-KR'), 'ko');
  assert.equal(baseLanguage('KO'), 'ko');
  assert.equal(baseLanguage('en_US.UTF-8'), 'en');
  assert.equal(baseLanguage('C.UTF-8'), 'en');
  assert.equal(baseLanguage('POSIX'), 'en');
  assert.equal(baseLanguage(''), 'en');
  assert.equal(baseLanguage(undefined), 'en');
});

test('perLanguage builds once per language and again after setL10n', () => {
  let builds = 0;
  const table = perLanguage(() => { builds++; return l10n.t('Loss diverges'); });
  setL10n();
  assert.equal(table(), 'Loss diverges');
  assert.equal(table(), 'Loss diverges');
  assert.equal(builds, 1);
  setL10n({ language: 'ko', bundle: ko });
  try {
    assert.equal(table(), '손실이 발산함');
    assert.equal(builds, 2);
  } finally {
    setL10n();
  }
  assert.equal(table(), 'Loss diverges');
  assert.equal(builds, 3);
});
