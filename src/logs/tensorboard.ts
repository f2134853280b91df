/**
 * TensorBoard event files (`events.out.tfevents.*`): TFRecord-framed `Event` protobufs. Scalars
 * come in two styles, both read:
 *  - `simple_value` (PyTorch's `SummaryWriter.add_scalar`, TF1 `tf.summary.scalar`);
 *  - a scalar `tensor` with plugin `scalars` (TF2 `tf.summary.scalar`, Keras' TensorBoard
 *    callback): `float_val` / `double_val` / `int_val` / `half_val`, or `tensor_content` bytes.
 * Images, histograms, graphs, text and non-scalar tensors are skipped.
 */
import type { LogParser, ParseTarget } from './sink';
import { decodeEvent, DT, type TbTensor, type TbValue } from './tb-proto';
import { TFRecordReader } from './tfrecord';

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

function isScalarShape(t: TbTensor): boolean {
  const dims = t.tensor_shape?.dim ?? [];
  return dims.every((d) => (d.size ?? 0) === 1);
}

/** The number a scalar tensor holds, or undefined when it is not a numeric scalar. */
export function tensorScalar(t: TbTensor): number | undefined {
  if (!isScalarShape(t)) return undefined;
  const dt = t.dtype ?? 0;
  if (t.float_val?.length) return t.float_val[0];
  if (t.double_val?.length) return t.double_val[0];
  if (t.int_val?.length && (dt === DT.INT32 || dt === 0)) return t.int_val[0];
  if (t.int64_val?.length) return t.int64_val[0];
  if (t.half_val?.length) return dt === DT.BFLOAT16 ? bf16(t.half_val[0]) : halfToFloat(t.half_val[0]);
  const c = t.tensor_content;
  if (c && c.length) {
    const v = new DataView(c.buffer, c.byteOffset, c.byteLength);
    if (dt === DT.FLOAT && c.length === 4) return v.getFloat32(0, true);
    if (dt === DT.DOUBLE && c.length === 8) return v.getFloat64(0, true);
    if (dt === DT.INT32 && c.length === 4) return v.getInt32(0, true);
    if (dt === DT.INT64 && c.length === 8) return Number(v.getBigInt64(0, true));
    if (dt === DT.HALF && c.length === 2) return halfToFloat(v.getUint16(0, true));
    if (dt === DT.BFLOAT16 && c.length === 2) return bf16(v.getUint16(0, true));
  }
  return undefined;
}

function bf16(h: number): number {
  const b = new DataView(new ArrayBuffer(4));
  b.setUint32(0, (h & 0xffff) << 16);
  return b.getFloat32(0);
}

/** A value's scalar: simple_value, or a tensor summary that is a scalar (plugin `scalars` or none). */
export function valueScalar(v: TbValue): number | undefined {
  if (v.simple_value !== undefined) return v.simple_value;
  if (!v.tensor) return undefined;
  const plugin = v.metadata?.plugin_data?.plugin_name;
  if (plugin !== undefined && plugin !== '' && plugin !== 'scalars') return undefined;
  return tensorScalar(v.tensor);
}

export class TensorBoardParser implements LogParser {
  private readonly reader: TFRecordReader;

  constructor(private readonly t: ParseTarget) {
    this.reader = new TFRecordReader({
      record: (data, index, offset) => this.onRecord(data, index, offset),
      note: (message, where) => t.sink.note(t.file, message, where),
    });
  }

  push(chunk: Uint8Array): void {
    this.reader.push(chunk);
  }

  end(final: boolean): void {
    if (final && this.reader.pending > 0) {
      this.t.sink.note(this.t.file, `incomplete last record (${this.reader.pending} bytes) ignored (the job may still be writing it)`,
        `byte ${this.reader.consumed}`);
    }
  }

  private onRecord(data: Uint8Array, index: number, offset: number): void {
    let ev;
    try {
      ev = decodeEvent(data);
    } catch {
      this.t.sink.note(this.t.file, 'record is not a TensorBoard Event; skipped', `record ${index} (byte ${offset})`);
      return;
    }
    if (ev.file_version !== undefined) return; // the `brain.Event:N` version record
    const values = ev.summary?.value;
    if (!values) return;
    const step = typeof ev.step === 'number' && Number.isFinite(ev.step) ? ev.step : 0;
    const time = typeof ev.wall_time === 'number' && Number.isFinite(ev.wall_time) ? ev.wall_time : NaN;
    for (const v of values) {
      const tag = v.tag || v.node_name;
      if (!tag) continue;
      const x = valueScalar(v);
      if (x !== undefined) this.t.sink.store.add(this.t.prefix + tag, step, x, time);
    }
  }
}
