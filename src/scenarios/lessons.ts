/**
 * The tutorial's lessons that need a trained comparison to be believed: class imbalance in
 * multi-class problems (weights vs a sampler), label smoothing under label noise and with a rare
 * class, threshold tuning, the accuracy trap, robust regression losses, BCELoss on a saturated
 * sigmoid, and the tutorial's larger example runs. Each scenario says in words what to look at
 * (RunSpec.lookFor) and, from the numbers of the seed it ran, what the comparison shows (verdict).
 *
 * Sizes are chosen so that every story holds at the default seed and at seeds 0–4 (see
 * test/unit/scenarios/scenario-stories.test.ts) while a whole scenario trains in a few seconds.
 */
import { l10n } from '../l10n';
import { makeSpec } from '../engine/losses/spec';
import { tensor } from '../engine/tensor';
import { gaussianClassesData, newsData, rareBinaryData, regressionData, scaleFeatures, splitRows, withLabelNoise, withOutliers } from './data';
import { best, classCounts, classRecall, f3, positives, rngFor, run, say, type ScenarioDef } from './def';
import type { RunSpec } from './train';
import type { RunResult } from './types';

// ---- multiclass-imbalance (G-1…G-3, the sampler tip, M) -------------------------------------------

const IMB_SHARES = [0.7, 0.2, 0.1];

function multiclassImbalance(seed: number): RunSpec[] {
  const { train, val } = gaussianClassesData(rngFor(seed, 'multiclass-imbalance/data'), IMB_SHARES, 1000, 1000, 8, 1.5);
  const K = IMB_SHARES.length;
  const counts = classCounts(train, K);
  // Inverse frequency, rescaled to sum to K as the tutorial does (the scale does not change the argmax).
  const inv = counts.map((c) => 1 / Math.max(1, c));
  const sum = inv.reduce((a, b) => a + b, 0);
  const w = inv.map((v) => (v / sum) * K);
  const sampleWeights = Float64Array.from(train.y, (y) => inv[y]);
  const base = {
    task: 'multiclass' as const, train, val, sizes: [8, 64, K], epochs: 20, batchSize: 128,
    rng: rngFor(seed, 'multiclass-imbalance/train'), meta: { class_counts: counts },
  };
  return [
    {
      ...base, name: 'plain', loss: makeSpec('CrossEntropyLoss'),
      description: l10n.t('Three overlapping Gaussian classes at 70/20/10 % (class counts {0}), X (1000, 8); CrossEntropyLoss(), shuffled batches of 128, 20 epochs.', counts.join('/')),
      lookFor: l10n.t('Per-class recall: the plain loss is dominated by class 0 (70 %), so the rare class 2 is predicted only where it is overwhelmingly likely and its recall is low, even though accuracy looks good.'),
    },
    {
      ...base, name: 'weighted', loss: makeSpec('CrossEntropyLoss', { weight: tensor(w, [K], 'float32') }),
      description: l10n.t('The same data; CrossEntropyLoss(weight=[{0}]), inverse class frequency scaled to sum to {1}.', w.map((v) => v.toFixed(3)).join(', '), K),
      lookFor: l10n.t('The smallest per-class recall (val_min_class_recall) rises well above the plain run\'s; accuracy falls a little because the majority class now gives up some borderline rows. Macro F1 weighs every class equally.'),
    },
    {
      ...base, name: 'sampler', loss: makeSpec('CrossEntropyLoss'), sampleWeights,
      description: l10n.t('The same data; CrossEntropyLoss() with WeightedRandomSampler(weights = 1/count of each row\'s class, num_samples={0}, replacement=True): batches are class-balanced on average.', train.n),
      lookFor: l10n.t('Balancing the batches instead of the loss: per-class recall moves like the weighted run\'s (rare rows are drawn about as often as common ones, some of them repeatedly within an epoch).'),
    },
  ];
}

function imbalanceVerdict(runs: RunResult[]): string {
  const [plain, weighted, sampler] = ['plain', 'weighted', 'sampler'].map((n) => run(runs, n));
  const rare = IMB_SHARES.length - 1;
  const held = weighted.final.val_min_class_recall > plain.final.val_min_class_recall && sampler.final.val_min_class_recall > plain.final.val_min_class_recall;
  return `${l10n.t('Smallest per-class recall: plain {0}, weighted {1}, sampler {2} (the rare class {3}: {4} → {5} / {6}).',
    say(plain.final.val_min_class_recall), say(weighted.final.val_min_class_recall), say(sampler.final.val_min_class_recall), rare,
    say(classRecall(plain, rare)), say(classRecall(weighted, rare)), say(classRecall(sampler, rare)))} ` +
    `${l10n.t('Accuracy {0} → {1} / {2}, macro F1 {3} → {4} / {5}.', say(plain.final.val_accuracy), say(weighted.final.val_accuracy), say(sampler.final.val_accuracy),
      say(plain.final.val_macro_f1), say(weighted.final.val_macro_f1), say(sampler.final.val_macro_f1))} ` +
    (held
      ? l10n.t('Both fixes lift the worst class, as the tutorial says; they pay for it with some majority-class recall, so choose by the metric your task needs (per-class recall, macro F1), not by accuracy.')
      : l10n.t('At this seed the fixes did not lift the worst class above the plain run: compare the per-class recall columns.'));
}

// ---- smoothing-noisy-labels (F-3, N-1) -------------------------------------------------------------

const NOISE_RATE = 0.3;

function smoothingNoisyLabels(seed: number): RunSpec[] {
  const K = 5;
  const { train: clean, val } = newsData(rngFor(seed, 'smoothing-noisy-labels/data'), 300, 600, 48, K);
  const { data: train, flipped } = withLabelNoise(rngFor(seed, 'smoothing-noisy-labels/noise'), clean, K, NOISE_RATE);
  return [0, 0.05, 0.1, 0.2].map((eps): RunSpec => ({
    name: `ls-${eps}`, task: 'multiclass', train, val, sizes: [48, 64, K], epochs: 80, batchSize: 50,
    loss: makeSpec('CrossEntropyLoss', { label_smoothing: eps }), rng: rngFor(seed, 'smoothing-noisy-labels/train'), swept: { param: 'label_smoothing', value: eps },
    description: l10n.t('y = argmax(X·W), X (300, 48), K = {0}, with {1} of the 300 training labels ({2} % on average) replaced by another class; held-out labels are clean. MLP 48-64-5 (enough to memorise 300 rows), CrossEntropyLoss(label_smoothing={3}), batch 50, 80 epochs.',
      K, flipped, Math.round(NOISE_RATE * 100), eps),
    lookFor: eps === 0
      ? l10n.t('Training accuracy close to 1.0 on labels that are 30 % wrong: the network memorises the noise, drives those rows to confidence ≈ 1, and that over-confidence carries over to new rows (high val_ece; the reliability diagram sits below the diagonal).')
      : l10n.t('With ε = {0} no target asks for more than {1} on any class, so memorising a wrong label costs bounded confidence: compare val_ece with ls-0 (accuracy moves much less).', eps, (1 - eps + eps / K).toFixed(2)),
  }));
}

function noisyVerdict(runs: RunResult[]): string {
  const r0 = runs[0], rMax = runs[runs.length - 1];
  const ece = runs.map((r) => `${r.loss.label_smoothing ?? 0}: ${say(r.final.val_ece)}`).join(', ');
  const acc = runs.map((r) => say(r.final.val_accuracy)).join(' / ');
  const bestEce = runs.reduce((b, r) => (r.final.val_ece < b.final.val_ece ? r : b));
  const bestAcc = best(runs, 'val_accuracy');
  const helped = bestEce !== r0 || bestAcc !== r0;
  return `${l10n.t('Held-out ECE by ε ({0}); accuracy {1}; training accuracy on the noisy labels {2} at ε = 0.', ece, acc, say(r0.final.accuracy))} ` +
    (helped
      ? `${bestAcc !== r0
        ? l10n.t('Smoothing helps here: the best calibration is at ε = {0} and the best accuracy at ε = {1}.', String(bestEce.loss.label_smoothing ?? 0), String(bestAcc.loss.label_smoothing ?? 0))
        : l10n.t('Smoothing helps here: the best calibration is at ε = {0} (accuracy is best without it).', String(bestEce.loss.label_smoothing ?? 0))} ` +
        l10n.t('Unlike sweep-label-smoothing (clean labels, a model that never gets over-confident), this model memorises wrong labels and becomes over-confident, which is what smoothing counters.')
      : l10n.t('At this seed smoothing did not help (ECE {0} at ε = 0 vs {1} at ε = {2}).', say(r0.final.val_ece), say(rMax.final.val_ece), String(rMax.loss.label_smoothing)));
}

// ---- rare-class-smoothing (K-4) -----------------------------------------------------------------

const RARE_SHARES = [0.6, 0.38, 0.02];
const RARE_EPS = 0.1;

function rareClassSmoothing(seed: number): RunSpec[] {
  const { train, val } = gaussianClassesData(rngFor(seed, 'rare-class-smoothing/data'), RARE_SHARES, 1500, 3000, 8, 2.2);
  const counts = classCounts(train, 3);
  const base = {
    task: 'multiclass' as const, train, val, sizes: [8, 64, 3], epochs: 60, batchSize: 128,
    rng: rngFor(seed, 'rare-class-smoothing/train'), meta: { class_counts: counts },
  };
  return [
    {
      ...base, name: 'rare-class-smoothing', loss: makeSpec('CrossEntropyLoss', { label_smoothing: RARE_EPS }),
      description: l10n.t('Three Gaussian classes at 60/38/2 % (training counts {0}), X (1500, 8); 60 epochs, batch 128. CrossEntropyLoss(label_smoothing={1}) applied to every class, the rare one included.', counts.join('/'), RARE_EPS),
      lookFor: l10n.t('The rare class 2 (2 %): its held-out recall is lower than the fixed run\'s. Smoothing stops rewarding confidence once a row reaches 1 − ε + ε/K, so the few rare rows stop pulling the boundary towards themselves while the many common rows keep their weight; accuracy barely moves, so only per-class recall shows the damage. label-smoothing-risk fires.'),
    },
    {
      ...base, name: 'rare-class-smoothing-fixed', loss: makeSpec('CrossEntropyLoss'),
      description: l10n.t('Three Gaussian classes at 60/38/2 % (training counts {0}), X (1500, 8); 60 epochs, batch 128. CrossEntropyLoss() without smoothing.', counts.join('/')),
      lookFor: l10n.t('The rare class keeps more of its recall. If you want smoothing for calibration elsewhere, check per-class recall of the rare classes before and after (or smooth less, or pair it with class weights).'),
    },
  ];
}

function rareVerdict(runs: RunResult[]): string {
  const [bad, good] = runs;
  const rb = classRecall(bad, 2), rg = classRecall(good, 2);
  return `${l10n.t('Rare class (2 %) held-out recall: {0} without smoothing, {1} with label_smoothing={2}; accuracy {3} vs {4}, macro F1 {5} vs {6}.',
    say(rg), say(rb), RARE_EPS, say(good.final.val_accuracy), say(bad.final.val_accuracy), say(good.final.val_macro_f1), say(bad.final.val_macro_f1))} ` +
    (rb < rg
      ? l10n.t('Smoothing cost the rare class recall while overall accuracy hardly changed: the loss of a rare-class detector must be judged per class.')
      : l10n.t('At this seed smoothing did not lower the rare class\'s recall.'));
}

// ---- threshold-tuning (C-4 tips, the conclusion) -------------------------------------------------

function thresholdTuning(seed: number): RunSpec[] {
  const d = rareBinaryData(rngFor(seed, 'threshold-tuning/data'), 2048, 4000, 20, 0.05, 0.6);
  const [val, test] = splitRows(d.val, 2000);
  const pos = positives(d.train);
  const ratio = (d.train.n - pos) / Math.max(1, pos);
  const base = { task: 'binary' as const, train: d.train, val, test, sizes: [20, 64, 1], epochs: 20, batchSize: 256, rng: rngFor(seed, 'threshold-tuning/train') };
  return [
    {
      ...base, name: 'plain', loss: makeSpec('BCEWithLogitsLoss'),
      description: l10n.t('Learnable 5 % positives, X (2048, 20); validation (2000 rows) picks the threshold with the best F1, a separate test split (2000 rows) reports F1 at 0.5 and at that threshold. BCEWithLogitsLoss(), batch 256, 20 epochs.'),
      lookFor: l10n.t('Without pos_weight the probabilities of the rare class stay below 0.5, so F1 at 0.5 is near 0 even though the model ranks well; the tuned threshold (well below 0.5) recovers a useful F1 on the test split.'),
    },
    {
      ...base, name: 'pos-weight', loss: makeSpec('BCEWithLogitsLoss', { pos_weight: tensor([ratio], [1], 'float32') }),
      description: l10n.t('Learnable 5 % positives, X (2048, 20); validation (2000 rows) picks the threshold with the best F1, a separate test split (2000 rows) reports F1 at 0.5 and at that threshold. BCEWithLogitsLoss(pos_weight=N_neg/N_pos={0}), batch 256, 20 epochs.', ratio.toFixed(2)),
      lookFor: l10n.t('pos_weight pushes the probabilities up, so 0.5 now flags too many rows (high recall, low precision); the tuned threshold sits above 0.5 and trades some recall for precision, raising test F1.'),
    },
  ];
}

function thresholdVerdict(runs: RunResult[]): string {
  const parts = runs.map((r) => l10n.t('{0}: test F1 {1} at 0.5 → {2} at {3}', r.name, say(r.final.test_f1_default), say(r.final.test_f1_tuned), say(r.final.tuned_threshold)));
  const held = runs.every((r) => r.final.test_f1_tuned > r.final.test_f1_default);
  return `${parts.join('; ')}. ` + (held
    ? l10n.t('A threshold chosen on validation beats the default 0.5 on data it never saw, with and without pos_weight: the threshold is part of the model.')
    : l10n.t('At this seed tuning did not beat 0.5 for every run: see the test columns.'));
}

// ---- accuracy-trap (K-3) ------------------------------------------------------------------------

function accuracyTrap(seed: number): RunSpec[] {
  const { train, val } = rareBinaryData(rngFor(seed, 'accuracy-trap/data'), 4000, 2000, 20, 0.03, 0.6);
  const pos = positives(train);
  const ratio = (train.n - pos) / Math.max(1, pos);
  const mk = (name: string, pw: number | undefined, description: string, lookFor: string): RunSpec => ({
    name, task: 'binary', train, val, sizes: [20, 64, 1], epochs: 20, batchSize: 256, rng: rngFor(seed, 'accuracy-trap/train'),
    loss: makeSpec('BCEWithLogitsLoss', pw === undefined ? {} : { pos_weight: tensor([pw], [1], 'float32') }),
    description,
    lookFor,
  });
  return [
    mk('plain', undefined, l10n.t('Learnable 3 % positives as in the tutorial\'s fraud example, X (4000, 20); BCEWithLogitsLoss with no pos_weight, batch 256, 20 epochs.'), l10n.t('The highest accuracy of the three, and close to the share of negatives: this model hardly ever says "positive" (recall near 0). Accuracy rewards exactly that.')),
    mk('sqrt-pos-weight', Math.sqrt(ratio), l10n.t('Learnable 3 % positives as in the tutorial\'s fraud example, X (4000, 20); BCEWithLogitsLoss with pos_weight = √(N_neg/N_pos) = {0}, batch 256, 20 epochs.', Math.sqrt(ratio).toFixed(2)), l10n.t('Lower accuracy than plain, but it finds a good share of the positives: compare recall, F1 and PR-AUC.')),
    mk('pos-weight', ratio, l10n.t('Learnable 3 % positives as in the tutorial\'s fraud example, X (4000, 20); BCEWithLogitsLoss with pos_weight = N_neg/N_pos = {0}, batch 256, 20 epochs.', ratio.toFixed(2)), l10n.t('The lowest accuracy (it flags many negatives) yet the highest recall; PR-AUC, which ignores the threshold, shows how well each model ranks.')),
  ];
}

function trapVerdict(runs: RunResult[]): string {
  const byAcc = best(runs, 'val_accuracy'), byF1 = best(runs, 'val_f1'), byAp = best(runs, 'val_pr_auc');
  const allNeg = 1 - (runs[0].final.val_positive_rate ?? NaN);
  const who = (r: RunResult): string => l10n.t('{0} (accuracy {1}, recall {2}, F1 {3}, PR-AUC {4})', r.name, say(r.final.val_accuracy), say(r.final.val_recall), say(r.final.val_f1), say(r.final.val_pr_auc));
  return `${l10n.t('Choosing by accuracy picks {0}; by F1, {1}; by PR-AUC, {2}.', who(byAcc), who(byF1), byAp.name)} ${l10n.t('Predicting "negative" for every row would score accuracy {0}.', say(allNeg))} ` +
    (byAcc !== byF1
      ? l10n.t('Accuracy picks a model that misses most positives: on imbalanced data select by recall/precision, F1 or PR-AUC, and tune the threshold.')
      : l10n.t('At this seed accuracy and F1 pick the same run.'));
}

// ---- outliers-mse-vs-huber (B-2, B tips, M) ---------------------------------------------------------

const OUTLIER_RATE = 0.05;
const OUTLIER_SIZE = 10;

function outliers(seed: number): RunSpec[] {
  const { train: clean, val } = regressionData(rngFor(seed, 'outliers-mse-vs-huber/data'), 1024, 500, 16);
  const { data: train, outliers: count } = withOutliers(rngFor(seed, 'outliers-mse-vs-huber/outliers'), clean, OUTLIER_RATE, OUTLIER_SIZE);
  const data = l10n.t('y = X·w + 0.3·noise, X (1024, 16), with {0} training targets ({1} % on average) moved by ±{2} standard deviations; validation targets are clean. MLP 16-64-1, batch 128, 50 epochs.', count, OUTLIER_RATE * 100, OUTLIER_SIZE);
  const mk = (name: string, type: 'MSELoss' | 'L1Loss' | 'HuberLoss', lookFor: string): RunSpec => ({
    name, task: 'regression', train, val, sizes: [16, 64, 1], epochs: 50, batchSize: 128, loss: makeSpec(type),
    rng: rngFor(seed, 'outliers-mse-vs-huber/train'), description: `${data} ${type}${type === 'HuberLoss' ? '(delta=1.0)' : '()'}.`, lookFor,
  });
  return [
    mk('mse', 'MSELoss', l10n.t('The squared error of a handful of outliers outweighs everything else: the fit is pulled towards them and val_mae on clean targets is several times the others\'.')),
    mk('l1', 'L1Loss', l10n.t('Each row pulls with the same force whatever its error, so the outliers cannot dominate: val_mae close to the noise level.')),
    mk('huber', 'HuberLoss', l10n.t('Quadratic for small errors, linear beyond delta: as robust as L1 to the outliers while keeping smooth gradients near the fit.')),
  ];
}

function outliersVerdict(runs: RunResult[]): string {
  const [mse, l1, huber] = runs;
  const held = l1.final.val_mae < mse.final.val_mae && huber.final.val_mae < mse.final.val_mae;
  return `${l10n.t('Validation MAE on clean targets: MSE {0}, L1 {1}, Huber {2} (R² {3}, {4}, {5}).', say(mse.final.val_mae), say(l1.final.val_mae), say(huber.final.val_mae), say(mse.final.val_r2), say(l1.final.val_r2), say(huber.final.val_r2))} ` +
    (held ? l10n.t('With gross outliers in the training targets, the robust losses fit the clean relation far better than MSE.') : l10n.t('At this seed the robust losses did not beat MSE.'));
}

// ---- bce-on-saturated-sigmoid (C-1) --------------------------------------------------------------

const FEATURE_SCALE = 1000;

function saturatedSigmoid(seed: number): RunSpec[] {
  const d = rareBinaryData(rngFor(seed, 'bce-on-saturated-sigmoid/data'), 2048, 1000, 20, 0.3, 0.3);
  const train = scaleFeatures(d.train, FEATURE_SCALE), val = scaleFeatures(d.val, FEATURE_SCALE);
  const base = { task: 'binary' as const, train, val, sizes: [20, 64, 1], epochs: 20, batchSize: 256, rng: rngFor(seed, 'bce-on-saturated-sigmoid/train'), saturation: true };
  const data = l10n.t('Learnable binary data (30 % positives), X (2048, 20) with raw features in the thousands (×{0}, never standardised), so the logits start in the hundreds; batch 256, 20 epochs.', FEATURE_SCALE);
  return [
    {
      ...base, name: 'bce-on-saturated-sigmoid', head: 'sigmoid', loss: makeSpec('BCELoss'),
      description: `${data} ${l10n.t('The model ends in Sigmoid, then BCELoss.')}`,
      lookFor: l10n.t('clamped_share: rows whose sigmoid rounded to exactly 0 or 1 on the wrong side; PyTorch clamps their log at −100, so each reports a loss of 100 however wrong it is. stalled_share: misclassified rows whose gradient is 0 (the sigmoid\'s slope p(1 − p) is 0), so they never get corrected; the loss stays high from these rows alone.'),
    },
    {
      ...base, name: 'bce-on-saturated-sigmoid-fixed', loss: makeSpec('BCEWithLogitsLoss'),
      description: `${data} ${l10n.t('Raw logits into BCEWithLogitsLoss.')}`,
      lookFor: l10n.t('The same saturating logits, but BCEWithLogitsLoss computes max(z, 0) − z·y + log(1 + e^−|z|) without forming the sigmoid: no term is clamped and every wrong row keeps a gradient of size |σ(z) − y| ≈ 1 (wrong_grad_mean). Standardising the features would also remove the saturation.'),
    },
  ];
}

function saturatedVerdict(runs: RunResult[]): string {
  const [bad, good] = runs;
  return `${l10n.t('Sigmoid + BCELoss: {0} % of the training terms clamped at 100, {1} % of the misclassified rows with a zero gradient (mean |∂L/∂z| {2}); BCEWithLogitsLoss: {3} % clamped, {4} % stalled (mean |∂L/∂z| {5}).',
    say(bad.final.clamped_share * 100, 1), say(bad.final.stalled_share * 100, 0), say(bad.final.wrong_grad_mean), say(good.final.clamped_share * 100, 1), say(good.final.stalled_share * 100, 0), say(good.final.wrong_grad_mean))} ` +
    l10n.t('Accuracy can look similar; the loss values and the gradients of the rows the model gets wrong are what differ.');
}

// ---- the tutorial's larger examples (B-3, E-3) -------------------------------------------------------

function regressionLarge(seed: number): RunSpec {
  const { train, val } = regressionData(rngFor(seed, 'regression-large/data'), 1024, 256, 10, 1, 0.5);
  return {
    name: 'regression-large', task: 'regression', train, val, sizes: [10, 64, 1], loss: makeSpec('MSELoss'),
    epochs: 200, batchSize: train.n, shuffle: false, weightDecay: 1e-4, rng: rngFor(seed, 'regression-large/train'),
    description: l10n.t('y = X·w + 0.5·noise with X (1024, 10) (the tutorial\'s house-price example); MLP 10-64-1, MSELoss, AdamW(lr=1e-3, weight_decay=1e-4), the whole set as one batch, 200 epochs.'),
    lookFor: l10n.t('One full-batch step per epoch, so 200 epochs are only 200 updates: the training MSE ends near or somewhat above the noise floor 0.25 (noise sd 0.5), depending on the seed, with validation close behind; the mini-batch regression scenario takes 8 updates per epoch.'),
  };
}

function newsLarge(seed: number): RunSpec {
  const { train, val } = newsData(rngFor(seed, 'news-large/data'), 1024, 256, 50, 7);
  return {
    name: 'news-large', task: 'multiclass', train, val, sizes: [50, 128, 7], loss: makeSpec('CrossEntropyLoss'),
    epochs: 200, batchSize: train.n, shuffle: false, weightDecay: 1e-4, rng: rngFor(seed, 'news-large/train'),
    description: l10n.t('y = argmax(X·W) with X (1024, 50), W (50, 7) (the tutorial\'s cross-entropy example, K = 7); MLP 50-128-7, CrossEntropyLoss, AdamW(lr=1e-3, weight_decay=1e-4), the whole set as one batch, 200 epochs.'),
    lookFor: l10n.t('Training accuracy reaches 1.0 and the training loss heads for 0, while held-out accuracy levels off near 0.75 and the held-out loss stays well above the training loss: 1024 rows are few for 7 classes in 50 dimensions. The gap between the two loss curves is what to watch (more data or regularisation helps, more epochs do not).'),
  };
}

// ---- the registry -------------------------------------------------------------------------------

export const LESSONS: ScenarioDef[] = [
  {
    id: 'regression-large', kind: 'tutorial', title: 'Regression, the tutorial\'s full-batch example (B-3)',
    description: 'X (1024, 10), MLP 10-64-1, MSELoss, 200 full-batch epochs with weight_decay=1e-4 (tutorial section B-3; see docs/tutorial-map.md).',
    build: (s) => [regressionLarge(s)],
  },
  {
    id: 'news-large', kind: 'tutorial', title: 'Seven-class cross-entropy, the tutorial\'s example (E-3)',
    description: 'X (1024, 50), K = 7, MLP 50-128-7, CrossEntropyLoss, 200 full-batch epochs (tutorial section E-3; see docs/tutorial-map.md).',
    build: (s) => [newsLarge(s)],
  },
  {
    id: 'multiclass-imbalance', kind: 'sweep', title: 'Three classes at 70/20/10 %: plain, class weights, WeightedRandomSampler',
    description: 'CrossEntropyLoss plain, with inverse-frequency weight=, and with a class-balancing WeightedRandomSampler; compare per-class recall and macro F1 (tutorial G, M; see docs/tutorial-map.md).',
    build: multiclassImbalance,
    summary: {
      columns: ['run', 'val_accuracy', 'val_macro_f1', 'recall class 0 (70 %)', 'recall class 1 (20 %)', 'recall class 2 (10 %)', 'val_min_class_recall'],
      row: (r) => [r.name, f3(r.final.val_accuracy), f3(r.final.val_macro_f1), f3(classRecall(r, 0)), f3(classRecall(r, 1)), f3(classRecall(r, 2)), f3(r.final.val_min_class_recall)],
    },
    verdict: imbalanceVerdict,
  },
  {
    id: 'smoothing-noisy-labels', kind: 'sweep', title: 'Label smoothing where it helps: noisy labels, a model that memorises',
    description: '30 % wrong training labels, a network big enough to memorise them, ε ∈ {0, 0.05, 0.1, 0.2}; compare held-out calibration (ECE) and accuracy on clean labels (tutorial F-3, N-1; see docs/tutorial-map.md).',
    build: smoothingNoisyLabels,
    summary: {
      columns: ['run', 'label_smoothing', 'train accuracy (noisy labels)', 'val_accuracy', 'val_ece'],
      row: (r) => [r.name, Number(r.loss.label_smoothing ?? 0), f3(r.final.accuracy), f3(r.final.val_accuracy), f3(r.final.val_ece)],
    },
    verdict: noisyVerdict,
  },
  {
    id: 'rare-class-smoothing', kind: 'mistake', title: 'Label smoothing with a 2 % class',
    description: 'The mistake smooths labels (ε = 0.1) in a problem with a 2 % class and its recall falls; the fix trains without smoothing (tutorial K-4; see docs/tutorial-map.md).',
    rule: 'label-smoothing-risk',
    build: rareClassSmoothing,
    summary: {
      columns: ['run', 'label_smoothing', 'val_accuracy', 'val_macro_f1', 'recall class 2 (2 %)'],
      row: (r) => [r.name, Number(r.loss.label_smoothing ?? 0), f3(r.final.val_accuracy), f3(r.final.val_macro_f1), f3(classRecall(r, 2))],
    },
    verdict: rareVerdict,
  },
  {
    id: 'threshold-tuning', kind: 'sweep', title: 'Tune the decision threshold on validation, report on test',
    description: 'Rare positives (5 %) without and with pos_weight; the best-F1 threshold on validation vs 0.5, both scored on a separate test split (tutorial C-4 tips, conclusion; see docs/tutorial-map.md).',
    build: thresholdTuning,
    summary: {
      columns: ['run', 'tuned_threshold', 'test_f1_default', 'test_f1_tuned', 'test precision / recall at 0.5', 'test precision / recall tuned'],
      row: (r) => [r.name, f3(r.final.tuned_threshold), f3(r.final.test_f1_default), f3(r.final.test_f1_tuned),
        `${say(r.final.test_precision_default, 2)} / ${say(r.final.test_recall_default, 2)}`, `${say(r.final.test_precision_tuned, 2)} / ${say(r.final.test_recall_tuned, 2)}`],
    },
    verdict: thresholdVerdict,
  },
  {
    id: 'accuracy-trap', kind: 'sweep', title: 'The accuracy trap: choosing a model on 3 % positives',
    description: 'Three models of rare positives (no pos_weight, √ratio, ratio) compared by accuracy beside recall, F1 and PR-AUC: accuracy picks the one that misses the positives (tutorial K-3; see docs/tutorial-map.md).',
    build: accuracyTrap,
    summary: {
      columns: ['run', 'val_accuracy', 'val_precision', 'val_recall', 'val_f1', 'val_pr_auc'],
      row: (r) => [r.name, f3(r.final.val_accuracy), f3(r.final.val_precision), f3(r.final.val_recall), f3(r.final.val_f1), f3(r.final.val_pr_auc)],
    },
    verdict: trapVerdict,
  },
  {
    id: 'outliers-mse-vs-huber', kind: 'sweep', title: 'Outliers in the targets: MSELoss vs L1Loss vs HuberLoss',
    description: '5 % of the training targets are gross outliers; MSE, L1 and Huber judged by MAE on clean validation targets (tutorial B-2, B tips, M; see docs/tutorial-map.md).',
    build: outliers,
    summary: {
      columns: ['run', 'loss', 'train_loss', 'val_mae', 'val_rmse', 'val_r2'],
      row: (r) => [r.name, r.loss.type, f3(r.final.train_loss), f3(r.final.val_mae), f3(r.final.val_rmse), f3(r.final.val_r2)],
    },
    verdict: outliersVerdict,
  },
  {
    id: 'bce-on-saturated-sigmoid', kind: 'mistake', title: 'Sigmoid then BCELoss on saturating logits',
    description: 'Logits in the hundreds: Sigmoid + BCELoss clamps wrong rows at 100 and gives them no gradient; BCEWithLogitsLoss stays exact (tutorial C-1, C-2; see docs/tutorial-map.md).',
    build: saturatedSigmoid,
    summary: {
      columns: ['run', 'loss', 'train_loss', 'clamped_share', 'stalled_share', 'wrong_grad_mean', 'val_accuracy'],
      row: (r) => [r.name, r.loss.type, f3(r.final.train_loss), f3(r.final.clamped_share), f3(r.final.stalled_share), f3(r.final.wrong_grad_mean), f3(r.final.val_accuracy)],
    },
    verdict: saturatedVerdict,
  },
];
