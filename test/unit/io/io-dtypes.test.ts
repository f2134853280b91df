/**
 * Tensor dtypes pinned on every edge: each integer dtype's range just inside and just outside (both
 * ends), non-integers and NaN/±Infinity in integer dtypes, the float dtypes' rounding (float16 and
 * bfloat16 values as PyTorch stores them), dtype names with their torch./np./numpy. prefixes and the
 * aliases that are only suggested, the dtype inferred for each literal kind, in JSON and from JS values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caseFromObject, parseCase } from '../../../src/io';
import { makeCtx } from '../../../src/io/case-context';
import { toTensor } from '../../../src/io/tensor-forms';
import { errorMessage } from './error-message';

const ctx = () => makeCtx({ file: 't.json' }, process.cwd());
const tensor = (v: unknown) => toTensor(v, 'input', ctx());
const sd = (data: unknown[], dtype?: string) => ({ shape: [data.length], data, ...(dtype === undefined ? {} : { dtype }) });

const RANGE = 'use a dtype whose range holds it (int64, or a float dtype)';
const NOT_INT = 'use a float dtype for non-integer values';
const BOOL = 'bool values are true/false or 0/1';

test('each integer dtype: its lowest and highest value are kept, one past either end is refused word for word', () => {
  const cases: Array<[string, number, number]> = [
    ['int8', -128, 127], ['uint8', 0, 255], ['int16', -32768, 32767], ['int32', -2147483648, 2147483647],
  ];
  for (const [dtype, lo, hi] of cases) {
    const t = tensor(sd([lo, 0, hi], dtype));
    assert.equal(t.dtype, dtype);
    assert.deepEqual(Array.from(t.data), [lo, 0, hi]);
    assert.equal(errorMessage(() => tensor(sd([0, lo - 1], dtype))),
      `t.json: input.data[1]: ${lo - 1} is outside the ${dtype} range [${lo}, ${hi}], but the dtype is ${dtype} (${RANGE})`);
    assert.equal(errorMessage(() => tensor(sd([hi + 1], dtype))),
      `t.json: input.data[0]: ${hi + 1} is outside the ${dtype} range [${lo}, ${hi}], but the dtype is ${dtype} (${RANGE})`);
  }
  // int64: float64 cannot hold 2^63 - 1, so its nearest double 2^63 is the top; the next doubles out are refused
  const top = 2 ** 63;
  assert.deepEqual(Array.from(tensor(sd([-top, top], 'int64')).data), [-top, top]);
  assert.equal(errorMessage(() => tensor(sd([top + 2048], 'int64'))),
    `t.json: input.data[0]: ${top + 2048} is outside the int64 range [${-top}, ${top}], but the dtype is int64 (${RANGE})`);
  assert.equal(errorMessage(() => tensor(sd([1, 2, -top - 2048], 'int64'))),
    `t.json: input.data[2]: ${-top - 2048} is outside the int64 range [${-top}, ${top}], but the dtype is int64 (${RANGE})`);
});

test('bool dtype: 0 and 1 (or true/false) only; 2, -1 and 0.5 refused with the bool hint', () => {
  const t = tensor(sd([0, 1, 1], 'bool'));
  assert.equal(t.dtype, 'bool');
  assert.deepEqual(Array.from(t.data), [0, 1, 1]);
  assert.deepEqual(Array.from(tensor(sd([true, false], 'bool')).data), [1, 0]);
  assert.equal(errorMessage(() => tensor(sd([0, 2], 'bool'))), `t.json: input.data[1]: 2 is outside the bool range [0, 1], but the dtype is bool (${BOOL})`);
  assert.equal(errorMessage(() => tensor(sd([-1], 'bool'))), `t.json: input.data[0]: -1 is outside the bool range [0, 1], but the dtype is bool (${BOOL})`);
  assert.equal(errorMessage(() => tensor(sd([0.5], 'bool'))), `t.json: input.data[0]: 0.5 is not an integer, but the dtype is bool (${BOOL})`);
});

test('integer dtypes refuse fractions, NaN and ±Infinity as not integers, at the first bad index', () => {
  for (const dtype of ['int8', 'uint8', 'int16', 'int32', 'int64']) {
    assert.equal(errorMessage(() => tensor(sd([1, 2.5, 3.5], dtype))), `t.json: input.data[1]: 2.5 is not an integer, but the dtype is ${dtype} (${NOT_INT})`);
    assert.equal(errorMessage(() => tensor(sd([NaN], dtype))), `t.json: input.data[0]: NaN is not an integer, but the dtype is ${dtype} (${NOT_INT})`);
    assert.equal(errorMessage(() => tensor(sd([0, 0, Infinity], dtype))), `t.json: input.data[2]: Infinity is not an integer, but the dtype is ${dtype} (${NOT_INT})`);
    assert.equal(errorMessage(() => tensor(sd([-Infinity], dtype))), `t.json: input.data[0]: -Infinity is not an integer, but the dtype is ${dtype} (${NOT_INT})`);
  }
  // in a case file the message carries the line and column of the tensor
  assert.equal(errorMessage(() => parseCase('{"loss": "MSELoss",\n "input": {"shape": [2], "data": [1, 1.5], "dtype": "int32"}, "target": [1, 2]}', { file: 'c.json' })),
    `c.json:2:34: input.data[1]: 1.5 is not an integer, but the dtype is int32 (${NOT_INT})`);
});

test('float dtypes: float32, float16 and bfloat16 round as PyTorch stores them; float64 keeps every bit', () => {
  const xs = [0.1, -2.5, 1e-8, 65504, 65520, 3.4e38, NaN, -Infinity, -0, 3e-8, 2 ** -25];
  const f32 = tensor(sd(xs, 'float32'));
  assert.equal(f32.dtype, 'float32');
  assert.ok(f32.data instanceof Float32Array);
  assert.deepEqual(Array.from(f32.data), xs.map(Math.fround));
  // torch.tensor([...], dtype=torch.float16).double()
  const f16 = tensor(sd(xs, 'float16'));
  assert.equal(f16.dtype, 'float16');
  assert.ok(f16.data instanceof Float64Array);
  assert.deepEqual(Array.from(f16.data), [0.0999755859375, -2.5, 0, 65504, Infinity, Infinity, NaN, -Infinity, -0, 5.960464477539063e-8, 0]);
  // torch.tensor([...], dtype=torch.bfloat16).double()
  const bf = tensor(sd(xs, 'bfloat16'));
  assert.equal(bf.dtype, 'bfloat16');
  assert.deepEqual(Array.from(bf.data), [0.10009765625, -2.5, 1.0011717677116394e-8, 65536, 65536, Infinity, NaN, -Infinity, -0, 3.003515303134918e-8, 2 ** -25]);
  const f64 = tensor(sd([0.1, 1e-300, 2 ** 60 + 2 ** 8], 'float64'));
  assert.equal(f64.dtype, 'float64');
  assert.deepEqual(Array.from(f64.data), [0.1, 1e-300, 2 ** 60 + 2 ** 8]);
});

test('dtype names: torch., np. and numpy. prefixes are dropped; aliases and typos are only suggested; the original is quoted', () => {
  for (const [name, dtype] of [['torch.float32', 'float32'], ['np.int8', 'int8'], ['numpy.uint8', 'uint8'], ['torch.bfloat16', 'bfloat16'], ['int16', 'int16'], ['bool', 'bool']]) {
    assert.equal(tensor(sd([1, 0], name)).dtype, dtype, name);
  }
  const ALL = 'one of: float16, bfloat16, float32, float64, int8, int16, int32, int64, uint8, bool';
  const unknown = (name: string, sug: string | undefined) =>
    `t.json: input.dtype: unknown dtype '${name}'${sug ? ` (did you mean '${sug}'?)` : ''} (${ALL})`;
  for (const [name, sug] of [['float', 'float32'], ['double', 'float64'], ['half', 'float16'], ['long', 'int64'], ['int', 'int32'], ['bool_', 'bool'],
    ['torch.float', 'float32'], ['np.double', 'float64'], ['flaot32', 'float32'], ['torch.long', 'int64'], ['complex128', undefined], ['tf.float32', 'float32']] as const) {
    assert.equal(errorMessage(() => tensor(sd([1], name))), unknown(name, sug), name);
  }
  // a prefix only counts at the start, and once
  assert.equal(errorMessage(() => tensor(sd([1], 'torch.torch.float32'))), unknown('torch.torch.float32', undefined));
  assert.equal(errorMessage(() => tensor(sd([1], 'xtorch.int8'))), unknown('xtorch.int8', undefined));
  for (const [v, kind] of [[null, 'null'], [32, 'the number 32'], [['float32'], 'an array'], [true, 'true']] as const) {
    assert.equal(errorMessage(() => tensor({ shape: [1], data: [1], dtype: v })), `t.json: input.dtype: dtype must be a string, found ${kind} (${ALL})`);
  }
});

test('the dtype a tensor gets without one: integer literals int64, any fraction/exponent/NaN float64, booleans bool, empty float64', () => {
  const dt = (json: string) => parseCase(`{"loss": "MSELoss", "input": ${json}, "target": ${json}}`).input;
  assert.equal(dt('[1, 2, 3]').dtype, 'int64');
  assert.equal(dt('[-1, 0, 7]').dtype, 'int64');
  for (const f of ['[1, 2.0]', '[1, 1e2]', '[1, 1E2]', '[1, NaN]', '[1, Infinity]', '[-Infinity, 1]', '[0.5]', '[]', '[[], []]']) assert.equal(dt(f).dtype, 'float64', f);
  assert.equal(parseCase('{"loss": "BCELoss", "input": [0.5], "target": [true]}').target.dtype, 'bool');
  assert.equal(dt('{"shape": [2], "data": [1, 2]}').dtype, 'int64');
  assert.equal(dt('{"shape": [2], "data": [1, 2.5]}').dtype, 'float64');
  assert.equal(dt('{"shape": [], "data": [3]}').dtype, 'int64');
  // JS values: scalars, booleans, typed arrays
  assert.deepEqual(tensor(3), { shape: [], data: Float64Array.of(3), dtype: 'int64' });
  assert.deepEqual(tensor(-0.5), { shape: [], data: Float64Array.of(-0.5), dtype: 'float64' });
  assert.deepEqual(tensor(NaN), { shape: [], data: Float64Array.of(NaN), dtype: 'float64' });
  assert.deepEqual(tensor(true), { shape: [], data: Float64Array.of(1), dtype: 'bool' });
  assert.deepEqual(tensor(false), { shape: [], data: Float64Array.of(0), dtype: 'bool' });
  const f32 = Float32Array.of(1, 2);
  const t32 = tensor(f32);
  assert.equal(t32.data, f32, 'a Float32Array is used as it is');
  assert.deepEqual([t32.shape, t32.dtype], [[2], 'float32']);
  assert.deepEqual(tensor(Int32Array.of(1, -2)), { shape: [2], data: Float64Array.of(1, -2), dtype: 'int64' });
  assert.deepEqual(tensor(Float64Array.of(1, 2)), { shape: [2], data: Float64Array.of(1, 2), dtype: 'float64' });
  assert.deepEqual(tensor(Uint8Array.of(0, 255)), { shape: [2], data: Float64Array.of(0, 255), dtype: 'int64' });
  assert.deepEqual(tensor([[true], [false]]), { shape: [2, 1], data: Float64Array.of(1, 0), dtype: 'bool' });
  assert.deepEqual(tensor([[1.5], [2]]), { shape: [2, 1], data: Float64Array.of(1.5, 2), dtype: 'float64' });
  assert.deepEqual(tensor([]), { shape: [0], data: new Float64Array(0), dtype: 'float64' });
  // class weights written as integers are float64 tensors (PyTorch's weights are float)
  const w = caseFromObject({ loss: { type: 'CrossEntropyLoss', weight: [1, 2] }, input: [[0.1, 0.2]], target: [1] }).loss.weight;
  assert.equal(w?.dtype, 'float64');
  const w16 = caseFromObject({ loss: { type: 'CrossEntropyLoss', weight: { shape: [2], data: [1, 0.1], dtype: 'float16' } }, input: [[0.1, 0.2]], target: [1] }).loss.weight;
  assert.equal(w16?.dtype, 'float16');
  assert.deepEqual(Array.from(w16?.data ?? []), [1, 0.0999755859375]);
});
