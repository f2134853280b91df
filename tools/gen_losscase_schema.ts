/**
 * Writes schema/losscase.schema.json (JSON Schema draft-07 for `*.losscase.json`) from LOSS_TYPES and
 * LOSS_ARGS, so the editor's validation matches the loader. Run: node --import tsx tools/gen_losscase_schema.ts
 * (test/unit/io/schema.test.ts checks the committed file is in step.)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DTYPES } from '../src/engine/tensor';
import { LOSS_ARGS, LOSS_TYPES, type ArgInfo } from '../src/engine/losses/spec';

type Schema = Record<string, unknown>;

function argSchema(type: string, info: ArgInfo): Schema {
  const description = info.doc;
  switch (info.kind) {
    case 'reduction':
      return { description, enum: type === 'KLDivLoss' ? ['none', 'mean', 'sum', 'batchmean'] : ['none', 'mean', 'sum'] };
    case 'tensor':
      return { description, anyOf: [{ $ref: '#/definitions/tensor' }, { type: 'null' }] };
    case 'int':
      return { description, type: 'integer' };
    case 'number': {
      const s: Schema = { description, type: 'number' };
      if (info.min !== undefined) s[info.minExclusive ? 'exclusiveMinimum' : 'minimum'] = info.min;
      if (info.max !== undefined) s.maximum = info.max;
      return s;
    }
    case 'boolean':
      return { description, type: 'boolean' };
    case 'smoothing_mode':
      return { description, enum: ['pytorch', 'others'] };
    default:
      return { description };
  }
}

export function buildSchema(): Schema {
  const perType = LOSS_TYPES.map((t) => ({
    if: { properties: { type: { const: t } }, required: ['type'] },
    then: {
      properties: {
        type: { const: t },
        ...Object.fromEntries(Object.entries(LOSS_ARGS[t]).map(([k, info]) => [k, argSchema(t, info)])),
      },
      additionalProperties: false,
    },
  }));
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://loss-debugger.invalid/schema/losscase.schema.json',
    title: 'Loss Debugger loss case',
    description: 'A loss function call to recompute and diagnose: the loss with its PyTorch constructor arguments, the input (model output), the target, and optional metadata and loss history. See docs/format.md.',
    type: 'object',
    required: ['loss', 'input', 'target'],
    properties: {
      $schema: { type: 'string' },
      name: { type: 'string', description: 'Free text: a name for the case (ignored by the loader).' },
      description: { type: 'string', description: 'Free text (ignored by the loader).' },
      version: { description: 'Free (ignored by the loader).' },
      comment: { description: 'Free (ignored by the loader).' },
      loss: {
        description: 'The torch.nn loss: its class name, or an object with "type" and constructor arguments under PyTorch\'s names.',
        oneOf: [
          { type: 'string', enum: [...LOSS_TYPES] },
          { type: 'object', required: ['type'], properties: { type: { enum: [...LOSS_TYPES] } }, allOf: perType },
        ],
      },
      input: { $ref: '#/definitions/tensor', description: 'The model output passed to the loss (logits, probabilities, log-probabilities or predictions).' },
      target: { $ref: '#/definitions/tensor', description: 'The target passed to the loss (class indices, probabilities, 0/1 labels or regression targets).' },
      meta: {
        type: 'object',
        description: 'Optional facts about the case that the diagnostics use.',
        properties: {
          pad_token_id: { type: 'integer', description: 'The padding token id of the tokenizer (checked against ignore_index).' },
          class_names: { type: 'array', items: { type: 'string' }, description: 'A name per class, for messages.' },
          reported_loss: { type: 'number', description: 'The loss value your training printed (compared with the recomputed one).' },
          task: { type: 'string', description: 'Free text: e.g. "token classification", "multi-label".' },
        },
        additionalProperties: true,
      },
      history: {
        type: 'object',
        description: 'Loss per step or epoch. NaN (Python float("nan")) marks a missing value.',
        properties: {
          train: { type: 'array', items: { type: 'number' } },
          val: { type: 'array', items: { type: 'number' } },
        },
        additionalProperties: false,
      },
    },
    additionalProperties: false,
    definitions: {
      nested: {
        description: 'Nested arrays of numbers as tensor.tolist() writes them.',
        anyOf: [{ type: 'number' }, { type: 'boolean' }, { type: 'array', items: { $ref: '#/definitions/nested' } }],
      },
      tensor: {
        description: 'A tensor: nested arrays, {"shape", "data", "dtype"?}, {"npy": path} or {"safetensors": path, "name": key}. Paths are relative to the case file.',
        anyOf: [
          { $ref: '#/definitions/nested' },
          {
            type: 'object',
            required: ['shape', 'data'],
            properties: {
              shape: { type: 'array', items: { type: 'integer', minimum: 0 } },
              data: { type: 'array', items: { $ref: '#/definitions/nested' }, description: 'All values in C (row-major) order: flat, or nested as tensor.tolist() writes them.' },
              dtype: { enum: [...DTYPES] },
            },
            additionalProperties: false,
          },
          {
            type: 'object',
            required: ['npy'],
            properties: { npy: { type: 'string', description: 'Path of a .npy file (little-endian, C order).' } },
            additionalProperties: false,
          },
          {
            type: 'object',
            required: ['safetensors'],
            properties: {
              safetensors: { type: 'string', description: 'Path of a .safetensors file.' },
              name: { type: 'string', description: 'The tensor\'s key in the file (optional when the file holds one tensor).' },
            },
            additionalProperties: false,
          },
        ],
      },
    },
  };
}

const isMain = process.argv[1] !== undefined && /gen_losscase_schema\.ts$/.test(process.argv[1]);
if (isMain) {
  const out = join(__dirname, '..', 'schema', 'losscase.schema.json');
  writeFileSync(out, JSON.stringify(buildSchema(), null, 2) + '\n');
  process.stdout.write(`wrote ${out}\n`);
}
