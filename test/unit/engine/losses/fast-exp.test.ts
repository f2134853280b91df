import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expNonPositive } from '../../../../src/engine/losses/fast-exp';
import { rng } from './helpers';

test('expNonPositive agrees with Math.exp to 1 ulp over the whole non-positive range', () => {
  const r = rng(11);
  let worst = 0;
  for (let i = 0; i < 200000; i++) {
    const scale = [1e-9, 0.4, 1.1, 30, 700, 746][i % 6];
    const x = -r() * scale;
    const a = expNonPositive(x);
    const e = Math.exp(x);
    if (e === 0) assert.equal(a, 0);
    else worst = Math.max(worst, Math.abs(a - e) / e);
  }
  assert.ok(worst <= 2.3e-16, `worst relative difference ${worst}`);
});

test('expNonPositive edge values', () => {
  assert.equal(expNonPositive(0), 1);
  assert.equal(expNonPositive(-0), 1);
  assert.equal(expNonPositive(-Infinity), 0);
  assert.equal(expNonPositive(-746), 0);
  assert.ok(Number.isNaN(expNonPositive(NaN)));
  assert.equal(expNonPositive(2), Math.exp(2));
  assert.ok(expNonPositive(-745) > 0, 'subnormal results survive');
  assert.equal(expNonPositive(-Math.LN2), 0.5);
});
