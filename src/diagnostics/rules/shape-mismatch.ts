/** Input and target shapes that do not agree (other than the class-dim case). */
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
  if (t.length < n) parts.push(`PyTorch aligns shapes from the right, so the target ${shapeStr(t)} is read as ${shapeStr(tp)}`);
  if (s.length < n) parts.push(`${parts.length ? 'and' : 'PyTorch aligns shapes from the right, so'} the input ${shapeStr(s)} is read as ${shapeStr(sp)}`);
  const stretched = (x: number[], who: string): string[] => x.flatMap((v, d) => (v === 1 && b[d] > 1 ? [`${who} dim ${d} (size 1) is repeated ${b[d]} times`] : []));
  const st = [...stretched(sp, "the input's"), ...stretched(tp, "the target's")];
  if (st.length) parts.push(st.join(', '));
  const perPrediction = numel(b) / Math.max(numel(s), 1);
  let pairs: string;
  if (perPrediction === numel(t)) {
    pairs = `every prediction is compared with every one of the ${numel(t)} target values`;
  } else {
    // A batch dim shifted onto a size-1 input dim: each sample's prediction meets every sample's target.
    const shifted = t.length < s.length && s.length > 0 && t.length > 0 && s[0] === t[0] && t[0] > 1
      && sp.some((v, d) => v === 1 && d > 0 && tp[d] === t[0]);
    pairs = shifted
      ? `each predicted value is compared with the value at the same position in the targets of all ${t[0]} samples (sample i's prediction is scored against sample j's target for every i, j), not only with its own`
      : `each predicted value is compared with ${perPrediction} target values instead of one`;
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
          message: `The target ${shapeStr(t)} has the input's shape but dtype ${c.target.dtype}: ${type} wants class indices of shape ${shapeStr(indexShape)}${type === 'CrossEntropyLoss' ? ' (or float class probabilities of the input\'s shape)' : ''}. A one-hot integer target makes PyTorch raise.`,
          evidence: evidence(indexShape, { targetDtype: c.target.dtype }),
          fix: [
            'target = target.argmax(dim=1)        # one-hot -> class indices',
            ...(type === 'CrossEntropyLoss' ? ['# or keep soft targets: criterion(logits, target.float())'] : []),
          ].join('\n'),
          field: 'target',
        })];
      }
      const squeezeable = t.length === indexShape.length + 1 && t[t.length - 1] === 1 && sameShape(t.slice(0, -1), indexShape);
      return [finding(shapeMismatch, {
        message: `The target is ${shapeStr(t)} but ${type} with an input of ${shapeStr(s)} (C = ${s.length <= 1 ? s[0] ?? 0 : s[1]} on dim ${s.length <= 1 ? 0 : 1}) needs class indices of shape ${shapeStr(indexShape)}${type === 'CrossEntropyLoss' ? ` or class probabilities of shape ${shapeStr(s)}` : ''}. PyTorch raises a size error.`,
        evidence: evidence(indexShape),
        fix: squeezeable
          ? 'target = target.squeeze(-1)   # (N, 1) -> (N,)'
          : `# make the target match: class indices of shape ${shapeStr(indexShape)}\nassert target.shape == logits.shape[:1] + logits.shape[2:]`,
        field: 'target',
      })];
    }

    // Element-wise losses (regression, BCE, KL): the target must have the input's shape.
    if (sameShape(s, t)) return [];
    const b = broadcastShape(s, t);
    const trap = b !== undefined && !sameShape(b, s);
    const squeezeFix = s.length === t.length + 1 && s[s.length - 1] === 1 && sameShape(s.slice(0, -1), t)
      ? 'pred = pred.squeeze(-1)          # (N, 1) -> (N,), or: target = target.unsqueeze(-1)'
      : t.length === s.length + 1 && t[t.length - 1] === 1 && sameShape(t.slice(0, -1), s)
        ? 'target = target.squeeze(-1)      # (N, 1) -> (N,)'
        : unsqueezeDim(s, t) >= 0
          ? `target = target.unsqueeze(${unsqueezeDim(s, t)})    # ${shapeStr(t)} -> ${shapeStr(s)}`
          : 'target = target.view_as(pred)    # only if they hold the same elements in the same order';
    let message: string;
    if (type === 'BCELoss' || type === 'BCEWithLogitsLoss') {
      message = `The input is ${shapeStr(s)} and the target ${shapeStr(t)}: ${type} needs a target of exactly the input's shape and PyTorch raises "Using a target size that is different to the input size"${trap && b ? ` (broadcasting would compare ${numel(b)} pairs instead of ${numel(s)})` : ''}.`;
    } else if (trap && b) {
      message = `The input is ${shapeStr(s)} and the target ${shapeStr(t)}. ${type} broadcasts them to ${shapeStr(b)} (${numel(b)} pairs instead of ${numel(s)}) with only a warning: ${describeBroadcast(s, t, b)} The loss is wrong and the model learns to predict the average of the targets it is paired with.`;
    } else if (b) {
      message = `The input is ${shapeStr(s)} and the target ${shapeStr(t)}. ${type} broadcasts the target to the input's shape ${shapeStr(b)}: the same target values are reused for several predictions, which is rarely intended.`;
    } else {
      message = `The input is ${shapeStr(s)} and the target ${shapeStr(t)}: ${type} needs a target of the input's shape ${shapeStr(s)} and PyTorch raises a size error.`;
    }
    return [finding(shapeMismatch, {
      message,
      evidence: evidence([...s], b ? { broadcastShape: b, pairs: numel(b), expectedPairs: numel(s) } : {}),
      fix: squeezeFix,
      field: 'target',
    })];
  },
};
