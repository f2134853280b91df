/**
 * Line sampling for mutation runs (`npm run test:mutation -- <area> --sample 0.2 [--seed 1]`): a whole
 * area is thousands of mutants (hours on two cores), so a run can test the mutants of a random,
 * reproducible share of the area's code lines instead. Each file's candidate lines (not blank, not a
 * comment, not an import) are kept with probability `fraction` by a seeded generator; kept lines are
 * merged into ranges and handed to StrykerJS as `file:start-end` patterns. The score of such a run is an
 * estimate of the area's score (docs/testing.md gives it with its interval); mutants that span more
 * than the sampled lines (a whole block removed) are not in the sample.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The .ts files (not .d.ts) a pattern names: `dir/**\/*.ts`, `dir/*.ts` or one file. */
export function expandPattern(pattern) {
  const deep = pattern.match(/^(.*)\/\*\*\/\*\.ts$/);
  const flat = pattern.match(/^(.*)\/\*\.ts$/);
  if (!deep && !flat) return [pattern];
  const base = (deep ?? flat)[1];
  const out = [];
  const walk = (dir, recurse) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) { if (recurse) walk(p, true); } else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
    }
  };
  walk(base, Boolean(deep));
  return out;
}

/** A small seeded generator (mulberry32): the same seed picks the same lines. */
export function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lines that can hold a mutant: not blank, not a comment line, not an import or a type-only line. */
export function candidateLines(source) {
  const lines = source.split('\n');
  const out = [];
  let inComment = false;
  for (let i = 0; i < lines.length; i++) {
    const s = lines[i].trim();
    if (inComment) { if (s.includes('*/')) inComment = false; continue; }
    if (s.startsWith('/*')) { if (!s.includes('*/')) inComment = true; continue; }
    if (s === '' || s.startsWith('//') || s.startsWith('*') || /^(import|export \{|export type|export \* from)\b/.test(s) || /^[})\];,]*$/.test(s)) continue;
    out.push(i + 1);
  }
  return out;
}

/** Merges sorted line numbers into `file:start-end` patterns. */
export function ranges(file, lines) {
  const out = [];
  let start = -1, prev = -1;
  for (const n of lines) {
    if (n === prev + 1) { prev = n; continue; }
    if (start > 0) out.push(`${file}:${start}-${prev}`);
    start = prev = n;
  }
  if (start > 0) out.push(`${file}:${start}-${prev}`);
  return out;
}

/** The mutate patterns of a sample: `fraction` of each file's candidate lines, chosen by `seed`. */
export function samplePatterns(patterns, fraction, seed) {
  const next = generator(seed);
  const files = [...new Set(patterns.flatMap(expandPattern))];
  let total = 0, kept = 0;
  const out = [];
  for (const f of files) {
    const cand = candidateLines(readFileSync(f, 'utf8'));
    const pick = cand.filter(() => next() < fraction);
    total += cand.length; kept += pick.length;
    out.push(...ranges(f, pick));
  }
  return { patterns: out, files: files.length, lines: total, sampled: kept };
}
