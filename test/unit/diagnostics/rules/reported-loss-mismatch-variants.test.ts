/**
 * reported-loss-mismatch, one case per variant it tries: the reported number is what a training loop
 * with that bug logs (computed here with computeLoss, the engine checked against PyTorch, on the
 * changed criterion or input), and the finding must name exactly that variant, with its edit and its
 * fix — for the class-index path (per-row statistics) and the generic path (computeLoss) alike. Then
 * the message itself: its numbers, the "none reproduces it" counts, the k× / 1/k note, and the inputs
 * the rule must not judge.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { check, classifierLogits, mkCase, ruleTable, seeded } from '../harness';
import { computeLoss } from '../../../../src/engine/losses/index';
import { roundToBfloat16, roundToFloat16 } from '../../../../src/engine/halfs';
import { tensor, type Tensor } from '../../../../src/engine/tensor';
import type { LossCase } from '../../../../src/io/types';
import type { Finding } from '../../../../src/diagnostics/types';
import { fmt } from '../../../../src/diagnostics/format';
import { setL10n } from '../../../../src/l10n';
import { reportedLossMismatch } from '../../../../src/diagnostics/rules/reported-loss-mismatch';

/** The case's loss with some criterion arguments changed, or another input (float64 unless told). */
function lossOf(c: LossCase, over: Record<string, unknown> = {}, input: Tensor = c.input, dtype?: 'float32'): number {
  return computeLoss({ ...c.loss, ...over }, input, c.target, dtype ? { dtype } : undefined).value.data[0];
}
function reported(c: LossCase, value: number, meta: Record<string, unknown> = {}): LossCase {
  c.meta = { ...meta, reported_loss: value };
  return c;
}
const halved = (t: Tensor, f: (x: number) => number): Tensor => ({ ...t, data: Float64Array.from(t.data, f) });

const base = classifierLogits({ n: 64, k: 5, seed: 7 });
/** CrossEntropyLoss over 64 samples of 5 classes (float32 logits), index targets; `ignored` first targets set to -100. */
function clf(loss: Record<string, unknown> = {}, ignored = 0): LossCase {
  const y = base.labels.map((v, i) => (i < ignored ? -100 : v));
  return mkCase({ loss: { type: 'CrossEntropyLoss', ...loss }, input: tensor(base.logits, [64, 5]), target: tensor(y, [64], 'int64') });
}
const W = [1, 3, 0.5, 2, 1.5];
/** Float64 logits around 100 (bfloat16 rounding changes the loss by 0.36 %, beyond rtol), 64 × 5. */
function bigLogits(): LossCase {
  const r = seeded(13);
  const x = Float64Array.from({ length: 64 * 5 }, () => 100 + 2 * r.normal());
  const y = Float64Array.from({ length: 64 }, () => r.int(5));
  return mkCase({ loss: 'CrossEntropyLoss', input: tensor(x, [64, 5], 'float64'), target: tensor(y, [64], 'int64') });
}
/** A regression batch (8, 3) in float64. */
function regression(type: 'MSELoss' | 'L1Loss', loss: Record<string, unknown> = {}): LossCase {
  const r = seeded(5);
  const x = Array.from({ length: 8 }, () => Array.from({ length: 3 }, () => r.normal() * 2));
  const y = Array.from({ length: 8 }, () => Array.from({ length: 3 }, () => r.normal()));
  return mkCase({ loss: { type, ...loss }, input: x, target: y, inputDtype: 'float64', targetDtype: 'float64' });
}
/** BCEWithLogitsLoss over (16, 2) logits and 0/1 targets. */
function bce(loss: Record<string, unknown> = {}): LossCase {
  const r = seeded(9);
  const y = Array.from({ length: 16 }, () => [r.uniform() < 0.3 ? 1 : 0, r.uniform() < 0.5 ? 1 : 0]);
  const x = y.map((row) => row.map((t) => (t ? 1 : -1) + r.normal()));
  return mkCase({ loss: { type: 'BCEWithLogitsLoss', ...loss }, input: x, target: y, inputDtype: 'float64', targetDtype: 'float64' });
}
/** KLDivLoss: log-probabilities of 6 rows over 4 classes against probability targets. */
function kl(reduction: string): LossCase {
  const r = seeded(13);
  const logp = Array.from({ length: 6 }, () => {
    const z = Array.from({ length: 4 }, () => r.normal());
    const m = Math.log(z.reduce((a, v) => a + Math.exp(v), 0));
    return z.map((v) => v - m);
  });
  const q = Array.from({ length: 6 }, () => {
    const z = Array.from({ length: 4 }, () => 0.1 + r.uniform());
    const s = z.reduce((a, v) => a + v, 0);
    return z.map((v) => v / s);
  });
  return mkCase({ loss: { type: 'KLDivLoss', reduction }, input: logp, target: q, inputDtype: 'float64', targetDtype: 'float64' });
}
/** CrossEntropyLoss with probability targets (the generic path): 12 soft rows over 4 classes. */
function softTargets(loss: Record<string, unknown>): LossCase {
  const r = seeded(17);
  const x = Array.from({ length: 12 }, () => Array.from({ length: 4 }, () => r.normal() * 2));
  const q = Array.from({ length: 12 }, () => {
    const z = Array.from({ length: 4 }, () => r.uniform());
    const s = z.reduce((a, v) => a + v, 0);
    return z.map((v) => v / s);
  });
  return mkCase({ loss: { type: 'CrossEntropyLoss', ...loss }, input: x, target: q, inputDtype: 'float64', targetDtype: 'float64' });
}

const DUMP = ['# and dump the criterion you really train with:', 'dump_case("case.json", criterion, logits, target, meta={"reported_loss": loss.item()})'];
/** The finding names exactly `name` (shown as `label`), with this fix (before the dump lines) and edit. */
function reproducedBy(name: string, fix: string[] | null, edit?: { path: string[]; value: unknown }, label = name) {
  return (f: Finding): void => {
    assert.deepEqual(f.evidence.matches, [name]);
    const value = (f.evidence.tried as Record<string, number>)[name];
    assert.ok(f.message.endsWith(` It is reproduced by: ${label} (${fmt(value, 6)}).`), f.message);
    if (fix) assert.deepEqual(f.fix.split('\n'), [...fix, ...DUMP]);
    assert.deepEqual(f.edit, edit);
  };
}

ruleTable(reportedLossMismatch, {
  severity: 'warning',
  fires: [
    // class-index path
    {
      // with class weights, so that the mean (÷ Σ weights) is not also the sum ÷ numel
      name: "the case sums, the loop averages: reduction='mean'",
      case: () => { const c = clf({ reduction: 'sum', weight: W }); return reported(c, lossOf(c, { reduction: 'mean' })); },
      expect: reproducedBy("reduction='mean'", ["# the loop averages; the case says reduction='sum'", "criterion = nn.CrossEntropyLoss(reduction='mean')"], { path: ['loss', 'reduction'], value: 'mean' }),
    },
    {
      name: "the case averages, the loop sums: reduction='sum'",
      case: () => { const c = clf(); return reported(c, lossOf(c, { reduction: 'sum' })); },
      expect: reproducedBy("reduction='sum'", ["# the loop sums: nn.CrossEntropyLoss(reduction='sum'); the case says 'mean'. Pick one on purpose:", "criterion = nn.CrossEntropyLoss(reduction='mean')"], { path: ['loss', 'reduction'], value: 'sum' }),
    },
    {
      // 8 of 64 targets ignored: ÷ 56 (the count), not ÷ 64 (numel) nor ÷ Σ weights (PyTorch)
      name: 'class weights: the loop divides the weighted sum by the number of targets',
      case: () => { const c = clf({ weight: W }, 8); return reported(c, lossOf(c, { reduction: 'sum' }) / 56); },
      expect: reproducedBy('weighted sum / number of non-ignored targets (instead of / the sum of their weights)', [
        '# the loop divides the weighted sum by the number of targets; PyTorch divides by the sum of their weights',
        "loss = criterion(logits, target)   # reduction='mean'",
      ]),
    },
    {
      // 8 of 64 targets ignored, no weights: sum ÷ 64 counts the ignored positions
      name: 'ignored targets counted in the denominator: loss.sum() / target.numel()',
      case: () => { const c = clf({}, 8); return reported(c, lossOf(c, { reduction: 'sum' }) / 64); },
      expect: reproducedBy('loss.sum() / target.numel() (ignored positions counted in the denominator)', [
        '# the loop divides the summed loss by target.numel(), counting ignored positions:',
        "loss = loss_sum / (target != ignore_index).sum()   # or simply reduction='mean'",
      ]),
    },
    {
      name: "smoothing_mode 'others' in the case, PyTorch's ε/K in the loop",
      case: () => { const c = clf({ label_smoothing: 0.2, smoothing_mode: 'others' }); return reported(c, lossOf(c, { smoothing_mode: 'pytorch' })); },
      expect: reproducedBy("PyTorch's label smoothing ε/K over all classes", ["# the training loop computes the loss with: PyTorch's label smoothing ε/K over all classes"], { path: ['loss', 'smoothing_mode'], value: 'pytorch' }),
    },
    {
      name: 'label smoothing in the case, none in the loop',
      case: () => { const c = clf({ label_smoothing: 0.2 }); return reported(c, lossOf(c, { label_smoothing: 0 })); },
      expect: reproducedBy('no label smoothing', ['# the loop trains without label smoothing; the dump has it', 'criterion = nn.CrossEntropyLoss()'], { path: ['loss', 'label_smoothing'], value: 0 }),
    },
    {
      name: 'no smoothing in the case, label_smoothing=0.1 in the loop',
      case: () => { const c = clf(); return reported(c, lossOf(c, { label_smoothing: 0.1 })); },
      expect: reproducedBy('label_smoothing=0.1', ['# the training loop computes the loss with: label_smoothing=0.1'], { path: ['loss', 'label_smoothing'], value: 0.1 }),
    },
    {
      name: 'logits around 100 rounded to bfloat16',
      case: () => { const c = bigLogits(); return reported(c, lossOf(c, {}, halved(c.input, roundToBfloat16))); },
      expect: reproducedBy('input rounded to bfloat16', ['# the loop computes the loss from half-precision logits (autocast / .half()):', 'loss = criterion(logits.float(), target)   # compute the loss in float32']),
    },
    {
      name: 'NLLLoss: class weights missing in the loop',
      case: () => {
        const c = clf({ weight: W });
        c.loss = { ...c.loss, type: 'NLLLoss' };
        return reported(c, lossOf(c, { weight: undefined }));
      },
      expect: reproducedBy('no weight', ["# the loop's criterion has no class weights (or the dump added them)", 'criterion = nn.NLLLoss(weight=class_weights)']),
    },
    // generic path
    {
      name: "MSELoss: the case averages, the loop sums",
      case: () => { const c = regression('MSELoss'); return reported(c, lossOf(c, { reduction: 'sum' })); },
      expect: reproducedBy("reduction='sum'", ["# the loop sums: nn.MSELoss(reduction='sum'); the case says 'mean'. Pick one on purpose:", "criterion = nn.MSELoss(reduction='mean')"], { path: ['loss', 'reduction'], value: 'sum' }),
    },
    {
      // sum / numel, the mean per sample and reduction='mean' are one number for a rectangular target
      name: 'L1Loss: the case sums, the loop averages (three variants give the mean)',
      case: () => { const c = regression('L1Loss', { reduction: 'sum' }); return reported(c, lossOf(c, { reduction: 'mean' })); },
      expect: (f) => {
        assert.deepEqual(f.evidence.matches, ['loss.sum() / target.numel() (ignored positions counted in the denominator)', "mean over each sample's positions, then over samples", "reduction='mean'"]);
        assert.equal(f.edit, undefined, 'no single variant, no edit');
        assert.match(f.message, /It is reproduced by: loss\.sum\(\) \/ target\.numel\(\) \(ignored positions counted in the denominator\) \(\S+\); mean over each sample's positions, then over samples \(\S+\); reduction='mean' \(\S+\)\.$/);
        assert.equal(f.fix.split('\n')[0], '# log exactly the value you backpropagate, and dump the same criterion, logits and target');
      },
    },
    {
      name: "KLDivLoss: reduction='mean' in the case, 'batchmean' in the loop",
      case: () => { const c = kl('mean'); return reported(c, lossOf(c, { reduction: 'batchmean' })); },
      expect: reproducedBy("reduction='batchmean'", ["# the training loop computes the loss with: reduction='batchmean'"], { path: ['loss', 'reduction'], value: 'batchmean' }),
    },
    {
      // 'mean' divides by 6 × 4 elements, 'batchmean' by 6 rows: the same number as the numel and
      // per-sample variants, and as the loss / 4
      name: "KLDivLoss: 'batchmean' in the case, 'mean' in the loop",
      case: () => { const c = kl('batchmean'); return reported(c, lossOf(c, { reduction: 'mean' })); },
      expect: (f) => {
        assert.deepEqual(f.evidence.matches, ['loss.sum() / target.numel() (ignored positions counted in the denominator)', "mean over each sample's positions, then over samples", "reduction='mean'", 'the loss / 4 (divided by 4 gradient-accumulation steps before logging)']);
        const mean = lossOf(kl('batchmean'), { reduction: 'mean' });
        assert.equal((f.evidence.tried as Record<string, number>)["reduction='mean'"], Number(mean.toPrecision(8)));
      },
    },
    {
      name: 'BCEWithLogitsLoss: pos_weight missing in the loop',
      case: () => { const c = bce({ pos_weight: [3, 1.5] }); return reported(c, lossOf(c, { pos_weight: undefined })); },
      expect: reproducedBy('no pos_weight', ["# the loop's criterion has no pos_weight (or the dump added it)", 'criterion = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([n_neg / n_pos]))']),
    },
    {
      name: 'BCEWithLogitsLoss: weight missing in the loop',
      case: () => { const c = bce({ weight: [2, 0.5] }); return reported(c, lossOf(c, { weight: undefined })); },
      expect: reproducedBy('no weight', ["# the loop's criterion has no class weights (or the dump added them)", 'criterion = nn.BCEWithLogitsLoss(weight=class_weights)']),
    },
    {
      name: 'probability targets: label smoothing in the case, none in the loop',
      case: () => { const c = softTargets({ label_smoothing: 0.3 }); return reported(c, lossOf(c, { label_smoothing: 0 })); },
      expect: reproducedBy('no label smoothing', null, { path: ['loss', 'label_smoothing'], value: 0 }),
    },
    {
      name: "probability targets: PyTorch's smoothing in the case, ε/(K−1) in the loop",
      case: () => { const c = softTargets({ label_smoothing: 0.3 }); return reported(c, lossOf(c, { smoothing_mode: 'others' })); },
      expect: reproducedBy("label smoothing ε/(K−1) over the other classes (smoothing_mode='others')", null, { path: ['loss', 'smoothing_mode'], value: 'others' }),
    },
    {
      name: "probability targets: smoothing_mode 'others' in the case, PyTorch's in the loop",
      case: () => { const c = softTargets({ label_smoothing: 0.3, smoothing_mode: 'others' }); return reported(c, lossOf(c, { smoothing_mode: 'pytorch' })); },
      expect: reproducedBy("PyTorch's label smoothing ε/K over all classes", null, { path: ['loss', 'smoothing_mode'], value: 'pytorch' }),
    },
    {
      // predictions near 60 (float16 steps of 1/32) about 1 away from their targets: −0.34 %
      name: 'MSELoss on inputs rounded to float16',
      case: () => {
        const r = seeded(5);
        const y = Array.from({ length: 8 }, () => Array.from({ length: 3 }, () => 60 + r.normal()));
        const x = y.map((row) => row.map((v) => v + 1 + 0.2 * r.normal()));
        const c = mkCase({ loss: 'MSELoss', input: x, target: y, inputDtype: 'float64', targetDtype: 'float64' });
        return reported(c, lossOf(c, {}, halved(c.input, roundToFloat16), 'float32'));
      },
      expect: reproducedBy('input rounded to float16 (autocast / .half())', ['# the loop computes the loss from half-precision logits (autocast / .half()):', 'loss = criterion(logits.float(), target)   # compute the loss in float32']),
    },
  ],
  silent: [
    { name: 'reported loss NaN', case: () => reported(clf(), NaN) },
    { name: 'reported loss Infinity', case: () => reported(clf(), Infinity) },
    { name: 'reported loss as a string', case: () => { const c = clf(); c.meta = { reported_loss: '99' as unknown as number }; return c; } },
  ],
});

describe('reported-loss-mismatch: the message', () => {
  it('states both numbers, their relative difference and ratio, and the fix when nothing matches', () => {
    const c = regression('MSELoss');
    const actual = lossOf(c);
    const [f] = check(reportedLossMismatch, reported(c, actual * 2.5));
    assert.ok(f);
    assert.equal(f.evidence.reported, actual * 2.5);
    assert.equal(f.evidence.recomputed, actual);
    assert.equal(f.evidence.relativeDifference, 0.6);
    assert.equal(f.evidence.ratio, 2.5);
    assert.deepEqual(f.evidence.matches, []);
    assert.ok(f.message.startsWith(`meta.reported_loss is ${fmt(actual * 2.5, 6)} but the MSELoss recomputed from this case is ${fmt(actual, 6)} (relative difference 0.6). No variant tried reproduces it: `), f.message);
    // 2.5 is not a whole ratio: no note
    assert.doesNotMatch(f.message, /The reported value is/);
    assert.deepEqual(f.fix.split('\n'), [
      '# log exactly the value you backpropagate, and dump the same criterion, logits and target',
      'loss = criterion(logits, target)',
      'loss.backward()',
      'dump_case("case.json", criterion, logits, target, meta={"reported_loss": loss.item()})',
      '# a running average over steps, a divided loss (gradient accumulation) or a different batch will not match',
    ]);
    assert.equal(f.edit, undefined);
  });

  it('counts the usual variants and the accumulation splits it tried', () => {
    // MSELoss mean over (8, 3): sum only (numel and the per-sample mean equal the loss); precision
    // variants are not tried 60 % away. Splits of 8 samples: k = 2, 4, 8 (4 variants each) and the
    // loss / k for k = 2..16 (15), none reproducing 2.5×.
    const c = regression('MSELoss');
    const [f] = check(reportedLossMismatch, reported(c, lossOf(c) * 2.5));
    assert.deepEqual(Object.keys(f.evidence.tried as object), ["reduction='sum'"]);
    assert.match(f.message, / No variant tried reproduces it: 1 usual variant and 27 gradient-accumulation splits \(mean of micro-batch means, their sum, the last micro-batch, the loss \/ k, for k = 2\.\.16\)\.$/);
  });

  it('with the steps in meta, tries only that split, and lists its variants as tried', () => {
    const c = regression('MSELoss');
    const [f] = check(reportedLossMismatch, reported(c, lossOf(c) * 2.5, { gradient_accumulation_steps: 4 }));
    const tried = Object.keys(f.evidence.tried as object);
    // the sum; of the split into 4, the sum of the means, the last and the last / 4 (the mean of the
    // means is the loss itself: equal micro-batches); and the loss / 4. Five splits tried, one usual variant.
    assert.deepEqual(tried, [
      "reduction='sum'",
      'sum of the micro-batch means (accumulated over 4 micro-batches of 2 samples without dividing by 4)',
      "the last micro-batch's mean only (of 4 micro-batches of 2 samples)",
      "the last micro-batch's mean / 4 (of 4 micro-batches of 2 samples: the loss scaled for accumulation, logged for one micro-batch)",
      'the loss / 4 (divided by 4 gradient-accumulation steps before logging)',
    ]);
    assert.match(f.message, / No variant tried reproduces it: 1 usual variant and 5 gradient-accumulation splits \(4 steps from meta\)\.$/);
  });

  it('a whole ratio that no variant explains is named (k× and 1/k)', () => {
    const c = regression('MSELoss');
    const actual = lossOf(c);
    const [up] = check(reportedLossMismatch, reported(c, actual * 3, { gradient_accumulation_steps: 2 }));
    assert.deepEqual(up.evidence.matches, []);
    assert.match(up.message, / The reported value is 3× the recomputed one: a loss divided by gradient-accumulation steps, or summed\/averaged over a different count \(3\)\.$/);
    const [down] = check(reportedLossMismatch, reported(regression('MSELoss'), actual / 3, { gradient_accumulation_steps: 2 }));
    assert.deepEqual(down.evidence.matches, []);
    assert.match(down.message, / The reported value is 1\/3 of the recomputed one: a loss divided by gradient-accumulation steps, or summed\/averaged over a different count \(3\)\.$/);
    // 3.01× is not a whole ratio within rtol
    const [off] = check(reportedLossMismatch, reported(regression('MSELoss'), actual * 3.01, { gradient_accumulation_steps: 2 }));
    assert.doesNotMatch(off.message, /The reported value is/);
  });

  it('a recomputed loss of 0: the ratio is null and every variant is 0 too', () => {
    const c = mkCase({ loss: 'MSELoss', input: [[1, 2], [3, 4]], target: [[1, 2], [3, 4]], inputDtype: 'float64', targetDtype: 'float64' });
    const [f] = check(reportedLossMismatch, reported(c, 0.5));
    assert.equal(f.evidence.ratio, null);
    assert.equal(f.evidence.relativeDifference, 1);
    assert.deepEqual(f.evidence.tried, {});
    // (2, 2): the split into 2 (4 variants) and the loss / k for k = 2..16 (15), all 0
    assert.match(f.message, / No variant tried reproduces it: 19 gradient-accumulation splits \(mean of micro-batch means, their sum, the last micro-batch, the loss \/ k, for k = 2\.\.16\)\.$/);
  });
});

describe('reported-loss-mismatch: precision variants only near the recomputed loss', () => {
  const tried = (c: LossCase, r: number): string[] => Object.keys(check(reportedLossMismatch, reported(c, r))[0].evidence.tried as object);
  // the relative difference is |reported − recomputed| / max(|reported|, |recomputed|)
  it('tried 4.9 % away, not 5.1 % away', () => {
    const a = lossOf(bigLogits());
    const near = tried(bigLogits(), a / (1 - 0.049));
    assert.ok(near.includes('float32 arithmetic') && near.includes('input rounded to float16 (autocast / .half())') && near.includes('input rounded to bfloat16'), near.join(' | '));
    const far = tried(bigLogits(), a / (1 - 0.051));
    assert.deepEqual(far.filter((k) => /float/.test(k)), []);
  });
  it('the float32 variant is the loss rounded to float32', () => {
    const c = bigLogits();
    const a = lossOf(c);
    const [f] = check(reportedLossMismatch, reported(c, a * 1.01));
    assert.equal((f.evidence.tried as Record<string, number>)['float32 arithmetic'], Number(Math.fround(a).toPrecision(8)));
  });
});

describe('reported-loss-mismatch: variant names in Korean', () => {
  const ko = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'l10n', 'bundle.l10n.ko.json'), 'utf8')) as Record<string, string>;
  const inKorean = <T>(f: () => T): T => {
    setL10n({ language: 'ko', bundle: ko });
    try { return f(); } finally { setL10n(); }
  };
  it('the ignore_index variants: counts and values in the Korean label', () => {
    const c = clf({ ignore_index: 0 });
    const [k] = inKorean(() => check(reportedLossMismatch, reported(c, lossOf(c, { ignore_index: -100 }))));
    const n = base.labels.filter((v) => v === 0).length;
    const label = ko['without ignore_index (the {0} targets equal to {1} counted as class {1})'].replace('{0}', String(n)).replaceAll('{1}', '0');
    assert.ok(k.message.includes(`${label} (`), k.message);
    const p = clf();
    const [kp] = inKorean(() => check(reportedLossMismatch, reported(p, lossOf(p, { ignore_index: 3 }), { pad_token_id: 3 })));
    assert.ok(kp.message.includes(`${ko['ignore_index={0} (the pad token)'].replace('{0}', '3')} (`), kp.message);
  });
});

describe('reported-loss-mismatch: accumulation splits of 1-D losses', () => {
  it('an (8,) MSELoss logged as the sum of two micro-batch means', () => {
    const c = mkCase({ loss: 'MSELoss', input: [0.5, 1, 2, -1, 3, 0, 1.5, 2.5], target: [0, 0, 1, 1, 0, 0, 1, 1], inputDtype: 'float64', targetDtype: 'float64' });
    const half = (a: number, b: number): number => {
      let s = 0;
      for (let i = a; i < b; i++) s += (c.input.data[i] - c.target.data[i]) ** 2;
      return s / (b - a);
    };
    const [f] = check(reportedLossMismatch, reported(c, half(0, 4) + half(4, 8)));
    assert.deepEqual(f.evidence.matches, ['sum of the micro-batch means (accumulated over 2 micro-batches of 4 samples without dividing by 2)']);
    assert.match(f.fix, /loss = criterion\(logits, target\) \/ 2 {3}# before backward\(\) and before logging/);
  });
});
