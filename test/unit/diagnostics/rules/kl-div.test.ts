/** Case table for kl-div-expects-log-probabilities (knowledge distillation with KLDivLoss). */
import assert from 'node:assert/strict';
import { ruleTable, mkCase, classifierLogits, seeded } from '../harness';
import { computeLoss } from '../../../../src/engine/losses/index';
import { makeSpec } from '../../../../src/engine/losses/spec';
import { tensor, type Tensor } from '../../../../src/engine/tensor';
import { klDivExpectsLogProbabilities } from '../../../../src/diagnostics/rules/kl-div-expects-log-probabilities';

/** Softmax over the last dimension of an (n, k) buffer, with temperature T. */
function softmaxRows(x: ArrayLike<number>, n: number, k: number, T = 1): Float64Array {
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let c = 0; c < k; c++) m = Math.max(m, x[i * k + c] / T);
    let s = 0;
    for (let c = 0; c < k; c++) s += (out[i * k + c] = Math.exp(x[i * k + c] / T - m));
    for (let c = 0; c < k; c++) out[i * k + c] /= s;
  }
  return out;
}
const logSoftmaxRows = (x: ArrayLike<number>, n: number, k: number, T = 1): Float64Array => softmaxRows(x, n, k, T).map(Math.log);

const N = 64, K = 8;
const student = classifierLogits({ n: N, k: K, seed: 31 }).logits;
const teacher = classifierLogits({ n: N, k: K, seed: 31, noise: 1 }).logits;
const T = 3;
const studentProbs = tensor(softmaxRows(student, N, K, T), [N, K], 'float32');
const studentLogProbs = tensor(logSoftmaxRows(student, N, K, T), [N, K], 'float32');
const teacherProbs = tensor(softmaxRows(teacher, N, K, T), [N, K], 'float32');
const teacherLogProbs = tensor(logSoftmaxRows(teacher, N, K, T), [N, K], 'float32');

function kl(input: Tensor, target: Tensor, logTarget = false): number {
  return computeLoss(makeSpec('KLDivLoss', { reduction: 'batchmean', log_target: logTarget }), input, target).value.data[0];
}
const close = (a: unknown, b: number, what: string): void => {
  assert.equal(typeof a, 'number', `${what}: ${String(a)}`);
  assert.ok(Math.abs((a as number) - b) <= 1e-5 * Math.max(1, Math.abs(b)), `${what}: ${String(a)} vs ${b}`);
};

/** (B, C, H, W) scores, distribution over dim 1 (segmentation distillation). */
function segmentation(kind: 'probs' | 'logprobs' | 'logits', seed: number): Tensor {
  const B = 2, C = 4, H = 3, W = 5;
  const r = seeded(seed);
  const out = new Float64Array(B * C * H * W);
  for (let b = 0; b < B; b++) for (let p = 0; p < H * W; p++) {
    const z = Array.from({ length: C }, () => 2 * r.normal());
    const m = Math.max(...z);
    const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
    for (let c = 0; c < C; c++) {
      const v = kind === 'logits' ? z[c] : kind === 'logprobs' ? z[c] - lse : Math.exp(z[c] - lse);
      out[b * C * H * W + c * H * W + p] = v;
    }
  }
  return tensor(out, [B, C, H, W], 'float32');
}

ruleTable(klDivExpectsLogProbabilities, {
  severity: 'warning',
  fires: [
    {
      name: 'distillation with softmax(student) as input',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: studentProbs, target: teacherProbs }),
      expect: (f) => {
        assert.equal(f.field, 'input');
        assert.equal(f.evidence.looksLike, 'probabilities');
        assert.equal(f.evidence.dim, 1);
        assert.equal(f.evidence.rowsChecked, N);
        assert.equal(f.evidence.rowsSummingToOne, N);
        assert.equal(f.evidence.positiveValues, N * K);
        close(f.evidence.medianRowSum, 1, 'medianRowSum');
        assert.ok((f.evidence.medianExpRowSum as number) > 1.5, `exp of probabilities sums to ~K·e^{1/K}: ${String(f.evidence.medianExpRowSum)}`);
        close(f.evidence.loss, kl(studentProbs, teacherProbs), 'loss');
        const fixed = kl(tensor(studentProbs.data.map((v) => Math.log(v)), [N, K]), teacherProbs);
        close(f.evidence.lossWithFix, fixed, 'lossWithFix');
        assert.ok(fixed >= 0, 'a real KL divergence is ≥ 0');
        assert.match(f.fix, /F\.log_softmax\(student_logits \/ T, dim=-1\)/);
        assert.match(f.fix, /F\.softmax\(teacher_logits \/ T, dim=-1\)/);
        assert.match(f.fix, /batchmean/);
        assert.match(f.message, /probabilities/);
      },
    },
    {
      name: 'raw student logits as input',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: tensor(student, [N, K], 'float32'), target: teacherProbs }),
      expect: (f) => {
        assert.equal(f.evidence.looksLike, 'logits');
        assert.ok((f.evidence.positiveValues as number) > 0);
        const fixed = kl(tensor(logSoftmaxRows(student, N, K), [N, K]), teacherProbs);
        close(f.evidence.lossWithFix, fixed, 'lossWithFix');
        assert.equal(f.evidence.fixApplied, 'log_softmax(input, dim=1)');
      },
    },
    {
      name: 'a single sample of probabilities',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [[0.7, 0.2, 0.1]], target: [[0.6, 0.3, 0.1]] }),
      expect: { evidence: { looksLike: 'probabilities', rowsChecked: 1, inputMin: 0.1 }, field: 'input' },
    },
    {
      name: "teacher log_softmax as target with log_target=False (the default)",
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: studentLogProbs, target: teacherLogProbs }),
      expect: (f, all) => {
        assert.equal(all.length, 1, 'the input is fine: only the target finding');
        assert.equal(f.field, 'target');
        assert.deepEqual(f.edit, { path: ['loss', 'log_target'], value: true });
        close(f.evidence.targetMedianExpRowSum, 1, 'exp(target) rows sum to 1');
        close(f.evidence.lossWithFix, kl(studentLogProbs, teacherLogProbs, true), 'lossWithFix');
        assert.ok(Number.isNaN(f.evidence.loss as number) || f.evidence.loss === null, `t·log t of negatives is NaN: ${String(f.evidence.loss)}`);
        assert.match(f.fix, /log_target=True/);
      },
    },
    {
      name: 'teacher softmax as target with log_target=True',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean', log_target: true }, input: studentLogProbs, target: teacherProbs }),
      expect: (f, all) => {
        assert.equal(all.length, 1);
        assert.equal(f.field, 'loss.log_target');
        assert.deepEqual(f.edit, { path: ['loss', 'log_target'], value: false });
        close(f.evidence.targetMedianRowSum, 1, 'target rows sum to 1');
        assert.ok((f.evidence.targetMedianExpRowSum as number) > K, 'exp(probabilities) is no distribution');
        close(f.evidence.loss, kl(studentLogProbs, teacherProbs, true), 'loss');
        close(f.evidence.lossWithFix, kl(studentLogProbs, teacherProbs), 'lossWithFix');
      },
    },
    {
      name: 'both mistakes at once: two findings',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean', log_target: true }, input: studentProbs, target: teacherProbs }),
      expect: (_f, all) => assert.deepEqual(all.map((x) => x.field), ['input', 'loss.log_target']),
    },
    {
      name: 'segmentation distillation (B, C, H, W) with probabilities over dim 1',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: segmentation('probs', 5), target: segmentation('probs', 6) }),
      expect: { evidence: { looksLike: 'probabilities', dim: 1, numClasses: 4, rowsChecked: 30 } },
    },
  ],
  silent: [
    { name: 'log_softmax input, softmax(teacher / T) target', case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: studentLogProbs, target: teacherProbs }) },
    { name: 'both log_softmax with log_target=True', case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean', log_target: true }, input: studentLogProbs, target: teacherLogProbs }) },
    {
      name: 'high temperature (T = 20): nearly uniform targets',
      case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: tensor(logSoftmaxRows(student, N, K, 20), [N, K], 'float32'), target: tensor(softmaxRows(teacher, N, K, 20), [N, K], 'float32') }),
    },
    { name: 'one sample, two classes', case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [[-0.105, -2.303]], target: [[0.8, 0.2]] }) },
    { name: 'one-hot targets (zeros in the target are fine)', case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'sum' }, input: [[-0.2, -1.8, -3], [-2.5, -0.1, -4]], target: [[1, 0, 0], [0, 1, 0]] }) },
    { name: "reduction 'none'", case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'none' }, input: studentLogProbs, target: teacherProbs }) },
    { name: 'log one-hot target with -inf under log_target=True', case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean', log_target: true }, input: [[-0.1, -2.4], [-1.9, -0.2]], target: [[0, -Infinity], [-Infinity, 0]] }) },
    { name: 'float32 rounding leaves a tiny positive log-probability', case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: [[1e-7, -16.2, -17]], target: [[0.98, 0.01, 0.01]] }) },
    { name: 'segmentation (B, C, H, W) log_softmax over dim 1', case: mkCase({ loss: { type: 'KLDivLoss', reduction: 'batchmean' }, input: segmentation('logprobs', 5), target: segmentation('probs', 6) }) },
    { name: 'NLLLoss is not this rule', case: mkCase({ loss: 'NLLLoss', input: [[0.7, 0.2, 0.1]], target: [0] }) },
  ],
});
