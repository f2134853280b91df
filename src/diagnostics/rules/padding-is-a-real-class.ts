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
 * also on flattened targets read as (B, L) for some L dividing their length. Class 0 at the end of
 * unpadded sentences ("... O O .") ends rows in runs no longer than its runs inside them: silent.
 */
import { l10n } from '../../l10n';
import { padSourceText } from './missing-ignore-index';
import { finding } from '../finding';
import type { Tensor } from '../../shapes/index';
import { declaredPad, indexTargets, lossIgnoringTrailing, paddingMasked, paddingSignature, realLabelEvidence, targetRuns, valueRuns, type ValueRuns } from '../padding';
import { fmt, pct } from '../format';
import type { Rule } from '../types';
import { scalarLoss } from '../../engine/losses/result';
import { CLASS_LOSSES } from '../../engine/losses/spec';

/**
 * Flattened (N,) targets of right-padded (B, L) sequences: the sequence length is unknown, so every
 * L dividing N (L >= 4, 2+ rows) is tried; the right-padding signature must hold for one, and the L
 * with the largest share of rows ending in long runs is kept (the true length shows it best).
 */
function flatSignature(target: Tensor, pad: number, o: { minShare: number; maxOtherValueRun: number }): ValueRuns | undefined {
  const N = target.data.length;
  let best: ValueRuns | undefined;
  let bestShare = 0;
  for (let L = 4; L <= N / 2; L++) {
    if (N % L !== 0) continue;
    const runs = valueRuns({ shape: [N / L, L], data: target.data, dtype: target.dtype }, pad);
    if (!runs || !paddingSignature(runs, o)) continue;
    // the true row length shows the clearest signature: the largest share of rows ending in long runs
    const share = runs.rowsLongTrail / Math.max(runs.rows - runs.rowsFull, 1);
    if (share >= bestShare) { best = runs; bestShare = share; }
  }
  return best;
}

export const paddingIsARealClass: Rule = {
  id: 'padding-is-a-real-class',
  severity: 'warning',
  title: 'Targets are padded with a value that is also a real class',
  defaults: { minRowShare: 0.25, maxOtherValueRun: 2, maxTrailingShare: 0.8 },
  appliesTo: CLASS_LOSSES,
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

    const sig = { minShare: o.minRowShare, maxOtherValueRun: o.maxOtherValueRun };
    let padded: boolean;
    let flatRows: ValueRuns | undefined;
    if (source === 'meta.pad_value') padded = true;
    else if (runs) padded = paddingSignature(runs, sig);
    else {
      // flattened (B·L,) targets (no runs: a 1-D target, or rows of length 1): the pad id is meta.pad_token_id
      // (trailing runs need the same 2-D rows as valueRuns) and it names a class (evidence inside
      // sequences needs runs); the (B, L) signature must hold for some L
      flatRows = flatSignature(c.target, pad, sig);
      padded = flatRows !== undefined;
    }
    if (!padded) return [];

    let count = 0;
    for (let i = 0; i < d.length; i++) if (d[i] === pad) count++;
    if (count === 0) return [];
    // rows: the target's own, or the (B, L) rows found for flattened targets
    const rr = runs ?? flatRows;
    const label = real.name !== undefined ? `'${real.name}'` : l10n.t('class {0}', fmt(pad));
    const trailingSum = rr ? rr.trailing.reduce((a, b) => a + (b === rr.L ? 0 : b), 0) : 0;
    const withLoss = scalarLoss(ctx.result) ?? null;
    const sequences = paddingSignature(rr, sig);
    const without = sequences && rr ? lossIgnoringTrailing(ctx, rr, ign) : null;
    const where = real.by === 'class name'
      ? l10n.t('meta.class_names[{0}] is {1}', fmt(pad), label)
      : l10n.t('{0} {1} labels sit inside the sequences of {2} rows', String(rr ? rr.inside : 0), label, String(rr ? rr.rowsInside : 0));
    const padInfo = sequences && rr
      ? ` ${flatRows
        ? l10n.t('{0} of {1} rows (read as ({1}, {2})) end in runs of {3} longer than any run of {3} inside a sequence ({4} positions).', String(rr.rowsLongTrail), String(rr.rows), String(rr.L), fmt(pad), String(trailingSum))
        : l10n.t('{0} of {1} rows end in runs of {2} longer than any run of {2} inside a sequence ({3} positions).', String(rr.rowsLongTrail), String(rr.rows), fmt(pad), String(trailingSum))}`
      : '';
    const lossInfo = withLoss !== null && without !== null
      ? ` ${l10n.t('The loss is {0} with the padded positions trained as {1} and {2} with them labelled {3}.', fmt(withLoss), label, fmt(without), String(ign))}`
      : '';
    return [finding(paddingIsARealClass, {
      message: l10n.t('{0} of {1} targets ({2}) are {3}, the padding value (from {4}), and {3} is also a real class: {5}. The loss trains every padded position as {6}: the model learns to predict {6} on padding, and {6} is over-counted in the loss and its gradient.',
        String(count), String(d.length), pct(count / d.length), fmt(pad), padSourceText(source), where, label) +
        `${padInfo}${lossInfo} ${l10n.t('ignore_index={0} is not the fix: it would drop the real {1} labels too.', fmt(pad), label)}`,
      evidence: {
        padValue: pad,
        source,
        padCount: count,
        padShare: Math.round((count / d.length) * 1e6) / 1e6,
        realBy: real.by,
        ...(real.name !== undefined ? { className: real.name } : {}),
        ...(rr ? { insideCount: rr.inside, rowsInside: rr.rowsInside, rowsLongTrail: rr.rowsLongTrail, rows: rr.rows, trailingPositions: trailingSum } : {}),
        ...(flatRows ? { flattenedRowLength: flatRows.L } : {}),
        ignoreIndex: ign,
        lossWithPadding: withLoss,
        lossWithoutPadding: without,
      },
      fix: [
        `# ${l10n.t('keep {0} a class; label the padded positions {1} instead:', label, String(ign === -100 ? '-100' : ign))}`,
        `labels = labels.masked_fill(attention_mask == 0, ${ign})      # ${l10n.t('token classification')}`,
        `labels = pad_sequence(label_list, batch_first=True, padding_value=${ign})`,
        `# ${l10n.t('segmentation: pad the mask with the ignore value, not with a class:')}`,
        '#   mask = F.pad(mask, (0, pad_w, 0, pad_h), value=255); nn.CrossEntropyLoss(ignore_index=255)',
      ].join('\n'),
      field: 'target',
    })];
  },
};
