#!/usr/bin/env node
/**
 * `node tools/mutation/score.mjs <area> [--json]`: the score of the last mutation run of an area
 * (reports/mutation/<area>.json), per file and in total, with and without the survivors judged
 * equivalent in tools/mutation/equivalents/<area>.json, and for a sampled run (--sample) the 95 %
 * Wilson interval of the area's score. Also lists the surviving and uncovered mutants that are not
 * judged equivalent (file:line, mutator, original → replacement), the list to write tests against.
 *
 * An equivalent is {file, mutator, original, replacement, reason, context?}: `original` is the mutated
 * source text (whitespace collapsed), so an entry keeps matching when lines move; `context`, a piece of
 * the mutant's line, is needed when the same text is mutated the same way on several lines. Every
 * entry must match a mutant of the report it is applied to, or it is listed as stale.
 */
import { existsSync, readFileSync } from 'node:fs';

const [area, ...rest] = process.argv.slice(2);
if (!area) { console.error('usage: node tools/mutation/score.mjs <area> [--json] [--sample reports/mutation/<area>.sample.json]'); process.exit(2); }
const reportPath = `reports/mutation/${area}.json`;
if (!existsSync(reportPath)) { console.error(`${reportPath}: no report; run npm run test:mutation -- ${area} first`); process.exit(2); }
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const eqPath = `tools/mutation/equivalents/${area}.json`;
const equivalents = existsSync(eqPath) ? JSON.parse(readFileSync(eqPath, 'utf8')) : [];
const squash = (s) => s.replace(/\s+/g, ' ').trim();

function originalText(source, loc) {
  const lines = source.split('\n');
  const { start, end } = loc;
  if (start.line === end.line) return lines[start.line - 1].slice(start.column - 1, end.column - 1);
  const parts = [lines[start.line - 1].slice(start.column - 1)];
  for (let l = start.line; l < end.line - 1; l++) parts.push(lines[l]);
  parts.push(lines[end.line - 1].slice(0, end.column - 1));
  return parts.join('\n');
}

// --sample FILE: only the mutants inside that sample's line ranges. An incremental run's report also
// carries the mutants of the previous run that are outside this run's ranges (another seed's sample).
const sIdx = rest.indexOf('--sample');
let inSample = () => true;
if (sIdx >= 0) {
  const ranges = JSON.parse(readFileSync(rest[sIdx + 1], 'utf8')).patterns.map((p) => {
    const m = /^(.*):(\d+)-(\d+)$/.exec(p);
    return { file: m[1], from: Number(m[2]), to: Number(m[3]) };
  });
  inSample = (file, loc) => ranges.some((r) => r.file === file && loc.start.line >= r.from && loc.end.line <= r.to);
}

const used = new Set();
// An optional `context` (text of the mutant's first source line, whitespace collapsed) tells apart
// mutants with the same original and replacement on different lines (`i < d.length` in two loops).
function equivalentOf(file, m, original, source) {
  const line = squash(source.split('\n')[m.location.start.line - 1] ?? '');
  const i = equivalents.findIndex((e) => e.file === file && e.mutator === m.mutatorName &&
    squash(e.original) === squash(original) && squash(e.replacement) === squash(m.replacement ?? '') &&
    (e.context === undefined || line.includes(squash(e.context))));
  if (i >= 0) used.add(i);
  return i >= 0;
}

const rows = [];
const open = [];
const sum = { mutants: 0, valid: 0, detected: 0, survived: 0, noCoverage: 0, equivalent: 0 };
for (const [file, f] of Object.entries(report.files).sort()) {
  const r = { file, mutants: 0, valid: 0, detected: 0, survived: 0, noCoverage: 0, equivalent: 0 };
  for (const m of f.mutants) {
    if (!inSample(file, m.location)) continue;
    r.mutants++;
    if (m.status === 'CompileError' || m.status === 'Ignored' || m.status === 'RuntimeError') continue;
    r.valid++;
    if (m.status === 'Killed') { r.detected++; continue; }
    const original = originalText(f.source, m.location);
    // A mutant judged equivalent that timed out was slowed by the machine's load, not detected.
    if (equivalentOf(file, m, original, f.source)) { r.equivalent++; continue; }
    if (m.status === 'Timeout') { r.detected++; continue; }
    if (m.status === 'NoCoverage') r.noCoverage++; else r.survived++;
    open.push(`${file}:${m.location.start.line}  ${m.status}  ${m.mutatorName}  ${squash(original).slice(0, 60)} → ${squash(m.replacement ?? '').slice(0, 60)}`);
  }
  for (const k of Object.keys(sum)) sum[k] += r[k];
  if (r.mutants) rows.push(r);
}
const pct = (a, b) => (b ? (100 * a / b).toFixed(1) + ' %' : '—');
// Wilson 95 % interval for a sampled run's share of detected among non-equivalent mutants.
function wilson(k, n) {
  if (!n) return null;
  const z = 1.96, p = k / n, d = 1 + z * z / n;
  const c = (p + z * z / (2 * n)) / d, h = (z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / d;
  return [100 * (c - h), 100 * (c + h)];
}
const nonEq = sum.valid - sum.equivalent;
const result = {
  area, ...sum,
  score: sum.valid ? 100 * sum.detected / sum.valid : null,
  scoreWithoutEquivalents: nonEq ? 100 * sum.detected / nonEq : null,
  interval95: wilson(sum.detected, nonEq),
  files: rows,
  open,
  staleEquivalents: equivalents.filter((_, i) => !used.has(i)).map((e) => `${e.file} ${e.mutator} ${e.original} → ${e.replacement}`),
};
if (rest.includes('--json')) { console.log(JSON.stringify(result, null, 2)); process.exit(0); }
console.log('file | mutants | valid | detected | survived | no coverage | equivalent | score | w/o equivalents');
for (const r of rows) console.log(`${r.file} | ${r.mutants} | ${r.valid} | ${r.detected} | ${r.survived} | ${r.noCoverage} | ${r.equivalent} | ${pct(r.detected, r.valid)} | ${pct(r.detected, r.valid - r.equivalent)}`);
console.log(`TOTAL | ${sum.mutants} | ${sum.valid} | ${sum.detected} | ${sum.survived} | ${sum.noCoverage} | ${sum.equivalent} | ${pct(sum.detected, sum.valid)} | ${pct(sum.detected, nonEq)}`);
if (result.interval95) console.log(`95 % interval (Wilson; for a sampled run, the area's score without equivalents): ${result.interval95.map((x) => x.toFixed(1)).join('–')} %`);
if (open.length) console.log(`\nnot detected, not judged equivalent (${open.length}):\n${open.join('\n')}`);
if (result.staleEquivalents.length) console.log(`\nequivalents that match no mutant of this report (stale, or not in this run's sample):\n${result.staleEquivalents.join('\n')}`);
