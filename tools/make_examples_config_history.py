#!/usr/bin/env python3
"""Writes the examples (examples/<rule-id>.json) of the loss-configuration rules (label smoothing,
extreme logits, regression target scale, MSE outliers / on class labels, sum reduction), the
loss-history rules (plateau, divergence, initial loss) and the model-output rules (reported loss
mismatch, decision threshold, suspect labels), reusing the helpers and the writer of
tools/make_examples.py. Deterministic (fixed seeds), numpy only.

    /usr/bin/python3 tools/make_examples_config_history.py                 # all of them
    /usr/bin/python3 tools/make_examples_config_history.py loss-plateau    # some
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_examples import (  # noqa: E402
    CIFAR, binary_logits, classifier_logits, example, lm_logits, main, right_pad, sigmoid, t,
)


def as_loaded(x):
    """The values the loader will hold for t(x, 'float32'): rounded to 4 decimals, then float32."""
    return np.float32(np.round(np.asarray(x, dtype=np.float64), 4)).astype(np.float64)


def curve(rng, n, start, end, tau, noise=0.03):
    """A noisy training curve decaying from `start` to `end` (4 decimals)."""
    i = np.arange(n)
    v = (end + (start - end) * np.exp(-i / tau)) * (1 + noise * rng.normal(size=n))
    return [round(float(a), 4) for a in v]


def ce_mean(x, y, ignore_index=-100):
    """CrossEntropyLoss(reduction='mean') on (N, C) logits, as PyTorch computes it."""
    m = x.max(axis=1, keepdims=True)
    lse = (m + np.log(np.exp(x - m).sum(axis=1, keepdims=True)))[:, 0]
    keep = y != ignore_index
    idx = np.where(keep, y, 0)
    per = lse - x[np.arange(len(y)), idx]
    return float(per[keep].sum() / keep.sum())


@example('label-smoothing-risk')
def label_smoothing_risk():
    rng = np.random.default_rng(401)
    probs = [0.62, 0.355, 0.025]
    x, y = classifier_logits(rng, 400, 3, probs=probs)
    counts = np.bincount(y, minlength=3)
    w = counts.sum() / (3 * counts)
    return {
        'description': 'Defect detection: the "crack" class is 2.5% of the data. Class weights are set, '
                       'but label_smoothing=0.1 still costs the rare class recall.',
        'loss': {'type': 'CrossEntropyLoss', 'label_smoothing': 0.1, 'weight': [round(float(v), 4) for v in w]},
        'input': t(x, 'float32'), 'target': t(y, 'int64'),
        'meta': {'class_names': ['ok', 'scratch', 'crack'], 'task': 'defect classification'},
    }


@example('extreme-logits')
def extreme_logits():
    rng = np.random.default_rng(402)
    x, y = classifier_logits(rng, 128, 10, margin=4.0)
    x = x / 0.04  # "temperature" 0.04 meant to sharpen predictions
    return {
        'description': 'Logits divided by a temperature of 0.04: softmax is saturated on most rows '
                       '(margins of 100+ nats), so mistakes produce huge losses and gradient spikes.',
        'loss': {'type': 'CrossEntropyLoss'},
        'input': t(x, 'float32'), 'target': t(y, 'int64'),
        'meta': {'class_names': CIFAR, 'task': 'image classification'},
    }


@example('regression-target-scale')
def regression_target_scale():
    rng = np.random.default_rng(403)
    y = 250.0 + 80.0 * rng.normal(size=(128, 1))     # house prices in thousands
    pred = y + 25.0 * rng.normal(size=(128, 1))
    return {
        'description': 'House prices in thousands (mean ~250, std ~80) regressed without standardising.',
        'loss': {'type': 'MSELoss'},
        'input': t(pred, 'float32'), 'target': t(y, 'float32'),
        'meta': {'task': 'regression'},
        'history': {'train': curve(rng, 40, 65000.0, 700.0, 6)},
    }


@example('mse-outliers')
def mse_outliers():
    rng = np.random.default_rng(404)
    n = 400
    y = rng.normal(size=n)
    pred = y + 0.3 * rng.normal(size=n)
    bad = rng.choice(n, size=4, replace=False)
    y[bad] += 25.0 * np.sign(rng.normal(size=4))     # four labels off by 25 standard deviations
    return {
        'description': 'Standardised targets with four gross label errors: 1% of the samples carry most of the MSE.',
        'loss': {'type': 'MSELoss'},
        'input': t(pred, 'float32'), 'target': t(y, 'float32'),
        'meta': {'task': 'regression'},
    }


@example('mse-on-class-labels')
def mse_on_class_labels():
    rng = np.random.default_rng(405)
    x, y = binary_logits(rng, 200, 0.4)
    return {
        'description': 'Churn prediction trained with MSELoss on sigmoid outputs and 0/1 labels.',
        'loss': {'type': 'MSELoss'},
        'input': t(sigmoid(x), 'float32'), 'target': t(y.astype(float), 'float32'),
        'meta': {'task': 'binary classification'},
    }


@example('reported-loss-mismatch')
def reported_loss_mismatch():
    rng = np.random.default_rng(406)
    B, L, V = 6, 16, 60
    x, y = lm_logits(rng, B * L, V)
    y = right_pad(y, B, L, 0, rng).reshape(-1)
    # The training loop's criterion had no ignore_index: padding (id 0) counted as a class.
    reported = ce_mean(as_loaded(x), y, ignore_index=-100)
    return {
        'description': 'The dump says ignore_index=0, but the loss printed during training counted the padding: '
                       'the rule finds that "without ignore_index" reproduces the reported number.',
        'loss': {'type': 'CrossEntropyLoss', 'ignore_index': 0},
        'input': t(x, 'float32'), 'target': t(y, 'int64'),
        'meta': {'pad_token_id': 0, 'reported_loss': round(reported, 6), 'task': 'causal LM, logits.view(-1, V)'},
    }


@example('loss-plateau')
def loss_plateau():
    rng = np.random.default_rng(407)
    x, y = classifier_logits(rng, 64, 10)
    hist = [round(math.log(10) * (1 + 0.01 * rng.normal()), 4) for _ in range(60)]
    return {
        'description': 'The training loss sits at log(10) = 2.303 for 60 epochs: optimizer.step() was never called.',
        'loss': {'type': 'CrossEntropyLoss'},
        'input': t(x, 'float32'), 'target': t(y, 'int64'),
        'meta': {'class_names': CIFAR, 'task': 'image classification'},
        'history': {'train': hist},
    }


@example('loss-divergence')
def loss_divergence():
    rng = np.random.default_rng(408)
    x, y = classifier_logits(rng, 64, 10)
    hist = curve(rng, 80, 2.35, 0.9, 15)
    for i in range(55, 70):
        hist[i] = round(hist[i] * math.exp((i - 54) / 3.0), 4)
    hist[70:] = [float('nan')] * 10
    return {
        'description': 'Learning rate too high after warm-up: the loss climbs from step 55 and becomes NaN at step 70.',
        'loss': {'type': 'CrossEntropyLoss'},
        'input': t(x, 'float32'), 'target': t(y, 'int64'),
        'meta': {'class_names': CIFAR, 'task': 'image classification'},
        'history': {'train': hist},
    }


@example('decision-threshold')
def decision_threshold():
    rng = np.random.default_rng(409)
    x, y = binary_logits(rng, 600, 0.05)
    pos = int(y.sum())
    return {
        'description': 'Fraud detection with pos_weight: PR-AUC, F1 at 0.5 and the best-F1 threshold.',
        'loss': {'type': 'BCEWithLogitsLoss', 'pos_weight': [round((600 - pos) / pos, 4)]},
        'input': t(x, 'float32'), 'target': t(y.astype(float), 'float32'),
        'meta': {'task': 'fraud detection'},
    }


@example('sum-reduction')
def sum_reduction():
    rng = np.random.default_rng(410)
    x, y = classifier_logits(rng, 64, 5)
    return {
        'description': "CrossEntropyLoss(reduction='sum'): the loss and gradients grow with the batch size.",
        'loss': {'type': 'CrossEntropyLoss', 'reduction': 'sum'},
        'input': t(x, 'float32'), 'target': t(y, 'int64'),
        'meta': {'task': 'classification'},
    }


@example('initial-loss')
def initial_loss():
    rng = np.random.default_rng(411)
    x, y = classifier_logits(rng, 64, 10)
    hist = curve(rng, 50, 9.5, 1.1, 5)  # log(10) = 2.3 expected at step 0
    return {
        'description': 'The first loss is 9.5 where an untrained 10-class model gives ~2.3: '
                       'the last layer was initialised with std=1, so the initial logits are huge.',
        'loss': {'type': 'CrossEntropyLoss'},
        'input': t(x, 'float32'), 'target': t(y, 'int64'),
        'meta': {'class_names': CIFAR, 'task': 'image classification'},
        'history': {'train': hist},
    }


@example('suspect-labels')
def suspect_labels():
    rng = np.random.default_rng(412)
    x, y = classifier_logits(rng, 128, 10, margin=8.0, noise=1.0)
    y = y.copy()
    for i in (9, 57, 101):
        y[i] = (y[i] + 3) % 10                    # three mislabelled images
    return {
        'description': 'Held-out logits of a well-trained classifier; three images carry the wrong label.',
        'loss': {'type': 'CrossEntropyLoss'},
        'input': t(x, 'float32'), 'target': t(y, 'int64'),
        'meta': {'class_names': CIFAR, 'task': 'image classification (validation fold)'},
    }


if __name__ == '__main__':
    main(sys.argv[1:])
