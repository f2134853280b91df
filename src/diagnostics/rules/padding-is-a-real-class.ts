/**
 * Targets padded with a value that is also a real class (token classification padded with 0 = "O",
 * segmentation masks padded with the background class): the loss trains every padded position as
 * that class, and `ignore_index=PAD` is no fix (it would drop the real class as well).
 *
 * The pad value comes from `meta.pad_value` (what the targets are padded with), `meta.pad_token_id`
 * (the tokenizer's pad id) or, without meta, the value most rows end with. It must be a real class:
 * named in `meta.class_names` (not a pad or ignore name), or found inside the sequences (its trailing
 * runs holding less than `maxTrailingShare` of its occurrences) in 2+ rows at 2+ different places. And padding must be there: declared by `meta.pad_value`, or the right-padding
 * signature on sequence targets (in at least a quarter of the rows, and 2+, the trailing run is longer
 * than any run of that value elsewhere; trailing lengths vary; the other labels come in short runs),
 * or on flattened targets the pad id in runs much longer than the other labels'. Class 0 at the end of
 * unpadded sentences ("... O O .") ends rows in runs no longer than its runs inside them: silent.
 */
import { finding } from '../finding';
import { declaredPad, indexTargets, lossIgnoringTrailing, paddingMasked, paddingSignature, realLabelEvidence, targetRuns } from '../padding';
import { fmt, pct } from '../stats';
import type { Rule } from '../types';

/** Flattened targets: mean run of `pad` vs mean run of the other values. */
function flatRuns(d: ArrayLike<number>, pad: number): { padRun: number; otherRun: number } {
  let padRuns = 0, padN = 0, otherRuns = 0, otherN = 0;
  for (let i = 0; i < d.length; i++) {
    const start = i === 0 || d[i - 1] !== d[i];
    if (d[i] === pad) { padN++; if (start) padRuns++; } else { otherN++; if (start) otherRuns++; }
  }
  return { padRun: padRuns ? padN / padRuns : 0, otherRun: otherRuns ? otherN / otherRuns : 0 };
}

export const paddingIsARealClass: Rule = {
  id: 'padding-is-a-real-class',
  severity: 'warning',
  title: 'Targets are padded with a value that is also a real class',
  defaults: { minRowShare: 0.25, maxOtherValueRun: 2, minPadRun: 2, maxTrailingShare: 0.8 },
  check(ctx) {
    const c = ctx.case;
    const targets = indexTargets(ctx);
    if (!targets) return [];
    const ign = c.loss.ignore_index;
    const declared = declaredPad(c);
    let pad: number;
    let source: string;
    if (declared) {
      pad = declared.pad;
      source = declared.source;
    } else {
      const tr = ctx.stats.trailing;
      if (!tr) return [];
      pad = tr.value;
      source = 'trailing runs';
    }
    if (pad === ign || !(pad >= 0 && pad < targets.C)) return [];
    if (paddingMasked(ctx, pad)) return [];
    const o = ctx.options;
    const runs = targetRuns(ctx, pad);
    // a declared pad value inside the sequences is a real label however often it pads
    const real = realLabelEvidence(c, runs, pad, source === 'meta.pad_value' ? 1 + 1e-9 : o.maxTrailingShare);
    if (!real) return [];
    const d = c.target.data;

    let padded: boolean;
    if (source === 'meta.pad_value') padded = true;
    else if (runs) padded = paddingSignature(runs, { minShare: o.minRowShare, maxOtherValueRun: o.maxOtherValueRun });
    else {
      // flattened (N·L,) targets: the pad id in runs much longer than the other labels'
      const f = flatRuns(d, pad);
      padded = source !== 'trailing runs' && real.by === 'class name' && f.padRun >= o.minPadRun && f.padRun >= 2 * f.otherRun;
    }
    if (!padded) return [];

    let count = 0;
    for (let i = 0; i < d.length; i++) if (d[i] === pad) count++;
    if (count === 0) return [];
    const label = real.name !== undefined ? `'${real.name}'` : `class ${fmt(pad)}`;
    const trailingSum = runs ? runs.trailing.reduce((a, b) => a + (b === runs.L ? 0 : b), 0) : 0;
    const withLoss = ctx.result && ctx.result.value.shape.length === 0 ? ctx.result.value.data[0] : null;
    const sequences = runs !== undefined && paddingSignature(runs, { minShare: o.minRowShare, maxOtherValueRun: o.maxOtherValueRun });
    const without = sequences && runs ? lossIgnoringTrailing(ctx, runs, ign) : null;
    const where = real.by === 'class name'
      ? `meta.class_names[${fmt(pad)}] is ${label}`
      : `${runs ? runs.inside : 0} ${label} labels sit inside the sequences of ${runs ? runs.rowsInside : 0} rows`;
    const padInfo = sequences && runs ? ` ${runs.rowsLongTrail} of ${runs.rows} rows end in runs of ${fmt(pad)} longer than any run of ${fmt(pad)} inside a sequence (${trailingSum} positions).` : '';
    const lossInfo = withLoss !== null && without !== null
      ? ` The loss is ${fmt(withLoss)} with the padded positions trained as ${label} and ${fmt(without)} with them labelled ${ign}.`
      : '';
    return [finding(paddingIsARealClass, {
      message: `${count} of ${d.length} targets (${pct(count / d.length)}) are ${fmt(pad)}, the padding value (from ${source}), and ${fmt(pad)} is also a real class: ${where}. The loss trains every padded position as ${label}: the model learns to predict ${label} on padding, and ${label} is over-counted in the loss and its gradient.${padInfo}${lossInfo} ignore_index=${fmt(pad)} is not the fix: it would drop the real ${label} labels too.`,
      evidence: {
        padValue: pad,
        source,
        padCount: count,
        padShare: Math.round((count / d.length) * 1e6) / 1e6,
        realBy: real.by,
        ...(real.name !== undefined ? { className: real.name } : {}),
        ...(runs ? { insideCount: runs.inside, rowsInside: runs.rowsInside, rowsLongTrail: runs.rowsLongTrail, rows: runs.rows, trailingPositions: trailingSum } : {}),
        ignoreIndex: ign,
        lossWithPadding: withLoss,
        lossWithoutPadding: without,
      },
      fix: [
        `# keep ${label} a class; label the padded positions ${ign === -100 ? '-100' : ign} instead:`,
        `labels = labels.masked_fill(attention_mask == 0, ${ign})      # token classification`,
        `labels = pad_sequence(label_list, batch_first=True, padding_value=${ign})`,
        '# segmentation: pad the mask with the ignore value, not with a class:',
        '#   mask = F.pad(mask, (0, pad_w, 0, pad_h), value=255); nn.CrossEntropyLoss(ignore_index=255)',
      ].join('\n'),
      field: 'target',
    })];
  },
};
