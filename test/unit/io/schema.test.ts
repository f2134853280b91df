/** schema/losscase.schema.json must stay in step with LOSS_TYPES / LOSS_ARGS and the loader. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOSS_ARGS, LOSS_TYPES } from '../../../src/engine/losses/spec';
import { DTYPES } from '../../../src/engine/tensor';

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
