import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RunReport, TrainReport } from '../../../src/shapes/index';
import { doubleSoftmaxFloor, headline, keyMetric, labelSmoothingFloor, refLevels } from '../../../webview/verdicts';

function run(name: string, final: Record<string, number>, extra: Partial<RunReport> = {}): RunReport {
  return { name, loss: { type: 'BCEWithLogitsLoss' }, history: { train_loss: [1] }, final, findings: [], ...extra };
}

describe('verdicts', () => {
  it('names the best and worst run on the key metric, and what accuracy would pick', () => {
    const rep: TrainReport = {
      scenario: 's', seed: 42, seconds: 1, kind: 'sweep',
      summary: { columns: ['run', 'pos_weight', 'val_f1'], rows: [['none', 'none', 0], ['w', 4.5, 0.5]] },
      runs: [run('none', { val_f1: 0, val_accuracy: 0.95 }, { task: 'binary' }), run('w', { val_f1: 0.5, val_accuracy: 0.9 }, { task: 'binary' })],
    };
    const hd = headline(rep);
    assert.equal(hd?.text, 'Best val F1: w (pos_weight 4.5) 0.5; worst: none (pos_weight none) 0. Accuracy would pick none (0.95): it hides the difference.');
    assert.equal(hd?.best, 'w');
    // lower is better for calibration error
    const ece: TrainReport = { scenario: 's', seed: 42, seconds: 1, kind: 'sweep', summary: { columns: ['run', 'val_ece'], rows: [] },
      runs: [run('a', { val_ece: 0.3 }), run('b', { val_ece: 0.1 })] };
    assert.equal(keyMetric(ece)?.key, 'val_ece');
    assert.equal(headline(ece)?.best, 'b');
    // a mistake beside its fix, with no metric named by the summary: where they differ most
    const pair: TrainReport = { scenario: 's', seed: 42, seconds: 1, kind: 'mistake',
      runs: [run('m', { val_macro_f1: 0.869, val_ece: 0.526, val_accuracy: 0.87 }), run('m-fixed', { val_macro_f1: 0.879, val_ece: 0.144, val_accuracy: 0.88 })] };
    assert.equal(keyMetric(pair)?.key, 'val_ece');
    assert.equal(headline(pair)?.best, 'm-fixed');
    // no verdict for a single run or a tutorial
    assert.equal(headline({ ...ece, runs: [ece.runs[0]] }), undefined);
    assert.equal(headline({ ...ece, kind: 'tutorial' }), undefined);
  });

  it('computes the known loss levels', () => {
    // ε = 0.1, K = 5, PyTorch: 0.92 on the true class and 0.02 on each of the 4 others
    assert.ok(Math.abs(labelSmoothingFloor(0.1, 5) - -(0.92 * Math.log(0.92) + 4 * 0.02 * Math.log(0.02))) < 1e-15);
    assert.ok(Math.abs(labelSmoothingFloor(0.1, 5, 'others') - -(0.9 * Math.log(0.9) + 4 * 0.025 * Math.log(0.025))) < 1e-15);
    assert.equal(labelSmoothingFloor(0, 5), 0);
    // probabilities one-hot at best: softmax([1, 0, …]) puts e/(e + K − 1) on the true class
    assert.ok(Math.abs(doubleSoftmaxFloor(10) - -Math.log(Math.E / (Math.E + 9))) < 1e-15);
    const ce = run('a', {}, { loss: { type: 'CrossEntropyLoss' }, details: { confusion: [[30, 0], [0, 10]] } });
    const levels = refLevels([ce]);
    assert.ok(Math.abs(levels[0].y - Math.log(2)) < 1e-15);
    assert.ok(Math.abs(levels[1].y - -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25))) < 1e-15);
    const bce = run('b', {}, { details: { confusion: { tp: 5, fn: 5, tn: 80, fp: 10 } } });
    assert.ok(Math.abs(refLevels([bce])[0].y - -(0.1 * Math.log(0.1) + 0.9 * Math.log(0.9))) < 1e-15);
    // with pos_weight the constant-prediction level is another number: none drawn
    assert.deepEqual(refLevels([{ ...bce, loss: { type: 'BCEWithLogitsLoss', pos_weight: [9] } }]), []);
  });
});
