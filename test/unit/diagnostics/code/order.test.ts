/**
 * The order of runCodeRules' findings (src/diagnostics/code/index.ts) is a total order — file, then
 * line, then column, then severity (error, warning, info) — whatever order the dataflow found the
 * losses in and however many findings there are (the CLI, SARIF and the Problems panel list them
 * as returned).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCodeRules } from '../../../../src/diagnostics/code/index';
import type { ActFact, CodeFacts, LossUse, OpUse, Site } from '../../../../src/diagnostics/code/types';

const site = (file: string, line: number, column = 0): Site => ({ file, span: { line, column, endLine: line, endColumn: column + 5 } });
/** A softmax over dim=0 of a batched output into cross_entropy: class-dim-misplaced (error) and double-softmax (warning) at the softmax. */
const overBatch = (at: Site, call: Site): LossUse => ({
  loss: 'CrossEntropyLoss', form: 'functional', name: 'F.cross_entropy', call, ctor: call, args: {},
  input: { act: { kind: 'softmax', dim: 0, form: 'F.softmax(…)', site: at, batched: true } }, target: {}, inputSite: call, divided: false, backward: false,
});
/** The same softmax without dim: softmax-implicit-dim (info) at the same place. */
const noDim = (at: Site): OpUse => ({ op: 'softmax-no-dim', site: at, act: { kind: 'softmax', dim: null, form: 'F.softmax(…)', site: at, batched: true } as ActFact });
const key = (f: { site: Site; rule: string; severity: string }): string => `${f.site.file}:${f.site.span.line}:${f.site.span.column} ${f.severity} ${f.rule}`;

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

test('runCodeRules: file before line whichever way the lines compare, and the same order for every order of the losses', () => {
  const at = [site('/b.py', 1, 4), site('/a.py', 9, 0), site('/a.py', 2, 7), site('/c.py', 0, 0)];
  const expected = [
    '/a.py:2:7 error class-dim-misplaced', '/a.py:2:7 warning double-softmax',
    '/a.py:9:0 error class-dim-misplaced', '/a.py:9:0 warning double-softmax',
    '/b.py:1:4 error class-dim-misplaced', '/b.py:1:4 warning double-softmax',
    '/c.py:0:0 error class-dim-misplaced', '/c.py:0:0 warning double-softmax',
  ];
  for (const order of permutations(at)) {
    const facts: CodeFacts = { losses: order.map((s) => overBatch(s, site(s.file, s.span.line + 1))), ops: [] };
    assert.deepEqual(runCodeRules(facts).map(key), expected, order.map((s) => `${s.file}:${s.span.line}`).join(' '));
  }
});

test('runCodeRules: hundreds of findings, three at each place (error, warning, info), come out sorted', () => {
  const places: Site[] = [];
  for (let f = 0; f < 3; f++) for (let line = 0; line < 40; line++) places.push(site(`/p/m${f}.py`, (line * 7) % 40, line % 3));
  const facts: CodeFacts = { losses: places.map((s) => overBatch(s, site(s.file, s.span.line, 30))), ops: places.map(noDim) };
  const got = runCodeRules(facts);
  assert.equal(got.length, places.length * 3);
  const rank = { error: 0, warning: 1, info: 2 } as const;
  for (let i = 1; i < got.length; i++) {
    const a = got[i - 1], b = got[i];
    const ord = a.site.file.localeCompare(b.site.file) || a.site.span.line - b.site.span.line || a.site.span.column - b.site.span.column || rank[a.severity] - rank[b.severity];
    assert.ok(ord < 0, `${key(a)} before ${key(b)}`);
  }
});
