/**
 * reported-loss-mismatch's variant labels in the language of the messages: a variant name (an English
 * evidence key) is shown translated, also inside the composite names — "<variant>, estimated from
 * <n> rows" (the half-precision variants of inputs above 4M values), "without ignore_index (the n
 * targets equal to v counted as class v)", "ignore_index=v (the pad token)". In English an unparsed
 * name would read the same, so the parsing is checked in Korean; an unknown name is shown as it is.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setL10n } from '../../../../src/l10n';
import type { L10nBundle } from '../../../../src/shapes/l10n';
import { variantLabel } from '../../../../src/diagnostics/rules/reported-loss-mismatch';

const KO = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'l10n', 'bundle.l10n.ko.json'), 'utf8')) as L10nBundle;
const ko = (en: string): string => { const v = KO[en]; return typeof v === 'string' ? v : v.message; };
const fill = (s: string, ...a: string[]): string => s.replace(/\{(\d+)\}/g, (_, i: string) => a[Number(i)]);

function inKorean<T>(f: () => T): T {
  setL10n({ language: 'ko', bundle: KO });
  try { return f(); } finally { setL10n(); }
}

test('variant labels in Korean: plain, estimated from n rows (one and several digits), nested, with ignore_index', () => {
  const f16 = 'input rounded to float16 (autocast / .half())';
  inKorean(() => {
    assert.equal(variantLabel(f16), ko(f16));
    assert.notEqual(ko(f16), f16);
    assert.equal(variantLabel(`${f16}, estimated from 1024 rows`), fill(ko('{0}, estimated from {1} rows'), ko(f16), '1024'));
    assert.equal(variantLabel('input rounded to bfloat16, estimated from 7 rows'), fill(ko('{0}, estimated from {1} rows'), ko('input rounded to bfloat16'), '7'));
    assert.equal(variantLabel('without ignore_index (the 12 targets equal to -100 counted as class -100)'), fill(ko('without ignore_index (the {0} targets equal to {1} counted as class {1})'), '12', '-100'));
    assert.equal(variantLabel('ignore_index=0 (the pad token)'), fill(ko('ignore_index={0} (the pad token)'), '0'));
    assert.equal(variantLabel('no label smoothing'), ko('no label smoothing'));
    // not a known name (and not "estimated from <digits> rows"): shown as it is
    assert.equal(variantLabel('input rounded to bfloat16, estimated from many rows'), 'input rounded to bfloat16, estimated from many rows');
    assert.equal(variantLabel("reduction='sum'"), "reduction='sum'");
  });
  assert.equal(variantLabel(`${f16}, estimated from 1024 rows`), `${f16}, estimated from 1024 rows`);
});

test('every plain variant name has its own Korean label; names that are code stay as written', () => {
  const named = [
    'loss.sum() / target.numel() (ignored positions counted in the denominator)',
    'weighted sum / number of non-ignored targets (instead of / the sum of their weights)',
    "mean over each sample's positions, then over samples",
    'no weight',
    'no label smoothing',
    "label smoothing ε/(K−1) over the other classes (smoothing_mode='others')",
    "PyTorch's label smoothing ε/K over all classes",
    'float32 arithmetic',
    'input rounded to float16 (autocast / .half())',
    'input rounded to bfloat16',
    'no pos_weight',
  ];
  inKorean(() => {
    const labels = named.map(variantLabel);
    assert.deepEqual(labels, named.map(ko));
    for (const [i, l] of labels.entries()) assert.notEqual(l, named[i], named[i]);
    for (const code of ["reduction='mean'", "reduction='batchmean'", 'label_smoothing=0.1', 'log_target=True']) assert.equal(variantLabel(code), code);
  });
  assert.deepEqual(named.map(variantLabel), named);
});
