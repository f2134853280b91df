/**
 * assignRoles on ties and pools, session 10: with equal lengths the first listed curve wins (as
 * the judged curve and as a partner); without a total every term is judged, longest first; rank
 * copies are neither judged nor partners when rank 0 is logged; no training curve: no partner.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assignRoles, canonicalName, lossGroup } from '../../../../src/diagnostics/curves/roles';
import type { CurveSeries } from '../../../../src/diagnostics/curves/types';

const mk = (name: string, n = 3): CurveSeries => ({ name, steps: Array.from({ length: n }, (_, i) => i), values: Array<number>(n).fill(1) });

test('equal lengths: the first listed is the primary curve and the partner', () => {
  const r = assignRoles([mk('train/loss', 4), mk('loss', 4), mk('val/loss')]);
  assert.deepEqual([r.judgedTrain.map((s) => s.name), r.primaryTrain?.name, r.partnerOf(r.val[0])?.name], [['train/loss', 'loss'], 'train/loss', 'train/loss']);
  const swapped = assignRoles([mk('loss', 4), mk('train/loss', 4), mk('val/loss')]);
  assert.deepEqual([swapped.judgedTrain.map((s) => s.name), swapped.partnerOf(swapped.val[0])?.name], [['loss', 'train/loss'], 'loss']);
  // one point more decides
  const longer = assignRoles([mk('loss', 4), mk('train/loss', 5), mk('val/loss')]);
  assert.deepEqual([longer.judgedTrain.map((s) => s.name), longer.partnerOf(longer.val[0])?.name], [['train/loss', 'loss'], 'train/loss']);
});

test('no total logged: every term is judged, longest first; a validation term pairs with its own training term', () => {
  const r = assignRoles([mk('recon_loss', 3), mk('kl_loss', 5), mk('val_recon_loss', 3), mk('val_accuracy', 3)]);
  assert.deepEqual([r.judgedTrain.map((s) => s.name), r.primaryTrain?.name, r.val.map((v) => v.name)], [['kl_loss', 'recon_loss'], 'kl_loss', ['val_recon_loss']]);
  assert.equal(r.partnerOf(r.val[0])?.name, 'recon_loss');
});

test('rank copies with rank 0 logged: not judged, not partners, however long', () => {
  const r = assignRoles([mk('rank1/loss', 9), mk('loss', 3), mk('val_loss', 3)]);
  assert.deepEqual([r.train.map((s) => s.name), r.judgedTrain.map((s) => s.name), r.primaryTrain?.name, r.partnerOf(r.val[0])?.name], [['rank1/loss', 'loss'], ['loss'], 'loss', 'loss']);
  assert.deepEqual([r.isRankCopy(r.train[0]), r.isRankCopy(r.train[1])], [true, false]);
});

test('only validation curves: no primary, no partner, nothing judged', () => {
  const r = assignRoles([mk('val_loss'), mk('test_loss'), mk('lr')]);
  assert.deepEqual([r.train, r.judgedTrain, r.primaryTrain, r.val.map((v) => v.name), r.partnerOf(r.val[0])], [[], [], undefined, ['val_loss', 'test_loss'], undefined]);
});

test('lossGroup and canonicalName drop at most three validation words and three training words', () => {
  assert.deepEqual(['val/val/val/loss', 'train/val/train/val/loss', 'val_train_eval_test_loss'].map(lossGroup), ['loss', 'loss', 'loss']);
  assert.deepEqual([lossGroup('val/val/val/val/loss'), canonicalName('val/val/val/val/loss')], ['val_loss', 'valloss']);
  assert.deepEqual([lossGroup('train/train/train/train/loss'), canonicalName('training.train.train.train.loss')], ['train_loss', 'trainloss']);
});
