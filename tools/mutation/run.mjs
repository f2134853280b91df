#!/usr/bin/env node
// `npm run test:mutation -- <area> [--mutate glob,glob] [--tests glob,glob]`: StrykerJS over one area (tools/mutation/areas.mjs),
// at low priority and one test process at a time. Not part of `npm test` or CI (hours on 2 cores).
import { spawnSync } from 'node:child_process';
import { AREAS } from './areas.mjs';

const args = process.argv.slice(2);
const area = args[0];
if (!area || !(area in AREAS)) {
  console.error(`usage: npm run test:mutation -- <area> [--mutate glob,glob] [--tests glob,glob]\nareas: ${Object.keys(AREAS).join(', ')}`);
  process.exit(2);
}
const env = { ...process.env };
const m = args.indexOf('--mutate');
if (m >= 0) {
  if (!args[m + 1]) { console.error('--mutate needs comma-separated globs'); process.exit(2); }
  env.LOSSDBG_MUTATE = args[m + 1];
}
const t = args.indexOf('--tests');
if (t >= 0) {
  if (!args[t + 1]) { console.error('--tests needs comma-separated globs'); process.exit(2); }
  env.LOSSDBG_MUTATION_TESTS = args[t + 1];
}
const t0 = Date.now();
const r = spawnSync('nice', ['-n', '10', 'npx', 'stryker', 'run', `tools/mutation/${area}.config.mjs`], { stdio: 'inherit', env });
console.log(`mutation ${area}: ${Math.round((Date.now() - t0) / 60000)} min`);
process.exit(r.status ?? 1);
