/**
 * The few TensorBoard protobuf messages a scalar reader needs (field numbers from
 * tensorflow/core/util/event.proto, framework/summary.proto, tensor.proto, tensor_shape.proto),
 * as a protobufjs JSON descriptor. Unknown fields (graphs, images, histograms' payloads) are
 * skipped by the decoder.
 */
import * as protobuf from 'protobufjs/light';

const DESCRIPTOR = {
  nested: {
    Event: {
      fields: {
        wall_time: { type: 'double', id: 1 },
        step: { type: 'int64', id: 2 },
        file_version: { type: 'string', id: 3 },
        summary: { type: 'Summary', id: 5 },
      },
    },
    Summary: {
      fields: { value: { rule: 'repeated', type: 'SummaryValue', id: 1 } },
    },
    SummaryValue: {
      // As in summary.proto: the payload is a oneof, so an explicit simple_value of 0 is kept.
      oneofs: { value: { oneof: ['simple_value', 'tensor'] } },
      fields: {
        tag: { type: 'string', id: 1 },
        simple_value: { type: 'float', id: 2 },
        node_name: { type: 'string', id: 7 },
        tensor: { type: 'TensorProto', id: 8 },
        metadata: { type: 'SummaryMetadata', id: 9 },
      },
    },
    SummaryMetadata: {
      fields: {
        plugin_data: { type: 'PluginData', id: 1 },
        display_name: { type: 'string', id: 2 },
        data_class: { type: 'int32', id: 4 },
      },
    },
    PluginData: {
      fields: { plugin_name: { type: 'string', id: 1 }, content: { type: 'bytes', id: 2 } },
    },
    TensorProto: {
      fields: {
        dtype: { type: 'int32', id: 1 },
        tensor_shape: { type: 'TensorShapeProto', id: 2 },
        tensor_content: { type: 'bytes', id: 4 },
        float_val: { rule: 'repeated', type: 'float', id: 5, options: { packed: true } },
        double_val: { rule: 'repeated', type: 'double', id: 6, options: { packed: true } },
        int_val: { rule: 'repeated', type: 'int32', id: 7, options: { packed: true } },
        int64_val: { rule: 'repeated', type: 'int64', id: 10, options: { packed: true } },
        half_val: { rule: 'repeated', type: 'int32', id: 13, options: { packed: true } },
      },
    },
    TensorShapeProto: {
      fields: { dim: { rule: 'repeated', type: 'Dim', id: 2 }, unknown_rank: { type: 'bool', id: 3 } },
    },
    Dim: {
      fields: { size: { type: 'int64', id: 1 }, name: { type: 'string', id: 2 } },
    },
  },
};

export const TB_ROOT = protobuf.Root.fromJSON(DESCRIPTOR);
export const EventType = TB_ROOT.lookupType('Event');

/** TensorFlow DataType values used by scalar summaries. */
export const DT = { FLOAT: 1, DOUBLE: 2, INT32: 3, INT64: 9, BFLOAT16: 14, HALF: 19 } as const;

// Decoded shapes (what protobufjs' toObject returns with longs as numbers and bytes as Uint8Array).
export interface TbEvent {
  wall_time?: number;
  step?: number;
  file_version?: string;
  summary?: { value?: TbValue[] };
}

export interface TbValue {
  tag?: string;
  simple_value?: number;
  node_name?: string;
  tensor?: TbTensor;
  metadata?: { plugin_data?: { plugin_name?: string }; display_name?: string; data_class?: number };
}

export interface TbTensor {
  dtype?: number;
  tensor_shape?: { dim?: { size?: number }[]; unknown_rank?: boolean };
  tensor_content?: Uint8Array;
  float_val?: number[];
  double_val?: number[];
  int_val?: number[];
  int64_val?: number[];
  half_val?: number[];
}

/** Decodes an Event record; throws on malformed protobuf. */
export function decodeEvent(data: Uint8Array): TbEvent {
  const msg = EventType.decode(data);
  return EventType.toObject(msg, { longs: Number, bytes: Uint8Array as unknown as typeof String, defaults: false, arrays: false }) as TbEvent;
}

/** Encodes an Event (fixture writer, tests). */
export function encodeEvent(e: TbEvent): Uint8Array {
  const err = EventType.verify(e);
  if (err) throw new Error(`bad event: ${err}`);
  return EventType.encode(EventType.fromObject(e)).finish();
}
