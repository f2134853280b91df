#!/usr/bin/env python3
"""Writes the example loss cases in examples/: one per diagnostic rule (examples/<rule-id>.json,
with that one mistake planted in an otherwise realistic setup) and a few clean ones
(examples/clean-*.json) that no rule should flag as a warning or error.

Deterministic (fixed seeds), numpy only. Run from the repository root:

    /usr/bin/python3 tools/make_examples.py            # all examples this script knows
    /usr/bin/python3 tools/make_examples.py double-softmax clean-classifier

To add an example, write a function returning the case dict and decorate it with @example("<name>").
Keep each file small (well under 200 KB): a few hundred values, rounded to 4 decimals. The other
make_examples_*.py scripts import the helpers, `example` and `main` from here; each script writes the
examples defined in it.
"""
import json
import math
import os
import sys

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'examples')
EXAMPLES = {}


def example(name):
    def register(f):
        EXAMPLES[name] = f
        return f
    return register


def t(a, dtype):
    """A tensor in the {shape, data, dtype} form, floats rounded to 4 decimals (NaN/Inf kept)."""
    a = np.asarray(a)
    flat = a.reshape(-1).tolist()
    if dtype.startswith('float'):
        flat = [v if not math.isfinite(v) else round(float(v), 4) for v in flat]
    else:
        flat = [int(v) for v in flat]
    return {'shape': list(a.shape), 'data': flat, 'dtype': dtype}


def classifier_logits(rng, n, k, probs=None, margin=2.0, noise=1.5):
    """Logits of a partly trained classifier: class-dependent mean (margin on the true class) + noise."""
    y = rng.choice(k, size=n, p=probs)
    x = rng.normal(0.0, noise, size=(n, k))
    x[np.arange(n), y] += margin
    return x, y


def lm_logits(rng, rows, vocab, margin=4.0, noise=1.2):
    """LM logits (rows, V): Zipf-like prior over token ids, margin on the target token."""
    prior = -0.6 * np.log(np.arange(vocab) + 2.0)
    y = np.minimum(vocab - 1, np.floor(vocab ** rng.random(rows)).astype(int) - 1)
    y = np.maximum(y, 1)  # id 0 is the pad token
    x = prior[None, :] + rng.normal(0.0, noise, size=(rows, vocab))
    x[np.arange(rows), y] += margin
    return x, y


def right_pad(y, batch, length, pad, rng, min_len=4):
    y = y.reshape(batch, length).copy()
    for b in range(batch):
        n = rng.integers(min_len, length + 1)
        y[b, n:] = pad
    return y


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def binary_logits(rng, n, rate):
    y = (rng.random(n) < rate).astype(int)
    x = rng.normal(0.0, 1.3, size=n) + np.where(y == 1, 1.2, -1.2) + math.log(rate / (1 - rate))
    return x, y


CIFAR = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck']


# ---- errors -------------------------------------------------------------------------------------

@example('non-finite-values')
def non_finite_values():
    rng = np.random.default_rng(1)
    x, y = classifier_logits(rng, 64, 5)
    x[3, 2] = np.nan
    x[17, 4] = np.inf
    x[40, 0] = np.nan
    return {
        'description': 'A 5-class classifier after a learning-rate spike: a few logits are NaN/Inf.',
        'loss': {'type': 'CrossEntropyLoss'},
        'input': t(x, 'float32'), 'target': t(y, 'int64'),
        'meta': {'task': 'image classification'},
    }


@example('target-out-of-range')
def target_out_of_range():
    rng = np.random.default_rng(2)
    B, L, V = 6, 16, 60
    x, y = lm_logits(rng, B * L, V)
    y = right_pad(y, B, L, -100, rng).reshape(-1)
    return {
        'description': 'LM labels padded with -100 by the collator, but the loss was built with ignore_index = pad id (0).',
        'loss': {'type': 'CrossEntropyLoss', 'ignore_index': 0},
        'input': t(x, 'float32'), 'target': t(y, 'int64'),
        'meta': {'pad_token_id': 0, 'task': 'causal LM, logits.view(-1, V)'},
    }


@example('class-dim-misplaced')
def class_dim_misplaced():
    rng = np.random.default_rng(3)
    B, L, V = 2, 12, 40
    x, y = lm_logits(rng, B * L, V)
    y = right_pad(y, B, L, -100, rng)
    return {
        'description': 'LM head output (B, L, V) passed straight to CrossEntropyLoss with (B, L) labels.',
        'loss': {'type': 'CrossEntropyLoss'},
        'input': t(x.reshape(B, L, V), 'float32'), 'target': t(y, 'int64'),
        'meta': {'pad_token_id': 0, 'task': 'causal LM'},
    }


@example('shape-mismatch')
def shape_mismatch():
    rng = np.random.default_rng(4)
    y = rng.normal(0.0, 1.0, size=64)
    pred = 0.8 * y + rng.normal(0.0, 0.3, size=64)
    return {
        'description': 'House prices (standardised): the model returns (N, 1), the targets are (N,) — MSELoss broadcasts to (N, N).',
        'loss': {'type': 'MSELoss'},
        'input': t(pred.reshape(64, 1), 'float32'), 'target': t(y, 'float32'),
        'meta': {'task': 'regression'},
    }


@example('bce-expects-probabilities')
def bce_expects_probabilities():
    rng = np.random.default_rng(5)
    x, y = binary_logits(rng, 128, 0.4)
    return {
        'description': 'Raw logits (no sigmoid) passed to BCELoss.',
        'loss': {'type': 'BCELoss'},
        'input': t(x, 'float32'), 'target': t(y, 'float32'),
        'meta': {'task': 'binary classification'},
    }


# ---- warnings -----------------------------------------------------------------------------------

@example('double-softmax')
def double_softmax():
    rng = np.random.default_rng(6)
    x, y = classifier_logits(rng, 64, 10)
    return {
        'description': 'CIFAR-10 style classifier whose forward() ends in softmax, trained with CrossEntropyLoss.',
        'loss': {'type': 'CrossEntropyLoss'},
        'input': t(softmax(x), 'float32'), 'target': t(y, 'int64'),
        'meta': {'class_names': CIFAR, 'task': 'image classification'},
    }


@example('double-sigmoid')
def double_sigmoid():
    rng = np.random.default_rng(7)
    x, y = binary_logits(rng, 128, 0.4)
    return {
        'description': 'Binary classifier whose forward() ends in torch.sigmoid, trained with BCEWithLogitsLoss.',
        'loss': {'type': 'BCEWithLogitsLoss'},
        'input': t(sigmoid(x), 'float32'), 'target': t(y, 'float32'),
        'meta': {'task': 'binary classification'},
    }


@example('nll-expects-log-probabilities')
def nll_expects_log_probabilities():
    rng = np.random.default_rng(8)
    x, y = classifier_logits(rng, 64, 6)
    return {
        'description': 'Logits passed to NLLLoss without log_softmax.',
        'loss': {'type': 'NLLLoss'},
        'input': t(x, 'float32'), 'target': t(y, 'int64'),
        'meta': {'task': 'intent classification'},
    }


@example('missing-ignore-index')
def missing_ignore_index():
    rng = np.random.default_rng(9)
    B, L, V = 6, 16, 60
    x, y = lm_logits(rng, B * L, V)
    y = right_pad(y, B, L, 0, rng).reshape(-1)
    return {
        'description': 'Right-padded LM batch (pad id 0) flattened to (B*L, V); the loss keeps the default ignore_index=-100.',
        'loss': {'type': 'CrossEntropyLoss'},
        'input': t(x, 'float32'), 'target': t(y, 'int64'),
        'meta': {'pad_token_id': 0, 'task': 'causal LM, logits.view(-1, V)'},
    }


@example('all-targets-ignored')
def all_targets_ignored():
    rng = np.random.default_rng(10)
    x, _ = lm_logits(rng, 32, 60)
    y = np.full(32, -100)
    return {
        'description': 'Instruction tuning: the prompt mask covered the whole (short) sequence, every label is -100.',
        'loss': {'type': 'CrossEntropyLoss'},
        'input': t(x, 'float32'), 'target': t(y, 'int64'),
        'meta': {'pad_token_id': 0, 'task': 'supervised fine-tuning'},
    }


@example('class-imbalance')
def class_imbalance():
    rng = np.random.default_rng(11)
    x, y = binary_logits(rng, 1000, 0.025)
    return {
        'description': 'Card-fraud detection: 2.5% positives, BCEWithLogitsLoss without pos_weight.',
        'loss': {'type': 'BCEWithLogitsLoss'},
        'input': t(x.reshape(-1, 1), 'float32'), 'target': t(y.reshape(-1, 1), 'float32'),
        'meta': {'task': 'fraud detection'},
    }


@example('kl-div-expects-log-probabilities')
def kl_div_expects_log_probabilities():
    rng = np.random.default_rng(12)
    T = 2.0
    student, y = classifier_logits(rng, 32, 10)
    teacher = student + rng.normal(0.0, 1.0, size=student.shape)
    teacher[np.arange(32), y] += 1.5
    return {
        'description': 'Knowledge distillation: softmax(student_logits / T) passed to KLDivLoss where log_softmax was meant; the target is softmax(teacher_logits / T).',
        'loss': {'type': 'KLDivLoss', 'reduction': 'batchmean'},
        'input': t(softmax(student / T), 'float32'), 'target': t(softmax(teacher / T), 'float32'),
        'meta': {'task': 'knowledge distillation, T = 2'},
    }


# ---- clean --------------------------------------------------------------------------------------

@example('clean-classifier')
def clean_classifier():
    rng = np.random.default_rng(101)
    x, y = classifier_logits(rng, 64, 10)
    return {
        'description': 'CIFAR-10 style classifier: logits and class indices into CrossEntropyLoss. Nothing to report.',
        'loss': {'type': 'CrossEntropyLoss'},
        'input': t(x, 'float32'), 'target': t(y, 'int64'),
        'meta': {'class_names': CIFAR, 'task': 'image classification'},
    }


@example('clean-lm-tokens')
def clean_lm_tokens():
    rng = np.random.default_rng(102)
    B, L, V = 6, 16, 60
    x, y = lm_logits(rng, B * L, V)
    y = right_pad(y, B, L, -100, rng).reshape(-1)
    return {
        'description': 'Right-padded LM batch: pad positions labelled -100, ignore_index=-100. Nothing to report.',
        'loss': {'type': 'CrossEntropyLoss', 'ignore_index': -100},
        'input': t(x, 'float32'), 'target': t(y, 'int64'),
        'meta': {'pad_token_id': 0, 'task': 'causal LM, logits.view(-1, V)'},
    }


@example('clean-fraud-weighted')
def clean_fraud_weighted():
    rng = np.random.default_rng(103)
    x, y = binary_logits(rng, 1000, 0.025)
    pos = int(y.sum())
    return {
        'description': 'Card-fraud detection with pos_weight = N_neg / N_pos. Nothing to report.',
        'loss': {'type': 'BCEWithLogitsLoss', 'pos_weight': [round((1000 - pos) / pos, 4)]},
        'input': t(x.reshape(-1, 1), 'float32'), 'target': t(y.reshape(-1, 1), 'float32'),
        'meta': {'task': 'fraud detection'},
    }


@example('clean-regression')
def clean_regression():
    rng = np.random.default_rng(104)
    y = rng.normal(0.0, 1.0, size=(64, 1))
    pred = 0.8 * y + rng.normal(0.0, 0.3, size=(64, 1))
    return {
        'description': 'House prices (standardised), predictions and targets both (N, 1). Nothing to report.',
        'loss': {'type': 'MSELoss'},
        'input': t(pred, 'float32'), 'target': t(y, 'float32'),
        'meta': {'task': 'regression'},
    }


def write(name, case):
    path = os.path.join(OUT, f'{name}.json')
    # one top-level field per line keeps diffs and reading manageable
    parts = [f'  {json.dumps(k)}: {json.dumps(v, separators=(",", ":"), allow_nan=True)}' for k, v in case.items()]
    text = '{\n' + ',\n'.join(parts) + '\n}\n'
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    size = os.path.getsize(path)
    assert size < 200_000, f'{path} is {size} bytes'
    print(f'{path}: {size} bytes')


def main(argv):
    """Writes the examples named in argv, or all of them, among those defined in the running script."""
    os.makedirs(OUT, exist_ok=True)
    own = sorted(n for n, f in EXAMPLES.items() if f.__module__ == '__main__')
    for n in argv or own:
        if n not in own:
            sys.exit(f'unknown example {n!r}; known: {", ".join(own)}')
        write(n, EXAMPLES[n]())


if __name__ == '__main__':
    main(sys.argv[1:])
