import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataLoader, subset, trainValSplit, WeightedRandomSampler, type Dataset } from '../../../../src/engine/data/loader';
import { Rng } from '../../../../src/engine/data/rng';

test('Rng is deterministic per seed and stream, and streams differ', () => {
  const a = new Rng(42), b = new Rng(42), c = new Rng(43), d = new Rng(42, 'other');
  const xs = Array.from({ length: 5 }, () => a.uniform());
  assert.deepEqual(Array.from({ length: 5 }, () => b.uniform()), xs);
  assert.notDeepEqual(Array.from({ length: 5 }, () => c.uniform()), xs);
  assert.notDeepEqual(Array.from({ length: 5 }, () => d.uniform()), xs);
});

test('uniform and normal have the right moments', () => {
  const r = new Rng(1);
  const n = 200000;
  let su = 0, su2 = 0, sn = 0, sn2 = 0, sn4 = 0, minU = 1, maxU = 0;
  for (let i = 0; i < n; i++) {
    const u = r.uniform();
    su += u; su2 += u * u; minU = Math.min(minU, u); maxU = Math.max(maxU, u);
    const z = r.normal();
    sn += z; sn2 += z * z; sn4 += z ** 4;
  }
  assert.ok(minU >= 0 && maxU < 1);
  assert.ok(Math.abs(su / n - 0.5) < 0.005);
  assert.ok(Math.abs(su2 / n - 1 / 3) < 0.005);
  assert.ok(Math.abs(sn / n) < 0.01);
  assert.ok(Math.abs(sn2 / n - 1) < 0.015);
  assert.ok(Math.abs(sn4 / n - 3) < 0.1, 'kurtosis of a normal is 3');
});

test('permutation is a permutation and roughly uniform in its first position', () => {
  const r = new Rng(5);
  const counts = new Array<number>(5).fill(0);
  for (let t = 0; t < 5000; t++) {
    const p = r.permutation(5);
    assert.deepEqual([...p].sort(), [0, 1, 2, 3, 4]);
    counts[p[0]]++;
  }
  for (const c of counts) assert.ok(Math.abs(c - 1000) < 120, `first-position counts ${counts}`);
});

function toy(n: number): Dataset {
  const x = new Float64Array(n * 2), y = new Float64Array(n);
  for (let i = 0; i < n; i++) { x[2 * i] = i; x[2 * i + 1] = -i; y[i] = i % 3; }
  return { x, y, n, xCols: 2, yCols: 1 };
}

test('DataLoader batches like torch: sizes, drop_last, shuffle covers every row once', () => {
  const data = toy(10);
  const seq = new DataLoader(data, { batchSize: 4 });
  assert.equal(seq.length, 3);
  const sizes = [...seq.epoch()].map((b) => b.rows);
  assert.deepEqual(sizes, [4, 4, 2]);
  const first = seq.epoch().next().value!;
  assert.deepEqual(Array.from(first.x.subarray(0, 4)), [0, -0, 1, -1]);
  const drop = new DataLoader(data, { batchSize: 4, dropLast: true });
  assert.equal(drop.length, 2);
  assert.deepEqual([...drop.epoch()].map((b) => b.rows), [4, 4]);
  const sh = new DataLoader(data, { batchSize: 3, shuffle: true, rng: new Rng(9) });
  const seen: number[] = [];
  const orders: string[] = [];
  for (let e = 0; e < 3; e++) {
    const ep: number[] = [];
    for (const b of sh.epoch()) {
      for (let r = 0; r < b.rows; r++) {
        const row = b.x[r * 2];
        assert.equal(b.x[r * 2 + 1], -row, 'x row stays intact');
        assert.equal(b.y[r], row % 3, 'y follows x');
        ep.push(row);
      }
    }
    assert.deepEqual([...ep].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    orders.push(ep.join(','));
    seen.push(...ep);
  }
  assert.ok(new Set(orders).size > 1, 'each epoch reshuffles');
});

test('WeightedRandomSampler draws with replacement in proportion to the weights', () => {
  const s = new WeightedRandomSampler([1, 0, 3, 6], 20000, new Rng(2));
  const out = new Int32Array(20000);
  s.epoch(out);
  const c = [0, 0, 0, 0];
  for (const i of out) c[i]++;
  assert.equal(c[1], 0);
  assert.ok(Math.abs(c[0] / 20000 - 0.1) < 0.01);
  assert.ok(Math.abs(c[2] / 20000 - 0.3) < 0.015);
  assert.ok(Math.abs(c[3] / 20000 - 0.6) < 0.015);
  assert.throws(() => new WeightedRandomSampler([0, 0], 3, new Rng(1)), /sum to zero/);
  const dl = new DataLoader(toy(4), { batchSize: 5, sampler: new WeightedRandomSampler([0, 0, 0, 1], 10, new Rng(3)) });
  for (const b of dl.epoch()) for (let r = 0; r < b.rows; r++) assert.equal(b.x[2 * r], 3);
});

test('trainValSplit partitions the rows', () => {
  const { train, val } = trainValSplit(toy(10), 0.2, new Rng(4));
  assert.equal(val.n, 2);
  assert.equal(train.n, 8);
  const rows = [...Array.from({ length: train.n }, (_, i) => train.x[2 * i]), ...Array.from({ length: val.n }, (_, i) => val.x[2 * i])];
  assert.deepEqual(rows.sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(Array.from(subset(toy(5), [4, 0]).y), [1, 0]);
});
