/**
 * reported-loss-mismatch: `meta.reported_loss` (what the training loop printed) differs from the
 * loss recomputed from the case. The rule then recomputes the usual variants — sum vs mean, no
 * class weights, with/without ignore_index, the other label-smoothing convention, no smoothing,
 * half precision, other averaging denominators — and reports the one(s) that reproduce the
 * reported number: that is usually the bug (or the dump does not describe the real criterion).
 *
 * Tolerance: |reported − recomputed| ≤ rtol·max(|reported|, |recomputed|) + atol, with rtol 1e-3
 * by default: float32 training loops agree with our float64 recomputation to ~1e-6.
 */
import { l10n } from '../../l10n';
import { classLossRows, classRows, rowLoss, type ClassVariant } from '../../engine/losses/class-rows';
import { roundToBfloat16, roundToFloat16 } from '../../engine/halfs';
import { computeLoss } from '../../engine/losses/index';
import { isClassLoss, type LossSpec } from '../../engine/losses/spec';
import type { Tensor } from '../../engine/tensor';
import { accumulationFix, accumulationText, accumulationName, accumulationSteps, accumulationVariants, candidateSplits, dividedVariant, type AccumulationVariant } from '../accumulation';
import { finding } from '../finding';
import { spreadIndices } from '../../engine/numeric';
import { fmt, round } from '../format';
import type { RowLayout } from '../stats';
import type { Finding, Rule, RuleContext } from '../types';
import { scalarLoss } from '../../engine/losses/result';

function rounded(t: Tensor, f: (x: number) => number): Tensor {
  const d = new Float64Array(t.data.length);
  for (let i = 0; i < d.length; i++) d[i] = f(t.data[i]);
  return { shape: t.shape, data: d, dtype: t.dtype };
}

interface Alternative {
  name: string;
  value: number;
  edit?: { path: string[]; value: unknown };
}

function scalarOf(spec: LossSpec, input: Tensor, target: Tensor, dtype?: 'float32'): number | undefined {
  try {
    const r = computeLoss(spec, input, target, dtype ? { dtype, grad: false } : { grad: false });
    return scalarLoss(r);
  } catch {
    return undefined;
  }
}

type Add = (name: string, value: number | undefined, edit?: Alternative['edit']) => void;

const NAMES = {
  sum: "reduction='sum'",
  mean: "reduction='mean'",
  numel: 'loss.sum() / target.numel() (ignored positions counted in the denominator)',
  count: 'weighted sum / number of non-ignored targets (instead of / the sum of their weights)',
  perSample: "mean over each sample's positions, then over samples",
  noWeight: 'no weight',
  noSmoothing: 'no label smoothing',
  others: "label smoothing ε/(K−1) over the other classes (smoothing_mode='others')",
  pytorchSmoothing: "PyTorch's label smoothing ε/K over all classes",
  f32: 'float32 arithmetic',
  f16: 'input rounded to float16 (autocast / .half())',
  bf16: 'input rounded to bfloat16',
};

/**
 * CrossEntropyLoss/NLLLoss with index targets: every variant from per-row statistics (one pass
 * over the input, plus one per precision variant), so a (2048, 32000) case costs no recomputation
 * of the loss and no N×C allocation.
 */
/** Per-sample loss sums and 'mean' denominators along dim 0 (for the gradient-accumulation variants). */
interface PerSample {
  sums: Float64Array;
  denoms: Float64Array;
}

function classAlternatives(ctx: RuleContext, layout: RowLayout, add: Add, tryPrecision: boolean): PerSample | undefined {
  const c = ctx.case;
  const spec = c.loss;
  const x = ctx.stats.wholeInput(l10n.t('the loss variants that could explain a reported loss')).data;
  const t = c.target.data;
  const type = spec.type as 'CrossEntropyLoss' | 'NLLLoss';
  const w = spec.weight?.data;
  const base: ClassVariant = { type, weight: w, ignore: spec.ignore_index, eps: type === 'CrossEntropyLoss' ? spec.label_smoothing : 0, mode: spec.smoothing_mode };
  const rows = type === 'CrossEntropyLoss' ? classRows(x, layout, w) : undefined;
  const run = (v: ClassVariant) => classLossRows(x, t, layout, v, rows);
  const reduce = (res: ReturnType<typeof run>, reduction: LossSpec['reduction']): number | undefined => {
    if (!res) return undefined;
    let sum = 0;
    for (let r = 0; r < res.perRow.length; r++) sum += res.perRow[r];
    return reduction === 'sum' ? sum : sum / res.denom;
  };
  const red = spec.reduction;
  const b0 = run(base);
  let perSample: PerSample | undefined;
  if (b0 && c.input.shape.length >= 2) {
    const N = c.input.shape[0];
    const per = N > 0 ? b0.perRow.length / N : 0;
    const sums = new Float64Array(N), denoms = new Float64Array(N);
    for (let r = 0; r < b0.perRow.length; r++) {
      if (!b0.valid[r]) continue;
      const n = Math.floor(r / per);
      sums[n] += b0.perRow[r];
      denoms[n] += w ? w[t[r]] : 1;
    }
    perSample = { sums, denoms };
  }
  if (b0) {
    let sum = 0, valid = 0;
    for (let r = 0; r < b0.perRow.length; r++) { sum += b0.perRow[r]; valid += b0.valid[r]; }
    if (red !== 'sum') add(NAMES.sum, sum, { path: ['loss', 'reduction'], value: 'sum' });
    if (red === 'sum') add(NAMES.mean, sum / b0.denom, { path: ['loss', 'reduction'], value: 'mean' });
    if (b0.perRow.length > 0) add(NAMES.numel, sum / b0.perRow.length);
    if (w && valid > 0) add(NAMES.count, sum / valid);
    // Samples: the first dimension of an (N, C, d1, …) input; rows of one sample are consecutive.
    if (layout.stride > 1) {
      const per = layout.stride;
      let acc = 0, samples = 0;
      for (let n = 0; n * per < b0.perRow.length; n++) {
        let ps = 0, pc = 0;
        for (let r = n * per; r < (n + 1) * per; r++) if (b0.valid[r]) { ps += b0.perRow[r]; pc++; }
        if (pc > 0) { acc += ps / pc; samples++; }
      }
      add(NAMES.perSample, acc / samples); // 0 / 0 when no sample has a position: not finite, not added
    }
  }
  if (w) add(NAMES.noWeight, reduce(run({ ...base, weight: undefined }), red));
  const cc = ctx.stats.classCounts;
  if (cc && cc.ignored > 0) {
    add(`without ignore_index (the ${cc.ignored} targets equal to ${spec.ignore_index} counted as class ${spec.ignore_index})`,
      reduce(run({ ...base, ignore: -100 }), red), { path: ['loss', 'ignore_index'], value: -100 });
  }
  const pad = c.meta.pad_token_id;
  if (typeof pad === 'number' && pad !== spec.ignore_index) {
    add(`ignore_index=${pad} (the pad token)`, reduce(run({ ...base, ignore: pad }), red), { path: ['loss', 'ignore_index'], value: pad });
  }
  if (type === 'CrossEntropyLoss') {
    if (base.eps > 0) {
      add(NAMES.noSmoothing, reduce(run({ ...base, eps: 0 }), red), { path: ['loss', 'label_smoothing'], value: 0 });
      if (base.mode === 'pytorch') add(NAMES.others, reduce(run({ ...base, mode: 'others' }), red), { path: ['loss', 'smoothing_mode'], value: 'others' });
      else add(NAMES.pytorchSmoothing, reduce(run({ ...base, mode: 'pytorch' }), red), { path: ['loss', 'smoothing_mode'], value: 'pytorch' });
    } else {
      add('label_smoothing=0.1', reduce(run({ ...base, eps: 0.1 }), red), { path: ['loss', 'label_smoothing'], value: 0.1 });
    }
  }
  if (tryPrecision && b0) {
    const v0 = reduce(b0, red);
    if (v0 !== undefined) add(NAMES.f32, Math.fround(v0));
    // Half precision: the change of each row's loss when its inputs are rounded. Exact for inputs up
    // to 4M values; above, estimated from 1024 evenly spread rows (the per-row changes are tiny and
    // similar, so the estimate is far inside the tolerance).
    const all = x.length <= 4_000_000;
    const list = all ? null : spreadIndices(layout.rows, 1024);
    const n = list ? list.length : layout.rows;
    let sumBase = 0, validAll = 0;
    for (let r = 0; r < b0.perRow.length; r++) { sumBase += b0.perRow[r]; validAll += b0.valid[r]; }
    for (const [name, f] of [[NAMES.f16, roundToFloat16], [NAMES.bf16, roundToBfloat16]] as const) {
      let delta = 0, validSeen = 0;
      for (let j = 0; j < n; j++) {
        const r = list ? list[j] : j;
        if (!b0.valid[r]) continue;
        const lr = rowLoss(x, t, layout, base, r, f);
        if (lr === undefined) { delta = NaN; break; }
        delta += lr - b0.perRow[r];
        validSeen++;
      }
      if (!validSeen || !Number.isFinite(delta)) continue;
      const total = sumBase + (delta * validAll) / validSeen;
      add(all ? name : `${name}, estimated from ${validSeen} rows`, red === 'sum' ? total : total / b0.denom);
    }
  }
  return perSample;
}

/** Other losses (and probability targets): recompute with computeLoss. */
function genericAlternatives(ctx: RuleContext, add: Add, tryPrecision: boolean): PerSample | undefined {
  const c = ctx.case;
  const spec = c.loss;
  const withSpec = (over: Partial<LossSpec>): LossSpec => ({ ...spec, ...over });
  const none = ctx.stats.perElementLoss;
  let perSample: PerSample | undefined;
  if (none && none.shape.length >= 1 && none.shape[0] > 0) {
    const N = none.shape[0];
    const inner = none.data.length / N;
    const sums = new Float64Array(N), denoms = new Float64Array(N).fill(inner);
    for (let i = 0; i < none.data.length; i++) sums[Math.floor(i / inner)] += none.data[i];
    perSample = { sums, denoms };
  }
  if (none) {
    const v = none.data;
    let sum = 0;
    for (let i = 0; i < v.length; i++) sum += v[i];
    if (spec.reduction !== 'sum') add(NAMES.sum, sum, { path: ['loss', 'reduction'], value: 'sum' });
    if (v.length > 0) add(NAMES.numel, sum / v.length);
    const s = none.shape;
    if (s.length >= 2 && s[0] > 0) {
      const N = s[0];
      const inner = v.length / N;
      let acc = 0;
      for (let n = 0; n < N; n++) {
        let ps = 0;
        for (let j = n * inner; j < (n + 1) * inner; j++) ps += v[j];
        acc += ps / inner;
      }
      add(NAMES.perSample, acc / N);
    }
  }
  if (spec.reduction === 'sum') add(NAMES.mean, scalarOf(withSpec({ reduction: 'mean' }), c.input, c.target), { path: ['loss', 'reduction'], value: 'mean' });
  if (spec.type === 'KLDivLoss') {
    if (spec.reduction === 'mean') add("reduction='batchmean'", scalarOf(withSpec({ reduction: 'batchmean' }), c.input, c.target), { path: ['loss', 'reduction'], value: 'batchmean' });
    if (spec.reduction === 'batchmean') add(NAMES.mean, scalarOf(withSpec({ reduction: 'mean' }), c.input, c.target), { path: ['loss', 'reduction'], value: 'mean' });
    // the dump lost (or invented) log_target: a teacher's log_softmax target without the flag gives NaN
    const flipped = !spec.log_target;
    add(`log_target=${flipped ? 'True' : 'False'}`, scalarOf(withSpec({ log_target: flipped }), c.input, c.target), { path: ['loss', 'log_target'], value: flipped });
  }
  if (spec.weight) add(NAMES.noWeight, scalarOf(withSpec({ weight: undefined }), c.input, c.target));
  if (spec.pos_weight) add('no pos_weight', scalarOf(withSpec({ pos_weight: undefined }), c.input, c.target));
  if (spec.type === 'CrossEntropyLoss') {
    const eps = spec.label_smoothing;
    if (eps > 0) {
      add(NAMES.noSmoothing, scalarOf(withSpec({ label_smoothing: 0 }), c.input, c.target), { path: ['loss', 'label_smoothing'], value: 0 });
      if (spec.smoothing_mode === 'pytorch') add(NAMES.others, scalarOf(withSpec({ smoothing_mode: 'others' }), c.input, c.target), { path: ['loss', 'smoothing_mode'], value: 'others' });
      else add(NAMES.pytorchSmoothing, scalarOf(withSpec({ smoothing_mode: 'pytorch' }), c.input, c.target), { path: ['loss', 'smoothing_mode'], value: 'pytorch' });
    }
  }
  if (tryPrecision) {
    add(NAMES.f32, scalarOf(spec, c.input, c.target, 'float32'));
    add(NAMES.f16, scalarOf(spec, rounded(c.input, roundToFloat16), c.target, 'float32'));
    add(NAMES.bf16, scalarOf(spec, rounded(c.input, roundToBfloat16), c.target, 'float32'));
  }
  return perSample;
}

/** A variant's name (an evidence key, English) as the message shows it, in the current language. */
export function variantLabel(name: string): string {
  const est = /^(.*), estimated from (\d+) rows$/.exec(name);
  if (est) return l10n.t('{0}, estimated from {1} rows', variantLabel(est[1]), est[2]);
  const without = /^without ignore_index \(the (\d+) targets equal to (\S+) counted as class \S+\)$/.exec(name);
  if (without) return l10n.t('without ignore_index (the {0} targets equal to {1} counted as class {1})', without[1], without[2]);
  const pad = /^ignore_index=(\S+) \(the pad token\)$/.exec(name);
  if (pad) return l10n.t('ignore_index={0} (the pad token)', pad[1]);
  switch (name) {
    case NAMES.numel: return l10n.t('loss.sum() / target.numel() (ignored positions counted in the denominator)');
    case NAMES.count: return l10n.t('weighted sum / number of non-ignored targets (instead of / the sum of their weights)');
    case NAMES.perSample: return l10n.t("mean over each sample's positions, then over samples");
    case NAMES.noWeight: return l10n.t('no weight');
    case NAMES.noSmoothing: return l10n.t('no label smoothing');
    case NAMES.others: return l10n.t("label smoothing ε/(K−1) over the other classes (smoothing_mode='others')");
    case NAMES.pytorchSmoothing: return l10n.t("PyTorch's label smoothing ε/K over all classes");
    case NAMES.f32: return l10n.t('float32 arithmetic');
    case NAMES.f16: return l10n.t('input rounded to float16 (autocast / .half())');
    case NAMES.bf16: return l10n.t('input rounded to bfloat16');
    case 'no pos_weight': return l10n.t('no pos_weight');
    default: return name;
  }
}

/** What the training loop probably does, and the change that makes it agree with the case. */
function fixFor(name: string, spec: LossSpec): string[] {
  const T = spec.type;
  if (name === NAMES.sum) return [`# ${l10n.t("the loop sums: nn.{0}(reduction='sum'); the case says '{1}'. Pick one on purpose:", T, spec.reduction)}`, `criterion = nn.${T}(reduction='mean')`];
  if (name === NAMES.mean) return [`# ${l10n.t("the loop averages; the case says reduction='sum'")}`, `criterion = nn.${T}(reduction='mean')`];
  if (name.startsWith('without ignore_index')) {
    return [`# ${l10n.t('the training loop does not ignore the padding: pad targets are counted as a class')}`, `criterion = nn.${T}(ignore_index=${spec.ignore_index})   # ${l10n.t('or label the padding -100')}`];
  }
  if (name.startsWith('ignore_index=')) return [`# ${l10n.t('the training loop ignores the pad token but the dump does not say so: set it in the dump')}`, `criterion = nn.${T}(ignore_index=${name.slice('ignore_index='.length).split(' ')[0]})`];
  if (name === NAMES.noWeight) return [`# ${l10n.t("the loop's criterion has no class weights (or the dump added them)")}`, `criterion = nn.${T}(weight=class_weights)`];
  if (name === 'no pos_weight') return [`# ${l10n.t("the loop's criterion has no pos_weight (or the dump added it)")}`, 'criterion = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([n_neg / n_pos]))'];
  if (name === NAMES.others) return [`# ${l10n.t('the loop uses textbook smoothing (1 − ε on the true class, ε/(K−1) on the others);')}`, `# ${l10n.t("PyTorch's label_smoothing puts ε/K on every class. Use one convention:")}`, `criterion = nn.CrossEntropyLoss(label_smoothing=${spec.label_smoothing})`];
  if (name === NAMES.noSmoothing) return [`# ${l10n.t('the loop trains without label smoothing; the dump has it')}`, 'criterion = nn.CrossEntropyLoss()'];
  if (name === NAMES.numel) return [`# ${l10n.t('the loop divides the summed loss by target.numel(), counting ignored positions:')}`, `loss = loss_sum / (target != ignore_index).sum()   # ${l10n.t("or simply reduction='mean'")}`];
  if (name === NAMES.count) return [`# ${l10n.t('the loop divides the weighted sum by the number of targets; PyTorch divides by the sum of their weights')}`, 'loss = criterion(logits, target)   # reduction=\'mean\''];
  if (name === NAMES.perSample) return [`# ${l10n.t("the loop averages each sample's positions first, then the samples: long and short sequences weigh the same")}`, `# ${l10n.t("PyTorch's mean weighs every token the same; pick one on purpose")}`];
  if (name.startsWith('log_target=')) return [`# ${l10n.t('the training loop sets {0}; the dump does not', name)}`, `criterion = nn.KLDivLoss(reduction='${spec.reduction}', ${name})`];
  if (name.startsWith(NAMES.f16) || name.startsWith(NAMES.bf16)) return [`# ${l10n.t('the loop computes the loss from half-precision logits (autocast / .half()):')}`, `loss = criterion(logits.float(), target)   # ${l10n.t('compute the loss in float32')}`];
  return [`# ${l10n.t('the training loop computes the loss with: {0}', name)}`];
}

export const reportedLossMismatch: Rule = {
  id: 'reported-loss-mismatch',
  severity: 'warning',
  title: 'Reported loss differs from the recomputed loss',
  defaults: { rtol: 1e-3, atol: 1e-7 },
  check(ctx: RuleContext): Finding[] {
    const c = ctx.case;
    const reported = c.meta.reported_loss;
    if (typeof reported !== 'number' || !Number.isFinite(reported)) return [];
    const actual = scalarLoss(ctx.result);
    if (actual === undefined) return [];
    const { rtol, atol } = ctx.options;
    const close = (a: number, b: number): boolean => Math.abs(a - b) <= rtol * Math.max(Math.abs(a), Math.abs(b)) + atol;
    if (Number.isFinite(actual) && close(reported, actual)) return [];

    const spec = c.loss;
    const alts: Alternative[] = [];
    const add = (name: string, value: number | undefined, edit?: Alternative['edit']): void => {
      if (value === undefined || !Number.isFinite(value)) return;
      if (alts.some((a) => a.name === name)) return;
      // A variant that gives the same number as the case explains nothing.
      if (Math.abs(value - actual) <= 1e-12 * Math.max(Math.abs(actual), 1e-300)) return;
      const a: Alternative = { name, value };
      if (edit) a.edit = edit;
      alts.push(a);
    };
    const rel = Math.abs(reported - actual) / Math.max(Math.abs(reported), Math.abs(actual), 1e-300);
    // Precision variants only when the numbers are already close.
    const tryPrecision = rel < 0.05;
    const layout = ctx.stats.layout;
    let perSample: PerSample | undefined;
    if (isClassLoss(spec.type) && layout && layout.targetKind === 'index' && layout.C >= 1 && spec.reduction !== 'none') {
      perSample = classAlternatives(ctx, layout, add, tryPrecision);
    } else {
      perSample = genericAlternatives(ctx, add, tryPrecision);
    }

    // Gradient accumulation: the steps from meta, else every split into 2..16 equal micro-batches
    // (those are only reported when they reproduce the number, not listed as tried).
    const accumulation = new Map<string, AccumulationVariant>();
    const labels = new Map<string, string>();
    let accTried = 0;
    const recorded = accumulationSteps(c.meta);
    const tryVariant = (v: AccumulationVariant | undefined, samples: number): void => {
      if (!v) return;
      const name = accumulationName(v, samples);
      accTried++;
      if (recorded === undefined && !close(reported, v.value)) return;
      accumulation.set(name, v);
      labels.set(name, accumulationText(v, samples));
      add(name, v.value);
    };
    if (perSample && spec.reduction !== 'none') {
      const N = perSample.sums.length;
      for (const k of candidateSplits(N, recorded)) {
        for (const v of accumulationVariants(perSample.sums, perSample.denoms, spec.reduction, k)) tryVariant(v, N);
      }
    }
    // The loss divided by k before logging needs no split of the batch.
    for (const k of recorded !== undefined ? [recorded] : Array.from({ length: 15 }, (_, i) => i + 2)) tryVariant(dividedVariant(actual, k), 0);

    const matches = alts.filter((a) => close(reported, a.value));
    const ratio = actual !== 0 ? reported / actual : NaN;
    let ratioNote = '';
    if (!matches.length && Number.isFinite(ratio) && ratio > 0) {
      const k = ratio >= 1 ? Math.round(ratio) : Math.round(1 / ratio);
      const exact = ratio >= 1 ? close(ratio, k) : close(1 / ratio, k);
      if (k >= 2 && exact) {
        ratioNote = ` ${ratio >= 1
          ? l10n.t('The reported value is {0}× the recomputed one: a loss divided by gradient-accumulation steps, or summed/averaged over a different count ({0}).', String(k))
          : l10n.t('The reported value is 1/{0} of the recomputed one: a loss divided by gradient-accumulation steps, or summed/averaged over a different count ({0}).', String(k))}`;
      }
    }
    const tried: Record<string, number> = {};
    for (const a of alts) tried[a.name] = round(a.value, 8);
    // Accumulation variants equal to the recomputed loss are counted as tried but not kept in alts.
    const usual = alts.filter((a) => !accumulation.has(a.name)).length;
    const usualText = usual === 1 ? l10n.t('1 usual variant') : l10n.t('{0} usual variants', String(usual));
    const splitText = accTried === 1 ? l10n.t('1 gradient-accumulation split') : l10n.t('{0} gradient-accumulation splits', String(accTried));
    const splits = recorded !== undefined ? l10n.t('{0} steps from meta', String(recorded)) : l10n.t('mean of micro-batch means, their sum, the last micro-batch, the loss / k, for k = 2..16');
    // (a NaN or infinite recomputed loss has no finite variant and no ratio: nothing was tried)
    const matchText = matches.length
      ? ` ${l10n.t('It is reproduced by: {0}.', matches.map((m) => `${labels.get(m.name) ?? variantLabel(m.name)} (${fmt(m.value, 6)})`).join('; '))}`
      : accTried && usual
        ? ` ${l10n.t('No variant tried reproduces it: {0} and {1} ({2}).', usualText, splitText, splits)}${ratioNote}`
        : accTried
          ? ` ${l10n.t('No variant tried reproduces it: {0} ({1}).', splitText, splits)}${ratioNote}`
          : usual
            ? ` ${l10n.t('No variant tried reproduces it: {0}.', usualText)}${ratioNote}`
            : ratioNote;
    const one = matches.length === 1 ? matches[0] : undefined;
    const acc = one ? accumulation.get(one.name) : undefined;
    const fixLines = one
      ? [
        ...(acc ? accumulationFix(acc.kind, acc.k) : fixFor(one.name, spec)),
        `# ${l10n.t('and dump the criterion you really train with:')}`,
        'dump_case("case.json", criterion, logits, target, meta={"reported_loss": loss.item()})',
      ]
      : [
        `# ${l10n.t('log exactly the value you backpropagate, and dump the same criterion, logits and target')}`,
        'loss = criterion(logits, target)',
        'loss.backward()',
        'dump_case("case.json", criterion, logits, target, meta={"reported_loss": loss.item()})',
        `# ${l10n.t('a running average over steps, a divided loss (gradient accumulation) or a different batch will not match')}`,
      ];
    return [finding(reportedLossMismatch, {
      message: (Number.isFinite(actual)
        ? l10n.t('meta.reported_loss is {0} but the {1} recomputed from this case is {2} (relative difference {3}).', fmt(reported, 6), spec.type, fmt(actual, 6), fmt(rel))
        : l10n.t('meta.reported_loss is {0} but the {1} recomputed from this case is {2}: the printed value did not come from this criterion on these tensors.', fmt(reported, 6), spec.type, fmt(actual, 6))) + matchText,
      evidence: {
        reported,
        recomputed: actual,
        relativeDifference: round(rel, 6),
        ratio: Number.isFinite(ratio) ? round(ratio, 6) : null,
        matches: matches.map((m) => m.name),
        tried,
      },
      fix: fixLines.join('\n'),
      field: 'meta.reported_loss',
      ...(one?.edit ? { edit: one.edit } : {}),
    })];
  },
};
