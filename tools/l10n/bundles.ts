/**
 * The translation bundles (docs/l10n.md):
 * - `l10n/bundle.l10n.json`, the English bundle: every `l10n.t(...)` / `vscode.l10n.t(...)` literal in
 *   src/ and webview/ (found by @vscode/l10n-dev's own extractor) plus the strings that live in data
 *   and are translated where they are shown (rule titles, scenario texts: `staticKeys()`);
 * - `l10n/bundle.l10n.<lang>.json`: the translations, merged from the hand-written `l10n/<lang>/*.json`
 *   (one file per area, so several people can translate at once), checked against the English bundle.
 *
 *   node --import tsx tools/l10n/bundles.ts           write the bundles
 *   node --import tsx tools/l10n/bundles.ts --check   exit 1 if a bundle is stale or a translation is missing
 */
import { readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';
import { allRules } from '../../src/diagnostics/registry';
import { CODE_RULES } from '../../src/diagnostics/code';
import { CURVE_RULES } from '../../src/diagnostics/curves';
import { scenarioL10nKeys } from '../../src/scenarios/l10n-keys';

export type Bundle = Record<string, string | { message: string; comment?: string[] }>;

const ROOT = join(__dirname, '..', '..');
const SOURCES = ['src', 'webview'];
/** `import { l10n } from '../l10n'` (our module) read as the import @vscode/l10n-dev looks for. */
const OUR_IMPORT = /(import\s*\{[^}]*\bl10n\b[^}]*\}\s*from\s*)(['"])(?:\.{1,2}\/)+(?:[\w-]+\/)*l10n\2/g;

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (/\.ts$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Strings shown from data, not from a `t(...)` literal: translated with `l10n.t(value)` where shown. */
export function staticKeys(): string[] {
  const keys = new Set<string>();
  for (const r of allRules()) keys.add(r.title);
  for (const r of CODE_RULES) keys.add(r.title);
  for (const r of CURVE_RULES) keys.add(r.title);
  for (const k of scenarioL10nKeys()) keys.add(k);
  return [...keys].filter((k) => k.length > 0);
}

function sorted(b: Bundle): Bundle {
  const out: Bundle = {};
  for (const k of Object.keys(b).sort()) out[k] = b[k];
  return out;
}

export async function englishBundle(root = ROOT): Promise<Bundle> {
  const files = SOURCES.flatMap((d) => tsFiles(join(root, d))).map((p) => ({
    extension: '.ts',
    contents: readFileSync(p, 'utf8').replace(OUR_IMPORT, "$1'@vscode/l10n'"),
  }));
  const found = (await getL10nJson(files)) as Bundle;
  for (const k of staticKeys()) if (!(k in found)) found[k] = k;
  return sorted(found);
}

/** The hand-written translations of one language, merged; duplicate keys must agree. */
export function translations(lang: string, root = ROOT): { bundle: Bundle; problems: string[] } {
  const dir = join(root, 'l10n', lang);
  const bundle: Bundle = {};
  const problems: string[] = [];
  const from = new Map<string, string>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const file = relative(root, join(dir, name));
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    } catch (e) {
      problems.push(`${file}: not valid JSON (${(e as Error).message})`);
      continue;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      problems.push(`${file}: expected an object of "English": "translation"`);
      continue;
    }
    for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof v !== 'string') {
        problems.push(`${file}: "${k}" must map to a string`);
        continue;
      }
      if (k in bundle && bundle[k] !== v) problems.push(`${file}: "${k}" is translated differently in ${from.get(k)}`);
      bundle[k] = v;
      from.set(k, file);
    }
  }
  return { bundle: sorted(bundle), problems };
}

/** The languages with translations: the folders under l10n/. */
export function languages(root = ROOT): string[] {
  const dir = join(root, 'l10n');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => statSync(join(dir, n)).isDirectory()).sort();
}

const PLACEHOLDER = /\{([^}]+)\}/g;
function placeholders(s: string): string {
  return [...s.matchAll(PLACEHOLDER)].map((m) => m[1]).sort().join(',');
}
function messageOf(v: Bundle[string]): string {
  return typeof v === 'string' ? v : v.message;
}

/** What is wrong with a translation against the English bundle: missing, stale, placeholder mismatches. */
export function checkTranslation(en: Bundle, tr: Bundle, lang: string): string[] {
  const problems: string[] = [];
  for (const [k, v] of Object.entries(en)) {
    if (!(k in tr)) {
      problems.push(`${lang}: missing translation of "${k}"`);
      continue;
    }
    const want = placeholders(messageOf(v));
    const got = placeholders(messageOf(tr[k]));
    if (want !== got) problems.push(`${lang}: "${k}" has placeholders {${want}} but its translation has {${got}}`);
    if (messageOf(tr[k]).trim() === '') problems.push(`${lang}: "${k}" is translated to an empty string`);
  }
  for (const k of Object.keys(tr)) if (!(k in en)) problems.push(`${lang}: "${k}" is no longer in the English bundle (remove it from l10n/${lang}/)`);
  return problems;
}

function json(b: Bundle): string {
  return JSON.stringify(b, null, 2) + '\n';
}

export interface BundleFile {
  path: string;
  contents: string;
}

/** Every bundle file as it should be, and the problems of each translation. */
export async function buildBundles(root = ROOT): Promise<{ files: BundleFile[]; problems: string[] }> {
  const en = await englishBundle(root);
  const files: BundleFile[] = [{ path: join(root, 'l10n', 'bundle.l10n.json'), contents: json(en) }];
  const problems: string[] = [];
  for (const lang of languages(root)) {
    const { bundle, problems: p } = translations(lang, root);
    problems.push(...p, ...checkTranslation(en, bundle, lang));
    const out: Bundle = {};
    for (const k of Object.keys(en)) if (k in bundle) out[k] = bundle[k];
    files.push({ path: join(root, 'l10n', `bundle.l10n.${lang}.json`), contents: json(out) });
  }
  return { files, problems };
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const { files, problems } = await buildBundles();
  let stale = 0;
  for (const f of files) {
    const now = existsSync(f.path) ? readFileSync(f.path, 'utf8') : '';
    if (now === f.contents) continue;
    if (check) {
      console.error(`${relative(ROOT, f.path)} is stale: run \`npm run l10n\``);
      stale++;
    } else writeFileSync(f.path, f.contents);
  }
  for (const p of problems) console.error(p);
  if (!check) console.log(`wrote ${files.map((f) => relative(ROOT, f.path)).join(', ')}; ${problems.length} translation problem(s)`);
  if (stale || (check && problems.length)) process.exitCode = 1;
}

if (process.argv[1] && /bundles\.ts$/.test(process.argv[1])) void main();
