/** NaN or ±Inf in the input or the target: the loss (and every gradient after it) becomes NaN. */
import { isClassLoss } from '../../engine/losses/spec';
import { finding } from '../finding';
import { indexStr, pct, type TensorSummary } from '../stats';
import type { Finding, Rule } from '../types';

function lossIsFinite(v: ArrayLike<number> | undefined): boolean {
  if (!v) return false;
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

export const nonFiniteValues: Rule = {
  id: 'non-finite-values',
  severity: 'error',
  title: 'NaN or Inf in the input or target',
  defaults: {},
  check(ctx) {
    const out: Finding[] = [];
    const c = ctx.case;
    const parts: Array<['input' | 'target', TensorSummary]> = [['input', ctx.stats.input], ['target', ctx.stats.target]];
    for (const [name, s] of parts) {
      if (s.nonFinite === 0) continue;
      // -Inf logits are a legitimate mask for cross-entropy/NLL as long as the loss stays finite.
      if (name === 'input' && isClassLoss(c.loss.type) && s.nan === 0 && s.posInf === 0 && lossIsFinite(ctx.result?.value.data)) continue;
      const where = s.firstNonFinite.map(indexStr);
      const kinds = [s.nan ? `${s.nan} NaN` : '', s.posInf ? `${s.posInf} +Inf` : '', s.negInf ? `${s.negInf} -Inf` : ''].filter(Boolean).join(', ');
      const fix = name === 'input'
        ? [
          '# find where the non-finite values are born',
          'torch.autograd.set_detect_anomaly(True)   # while debugging only',
          'assert torch.isfinite(logits).all(), "non-finite model output"',
          '# common causes: log(0) or x/0 in the model (clamp: torch.log(p.clamp_min(1e-12))),',
          '# a too-high learning rate (lower it, add torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)),',
          '# NaN in the input features (check the batch before the forward pass)',
        ].join('\n')
        : [
          '# clean the labels before training',
          'bad = ~torch.isfinite(target)',
          'print(bad.sum().item(), bad.nonzero()[:5])',
          'target = torch.nan_to_num(target, nan=0.0)   # or drop those samples / set them to ignore_index',
        ].join('\n');
      out.push(finding(nonFiniteValues, {
        message: `The ${name} holds ${s.nonFinite} non-finite value${s.nonFinite === 1 ? '' : 's'} (${kinds}; ${pct(s.nonFinite / Math.max(s.size, 1))} of ${s.size}), first at ${where.join(', ')}. One NaN makes the loss and every gradient NaN, and the weights become NaN after the next optimizer step.`,
        evidence: {
          tensor: name,
          count: s.nonFinite,
          nan: s.nan,
          posInf: s.posInf,
          negInf: s.negInf,
          share: s.nonFinite / Math.max(s.size, 1),
          firstIndices: where,
          shape: [...s.shape],
          finiteMin: s.min,
          finiteMax: s.max,
        },
        fix,
        field: name,
      }));
    }
    return out;
  },
};
