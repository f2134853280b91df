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
import { l10n } from '../l10n';
import type { Dataset } from '../engine/data/loader';
import { DEFAULT_SEED } from '../shapes/index';
import { makeSpec } from '../engine/losses/spec';
import { tensor } from '../engine/tensor';
import { fraudData, learnableTagsData, newsData, rareBinaryData, regressionData, tagsData, taggingData } from './data';
import { f3, positives, rngFor, say, type ScenarioDef } from './def';
import { LESSONS } from './lessons';
import { trainRun, type RunContext, type RunSpec } from './train';
import type { RunResult, RunScenarioOptions, ScenarioInfo, ScenarioResult } from './types';

export type { RunResult, RunScenarioOptions, ScenarioInfo, ScenarioKind, ScenarioProgress, ScenarioResult, LossConfig } from './types';

// ---- the tutorial's four problems ---------------------------------------------------------------

function regressionRun(seed: number): RunSpec {
  const { train, val } = regressionData(rngFor(seed, 'regression/data'));
  return {
    name: 'regression', task: 'regression', train, val, sizes: [16, 64, 1],
    description: l10n.t('y = X·w + 0.3·noise with X (1024, 16); MLP 16-64-1, MSELoss, AdamW lr 1e-3, batch 128, 50 epochs.'),
    loss: makeSpec('MSELoss'), epochs: 50, batchSize: 128, rng: rngFor(seed, 'regression/train'),
    lookFor: l10n.t('The training MSE should settle near the noise floor 0.09 (noise sd 0.3) and validation R² near 0.99: a healthy regression.'),
  };
}

function fraudRun(seed: number): RunSpec {
  const { train, val } = fraudData(rngFor(seed, 'fraud/data'));
  const pos = positives(train);
  const pw = (train.n - pos) / Math.max(1, pos);
  return {
    name: 'fraud', task: 'binary', train, val, sizes: [20, 64, 1],
    description: l10n.t('X (2000, 20), labels Bernoulli(0.05) independent of X (as in the tutorial); BCEWithLogitsLoss(pos_weight = N_neg/N_pos), batch 256, 20 epochs.'),
    loss: makeSpec('BCEWithLogitsLoss', { pos_weight: tensor([pw], [1], 'float32') }), epochs: 20, batchSize: 256, rng: rngFor(seed, 'fraud/train'),
    lookFor: l10n.t('The labels do not depend on X (as in the tutorial): the training loss falls because the network memorises rows, but held-out PR-AUC stays at the positive rate and ROC-AUC near 0.5 (the base-rate-metrics finding). Always compare with a trivial baseline.'),
  };
}

function tagsRun(seed: number): RunSpec {
  const { train, val } = tagsData(rngFor(seed, 'tags/data'));
  return {
    name: 'tags', task: 'multilabel', train, val, sizes: [32, 64, 4],
    description: l10n.t('X (800, 32), 4 labels each true with probability 0.3, independent of X (as in the tutorial); BCEWithLogitsLoss, batch 128, 30 epochs.'),
    loss: makeSpec('BCEWithLogitsLoss'), epochs: 30, batchSize: 128, rng: rngFor(seed, 'tags/train'),
    lookFor: l10n.t('As with fraud, the labels are random: held-out PR-AUC sits at the 30 % base rate whatever the training loss does (base-rate-metrics).'),
  };
}

function newsRun(seed: number, eps = 0.1, name = 'news', mode: 'pytorch' | 'others' = 'pytorch'): RunSpec {
  const { train, val } = newsData(rngFor(seed, 'news/data'));
  const K = 5;
  const convention = mode === 'others'
    ? l10n.t('y = argmax(X·W) with X (1500, 24), W (24, 5); CrossEntropyLoss(label_smoothing={0}, smoothing_mode=\'others\': the tutorial\'s formula, 1 − ε on the true class and ε/(K−1) = {1} on each other class (PyTorch puts ε/K on every class)), batch 256, 40 epochs.', eps, (eps / (K - 1)).toFixed(4))
    : l10n.t('y = argmax(X·W) with X (1500, 24), W (24, 5); CrossEntropyLoss(label_smoothing={0}), batch 256, 40 epochs.', eps);
  const floor = mode === 'others' ? 1 - eps : 1 - eps + eps / K;
  return {
    name, task: 'multiclass', train, val, sizes: [24, 64, K],
    description: convention,
    loss: makeSpec('CrossEntropyLoss', { label_smoothing: eps, smoothing_mode: mode }), epochs: 40, batchSize: 256, rng: rngFor(seed, 'news/train'),
    lookFor: eps === 0
      ? l10n.t('No smoothing: the loss can approach 0; compare held-out accuracy and ECE with the smoothed runs.')
      : `${l10n.t('With ε = {0} the target keeps {1} on the true class, so the loss cannot fall below the entropy of the smoothed target.', eps, floor.toFixed(3))} ` +
        l10n.t('This 40-epoch model is not over-confident (reliability bins sit above the diagonal), so smoothing has no over-confidence to fix and ECE rises with ε; smoothing-noisy-labels shows the setting where it helps.'),
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

const fired = (r: RunResult, rule: string): string => (r.findings.some((f) => f.rule === rule) ? l10n.t('yes') : l10n.t('no'));

const BASE_DEFS: ScenarioDef[] = [
  {
    id: 'regression', kind: 'tutorial', title: 'Regression with MSE',
    description: 'Tutorial problem 1: a noisy linear target, MLP 16-64-1, MSELoss (tutorial B, J; see docs/tutorial-map.md).',
    build: (s) => [regressionRun(s)],
  },
  {
    id: 'fraud', kind: 'tutorial', title: 'Imbalanced binary (fraud) with pos_weight',
    description: 'Tutorial problem 2: 5 % positives, BCEWithLogitsLoss(pos_weight=N_neg/N_pos); labels are random, so nothing is learnable (tutorial C, J; see docs/tutorial-map.md).',
    build: (s) => [fraudRun(s)],
  },
  {
    id: 'tags', kind: 'tutorial', title: 'Multilabel tags with BCEWithLogitsLoss',
    description: 'Tutorial problem 3: 4 independent labels at 30 %, BCEWithLogitsLoss; labels are random, so nothing is learnable (tutorial D, J; see docs/tutorial-map.md).',
    build: (s) => [tagsRun(s)],
  },
  {
    id: 'news', kind: 'tutorial', title: 'Multi-class news topics with label smoothing',
    description: 'Tutorial problem 4: 5 classes from argmax(X·W), CrossEntropyLoss(label_smoothing=0.1) (tutorial E, F, J; see docs/tutorial-map.md).',
    build: (s) => [newsRun(s)],
  },
  {
    id: 'mini-project', kind: 'tutorial', title: 'The mini project: all four problems',
    description: 'The tutorial\'s mini project: regression, fraud, tags and news trained one after another (tutorial J; see docs/tutorial-map.md).',
    build: (s) => [regressionRun(s), fraudRun(s), tagsRun(s), newsRun(s)],
    summary: {
      columns: ['run', 'loss', 'train_loss', 'val_loss', 'key metric'],
      row: (r) => [r.name, r.loss.type, f3(r.final.train_loss), f3(r.final.val_loss), keyMetric(r)],
    },
  },
  {
    id: 'double-softmax', kind: 'mistake', title: 'Softmax before CrossEntropyLoss',
    description: 'Learnable 5-class data; the mistake feeds softmax probabilities to CrossEntropyLoss (which applies log-softmax itself) (tutorial K-1; see docs/tutorial-map.md).',
    rule: 'double-softmax',
    build: (s) => {
      const { train, val } = newsData(rngFor(s, 'double-softmax/data'));
      const base = { task: 'multiclass' as const, train, val, sizes: [24, 64, 5], loss: makeSpec('CrossEntropyLoss'), epochs: 40, batchSize: 250 };
      return twins(s, 'double-softmax', base,
        { head: 'softmax', description: l10n.t('Model ends in Softmax, then CrossEntropyLoss: probabilities used as logits keep the loss above log(1 + (K−1)/e) ≈ 0.90 for 5 classes, gradients shrink and the outputs are badly calibrated.'),
          lookFor: l10n.t('The training loss plateaus near 1.0 (it cannot go below ≈ 0.90) while the fixed twin reaches ≈ 0.3; accuracy barely differs (argmax is unchanged), calibration (val_ece) is far worse. double-softmax fires.') },
        { description: l10n.t('Raw logits into CrossEntropyLoss.'), lookFor: l10n.t('The loss keeps falling and val_ece stays low: the same model without the extra Softmax.') });
    },
  },
  {
    id: 'double-sigmoid', kind: 'mistake', title: 'Sigmoid before BCEWithLogitsLoss',
    description: 'Learnable binary data (30 % positives); the mistake feeds sigmoid outputs to BCEWithLogitsLoss (which applies sigmoid itself) (tutorial K-2; see docs/tutorial-map.md).',
    rule: 'double-sigmoid',
    build: (s) => {
      const { train, val } = rareBinaryData(rngFor(s, 'double-sigmoid/data'), 2048, 512, 20, 0.3, 0.5);
      const base = { task: 'binary' as const, train, val, sizes: [20, 64, 1], loss: makeSpec('BCEWithLogitsLoss'), epochs: 20, batchSize: 256 };
      return twins(s, 'double-sigmoid', base,
        { head: 'sigmoid', description: l10n.t('Model ends in Sigmoid, then BCEWithLogitsLoss: every probability lands in (0.5, 0.73), so everything is predicted positive at 0.5.'),
          lookFor: l10n.t('Accuracy at 0.5 collapses to the positive rate and the loss stalls near 0.68, though PR-AUC (ranking) survives. double-sigmoid fires.') },
        { description: l10n.t('Raw logits into BCEWithLogitsLoss.'), lookFor: l10n.t('Accuracy and loss move normally: the same model on raw logits.') });
    },
  },
  {
    id: 'missing-ignore-index', kind: 'mistake', title: 'Padding counted in a sequence loss',
    description: 'Toy sequence tagging (about 60 % padding); the mistake leaves ignore_index at -100 while padded positions carry the PAD tag 0 (tutorial H-2, K-5; see docs/tutorial-map.md).',
    rule: 'missing-ignore-index',
    build: (s) => {
      const d = taggingData(rngFor(s, 'missing-ignore-index/data'));
      const base = {
        task: 'tagging' as const, train: d.train, val: d.val, sizes: [16, 64, d.tags], positions: d.positions, padLabel: d.padTag,
        loss: makeSpec('CrossEntropyLoss'), epochs: 30, batchSize: 64, meta: { pad_token_id: d.padTag, task: 'token classification' },
      };
      return twins(s, 'missing-ignore-index', base,
        { description: l10n.t('CrossEntropyLoss() over every position: padding (tag 0, trivially predictable) dominates the loss and inflates accuracy.'),
          lookFor: l10n.t('Compare accuracy_with_padding with accuracy over real tokens: padding flatters the first. missing-ignore-index fires (and class-imbalance: PAD is most of the targets).') },
        { loss: makeSpec('CrossEntropyLoss', { ignore_index: d.padTag }), description: l10n.t('CrossEntropyLoss(ignore_index=PAD): only real tokens count.'),
          lookFor: l10n.t('Accuracy over real tokens is higher than the mistake\'s: the loss is spent on the tags that matter.') });
    },
  },
  {
    id: 'imbalance-unweighted', kind: 'mistake', title: 'Rare positives without pos_weight',
    description: 'Learnable binary data with 5 % positives; the mistake trains BCEWithLogitsLoss without pos_weight and recall collapses (tutorial C-3; see docs/tutorial-map.md).',
    rule: 'class-imbalance',
    build: (s) => {
      const { train, val } = rareBinaryData(rngFor(s, 'imbalance-unweighted/data'));
      const pos = positives(train);
      const base = { task: 'binary' as const, train, val, sizes: [20, 64, 1], loss: makeSpec('BCEWithLogitsLoss'), epochs: 20, batchSize: 256 };
      return twins(s, 'imbalance-unweighted', base,
        { description: l10n.t('BCEWithLogitsLoss() on 5 % positives: the model leans to "negative" and recall at 0.5 collapses.'),
          lookFor: l10n.t('Validation recall at 0.5 is near 0 although PR-AUC shows the model ranks fairly well. class-imbalance fires; threshold-tuning shows the other remedy.') },
        { loss: makeSpec('BCEWithLogitsLoss', { pos_weight: tensor([(train.n - pos) / Math.max(1, pos)], [1], 'float32') }), description: l10n.t('BCEWithLogitsLoss(pos_weight=N_neg/N_pos).'),
          lookFor: l10n.t('pos_weight restores recall at 0.5 (at some cost in precision).') });
    },
  },
  {
    id: 'unscaled-targets', kind: 'mistake', title: 'Regression targets 100× too large',
    description: 'The regression problem with targets ×100; the mistake trains MSELoss on raw targets, the fix standardises them (tutorial B tips; see docs/tutorial-map.md).',
    rule: 'regression-target-scale',
    build: (s) => {
      const { train, val } = regressionData(rngFor(s, 'unscaled-targets/data'), 1024, 256, 16, 100);
      const [m, sd] = meanSd(train.y);
      const base = { task: 'regression' as const, train, val, sizes: [16, 64, 1], loss: makeSpec('MSELoss'), epochs: 50, batchSize: 128 };
      return twins(s, 'unscaled-targets', base,
        { description: l10n.t('MSELoss on targets with a standard deviation in the hundreds: AdamW at lr 1e-3 needs far more steps to reach them (compare R²).'),
          lookFor: l10n.t('R² stays far below the fixed twin\'s after 50 epochs: Adam moves weights by about lr per step, far too slowly for outputs in the hundreds. regression-target-scale fires.') },
        { train: standardise(train, m, sd), val: standardise(val, m, sd), description: l10n.t('Targets standardised with the training mean and sd ({0}, {1}); compare R².', m.toFixed(1), sd.toFixed(1)),
          lookFor: l10n.t('Standardised targets: R² near 0.99 in the same 50 epochs.') });
    },
  },
  {
    id: 'sweep-label-smoothing', kind: 'sweep', title: 'Label smoothing ε ∈ {0, 0.05, 0.1, 0.2}',
    description: 'Exercise 1: the news problem with four label-smoothing values, plus ε = 0.1 in the tutorial\'s ε/(K−1) convention; compare held-out accuracy and calibration (ECE) (tutorial N-1, F-2; see docs/tutorial-map.md).',
    build: (s) => [
      ...[0, 0.05, 0.1, 0.2].map((e) => ({ ...newsRun(s, e, `ls-${e}`), swept: { param: 'label_smoothing', value: e, group: l10n.t('ε/K (PyTorch)') } })),
      { ...newsRun(s, 0.1, 'ls-0.1-tutorial', 'others'), swept: { param: 'label_smoothing', value: 0.1, group: l10n.t('ε/(K−1) (tutorial)') } },
    ],
    summary: {
      columns: ['run', 'label_smoothing', 'convention', 'train_loss', 'val_accuracy', 'val_ece'],
      row: (r) => [r.name, Number(r.loss.label_smoothing ?? 0), r.loss.smoothing_mode === 'others' ? l10n.t('ε/(K−1) (tutorial)') : l10n.t('ε/K (PyTorch)'), f3(r.final.train_loss), f3(r.final.val_accuracy), f3(r.final.val_ece)],
    },
    verdict: (runs) => {
      const ece = runs.slice(0, 4).map((r) => say(r.final.val_ece)).join(' → ');
      const pt = runs.find((r) => r.name === 'ls-0.1'), tut = runs.find((r) => r.name === 'ls-0.1-tutorial');
      return `${l10n.t('Held-out ECE for ε = 0, 0.05, 0.1, 0.2: {0}; accuracy {1}.', ece, runs.slice(0, 4).map((r) => say(r.final.val_accuracy)).join(' / '))} ` +
        `${l10n.t('On clean labels this short training leaves the model under-confident, so smoothing, which lowers confidence further, makes calibration worse (smoothing-noisy-labels shows where it helps).')} ` +
        (pt && tut ? l10n.t('At ε = 0.1 the two conventions differ only slightly (the tutorial\'s puts {0} instead of {1} on each wrong class and 0.9 instead of 0.92 on the true one): ECE {2} (PyTorch) vs {3} (tutorial), accuracy {4} vs {5}.',
          (0.1 / 4).toFixed(3), (0.1 / 5).toFixed(3), say(pt.final.val_ece), say(tut.final.val_ece), say(pt.final.val_accuracy), say(tut.final.val_accuracy)) : '');
    },
  },
  {
    id: 'sweep-pos-weight', kind: 'sweep', title: 'pos_weight: none, N_neg/N_pos, √(N_neg/N_pos)',
    description: 'Exercise 2 on learnable rare positives (5 %): compare F1, recall and PR-AUC for three pos_weight choices (tutorial N-2; see docs/tutorial-map.md).',
    build: (s) => {
      const { train, val } = rareBinaryData(rngFor(s, 'sweep-pos-weight/data'));
      const pos = positives(train);
      const ratio = (train.n - pos) / Math.max(1, pos);
      const run = (name: string, pw: number | undefined, description: string): RunSpec => ({
        name, task: 'binary', train, val, sizes: [20, 64, 1], epochs: 20, batchSize: 256, rng: rngFor(s, 'sweep-pos-weight/train'),
        loss: makeSpec('BCEWithLogitsLoss', pw === undefined ? {} : { pos_weight: tensor([pw], [1], 'float32') }),
        description,
        // no pos_weight weighs positives as pos_weight = 1 does
        swept: { param: 'pos_weight', value: pw ?? 1 },
      });
      return [
        run('none', undefined, l10n.t('BCEWithLogitsLoss with no pos_weight.')),
        run('ratio', ratio, l10n.t('BCEWithLogitsLoss with pos_weight = N_neg/N_pos = {0}.', ratio.toFixed(2))),
        run('sqrt-ratio', Math.sqrt(ratio), l10n.t('BCEWithLogitsLoss with pos_weight = √(N_neg/N_pos) = {0}.', Math.sqrt(ratio).toFixed(2))),
      ];
    },
    summary: {
      columns: ['run', 'pos_weight', 'val_precision', 'val_recall', 'val_f1', 'val_pr_auc', 'val_best_f1'],
      row: (r) => [r.name, Array.isArray(r.loss.pos_weight) ? f3(r.loss.pos_weight[0]) : l10n.t('none'), f3(r.final.val_precision), f3(r.final.val_recall), f3(r.final.val_f1), f3(r.final.val_pr_auc), f3(r.final.val_best_f1)],
    },
  },
  {
    id: 'sweep-multilabel-pos-weight', kind: 'sweep', title: 'Multilabel: no pos_weight vs per-label pos_weight',
    description: 'Exercise 3 on learnable tags with frequencies 5/10/20/40 %: one pos_weight per label from its frequency vs none (tutorial N-3; see docs/tutorial-map.md).',
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
        description: withPw ? l10n.t('BCEWithLogitsLoss(pos_weight=[{0}]) from label frequencies.', pw.map((v) => v.toFixed(2)).join(', ')) : l10n.t('BCEWithLogitsLoss() without pos_weight.'),
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
    description: 'Exercise 4: the regression problem with targets ×1 and ×10; compare epochs until the loss, in units of the scale², falls to 1 (tutorial N-4; see docs/tutorial-map.md).',
    build: (s) => [1, 10].map((scale): RunSpec => {
      const { train, val } = regressionData(rngFor(s, 'regression/data'), 1024, 256, 16, scale);
      return {
        name: `scale-${scale}`, task: 'regression', train, val, sizes: [16, 64, 1], loss: makeSpec('MSELoss'), epochs: 50, batchSize: 128,
        rng: rngFor(s, 'regression/train'), lossScale: scale, lossTarget: 1, swept: { param: l10n.t('target scale'), value: scale },
        description: l10n.t('Targets ×{0}; epochs_to_target is the first epoch with train_loss / {1} ≤ 1.', scale, scale * scale),
        lookFor: scale === 1
          ? l10n.t('epochs_to_target: the epoch at which the loss first falls to 1 (in units of the target scale²).')
          : l10n.t('Measured in units of {0}², the loss needs more epochs to reach 1, or does not reach it within the recipe ("not reached"): Adam\'s steps are set by lr, not by the size of the targets.', scale),
      };
    }),
    summary: {
      columns: ['run', 'epochs_to_target', 'train_loss', 'train_loss / scale²', 'val_r2'],
      row: (r) => {
        const sc = Number(r.name.replace('scale-', ''));
        return [r.name, reached(r), f3(r.final.train_loss), f3(r.final.train_loss / (sc * sc)), f3(r.final.val_r2)];
      },
    },
    verdict: (runs) => `${l10n.t('Epochs until train_loss / scale² ≤ 1: {0}; validation R² {1}.', runs.map((r) => `${r.name} ${reached(r)}`).join(', '), runs.map((r) => say(r.final.val_r2)).join(' vs '))} ` +
      l10n.t('Bigger targets need proportionally bigger outputs, and with Adam every step is about lr in size, so training takes longer: standardise regression targets.'),
  },
];

/** epochs_to_target, or "not reached (> N epochs)" when the run never got there. */
function reached(r: RunResult): string | number {
  const e = r.final.epochs_to_target;
  return e !== undefined && Number.isFinite(e) ? e : l10n.t('not reached (> {0} epochs)', r.recipe.epochs);
}

const DEFS: ScenarioDef[] = [...BASE_DEFS, ...LESSONS];

function keyMetric(r: RunResult): string {
  const f = r.final;
  switch (r.task) {
    case 'regression': return l10n.t('mse {0}, val R² {1}', f3(f.mse), f3(f.val_r2));
    case 'binary': return l10n.t('val recall {0}, F1 {1}, PR-AUC {2} (base rate {3})', f3(f.val_recall), f3(f.val_f1), f3(f.val_pr_auc), f3(f.val_positive_rate));
    case 'multilabel': return l10n.t('val PR-AUC {0} (base rate {1})', f3(f.val_pr_auc), f3(f.val_positive_rate));
    case 'multiclass': return l10n.t('accuracy {0}, val {1}, val macro F1 {2}, val min class recall {3}, val ECE {4}', f3(f.accuracy), f3(f.val_accuracy), f3(f.val_macro_f1), f3(f.val_min_class_recall), f3(f.val_ece));
    case 'tagging': return l10n.t('token accuracy {0} ({1} counting padding)', f3(f.accuracy), f3(f.accuracy_with_padding));
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

/** Every header of the scenarios' own comparison tables (for the translation bundle: src/scenarios/l10n-keys.ts). */
export function summaryColumns(): string[] {
  return [...new Set(DEFS.flatMap((d) => d.summary?.columns ?? []))];
}

export function listScenarios(): ScenarioInfo[] {
  return DEFS.map(({ id, title, description, kind }) => ({ id, title: l10n.t(title), description: l10n.t(description), kind }));
}

/** The rule a mistake scenario demonstrates (undefined for other scenarios). */
export function scenarioRule(id: string): string | undefined {
  return DEFS.find((d) => d.id === id)?.rule;
}

/**
 * The runs a scenario would train at `seed` (data, model sizes, loss, recipe), without training them:
 * for tools that repeat a scenario elsewhere, e.g. tools/scenario_directions_torch.py in PyTorch.
 */
export function scenarioRunSpecs(id: string, seed = DEFAULT_SEED): RunSpec[] {
  const def = DEFS.find((d) => d.id === id);
  if (!def) throw new RangeError(`unknown scenario '${id}' (scenarios: ${SCENARIO_IDS.join(', ')})`);
  return def.build(seed);
}

export async function runScenario(id: string, opts: RunScenarioOptions = {}): Promise<ScenarioResult> {
  const def = DEFS.find((d) => d.id === id);
  if (!def) throw new RangeError(`unknown scenario '${id}' (scenarios: ${SCENARIO_IDS.join(', ')})`);
  const seed = opts.seed ?? DEFAULT_SEED;
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
  const result: ScenarioResult = { scenario: id, title: l10n.t(def.title), kind: def.kind, seed, runs, seconds: (end - started) / 1000 };
  if (def.summary) result.summary = { columns: def.summary.columns, rows: runs.map((r) => def.summary!.row(r)) };
  else if (def.kind === 'mistake') result.summary = mistakeSummary(def, runs);
  if (def.verdict) result.verdict = def.verdict(runs);
  return result;
}
