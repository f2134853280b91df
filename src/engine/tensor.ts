/**
 * The engine's tensor: a shape, a flat C-order buffer and the dtype the values came from.
 *
 * Values are held in a Float64Array (or a Float32Array for large float32 inputs). Integer dtypes are
 * stored as doubles, exact up to 2^53, which covers every class index and count we meet.
 */
import type { Data, DType, Tensor } from '../shapes/index';

export type { Data, DType, Tensor } from '../shapes/index';

export const DTYPES: readonly DType[] = [
  'float16', 'bfloat16', 'float32', 'float64', 'int8', 'int16', 'int32', 'int64', 'uint8', 'bool',
];

export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function tensor(data: Data | readonly number[], shape?: readonly number[], dtype: DType = 'float64'): Tensor {
  const buf = data instanceof Float64Array || data instanceof Float32Array ? data : Float64Array.from(data);
  const s = shape ?? [buf.length];
  if (numel(s) !== buf.length) {
    throw new RangeError(`tensor: shape [${s.join(', ')}] holds ${numel(s)} values but data has ${buf.length}`);
  }
  return { shape: [...s], data: buf, dtype };
}

export function scalar(v: number, dtype: DType = 'float64'): Tensor {
  return { shape: [], data: Float64Array.of(v), dtype };
}

export function isFloatDType(d: DType): boolean {
  return d === 'float16' || d === 'bfloat16' || d === 'float32' || d === 'float64';
}

export function isIntegerDType(d: DType): boolean {
  return !isFloatDType(d) && d !== 'bool';
}

export function shapeStr(shape: readonly number[]): string {
  return `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Nested arrays in C order, as `tensor.tolist()` writes them (a number for a 0-d tensor). */
export type Nested = number | Nested[];

export function toNested(data: ArrayLike<number>, shape: readonly number[]): Nested {
  if (shape.length === 0) return data[0];
  let pos = 0;
  const build = (dim: number): Nested[] => {
    const out: Nested[] = [];
    const n = shape[dim];
    if (dim === shape.length - 1) {
      for (let i = 0; i < n; i++) out.push(data[pos++]);
    } else {
      for (let i = 0; i < n; i++) out.push(build(dim + 1));
    }
    return out;
  };
  return build(0);
}
