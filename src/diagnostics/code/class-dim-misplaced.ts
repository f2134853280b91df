/**
 * class-dim-misplaced in code: softmax/log_softmax over the batch axis (dim=0) of a batched output
 * that then feeds a loss, or a hand-written cross-entropy (`-(y * x.log_softmax(0)).sum()`).
 */
import { codeFinding, where } from './helpers';
import type { ActFact, CodeFinding, CodeRule, Site } from './types';

function overBatch(a: ActFact | undefined): a is ActFact {
  return !!a && a.dim === 0 && a.batched && (a.kind === 'softmax' || a.kind === 'log_softmax' || a.kind === 'log_of_softmax');
}

export const classDimMisplacedCode: CodeRule = {
  id: 'class-dim-misplaced',
  severity: 'error',
  title: 'Class dimension in the wrong place',
  check(facts) {
    const out: CodeFinding[] = [];
    const add = (a: ActFact, consumer: Site, what: string): void => {
      out.push(codeFinding(classDimMisplacedCode, {
        site: a.site,
        message: `${a.form} normalises over dim=0, the batch axis of a batched model output, before ${what} at ${where(consumer)}: each class's scores are normalised across the samples of the batch instead of each sample across its classes. The loss still decreases, but predictions depend on the other samples in the batch. Normalise over the class axis (dim=1 for (N, C), dim=-1 for (…, C)).`,
        fix: 'log_probs = F.log_softmax(logits, dim=1)   # classes are on dim 1 of (N, C)',
        related: [{ site: consumer, message: `${what} consumes it here` }],
      }));
    };
    for (const u of facts.losses) if (overBatch(u.input.act)) add(u.input.act, u.call, u.name);
    for (const op of facts.ops) if (op.op === 'hand-written-loss' && overBatch(op.act)) add(op.act, op.site, 'a hand-written loss');
    return out;
  },
};
