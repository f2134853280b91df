/** The CLI's language: --lang, then LC_ALL / LC_MESSAGES / LANG; machine-readable output stays English. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cliLanguage, useLanguage, availableLanguages } from '../../../src/cli/language';
import { currentLanguage, l10n, setL10n } from '../../../src/l10n';

test('--lang wins over the locale and is removed from the arguments', () => {
  assert.deepEqual(cliLanguage(['inspect', 'a.json', '--lang', 'ko'], { LANG: 'en_US.UTF-8' }), { language: 'ko', explicit: true, rest: ['inspect', 'a.json'] });
  assert.deepEqual(cliLanguage(['--lang=ko_KR', 'rules'], {}), { language: 'ko', explicit: true, rest: ['rules'] });
  assert.deepEqual(cliLanguage(['rules', '--lang', 'en'], { LANG: 'ko_KR.UTF-8' }).language, 'en');
});

test('the locale: LC_ALL, then LC_MESSAGES, then LANG', () => {
  assert.equal(cliLanguage(['rules'], { LANG: 'ko_KR.UTF-8' }).language, 'ko');
  assert.equal(cliLanguage(['rules'], { LANG: 'ko_KR.UTF-8', LC_MESSAGES: 'C' }).language, 'en');
  assert.equal(cliLanguage(['rules'], { LANG: 'en_US.UTF-8', LC_ALL: 'ko_KR.UTF-8' }).language, 'ko');
  assert.equal(cliLanguage(['rules'], {}).language, 'en');
});

test('JSON and SARIF output stay English unless --lang asks', () => {
  for (const argv of [['inspect', 'a.json', '--json'], ['lint', '.', '--format', 'sarif'], ['lint', '.', '--format=json']]) {
    assert.equal(cliLanguage(argv, { LANG: 'ko_KR.UTF-8' }).language, 'en', argv.join(' '));
    assert.equal(cliLanguage([...argv, '--lang', 'ko'], { LANG: 'C' }).language, 'ko', argv.join(' '));
  }
});

test('bad --lang values are usage errors; an unknown language is refused only when asked for', () => {
  assert.throws(() => cliLanguage(['rules', '--lang'], {}), /--lang needs a language/);
  assert.throws(() => cliLanguage(['rules', '--lang', '../../etc'], {}), /language code/);
  assert.throws(() => useLanguage({ language: 'xx', explicit: true, rest: [] }), /no translation for 'xx' \(languages: en, ko\)/);
  useLanguage({ language: 'xx', explicit: false, rest: [] });
  assert.equal(currentLanguage(), 'en');
  assert.deepEqual(availableLanguages(), ['en', 'ko']);
});

test('useLanguage loads the shipped Korean bundle', () => {
  useLanguage({ language: 'ko', explicit: true, rest: [] });
  try {
    assert.equal(currentLanguage(), 'ko');
    assert.equal(l10n.t('Loss diverges'), '손실이 발산함');
  } finally {
    setL10n();
  }
});
