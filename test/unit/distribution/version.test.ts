/**
 * One version everywhere: package.json (the extension and the npm package) is the source; the CLI's
 * VERSION, the Python package's pyproject.toml and lossdbg.__version__ follow it, and CHANGELOG.md has
 * a section for it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { VERSION } from '../../../src/version';

const ROOT = join(__dirname, '..', '..', '..');
const read = (p: string): string => readFileSync(join(ROOT, p), 'utf8');
const pkg = JSON.parse(read('package.json')) as { version: string };

test('the CLI, the Python package and the changelog carry package.json\'s version', () => {
  assert.match(pkg.version, /^\d+\.\d+\.\d+$/);
  assert.equal(VERSION, pkg.version, 'src/version.ts');
  assert.equal(/^version = "([^"]+)"$/m.exec(read('python/pyproject.toml'))?.[1], pkg.version, 'python/pyproject.toml');
  assert.equal(/^__version__ = "([^"]+)"$/m.exec(read('python/lossdbg/__init__.py'))?.[1], pkg.version, 'python/lossdbg/__init__.py');
  const lock = JSON.parse(read('package-lock.json')) as { version: string; packages: Record<string, { version?: string }> };
  assert.equal(lock.version, pkg.version, 'package-lock.json');
  assert.equal(lock.packages['']?.version, pkg.version, 'package-lock.json packages[""]');
  const first = /^## (\S+)/m.exec(read('CHANGELOG.md'))?.[1];
  assert.equal(first, pkg.version, 'the newest CHANGELOG.md section');
});
