/**
 * The training words in series names (roles.ts TRAIN): train / training, any case, between any of
 * the separators / _ . - and space or at either end, are dropped from the name; inside a longer
 * word (trainer, pretrain, train2, trainx) they are part of the name.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalName, lossGroup } from '../../../../src/diagnostics/curves/roles';

test('train and training dropped between separators or at either end, in any case', () => {
  for (const n of ['train_loss', 'Train-Loss', 'loss.train', 'loss training', 'TRAINING/loss', 'loss/train/val']) {
    assert.equal(canonicalName(n), 'loss', n);
    assert.equal(lossGroup(n), 'loss', n);
  }
  assert.equal(canonicalName('train'), '');
});

test('inside a longer word they stay: trainer, pretrain, train2, trainx', () => {
  const cases: [string, string, string][] = [
    ['trainer_loss', 'trainerloss', 'trainer_loss'], ['pretrain_loss', 'pretrainloss', 'pretrain_loss'], ['train2_loss', 'train2loss', 'train2_loss'],
    ['loss_trainx', 'losstrainx', 'loss_trainx'], ['xtrain_loss', 'xtrainloss', 'xtrain_loss'],
  ];
  for (const [n, canonical, group] of cases) assert.deepEqual([canonicalName(n), lossGroup(n)], [canonical, group], n);
});
