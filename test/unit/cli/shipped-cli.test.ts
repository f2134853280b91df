/**
 * The CLI installed without the files it ships beside it (dist/cli.js copied alone): `demo` says
 * plainly that the bundled examples/ folder is missing (exit 2, one line), the other commands still
 * run. A subprocess test: shippedPath looks beside the running bundle, which a test in this process
 * cannot move.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { after, test } from 'node:test';
import { ensureFresh } from './cli-helpers';

const tmp = mkdtempSync(join(tmpdir(), 'lossdbg-alone-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('a CLI without its examples/ folder: demo refuses in one line (exit 2), --version still answers', () => {
  // two levels below the temporary folder, so neither place shippedPath looks (../ and ../../) exists
  mkdirSync(join(tmp, 'pkg', 'dist'), { recursive: true });
  const cli = join(tmp, 'pkg', 'dist', 'cli.js');
  copyFileSync(ensureFresh('cli'), cli);
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: tmp, encoding: 'utf8', timeout: 60_000, env: { ...process.env, LANG: 'C', LC_ALL: '', LC_MESSAGES: '' } });
  const demo = run('demo', '--out', join(tmp, 'out'), '--skip-training');
  assert.equal(demo.status, 2, demo.stderr);
  assert.equal(demo.stdout, '');
  assert.equal(demo.stderr, 'lossdbg demo: cannot find the bundled examples/ folder next to the CLI\n');
  assert.equal(run('--version').status, 0);
});
