/**
 * Scenario texts in Korean (#17): every run description and "what to look for" text is translated,
 * and `--epochs` can still splice its override into a translated description (the Korean text names
 * the recipe's epoch count exactly as l10n.t('{0} epochs') renders it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { l10n, setL10n } from '../../../src/l10n';
import type { L10nBundle } from '../../../src/shapes/l10n';
import { SCENARIO_IDS, scenarioRunSpecs } from '../../../src/scenarios/index';
import { summaryColumnLabel } from '../../../src/scenarios/labels';

const KO = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'l10n', 'bundle.l10n.ko.json'), 'utf8')) as L10nBundle;
const HANGUL = /[\uac00-\ud7a3]/;

function inKorean<T>(f: () => T): T {
  setL10n({ language: 'ko', bundle: KO });
  try { return f(); } finally { setL10n(); }
}

test('every run of every scenario has a Korean description and look-for text naming its epochs as the override expects', () => {
  for (const id of SCENARIO_IDS) {
    const en = scenarioRunSpecs(id);
    const ko = inKorean(() => scenarioRunSpecs(id).map((s) => ({ ...s, epochsText: l10n.t('{0} epochs', s.epochs) })));
    assert.equal(ko.length, en.length);
    en.forEach((e, i) => {
      const k = ko[i];
      assert.equal(k.name, e.name, 'run names are identifiers');
      const codeOnly = /^\w+\([\w=/]*\)\.$/.test(e.description); // e.g. BCEWithLogitsLoss(pos_weight=N_neg/N_pos).
      if (!codeOnly) assert.match(k.description, HANGUL, `${id}/${e.name}: ${k.description}`);
      if (e.lookFor) assert.match(k.lookFor ?? '', HANGUL, `${id}/${e.name} look-for`);
      if (e.description.includes(`${e.epochs} epochs`)) {
        assert.ok(k.description.includes(k.epochsText), `${id}/${e.name}: "${k.epochsText}" missing from ${k.description}`);
      }
    });
  }
});

test('comparison headers: metric keys shown as they are, prose headers and "<rule> fired" translated, English unchanged', () => {
  for (const c of ['val_f1', 'label_smoothing', 'train_loss']) assert.equal(inKorean(() => summaryColumnLabel(c)), c);
  assert.equal(inKorean(() => summaryColumnLabel('run')), '실행');
  assert.equal(inKorean(() => summaryColumnLabel('key metric')), '핵심 지표');
  assert.equal(inKorean(() => summaryColumnLabel('convention')), '방식', 'a one-word prose header is not a metric key');
  assert.equal(inKorean(() => summaryColumnLabel('double-softmax fired')), 'double-softmax 발동');
  assert.equal(inKorean(() => summaryColumnLabel('recall class 2 (2 %)')), '클래스 2 재현율 (2 %)');
  for (const c of ['run', 'convention', 'key metric', 'double-softmax fired', 'recall class 2 (2 %)', 'val_f1']) assert.equal(summaryColumnLabel(c), c);
});
