/**
 * regression-target-scale without a scalar loss (reduction='none'): the L1-family sentence quotes no
 * loss value ("The loss and its gradients grow with the target scale"), as the MSE one does.
 */
import assert from 'node:assert/strict';
import { mkCase, ruleTable } from '../harness';
import { regressionTargetScale } from '../../../../src/diagnostics/rules/regression-target-scale';

const T = [1000, 1200, 900, 1100];
ruleTable(regressionTargetScale, {
  severity: 'warning',
  fires: [
    {
      name: "L1Loss with reduction='none', targets around 1000: no loss in the sentence",
      case: mkCase({ loss: { type: 'L1Loss', reduction: 'none' }, input: [0, 0, 0, 0], target: T, inputDtype: 'float64', targetDtype: 'float64' }),
      expect: (f) => {
        // mean 1050, population std √12500 = 111.8
        assert.equal(f.message, 'The L1Loss targets have mean 1050 and std 112 (range 900…1200), far from unit scale (limit 10). The loss and its gradients grow with the target scale, so usual learning rates and initialisations are off, and the output layer first has to learn the offset.');
      },
    },
  ],
  silent: [{ name: "L1Loss with reduction='none', unit-scale targets", case: mkCase({ loss: { type: 'L1Loss', reduction: 'none' }, input: [0, 0, 0, 0], target: [0.1, -0.5, 0.3, 1.2], inputDtype: 'float64', targetDtype: 'float64' }) }],
});
