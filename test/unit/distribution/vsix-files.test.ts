/**
 * What the .vsix carries (`vsce ls`, the list `npm run package` packs): the bundles, the user-facing
 * documents (README, CHANGELOG, LICENSE, SECURITY.md and the docs/security.md it points to), the
 * manifest's and the host's translations (package.nls*.json, l10n/bundle.l10n*.json), the
 * walkthrough's media and the pictures, the examples Open Examples copies, the Python helper; no
 * sources, tests of the extension or source maps.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..', '..');

test('the .vsix carries the bundles, the documents, the media, the examples and the Python helper', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const files = new Set(r.stdout.split('\n').map((l) => l.trim()).filter(Boolean));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { walkthroughs: Array<{ steps: Array<{ media: Record<string, string> }> }> } };
  const media = pkg.contributes.walkthroughs.flatMap((w) => w.steps).map((s) => s.media.image ?? s.media.markdown ?? s.media.svg);
  for (const f of ['package.json', 'package.nls.json', 'package.nls.ko.json', 'l10n/bundle.l10n.json', 'l10n/bundle.l10n.ko.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'SECURITY.md', 'docs/security.md', 'media/icon.png', 'schema/losscase.schema.json',
    'examples/double-softmax.json', 'examples/scripts/train_double_softmax.py', 'examples/curves/non-finite-loss.csv',
    'python/pyproject.toml', 'python/lossdbg/__init__.py', 'l10n/bundle.l10n.json', 'l10n/bundle.l10n.ko.json', 'docs/ko/glossary.md', ...media]) {
    assert.ok(files.has(f), `${f} is not packed`);
  }
  const bad = [...files].filter((f) => /^(src|test|webview|tools|bench|node_modules)\/|\.map$|\.ts$/.test(f));
  assert.deepEqual(bad, []);
  assert.deepEqual([...files].filter((f) => f.startsWith('l10n/ko/')), [], 'the translators\' fragments stay out (the bundles carry them)');
});
