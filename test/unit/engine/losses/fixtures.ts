/** Loads the PyTorch reference fixtures written by tools/gen_reference.py. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSpec, type LossSpec, type LossType, type Reduction, type SmoothingMode } from '../../../../src/engine/losses/spec';
import { tensor, type DType, type Tensor } from '../../../../src/engine/tensor';

export const REFERENCE_DIR = join(__dirname, '..', '..', '..', 'fixtures', 'reference');

type Num = number | string;
type NestedNum = Num | NestedNum[];

interface JsonTensor {
  shape: number[];
  data: Num[];
  dtype?: string;
}

export interface RefCase {
  name: string;
  file: string;
  hand: boolean;
  /** 'float32' for cases PyTorch computed in float32 (compare with our float32 mode). */
  dtype: 'float64' | 'float32';
  spec: LossSpec;
  input: Tensor;
  target: Tensor;
  loss: Tensor;
  grad: Tensor;
}

export function num(v: Num): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  throw new Error(`bad number in fixture: ${v}`);
}

function toTensor(j: JsonTensor, dtype: DType = 'float64'): Tensor {
  return tensor(Float64Array.from(j.data, num), j.shape, dtype);
}

function nestedToTensor(v: NestedNum): Tensor {
  const shape: number[] = [];
  let cur: NestedNum = v;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    cur = cur[0];
  }
  const flat: number[] = [];
  const walk = (e: NestedNum): void => {
    if (Array.isArray(e)) e.forEach(walk);
    else flat.push(num(e));
  };
  walk(v);
  return tensor(flat, shape);
}

interface RawCase {
  name: string;
  hand?: boolean;
  dtype?: string;
  loss: Record<string, unknown>;
  input: JsonTensor;
  target: JsonTensor;
  expected: { loss: JsonTensor; grad: JsonTensor };
}

function specOf(loss: Record<string, unknown>): LossSpec {
  const args: Partial<Omit<LossSpec, 'type'>> = {};
  for (const [k, v] of Object.entries(loss)) {
    switch (k) {
      case 'type': break;
      case 'reduction': args.reduction = v as Reduction; break;
      case 'weight': args.weight = nestedToTensor(v as NestedNum); break;
      case 'pos_weight': args.pos_weight = nestedToTensor(v as NestedNum); break;
      case 'ignore_index': args.ignore_index = v as number; break;
      case 'label_smoothing': args.label_smoothing = v as number; break;
      case 'smoothing_mode': args.smoothing_mode = v as SmoothingMode; break;
      case 'delta': args.delta = v as number; break;
      case 'beta': args.beta = v as number; break;
      case 'log_target': args.log_target = v as boolean; break;
      default: throw new Error(`unknown loss argument in fixture: ${k}`);
    }
  }
  return makeSpec(loss.type as LossType, args);
}

export function loadReferenceCases(): RefCase[] {
  const out: RefCase[] = [];
  for (const file of readdirSync(REFERENCE_DIR).filter((f) => f.endsWith('.json')).sort()) {
    const doc = JSON.parse(readFileSync(join(REFERENCE_DIR, file), 'utf8')) as { cases: RawCase[] };
    for (const c of doc.cases) {
      out.push({
        name: c.name,
        file,
        hand: c.hand === true,
        dtype: c.dtype === 'float32' ? 'float32' : 'float64',
        spec: specOf(c.loss),
        input: toTensor(c.input),
        target: toTensor(c.target, (c.target.dtype as DType | undefined) ?? 'float64'),
        loss: toTensor(c.expected.loss),
        grad: toTensor(c.expected.grad),
      });
    }
  }
  return out;
}

/** |a − e| ≤ atol + rtol·|e|, NaN only where NaN is expected, infinities exactly. */
export function close(a: number, e: number, rtol: number, atol: number): boolean {
  if (Number.isNaN(e)) return Number.isNaN(a);
  if (!Number.isFinite(e)) return a === e;
  return Math.abs(a - e) <= atol + rtol * Math.abs(e);
}

export function firstMismatch(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number): string | undefined {
  if (actual.length !== expected.length) return `length ${actual.length} vs expected ${expected.length}`;
  for (let i = 0; i < expected.length; i++) {
    if (!close(actual[i], expected[i], rtol, atol)) return `[${i}]: got ${actual[i]}, expected ${expected[i]}`;
  }
  return undefined;
}
