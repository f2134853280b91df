/**
 * Robustness: any byte string, any JSON value, any truncation or byte mutation of a valid case gives
 * either a LossCase or a LossDebuggerError — never another exception.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LossDebuggerError } from '../../../src/errors';
import { caseFromObject, parseCase, parseJson } from '../../../src/io';

function outcome(f: () => unknown): 'ok' | 'error' {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (e instanceof LossDebuggerError) {
      assert.ok(e.message.length > 0 && !e.message.includes('\n'));
      return 'error';
    }
    throw new Error(`not a LossDebuggerError: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
}

const valid = [
  '{"loss": {"type": "CrossEntropyLoss", "ignore_index": 0, "label_smoothing": 0.1, "weight": [1.0, 2.0, 0.5]},\n "input": [[2.0, 1.0, 0.1], [0.5, NaN, 0.3]],\n "target": [0, 2],\n "meta": {"class_names": ["a", "b", "c"], "pad_token_id": 0, "reported_loss": 1.25},\n "history": {"train": [2.3, 1.9, Infinity], "val": [2.4]}}',
  '{"loss": "BCEWithLogitsLoss", "input": {"shape": [2, 2], "data": [0.1, -0.2, 3e2, -1e-3], "dtype": "float32"}, "target": {"shape": [2, 2], "data": [0, 1, 1, 0]}}',
  '{"loss": {"type": "KLDivLoss", "reduction": "batchmean", "log_target": false}, "input": [[-1.2, -0.4]], "target": [[0.3, 0.7]]}',
];

test('any byte string: a case or a LossDebuggerError', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => { outcome(() => parseCase(b, { file: 'f.json' })); }), { numRuns: 1500 });
});

test('any JSON value (as text and as an object): a case or a LossDebuggerError', () => {
  fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
    outcome(() => parseCase(JSON.stringify(v)));
    outcome(() => caseFromObject(v));
  }), { numRuns: 800 });
});

test('objects shaped like cases, with random parts: a case or a LossDebuggerError', () => {
  const tensorish = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.array(fc.array(fc.double(), { maxLength: 4 }), { maxLength: 4 }),
    fc.record({ shape: fc.array(fc.integer({ min: -2, max: 4 }), { maxLength: 3 }), data: fc.array(fc.double(), { maxLength: 12 }), dtype: fc.constantFrom('float32', 'int64', 'bool', 'uint8', 'float16', 'x') }, { requiredKeys: ['shape', 'data'] }),
  );
  const loss = fc.oneof(fc.constantFrom('CrossEntropyLoss', 'NLLLoss', 'BCELoss', 'MSELoss', 'KLDivLoss', 'x'),
    fc.record({ type: fc.constantFrom('CrossEntropyLoss', 'BCEWithLogitsLoss', 'HuberLoss'), weight: tensorish, pos_weight: tensorish, ignore_index: fc.jsonValue(), delta: fc.double() }, { requiredKeys: ['type'] }));
  fc.assert(fc.property(fc.record({ loss, input: tensorish, target: tensorish, meta: fc.jsonValue({ maxDepth: 2 }), history: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: ['loss', 'input', 'target'] }), (obj) => {
    outcome(() => caseFromObject(obj));
    outcome(() => parseCase(JSON.stringify(obj)));
  }), { numRuns: 800 });
});

test('truncations of valid cases: always a LossDebuggerError', () => {
  for (const v of valid) {
    assert.equal(outcome(() => parseCase(v)), 'ok');
    for (let n = 0; n < v.length; n++) {
      const cut = v.slice(0, n);
      assert.equal(outcome(() => parseCase(cut)), 'error', `accepted a truncation at ${n}`);
    }
  }
});

test('random byte mutations of valid cases: a case or a LossDebuggerError', () => {
  const enc = new TextEncoder();
  fc.assert(fc.property(fc.integer({ min: 0, max: valid.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (k, muts) => {
    const b = enc.encode(valid[k]);
    for (const [pos, byte] of muts) b[pos % b.length] = byte;
    outcome(() => parseCase(b));
    outcome(() => parseJson(b));
  }), { numRuns: 2000 });
});
