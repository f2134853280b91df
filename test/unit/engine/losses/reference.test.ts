/**
 * Every case of test/fixtures/reference/*.json (PyTorch 1.13, float64) recomputed by the engine:
 * loss and gradient within rtol 1e-9 (atol 1e-12 for values near 0), NaN where PyTorch gives NaN.
 * The float32.json cases (PyTorch in float32) are recomputed in our float32 mode and compared to
 * float32 tolerance (rtol 1e-5, atol 1e-6).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeLoss } from '../../../../src/engine/losses/index';
import { LOSS_TYPES } from '../../../../src/engine/losses/spec';
import { firstMismatch, loadReferenceCases } from './fixtures';

const RTOL = 1e-9;
const ATOL = 1e-12;
const cases = loadReferenceCases();

test('the fixtures cover every loss and every reduction', () => {
  assert.ok(cases.length > 300, `only ${cases.length} cases`);
  for (const type of LOSS_TYPES) {
    const reductions = new Set(cases.filter((c) => c.spec.type === type).map((c) => c.spec.reduction));
    for (const r of ['none', 'mean', 'sum']) assert.ok(reductions.has(r as never), `${type} lacks reduction ${r}`);
  }
  assert.ok(cases.some((c) => c.spec.type === 'KLDivLoss' && c.spec.reduction === 'batchmean'));
  assert.ok(cases.some((c) => c.hand), 'hand-computed smoothing_mode=others cases');
});

for (const file of [...new Set(cases.map((c) => c.file))]) {
  test(`reference ${file}`, () => {
    const failures: string[] = [];
    for (const c of cases.filter((k) => k.file === file)) {
      let r;
      try {
        r = computeLoss(c.spec, c.input, c.target, { dtype: c.dtype });
      } catch (e) {
        failures.push(`${c.name}: threw ${(e as Error).message}`);
        continue;
      }
      if (r.value.shape.join(',') !== c.loss.shape.join(',')) {
        failures.push(`${c.name}: loss shape [${r.value.shape.join(', ')}], expected [${c.loss.shape.join(', ')}]`);
        continue;
      }
      // float32: PyTorch rounds every intermediate (e.g. log(exp(−m) + exp(−z − m)) of BCEWithLogits loses
      // ~1e-7 absolute next to 1); we round only inputs and results, so compare to float32 absolute error.
      const [rtol, atol] = c.dtype === 'float32' ? [1e-5, 1e-6] : [RTOL, ATOL];
      const lm = firstMismatch(r.value.data, c.loss.data, rtol, atol);
      if (lm) failures.push(`${c.name}: loss${lm}`);
      const gm = firstMismatch(r.grad, c.grad.data, rtol, atol);
      if (gm) failures.push(`${c.name}: grad${gm}`);
    }
    assert.deepEqual(failures, []);
  });
}
