/** Typed data from raw little-endian bytes: one shared decoder for `.npy` and `.safetensors`. */
import type { Data, DType } from '../engine/tensor';
import { bfloat16ToNumber, halfToNumber } from '../engine/halfs';

export const ITEM_SIZE: Record<DType, number> = {
  float16: 2, bfloat16: 2, float32: 4, float64: 8, int8: 1, int16: 2, int32: 4, int64: 8, uint8: 1, bool: 1,
};

/** Largest element count we are willing to hold (typed arrays top out here anyway). */
export const MAX_ELEMENTS = 2 ** 31 - 1;

/**
 * Decodes `count` little-endian values of `dtype` starting at `offset` in `bytes` (caller has checked
 * that they are there). float32 stays a Float32Array (a view when 4-byte aligned, else one copy);
 * everything else becomes a Float64Array.
 */
export function decodeLE(bytes: Uint8Array, offset: number, count: number, dtype: DType): Data {
  const abs = bytes.byteOffset + offset;
  const buf = bytes.buffer;
  switch (dtype) {
    case 'float32':
      if (abs % 4 === 0) return new Float32Array(buf, abs, count);
      return new Float32Array(buf.slice(abs, abs + count * 4));
    case 'float64':
      if (abs % 8 === 0) return new Float64Array(buf, abs, count);
      return new Float64Array(buf.slice(abs, abs + count * 8));
    default:
      break;
  }
  const out = new Float64Array(count);
  const dv = new DataView(buf, abs, count * ITEM_SIZE[dtype]);
  switch (dtype) {
    case 'float16': for (let i = 0; i < count; i++) out[i] = halfToNumber(dv.getUint16(2 * i, true)); break;
    case 'bfloat16': for (let i = 0; i < count; i++) out[i] = bfloat16ToNumber(dv.getUint16(2 * i, true)); break;
    case 'int8': for (let i = 0; i < count; i++) out[i] = dv.getInt8(i); break;
    case 'uint8': for (let i = 0; i < count; i++) out[i] = bytes[offset + i]; break;
    case 'bool': for (let i = 0; i < count; i++) out[i] = bytes[offset + i] ? 1 : 0; break;
    case 'int16': for (let i = 0; i < count; i++) out[i] = dv.getInt16(2 * i, true); break;
    case 'int32': for (let i = 0; i < count; i++) out[i] = dv.getInt32(4 * i, true); break;
    case 'int64':
      // hi·2^32 is exact and adding the low word rounds once: the nearest double, exact below 2^53
      for (let i = 0; i < count; i++) out[i] = dv.getInt32(8 * i + 4, true) * 4294967296 + dv.getUint32(8 * i, true);
      break;
    default: break;
  }
  return out;
}
