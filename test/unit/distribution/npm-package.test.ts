/**
 * The CLI as an npm package: `npm pack` gives a tarball that holds the CLI bundle and what it reads
 * beside itself (rule pages, examples, the HTML report's webview bundle, the linter's WebAssembly),
 * and nothing of the sources; `npm i -g --prefix <tmp> <tarball> --offline` installs a `lossdbg`
 * that works with no dependencies and no access to this repository's node_modules; `npm exec` (npx)
 * runs it from the tarball too.
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { ensureBuilt, ROOT } from '../cli/cli-helpers';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; name: string; dependencies?: object; bin: Record<string, string> };
const tmp = mkdtempSync(join(tmpdir(), 'lossdbg-npm-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

// npm with its own empty user config and cache in the temp folder: nothing from this machine's setup
const npmEnv = { ...process.env, npm_config_userconfig: join(tmp, 'npmrc'), npm_config_cache: join(tmp, 'cache'), npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
function npm(args: string[], cwd = ROOT): SpawnSyncReturns<string> {
  return spawnSync('npm', args, { cwd, env: npmEnv, encoding: 'utf8', timeout: 180_000 });
}

before(() => {
  writeFileSync(join(tmp, 'npmrc'), '');
  ensureBuilt();
  // the linter's grammar beside the bundle, as `npm run build` copies it (atomic: other tests may read dist/)
  for (const f of ['tree-sitter.wasm', 'tree-sitter-python.wasm']) {
    const to = join(ROOT, 'dist', f);
    if (!existsSync(to)) {
      copyFileSync(join(ROOT, 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm', f), `${to}.${process.pid}.tmp`);
      renameSync(`${to}.${process.pid}.tmp`, to);
    }
  }
});

test('package.json: a lossdbg bin, no runtime dependencies', () => {
  assert.deepEqual(pkg.bin, { lossdbg: './dist/cli.js' });
  assert.equal(pkg.dependencies, undefined, 'the CLI bundle needs nothing at run time');
  assert.match(readFileSync(join(ROOT, 'dist', 'cli.js'), 'utf8').slice(0, 30), /^#!\/usr\/bin\/env node\n/);
});

test('npm pack holds the CLI and what it reads, nothing of the sources', () => {
  const r = npm(['pack', '--dry-run', '--json', '--ignore-scripts']);
  assert.equal(r.status, 0, r.stderr);
  const files = (JSON.parse(r.stdout) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path).sort();
  for (const f of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'SECURITY.md', 'docs/security.md', 'dist/cli.js', 'dist/webview.js', 'dist/webview-charts.js', 'dist/webview.css',
    'dist/tree-sitter.wasm', 'dist/tree-sitter-python.wasm', 'docs/rules/double-softmax.md', 'examples/double-softmax.json', 'schema/losscase.schema.json',
    'l10n/bundle.l10n.json', 'l10n/bundle.l10n.ko.json']) {
    assert.ok(files.includes(f), `${f} is missing from the tarball`);
  }
  const allowed = /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|SECURITY\.md|docs\/security\.md|dist\/(cli\.js|webview\.js|webview-charts\.js|webview\.css|tree-sitter(-python)?\.wasm)|docs\/(ko\/)?rules\/[^/]+\.md|l10n\/bundle\.l10n(\.[a-z]+)?\.json|examples\/.+|schema\/[^/]+\.json)$/;
  assert.deepEqual(files.filter((f) => !allowed.test(f)), [], 'unexpected files in the tarball');
  assert.equal(files.filter((f) => f.startsWith('docs/rules/')).length, readdirSync(join(ROOT, 'docs', 'rules')).filter((f) => f.endsWith('.md')).length);
});

test('npm i -g <tarball> --offline into a scratch prefix gives a working lossdbg', () => {
  const r = npm(['pack', '--ignore-scripts', '--pack-destination', tmp, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const tarball = join(tmp, (JSON.parse(r.stdout) as Array<{ filename: string }>)[0].filename);
  assert.ok(existsSync(tarball), tarball);
  const prefix = join(tmp, 'prefix');
  const work = join(tmp, 'work');
  const i = npm(['install', '--global', '--prefix', prefix, '--offline', tarball], tmp);
  assert.equal(i.status, 0, `npm i -g failed: ${i.stdout}\n${i.stderr}`);
  const installed = join(prefix, 'lib', 'node_modules', pkg.name);
  assert.ok(!existsSync(join(installed, 'node_modules')), 'dependencies were installed');
  const bin = join(prefix, 'bin', 'lossdbg');
  // only node on the PATH; the current folder is a fresh one outside the repository
  const env = { PATH: `${join(prefix, 'bin')}:${dirname(process.execPath)}:/usr/bin:/bin`, HOME: tmp };
  const run = (args: string[]): SpawnSyncReturns<string> => spawnSync(bin, args, { cwd: tmp, env, encoding: 'utf8', timeout: 120_000 });

  const v = run(['--version']);
  assert.equal(v.status, 0, v.stderr);
  assert.equal(v.stdout.trim(), pkg.version);
  const page = run(['rules', 'double-softmax']);
  assert.equal(page.status, 0, page.stderr);
  assert.match(page.stdout, /^# /m, 'the rule page ships with the package');
  const ko = run(['rules', '--lang', 'ko']);
  assert.equal(ko.status, 0, ko.stderr);
  assert.match(ko.stdout, /double-softmax +경고 +CrossEntropyLoss 앞에 소프트맥스가 적용됨/, 'the Korean bundle ships with the package');
  const inspect = run(['inspect', join(installed, 'examples', 'double-softmax.json'), '--json', '--html', join(tmp, 'report.html')]);
  assert.equal(inspect.status, 0, inspect.stderr);
  assert.ok((JSON.parse(inspect.stdout) as { findings: Array<{ rule: string }> }).findings.some((f) => f.rule === 'double-softmax'));
  const html = readFileSync(join(tmp, 'report.html'), 'utf8');
  assert.ok(/<script nonce="[^"]+">/.test(html) && html.length > 100_000, 'the HTML report inlines the webview bundle');
  const lint = run(['lint', join(installed, 'examples', 'scripts', 'train_double_softmax.py'), '--format', 'json']);
  assert.equal(lint.status, 0, lint.stderr);
  assert.match(lint.stdout, /double-softmax/, 'the linter finds its grammar in the package');
  const demo = run(['demo', '--skip-training', '--out', work]);
  assert.equal(demo.status, 0, demo.stderr);
  assert.match(demo.stdout, /example loss cases/);
  // npx / npm exec straight from the tarball, no global install
  const npx = npm(['exec', '--offline', '--yes', `--package=${tarball}`, '--', 'lossdbg', '--version'], work);
  assert.equal(npx.status, 0, npx.stderr);
  assert.equal(npx.stdout.trim(), pkg.version);
  const completion = run(['completion', 'bash']);
  assert.equal(completion.status, 0, completion.stderr);
  assert.match(completion.stdout, /complete -o default -F _lossdbg lossdbg/);
});
