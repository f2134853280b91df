/**
 * class-imbalance: the numbers, words and edits it reports (multiclass counts and suggested weights,
 * weights that favour the majority, pos_weight = n_pos / n_neg, per-element weights, the label axis
 * of multilabel targets) and the guards of each path, each on its edge. Expected values are worked
 * out by hand from the definitions in docs/rules/class-imbalance.md (inverse frequency N / (K·n_k),
 * normalised to mean 1 over the classes present; pos_weight = n_neg / n_pos).
 */
import assert from 'node:assert/strict';
import { ruleTable, mkCase } from '../harness';
import type { CaseMeta, LossCase } from '../../../../src/io/types';
import { classImbalance } from '../../../../src/diagnostics/rules/class-imbalance';

type Loss = Parameters<typeof mkCase>[0]['loss'];

/** Index targets with `counts[k]` samples of class k (in class order) and varied logits. */
function multiclass(counts: number[], loss: Loss = 'CrossEntropyLoss', meta: CaseMeta = {}): LossCase {
  const y = counts.flatMap((n, k) => new Array<number>(n).fill(k));
  const x = y.map((_, i) => counts.map((_, k) => Math.sin(i + 3 * k)));
  return mkCase({ loss, input: x, target: y, meta });
}
// 200 / 20 / 0 / 80 of 300: inverse frequency 300/(4·n) = 0.375, 3.75, –, 0.9375 (mean 1.6875 over the
// three present classes) → 0.2222, 2.222, absent class gets the largest, 0.5556.
const COUNTS = [200, 20, 0, 80];
const WEIGHTS = [0.2222, 2.222, 2.222, 0.5556];
const SQRT_WEIGHTS = [0.5223, 1.652, 1.652, 0.8259];

/** Binary targets (`pos` positives first) scored so that the positives are not separated (low PR-AUC). */
function binary(pos: number, n: number, loss: Loss = 'BCEWithLogitsLoss'): LossCase {
  const y = Array.from({ length: n }, (_, i) => (i < pos ? 1 : 0));
  return mkCase({ loss, input: y.map((v, i) => (v ? -2 : 0.5 + Math.sin(i))), target: y });
}
/** (rows, K) multilabel targets: label k is positive in the first `pos[k]` rows. */
function multilabel(rows: number, pos: number[], loss: Loss = 'BCEWithLogitsLoss', meta: CaseMeta = {}): LossCase {
  const y = Array.from({ length: rows }, (_, i) => pos.map((p) => (i < p ? 1 : 0)));
  return mkCase({ loss, input: y.map((r, i) => r.map((v, k) => (v ? -2 : Math.sin(i + k)))), target: y, meta });
}

/** 8 of 80 positive, every positive scored above every negative: PR-AUC exactly 1 (8 steps of 1/8). */
function separated(): LossCase {
  const b = binary(8, 80);
  return mkCase({ loss: 'BCEWithLogitsLoss', input: Array.from(b.target.data, (t, i) => (t ? 5 + i : -5 - i)), target: b.target });
}

ruleTable(classImbalance, {
  severity: 'warning',
  fires: [
    {
      name: 'multiclass 200/20/0/80 without weight: counts, ratio, absent class, suggested weights, fix and edit',
      case: multiclass(COUNTS),
      expect: (f) => {
        assert.deepEqual(f.evidence, {
          counts: COUNTS, total: 300, numClasses: 4, majorityClass: 0, minorityClass: 1, ratio: 10,
          absentClasses: [2], suggestedWeight: WEIGHTS, suggestedSqrtWeight: SQRT_WEIGHTS,
        });
        assert.equal(f.message, 'The 300 targets are imbalanced: class 0 has 200 samples (66.7%) and class 1 only 20 (6.7%), a ratio of 10:1, and CrossEntropyLoss has no weight. The loss is dominated by the frequent classes; a model that ignores the rare ones still looks good. Class 2 never occurs in this case.');
        assert.equal(f.fix, [
          'counts = torch.bincount(train_targets, minlength=4).float()',
          'weight = counts.sum() / (4 * counts.clamp_min(1))     # inverse frequency',
          'weight = weight / weight.mean()                           # mean 1 keeps the loss scale',
          '# here: weight = torch.tensor([0.2222, 2.222, 2.222, 0.5556])',
          '# gentler: weight.sqrt() normalised -> [0.5223, 1.652, 1.652, 0.8259]',
          'criterion = nn.CrossEntropyLoss(weight=weight)',
          '# alternatively resample: torch.utils.data.WeightedRandomSampler(1.0 / counts[train_targets], len(train_targets))',
        ].join('\n'));
        assert.equal(f.field, 'loss');
        assert.deepEqual(f.edit, { path: ['loss', 'weight'], value: WEIGHTS });
      },
    },
    {
      name: 'NLLLoss, class names from meta, two absent classes',
      case: multiclass([150, 0, 20, 0, 30], 'NLLLoss', { class_names: ['cat', 'dog', 'eel', 'fox', 'gnu'] }),
      expect: (f) => {
        assert.match(f.message, /^The 200 targets are imbalanced: 'cat' has 150 samples \(75\.0%\) and 'eel' only 20 \(10\.0%\), a ratio of 7\.5:1, and NLLLoss has no weight\./);
        assert.match(f.message, / Classes 1, 3 never occur in this case\.$/);
        assert.match(f.fix, /^criterion = nn\.NLLLoss\(weight=weight\)$/m);
        assert.deepEqual(f.evidence.absentClasses, [1, 3]);
        assert.equal(f.evidence.minorityClass, 2);
      },
    },
    {
      name: 'exactly maxClasses classes (option 4)',
      case: multiclass(COUNTS),
      options: { maxClasses: 4 },
      expect: { evidence: { numClasses: 4 } },
    },
    {
      name: 'exactly minPerClass · C samples (75 · 4 = 300)',
      case: multiclass(COUNTS),
      options: { minPerClass: 75 },
      expect: { evidence: { total: 300 } },
    },
    {
      name: 'class weights that follow the frequencies: shares of the weighted loss and the effective ratio',
      case: multiclass(COUNTS, { type: 'CrossEntropyLoss', weight: [2, 0.25, 1, 0.75] }),
      expect: (f) => {
        // mass n·w = 400, 5, 0, 60 of 465
        assert.equal(f.message, "The class weights make the imbalance worse: class 0 (66.7% of the 300 targets) has weight 2 and class 1 (6.7%) only 0.25, so their shares of the weighted loss are 86.0% and 1.1%: the 10:1 count ratio becomes 80:1 in the loss. The weights follow the class frequencies instead of their inverse (e.g. weight = counts / counts.sum(), or a lookup by the wrong index).");
        assert.deepEqual(f.evidence, {
          counts: COUNTS, total: 300, numClasses: 4, majorityClass: 0, minorityClass: 1, ratio: 10,
          weight: [2, 0.25, 1, 0.75], weightedShare: [0.860215, 0.0107527, 0, 0.129032], weightedRatio: 80, suggestedWeight: WEIGHTS,
        });
        assert.equal(f.fix, [
          'counts = torch.bincount(train_targets, minlength=4).float()',
          'weight = counts.sum() / (4 * counts.clamp_min(1))     # the inverse frequency, not the frequency',
          'weight = weight / weight.mean()',
          '# here: weight = torch.tensor([0.2222, 2.222, 2.222, 0.5556])',
          'criterion = nn.CrossEntropyLoss(weight=weight)',
        ].join('\n'));
        assert.equal(f.field, 'loss.weight');
        assert.deepEqual(f.edit, { path: ['loss', 'weight'], value: WEIGHTS });
      },
    },
    {
      name: 'majority weight exactly minWorseFactor (1.5) × the minority weight',
      case: multiclass(COUNTS, { type: 'CrossEntropyLoss', weight: [1.5, 1, 1, 1] }),
      expect: { evidence: { weightedRatio: 15 } },
    },
    {
      name: 'pos_weight = n_pos / n_neg (10 of 100 positive, pos_weight 0.25): shares and the balancing value',
      case: () => mkCase({ loss: { type: 'BCEWithLogitsLoss', pos_weight: [0.25] }, input: binary(10, 100).input, target: binary(10, 100).target }),
      expect: (f) => {
        // effective positive mass 10·0.25 / 90 → 2.7 % of the weighted loss; n_neg / n_pos = 9 balances
        assert.equal(f.message, 'Only 10 of 100 targets are positive (10.0%), and pos_weight = 0.25 weights them down instead of up: the positives carry 2.7% of the weighted loss instead of 10.0% (9 would balance them). This is n_pos / n_neg where n_neg / n_pos was meant.');
        assert.deepEqual(f.evidence, { positives: 10, total: 100, positiveRate: 0.1, posWeight: [0.25], suggestedPosWeight: 9 });
        assert.equal(f.fix, [
          'pos = train_targets.sum()',
          'pos_weight = (train_targets.numel() - pos) / pos.clamp_min(1)   # N_neg / N_pos, not N_pos / N_neg',
          '# here: pos_weight = torch.tensor([9])',
          'criterion = nn.BCEWithLogitsLoss(pos_weight=pos_weight)',
        ].join('\n'));
        assert.equal(f.field, 'loss.pos_weight');
        assert.deepEqual(f.edit, { path: ['loss', 'pos_weight'], value: [9] });
      },
    },
    {
      name: 'several pos_weight values: the largest is judged ("at most")',
      case: () => {
        const c = multilabel(100, [5, 8]);
        return mkCase({ loss: { type: 'BCEWithLogitsLoss', pos_weight: [0.125, 0.5] }, input: c.input, target: c.target });
      },
      options: { minWorseFactor: 1.5 },
      expect: (f) => {
        assert.match(f.message, /^Only 13 of 200 targets are positive \(6\.5%\), and pos_weight = 0\.5 at most weights them down/);
        // effective positive mass 13·0.5 / 187 → 3.4 % of the weighted loss
        assert.match(f.message, /the positives carry 3\.4% of the weighted loss instead of 6\.5% \(14\.4 would balance them\)/);
        assert.deepEqual(f.evidence.posWeight, [0.125, 0.5]);
      },
    },
    {
      name: 'pos_weight just under 1 / minWorseFactor (0.49 with factor 2)',
      case: () => mkCase({ loss: { type: 'BCEWithLogitsLoss', pos_weight: [0.49] }, input: binary(10, 100).input, target: binary(10, 100).target }),
      options: { minWorseFactor: 2 },
    },
    {
      name: 'per-element weight lower on the positives (1 vs 3): means and weighted share',
      case: () => {
        const b = binary(10, 100);
        return mkCase({ loss: { type: 'BCEWithLogitsLoss', weight: Array.from(b.target.data, (t) => (t ? 1 : 3)) }, input: b.input, target: b.target });
      },
      expect: (f) => {
        // positives 10·1 of 10·1 + 90·3 = 280 → 3.6 %
        assert.equal(f.message, 'Only 10 of 100 targets are positive (10.0%), and the per-element weight is lower on them (mean 1) than on the negatives (mean 3): the positives carry 3.6% of the weighted loss. The weight was probably looked up with the wrong index (the frequency of the sample\'s class instead of its inverse).');
        assert.deepEqual(f.evidence, { positives: 10, total: 100, meanWeightPositives: 1, meanWeightNegatives: 3, weightedPositiveShare: 0.0357143, suggestedPosWeight: 9 });
        assert.equal(f.field, 'loss.weight');
        assert.equal(f.edit, undefined);
        assert.match(f.fix, /^sample_weight = torch\.where\(target > 0\.5, n_neg \/ n_pos, 1\.0\)$/m);
        assert.match(f.fix, /pos_weight = torch\.tensor\(\[9\]\) with BCEWithLogitsLoss/);
      },
    },
    {
      name: 'per-element weight: negatives exactly minWorseFactor (1.5) × the positives (2 vs 3)',
      case: () => {
        const b = binary(10, 100);
        return mkCase({ loss: { type: 'BCEWithLogitsLoss', weight: Array.from(b.target.data, (t) => (t ? 2 : 3)) }, input: b.input, target: b.target });
      },
      expect: { evidence: { meanWeightPositives: 2, meanWeightNegatives: 3 } },
    },
    {
      name: 'multilabel (100, 3): labels on dim 1 found from their rates; per-label pos_weight, a label without positives',
      case: multilabel(100, [5, 50, 0]),
      expect: (f) => {
        assert.deepEqual(f.evidence, {
          positives: [5, 50, 0], totals: [100, 100, 100], positiveRate: [0.05, 0.5, 0], flaggedLabels: [0, 2], labelAxis: 1,
          suggestedPosWeight: [19, 1, 1], suggestedSqrtPosWeight: [4.359, 1, 1],
        });
        assert.match(f.message, /^2 of 3 labels \(dim 1\) have a positive rate ≤ 10\.0% \(label 0: 5 of 100, 5%\), and BCEWithLogitsLoss has no pos_weight: /);
        assert.match(f.message, / Label 2 has no positive at all here \(no pos_weight can be computed from this batch; use the training-set counts\)\.$/);
        assert.match(f.fix, /^pos = train_targets\.sum\(dim=0\) {16}# positives per label$/m);
        assert.match(f.fix, /^neg = train_targets\.shape\[0\] - pos$/m);
        assert.match(f.fix, /^# here: pos_weight = torch\.tensor\(\[19, 1, 1\]\) {3}\(gentler: its sqrt, \[4\.359, 1, 1\]\)$/m);
        assert.deepEqual(f.edit, { path: ['loss', 'pos_weight'], value: [19, 1, 1] });
      },
    },
    {
      name: 'two labels without positives are named together',
      case: multilabel(100, [0, 50, 0]),
      expect: { message: / Labels 0, 2 have no positive at all here/ },
    },
    {
      name: 'BCELoss (probabilities): the same finding, without an edit (BCELoss has no pos_weight)',
      case: () => {
        const c = multilabel(100, [5, 50, 0]);
        return mkCase({ loss: 'BCELoss', input: Array.from({ length: 100 }, (_, i) => [0.3, 0.5, 0.2 + 0.001 * i]), target: c.target });
      },
      expect: (f) => {
        assert.match(f.message, /and BCELoss has no pos_weight/);
        assert.equal(f.edit, undefined);
      },
    },
    {
      name: 'one label (a 1-D target): the pooled text and fix',
      case: binary(10, 100),
      expect: (f) => {
        assert.match(f.message, /^only 10 of 100 targets are positive \(10\.0%\), and BCEWithLogitsLoss has no pos_weight: predicting "negative" everywhere already gives a low loss and high accuracy, so the positives are learned slowly or not at all\.$/);
        assert.deepEqual(f.evidence.labelAxis, null);
        assert.match(f.fix, /^# here: pos_weight = torch\.tensor\(\[9\]\) {3}\(gentler: its sqrt, \[3\]\)$/m);
        assert.match(f.fix, /^pos = train_targets\.sum\(dim=0\)/m);
        assert.deepEqual(f.edit, { path: ['loss', 'pos_weight'], value: [9] });
      },
    },
    {
      name: 'meta.label_dim = -1 on a (B, 3) target: per label without looking at the rates',
      case: multilabel(100, [5, 5, 5], 'BCEWithLogitsLoss', { label_dim: -1 }),
      expect: { evidence: { labelAxis: 1, totals: [100, 100, 100], flaggedLabels: [0, 1, 2] } },
    },
    {
      name: 'meta.label_dim = 0 counts along dim 0 (each row its own label)',
      case: multilabel(60, [5, 5, 5], 'BCEWithLogitsLoss', { label_dim: 0 }),
      options: { minSamples: 3 },
      expect: (f) => {
        assert.equal(f.evidence.labelAxis, 0);
        assert.equal((f.evidence.totals as number[]).length, 60);
        assert.equal(f.edit, undefined, 'pos_weight broadcasts over the last dim, not dim 0');
      },
    },
    {
      name: 'meta.label_dim out of range (2 of a 2-D target) is ignored: the rates decide',
      case: multilabel(100, [5, 50, 0], 'BCEWithLogitsLoss', { label_dim: 2 }),
      expect: { evidence: { labelAxis: 1 } },
    },
    {
      name: 'a (B, T) layout with the same rate along T: pooled, and the message says why',
      case: multilabel(20, [2, 2, 2, 2, 2]),
      expect: (f) => {
        assert.deepEqual(f.evidence.totals, [100]);
        assert.equal(f.evidence.labelAxis, null);
        assert.match(f.message, /counted together: the positive rate is the same along dim 1 \(5\), so those positions share one label, and BCEWithLogitsLoss has no pos_weight/);
        assert.match(f.fix, /^pos = train_targets\.sum\(\) {20}# positives over all positions$/m);
        assert.match(f.fix, /^neg = train_targets\.numel\(\) - pos$/m);
      },
    },
    {
      name: '(B, C, H, W) masks: only the channel dim can hold labels, a column of positives along W is pooled',
      case: () => {
        // positives in column w = 0 of every (4, 2, 5, 10) mask: 40 of 400, the same rate in both channels
        const y = Array.from({ length: 4 }, () => Array.from({ length: 2 }, () => Array.from({ length: 5 }, () => Array.from({ length: 10 }, (_, w) => (w === 0 ? 1 : 0)))));
        const x = y.map((b, i) => b.map((c, k) => c.map((h, j) => h.map((v, w) => (v ? -2 : Math.sin(i + k + j + w))))));
        return mkCase({ loss: 'BCEWithLogitsLoss', input: x, target: y });
      },
      expect: (f) => {
        assert.deepEqual(f.evidence.totals, [400]);
        assert.equal(f.evidence.labelAxis, null);
        assert.match(f.message, /the positive rate is the same along dim 1 \(2\), so those positions share one label/);
      },
    },
    {
      name: 'many labels with few targets each: counted together',
      // 16 documents over 40 tags: tags 0–3 on half the documents, the rest never (5 % of 640 overall)
      case: multilabel(16, Array.from({ length: 40 }, (_, k) => (k < 4 ? 8 : 0))),
      expect: (f) => {
        assert.deepEqual(f.evidence.totals, [640]);
        assert.deepEqual(f.evidence.positives, [32]);
        assert.equal(f.evidence.labelAxis, null);
        assert.match(f.message, /^only 32 of 640 targets are positive \(5%\), counted together: each of the 40 labels has at most 16 targets here, too few to judge one by one, so they are counted together, and/);
      },
    },
    {
      name: 'perfectly separated positives (PR-AUC 1, 8 of 80) still judged when separatedPrAuc is just above 1',
      case: separated,
      options: { separatedPrAuc: 1.000001 },
    },
  ],
  silent: [
    { name: 'multiclass: one class more than maxClasses (option 3)', case: multiclass(COUNTS), options: { maxClasses: 3 } },
    { name: 'multiclass: one sample short of minPerClass · C (76 · 4 = 304 > 300)', case: multiclass(COUNTS), options: { minPerClass: 76 } },
    { name: 'multiclass: a pad id in meta (token targets)', case: multiclass(COUNTS, 'CrossEntropyLoss', { pad_token_id: 3 }) },
    { name: 'multiclass: only one class present', case: multiclass([300, 0, 0, 0]) },
    { name: 'multiclass: 2-D index targets are token-level, not judged', case: () => mkCase({ loss: 'CrossEntropyLoss', input: Array.from({ length: 150 }, (_, i) => [[Math.sin(i), 0, 1], [0, 1, Math.cos(i)]]), target: Array.from({ length: 150 }, (_, i) => [i < 140 ? 0 : 1, 0]) }) },
    { name: 'class weights: majority weight just under 1.5 × the minority weight', case: multiclass(COUNTS, { type: 'CrossEntropyLoss', weight: [1.4921875, 1, 1, 1] }) },
    { name: 'class weights: the minority weight is 0', case: multiclass(COUNTS, { type: 'CrossEntropyLoss', weight: [1, 0, 1, 1] }) },
    { name: 'pos_weight exactly 1 / minWorseFactor (0.5 with factor 2)', case: () => mkCase({ loss: { type: 'BCEWithLogitsLoss', pos_weight: [0.5] }, input: binary(10, 100).input, target: binary(10, 100).target }), options: { minWorseFactor: 2 } },
    { name: 'pos_weight 0.25 but 11 of 100 positive (rate above 0.1)', case: () => mkCase({ loss: { type: 'BCEWithLogitsLoss', pos_weight: [0.25] }, input: binary(11, 100).input, target: binary(11, 100).target }) },
    { name: 'pos_weight 0.25 with 49 targets (below minSamples)', case: () => mkCase({ loss: { type: 'BCEWithLogitsLoss', pos_weight: [0.25] }, input: binary(4, 49).input, target: binary(4, 49).target }) },
    { name: 'pos_weight 0.25 and no positive at all', case: () => mkCase({ loss: { type: 'BCEWithLogitsLoss', pos_weight: [0.25] }, input: binary(0, 100).input, target: binary(0, 100).target }) },
    {
      name: 'per-element weight: negatives just under 1.5 × the positives (2 vs 2.9921875)',
      case: () => {
        const b = binary(10, 100);
        return mkCase({ loss: { type: 'BCEWithLogitsLoss', weight: Array.from(b.target.data, (t) => (t ? 2 : 2.9921875)) }, input: b.input, target: b.target });
      },
    },
    {
      name: 'per-element weight 0 on the positives (not "lower": no positive counted at all)',
      case: () => {
        const b = binary(10, 100);
        return mkCase({ loss: { type: 'BCEWithLogitsLoss', weight: Array.from(b.target.data, (t) => (t ? 0 : 3)) }, input: b.input, target: b.target });
      },
    },
    {
      name: 'per-element weight higher on the positives (inverse frequency)',
      case: () => {
        const b = binary(10, 100);
        return mkCase({ loss: { type: 'BCEWithLogitsLoss', weight: Array.from(b.target.data, (t) => (t ? 9 : 1)) }, input: b.input, target: b.target });
      },
    },
    {
      name: 'perfectly separated positives: PR-AUC exactly 1 = separatedPrAuc (1)',
      case: separated,
      options: { separatedPrAuc: 1 },
    },
    { name: 'multilabel: every label 10–50 % positive', case: multilabel(100, [11, 50, 30]) },
    { name: 'a {0, 255} mask (targets outside [0, 1]) is another rule\'s business', case: () => mkCase({ loss: 'BCELoss', input: Array.from({ length: 100 }, () => 0.5), target: Array.from({ length: 100 }, (_, i) => (i < 5 ? 255 : 0)) }) },
  ],
});
