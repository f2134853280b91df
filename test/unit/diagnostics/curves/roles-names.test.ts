/** Curve roles by name (src/diagnostics/curves/roles.ts): each word and separator the patterns know, pairing, rank copies, folding. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assignRoles, canonicalName, foldByGroup, isLossName, isTotalLoss, isValidationName, lossGroup } from '../../../../src/diagnostics/curves/roles';
import type { CurveSeries } from '../../../../src/diagnostics/curves/types';
import type { Finding } from '../../../../src/diagnostics/types';

test('loss names: loss, nll, xent, cross entropy, perplexity in any case; loss scales and weights are not losses', () => {
  for (const n of ['NLL', 'xent', 'cross_entropy', 'CrossEntropy', 'ppl/perplexity', 'LOSS']) assert.ok(isLossName(n), n);
  for (const n of ['loss_weight', 'loss-coef', 'loss.coeff', 'loss multiplier', 'lossscale', 'loss/scale', 'grad_scaler', 'acc']) assert.ok(!isLossName(n), n);
  assert.ok(!isLossName('cross-entropy'), 'a hyphen is not cross_?entropy');
});

test('validation words, each between separators or at either end', () => {
  for (const n of ['valid_loss', 'evaluation/loss', 'dev-loss', 'holdout.loss', 'loss/test', 'loss val', 'EVAL_loss', 'loss_val']) assert.ok(isValidationName(n), n);
  for (const n of ['devloss', 'loss_valx', 'xval_loss', 'testing_loss', 'retest', 'evaluator']) assert.ok(!isValidationName(n), n);
});

test('canonicalName and lossGroup drop split, rank and aggregation words; totals are what is left as "loss"', () => {
  assert.deepEqual(['rank2/val_loss', 'Train.Loss', 'training-loss', 'loss/valid', 'test loss'].map(canonicalName), ['loss', 'loss', 'loss', 'loss', 'loss']);
  assert.equal(canonicalName('val/val/train/loss'), 'loss', 'up to three split words');
  assert.equal(canonicalName('eval/kl_loss'), 'klloss');
  assert.deepEqual(['rank3/train_loss_steps', 'avg_loss', 'overall loss', 'loss_sum', 'combined-loss', 'full.loss', 'all_loss', 'loss_iter', 'loss_iteration', 'batch_loss', 'loss_epochs', 'average_loss'].map(lossGroup),
    Array(12).fill('loss'));
  assert.equal(lossGroup('Recon_Loss_Epoch'), 'recon_loss');
  assert.ok(isTotalLoss('rank1/val_mean_loss'));
  assert.ok(!isTotalLoss('recon_loss'));
});

const mk = (name: string, n = 3): CurveSeries => ({ name, steps: Array.from({ length: n }, (_, i) => i), values: Array(n).fill(1) });

test('pairing: the training curve of the same name with the most points, else the primary; rank copies only when rank 0 is logged', () => {
  const r = assignRoles([mk('train/kl_loss', 2), mk('kl_loss', 4), mk('loss', 5), mk('val/kl_loss'), mk('val/other_loss'), mk('rank1/kl_loss', 9), mk('accuracy')]);
  assert.deepEqual([r.train.map((s) => s.name), r.val.map((s) => s.name)], [['train/kl_loss', 'kl_loss', 'loss', 'rank1/kl_loss'], ['val/kl_loss', 'val/other_loss']]);
  assert.equal(r.partnerOf(r.val[0])?.name, 'kl_loss');
  assert.equal(r.partnerOf(r.val[1])?.name, 'loss');
  assert.deepEqual(r.judgedTrain.map((s) => s.name), ['loss']);
  assert.equal(r.isRankCopy(mk('rank1/kl_loss')), true);
  assert.equal(r.isRankCopy(mk('kl_loss')), false);
  const ranks = assignRoles([mk('rank1/loss', 2), mk('rank2/loss', 4)]);
  assert.deepEqual(ranks.judgedTrain.map((s) => s.name), ['rank2/loss', 'rank1/loss'], 'no rank 0: every rank, most points first');
  assert.equal(ranks.isRankCopy(ranks.train[0]), false);
  assert.equal(assignRoles([mk('val_loss')]).primaryTrain, undefined);
});

test('foldByGroup: one finding per loss group, naming the other series in its evidence and message', () => {
  const f = (series: string): Finding => ({ rule: 'loss-spikes', severity: 'info', title: 't', message: 'm.', evidence: { series }, fix: '', docs: '' });
  const out = foldByGroup([f('train_loss_step'), f('recon_loss'), f('train_loss_epoch'), f('loss'), f('recon_loss_epoch')]);
  assert.deepEqual(out.map((x) => [x.evidence.series, x.evidence.alsoIn, x.message]), [
    ['train_loss_step', ['train_loss_epoch', 'loss'], "m. The same shows in 'train_loss_epoch', 'loss'."],
    ['recon_loss', ['recon_loss_epoch'], "m. The same shows in 'recon_loss_epoch'."],
  ]);
  assert.deepEqual(foldByGroup([f('a_loss')]).map((x) => [x.evidence.alsoIn, x.message]), [[undefined, 'm.']]);
});
