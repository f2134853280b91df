/**
 * Literal expectations for the rule tables: a finding's message, fix, field, edit and its whole
 * evidence object stated in the test (numbers compared to 1e-9 relative, NaN to NaN), so that a change
 * to any text, key or number of a rule fails its table.
 */
import assert from 'node:assert/strict';
import type { Finding } from '../../../../src/diagnostics/types';

export interface Literal {
  message?: string;
  fix?: string;
  field?: string | undefined;
  /** Every key of the evidence, with its value. */
  evidence?: Record<string, unknown>;
  /** The edit (undefined: the finding must carry none). */
  edit?: { path: string[]; value: unknown } | undefined;
}

function same(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number') {
    assert.equal(typeof actual, 'number', `${path}: expected a number, got ${JSON.stringify(actual)}`);
    const a = actual as number;
    if (Number.isNaN(expected)) { assert.ok(Number.isNaN(a), `${path}: expected NaN, got ${a}`); return; }
    if (!Number.isFinite(expected)) { assert.equal(a, expected, path); return; }
    assert.ok(Math.abs(a - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${path}: expected ${expected}, got ${a}`);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array, got ${JSON.stringify(actual)}`);
    assert.equal((actual as unknown[]).length, expected.length, `${path}: length`);
    expected.forEach((e, i) => same((actual as unknown[])[i], e, `${path}[${i}]`));
  } else if (expected && typeof expected === 'object') {
    assert.ok(actual && typeof actual === 'object', `${path}: expected an object, got ${JSON.stringify(actual)}`);
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${path}: keys`);
    for (const [k, v] of Object.entries(expected)) same((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else {
    assert.deepEqual(actual, expected, path);
  }
}

/** An `expect` for ruleTable: the first finding equals `e` in every part `e` names. */
export function literal(e: Literal): (f: Finding, all: Finding[]) => void {
  return (f, all) => {
    assert.equal(all.length, 1, 'one finding');
    if (e.message !== undefined) assert.equal(f.message, e.message);
    if (e.fix !== undefined) assert.equal(f.fix, e.fix);
    if ('field' in e) assert.equal(f.field, e.field);
    if (e.evidence) same(f.evidence, e.evidence, 'evidence');
    if ('edit' in e) {
      if (e.edit === undefined) assert.equal(f.edit, undefined, 'no edit');
      else { assert.ok(f.edit, 'an edit'); assert.deepEqual(f.edit.path, e.edit.path); same(f.edit.value, e.edit.value, 'edit.value'); }
    }
  };
}
