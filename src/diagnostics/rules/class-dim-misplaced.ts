/** Cross-entropy/NLL input (B, L, V) with target (B, L): PyTorch wants the classes on dim 1. */
import { isClassLoss } from '../../engine/losses/spec';
import { sameShape, shapeStr, type Tensor } from '../../engine/tensor';
import type { LossCase } from '../../io/types';
import { finding } from '../finding';
import type { Rule } from '../types';

/** True when the input has its classes last ((B, L, V)) while the target is (B, L). */
export function classesLast(c: LossCase): boolean {
  if (!isClassLoss(c.loss.type)) return false;
  const s = c.input.shape;
  const t = c.target.shape;
  if (s.length < 3 || t.length !== s.length - 1) return false;
  if (!sameShape(s.slice(0, -1), t)) return false;
  // Already valid as (N, C, d1, …): then PyTorch accepts it and nothing is misplaced.
  return !sameShape([s[0], ...s.slice(2)], t);
}

function dims(t: Tensor): string {
  return shapeStr(t.shape);
}

export const classDimMisplaced: Rule = {
  id: 'class-dim-misplaced',
  severity: 'error',
  title: 'Classes must be on dim 1 (input looks like (B, L, V))',
  defaults: {},
  check(ctx) {
    const c = ctx.case;
    if (!classesLast(c)) return [];
    const s = c.input.shape;
    const V = s[s.length - 1];
    const expected = [s[0], V, ...s.slice(1, -1)];
    const permute = s.length === 3 ? 'logits.permute(0, 2, 1)' : `logits.movedim(-1, 1)`;
    return [finding(classDimMisplaced, {
      message: `The input is ${dims(c.input)} and the target ${dims(c.target)}: the classes (V = ${V}) are on the last dimension, but ${c.loss.type} expects them on dim 1, i.e. an input of shape ${shapeStr(expected)}. PyTorch raises "Expected target size ${shapeStr([s[0], V, ...s.slice(2, -1)])}…" or, worse, treats dim 1 (length ${s[1]}) as the classes when the sizes happen to fit.`,
      evidence: {
        inputShape: [...s],
        targetShape: [...c.target.shape],
        numClasses: V,
        expectedInputShape: expected,
      },
      fix: [
        '# flatten positions into the batch dimension (the usual LM form)',
        `loss = criterion(logits.view(-1, ${V}), target.view(-1))`,
        '# or move the class dimension to dim 1',
        `loss = criterion(${permute}, target)`,
      ].join('\n'),
      field: 'input',
    })];
  },
};
