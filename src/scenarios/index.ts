/**
 * Bundled training scenarios: the tutorial's four problems, common loss mistakes beside their fixed
 * twins, and the tutorial's exercises as sweeps.
 *
 *   listScenarios(): ScenarioInfo[]
 *   runScenario(id, { seed, epochs?, signal?, onProgress?, diagnostics? }): Promise<ScenarioResult>
 *
 * `runScenario` is asynchronous: it computes synchronously in slices and yields to the event loop
 * (a macrotask) at most every 25 ms, and checks `signal` after every batch, rejecting with
 * `signal.reason` (an AbortError by default) as soon as it is aborted. Progress arrives after every
 * epoch of every run. Inputs and outputs are plain data (structured-cloneable), so the whole call can
 * live in a worker_threads worker. Results are reproducible: the same id, seed and epochs give the
 * same numbers on every run and platform.
 */
import { Rng } from '../engine/data/rng';
import type { Dataset } from '../engine/data/loader';
import { makeSpec } from '../engine/losses/spec';
import { tensor } from '../engine/tensor';
import { fraudData, learnableTagsData, newsData, rareBinaryData, regressionData, tagsData, taggingData } from './data';
import { trainRun, type RunContext, type RunSpec } from './train';
import type { RunResult, RunScenarioOptions, ScenarioInfo, ScenarioResult } from './types';

export type { RunResult, RunScenarioOptions, ScenarioInfo, ScenarioKind, ScenarioProgress, ScenarioResult, LossConfig } from './types';

interface ScenarioDef extends ScenarioInfo {
  build(seed: number): RunSpec[];
  /** Columns of the comparison table and how to read them from a run. */
  summary?: { columns: string[]; row(r: RunResult): (string | number)[] };
  /** Mistakes: the diagnostics rule that must fire on the mistake run and not on the fixed run. */
  rule?: string;
}

const rngFor = (seed: number, name: string): Rng => new Rng(seed, name);

function positives(d: Dataset): number {
  let p = 0;
  for (let i = 0; i < d.y.length; i++) if (d.y[i] >= 0.5) p++;
  return p;
}

// ---- the tutorial's four problems ---------------------------------------------------------------

function regressionRun(seed: number): RunSpec {
  const { train, val } = regressionData(rngFor(seed, 'regression/data'));
  return {
    name: 'regression', task: 'regression', train, val, sizes: [16, 64, 1],
    description: 'y = X·w + 0.3·noise with X (1024, 16); MLP 16-64-1, MSELoss, AdamW lr 1e-3, batch 128, 50 epochs.',
    loss: makeSpec('MSELoss'), epochs: 50, batchSize: 128, rng: rngFor(seed, 'regression/train'),
  };
}

function fraudRun(seed: number): RunSpec {
  const { train, val } = fraudData(rngFor(seed, 'fraud/data'));
  const pos = positives(train);
  const pw = (train.n - pos) / Math.max(1, pos);
  return {
    name: 'fraud', task: 'binary', train, val, sizes: [20, 64, 1],
    description: 'X (2000, 20), labels Bernoulli(0.05) independent of X (as in the tutorial); BCEWithLogitsLoss(pos_weight = N_neg/N_pos), batch 256, 20 epochs.',
    loss: makeSpec('BCEWithLogitsLoss', { pos_weight: tensor([pw], [1], 'float32') }), epochs: 20, batchSize: 256, rng: rngFor(seed, 'fraud/train'),
  };
}

function tagsRun(seed: number): RunSpec {
  const { train, val } = tagsData(rngFor(seed, 'tags/data'));
  return {
    name: 'tags', task: 'multilabel', train, val, sizes: [32, 64, 4],
    description: 'X (800, 32), 4 labels each true with probability 0.3, independent of X (as in the tutorial); BCEWithLogitsLoss, batch 128, 30 epochs.',
    loss: makeSpec('BCEWithLogitsLoss'), epochs: 30, batchSize: 128, rng: rngFor(seed, 'tags/train'),
  };
}

function newsRun(seed: number, eps = 0.1, name = 'news'): RunSpec {
  const { train, val } = newsData(rngFor(seed, 'news/data'));
  return {
    name, task: 'multiclass', train, val, sizes: [24, 64, 5],
    description: `y = argmax(X·W) with X (1500, 24), W (24, 5); CrossEntropyLoss(label_smoothing=${eps}), batch 256, 40 epochs.`,
    loss: makeSpec('CrossEntropyLoss', { label_smoothing: eps }), epochs: 40, batchSize: 256, rng: rngFor(seed, 'news/train'),
  };
}

// ---- mistakes -------------------------------------------------------------------------------------

function twins(seed: number, id: string, base: Omit<RunSpec, 'name' | 'rng' | 'description'>, mistake: Partial<RunSpec> & { description: string }, fixed: Partial<RunSpec> & { description: string }): RunSpec[] {
  return [
    { ...base, name: id, rng: rngFor(seed, `${id}/train`), ...mistake },
    { ...base, name: `${id}-fixed`, rng: rngFor(seed, `${id}/train`), ...fixed },
  ];
}

function standardise(d: Dataset, mean: number, sd: number): Dataset {
  const y = new Float64Array(d.y.length);
  for (let i = 0; i < y.length; i++) y[i] = (d.y[i] - mean) / sd;
  return { ...d, y };
}

function meanSd(y: Float64Array): [number, number] {
  let m = 0;
  for (const v of y) m += v;
  m /= y.length;
  let s = 0;
  for (const v of y) s += (v - m) ** 2;
  return [m, Math.sqrt(s / y.length) || 1];
}

// ---- the registry ---------------------------------------------------------------------------------

const f3 = (x: number | undefined): number => (x === undefined || !Number.isFinite(x) ? Number(x) : Math.round(x * 1000) / 1000);
const fired = (r: RunResult, rule: string): string => (r.findings.some((f) => f.rule === rule) ? 'yes' : 'no');

const DEFS: ScenarioDef[] = [
  {
    id: 'regression', kind: 'tutorial', title: 'Regression with MSE',
    description: 'Tutorial problem 1: a noisy linear target, MLP 16-64-1, MSELoss.',
    build: (s) => [regressionRun(s)],
  },
  {
    id: 'fraud', kind: 'tutorial', title: 'Imbalanced binary (fraud) with pos_weight',
    description: 'Tutorial problem 2: 5 % positives, BCEWithLogitsLoss(pos_weight=N_neg/N_pos); labels are random, so nothing is learnable.',
    build: (s) => [fraudRun(s)],
  },
  {
    id: 'tags', kind: 'tutorial', title: 'Multilabel tags with BCEWithLogitsLoss',
    description: 'Tutorial problem 3: 4 independent labels at 30 %, BCEWithLogitsLoss; labels are random, so nothing is learnable.',
    build: (s) => [tagsRun(s)],
  },
  {
    id: 'news', kind: 'tutorial', title: 'Multi-class news topics with label smoothing',
    description: 'Tutorial problem 4: 5 classes from argmax(X·W), CrossEntropyLoss(label_smoothing=0.1).',
    build: (s) => [newsRun(s)],
  },
  {
    id: 'mini-project', kind: 'tutorial', title: 'The mini project: all four problems',
    description: 'The tutorial\'s mini project: regression, fraud, tags and news trained one after another.',
    build: (s) => [regressionRun(s), fraudRun(s), tagsRun(s), newsRun(s)],
    summary: {
      columns: ['run', 'loss', 'train_loss', 'val_loss', 'key metric'],
      row: (r) => [r.name, r.loss.type, f3(r.final.train_loss), f3(r.final.val_loss), keyMetric(r)],
    },
  },
  {
    id: 'double-softmax', kind: 'mistake', title: 'Softmax before CrossEntropyLoss',
    description: 'Learnable 5-class data; the mistake feeds softmax probabilities to CrossEntropyLoss (which applies log-softmax itself).',
    rule: 'double-softmax',
    build: (s) => {
      const { train, val } = newsData(rngFor(s, 'double-softmax/data'));
      const base = { task: 'multiclass' as const, train, val, sizes: [24, 64, 5], loss: makeSpec('CrossEntropyLoss'), epochs: 40, batchSize: 250 };
      return twins(s, 'double-softmax', base,
        { head: 'softmax', description: 'Model ends in Softmax, then CrossEntropyLoss: probabilities used as logits keep the loss above log(1 + (K−1)/e) ≈ 0.90 for 5 classes, gradients shrink and the outputs are badly calibrated.' },
        { description: 'Raw logits into CrossEntropyLoss.' });
    },
  },
  {
    id: 'double-sigmoid', kind: 'mistake', title: 'Sigmoid before BCEWithLogitsLoss',
    description: 'Learnable binary data (30 % positives); the mistake feeds sigmoid outputs to BCEWithLogitsLoss (which applies sigmoid itself).',
    rule: 'double-sigmoid',
    build: (s) => {
      const { train, val } = rareBinaryData(rngFor(s, 'double-sigmoid/data'), 2048, 512, 20, 0.3, 0.5);
      const base = { task: 'binary' as const, train, val, sizes: [20, 64, 1], loss: makeSpec('BCEWithLogitsLoss'), epochs: 20, batchSize: 256 };
      return twins(s, 'double-sigmoid', base,
        { head: 'sigmoid', description: 'Model ends in Sigmoid, then BCEWithLogitsLoss: every probability lands in (0.5, 0.73), so everything is predicted positive at 0.5.' },
        { description: 'Raw logits into BCEWithLogitsLoss.' });
    },
  },
  {
    id: 'missing-ignore-index', kind: 'mistake', title: 'Padding counted in a sequence loss',
    description: 'Toy sequence tagging (about 60 % padding); the mistake leaves ignore_index at -100 while padded positions carry the PAD tag 0.',
    rule: 'missing-ignore-index',
    build: (s) => {
      const d = taggingData(rngFor(s, 'missing-ignore-index/data'));
      const base = {
        task: 'tagging' as const, train: d.train, val: d.val, sizes: [16, 64, d.tags], positions: d.positions, padLabel: d.padTag,
        loss: makeSpec('CrossEntropyLoss'), epochs: 30, batchSize: 64, meta: { pad_token_id: d.padTag, task: 'token classification' },
      };
      return twins(s, 'missing-ignore-index', base,
        { description: 'CrossEntropyLoss() over every position: padding (tag 0, trivially predictable) dominates the loss and inflates accuracy.' },
        { loss: makeSpec('CrossEntropyLoss', { ignore_index: d.padTag }), description: 'CrossEntropyLoss(ignore_index=PAD): only real tokens count.' });
    },
  },
  {
    id: 'imbalance-unweighted', kind: 'mistake', title: 'Rare positives without pos_weight',
    description: 'Learnable binary data with 5 % positives; the mistake trains BCEWithLogitsLoss without pos_weight and recall collapses.',
    rule: 'class-imbalance',
    build: (s) => {
      const { train, val } = rareBinaryData(rngFor(s, 'imbalance-unweighted/data'));
      const pos = positives(train);
      const base = { task: 'binary' as const, train, val, sizes: [20, 64, 1], loss: makeSpec('BCEWithLogitsLoss'), epochs: 20, batchSize: 256 };
      return twins(s, 'imbalance-unweighted', base,
        { description: 'BCEWithLogitsLoss() on 5 % positives: the model leans to "negative" and recall at 0.5 collapses.' },
        { loss: makeSpec('BCEWithLogitsLoss', { pos_weight: tensor([(train.n - pos) / Math.max(1, pos)], [1], 'float32') }), description: 'BCEWithLogitsLoss(pos_weight=N_neg/N_pos).' });
    },
  },
  {
    id: 'unscaled-targets', kind: 'mistake', title: 'Regression targets 100× too large',
    description: 'The regression problem with targets ×100; the mistake trains MSELoss on raw targets, the fix standardises them.',
    rule: 'regression-target-scale',
    build: (s) => {
      const { train, val } = regressionData(rngFor(s, 'unscaled-targets/data'), 1024, 256, 16, 100);
      const [m, sd] = meanSd(train.y);
      const base = { task: 'regression' as const, train, val, sizes: [16, 64, 1], loss: makeSpec('MSELoss'), epochs: 50, batchSize: 128 };
      return twins(s, 'unscaled-targets', base,
        { description: 'MSELoss on targets with a standard deviation in the hundreds: AdamW at lr 1e-3 needs far more steps to reach them (compare R²).' },
        { train: standardise(train, m, sd), val: standardise(val, m, sd), description: `Targets standardised with the training mean and sd (${m.toFixed(1)}, ${sd.toFixed(1)}); compare R².` });
    },
  },
  {
    id: 'sweep-label-smoothing', kind: 'sweep', title: 'Label smoothing ε ∈ {0, 0.05, 0.1, 0.2}',
    description: 'Exercise 1: the news problem with four label-smoothing values; compare held-out accuracy and calibration (ECE).',
    build: (s) => [0, 0.05, 0.1, 0.2].map((e) => newsRun(s, e, `ls-${e}`)),
    summary: {
      columns: ['run', 'label_smoothing', 'train_loss', 'val_accuracy', 'val_ece'],
      row: (r) => [r.name, Number(r.loss.label_smoothing ?? 0), f3(r.final.train_loss), f3(r.final.val_accuracy), f3(r.final.val_ece)],
    },
  },
  {
    id: 'sweep-pos-weight', kind: 'sweep', title: 'pos_weight: none, N_neg/N_pos, √(N_neg/N_pos)',
    description: 'Exercise 2 on learnable rare positives (5 %): compare F1, recall and PR-AUC for three pos_weight choices.',
    build: (s) => {
      const { train, val } = rareBinaryData(rngFor(s, 'sweep-pos-weight/data'));
      const pos = positives(train);
      const ratio = (train.n - pos) / Math.max(1, pos);
      const run = (name: string, pw: number | undefined, what: string): RunSpec => ({
        name, task: 'binary', train, val, sizes: [20, 64, 1], epochs: 20, batchSize: 256, rng: rngFor(s, 'sweep-pos-weight/train'),
        loss: makeSpec('BCEWithLogitsLoss', pw === undefined ? {} : { pos_weight: tensor([pw], [1], 'float32') }),
        description: `BCEWithLogitsLoss with ${what}.`,
      });
      return [run('none', undefined, 'no pos_weight'), run('ratio', ratio, `pos_weight = N_neg/N_pos = ${ratio.toFixed(2)}`), run('sqrt-ratio', Math.sqrt(ratio), `pos_weight = √(N_neg/N_pos) = ${Math.sqrt(ratio).toFixed(2)}`)];
    },
    summary: {
      columns: ['run', 'pos_weight', 'val_precision', 'val_recall', 'val_f1', 'val_pr_auc', 'val_best_f1'],
      row: (r) => [r.name, Array.isArray(r.loss.pos_weight) ? f3(r.loss.pos_weight[0]) : 'none', f3(r.final.val_precision), f3(r.final.val_recall), f3(r.final.val_f1), f3(r.final.val_pr_auc), f3(r.final.val_best_f1)],
    },
  },
  {
    id: 'sweep-multilabel-pos-weight', kind: 'sweep', title: 'Multilabel: no pos_weight vs per-label pos_weight',
    description: 'Exercise 3 on learnable tags with frequencies 5/10/20/40 %: one pos_weight per label from its frequency vs none.',
    build: (s) => {
      const { train, val } = learnableTagsData(rngFor(s, 'sweep-multilabel-pos-weight/data'), [0.05, 0.1, 0.2, 0.4]);
      const k = train.yCols;
      const pw: number[] = [];
      for (let j = 0; j < k; j++) {
        let p = 0;
        for (let i = 0; i < train.n; i++) if (train.y[i * k + j] >= 0.5) p++;
        pw.push((train.n - p) / Math.max(1, p));
      }
      const run = (name: string, withPw: boolean): RunSpec => ({
        name, task: 'multilabel', train, val, sizes: [32, 64, k], epochs: 30, batchSize: 128, rng: rngFor(s, 'sweep-multilabel-pos-weight/train'),
        loss: makeSpec('BCEWithLogitsLoss', withPw ? { pos_weight: tensor(pw, [k], 'float32') } : {}),
        description: withPw ? `BCEWithLogitsLoss(pos_weight=[${pw.map((v) => v.toFixed(2)).join(', ')}]) from label frequencies.` : 'BCEWithLogitsLoss() without pos_weight.',
      });
      return [run('none', false), run('per-label', true)];
    },
    summary: {
      columns: ['run', 'val_precision', 'val_recall', 'val_f1', 'val_pr_auc'],
      row: (r) => [r.name, f3(r.final.val_precision), f3(r.final.val_recall), f3(r.final.val_f1), f3(r.final.val_pr_auc)],
    },
  },
  {
    id: 'sweep-target-scale', kind: 'sweep', title: 'Regression targets ×1 vs ×10',
    description: 'Exercise 4: the regression problem with targets ×1 and ×10; compare epochs until the loss, in units of the scale², falls to 1.',
    build: (s) => [1, 10].map((scale): RunSpec => {
      const { train, val } = regressionData(rngFor(s, 'regression/data'), 1024, 256, 16, scale);
      return {
        name: `scale-${scale}`, task: 'regression', train, val, sizes: [16, 64, 1], loss: makeSpec('MSELoss'), epochs: 50, batchSize: 128,
        rng: rngFor(s, 'regression/train'), lossScale: scale, lossTarget: 1,
        description: `Targets ×${scale}; epochs_to_target is the first epoch with train_loss / ${scale * scale} ≤ 1.`,
      };
    }),
    summary: {
      columns: ['run', 'epochs_to_target', 'train_loss', 'train_loss / scale²', 'val_r2'],
      row: (r) => {
        const sc = Number(r.name.replace('scale-', ''));
        return [r.name, r.final.epochs_to_target, f3(r.final.train_loss), f3(r.final.train_loss / (sc * sc)), f3(r.final.val_r2)];
      },
    },
  },
];

function keyMetric(r: RunResult): string {
  const f = r.final;
  switch (r.task) {
    case 'regression': return `mse ${f3(f.mse)}, val R² ${f3(f.val_r2)}`;
    case 'binary': return `val recall ${f3(f.val_recall)}, F1 ${f3(f.val_f1)}, PR-AUC ${f3(f.val_pr_auc)} (base rate ${f3(f.val_positive_rate)})`;
    case 'multilabel': return `val PR-AUC ${f3(f.val_pr_auc)} (base rate ${f3(f.val_positive_rate)})`;
    case 'multiclass': return `accuracy ${f3(f.accuracy)}, val ${f3(f.val_accuracy)}, val ECE ${f3(f.val_ece)}`;
    case 'tagging': return `token accuracy ${f3(f.accuracy)} (${f3(f.accuracy_with_padding)} counting padding)`;
  }
}

/** Mistake scenarios: the comparison table (whether the rule fired, loss, the task's metrics). */
function mistakeSummary(def: ScenarioDef, runs: RunResult[]): ScenarioResult['summary'] {
  const rule = def.rule ?? '';
  return {
    columns: ['run', `${rule} fired`, 'train_loss', 'key metric'],
    rows: runs.map((r) => [r.name, fired(r, rule), f3(r.final.train_loss), keyMetric(r)]),
  };
}

export const SCENARIO_IDS: readonly string[] = DEFS.map((d) => d.id);

export function listScenarios(): ScenarioInfo[] {
  return DEFS.map(({ id, title, description, kind }) => ({ id, title, description, kind }));
}

/** The rule a mistake scenario demonstrates (undefined for other scenarios). */
export function scenarioRule(id: string): string | undefined {
  return DEFS.find((d) => d.id === id)?.rule;
}

export async function runScenario(id: string, opts: RunScenarioOptions = {}): Promise<ScenarioResult> {
  const def = DEFS.find((d) => d.id === id);
  if (!def) throw new RangeError(`unknown scenario '${id}' (scenarios: ${SCENARIO_IDS.join(', ')})`);
  const seed = opts.seed ?? 42;
  if (opts.epochs !== undefined && !(Number.isInteger(opts.epochs) && opts.epochs >= 1)) {
    throw new RangeError(`epochs must be a positive integer, got ${opts.epochs}`);
  }
  opts.signal?.throwIfAborted();
  const started = typeof performance !== 'undefined' ? performance.now() : Date.now();
  const specs = def.build(seed);
  const runs: RunResult[] = [];
  const yieldState = { last: started };
  for (let i = 0; i < specs.length; i++) {
    const ctx: RunContext = {
      scenario: id, runIndex: i, runCount: specs.length, diagnostics: opts.diagnostics ?? true, started, yieldState,
    };
    if (opts.epochs !== undefined) ctx.epochsOverride = opts.epochs;
    if (opts.signal) ctx.signal = opts.signal;
    if (opts.onProgress) ctx.onProgress = opts.onProgress;
    runs.push(await trainRun(specs[i], ctx));
  }
  const end = typeof performance !== 'undefined' ? performance.now() : Date.now();
  const result: ScenarioResult = { scenario: id, title: def.title, kind: def.kind, seed, runs, seconds: (end - started) / 1000 };
  if (def.summary) result.summary = { columns: def.summary.columns, rows: runs.map((r) => def.summary!.row(r)) };
  else if (def.kind === 'mistake') result.summary = mistakeSummary(def, runs);
  return result;
}
