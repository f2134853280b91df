/**
 * Class-index targets outside [0, C) that are not ignore_index: PyTorch raises (or a CUDA assert fires).
 * Only finite values count: a NaN or ±Inf target is non-finite-values' finding (one finding per
 * cause), and would make nonsense of the readings below (a "mask" up to Infinity).
 */
import { l10n } from '../../l10n';
import { unravelIndex } from '../../engine/numeric';
import { finding } from '../finding';
import { fmt, indexStr } from '../format';
import type { ClassCounts } from '../stats';
import type { Rule } from '../types';
import { CLASS_LOSSES } from '../../engine/losses/spec';

/** The distinct target values present (valid classes and out-of-range values), ascending. */
function presentValues(cc: ClassCounts): number[] {
  const vals: number[] = [];
  cc.counts.forEach((n, k) => { if (n > 0) vals.push(k); });
  for (const v of cc.outOfRange.keys()) if (Number.isFinite(v)) vals.push(v);
  return vals.sort((a, b) => a - b);
}

function gcdOf(values: readonly number[]): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  return values.reduce((g, v) => (Number.isInteger(v) ? gcd(g, v) : 1), 0) || 1;
}

/**
 * Mask-like targets: at most 8 distinct whole values, the largest at least 4× the number of
 * distinct values and ≥ 2·C. Real label sets with a too-small head use most ids 0..max.
 */
function encodedMask(cc: ClassCounts, maxBig: number, nonInteger: number): boolean {
  if (nonInteger > 0) return false;
  const present = presentValues(cc);
  return present.length <= 8 && maxBig >= 4 * present.length && maxBig >= 2 * cc.C;
}

export const targetOutOfRange: Rule = {
  id: 'target-out-of-range',
  severity: 'error',
  title: 'Class target outside [0, C) and not ignore_index',
  defaults: {},
  appliesTo: CLASS_LOSSES,
  check(ctx) {
    const cc = ctx.stats.classCounts;
    if (!cc || cc.outOfRangeCount === 0) return [];
    const values = [...cc.outOfRange.entries()].filter(([v]) => Number.isFinite(v)).sort((a, b) => b[1] - a[1]);
    if (values.length === 0) return [];
    const spec = ctx.case.loss;
    const C = cc.C;
    const ign = spec.ignore_index;
    let count = 0, nonInteger = 0;
    for (const [v, n] of values) { count += n; if (!Number.isInteger(v)) nonInteger += n; }
    const shown = values.slice(0, 10);
    const valueCounts: Record<string, number> = {};
    for (const [v, n] of shown) valueCounts[labelText(v)] = n;
    // the first five finite out-of-range positions (cc.firstOutOfRange also holds the non-finite ones)
    const where: string[] = [];
    const d = ctx.case.target.data;
    for (let i = 0; i < d.length && where.length < 5; i++) if (cc.outOfRange.has(d[i]) && Number.isFinite(d[i])) where.push(indexStr(unravelIndex(i, ctx.case.target.shape)));
    const negatives = values.filter(([v]) => v < 0);
    const tooBig = values.filter(([v]) => v >= C);
    let maxBig = -Infinity;
    for (const [v] of tooBig) if (v > maxBig) maxBig = v;

    let message = l10n.t('{0} of {1} targets are outside [0, {2}) (the input has C = {2} classes) and are not ignore_index ({3}): {4}; first at {5}. PyTorch raises "Target {6} is out of bounds" (on GPU: a device-side assert).',
      String(count), String(cc.total), String(C), String(ign), shown.map(([v, n]) => `${labelText(v)} ×${n}`).join(', '), where.join(', '), labelText(values[0][0]));
    const fixLines: string[] = [];
    let edit: { path: string[]; value: unknown } | undefined;
    if (negatives.length === 1 && tooBig.length === 0 && Number.isInteger(negatives[0][0])) {
      const v = negatives[0][0];
      message = v === -100 // (v is never ignore_index, so ignore_index is not the default here)
        ? l10n.t('{0} targets are {1}, but ignore_index is {2} (not the default -100): PyTorch treats {1} as a class index and raises "Target {1} is out of bounds". The {1} entries look like padding/masked positions meant to be ignored.', String(negatives[0][1]), String(v), String(ign))
        : l10n.t('{0} targets are {1}, but ignore_index is {2}: PyTorch treats {1} as a class index and raises "Target {1} is out of bounds". The {1} entries look like padding/masked positions meant to be ignored.', String(negatives[0][1]), String(v), String(ign));
      fixLines.push(
        `criterion = nn.${spec.type}(ignore_index=${v})   # ${l10n.t('ignore the {0} positions', String(v))}`,
        `# ${l10n.t('or, if {0} is really your padding value: target[target == {1}] = {0}', String(ign), String(v))}`,
      );
      edit = { path: ['loss', 'ignore_index'], value: v };
    } else if (negatives.length === 0 && maxBig === C && cc.counts[0] === 0) { // maxBig === C: some target is too big
      message += ` ${l10n.t('No target is 0 and the largest is {0}: the labels look 1-based.', String(C))}`;
      fixLines.push(`target = target - 1   # ${l10n.t('labels 1..C -> 0..C-1')}`);
    } else if (tooBig.length > 0 && negatives.length === 0 && encodedMask(cc, maxBig, nonInteger)) {
      // Few target values far apart ({0, 255}, {0, 128, 255}): a mask image's grey levels, not class ids.
      const present = presentValues(cc);
      const validPresent = present.filter((v) => v < C);
      if (tooBig.length === 1 && validPresent.length >= 2 && Number.isInteger(maxBig)) {
        const v = maxBig;
        message += ` ${l10n.t('The classes 0..{0} are all in range except {1}, which marks "void"/unlabelled pixels (Pascal VOC style): it should be ignored, not learned.', String(C - 1), fmt(v))}`;
        fixLines.push(`criterion = nn.${spec.type}(ignore_index=${fmt(v)})   # ${l10n.t('{0} = void/border pixels, not a class', fmt(v))}`);
        edit = { path: ['loss', 'ignore_index'], value: v };
      } else {
        const step = gcdOf(present.filter((v) => v > 0));
        const mapped = present.map((v) => v / step);
        const direct = step > 1 && mapped.every((m) => Number.isInteger(m) && m < C) && mapped.length <= C;
        message += ` ${l10n.t('The target holds only {0} distinct values ({1}): a mask stored as grey levels (e.g. a PNG with 0 = background, 255 = object), not class ids. Remap the values to 0..{2}; widening the model to {3} outputs would train {3} classes for {0} real ones.', String(present.length), present.map(fmt).join(', '), String(C - 1), fmt(maxBig + 1))}`;
        fixLines.push(
          direct
            ? `target = mask // ${step}   # ${present.map((v) => `${fmt(v)} -> ${fmt(v / step)}`).join(', ')}`
            : `_, target = torch.unique(mask, return_inverse=True)   # ${l10n.t('grey levels -> 0..K-1 (sorted)')}`,
          `# ${l10n.t('or, if {0} marks unlabelled/void pixels: criterion = nn.{1}(ignore_index={0})', fmt(maxBig), spec.type)}`,
        );
      }
    } else if (tooBig.length > 0) {
      fixLines.push(
        `# ${l10n.t('the output layer has {0} units but labels go up to {1}:', String(C), labelText(maxBig))}`,
        // A fractional label becomes its integer part under target.long(); that is the class it asks
        // for. (maxBig is finite: only finite out-of-range values are reported, non-finite-values has the rest.)
        `model.fc = nn.Linear(in_features, ${Math.trunc(maxBig) + 1})   # num_classes = max label + 1`,
        `# ${l10n.t('or remap the labels to 0..C-1, e.g. with a dict built from the sorted unique labels')}`,
      );
    }
    if (nonInteger > 0) fixLines.push(`# ${l10n.t('{0} targets are not whole numbers: class targets must be integer class indices (target.long())', String(nonInteger))}`);
    if (fixLines.length === 0) {
      fixLines.push(`assert ((target >= 0) & (target < ${C}) | (target == ${ign})).all()`, `criterion = nn.${spec.type}(ignore_index=<${l10n.t('your padding value')}>)`);
    }
    return [finding(targetOutOfRange, {
      message,
      evidence: {
        count,
        total: cc.total,
        numClasses: C,
        ignoreIndex: ign,
        values: valueCounts,
        firstIndices: where,
        nonInteger,
      },
      fix: fixLines.join('\n'),
      field: edit ? 'loss.ignore_index' : 'target',
      ...(edit ? { edit } : {}),
    })];
  },
};

/** A target value as the user wrote it: labels are not rounded (200.5 is not "201"); fmt for the rest. */
function labelText(v: number): string {
  return Number.isFinite(v) && !Number.isInteger(v) && Math.abs(v) < 1e6 ? String(Number(v.toPrecision(9))) : fmt(v);
}
