/**
 * Every way a TensorBoard scalar reaches us (src/logs/tensorboard.ts): half and bfloat16 bit
 * patterns (normal, subnormal, ±infinity, NaN), each tensor_content dtype at its exact length,
 * scalar shapes, plugin names, and events without a step, time or tag.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readRunFromBytes } from '../../../src/logs/run';
import { DT, encodeEvent, type TbEvent } from '../../../src/logs/tb-proto';
import { tensorScalar, valueScalar } from '../../../src/logs/tensorboard';
import { encodeRecord } from '../../../src/logs/tfrecord';

const content = (n: number, put: (v: DataView) => void): Uint8Array => { const b = new Uint8Array(n); put(new DataView(b.buffer)); return b; };

test('half floats: normal, negative, subnormal, ±infinity, NaN; bfloat16 from half_val or tensor_content', () => {
  const half = (h: number): number | undefined => tensorScalar({ dtype: DT.HALF, half_val: [h] });
  assert.deepEqual([half(0x3c00), half(0xc000), half(0x3555), half(0x0001), half(0x8001), half(0x03ff), half(0x7c00), half(0xfc00), half(0x0000)],
    [1, -2, 0.333251953125, 2 ** -24, -(2 ** -24), 1023 * 2 ** -24, Infinity, -Infinity, 0]);
  assert.ok(Number.isNaN(half(0x7e00)));
  assert.equal(tensorScalar({ dtype: DT.BFLOAT16, half_val: [0x3fc0] }), 1.5);
  assert.equal(tensorScalar({ dtype: DT.BFLOAT16, half_val: [0x13fc0] }), 1.5, 'only the low 16 bits');
  assert.equal(tensorScalar({ dtype: DT.BFLOAT16, tensor_content: content(2, (v) => v.setUint16(0, 0xc040, true)) }), -3);
  assert.equal(tensorScalar({ dtype: DT.HALF, tensor_content: content(2, (v) => v.setUint16(0, 0x3800, true)) }), 0.5);
});

test('tensor_content: float32, float64, int32, int64 little-endian at their exact length; other lengths are no scalar', () => {
  assert.equal(tensorScalar({ dtype: DT.FLOAT, tensor_content: content(4, (v) => v.setFloat32(0, 0.25, true)) }), 0.25);
  assert.equal(tensorScalar({ dtype: DT.DOUBLE, tensor_content: content(8, (v) => v.setFloat64(0, -1.125, true)) }), -1.125);
  assert.equal(tensorScalar({ dtype: DT.INT32, tensor_content: content(4, (v) => v.setInt32(0, -7, true)) }), -7);
  assert.equal(tensorScalar({ dtype: DT.INT64, tensor_content: content(8, (v) => v.setBigInt64(0, -9n, true)) }), -9);
  for (const [dtype, n] of [[DT.FLOAT, 8], [DT.DOUBLE, 4], [DT.INT32, 8], [DT.INT64, 4], [DT.HALF, 4], [DT.BFLOAT16, 4], [7, 4], [5, 2]] as const) {
    assert.equal(tensorScalar({ dtype, tensor_content: new Uint8Array(n) }), undefined, `dtype ${dtype}, ${n} bytes`);
  }
  const sub = new Uint8Array(12); new DataView(sub.buffer).setFloat32(4, 3.5, true);
  assert.equal(tensorScalar({ dtype: DT.FLOAT, tensor_content: sub.subarray(4, 8) }), 3.5, 'a view into a larger buffer');
  assert.equal(tensorScalar({ dtype: DT.FLOAT, tensor_content: new Uint8Array(0) }), undefined);
  assert.equal(tensorScalar({ dtype: DT.FLOAT }), undefined);
});

test('values by field: float, double, int32 (or no dtype), int64; int_val of another dtype is not read', () => {
  assert.equal(tensorScalar({ int_val: [4] }), 4);
  assert.equal(tensorScalar({ dtype: DT.INT64, int_val: [4] }), undefined);
  assert.equal(tensorScalar({ dtype: DT.INT64, int64_val: [12] }), 12);
  assert.equal(tensorScalar({ dtype: DT.FLOAT, float_val: [0.5], double_val: [9] }), 0.5);
});

test('scalar shapes: no dims or dims of size 1; any other size, or a dim without a size, is not a scalar', () => {
  assert.equal(tensorScalar({ dtype: DT.FLOAT, tensor_shape: {}, float_val: [2] }), 2);
  assert.equal(tensorScalar({ dtype: DT.FLOAT, tensor_shape: { dim: [{ size: 1 }, { size: 1 }] }, float_val: [2] }), 2);
  assert.equal(tensorScalar({ dtype: DT.FLOAT, tensor_shape: { dim: [{ size: 1 }, { size: 2 }] }, float_val: [2, 3] }), undefined);
  assert.equal(tensorScalar({ dtype: DT.FLOAT, tensor_shape: { dim: [{}] }, float_val: [2] }), undefined);
});

test('valueScalar: simple_value (also 0), a tensor with no plugin, "" or "scalars"; other plugins and no tensor give nothing', () => {
  const t = { dtype: DT.FLOAT, float_val: [0.75] };
  assert.equal(valueScalar({ tag: 'a', simple_value: 0 }), 0);
  assert.equal(valueScalar({ tag: 'a', tensor: t }), 0.75);
  assert.equal(valueScalar({ tag: 'a', tensor: t, metadata: { plugin_data: { plugin_name: '' } } }), 0.75);
  assert.equal(valueScalar({ tag: 'a', tensor: t, metadata: { plugin_data: { plugin_name: 'scalars' } } }), 0.75);
  assert.equal(valueScalar({ tag: 'a', tensor: t, metadata: { plugin_data: { plugin_name: 'histograms' } } }), undefined);
  assert.equal(valueScalar({ tag: 'a' }), undefined);
});

test('events: no step is step 0, no or non-finite time is none, node_name when no tag, no name skipped; the version record is no series', () => {
  const events: TbEvent[] = [
    { wall_time: 10, file_version: 'brain.Event:2' },
    { summary: { value: [{ tag: 'loss', simple_value: 2 }] } },
    { wall_time: 11, step: 5, summary: { value: [{ node_name: 'old_style', simple_value: 3 }, { simple_value: 4 }, { tag: 'img' }] } },
    { wall_time: 12, step: 6 },
  ];
  const bytes = new Uint8Array(events.flatMap((e) => [...encodeRecord(encodeEvent(e))]));
  const r = readRunFromBytes('run', [{ rel: 'events.out.tfevents.1.h', shown: 'e', bytes }]);
  assert.deepEqual(r.series.map((s) => [s.name, Array.from(s.steps), Array.from(s.values), s.times ? Array.from(s.times) : undefined]),
    [['loss', [0], [2], undefined], ['old_style', [5], [3], [11]]]);
  assert.deepEqual(r.notes, []);
  assert.equal(r.format, 'tensorboard');
  // TF2 writes the summary metadata's data_class (1: scalar) beside the plugin name
  const tf2 = encodeRecord(encodeEvent({ wall_time: 1, step: 2, summary: { value: [{ tag: 'epoch_loss', tensor: { dtype: DT.FLOAT, float_val: [0.5] }, metadata: { plugin_data: { plugin_name: 'scalars' }, data_class: 1 } }] } }));
  const r2 = readRunFromBytes('run', [{ rel: 'events.out.tfevents.2.h', shown: 'e', bytes: tf2 }]);
  assert.deepEqual([r2.notes, r2.series.map((x) => [x.name, Array.from(x.values)])], [[], [['epoch_loss', [0.5]]]]);
});
