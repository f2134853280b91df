/**
 * Table-driven tests for diagnostic rules.
 *
 * How to add a rule's tests (one file per rule or per group, e.g. `rules/history.test.ts` next to this file):
 *
 *   import { ruleTable, mkCase } from '../harness';      // from test/unit/diagnostics/rules/
 *   import { myRule } from '../../../../src/diagnostics/rules/my-rule';
 *   ruleTable(myRule, {
 *     severity: 'warning',
 *     fires: [{ name: 'softmax output', case: mkCase({ loss: 'CrossEntropyLoss', input: [[0.7, 0.2, 0.1]], target: [0] }),
 *               expect: { evidence: { rows: 1 }, fix: /log_softmax/ } }],
 *     silent: [{ name: 'logits', case: mkCase({ loss: 'CrossEntropyLoss', input: [[2.1, -0.3, 0.4]], target: [0] }) }],
 *   });
 *
 * `mkCase` builds a `LossCase` from plain nested arrays (shape inferred). The loss is a type name or
 * `{ type, ...args }` with tensors (`weight`, `pos_weight`) as plain arrays. Dtypes: input defaults to
 * float32; the target to int64 when it holds whole numbers for CrossEntropyLoss/NLLLoss with a shape
 * different from the input's, else float32. Override with `inputDtype` / `targetDtype`, or pass a
 * `Tensor` (`tensor(data, shape, dtype)`) directly for big programmatic cases.
 *
 * Each table must have at least one firing and one silent case, and states the severity its findings
 * carry literally (`severity`), never read back from the rule object: a mutant that changes a rule's
 * severity must fail its table. A case whose finding carries another severity (a rule that escalates
 * or softens per finding) says so with `severity` (or `expect: { severity }`) on the case. A firing case passes when the rule
 * returns at least one finding (and none is an internal error), every finding is well formed
 * (message, fix, evidence, docs link) and has the expected severity; `expect` adds checks. A silent case passes when the rule
 * returns nothing. Cases run through the same path as `runDiagnostics` (`prepareCase` + `runRule`),
 * so the recomputed loss is available to the rule just as in production.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeSpec, isClassLoss, type LossSpec, type LossType } from '../../../src/engine/losses/spec';
import { tensor, type DType, type Tensor } from '../../../src/engine/tensor';
import type { CaseHistory, CaseMeta, LossCase } from '../../../src/io/types';
import { prepareCase, runRule } from '../../../src/diagnostics/run';
import type { Finding, Rule } from '../../../src/diagnostics/types';

export type NestedInput = number | NestedInput[];
export type TensorLike = Tensor | NestedInput;

export interface CaseInit {
  loss: LossType | ({ type: LossType } & Record<string, unknown>);
  input: TensorLike;
  target: TensorLike;
  meta?: CaseMeta;
  history?: CaseHistory;
  inputDtype?: DType;
  targetDtype?: DType;
}

function isTensor(x: unknown): x is Tensor {
  return typeof x === 'object' && x !== null && 'data' in x && 'shape' in x && 'dtype' in x;
}

/** Flattens nested arrays (C order) and infers the shape; throws on ragged input. */
export function flatten(x: NestedInput): { data: number[]; shape: number[] } {
  const shape: number[] = [];
  let probe: NestedInput = x;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  const data: number[] = [];
  const walk = (v: NestedInput, dim: number): void => {
    if (dim === shape.length) {
      if (Array.isArray(v)) throw new Error('flatten: ragged nested array');
      data.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[dim]) throw new Error('flatten: ragged nested array');
    for (const e of v) walk(e, dim + 1);
  };
  walk(x, 0);
  return { data, shape };
}

export function toTensor(x: TensorLike, dtype: DType): Tensor {
  if (isTensor(x)) return x;
  const { data, shape } = flatten(x);
  return tensor(Float64Array.from(data), shape, dtype);
}

export function mkCase(init: CaseInit): LossCase {
  const lossInit = typeof init.loss === 'string' ? { type: init.loss } : init.loss;
  const { type, ...rawArgs } = lossInit;
  const args: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rawArgs)) {
    args[k] = (k === 'weight' || k === 'pos_weight') && v !== undefined ? toTensor(v as TensorLike, 'float32') : v;
  }
  const spec: LossSpec = makeSpec(type, args as Partial<Omit<LossSpec, 'type'>>);
  const input = toTensor(init.input, init.inputDtype ?? 'float32');
  let target: Tensor;
  if (isTensor(init.target)) {
    target = init.target;
  } else {
    const { data, shape } = flatten(init.target);
    let dtype: DType = init.targetDtype ?? 'float32';
    if (!init.targetDtype && isClassLoss(type)) {
      const whole = data.every((v) => Number.isInteger(v));
      const sameAsInput = shape.length === input.shape.length && shape.every((d, i) => d === input.shape[i]);
      if (whole && !sameAsInput) dtype = 'int64';
    }
    target = tensor(Float64Array.from(data), shape, dtype);
  }
  const c: LossCase = { loss: spec, input, target, meta: init.meta ?? {}, spans: {} };
  if (init.history) c.history = init.history;
  return c;
}

export interface FindingExpectation {
  severity?: Finding['severity'];
  message?: RegExp;
  fix?: RegExp;
  field?: string;
  /** Evidence values that must match (numbers to 1e-6 relative, arrays element-wise, strings exactly). */
  evidence?: Record<string, unknown>;
  edit?: { path: string[]; value?: unknown };
}

export interface FiringCase {
  name: string;
  case: LossCase | (() => LossCase);
  options?: Record<string, number>;
  /** The severity of this case's findings when it is not the table's (same as `expect.severity`). */
  severity?: Finding['severity'];
  expect?: FindingExpectation | ((f: Finding, all: Finding[]) => void);
}

export interface SilentCase {
  name: string;
  case: LossCase | (() => LossCase);
  options?: Record<string, number>;
}

function approxEqual(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number') {
    assert.equal(typeof actual, 'number', `${path}: expected a number, got ${JSON.stringify(actual)}`);
    const a = actual as number;
    if (Number.isNaN(expected)) { assert.ok(Number.isNaN(a), `${path}: expected NaN, got ${a}`); return; }
    const tol = 1e-6 * Math.max(1, Math.abs(expected));
    assert.ok(Math.abs(a - expected) <= tol, `${path}: expected ≈ ${expected}, got ${a}`);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array, got ${JSON.stringify(actual)}`);
    const arr = actual as unknown[];
    assert.equal(arr.length, expected.length, `${path}: length`);
    expected.forEach((e, i) => approxEqual(arr[i], e, `${path}[${i}]`));
  } else if (expected instanceof RegExp) {
    assert.match(String(actual), expected, path);
  } else if (expected && typeof expected === 'object') {
    assert.ok(actual && typeof actual === 'object', `${path}: expected an object`);
    for (const [k, v] of Object.entries(expected)) approxEqual((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else {
    assert.deepEqual(actual, expected, path);
  }
}

/** Checks every finding a rule returns is well formed. */
export function assertWellFormed(rule: Rule, f: Finding): void {
  assert.equal(f.rule, rule.id);
  assert.ok(f.title.length > 0, 'title');
  assert.ok(f.message.length > 10, 'message must say what is wrong');
  assert.ok(f.fix.length > 0, 'fix must be given');
  assert.equal(f.docs, `docs/rules/${rule.id}.md`);
  assert.ok(Object.keys(f.evidence).length > 0, 'evidence must carry the numbers');
  assert.doesNotThrow(() => JSON.stringify(f), 'finding must be JSON-serialisable');
  assert.notEqual(f.title, 'Rule failed (internal error)', `rule threw: ${f.message}`);
}

/** Runs a rule on a case exactly as runDiagnostics would. */
export function check(rule: Rule, c: LossCase, options?: Record<string, number>): Finding[] {
  return runRule(rule, prepareCase(c), options);
}

export function ruleTable(rule: Rule, table: { severity: Finding['severity']; fires: FiringCase[]; silent: SilentCase[] }): void {
  describe(`rule ${rule.id}`, () => {
    it('has at least one firing and one silent case, and a doc page', () => {
      assert.ok(table.fires.length >= 1, 'no firing case');
      assert.ok(table.silent.length >= 1, 'no silent case');
      assert.match(rule.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(existsSync(join(__dirname, '..', '..', '..', 'docs', 'rules', `${rule.id}.md`)), `docs/rules/${rule.id}.md`);
    });
    for (const fc of table.fires) {
      it(`fires: ${fc.name}`, () => {
        const c = typeof fc.case === 'function' ? fc.case() : fc.case;
        const all = check(rule, c, fc.options);
        assert.ok(all.length >= 1, `expected '${rule.id}' to fire`);
        const severity = fc.severity ?? (typeof fc.expect === 'object' ? fc.expect.severity : undefined) ?? table.severity;
        for (const f of all) {
          assertWellFormed(rule, f);
          assert.equal(f.severity, severity, `severity of '${f.message.slice(0, 80)}…'`);
        }
        const f = all[0];
        if (typeof fc.expect === 'function') {
          fc.expect(f, all);
        } else if (fc.expect) {
          const e = fc.expect;
          if (e.message) assert.match(f.message, e.message);
          if (e.fix) assert.match(f.fix, e.fix);
          if (e.field !== undefined) assert.equal(f.field, e.field);
          if (e.evidence) approxEqual(f.evidence, e.evidence, 'evidence');
          if (e.edit) {
            assert.ok(f.edit, 'expected an edit');
            assert.deepEqual(f.edit.path, e.edit.path);
            if ('value' in e.edit) approxEqual(f.edit.value, e.edit.value, 'edit.value');
          }
        }
      });
    }
    for (const sc of table.silent) {
      it(`silent: ${sc.name}`, () => {
        const c = typeof sc.case === 'function' ? sc.case() : sc.case;
        const all = check(rule, c, sc.options);
        assert.deepEqual(all.map((f) => `${f.severity}: ${f.message}`), [], `expected '${rule.id}' to stay silent`);
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Realistic programmatic cases (seeded)

/** Seeded PRNG (mulberry32) with normal samples. */
export function seeded(seed: number): { uniform: () => number; normal: () => number; int: (n: number) => number } {
  let a = seed >>> 0;
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    const u = Math.max(uniform(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
  return { uniform, normal, int: (n: number) => Math.floor(uniform() * n) };
}

/**
 * A realistic classifier: N samples over K classes drawn with the given class probabilities,
 * logits = margin at the true class + N(0, noise) noise everywhere (so a partly trained model).
 */
export function classifierLogits(opts: {
  n: number; k: number; seed: number; margin?: number; noise?: number; classProbs?: number[];
}): { logits: Float32Array; labels: Float64Array } {
  const { n, k, seed } = opts;
  const margin = opts.margin ?? 2;
  const noise = opts.noise ?? 1.5;
  const r = seeded(seed);
  const probs = opts.classProbs ?? new Array<number>(k).fill(1 / k);
  const cum: number[] = [];
  probs.reduce((s, p, i) => (cum[i] = s + p), 0);
  const logits = new Float32Array(n * k);
  const labels = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = r.uniform() * cum[k - 1];
    let y = cum.findIndex((c) => u < c);
    if (y < 0) y = k - 1;
    labels[i] = y;
    for (let c = 0; c < k; c++) logits[i * k + c] = r.normal() * noise + (c === y ? margin : 0);
  }
  return { logits, labels };
}
