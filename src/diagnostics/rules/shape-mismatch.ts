/** Input and target shapes that do not agree (other than the class-dim case). */
import { l10n } from '../../l10n';
import { broadcastShape } from '../../engine/losses/index';
import { isClassLoss } from '../../engine/losses/spec';
import { isFloatDType, numel, sameShape, shapeStr } from '../../engine/tensor';
import { finding } from '../finding';
import type { Rule } from '../types';
import { classesLast } from './class-dim-misplaced';

/**
 * What PyTorch's broadcast of input `s` against target `t` (result `b`) actually pairs, in words:
 * which dims get stretched and how many target values each prediction meets.
 */
export function describeBroadcast(s: readonly number[], t: readonly number[], b: readonly number[]): string {
  const n = b.length;
  const pad = (x: readonly number[]): number[] => [...new Array<number>(n - x.length).fill(1), ...x];
  const sp = pad(s), tp = pad(t);
  const parts: string[] = [];
  if (t.length < n) parts.push(l10n.t('PyTorch aligns shapes from the right, so the target {0} is read as {1}', shapeStr(t), shapeStr(tp)));
  if (s.length < n) {
    parts.push(parts.length
      ? l10n.t('and the input {0} is read as {1}', shapeStr(s), shapeStr(sp))
      : l10n.t('PyTorch aligns shapes from the right, so the input {0} is read as {1}', shapeStr(s), shapeStr(sp)));
  }
  const stretched = (x: number[], input: boolean): string[] => x.flatMap((v, d) => (v === 1 && b[d] > 1
    ? [input ? l10n.t("the input's dim {0} (size 1) is repeated {1} times", String(d), String(b[d])) : l10n.t("the target's dim {0} (size 1) is repeated {1} times", String(d), String(b[d]))]
    : []));
  const st = [...stretched(sp, true), ...stretched(tp, false)];
  if (st.length) parts.push(st.join(', '));
  const perPrediction = numel(b) / Math.max(numel(s), 1);
  let pairs: string;
  if (perPrediction === numel(t)) {
    pairs = l10n.t('every prediction is compared with every one of the {0} target values', String(numel(t)));
  } else {
    // A batch dim shifted onto a size-1 input dim: each sample's prediction meets every sample's target.
    const shifted = t.length < s.length && s.length > 0 && t.length > 0 && s[0] === t[0] && t[0] > 1
      && sp.some((v, d) => v === 1 && d > 0 && tp[d] === t[0]);
    pairs = shifted
      ? l10n.t("each predicted value is compared with the value at the same position in the targets of all {0} samples (sample i's prediction is scored against sample j's target for every i, j), not only with its own", String(t[0]))
      : l10n.t('each predicted value is compared with {0} target values instead of one', String(perPrediction));
  }
  return `${parts.length ? `${parts.join('; ')}: ` : ''}${pairs}.`;
}

/** The dim d such that inserting a size-1 dim at d turns `t` into `s` (−1 when none). */
function unsqueezeDim(s: readonly number[], t: readonly number[]): number {
  if (s.length !== t.length + 1) return -1;
  for (let d = 0; d < s.length; d++) {
    if (s[d] === 1 && sameShape([...t.slice(0, d), 1, ...t.slice(d)], s)) return d;
  }
  return -1;
}

export const shapeMismatch: Rule = {
  id: 'shape-mismatch',
  severity: 'error',
  title: 'Input and target shapes disagree',
  defaults: {},
  check(ctx) {
    const c = ctx.case;
    const s = c.input.shape;
    const t = c.target.shape;
    const type = c.loss.type;
    const evidence = (expected: number[], extra: Record<string, number | string | number[]> = {}): Record<string, number | string | number[]> => ({
      inputShape: [...s], targetShape: [...t], expectedTargetShape: expected, ...extra,
    });

    if (isClassLoss(type)) {
      if (classesLast(c)) return [];
      const indexShape = s.length <= 1 ? [] : [s[0], ...s.slice(2)];
      if (sameShape(t, indexShape)) return [];
      if (sameShape(t, s)) {
        if (type === 'CrossEntropyLoss' && isFloatDType(c.target.dtype)) return [];
        // Same shape but integer: one-hot / multi-hot class indicators.
        return [finding(shapeMismatch, {
          message: type === 'CrossEntropyLoss'
            ? l10n.t("The target {0} has the input's shape but dtype {1}: {2} wants class indices of shape {3} (or float class probabilities of the input's shape). A one-hot integer target makes PyTorch raise.", shapeStr(t), c.target.dtype, type, shapeStr(indexShape))
            : l10n.t("The target {0} has the input's shape but dtype {1}: {2} wants class indices of shape {3}. A one-hot integer target makes PyTorch raise.", shapeStr(t), c.target.dtype, type, shapeStr(indexShape)),
          evidence: evidence(indexShape, { targetDtype: c.target.dtype }),
          fix: [
            `target = target.argmax(dim=1)        # ${l10n.t('one-hot -> class indices')}`,
            ...(type === 'CrossEntropyLoss' ? [`# ${l10n.t('or keep soft targets: criterion(logits, target.float())')}`] : []),
          ].join('\n'),
          field: 'target',
        })];
      }
      const squeezeable = t.length === indexShape.length + 1 && t[t.length - 1] === 1 && sameShape(t.slice(0, -1), indexShape);
      return [finding(shapeMismatch, {
        message: type === 'CrossEntropyLoss'
          ? l10n.t('The target is {0} but {1} with an input of {2} (C = {3} on dim {4}) needs class indices of shape {5} or class probabilities of shape {2}. PyTorch raises a size error.',
            shapeStr(t), type, shapeStr(s), String(s.length <= 1 ? s[0] ?? 0 : s[1]), String(s.length <= 1 ? 0 : 1), shapeStr(indexShape))
          : l10n.t('The target is {0} but {1} with an input of {2} (C = {3} on dim {4}) needs class indices of shape {5}. PyTorch raises a size error.',
            shapeStr(t), type, shapeStr(s), String(s.length <= 1 ? s[0] ?? 0 : s[1]), String(s.length <= 1 ? 0 : 1), shapeStr(indexShape)),
        evidence: evidence(indexShape),
        fix: squeezeable
          ? 'target = target.squeeze(-1)   # (N, 1) -> (N,)'
          : `# ${l10n.t('make the target match: class indices of shape {0}', shapeStr(indexShape))}\nassert target.shape == logits.shape[:1] + logits.shape[2:]`,
        field: 'target',
      })];
    }

    // Element-wise losses (regression, BCE, KL): the target must have the input's shape.
    if (sameShape(s, t)) return [];
    const b = broadcastShape(s, t);
    const trap = b !== undefined && !sameShape(b, s);
    const squeezeFix = s.length === t.length + 1 && s[s.length - 1] === 1 && sameShape(s.slice(0, -1), t)
      ? `pred = pred.squeeze(-1)          # ${l10n.t('(N, 1) -> (N,), or: target = target.unsqueeze(-1)')}`
      : t.length === s.length + 1 && t[t.length - 1] === 1 && sameShape(t.slice(0, -1), s)
        ? 'target = target.squeeze(-1)      # (N, 1) -> (N,)'
        : unsqueezeDim(s, t) >= 0
          ? `target = target.unsqueeze(${unsqueezeDim(s, t)})    # ${shapeStr(t)} -> ${shapeStr(s)}`
          : `target = target.view_as(pred)    # ${l10n.t('only if they hold the same elements in the same order')}`;
    let message: string;
    if (type === 'BCELoss' || type === 'BCEWithLogitsLoss') {
      message = trap && b
        ? l10n.t('The input is {0} and the target {1}: {2} needs a target of exactly the input\'s shape and PyTorch raises "Using a target size that is different to the input size" (broadcasting would compare {3} pairs instead of {4}).', shapeStr(s), shapeStr(t), type, String(numel(b)), String(numel(s)))
        : l10n.t('The input is {0} and the target {1}: {2} needs a target of exactly the input\'s shape and PyTorch raises "Using a target size that is different to the input size".', shapeStr(s), shapeStr(t), type);
    } else if (trap && b) {
      message = l10n.t('The input is {0} and the target {1}. {2} broadcasts them to {3} ({4} pairs instead of {5}) with only a warning: {6} The loss is wrong and the model learns to predict the average of the targets it is paired with.',
        shapeStr(s), shapeStr(t), type, shapeStr(b), String(numel(b)), String(numel(s)), describeBroadcast(s, t, b));
    } else if (b) {
      message = l10n.t("The input is {0} and the target {1}. {2} broadcasts the target to the input's shape {3}: the same target values are reused for several predictions, which is rarely intended.", shapeStr(s), shapeStr(t), type, shapeStr(b));
    } else {
      message = l10n.t("The input is {0} and the target {1}: {2} needs a target of the input's shape {0} and PyTorch raises a size error.", shapeStr(s), shapeStr(t), type);
    }
    return [finding(shapeMismatch, {
      message,
      evidence: evidence([...s], b ? { broadcastShape: b, pairs: numel(b), expectedPairs: numel(s) } : {}),
      fix: squeezeFix,
      field: 'target',
    })];
  },
};
