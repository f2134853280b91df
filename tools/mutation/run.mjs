#!/usr/bin/env node
// `npm run test:mutation -- <area> [--mutate glob,glob] [--tests glob,glob] [--sample F [--seed N]]`:
// StrykerJS over one area (tools/mutation/areas.mjs), at low priority and one test process at a time.
// --sample F tests the mutants of a random share F of the code lines (tools/mutation/sample.mjs); the
// seed (default 1) makes the sample reproducible. `node tools/mutation/score.mjs <area>` reads the result.
// Not part of `npm test` or CI (hours on 2 cores).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { AREAS } from './areas.mjs';
import { samplePatterns } from './sample.mjs';

const args = process.argv.slice(2);
const area = args[0];
if (!area || !(area in AREAS)) {
  console.error(`usage: npm run test:mutation -- <area> [--mutate glob,glob] [--tests glob,glob] [--sample F [--seed N]]\nareas: ${Object.keys(AREAS).join(', ')}`);
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
const sIdx = args.indexOf('--sample');
if (sIdx >= 0) {
  const fraction = Number(args[sIdx + 1]);
  if (!(fraction > 0 && fraction <= 1)) { console.error('--sample needs a share of lines in (0, 1], e.g. 0.2'); process.exit(2); }
  const k = args.indexOf('--seed');
  const seed = k >= 0 ? Number(args[k + 1]) : 1;
  if (!Number.isInteger(seed)) { console.error('--seed needs an integer'); process.exit(2); }
  const base = env.LOSSDBG_MUTATE ? env.LOSSDBG_MUTATE.split(',') : AREAS[area].mutate;
  if (base.some((p) => /:\d/.test(p))) { console.error('--sample cannot be combined with line ranges in --mutate'); process.exit(2); }
  const s = samplePatterns(base, fraction, seed);
  env.LOSSDBG_MUTATE = s.patterns.join(',');
  mkdirSync('reports/mutation', { recursive: true });
  writeFileSync(`reports/mutation/${area}.sample.json`, JSON.stringify({ fraction, seed, from: base, ...s }, null, 1));
  console.log(`mutation ${area}: sample of ${s.sampled} of ${s.lines} code lines in ${s.files} files (share ${fraction}, seed ${seed})`);
}
const t0 = Date.now();
const r = spawnSync('nice', ['-n', '10', 'npx', 'stryker', 'run', `tools/mutation/${area}.config.mjs`], { stdio: 'inherit', env });
console.log(`mutation ${area}: ${Math.round((Date.now() - t0) / 60000)} min`);
process.exit(r.status ?? 1);
