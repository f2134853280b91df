/** Nested JS arrays (programmatic cases, and arrays the byte parser did not pack) as a `PackedArray`. */
import { shapeStr } from '../engine/tensor';
import { MAX_ELEMENTS } from './binary';
import { err, kindOf } from './case-context';
import { MAX_TENSOR_DIMS, PackedArray } from './json';

/** Packs nested JS arrays of numbers/booleans, iteratively, with the same checks as the byte parser. */
export function packJs(value: unknown, path: string, ctx: { file?: string }): PackedArray {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const arr = value as unknown as ArrayLike<number>;
    const data = Float64Array.from(arr as ArrayLike<number>, Number);
    let kind: 'int' | 'float' = 'int';
    for (let i = 0; i < data.length; i++) if (!Number.isInteger(data[i])) { kind = 'float'; break; }
    if (value instanceof Float32Array || value instanceof Float64Array) kind = 'float';
    return new PackedArray([data.length], data, kind);
  }
  // shape from the first elements
  const shape: number[] = [];
  let probe: unknown = value;
  while (Array.isArray(probe)) {
    if (shape.length >= MAX_TENSOR_DIMS) throw err('shape', `array nests more than ${MAX_TENSOR_DIMS} levels deep; that is not a tensor`, path, ctx);
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  let total = 1;
  for (const d of shape) total *= d;
  if (total > MAX_ELEMENTS) throw err('shape', `array of shape ${shapeStr(shape)} is too large`, path, ctx);
  const data = new Float64Array(total);
  let n = 0;
  let sawFloat = false;
  let sawNum = false;
  let sawBool = false;
  const D = shape.length;
  // explicit stack of (array, next index)
  const arrs: unknown[][] = [value as unknown[]];
  const idx: number[] = [0];
  const pathOf = (depth: number): string => {
    let p = path;
    for (let i = 0; i <= depth; i++) p += `[${idx[i]}]`;
    return p;
  };
  if (arrs[0].length !== shape[0]) throw err('shape', 'internal: shape probe mismatch', path, ctx);
  while (arrs.length) {
    const depth = arrs.length - 1;
    const a = arrs[depth];
    const i = idx[depth];
    if (i >= a.length) { arrs.pop(); idx.pop(); if (idx.length) idx[idx.length - 1]++; continue; }
    const v = a[i];
    if (depth < D - 1) {
      if (!Array.isArray(v)) {
        throw err('shape', `expected an array but found ${kindOf(v)} (the first row nests ${D} level${D === 1 ? '' : 's'} deep)`, pathOf(depth), ctx,
          'every row of a tensor must have the same depth');
      }
      if (v.length !== shape[depth + 1]) {
        const first = depth === 0 ? 'row 0' : path + '[0]'.repeat(depth + 1);
        throw err('ragged', `ragged array: row has ${v.length} value${v.length === 1 ? '' : 's'}, ${first} had ${shape[depth + 1]}`, pathOf(depth), ctx,
          'every row of a tensor must have the same length');
      }
      arrs.push(v);
      idx.push(0);
      continue;
    }
    if (typeof v === 'number') {
      if (!Number.isInteger(v)) sawFloat = true;
      sawNum = true;
      data[n++] = v;
    } else if (typeof v === 'boolean') {
      sawBool = true;
      data[n++] = v ? 1 : 0;
    } else if (Array.isArray(v)) {
      throw err('shape', `expected a number but found an array (the first row nests ${D} level${D === 1 ? '' : 's'} deep)`, pathOf(depth), ctx,
        'every row of a tensor must have the same depth');
    } else {
      throw err('structure', `expected a number, found ${kindOf(v)}`, pathOf(depth), ctx,
        v === null ? 'use NaN for a missing value' : typeof v === 'string' ? 'tensor values must be numbers, not strings' : undefined);
    }
    if (sawBool && sawNum) throw err('structure', 'array mixes booleans and numbers', pathOf(depth), ctx, 'write all values as numbers, or all as true/false');
    idx[depth]++;
  }
  return new PackedArray(shape, data, sawBool && !sawNum ? 'bool' : sawFloat || n === 0 ? 'float' : 'int');
}
