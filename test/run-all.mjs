#!/usr/bin/env node
// `npm test`: every stage in order (build, types, lint, unit + PyTorch reference, webview in Chromium,
// extension in a real VS Code host), output streamed, then one closing line "N passed, N failed".
// LOSSDBG_SKIP=webview,host skips stages (for quick local runs; CI runs everything).
import { spawn } from 'node:child_process';

const skip = new Set((process.env.LOSSDBG_SKIP ?? '').split(',').map((s) => s.trim()).filter(Boolean));
const stages = [
  { id: 'build', cmd: ['npm', 'run', '--silent', 'build'] },
  { id: 'types', cmd: ['npm', 'run', '--silent', 'check-types'] },
  { id: 'lint', cmd: ['npm', 'run', '--silent', 'lint'] },
  { id: 'unit', cmd: ['npm', 'run', '--silent', 'test:unit'], counts: 'node' },
  // The Python package (python/lossdbg) with Debian's python3-torch and python3-pytest; needs the
  // build stage's dist/cli.js (its tests rebuild it when missing or stale). Exit 5 (no tests) fails.
  { id: 'python', cmd: ['/usr/bin/python3', '-m', 'pytest', 'python/tests', '-q', '-p', 'no:cacheprovider'], counts: 'pytest' },
  { id: 'webview', cmd: ['npm', 'run', '--silent', 'test:webview'], counts: 'node' },
  // The VS Code host stage drives a real workbench on a small shared machine: one retry, reported.
  { id: 'host', cmd: ['npm', 'run', '--silent', 'test:host'], counts: 'host', retries: 1 },
];

function run(cmd) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { out += d; process.stderr.write(d); });
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

function counts(kind, out) {
  if (kind === 'pytest') {
    // pytest's summary line: "3 failed, 40 passed, 1 skipped, 2 errors in 12.3s" (any order); these
    // tests never skip, so a skip (e.g. a missing CLI) counts as a failure.
    const line = out.trimEnd().split('\n').reverse().find((l) => / in [\d.]+s/.test(l) && /\d+ (passed|failed|error|skipped|no tests)/.test(l)) ?? '';
    const n = (word) => Number(new RegExp(`(\\d+) ${word}`).exec(line)?.[1] ?? 0);
    return { pass: n('passed'), fail: n('failed') + n('errors?') + n('skipped') };
  }
  if (kind === 'node') {
    const pass = [...out.matchAll(/^ℹ pass (\d+)$/gm)].reduce((s, m) => s + Number(m[1]), 0);
    const fail = [...out.matchAll(/^ℹ fail (\d+)$/gm)].reduce((s, m) => s + Number(m[1]), 0);
    return { pass, fail };
  }
  const m = out.match(/(\d+) of (\d+) checks passed/);
  return m ? { pass: Number(m[1]), fail: Number(m[2]) - Number(m[1]) } : { pass: 0, fail: 0 };
}

let passed = 0;
let failed = 0;
const summary = [];
for (const s of stages) {
  if (skip.has(s.id)) { summary.push(`${s.id}: skipped (LOSSDBG_SKIP)`); continue; }
  console.log(`\n=== ${s.id}: ${s.cmd.join(' ')}`);
  const t0 = Date.now();
  let { code, out } = await run(s.cmd);
  let note = '';
  for (let i = 0; code !== 0 && i < (s.retries ?? 0); i++) {
    const c = counts(s.counts, out);
    note = ` — passed on retry after ${c.fail} failure(s) on the first attempt`;
    console.log(`\n=== ${s.id}: failed (${c.fail} failed); retrying once`);
    ({ code, out } = await run(s.cmd));
    if (code !== 0) note = ' — failed twice';
  }
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (s.counts) {
    const c = counts(s.counts, out);
    passed += c.pass;
    failed += c.fail + (code !== 0 && c.fail === 0 ? 1 : 0);
    summary.push(`${s.id}: ${c.pass} passed, ${c.fail} failed, exit ${code} (${secs} s)${note}`);
  } else {
    if (code !== 0) failed += 1; else passed += 1;
    summary.push(`${s.id}: ${code === 0 ? 'ok' : 'FAILED'} (${secs} s)`);
  }
  if (code !== 0 && s.id === 'build') break;
}
console.log('\n=== summary');
for (const line of summary) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
