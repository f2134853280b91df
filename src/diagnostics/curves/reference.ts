/** Reference loss levels for curve rules, from a loss case (a run's snapshot) or a class count. */
import type { LossCase } from '../../shapes/case';
import { lossReference } from '../rules/loss-plateau';
import { CaseStats } from '../stats';
import type { CurveReference } from './types';

export function referenceFromCase(c: LossCase, source: string): CurveReference | undefined {
  const r = lossReference(c, new CaseStats(c));
  if (!r) return undefined;
  const out: CurveReference = { constant: r.constant, constantText: r.constantText, lossType: c.loss.type, source };
  if (r.K !== undefined) { out.numClasses = r.K; out.logK = Math.log(r.K); }
  if (r.doubleSoftmaxFloor !== undefined) out.doubleSoftmaxFloor = r.doubleSoftmaxFloor;
  return out;
}

/** Levels known from the number of classes alone (`--classes K`): log K and the double-softmax floor. */
export function referenceFromClasses(K: number, lossType: string | undefined, source: string): CurveReference {
  const out: CurveReference = { numClasses: K, logK: Math.log(K), source };
  if (lossType !== undefined) out.lossType = lossType;
  if (lossType === undefined || lossType === 'CrossEntropyLoss') out.doubleSoftmaxFloor = Math.log(1 + (K - 1) / Math.E);
  return out;
}
