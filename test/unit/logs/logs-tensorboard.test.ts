/**
 * TensorBoard's SummaryValue payload is a protobuf oneof (summary.proto): when a record carries
 * both simple_value and tensor, the one that comes last on the wire is the value, as protobuf's
 * own parsers do. The bytes are written by hand (field 2 = simple_value float, field 8 = tensor),
 * since no writer emits both.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readRunFromBytes } from '../../../src/logs/run';
import { decodeEvent, encodeEvent } from '../../../src/logs/tb-proto';
import { encodeRecord } from '../../../src/logs/tfrecord';

const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));
// Event { step: 3 (10 03), summary (2a len) { value (0a len) { tag 'x' (0a 01 78), … } } }
const SIMPLE_2 = '1500000040'; // simple_value 2.0
const TENSOR_HALF = '420808012a040000003f'; // tensor { dtype 1, float_val [0.5] (packed) }
const event = (payload: string): Uint8Array => {
  const value = `0a0178${payload}`;
  const summary = `0a${(value.length / 2).toString(16).padStart(2, '0')}${value}`;
  return hex(`10032a${(summary.length / 2).toString(16).padStart(2, '0')}${summary}`);
};
const read = (data: Uint8Array) => readRunFromBytes('run', [{ rel: 'events.out.tfevents.1.h', shown: 'e', bytes: encodeRecord(data) }]).series.map((s) => [s.name, Array.from(s.steps), Array.from(s.values)]);

test('simple_value then tensor: the tensor is the value; tensor then simple_value: simple_value', () => {
  assert.deepEqual(decodeEvent(event(SIMPLE_2 + TENSOR_HALF)).summary?.value, [{ tag: 'x', tensor: { dtype: 1, float_val: [0.5] } }]);
  assert.deepEqual(read(event(SIMPLE_2 + TENSOR_HALF)), [['x', [3], [0.5]]]);
  assert.deepEqual(decodeEvent(event(TENSOR_HALF + SIMPLE_2)).summary?.value, [{ tag: 'x', simple_value: 2 }]);
  assert.deepEqual(read(event(TENSOR_HALF + SIMPLE_2)), [['x', [3], [2]]]);
});

test('the hand-written bytes are what the encoder writes for each payload alone', () => {
  assert.deepEqual(Uint8Array.from(encodeEvent({ step: 3, summary: { value: [{ tag: 'x', simple_value: 2 }] } })), event(SIMPLE_2));
  assert.deepEqual(Uint8Array.from(encodeEvent({ step: 3, summary: { value: [{ tag: 'x', tensor: { dtype: 1, float_val: [0.5] } }] } })), event(TENSOR_HALF));
  assert.throws(() => encodeEvent({ step: 3, summary: { value: [{ tag: 'x', simple_value: 2, tensor: { dtype: 1, float_val: [0.5] } }] } }), /multiple values/);
});

test('float_val packed (as TensorFlow writes it) or one element per field: the same value', () => {
  // unpacked: field 5 wire type 5 (2d) + 4 bytes, instead of 2a 04 + 4 bytes
  assert.deepEqual(read(event('420708012d0000003f')), [['x', [3], [0.5]]]);
  assert.deepEqual(read(event(TENSOR_HALF)), [['x', [3], [0.5]]]);
});
