/** Bundles the in-host extension test suite (test/vscode/suite) into one CommonJS file. */
import * as esbuild from 'esbuild';
import { join } from 'node:path';

/** Writes `<outDir>/index.js` and returns its path. */
export async function bundleSuite(outDir: string): Promise<string> {
  const outfile = join(outDir, 'index.js');
  await esbuild.build({
    entryPoints: [join(__dirname, 'suite', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return outfile;
}
