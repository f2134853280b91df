/**
 * `npm run test:vscode`: the same in-host extension tests in desktop VS Code, through
 * @vscode/test-electron (downloads VS Code, so it needs network access to update.code.visualstudio.com;
 * machines without it use `npm run test:host`, which runs the suite in code-server).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { bundleSuite } from './bundle';
import { writeWorkspace } from './workspace';

async function main(): Promise<number> {
  const root = resolve(__dirname, '..', '..');
  const run = mkdtempSync(join(tmpdir(), 'lossdbg-electron-'));
  try {
    const ws = join(run, 'workspace');
    writeWorkspace(ws, root);
    const suite = await bundleSuite(join(run, 'suite'));
    await runTests({
      version: process.env.VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: root,
      extensionTestsPath: suite,
      launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(run, 'user')],
    });
    return 0;
  } catch (e) {
    console.error(`extension tests failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    rmSync(run, { recursive: true, force: true });
  }
}

void main().then((code) => process.exit(code));
