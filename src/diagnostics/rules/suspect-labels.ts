/**
 * suspect-labels [info]: samples whose labelled class gets a tiny probability while the model is
 * confident in another class — a cheap version of confident learning (Cleanlab). Listed most
 * suspicious first (lowest probability of the given label), capped at `maxListed`.
 *
 * Only for one label per sample: CrossEntropyLoss on logits or NLLLoss on log-probabilities, input
 * (N, C) with index targets and at most `maxClasses` classes. Sequence/segmentation targets are
 * skipped (a language model confidently predicting a different next token is not a label error),
 * and so are inputs that look like probabilities (other rules report those). Ignored targets are
 * skipped, and so is a model that is not confident about most labels (median probability of the
 * labelled class below `minMedianTargetProb`): its confident mistakes say little about the labels.
 * The check is only as good as the probabilities: on the training set a model that has
 * memorised its labels hides label noise, so dump held-out (out-of-fold) logits for this.
 */
import { l10n } from '../../l10n';
import { finding } from '../finding';
import { medianSorted } from '../../engine/numeric';
import { fmt, pct, round } from '../format';
import type { Finding, Rule, RuleContext } from '../types';
import { CLASS_LOSSES } from '../../engine/losses/spec';

interface Suspect { i: number; y: number; pred: number; pY: number; pPred: number }

export const suspectLabels: Rule = {
  id: 'suspect-labels',
  severity: 'info',
  title: 'Possibly mislabelled samples',
  defaults: { maxTargetProb: 0.01, minConfidence: 0.95, minMedianTargetProb: 0.5, maxListed: 20, maxClasses: 1000, minSamples: 10 },
  appliesTo: CLASS_LOSSES,
  check(ctx: RuleContext): Finding[] {
    const c = ctx.case;
    const type = c.loss.type;
    if (c.input.shape.length !== 2) return [];
    const layout = ctx.stats.layout;
    if (!layout || layout.targetKind !== 'index') return [];
    const [N, C] = c.input.shape;
    if (C < 2 || C > ctx.options.maxClasses || N < ctx.options.minSamples) return [];
    const inp = ctx.stats.input;
    if (inp.nonFinite > 0) return [];
    if (type === 'CrossEntropyLoss' && inp.min >= 0 && inp.max <= 1) return [];
    if (type === 'NLLLoss' && inp.max > 1e-6) return [];
    const t = c.target.data;
    const ignore = c.loss.ignore_index;
    const suspects: Suspect[] = [];
    const pTargets = new Float64Array(N);
    let checked = 0;
    // Per row: logsumexp, the target's logit, the argmax and its logit (finite inputs: the row's max).
    const lseAll = ctx.stats.rowLseAll, xt = ctx.stats.targetLogits, tops = ctx.stats.rowTops;
    if (!lseAll || !xt || !tops) return [];
    for (let i = 0; i < N; i++) {
      const y = t[i];
      if (y === ignore || !(y >= 0 && y < C && Number.isInteger(y))) continue;
      checked++;
      const lse = lseAll[i];
      const pY = Math.exp(xt[i] - lse);
      pTargets[checked - 1] = pY;
      if (pY >= ctx.options.maxTargetProb) continue;
      const top = tops.argmax[i];
      const pTop = Math.exp(tops.top[i] - lse);
      if (top !== y && pTop >= ctx.options.minConfidence) suspects.push({ i, y, pred: top, pY, pPred: pTop });
    }
    if (suspects.length === 0) return [];
    // A model that is not confident about most labels is not a reliable judge of any of them.
    const sortedP = pTargets.subarray(0, checked).sort();
    const medianP = medianSorted(sortedP);
    if (!(medianP >= ctx.options.minMedianTargetProb)) return [];
    // ties keep the index order: suspects are pushed by ascending index and the sort is stable
    suspects.sort((a, b) => a.pY - b.pY || b.pPred - a.pPred);
    const shown = suspects.slice(0, Math.max(1, Math.floor(ctx.options.maxListed)));
    const names = c.meta.class_names;
    const name = (k: number): string => (Array.isArray(names) && typeof names[k] === 'string' ? `${names[k]}` : String(k));
    const list = shown.slice(0, 5).map((s) => l10n.t('#{0} labelled {1} (p={2}) but predicted {3} (p={4})', String(s.i), name(s.y), fmt(s.pY), name(s.pred), fmt(s.pPred))).join('; ');
    const share = suspects.length / checked;
    const many = share > 0.2;
    return [finding(suspectLabels, {
      message: l10n.t('{0} of {1} samples ({2}) have a label the model gives probability < {3} while it is ≥ {4} sure of another class: {5}.',
        String(suspects.length), String(checked), pct(share), fmt(ctx.options.maxTargetProb), fmt(ctx.options.minConfidence), `${list}${suspects.length > 5 ? '; …' : ''}`) + ' ' +
        (many
          ? l10n.t('That many suggests a systematic problem (labels shifted or shuffled against the inputs, a class-index mapping mismatch) rather than a few noisy labels.')
          : l10n.t('These are candidates for label errors: review them (with held-out probabilities, this is what Cleanlab calls confident learning).')),
      evidence: {
        suspects: suspects.length,
        checked,
        share: round(share, 4),
        medianTargetProb: round(medianP, 4),
        indices: shown.map((s) => s.i),
        targets: shown.map((s) => s.y),
        predicted: shown.map((s) => s.pred),
        pTarget: shown.map((s) => round(s.pY, 4)),
        pPredicted: shown.map((s) => round(s.pPred, 4)),
      },
      fix: [
        `# ${l10n.t('review the suspects (indices into this batch) before training further')}`,
        `suspects = [${shown.map((s) => s.i).join(', ')}]`,
        'for i in suspects:',
        '    print(i, "label", y[i].item(), "predicted", logits[i].argmax().item(), logits[i].softmax(0).max().item())',
        `# ${l10n.t('relabel or drop confirmed errors; for noisy datasets, label smoothing or cleanlab.find_label_issues helps')}`,
      ].join('\n'),
      field: 'target',
    })];
  },
};
