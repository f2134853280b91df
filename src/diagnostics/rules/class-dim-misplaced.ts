/** Cross-entropy/NLL input (B, L, V) with target (B, L): PyTorch wants the classes on dim 1. */
import { isClassLoss, CLASS_LOSSES } from '../../engine/losses/spec';
import { numel, sameShape, shapeStr, type Tensor } from '../../engine/tensor';
import type { LossCase } from '../../shapes/index';
import { finding } from '../finding';
import { l10n } from '../../l10n';
import type { Rule } from '../types';

/**
 * Whether the input has its classes last: 'nested' for input (B, L, V) with target (B, L),
 * 'flat' for input (B, L, V) with the target already flattened to (B·L,); false otherwise.
 */
export function classesLast(c: LossCase): 'nested' | 'flat' | false {
  if (!isClassLoss(c.loss.type)) return false;
  const s = c.input.shape;
  const t = c.target.shape;
  if (s.length < 3) return false;
  // Already valid as (N, C, d1, …): then PyTorch accepts it and nothing is misplaced.
  if (sameShape([s[0], ...s.slice(2)], t)) return false;
  if (sameShape(s.slice(0, -1), t)) return 'nested';
  if (t.length === 1 && t[0] === numel(s.slice(0, -1))) return 'flat';
  return false;
}

function dims(t: Tensor): string {
  return shapeStr(t.shape);
}

export const classDimMisplaced: Rule = {
  id: 'class-dim-misplaced',
  severity: 'error',
  title: 'Classes must be on dim 1 (input looks like (B, L, V))',
  defaults: {},
  appliesTo: CLASS_LOSSES,
  check(ctx) {
    const c = ctx.case;
    const kind = classesLast(c);
    if (!kind) return [];
    const s = c.input.shape;
    const V = s[s.length - 1];
    const expected = kind === 'nested' ? [s[0], V, ...s.slice(1, -1)] : [numel(s.slice(0, -1)), V];
    const permute = s.length === 3 ? 'logits.permute(0, 2, 1)' : 'logits.movedim(-1, 1)';
    const torchSays = kind === 'nested'
      ? l10n.t('PyTorch raises "Expected target size {0}, got {1}", or, worse, treats dim 1 (length {2}) as the classes when the sizes happen to fit.', shapeStr([s[0], ...s.slice(2)]), shapeStr(c.target.shape), s[1])
      : l10n.t('PyTorch raises a size error; the input must be flattened like the target.');
    return [finding(classDimMisplaced, {
      message: `${l10n.t('The input is {0} and the target {1}: the classes (V = {2}) are on the last dimension, but {3} expects them on dim 1, i.e. an input of shape {4}.', dims(c.input), dims(c.target), V, c.loss.type, shapeStr(expected))} ${torchSays}`,
      evidence: {
        inputShape: [...s],
        targetShape: [...c.target.shape],
        numClasses: V,
        expectedInputShape: expected,
      },
      fix: kind === 'nested'
        ? [
          `# ${l10n.t('flatten positions into the batch dimension (the usual LM form)')}`,
          `loss = criterion(logits.view(-1, ${V}), target.view(-1))`,
          `# ${l10n.t('or move the class dimension to dim 1')}`,
          `loss = criterion(${permute}, target)`,
        ].join('\n')
        : [
          `# ${l10n.t('the target is already flat: flatten the logits the same way')}`,
          `loss = criterion(logits.view(-1, ${V}), target)`,
        ].join('\n'),
      field: 'input',
    })];
  },
};
