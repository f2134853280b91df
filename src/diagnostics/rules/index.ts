/**
 * Every rule, in report order (errors first). Add a rule: one file in this folder exporting a `Rule`,
 * one import and one array line here, a page `docs/rules/<id>.md`, and a case table in
 * `test/unit/diagnostics/rules/` (see test/unit/diagnostics/harness.ts and src/diagnostics/run.ts).
 */
import type { Rule } from '../types';
import { allTargetsIgnored } from './all-targets-ignored';
import { bceExpectsProbabilities } from './bce-expects-probabilities';
import { classDimMisplaced } from './class-dim-misplaced';
import { classImbalance } from './class-imbalance';
import { doubleSigmoid } from './double-sigmoid';
import { doubleSoftmax } from './double-softmax';
import { missingIgnoreIndex } from './missing-ignore-index';
import { nllExpectsLogProbabilities } from './nll-expects-log-probabilities';
import { klDivExpectsLogProbabilities } from './kl-div-expects-log-probabilities';
import { nonFiniteValues } from './non-finite-values';
import { shapeMismatch } from './shape-mismatch';
import { targetOutOfRange } from './target-out-of-range';
// loss configuration, loss history, model outputs
import { labelSmoothingRisk } from './label-smoothing-risk';
import { extremeLogits } from './extreme-logits';
import { regressionTargetScale } from './regression-target-scale';
import { mseOutliers } from './mse-outliers';
import { mseOnClassLabels } from './mse-on-class-labels';
import { reportedLossMismatch } from './reported-loss-mismatch';
import { lossPlateau } from './loss-plateau';
import { lossDivergence } from './loss-divergence';
import { decisionThreshold } from './decision-threshold';
import { sumReduction } from './sum-reduction';
import { initialLoss } from './initial-loss';
import { suspectLabels } from './suspect-labels';
// invariants (#20): imports below this line
import { bceTargetOutOfRange } from './bce-target-out-of-range';
import { targetNotADistribution } from './target-not-a-distribution';
import { lossBelowMinimum } from './loss-below-minimum';
import { klDivMeanReduction } from './kl-div-mean-reduction';
import { invalidLossWeight } from './invalid-loss-weight';
import { lossCannotTeach } from './loss-cannot-teach';
import { bceWeightNotPosWeight } from './bce-weight-not-pos-weight';
import { normalizedAlongWrongAxis } from './normalized-along-wrong-axis';
import { paddingIsARealClass } from './padding-is-a-real-class';
import { ignoreIndexIsRealClass } from './ignore-index-is-real-class';
import { CURVE_ONLY_RULES } from '../curves/curve-only';
// real users' bugs (issue 12): imports below this line
import { weightedProbabilityTargets } from './weighted-probability-targets';
import { collapsedModel } from './collapsed-model';
import { bceClampedLog } from './bce-clamped-log';

export const RULES: Rule[] = [
  // errors
  nonFiniteValues,
  targetOutOfRange,
  classDimMisplaced,
  shapeMismatch,
  bceExpectsProbabilities,
  // invariants (#20): errors
  bceTargetOutOfRange,
  lossBelowMinimum,
  invalidLossWeight,
  // warnings
  doubleSoftmax,
  doubleSigmoid,
  nllExpectsLogProbabilities,
  klDivExpectsLogProbabilities,
  missingIgnoreIndex,
  allTargetsIgnored,
  classImbalance,
  // invariants (#20): warnings
  targetNotADistribution,
  klDivMeanReduction,
  lossCannotTeach,
  bceWeightNotPosWeight,
  normalizedAlongWrongAxis,
  paddingIsARealClass,
  ignoreIndexIsRealClass,
  // loss configuration, loss history, model outputs: warnings
  labelSmoothingRisk,
  extremeLogits,
  regressionTargetScale,
  mseOutliers,
  mseOnClassLabels,
  reportedLossMismatch,
  lossPlateau,
  lossDivergence,
  weightedProbabilityTargets,
  collapsedModel,
  bceClampedLog,
  // info
  decisionThreshold,
  sumReduction,
  initialLoss,
  suspectLabels,
  // curve rules (logged series; nothing to say on a case)
  ...CURVE_ONLY_RULES,
];
