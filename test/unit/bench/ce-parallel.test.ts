import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CeParallel } from '../../../bench/parallel/ce-parallel';
import { crossEntropyF32 } from '../../../src/engine/kernels/ce-row';
import { Rng } from '../../../src/engine/data/rng';

test('CeParallel gives bitwise the same results as crossEntropyF32 (two threads, shared memory)', async () => {
  const pool = await CeParallel.create(join(__dirname, '..', '..', '..', 'bench', 'parallel', 'ce-worker.ts'));
  assert.ok(pool, 'worker should start');
  try {
    const rng = new Rng(4);
    const N = 9, K = 8003;
    const x = new Float32Array(N * K).map(() => rng.normal() * 3);
    x[7 * K + 5] = NaN; // a NaN row in the worker's half
    const t = [1, -100, 5, 8002, 0, 7, 3, 2, -100];
    const t7 = t.map((v) => (v === -100 ? 7 : v));
    const w = new Float32Array(K).map(() => 0.5 + rng.uniform());
    for (const opts of [{}, { labelSmoothing: 0.1, weight: w }, { reduction: 'sum' as const }, { reduction: 'none' as const }]) {
      const a = crossEntropyF32(x, t, N, K, opts);
      const b = pool.run(x, t, N, K, opts);
      assert.ok(Object.is(a.loss, b.loss), `loss ${a.loss} vs ${b.loss}`);
      assert.deepEqual([...b.rowLoss], [...a.rowLoss]);
      assert.equal(b.divisor, a.divisor);
      for (let j = 0; j < N * K; j++) if (!Object.is(a.grad[j], b.grad[j])) assert.fail(`grad[${j}] ${a.grad[j]} vs ${b.grad[j]}`);
      assert.ok(b.grad.buffer instanceof SharedArrayBuffer);
    }
    const a7 = crossEntropyF32(x, t7, N, K, { ignoreIndex: 7 });
    const b7 = pool.run(x, t7, N, K, { ignoreIndex: 7 });
    assert.equal(b7.kept, a7.kept);
    assert.deepEqual([...b7.rowLoss], [...a7.rowLoss]);
    // small inputs stay on the calling thread; bad targets still throw
    const small = pool.run(new Float32Array(12), [0, 1, 2], 3, 4);
    assert.ok(!(small.grad.buffer instanceof SharedArrayBuffer));
    assert.throws(() => pool.run(x, [0, 1, 2, 3, 4, 5, 6, 7, K], N, K), RangeError);
  } finally {
    await pool.close();
  }
});

test('CeParallel.create gives undefined when the worker script cannot start', async () => {
  const pool = await CeParallel.create(join(__dirname, 'no-such-worker.js'));
  assert.equal(pool, undefined);
});
