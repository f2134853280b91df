/**
 * The training loop shared by every scenario: an MLP (optionally with a mistaken Softmax/Sigmoid head),
 * a loss computed by the engine's `computeLoss`, AdamW, per-epoch validation, final metrics on the whole
 * training set and the held-out set, and diagnostics on the final batch.
 */
import { l10n } from '../l10n';
import { runDiagnostics } from '../diagnostics/run';
import type { Finding } from '../diagnostics/types';
import { DataLoader, WeightedRandomSampler, type Dataset } from '../engine/data/loader';
import { Rng } from '../engine/data/rng';
import { computeLoss, float64Grad } from '../engine/losses/index';
import type { LossSpec } from '../engine/losses/spec';
import { tensor, type Tensor } from '../engine/tensor';
import { argmaxRows, binaryPRF, confusionMatrix, macroPRF } from '../engine/metrics/classification';
import { atThreshold, averagePrecision, bestF1, prCurve, rocAuc } from '../engine/metrics/binary';
import { expectedCalibrationError, sigmoidAll, softmaxRows } from '../engine/metrics/calibration';
import { multilabelMetrics } from '../engine/metrics/multilabel';
import { regressionMetrics } from '../engine/metrics/regression';
import { mlp, Sequential, Sigmoid, Softmax } from '../engine/nn/modules';
import { AdamW } from '../engine/optim/optimizers';
import { MAX_STEP_POINTS, MAX_STEP_POINTS_PER_EPOCH, type CaseMeta, type LossCase } from '../shapes/index';
import type { LossConfig, RunResult, ScenarioProgress, SweptValue } from './types';

export type Task = RunResult['task'];

export interface RunSpec {
  name: string;
  description: string;
  task: Task;
  train: Dataset;
  val: Dataset;
  /** MLP layer sizes, e.g. [16, 64, 1]. */
  sizes: number[];
  /** A mistaken activation after the last Linear (the loss then sees its output). */
  head?: 'softmax' | 'sigmoid';
  loss: LossSpec;
  epochs: number;
  batchSize: number;
  shuffle?: boolean;
  lr?: number;
  /** Rng stream for model init and shuffling. */
  rng: Rng;
  /** Tagging: positions per sequence (model rows per dataset row). Default 1. */
  positions?: number;
  /** Tagging: the padding label (excluded from the real-token accuracy). */
  padLabel?: number;
  meta?: CaseMeta;
  /** Divide losses by this before comparing with `lossTarget` (the target-scale sweep). */
  lossScale?: number;
  /** Record the first epoch whose train_loss / lossScale² <= lossTarget as final.epochs_to_target. */
  lossTarget?: number;
  /** AdamW's weight_decay (default PyTorch's 0.01). */
  weightDecay?: number;
  /**
   * Draw each epoch's rows with torch's WeightedRandomSampler (with replacement, as many draws as
   * training rows), row i with probability ∝ sampleWeights[i]; replaces shuffling.
   */
  sampleWeights?: Float64Array;
  /**
   * A test split (binary runs): the decision threshold is tuned on validation (best F1) and the test
   * split reports F1 at 0.5 (`test_f1_default`) and at that threshold (`test_f1_tuned`, `tuned_threshold`).
   */
  test?: Dataset;
  /** Binary runs: also report how many BCE terms saturate (see `saturation`). */
  saturation?: boolean;
  /** What to look at in this run's results, in words (becomes RunResult.look_for). */
  lookFor?: string;
  /** Sweeps: the value this run sets (becomes RunResult.swept). */
  swept?: SweptValue;
}

export interface RunContext {
  scenario: string;
  runIndex: number;
  runCount: number;
  epochsOverride?: number;
  signal?: AbortSignal;
  onProgress?: (p: ScenarioProgress) => void;
  diagnostics: boolean;
  started: number;
  yieldState: { last: number };
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Lets the event loop run (so an abort can arrive) at most every `YIELD_MS` of computation. */
const YIELD_MS = 25;
function macrotask(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => unknown };
  return new Promise((resolve) => {
    if (typeof g.setImmediate === 'function') g.setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}
async function maybeYield(ctx: RunContext): Promise<void> {
  const t = now();
  if (t - ctx.yieldState.last >= YIELD_MS) {
    await macrotask();
    ctx.yieldState.last = now();
  }
  ctx.signal?.throwIfAborted();
}

export function lossConfig(spec: LossSpec): LossConfig {
  const out: LossConfig = { type: spec.type };
  if (spec.reduction !== 'mean') out.reduction = spec.reduction;
  if (spec.weight) out.weight = Array.from(spec.weight.data);
  if (spec.pos_weight) out.pos_weight = Array.from(spec.pos_weight.data);
  if (spec.type === 'CrossEntropyLoss' || spec.type === 'NLLLoss') {
    if (spec.ignore_index !== -100) out.ignore_index = spec.ignore_index;
  }
  if (spec.type === 'CrossEntropyLoss' && spec.label_smoothing !== 0) {
    out.label_smoothing = spec.label_smoothing;
    // Ours, not PyTorch's: the tutorial's ε/(K−1) convention (see spec.ts).
    if (spec.smoothing_mode !== 'pytorch') out.smoothing_mode = spec.smoothing_mode;
  }
  return out;
}

/** Model output (rows × cols) and the targets as the tensors the loss receives. */
function lossTensors(task: Task, out: Float64Array, rows: number, cols: number, y: Float64Array, yCount: number): { input: Tensor; target: Tensor } {
  const inp = out.length === rows * cols ? out : out.subarray(0, rows * cols);
  const tgt = y.length === yCount ? y : y.subarray(0, yCount);
  switch (task) {
    case 'regression':
    case 'binary':
      // The tutorial squeezes the single output: input (B,), target (B,).
      return { input: tensor(inp, cols === 1 ? [rows] : [rows, cols], 'float64'), target: tensor(tgt, cols === 1 ? [rows] : [rows, cols], 'float32') };
    case 'multilabel':
      return { input: tensor(inp, [rows, cols]), target: tensor(tgt, [rows, cols], 'float32') };
    case 'multiclass':
    case 'tagging':
      return { input: tensor(inp, [rows, cols]), target: tensor(tgt, [rows], 'int64') };
  }
}

function describeModel(sizes: number[], head?: string): string {
  const parts: string[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    if (i > 0) parts.push('ReLU');
    parts.push(`Linear(${sizes[i]}, ${sizes[i + 1]})`);
  }
  if (head === 'softmax') parts.push('Softmax(dim=-1)');
  if (head === 'sigmoid') parts.push('Sigmoid');
  return parts.join(' → ');
}

interface Evaluated {
  loss: number;
  metrics: Record<string, number>;
  details: Record<string, unknown>;
}

/** Criterion and metrics of the model on a whole dataset (one forward pass, no update). */
function evaluate(spec: RunSpec, model: Sequential, data: Dataset, full: boolean): Evaluated {
  const P = spec.positions ?? 1;
  const rows = data.n * P;
  const xCols = data.xCols / P;
  const out = model.forward(data.x, rows, xCols);
  const cols = model.outCols;
  const { input, target } = lossTensors(spec.task, out, rows, cols, data.y, data.n * data.yCols);
  const loss = computeLoss(spec.loss, input, target).value.data[0];
  const z = input.data;
  const y = target.data;
  const m: Record<string, number> = {};
  const details: Record<string, unknown> = {};
  switch (spec.task) {
    case 'regression': {
      const r = regressionMetrics(z, y);
      m.mse = r.mse; m.r2 = r.r2;
      if (full) { m.rmse = r.rmse; m.mae = r.mae; }
      break;
    }
    case 'binary': {
      // BCELoss receives probabilities (the model ends in Sigmoid); every other binary loss logits.
      const p = spec.loss.type === 'BCELoss' ? Float64Array.from(z) : sigmoidAll(z);
      const at = binaryPRF(p, y, 0.5);
      m.accuracy = at.accuracy; m.f1 = at.f1; m.recall = at.recall; m.pr_auc = averagePrecision(p, y);
      if (full) {
        m.precision = at.precision; m.roc_auc = rocAuc(p, y);
        const b = bestF1(p, y);
        m.best_f1 = b.f1; m.best_f1_threshold = b.threshold;
        let pos = 0;
        for (let i = 0; i < y.length; i++) if (y[i] >= 0.5) pos++;
        m.positive_rate = y.length ? pos / y.length : NaN;
        details.confusion = { tp: at.tp, fp: at.fp, tn: at.tn, fn: at.fn };
        details.pr_curve = thin(prCurve(p, y).map((q) => ({ threshold: q.threshold, precision: q.precision, recall: q.recall })), 101);
        details.best_f1 = { threshold: b.threshold, precision: b.precision, recall: b.recall, f1: b.f1 };
        if (spec.saturation) Object.assign(m, saturation(spec, input, target, p));
      }
      break;
    }
    case 'multilabel': {
      const p = sigmoidAll(z);
      const r = multilabelMetrics(p, y, rows, cols, 0.5);
      m.accuracy = r.elementAccuracy; m.f1 = r.macro.f1; m.pr_auc = r.macro.prAuc;
      if (full) {
        m.exact_match = r.exactMatch; m.precision = r.macro.precision; m.recall = r.macro.recall; m.roc_auc = r.macro.rocAuc;
        m.micro_roc_auc = r.micro.rocAuc;
        m.positive_rate = r.perLabel.reduce((s, l) => s + l.prevalence, 0) / Math.max(1, cols);
        details.per_label = r.perLabel.map((l) => ({ label: l.label, prevalence: l.prevalence, precision: l.precision, recall: l.recall, f1: l.f1, pr_auc: l.prAuc, roc_auc: l.rocAuc }));
      }
      break;
    }
    case 'multiclass': {
      const probs = softmaxRows(z, rows, cols);
      const pred = argmaxRows(z, rows, cols);
      let ok = 0;
      for (let i = 0; i < rows; i++) if (pred[i] === y[i]) ok++;
      m.accuracy = rows ? ok / rows : NaN;
      const cal = expectedCalibrationError(probs, rows, cols, y, 15);
      m.ece = cal.ece;
      if (full) {
        const prf = macroPRF(pred, y, cols);
        m.macro_f1 = prf.f1;
        const present = prf.perClass.filter((c) => c.support > 0);
        m.min_class_recall = present.length ? Math.min(...present.map((c) => c.recall)) : NaN;
        // Mean recall over the classes present (sklearn's balanced_accuracy_score).
        m.balanced_accuracy = present.length ? present.reduce((a, c) => a + c.recall, 0) / present.length : NaN;
        details.per_class = prf.perClass.map((c, k) => ({ class: k, support: c.support, precision: c.precision, recall: c.recall, f1: c.f1 }));
        const counts = new Array<number>(cols).fill(0);
        for (let i = 0; i < rows; i++) counts[y[i]]++;
        m.majority_rate = rows ? Math.max(...counts) / rows : NaN;
        details.reliability = cal.bins;
        details.confusion = confusionMatrix(pred, y, cols);
      }
      break;
    }
    case 'tagging': {
      const pred = argmaxRows(z, rows, cols);
      let ok = 0, okAll = 0, real = 0;
      for (let i = 0; i < rows; i++) {
        const hit = pred[i] === y[i];
        if (hit) okAll++;
        if (y[i] !== spec.padLabel) { real++; if (hit) ok++; }
      }
      m.accuracy = real ? ok / real : NaN;
      if (full) {
        m.accuracy_with_padding = rows ? okAll / rows : NaN;
        m.padding_share = rows ? 1 - real / rows : NaN;
      }
      break;
    }
  }
  return { loss, metrics: m, details };
}

/**
 * How saturated a binary run's loss terms are, on one data set:
 * - `clamped_share`: share of BCELoss terms whose log hit PyTorch's clamp at −100 (the probability
 *   of the true label rounded to 0), always 0 for BCEWithLogitsLoss, which never takes that log;
 * - `stalled_share`: share of misclassified rows (at 0.5) whose gradient with respect to the logit
 *   (before any Sigmoid in the model) is below 1e-6 in size, i.e. rows the model can no longer learn
 *   from; `wrong_grad_mean`: the mean size of that gradient over misclassified rows (BCEWithLogitsLoss
 *   gives |σ(z) − y|, close to 1 for a confidently wrong row).
 */
function saturation(spec: RunSpec, input: Tensor, target: Tensor, p: Float64Array): Record<string, number> {
  const res = computeLoss({ ...spec.loss, reduction: 'sum' }, input, target);
  const g = float64Grad(res);
  const y = target.data;
  const bce = spec.loss.type === 'BCELoss';
  let clamped = 0, wrong = 0, stalled = 0, gsum = 0;
  for (let i = 0; i < p.length; i++) {
    const pos = y[i] >= 0.5;
    if (bce && (pos ? Math.log(p[i]) : Math.log1p(-p[i])) <= -100) clamped++;
    if ((p[i] >= 0.5) === pos) continue;
    wrong++;
    // Through the model's Sigmoid when it has one: dL/dz = dL/dp · p(1 − p), as its backward computes it.
    const gz = Math.abs(spec.head === 'sigmoid' ? g[i] * p[i] * (1 - p[i]) : g[i]);
    gsum += gz;
    if (gz < 1e-6) stalled++;
  }
  return {
    clamped_share: p.length ? clamped / p.length : NaN,
    stalled_share: wrong ? stalled / wrong : 0,
    wrong_grad_mean: wrong ? gsum / wrong : 0,
  };
}

/** Binary scores (probabilities) of a model on a data set, as `evaluate` computes them. */
function binaryScores(spec: RunSpec, model: Sequential, data: Dataset): Float64Array {
  const out = model.forward(data.x, data.n, data.xCols).subarray(0, data.n);
  return spec.loss.type === 'BCELoss' ? Float64Array.from(out) : sigmoidAll(out);
}

/**
 * Threshold tuning: the best-F1 threshold on validation, then F1 on the test split at 0.5 and at
 * that threshold (the test split plays no part in the choice).
 */
function thresholdTuning(spec: RunSpec, model: Sequential, test: Dataset): Record<string, number> {
  const v = bestF1(binaryScores(spec, model, spec.val), spec.val.y);
  const pt = binaryScores(spec, model, test);
  const at = atThreshold(pt, test.y, 0.5), tuned = atThreshold(pt, test.y, v.threshold);
  return {
    tuned_threshold: v.threshold,
    test_f1_default: at.f1, test_precision_default: at.precision, test_recall_default: at.recall,
    test_f1_tuned: tuned.f1, test_precision_tuned: tuned.precision, test_recall_tuned: tuned.recall,
  };
}

/** The integers from `a` to `b`, both included. */
function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i <= b; i++) out.push(i);
  return out;
}

/** At most `max` evenly spaced items (first and last kept). */
function thin<T>(xs: T[], max: number): T[] {
  if (xs.length <= max) return xs;
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(xs[Math.round((i * (xs.length - 1)) / (max - 1))]);
  return out;
}

/** Trains one run and returns its plain-data result. */
export async function trainRun(spec: RunSpec, ctx: RunContext): Promise<RunResult> {
  const epochs = ctx.epochsOverride ?? spec.epochs;
  const P = spec.positions ?? 1;
  const modelRng = spec.rng.fork('model');
  const model = mlp(spec.sizes, modelRng);
  if (spec.head === 'softmax') model.modules.push(new Softmax());
  if (spec.head === 'sigmoid') model.modules.push(new Sigmoid());
  const opt = new AdamW(model.parameters(), { lr: spec.lr ?? 1e-3, weight_decay: spec.weightDecay ?? 0.01 });
  const shuffleRng = spec.rng.fork('shuffle');
  const loader = new DataLoader(spec.train, {
    batchSize: spec.batchSize, shuffle: spec.shuffle ?? true, rng: shuffleRng,
    ...(spec.sampleWeights ? { sampler: new WeightedRandomSampler(spec.sampleWeights, spec.train.n, shuffleRng) } : {}),
  });
  const xCols = spec.train.xCols / P;
  const history: Record<string, number[]> = { train_loss: [], val_loss: [] };
  let lastInput: Tensor | undefined;
  let lastTarget: Tensor | undefined;
  let epochsToTarget = NaN;
  const stepLoss: number[] = [];
  const epochEnd: number[] = [];

  for (let ep = 1; ep <= epochs; ep++) {
    let total = 0, count = 0;
    const firstStep = stepLoss.length + 1;
    const last = ep === epochs;
    for (const b of loader.epoch()) {
      const rows = b.rows * P;
      const out = model.forward(b.x, rows, xCols);
      const cols = model.outCols;
      const { input, target } = lossTensors(spec.task, out, rows, cols, b.y, b.rows * spec.train.yCols);
      const res = computeLoss(spec.loss, input, target);
      const lv = res.value.data[0];
      total += lv * b.rows;
      count += b.rows;
      stepLoss.push(lv);
      model.backward(float64Grad(res), false);
      opt.step();
      if (last) {
        lastInput = tensor(Float64Array.from(input.data), input.shape, input.dtype);
        lastTarget = tensor(Float64Array.from(target.data), target.shape, target.dtype);
      }
      await maybeYield(ctx);
    }
    const trainLoss = total / count;
    history.train_loss.push(trainLoss);
    epochEnd.push(stepLoss.length);
    const batchSteps = thin(range(firstStep, stepLoss.length), MAX_STEP_POINTS_PER_EPOCH);
    if (spec.lossTarget !== undefined && Number.isNaN(epochsToTarget)) {
      const s = spec.lossScale ?? 1;
      if (trainLoss / (s * s) <= spec.lossTarget) epochsToTarget = ep;
    }
    const v = evaluate(spec, model, spec.val, false);
    history.val_loss.push(v.loss);
    for (const [k, val] of Object.entries(v.metrics)) (history[`val_${k}`] ??= []).push(val);
    ctx.onProgress?.({
      scenario: ctx.scenario, run: spec.name, runIndex: ctx.runIndex, runCount: ctx.runCount,
      epoch: ep, epochs, train_loss: trainLoss, val_loss: v.loss,
      metrics: Object.fromEntries(Object.entries(v.metrics).map(([k, x]) => [`val_${k}`, x])),
      elapsed: (now() - ctx.started) / 1000, loss: spec.loss.type,
      step: stepLoss.length, batch_steps: batchSteps, batch_losses: batchSteps.map((s) => stepLoss[s - 1]),
    });
  }

  const tr = evaluate(spec, model, spec.train, true);
  const va = evaluate(spec, model, spec.val, true);
  const final: Record<string, number> = { train_loss: tr.loss, val_loss: va.loss };
  for (const [k, x] of Object.entries(tr.metrics)) final[k] = x;
  for (const [k, x] of Object.entries(va.metrics)) final[`val_${k}`] = x;
  // Left out when never reached: summaries and look-for texts say "not reached" instead of NaN.
  if (spec.lossTarget !== undefined && Number.isFinite(epochsToTarget)) final.epochs_to_target = epochsToTarget;
  if (spec.test && spec.task === 'binary') Object.assign(final, thresholdTuning(spec, model, spec.test));

  const steps = thin(range(1, stepLoss.length), MAX_STEP_POINTS);
  const findings: Finding[] = [];
  if (ctx.diagnostics && lastInput && lastTarget) {
    const c: LossCase = {
      loss: spec.loss, input: lastInput, target: lastTarget, meta: { ...(spec.meta ?? {}) },
      history: { train: [...history.train_loss], val: [...history.val_loss] }, spans: {},
    };
    findings.push(...runDiagnostics(c).findings);
  }
  const support = spec.task === 'multiclass' ? (va.details.per_class as { support: number }[]).map((c) => c.support) : undefined;
  const br = baseRateFinding(spec.task, final, spec.task === 'multilabel' ? spec.val.n * spec.val.yCols : spec.val.n * P, support);
  if (br) findings.push(br);

  return {
    name: spec.name,
    description: epochs === spec.epochs ? spec.description : spec.description.replace(l10n.t('{0} epochs', spec.epochs), l10n.t('{0} epochs (overridden; the recipe has {1})', epochs, spec.epochs)),
    task: spec.task,
    loss: lossConfig(spec.loss),
    recipe: {
      model: describeModel(spec.sizes, spec.head),
      optimizer: `AdamW(lr=${spec.lr ?? 1e-3}, weight_decay=${spec.weightDecay ?? 0.01})`,
      batch_size: spec.batchSize,
      epochs,
      train_rows: spec.train.n,
      val_rows: spec.val.n,
      ...(spec.test ? { test_rows: spec.test.n } : {}),
    },
    ...(spec.lookFor ? { look_for: spec.lookFor } : {}),
    history,
    final,
    findings: stripForClone(findings),
    details: { ...va.details },
    epochs_run: history.train_loss.length,
    ...(spec.swept ? { swept: { ...spec.swept } } : {}),
    step_history: { step: steps, train_loss: steps.map((s) => stepLoss[s - 1]) },
    epoch_end_step: epochEnd,
  };
}

/** Findings are plain objects already; this drops `undefined` fields so they survive JSON and cloning alike. */
function stripForClone(fs: Finding[]): Finding[] {
  return fs.map((f) => JSON.parse(JSON.stringify(f, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))) as Finding);
}

/**
 * The runner's own finding: held-out quality indistinguishable from chance, i.e. the metrics sit at
 * the base rate. Binary and multilabel runs: validation ROC-AUC (pooled over labels for multilabel)
 * within 3 standard errors of 0.5, using the null variance (n₊ + n₋ + 1)/(12·n₊·n₋) of the
 * Mann–Whitney statistic. Multi-class: validation accuracy within 3 standard errors of the
 * majority-class rate AND balanced accuracy (mean per-class recall) within 3 standard errors of 1/K,
 * its value for any prediction independent of the label (so a class-weighted model that trades
 * accuracy for minority recall is not called chance). Regression: validation R² below 0.05.
 * `valEntries` is the number of scored entries (rows, or rows × labels for multilabel);
 * `classSupport` the held-out rows per class (multi-class).
 */
export function baseRateFinding(task: Task, final: Record<string, number>, valEntries: number, classSupport?: number[]): Finding | undefined {
  const ev: Record<string, number> = {};
  let message = '';
  const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : String(x));
  if (task === 'binary' || task === 'multilabel') {
    const auc = task === 'binary' ? final.val_roc_auc : final.val_micro_roc_auc;
    const rate = final.val_positive_rate;
    const pos = Math.round(rate * valEntries), neg = valEntries - pos;
    if (!Number.isFinite(auc) || pos <= 0 || neg <= 0) return undefined;
    const se0 = Math.sqrt((pos + neg + 1) / (12 * pos * neg));
    if (Math.abs(auc - 0.5) >= 3 * se0) return undefined;
    ev.val_roc_auc = auc; ev.val_pr_auc = final.val_pr_auc; ev.positive_rate = rate; ev.val_accuracy = final.val_accuracy;
    ev.chance_band = 3 * se0;
    message = l10n.t('Validation ROC-AUC is {0} (chance is 0.5 ± {1}) and PR-AUC {2} against a positive rate of {3}: the model ranks held-out rows no better than chance. The labels look unpredictable from the inputs; a falling training loss here is memorisation.', f3(auc), f3(3 * se0), f3(final.val_pr_auc), f3(rate));
  } else if (task === 'multiclass') {
    const acc = final.val_accuracy, maj = final.val_majority_rate;
    if (!Number.isFinite(acc) || !Number.isFinite(maj) || !(valEntries > 0)) return undefined;
    const se = Math.sqrt((maj * (1 - maj)) / valEntries);
    if (acc > maj + 3 * se) return undefined;
    const present = (classSupport ?? []).filter((n) => n > 0);
    const bal = final.val_balanced_accuracy;
    if (present.length > 1 && Number.isFinite(bal)) {
      // Var of the mean of K recalls, each a proportion with p = 1/K over n_k rows.
      const K = present.length, q = 1 / K;
      const seBal = Math.sqrt(present.reduce((a, n) => a + (q * (1 - q)) / n, 0)) / K;
      if (bal > q + 3 * seBal) return undefined;
      ev.val_balanced_accuracy = bal; ev.chance_balanced_accuracy = q;
    }
    ev.val_accuracy = acc; ev.majority_rate = maj;
    message = l10n.t('Validation accuracy {0} is no better than always predicting the most frequent class ({1}): the labels look unpredictable from the inputs.', f3(acc), f3(maj));
  } else if (task === 'regression') {
    const r2 = final.val_r2;
    if (!Number.isFinite(r2) || r2 >= 0.05) return undefined;
    ev.val_r2 = r2;
    message = l10n.t('Validation R² is {0}: the model does no better than predicting the mean target.', f3(r2));
  } else return undefined;
  return {
    rule: 'base-rate-metrics',
    severity: 'info',
    title: l10n.t('Validation metrics sit at the base rate'),
    message,
    evidence: ev,
    fix: l10n.t('Check that the labels depend on the inputs (a join, shuffle or generation bug?) and compare\nwith a trivial baseline on held-out data, e.g. {0}.', 'sklearn.dummy.DummyClassifier(strategy="prior")').split('\n').map((l) => `# ${l}`).join('\n'),
    docs: 'docs/scenarios.md#base-rate-metrics',
    field: 'history',
  };
}
