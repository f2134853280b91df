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
import { computeLoss } from '../../engine/losses/index';
import { isClassLoss, type LossSpec } from '../../engine/losses/spec';
import type { Tensor } from '../../engine/tensor';
import { finding } from '../finding';
import { fmt, round } from '../stats';
import type { Finding, Rule, RuleContext } from '../types';

/** Round to the nearest float16 (ties to even; ±Infinity beyond the range, subnormals kept). */
export function roundToFloat16(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const a = Math.abs(x);
  if (a >= 65520) return x > 0 ? Infinity : -Infinity;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  const step = 2 ** (Math.max(e, -14) - 10);
  const q = a / step;
  let r = Math.floor(q);
  const frac = q - r;
  if (frac > 0.5 || (frac === 0.5 && r % 2 === 1)) r++;
  return Math.sign(x) * r * step;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
/** Round to the nearest bfloat16 (via float32, ties to even). */
export function roundToBfloat16(x: number): number {
  if (!Number.isFinite(x)) return x;
  f32[0] = x;
  const bits = u32[0];
  const lsb = (bits >>> 16) & 1;
  u32[0] = ((bits + 0x7fff + lsb) >>> 16) << 16;
  return f32[0];
}

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
    const r = computeLoss(spec, input, target, dtype ? { dtype } : undefined);
    return r.value.shape.length === 0 ? r.value.data[0] : undefined;
  } catch {
    return undefined;
  }
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
    if (!ctx.result || ctx.result.value.shape.length !== 0) return [];
    const actual = ctx.result.value.data[0];
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
    const withSpec = (over: Partial<LossSpec>): LossSpec => ({ ...spec, ...over });

    // Reductions and averaging denominators, all from one unreduced computation.
    let none: Tensor | undefined;
    try {
      const r = computeLoss(withSpec({ reduction: 'none' }), c.input, c.target);
      none = r.value;
    } catch { /* leave undefined */ }
    const classIdx = isClassLoss(spec.type) && ctx.stats.classCounts !== undefined;
    const ignore = spec.ignore_index;
    if (none) {
      const v = none.data;
      let sum = 0;
      for (let i = 0; i < v.length; i++) sum += v[i];
      if (spec.reduction !== 'sum') add("reduction='sum'", sum, { path: ['loss', 'reduction'], value: 'sum' });
      let valid = v.length;
      if (classIdx) {
        valid = 0;
        const t = c.target.data;
        for (let i = 0; i < t.length; i++) if (t[i] !== ignore) valid++;
      }
      if (v.length > 0) add('loss.sum() / target.numel() (ignored positions counted in the denominator)', sum / v.length);
      if (classIdx && valid > 0 && spec.weight) add('weighted sum / number of non-ignored targets (instead of / the sum of their weights)', sum / valid);
      // Mean per sample (over its valid positions), then over samples.
      const s = none.shape;
      if (s.length >= 2 && s[0] > 0) {
        const N = s[0];
        const inner = v.length / N;
        const t = c.target.data;
        let acc = 0, samples = 0;
        for (let n = 0; n < N; n++) {
          let ps = 0, pc = 0;
          for (let j = n * inner; j < (n + 1) * inner; j++) {
            if (classIdx && t[j] === ignore) continue;
            ps += v[j];
            pc++;
          }
          if (pc > 0) { acc += ps / pc; samples++; }
        }
        if (samples > 0) add('mean over each sample\'s positions, then over samples', acc / samples);
      }
    }
    if (spec.reduction === 'sum') add("reduction='mean'", scalarOf(withSpec({ reduction: 'mean' }), c.input, c.target), { path: ['loss', 'reduction'], value: 'mean' });
    if (spec.type === 'KLDivLoss') {
      if (spec.reduction === 'mean') add("reduction='batchmean'", scalarOf(withSpec({ reduction: 'batchmean' }), c.input, c.target), { path: ['loss', 'reduction'], value: 'batchmean' });
      if (spec.reduction === 'batchmean') add("reduction='mean'", scalarOf(withSpec({ reduction: 'mean' }), c.input, c.target), { path: ['loss', 'reduction'], value: 'mean' });
    }
    // Weights.
    if (spec.weight) add('no weight', scalarOf(withSpec({ weight: undefined }), c.input, c.target));
    if (spec.pos_weight) add('no pos_weight', scalarOf(withSpec({ pos_weight: undefined }), c.input, c.target));
    // ignore_index.
    if (classIdx) {
      const cc = ctx.stats.classCounts;
      if (cc && cc.ignored > 0) add(`without ignore_index (the ${cc.ignored} targets equal to ${ignore} counted as class ${ignore})`, scalarOf(withSpec({ ignore_index: -100 }), c.input, c.target), { path: ['loss', 'ignore_index'], value: -100 });
      const pad = c.meta.pad_token_id;
      if (typeof pad === 'number' && pad !== ignore) add(`ignore_index=${pad} (the pad token)`, scalarOf(withSpec({ ignore_index: pad }), c.input, c.target), { path: ['loss', 'ignore_index'], value: pad });
    }
    // Label smoothing.
    if (spec.type === 'CrossEntropyLoss') {
      const eps = spec.label_smoothing;
      if (eps > 0) {
        add('no label smoothing', scalarOf(withSpec({ label_smoothing: 0 }), c.input, c.target), { path: ['loss', 'label_smoothing'], value: 0 });
        if (spec.smoothing_mode === 'pytorch') add(`label smoothing ε/(K−1) over the other classes (smoothing_mode='others')`, scalarOf(withSpec({ smoothing_mode: 'others' }), c.input, c.target), { path: ['loss', 'smoothing_mode'], value: 'others' });
        else add('PyTorch\'s label smoothing ε/K over all classes', scalarOf(withSpec({ smoothing_mode: 'pytorch' }), c.input, c.target), { path: ['loss', 'smoothing_mode'], value: 'pytorch' });
      } else {
        add('label_smoothing=0.1', scalarOf(withSpec({ label_smoothing: 0.1 }), c.input, c.target), { path: ['loss', 'label_smoothing'], value: 0.1 });
      }
    }
    // Precision: only worth recomputing when the numbers are already close.
    const rel = Math.abs(reported - actual) / Math.max(Math.abs(reported), Math.abs(actual), 1e-300);
    if (rel < 0.05) {
      add('float32 arithmetic', scalarOf(spec, c.input, c.target, 'float32'));
      add('input rounded to float16 (autocast / .half())', scalarOf(spec, rounded(c.input, roundToFloat16), c.target, 'float32'));
      add('input rounded to bfloat16', scalarOf(spec, rounded(c.input, roundToBfloat16), c.target, 'float32'));
    }

    const matches = alts.filter((a) => close(reported, a.value));
    const ratio = actual !== 0 ? reported / actual : NaN;
    let ratioNote = '';
    if (!matches.length && Number.isFinite(ratio) && ratio > 0) {
      const k = ratio >= 1 ? Math.round(ratio) : Math.round(1 / ratio);
      const exact = ratio >= 1 ? close(ratio, k) : close(1 / ratio, k);
      if (k >= 2 && exact) {
        ratioNote = ` The reported value is ${ratio >= 1 ? `${k}×` : `1/${k} of`} the recomputed one: a loss divided by gradient-accumulation steps, or summed/averaged over a different count (${k}).`;
      }
    }
    const tried: Record<string, number> = {};
    for (const a of alts) tried[a.name] = round(a.value, 8);
    const matchText = matches.length
      ? ` It is reproduced by: ${matches.map((m) => `${m.name} (${fmt(m.value, 6)})`).join('; ')}.`
      : ` None of the ${alts.length} usual variants reproduces it.${ratioNote}`;
    const one = matches.length === 1 ? matches[0] : undefined;
    const fixLines = one
      ? [
        `# the training loop computes the loss with: ${one.name}`,
        '# make the logged loss and the criterion agree (and dump the criterion you really train with):',
        'loss = criterion(logits, target)       # the same object used for backward()',
        'log(loss.item())',
        'dump_case("case.json", criterion, logits, target, meta={"reported_loss": loss.item()})',
      ]
      : [
        '# log exactly the value you backpropagate, and dump the same criterion, logits and target',
        'loss = criterion(logits, target)',
        'loss.backward()',
        'dump_case("case.json", criterion, logits, target, meta={"reported_loss": loss.item()})',
        '# a running average over steps, a divided loss (gradient accumulation) or a different batch will not match',
      ];
    return [finding(reportedLossMismatch, {
      message: `meta.reported_loss is ${fmt(reported, 6)} but the ${spec.type} recomputed from this case is ${fmt(actual, 6)} ` +
        `(relative difference ${fmt(rel)}).${matchText}`,
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
