/**
 * ignore_index set to a value that is also a real class: the pad id and a tag share the index
 * (a tagger padded with 0 while tag 0 is a real tag, an NER script whose pad label id is the id of
 * "O"), so every real label of that class is dropped from the loss along with the padding and the
 * model never learns it.
 *
 * Strong evidence only: sequence targets (2+ dims, last = sequence) whose other labels come in short
 * runs (tokens, tags — not segmentation regions, where ignoring the background can be deliberate),
 * `meta.class_names[ignore_index]` naming a real class (not a pad or ignore name), and that value
 * found inside the sequences (before the trailing padding) in 2+ rows.
 */
import { finding } from '../finding';
import { l10n } from '../../l10n';
import { indexTargets, lossIgnoringTrailing, paddingSignature, realClassName, targetRuns } from '../padding';
import { fmt, pct } from '../format';
import type { EvidenceValue, Rule } from '../types';
import { scalarLoss } from '../../engine/losses/result';
import { CLASS_LOSSES } from '../../engine/losses/spec';

export const ignoreIndexIsRealClass: Rule = {
  id: 'ignore-index-is-real-class',
  severity: 'warning',
  title: 'ignore_index is also a real class: its labels are never trained',
  defaults: { minRows: 2, maxOtherValueRun: 2, minRowShare: 0.25 },
  appliesTo: CLASS_LOSSES,
  check(ctx) {
    const c = ctx.case;
    const targets = indexTargets(ctx);
    if (!targets) return [];
    const ign = c.loss.ignore_index;
    if (!(ign >= 0 && ign < targets.C)) return [];
    const name = realClassName(c, ign);
    if (name === undefined) return [];
    const o = ctx.options;
    const d = c.target.data;
    let labelled = 0;
    for (let i = 0; i < d.length; i++) if (d[i] !== ign) labelled++;
    const now = scalarLoss(ctx.result) ?? null;
    const runs = targetRuns(ctx, ign);
    let body: { message: string; evidence: Record<string, EvidenceValue> };
    if (runs) {
      if (runs.otherValueRun > o.maxOtherValueRun) return [];
      if (runs.rowsInside < o.minRows) return [];
      // trailing runs are padding only when they look like it; in an unpadded batch they are labels too
      const padded = paddingSignature(runs, { minShare: o.minRowShare, maxOtherValueRun: o.maxOtherValueRun });
      const real = padded ? runs.inside : runs.occurrences;
      const padding = runs.occurrences - real;
      // real labels counted, only the trailing padding (if the rows are padded) ignored, as -100
      const counted = lossIgnoringTrailing(ctx, runs, -100, padded);
      const args = [ign, name, real, runs.rowsInside, runs.rows, pct(real / Math.max(real + labelled, 1)), padding];
      const head = padded
        ? l10n.t("ignore_index={0} is the class '{1}' (meta.class_names[{0}]): {2} '{1}' labels inside the sequences (in {3} of {4} rows; {5} of the real labels) are dropped from the loss together with {6} padded positions, so the model is never trained to predict '{1}'.", ...args)
        : l10n.t("ignore_index={0} is the class '{1}' (meta.class_names[{0}]): {2} '{1}' labels (in {3} of {4} rows; {5} of the real labels) are dropped from the loss together with {6} padded positions, so the model is never trained to predict '{1}'.", ...args);
      body = {
        message: now !== null && counted !== null
          ? `${head} ${l10n.t("The loss is {0} without them and {1} with the '{2}' labels counted (padding still ignored).", fmt(now), fmt(counted), name)}`
          : head,
        evidence: {
          ignoreIndex: ign, className: name, realLabelsIgnored: real, rowsWithRealLabels: runs.rowsInside, rows: runs.rows,
          paddingIgnored: padding, labelsCounted: labelled, lossNow: now, lossCountingClass: counted,
        },
      };
    } else {
      // flattened (N·L,) targets: no rows to tell padding from labels; the class name says the value is a
      // class, and it must come in 2+ separate runs among labels that come in short runs (tags, not regions)
      let ignRuns = 0, otherRuns = 0;
      for (let i = 0; i < d.length; i++) {
        if (d[i - 1] === d[i]) continue; // d[-1] is undefined: the first value starts a run
        if (d[i] === ign) ignRuns++;
        else otherRuns++;
      }
      const ignored = d.length - labelled;
      // (two runs of ign have another label between them: otherRuns ≥ 1 past the first test)
      if (ignRuns < o.minRows || labelled / otherRuns > o.maxOtherValueRun) return [];
      body = {
        message: l10n.t("ignore_index={0} is the class '{1}' (meta.class_names[{0}]): the {2} targets equal to {0} (in {3} separate runs among {4} other labels) are all dropped from the loss, the real '{1}' labels with any padding, so the model is never trained to predict '{1}'.", ign, name, ignored, ignRuns, labelled),
        evidence: {
          ignoreIndex: ign, className: name, realLabelsIgnored: null, ignoredTargets: ignored, ignoredRuns: ignRuns,
          labelsCounted: labelled, lossNow: now, lossCountingClass: null,
        },
      };
    }
    return [finding(ignoreIndexIsRealClass, {
      ...body,
      fix: [
        `# ${l10n.t("pad the labels with -100 (ignored) and keep '{0}' ({1}) a trained class:", name, ign)}`,
        'labels = labels.masked_fill(attention_mask == 0, -100)',
        `criterion = nn.CrossEntropyLoss()        # ${l10n.t('ignore_index=-100, the default')}`,
        `# ${l10n.t('or give padding its own id: label ids start at 1 (num_labels = len(label_list) + 1), pad with 0')}`,
      ].join('\n'),
      field: 'loss.ignore_index',
    })];
  },
};
