#!/usr/bin/env python3
"""Writes the examples of the invariant rules (examples/<rule-id>.json), reusing the helpers and the
writer of tools/make_examples.py. Deterministic (fixed seeds), numpy only.

    /usr/bin/python3 tools/make_examples_invariants.py                  # all of them
    /usr/bin/python3 tools/make_examples_invariants.py loss-below-minimum
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_examples import classifier_logits, example, main, sigmoid, softmax, t  # noqa: E402


def blob_mask(rng, h, w):
    yy, xx = np.mgrid[0:h, 0:w]
    cy, cx = rng.integers(h // 4, 3 * h // 4), rng.integers(w // 4, 3 * w // 4)
    ry, rx = rng.integers(2, h // 3), rng.integers(2, w // 3)
    return (((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2 <= 1).astype(np.float64)


@example('bce-target-out-of-range')
def bce_target_out_of_range():
    rng = np.random.default_rng(201)
    mask = np.stack([blob_mask(rng, 12, 12) for _ in range(2)])[:, None]
    logits = (mask * 2 - 1) * 1.5 + rng.normal(0.0, 1.0, size=mask.shape)
    return {
        'description': 'Binary segmentation (U-Net): the PNG masks were loaded as 0/255 and given to BCEWithLogitsLoss unscaled; the loss is negative.',
        'loss': {'type': 'BCEWithLogitsLoss'},
        'input': t(logits, 'float32'), 'target': t(mask * 255, 'float32'),
        'meta': {'task': 'binary segmentation'},
    }


@example('target-not-a-distribution')
def target_not_a_distribution():
    rng = np.random.default_rng(202)
    T = 2.0
    student, _ = classifier_logits(rng, 16, 10)
    teacher = student + rng.normal(0.0, 1.0, size=student.shape)
    return {
        'description': "Distillation from a multi-label teacher: sigmoid(teacher_logits / T) used as KLDivLoss's target; its rows sum to ~5, not 1.",
        'loss': {'type': 'KLDivLoss', 'reduction': 'batchmean'},
        'input': t(np.log(softmax(student / T)), 'float32'), 'target': t(sigmoid(teacher / T), 'float32'),
        'meta': {'task': 'knowledge distillation, T = 2'},
    }


@example('loss-below-minimum')
def loss_below_minimum():
    rng = np.random.default_rng(203)
    y = (rng.random((32, 1)) < 0.3).astype(np.float64)
    logits = (y * 2 - 1) * 1.2 + rng.normal(0.0, 1.0, size=y.shape)
    return {
        'description': 'A BCE run whose printed loss went negative (some batches had 0/255 masks); the dumped batch itself is fine, the history is not.',
        'loss': {'type': 'BCEWithLogitsLoss'},
        'input': t(logits, 'float32'), 'target': t(y, 'float32'),
        'history': {'train': [0.71, 0.52, 0.31, -4.2, -37.5, -180.3, -611.0]},
        'meta': {'task': 'binary segmentation, one batch of the run'},
    }


@example('kl-div-mean-reduction')
def kl_div_mean_reduction():
    rng = np.random.default_rng(204)
    T = 4.0
    student, _ = classifier_logits(rng, 16, 10)
    teacher = student + rng.normal(0.0, 1.0, size=student.shape)
    return {
        'description': "Distillation with nn.KLDivLoss() (reduction='mean', the default): the value is the KL divided by the 10 classes; PyTorch warns.",
        'loss': {'type': 'KLDivLoss', 'reduction': 'mean'},
        'input': t(np.log(softmax(student / T)), 'float32'), 'target': t(softmax(teacher / T), 'float32'),
        'meta': {'task': 'knowledge distillation, T = 4'},
    }


@example('loss-cannot-teach')
def loss_cannot_teach():
    rng = np.random.default_rng(205)
    T = 4.0
    large, _ = classifier_logits(rng, 16, 10)
    lt = np.log(softmax(large / T))
    return {
        'description': "Distillation: the large model's log-probabilities were passed as both input and target (the student's were meant); the KL is 0 and trains nothing.",
        'loss': {'type': 'KLDivLoss', 'reduction': 'batchmean', 'log_target': True},
        'input': t(lt, 'float32'), 'target': t(lt, 'float32'),
        'meta': {'task': 'knowledge distillation, T = 4'},
    }


@example('invalid-loss-weight')
def invalid_loss_weight():
    rng = np.random.default_rng(206)
    x, y = classifier_logits(rng, 48, 5, probs=[0.4, 0.3, 0.2, 0.1, 0.0])
    counts = np.bincount(y, minlength=5).astype(np.float64)
    with np.errstate(divide='ignore'):
        w = counts.sum() / counts
    return {
        'description': 'Inverse-frequency class weights counts.sum() / counts, with a class that never occurs: its weight is Infinity.',
        'loss': {'type': 'CrossEntropyLoss', 'weight': [v if np.isfinite(v) else float('inf') for v in w.round(4).tolist()]},
        'input': t(x, 'float32'), 'target': t(y, 'int64'),
        'meta': {'task': 'image classification'},
    }


@example('bce-weight-not-pos-weight')
def bce_weight_not_pos_weight():
    rng = np.random.default_rng(207)
    rates = np.array([0.5, 0.3, 0.06, 0.03])
    y = (rng.random((120, 4)) < rates).astype(np.float64)
    x = (y * 2 - 1) + rng.normal(0.0, 1.0, size=y.shape)
    w = 120 / (4 * np.maximum(y.sum(0), 1))
    return {
        'description': 'Multi-label tagging with inverse-frequency weights passed as weight= (both terms) instead of pos_weight=.',
        'loss': {'type': 'BCEWithLogitsLoss', 'weight': [round(float(v), 4) for v in w]},
        'input': t(x, 'float32'), 'target': t(y, 'float32'),
        'meta': {'task': 'multi-label tagging'},
    }


@example('normalized-along-wrong-axis')
def normalized_along_wrong_axis():
    rng = np.random.default_rng(208)
    x, y = classifier_logits(rng, 16, 6)
    lp = x - np.log(np.exp(x).sum(axis=0, keepdims=True))  # log_softmax over the batch (dim=0)
    return {
        'description': 'log_softmax applied over the batch (dim=0) instead of the classes (dim=1) before NLLLoss.',
        'loss': {'type': 'NLLLoss'},
        'input': t(lp, 'float64'), 'target': t(y, 'int64'),
        'meta': {'task': 'classification'},
    }


NER_TAGS = ['O', 'B-PER', 'I-PER', 'B-ORG', 'I-ORG', 'B-LOC', 'I-LOC']


def ner_batch(rng, b, max_len, pad, shift=0):
    """(b, max_len) BIO tags of sentences of varying length (mostly O), right-padded with `pad`."""
    y = np.full((b, max_len), pad, dtype=np.int64)
    for i in range(b):
        n = max_len if i == 0 else int(rng.integers(6, max_len - 2))
        tags, k = [], 0
        while len(tags) < n:
            if rng.random() < 0.2 and len(tags) < n - 1:
                e = int(rng.integers(0, 3))
                tags.append(1 + 2 * e)
                if rng.random() < 0.5:
                    tags.append(2 + 2 * e)
            else:
                tags.append(0)
        y[i, :n] = np.array(tags[:n]) + shift
    return y


def tagger_logits(rng, y, c):
    """(b, c, L) logits of a partly trained tagger; padded positions (< 0) get noise only."""
    b, L = y.shape
    x = rng.normal(0.0, 1.0, size=(b, c, L))
    for i in range(b):
        for j in range(L):
            if 0 <= y[i, j] < c:
                x[i, y[i, j], j] += 2.0
    return x


@example('padding-is-a-real-class')
def padding_is_a_real_class():
    rng = np.random.default_rng(209)
    y = ner_batch(rng, 8, 32, pad=0)
    x = tagger_logits(rng, y, len(NER_TAGS))
    return {
        'description': 'NER labels padded with pad_sequence(padding_value=0), and 0 is the tag "O": every padded position is trained as "O".',
        'loss': {'type': 'CrossEntropyLoss'},
        'input': t(x, 'float32'), 'target': t(y, 'int64'),
        'meta': {'task': 'token classification', 'class_names': NER_TAGS},
    }


@example('ignore-index-is-real-class')
def ignore_index_is_real_class():
    rng = np.random.default_rng(210)
    y = ner_batch(rng, 8, 32, pad=0)
    x = tagger_logits(rng, y, len(NER_TAGS))
    return {
        'description': 'NER script whose pad label id is 0, the id of "O", and the loss ignores it: every real "O" label is dropped too.',
        'loss': {'type': 'CrossEntropyLoss', 'ignore_index': 0},
        'input': t(x, 'float32'), 'target': t(y, 'int64'),
        'meta': {'task': 'token classification', 'class_names': NER_TAGS},
    }


@example('clean-ner-labels-padded-minus-100')
def clean_ner_labels_padded_minus_100():
    rng = np.random.default_rng(211)
    y = ner_batch(rng, 8, 32, pad=-100)
    x = tagger_logits(rng, y, len(NER_TAGS))
    return {
        'description': 'NER labels padded with -100 (ignored) while the tokenizer pads input_ids with 0, the id of "O": nothing to report.',
        'loss': {'type': 'CrossEntropyLoss'},
        'input': t(x, 'float32'), 'target': t(y, 'int64'),
        'meta': {'task': 'token classification', 'pad_token_id': 0, 'class_names': NER_TAGS},
    }


if __name__ == '__main__':
    main(sys.argv[1:])
