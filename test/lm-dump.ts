/**
 * Test helpers: `.npy` bytes, and a small LM dump written as a case file beside its two `.npy` files
 * ((N, C) float32 logits with a margin on the target, sequences of L right-padded with token 0,
 * `meta.pad_token_id` 0, no ignore_index), for the streamed-inspect tests.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../src/engine/data/rng';

/** A version-1 `.npy` file of `data` (little-endian bytes, `descr` e.g. '<f4', '<i8'). */
export function npyBytes(shape: number[], descr: string, data: Uint8Array): Buffer {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  return Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]), Buffer.from(header, 'latin1'), Buffer.from(data)]);
}

export interface LmDump { file: string; input: string; target: string; N: number; C: number }

/**
 * `<dir>/<name>.json` with `<name>-x.npy` (N, C) and `<name>-t.npy` (N,): token ids 1…vocab in rows of
 * L of which the first `min + (s·step mod spread)` are real, the rest 0.
 */
export function writeLmDump(dir: string, name: string, o: { N: number; C: number; L: number; seed: number; loss: Record<string, unknown>; meta?: Record<string, unknown>; vocab?: number }): LmDump {
  const { N, C, L } = o;
  const rng = new Rng(o.seed);
  const vocab = o.vocab ?? 40;
  const t: number[] = [];
  for (let s = 0; s < N / L; s++) { const len = Math.floor(L / 3) + ((s * 7) % Math.floor(L / 2)); for (let i = 0; i < L; i++) t.push(i < len ? 1 + Math.floor(rng.uniform() * vocab) : 0); }
  const x = new Float32Array(N * C);
  for (let i = 0; i < x.length; i++) x[i] = rng.uniform() * 4 - 2;
  for (let r = 0; r < N; r++) x[r * C + t[r]] += 3 + 2 * rng.uniform();
  const input = join(dir, `${name}-x.npy`), target = join(dir, `${name}-t.npy`), file = join(dir, `${name}.json`);
  writeFileSync(input, npyBytes([N, C], '<f4', new Uint8Array(x.buffer)));
  writeFileSync(target, npyBytes([N], '<i8', new Uint8Array(BigInt64Array.from(t.map(BigInt)).buffer)));
  writeFileSync(file, JSON.stringify({ loss: o.loss, input: { npy: `${name}-x.npy` }, target: { npy: `${name}-t.npy` }, meta: { pad_token_id: 0, ...o.meta } }, null, 1));
  return { file, input, target, N, C };
}
