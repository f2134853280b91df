/**
 * The manifest in every language (docs/l10n.md): each user-facing string of package.json is a
 * `%key%` of package.nls.json; each package.nls.<lang>.json has exactly the English keys, no empty
 * text, and keeps what must not change — the walkthrough's and welcome view's command links (same
 * commands, same arguments, in order), `#setting#` references, `code` spans and docs/ paths.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { commandLinks } from '../../vscode/walkthrough-links';

const ROOT = join(__dirname, '..', '..', '..');
const readJson = (p: string): unknown => JSON.parse(readFileSync(join(ROOT, p), 'utf8'));
const pkg = readJson('package.json') as Record<string, unknown>;
const en = readJson('package.nls.json') as Record<string, string>;
const languages = readdirSync(ROOT).map((f) => /^package\.nls\.([a-z]{2,3}(?:-[a-z]+)?)\.json$/i.exec(f)?.[1]).filter((l): l is string => !!l);

/** Every string of the manifest with its JSON path. */
function strings(v: unknown, path = ''): Array<{ path: string; value: string }> {
  if (typeof v === 'string') return [{ path, value: v }];
  if (Array.isArray(v)) return v.flatMap((x, i) => strings(x, `${path}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => strings(x, path ? `${path}.${k}` : k));
  return [];
}

/** The manifest paths whose strings a user reads (VS Code shows them in its UI). */
const USER_FACING = [
  /^(displayName|description)$/,
  /^contributes\.commands\[\d+\]\.(title|category)$/,
  /^contributes\.configuration\.title$/,
  /^contributes\.configuration\.properties\.[^.]+(\.[^.]+)*\.(description|markdownDescription)$/,
  /^contributes\.configuration\.properties\..+\.enumDescriptions\[\d+\]$/,
  /^contributes\.viewsWelcome\[\d+\]\.contents$/,
  /^contributes\.walkthroughs\[\d+\]\.(title|description)$/,
  /^contributes\.walkthroughs\[\d+\]\.steps\[\d+\]\.(title|description|media\.altText)$/,
  /^capabilities\.[^.]+\.description$/,
];

const KEY = /^%([\w.-]+)%$/;
const used = strings(pkg).map((s) => ({ ...s, key: KEY.exec(s.value)?.[1] })).filter((s) => s.key !== undefined) as Array<{ path: string; value: string; key: string }>;

test('every user-facing string of package.json comes from package.nls.json, and every key there is used', () => {
  const literal = strings(pkg).filter((s) => USER_FACING.some((re) => re.test(s.path)) && !KEY.test(s.value));
  assert.deepEqual(literal.map((s) => s.path), [], 'user-facing strings written in package.json itself');
  assert.ok(used.length >= 40, `only ${used.length} %key% strings`);
  for (const u of used) assert.ok(typeof en[u.key] === 'string' && en[u.key].trim(), `${u.path}: %${u.key}% is not in package.nls.json`);
  const keys = new Set(used.map((u) => u.key));
  assert.deepEqual(Object.keys(en).filter((k) => !keys.has(k)), [], 'keys of package.nls.json that package.json does not use');
});

/** What a translation must keep from the English text. */
function kept(text: string): { links: string[]; settings: string[]; code: string[]; docs: string[] } {
  return {
    links: commandLinks(text).map((l) => `${l.command} ${JSON.stringify(l.args)}`),
    settings: [...text.matchAll(/#[\w.]+#/g)].map((m) => m[0]).sort(),
    code: [...text.matchAll(/`[^`]+`/g)].map((m) => m[0]).sort(),
    docs: [...text.matchAll(/\bdocs\/[\w/.-]+\.md\b/g)].map((m) => m[0]).sort(),
  };
}

test('Korean is one of the languages', () => {
  assert.ok(languages.includes('ko'), `languages: ${languages.join(', ')}`);
});

for (const lang of languages) {
  test(`package.nls.${lang}.json: the same keys, non-empty, links, setting references, code and docs paths kept`, () => {
    const tr = readJson(`package.nls.${lang}.json`) as Record<string, unknown>;
    assert.deepEqual(Object.keys(tr).sort(), Object.keys(en).sort(), `package.nls.${lang}.json and package.nls.json have different keys`);
    for (const [k, english] of Object.entries(en)) {
      const t = tr[k];
      assert.ok(typeof t === 'string' && t.trim().length > 0, `${k}: empty`);
      assert.deepEqual(kept(t), kept(english), `${k}: a link, #setting#, \`code\` or docs path changed in ${lang}`);
    }
    // Translated, not copied: only the product name may stay as it is.
    const same = Object.keys(en).filter((k) => tr[k] === en[k] && en[k] !== 'Loss Debugger');
    assert.deepEqual(same, [], `left in English in package.nls.${lang}.json`);
  });
}

test('the Korean command titles are Korean (what the palette shows)', () => {
  const ko = readJson('package.nls.ko.json') as Record<string, string>;
  for (const u of used.filter((x) => /^contributes\.commands\[\d+\]\.title$/.test(x.path))) {
    assert.match(ko[u.key], /[\uac00-\ud7a3]/, `${u.key}: ${ko[u.key]}`);
  }
});
