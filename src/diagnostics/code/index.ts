/**
 * The code rules: what the source linter (src/lint/) reports from the facts its dataflow collects.
 * Same ids and doc pages as the value rules where it is the same bug; `log-of-softmax` and
 * `softmax-implicit-dim` exist only in code.
 */
import { bceExpectsProbabilitiesCode } from './bce-expects-probabilities';
import { classDimMisplacedCode } from './class-dim-misplaced';
import { doubleSigmoidCode } from './double-sigmoid';
import { doubleSoftmaxCode } from './double-softmax';
import { siteKey } from './helpers';
import { klDivExpectsLogProbabilitiesCode } from './kl-div-expects-log-probabilities';
import { logOfSoftmaxCode } from './log-of-softmax';
import { missingIgnoreIndexCode } from './missing-ignore-index';
import { mseOnClassLabelsCode } from './mse-on-class-labels';
import { nllExpectsLogProbabilitiesCode } from './nll-expects-log-probabilities';
import { softmaxImplicitDimCode } from './softmax-implicit-dim';
import { sumReductionCode } from './sum-reduction';
import type { CodeFacts, CodeFinding, CodeRule } from './types';

export const CODE_RULES: readonly CodeRule[] = [
  classDimMisplacedCode,
  bceExpectsProbabilitiesCode,
  doubleSoftmaxCode,
  doubleSigmoidCode,
  nllExpectsLogProbabilitiesCode,
  klDivExpectsLogProbabilitiesCode,
  missingIgnoreIndexCode,
  mseOnClassLabelsCode,
  logOfSoftmaxCode,
  sumReductionCode,
  softmaxImplicitDimCode,
];

/** Rule ids that only exist in code (they have pages but no value check). */
export const CODE_ONLY_RULE_IDS = ['log-of-softmax', 'softmax-implicit-dim'] as const;

const RANK = { error: 0, warning: 1, info: 2 } as const;

/** Run the code rules on the facts; one finding per (rule, place), sorted by file and position. */
export function runCodeRules(facts: CodeFacts, disabled: readonly string[] = []): CodeFinding[] {
  const seen = new Set<string>();
  const out: CodeFinding[] = [];
  for (const rule of CODE_RULES) {
    if (disabled.includes(rule.id)) continue;
    for (const f of rule.check(facts)) {
      const k = `${f.rule}\u0000${siteKey(f.site)}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(f);
    }
  }
  return out.sort((a, b) => (a.site.file < b.site.file ? -1 : a.site.file > b.site.file ? 1 : 0)
    || a.site.span.line - b.site.span.line || a.site.span.column - b.site.span.column || RANK[a.severity] - RANK[b.severity]);
}
