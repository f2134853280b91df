/**
 * class-dim-misplaced in code: softmax/log_softmax over the batch axis (dim=0) of a batched output
 * that then feeds a loss, or a hand-written cross-entropy (`-(y * x.log_softmax(0)).sum()`); and,
 * where the code makes the layout evident (src/lint/flow.ts: Conv outputs, a Linear after a
 * batch_first RNN or an explicit 3-D view), (N, L, C) scores given to CrossEntropyLoss/NLLLoss
 * with the classes last, or (N, C, L…) scores flattened with `.view(-1, C)` before the classes were
 * moved last.
 */
import { l10n } from '../../l10n';
import { codeFinding, where } from './helpers';
import type { ActFact, CodeFinding, CodeRule, LayoutFact, Site } from './types';

/** `(N, C, L)`, `(N, L, C)`, `(N, C, H, W)`: the layout written out, C on the class axis. */
export function shapeText(l: LayoutFact): string {
  const c = l.classes ?? 'C';
  if (l.rank === 4 && l.cls === 1) return `(N, ${c}, H, W)`;
  if (l.rank === 5 && l.cls === 1) return `(N, ${c}, D, H, W)`;
  const dims = Array.from({ length: l.rank }, (_, i) => (i === 0 ? 'N' : i === l.cls ? c : l.rank === 3 ? 'L' : `d${i}`));
  return `(${dims.join(', ')})`;
}

function overBatch(a: ActFact | undefined): a is ActFact {
  return !!a && a.dim === 0 && a.batched && (a.kind === 'softmax' || a.kind === 'log_softmax' || a.kind === 'log_of_softmax');
}

export const classDimMisplacedCode: CodeRule = {
  id: 'class-dim-misplaced',
  severity: 'error',
  title: 'Class dimension in the wrong place',
  check(facts) {
    const out: CodeFinding[] = [];
    /** `what`: the consumer, a loss name (`F.cross_entropy`) or a translated noun phrase. */
    const add = (a: ActFact, consumer: Site, what: string): void => {
      out.push(codeFinding(classDimMisplacedCode, {
        site: a.site,
        message: l10n.t("{0} normalises over dim=0, the batch axis of a batched model output, before {1} at {2}: each class's scores are normalised across the samples of the batch instead of each sample across its classes. The loss still decreases, but predictions depend on the other samples in the batch. Normalise over the class axis (dim=1 for (N, C), dim=-1 for (…, C)).", a.form, what, where(consumer)),
        fix: `log_probs = F.log_softmax(logits, dim=1)   # ${l10n.t('classes are on dim 1 of (N, C)')}`,
        related: [{ site: consumer, message: l10n.t('{0} consumes it here', what) }],
      }));
    };
    for (const u of facts.losses) if (overBatch(u.input.act)) add(u.input.act, u.call, u.name);
    for (const u of facts.losses) {
      if (u.loss !== 'CrossEntropyLoss' && u.loss !== 'NLLLoss') continue;
      const l = u.input.layout;
      if (!l || l.cls === undefined) continue;
      if (l.flat) {
        out.push(codeFinding(classDimMisplacedCode, {
          site: l.flat.site,
          message: l10n.t("{0} flattens the {1} scores of {2} at {3}, whose classes are on dim {4}, into rows of {5}: each row takes {5} consecutive values along the last axis — one class's scores at {5} positions — not one position's {5} class scores. {6} at {7} trains on scrambled rows without any error. Move the classes last before flattening.",
            l.flat.form, shapeText({ ...l, rank: l.flat.rank, cls: l.flat.cls }), l.form, where(l.site), String(l.flat.cls), String(l.classes), u.name, where(u.call)),
          fix: `logits = logits.permute(0, 2, 1).reshape(-1, ${l.classes})   # (N, C, L) → (N·L, C); (N, C, H, W): permute(0, 2, 3, 1)\nloss = F.cross_entropy(logits, target.reshape(-1))\n# ${l10n.t('or keep (N, C, L) and pass it as is: cross_entropy takes the classes on dim 1')}`,
          related: [{ site: l.site, message: l10n.t('{0} scores made here', shapeText({ ...l, rank: l.flat.rank, cls: l.flat.cls })) }, { site: u.call, message: l10n.t('{0} consumes the flattened rows', u.name) }],
        }));
      } else if (l.rank >= 3 && l.cls === l.rank - 1) {
        // (N, H, W, C), (N, D, H, W, C): PyTorch takes a spatial axis for the classes; permute moves them back
        const spatial = l.rank >= 4;
        const perm = [0, l.rank - 1, ...Array.from({ length: l.rank - 2 }, (_, i) => i + 1)].join(', ');
        out.push(codeFinding(classDimMisplacedCode, {
          site: u.inputSite,
          message: spatial
            ? l10n.t('{0} at {1} gets {2} scores from {3} at {4}, with the {5} classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the first spatial axis for the classes: a shape error against the targets, or — when the sizes happen to match — a silently wrong loss. Flatten the scores to (−1, C) and the targets to (−1), or move the classes to dim 1.', u.name, where(u.call), shapeText(l), l.form, where(l.site), String(l.classes ?? 'C'))
            : l10n.t('{0} at {1} gets {2} scores from {3} at {4}, with the {5} classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the sequence axis for the classes: a shape error against (N, L) targets, or — when the sizes happen to match — a silently wrong loss. Flatten to (N·L, C) or move the classes to dim 1.', u.name, where(u.call), shapeText(l), l.form, where(l.site), String(l.classes ?? 'C')),
          fix: spatial
            ? `loss = F.cross_entropy(logits.reshape(-1, ${l.classes ?? 'C'}), target.reshape(-1))\n# ${l10n.t('or:')} F.cross_entropy(logits.permute(${perm}), target)   # ${l10n.t('the classes moved to dim 1')}`
            : `loss = F.cross_entropy(logits.reshape(-1, ${l.classes ?? 'C'}), target.reshape(-1))\n# ${l10n.t('or:')} F.cross_entropy(logits.transpose(1, 2), target)   # ${l10n.t('(N, C, L) against (N, L)')}`,
          related: [{ site: l.site, message: l10n.t('{0} scores made here', shapeText(l)) }, { site: u.call, message: l10n.t('{0} reads the classes on dim 1', u.name) }],
        }));
      }
    }
    for (const op of facts.ops) if (op.op === 'hand-written-loss' && overBatch(op.act)) add(op.act, op.site, l10n.t('a hand-written loss'));
    return out;
  },
};
