#!/usr/bin/env node
/**
 * Hand-written mutants of threshold comparisons, guards and parser boundaries (issue #21), each
 * with the test file that must kill it. Applies one mutant at a time to the working tree, runs the
 * test file, and restores the source (also on Ctrl-C). Prints killed/SURVIVED per mutant; exits 1
 * when any survives. `node tools/mutation/hand-mutants.mjs [filter]` runs the mutants whose id
 * contains `filter`. Never commit while it runs.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { MUTANTS } from './hand-mutants-list.mjs';

const filter = process.argv[2] ?? '';
const pending = new Map();
const restore = () => { for (const [f, src] of pending) writeFileSync(f, src); pending.clear(); };
process.on('SIGINT', () => { restore(); process.exit(130); });

let survived = 0;
for (const m of MUTANTS.filter((x) => x.id.includes(filter))) {
  const src = readFileSync(m.file, 'utf8');
  const n = src.split(m.from).length - 1;
  if (n !== 1) { console.log(`${m.id}: the original text occurs ${n} times in ${m.file} (update the list)`); survived++; continue; }
  pending.set(m.file, src);
  try {
    writeFileSync(m.file, src.replace(m.from, () => m.to));
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=dot', m.test], { encoding: 'utf8' });
    const killed = r.status !== 0;
    if (!killed) survived++;
    console.log(`${killed ? 'killed  ' : 'SURVIVED'} ${m.id}  (${m.test})`);
  } finally {
    restore();
  }
}
process.exit(survived ? 1 : 0);
