/** schema/losscase.schema.json must stay in step with LOSS_TYPES / LOSS_ARGS and the loader. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LOSS_ARGS, LOSS_TYPES } from '../../../src/engine/losses/spec';
import { DTYPES } from '../../../src/engine/tensor';
import { parseJson, type JsonValue } from '../../../src/io';

interface PerType { if: { properties: { type: { const: string } } }; then: { properties: Record<string, Record<string, unknown>>; additionalProperties: boolean } }
interface Schema {
  $schema: string;
  required: string[];
  properties: Record<string, { oneOf?: [{ enum: string[] }, { properties: { type: { enum: string[] } }; allOf: PerType[] }] }>;
  definitions: { tensor: { anyOf: { properties?: { dtype?: { enum: string[] } } }[] } };
}

const text = readFileSync(join(__dirname, '../../../schema/losscase.schema.json'), 'utf8');

test('the schema is valid JSON, draft-07, requiring loss/input/target', () => {
  const s = JSON.parse(text) as Schema;
  assert.equal(s.$schema, 'http://json-schema.org/draft-07/schema#');
  assert.deepEqual(s.required, ['loss', 'input', 'target']);
  // every $ref resolves
  for (const m of text.matchAll(/"\$ref": "#\/definitions\/([^"]+)"/g)) assert.ok(m[1] in s.definitions, m[1]);
});

test('loss types and argument names match LOSS_TYPES / LOSS_ARGS exactly', () => {
  const s = JSON.parse(text) as Schema;
  const oneOf = s.properties.loss.oneOf;
  assert.ok(oneOf);
  const [asString, asObject] = oneOf;
  assert.deepEqual([...asString.enum].sort(), [...LOSS_TYPES].sort());
  assert.deepEqual([...asObject.properties.type.enum].sort(), [...LOSS_TYPES].sort());
  const seen = asObject.allOf.map((b) => b.if.properties.type.const);
  assert.deepEqual([...seen].sort(), [...LOSS_TYPES].sort());
  for (const b of asObject.allOf) {
    const t = b.if.properties.type.const as keyof typeof LOSS_ARGS;
    const names = Object.keys(b.then.properties).filter((k) => k !== 'type').sort();
    assert.deepEqual(names, Object.keys(LOSS_ARGS[t]).sort(), t);
    assert.equal(b.then.additionalProperties, false);
    for (const [k, info] of Object.entries(LOSS_ARGS[t])) {
      const a = b.then.properties[k];
      if (info.kind === 'number') {
        if (info.min !== undefined) assert.equal(a[info.minExclusive ? 'exclusiveMinimum' : 'minimum'], info.min, `${t}.${k}`);
        if (info.max !== undefined) assert.equal(a.maximum, info.max, `${t}.${k}`);
      }
      if (info.kind === 'reduction') assert.equal((a.enum as string[]).includes('batchmean'), t === 'KLDivLoss');
      if (info.kind === 'int') assert.equal(a.type, 'integer');
    }
  }
});

test('the schema lists every dtype', () => {
  const s = JSON.parse(text) as Schema;
  const withDtype = s.definitions.tensor.anyOf.find((x) => x.properties?.dtype);
  assert.deepEqual(withDtype?.properties?.dtype?.enum, [...DTYPES]);
});

// ---- a small draft-07 validator for the keywords the schema uses --------------------------------

type S = { [k: string]: unknown };

function typeOf(v: JsonValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function valid(root: S, schema: S, v: JsonValue): boolean {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/definitions/', '');
    return valid(root, (root.definitions as Record<string, S>)[name], v);
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type as string[] : [schema.type as string];
    const t = typeOf(v);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) return false;
  }
  if (schema.enum && !(schema.enum as JsonValue[]).includes(v)) return false;
  if ('const' in schema && schema.const !== v) return false;
  if (typeof v === 'number') {
    if (typeof schema.minimum === 'number' && v < schema.minimum) return false;
    if (typeof schema.maximum === 'number' && v > schema.maximum) return false;
    if (typeof schema.exclusiveMinimum === 'number' && v <= schema.exclusiveMinimum) return false;
  }
  if (Array.isArray(v) && schema.items && !v.every((x) => valid(root, schema.items as S, x))) return false;
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    for (const r of (schema.required as string[] | undefined) ?? []) if (!(r in v)) return false;
    const props = (schema.properties as Record<string, S> | undefined) ?? {};
    for (const [k, x] of Object.entries(v)) {
      if (props[k]) { if (!valid(root, props[k], x)) return false; } else if (schema.additionalProperties === false) return false;
    }
  }
  if (schema.anyOf && !(schema.anyOf as S[]).some((x) => valid(root, x, v))) return false;
  if (schema.oneOf && (schema.oneOf as S[]).filter((x) => valid(root, x, v)).length !== 1) return false;
  if (schema.allOf && !(schema.allOf as S[]).every((x) => valid(root, x, v))) return false;
  if (schema.if && valid(root, schema.if as S, v) && schema.then && !valid(root, schema.then as S, v)) return false;
  return true;
}

test('the schema accepts the bundled examples and rejects known-bad cases', () => {
  const schema = JSON.parse(text) as S;
  const examples = join(__dirname, '../../../examples');
  const files = readdirSync(examples).filter((f) => f.endsWith('.json')).map((f) => join(examples, f));
  files.push(join(__dirname, '../../fixtures/io/side.losscase.json'));
  for (const f of files) assert.ok(valid(schema, schema, parseJson(readFileSync(f))), f);
  const ok = (o: unknown): boolean => valid(schema, schema, o as JsonValue);
  assert.ok(ok({ loss: { type: 'CrossEntropyLoss', weight: null, label_smoothing: 0.1 }, input: { shape: [1], data: [1], dtype: 'float32' }, target: { npy: 't.npy' } }));
  assert.ok(!ok({ loss: { type: 'CrossEntropyLoss', ignore_idx: 0 }, input: [1], target: [1] }), 'unknown argument');
  assert.ok(!ok({ loss: { type: 'CrossEntropyLoss', label_smoothing: 1.5 }, input: [1], target: [1] }), 'label_smoothing > 1');
  assert.ok(!ok({ loss: { type: 'HuberLoss', delta: 0 }, input: [1], target: [1] }), 'delta 0');
  assert.ok(!ok({ loss: { type: 'MSELoss', reduction: 'batchmean' }, input: [1], target: [1] }), 'batchmean');
  assert.ok(ok({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [1], target: [1] }));
  assert.ok(!ok({ loss: 'crossentropyloss', input: [1], target: [1] }), 'unknown loss');
  assert.ok(!ok({ loss: 'MSELoss', input: [1] }), 'missing target');
  assert.ok(!ok({ loss: 'MSELoss', input: ['a'], target: [1] }), 'string in tensor');
  assert.ok(!ok({ loss: 'MSELoss', input: [1], target: [1], history: { valid: [1] } }), 'history key');
});
