/**
 * A display language for the host tests without Microsoft's language packs (offline): a stub
 * language pack that contributes the language with no translations of the workbench (its own UI
 * stays English), installed like a real one. VS Code only switches `vscode.env.language` (and with
 * it the extensions' package.nls.<lang>.json and l10n bundles) to a locale some installed language
 * pack provides: `code-server --locale ko` alone leaves everything English.
 *
 * `code-server --install-extension` installs the pack but does not run VS Code's language-pack
 * step that an install from the workbench runs (`languagepacks.json` in the user data folder,
 * which the server reads to resolve the locale), so it is written here the way that step writes it.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PUBLISHER = 'lossdbg-test';

export interface LanguagePackOptions {
  /** `ko` */
  lang: string;
  /** `Korean`, `한국어` */
  name: string;
  localizedName: string;
  /** Where the pack's sources and .vsix are written. */
  workDir: string;
  /** The repository root (for vsce). */
  root: string;
  codeServer: string;
  userDataDir: string;
  extensionsDir: string;
  env: NodeJS.ProcessEnv;
}

/** Packs, installs and registers a stub language pack for `lang`; returns its extension folder. */
export function installLanguagePack(o: LanguagePackOptions): string {
  const name = `lossdbg-test-language-pack-${o.lang}`;
  const version = '0.0.1';
  const src = join(o.workDir, name);
  mkdirSync(join(src, 'translations'), { recursive: true });
  writeFileSync(join(src, 'package.json'), JSON.stringify({
    name, publisher: PUBLISHER, version, license: 'MIT',
    displayName: `${o.name} display language (Loss Debugger host tests)`,
    description: 'Makes the display language available; the workbench itself stays in English.',
    engines: { vscode: '^1.90.0' },
    categories: ['Language Packs'],
    contributes: {
      localizations: [{
        languageId: o.lang, languageName: o.name, localizedLanguageName: o.localizedName,
        translations: [{ id: 'vscode', path: './translations/main.i18n.json' }],
      }],
    },
  }, null, 2));
  writeFileSync(join(src, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  writeFileSync(join(src, 'LICENSE'), 'MIT\n');
  writeFileSync(join(src, 'README.md'), `# ${o.name} display language for the Loss Debugger host tests\n`);
  const vsix = join(o.workDir, `${name}.vsix`);
  execFileSync(process.execPath, [join(o.root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--out', vsix],
    { cwd: src, stdio: 'pipe' });
  execFileSync(o.codeServer, ['--user-data-dir', o.userDataDir, '--extensions-dir', o.extensionsDir, '--install-extension', vsix], { env: o.env, stdio: 'pipe' });
  const id = `${PUBLISHER}.${name}`;
  const installed = join(o.extensionsDir, `${id}-${version}`);
  // As VS Code's language pack service records an installed pack (LanguagePacksCache).
  const packs = {
    [o.lang]: {
      hash: createHash('md5').update(id).update(version).digest('hex'),
      extensions: [{ extensionIdentifier: { id }, version }],
      translations: { vscode: join(installed, 'translations', 'main.i18n.json') },
      label: o.localizedName,
    },
  };
  writeFileSync(join(o.userDataDir, 'languagepacks.json'), JSON.stringify(packs));
  return installed;
}
