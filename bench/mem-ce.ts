/**
 * Peak-memory probe for `ce-plain`, run in a fresh child process by bench/run.ts:
 *   node --expose-gc --import tsx bench/mem-ce.ts kernel|engine
 * Prints one JSON line: input bytes, ArrayBuffer and RSS growth across one forward+gradient call
 * (measured without a GC in between, so temporaries still count: an upper bound of the peak), and
 * what stays allocated after a GC while the result is held.
 */
import { Rng } from '../src/engine/data/rng';

async function main(): Promise<void> {
  const which = process.argv[2] === 'engine' ? 'engine' : 'kernel';
  const N = 40, K = 30522;
  const rng = new Rng(20261129, 'ce');
  const x = new Float32Array(N * K);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal() * 2;
  const t = new Int32Array(N);
  for (let i = 0; i < N; i++) t[i] = i === 7 || i === 23 ? -100 : rng.int(K);
  let call: () => unknown;
  if (which === 'kernel') {
    const { crossEntropyF32 } = await import('../src/engine/kernels/ce-row');
    crossEntropyF32(new Float32Array(16), [1, 2], 2, 8); // instantiate the module outside the measurement
    call = () => crossEntropyF32(x, t, N, K);
  } else {
    const { computeLoss } = await import('../src/engine/losses/index');
    const { makeSpec } = await import('../src/engine/losses/spec');
    const input = { shape: [N, K], data: x, dtype: 'float32' as const };
    const target = { shape: [N], data: Float64Array.from(t), dtype: 'int64' as const };
    const spec = makeSpec('CrossEntropyLoss');
    call = () => computeLoss(spec, input, target, { dtype: 'float32' });
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage();
  const result = call();
  const mid = process.memoryUsage();
  gc?.();
  const after = process.memoryUsage();
  const mb = (b: number): number => Math.round(b / 1e4) / 100;
  const inputBytes = x.byteLength;
  process.stdout.write(JSON.stringify({
    path: which,
    input_mb: mb(inputBytes),
    alloc_mb: mb(mid.arrayBuffers - before.arrayBuffers),
    rss_growth_mb: mb(mid.rss - before.rss),
    retained_mb: mb(after.arrayBuffers - before.arrayBuffers),
    alloc_over_input: Math.round(((mid.arrayBuffers - before.arrayBuffers) / inputBytes) * 100) / 100,
    rss_over_input: Math.round(((mid.rss - before.rss) / inputBytes) * 100) / 100,
    held: result !== undefined,
  }) + '\n');
}

void main();
