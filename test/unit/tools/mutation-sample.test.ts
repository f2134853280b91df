/**
 * The mutation runs' line sampling (tools/mutation/sample.mjs) and scoring (tools/mutation/score.mjs):
 * the sample is reproducible, keeps only code lines, and its ranges cover exactly the kept lines; the
 * score leaves out the equivalents it is given and lists the rest.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
// @ts-expect-error a plain .mjs tool without types
import { candidateLines, ranges, samplePatterns, expandPattern } from '../../../tools/mutation/sample.mjs';

const SRC = [
  '/** doc', ' * more', ' */', "import { x } from './x';", '', 'export function f(a: number): number {',
  '  // a comment', '  if (a > 0) return a;', '  return -a;', '}', '/* one-line */', 'const y = 1;',
].join('\n');

test('candidate lines skip comments, imports, blanks and lone braces', () => {
  assert.deepEqual(candidateLines(SRC), [6, 8, 9, 12]);
});

test('ranges merge consecutive lines', () => {
  assert.deepEqual(ranges('a.ts', [1, 2, 3, 7, 9, 10]), ['a.ts:1-3', 'a.ts:7-7', 'a.ts:9-10']);
  assert.deepEqual(ranges('a.ts', []), []);
});

test('a sample is reproducible, differs by seed, and keeps about the share asked', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lossdbg-sample-'));
  try {
    mkdirSync(join(dir, 'sub'));
    const body = Array.from({ length: 400 }, (_, i) => `const v${i} = ${i} + 1;`).join('\n');
    writeFileSync(join(dir, 'a.ts'), body);
    writeFileSync(join(dir, 'sub', 'b.ts'), body);
    writeFileSync(join(dir, 'sub', 'c.d.ts'), body);
    assert.deepEqual(expandPattern(`${dir}/**/*.ts`).map((p: string) => p.slice(dir.length)), ['/a.ts', '/sub/b.ts']);
    assert.deepEqual(expandPattern(`${dir}/*.ts`).map((p: string) => p.slice(dir.length)), ['/a.ts']);
    const a = samplePatterns([`${dir}/**/*.ts`], 0.25, 7);
    assert.deepEqual(samplePatterns([`${dir}/**/*.ts`], 0.25, 7), a);
    assert.notDeepEqual(samplePatterns([`${dir}/**/*.ts`], 0.25, 8).patterns, a.patterns);
    assert.equal(a.lines, 800);
    assert.ok(a.sampled > 150 && a.sampled < 250, `sampled ${a.sampled} of 800 at 0.25`);
    // The ranges cover exactly the sampled lines.
    let covered = 0;
    for (const p of a.patterns) { const m = /:(\d+)-(\d+)$/.exec(p)!; covered += Number(m[2]) - Number(m[1]) + 1; }
    assert.equal(covered, a.sampled);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('the score leaves out listed equivalents and lists the other survivors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lossdbg-score-'));
  try {
    mkdirSync(join(dir, 'reports', 'mutation'), { recursive: true });
    mkdirSync(join(dir, 'tools', 'mutation', 'equivalents'), { recursive: true });
    const source = 'if (a > 0) return a;\nreturn b;\n';
    const loc = (l: number, c0: number, c1: number) => ({ start: { line: l, column: c0 }, end: { line: l, column: c1 } });
    const mutants = [
      { mutatorName: 'EqualityOperator', replacement: 'a >= 0', location: loc(1, 5, 10), status: 'Survived' },
      { mutatorName: 'ConditionalExpression', replacement: 'true', location: loc(1, 5, 10), status: 'Survived' },
      { mutatorName: 'ConditionalExpression', replacement: 'false', location: loc(1, 5, 10), status: 'Killed' },
      { mutatorName: 'BlockStatement', replacement: '{}', location: loc(2, 1, 10), status: 'NoCoverage' },
      { mutatorName: 'StringLiteral', replacement: '""', location: loc(2, 1, 10), status: 'CompileError' },
    ];
    writeFileSync(join(dir, 'reports', 'mutation', 'x.json'), JSON.stringify({ files: { 'src/x.ts': { source, mutants } } }));
    writeFileSync(join(dir, 'tools', 'mutation', 'equivalents', 'x.json'), JSON.stringify([
      { file: 'src/x.ts', mutator: 'EqualityOperator', original: 'a  >  0', replacement: 'a >= 0', reason: 'a is never 0' },
      { file: 'src/x.ts', mutator: 'EqualityOperator', original: 'b > 0', replacement: 'b >= 0', reason: 'gone' },
    ]));
    const out = JSON.parse(execFileSync(process.execPath, [resolve('tools/mutation/score.mjs'), 'x', '--json'], { cwd: dir, encoding: 'utf8' }));
    assert.equal(out.valid, 4);
    assert.equal(out.detected, 1);
    assert.equal(out.equivalent, 1);
    assert.equal(out.survived, 1);
    assert.equal(out.noCoverage, 1);
    assert.equal(out.score, 25);
    assert.ok(Math.abs(out.scoreWithoutEquivalents - 100 / 3) < 1e-9);
    assert.equal(out.open.length, 2);
    assert.match(out.open[0], /^src\/x\.ts:1 {2}Survived {2}ConditionalExpression {2}a > 0 → true$/);
    assert.deepEqual(out.staleEquivalents, ['src/x.ts EqualityOperator b > 0 → b >= 0']);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
