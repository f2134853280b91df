import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { computeLoss, float64Grad } from '../../../../src/engine/losses/index';
import { makeSpec, type LossType } from '../../../../src/engine/losses/spec';
import { Linear, ReLU, Sequential, type Module } from '../../../../src/engine/nn/modules';
import { AdamW } from '../../../../src/engine/optim/optimizers';
import { tensor } from '../../../../src/engine/tensor';

interface TrainCase {
  loss: LossType;
  args: Record<string, number | number[]>;
  sizes: number[];
  task: 'regression' | 'binary' | 'multiclass';
  params: Record<string, number[]>;
  x: number[];
  y: number[];
  batches: number[][];
  lr: number;
  losses: number[];
  final_params: Record<string, number[]>;
}

const cases = (JSON.parse(readFileSync(join(__dirname, '../../../fixtures/training/train.json'), 'utf8')) as { cases: TrainCase[] }).cases;

test('MLP + computeLoss + AdamW training steps reproduce PyTorch', () => {
  for (const c of cases) {
    const mods: Module[] = [];
    for (let i = 0; i + 1 < c.sizes.length; i++) {
      if (i > 0) mods.push(new ReLU());
      mods.push(new Linear(c.sizes[i], c.sizes[i + 1]));
    }
    const m = new Sequential(...mods);
    for (const p of m.parameters()) p.data.set(c.params[p.name]);
    const opt = new AdamW(m.parameters(), { lr: c.lr });
    const args: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(c.args)) args[k] = Array.isArray(v) ? tensor(v, [v.length]) : v;
    const spec = makeSpec(c.loss, args);
    const d = c.sizes[0], out = c.sizes[c.sizes.length - 1];
    c.batches.forEach((b, step) => {
      const x = new Float64Array(b.length * d);
      b.forEach((r, i) => x.set(c.x.slice(r * d, (r + 1) * d), i * d));
      const y = Float64Array.from(b.map((r) => c.y[r]));
      const z = m.forward(x, b.length, d).slice(0, b.length * out);
      const input = tensor(z, out === 1 ? [b.length] : [b.length, out]);
      const target = tensor(y, [b.length], c.task === 'multiclass' ? 'int64' : 'float64');
      const r = computeLoss(spec, input, target);
      assert.ok(Math.abs(r.value.data[0] - c.losses[step]) < 1e-12 * (1 + Math.abs(c.losses[step])), `${c.loss} step ${step} loss ${r.value.data[0]} vs ${c.losses[step]}`);
      m.backward(float64Grad(r));
      opt.step();
    });
    for (const p of m.parameters()) {
      const e = c.final_params[p.name];
      for (let i = 0; i < e.length; i++) assert.ok(Math.abs(p.data[i] - e[i]) < 1e-11, `${c.loss} ${p.name}[${i}]`);
    }
  }
});
